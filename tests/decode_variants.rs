//! Every server variant of the shared API page, decoded and checked field by field.

use milvus_import_monitor::client::{decode_create, decode_list, decode_progress};
use milvus_import_monitor::model::{FileState, ImportJob, JobState};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn progress(name: &str, id: &str) -> ImportJob {
    decode_progress(200, &fixture(name), id).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn file<'a>(job: &'a ImportJob, name: &str) -> &'a milvus_import_monitor::model::FileTask {
    job.details.iter().find(|f| f.file_name == name).unwrap_or_else(|| panic!("no file {name}"))
}

#[test]
fn milvus_2_4_0_success_code_200_and_protobuf_names() {
    let job = progress("progress-2.4.0.json", "448761313698322011");
    assert_eq!(job.job_id, "448761313698322011");
    assert_eq!(job.state, JobState::Importing);
    assert_eq!((job.progress, job.imported_rows, job.total_rows, job.file_size), (76, Some(780_000), 980_000, 202_981_056));
    assert_eq!(job.complete_time, None);
    assert_eq!(job.create_time, None);
    assert_eq!(job.reason, None);
    assert_eq!(job.details.len(), 2);
    let done = file(&job, "id:448761313698322013 paths:\"a6fb2d3c/2.parquet\" ");
    assert_eq!(done.paths(), ["a6fb2d3c/2.parquet"]);
    assert_eq!(done.state, FileState::Completed);
    assert_eq!(done.complete_time.as_deref(), Some("2024-03-20T10:02:11+08:00"));
    let running = file(&job, "id:448761313698322012 paths:\"a6fb2d3c/1.parquet\" ");
    assert_eq!((running.progress, running.imported_rows, running.total_rows), (60, Some(300_000), 500_000));
    assert_eq!(running.state, FileState::InProgress);
}

#[test]
fn milvus_2_4_3_numpy_group_in_protobuf_text() {
    let job = progress("progress-2.4.3.json", "448761313698322019");
    assert_eq!(job.progress, 10);
    let group = &job.details[0];
    assert_eq!(group.paths(), ["1/id.npy", "1/vector.npy"]);
    assert_eq!(group.state, FileState::Pending);
    assert_eq!(group.file_size, 4_096_000);
}

#[test]
fn milvus_2_4_5_bracketed_names() {
    let job = progress("progress-2.4.5.json", "450000000000000001");
    assert_eq!(job.details[0].file_name, "[1/id.npy 1/vector.npy]");
    assert_eq!(job.details[0].paths(), ["1/id.npy", "1/vector.npy"]);
    assert_eq!((job.progress, job.imported_rows, job.total_rows), (56, Some(20_000), 50_000));
}

#[test]
fn milvus_2_5_importing_pending_failed() {
    let job = progress("progress-2.5.json", "461829374610022401");
    assert_eq!(job.job_id, "461829374610022401");
    assert_eq!(job.collection_name, "book_embeddings");
    assert_eq!((job.progress, job.imported_rows, job.total_rows, job.file_size), (62, Some(721_000), 980_000, 202_981_056));
    let part2 = file(&job, "[imports/part-0002.parquet]");
    assert_eq!(part2.paths(), ["imports/part-0002.parquet"]);
    assert_eq!(part2.complete_time.as_deref(), Some("2025-11-25T08:15:10Z"));
    assert_eq!(file(&job, "[imports/part-0001.parquet]").complete_time, None);

    let pending = progress("progress-2.5-pending.json", "461829374610022401");
    assert_eq!(pending.state, JobState::Pending);
    assert!(pending.details.is_empty());
    assert_eq!((pending.progress, pending.total_rows, pending.file_size), (0, 0, 0));

    let failed = progress("progress-2.5-failed.json", "456998301231542007");
    assert_eq!(failed.state, JobState::Failed);
    assert!(failed.state.is_terminal());
    assert_eq!(failed.reason.as_deref(), Some("failed to parse row 12: field 'vector' dim mismatch: importing data failed"));
    assert_eq!(failed.details[0].reason.as_deref(), Some("failed to parse row 12: field 'vector' dim mismatch"));
    assert_eq!(failed.details[0].state, FileState::Failed);
}

#[test]
fn milvus_2_6_6_create_time() {
    let job = progress("progress-2.6.6.json", "463000000000000123");
    assert_eq!(job.state, JobState::Completed);
    assert_eq!(job.create_time.as_deref(), Some("2026-02-01T09:12:44+08:00"));
    assert_eq!(job.complete_time.as_deref(), Some("2026-02-01T09:30:00+08:00"));
    assert_eq!(job.progress, 100);
}

#[test]
fn milvus_3_0_uncommitted() {
    let job = progress("progress-3.0-uncommitted.json", "465000000000000777");
    assert_eq!(job.state, JobState::Uncommitted);
    assert!(!job.state.is_terminal());
    assert_eq!(job.progress, 99);
}

#[test]
fn zilliz_cloud_get_progress() {
    let job = progress("progress-cloud.json", "job-01fa0e5d42cjxudhpuehyp");
    assert_eq!(job.job_id, "job-01fa0e5d42cjxudhpuehyp");
    assert_eq!(job.file_name.as_deref(), Some("medium_articles_2020_dpr.json"));
    // Cloud sends reason "" on success: that is no reason.
    assert_eq!(job.reason, None);
    let only = &job.details[0];
    assert_eq!(only.paths(), ["medium_articles_2020_dpr.json"]);
    assert_eq!(only.imported_rows, None, "Cloud has no per-file importedRows: unknown, not 0");
    assert_eq!(only.reason, None);
    assert_eq!((job.imported_rows, job.total_rows), (None, 100_000), "nor a job-level one");
}

#[test]
fn unknown_job_on_2_4_0_is_not_found_not_a_none_job() {
    let err = decode_progress(200, &fixture("progress-2.4.0-unknown-job.json"), "999").unwrap_err();
    assert_eq!(err.kind(), "job-not-found");
    assert_eq!(err.code(), Some(0));
    assert!(err.to_string().contains("999"), "{err}");
}

#[test]
fn list_milvus_and_cloud() {
    let list = decode_list(200, &fixture("list-milvus.json")).unwrap();
    assert_eq!(list.records.len(), 3);
    assert_eq!(list.count, None);
    let failed = list.records.iter().find(|r| r.job_id == "456998301231542007").unwrap();
    assert_eq!(failed.state, JobState::Failed);
    assert!(failed.reason.as_deref().unwrap().contains("dim mismatch"));
    let done = list.records.iter().find(|r| r.collection_name == "movies").unwrap();
    assert_eq!((done.progress, &done.state), (Some(100), &JobState::Completed));

    let cloud = decode_list(200, &fixture("list-cloud.json")).unwrap();
    assert_eq!((cloud.count, cloud.current_page, cloud.page_size), (Some(2), Some(1), Some(100)));
    assert_eq!(cloud.records[1].progress, None, "Cloud's records carry no progress");
}

#[test]
fn create_milvus_and_cloud() {
    assert_eq!(decode_create(200, &fixture("create-milvus.json")).unwrap().job_id, "461829374610022401");
    assert_eq!(decode_create(200, &fixture("create-cloud.json")).unwrap().job_id, "job-01fa0e5d42cjxudhpuehyp");
    assert_eq!(decode_create(200, br#"{"code":0,"data":{}}"#).unwrap_err().kind(), "malformed");
}

#[test]
fn job_id_is_exact_as_string_bare_number_or_old_spelling() {
    for body in [
        r#"{"code":0,"data":{"jobId":"461829374610022401"}}"#,
        r#"{"code":0,"data":{"jobId":461829374610022401}}"#,
        r#"{"code":0,"data":{"jobID":461829374610022401}}"#,
        r#"{"code":0,"data":{"jobID":"461829374610022401"}}"#,
    ] {
        let job = decode_progress(200, body.as_bytes(), "x").unwrap();
        assert_eq!(job.job_id, "461829374610022401", "{body}");
    }
    // Past u64 the digits could only be kept through f64: refused, not silently changed.
    assert_eq!(decode_progress(200, br#"{"code":0,"data":{"jobId":4.6182937461002240e17}}"#, "x").unwrap_err().kind(), "malformed");
    // An absent ID is the one asked for.
    assert_eq!(decode_progress(200, br#"{"code":0,"data":{"state":"Pending"}}"#, "42").unwrap().job_id, "42");
}

#[test]
fn numbers_as_strings_defaults_and_clamps() {
    let body = br#"{"code":"0","data":{"jobId":"1","progress":"250","importedRows":"721000","totalRows":-5,"fileSize":1.5e3,
        "completeTime":"","reason":"","createTime":null,"details":[{"fileName":"plain.csv","progress":-3,"state":"Retry"}]}}"#;
    let job = decode_progress(200, body, "1").unwrap();
    assert_eq!(job.progress, 100);
    assert_eq!((job.imported_rows, job.total_rows, job.file_size), (Some(721_000), 0, 1500));
    assert_eq!((job.complete_time, job.reason, job.create_time), (None, None, None));
    assert_eq!(job.state, JobState::Other(String::new()));
    assert_eq!(job.state.to_string(), "Unknown");
    assert_eq!(job.details[0].progress, 0);
    assert_eq!(job.details[0].state, FileState::Retry);
    assert_eq!(job.details[0].paths(), ["plain.csv"]);
}

#[test]
fn unknown_states_are_kept_verbatim() {
    let job =
        decode_progress(200, br#"{"code":0,"data":{"state":"Sorting","details":[{"fileName":"[a]","state":"Stuck"}]}}"#, "1").unwrap();
    assert_eq!(job.state, JobState::Other("Sorting".into()));
    assert_eq!(job.state.to_string(), "Sorting");
    assert_eq!(job.details[0].state, FileState::Other("Stuck".into()));
    for (wire, state) in [("Committing", JobState::Committing), ("None", JobState::None), ("Pending", JobState::Pending)] {
        assert_eq!(JobState::from_wire(wire), state);
        assert_eq!(state.as_str(), wire);
    }
}

#[test]
fn file_names_of_every_format() {
    use milvus_import_monitor::model::parse_file_name;
    assert_eq!(parse_file_name("[a.parquet]"), ["a.parquet"]);
    assert_eq!(parse_file_name("[]"), Vec::<String>::new());
    assert_eq!(parse_file_name(r#"id:1 paths:"dir/with \"quote\".json" paths:"b\\c.json" "#), [r#"dir/with "quote".json"#, r"b\c.json"]);
    assert_eq!(parse_file_name(r#"id:1 paths:"caf\303\251.json" "#), ["café.json"]);
    assert_eq!(parse_file_name(r#"id:1 paths:"unterminated"#), ["unterminated"]);
    assert_eq!(parse_file_name("  s3://bucket/x.parquet "), ["s3://bucket/x.parquet"]);
    assert_eq!(parse_file_name(""), Vec::<String>::new());
}
