//! Exports and the shareable link: faithful, safe in a spreadsheet, and never the token.

use milvus_import_monitor::export::{to_csv, to_json};
use milvus_import_monitor::link::share_query;
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::state::{FormFields, SortKey, Sorting, TableView};
use std::rc::Rc;

fn job() -> ImportJob {
    ImportJob {
        job_id: "461829374610022401".into(),
        collection_name: "books".into(),
        state: JobState::Failed,
        details: [
            FileTask {
                file_name: "[a.json]".into(),
                state: FileState::Failed,
                reason: Some("bad \"row\", line 2\nnext".into()),
                total_rows: 10,
                ..FileTask::default()
            },
            FileTask { file_name: "[=HYPERLINK(\"x\")]".into(), ..FileTask::default() },
        ]
        .into_iter()
        .map(Rc::new)
        .collect(),
        ..ImportJob::default()
    }
}

#[test]
fn json_round_trips_the_server_shape() {
    let text = to_json(&job(), &TableView::default());
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["jobId"], "461829374610022401");
    // In the table's order (by name): the formula-like name sorts first.
    let a = &value["details"][1];
    assert_eq!(a["paths"][0], "a.json");
    assert_eq!(a["reason"], "bad \"row\", line 2\nnext");
    let back: ImportJob = serde_json::from_str(&text).unwrap();
    assert_eq!(back.details.len(), 2);
    assert_eq!(back.state, JobState::Failed);
}

#[test]
fn csv_quotes_and_defuses_formulas() {
    let text = to_csv(&job(), &TableView::default());
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "job_id,file_name,paths,state,progress,imported_rows,total_rows,file_size,complete_time,reason");
    // Rows written not reported: an empty cell, not 0. (In the table's order, by name: the
    // formula-like name first; the a.json row's quoted reason spans two lines.)
    let a_json = text.find("461829374610022401,[a.json]").map(|at| &text[at..]).unwrap_or_default();
    assert!(
        lines[0].starts_with("job_id,")
            && a_json.starts_with("461829374610022401,[a.json],a.json,Failed,0,,10,0,,\"bad \"\"row\"\", line 2\nnext\""),
        "{text}"
    );
    let formula_row = text.split("\r\n").find(|l| l.contains("HYPERLINK")).unwrap();
    assert!(formula_row.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{formula_row}");
}

#[test]
fn the_link_never_carries_the_token() {
    let form = FormFields {
        endpoint: "https://admin.example.com/milvus".into(),
        token: "root:Milvus".into(),
        job_id: "461829374610022401".into(),
        db_name: "analytics db".into(),
        ..FormFields::default()
    };
    let query = share_query(&form);
    assert_eq!(query, "?endpoint=https%3A%2F%2Fadmin.example.com%2Fmilvus&jobId=461829374610022401&db=analytics%20db");
    assert!(!query.contains("Milvus") && !query.to_lowercase().contains("token"));
}

#[test]
fn a_job_that_failed_before_listing_files_exports_its_reason() {
    let reason =
        r#"error: failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767, file: id:1 paths:"imports/bad.json" "#;
    let failed = ImportJob { job_id: "7".into(), state: JobState::Failed, reason: Some(reason.into()), ..ImportJob::default() };
    let text = to_csv(&failed, &TableView::default());
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 2, "a header and the job's row: {text}");
    assert!(lines[1].starts_with("7,,imports/bad.json,Failed,0,,,,,"), "{}", lines[1]);
    assert!(lines[1].contains("dim mismatch"), "{}", lines[1]);
}

#[test]
fn every_file_is_exported_in_the_tables_order() {
    let file = |name: &str, size: u64| {
        Rc::new(FileTask { file_name: format!("[{name}]"), file_size: size, state: FileState::Completed, ..FileTask::default() })
    };
    // The server's order is random; the table's is by name, numbers by value.
    let job =
        ImportJob { job_id: "7".into(), details: vec![file("bulk/100", 1), file("bulk/10", 3), file("bulk/2", 2)], ..ImportJob::default() };
    let names = |csv: String| csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap_or_default().to_owned()).collect::<Vec<_>>();
    assert_eq!(names(to_csv(&job, &TableView::default())), ["bulk/2", "bulk/10", "bulk/100"]);
    // Sorted by size, descending, and filtered to nothing: still every row, by size.
    let by_size = TableView { sort: Sorting { key: SortKey::Size, descending: true }, filter: Some(FileState::Failed) };
    assert_eq!(names(to_csv(&job, &by_size)), ["bulk/10", "bulk/2", "bulk/100"]);
    let json: serde_json::Value = serde_json::from_str(&to_json(&job, &by_size)).unwrap();
    assert_eq!(json["details"][0]["paths"][0], "bulk/10");
}
