//! The stand-in over real HTTP: exact bodies, statuses and headers for every profile and every
//! error row of the shared API page.

mod support;

use serde_json::{json, Value};
use support::{poll_until, raw_request, step_until, SimProcess};

const NOT_FOUND_TEXT: &str = "404 page not found";

fn cors_ok(response: &support::HttpResponse) {
    assert_eq!(response.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(response.header("Access-Control-Allow-Credentials"), Some("true"));
    assert_eq!(
        response.header("Access-Control-Allow-Headers"),
        Some("Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With")
    );
    assert_eq!(response.header("Access-Control-Allow-Methods"), Some("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH"));
    assert_eq!(response.header("Access-Control-Max-Age"), None);
    assert_eq!(response.header("Access-Control-Expose-Headers"), None);
}

#[test]
fn every_profile_creates_and_describes_in_its_own_shape() {
    for (profile, code, route, name) in [
        ("2.4.0", 200, "get_progress", "protobuf"),
        ("2.4.3", 0, "get_progress", "protobuf"),
        ("2.4.5", 0, "get_progress", "brackets"),
        ("2.4.12", 0, "get_progress", "brackets"),
        ("2.4.13", 0, "describe", "brackets"),
        ("2.5", 0, "describe", "brackets"),
        ("2.6", 0, "describe", "brackets"),
        ("2.6.6", 0, "describe", "brackets"),
        ("3.0", 0, "describe", "brackets"),
    ] {
        let sim = SimProcess::start(&["--profile", profile, "--speed", "200", "--async-create", "0ms"]);
        let created = sim.post("create", r#"{"collectionName":"book_embeddings","files":[["1/id.npy","1/vector.npy"]]}"#);
        let text = created.text();
        let id = created.json()["data"]["jobId"].as_str().unwrap().to_owned();
        assert_eq!(text, format!(r#"{{"code":{code},"data":{{"jobId":"{id}"}}}}"#), "{profile}");
        assert_eq!(id.len(), 18, "{profile}: Milvus IDs are 18-digit int64");
        assert_eq!(created.header("Content-Type"), Some("application/json; charset=utf-8"));

        let body = format!(r#"{{"jobId":"{id}"}}"#);
        let v = poll_until(&sim, route, &body, |v| v["data"]["state"] == "Completed").pop().unwrap();
        assert_eq!(v["code"], code, "{profile}");
        assert!(v.get("message").is_none());
        let data = &v["data"];
        assert_eq!(data["progress"], 100);
        assert_eq!(data["jobId"], id.as_str());
        assert!(data["completeTime"].as_str().unwrap().ends_with('Z'));
        assert_eq!(data.get("createTime").is_some(), matches!(profile, "2.6.6" | "3.0"), "{profile}: createTime");
        assert!(data.get("reason").is_none(), "{profile}: reason is omitted when empty");
        let file = data["details"][0]["fileName"].as_str().unwrap();
        match name {
            "protobuf" => assert!(file.starts_with("id:") && file.ends_with(r#"paths:"1/id.npy" paths:"1/vector.npy" "#), "{file}"),
            _ => assert_eq!(file, "[1/id.npy 1/vector.npy]"),
        }
        // Keys are sorted, as Go writes a map.
        let keys: Vec<&String> = data.as_object().unwrap().keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        let describe = sim.post("describe", &body);
        if matches!(profile, "2.4.0" | "2.4.3" | "2.4.5" | "2.4.12") {
            assert_eq!((describe.status, describe.text().as_str()), (404, NOT_FOUND_TEXT), "{profile}: no describe");
        } else {
            assert_eq!(describe.status, 200);
        }
    }
}

#[test]
fn validation_errors_as_the_go_server_words_them() {
    let sim = SimProcess::start(&[]);
    let cases: [(&str, &str, i64, &str); 12] = [
        ("describe", r#"{"jobId":461829374610022401}"#, 1801, "can only accept json format request, error: json: cannot unmarshal number into Go struct field JobIDReq.jobId of type string"),
        ("describe", "not json", 1801, "can only accept json format request, error: invalid character 'n' looking for beginning of value"),
        ("describe", "", 1801, "can only accept json format request, the request body should be nil, however {} is valid"),
        ("describe", " ", 1801, "can only accept json format request, error: EOF"),
        ("describe", "{}", 1802, "missing required parameters, error: Key: 'JobIDReq.JobID' Error:Field validation for 'JobID' failed on the 'required' tag"),
        ("describe", r#"{"jobId":""}"#, 1802, "missing required parameters, error: Key: 'JobIDReq.JobID' Error:Field validation for 'JobID' failed on the 'required' tag"),
        ("describe", r#"{"jobId":"123","unknown":1}"#, 2100, "import job does not exist, jobID=123: importing data failed"),
        // Go's fmt left its %w verb in the text, and so does the server (2.4, 2.5).
        ("describe", r#"{"jobId":"job-x"}"#, 2100, "parse job id failed, err=%wstrconv.ParseInt: parsing \"job-x\": invalid syntax: importing data failed"),
        ("create", r#"{"collectionName":"book_embeddings","files":[]}"#, 1100, "import request is empty: invalid parameter"),
        ("create", r#"{"collectionName":"book_embeddings","files":[["a.parquet"]],"options":{"timeout":300}}"#, 1801, "can only accept json format request, error: json: cannot unmarshal number into Go struct field ImportReq.options of type string"),
        ("create", r#"{"collectionName":"nope","files":[["a.parquet"]]}"#, 100, "collection not found[collection=nope]"),
        ("create", r#"{"collectionName":"book_embeddings","partitionName":"p9","files":[["a.parquet"]]}"#, 200, "partition not found[partition=p9]"),
    ];
    for (op, body, code, message) in cases {
        let response = sim.post(op, body);
        assert_eq!(response.status, 200, "{body}");
        assert_eq!(response.text(), json!({"code": code, "message": message}).to_string(), "{body}");
    }
    let db = sim.request("POST", "/v2/vectordb/jobs/import/list", &[("DB-Name", "analytics")], b"{}");
    assert_eq!(db.text(), r#"{"code":800,"message":"database not found[database=analytics]"}"#);
    // The Go decoder matches keys case-insensitively.
    assert_eq!(sim.post("describe", r#"{"jobID":"1"}"#).json()["code"], 2100);
}

fn ok_nosniff(sim: &SimProcess) -> Option<String> {
    let r = sim.request("POST", "/v2/vectordb/jobs/import/list", &[("Authorization", "Bearer root:Milvus")], b"{}");
    r.header("X-Content-Type-Options").map(str::to_owned)
}

#[test]
fn routing_cors_and_plain_text_404() {
    let sim = SimProcess::start(&["--auth", "root:Milvus"]);
    let preflight = sim.request(
        "OPTIONS",
        "/v2/vectordb/jobs/import/describe",
        &[
            ("Origin", "http://localhost:8080"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert!(preflight.body.is_empty());
    cors_ok(&preflight);

    let unauthenticated = sim.post("describe", r#"{"jobId":"1"}"#);
    assert_eq!(unauthenticated.status, 401);
    assert_eq!(unauthenticated.text(), r#"{"code":1800,"message":"user hasn't authenticated"}"#);
    cors_ok(&unauthenticated);

    let auth = [("Authorization", "Bearer root:Milvus")];
    for (method, path) in
        [("POST", "/v2/vectordb/jobs/import/nothing"), ("GET", "/v2/vectordb/jobs/import/describe"), ("POST", "/v1/vector/search")]
    {
        let missing = sim.request(method, path, &auth, b"{}");
        assert_eq!((missing.status, missing.text().as_str()), (404, NOT_FOUND_TEXT), "{method} {path}");
        assert!(missing.header("Content-Type").unwrap().starts_with("text/plain"));
        cors_ok(&missing);
        // Auth runs before routing: unauthenticated, a missing route is 401, not 404.
        let unauthenticated = sim.request(method, path, &[], b"{}");
        assert_eq!(
            (unauthenticated.status, unauthenticated.text().as_str()),
            (401, r#"{"code":1800,"message":"user hasn't authenticated"}"#),
            "{method} {path}"
        );
        cors_ok(&unauthenticated);
    }
    // The router answers a trailing slash before any middleware: no auth, no CORS headers.
    let redirect = sim.request("POST", "/v2/vectordb/jobs/import/describe/", &[], b"{}");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.header("Location"), Some("/v2/vectordb/jobs/import/describe"));
    assert_eq!(redirect.header("Access-Control-Allow-Origin"), None);
    assert_eq!(ok_nosniff(&sim), None, "2.5 sends no nosniff");
    let v26 = SimProcess::start(&["--profile", "2.6"]);
    assert_eq!(ok_nosniff(&v26), Some("nosniff".to_owned()), "from 2.6");

    let ok = sim.request("POST", "/v2/vectordb/jobs/import/list", &[("Authorization", "Bearer root:Milvus")], b"{}");
    assert_eq!(ok.status, 200);
    cors_ok(&ok);
}

#[test]
fn auth_forms_and_rbac() {
    let dir = std::env::temp_dir().join(format!("sim-scenario-{}", std::process::id()));
    std::fs::write(&dir, r#"{"users":[{"name":"alice","password":"wonder","canImport":false}]}"#).unwrap();
    let sim = SimProcess::start(&["--auth", "root:Milvus", "--scenario", dir.to_str().unwrap()]);
    for auth in ["Bearer root:Milvus", "root:Milvus", "Basic cm9vdDpNaWx2dXM="] {
        let r = sim.request("POST", "/v2/vectordb/jobs/import/list", &[("Authorization", auth)], b"{}");
        assert_eq!(r.status, 200, "{auth}");
    }
    for auth in ["Bearer root:wrong", "Bearer apikeywithoutcolon", "Basic !!!", ""] {
        let r = sim.request("POST", "/v2/vectordb/jobs/import/list", &[("Authorization", auth)], b"{}");
        assert_eq!(r.status, 401, "{auth}");
    }
    let denied = sim.request(
        "POST",
        "/v2/vectordb/jobs/import/create",
        &[("Authorization", "Bearer alice:wonder")],
        br#"{"collectionName":"book_embeddings","files":[["a.parquet"]]}"#,
    );
    assert_eq!(denied.status, 403);
    assert_eq!(
        denied.text(),
        r#"{"code":65535,"message":"rpc error: code = PermissionDenied desc = PrivilegeImport: permission deny to alice in the `default` database"}"#
    );
    cors_ok(&denied);
    // Per line: which privilege describe and list need, and 3.0's list that drops records.
    let alice = [("Authorization", "Bearer alice:wonder")];
    for (profile, describe, list) in
        [("2.4.13", "PrivilegeImport", "PrivilegeImport"), ("2.6", "PrivilegeGetImportProgress", "PrivilegeListImport")]
    {
        let sim = SimProcess::start(&["--profile", profile, "--auth", "root:Milvus", "--scenario", dir.to_str().unwrap()]);
        let d = sim.request("POST", "/v2/vectordb/jobs/import/describe", &alice, br#"{"jobId":"42"}"#);
        assert_eq!(d.status, 403, "{profile}");
        assert!(d.text().contains(&format!("desc = {describe}: permission deny to alice\"")), "{profile}: {}", d.text());
        let l = sim.request("POST", "/v2/vectordb/jobs/import/list", &alice, b"{}");
        assert!(l.status == 403 && l.text().contains(list), "{profile}: {}", l.text());
    }
    let v3 = SimProcess::start(&["--profile", "3.0", "--auth", "root:Milvus", "--scenario", dir.to_str().unwrap()]);
    let root = [("Authorization", "Bearer root:Milvus")];
    let created = v3
        .request("POST", "/v2/vectordb/jobs/import/create", &root, br#"{"collectionName":"book_embeddings","files":[["a.parquet"]]}"#)
        .json();
    let id = created["data"]["jobId"].as_str().unwrap().to_owned();
    // An unknown job is "does not exist" before any permission check; a known one is 403.
    assert_eq!(v3.request("POST", "/v2/vectordb/jobs/import/describe", &alice, br#"{"jobId":"42"}"#).json()["code"], 2101);
    assert_eq!(v3.request("POST", "/v2/vectordb/jobs/import/describe", &alice, format!(r#"{{"jobId":"{id}"}}"#).as_bytes()).status, 403);
    // The list answers 200 without the records alice may not see.
    let listed = v3.request("POST", "/v2/vectordb/jobs/import/list", &alice, b"{}");
    assert_eq!((listed.status, listed.text().as_str()), (200, r#"{"code":0,"data":{"records":[]}}"#));
    assert_eq!(v3.request("POST", "/v2/vectordb/jobs/import/list", &root, b"{}").json()["data"]["records"].as_array().unwrap().len(), 1);
    let _ = std::fs::remove_file(dir);
}

#[test]
fn request_timeout_header() {
    let modern = SimProcess::start(&[]);
    let r = modern.request("POST", "/v2/vectordb/jobs/import/list", &[("Request-Timeout", "0")], b"{}");
    assert_eq!((r.status, r.text().as_str()), (408, r#"{"code":10001,"message":"request timeout"}"#));
    let old = SimProcess::start(&["--profile", "2.4.13"]);
    let r = old.request("POST", "/v2/vectordb/jobs/import/list", &[("Request-Timeout", "0")], b"{}");
    assert_eq!((r.status, r.text().as_str()), (408, "timeout"));
    // A slow answer past the client's Request-Timeout is cut off with 408. The slow answer
    // would take 10 minutes, far past this client's 30 s read timeout: a 408 can only come
    // from the cut-off, whatever the machine's speed.
    let slow = SimProcess::start(&["--faults", "1", "--fault-kinds", "slow", "--slow", "600s"]);
    let r = slow.request("POST", "/v2/vectordb/jobs/import/list", &[("Request-Timeout", "1")], b"{}");
    assert_eq!((r.status, r.text().as_str()), (408, r#"{"code":10001,"message":"request timeout"}"#));
}

#[test]
fn phases_and_bands_over_stepped_time() {
    let sim = SimProcess::start(&["--speed", "0.000001"]);
    let id = sim.create(&["a.parquet", "b.parquet", "c.parquet", "d.parquet", "e.parquet", "f.parquet"]);
    let body = format!(r#"{{"jobId":"{id}"}}"#);
    let seen = step_until(&sim, "describe", &body, 0.5, |v| v["data"]["state"] == "Completed");
    let mut bands_seen = std::collections::BTreeSet::new();
    for v in &seen {
        let d = &v["data"];
        let (state, progress) = (d["state"].as_str().unwrap(), d["progress"].as_u64().unwrap());
        let details = d["details"].as_array().unwrap();
        let band = match (state, progress) {
            ("Pending", 0..=9) => "queued",
            ("Importing", 10..=39) => {
                assert!(details.is_empty() && d["totalRows"] == 0 && d["fileSize"] == 0, "pre-import has no details: {d}");
                "pre-import"
            }
            ("Importing", 40..=69) => {
                assert_eq!(details.len(), 6);
                assert!(d["totalRows"].as_u64().unwrap() > 0);
                "writing"
            }
            ("Importing", 70..=79) => "sorting",
            ("Importing", 80..=89) => {
                assert!(details.iter().all(|f| f["state"] == "Completed"), "every file Completed while indexing");
                assert_eq!(d["importedRows"], d["totalRows"]);
                "indexing"
            }
            ("Completed", 100) => "completed",
            other => panic!("out of band: {other:?}"),
        };
        bands_seen.insert(band);
    }
    assert_eq!(bands_seen.len(), 6, "{bands_seen:?}");
    // Per-file importedRows are derived from progress, so their sum may differ from the job's.
    let writing = seen.iter().find(|v| (41..=68).contains(&v["data"]["progress"].as_u64().unwrap())).expect("a poll while writing");
    for f in writing["data"]["details"].as_array().unwrap() {
        let expected = f["progress"].as_u64().unwrap() * f["totalRows"].as_u64().unwrap() / 100;
        assert_eq!(f["importedRows"].as_u64().unwrap(), expected);
    }
}

#[test]
fn early_2_4_bands_hold_70_while_the_index_builds() {
    for profile in ["2.4.0", "2.4.5"] {
        let sim = SimProcess::start(&["--profile", profile, "--speed", "0.000001"]);
        let id = sim.create(&["a.parquet", "b.parquet"]);
        let seen = step_until(&sim, "get_progress", &format!(r#"{{"jobId":"{id}"}}"#), 0.5, |v| v["data"]["state"] == "Completed");
        let progress = |v: &Value| v["data"]["progress"].as_u64().unwrap();
        assert!(seen.iter().all(|v| !(71..100).contains(&progress(v))), "{profile}: nothing between 70 and 100");
        assert!(seen.iter().any(|v| (41..70).contains(&progress(v))), "{profile}: writing is 40–70");
        let plateau: Vec<&Value> = seen.iter().filter(|v| progress(v) == 70).collect();
        assert!(plateau.len() >= 4, "{profile}: the index takes a while at 70 ({} polls)", plateau.len());
        for v in plateau {
            let d = &v["data"];
            assert_eq!(d["state"], "Importing");
            assert_eq!(d["importedRows"], d["totalRows"], "{profile}: every row written at 70");
            assert!(d["details"].as_array().unwrap().iter().all(|f| f["state"] == "Completed"), "{profile}: every file Completed at 70");
        }
        let success = if profile == "2.4.0" { 200 } else { 0 };
        assert!(seen.iter().all(|v| v["code"] == success));
    }
}

#[test]
fn failed_jobs_as_real_servers_fail_them() {
    // Bad data is found in pre-import: no file listed, the DataNode's reason names the file.
    let sim = SimProcess::start(&["--speed", "0.000001"]);
    let id = sim.create(&["ok.parquet", "data/corrupt-1.json"]);
    let seen = step_until(&sim, "describe", &format!(r#"{{"jobId":"{id}"}}"#), 0.5, |v| v["data"]["state"] == "Failed");
    assert!(seen.iter().all(|v| v["data"]["details"].as_array().unwrap().is_empty()), "never listed a file");
    let d = &seen.last().unwrap()["data"];
    assert_eq!(
        (d["progress"].as_u64(), d["importedRows"].as_u64(), d["totalRows"].as_u64(), d["fileSize"].as_u64()),
        (Some(0), Some(0), Some(0), Some(0))
    );
    assert_eq!(d["completeTime"], "");
    let reason = d["reason"].as_str().unwrap();
    let file_id = id.parse::<i64>().unwrap() + 2;
    assert!(reason.starts_with("error: failed to parse row ") && reason.contains("dim mismatch"), "{reason}");
    assert!(reason.ends_with(&format!(r#", file: id:{file_id} paths:"data/corrupt-1.json" "#)), "{reason}");
    // The list carries the reason too.
    let list = sim.post_json("list", "{}");
    assert_eq!(list["data"]["records"][0]["state"], "Failed");
    assert_eq!(list["data"]["records"][0]["reason"], reason);

    // A failure while writing marks every task Failed with the job's reason.
    let id = sim.create(&["a.parquet", "b/write-fail.parquet"]);
    let d = step_until(&sim, "describe", &format!(r#"{{"jobId":"{id}"}}"#), 0.5, |v| v["data"]["state"] == "Failed").pop().unwrap()["data"]
        .clone();
    let reason = d["reason"].as_str().unwrap();
    assert!(reason.ends_with(": importing data failed") && reason.contains("b/write-fail.parquet"), "{reason}");
    let details = d["details"].as_array().unwrap();
    assert_eq!(details.len(), 2);
    assert!(details.iter().all(|f| f["state"] == "Failed" && f["reason"] == reason), "{details:?}");
}

#[test]
fn retention_forgets_finished_jobs() {
    let sim = SimProcess::start(&["--speed", "100", "--retention", "30s"]);
    let id = sim.create(&["a.parquet"]);
    let body = format!(r#"{{"jobId":"{id}"}}"#);
    poll_until(&sim, "describe", &body, |v| v["data"]["state"] == "Completed");
    let gone = poll_until(&sim, "describe", &body, |v| v["code"] == 2100);
    assert_eq!(gone.last().unwrap()["message"], format!("import job does not exist, jobID={id}: importing data failed"));
    assert!(sim.post_json("list", "{}")["data"]["records"].as_array().unwrap().is_empty());
}

fn stats(sim: &SimProcess) -> Value {
    serde_json::from_slice(&sim.request("GET", "/_sim/stats", &[], b"").body).unwrap()
}

#[test]
fn unknown_jobs_per_version() {
    // 2.4.0–2.4.4: DataCoord dies on an unknown job (milvus#33671): the connection drops and
    // the whole API is down while the server restarts.
    for profile in ["2.4.0", "2.4.3"] {
        let down = SimProcess::start(&["--profile", profile, "--crash-downtime", "600s"]);
        let known = down.create(&["a.parquet"]);
        assert_eq!(down.post_json("get_progress", &format!(r#"{{"jobId":"{known}"}}"#))["data"]["jobId"], known.as_str(), "{profile}");
        assert_eq!(stats(&down)["crashes"], 0, "{profile}: a known job is safe to ask for");
        let asked = raw_request(&down.addr, "POST", "/v2/vectordb/jobs/import/get_progress", &[], br#"{"jobId":"42"}"#);
        assert!(asked.is_err(), "{profile}: the connection dies with the coordinator");
        assert!(
            raw_request(&down.addr, "POST", "/v2/vectordb/jobs/import/list", &[], b"{}").is_err(),
            "{profile}: every call fails while it restarts"
        );
        assert_eq!(stats(&down)["crashes"], 1, "{profile}");
        // A non-numeric ID is refused before the coordinator is asked.
        let parse = SimProcess::start(&["--profile", profile]);
        assert_eq!(parse.post_json("get_progress", r#"{"jobId":"job-x"}"#)["code"], 2100);
        assert_eq!(stats(&parse)["crashes"], 0);
    }
    // It comes back once restarted.
    let restarting = SimProcess::start(&["--profile", "2.4.3", "--crash-downtime", "300ms"]);
    assert!(raw_request(&restarting.addr, "POST", "/v2/vectordb/jobs/import/get_progress", &[], br#"{"jobId":"42"}"#).is_err());
    let back = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        raw_request(&restarting.addr, "POST", "/v2/vectordb/jobs/import/list", &[], b"{}").is_ok_and(|r| r.status == 200)
    });
    assert!(back, "the server never came back");
    // 2.4.5 fixed it; the 3.0 line has its own code.
    let fixed = SimProcess::start(&["--profile", "2.4.5"]);
    assert_eq!(
        fixed.post("get_progress", r#"{"jobId":"42"}"#).text(),
        r#"{"code":2100,"message":"import job does not exist, jobID=42: importing data failed"}"#
    );
    let v3 = SimProcess::start(&["--profile", "3.0"]);
    assert_eq!(
        v3.post("describe", r#"{"jobId":"42"}"#).text(),
        r#"{"code":2101,"message":"import job does not exist, jobID=42: importing data failed on server side"}"#
    );
    // A job ID that is not a number, per line.
    for (profile, expected) in [
        (
            "2.5",
            r#"{"code":2100,"message":"parse job id failed, err=%wstrconv.ParseInt: parsing \"job-x\": invalid syntax: importing data failed"}"#,
        ),
        (
            "2.6",
            r#"{"code":2100,"message":"parse job id failed: strconv.ParseInt: parsing \"job-x\": invalid syntax: importing data failed"}"#,
        ),
        ("3.0", r#"{"code":1100,"message":"parse job id failed: strconv.ParseInt: parsing \"job-x\": invalid syntax: invalid parameter"}"#),
    ] {
        let sim = SimProcess::start(&["--profile", profile]);
        assert_eq!(sim.post("describe", r#"{"jobId":"job-x"}"#).text(), expected, "{profile}");
    }
    // Leading zeros: ParseInt reads them, the job is found and its ID echoed as sent.
    let sim = SimProcess::start(&[]);
    let id = sim.create(&["a.parquet"]);
    let padded = format!("00{id}");
    assert_eq!(sim.post_json("describe", &format!(r#"{{"jobId":"{padded}"}}"#))["data"]["jobId"], padded.as_str());
}

#[test]
fn job_ids_carry_their_creation_time() {
    let sim = SimProcess::start(&["--demo"]);
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let created = sim.create(&["a.parquet", "b.parquet"]).parse::<i64>().unwrap();
    let after_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    assert!((now_ms - 5..=after_ms).contains(&(created >> 18)), "{created} >> 18 = {} not in [{now_ms}, {after_ms}]", created >> 18);
    // The job's file IDs follow its own: the next job's ID lies beyond them.
    let second = sim.create(&["c.parquet"]).parse::<i64>().unwrap();
    assert!(second > created + 2, "{created} then {second}");
    // Demo jobs are dated by their age: the completed one (3,000 s old) decodes to ~50 min ago.
    let records = sim.post_json("list", "{}")["data"]["records"].as_array().unwrap().clone();
    let oldest = records.iter().filter_map(|r| r["jobId"].as_str()?.parse::<i64>().ok()).map(|id| id >> 18).min().unwrap();
    let age_secs = (now_ms - oldest) / 1000;
    assert!((9_990..=10_100).contains(&age_secs), "the finalising demo job (10,000 s old) decodes to {age_secs} s ago");
}

#[test]
fn asynchronous_creation_on_2_6() {
    let sim = SimProcess::start(&["--profile", "2.6", "--async-create", "600ms"]);
    let before_create = std::time::Instant::now();
    let id = sim.create(&["a.parquet"]);
    let body = format!(r#"{{"jobId":"{id}"}}"#);
    // Like with like: a describe answered within 600 ms of the create must say "does not
    // exist"; one that a slow machine delayed past that proves nothing either way.
    let first = sim.post_json("describe", &body);
    assert!(first["code"] == 2100 || before_create.elapsed().as_millis() >= 600, "found at once: {first}");
    poll_until(&sim, "describe", &body, |v| v["code"] == 0);
    assert!(before_create.elapsed().as_millis() >= 600, "registered before its 600 ms");
}

#[test]
fn manual_commit_and_abort_on_3_0() {
    let sim = SimProcess::start(&["--profile", "3.0", "--speed", "0.000001"]);
    let create = |files: &str| {
        let body = format!(r#"{{"collectionName":"book_embeddings","files":[["{files}"]],"options":{{"auto_commit":"false"}}}}"#);
        sim.post_json("create", &body)["data"]["jobId"].as_str().unwrap().to_owned()
    };
    let ok = json!({"code":0,"data":{}});
    let id = create("a.parquet");
    let body = format!(r#"{{"jobId":"{id}"}}"#);
    assert_eq!(
        sim.post_json("commit", &body),
        json!({"code":2100,"message":format!("job {id} is in state Pending, expected Uncommitted")})
    );
    let waiting = step_until(&sim, "describe", &body, 0.5, |v| v["data"]["state"] == "Uncommitted");
    assert_eq!(waiting.last().unwrap()["data"]["progress"], 99);
    assert_eq!(sim.post_json("commit", &body), ok);
    assert_eq!(sim.post_json("commit", &body), ok, "a second commit is a success");
    let seen = step_until(&sim, "describe", &body, 0.5, |v| v["data"]["state"] == "Completed");
    assert!(seen.iter().any(|v| v["data"]["state"] == "Committing" && v["data"]["progress"] == 99));
    assert_eq!(sim.post_json("commit", &body), ok, "committing a Completed job is a success");
    assert_eq!(
        sim.post_json("abort", &body),
        json!({"code":2100,"message":format!("job {id} is in terminal/committed state Completed, abort not allowed")})
    );

    let other = create("b.parquet");
    let body = format!(r#"{{"jobId":"{other}"}}"#);
    assert_eq!(sim.post_json("abort", &body), ok);
    assert_eq!(sim.post_json("abort", &body), ok, "aborting an aborted job is a success");
    let failed = sim.post_json("describe", &body);
    assert_eq!((failed["data"]["state"].as_str(), failed["data"]["reason"].as_str()), (Some("Failed"), Some("aborted by user")));

    // Auto-commit jobs pass through the same phases, reported as Importing at 99, and refuse
    // manual calls once the state check passes.
    let auto = sim.create(&["c.parquet"]);
    let body = format!(r#"{{"jobId":"{auto}"}}"#);
    let seen = step_until(&sim, "describe", &body, 0.5, |v| v["data"]["state"] == "Completed");
    assert!(seen.iter().any(|v| v["data"]["state"] == "Importing" && v["data"]["progress"] == 99), "Importing at 99 while it commits");
    assert!(seen.iter().all(|v| v["data"]["state"] != "Uncommitted" && v["data"]["state"] != "Committing"));
    let running = sim.create(&["d.parquet"]);
    let body = format!(r#"{{"jobId":"{running}"}}"#);
    step_until(&sim, "describe", &body, 0.5, |v| v["data"]["progress"] == 99);
    assert_eq!(
        sim.post_json("abort", &body),
        json!({"code":2100,"message":format!("job {running} is in terminal/committed state Committing, abort not allowed")})
    );
    // Unknown and non-numeric IDs.
    assert_eq!(
        sim.post_json("commit", r#"{"jobId":"42"}"#),
        json!({"code":2101,"message":"job 42 not found: importing data failed on server side"})
    );
    assert_eq!(sim.post_json("abort", r#"{"jobId":"job-x"}"#)["code"], 1100);
    // 2.5 has no such route.
    let v25 = SimProcess::start(&[]);
    assert_eq!(v25.post("commit", r#"{"jobId":"1"}"#).status, 404);
}

#[test]
fn details_and_records_come_in_random_order() {
    let sim = SimProcess::start(&["--speed", "1000", "--seed", "3"]);
    let files: Vec<String> = (0..12).map(|i| format!("p{i}.parquet")).collect();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let id = sim.create(&refs);
    for _ in 0..5 {
        sim.create(&["x.parquet"]);
    }
    let body = format!(r#"{{"jobId":"{id}"}}"#);
    poll_until(&sim, "describe", &body, |v| v["data"]["state"] == "Completed");
    let order =
        |v: Value| v["data"]["details"].as_array().unwrap().iter().map(|f| f["fileName"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let orders: std::collections::BTreeSet<Vec<String>> = (0..6).map(|_| order(sim.post_json("describe", &body))).collect();
    assert!(orders.len() > 1, "the order never changed");
    let ids =
        |v: Value| v["data"]["records"].as_array().unwrap().iter().map(|r| r["jobId"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let list_orders: std::collections::BTreeSet<Vec<String>> = (0..6).map(|_| ids(sim.post_json("list", "{}"))).collect();
    assert!(list_orders.len() > 1);
    // Sizes and rows are deterministic from the path and the seed.
    let again = SimProcess::start(&["--speed", "1000", "--seed", "3"]);
    let id2 = again.create(&refs);
    let sizes = |s: &SimProcess, id: &str| {
        let v = poll_until(s, "describe", &format!(r#"{{"jobId":"{id}"}}"#), |v| v["data"]["state"] == "Completed").pop().unwrap();
        (v["data"]["fileSize"].as_u64(), v["data"]["totalRows"].as_u64())
    };
    assert_eq!(sizes(&sim, &id), sizes(&again, &id2));
}

#[test]
fn zilliz_cloud_profile() {
    let sim = SimProcess::start(&["--profile", "cloud", "--auth", "my-api-key", "--speed", "200"]);
    let auth = [("Authorization", "Bearer my-api-key"), ("Content-Type", "application/json")];
    let post = |op: &str, body: &str| sim.request("POST", &format!("/v2/vectordb/jobs/import/{op}"), &auth, body.as_bytes());
    let created =
        post("create", r#"{"clusterId":"in01-sim","collectionName":"book_embeddings","files":[["s3://bucket/a.parquet"]]}"#).json();
    let id = created["data"]["jobId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("job-") && id.len() == 26, "{id}");
    assert_eq!(post("getProgress", &format!(r#"{{"jobId":"{id}"}}"#)).json()["code"], 1802, "clusterId is required");
    let body = format!(r#"{{"clusterId":"in01-sim","jobId":"{id}"}}"#);
    let mut last = Value::Null;
    for _ in 0..500 {
        last = post("getProgress", &body).json();
        if last["data"]["state"] == "Completed" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let d = &last["data"];
    assert_eq!(d["state"], "Completed");
    assert_eq!(d["reason"], "");
    assert_eq!(d["fileName"], "s3://bucket/a.parquet");
    assert_eq!(d["details"][0]["fileName"], "s3://bucket/a.parquet");
    assert!(d["details"][0].get("importedRows").is_none());
    assert!(d.get("importedRows").is_none(), "Cloud documents no importedRows at all");
    assert_eq!(post("describe", &body).status, 200, "Cloud serves describe too");
    for _ in 0..3 {
        post("create", r#"{"clusterId":"in01-sim","collectionName":"book_embeddings","files":[["b.parquet"]]}"#);
    }
    let page = post("list", r#"{"clusterId":"in01-sim","pageSize":2,"currentPage":2}"#).json();
    assert_eq!(
        (page["data"]["count"].as_u64(), page["data"]["currentPage"].as_u64(), page["data"]["pageSize"].as_u64()),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!(page["data"]["records"].as_array().unwrap().len(), 2);
    assert!(page["data"]["records"].as_array().unwrap().iter().all(|r| r.get("progress").is_none()), "no progress in Cloud's records");
    let refused = sim.request("POST", "/v2/vectordb/jobs/import/list", &[("Authorization", "Bearer other")], b"{}");
    assert_eq!(refused.text(), r#"{"code":21119,"message":"The apikey is illegal."}"#);
}

#[test]
fn every_fault_kind() {
    let kinds = ["502", "504", "500", "drop", "truncate"];
    for kind in kinds {
        let sim = SimProcess::start(&["--faults", "1", "--fault-kinds", kind]);
        let result = raw_request(&sim.addr, "POST", "/v2/vectordb/jobs/import/list", &[], b"{}");
        match kind {
            "502" | "504" => {
                let r = result.unwrap();
                assert_eq!(r.status.to_string(), kind);
                assert!(r.text().contains(&format!("<title>{kind} ")), "{}", r.text());
                cors_ok(&r);
            }
            "500" => {
                let r = result.unwrap();
                assert_eq!((r.status, r.text().as_str()), (500, r#"{"code":500}"#));
            }
            "drop" => assert!(result.is_err(), "the connection should die mid-response"),
            _ => {
                let r = result.unwrap();
                assert_eq!(r.status, 200);
                assert!(serde_json::from_slice::<Value>(&r.body).is_err(), "truncated: {}", r.text());
            }
        }
        let stats: Value = serde_json::from_slice(&sim.request("GET", "/_sim/stats", &[], b"").body).unwrap();
        assert_eq!(stats["faults"][kind], 1, "{stats}");
        assert_eq!(stats["byOperation"]["list"], 1, "{stats}");
    }
    // Mixed faults at a rate: roughly that fraction fails.
    let sim = SimProcess::start(&["--faults", "0.3", "--fault-kinds", "502,500,truncate"]);
    let failed = (0..200).filter(|_| {
        let r = raw_request(&sim.addr, "POST", "/v2/vectordb/jobs/import/list", &[], b"{}").unwrap();
        r.status != 200 || serde_json::from_slice::<Value>(&r.body).is_err()
    });
    let n = failed.count();
    assert!((30..=90).contains(&n), "{n} of 200 failed at a 30 % rate");
    // Random latency is added.
    let slow = SimProcess::start(&["--latency", "200ms", "--seed", "9"]);
    let started = std::time::Instant::now();
    for _ in 0..10 {
        slow.post("list", "{}");
    }
    assert!(started.elapsed().as_millis() > 300);
}

#[test]
fn freeze_demo_and_serve() {
    let dir = std::env::temp_dir().join(format!("sim-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>monitor</title>").unwrap();
    let sim = SimProcess::start(&["--demo", "--serve", dir.to_str().unwrap()]);
    let page = sim.request("GET", "/", &[], b"");
    assert_eq!((page.status, page.header("Content-Type")), (200, Some("text/html; charset=utf-8")));
    assert_eq!(sim.request("GET", "/../etc/passwd", &[], b"").status, 404);
    let all = sim.post_json("list", "{}")["data"]["records"].as_array().unwrap().clone();
    // The demo batch: five jobs of one collection, one failing in pre-import.
    let (batch, records): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r["collectionName"] == "product_vectors");
    assert_eq!(batch.len(), 5);
    assert_eq!(batch.iter().filter(|r| r["state"] == "Failed").count(), 1);
    assert_eq!(records.len(), 5);
    let state_of = |label_state: &str| records.iter().filter(|r| r["state"] == label_state).count();
    assert_eq!((state_of("Completed"), state_of("Failed"), state_of("Importing")), (1, 1, 3));
    assert!(records.iter().any(|r| r["progress"].as_u64().is_some_and(|p| (80..90).contains(&p))), "one job finalising at 80 %");
    // The 1,024-group job.
    let big = records.iter().find_map(|r| {
        let v = sim.post_json("describe", &format!(r#"{{"jobId":"{}"}}"#, r["jobId"].as_str().unwrap()));
        (v["data"]["details"].as_array().map(Vec::len) == Some(1024)).then_some(v)
    });
    assert!(big.is_some(), "a job with 1,024 file groups");

    // Freezing stops a job.
    let running = records.iter().find(|r| r["progress"].as_u64().is_some_and(|p| p < 70)).unwrap()["jobId"].as_str().unwrap().to_owned();
    let body = format!(r#"{{"jobId":"{running}"}}"#);
    sim.request("POST", "/_sim/freeze", &[], body.as_bytes());
    let before = sim.post_json("describe", &body);
    std::thread::sleep(std::time::Duration::from_millis(1200));
    assert_eq!(sim.post_json("describe", &body)["data"]["importedRows"], before["data"]["importedRows"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn create_checks_files_as_the_proxy_does() {
    let sim = SimProcess::start(&[]);
    let create =
        |files: &str, extra: &str| sim.post("create", &format!(r#"{{"collectionName":"book_embeddings","files":{files}{extra}}}"#)).text();
    let error = |code: i64, message: &str| json!({"code": code, "message": message}).to_string();
    let missing =
        "missing required parameters, error: Key: 'ImportReq.Files' Error:Field validation for 'Files' failed on the 'required' tag";
    assert_eq!(sim.post("create", r#"{"collectionName":"book_embeddings"}"#).text(), error(1802, missing));
    assert_eq!(create("null", ""), error(1802, missing));
    assert_eq!(create("[[],[]]", ""), error(1100, "import request is empty: invalid parameter"), "empty groups are dropped first");
    assert_eq!(create(r#"[["a.txt"]]"#, ""), error(2100, "unexpected file type, files=[a.txt]"));
    assert_eq!(create(r#"[["a.json","b.json"]]"#, ""), error(2100, "for JSON import, accepts only one file"));
    assert_eq!(create(r#"[["a.parquet","b.parquet"]]"#, ""), error(2100, "for Parquet import, accepts only one file"));
    assert_eq!(create(r#"[["1/id.npy","1/vector.parquet"]]"#, ""), error(2100, "inconsistency in file types"));
    assert_eq!(create(r#"[["a.parquet"]]"#, r#","options":{"backup":"true"}"#), error(1100, "partition not specified"));
    // Accepted: a NumPy group, empty groups beside a real one, a null option (read as "").
    for (files, extra) in
        [(r#"[["1/id.npy","1/vector.npy"]]"#, ""), (r#"[[],["a.parquet"]]"#, ""), (r#"[["a.parquet"]]"#, r#","options":{"sep":null}"#)]
    {
        let v: Value = serde_json::from_str(&create(files, extra)).unwrap();
        assert_eq!(v["code"], 0, "{files} {extra}: {v}");
    }
    // CSV from 2.5 only.
    assert_eq!(serde_json::from_str::<Value>(&create(r#"[["a.csv"]]"#, "")).unwrap()["code"], 0);
    let old = SimProcess::start(&["--profile", "2.4.13"]);
    assert_eq!(old.post("create", r#"{"collectionName":"book_embeddings","files":[["a.csv"]]}"#).json()["code"], 2100);
}
