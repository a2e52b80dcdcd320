//! The `/_sim/` API that tests use: create a job with its own pace, script a job's answers,
//! count requests, advance simulated time, freeze and resume jobs; a pair's replication log and
//! its pause button.

use crate::answer::Answer;
use crate::replication;
use crate::store::{lock, SeedJob, Sim};
use axum::http::StatusCode;
use serde_json::{json, Value};

/// Test controls: create and script jobs, request counts, time, freezing and resuming a job.
pub(crate) fn admin_api(sim: &Sim, path: &str, body: &[u8]) -> Answer {
    match path {
        "create" => create(sim, body),
        "script" => script(sim, body),
        "wal" => replication::log_after(&lock(&sim.state), body),
        "replication" => replication::control(sim, &mut lock(&sim.state), body),
        _ => control(sim, path, body),
    }
}

/// A job with its own pace (tests of ETAs and stalls), created now.
fn create(sim: &Sim, body: &[u8]) -> Answer {
    let seed = match serde_json::from_slice::<SeedJob>(body) {
        Ok(seed) if !seed.files.is_empty() => seed,
        Ok(_) => return Answer::error(1100, "files is required"),
        Err(e) => return Answer::error(1801, &format!("not a job spec: {e}")),
    };
    let id = sim.seed_job(&seed);
    Answer::json(&json!({"jobId": id}))
}

/// What `/_sim/script` takes: every progress request for `jobId` gets exactly this answer.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Script {
    job_id: Option<String>,
    status: Option<u16>,
    content_type: Option<String>,
    #[serde(default)]
    body: String,
    body_base64: Option<String>,
}

fn script(sim: &Sim, body: &[u8]) -> Answer {
    let Ok(spec) = serde_json::from_slice::<Script>(body) else { return Answer::error(1801, "not JSON") };
    let Some(id) = spec.job_id else { return Answer::error(1802, "jobId is required") };
    let bytes = match spec.body_base64 {
        Some(b64) => {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.decode(b64).unwrap_or_default()
        }
        None => spec.body.into_bytes(),
    };
    let status = spec.status.and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let content_type = match spec.content_type.as_deref() {
        Some("text/html") => "text/html",
        Some("text/plain") => "text/plain; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };
    lock(&sim.state).scripted.insert(id, Answer { status, content_type, body: bytes, location: None });
    Answer::json(&json!({"ok": true}))
}

/// Counts, time and the pause button.
fn control(sim: &Sim, path: &str, body: &[u8]) -> Answer {
    let job_id = || serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("jobId").and_then(Value::as_str).map(str::to_owned));
    let mut state = lock(&sim.state);
    match path {
        "stats" => {
            let total: u64 = state.requests.values().sum();
            Answer::json(
                &json!({"requests": total, "byOperation": state.requests, "byJob": state.by_job, "faults": state.faults, "jobs": state.jobs.len(), "crashes": state.crashes}),
            )
        }
        "stats/reset" => {
            state.requests.clear();
            state.by_job.clear();
            state.faults.clear();
            Answer::json(&json!({"ok": true}))
        }
        "advance" => {
            // {"secs": N}: simulated time jumps forward for every job, as if N seconds passed;
            // {"secs": N, "jobId": …}: only that job ages (other tests' jobs are left alone).
            let secs = serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("secs").and_then(Value::as_f64));
            let Some(secs) = secs.filter(|s| s.is_finite() && *s >= 0.0) else {
                return Answer::error(1802, "secs (a number, 0 or more) is required");
            };
            match job_id() {
                None => sim.clock.advance(secs),
                Some(id) => match state.jobs.iter_mut().find(|j| j.id == id) {
                    Some(job) => job.age_by(secs),
                    None => return Answer::error(2100, "no such job"),
                },
            }
            Answer::json(&json!({"ok": true}))
        }
        "freeze" | "resume" => {
            let now = sim.clock.now();
            let Some(id) = job_id() else { return Answer::error(1802, "jobId is required") };
            match state.jobs.iter_mut().find(|j| j.id == id) {
                Some(job) if path == "freeze" => {
                    job.freeze(now);
                    Answer::json(&json!({"ok": true}))
                }
                Some(job) => {
                    job.resume(now);
                    Answer::json(&json!({"ok": true}))
                }
                None => Answer::error(2100, "no such job"),
            }
        }
        "jobs" => {
            let now = sim.clock.now();
            let jobs: Vec<Value> = state
                .jobs
                .iter()
                .map(|j| json!({"jobId": j.id, "collection": j.collection, "phase": format!("{:?}", j.phase(j.age(now))), "frozen": j.frozen_since.is_some()}))
                .collect();
            Answer::json(&json!({"jobs": jobs}))
        }
        _ => Answer::not_found(),
    }
}
