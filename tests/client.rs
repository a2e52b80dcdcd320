//! Request building (paths, headers by origin, bodies), endpoint normalisation, and the
//! describe → get_progress fallback through a fake transport.

use milvus_import_monitor::client::{
    build_request, Client, Connection, CreateImport, Endpoint, HttpRequest, Operation, ProgressRoute, RawResponse, RouteMemory, Transport,
    TransportFailure, WithDeadline,
};
use milvus_import_monitor::{ApiError, NetworkCause};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

fn endpoint(text: &str) -> Endpoint {
    Endpoint::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn conn(text: &str) -> Connection {
    Connection::new(endpoint(text), "root:Milvus")
}

#[test]
fn endpoint_normalisation() {
    for (input, base) in [
        ("localhost:19530", "http://localhost:19530"),
        ("  http://localhost:19530/  ", "http://localhost:19530"),
        ("HTTP://Milvus.Example.COM:19530", "http://milvus.example.com:19530"),
        ("http://10.0.0.5:19530/v2/vectordb/jobs/import/describe", "http://10.0.0.5:19530"),
        ("https://admin.example.com/milvus/v2/vectordb/jobs/import/list?x=1", "https://admin.example.com/milvus"),
        ("https://admin.example.com:443/milvus//", "https://admin.example.com/milvus"),
        ("http://[::1]:19530", "http://[::1]:19530"),
        ("api.cloud.zilliz.com", "https://api.cloud.zilliz.com"),
        ("in01-abc.aws-us-west-2.vectordb.zillizcloud.com:19530", "https://in01-abc.aws-us-west-2.vectordb.zillizcloud.com:19530"),
        ("localhost:19530#frag", "http://localhost:19530"),
    ] {
        assert_eq!(endpoint(input).base(), base, "{input}");
    }
    assert_eq!(endpoint("https://admin.example.com/milvus").origin(), "https://admin.example.com");
    assert_eq!(endpoint("http://[::1]:19530").host(), "[::1]");
    for bad in ["", "   ", "ftp://host", "http://", "http://user:pw@host", "local host:1", "host:port", "host:123456", "http://a/b c"] {
        assert!(matches!(Endpoint::parse(bad), Err(ApiError::InvalidEndpoint { .. })), "{bad:?}");
    }
    assert!(endpoint("api.cloud.zilliz.com.cn").is_zilliz_cloud_api());
    assert!(!endpoint("in01.zillizcloud.com").is_zilliz_cloud_api());
    assert!(endpoint("127.0.0.1:1").is_loopback() && endpoint("localhost").is_loopback() && !endpoint("10.1.1.1").is_loopback());
}

#[test]
fn paths_per_operation() {
    let c = conn("http://m:19530");
    let create = CreateImport::new("books", vec![vec!["a.parquet".into()]]);
    for (op, path) in [
        (Operation::Progress { job_id: "1", route: ProgressRoute::Describe }, "describe"),
        (Operation::Progress { job_id: "1", route: ProgressRoute::GetProgress }, "get_progress"),
        (Operation::Progress { job_id: "1", route: ProgressRoute::CloudGetProgress }, "getProgress"),
        (Operation::List { collection_name: None, page: None }, "list"),
        (Operation::Create(&create), "create"),
        (Operation::Commit { job_id: "1" }, "commit"),
        (Operation::Abort { job_id: "1" }, "abort"),
    ] {
        assert_eq!(build_request(&c, &op, None).url, format!("http://m:19530/v2/vectordb/jobs/import/{path}"));
    }
}

#[test]
fn headers_depend_on_the_page_origin() {
    let mut c = conn("http://m:19530");
    c.db_name = Some("books".into());
    c.request_timeout_secs = Some(20);
    let op = Operation::Progress { job_id: "1", route: ProgressRoute::Describe };

    let cross = build_request(&c, &op, Some("http://localhost:8080"));
    let names: Vec<_> = cross.headers.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["Content-Type", "Authorization"]);
    assert_eq!(cross.header("content-type"), Some("application/json"));
    assert_eq!(cross.header("Authorization"), Some("Bearer root:Milvus"));

    let same = build_request(&c, &op, Some("http://m:19530"));
    assert_eq!(same.header("DB-Name"), Some("books"));
    assert_eq!(same.header("Request-Timeout"), Some("20"));

    // Outside a browser (Node, tests) there is no preflight to fail.
    assert_eq!(build_request(&c, &op, None).header("DB-Name"), Some("books"));

    // No token, no Authorization; a timeout of 0 would mean an immediate 408.
    c.token.clear();
    c.request_timeout_secs = Some(0);
    let bare = build_request(&c, &op, Some("http://m:19530"));
    assert_eq!(bare.header("Authorization"), None);
    assert_eq!(bare.header("Request-Timeout"), None);
    // The token never goes into the URL.
    assert!(!build_request(&conn("http://m:19530"), &op, None).url.contains("Milvus"));
}

#[test]
fn bodies() {
    let mut c = conn("http://m:19530");
    c.db_name = Some("books_db".into());
    let progress = build_request(&c, &Operation::Progress { job_id: "461829374610022401", route: ProgressRoute::Describe }, None);
    // The jobId is a JSON string, and progress has no database field (only the header).
    assert_eq!(progress.body, r#"{"jobId":"461829374610022401"}"#);

    let list = build_request(&c, &Operation::List { collection_name: Some("books"), page: None }, None);
    assert_eq!(list.body, r#"{"collectionName":"books","dbName":"books_db"}"#);
    let list_all = build_request(&conn("http://m:19530"), &Operation::List { collection_name: None, page: None }, None);
    assert_eq!(list_all.body, "{}");

    let mut create = CreateImport::new("books", vec![vec!["1/id.npy".into(), "1/vector.npy".into()], vec!["2.parquet".into()]]);
    create.partition_name = Some("p1".into());
    create.options = vec![("timeout".into(), "300s".into()), ("auto_commit".into(), "false".into())];
    let req = build_request(&c, &Operation::Create(&create), None);
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"collectionName":"books","partitionName":"p1","dbName":"books_db",
            "files":[["1/id.npy","1/vector.npy"],["2.parquet"]],"options":{"timeout":"300s","auto_commit":"false"}})
    );

    // Zilliz Cloud: clusterId everywhere, paging on list.
    let mut cloud = Connection::new(endpoint("api.cloud.zilliz.com"), "api-key");
    cloud.cluster_id = Some("in01-abc".into());
    let req = build_request(&cloud, &Operation::Progress { job_id: "job-01", route: ProgressRoute::CloudGetProgress }, None);
    assert_eq!(req.body, r#"{"clusterId":"in01-abc","jobId":"job-01"}"#);
    assert_eq!(req.header("Authorization"), Some("Bearer api-key"));
    let req = build_request(&cloud, &Operation::List { collection_name: None, page: Some(2) }, None);
    assert_eq!(req.body, r#"{"clusterId":"in01-abc","currentPage":2,"pageSize":100}"#);
}

/// A transport that answers from a script and records what it was sent.
#[derive(Default)]
struct FakeTransport {
    answers: RefCell<VecDeque<Result<RawResponse, TransportFailure>>>,
    sent: RefCell<Vec<HttpRequest>>,
}

impl FakeTransport {
    fn new(answers: Vec<Result<(u16, &str), TransportFailure>>) -> Self {
        let answers = answers.into_iter().map(|a| a.map(|(status, body)| RawResponse { status, body: body.as_bytes().to_vec() })).collect();
        FakeTransport { answers: RefCell::new(answers), sent: RefCell::default() }
    }
    fn paths(&self) -> Vec<String> {
        self.sent.borrow().iter().map(|r| r.url.rsplit('/').next().unwrap_or_default().to_owned()).collect()
    }
}

impl Transport for FakeTransport {
    async fn send(&self, request: &HttpRequest) -> Result<RawResponse, TransportFailure> {
        self.sent.borrow_mut().push(request.clone());
        self.answers.borrow_mut().pop_front().expect("the test scripted too few answers")
    }
}

const JOB: &str = r#"{"code":0,"data":{"jobId":"7","state":"Importing","progress":50}}"#;

#[test]
fn describe_falls_back_to_get_progress_once_per_endpoint() {
    let routes = Rc::new(RefCell::new(RouteMemory::default()));
    let old = Client::with_routes(conn("http://old:19530"), None, routes.clone());
    let transport = FakeTransport::new(vec![Ok((404, "404 page not found")), Ok((200, LISTED)), Ok((200, JOB)), Ok((200, JOB))]);
    let job = pollster::block_on(old.progress(&transport, "7")).unwrap();
    assert_eq!(job.progress, 50);
    pollster::block_on(old.progress(&transport, "7")).unwrap();
    // Listed once before the first get_progress (see the next test), then asked directly.
    assert_eq!(transport.paths(), ["describe", "list", "get_progress", "get_progress"]);
    assert_eq!(routes.borrow().route_for(&endpoint("http://old:19530")), ProgressRoute::GetProgress);

    // Another endpoint sharing the memory still starts with describe.
    let new = Client::with_routes(conn("http://new:19530"), None, routes.clone());
    let transport = FakeTransport::new(vec![Ok((200, JOB))]);
    pollster::block_on(new.progress(&transport, "7")).unwrap();
    assert_eq!(transport.paths(), ["describe"]);
    assert_eq!(routes.borrow().route_for(&endpoint("http://new:19530")), ProgressRoute::Describe);
}

#[test]
fn a_404_on_both_routes_is_route_not_found_and_not_remembered() {
    let client = Client::new(conn("http://web:80"), None);
    let transport = FakeTransport::new(vec![Ok((404, "404 page not found")), Ok((404, "404 page not found"))]);
    assert_eq!(pollster::block_on(client.progress(&transport, "7")), Err(ApiError::RouteNotFound));
    assert_eq!(transport.paths(), ["describe", "list"]);
    // Nothing remembered: the next try starts with describe again.
    let transport = FakeTransport::new(vec![Ok((404, "404 page not found")), Ok((404, "404 page not found"))]);
    assert_eq!(pollster::block_on(client.progress(&transport, "7")), Err(ApiError::RouteNotFound));
    assert_eq!(transport.paths(), ["describe", "list"]);
}

/// A list answer holding job 7 (and another).
const LISTED: &str =
    r#"{"code":0,"data":{"records":[{"jobId":"9","state":"Completed","progress":100},{"jobId":"7","state":"Importing","progress":50}]}}"#;

#[test]
fn without_describe_a_job_not_listed_is_never_asked_for() {
    // Milvus 2.4.0–2.4.4 crash when get_progress names a job they do not know (milvus#33671).
    let routes = Rc::new(RefCell::new(RouteMemory::default()));
    let client = Client::with_routes(conn("http://old:19530"), None, routes.clone());
    let transport = FakeTransport::new(vec![Ok((404, "404 page not found")), Ok((200, LISTED))]);
    let err = pollster::block_on(client.progress(&transport, "461829374610022401")).unwrap_err();
    assert!(matches!(&err, ApiError::JobNotFound { job_id, .. } if job_id == "461829374610022401"), "{err:?}");
    assert_eq!(transport.paths(), ["describe", "list"], "no get_progress for an unknown job");
    // The call ended on get_progress's server (before 2.4.13: it lists jobs as soon as they are
    // created, so this "does not exist" is no new job in the making).
    assert_eq!(client.progress_route_used(), ProgressRoute::GetProgress);

    // Once the server is known to lack describe, a new ID is listed first, and only asked for
    // when it is there. Leading zeros name the same job, as ParseInt reads them.
    let transport = FakeTransport::new(vec![Ok((404, "404 page not found")), Ok((200, LISTED)), Ok((200, JOB))]);
    pollster::block_on(client.progress(&transport, "7")).unwrap();
    assert_eq!(routes.borrow().route_for(&endpoint("http://old:19530")), ProgressRoute::GetProgress);
    let transport = FakeTransport::new(vec![Ok((200, LISTED)), Ok((200, JOB))]);
    pollster::block_on(client.progress(&transport, "0009")).unwrap();
    assert_eq!(transport.paths(), ["list", "get_progress"]);
    let transport = FakeTransport::new(vec![Ok((200, LISTED))]);
    assert!(matches!(pollster::block_on(client.progress(&transport, "8")), Err(ApiError::JobNotFound { .. })));
    assert_eq!(transport.paths(), ["list"]);
}

#[test]
fn without_describe_a_failed_request_means_listing_again() {
    let routes = Rc::new(RefCell::new(RouteMemory::default()));
    let client = Client::with_routes(conn("http://old:19530"), None, routes.clone());
    let transport = FakeTransport::new(vec![Ok((404, "404 page not found")), Ok((200, LISTED)), Ok((200, JOB)), Ok((200, JOB))]);
    pollster::block_on(client.progress(&transport, "7")).unwrap();
    pollster::block_on(client.progress(&transport, "7")).unwrap();
    // The connection drops (a coordinator restarting looks like this): before asking again,
    // the job is looked up in the list.
    let transport = FakeTransport::new(vec![Err(TransportFailure::Network)]);
    assert!(matches!(pollster::block_on(client.progress(&transport, "7")), Err(ApiError::Network { .. })));
    assert_eq!(transport.paths(), ["get_progress"]);
    let transport = FakeTransport::new(vec![Ok((200, LISTED)), Ok((200, JOB))]);
    pollster::block_on(client.progress(&transport, "7")).unwrap();
    assert_eq!(transport.paths(), ["list", "get_progress"]);
    // A request abandoned halfway (the widget's deadline, Stop) counts the same.
    let transport = FakeTransport::new(vec![Err(TransportFailure::Aborted)]);
    assert_eq!(pollster::block_on(client.progress(&transport, "7")), Err(ApiError::Aborted));
    let transport = FakeTransport::new(vec![Ok((200, LISTED)), Ok((200, JOB))]);
    pollster::block_on(client.progress(&transport, "7")).unwrap();
    assert_eq!(transport.paths(), ["list", "get_progress"]);
}

#[test]
fn cloud_uses_get_progress_camel_case() {
    let mut c = Connection::new(endpoint("http://127.0.0.1:9"), "key");
    c.cluster_id = Some("in01-abc".into());
    let client = Client::new(c, None);
    let transport = FakeTransport::new(vec![Ok((200, JOB))]);
    pollster::block_on(client.progress(&transport, "job-1")).unwrap();
    assert_eq!(transport.paths(), ["getProgress"]);
}

#[test]
fn transport_failures_become_errors_with_causes() {
    let client = Client::new(conn("http://milvus.internal:19530"), Some("https://admin.example.com".into()));
    let transport = FakeTransport::new(vec![Err(TransportFailure::Network), Err(TransportFailure::Aborted)]);
    let err = pollster::block_on(client.progress(&transport, "7")).unwrap_err();
    assert_eq!(err, ApiError::Network { cause: NetworkCause::MixedContent, endpoint: "http://milvus.internal:19530".into() });
    assert!(err.to_string().contains("https"));
    assert_eq!(pollster::block_on(client.progress(&transport, "7")), Err(ApiError::Aborted));
    // An empty job ID is never sent.
    assert_eq!(pollster::block_on(client.progress(&transport, "  ")), Err(ApiError::MissingJobId));
    assert_eq!(transport.sent.borrow().len(), 2);
}

#[test]
fn list_create_commit_abort_go_through_the_same_helper() {
    let client = Client::new(conn("http://m:19530"), None);
    let transport = FakeTransport::new(vec![
        Ok((200, r#"{"code":0,"data":{"records":[]}}"#)),
        Ok((200, r#"{"code":0,"data":{"jobId":"9"}}"#)),
        Ok((200, r#"{"code":0,"data":{}}"#)),
        Ok((200, r#"{"code":2100,"message":"import job does not exist, jobID=9: importing data failed"}"#)),
    ]);
    assert!(pollster::block_on(client.list(&transport, None)).unwrap().records.is_empty());
    let created = pollster::block_on(client.create(&transport, &CreateImport::new("c", vec![vec!["f".into()]]))).unwrap();
    assert_eq!(created.job_id, "9");
    pollster::block_on(client.commit(&transport, "9")).unwrap();
    assert_eq!(pollster::block_on(client.abort(&transport, "9")).unwrap_err().kind(), "job-not-found");
    assert_eq!(transport.paths(), ["list", "create", "commit", "abort"]);
}

#[test]
fn an_identical_body_gives_the_remembered_answer_and_a_changed_one_is_decoded() {
    let last = Rc::new(RefCell::new(None));
    let client = Client::new(conn("http://m:19530"), None).sharing_last_answer(last.clone());
    let moved = r#"{"code":0,"data":{"jobId":"7","state":"Importing","progress":60}}"#;
    let failed = r#"{"code":2100,"message":"import job 7 not found"}"#;
    let transport = FakeTransport::new(vec![Ok((200, JOB)), Ok((200, JOB)), Ok((200, moved)), Ok((200, failed)), Ok((200, moved))]);
    let first = pollster::block_on(client.progress(&transport, "7")).unwrap();
    assert_eq!(last.borrow().as_ref().map(|l| l.job().progress), Some(50));
    assert_eq!(pollster::block_on(client.progress(&transport, "7")).unwrap(), first);
    assert_eq!(pollster::block_on(client.progress(&transport, "7")).unwrap().progress, 60);
    assert_eq!(last.borrow().as_ref().map(|l| l.job().progress), Some(60));
    // An error is never remembered as an answer, and forgets the last one.
    assert!(pollster::block_on(client.progress(&transport, "7")).is_err());
    assert!(last.borrow().is_none());
    assert_eq!(pollster::block_on(client.progress(&transport, "7")).unwrap().progress, 60);
    assert_eq!(transport.paths().len(), 5, "every poll still asks the server");
}

#[test]
fn tokens_a_header_cannot_carry_as_they_are() {
    use milvus_import_monitor::state::{Action, FormFields, PageState, RequestState};
    // Outside Latin-1: Basic over the UTF-8 bytes, which Milvus accepts (§6).
    let unicode = build_request(
        &Connection::new(endpoint("http://m:19530"), "root:密码"),
        &Operation::List { collection_name: None, page: None },
        None,
    );
    assert_eq!(unicode.header("Authorization"), Some("Basic cm9vdDrlr4bnoIE="));
    assert_eq!(unicode.unsendable_header(), None);
    // Latin-1 too: a browser would send é as one byte, which is not the UTF-8 the server stored.
    let latin = build_request(
        &Connection::new(endpoint("http://m:19530"), "root:café"),
        &Operation::List { collection_name: None, page: None },
        None,
    );
    assert_eq!(latin.header("Authorization"), Some("Basic cm9vdDpjYWbDqQ=="));
    // A control character: a clear error at the form, and nothing sent through the client.
    let form = PageState::with_form(FormFields {
        endpoint: "localhost:19530".into(),
        job_id: "462422016000000000".into(),
        token: "root:Mil\nvus".into(),
        ..FormFields::default()
    });
    let s = form.apply(Action::Watch { at_ms: 1_764_000_000_000.0 }).unwrap();
    assert!(
        matches!(&s.job.request, RequestState::Failed(ApiError::InvalidInput { message }) if message.contains("control character")),
        "{:?}",
        s.job.request
    );
    assert!(s.job.target.is_none());
    let client = Client::new(Connection::new(endpoint("http://m:19530"), "root:Mil\u{7}vus"), None);
    let transport = FakeTransport::new(vec![]);
    let err = pollster::block_on(client.progress(&transport, "7")).unwrap_err();
    assert!(err.to_string().contains("control character"), "{err}");
    assert!(transport.paths().is_empty(), "nothing sent");
}

/// A server that never answers: its requests stay pending, and abandoning one is recorded.
#[derive(Default)]
struct SilentServer {
    abandoned: std::cell::Cell<u32>,
}

impl Transport for SilentServer {
    async fn send(&self, _: &HttpRequest) -> Result<RawResponse, TransportFailure> {
        std::future::pending().await
    }
    fn abandon(&self) {
        self.abandoned.set(self.abandoned.get() + 1);
    }
}

#[test]
fn a_request_past_its_deadline_is_abandoned_and_has_no_http_status() {
    let client = Client::new(conn("http://m:19530"), None);
    // The deadline's timer has fired: a silent server loses the race and is told so.
    let silent = WithDeadline::new(SilentServer::default(), 8_000, |_| std::future::ready(()));
    let err = pollster::block_on(client.progress(&silent, "7")).unwrap_err();
    assert_eq!(err, ApiError::NoAnswer { after_ms: 8_000 });
    assert_eq!((err.kind(), err.http_status(), err.code()), ("no-answer", None, None));
    assert!(err.to_string().contains("within 8 s"), "{err}");
    assert_eq!(err.retry(), milvus_import_monitor::policy::Retry::Backoff);
    // An answer that is ready wins even when the timer has fired too: nothing is abandoned.
    let answering = WithDeadline::new(FakeTransport::new(vec![Ok((200, JOB))]), 8_000, |_| std::future::ready(()));
    assert_eq!(pollster::block_on(client.progress(&answering, "7")).unwrap().progress, 50);
    // A timer that never fires leaves the answer to the server.
    let patient = WithDeadline::new(FakeTransport::new(vec![Ok((200, JOB))]), 8_000, |_| std::future::pending::<()>());
    assert_eq!(pollster::block_on(client.progress(&patient, "7")).unwrap().progress, 50);
}
