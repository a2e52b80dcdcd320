//! The package's JavaScript types: the hand-written TypeScript for what is not a Rust type,
//! the option objects (typed with tsify), and errors as `Error`s with `kind`, `code` and
//! `httpStatus`.

use crate::attributes::HostOptions;
use crate::state::Settings;
use crate::ApiError;
use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

/// `ImportErrorKind`, written from the one table of kinds (`crate::ErrorKind`).
#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR_KINDS: &str = crate::ERROR_KINDS_TYPESCRIPT;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A job's state as the server spells it; unknown states come through as they are. */
export type JobState = "Pending" | "Importing" | "Completed" | "Failed" | "None" | "Uncommitted" | "Committing" | (string & {});
/** A file group's state as the server spells it. */
export type FileState = "Pending" | "InProgress" | "Completed" | "Failed" | "Retry" | (string & {});
/** One file group of a job (`details[]`). */
export interface FileTask {
  /** As sent: a key for the row, not a path. */
  fileName: string;
  /** The paths in `fileName` (Go's `[a b]`, protobuf text, or a plain name). */
  paths: string[];
  /** Bytes. */
  fileSize: number;
  state: FileState;
  /** 0..=100. */
  progress: number;
  /** Derived by the server as progress × totalRows / 100; absent on Cloud: unknown, not 0. */
  importedRows?: number;
  totalRows: number;
  completeTime?: string;
  reason?: string;
}
/** One job's answer in `fetchManyImportProgress`: its job, or the error it got. */
export interface JobProgressResult {
  jobId: string;
  job?: ImportJob;
  error?: ImportError;
}
/** `milvus-import-batch-complete`'s detail: every job of the batch, each as last seen. */
export interface BatchCompleteDetail {
  jobs: ImportJob[];
}
/**
 * The error every function throws (or rejects with): `message` says what to do about it.
 *
 * @example
 * try { parseImportProgress('{"code":1800,"message":"user hasn\'t authenticated"}', 401) }
 * catch (e) { e.kind === "unauthorized"; e.code === 1800; e.httpStatus === 401 }
 */
export interface ImportError extends Error {
  kind: ImportErrorKind;
  /** The Milvus code, or null when the failure had none (network, HTML page…). */
  code: number | null;
  /** The HTTP status, or null when there was no response. */
  httpStatus: number | null;
  /** The job the failed request was for, when it was for one (a batch's `milvus-import-error`). */
  jobId?: string;
}
"#;

/// Where to reach the server.
///
/// ```ts
/// const options: ConnectionOptions = { endpoint: "http://localhost:19530", token: "root:Milvus" };
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionOptions {
    pub endpoint: String,
    /// `user:password`, or an API key on Zilliz Cloud.
    #[serde(default)]
    #[tsify(optional)]
    pub token: Option<String>,
    /// Sent as `DB-Name` when the endpoint shares the page's origin.
    #[serde(default)]
    #[tsify(optional)]
    pub db_name: Option<String>,
    /// Zilliz Cloud: selects its API flavour.
    #[serde(default)]
    #[tsify(optional)]
    pub cluster_id: Option<String>,
}

/// Options of [`fetch_import_progress`].
///
/// ```ts
/// const job = await fetchImportProgress({ endpoint: "http://localhost:19530", jobId: "461829374610022401" });
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProgressOptions {
    #[serde(flatten)]
    pub connection: ConnectionOptions,
    pub job_id: String,
}

/// Options of [`read_collection_readiness`](super::api::read_collection_readiness).
///
/// ```ts
/// const ready = await readCollectionReadiness({ endpoint: "http://localhost:19530", token, collectionName: "book_embeddings" });
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessOptions {
    #[serde(flatten)]
    pub connection: ConnectionOptions,
    pub collection_name: String,
}

/// Options of [`fetch_many_import_progress`](super::api::fetch_many_import_progress).
///
/// ```ts
/// const results = await fetchManyImportProgress({ endpoint: "http://localhost:19530", jobIds: ["4618…01", "4618…05"] });
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ManyProgressOptions {
    #[serde(flatten)]
    pub connection: ConnectionOptions,
    pub job_ids: Vec<String>,
}

/// Options of [`list_import_jobs`].
///
/// ```ts
/// const { records } = await listImportJobs({ endpoint: "http://localhost:19530", collectionName: "books" });
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ListOptions {
    #[serde(flatten)]
    pub connection: ConnectionOptions,
    #[serde(default)]
    #[tsify(optional)]
    pub collection_name: Option<String>,
}

/// Options of [`ImportMonitor`].
///
/// ```ts
/// new ImportMonitor(el, { endpoint: "http://localhost:19530", token, jobId: "4618…", interval: 2, showForm: false });
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MonitorOptions {
    #[serde(flatten)]
    pub connection: ConnectionOptions,
    /// Watch this job at once.
    #[serde(default)]
    #[tsify(optional)]
    pub job_id: Option<String>,
    /// Watch these jobs at once, as one batch (wins over `jobId`).
    #[serde(default)]
    #[tsify(optional)]
    pub job_ids: Option<Vec<String>>,
    /// Seconds between polls (default 2).
    #[serde(default)]
    #[tsify(optional)]
    pub interval: Option<f64>,
    /// Show the endpoint/token/job form (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub show_form: Option<bool>,
    /// A log link template: `{jobId}`, `{collection}`, `{database}`, `{fromMs}`, `{toMs}`,
    /// `{from}`, `{to}` are filled for each job (never the token).
    #[serde(default)]
    #[tsify(optional)]
    pub log_url: Option<String>,
}

impl ConnectionOptions {
    /// The typed settings these options describe.
    pub fn settings(&self) -> Settings {
        Settings {
            endpoint: self.endpoint.clone(),
            token: self.token.clone().unwrap_or_default(),
            db_name: self.db_name.clone().unwrap_or_default(),
            cluster_id: self.cluster_id.clone().unwrap_or_default(),
            ..Settings::default()
        }
    }
}

/// The jobs of one server, for `watchServers`: its own endpoint, token and database.
///
/// ```ts
/// const staging: ServerJobs = { endpoint: "https://staging:19530", token: stagingToken, jobIds: ["4618…01"] };
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServerJobs {
    /// Its own endpoint, token, database and cluster.
    #[serde(flatten)]
    pub connection: ConnectionOptions,
    /// Its jobs (a pair's standby needs none: it is asked for the primary's).
    #[serde(default)]
    #[tsify(optional)]
    pub job_ids: Option<Vec<String>>,
}

/// `watchServers`: jobs of several servers as one batch, or a CDC pair.
///
/// ```ts
/// monitor.watchServers({ servers: [primary, standby], pair: true, stallSeconds: 600 });
/// ```
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServersOptions {
    pub servers: Vec<ServerJobs>,
    /// The second server is the first's CDC standby: each of the first's jobs is watched on
    /// both, as one row, and commit and abort go to the primary only.
    #[serde(default)]
    #[tsify(optional)]
    pub pair: Option<bool>,
    /// A pair's commit in flight (or a standby without the job) past this raises the alert
    /// (default 300).
    #[serde(default)]
    #[tsify(optional)]
    pub stall_seconds: Option<f64>,
    /// Seconds between polls (default 2).
    #[serde(default)]
    #[tsify(optional)]
    pub interval: Option<f64>,
}

impl ServersOptions {
    /// The page's action: every server's settings and jobs, and the pair.
    pub fn action(&self, at_ms: f64) -> crate::state::Action {
        let interval_ms = self.interval.map_or(crate::policy::DEFAULT_INTERVAL_MS, |secs| crate::policy::interval_ms(&secs.to_string()));
        let servers = self
            .servers
            .iter()
            .map(|s| crate::state::ServerJobs {
                settings: Settings { interval_ms, ..s.connection.settings() },
                job_ids: s.job_ids.clone().unwrap_or_default(),
            })
            .collect();
        let stall_ms = self.stall_seconds.filter(|s| s.is_finite() && *s > 0.0).map_or(crate::job::DEFAULT_STALL_MS, |s| s * 1000.0);
        let pair = self.pair.unwrap_or(false).then_some(crate::state::batch::PairSetting { stall_ms });
        crate::state::Action::WatchServers { servers, pair, at_ms }
    }
}

impl MonitorOptions {
    /// The same [`HostOptions`] the element's attributes produce.
    pub fn host_options(&self) -> HostOptions {
        let job_ids = self.job_ids.clone().filter(|ids| ids.iter().any(|id| !id.trim().is_empty()));
        let job_ids = job_ids.unwrap_or_else(|| self.job_id.iter().cloned().collect());
        let settings = Settings { log_url: self.log_url.clone(), ..self.connection.settings() };
        HostOptions::from_fields(settings, job_ids, self.interval, self.show_form)
    }
}

/// Rust data → a typed plain JS object.
pub fn to_ts<T: Tsify + serde::Serialize>(value: &T) -> Result<Ts<T>, JsValue> {
    Ts::from_rust(value).map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// A typed plain JS object → Rust options; a wrong shape is a `TypeError` that says why.
pub fn from_ts<T>(value: Ts<T>) -> Result<T, JsValue>
where
    T: Tsify + serde::de::DeserializeOwned,
    T::JsType: Clone,
{
    value.to_rust().map_err(|e| js_sys::TypeError::new(&format!("milvus-import-monitor options: {e}")).into())
}

/// An [`ApiError`] as a JS `Error` with `name`, `kind`, `code` and `httpStatus`.
pub fn js_error(error: &ApiError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("ImportError");
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("kind", JsValue::from_str(error.kind()));
    set("code", error.code().map_or(JsValue::NULL, |c| JsValue::from_f64(c as f64)));
    set("httpStatus", error.http_status().map_or(JsValue::NULL, |s| JsValue::from_f64(f64::from(s))));
    js.into()
}
