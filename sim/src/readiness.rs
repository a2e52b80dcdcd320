//! What a monitor reads to learn whether imported rows are indexed, stored and visible, byte
//! for byte as the readiness page (`milvus-readiness-api.md`) has each version answer:
//! `indexes/list`, `indexes/describe`, `collections/get_load_state`, `collections/get_stats`,
//! `collections/describe` and a `count(*)` query. The numbers are the collection's own rows plus
//! what each of its jobs adds at this instant (`Job::contribution`).

use crate::answer::Answer;
use crate::binding::{field, missing, parse_object, required_string};
use crate::contribution::Contribution;
use crate::operation::{Operation, Readiness};
use crate::profile::Profile;
use crate::store::{CollectionFacts, FieldSpec, Sim, SimState};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

/// One readiness request, after auth, on `state` (locked by the caller for the whole request).
pub(crate) fn readiness_api(
    sim: &Sim,
    state: &mut SimState,
    readiness: Readiness,
    headers: &HeaderMap,
    user: Option<&str>,
    body: &[u8],
) -> Answer {
    answer(sim, state, readiness, headers, user, body).unwrap_or_else(|answer| answer)
}

fn answer(
    sim: &Sim,
    state: &SimState,
    readiness: Readiness,
    headers: &HeaderMap,
    user: Option<&str>,
    body: &[u8],
) -> Result<Answer, Answer> {
    let profile = sim.cfg.profile;
    let request = Operation::Readiness(readiness).request_type();
    let object = parse_object(body, request)?;
    let collection = required_collection(&object, readiness, request)?;
    let db = database(profile, &object, headers);
    let denied = |privilege: &str| forbidden(profile, user.unwrap_or_default(), privilege, &db);
    let import_only = user.and_then(|u| state.users.get(u)).is_some_and(|u| u.import_only);
    // The privilege check comes before the collection is looked up (the RBAC interceptor).
    if import_only {
        match readiness {
            Readiness::Stats => return Err(denied("PrivilegeGetStatistics")),
            Readiness::LoadState => return Err(denied(load_state_privilege(profile))),
            Readiness::Query => return Err(denied("PrivilegeQuery")),
            Readiness::IndexList | Readiness::IndexDescribe | Readiness::CollectionDescribe => {}
        }
    }
    if !state.databases.contains(&db) {
        return Err(unknown_database(profile, readiness, &db, &collection));
    }
    if !state.collections.contains_key(&(db.clone(), collection.clone())) {
        return Err(unknown_collection(readiness, &db, &collection));
    }
    let facts = state.facts.get(&(db.clone(), collection.clone())).cloned().unwrap_or_default();
    let sum = contributions(sim, state, &db, &collection);
    let success = |data: Value| Answer::success(profile, data);
    Ok(match readiness {
        Readiness::IndexList => success(json!(facts.index.iter().collect::<Vec<_>>())),
        Readiness::IndexDescribe => {
            let name = field(&object, "indexName").and_then(Value::as_str).unwrap_or_default();
            match facts.index.as_deref().filter(|index| *index == name) {
                Some(index) => success(json!([describe_index(profile, index, &facts, sum)])),
                None => Answer::error(700, &format!("index not found[indexName={name}]")),
            }
        }
        Readiness::LoadState if facts.loaded => Answer::json(&json!({
            "code": profile.success_code(),
            "data": {"loadProgress": 100, "loadState": "LoadStateLoaded"},
            "message": "",
        })),
        Readiness::LoadState => success(json!({"loadState": "LoadStateNotLoad"})),
        Readiness::Stats => success(json!({"rowCount": facts.rows + sum.stored})),
        Readiness::CollectionDescribe => {
            describe_collection(profile, &collection, &facts, import_only.then(|| denied_texts(profile, &denied)))
        }
        Readiness::Query => query_count(profile, &object, &collection, &facts, sum)?,
    })
}

/// `collectionName` (and `indexName` for describe), both reported when both are missing.
fn required_collection(object: &Map<String, Value>, readiness: Readiness, request: &str) -> Result<String, Answer> {
    let collection = required_string(object, request, "CollectionName", "collectionName");
    if readiness != Readiness::IndexDescribe {
        return collection;
    }
    let index = required_string(object, request, "IndexName", "indexName");
    match (collection, index) {
        (Ok(collection), Ok(_)) => Ok(collection),
        (Err(_), Err(_)) => {
            let clause = |go: &str| format!("Key: '{request}.{go}' Error:Field validation for '{go}' failed on the 'required' tag");
            Err(Answer::error(1802, &format!("missing required parameters, error: {}\n{}", clause("CollectionName"), clause("IndexName"))))
        }
        (Err(answer), _) | (_, Err(answer)) => Err(answer),
    }
}

/// Body `dbName`, else the `DB-Name` header (2.4.1+; 2.4.0 reads the body only), else
/// `default` (readiness page R9).
fn database(profile: Profile, object: &Map<String, Value>, headers: &HeaderMap) -> String {
    let body = field(object, "dbName").and_then(Value::as_str).filter(|db| !db.is_empty());
    let header = headers.get("DB-Name").and_then(|v| v.to_str().ok()).filter(|db| !db.is_empty() && profile != Profile::V2_4_0);
    body.or(header).unwrap_or("default").to_owned()
}

/// `PrivilegeLoad` on 2.4.0–2.4.9, `PrivilegeGetLoadState` from 2.4.10 (readiness page R8).
fn load_state_privilege(profile: Profile) -> &'static str {
    if matches!(profile, Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5) {
        "PrivilegeLoad"
    } else {
        "PrivilegeGetLoadState"
    }
}

/// HTTP 403, code 65535; the database named from 2.4.1.
fn forbidden(profile: Profile, user: &str, privilege: &str, db: &str) -> Answer {
    let place = if profile == Profile::V2_4_0 { String::new() } else { format!(" in the `{db}` database") };
    Answer::error(65535, &format!("rpc error: code = PermissionDenied desc = {privilege}: permission deny to {user}{place}"))
        .with_status(StatusCode::FORBIDDEN)
}

/// What `collections/describe` collects in `message` from its sub-calls for an Import-only
/// role: the load state's denial and `;`, and on 2.4 the aliases' and `.` (2.5+ grant
/// ListAliases to the public role).
fn denied_texts(profile: Profile, denied: &dyn Fn(&str) -> Answer) -> String {
    let text = |privilege: &str| {
        let body: Value = serde_json::from_slice(&denied(privilege).body).unwrap_or_default();
        body["message"].as_str().unwrap_or_default().to_owned()
    };
    let mut message = format!("{};", text(load_state_privilege(profile)));
    if is_24(profile) {
        message.push_str(&format!("{}.", text("PrivilegeListAliases")));
    }
    message
}

fn is_24(profile: Profile) -> bool {
    matches!(profile, Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5 | Profile::V2_4_12 | Profile::V2_4_13)
}

fn unknown_database(profile: Profile, readiness: Readiness, db: &str, collection: &str) -> Answer {
    if is_24(profile) {
        // The REST pre-check, before anything else (removed in 2.5.0).
        return Answer::error(800, &format!("database not found, database: {db}"));
    }
    match readiness {
        // Any failure to resolve the collection is reported as "not exist".
        Readiness::LoadState => Answer::error(100, &format!("collection not found[collection={collection}]")),
        _ => Answer::error(800, &format!("database not found[database={db}]")),
    }
}

fn unknown_collection(readiness: Readiness, db: &str, collection: &str) -> Answer {
    match readiness {
        Readiness::LoadState => Answer::error(100, &format!("collection not found[collection={collection}]")),
        Readiness::CollectionDescribe => Answer::error(100, &format!("can't find collection[database={db}][collection={collection}]")),
        _ => Answer::error(100, &format!("collection not found[database={db}][collection={collection}]")),
    }
}

/// The collection's jobs' parts, summed (failed jobs add nothing: their segments are dropped).
fn contributions(sim: &Sim, state: &SimState, db: &str, collection: &str) -> Contribution {
    let now = sim.clock.now();
    state
        .jobs
        .iter()
        .filter(|job| job.db == db && job.collection == collection)
        .map(|job| job.contribution(job.age(now), sim.cfg.target_update))
        .fold(Contribution::default(), |sum, c| Contribution {
            flushed: sum.flushed + c.flushed,
            pending: sum.pending + c.pending,
            stored: sum.stored + c.stored,
            visible: sum.visible + c.visible,
        })
}

/// One element of `indexes/describe`'s array: collection-wide counts, and `indexState`
/// `Finished` whatever the import's segments do (they never move it, readiness page R4).
fn describe_index(profile: Profile, index: &str, facts: &CollectionFacts, sum: Contribution) -> Value {
    let total = facts.rows + sum.flushed;
    let indexed = total - sum.pending;
    let mut entry = json!({
        "failReason": "",
        "fieldName": "vector",
        "indexName": index,
        "indexState": "Finished",
        "indexType": "HNSW",
        "indexedRows": indexed,
        "metricType": "COSINE",
        "pendingRows": sum.pending,
        "totalRows": total,
    });
    if !is_24(profile) {
        let (min, max) = if indexed == 0 { (2_147_483_647_i64, -2_147_483_648_i64) } else { (6, 6) };
        entry["mmap.enabled"] = json!("");
        entry["indexoffsetcache.enabled"] = json!("");
        entry["minIndexVersion"] = json!(min);
        entry["maxIndexVersion"] = json!(max);
        entry["indexParams"] =
            json!([{"key": "index_type", "value": "HNSW"}, {"key": "metric_type", "value": "COSINE"}, {"key": "M", "value": "16"}]);
    }
    if matches!(profile, Profile::V2_6 | Profile::V2_6_24 | Profile::V3_0 | Profile::V3_0_2) {
        entry["warmup"] = json!("");
    }
    entry
}

/// `collections/describe`: the schema (an Int64 key and a 768-dimensional vector) and state;
/// a role that may not read the load state gets `"load":""` and the denial in `message`.
fn describe_collection(profile: Profile, collection: &str, facts: &CollectionFacts, load_denied: Option<String>) -> Answer {
    let modern = !is_24(profile);
    let default_fields = [
        FieldSpec { name: "id".into(), data_type: "Int64".into(), primary_key: true, ..FieldSpec::default() },
        FieldSpec { name: "vector".into(), data_type: "FloatVector".into(), dim: Some(768), ..FieldSpec::default() },
    ];
    let specs = if facts.fields.is_empty() { &default_fields[..] } else { &facts.fields[..] };
    let outputs: Vec<&str> = facts.functions.iter().flat_map(|f| f.output_field_names.iter().map(String::as_str)).collect();
    let fields: Vec<Value> = specs
        .iter()
        .enumerate()
        .map(|(n, spec)| field_record(modern, 100 + n as u64, spec, outputs.contains(&spec.name.as_str())))
        .collect();
    let auto_id = specs.iter().any(|f| f.primary_key && f.auto_id);
    let mut message = String::new();
    let load = match (&load_denied, facts.loaded) {
        (Some(denied), _) => {
            message.push_str(denied);
            ""
        }
        (None, true) => "LoadStateLoaded",
        (None, false) => "LoadStateNotLoad",
    };
    let indexes: Vec<Value> =
        facts.index.iter().map(|index| json!({"fieldName": "vector", "indexName": index, "metricType": "COSINE"})).collect();
    if facts.index.is_none() {
        message.push_str(&format!("index not found[collection={collection}];"));
    }
    let mut data = json!({
        "aliases": [],
        "autoId": auto_id,
        "collectionID": 461_829_374_610_010_001_u64,
        "collectionName": collection,
        "consistencyLevel": "Bounded",
        "description": "",
        "enableDynamicField": true,
        "fields": fields,
        "indexes": indexes,
        "load": load,
        "partitionsNum": 1,
        "properties": [],
        "shardsNum": 1,
    });
    if modern {
        let functions: Vec<Value> = facts
            .functions
            .iter()
            .enumerate()
            .map(|(n, f)| json!({"description": "", "id": 200 + n, "inputFieldNames": f.input_field_names, "name": f.name, "outputFieldNames": f.output_field_names, "params": null, "type": 1}))
            .collect();
        data["functions"] = json!(functions);
    }
    Answer::json(&json!({"code": profile.success_code(), "data": data, "message": message}))
}

/// A field as R7 lists it: 2.5+ add `clusteringKey` and `nullable`, `defaultValue` only when
/// set and `isFunctionOutput` only on a function's output; type params as string values.
fn field_record(modern: bool, id: u64, spec: &FieldSpec, function_output: bool) -> Value {
    let mut field = json!({"autoId": spec.auto_id, "description": "", "id": id, "name": spec.name, "partitionKey": spec.partition_key, "primaryKey": spec.primary_key, "type": spec.data_type});
    let params: Vec<Value> = spec
        .dim
        .map(|d| json!({"key": "dim", "value": d.to_string()}))
        .into_iter()
        .chain(spec.max_length.map(|m| json!({"key": "max_length", "value": m.to_string()})))
        .collect();
    if !params.is_empty() {
        field["params"] = json!(params);
    }
    if modern {
        field["clusteringKey"] = json!(false);
        field["nullable"] = json!(spec.nullable);
        if let Some(default) = &spec.default_value {
            field["defaultValue"] = json!({"Data": {"StringData": default}});
        }
        if function_output {
            field["isFunctionOutput"] = json!(true);
        }
    }
    field
}

/// `entities/query` for `count(*)`: the rows visible to a search. Needs a loaded collection;
/// 2.4.0–2.4.5 require a non-empty filter (readiness page R6).
fn query_count(
    profile: Profile,
    object: &Map<String, Value>,
    collection: &str,
    facts: &CollectionFacts,
    sum: Contribution,
) -> Result<Answer, Answer> {
    let filter = field(object, "filter").and_then(Value::as_str).unwrap_or_default();
    if filter.is_empty() && matches!(profile, Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5) {
        return Err(missing("QueryReqV2", "Filter"));
    }
    let counts = field(object, "outputFields").and_then(Value::as_array).is_some_and(|f| f.iter().any(|f| f.as_str() == Some("count(*)")));
    if !counts {
        // The stand-in holds no entities: only the count can be asked.
        return Err(Answer::error(1100, "the stand-in answers count(*) queries only: invalid parameter"));
    }
    if !facts.loaded {
        return Err(Answer::error(101, &format!("collection not loaded[collection={collection}]")));
    }
    Ok(Answer::success(profile, json!([{"count(*)": facts.rows + sum.visible}])))
}
