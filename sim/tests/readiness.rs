//! The readiness endpoints over real HTTP, as the readiness page has each version answer:
//! index progress through an import, rows stored and visible, load state, privileges, databases.

mod support;

use serde_json::{json, Value};
use support::SimProcess;

const ROOT: (&str, &str) = ("Authorization", "Bearer root:Milvus");
const ALICE: (&str, &str) = ("Authorization", "Bearer alice:wonder");

/// A scenario file of its own per call: tests run in parallel, and one writing a shared path
/// while another's stand-in reads it would hand that one half a file.
fn scenario(text: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("sim-readiness-{}-{n}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

fn ask(sim: &SimProcess, who: (&str, &str), path: &str, body: Value) -> (u16, Value) {
    let response = sim.request("POST", &format!("/v2/vectordb/{path}"), &[who], body.to_string().as_bytes());
    (response.status, response.json())
}

fn advance(sim: &SimProcess, secs: f64) {
    let r = sim.request("POST", "/_sim/advance", &[], format!(r#"{{"secs":{secs}}}"#).as_bytes());
    assert_eq!(r.status, 200);
}

const SCENARIO: &str = r#"{"collections":[{"name":"books","rows":1000000},{"name":"cold","loaded":false}],
 "users":[{"name":"alice","password":"wonder","importOnly":true}],
 "jobs":[{"label":"load","collection":"books","files":[["a.parquet"],["b.parquet"]],"rows":100000,
          "queueSecs":1,"sortSecs":10,"indexSecs":100,"rowsPerSec":10000}]}"#;

fn start(profile: &str) -> SimProcess {
    let path = scenario(SCENARIO);
    SimProcess::start(&["--profile", profile, "--auth", "root:Milvus", "--speed", "0.000001", "--scenario", path.to_str().unwrap()])
}

fn index(sim: &SimProcess) -> Value {
    let (status, v) = ask(sim, ROOT, "indexes/describe", json!({"collectionName": "books", "indexName": "vector"}));
    assert_eq!(status, 200);
    v["data"][0].clone()
}

fn job_progress(sim: &SimProcess, route: &str) -> Value {
    let list = sim.request("POST", "/v2/vectordb/jobs/import/list", &[ROOT], b"{}").json();
    let id = list["data"]["records"][0]["jobId"].as_str().unwrap().to_owned();
    sim.request("POST", &format!("/v2/vectordb/jobs/import/{route}"), &[ROOT], format!(r#"{{"jobId":"{id}"}}"#).as_bytes()).json()
}

#[test]
fn pending_rows_fall_through_the_index_band_while_index_state_stays_finished() {
    for (profile, route, success) in
        [("2.4.0", "get_progress", 200), ("2.4.5", "get_progress", 0), ("2.5", "describe", 0), ("3.0", "describe", 0)]
    {
        let sim = start(profile);
        let (_, list) = ask(&sim, ROOT, "indexes/list", json!({"collectionName": "books"}));
        assert_eq!(list, json!({"code": success, "data": ["vector"]}), "{profile}");
        // Before the job writes: only the collection's own rows.
        let before = index(&sim);
        assert_eq!((before["totalRows"].as_u64(), before["pendingRows"].as_u64()), (Some(1_000_000), Some(0)), "{profile}");
        let mut pendings = Vec::new();
        let mut stored = Vec::new();
        for _ in 0..80 {
            let job = job_progress(&sim, route);
            let data = index(&sim);
            assert_eq!(data["indexState"], "Finished", "{profile}: import segments never move indexState");
            let (_, stats) = ask(&sim, ROOT, "collections/get_stats", json!({"collectionName": "books"}));
            stored.push(stats["data"]["rowCount"].as_u64().unwrap());
            if job["data"]["progress"].as_u64().unwrap() >= 70 && job["data"]["state"] == "Importing" {
                pendings.push(data["pendingRows"].as_u64().unwrap());
                assert_eq!(data["totalRows"], 1_200_000, "{profile}");
                assert_eq!(data["indexedRows"].as_u64().unwrap() + data["pendingRows"].as_u64().unwrap(), 1_200_000);
            }
            if job["data"]["state"] == "Completed" {
                assert_eq!(data["pendingRows"], 0, "{profile}");
                break;
            }
            advance(&sim, 4.0);
        }
        assert!(pendings.len() > 5, "{profile}: the index band was seen ({pendings:?})");
        assert!(pendings.windows(2).all(|w| w[1] <= w[0]) && pendings.first() > pendings.last(), "{profile}: {pendings:?}");
        assert!(stored.windows(2).all(|w| w[1] >= w[0]) && stored.last() == Some(&1_200_000), "{profile}: rows stored rise while written");
        // Visible only after the next target update.
        let count = |sim: &SimProcess| {
            let (_, v) =
                ask(sim, ROOT, "entities/query", json!({"collectionName": "books", "filter": "id >= 0", "outputFields": ["count(*)"]}));
            v["data"][0]["count(*)"].as_u64()
        };
        assert_eq!(count(&sim), Some(1_000_000), "{profile}");
        advance(&sim, 11.0);
        assert_eq!(count(&sim), Some(1_200_000), "{profile}");
        let shape: Vec<String> = index(&sim).as_object().unwrap().keys().cloned().collect();
        assert_eq!(shape.contains(&"indexParams".to_owned()), !profile.starts_with("2.4"), "{profile}: {shape:?}");
    }
}

#[test]
fn load_state_stats_and_count_shapes_and_errors() {
    let sim = start("2.5");
    let loaded = sim.request("POST", "/v2/vectordb/collections/get_load_state", &[ROOT], br#"{"collectionName":"books"}"#).text();
    assert_eq!(loaded, r#"{"code":0,"data":{"loadProgress":100,"loadState":"LoadStateLoaded"},"message":""}"#);
    let cold = sim.request("POST", "/v2/vectordb/collections/get_load_state", &[ROOT], br#"{"collectionName":"cold"}"#).text();
    assert_eq!(cold, r#"{"code":0,"data":{"loadState":"LoadStateNotLoad"}}"#);
    let (_, v) = ask(&sim, ROOT, "entities/query", json!({"collectionName": "cold", "filter": "", "outputFields": ["count(*)"]}));
    assert_eq!(v["code"], 101, "an unloaded collection cannot be queried");
    let (_, v) = ask(&sim, ROOT, "collections/get_stats", json!({"collectionName": "nope"}));
    assert_eq!(v, json!({"code": 100, "message": "collection not found[database=default][collection=nope]"}));
    let (_, v) = ask(&sim, ROOT, "collections/get_load_state", json!({"collectionName": "nope"}));
    assert_eq!(v, json!({"code": 100, "message": "collection not found[collection=nope]"}));
    let (_, v) = ask(&sim, ROOT, "indexes/describe", json!({"collectionName": "books", "indexName": "title"}));
    assert_eq!(v, json!({"code": 700, "message": "index not found[indexName=title]"}));
    let (_, v) = ask(&sim, ROOT, "indexes/describe", json!({"collectionName": "books"}));
    assert_eq!(v["code"], 1802);
    // dbName in the body is honoured.
    let (_, v) = ask(&sim, ROOT, "collections/get_stats", json!({"collectionName": "books", "dbName": "nodb"}));
    assert_eq!(v, json!({"code": 800, "message": "database not found[database=nodb]"}));
    // 2.4.0–2.4.5 want a filter for count(*).
    let old = start("2.4.5");
    let (_, v) = ask(&old, ROOT, "entities/query", json!({"collectionName": "books", "filter": "", "outputFields": ["count(*)"]}));
    assert_eq!(v["code"], 1802);
    let (_, v) = ask(&old, ROOT, "collections/get_stats", json!({"collectionName": "books", "dbName": "nodb"}));
    assert_eq!(v, json!({"code": 800, "message": "database not found, database: nodb"}));
}

#[test]
fn an_import_only_role_reads_index_progress_and_is_refused_the_rest() {
    for (profile, load_privilege, place) in [
        ("2.4.0", "PrivilegeLoad", ""),
        ("2.4.5", "PrivilegeLoad", " in the `default` database"),
        ("2.5", "PrivilegeGetLoadState", " in the `default` database"),
    ] {
        let sim = start(profile);
        let (status, v) = ask(&sim, ALICE, "indexes/list", json!({"collectionName": "books"}));
        assert_eq!((status, v["data"].clone()), (200, json!(["vector"])), "{profile}");
        let (status, _) = ask(&sim, ALICE, "indexes/describe", json!({"collectionName": "books", "indexName": "vector"}));
        assert_eq!(status, 200);
        let (status, v) = ask(&sim, ALICE, "collections/get_stats", json!({"collectionName": "books"}));
        assert_eq!(status, 403, "{profile}");
        let denied = |p: &str| format!("rpc error: code = PermissionDenied desc = {p}: permission deny to alice{place}");
        assert_eq!(v, json!({"code": 65535, "message": denied("PrivilegeGetStatistics")}), "{profile}");
        let (status, v) = ask(&sim, ALICE, "collections/get_load_state", json!({"collectionName": "books"}));
        assert_eq!((status, v["message"].as_str().unwrap()), (403, denied(load_privilege).as_str()), "{profile}");
        let (status, v) = ask(&sim, ALICE, "collections/describe", json!({"collectionName": "books"}));
        assert_eq!((status, &v["data"]["load"]), (200, &json!("")), "{profile}");
        assert!(v["message"].as_str().unwrap().starts_with(&format!("{};", denied(load_privilege))), "{profile}: {v}");
    }
}

#[test]
fn collections_describe_lists_a_scenarios_schema_as_each_line_writes_it() {
    let path = scenario(
        r#"{"collections":[{"name":"docs","fields":[
            {"name":"id","type":"Int64","primaryKey":true,"autoId":true},
            {"name":"text","type":"VarChar","maxLength":512},
            {"name":"sparse","type":"SparseFloatVector"},
            {"name":"title","type":"VarChar","nullable":true,"defaultValue":"n/a"},
            {"name":"genre","type":"VarChar","partitionKey":true}],
          "functions":[{"name":"bm25","inputFieldNames":["text"],"outputFieldNames":["sparse"]}]}]}"#,
    );
    for profile in ["2.4.5", "2.5", "3.0.2"] {
        let sim = SimProcess::start(&[
            "--profile",
            profile,
            "--auth",
            "root:Milvus",
            "--speed",
            "0.000001",
            "--scenario",
            path.to_str().unwrap(),
        ]);
        let (status, v) = ask(&sim, ROOT, "collections/describe", json!({"collectionName": "docs"}));
        assert_eq!(status, 200);
        let data = &v["data"];
        assert_eq!(data["autoId"], true, "{profile}: the primary's autoId");
        let fields = data["fields"].as_array().unwrap();
        assert_eq!(fields.iter().map(|f| f["name"].as_str().unwrap()).collect::<Vec<_>>(), ["id", "text", "sparse", "title", "genre"]);
        assert_eq!(fields[1]["params"], json!([{"key": "max_length", "value": "512"}]), "values as strings");
        assert_eq!(fields[4]["partitionKey"], true);
        if profile == "2.4.5" {
            // 2.4: no functions, no nullable, defaultValue or isFunctionOutput.
            assert!(data.get("functions").is_none() && fields[3].get("nullable").is_none() && fields[2].get("isFunctionOutput").is_none());
        } else {
            assert_eq!(data["functions"][0]["outputFieldNames"], json!(["sparse"]));
            assert_eq!(data["functions"][0]["type"], 1);
            assert_eq!(fields[2]["isFunctionOutput"], true);
            assert!(fields[1].get("isFunctionOutput").is_none(), "present only on an output field");
            assert_eq!(fields[3]["defaultValue"], json!({"Data": {"StringData": "n/a"}}));
            assert_eq!(fields[3]["nullable"], true);
        }
        // Create refuses a partition name on a partition-key collection, as the proxy does.
        let (_, refused) =
            ask(&sim, ROOT, "jobs/import/create", json!({"collectionName": "docs", "partitionName": "_default", "files": [["a.parquet"]]}));
        assert_eq!(
            refused,
            json!({"code": 2100, "message": "not allow to set partition name for collection with partition key: importing data failed"}),
            "{profile}"
        );
        let (_, taken) = ask(&sim, ROOT, "jobs/import/create", json!({"collectionName": "docs", "files": [["a.parquet"]]}));
        assert_eq!(taken["code"], 0, "{profile}: {taken}");
    }
}
