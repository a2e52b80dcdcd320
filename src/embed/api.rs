//! The functions of the package that need no widget: decode a progress answer, fetch one, list
//! the jobs. They use the widget's own client, so they read every server version alike.

use super::types::{from_ts, js_error, to_ts, ConnectionOptions, ListOptions, ManyProgressOptions, ProgressOptions, ReadinessOptions};
use crate::client::{decode_progress, page_origin, Client, FetchTransport};
use crate::model::{ImportJob, JobList};
use crate::readiness::{count_filter, AfterCompleted, IndexProgress, Known, LoadState, ReadinessReport};
use crate::ApiError;
use tsify::Ts;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
    let connection = options.settings().connection().map_err(|e| js_error(&e))?;
    Ok(Client::new(connection, page_origin()))
}

fn transport() -> Result<FetchTransport, JsValue> {
    Ok(FetchTransport::new(web_sys::AbortController::new()?))
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
    to_ts(&client.progress(&transport()?, &options.job_id).await.map_err(|e| js_error(&e))?)
}

/// Fetches many jobs' progress as the widget's batch asks for them: one request at a time (the
/// widget never has more than two in flight to a server), the `describe` / `get_progress` route
/// found once for all, and after an authentication error no more requests (the others get that
/// error too). Never rejects for one job: each result has its `job` or its `error`.
///
/// ```ts
/// const results = await fetchManyImportProgress({ endpoint: "http://localhost:19530", token, jobIds });
/// const done = results.filter(r => r.job?.state === "Completed").length;
/// ```
#[wasm_bindgen(js_name = fetchManyImportProgress, unchecked_return_type = "JobProgressResult[]")]
pub async fn fetch_many_import_progress(options: Ts<ManyProgressOptions>) -> Result<JsValue, JsValue> {
    let options = from_ts(options)?;
    let client = client(&options.connection)?;
    let transport = transport()?;
    let results = js_sys::Array::new();
    let mut stopped_by: Option<ApiError> = None;
    for job_id in &options.job_ids {
        let answer = match &stopped_by {
            Some(error) => Err(error.clone()),
            None => client.progress(&transport, job_id).await,
        };
        let result = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&result, &JsValue::from_str(key), value).map(|_| ());
        set("jobId", &JsValue::from_str(job_id))?;
        match answer {
            Ok(job) => set("job", &to_ts(&job)?.into())?,
            Err(error) => {
                if error.refuses_credentials() {
                    stopped_by = Some(error.clone());
                }
                set("error", &js_error(&error))?;
            }
        }
        results.push(&result);
    }
    Ok(results.into())
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
    let collection = options.collection_name.as_deref().filter(|c| !c.is_empty());
    to_ts(&client.list(&transport()?, collection).await.map_err(|e| js_error(&e))?)
}

/// A collection's readiness, read once as the widget reads it: its vector indexes' progress
/// (collection-wide: `indexes/list`, then `indexes/describe` each), its load state and primary
/// key (`collections/describe`), rows stored (`get_stats`) and, when loaded, rows visible
/// (`count(*)`; with a filter matching every row where the server wants one). What the role may
/// not read is `"no-permission"`, never a rejection; `ready` is true when every stored row is
/// visible. Rejects only when the connection options cannot be used.
///
/// ```ts
/// const r = await readCollectionReadiness({ endpoint: "http://localhost:19530", token, collectionName: "book_embeddings" });
/// console.log(r.index?.pendingRows, r.load, r.rowsStored, r.rowsVisible, r.ready);
/// ```
#[wasm_bindgen(js_name = readCollectionReadiness)]
pub async fn read_collection_readiness(options: Ts<ReadinessOptions>) -> Result<Ts<ReadinessReport>, JsValue> {
    let options = from_ts(options)?;
    let client = client(&options.connection)?;
    let transport = transport()?;
    let collection = options.collection_name.as_str();
    let now = js_sys::Date::now();
    let index = match client.index_counts(&transport, collection, None).await {
        Ok(counts) => {
            let mut progress = IndexProgress::default();
            progress.observe(&counts, now);
            if progress.last().is_some() {
                Known::Read(progress)
            } else {
                Known::Failed("the collection has no vector index".into())
            }
        }
        Err(error) => Known::from_error(&error),
    };
    let mut after = AfterCompleted { since_ms: now, ..AfterCompleted::default() };
    (after.load, after.primary_key) = match client.collection_facts(&transport, collection).await {
        Ok(facts) => (facts.load.map_or(Known::NoPermission, Known::Read), facts.primary_key),
        Err(error) => (Known::from_error(&error), None),
    };
    after.stored = client.rows_stored(&transport, collection).await.map_or_else(|e| Known::from_error(&e), Known::Read);
    if after.load == Known::Read(LoadState::Loaded) {
        let mut visible = client.rows_visible(&transport, collection, "").await;
        // 2.4.0–2.4.5 refuse an empty filter: ask again with one that matches every row.
        if matches!(&visible, Err(ApiError::BadRequest { message, .. }) if message.contains("Filter")) {
            let pk = after.primary_key.as_ref().map(|(name, ty)| (name.as_str(), ty.as_str()));
            visible = client.rows_visible(&transport, collection, &count_filter(pk)).await;
        }
        after.visible = visible.map_or_else(|e| Known::from_error(&e), Known::Read);
    }
    let stored = after.stored.read().copied();
    if after.visible.read().is_some_and(|visible| stored.is_some_and(|stored| *visible >= stored)) {
        after.visible_at_ms = Some(now);
    }
    let database = options.connection.db_name.clone().unwrap_or_default();
    let mut report = ReadinessReport::of((collection, &database), &index, Some(&after), 0, now);
    report.summary = reader_summary(&report);
    to_ts(&report)
}

/// The reader's one line: no job of its own, so no "before this import".
fn reader_summary(report: &ReadinessReport) -> String {
    let count =
        |n: Option<u64>, what: &str| n.map_or_else(|| format!("{what} unknown"), |n| format!("{} {what}", crate::format::thousands(n)));
    format!(
        "Collection {}; {}; {}{}.",
        report.collection,
        report.load.replace('-', " "),
        count(report.rows_stored, "rows stored"),
        if report.load == "loaded" { format!(", {}", count(report.rows_visible, "rows visible")) } else { String::new() }
    )
}
