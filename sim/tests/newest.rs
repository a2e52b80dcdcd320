//! What 2.6.24 and 3.0.2 change (shared API page, §11), over real HTTP, and that 2.6 and 3.0
//! keep their old answers: retention, the `Idempotency-Key` replay, the abort of a job that
//! failed by itself, the new create-time refusals, and a server clock that is off.

mod support;

use serde_json::{json, Value};
use support::{step_until, SimProcess};

fn advance(sim: &SimProcess, secs: f64) {
    let answer = sim.request("POST", "/_sim/advance", &[], format!(r#"{{"secs":{secs}}}"#).as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
}

fn create_with(sim: &SimProcess, headers: &[(&str, &str)], body: Value) -> (u16, Value) {
    let response = sim.request("POST", "/v2/vectordb/jobs/import/create", headers, body.to_string().as_bytes());
    (response.status, response.json())
}

fn create(sim: &SimProcess, body: Value) -> Value {
    create_with(sim, &[], body).1
}

fn job_body(id: &str) -> String {
    format!(r#"{{"jobId":"{id}"}}"#)
}

fn finish(sim: &SimProcess, id: &str) {
    // 2.6 registers a job asynchronously: wait for it (real time) before moving time on.
    support::poll_until(sim, "describe", &job_body(id), |v| v["code"] == 0);
    step_until(sim, "describe", &job_body(id), 5.0, |v| v["data"]["state"] == "Completed" || v["data"]["state"] == "Failed");
}

#[test]
fn finished_jobs_are_kept_48_hours_from_2_6_24_and_3_0_2_and_3_hours_before() {
    for (profile, kept_hours) in [("2.6", 3.0), ("2.6.24", 48.0), ("3.0", 3.0), ("3.0.2", 48.0)] {
        let sim = SimProcess::stopped(profile, &[]);
        let id = sim.create(&["a.parquet"]);
        finish(&sim, &id);
        advance(&sim, kept_hours * 3600.0 - 60.0);
        assert_eq!(sim.post_json("describe", &job_body(&id))["code"], 0, "{profile}: still kept just before {kept_hours} h");
        advance(&sim, 120.0);
        let gone = sim.post_json("describe", &job_body(&id));
        assert!(gone["message"].as_str().is_some_and(|m| m.contains("does not exist")), "{profile}: {gone}");
    }
    // Configurable on every version.
    let sim = SimProcess::stopped("3.0.2", &["--retention", "3h"]);
    let id = sim.create(&["a.parquet"]);
    finish(&sim, &id);
    advance(&sim, 3.0 * 3600.0 + 60.0);
    assert_ne!(sim.post_json("describe", &job_body(&id))["code"], 0);
}

#[test]
fn a_retried_idempotency_key_answers_the_original_job_even_failed_or_deleted() {
    for profile in ["2.6.24", "3.0.2"] {
        let sim = SimProcess::stopped(profile, &["--retention", "1h"]);
        let key = [("Idempotency-Key", "load-2026-12-06-a")];
        let body = json!({"collectionName": "book_embeddings", "files": [["imports/corrupt-1.json"]]});
        let (status, first) = create_with(&sim, &key, body.clone());
        assert_eq!((status, &first["code"]), (200, &json!(0)), "{profile}: {first}");
        let original = first["data"]["jobId"].as_str().unwrap().to_owned();
        finish(&sim, &original);
        assert_eq!(sim.post_json("describe", &job_body(&original))["data"]["state"], "Failed");
        // The same key: the original job, code 0, nothing saying it is not new.
        assert_eq!(create_with(&sim, &key, body.clone()).1, json!({"code": 0, "data": {"jobId": original}}), "{profile}");
        // Deleted (past retention): still the same answer, and describe says it does not exist.
        advance(&sim, 7200.0);
        assert_eq!(create_with(&sim, &key, body.clone()).1["data"]["jobId"], json!(original), "{profile}");
        assert!(sim.post_json("describe", &job_body(&original))["message"].as_str().unwrap().contains("does not exist"));
        // Scoped to the collection; forgotten after about a day.
        let other = create_with(&sim, &key, json!({"collectionName": "movies", "files": [["m.parquet"]]})).1;
        assert_ne!(other["data"]["jobId"], json!(original), "{profile}");
        advance(&sim, 86_400.0);
        assert_ne!(create_with(&sim, &key, body.clone()).1["data"]["jobId"], json!(original), "{profile}: a day later the key is new");
        // Printable ASCII, at most 256 bytes.
        let long = "k".repeat(257);
        assert_eq!(create_with(&sim, &[("Idempotency-Key", long.as_str())], body).1["code"], 1100, "{profile}");
    }
    // 2.6 ignores the header: each create is a new job.
    let sim = SimProcess::stopped("2.6", &[]);
    let key = [("Idempotency-Key", "same")];
    let body = json!({"collectionName": "book_embeddings", "files": [["a.parquet"]]});
    assert_ne!(create_with(&sim, &key, body.clone()).1["data"]["jobId"], create_with(&sim, &key, body).1["data"]["jobId"]);
}

#[test]
fn from_3_0_2_a_manual_commit_job_that_failed_by_itself_can_be_aborted_again() {
    let ok = json!({"code": 0, "data": {}});
    for (profile, again_ok) in [("3.0", false), ("3.0.2", true)] {
        let sim = SimProcess::stopped(profile, &[]);
        let body = json!({"collectionName": "book_embeddings", "files": [["w-write-fail.parquet"]], "options": {"auto_commit": "false"}});
        let id = create(&sim, body)["data"]["jobId"].as_str().unwrap().to_owned();
        finish(&sim, &id);
        let answer = sim.post_json("abort", &job_body(&id));
        if again_ok {
            assert_eq!(answer, ok, "{profile}");
            let still = sim.post_json("describe", &job_body(&id));
            assert!(still["data"]["reason"].as_str().unwrap().contains("importing data failed"), "keeps its own reason: {still}");
        } else {
            assert_eq!(
                answer,
                json!({"code": 2100, "message": format!("job {id} is in terminal/committed state Failed, abort not allowed")})
            );
        }
        // Both abort a manual-commit job while it writes rows, and refuse an auto-commit one.
        let writing =
            create(&sim, json!({"collectionName": "book_embeddings", "files": [["big.parquet"]], "options": {"auto_commit": "false"}}));
        let writing = writing["data"]["jobId"].as_str().unwrap().to_owned();
        step_until(&sim, "describe", &job_body(&writing), 1.0, |v| v["data"]["progress"].as_u64().is_some_and(|p| p >= 40));
        assert_eq!(sim.post_json("abort", &job_body(&writing)), ok, "{profile}");
        let auto = sim.create(&["c.parquet"]);
        assert_eq!(
            sim.post_json("abort", &job_body(&auto)),
            json!({"code": 2100, "message": format!("job {auto} is auto-commit, manual commit/abort not allowed")})
        );
        assert_eq!(sim.post_json("abort", r#"{"jobId":"42"}"#)["code"], 2101, "{profile}: the server's side");
    }
}

#[test]
fn the_newest_releases_refuse_what_section_11_lists_and_the_older_do_not() {
    let with_options = |options: Value| json!({"collectionName": "book_embeddings", "files": [["a.parquet"]], "options": options});
    for profile in ["2.6.24", "3.0.2"] {
        let sim = SimProcess::stopped(profile, &[]);
        let refused = |body: Value| create(&sim, body);
        let bad = refused(with_options(json!({"auto_commit": "yes"})));
        assert_eq!(bad["code"], 1100, "{profile}: {bad}");
        assert!(bad["message"].as_str().unwrap().contains("auto_commit"));
        assert_eq!(refused(with_options(json!({"auto_commit": null})))["code"], 1100, "{profile}: null is an error");
        let repeated = refused(with_options(json!({"auto_commit": "false", "AUTO_COMMIT": "false"})));
        assert!(repeated["message"].as_str().unwrap().contains("duplicate import option key"), "{repeated}");
        let l0 = refused(
            json!({"collectionName": "book_embeddings", "partitionName": "_default", "files": [["a.parquet"]], "options": {"l0_import": "true"}}),
        );
        assert_eq!(l0, json!({"code": 2100, "message": "l0 import is disabled: importing data failed"}));
        let internal = refused(json!({"collectionName": "book_embeddings", "files": [["files/insert_log/1/2/3"]]}));
        assert_eq!(
            internal["message"],
            "import path files/insert_log/1/2/3 is not allowed: insert_log is a Milvus internal storage directory: invalid parameter"
        );
        assert_eq!(refused(with_options(json!({"auto_commit": "FALSE"})))["code"], 0, "any case");

        // A replicating cluster's gate (CDC page, 13.2; `tests/pair.rs` has the rest): the 3.0
        // line takes manual-commit imports only, the 2.6 line none.
        let replicating = SimProcess::stopped(profile, &["--replicating"]);
        let auto = create(&replicating, with_options(json!({})));
        assert_eq!(auto["code"], 3000, "{profile}: {auto}");
        assert!(auto["message"].as_str().unwrap().contains("in replicating cluster is not supported"), "{auto}");
        let manual = create(&replicating, with_options(json!({"auto_commit": "false"})));
        assert_eq!(manual["code"], if profile == "3.0.2" { 0 } else { 3000 }, "{profile}: {manual}");

        let local = SimProcess::stopped(profile, &["--local-storage"]);
        let relative = create(&local, json!({"collectionName": "book_embeddings", "files": [["../data/a.parquet"]]}));
        assert!(relative["message"].as_str().unwrap().contains("relative path"), "{relative}");
    }
    // 2.6 and 3.0: none of these (null reads as "", the internal path is taken as a file name).
    for profile in ["2.6", "3.0"] {
        let sim = SimProcess::stopped(profile, &["--local-storage"]);
        assert_eq!(create(&sim, with_options(json!({"auto_commit": null})))["code"], 0, "{profile}");
        assert_eq!(create(&sim, json!({"collectionName": "book_embeddings", "files": [["../a.parquet"]]}))["code"], 0, "{profile}");
    }
}

#[test]
fn backup_and_l0_imports_need_import_binlog_on_the_newest_releases() {
    let path = std::env::temp_dir().join(format!("sim-newest-{}", std::process::id()));
    std::fs::write(&path, r#"{"users": [{"name": "alice", "password": "wonder", "canImport": true, "importOnly": true}]}"#).unwrap();
    let scenario = path.to_str().unwrap();
    let sim = SimProcess::stopped("3.0.2", &["--auth", "root:Milvus", "--scenario", scenario, "--enable-l0-import"]);
    let body = json!({"collectionName": "book_embeddings", "partitionName": "_default", "files": [["a"]], "options": {"l0_import": "true", "auto_commit": "false"}});
    let (status, alice) = create_with(&sim, &[("Authorization", "Bearer alice:wonder")], body.clone());
    assert_eq!(status, 403, "{alice}");
    assert!(alice["message"].as_str().unwrap().contains("ImportBinlog is required"), "{alice}");
    let (_, root) = create_with(&sim, &[("Authorization", "Bearer root:Milvus")], body);
    assert_eq!(root["code"], 0, "{root}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_clock_offset_moves_every_time_the_server_writes() {
    let real_ms = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    // `HH:MM:SS` of an RFC 3339 time in Z, as seconds of the day: compared modulo a day, no
    // calendar needed.
    let second_of_day = |t: &str| -> i64 { t[11..19].split(':').fold(0, |acc, part| acc * 60 + part.parse::<i64>().unwrap()) };
    for offset in [300_i64, -300] {
        let started = real_ms();
        let sim = SimProcess::stopped("2.6.24", &["--async-create", "0ms", "--clock-offset", &offset.to_string()]);
        let before = real_ms();
        let id = sim.create(&["a.parquet"]);
        let after = real_ms();
        // The job ID's upper bits are the server's milliseconds.
        let created = id.parse::<i64>().unwrap() >> 18;
        assert!(created >= before + offset * 1000 && created <= after + offset * 1000, "{offset}: {created} vs {before}..{after}");
        finish(&sim, &id);
        let data = &sim.post_json("describe", &job_body(&id))["data"];
        // The stopped clock reads its start (between `started` and `before`), plus the offset.
        let create_time = second_of_day(data["createTime"].as_str().unwrap());
        let (from, to) = ((started / 1000 + offset).rem_euclid(86_400), (before / 1000 + 1 + offset).rem_euclid(86_400));
        let within = if from <= to { (from..=to).contains(&create_time) } else { create_time >= from || create_time <= to };
        assert!(within, "{offset}: createTime {} not in {from}..={to}", data["createTime"]);
        assert!(!data["completeTime"].as_str().unwrap().is_empty());
    }
}
