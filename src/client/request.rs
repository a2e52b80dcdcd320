//! Building requests: a pure function of the connection, the operation and the page's origin,
//! so every path, header and body is tested natively.

use super::endpoint::Endpoint;
use serde_json::{Map, Value};

/// Where and how to reach one server.
///
/// ```
/// use milvus_import_monitor::client::{Connection, Endpoint};
/// let conn = Connection::new(Endpoint::parse("localhost:19530").unwrap(), "root:Milvus");
/// assert!(!conn.is_cloud());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub endpoint: Endpoint,
    /// `user:password`, or an API key on Zilliz Cloud. Never put in a URL or a log.
    pub token: String,
    /// Sent as `DB-Name` (same origin only) and as `dbName` in list/create bodies.
    pub db_name: Option<String>,
    /// Zilliz Cloud's cluster; when set, the Cloud flavour of the API is used.
    pub cluster_id: Option<String>,
    /// Seconds, sent as `Request-Timeout` (same origin only).
    pub request_timeout_secs: Option<u32>,
}

impl Connection {
    /// A connection with no database, cluster or timeout set.
    pub fn new(endpoint: Endpoint, token: impl Into<String>) -> Self {
        Connection { endpoint, token: token.into(), db_name: None, cluster_id: None, request_timeout_secs: None }
    }

    /// Zilliz Cloud's control-plane API: a cluster ID was given, or the host is Cloud's.
    pub fn is_cloud(&self) -> bool {
        self.cluster_id.is_some() || self.endpoint.is_zilliz_cloud_api()
    }
}

/// Which route answers "how is this job doing".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProgressRoute {
    /// 2.4.13 and later.
    Describe,
    /// Every Milvus version (deprecated from 2.4.13).
    GetProgress,
    /// Zilliz Cloud.
    CloudGetProgress,
}

impl ProgressRoute {
    fn path(self) -> &'static str {
        match self {
            Self::Describe => "describe",
            Self::GetProgress => "get_progress",
            Self::CloudGetProgress => "getProgress",
        }
    }
}

/// What `create` should import.
///
/// ```
/// use milvus_import_monitor::client::CreateImport;
/// let req = CreateImport::new("books", vec![vec!["imports/1.parquet".into()]]);
/// assert!(req.partition_name.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateImport {
    pub collection_name: String,
    pub partition_name: Option<String>,
    /// One inner list per file group (a NumPy group holds one file per field).
    pub files: Vec<Vec<String>>,
    /// String values only: the server rejects anything else.
    pub options: Vec<(String, String)>,
    /// Sent as `Idempotency-Key` where the browser may send it (same origin): servers that
    /// support it start one job however often the same submit is retried; others ignore it.
    pub idempotency_key: Option<String>,
}

impl CreateImport {
    /// A request with no partition and no options.
    pub fn new(collection_name: impl Into<String>, files: Vec<Vec<String>>) -> Self {
        CreateImport { collection_name: collection_name.into(), files, ..Default::default() }
    }
}

/// One call of the import API.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation<'a> {
    Progress {
        job_id: &'a str,
        route: ProgressRoute,
    },
    /// `page` is Cloud's 1-based page; Milvus returns everything at once.
    List {
        collection_name: Option<&'a str>,
        page: Option<u32>,
    },
    Create(&'a CreateImport),
    Commit {
        job_id: &'a str,
    },
    Abort {
        job_id: &'a str,
    },
    /// What a collection's readiness is read from (readiness page R1), with `dbName` in the
    /// body, which these endpoints honour (R9).
    Readiness {
        collection: &'a str,
        call: ReadinessCall<'a>,
    },
}

/// One readiness endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadinessCall<'a> {
    IndexList,
    IndexDescribe {
        index: &'a str,
    },
    CollectionDescribe,
    Stats,
    LoadState,
    /// `count(*)`: the rows a search sees.
    Count {
        filter: &'a str,
    },
}

impl ReadinessCall<'_> {
    fn path(self) -> &'static str {
        match self {
            ReadinessCall::IndexList => "indexes/list",
            ReadinessCall::IndexDescribe { .. } => "indexes/describe",
            ReadinessCall::CollectionDescribe => "collections/describe",
            ReadinessCall::Stats => "collections/get_stats",
            ReadinessCall::LoadState => "collections/get_load_state",
            ReadinessCall::Count { .. } => "entities/query",
        }
    }
}

/// Cloud's default page size for `list`.
pub const CLOUD_LIST_PAGE_SIZE: u32 = 100;

/// A request ready for any HTTP client: always `POST`.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl HttpRequest {
    /// The value of a header, if it is set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first header whose value no browser would send (`fetch` throws on it): anything
    /// but printable ASCII. Checked before a request is handed to a transport.
    ///
    /// ```
    /// use milvus_import_monitor::client::{build_request, Connection, Endpoint, Operation};
    /// let mut conn = Connection::new(Endpoint::parse("localhost:19530").unwrap(), "root:Milvus");
    /// conn.db_name = Some("bücher".into());
    /// let req = build_request(&conn, &Operation::List { collection_name: None, page: None }, None);
    /// assert_eq!(req.unsendable_header(), Some("DB-Name"));
    /// ```
    pub fn unsendable_header(&self) -> Option<&'static str> {
        self.headers.iter().find(|(_, value)| !value.chars().all(|c| (' '..='~').contains(&c))).map(|(name, _)| *name)
    }
}

/// The `Authorization` value for a token: `Bearer <token>` as pymilvus sends it, or, when the
/// token has characters a header cannot carry as they are (a password such as `密码`),
/// `Basic <base64 of its UTF-8 bytes>`, which Milvus also accepts (shared API page, §6).
/// A token with a control character has no header form at all: see [`token_problem`].
///
/// ```
/// use milvus_import_monitor::client::authorization;
/// assert_eq!(authorization("root:Milvus"), "Bearer root:Milvus");
/// assert_eq!(authorization("root:密码"), "Basic cm9vdDrlr4bnoIE=");
/// ```
pub fn authorization(token: &str) -> String {
    if token.chars().all(|c| (' '..='~').contains(&c)) {
        format!("Bearer {token}")
    } else {
        format!("Basic {}", base64(token.as_bytes()))
    }
}

/// Why a token cannot be sent, if it cannot: a control character (a pasted line break, a tab)
/// would make the browser refuse the request, and would be no one's password.
///
/// ```
/// use milvus_import_monitor::client::token_problem;
/// assert!(token_problem(r"root:Mil\nvus").is_none());
/// assert!(token_problem("root:Mil\nvus").is_some());
/// assert!(token_problem("root:密码").is_none());
/// ```
pub fn token_problem(token: &str) -> Option<String> {
    token.chars().find(|c| c.is_control()).map(|c| {
        format!("The token contains a control character (U+{:04X}, such as a line break or a tab pasted with it), which no request can carry: type it again.", u32::from(c))
    })
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|i| chunk.get(i).copied().unwrap_or(0));
        let n = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            let sextet = ((n >> shift) & 63) as usize;
            out.push(if i <= chunk.len() { char::from(ALPHABET.get(sextet).copied().unwrap_or(b'=')) } else { '=' });
        }
    }
    out
}

/// Builds the request for one operation.
///
/// `page_origin` is the page's `window.location.origin` (`None` outside a browser, where no
/// CORS preflight applies). `DB-Name` and `Request-Timeout` are sent only when the endpoint is
/// on that origin: real Milvus's CORS policy does not allow them, so cross-origin they would
/// fail the preflight and the request would never leave the browser.
///
/// ```
/// use milvus_import_monitor::client::{build_request, Connection, Endpoint, Operation, ProgressRoute};
/// let mut conn = Connection::new(Endpoint::parse("http://milvus:19530").unwrap(), "root:Milvus");
/// conn.db_name = Some("books".into());
/// let op = Operation::Progress { job_id: "461829374610022401", route: ProgressRoute::Describe };
/// let req = build_request(&conn, &op, Some("http://admin.example.com"));
/// assert_eq!(req.url, "http://milvus:19530/v2/vectordb/jobs/import/describe");
/// assert_eq!(req.body, r#"{"jobId":"461829374610022401"}"#);
/// assert_eq!(req.header("DB-Name"), None);
/// ```
pub fn build_request(conn: &Connection, operation: &Operation, page_origin: Option<&str>) -> HttpRequest {
    let mut body = Map::new();
    let cloud = conn.is_cloud();
    let path = match operation {
        Operation::Progress { job_id, route } => {
            body.insert("jobId".into(), Value::from(*job_id));
            route.path()
        }
        Operation::List { collection_name, page } => {
            insert_opt(&mut body, "collectionName", *collection_name);
            insert_opt(&mut body, "dbName", conn.db_name.as_deref());
            if cloud {
                body.insert("pageSize".into(), Value::from(CLOUD_LIST_PAGE_SIZE));
                body.insert("currentPage".into(), Value::from(page.unwrap_or(1)));
            }
            "list"
        }
        Operation::Create(create) => {
            body.insert("collectionName".into(), Value::from(create.collection_name.as_str()));
            insert_opt(&mut body, "partitionName", create.partition_name.as_deref());
            insert_opt(&mut body, "dbName", conn.db_name.as_deref());
            body.insert("files".into(), Value::from(create.files.clone()));
            if !create.options.is_empty() {
                let options = create.options.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
                body.insert("options".into(), Value::Object(options));
            }
            "create"
        }
        Operation::Commit { job_id } => {
            body.insert("jobId".into(), Value::from(*job_id));
            "commit"
        }
        Operation::Abort { job_id } => {
            body.insert("jobId".into(), Value::from(*job_id));
            "abort"
        }
        Operation::Readiness { collection, call } => {
            body.insert("collectionName".into(), Value::from(*collection));
            insert_opt(&mut body, "dbName", conn.db_name.as_deref());
            match call {
                ReadinessCall::IndexDescribe { index } => {
                    body.insert("indexName".into(), Value::from(*index));
                }
                ReadinessCall::Count { filter } => {
                    body.insert("filter".into(), Value::from(*filter));
                    body.insert("outputFields".into(), Value::from(vec!["count(*)"]));
                }
                _ => {}
            }
            call.path()
        }
    };
    if cloud {
        insert_opt(&mut body, "clusterId", conn.cluster_id.as_deref());
    }

    let mut headers = vec![("Content-Type", "application/json".to_owned())];
    if !conn.token.is_empty() {
        headers.push(("Authorization", authorization(&conn.token)));
    }
    let same_origin = page_origin.is_none_or(|origin| origin.eq_ignore_ascii_case(conn.endpoint.origin()));
    if same_origin {
        if let Some(db) = conn.db_name.as_deref().filter(|db| !db.is_empty()) {
            headers.push(("DB-Name", db.to_owned()));
        }
        if let Some(secs) = conn.request_timeout_secs.filter(|secs| *secs > 0) {
            headers.push(("Request-Timeout", secs.to_string()));
        }
        if let Operation::Create(CreateImport { idempotency_key: Some(key), .. }) = operation {
            headers.push(("Idempotency-Key", key.clone()));
        }
    }

    let url = match operation {
        Operation::Readiness { .. } => conn.endpoint.api_url(path),
        _ => conn.endpoint.import_url(path),
    };
    HttpRequest { url, headers, body: Value::Object(body).to_string() }
}

fn insert_opt(body: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        body.insert(key.to_owned(), Value::from(value));
    }
}
