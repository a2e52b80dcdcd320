//! A CDC pair (CDC page, 13.1–13.6): the primary's replication log of imports, commits and
//! rollbacks; the standby reading it after a lag (paused and resumed by tests) and running each
//! replicated import again on its own; the gate on `create`; what a standby answers to the calls
//! only a primary may make.

use crate::answer::Answer;
use crate::engine::Phase;
use crate::plan::Timing;
use crate::store::{lock, same_job_id, Sim, SimState};
use crate::wal::Message;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A standby's refusal of anything but reads (13.5): a plain error, hence the catch-all code.
pub(crate) const NOT_PRIMARY: &str = "cluster is not primary, cannot do any DDL/DCL";
/// How often a standby reads its primary's log (real time).
const FOLLOW_EVERY: Duration = Duration::from_millis(50);

#[derive(Serialize, Deserialize)]
struct Logged {
    seq: u64,
    #[serde(flatten)]
    message: Message,
}

#[derive(Deserialize)]
struct Log {
    messages: Vec<Logged>,
}

/// The primary writes what a standby must replay (only when it replicates).
pub(crate) fn record(sim: &Sim, state: &mut SimState, message: Message) {
    if sim.cfg.replicating && sim.cfg.standby_of.is_none() {
        state.wal.push(message);
    }
}

/// `POST /_sim/wal {"after": N}`: the primary's messages after sequence number N.
pub(crate) fn log_after(state: &SimState, body: &[u8]) -> Answer {
    let after = serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("after").and_then(Value::as_u64)).unwrap_or(0);
    let messages: Vec<Logged> =
        state.wal.iter().enumerate().map(|(i, m)| Logged { seq: i as u64 + 1, message: m.clone() }).filter(|l| l.seq > after).collect();
    Answer::json(&json!({ "messages": messages }))
}

/// `POST /_sim/replication {"paused": bool, "lagSecs": N}` on a standby: either, both or
/// neither; answers the replica's state.
pub(crate) fn control(sim: &Sim, state: &mut SimState, body: &[u8]) -> Answer {
    if sim.cfg.standby_of.is_none() {
        return Answer::error(1100, "not a standby (start it with --standby-of URL)");
    }
    let asked = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    if let Some(paused) = asked.get("paused").and_then(Value::as_bool) {
        state.replica.paused = paused;
    }
    if let Some(lag) = asked.get("lagSecs").and_then(Value::as_f64).filter(|l| l.is_finite() && *l >= 0.0) {
        state.replica.lag_secs = Some(lag);
    }
    deliver_due(sim, state);
    let replica = &state.replica;
    Answer::json(&json!({
        "paused": replica.paused,
        "lagSecs": replica.lag_secs.unwrap_or(sim.cfg.replication_lag),
        "fetched": replica.fetched,
        "waiting": replica.inbox.len() + replica.retrying.len(),
    }))
}

/// The gate on `create` of a replicating cluster (13.2), checked after the usual checks. The
/// 2.6 line has no two-phase import: every import is refused.
pub(crate) fn gate(sim: &Sim, options: &BTreeMap<String, String>) -> Result<(), Answer> {
    let profile = sim.cfg.profile;
    if !sim.cfg.is_replicating() || !(profile.is_3_0_line() || profile.is_newest()) {
        return Ok(());
    }
    let refused = |inner: &str| {
        Err(Answer::error(3000, &format!("failed to broadcast import: failed to validate import request: {inner}: unsupported operation")))
    };
    if profile.is_2_6_line() || !sim.cfg.import_in_replicating_cluster {
        return refused("import in replicating cluster is not supported yet");
    }
    let manual = options.iter().any(|(k, v)| k.eq_ignore_ascii_case("auto_commit") && v.eq_ignore_ascii_case("false"));
    if !manual {
        return refused("auto_commit=true import in replicating cluster is not supported");
    }
    if sim.cfg.standby_of.is_some() {
        return Err(Answer::error(
            65535,
            &format!("failed to broadcast import: failed to start broadcast with collection id: {NOT_PRIMARY}"),
        ));
    }
    Ok(())
}

/// What a standby answers to a commit or an abort its job's state let through (13.5).
pub(crate) fn refuse_on_standby(sim: &Sim) -> Result<(), Answer> {
    match sim.cfg.standby_of {
        Some(_) => Err(Answer::error(65535, NOT_PRIMARY)),
        None => Ok(()),
    }
}

/// Applies, in log order, every message whose lag has passed (none while paused), then retries
/// the commits that found no job.
pub(crate) fn deliver_due(sim: &Sim, state: &mut SimState) {
    if sim.cfg.standby_of.is_none() || state.replica.paused {
        return;
    }
    let now = sim.clock.now();
    while state.replica.inbox.front().is_some_and(|(_, due)| *due <= now) {
        if let Some((message, _)) = state.replica.inbox.pop_front() {
            apply(sim, state, message);
        }
    }
    let retrying = std::mem::take(&mut state.replica.retrying);
    for job_id in retrying {
        apply(sim, state, Message::Commit { job_id });
    }
}

fn apply(sim: &Sim, state: &mut SimState, message: Message) {
    let now = sim.clock.now();
    match message {
        Message::Import { job_id, numeric_id, db, collection, files } => {
            // A standby without the collection skips the import and only logs it (13.6 C).
            if state.jobs.iter().any(|j| same_job_id(&j.id, &job_id)) || !state.collections.contains_key(&(db.clone(), collection.clone()))
            {
                return;
            }
            let mut job = sim.job_with_id((job_id, numeric_id), (&db, &collection), &files, true, &Timing::default());
            // Made by this cluster's handling of the message: describe finds it at once.
            job.created_real -= Duration::from_secs_f64(sim.cfg.async_create);
            state.jobs.push(job);
        }
        Message::Commit { job_id } => {
            let Some(job) = state.jobs.iter_mut().find(|j| same_job_id(&j.id, &job_id)) else {
                state.replica.retrying.push(job_id);
                return;
            };
            let age = job.age(now);
            // A commit before the import is ready waits for Uncommitted (13.6 D, the engine
            // holds it); on a failed job it only logs a WARN (13.6 B).
            if job.committed_at.is_none() && !matches!(job.phase(age), Phase::Failed | Phase::Completed) {
                job.committed_at = Some(age);
            }
        }
        Message::Rollback { job_id } => {
            let Some(job) = state.jobs.iter_mut().find(|j| same_job_id(&j.id, &job_id)) else { return };
            let age = job.age(now);
            if !matches!(job.phase(age), Phase::Failed | Phase::Committing | Phase::Completed) {
                job.aborted_at = Some(age);
            }
        }
    }
}

/// The standby's reader: every [`FOLLOW_EVERY`], the primary's new messages, each due one lag
/// after it was read; then whatever is due.
pub(crate) async fn follow(sim: Arc<Sim>, primary: String) {
    let address = primary.trim_start_matches("http://").trim_end_matches('/').to_owned();
    loop {
        tokio::time::sleep(FOLLOW_EVERY).await;
        let (paused, after) = {
            let state = lock(&sim.state);
            (state.replica.paused, state.replica.fetched)
        };
        let fetched = if paused { None } else { read_log(&address, after).await };
        let mut state = lock(&sim.state);
        if let Some(log) = fetched.filter(|_| !state.replica.paused) {
            let due = sim.clock.now() + state.replica.lag_secs.unwrap_or(sim.cfg.replication_lag);
            for logged in log.messages {
                if logged.seq > state.replica.fetched {
                    state.replica.fetched = logged.seq;
                    state.replica.inbox.push_back((logged.message, due));
                }
            }
        }
        deliver_due(&sim, &mut state);
    }
}

/// One read of the primary's log over plain HTTP/1.1 (the primary is a stand-in too).
async fn read_log(address: &str, after: u64) -> Option<Log> {
    let mut stream = tokio::net::TcpStream::connect(address).await.ok()?;
    let body = format!("{{\"after\":{after}}}");
    let request = format!(
        "POST /_sim/wal HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await.ok()?.ok()?;
    let text = String::from_utf8(answer).ok()?;
    let (_, body) = text.split_once("\r\n\r\n")?;
    serde_json::from_str(body).ok()
}
