//! What 2.6.24 and 3.0.2 add to `create` (shared API page, §11): the `Idempotency-Key` replay
//! and the new create-time refusals, each with its code and text.

use crate::answer::Answer;
use crate::profile::Profile;
use crate::store::{Sim, SimState};
use axum::http::StatusCode;
use std::collections::BTreeMap;

/// How long a key is remembered (simulated seconds): "about 24 h".
const KEY_MEMORY_SECS: f64 = 86_400.0;
/// The longest key accepted, in bytes.
const KEY_MAX_BYTES: usize = 256;
/// Milvus's own storage directories under its root path: an import from inside them is refused.
const INTERNAL_DIRS: [&str; 6] = ["insert_log", "delta_log", "stats_log", "bm25_stats", "index_files", "text_log"];

/// The key as sent, checked: printable ASCII, at most 256 bytes (`None`: no key, or a profile
/// that ignores it).
pub(crate) fn idempotency_key(profile: Profile, header: Option<&str>) -> Result<Option<String>, Answer> {
    let Some(key) = header.filter(|_| profile.remembers_idempotency_keys()) else { return Ok(None) };
    if key.is_empty() || key.len() > KEY_MAX_BYTES || !key.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(Answer::error(
            1100,
            &format!("invalid Idempotency-Key: printable ASCII of 1 to {KEY_MAX_BYTES} bytes expected: invalid parameter"),
        ));
    }
    Ok(Some(key.to_owned()))
}

/// The job a key already created in this collection within the last ~24 h: answered again as
/// is, whether it failed since or was deleted (nothing in the answer says it is not new).
pub(crate) fn replayed(sim: &Sim, state: &SimState, db: &str, collection: &str, key: &str) -> Option<String> {
    let now = sim.clock.now();
    state
        .idempotency
        .get(&(db.to_owned(), collection.to_owned(), key.to_owned()))
        .filter(|(_, at)| now - at <= KEY_MEMORY_SECS)
        .map(|(job_id, _)| job_id.clone())
}

pub(crate) fn remember(sim: &Sim, state: &mut SimState, db: &str, collection: &str, key: String, job_id: &str) {
    let now = sim.clock.now();
    state.idempotency.retain(|_, (_, at)| now - *at <= KEY_MEMORY_SECS);
    state.idempotency.insert((db.to_owned(), collection.to_owned(), key), (job_id.to_owned(), now));
}

/// A repeated option key, compared case-insensitively (JSON itself keeps one of two equal keys).
pub(crate) fn duplicate_option(options: &BTreeMap<String, String>) -> Result<(), Answer> {
    let mut seen: Vec<String> = Vec::with_capacity(options.len());
    for key in options.keys() {
        let lower = key.to_ascii_lowercase();
        if seen.contains(&lower) {
            return Err(Answer::error(1100, &format!("duplicate import option key: {key}: invalid parameter")));
        }
        seen.push(lower);
    }
    Ok(())
}

/// The refusals of options and paths, in the order the proxy checks them.
pub(crate) fn refuse_options(
    sim: &Sim,
    state: &SimState,
    user: Option<&str>,
    options: &BTreeMap<String, String>,
    files: &[Vec<String>],
) -> Result<(), Answer> {
    let option = |name: &str| options.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let auto_commit = option("auto_commit");
    if let Some(value) = auto_commit.filter(|v| !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false")) {
        return Err(Answer::error(
            1100,
            &format!("invalid options.auto_commit value \"{value}\": must be \"true\" or \"false\": invalid parameter"),
        ));
    }
    let binlog = ["backup", "l0_import"].into_iter().find(|name| option(name).is_some_and(|v| v.eq_ignore_ascii_case("true")));
    if option("l0_import").is_some_and(|v| v.eq_ignore_ascii_case("true")) && !sim.cfg.enable_l0_import {
        return Err(Answer::error(2100, "l0 import is disabled: importing data failed"));
    }
    if let Some(name) = binlog {
        let import_only = user.and_then(|u| state.users.get(u)).is_some_and(|u| u.import_only);
        if import_only {
            let text = format!("rpc error: code = PermissionDenied desc = {name} import: the cluster privilege ImportBinlog is required");
            return Err(Answer::error(65535, &text).with_status(StatusCode::FORBIDDEN));
        }
    }
    for path in files.iter().flatten() {
        let trimmed = path.trim_start_matches('/');
        if let Some(dir) = INTERNAL_DIRS.iter().find(|dir| trimmed.split('/').any(|part| part == **dir)) {
            return Err(Answer::error(
                1100,
                &format!("import path {path} is not allowed: {dir} is a Milvus internal storage directory: invalid parameter"),
            ));
        }
        if sim.cfg.local_storage && (path.starts_with("./") || path.starts_with("../") || path.split('/').any(|part| part == "..")) {
            return Err(Answer::error(
                1100,
                &format!("import path {path} is a relative path, not allowed with local storage: invalid parameter"),
            ));
        }
    }
    Ok(())
}
