//! Every error row of the shared API page (and the proxies in front of it), each mapped to a
//! kind with an actionable message.

use milvus_import_monitor::client::{decode_list, decode_progress};
use milvus_import_monitor::policy::Retry;
use milvus_import_monitor::ApiError;

fn progress_err(status: u16, body: &str) -> ApiError {
    decode_progress(status, body.as_bytes(), "461829374610022401").expect_err(body)
}

#[test]
fn unauthorized_401_1800() {
    let err = progress_err(401, r#"{"code":1800,"message":"user hasn't authenticated"}"#);
    assert_eq!(err, ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() });
    assert_eq!(err.http_status(), Some(401));
    assert!(err.to_string().contains("token"));
    assert!(matches!(err, ApiError::Unauthorized { .. }) && err.retry() == Retry::Stop, "{err:?}");
    // The same code inside a 200 envelope.
    assert_eq!(progress_err(200, r#"{"code":1800,"message":"user hasn't authenticated"}"#).kind(), "unauthorized");
}

#[test]
fn forbidden_403_rbac() {
    let err = progress_err(
        403,
        r#"{"code":65535,"message":"rpc error: code = PermissionDenied desc = PrivilegeImport: permission deny to alice"}"#,
    );
    assert_eq!(err.kind(), "forbidden");
    assert_eq!(err.code(), Some(65535));
    let text = err.to_string();
    assert!(text.contains("DB-Name") && text.contains("proxy") && text.contains("alice"), "{text}");
}

#[test]
fn timeouts_408_plain_and_json() {
    let plain = progress_err(408, "timeout");
    assert_eq!(plain, ApiError::Timeout { code: None, message: "timeout".into() });
    let json = progress_err(408, r#"{"code":10001,"message":"request timeout"}"#);
    assert_eq!(json, ApiError::Timeout { code: Some(10001), message: "request timeout".into() });
    assert!((json.retry() == Retry::Backoff));
}

#[test]
fn handler_panic_500() {
    let err = progress_err(500, r#"{"code":500}"#);
    assert_eq!(err, ApiError::ServerError { status: 500, code: Some(500), summary: "code 500".into() });
    assert!((err.retry() == Retry::Backoff));
}

#[test]
fn plain_text_404_is_not_a_milvus_route() {
    let err = progress_err(404, "404 page not found");
    assert_eq!(err, ApiError::RouteNotFound);
    assert!(err.to_string().contains("19530"));
}

#[test]
fn validation_1801_1802() {
    let err = progress_err(
        200,
        r#"{"code":1801,"message":"can only accept json format request, error: json: cannot unmarshal number into Go struct field JobIDReq.jobId of type string"}"#,
    );
    assert_eq!(err.kind(), "bad-request");
    assert_eq!(err.code(), Some(1801));
    let err = progress_err(
        200,
        r#"{"code":1802,"message":"missing required parameters, error: Key: 'JobIDReq.JobID' Error:Field validation for 'JobID' failed on the 'required' tag"}"#,
    );
    assert_eq!(err.kind(), "bad-request");
    assert_eq!(err.code(), Some(1802));
}

#[test]
fn job_does_not_exist_2100_and_2101() {
    let err = progress_err(200, r#"{"code":2100,"message":"import job does not exist, jobID=461829374610022401: importing data failed"}"#);
    let text = err.to_string();
    assert_eq!(err.kind(), "job-not-found");
    assert!(text.contains("461829374610022401") && text.contains("3 h by default before 2.6.24 and 3.0.2, 48 h from them"), "{text}");
    let err = progress_err(200, r#"{"code":2101,"message":"import job does not exist, jobID=1: failed on server side"}"#);
    assert_eq!((err.kind(), err.code()), ("job-not-found", Some(2101)));
}

#[test]
fn cloud_id_sent_to_milvus() {
    let err = progress_err(
        200,
        r#"{"code":2100,"message":"parse job id failed: strconv.ParseInt: parsing \"job-x\": invalid syntax: importing data failed"}"#,
    );
    assert_eq!(err.kind(), "bad-job-id");
    assert!(err.to_string().contains("cluster ID"));
}

#[test]
fn collection_partition_database_not_found() {
    for (code, message) in [
        (100, "collection not found[collection=books]"),
        (200, "partition not found[partition=p1]"),
        (800, "database not found[database=db9]"),
    ] {
        let body = format!(r#"{{"code":{code},"message":"{message}"}}"#);
        let err = decode_list(200, body.as_bytes()).unwrap_err();
        // Code 200 is also 2.4.0-2.4.2's success, but a success has data and no message.
        assert_eq!(err, ApiError::Milvus { code, message: message.into() });
        assert!(err.to_string().contains(message));
    }
}

#[test]
fn create_errors() {
    let err = progress_err(200, r#"{"code":1100,"message":"import request is empty: invalid parameter"}"#);
    assert_eq!(err.code(), Some(1100));
    assert!(err.to_string().contains("import request is empty"));
    let err = progress_err(200, r#"{"code":2100,"message":"The number of jobs has reached the limit: importing data failed"}"#);
    assert_eq!(err.kind(), "milvus");
}

#[test]
fn coordinator_not_ready() {
    assert_eq!(progress_err(200, r#"{"code":1,"message":"service not ready"}"#).kind(), "service-unavailable");
    let err = progress_err(200, r#"{"code":2,"message":"service unavailable"}"#);
    assert_eq!(err.kind(), "service-unavailable");
    assert!((err.retry() == Retry::Backoff));
}

#[test]
fn proxy_html_pages_are_summarised_not_dumped() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
    let err = progress_err(502, page);
    assert_eq!(err, ApiError::ServerError { status: 502, code: None, summary: "502 Bad Gateway".into() });
    let err = progress_err(504, "<html><body><h1>504 Gateway Time-out</h1>The server didn't respond in time.</body></html>");
    assert_eq!(err, ApiError::ServerError { status: 504, code: None, summary: "504 Gateway Time-out".into() });
    // An HTML page with status 200 (a captive portal or a misrouted proxy).
    let err = progress_err(200, "<!DOCTYPE html><html><head><title>Sign in</title></head><body>...</body></html>");
    assert_eq!(err.kind(), "malformed");
    assert!(err.to_string().contains("HTML page instead of JSON: Sign in"), "{err}");
    // A huge unstructured page is cut to a short excerpt.
    let long = "x".repeat(100_000);
    let ApiError::ServerError { summary, .. } = progress_err(503, &long) else { panic!() };
    assert!(summary.chars().count() <= 121);
    // Control characters and bidi overrides never reach a message.
    let ApiError::ServerError { summary, .. } = progress_err(502, "bad\u{202E}gateway\u{0007}") else { panic!() };
    assert_eq!(summary, "bad gateway");
}

#[test]
fn empty_truncated_and_wrong_shapes() {
    assert_eq!(progress_err(200, ""), ApiError::Malformed { status: 200, detail: "the body is empty".into() });
    assert_eq!(progress_err(200, "  \n"), ApiError::Malformed { status: 200, detail: "the body is empty".into() });
    let err = progress_err(200, r#"{"code":0,"data":{"jobId":"1","progress":4"#);
    assert!(err.to_string().contains("cut off after"), "{err}");
    assert!(progress_err(200, "{nope}").to_string().contains("not JSON at line 1"));
    assert_eq!(progress_err(200, r#"{"code":0,"data":[1,2]}"#).kind(), "malformed");
    assert_eq!(progress_err(200, r#"{"code":0,"data":{"details":"many"}}"#).kind(), "malformed");
    assert_eq!(progress_err(200, r#"{"code":0,"data":{"progress":"lots"}}"#).kind(), "malformed");
    assert_eq!(progress_err(200, "[]").kind(), "malformed");
    assert_eq!(
        progress_err(502, "").to_string(),
        "The server or a proxy in front of it failed with HTTP 502 (an empty body); the next poll will try again."
    );
}

#[test]
fn any_other_code_keeps_its_message() {
    let err = progress_err(200, r#"{"code":65535,"message":"something odd"}"#);
    assert_eq!(err, ApiError::Milvus { code: 65535, message: "something odd".into() });
    assert_eq!(err.to_string(), "Milvus answered code 65535: something odd");
    assert_eq!(progress_err(200, r#"{"code":42}"#).to_string(), "Milvus answered code 42: (no message)");
}

#[test]
fn every_kind_has_a_one_sentence_message() {
    use milvus_import_monitor::NetworkCause;
    let all = [
        ApiError::InvalidEndpoint { input: "::".into() },
        ApiError::MissingJobId,
        ApiError::Network { cause: NetworkCause::MixedContent, endpoint: "http://m:19530".into() },
        ApiError::Network { cause: NetworkCause::CrossOrigin, endpoint: "http://m:19530".into() },
        ApiError::Network { cause: NetworkCause::Unreachable, endpoint: "http://m:19530".into() },
        ApiError::Aborted,
        progress_err(401, ""),
        progress_err(403, ""),
        progress_err(404, ""),
        progress_err(408, ""),
        progress_err(500, ""),
        progress_err(200, r#"{"code":1801,"message":"x"}"#),
        progress_err(200, r#"{"code":2100,"message":"import job does not exist"}"#),
        progress_err(200, r#"{"code":2100,"message":"parse job id failed"}"#),
        progress_err(200, r#"{"code":1,"message":"service not ready"}"#),
        progress_err(200, "{"),
        progress_err(200, r#"{"code":7,"message":"x"}"#),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for err in &all {
        let text = err.to_string();
        assert!(text.ends_with('.') || text.ends_with(": x"), "{text}");
        assert!(!text.contains('\n'), "{text}");
        kinds.insert(err.kind());
    }
    assert_eq!(kinds.len(), 15, "{kinds:?}");
}

#[test]
fn objects_that_are_not_answers() {
    assert!(progress_err(200, "{}").to_string().contains("missing field `code`"));
    assert_eq!(progress_err(200, r#"{"code":0}"#), ApiError::Malformed { status: 200, detail: "a success without data".into() });
    assert_eq!(progress_err(200, "42"), ApiError::Malformed { status: 200, detail: "not a JSON object".into() });
    assert!(milvus_import_monitor::client::decode_ack(200, br#"{"code":0}"#, "1").is_ok());
}

#[test]
fn server_messages_are_bounded_and_cleaned() {
    let long = format!(r#"{{"code":7,"message":"{}\u0007\u202e end"}}"#, "m".repeat(5_000));
    let ApiError::Milvus { message, .. } = progress_err(200, &long) else { panic!() };
    assert!(message.chars().count() <= 301);
    assert!(!message.contains('\u{7}') && !message.contains('\u{202e}'));
}

#[test]
fn the_3_0_line_answers_a_non_numeric_id_with_1100() {
    let err = progress_err(
        200,
        r#"{"code":1100,"message":"parse job id failed: strconv.ParseInt: parsing \"job-x\": invalid syntax: invalid parameter"}"#,
    );
    assert_eq!(err.kind(), "bad-job-id", "{err:?}");
    assert!(err.to_string().contains("Zilliz Cloud"), "the Cloud hint survives: {err}");
    // Commit/abort of an unknown job on the 3.0 line.
    let err = progress_err(200, r#"{"code":2101,"message":"job 42 not found: importing data failed on server side"}"#);
    assert_eq!(err.kind(), "job-not-found");
}

#[test]
fn zilliz_clouds_refused_api_key_is_an_auth_failure() {
    // Documented as a number in the examples and typed as a string in the schema: both.
    for body in [r#"{"code":21119,"message":"The apikey is illegal."}"#, r#"{"code":"21119","message":"The apikey is illegal."}"#] {
        for status in [200, 401] {
            let err = progress_err(status, body);
            assert_eq!(err.kind(), "unauthorized", "{status} {body}");
            assert!(err.to_string().contains("refused the API key"), "{err}");
            assert!(err.retry() == Retry::Stop);
        }
    }
}

#[test]
fn standard_error_statuses_are_read_by_their_code() {
    // proxy.http.standardErrorStatus: the same bodies under real statuses.
    let bad = progress_err(
        400,
        r#"{"code":1802,"message":"missing required parameters, error: Key: 'JobIDReq.JobID' Error:Field validation for 'JobID' failed on the 'required' tag"}"#,
    );
    assert_eq!(bad.kind(), "bad-request");
    assert!((bad.retry() == Retry::Stop), "input errors do not fix themselves");
    let gone = progress_err(500, r#"{"code":2101,"message":"import job does not exist, jobID=42: failed on server side"}"#);
    assert!(matches!(&gone, ApiError::JobNotFound { job_id, .. } if job_id == "461829374610022401"), "{gone:?}");
    let busy = progress_err(503, r#"{"code":2,"message":"service unavailable"}"#);
    assert_eq!(busy.kind(), "service-unavailable");
    assert!((busy.retry() == Retry::Backoff));
    let limited = progress_err(429, r#"{"code":8,"message":"rate limit exceeded"}"#);
    assert!((limited.retry() == Retry::Backoff) && !(limited.retry() == Retry::Stop), "{limited:?}");
    let unknown_input = progress_err(400, r#"{"code":9999,"message":"something new"}"#);
    assert!((unknown_input.retry() == Retry::Stop), "{unknown_input:?}");
    // A handler panic is still a server error to retry.
    assert_eq!(progress_err(500, r#"{"code":500}"#).kind(), "server-error");
}
