//! The import-API client: pure request building and response decoding, and a thin layer that
//! sends requests through a [`Transport`] (the browser's fetch in the widget, a fake in tests).

mod deadline;
mod decode;
mod endpoint;
#[cfg(target_arch = "wasm32")]
mod fetch;
mod readiness;
mod request;
mod schema;

pub use deadline::WithDeadline;
pub use decode::{decode_ack, decode_create, decode_list, decode_progress};
pub use endpoint::Endpoint;
#[cfg(target_arch = "wasm32")]
pub use fetch::{page_origin, FetchTransport};
pub use readiness::{
    decode_collection, decode_count, decode_index, decode_index_names, decode_load_state, decode_row_count, decode_schema, CollectionFacts,
    IndexCounts, LoadState,
};
pub use request::{
    authorization, build_request, token_problem, Connection, CreateImport, HttpRequest, Operation, ProgressRoute, ReadinessCall,
    CLOUD_LIST_PAGE_SIZE,
};
pub use schema::{Schema, SchemaField};

use crate::error::{ApiError, NetworkCause};
use crate::model::{CreateResult, ImportJob, JobList};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::rc::Rc;

/// A response as the transport saw it: the status and the raw body bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Why a transport got no response at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportFailure {
    /// The request's `AbortSignal` fired.
    Aborted,
    /// The browser gave no status (server down, CORS refused, mixed content, DNS…).
    Network,
    /// No answer within the client's own deadline ([`WithDeadline`]): abandoned, never answered.
    Deadline { after_ms: u32 },
}

/// Sends one built request. The widget's implementation is [`FetchTransport`] (browser fetch
/// with an `AbortSignal`); tests use a fake.
pub trait Transport {
    /// Sends the request and reads the whole body as bytes.
    fn send(&self, request: &HttpRequest) -> impl Future<Output = Result<RawResponse, TransportFailure>>;

    /// Gives up on the request in flight (its deadline passed): the browser's fetch is aborted.
    fn abandon(&self) {}
}

/// The page's one route memory, shared by every request to every server it watches (each
/// server's route is kept by its endpoint): a job opened from a batch pays no second `describe`
/// 404, nor a second `list`, on a server before 2.4.13.
pub type Routes = Rc<RefCell<RouteMemory>>;

/// Which progress route worked, per endpoint base, so the 404 fallback is paid once; and, on
/// servers without `describe`, which job IDs `get_progress` last answered.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RouteMemory {
    routes: HashMap<String, ProgressRoute>,
    /// (endpoint base, job ID) pairs safe to ask `get_progress` for without listing first.
    answered: HashSet<(String, String)>,
}

impl RouteMemory {
    /// The route to try first for this endpoint.
    pub fn route_for(&self, endpoint: &Endpoint) -> ProgressRoute {
        self.routes.get(endpoint.base()).copied().unwrap_or(ProgressRoute::Describe)
    }

    fn remember(&mut self, endpoint: &Endpoint, route: ProgressRoute) {
        self.routes.insert(endpoint.base().to_owned(), route);
    }

    /// Whether `get_progress` answered for this job at its last request, and forgets it: a
    /// request that never ends well (network failure, timeout, abort) leaves it forgotten, so
    /// the job is looked up in the list again before it is asked for again.
    fn take_answered(&mut self, endpoint: &Endpoint, job_id: &str) -> bool {
        self.answered.remove(&(endpoint.base().to_owned(), job_id.to_owned()))
    }

    fn mark_answered(&mut self, endpoint: &Endpoint, job_id: &str) {
        self.answered.insert((endpoint.base().to_owned(), job_id.to_owned()));
    }
}

/// The last progress answer and a hash of the bytes it was decoded from: a job that does not
/// move (stuck at 80 % for minutes) answers the same bytes at every poll, and a body of 1,024
/// file groups is not worth decoding again to learn that nothing changed.
#[derive(Debug, Default)]
pub struct LastAnswer {
    key: u64,
    job: ImportJob,
}

impl LastAnswer {
    /// The job as last decoded.
    pub fn job(&self) -> &ImportJob {
        &self.job
    }

    fn key(route: ProgressRoute, status: u16, job_id: &str, body: &[u8]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (route, status, job_id, body).hash(&mut hasher);
        hasher.finish()
    }
}

/// The client for one connection.
///
/// ```
/// use milvus_import_monitor::client::{Client, Connection, Endpoint};
/// let conn = Connection::new(Endpoint::parse("localhost:19530").unwrap(), "");
/// let client = Client::new(conn, Some("http://localhost:8080".into()));
/// assert_eq!(client.connection().endpoint.base(), "http://localhost:19530");
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    conn: Connection,
    page_origin: Option<String>,
    routes: Rc<RefCell<RouteMemory>>,
    last_answer: Rc<RefCell<Option<LastAnswer>>>,
    /// The route the last [`Client::progress`] call ended on, answered or not.
    used: std::cell::Cell<Option<ProgressRoute>>,
}

impl Client {
    /// A client with its own route memory.
    pub fn new(conn: Connection, page_origin: Option<String>) -> Self {
        Self::with_routes(conn, page_origin, Rc::default())
    }

    /// A client that shares route memory with others (one per page).
    pub fn with_routes(conn: Connection, page_origin: Option<String>, routes: Rc<RefCell<RouteMemory>>) -> Self {
        Client { conn, page_origin, routes, last_answer: Rc::default(), used: std::cell::Cell::new(None) }
    }

    /// Shares the last progress answer with the clients of later polls, so that an identical
    /// body is not decoded again.
    ///
    /// ```
    /// use milvus_import_monitor::client::{Client, Connection, Endpoint, HttpRequest, LastAnswer, RawResponse, Transport, TransportFailure};
    /// use std::{cell::RefCell, rc::Rc};
    /// /// A server that answers every request with the same running job.
    /// struct Same;
    /// impl Transport for Same {
    ///     async fn send(&self, _: &HttpRequest) -> Result<RawResponse, TransportFailure> {
    ///         let body = br#"{"code":0,"data":{"jobId":"7","state":"Importing","progress":62}}"#;
    ///         Ok(RawResponse { status: 200, body: body.to_vec() })
    ///     }
    /// }
    /// let conn = Connection::new(Endpoint::parse("localhost:19530").unwrap(), "");
    /// let last: Rc<RefCell<Option<LastAnswer>>> = Rc::default();
    /// // The client of one poll decodes the answer and leaves it where the next poll's finds it.
    /// let first = Client::new(conn.clone(), None).sharing_last_answer(last.clone());
    /// assert_eq!(pollster::block_on(first.progress(&Same, "7")).unwrap().progress, 62);
    /// assert_eq!(last.borrow().as_ref().map(|answer| answer.job().progress), Some(62));
    /// let next = Client::new(conn, None).sharing_last_answer(last.clone());
    /// assert_eq!(pollster::block_on(next.progress(&Same, "7")).unwrap(), last.borrow().as_ref().unwrap().job().clone());
    /// ```
    pub fn sharing_last_answer(self, last_answer: Rc<RefCell<Option<LastAnswer>>>) -> Self {
        Client { last_answer, ..self }
    }

    /// The connection this client talks to.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The request an operation would send (what [`Self::progress`] and friends send).
    pub fn request(&self, operation: &Operation) -> HttpRequest {
        build_request(&self.conn, operation, self.page_origin.as_deref())
    }

    /// The route the last [`Self::progress`] call ended on, also when it failed (a job that a
    /// server without `describe` does not list ended on `get_progress`); before any call, the
    /// one the next starts with.
    pub fn progress_route_used(&self) -> ProgressRoute {
        self.used.get().unwrap_or_else(|| self.progress_route())
    }

    /// The progress route the next [`Self::progress`] call starts with.
    pub fn progress_route(&self) -> ProgressRoute {
        if self.conn.is_cloud() {
            ProgressRoute::CloudGetProgress
        } else {
            self.routes.borrow().route_for(&self.conn.endpoint)
        }
    }

    /// The job's progress: `describe`, falling back to `get_progress` on HTTP 404 (servers
    /// before 2.4.13), remembering which worked; `getProgress` on Zilliz Cloud.
    ///
    /// Asking Milvus 2.4.0–2.4.4 for a job it does not know crashes its coordinator
    /// (milvus#33671), and those versions cannot be told apart from 2.4.5–2.4.12 before they
    /// answer. So on a server without `describe`, a job is looked up in `list` before
    /// `get_progress` is asked for it, and again after any request for it that did not end
    /// with an answer; a job not listed is reported as not existing without being asked for.
    pub async fn progress<T: Transport>(&self, transport: &T, job_id: &str) -> Result<ImportJob, ApiError> {
        let job_id = job_id.trim();
        if job_id.is_empty() {
            return Err(ApiError::MissingJobId);
        }
        let endpoint = &self.conn.endpoint;
        let first = self.progress_route();
        self.used.set(Some(first));
        if first == ProgressRoute::GetProgress {
            self.ensure_listed(transport, job_id).await?;
        }
        let mut response = self.send(transport, &Operation::Progress { job_id, route: first }).await?;
        let mut route = first;
        if response.status == 404 && first == ProgressRoute::Describe {
            route = ProgressRoute::GetProgress;
            // Known now, whatever the list says: a server before 2.4.13 (its bands, and no late
            // registration of new jobs). Not remembered for the endpoint until it answers: an
            // address that is not Milvus answers 404 everywhere.
            self.used.set(Some(route));
            self.ensure_listed(transport, job_id).await?;
            response = self.send(transport, &Operation::Progress { job_id, route }).await?;
        }
        if response.status != 404 && route != ProgressRoute::CloudGetProgress {
            self.routes.borrow_mut().remember(endpoint, route);
        }
        let key = LastAnswer::key(route, response.status, job_id, &response.body);
        let cached = self.last_answer.borrow().as_ref().filter(|last| last.key == key).map(|last| last.job.clone());
        let result = match cached {
            Some(job) => Ok(job),
            None => {
                let result = self.read(decode_progress(response.status, &response.body, job_id));
                *self.last_answer.borrow_mut() = result.as_ref().ok().map(|job| LastAnswer { key, job: job.clone() });
                result
            }
        };
        if route == ProgressRoute::GetProgress && result.is_ok() {
            self.routes.borrow_mut().mark_answered(endpoint, job_id);
        }
        result
    }

    /// Before `get_progress` on a server without `describe`: succeeds when the job was answered
    /// at its last request or is in the server's job list; otherwise the job does not exist.
    async fn ensure_listed<T: Transport>(&self, transport: &T, job_id: &str) -> Result<(), ApiError> {
        if self.routes.borrow_mut().take_answered(&self.conn.endpoint, job_id) {
            return Ok(());
        }
        let listed = self.list(transport, None).await?;
        // `strconv.ParseInt` accepts leading zeros: "0123" is job 123.
        let wanted = job_id.parse::<i64>().ok();
        let same = |id: &str| id == job_id || (wanted.is_some() && id.parse::<i64>().ok() == wanted);
        if listed.records.iter().any(|record| same(&record.job_id)) {
            Ok(())
        } else {
            Err(ApiError::JobNotFound {
                code: 0,
                message:
                    "not in the server's job list (Milvus before 2.4.5 crashes when asked for a job it does not know, so it was not asked)"
                        .into(),
                job_id: job_id.to_owned(),
            })
        }
    }

    /// Every retained job (Milvus), or one page of them (Cloud), optionally of one collection.
    pub async fn list<T: Transport>(&self, transport: &T, collection_name: Option<&str>) -> Result<JobList, ApiError> {
        let response = self.send(transport, &Operation::List { collection_name, page: None }).await?;
        self.read(decode_list(response.status, &response.body))
    }

    /// Starts an import; returns the new job's ID.
    pub async fn create<T: Transport>(&self, transport: &T, request: &CreateImport) -> Result<CreateResult, ApiError> {
        let response = self.send(transport, &Operation::Create(request)).await?;
        self.read(decode_create(response.status, &response.body))
    }

    /// Commits a manual-commit job (3.0 line).
    pub async fn commit<T: Transport>(&self, transport: &T, job_id: &str) -> Result<(), ApiError> {
        let response = self.send(transport, &Operation::Commit { job_id }).await?;
        self.read(decode_ack(response.status, &response.body, job_id))
    }

    /// Aborts a manual-commit job (3.0 line).
    pub async fn abort<T: Transport>(&self, transport: &T, job_id: &str) -> Result<(), ApiError> {
        let response = self.send(transport, &Operation::Abort { job_id }).await?;
        self.read(decode_ack(response.status, &response.body, job_id))
    }

    /// A decoded answer as this connection explains it: a 401 to a request sent without a token
    /// asked for one; it did not reject one.
    fn read<R>(&self, decoded: Result<R, ApiError>) -> Result<R, ApiError> {
        match decoded {
            Err(error) if self.conn.token.trim().is_empty() => Err(error.sent_without_token()),
            other => other,
        }
    }

    /// The one request helper every operation goes through.
    async fn send<T: Transport>(&self, transport: &T, operation: &Operation<'_>) -> Result<RawResponse, ApiError> {
        // A value the browser refuses would throw inside fetch: say so instead, sending nothing.
        if let Some(message) = token_problem(&self.conn.token) {
            return Err(ApiError::InvalidInput { message });
        }
        let request = self.request(operation);
        if let Some(name) = request.unsendable_header() {
            let message = format!("The {name} header can only carry printable ASCII: check the field it comes from.");
            return Err(ApiError::InvalidInput { message });
        }
        transport.send(&request).await.map_err(|failure| match failure {
            TransportFailure::Aborted => ApiError::Aborted,
            TransportFailure::Deadline { after_ms } => ApiError::NoAnswer { after_ms },
            TransportFailure::Network => ApiError::Network {
                cause: network_cause(&self.conn.endpoint, self.page_origin.as_deref()),
                endpoint: self.conn.endpoint.base().to_owned(),
            },
        })
    }
}

/// What the page can infer about a failure that came without a status.
///
/// ```
/// use milvus_import_monitor::client::{network_cause, Endpoint};
/// use milvus_import_monitor::NetworkCause;
/// let http = Endpoint::parse("http://milvus.internal:19530").unwrap();
/// assert_eq!(network_cause(&http, Some("https://admin.example.com")), NetworkCause::MixedContent);
/// assert_eq!(network_cause(&http, Some("http://admin.example.com")), NetworkCause::CrossOrigin);
/// ```
pub fn network_cause(endpoint: &Endpoint, page_origin: Option<&str>) -> NetworkCause {
    match page_origin {
        Some(origin) if origin.starts_with("https://") && endpoint.is_plain_http() && !endpoint.is_loopback() => NetworkCause::MixedContent,
        Some(origin) if !origin.eq_ignore_ascii_case(endpoint.origin()) => NetworkCause::CrossOrigin,
        _ => NetworkCause::Unreachable,
    }
}
