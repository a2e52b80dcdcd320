//! The page in headless Chromium against the stand-in (started by scripts/browser-tests.sh,
//! which passes its URL as SIM_URL): fill the form as a person would, follow jobs to their end.

#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use milvus_import_monitor::client::{Client, Connection, CreateImport, Endpoint, FetchTransport};
use milvus_import_monitor::view::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const SIM_URL: &str = match option_env!("SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:19530",
};
const TOKEN: &str = "root:Milvus";

struct Page {
    root: Element,
    app: Option<yew::AppHandle<App>>,
}

thread_local! {
    /// The runner page's own address. The standalone app puts what it watches in the address
    /// bar, which another page mounted later (or beside it) would read as its link.
    static RUNNER_ADDRESS: String = gloo_utils::window().location().href().expect("href");
}

/// Puts the runner page's own address back in the address bar.
fn restore_address() {
    let address = RUNNER_ADDRESS.with(Clone::clone);
    if let Ok(history) = gloo_utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

impl Page {
    /// Mounts the app and waits for its first render (Yew renders on its scheduler).
    async fn mount() -> Page {
        let document = gloo_utils::document();
        let root = document.create_element("div").expect("div");
        document.body().expect("body").append_child(&root).expect("append");
        restore_address();
        let app = yew::Renderer::<App>::with_root(root.clone()).render();
        let page = Page { root, app: Some(app) };
        wait_until("the form", 10, || page.find("form").is_some()).await.unwrap_or_else(|e| panic!("{e}"));
        page
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("selector");
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// Types into the input whose label reads exactly `label`.
    fn fill(&self, label: &str, value: &str) {
        let target = self
            .all("label")
            .into_iter()
            .find(|l| l.text_content().as_deref().map(str::trim) == Some(label))
            .and_then(|l| l.get_attribute("for"))
            .unwrap_or_else(|| panic!("no label {label:?}"));
        // An input, or a text area (the Job ID field): both have a `value`.
        let field = self.find(&format!("#{target}")).expect("field");
        match field.dyn_ref::<HtmlInputElement>() {
            Some(input) => input.set_value(value),
            None => field.dyn_ref::<web_sys::HtmlTextAreaElement>().expect("an input or a text area").set_value(value),
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        field.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).expect("event")).expect("dispatch");
    }

    fn click(&self, button: &str) {
        let button: HtmlElement = self
            .all("button")
            .into_iter()
            .find(|b| b.text_content().as_deref().map(str::trim) == Some(button))
            .unwrap_or_else(|| panic!("no button {button:?}"))
            .dyn_into()
            .expect("button");
        button.click();
    }

    fn html(&self) -> String {
        self.root.inner_html()
    }

    fn watch(&self, token: &str, job_id: &str, interval: &str) {
        self.fill("Endpoint", SIM_URL);
        self.fill("Token", token);
        self.fill("Job ID", job_id);
        self.fill("Poll every (s)", interval);
        self.click("Watch");
    }

    fn job_progress(&self) -> Option<(String, String)> {
        let bar = self.find(".job [role=progressbar]")?;
        Some((bar.get_attribute("aria-valuenow")?, bar.get_attribute("aria-valuetext")?))
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
        restore_address();
    }
}

async fn wait_until(what: &str, seconds: u32, mut ready: impl FnMut() -> bool) -> Result<(), String> {
    for _ in 0..seconds * 20 {
        if ready() {
            return Ok(());
        }
        TimeoutFuture::new(50).await;
    }
    Err(format!("timed out waiting for {what}"))
}

async fn create(files: &[&str]) -> String {
    let conn = Connection::new(Endpoint::parse(SIM_URL).expect("SIM_URL"), TOKEN);
    let client = Client::new(conn, None);
    let controller = web_sys::AbortController::new().expect("controller");
    let request = CreateImport::new("book_embeddings", files.iter().map(|f| vec![f.to_string()]).collect());
    client.create(&FetchTransport::new(controller), &request).await.expect("create").job_id
}

async fn sim_admin(path: &str, body: Option<String>) -> serde_json::Value {
    let url = format!("{SIM_URL}/_sim/{path}");
    let request = match body {
        Some(body) => gloo_net::http::Request::post(&url).body(body).expect("body"),
        None => gloo_net::http::Request::get(&url).build().expect("request"),
    };
    let response = request.send().await.expect("admin call");
    serde_json::from_slice(&response.binary().await.expect("body")).expect("json")
}

/// Records every import API call the page makes, in order, with the job ID of its body
/// (installed once). Counting calls where they start, not where the stand-in receives them,
/// means a request sent just before an action is never taken for one sent after it, however
/// slowly it travels.
fn record_api_calls() {
    let install = js_sys::Function::new_no_args(include_str!("../e2e/record-api-calls.js"));
    install.call0(&wasm_bindgen::JsValue::NULL).expect("install the recorder");
}

/// How many import API calls the page has made so far: a mark for `api_calls_since`.
fn api_call_mark() -> u32 {
    record_api_calls();
    let calls = js_sys::Reflect::get(&gloo_utils::window(), &"apiCalls".into()).expect("apiCalls");
    calls.dyn_into::<js_sys::Array>().expect("an array").length()
}

/// The page's import API calls for `job_id` since `mark`.
async fn api_calls_since(mark: u32, job_id: &str) -> u32 {
    let count = js_sys::Function::new_with_args(
        "mark, jobId",
        "const calls = window.apiCalls.slice(mark); return Promise.all(calls.map((c) => c.ready)).then(() => calls.filter((c) => c.jobId === jobId).length);",
    );
    let promise = count.call2(&wasm_bindgen::JsValue::NULL, &mark.into(), &job_id.into()).expect("count");
    let counted = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.expect("counted");
    counted.as_f64().unwrap_or_default() as u32
}

/// Waits (up to `seconds`) until the page has asked for `job_id` `n` times since `mark`.
async fn wait_for_calls(mark: u32, job_id: &str, n: u32, seconds: u32) {
    for _ in 0..seconds * 10 {
        if api_calls_since(mark, job_id).await >= n {
            return;
        }
        TimeoutFuture::new(100).await;
    }
    panic!("{job_id} was not asked for {n} times in {seconds} s");
}

/// No import API call of the page is in flight (`e2e/record-api-calls.js` counts them).
fn in_flight_is_zero() -> bool {
    record_api_calls();
    js_sys::Reflect::get(&gloo_utils::window(), &"apiInFlight".into()).ok().and_then(|n| n.as_f64()) == Some(0.0)
}

/// Whether the stand-in still knows a job (a describe that does not answer "does not exist").
async fn server_knows(job_id: &str) -> bool {
    let request = gloo_net::http::Request::post(&format!("{SIM_URL}/v2/vectordb/jobs/import/describe"))
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .body(format!(r#"{{"jobId":"{job_id}"}}"#))
        .expect("body");
    let response = request.send().await.expect("describe");
    let answer: serde_json::Value = serde_json::from_slice(&response.binary().await.expect("body")).expect("json");
    answer["code"] != 2100
}

#[wasm_bindgen_test]
async fn follows_a_job_to_completed() {
    let files = ["books/part-1.parquet", "books/part-2.parquet", "books/part-3.parquet"];
    let id = create(&files).await;
    let page = Page::mount().await;
    page.watch(TOKEN, &id, "0.5");
    wait_until("the bar at 100", 60, || page.job_progress().is_some_and(|(now, _)| now == "100"))
        .await
        .unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    let (_, text) = page.job_progress().expect("bar");
    assert_eq!(text, "Completed, 100 %");
    let rows = page.all(".files tbody tr");
    assert_eq!(rows.len(), 3);
    for (row, path) in rows.iter().zip(files) {
        assert_eq!(row.get_attribute("data-state").as_deref(), Some("Completed"));
        assert!(row.text_content().unwrap_or_default().contains(path), "{path} shown as a path, not a wire name");
        assert!(!row.text_content().unwrap_or_default().contains('['));
    }
    assert!(page.text(".job").contains("book_embeddings"));
    assert!(page.text(".status").contains("Final state reached"));
}

#[wasm_bindgen_test]
async fn a_failed_job_shows_its_reason() {
    let id = create(&["reviews/ok.json", "reviews/corrupt-2.json"]).await;
    let page = Page::mount().await;
    page.watch(TOKEN, &id, "0.5");
    wait_until("the failure", 60, || page.text(".job .state-badge") == "Failed").await.unwrap_or_else(|e| panic!("{e}"));
    let reason = page.text(".job .reason");
    assert!(reason.contains("dim mismatch") && reason.contains("file: id:"), "{reason}");
    // Bad data fails a job in pre-import, before any file is listed: the file is named from
    // the reason, and the table says why it is empty.
    assert_eq!(page.text(".job .reason-file dd"), "reviews/corrupt-2.json");
    assert!(page.text(".job .reason-cause").contains("dim mismatch"));
    assert!(page.text(".files").contains("failed before the server listed its files"), "{}", page.text(".files"));
}

#[wasm_bindgen_test]
async fn a_wrong_token_shows_the_token_message_and_stops() {
    let page = Page::mount().await;
    page.watch("root:wrong", "461829374610022401", "0.5");
    wait_until("the error banner", 20, || page.find("[role=alert]").is_some()).await.unwrap_or_else(|e| panic!("{e}"));
    let message = page.text("[role=alert]");
    assert!(message.contains("rejected the token") && message.contains("user:password"), "{message}");
    wait_until("polling to stop", 10, || page.text(".status") == "Polling stopped.").await.unwrap_or_else(|e| panic!("{e}"));
}

#[wasm_bindgen_test]
async fn after_stop_no_request_is_sent() {
    let (id, witness) = (create(&["slow/part-1.parquet"]).await, create(&["slow/witness.parquet"]).await);
    for job in [&id, &witness] {
        sim_admin("freeze", Some(format!(r#"{{"jobId":"{job}"}}"#))).await;
    }
    let page = Page::mount().await;
    let start = api_call_mark();
    page.watch(TOKEN, &id, "0.5");
    wait_for_calls(start, &id, 3, 60).await;
    page.click("Stop");
    let at_stop = api_call_mark();
    // A second page polling at the same interval: its four polls are four chances the stopped
    // one had to poll again, however slow the machine.
    let other = Page::mount().await;
    other.watch(TOKEN, &witness, "0.5");
    wait_for_calls(at_stop, &witness, 4, 120).await;
    assert_eq!(api_calls_since(at_stop, &id).await, 0, "requests after Stop");
    assert!(page.job_progress().is_some(), "the last data stays visible after Stop");
}

/// A job with its own pace and rows per file, through the stand-in's test API.
async fn create_paced(files: &[&str], rows: u64, rows_per_sec: f64, index_secs: f64) -> String {
    let body = serde_json::json!({"files": files.iter().map(|f| vec![*f]).collect::<Vec<_>>(), "rows": rows, "rowsPerSec": rows_per_sec, "indexSecs": index_secs});
    sim_admin("create", Some(body.to_string())).await["jobId"].as_str().expect("jobId").to_owned()
}

/// Ages one job by `secs` simulated seconds (the other tests' jobs are left alone).
async fn advance(job_id: &str, secs: f64) {
    let answer = sim_admin("advance", Some(format!(r#"{{"jobId":"{job_id}","secs":{secs}}}"#))).await;
    assert_eq!(answer["ok"], true, "{answer}");
}

/// Pretends the tab is hidden or visible (Page Visibility), as a browser does when the user
/// switches tabs.
fn set_hidden(hidden: bool) {
    let document = gloo_utils::document();
    let descriptor = js_sys::Object::new();
    let state = if hidden { "hidden" } else { "visible" };
    let _ = js_sys::Reflect::set(&descriptor, &"value".into(), &state.into());
    let _ = js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into());
    js_sys::Object::define_property(&document, &"visibilityState".into(), &descriptor);
    document.dispatch_event(&web_sys::Event::new("visibilitychange").expect("event")).expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_eta_shows_while_writing_and_goes_while_finalising() {
    // Writing for 16,667 simulated seconds (over 5 minutes at the harness's speed), so the
    // page finds it writing however slow the machine; then the test moves the job into its
    // index phase (100,000 s) instead of waiting for it.
    let id = create_paced(&["eta/part-1.parquet"], 10_000_000, 600.0, 100_000.0).await;
    let page = Page::mount().await;
    page.watch(TOKEN, &id, "0.5");
    wait_until("an ETA while rows are written", 30, || page.find(".job .eta").is_some())
        .await
        .unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    assert!(page.text(".job .eta").contains("estimate"));
    assert!(page.text(".job .explain").starts_with("Writing rows:"));
    assert!(page.text(".job .facts").contains("rows/s"));
    advance(&id, 17_000.0).await;
    let mut seen = vec![];
    wait_until("the finalising phase", 40, || {
        let now = format!("{} | {}", page.text(".job .explain"), page.job_progress().map(|p| p.1).unwrap_or_default());
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        page.text(".job .explain").starts_with("All rows written")
    })
    .await
    .unwrap_or_else(|e| panic!("{e}: {seen:?}"));
    assert!(page.find(".job .eta").is_none(), "no ETA while sorting and building the index");
}

#[wasm_bindgen_test]
async fn a_frozen_job_is_flagged_as_stalled() {
    // 20,000 simulated seconds of writing: still writing when the page looks, on any machine.
    let id = create_paced(&["stall/part-1.parquet"], 10_000_000, 500.0, 100.0).await;
    let page = Page::mount().await;
    page.fill("Stall alert after (min)", "0.05");
    page.watch(TOKEN, &id, "0.5");
    wait_until("writing", 20, || page.text(".job .explain").starts_with("Writing rows")).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(page.find(".job .stall").is_none(), "no alarm while rows move");
    sim_admin("freeze", Some(format!(r#"{{"jobId":"{id}"}}"#))).await;
    wait_until("the stall hint", 20, || page.find(".job .stall").is_some()).await.unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    assert!(page.text(".job .stall").contains("DataNode"), "{}", page.text(".job .stall"));
    sim_admin("resume", Some(format!(r#"{{"jobId":"{id}"}}"#))).await;
}

#[wasm_bindgen_test]
async fn a_job_past_retention_shows_the_kept_snapshot() {
    let id = create(&["kept/part-1.parquet"]).await;
    let page = Page::mount().await;
    page.watch(TOKEN, &id, "0.5");
    wait_until("completion", 60, || page.job_progress().is_some_and(|(now, _)| now == "100")).await.unwrap_or_else(|e| panic!("{e}"));
    drop(page);
    // The stand-in forgets finished jobs after an hour (72 s of real time here): age the job
    // past it, then wait until the stand-in has pruned it.
    advance(&id, 4_000.0).await;
    for _ in 0..600 {
        if !server_knows(&id).await {
            break;
        }
        TimeoutFuture::new(100).await;
    }
    assert!(!server_knows(&id).await, "the stand-in still knows {id}");
    let page = Page::mount().await;
    page.watch(TOKEN, &id, "0.5");
    wait_until("the kept copy", 20, || page.find(".job .note.kept").is_some()).await.unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    assert!(page.text(".job .note.kept").contains("no longer knows this job"));
    assert_eq!(page.job_progress().map(|(now, _)| now).as_deref(), Some("100"));
    assert!(page.text("[role=alert]").contains("does not exist"));
}

#[wasm_bindgen_test]
async fn copies_kept_in_local_storage_by_earlier_versions_move_into_the_history() {
    use milvus_import_monitor::history::{kept_key, HISTORY_KEY, INDEX_KEY};
    use milvus_import_monitor::view::history_queue::{HistoryCall, HistoryQueue};
    // A job this stand-in never had, kept by an earlier version in its one list (the history
    // may be open already: it takes what local storage holds before every call).
    let id = "449000000000000001";
    let storage = gloo_utils::window().local_storage().ok().flatten().expect("local storage");
    let key = kept_key(SIM_URL, id);
    let old = format!(
        r#"[{{"key":"{key}","saved_at_ms":1.0,"job":{{"jobId":"{id}","collectionName":"old","state":"Completed","progress":100,"totalRows":5,"fileSize":1,"details":[]}}}}]"#
    );
    storage.set_item(HISTORY_KEY, &old).expect("set");
    let page = Page::mount().await;
    page.watch(TOKEN, id, "0.5");
    wait_until("the kept copy", 20, || page.find(".job .note.kept").is_some()).await.unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    assert_eq!(page.job_progress().map(|(now, _)| now).as_deref(), Some("100"));
    assert_eq!(storage.get_item(HISTORY_KEY).expect("get"), None, "the old list is gone");
    assert_eq!(storage.get_item(INDEX_KEY).expect("get"), None, "nothing is kept in local storage now");
    let answer = std::rc::Rc::new(std::cell::RefCell::new(None));
    let reply = {
        let answer = answer.clone();
        yew::Callback::from(move |kept: Option<milvus_import_monitor::history::KeptJob>| *answer.borrow_mut() = Some(kept))
    };
    HistoryQueue::page().send(HistoryCall::Read { endpoint: SIM_URL.into(), job_id: id.into(), reply });
    wait_until("the history's answer", 20, || answer.borrow().is_some()).await.unwrap_or_else(|e| panic!("{e}"));
    let kept = answer.take().flatten().expect("the copy is in the history");
    assert_eq!((kept.job.collection_name.as_str(), kept.saved_at_ms), ("old", 1.0));
}

#[wasm_bindgen_test]
async fn a_hidden_tab_sends_no_requests_until_visible() {
    let id = create_paced(&["hidden/part-1.parquet"], 10_000_000, 100.0, 100.0).await;
    // Recording from before the first request, so what is in flight is known.
    record_api_calls();
    let page = Page::mount().await;
    page.watch(TOKEN, &id, "0.5");
    wait_until("polling", 20, || page.job_progress().is_some()).await.unwrap_or_else(|e| panic!("{e}"));
    set_hidden(true);
    wait_until("the paused status", 20, || page.text(".status").contains("hidden")).await.unwrap_or_else(|e| panic!("{e}"));
    // Once nothing is in flight, a widget that polled while hidden would hold a poll timer due
    // within one interval (0.5 s). Timers fire in the order they are due, so by the end of five
    // waits of an interval each, started one after the other, that timer would have fired and
    // its request started (it is counted where it starts), on a machine of any speed.
    wait_until("no request in flight", 60, in_flight_is_zero).await.unwrap_or_else(|e| panic!("{e}"));
    let hidden_at = api_call_mark();
    for _ in 0..5 {
        TimeoutFuture::new(500).await;
    }
    assert_eq!(api_calls_since(hidden_at, &id).await, 0, "requests while hidden; status: {}", page.text(".status"));
    assert!(page.text(".status").contains("hidden"));
    set_hidden(false);
    let visible_at = api_call_mark();
    wait_for_calls(visible_at, &id, 1, 20).await;
}

#[wasm_bindgen_test]
async fn list_then_click_watches_that_job() {
    let id = create(&["listed/part-1.parquet"]).await;
    let page = Page::mount().await;
    page.fill("Endpoint", SIM_URL);
    page.fill("Token", TOKEN);
    page.click("All jobs");
    let label = format!("Watch job {id}");
    let find_button = || page.all("button").into_iter().find(|b| b.get_attribute("aria-label").as_deref() == Some(label.as_str()));
    wait_until("the job in the list", 20, || find_button().is_some()).await.unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    find_button().expect("button").dyn_into::<HtmlElement>().expect("html").click();
    wait_until("the job view", 20, || page.text(".job h2").contains(&id)).await.unwrap_or_else(|e| panic!("{e}: {}", page.html()));
}

#[wasm_bindgen_test]
async fn create_then_watch_to_completed() {
    let page = Page::mount().await;
    page.fill("Endpoint", SIM_URL);
    page.fill("Token", TOKEN);
    page.fill("Poll every (s)", "0.5");
    page.click("New import");
    wait_until("the create form", 10, || page.find("#create-collection").is_some()).await.unwrap_or_else(|e| panic!("{e}"));
    page.fill("Collection", "book_embeddings");
    let files: web_sys::HtmlTextAreaElement = page.find("#create-files").expect("files").dyn_into().expect("textarea");
    files.set_value("created/part-1.parquet\ncreated/1/id.npy, created/1/vector.npy");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    files.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).expect("event")).expect("dispatch");
    page.click("Start import");
    wait_until("the new job at 100", 60, || page.job_progress().is_some_and(|(now, _)| now == "100"))
        .await
        .unwrap_or_else(|e| panic!("{e}: {}", page.html()));
    assert_eq!(page.all(".files tbody tr").len(), 2);
}

#[wasm_bindgen_test]
fn find_a_file_lowercases_every_script_as_the_browser_does() {
    use milvus_import_monitor::view::browser::lower_case;
    // The file table's search lowercases through the browser (no Unicode tables in the module).
    assert_eq!(lower_case("Bulk/Äpfel/ΣΟΦΙΑ.NPY"), "bulk/äpfel/σοφια.npy");
    let file = milvus_import_monitor::model::FileTask { file_name: "[in/ÄPFEL.parquet]".into(), ..Default::default() };
    assert!(milvus_import_monitor::state::file_matches(&file, "äpfel", lower_case));
}
