//! Who may do what: the import privilege per operation and version, the forbidden texts, and the
//! database a request is for.

use crate::answer::Answer;
use crate::binding::optional_string;
use crate::operation::Operation;
use crate::profile::Profile;
use crate::store::{Sim, SimState};
use axum::http::StatusCode;
use serde_json::{Map, Value};

pub(crate) fn forbid(sim: &Sim, state: &SimState, user: Option<&str>, privilege: &str) -> Result<(), Answer> {
    if may_import(state, user) {
        Ok(())
    } else {
        Err(forbidden(sim.cfg.profile, user.unwrap_or_default(), privilege))
    }
}

pub(crate) fn forbidden(profile: Profile, user: &str, privilege: &str) -> Answer {
    // 2.5 names the database in the message.
    let place = if profile == Profile::V2_5 { " in the `default` database" } else { "" };
    Answer::error(65535, &format!("rpc error: code = PermissionDenied desc = {privilege}: permission deny to {user}{place}"))
        .with_status(StatusCode::FORBIDDEN)
}

/// Whether a user holds the import privilege (scenarios grant it per user; no auth: everyone).
pub(crate) fn may_import(state: &SimState, user: Option<&str>) -> bool {
    user.is_none_or(|user| state.users.get(user).is_none_or(|known| known.can_import))
}

/// The privilege describe and list check, per line: 2.4/2.5 Import on the collection; 2.6.0–2.6.6
/// global GetImportProgress / ListImport; 2.6.7+ and 3.0 look the job up first, then Import
/// on its collection (and list drops what the user may not see, see `list`).
pub(crate) fn progress_privilege(profile: Profile, operation: Operation) -> Option<&'static str> {
    match (profile, operation) {
        (Profile::V3_0 | Profile::V3_0_2 | Profile::V2_6_24, _) => None,
        (Profile::V2_6 | Profile::V2_6_6, Operation::List) => Some("PrivilegeListImport"),
        (Profile::V2_6 | Profile::V2_6_6, _) => Some("PrivilegeGetImportProgress"),
        _ => Some("PrivilegeImport"),
    }
}

pub(crate) fn database(state: &SimState, object: &Map<String, Value>, header_db: Option<String>, request: &str) -> Result<String, Answer> {
    let db = match header_db.filter(|d| !d.is_empty()) {
        Some(db) => db,
        None => optional_string(object, request, "dbName")?.unwrap_or_else(|| "default".into()),
    };
    if state.databases.contains(&db) {
        Ok(db)
    } else {
        Err(Answer::error(800, &format!("database not found[database={db}]")))
    }
}
