//! Exports and the shareable link: faithful, safe in a spreadsheet, and never the token.

use milvus_import_monitor::export::{to_csv, to_json};
use milvus_import_monitor::link::share_query;
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::state::FormFields;
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
    let text = to_json(&job());
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["jobId"], "461829374610022401");
    assert_eq!(value["details"][0]["paths"][0], "a.json");
    assert_eq!(value["details"][0]["reason"], "bad \"row\", line 2\nnext");
    let back: ImportJob = serde_json::from_str(&text).unwrap();
    assert_eq!(back.details.len(), 2);
    assert_eq!(back.state, JobState::Failed);
}

#[test]
fn csv_quotes_and_defuses_formulas() {
    let text = to_csv(&job());
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "job_id,file_name,paths,state,progress,imported_rows,total_rows,file_size,complete_time,reason");
    // Rows written not reported: an empty cell, not 0.
    assert!(lines[1].starts_with("461829374610022401,[a.json],a.json,Failed,0,,10,0,,\"bad \"\"row\"\", line 2\nnext\""), "{}", lines[1]);
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
