//! `create`, as each version checks it: the body, the collection and partition, the files
//! (groups, types, how many) and the options; then a job planned and stored.

use crate::access::{database, forbid};
use crate::answer::Answer;
use crate::binding::{bad_json, field, go_type, missing, optional_string, required_string};
use crate::newest;
use crate::operation::Operation;
use crate::plan::Timing;
use crate::profile::Profile;
use crate::replication;
use crate::store::{Sim, SimState};
use crate::wal::Message;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Real Milvus's limit on file groups per job.
pub(crate) const MAX_FILE_GROUPS: usize = 1024;

/// The proxy's checks of a file group at create time, by extension.
pub(crate) fn check_file_types(profile: Profile, group: &[String]) -> Result<(), Answer> {
    let kind = |path: &str| {
        let lower = path.to_ascii_lowercase();
        let known: &[&str] = if profile.reads_csv() { &["json", "parquet", "npy", "csv"] } else { &["json", "parquet", "npy"] };
        known.iter().copied().find(|ext| lower.ends_with(&format!(".{ext}")))
    };
    let listed = format!("files=[{}]", group.join(" "));
    let kinds: Vec<&str> = group
        .iter()
        .map(|p| kind(p))
        .collect::<Option<_>>()
        .ok_or_else(|| Answer::error(2100, &format!("unexpected file type, {listed}")))?;
    if kinds.iter().any(|k| *k != kinds[0]) {
        return Err(Answer::error(2100, "inconsistency in file types"));
    }
    let single = match kinds[0] {
        "json" => Some("JSON"),
        "parquet" => Some("Parquet"),
        "csv" => Some("CSV"),
        _ => None,
    };
    match single {
        Some(name) if group.len() > 1 => Err(Answer::error(2100, &format!("for {name} import, accepts only one file"))),
        _ => Ok(()),
    }
}

/// Go's decoding error for a field of the wrong JSON type.
fn type_error(request: &str, field: &str, ty: &str, v: &Value) -> Answer {
    bad_json(&format!("json: cannot unmarshal {} into Go struct field {request}.{field} of type {ty}", go_type(v)))
}

/// `files` as Go decodes it: required (except on Zilliz Cloud), an array of string arrays.
fn read_files(object: &Map<String, Value>, request: &str, cloud: bool) -> Result<Vec<Vec<String>>, Answer> {
    Ok(match field(object, "files") {
        None | Some(Value::Null) if !cloud => return Err(missing(request, "Files")),
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(groups)) => groups
            .iter()
            .map(|group| match group {
                Value::Array(paths) => {
                    paths.iter().map(|p| p.as_str().map(str::to_owned).ok_or_else(|| type_error(request, "files", "string", p))).collect()
                }
                Value::Null => Ok(Vec::new()),
                other => Err(type_error(request, "files", "[]string", other)),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(type_error(request, "files", "[][]string", other)),
    })
}

/// `options` as Go decodes it: a map of strings, a JSON null read as "" (except for
/// `auto_commit` where `null_auto_commit_refused`: 2.6.24/3.0.2).
fn read_options(object: &Map<String, Value>, request: &str, null_auto_commit_refused: bool) -> Result<BTreeMap<String, String>, Answer> {
    let mut options = BTreeMap::new();
    match field(object, "options") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                if null_auto_commit_refused && v.is_null() && k.eq_ignore_ascii_case("auto_commit") {
                    return Err(Answer::error(
                        1100,
                        "invalid options.auto_commit value null: must be \"true\" or \"false\": invalid parameter",
                    ));
                }
                // Go decodes a JSON null into a string as a no-op: "".
                let text = if v.is_null() { "" } else { v.as_str().ok_or_else(|| type_error(request, "options", "string", v))? };
                options.insert(k.clone(), text.to_owned());
            }
        }
        Some(other) => return Err(type_error(request, "options", "map[string]string", other)),
    }
    Ok(options)
}

pub(crate) fn create(
    sim: &Sim,
    state: &mut SimState,
    object: &Map<String, Value>,
    header_db: Option<String>,
    idempotency_header: Option<&str>,
    user: Option<&str>,
) -> Result<Answer, Answer> {
    let request = Operation::Create.request_type();
    let profile = sim.cfg.profile;
    let collection = required_string(object, request, "CollectionName", "collectionName")?;
    let partition = optional_string(object, request, "partitionName")?;
    let files = read_files(object, request, profile.is_cloud())?;
    let options = read_options(object, request, profile.refuses_newer_options())?;
    if profile.refuses_newer_options() {
        newest::duplicate_option(&options)?;
    }
    let key = newest::idempotency_key(profile, idempotency_header)?;
    let db = database(state, object, header_db, request)?;
    forbid(sim, state, user, "PrivilegeImport")?;
    let Some(partitions) = state.collections.get(&(db.clone(), collection.clone())) else {
        return Err(Answer::error(100, &format!("collection not found[collection={collection}]")));
    };
    // The same key again: the original job, with code 0, whatever became of it.
    if let Some(job_id) = key.as_deref().and_then(|key| newest::replayed(sim, state, &db, &collection, key)) {
        return Ok(Answer::success(profile, json!({"jobId": job_id})));
    }
    // The proxy refuses a partition name on a partition-key collection before it looks the
    // partition up (rows are routed by the key).
    let keyed = state.facts.get(&(db.clone(), collection.clone())).is_some_and(|f| f.fields.iter().any(|field| field.partition_key));
    if keyed && partition.as_deref().is_some_and(|p| !p.is_empty()) {
        return Err(Answer::error(2100, "not allow to set partition name for collection with partition key: importing data failed"));
    }
    if let Some(p) = partition.as_ref().filter(|p| !partitions.contains(*p)) {
        return Err(Answer::error(200, &format!("partition not found[partition={p}]")));
    }
    // Empty groups are dropped first.
    let files: Vec<Vec<String>> = files.into_iter().filter(|group| !group.is_empty()).collect();
    if files.is_empty() && !sim.cfg.profile.is_cloud() {
        return Err(Answer::error(1100, "import request is empty: invalid parameter"));
    }
    // Zilliz Cloud takes its files as object URLs or volume paths instead.
    let files = if files.is_empty() && sim.cfg.profile.is_cloud() { cloud_files(object) } else { files };
    if files.is_empty() {
        return Err(Answer::error(1100, "import request is empty: invalid parameter"));
    }
    if files.len() > MAX_FILE_GROUPS {
        return Err(Answer::error(
            2100,
            &format!("The max number of import files should not exceed {MAX_FILE_GROUPS}, but got {}: importing data failed", files.len()),
        ));
    }
    if profile.refuses_newer_options() {
        newest::refuse_options(sim, state, user, &options, &files)?;
    }
    // Binlog imports (backup, l0) name directories, not typed files.
    let binlog = ["backup", "l0_import"].iter().any(|name| options.get(*name).is_some_and(|v| v.eq_ignore_ascii_case("true")));
    if !sim.cfg.profile.is_cloud() && !binlog {
        for group in &files {
            check_file_types(sim.cfg.profile, group)?;
        }
    }
    if options.contains_key("backup") && partition.is_none() {
        return Err(Answer::error(1100, "partition not specified"));
    }
    if let Some(value) = options.get("timeout").filter(|v| crate::clock::parse_duration(v).is_none()) {
        return Err(Answer::error(2100, &format!("parse timeout failed, value={value}: importing data failed")));
    }
    replication::gate(sim, &options)?;
    let manual = options.get("auto_commit").is_some_and(|v| v.eq_ignore_ascii_case("false"));
    let job = sim.new_job(state, (&db, &collection), &files, manual, &Timing::default(), 0.0);
    let id = job.id.clone();
    let message = Message::Import {
        job_id: id.clone(),
        numeric_id: id.parse().unwrap_or_default(),
        db: db.clone(),
        collection: collection.clone(),
        files,
    };
    state.jobs.push(job);
    replication::record(sim, state, message);
    if let Some(key) = key {
        newest::remember(sim, state, &db, &collection, key, &id);
    }
    Ok(Answer::success(profile, json!({"jobId": id})))
}

pub(crate) fn cloud_files(object: &Map<String, Value>) -> Vec<Vec<String>> {
    let groups = |name: &str| -> Vec<Vec<String>> {
        field(object, name)
            .and_then(Value::as_array)
            .map(|groups| {
                groups.iter().filter_map(Value::as_array).map(|g| g.iter().filter_map(Value::as_str).map(str::to_owned).collect()).collect()
            })
            .unwrap_or_default()
    };
    let object_url = field(object, "objectUrl").and_then(Value::as_str).filter(|u| !u.is_empty());
    [groups("objectUrls"), groups("dataPaths"), object_url.map(|u| vec![vec![u.to_owned()]]).unwrap_or_default()]
        .into_iter()
        .find(|g| !g.is_empty())
        .unwrap_or_default()
}
