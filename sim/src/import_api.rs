//! The import API's operations, byte for byte as each version answers: describe,
//! get_progress/getProgress, list, commit and abort (create is in `create`). Every one runs on
//! one consistent snapshot of the stand-in's state, locked once per request by the edge.

use crate::access::{database, forbid, forbidden, may_import, progress_privilege};
use crate::answer::Answer;
use crate::binding::{field, missing, optional_string, parse_object, required_string};
use crate::create::create;
use crate::engine::Phase;
use crate::gojson::protobuf_file_record;
use crate::operation::Operation;
use crate::profile::{FileNameFormat, ParseErrorStyle};
use crate::replication;
use crate::store::{count, prune_expired, same_job_id, shuffle, Sim, SimState};
use crate::wal::Message;
use axum::http::HeaderMap;
use serde_json::{json, Map, Value};
use std::time::Duration;

/// The import endpoints, after auth, on `state` (locked by the caller for the whole request).
pub(crate) fn api(sim: &Sim, state: &mut SimState, operation: Operation, headers: &HeaderMap, user: Option<&str>, body: &[u8]) -> Answer {
    let profile = sim.cfg.profile;
    let request_type = operation.request_type();
    let object = match parse_object(body, request_type) {
        Ok(object) => object,
        Err(answer) => return answer,
    };
    if profile.is_cloud() {
        let cluster = field(&object, "clusterId").and_then(Value::as_str).unwrap_or_default();
        let project = field(&object, "projectId").and_then(Value::as_str).unwrap_or_default();
        if cluster.is_empty() && project.is_empty() {
            return missing(request_type, "ClusterID");
        }
    }
    if let Some(scripted) = field(&object, "jobId").and_then(Value::as_str).and_then(|id| state.scripted.get(id).cloned()) {
        return scripted;
    }
    let header_db = headers.get("DB-Name").and_then(|v| v.to_str().ok()).map(str::to_owned);
    // DataCoord's checker deletes jobs past retention; here it runs before every operation.
    prune_expired(sim, state);
    let result = match operation {
        Operation::Create => {
            let key = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok());
            create(sim, state, &object, header_db, key, user)
        }
        Operation::List => list(sim, state, &object, header_db, user),
        Operation::Commit | Operation::Abort => commit_or_abort(sim, state, operation, &object, user),
        // The edge routes these to `readiness`; they never reach here.
        Operation::Readiness(_) => Err(Answer::not_found()),
        // Progress requests have no database field; the DB-Name header still has to name one.
        Operation::Describe | Operation::GetProgress | Operation::CloudGetProgress => {
            database(state, &Map::new(), header_db, request_type).and_then(|_| describe(sim, state, &object, user))
        }
    };
    result.unwrap_or_else(|answer| answer)
}

/// The index of a live job, or the answer for a job that does not exist (or not yet, or no
/// longer). Expired jobs are pruned before, once per request ([`crate::store::prune_expired`]).
pub(crate) fn find_job(sim: &Sim, state: &mut SimState, job_id: &str) -> Result<usize, Answer> {
    let profile = sim.cfg.profile;
    if !profile.is_cloud() && job_id.parse::<i64>().is_err() {
        let parse = format!("strconv.ParseInt: parsing \"{job_id}\": invalid syntax");
        return Err(match profile.parse_error_style() {
            // Go's fmt left the %w verb in the text: it really reads "err=%wstrconv…".
            ParseErrorStyle::Verb => Answer::error(2100, &format!("parse job id failed, err=%w{parse}: importing data failed")),
            ParseErrorStyle::Wrapped => Answer::error(2100, &format!("parse job id failed: {parse}: importing data failed")),
            ParseErrorStyle::InvalidParameter => Answer::error(1100, &format!("parse job id failed: {parse}: invalid parameter")),
        });
    }
    let found = state
        .jobs
        .iter()
        .position(|job| same_job_id(&job.id, job_id))
        .filter(|&i| !(profile.creates_asynchronously() && state.jobs[i].created_real.elapsed().as_secs_f64() < sim.cfg.async_create));
    found.ok_or_else(|| {
        if profile.crashes_on_unknown_job() {
            // DataCoord dereferences a nil job and dies (fixed in 2.4.5); the server is down
            // while it restarts. The answer below is never sent.
            state.crashes += 1;
            state.down_until = Some(std::time::Instant::now() + Duration::from_secs_f64(sim.cfg.crash_downtime));
            Answer::error(1, "service not ready")
        } else {
            let suffix = if profile.not_found_code() == 2101 { "importing data failed on server side" } else { "importing data failed" };
            Answer::error(profile.not_found_code(), &format!("import job does not exist, jobID={job_id}: {suffix}"))
        }
    })
}

pub(crate) fn describe(sim: &Sim, state: &mut SimState, object: &Map<String, Value>, user: Option<&str>) -> Result<Answer, Answer> {
    let job_id = required_string(object, "JobIDReq", "JobID", "jobId")?;
    if let Some(privilege) = progress_privilege(sim.cfg.profile, Operation::Describe) {
        forbid(sim, state, user, privilege)?;
    }
    count(&mut state.by_job, &job_id);
    let index = find_job(sim, state, &job_id)?;
    if progress_privilege(sim.cfg.profile, Operation::Describe).is_none() && !may_import(state, user) {
        // 3.0: an unknown job is "does not exist" before any permission check.
        return Err(forbidden(sim.cfg.profile, user.unwrap_or_default(), "PrivilegeImport"));
    }
    let now = sim.clock.now();
    let job = &state.jobs[index];
    let snapshot = job.snapshot(job.age(now));
    let profile = sim.cfg.profile;
    let cloud = profile.is_cloud();
    let mut details: Vec<Value> = snapshot
        .details
        .iter()
        .map(|file| {
            let plan = &job.files[file.index];
            let mut entry = json!({
                "completeTime": file.complete_time.map(|t| sim.clock.format(t)).unwrap_or_default(),
                "fileName": file_name(profile.file_name_format(), plan.file_id, &plan.paths),
                "fileSize": file.size,
                "progress": file.progress,
                "state": file.state,
                "totalRows": file.total_rows,
            });
            if !cloud {
                entry["importedRows"] = json!(file.imported_rows);
            }
            match (&file.reason, cloud) {
                (Some(reason), _) => entry["reason"] = json!(reason),
                (None, true) => entry["reason"] = json!(""),
                (None, false) => {}
            }
            entry
        })
        .collect();
    let mut data = json!({
        "collectionName": job.collection,
        "completeTime": snapshot.complete_time.map(|t| sim.clock.format(t)).unwrap_or_default(),
        "fileSize": snapshot.file_size,
        // Echoed as sent (leading zeros and all).
        "jobId": job_id,
        "progress": snapshot.progress,
        "state": snapshot.state,
        "totalRows": snapshot.total_rows,
    });
    // Zilliz Cloud documents no importedRows, neither per job nor per file.
    if !cloud {
        data["importedRows"] = json!(snapshot.imported_rows);
    }
    if profile.has_create_time() {
        data["createTime"] = json!(sim.clock.format(job.created_at));
    }
    match (&snapshot.reason, cloud) {
        (Some(reason), _) => data["reason"] = json!(reason),
        (None, true) => data["reason"] = json!(""),
        (None, false) => {}
    }
    if cloud {
        let first = job.files.first().map(|f| file_name(FileNameFormat::Plain, f.file_id, &f.paths)).unwrap_or_default();
        data["fileName"] = json!(first);
    }
    let mut rng = state.rng;
    shuffle(&mut rng, &mut details);
    state.rng = rng;
    data["details"] = Value::Array(details);
    Ok(Answer::success(profile, data))
}

pub(crate) fn file_name(format: FileNameFormat, file_id: i64, paths: &[String]) -> String {
    match format {
        FileNameFormat::Bracketed => format!("[{}]", paths.join(" ")),
        FileNameFormat::Plain => paths.join(","),
        FileNameFormat::ProtobufText => protobuf_file_record(file_id, paths),
    }
}

pub(crate) fn list(
    sim: &Sim,
    state: &mut SimState,
    object: &Map<String, Value>,
    header_db: Option<String>,
    user: Option<&str>,
) -> Result<Answer, Answer> {
    let request = Operation::List.request_type();
    let collection = optional_string(object, request, "collectionName")?;
    let db = database(state, object, header_db, request)?;
    if let Some(privilege) = progress_privilege(sim.cfg.profile, Operation::List) {
        forbid(sim, state, user, privilege)?;
    }
    // 3.0: no error, just none of the records the user may not see.
    let visible = may_import(state, user);
    let profile = sim.cfg.profile;
    if let Some(c) = &collection {
        if !state.collections.contains_key(&(db.clone(), c.clone())) {
            return Err(Answer::error(100, &format!("collection not found[collection={c}]")));
        }
    }
    // Prune expired jobs the same way describe does.
    let now = sim.clock.now();
    let mut records: Vec<Value> = state
        .jobs
        .iter()
        .filter(|_| visible)
        .filter(|job| collection.as_ref().is_none_or(|c| &job.collection == c))
        .filter(|job| !(profile.creates_asynchronously() && job.created_real.elapsed().as_secs_f64() < sim.cfg.async_create))
        .map(|job| {
            let snapshot = job.snapshot(job.age(now));
            let mut record = json!({"collectionName": job.collection, "jobId": job.id, "state": snapshot.state});
            // Zilliz Cloud's records carry no progress.
            if !profile.is_cloud() {
                record["progress"] = json!(snapshot.progress);
            }
            if let Some(reason) = snapshot.reason {
                record["reason"] = json!(reason);
            }
            record
        })
        .collect();
    let mut rng = state.rng;
    shuffle(&mut rng, &mut records);
    state.rng = rng;
    if !profile.is_cloud() {
        return Ok(Answer::success(profile, json!({"records": records})));
    }
    let number = |name: &str, default: u64| field(object, name).and_then(Value::as_u64).filter(|n| *n > 0).unwrap_or(default);
    let (page_size, page) = (number("pageSize", 10), number("currentPage", 1));
    let count = records.len();
    let start = ((page - 1) * page_size) as usize;
    let page_records: Vec<Value> = records.into_iter().skip(start).take(page_size as usize).collect();
    Ok(Answer::success(profile, json!({"count": count, "currentPage": page, "pageSize": page_size, "records": page_records})))
}

pub(crate) fn commit_or_abort(
    sim: &Sim,
    state: &mut SimState,
    operation: Operation,
    object: &Map<String, Value>,
    user: Option<&str>,
) -> Result<Answer, Answer> {
    let job_id = required_string(object, "JobIDReq", "JobID", "jobId")?;
    forbid(sim, state, user, "PrivilegeImport")?;
    if job_id.parse::<i64>().is_ok() && sim.cfg.auth.is_none() && !state.jobs.iter().any(|j| same_job_id(&j.id, &job_id)) {
        // Without auth the handler goes straight to DataCoord, which words it its own way; with
        // auth on, describe runs first and its "does not exist" comes back (find_job below).
        return Err(Answer::error(2101, &format!("job {job_id} not found: importing data failed on server side")));
    }
    let index = find_job(sim, state, &job_id)?;
    let now = sim.clock.now();
    let job = &mut state.jobs[index];
    let age = job.age(now);
    let phase = job.phase(age);
    let name = phase.internal_name();
    // The state is checked before the auto-commit flag; both calls are idempotent.
    let standby = sim.cfg.standby_of.is_some();
    if operation == Operation::Commit {
        match phase {
            Phase::Committing | Phase::Completed => return Ok(Answer::success(sim.cfg.profile, json!({}))),
            Phase::Uncommitted => replication::refuse_on_standby(sim)?,
            _ => return Err(Answer::error(2100, &format!("job {job_id} is in state {name}, expected Uncommitted"))),
        }
    } else {
        let widened = sim.cfg.profile.widened_abort();
        match phase {
            Phase::Failed if job.aborted_at.is_some() => return Ok(Answer::success(sim.cfg.profile, json!({}))),
            // A standby refuses every other abort its job's state lets through (CDC page, 13.5).
            Phase::Failed if standby => replication::refuse_on_standby(sim)?,
            // 3.0.2: a manual-commit job that failed by itself may be aborted again (to release
            // a standby's copy); it stays Failed with its own reason.
            Phase::Failed if widened && job.manual_commit => {
                let job_id = job.id.clone();
                replication::record(sim, state, Message::Rollback { job_id });
                return Ok(Answer::success(sim.cfg.profile, json!({})));
            }
            Phase::Failed | Phase::Committing | Phase::Completed => {
                return Err(Answer::error(2100, &format!("job {job_id} is in terminal/committed state {name}, abort not allowed")));
            }
            _ => {}
        }
    }
    if !job.manual_commit {
        return Err(Answer::error(2100, &format!("job {job_id} is auto-commit, manual commit/abort not allowed")));
    }
    replication::refuse_on_standby(sim)?;
    let id = job.id.clone();
    if operation == Operation::Commit {
        job.committed_at = Some(age);
        replication::record(sim, state, Message::Commit { job_id: id });
    } else {
        job.aborted_at = Some(age);
        replication::record(sim, state, Message::Rollback { job_id: id });
    }
    Ok(Answer::success(sim.cfg.profile, json!({})))
}
