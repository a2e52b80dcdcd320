//! Two stand-ins as a CDC pair (CDC page, 13.1–13.6), over real HTTP: the gate on `create`, a
//! replicated import run again on the standby, what the standby answers to commit and abort, a
//! paused replication's late commit, and cases A and B.

mod support;

use serde_json::{json, Value};
use support::{step_until, SimProcess};

/// A primary and its standby, both 3.0.2 with their clocks all but stopped.
fn pair(primary_extra: &[&str], standby_extra: &[&str]) -> (SimProcess, SimProcess) {
    let mut args = vec!["--replicating"];
    args.extend(primary_extra);
    let primary = SimProcess::stopped("3.0.2", &args);
    let base = primary.base();
    let mut args = vec!["--standby-of", base.as_str(), "--replication-lag", "3s", "--seed", "9"];
    args.extend(standby_extra);
    let standby = SimProcess::stopped("3.0.2", &args);
    (primary, standby)
}

fn post(sim: &SimProcess, op: &str, body: &Value) -> Value {
    sim.post_json(op, &body.to_string())
}

fn create_manual(sim: &SimProcess, files: &[&str]) -> Value {
    let groups: Vec<Vec<&str>> = files.iter().map(|f| vec![*f]).collect();
    post(sim, "create", &json!({"collectionName": "book_embeddings", "files": groups, "options": {"auto_commit": "false"}}))
}

fn job(id: &str) -> String {
    json!({"jobId": id}).to_string()
}

fn state_of(sim: &SimProcess, id: &str) -> Value {
    sim.post_json("describe", &job(id))
}

/// Moves the cluster's time on until the job is in `state`.
fn until_state(sim: &SimProcess, id: &str, state: &str) -> Value {
    let seen = step_until(sim, "describe", &job(id), 2.0, |v| v["code"] == 0 && v["data"]["state"] == state);
    seen.last().cloned().unwrap_or_default()
}

fn replication(standby: &SimProcess, body: &Value) -> Value {
    let answer = standby.request("POST", "/_sim/replication", &[], body.to_string().as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

#[test]
fn create_on_a_replicating_cluster_is_gated_as_section_13_2_says() {
    let (primary, standby) = pair(&[], &[]);
    let body = |options: Value| json!({"collectionName": "book_embeddings", "files": [["a.parquet"]], "options": options});
    assert_eq!(
        post(&primary, "create", &body(json!({}))),
        json!({"code": 3000, "message": "failed to broadcast import: failed to validate import request: auto_commit=true import in replicating cluster is not supported: unsupported operation"})
    );
    assert_eq!(post(&primary, "create", &body(json!({"auto_commit": "true"})))["code"], 3000);
    assert_eq!(
        post(&standby, "create", &body(json!({"auto_commit": "false"}))),
        json!({"code": 65535, "message": "failed to broadcast import: failed to start broadcast with collection id: cluster is not primary, cannot do any DDL/DCL"})
    );
    assert_eq!(post(&primary, "create", &body(json!({"auto_commit": "false"})))["code"], 0);

    let gate_off = SimProcess::stopped("3.0.2", &["--replicating", "--import-in-replicating-cluster", "false"]);
    assert_eq!(
        post(&gate_off, "create", &body(json!({"auto_commit": "false"}))),
        json!({"code": 3000, "message": "failed to broadcast import: failed to validate import request: import in replicating cluster is not supported yet: unsupported operation"})
    );
    // The 2.6 line has no two-phase import: every import is refused.
    let old_line = SimProcess::stopped("2.6.24", &["--replicating"]);
    let refused = post(&old_line, "create", &body(json!({"auto_commit": "false"})));
    assert_eq!(refused["code"], 3000, "{refused}");
    assert!(refused["message"].as_str().unwrap_or_default().contains("import in replicating cluster is not supported yet"));
}

#[test]
fn a_replicated_import_runs_again_on_the_standby_and_completes_after_the_primarys_commit() {
    let (primary, standby) = pair(&[], &[]);
    let id = create_manual(&primary, &["a.parquet", "b.parquet"])["data"]["jobId"].as_str().unwrap_or_default().to_owned();
    // Not there until the message arrives and the lag passes (13.6 C, for a while).
    let absent = state_of(&standby, &id);
    assert_eq!(absent["code"], 2101, "{absent}");
    let on_primary = until_state(&primary, &id, "Uncommitted");
    let on_standby = until_state(&standby, &id, "Uncommitted");
    assert_eq!(on_standby["data"]["jobId"], id, "the same jobId on both sides");
    assert_eq!(on_standby["data"]["progress"], 99);
    // Its own sizes: each cluster reads its own copy (the standby runs with another seed).
    assert_ne!(on_standby["data"]["totalRows"], on_primary["data"]["totalRows"]);

    // Nothing but reads on the standby: commit and abort are refused there.
    let not_primary = json!({"code": 65535, "message": "cluster is not primary, cannot do any DDL/DCL"});
    assert_eq!(post(&standby, "commit", &json!({"jobId": id})), not_primary);
    assert_eq!(post(&standby, "abort", &json!({"jobId": id})), not_primary);
    assert_eq!(state_of(&standby, &id)["data"]["state"], "Uncommitted", "a refused call changes nothing");

    assert_eq!(post(&primary, "commit", &json!({"jobId": id}))["code"], 0);
    until_state(&primary, &id, "Completed");
    let completed = until_state(&standby, &id, "Completed");
    assert_eq!(completed["data"]["progress"], 100);
    // Idempotent success on the standby once it is committed.
    assert_eq!(post(&standby, "commit", &json!({"jobId": id})), json!({"code": 0, "data": {}}));
    let abort = post(&standby, "abort", &json!({"jobId": id}));
    assert_eq!(abort["code"], 2100, "{abort}");
    assert!(abort["message"].as_str().unwrap_or_default().contains("terminal/committed state Completed"), "{abort}");
}

#[test]
fn a_paused_replication_holds_the_standby_uncommitted_until_it_resumes() {
    let (primary, standby) = pair(&[], &[]);
    let id = create_manual(&primary, &["a.parquet"])["data"]["jobId"].as_str().unwrap_or_default().to_owned();
    until_state(&primary, &id, "Uncommitted");
    until_state(&standby, &id, "Uncommitted");
    assert_eq!(replication(&standby, &json!({"paused": true}))["paused"], true);
    assert_eq!(post(&primary, "commit", &json!({"jobId": id}))["code"], 0);
    until_state(&primary, &id, "Completed");
    // However much time passes, the commit does not arrive (13.6 E).
    let advanced = standby.request("POST", "/_sim/advance", &[], br#"{"secs": 600}"#);
    assert_eq!(advanced.status, 200);
    assert_eq!(state_of(&standby, &id)["data"]["state"], "Uncommitted");
    assert_eq!(replication(&standby, &json!({"paused": false}))["paused"], false);
    until_state(&standby, &id, "Completed");
}

#[test]
fn case_a_an_abort_on_the_failed_primary_releases_the_standby() {
    // The primary's copy of the file is bad; the standby's is not.
    let (primary, standby) = pair(&[], &["--fail-pattern", "*never*"]);
    let id = create_manual(&primary, &["corrupt.parquet"])["data"]["jobId"].as_str().unwrap_or_default().to_owned();
    let failed = until_state(&primary, &id, "Failed");
    until_state(&standby, &id, "Uncommitted");
    // 3.0.2 answers success for a manual-commit job that failed by itself, and writes a rollback.
    assert_eq!(post(&primary, "abort", &json!({"jobId": id})), json!({"code": 0, "data": {}}));
    let released = until_state(&standby, &id, "Failed");
    assert_eq!(released["data"]["reason"], "aborted by user");
    assert_eq!(state_of(&primary, &id)["data"]["reason"], failed["data"]["reason"], "the primary keeps its own reason");
}

#[test]
fn case_b_the_standby_fails_by_itself_when_its_storage_lacks_a_file() {
    let (primary, standby) = pair(&[], &["--missing-pattern", "*b.parquet"]);
    let id = create_manual(&primary, &["a.parquet", "b.parquet"])["data"]["jobId"].as_str().unwrap_or_default().to_owned();
    until_state(&primary, &id, "Uncommitted");
    let failed = until_state(&standby, &id, "Failed");
    let reason = failed["data"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("object not found") && reason.contains("b.parquet"), "{reason}");
    // Abort on the primary: it fails as aborted; the standby keeps its own reason.
    assert_eq!(post(&primary, "abort", &json!({"jobId": id}))["code"], 0);
    assert_eq!(until_state(&primary, &id, "Failed")["data"]["reason"], "aborted by user");
    let advanced = standby.request("POST", "/_sim/advance", &[], br#"{"secs": 60}"#);
    assert_eq!(advanced.status, 200);
    assert_eq!(state_of(&standby, &id)["data"]["reason"], failed["data"]["reason"]);
}
