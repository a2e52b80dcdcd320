//! The JavaScript API of the npm package. All JS interop of the package lives here: plain
//! objects typed with tsify, errors as `Error`s with `kind`, `code` and `httpStatus`, a small
//! `ImportMonitor` class, and a custom element.

use crate::client::{decode_progress, page_origin, Client, Connection, Endpoint, FetchTransport};
use crate::model::{ImportJob, JobList};
use crate::state::{FormFields, Snapshot};
use crate::view::app::{App, AppProps, Command, Embed, MonitorEvent};
use crate::ApiError;
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::{function_component, html, AppHandle, Callback, Html};

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
/** What went wrong, machine-readable. */
export type ImportErrorKind = "invalid-endpoint" | "missing-job-id" | "invalid-input" | "network" | "aborted" | "unauthorized" | "forbidden"
  | "route-not-found" | "timeout" | "server-error" | "bad-request" | "job-not-found" | "bad-job-id"
  | "service-unavailable" | "malformed" | "milvus";
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
    /// Seconds between polls (default 2).
    #[serde(default)]
    #[tsify(optional)]
    pub interval: Option<f64>,
    /// Show the endpoint/token/job form (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub show_form: Option<bool>,
}

impl MonitorOptions {
    fn form(&self) -> FormFields {
        let c = &self.connection;
        FormFields {
            endpoint: c.endpoint.clone(),
            token: c.token.clone().unwrap_or_default(),
            remember_token: false,
            job_id: self.job_id.clone().unwrap_or_default(),
            db_name: c.db_name.clone().unwrap_or_default(),
            cluster_id: c.cluster_id.clone().unwrap_or_default(),
            interval_secs: self.interval.map_or_else(|| FormFields::default().interval_secs, |i| i.to_string()),
            ..FormFields::default()
        }
    }
}

/// Rust data → a typed plain JS object.
fn to_ts<T: Tsify + serde::Serialize>(value: &T) -> Result<Ts<T>, JsValue> {
    Ts::from_rust(value).map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// A typed plain JS object → Rust options; a wrong shape is a `TypeError` that says why.
fn from_ts<T>(value: Ts<T>) -> Result<T, JsValue>
where
    T: Tsify + serde::de::DeserializeOwned,
    T::JsType: Clone,
{
    value.to_rust().map_err(|e| js_sys::TypeError::new(&format!("milvus-import-monitor options: {e}")).into())
}

/// An [`ApiError`] as a JS `Error` with `name`, `kind`, `code` and `httpStatus`.
fn js_error(error: &ApiError) -> JsValue {
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

/// Decodes a `describe` / `get_progress` / `getProgress` response body exactly as the widget
/// does: the server's field names, `jobId` as an exact string, `paths` parsed from each
/// `fileName`. Throws an [`ImportError`] for every failure (HTTP status, Milvus code, bad JSON).
///
/// ```ts
/// const job = parseImportProgress(await response.arrayBuffer().then(b => new Uint8Array(b)), response.status);
/// job.details.forEach(f => console.log(f.paths.join(" + "), f.state, f.progress));
/// ```
#[wasm_bindgen(js_name = parseImportProgress)]
pub fn parse_import_progress(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    #[wasm_bindgen(js_name = httpStatus)] http_status: Option<u16>,
) -> Result<Ts<ImportJob>, JsValue> {
    let bytes = match body.as_string() {
        Some(text) => text.into_bytes(),
        None => match body.dyn_ref::<js_sys::Uint8Array>() {
            Some(array) => array.to_vec(),
            None => return Err(js_sys::TypeError::new("parseImportProgress takes a string or a Uint8Array").into()),
        },
    };
    to_ts(&decode_progress(http_status.unwrap_or(200), &bytes, "").map_err(|e| js_error(&e))?)
}

/// The widget's own decoding path (bytes → Rust structures, no JS objects), for `make bench`.
/// Returns the number of file groups, or -1 for an error.
///
/// ```ts
/// benchDecode(new TextEncoder().encode(body)); // 1024
/// ```
#[doc(hidden)]
#[wasm_bindgen(js_name = benchDecode)]
pub fn bench_decode(body: &[u8]) -> i32 {
    decode_progress(200, body, "").map_or(-1, |job| i32::try_from(job.details.len()).unwrap_or(i32::MAX))
}

fn client(options: &ConnectionOptions) -> Result<Client, JsValue> {
    let endpoint = Endpoint::parse(&options.endpoint).map_err(|e| js_error(&e))?;
    let mut conn = Connection::new(endpoint, options.token.clone().unwrap_or_default());
    conn.db_name = options.db_name.clone().filter(|d| !d.is_empty());
    conn.cluster_id = options.cluster_id.clone().filter(|c| !c.is_empty());
    Ok(Client::new(conn, page_origin()))
}

fn signal() -> Result<web_sys::AbortSignal, JsValue> {
    Ok(web_sys::AbortController::new()?.signal())
}

/// Fetches a job's progress with the widget's client (describe, falling back to get_progress
/// on servers before 2.4.13; getProgress on Zilliz Cloud). Rejects with an [`ImportError`].
///
/// ```ts
/// const job = await fetchImportProgress({ endpoint: "http://localhost:19530", token: "root:Milvus", jobId: "4618…" });
/// ```
#[wasm_bindgen(js_name = fetchImportProgress)]
pub async fn fetch_import_progress(options: Ts<ProgressOptions>) -> Result<Ts<ImportJob>, JsValue> {
    let options = from_ts(options)?;
    let client = client(&options.connection)?;
    let signal = signal()?;
    to_ts(&client.progress(&FetchTransport::new(&signal), &options.job_id).await.map_err(|e| js_error(&e))?)
}

/// Lists the server's import jobs (all of them on Milvus, one page on Zilliz Cloud), optionally
/// of one collection. Rejects with an [`ImportError`].
///
/// ```ts
/// const { records } = await listImportJobs({ endpoint: "http://localhost:19530" });
/// ```
#[wasm_bindgen(js_name = listImportJobs)]
pub async fn list_import_jobs(options: Ts<ListOptions>) -> Result<Ts<JobList>, JsValue> {
    let options = from_ts(options)?;
    let client = client(&options.connection)?;
    let signal = signal()?;
    let collection = options.collection_name.as_deref().filter(|c| !c.is_empty());
    to_ts(&client.list(&FetchTransport::new(&signal), collection).await.map_err(|e| js_error(&e))?)
}

/// The widget, mounted into an element. It dispatches `CustomEvent`s on that element:
/// `import-progress` (detail: the job), `import-complete`, `import-failed` (detail: the job)
/// and `import-error` (detail: `{ message, kind, code, httpStatus }`).
///
/// ```ts
/// const monitor = new ImportMonitor(document.getElementById("imports")!, { endpoint, token, showForm: false });
/// monitor.watch("461829374610022401");
/// el.addEventListener("import-complete", (e) => console.log((e as CustomEvent).detail.totalRows));
/// monitor.destroy();
/// ```
#[wasm_bindgen]
pub struct ImportMonitor {
    /// The Yew root this widget borrowed from the pool; returned to it on destroy.
    root: Option<PooledRoot>,
    embed: Embed,
    options: MonitorOptions,
    seq: u64,
}

#[wasm_bindgen]
impl ImportMonitor {
    /// Mounts the widget into `element` and, with `options.jobId`, starts watching.
    #[wasm_bindgen(constructor)]
    pub fn new(element: web_sys::Element, options: Ts<MonitorOptions>) -> Result<ImportMonitor, JsValue> {
        Ok(ImportMonitor::mount(element.clone(), element, from_ts(options)?))
    }

    /// Watches a job (stops watching the previous one).
    pub fn watch(&mut self, job_id: String) {
        self.options.job_id = Some(job_id);
        self.send(Command::Watch(self.options.form()));
    }

    /// Stops polling; the last data stays on screen.
    pub fn stop(&mut self) {
        self.send(Command::Stop);
    }

    /// Replaces the connection settings (endpoint, token, database, cluster, interval).
    pub fn configure(&mut self, options: Ts<MonitorOptions>) -> Result<(), JsValue> {
        let options = from_ts(options)?;
        let job_id = self.options.job_id.take();
        self.options = MonitorOptions { job_id: options.job_id.clone().or(job_id), ..options };
        self.send(Command::Configure(self.options.form()));
        Ok(())
    }

    /// Unmounts the widget: the request in flight is aborted and no other is sent.
    pub fn destroy(&mut self) {
        if let Some(root) = self.root.take() {
            root.park();
        }
    }
}

impl Drop for ImportMonitor {
    /// `free()` without `destroy()` must not leave a widget polling with no owner.
    fn drop(&mut self) {
        self.destroy();
    }
}

/// A Yew root (an element with an app rendered into it), kept for reuse.
///
/// Yew 0.23 never frees a destroyed root: the event listeners it installs on the root element
/// are `Closure::forget`-ed and hold the root's data, element included, for the life of the
/// page (about 1 KB of JS heap and 4 listeners per root, measured). So a root is never
/// destroyed: an unmounted widget's app is emptied (its component destroyed, its timers and
/// requests stopped) and the root parked here for the next widget. Memory is then bounded by
/// the most widgets on screen at once, not by how many were ever mounted.
struct PooledRoot {
    element: web_sys::Element,
    handle: AppHandle<Host>,
}

thread_local! {
    static PARKED: RefCell<Vec<PooledRoot>> = const { RefCell::new(Vec::new()) };
}

impl PooledRoot {
    /// Takes a parked root (or makes one) and renders the widget into it, inside `container`.
    fn mount(container: &web_sys::Element, props: AppProps) -> Option<PooledRoot> {
        let mut root = match PARKED.with(|parked| parked.borrow_mut().pop()) {
            Some(root) => root,
            None => {
                let element = container.owner_document()?.create_element("div").ok()?;
                let handle = yew::Renderer::<Host>::with_root_and_props(element.clone(), AppProps::default()).render();
                PooledRoot { element, handle }
            }
        };
        container.append_child(&root.element).ok()?;
        root.handle.update(props);
        Some(root)
    }

    fn update(&mut self, props: AppProps) {
        self.handle.update(props);
    }

    /// Empties the root (the widget's component is destroyed) and parks it.
    fn park(mut self) {
        self.handle.update(AppProps::default());
        self.element.remove();
        PARKED.with(|parked| parked.borrow_mut().push(self));
    }
}

/// A pooled root's component: the widget while one is mounted, nothing while parked.
#[function_component(Host)]
fn host(props: &AppProps) -> Html {
    match &props.embed {
        Some(embed) => html! { <App embed={embed.clone()} /> },
        None => html! {},
    }
}

impl ImportMonitor {
    /// Mounts into `container`, dispatching events on `events_on` (the custom element's host
    /// when the container is in its shadow root).
    fn mount(container: web_sys::Element, events_on: web_sys::Element, options: MonitorOptions) -> ImportMonitor {
        install_panic_hook();
        let events = Callback::from(move |event: MonitorEvent| dispatch(&events_on, event));
        let embed = Embed { initial: options.form(), show_form: options.show_form.unwrap_or(true), command: None, events };
        let root = PooledRoot::mount(&container, AppProps { embed: Some(embed.clone()) });
        ImportMonitor { root, embed, options, seq: 0 }
    }

    fn send(&mut self, command: Command) {
        self.seq += 1;
        self.embed.command = Some((self.seq, command));
        if let Some(root) = self.root.as_mut() {
            root.update(AppProps { embed: Some(self.embed.clone()) });
        }
    }
}

fn job_of(snapshot: &Rc<Snapshot>) -> ImportJob {
    ImportJob { details: snapshot.files.iter().map(|f| (**f).clone()).collect(), ..snapshot.job.clone() }
}

fn dispatch(target: &web_sys::Element, event: MonitorEvent) {
    let to_js = |job: ImportJob| to_ts(&job).map_or(JsValue::NULL, JsValue::from);
    let (name, detail) = match event {
        MonitorEvent::Progress(s) => ("import-progress", to_js(job_of(&s))),
        MonitorEvent::Complete(s) => ("import-complete", to_js(job_of(&s))),
        MonitorEvent::Failed(s) => ("import-failed", to_js(job_of(&s))),
        MonitorEvent::Error(e) => ("import-error", js_error(&e)),
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Logs the widget's panics with its name, then hands them to the hook that was there before:
/// the host page's own hook is kept, never replaced.
fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            web_sys::console::error_1(&JsValue::from_str(&format!("milvus-import-monitor: {info}")));
            previous(info);
        }));
    });
}

#[wasm_bindgen(inline_js = r#"
export function defineElement(tagName, create, css) {
  const existing = customElements.get(tagName);
  if (existing) return existing;
  class MilvusImportMonitorElement extends HTMLElement {
    static get observedAttributes() { return ["endpoint", "job-id", "db-name", "cluster-id", "interval", "hide-form"]; }
    constructor() { super(); this._token = ""; this._monitor = null; }
    /** The token is a property only: an attribute would put it in the DOM for anyone to read. */
    get token() { return this._token; }
    set token(value) { this._token = value == null ? "" : String(value); this._monitor?.configure(this._options()); }
    _options() {
      const attr = (name) => this.getAttribute(name) ?? undefined;
      const interval = Number(this.getAttribute("interval"));
      return { endpoint: attr("endpoint") ?? "", token: this._token, dbName: attr("db-name"), clusterId: attr("cluster-id"),
               interval: interval > 0 ? interval : undefined, showForm: !this.hasAttribute("hide-form"), jobId: attr("job-id") };
    }
    connectedCallback() {
      if (this._monitor) return;
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = css;
      const container = document.createElement("div");
      root.replaceChildren(style, container);
      this._monitor = create(container, this, this._options());
    }
    disconnectedCallback() { this.destroy(); }
    attributeChangedCallback(name, previous, value) {
      if (!this._monitor || previous === value) return;
      if (name === "job-id") { if (value) this._monitor.watch(value); else this._monitor.stop(); }
      else this._monitor.configure(this._options());
    }
    watch(jobId) { this._monitor?.watch(String(jobId)); }
    stop() { this._monitor?.stop(); }
    destroy() { this._monitor?.destroy(); this._monitor?.free(); this._monitor = null; }
  }
  customElements.define(tagName, MilvusImportMonitorElement);
  return MilvusImportMonitorElement;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(tag_name: &str, create: &js_sys::Function, css: &str) -> JsValue;
}

/// The widget's stylesheet, put in the custom element's shadow root.
const CSS: &str = include_str!("../static/style.css");

/// Registers the `<milvus-import-monitor>` custom element (or another tag name) and returns its
/// class. Attributes: `endpoint`, `job-id`, `db-name`, `cluster-id`, `interval`, `hide-form`;
/// the token is a property only (`el.token = "root:Milvus"`), never an attribute. It renders
/// into a shadow root; theme it with the `--mim-*` custom properties.
///
/// ```ts
/// defineMonitorElement();
/// const el = document.createElement("milvus-import-monitor");
/// el.setAttribute("endpoint", "http://localhost:19530");
/// (el as any).token = "root:Milvus";
/// el.setAttribute("job-id", "461829374610022401");
/// document.body.append(el);
/// ```
#[wasm_bindgen(js_name = defineMonitorElement)]
pub fn define_monitor_element(#[wasm_bindgen(js_name = tagName)] tag_name: Option<String>) -> JsValue {
    let create = Closure::<dyn Fn(web_sys::Element, web_sys::Element, JsValue) -> JsValue>::new(
        |container: web_sys::Element, host: web_sys::Element, options: JsValue| {
            let options: MonitorOptions = serde_wasm_bindgen::from_value(options).unwrap_or_default();
            JsValue::from(ImportMonitor::mount(container, host, options))
        },
    );
    let class = define_element(tag_name.as_deref().unwrap_or("milvus-import-monitor"), create.as_ref().unchecked_ref(), CSS);
    // The element class keeps calling it for every instance, for the life of the page.
    create.forget();
    class
}
