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
    Progress { job_id: &'a str, route: ProgressRoute },
    /// `page` is Cloud's 1-based page; Milvus returns everything at once.
    List { collection_name: Option<&'a str>, page: Option<u32> },
    Create(&'a CreateImport),
    Commit { job_id: &'a str },
    Abort { job_id: &'a str },
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
    };
    if cloud {
        insert_opt(&mut body, "clusterId", conn.cluster_id.as_deref());
    }

    let mut headers = vec![("Content-Type", "application/json".to_owned())];
    if !conn.token.is_empty() {
        headers.push(("Authorization", format!("Bearer {}", conn.token)));
    }
    let same_origin = page_origin.is_none_or(|origin| origin.eq_ignore_ascii_case(conn.endpoint.origin()));
    if same_origin {
        if let Some(db) = conn.db_name.as_deref().filter(|db| !db.is_empty()) {
            headers.push(("DB-Name", db.to_owned()));
        }
        if let Some(secs) = conn.request_timeout_secs.filter(|secs| *secs > 0) {
            headers.push(("Request-Timeout", secs.to_string()));
        }
    }

    HttpRequest { url: conn.endpoint.import_url(path), headers, body: Value::Object(body).to_string() }
}

fn insert_opt(body: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        body.insert(key.to_owned(), Value::from(value));
    }
}
