//! Each hook of `view::hooks` alone, in headless Chromium, with a small component of its own, as
//! yew-hooks tests `use_interval`: mounted with plain props, changed, unmounted; what it starts
//! is watched where the browser does it (each fetch's abort signal, the timers, local storage,
//! the address bar, the title, notifications, downloads). Requests go to the stand-in
//! (`SIM_URL`), and to one whose answers never come (`SLOW_SIM_URL`) for requests that must
//! still be in flight when the test stops them. Started by scripts/browser-tests.sh.
//!
//! "Nothing happened" is never waited for by a duration: a witness that must come later (a
//! timer armed after and due later, an answer asked for after) is waited for instead.

#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use milvus_import_monitor::client::{
    Client, Connection, CreateImport, Endpoint, FetchTransport, HttpRequest, ProgressRoute, Routes, Transport,
};
use milvus_import_monitor::history::KeptJob;
use milvus_import_monitor::host::MonitorEvent;
use milvus_import_monitor::job::BandTable;
use milvus_import_monitor::model::{ImportJob, JobState};
use milvus_import_monitor::report::{Report, ReportedJob};
use milvus_import_monitor::state::batch::{BatchAction, BatchEntry, BatchTarget, BatchWatch};
use milvus_import_monitor::state::{
    Action, Ask, CollectionKey, CreateAction, HistoryAction, JobAction, ListAction, ManualAction, ManualKind, Page, PollAnswer,
    PrecheckAction, QueueAction, ReadinessAction, Reply, RequestState, Snapshot, Tab, Watch,
};
use milvus_import_monitor::timeline::Timeline;
use milvus_import_monitor::view::browser::{local_storage, now_ms};
use milvus_import_monitor::view::history_queue::{HistoryCall, HistoryQueue};
use milvus_import_monitor::view::hooks::fetch::spawn_fetch;
use milvus_import_monitor::view::hooks::*;
use milvus_import_monitor::view::host::HostLink;
use milvus_import_monitor::ApiError;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const SIM_URL: &str = match option_env!("SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:19530",
};
const SLOW_SIM_URL: &str = match option_env!("SLOW_SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:19531",
};
const TOKEN: &str = "root:Milvus";

// ---- The harness ---------------------------------------------------------------------------

/// A component mounted in a `<div>` of its own; unmounted and removed when dropped.
struct Mounted<C: BaseComponent> {
    root: Element,
    app: Option<yew::AppHandle<C>>,
}

impl<C: BaseComponent> Mounted<C> {
    async fn new(props: C::Properties) -> Self {
        let document = gloo_utils::document();
        let root = document.create_element("div").expect("div");
        document.body().expect("body").append_child(&root).expect("append");
        let app = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
        settle().await;
        Mounted { root, app: Some(app) }
    }

    /// Renders again with `props` (as a parent's re-render would).
    async fn set(&mut self, props: C::Properties) {
        if let Some(app) = self.app.as_mut() {
            app.update(props);
        }
        settle().await;
    }

    async fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        settle().await;
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

/// Lets Yew's scheduler render and run the effects (it runs in microtasks and timers of 0 ms).
async fn settle() {
    for _ in 0..2 {
        TimeoutFuture::new(0).await;
    }
}

/// What a callback was called with, in order.
struct Log<T>(Rc<RefCell<Vec<T>>>);

impl<T: Clone + 'static> Log<T> {
    fn new() -> Self {
        Log(Rc::default())
    }

    fn callback(&self) -> Callback<T> {
        let log = self.0.clone();
        Callback::from(move |value| log.borrow_mut().push(value))
    }

    fn all(&self) -> Vec<T> {
        self.0.borrow().clone()
    }

    fn len(&self) -> usize {
        self.0.borrow().len()
    }
}

async fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..600 {
        if ready() {
            return;
        }
        TimeoutFuture::new(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// Runs a function body in the page.
fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body).call0(&JsValue::NULL).unwrap_or_else(|e| panic!("{body}: {e:?}"))
}

/// Records every fetch of the page (its URL and abort signal) in `window.fetchLog`, and answers
/// a fetch of the one-file page with `window.pageStub` while it is set. Installed once.
fn record_fetches() {
    js("if (!window.fetchLog) {
          window.fetchLog = [];
          const realFetch = window.fetch.bind(window);
          window.fetch = (input, init) => {
            const url = String(input?.url ?? input);
            window.fetchLog.push({ url, signal: init?.signal ?? input?.signal ?? null });
            if (window.pageStub && url.endsWith('/milvus-import-monitor.html')) {
              return Promise.resolve(new Response(window.pageStub, { headers: { 'Content-Type': 'text/html' } }));
            }
            return realFetch(input, init);
          };
        }");
}

/// For each recorded fetch whose URL holds `part`, in order: whether it was aborted.
fn fetches(part: &str) -> Vec<bool> {
    let list = js_sys::Function::new_with_args(
        "part",
        "return window.fetchLog.filter((f) => f.url.includes(part)).map((f) => !!f.signal?.aborted);",
    )
    .call1(&JsValue::NULL, &part.into())
    .expect("fetchLog");
    list.dyn_into::<js_sys::Array>().expect("array").iter().map(|aborted| aborted.is_truthy()).collect()
}

fn connection(url: &str) -> Connection {
    Connection::new(Endpoint::parse(url).expect("url"), TOKEN)
}

async fn create(files: &[&str]) -> String {
    let request = CreateImport::new("book_embeddings", files.iter().map(|f| vec![f.to_string()]).collect());
    let transport = FetchTransport::new(web_sys::AbortController::new().expect("controller"));
    Client::new(connection(SIM_URL), None).create(&transport, &request).await.expect("create").job_id
}

fn job(id: &str, state: JobState) -> ImportJob {
    ImportJob { job_id: id.into(), collection_name: "book_embeddings".into(), state, progress: 50, ..Default::default() }
}

// ---- use_requests ---------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct RequestsProps {
    ids: Vec<u64>,
    /// Where the requests of ids first seen in this render go.
    url: AttrValue,
    answered: Callback<u64>,
}

#[function_component]
fn RequestsProbe(props: &RequestsProps) -> Html {
    let (url, answered) = (props.url.clone(), props.answered.clone());
    use_requests(props.ids.clone(), move |id| {
        let request = HttpRequest { url: format!("{url}/v2/vectordb/jobs/import/describe?probe={id}"), headers: vec![], body: "{}".into() };
        let answered = answered.clone();
        spawn_fetch(move |fetch| async move { fetch.send(&request).await }, move |_| answered.emit(id))
    });
    html! {}
}

#[wasm_bindgen_test]
async fn use_requests_starts_each_id_once_and_aborts_what_is_no_longer_wanted() {
    record_fetches();
    let answered = Log::new();
    let props = |ids: &[u64], url: &'static str| RequestsProps { ids: ids.to_vec(), url: url.into(), answered: answered.callback() };
    let mut probe = Mounted::<RequestsProbe>::new(props(&[1], SLOW_SIM_URL)).await;
    wait_until("request 1", || fetches("probe=1") == [false]).await;
    probe.set(props(&[1, 2], SLOW_SIM_URL)).await;
    wait_until("request 2", || fetches("probe=2") == [false]).await;
    assert_eq!(fetches("probe=1"), [false], "an id already in flight is not asked again");
    probe.set(props(&[2], SLOW_SIM_URL)).await;
    assert_eq!((fetches("probe=1"), fetches("probe=2")), (vec![true], vec![false]), "1 aborted, 2 left alone");
    // 3 goes to the stand-in that answers. 1's abort ended its fetch before 3 was even sent:
    // had the late answer been delivered, it would be before 3's.
    probe.set(props(&[2, 3], SIM_URL)).await;
    wait_until("answer 3", || answered.len() == 1).await;
    assert_eq!(answered.all(), [3]);
    probe.unmount().await;
    assert_eq!(fetches("probe=2"), [true], "unmounting aborts what is in flight");
}

// ---- use_timeout, use_poll_timer, use_batch_timer ---------------------------------------------

#[derive(Properties, PartialEq)]
struct TimeoutProps {
    key_: u32,
    due: Option<Due>,
    fired: Callback<(u32, f64)>,
}

#[function_component]
fn TimeoutProbe(props: &TimeoutProps) -> Html {
    use_timeout(props.key_, props.due, props.fired.reform(|key| (key, now_ms())));
    html! {}
}

#[wasm_bindgen_test]
async fn use_timeout_fires_its_key_once_due_and_never_after_a_change_or_unmount() {
    let fired = Log::new();
    let props = |key_, due| TimeoutProps { key_, due, fired: fired.callback() };
    let keys = || fired.all().into_iter().map(|(key, _)| key).collect::<Vec<_>>();
    let mut probe = Mounted::<TimeoutProbe>::new(props(1, Some(Due::In(20)))).await;
    wait_until("key 1", || keys() == [1]).await;
    // Due at a `Date.now()` time: never called before it, however the browser's timer rounds.
    let at = now_ms() + 60.0;
    probe.set(props(2, Some(Due::At(at)))).await;
    wait_until("key 2", || keys() == [1, 2]).await;
    assert!(fired.all()[1].1 >= at, "fired at {} for {at}", fired.all()[1].1);
    // A new key drops the old timeout: 3 was due before 4.
    probe.set(props(3, Some(Due::In(100)))).await;
    probe.set(props(4, Some(Due::In(200)))).await;
    wait_until("key 4", || keys().len() == 3).await;
    assert_eq!(keys(), [1, 2, 4]);
    // Fired, the same key and due in another render (another callback) does not arm it again.
    probe.set(props(5, Some(Due::In(50)))).await;
    wait_until("key 5", || keys().contains(&5)).await;
    probe.set(props(5, Some(Due::In(50)))).await;
    // None drops it; then the witness, due later.
    probe.set(props(6, Some(Due::In(50)))).await;
    probe.set(props(6, None)).await;
    let mut witness = Mounted::<TimeoutProbe>::new(props(99, Some(Due::In(250)))).await;
    wait_until("the witness", || keys().contains(&99)).await;
    assert_eq!(keys(), [1, 2, 4, 5, 99], "5 once, 6 never");
    // Unmounted: dropped.
    probe.set(props(7, Some(Due::In(50)))).await;
    probe.unmount().await;
    witness.set(props(100, Some(Due::In(250)))).await;
    wait_until("the second witness", || keys().contains(&100)).await;
    assert!(!keys().contains(&7), "{:?}", keys());
}

#[derive(Properties, PartialEq)]
struct PollTimerProps {
    after: u64,
    delay_ms: Option<u32>,
    due: Callback<u64>,
}

#[function_component]
fn PollTimerProbe(props: &PollTimerProps) -> Html {
    use_poll_timer(props.after, props.delay_ms, props.due.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_poll_timer_calls_for_the_next_poll_after_each_answer() {
    let due = Log::new();
    let props = |after, delay_ms| PollTimerProps { after, delay_ms, due: due.callback() };
    let mut probe = Mounted::<PollTimerProbe>::new(props(1, Some(20))).await;
    wait_until("the poll after answer 1", || due.len() == 1).await;
    // No poll due (a final job, an error no retry can fix): nothing, until the next answer's.
    probe.set(props(2, None)).await;
    probe.set(props(3, Some(80))).await;
    wait_until("the poll after answer 3", || due.len() == 2).await;
    assert_eq!(due.all(), [1, 3]);
}

#[derive(Properties, PartialEq)]
struct BatchTimerProps {
    key_: (u64, u64),
    wake_at_ms: Option<f64>,
    ticks: Callback<f64>,
}

#[function_component]
fn BatchTimerProbe(props: &BatchTimerProps) -> Html {
    use_batch_timer(props.key_, props.wake_at_ms, props.ticks.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_batch_timer_wakes_the_scheduler_at_its_time_and_is_re_armed_by_each_request() {
    let ticks = Log::new();
    let props = |key_, wake_at_ms| BatchTimerProps { key_, wake_at_ms, ticks: ticks.callback() };
    let first = now_ms() + 40.0;
    let mut probe = Mounted::<BatchTimerProbe>::new(props((1, 0), Some(first))).await;
    wait_until("the first tick", || ticks.len() == 1).await;
    assert!(ticks.all()[0] >= first, "the tick carries the time it fired at, not before its time");
    // Every request in flight: no timer (an answer wakes it); the next request re-arms it.
    probe.set(props((2, 0), None)).await;
    let second = now_ms() + 40.0;
    probe.set(props((2, 1), Some(second))).await;
    wait_until("the second tick", || ticks.len() == 2).await;
    assert!(ticks.all()[1] >= second);
}

// ---- use_job_poll, use_batch_poll ------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct JobPollProps {
    request: Option<(u64, Rc<Watch>)>,
    routes: Routes,
    answers: Callback<PollAnswer>,
}

#[function_component]
fn JobPollProbe(props: &JobPollProps) -> Html {
    use_job_poll(props.request.clone(), props.routes.clone(), props.answers.clone());
    html! {}
}

fn watch(url: &str, job_id: &str) -> Rc<Watch> {
    Rc::new(Watch { connection: connection(url), job_id: job_id.into(), interval_ms: 500, started_ms: now_ms() })
}

#[wasm_bindgen_test]
async fn use_job_poll_answers_each_request_with_its_id_and_route_and_aborts_a_dropped_one() {
    record_fetches();
    let job_id = create(&["hooks/poll.parquet"]).await;
    let (answers, routes) = (Log::new(), Routes::default());
    let props = |request: Option<(u64, Rc<Watch>)>| JobPollProps { request, routes: routes.clone(), answers: answers.callback() };
    let mut probe = Mounted::<JobPollProbe>::new(props(Some((1, watch(SIM_URL, &job_id))))).await;
    wait_until("answer 1", || answers.len() == 1).await;
    let first = answers.all().remove(0);
    assert_eq!((first.id, first.route), (1, Some(ProgressRoute::Describe)));
    assert_eq!(first.result.as_ref().map(|job| job.job_id.as_str()), Ok(job_id.as_str()));
    assert!((0.0..1.0).contains(&first.jitter));
    let endpoint = Endpoint::parse(SIM_URL).expect("url");
    assert_eq!(routes.borrow().route_for(&endpoint), ProgressRoute::Describe, "the route is kept in the routes handed in");
    probe.set(props(Some((2, watch(SIM_URL, &job_id))))).await;
    wait_until("answer 2", || answers.len() == 2).await;
    assert_eq!(answers.all()[1].id, 2);
    // A request that is no longer the one loading (Stop) is aborted, and never answered.
    let before = fetches(&format!("{SLOW_SIM_URL}/v2/vectordb/jobs/import/describe")).len();
    probe.set(props(Some((3, watch(SLOW_SIM_URL, &job_id))))).await;
    wait_until("request 3", || fetches(&format!("{SLOW_SIM_URL}/v2/vectordb/jobs/import/describe")).len() == before + 1).await;
    probe.set(props(None)).await;
    assert_eq!(fetches(&format!("{SLOW_SIM_URL}/v2/vectordb/jobs/import/describe")).last(), Some(&true));
    probe.set(props(Some((4, watch(SIM_URL, &job_id))))).await;
    wait_until("answer 4", || answers.len() == 3).await;
    assert_eq!(answers.all().iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2, 4]);
}

#[derive(Properties, PartialEq)]
struct BatchPollProps {
    requests: Vec<(u64, usize, String)>,
    target: Option<Rc<BatchTarget>>,
    routes: Routes,
    answers: Callback<BatchAction>,
}

#[function_component]
fn BatchPollProbe(props: &BatchPollProps) -> Html {
    use_batch_poll(props.requests.clone(), props.target.clone(), props.routes.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_batch_poll_answers_every_job_asked_for_with_its_request_id() {
    let (a, b) = (create(&["hooks/batch-a.parquet"]).await, create(&["hooks/batch-b.parquet"]).await);
    let (answers, routes) = (Log::new(), Routes::default());
    let target = Rc::new(BatchTarget::one_server(connection(SIM_URL), 500, now_ms()));
    let props = BatchPollProps {
        requests: vec![(7, 0, a.clone()), (8, 0, b.clone())],
        target: Some(target),
        routes: routes.clone(),
        answers: answers.callback(),
    };
    let _probe = Mounted::<BatchPollProbe>::new(props).await;
    wait_until("both answers", || answers.len() == 2).await;
    let mut answered: Vec<(u64, String)> = answers
        .all()
        .into_iter()
        .map(|action| match action {
            BatchAction::Response(PollAnswer { id, result: Ok(job), route: Some(ProgressRoute::Describe), .. }) => (id, job.job_id),
            other => panic!("not an answer on describe: {other:?}"),
        })
        .collect();
    answered.sort();
    assert_eq!(answered, [(7, a), (8, b)]);
    assert_eq!(routes.borrow().route_for(&Endpoint::parse(SIM_URL).expect("url")), ProgressRoute::Describe);
}

// ---- use_job_list, use_list_refresh, use_create_import, use_commit_abort ---------------------------

#[derive(Properties, PartialEq)]
struct JobListProps {
    request: Option<ListRequest>,
    answers: Callback<ListAction>,
}

#[function_component]
fn JobListProbe(props: &JobListProps) -> Html {
    use_job_list(props.request.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_job_list_lists_the_server_s_jobs_or_answers_at_once_with_why_it_cannot() {
    let job_id = create(&["hooks/list.parquet"]).await;
    let answers = Log::new();
    let props = |request| JobListProps { request: Some(request), answers: answers.callback() };
    let mut probe = Mounted::<JobListProbe>::new(props((1, Ok(connection(SIM_URL)), None))).await;
    wait_until("the list", || answers.len() == 1).await;
    match answers.all().remove(0) {
        ListAction::Response { id: 1, result: Ok(list), .. } => assert!(list.records.iter().any(|r| r.job_id == job_id), "{list:?}"),
        other => panic!("{other:?}"),
    }
    let unusable = ApiError::InvalidEndpoint { input: "ftp://milvus".into() };
    probe.set(props((2, Err(unusable.clone()), None))).await;
    wait_until("the refusal", || answers.len() == 2).await;
    assert!(matches!(&answers.all()[1], ListAction::Response { id: 2, result: Err(error), .. } if *error == unusable));
    // The collection asked for is sent (another collection's jobs are not listed).
    probe.set(props((3, Ok(connection(SIM_URL)), Some("no_such_collection".into())))).await;
    wait_until("the filtered list", || answers.len() == 3).await;
    match &answers.all()[2] {
        ListAction::Response { id: 3, result: Err(ApiError::Milvus { message, .. }), .. } => {
            assert!(message.contains("collection not found"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[derive(Properties, PartialEq)]
struct ListRefreshProps {
    answered: Option<u64>,
    due: bool,
    refresh: Callback<()>,
}

#[function_component]
fn ListRefreshProbe(props: &ListRefreshProps) -> Html {
    use_list_refresh(props.answered, props.due, props.refresh.clone());
    html! {}
}

/// Records the page's timers in `window.timers` (`delay`, `cleared`). Installed once.
fn record_timers() {
    js("if (!window.timers) {
          window.timers = [];
          const realSet = window.setTimeout.bind(window), realClear = window.clearTimeout.bind(window);
          window.setTimeout = (fn, delay, ...rest) => {
            const id = realSet(fn, delay, ...rest);
            window.timers.push({ id, delay, cleared: false });
            return id;
          };
          window.clearTimeout = (id) => {
            for (const t of window.timers) if (t.id === id) t.cleared = true;
            realClear(id);
          };
        }");
}

/// The recorded timers of about `ms` (the alarm rounds up what is left), cleared or not.
fn timers_of(ms: f64) -> Vec<bool> {
    let list = js_sys::Function::new_with_args(
        "ms",
        "return window.timers.filter((t) => t.delay > ms - 1000 && t.delay <= ms).map((t) => t.cleared);",
    )
    .call1(&JsValue::NULL, &ms.into())
    .expect("timers");
    list.dyn_into::<js_sys::Array>().expect("array").iter().map(|cleared| cleared.is_truthy()).collect()
}

/// The recorded timers with a delay in `(low, high]`, cleared or not.
fn timers_in(low: f64, high: f64) -> Vec<bool> {
    let list = js_sys::Function::new_with_args(
        "low, high",
        "return window.timers.filter((t) => t.delay > low && t.delay <= high).map((t) => t.cleared);",
    )
    .call2(&JsValue::NULL, &low.into(), &high.into())
    .expect("timers");
    list.dyn_into::<js_sys::Array>().expect("array").iter().map(|cleared| cleared.is_truthy()).collect()
}

#[wasm_bindgen_test]
async fn use_list_refresh_arms_one_30_s_timer_per_answer_while_due() {
    record_timers();
    let refreshed = Log::new();
    let props = |answered, due| ListRefreshProps { answered, due, refresh: refreshed.callback() };
    let before = timers_of(30_000.0).len();
    let mut probe = Mounted::<ListRefreshProbe>::new(props(Some(1), true)).await;
    assert_eq!(timers_of(30_000.0)[before..], [false], "armed for 30 s: list is expensive on the server");
    probe.set(props(Some(1), true)).await;
    assert_eq!(timers_of(30_000.0).len(), before + 1, "not again for the same answer");
    // Another tab opened, or the page hidden: dropped.
    probe.set(props(Some(1), false)).await;
    assert_eq!(timers_of(30_000.0)[before..], [true]);
    probe.set(props(Some(2), true)).await;
    assert_eq!(timers_of(30_000.0)[before..], [true, false]);
    probe.unmount().await;
    assert_eq!(timers_of(30_000.0)[before..], [true, true]);
    assert_eq!(refreshed.len(), 0);
}

#[derive(Properties, PartialEq)]
struct CreateProps {
    request: Option<(u64, Connection, CreateImport)>,
    answers: Callback<CreateAction>,
}

#[function_component]
fn CreateProbe(props: &CreateProps) -> Html {
    use_create_import(props.request.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_create_import_starts_the_import_and_answers_with_its_job_id() {
    let answers = Log::new();
    let request = CreateImport::new("book_embeddings", vec![vec!["hooks/created.parquet".into()]]);
    let _probe =
        Mounted::<CreateProbe>::new(CreateProps { request: Some((5, connection(SIM_URL), request)), answers: answers.callback() }).await;
    wait_until("the new job's ID", || answers.len() == 1).await;
    let CreateAction::Response { id: 5, result: Ok(job_id), .. } = answers.all().remove(0) else { panic!("{:?}", answers.all()) };
    // The server knows it.
    let transport = FetchTransport::new(web_sys::AbortController::new().expect("controller"));
    let job = Client::new(connection(SIM_URL), None).progress(&transport, &job_id).await.expect("the new job");
    assert_eq!(job.collection_name, "book_embeddings");
}

#[derive(Properties, PartialEq)]
struct CommitAbortProps {
    request: Option<ManualRequest>,
    answers: Callback<ManualAction>,
}

#[function_component]
fn CommitAbortProbe(props: &CommitAbortProps) -> Html {
    use_commit_abort(props.request.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_commit_abort_sends_one_job_at_a_time_and_stops_at_the_first_error() {
    record_fetches();
    let answers = Log::new();
    let sent = || fetches(&format!("{SIM_URL}/v2/vectordb/jobs/import/commit")).len();
    let before = sent();
    // The stand-in is 2.5: no commit route (3.0 has it), so the first commit fails.
    let request =
        ManualRequest { id: 3, kind: ManualKind::Commit, jobs: vec![("1".into(), connection(SIM_URL)), ("2".into(), connection(SIM_URL))] };
    let _probe = Mounted::<CommitAbortProbe>::new(CommitAbortProps { request: Some(request), answers: answers.callback() }).await;
    wait_until("the answer", || answers.len() == 1).await;
    assert!(matches!(&answers.all()[0], ManualAction::Response { id: 3, result: Err(ApiError::RouteNotFound), .. }), "{:?}", answers.all());
    assert_eq!(sent() - before, 1, "the second job is not sent after the first failed");
}

// ---- The host's link and events ------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct HostLinkProps {
    link: Option<HostLink>,
}

#[function_component]
fn HostLinkProbe(props: &HostLinkProps) -> Html {
    let page = use_reducer(Page::default);
    use_host_link(props.link.clone(), page.dispatcher());
    html! { <p>{ format!("{:?}", page.tab) }</p> }
}

#[wasm_bindgen_test]
async fn use_host_link_delivers_the_host_s_actions_while_mounted_and_queues_them_otherwise() {
    let link = HostLink::default();
    // Sent before the first render: waits, then arrives in order.
    link.send(Action::ShowTab(Tab::Jobs));
    link.send(Action::ShowTab(Tab::Create));
    let mut probe = Mounted::<HostLinkProbe>::new(HostLinkProps { link: Some(link.clone()) }).await;
    wait_until("the queued actions", || probe.text() == "Create").await;
    link.send(Action::ShowTab(Tab::Jobs));
    wait_until("an action sent while mounted", || probe.text() == "Jobs").await;
    // Unmounted, the link lets go of that widget's reducer: the next one gets what comes.
    probe.unmount().await;
    link.send(Action::ShowTab(Tab::Create));
    let next = Mounted::<HostLinkProbe>::new(HostLinkProps { link: Some(link.clone()) }).await;
    wait_until("the action sent between the two", || next.text() == "Create").await;
}

#[derive(Properties, PartialEq)]
struct JobEventsProps {
    answered: Option<u64>,
    news: Vec<MonitorEvent>,
    events: Option<Callback<MonitorEvent>>,
}

#[function_component]
fn JobEventsProbe(props: &JobEventsProps) -> Html {
    use_news(props.answered, props.news.clone(), props.events.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_news_tells_the_host_each_answer_s_news_once() {
    let events = Log::new();
    let (running, done) = (Rc::new(job("1", JobState::Importing)), Rc::new(job("1", JobState::Completed)));
    let props = |answered, news: Vec<MonitorEvent>| JobEventsProps { answered, news, events: Some(events.callback()) };
    let mut probe = Mounted::<JobEventsProbe>::new(props(Some(1), vec![MonitorEvent::Progress(running.clone())])).await;
    wait_until("the first answer's news", || events.len() == 1).await;
    // A render without a new answer tells nothing, whatever the news would be.
    probe.set(props(Some(1), vec![MonitorEvent::Complete(done.clone())])).await;
    probe.set(props(Some(2), vec![MonitorEvent::Progress(done.clone()), MonitorEvent::Complete(done.clone())])).await;
    wait_until("the second answer's news", || events.len() == 3).await;
    assert_eq!(events.all(), [MonitorEvent::Progress(running), MonitorEvent::Progress(done.clone()), MonitorEvent::Complete(done)]);
    // No host (the standalone page): nothing to tell, nothing breaks.
    probe.set(JobEventsProps { answered: Some(3), news: vec![], events: None }).await;
    assert_eq!(events.len(), 3);
}

#[derive(Properties, PartialEq)]
struct BatchEventsProps {
    answers: u64,
    batch: Option<BatchWatch>,
    events: Option<Callback<MonitorEvent>>,
}

#[function_component]
fn BatchEventsProbe(props: &BatchEventsProps) -> Html {
    use_batch_events(props.answers, props.batch.clone(), props.events.clone());
    html! {}
}

fn batch_of(target: &Rc<BatchTarget>, jobs: &[(&str, Option<Rc<ImportJob>>)]) -> BatchWatch {
    let entries = jobs
        .iter()
        .map(|(id, job)| BatchEntry { job: job.clone(), request: RequestState::Ready, due_ms: None, ..BatchEntry::new(id, 0.0) })
        .collect();
    BatchWatch { target: Some(target.clone()), entries, ..BatchWatch::default() }
}

#[wasm_bindgen_test]
async fn use_batch_events_tells_each_job_s_new_answer_once_and_the_batch_s_end_once() {
    let events = Log::new();
    let target = Rc::new(BatchTarget::one_server(connection(SIM_URL), 500, 0.0));
    let (a_running, a_done, b_failed) =
        (Rc::new(job("1", JobState::Importing)), Rc::new(job("1", JobState::Completed)), Rc::new(job("2", JobState::Failed)));
    let props = |answers, batch| BatchEventsProps { answers, batch: Some(batch), events: Some(events.callback()) };
    let running = batch_of(&target, &[("1", Some(a_running.clone())), ("2", None)]);
    let mut probe = Mounted::<BatchEventsProbe>::new(props(1, running.clone())).await;
    wait_until("job 1's answer", || events.len() == 1).await;
    probe.set(props(2, running)).await;
    let ended = batch_of(&target, &[("1", Some(a_done.clone())), ("2", Some(b_failed.clone()))]);
    probe.set(props(3, ended.clone())).await;
    wait_until("the end", || events.len() == 6).await;
    assert_eq!(
        events.all(),
        [
            MonitorEvent::Progress(a_running),
            MonitorEvent::Progress(a_done.clone()),
            MonitorEvent::Complete(a_done.clone()),
            MonitorEvent::Progress(b_failed.clone()),
            MonitorEvent::Failed(b_failed.clone()),
            MonitorEvent::BatchComplete(vec![a_done, b_failed]),
        ],
        "answer 2 changed nothing: nothing told"
    );
    probe.set(props(4, ended)).await;
    assert_eq!(events.len(), 6, "the end is told once");
}

// ---- The copies kept in this browser ---------------------------------------------------------

#[derive(Properties, PartialEq)]
struct KeptCopyProps {
    kept: KeptCopy,
    actions: Callback<JobAction>,
}

#[function_component]
fn KeptCopyProbe(props: &KeptCopyProps) -> Html {
    use_kept_copy(props.kept.clone(), HistoryQueue::page(), props.actions.clone());
    html! {}
}

/// A server no other test uses, so what these tests keep is theirs alone.
const KEPT_SERVER: &str = "http://hooks-kept.test:19530";

/// Keeps a copy in the page's history, as a watch does.
fn keep_in_history(endpoint: &str, job: ImportJob, saved_at_ms: f64, timeline: Option<Timeline>) {
    HistoryQueue::page().send(HistoryCall::Keep {
        endpoint: endpoint.into(),
        job: Box::new(job),
        saved_at_ms,
        timeline: timeline.map(Box::new),
        batch: None,
    });
}

/// A job's copy as the page's history holds it, read through its queue.
async fn kept_in_history(endpoint: &str, job_id: &str) -> Option<KeptJob> {
    let answer = Rc::new(RefCell::new(None::<Option<KeptJob>>));
    let reply = {
        let answer = answer.clone();
        Callback::from(move |kept| *answer.borrow_mut() = Some(kept))
    };
    HistoryQueue::page().send(HistoryCall::Read { endpoint: endpoint.into(), job_id: job_id.into(), reply });
    wait_until("the history's answer", || answer.borrow().is_some()).await;
    answer.take().flatten()
}

#[wasm_bindgen_test]
async fn use_kept_copy_recalls_the_curve_then_keeps_the_live_job_and_restores_it_once_forgotten() {
    let mut timeline = Timeline::default();
    timeline.observe(&job("900", JobState::Importing), BandTable::Modern, 1_000.0);
    keep_in_history(KEPT_SERVER, job("900", JobState::Completed), 2_000.0, Some(timeline.clone()));
    let actions = Log::new();
    let kept = |id: &str, live: Option<Rc<Snapshot>>, missing, answered| KeptCopy {
        watched: Some((KEPT_SERVER.into(), id.into())),
        live,
        timeline: Rc::default(),
        missing,
        answered,
    };
    let props = |kept| KeptCopyProps { kept, actions: actions.callback() };
    // Watched again (a reload, a link): the curve an earlier visit recorded comes back.
    let mut probe = Mounted::<KeptCopyProbe>::new(props(kept("900", None, false, None))).await;
    wait_until("the recalled curve", || actions.len() == 1).await;
    assert_eq!(actions.all()[0], JobAction::Recall { job_id: "900".into(), timeline: timeline.clone() });
    // The server forgot it: the kept copy is shown.
    probe.set(props(kept("900", None, true, Some(1)))).await;
    wait_until("the restored copy", || actions.len() == 2).await;
    assert!(
        matches!(&actions.all()[1], JobAction::Restore { job, saved_at_ms, .. } if job.state == JobState::Completed && *saved_at_ms == 2_000.0),
        "{:?}",
        actions.all()[1]
    );
    // Another job, live: kept once its (absent) earlier curve has been looked for, in the
    // page's IndexedDB, never in local storage, never with the token.
    let live = Rc::new(Snapshot::new(job("901", JobState::Importing), None, now_ms()));
    probe.set(props(kept("901", Some(live), false, Some(2)))).await;
    let mut copy = None;
    for _ in 0..100 {
        copy = kept_in_history(KEPT_SERVER, "901").await;
        if copy.is_some() {
            break;
        }
        TimeoutFuture::new(20).await;
    }
    assert_eq!(copy.map(|k| k.job.state), Some(JobState::Importing));
    assert_eq!(actions.len(), 2, "no curve to recall for 901");
    let stored = js_sys::JSON::stringify(&js("return { ...localStorage }")).expect("json").as_string().unwrap_or_default();
    assert!(!stored.contains(TOKEN) && !stored.contains("hooks-kept.test"), "{stored}");
}

#[derive(Properties, PartialEq)]
struct KeptBatchProps {
    kept: KeptBatch,
    actions: Callback<BatchAction>,
}

#[function_component]
fn KeptBatchProbe(props: &KeptBatchProps) -> Html {
    use_kept_batch(props.kept.clone(), HistoryQueue::page(), props.actions.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_kept_batch_keeps_each_live_job_and_restores_the_forgotten_ones_once() {
    keep_in_history(KEPT_SERVER, job("911", JobState::Failed), 3_000.0, None);
    let actions = Log::new();
    let kept = |answers| KeptBatch {
        endpoints: vec![KEPT_SERVER.into()],
        live: vec![(0, Rc::new(job("910", JobState::Importing)))],
        wanted: vec![(0, "911".into())],
        answers,
        batch: Some("2 jobs from http://hooks-kept.test:19530 910".into()),
    };
    let mut probe = Mounted::<KeptBatchProbe>::new(KeptBatchProps { kept: kept(1), actions: actions.callback() }).await;
    wait_until("the restored job", || actions.len() == 1).await;
    assert!(matches!(&actions.all()[0], BatchAction::Restore { job, saved_at_ms, .. } if job.job_id == "911" && *saved_at_ms == 3_000.0));
    let mut copy = None;
    for _ in 0..100 {
        copy = kept_in_history(KEPT_SERVER, "910").await;
        if copy.is_some() {
            break;
        }
        TimeoutFuture::new(20).await;
    }
    assert_eq!(
        copy.map(|k| (k.job.state, k.batch)),
        Some((JobState::Importing, Some("2 jobs from http://hooks-kept.test:19530 910".to_owned()))),
        "kept as one of its batch"
    );
    // Another answer, the job still wanted (the probe does not take the restore): it is not
    // asked for again; every call before this read has answered.
    probe.set(KeptBatchProps { kept: kept(2), actions: actions.callback() }).await;
    let _ = kept_in_history(KEPT_SERVER, "910").await;
    assert_eq!(actions.len(), 1, "asked once while wanted");
}

#[derive(Properties, PartialEq)]
struct HistoryProps {
    shown: bool,
    actions: Callback<HistoryAction>,
    calls: Rc<RefCell<Option<HistoryCalls>>>,
}

#[function_component]
fn HistoryProbe(props: &HistoryProps) -> Html {
    let calls = use_history(props.shown, HistoryQueue::page(), props.actions.clone());
    *props.calls.borrow_mut() = Some(calls);
    html! {}
}

#[wasm_bindgen_test]
async fn use_history_reads_the_catalogue_only_when_shown_and_forgets_and_imports() {
    const SERVER: &str = "http://hooks-history.test:19530";
    keep_in_history(SERVER, ImportJob { collection_name: "books".into(), ..job("920", JobState::Completed) }, 4_000.0, None);
    let actions = Log::new();
    let calls = Rc::new(RefCell::new(None));
    let props = |shown| HistoryProps { shown, actions: actions.callback(), calls: calls.clone() };
    let mut probe = Mounted::<HistoryProbe>::new(props(false)).await;
    // Every call sent before this read has answered: hidden, the tab read nothing.
    let _ = kept_in_history(SERVER, "920").await;
    assert_eq!(actions.len(), 0, "hidden: no catalogue read");
    probe.set(props(true)).await;
    wait_until("the catalogue", || actions.len() == 1).await;
    let HistoryAction::Loaded(Ok(catalogue)) = &actions.all()[0] else { panic!("{:?}", actions.all()) };
    let entry = catalogue.entries.iter().find(|e| e.endpoint == SERVER).expect("the kept job is listed");
    assert_eq!((entry.job_id.as_str(), entry.collection.as_str(), entry.state.as_str()), ("920", "books", "Completed"));
    let handle = calls.borrow().clone().expect("the calls");
    // A file with one good job and one of the wrong shape.
    let good = serde_json::json!({ "key": format!("{SERVER} 921"), "saved_at_ms": 5_000.0,
        "job": { "jobId": "921", "collectionName": "books", "state": "Failed", "progress": 40 } });
    let text = serde_json::json!({ "format": "milvus-import-monitor.history", "version": 1, "exportedAt": "2026-12-06T00:00:00Z",
        "jobs": [good, { "key": 5 }] })
    .to_string();
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    handle.onimport.emit(web_sys::File::new_with_str_sequence(&parts, "history.json").expect("a file"));
    wait_until("the import", || actions.len() == 2).await;
    assert!(matches!(&actions.all()[1], HistoryAction::Imported { added: 1, skipped: 1, .. }), "{:?}", actions.all()[1]);
    handle.onforget.emit(Some(SERVER.into()));
    wait_until("the forgetting", || actions.len() == 3).await;
    let HistoryAction::Forgot { removed, catalogue, .. } = &actions.all()[2] else { panic!("{:?}", actions.all()) };
    assert_eq!(*removed, 2);
    assert!(catalogue.entries.iter().all(|e| e.endpoint != SERVER));
    assert_eq!(kept_in_history(SERVER, "920").await, None);
}

// ---- The page: visibility, notification, token, title, address bar, Escape ----------------------

#[derive(Properties, PartialEq)]
struct VisibilityProps {
    autostart: bool,
    changes: Callback<bool>,
    starts: Callback<()>,
}

#[function_component]
fn VisibilityProbe(props: &VisibilityProps) -> Html {
    use_visibility(props.autostart, props.changes.clone(), props.starts.clone());
    html! {}
}

fn set_visibility(state: &str) {
    js(&format!(
        "Object.defineProperty(document, 'visibilityState', {{ value: '{state}', configurable: true }});
         document.dispatchEvent(new Event('visibilitychange'));"
    ));
}

#[wasm_bindgen_test]
async fn use_visibility_starts_once_and_reports_each_change_while_mounted() {
    let (changes, starts) = (Log::new(), Log::new());
    let props = || VisibilityProps { autostart: true, changes: changes.callback(), starts: starts.callback() };
    let mut probe = Mounted::<VisibilityProbe>::new(props()).await;
    probe.set(props()).await;
    assert_eq!(starts.len(), 1, "started once, at mount");
    set_visibility("hidden");
    set_visibility("visible");
    assert_eq!(changes.all(), [false, true]);
    probe.unmount().await;
    set_visibility("hidden");
    set_visibility("visible");
    js("delete document.visibilityState;");
    assert_eq!(changes.len(), 2, "no listener left behind");
    let _quiet =
        Mounted::<VisibilityProbe>::new(VisibilityProps { autostart: false, changes: changes.callback(), starts: starts.callback() }).await;
    assert_eq!(starts.len(), 1);
}

#[derive(Properties, PartialEq)]
struct NotificationProps {
    notice: Option<(String, String)>,
    wanted: bool,
}

#[function_component]
fn NotificationProbe(props: &NotificationProps) -> Html {
    use_notification(props.notice.clone(), props.wanted);
    html! {}
}

#[wasm_bindgen_test]
async fn use_notification_shows_each_notice_once_when_asked_for() {
    // Notifications recorded instead of shown, permission granted.
    js("window.realNotification = window.realNotification ?? window.Notification;
        window.notifications = [];
        window.Notification = class {
          static permission = 'granted';
          static requestPermission() { return Promise.resolve('granted'); }
          constructor(title, options) { window.notifications.push([title, options?.body]); }
        };");
    let shown = || js_sys::JSON::stringify(&js("return window.notifications")).expect("json").as_string().unwrap_or_default();
    let notice = |title: &str| Some((title.to_owned(), "5 jobs: 4 completed, 1 failed.".to_owned()));
    let mut probe = Mounted::<NotificationProbe>::new(NotificationProps { notice: None, wanted: true }).await;
    probe.set(NotificationProps { notice: notice("Import batch ended"), wanted: true }).await;
    probe.set(NotificationProps { notice: notice("Import batch ended"), wanted: true }).await;
    probe.set(NotificationProps { notice: notice("Import ended"), wanted: false }).await;
    js("window.Notification = window.realNotification;");
    assert_eq!(shown(), r#"[["Import batch ended","5 jobs: 4 completed, 1 failed."]]"#);
}

#[derive(Properties, PartialEq)]
struct TokenProps {
    remembered: Option<(bool, String)>,
}

#[function_component]
fn TokenProbe(props: &TokenProps) -> Html {
    use_remembered_token(props.remembered.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_remembered_token_keeps_the_token_only_while_asked_to() {
    let stored = || js("return localStorage.getItem('milvus-import-monitor.token')").as_string();
    let props = |remembered: Option<(bool, &str)>| TokenProps { remembered: remembered.map(|(r, t)| (r, t.to_owned())) };
    let mut probe = Mounted::<TokenProbe>::new(props(Some((true, TOKEN)))).await;
    assert_eq!(stored().as_deref(), Some(TOKEN));
    probe.set(props(Some((false, TOKEN)))).await;
    assert_eq!(stored(), None, "unticked: forgotten at once");
    probe.set(props(Some((true, "")))).await;
    assert_eq!(stored(), None, "an empty token is not kept");
    probe.set(props(Some((true, "user:secret")))).await;
    // An embedded widget never touches it.
    probe.set(props(None)).await;
    assert_eq!(stored().as_deref(), Some("user:secret"));
    js("localStorage.removeItem('milvus-import-monitor.token')");
}

#[derive(Properties, PartialEq)]
struct TitleProps {
    title: Option<String>,
}

#[function_component]
fn TitleProbe(props: &TitleProps) -> Html {
    use_title(props.title.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_title_sets_the_tab_s_title_when_the_page_owns_it() {
    let document = gloo_utils::document();
    let before = document.title();
    let mut probe = Mounted::<TitleProbe>::new(TitleProps { title: Some("62 % · Importing · job 7".into()) }).await;
    assert_eq!(document.title(), "62 % · Importing · job 7");
    document.set_title("the host's title");
    probe.set(TitleProps { title: None }).await;
    assert_eq!(document.title(), "the host's title");
    document.set_title(&before);
}

#[derive(Properties, PartialEq)]
struct AddressProps {
    query: Option<String>,
}

#[function_component]
fn AddressProbe(props: &AddressProps) -> Html {
    use_address_bar(props.query.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_address_bar_puts_what_is_watched_in_the_address_bar() {
    let location = gloo_utils::window().location();
    let before = location.href().expect("href");
    let path = location.pathname().expect("path");
    let history = gloo_utils::window().history().expect("history");
    let length = history.length().expect("length");
    let query = "?endpoint=http%3A%2F%2Fmilvus%3A19530&jobId=7&jobId=8";
    let mut probe = Mounted::<AddressProbe>::new(AddressProps { query: Some(query.into()) }).await;
    assert_eq!((location.pathname().expect("path"), location.search().expect("search")), (path.clone(), query.to_owned()));
    assert_eq!(history.length().expect("length"), length, "replaced, not a new history entry");
    probe.set(AddressProps { query: None }).await;
    assert_eq!(location.search().expect("search"), query, "None leaves it");
    history.replace_state_with_url(&JsValue::NULL, "", Some(&before)).expect("restore");
}

#[derive(Properties, PartialEq)]
struct EscapeProps {
    standalone: bool,
    escapes: Callback<()>,
}

#[function_component]
fn EscapeProbe(props: &EscapeProps) -> Html {
    use_escape(props.escapes.clone(), props.standalone);
    html! { <button>{ "a button" }</button> }
}

/// A key pressed with the focus on `target`.
fn press(target: &web_sys::EventTarget, key: &str) {
    js_sys::Function::new_with_args(
        "target, key",
        "target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));",
    )
    .call2(&JsValue::NULL, target, &key.into())
    .expect("dispatch");
}

#[wasm_bindgen_test]
async fn use_escape_hears_escape_anywhere_unless_handled_or_embedded() {
    let escapes = Log::new();
    let mut probe = Mounted::<EscapeProbe>::new(EscapeProps { standalone: true, escapes: escapes.callback() }).await;
    let button: web_sys::EventTarget = probe.find("button").expect("button").into();
    press(&button, "Escape");
    press(&gloo_utils::body().into(), "Escape");
    press(&button, "a");
    assert_eq!(escapes.len(), 2, "from a button and from nowhere in particular; not another key");
    // A dialog that handles Escape itself stops it first (the abort dialog stops its
    // propagation), or marks it handled.
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    let handled = gloo_events::EventListener::new_with_options(&button, "keydown", options, |e| e.prevent_default());
    press(&button, "Escape");
    drop(handled);
    let stopped = gloo_events::EventListener::new(&button, "keydown", |e| e.stop_propagation());
    press(&button, "Escape");
    drop(stopped);
    assert_eq!(escapes.len(), 2);
    // Embedded: the host page's keys are its own.
    probe.set(EscapeProps { standalone: false, escapes: escapes.callback() }).await;
    press(&button, "Escape");
    assert_eq!(escapes.len(), 2);
    probe.set(EscapeProps { standalone: true, escapes: escapes.callback() }).await;
    press(&button, "Escape");
    assert_eq!(escapes.len(), 3, "standalone again");
    probe.unmount().await;
    press(&gloo_utils::body().into(), "Escape");
    assert_eq!(escapes.len(), 3, "no listener left behind");
}

// ---- use_details_open, use_report_export -------------------------------------------------------

#[function_component]
fn DetailsProbe() -> Html {
    let (open, ontoggle) = use_details_open(false);
    html! {
        <details {ontoggle}>
            <summary>{ "Table" }</summary>
            if open { <p class="inside">{ "rendered" }</p> }
        </details>
    }
}

#[wasm_bindgen_test]
async fn use_details_open_renders_the_inside_only_while_open() {
    let probe = Mounted::<DetailsProbe>::new(()).await;
    let details: web_sys::HtmlDetailsElement = probe.find("details").expect("details").dyn_into().expect("details");
    assert!(probe.find(".inside").is_none());
    details.set_open(true);
    wait_until("the inside", || probe.find(".inside").is_some()).await;
    details.set_open(false);
    wait_until("the inside gone", || probe.find(".inside").is_none()).await;
}

type Build = Rc<dyn Fn() -> Option<Report>>;

#[derive(Properties)]
struct ReportExportProps {
    build: Build,
}

impl PartialEq for ReportExportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.build, &other.build)
    }
}

#[function_component]
fn ReportExportProbe(props: &ReportExportProps) -> Html {
    let (onexport, note) = use_report_export(props.build.clone());
    html! {
        <>
            <button onclick={onexport.reform(|_| ())}>{ "Export report" }</button>
            if let Some(note) = note { <p class="note">{ note }</p> }
        </>
    }
}

/// Records the blobs the page makes downloadable in `window.blobs`. Installed once.
fn record_downloads() {
    js("if (!window.blobs) {
          window.blobs = [];
          const real = URL.createObjectURL.bind(URL);
          URL.createObjectURL = (blob) => { window.blobs.push(blob); return real(blob); };
          HTMLAnchorElement.prototype.click = function () { window.lastDownload = this.download; };
        }");
}

async fn last_blob_text() -> String {
    let text = js("return window.blobs[window.blobs.length - 1].text()");
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(text)).await.expect("text").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn use_report_export_writes_the_report_into_the_one_file_page_or_says_why_not() {
    record_fetches();
    record_downloads();
    let report = Report {
        format: 1,
        exported_at_ms: 0.0,
        endpoint: SIM_URL.into(),
        batch: false,
        jobs: vec![ReportedJob { job: job("7", JobState::Completed), seen_at_ms: 0.0, timeline: None }],
        readiness: Vec::new(),
    };
    let blobs = || js("return window.blobs.length").as_f64().unwrap_or_default();
    let before = blobs();
    let click = |probe: &Mounted<ReportExportProbe>| {
        probe.find("button").expect("button").dyn_into::<web_sys::HtmlElement>().expect("button").click();
    };
    // Nothing on screen to report: nothing written, nothing said.
    let nothing: Build = Rc::new(|| None);
    let mut probe = Mounted::<ReportExportProbe>::new(ReportExportProps { build: nothing }).await;
    click(&probe);
    settle().await;
    assert!(probe.find(".note").is_none());
    // The runner page is not the one-file page, and none is beside it: said.
    let built = report.clone();
    probe.set(ReportExportProps { build: Rc::new(move || Some(built.clone())) }).await;
    click(&probe);
    wait_until("the note", || probe.find(".note").is_some()).await;
    assert!(probe.text().contains("Export report needs milvus-import-monitor.html beside this page"), "{}", probe.text());
    assert_eq!(blobs(), before);
    // With the one-file page beside it: written into it and downloaded.
    js(
        r#"window.pageStub = '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; connect-src http: https:"><title>Monitor</title></head><body></body></html>';"#,
    );
    click(&probe);
    wait_until("the saved note", || probe.text().contains("Report saved as")).await;
    js("delete window.pageStub;");
    assert_eq!(blobs(), before + 1.0);
    let file = last_blob_text().await;
    assert!(file.contains(r#"id="mim-report""#) && file.contains("connect-src 'none'") && file.contains(SIM_URL), "{file}");
    assert!(!file.contains(TOKEN));
    assert_eq!(js("return window.lastDownload").as_string(), Some(report.file_name()));
}

#[derive(Properties, PartialEq)]
struct ReadinessProbeProps {
    requests: Vec<(u64, Rc<CollectionKey>, Ask)>,
    answers: Callback<ReadinessAction>,
}

#[function_component]
fn ReadinessProbe(props: &ReadinessProbeProps) -> Html {
    use_readiness(props.requests.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_readiness_reads_a_collection_s_indexes_and_rows_with_each_request_id() {
    let key = |collection: &str| Rc::new(CollectionKey { connection: connection(SIM_URL), collection: collection.into() });
    let answers = Log::new();
    let requests = vec![(1, key("book_embeddings"), Ask::Indexes { known: None }), (2, key("no_such_collection"), Ask::Stored)];
    let _probe = Mounted::<ReadinessProbe>::new(ReadinessProbeProps { requests, answers: answers.callback() }).await;
    wait_until("both answers", || answers.len() == 2).await;
    for answer in answers.all() {
        match answer {
            // `indexes/list`, then `indexes/describe` of each name: the stand-in's one vector index.
            ReadinessAction::Response { id: 1, reply: Reply::Indexes(Ok(counts)), .. } => {
                assert_eq!(counts.iter().map(|c| c.index_name.as_str()).collect::<Vec<_>>(), ["vector"]);
                assert!(counts[0].is_vector() && counts[0].index_state == "Finished");
            }
            ReadinessAction::Response { id: 2, reply: Reply::Stored(Err(ApiError::Milvus { code: 100, .. })), .. } => {}
            other => panic!("{other:?}"),
        }
    }
}

// ---- Around an import: the schema read, the queue lists, the kept log link -----------------

#[derive(Properties, PartialEq)]
struct SchemaReadProps {
    wanted: Option<(Connection, String)>,
    loading: Option<(u64, Connection, String)>,
    due: Callback<()>,
    answers: Callback<PrecheckAction>,
}

#[function_component]
fn SchemaReadProbe(props: &SchemaReadProps) -> Html {
    use_schema_read(props.wanted.clone(), props.loading.clone(), props.due.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_schema_read_waits_for_the_field_to_settle_then_reads_the_schema() {
    record_timers();
    let (due, answers) = (Log::new(), Log::new());
    let props = |collection: &str, loading: Option<(u64, &str)>| SchemaReadProps {
        wanted: Some((connection(SIM_URL), collection.to_owned())),
        loading: loading.map(|(id, c)| (id, connection(SIM_URL), c.to_owned())),
        due: due.callback(),
        answers: answers.callback(),
    };
    // The settle timers only: Yew's own 0 ms timers are not counted.
    let settle = || timers_in(f64::from(SETTLE_MS) - 100.0, f64::from(SETTLE_MS));
    let before = settle().len();
    let mut probe = Mounted::<SchemaReadProbe>::new(props("book_embed", None)).await;
    assert_eq!(settle()[before..], [false]);
    // Typed on: the first timer is dropped, a new one armed; only the settled name is due.
    probe.set(props("book_embeddings", None)).await;
    assert_eq!(settle()[before..], [true, false]);
    // At least once: on a slow machine the first name's timer may also have fired before it changed.
    wait_until("the settled field", || !due.all().is_empty()).await;
    probe.set(props("book_embeddings", Some((1, "book_embeddings")))).await;
    wait_until("the schema", || answers.len() == 1).await;
    match answers.all().remove(0) {
        PrecheckAction::Response { id: 1, result: Ok(Some(schema)) } => {
            assert!(schema.fields.iter().any(|f| f.primary_key), "{schema:?}");
            assert_eq!(schema.collection, "book_embeddings");
        }
        other => panic!("{other:?}"),
    }
    // A collection that does not exist is said so, not an error.
    probe.set(props("nope", Some((2, "nope")))).await;
    wait_until("the answer for a missing collection", || answers.len() == 2).await;
    assert!(matches!(&answers.all()[1], PrecheckAction::Response { id: 2, result: Ok(None) }), "{:?}", answers.all()[1]);
    probe.unmount().await;
    // One more for the new name; unmounting drops every timer.
    assert_eq!(settle()[before..], [true, true, true]);
}

#[derive(Properties, PartialEq)]
struct QueueListsProps {
    requests: Vec<(u64, Connection)>,
    due_ms: Option<f64>,
    due: Callback<f64>,
    answers: Callback<QueueAction>,
}

#[function_component]
fn QueueListsProbe(props: &QueueListsProps) -> Html {
    use_queue_lists(props.requests.clone(), props.due_ms, props.due.clone(), props.answers.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_queue_lists_calls_when_a_list_is_due_and_lists_each_server_asked_for() {
    record_fetches();
    let job_id = create(&["hooks/queue.parquet"]).await;
    let (due, answers) = (Log::new(), Log::new());
    let props =
        |requests: Vec<(u64, Connection)>, due_ms| QueueListsProps { requests, due_ms, due: due.callback(), answers: answers.callback() };
    let mut probe = Mounted::<QueueListsProbe>::new(props(Vec::new(), Some(0.0))).await;
    wait_until("the first list due at once", || due.len() == 1).await;
    assert!(due.all()[0] >= 0.0);
    probe.set(props(vec![(7, connection(SIM_URL))], None)).await;
    wait_until("the list", || answers.len() == 1).await;
    match answers.all().remove(0) {
        QueueAction::Response { id: 7, result: Ok(list) } => assert!(list.records.iter().any(|r| r.job_id == job_id), "{list:?}"),
        other => panic!("{other:?}"),
    }
    // A list no longer asked for is aborted.
    let before = fetches(&format!("{SLOW_SIM_URL}/v2/vectordb/jobs/import/list")).len();
    probe.set(props(vec![(8, connection(SLOW_SIM_URL))], None)).await;
    let slow = || fetches(&format!("{SLOW_SIM_URL}/v2/vectordb/jobs/import/list")).get(before..).map(<[bool]>::to_vec).unwrap_or_default();
    wait_until("the slow list sent", || slow() == [false]).await;
    probe.set(props(Vec::new(), None)).await;
    assert_eq!(slow(), [true]);
    assert_eq!(answers.len(), 1);
}

#[derive(Properties, PartialEq)]
struct LogLinkProps {
    log: Option<milvus_import_monitor::loglink::LogSetting>,
}

#[function_component]
fn LogLinkProbe(props: &LogLinkProps) -> Html {
    use_kept_log_link(props.log.clone());
    html! {}
}

#[wasm_bindgen_test]
async fn use_kept_log_link_keeps_the_setting_and_an_empty_one_keeps_nothing() {
    use milvus_import_monitor::loglink::{LogSetting, LOG_LINK_KEY};
    use milvus_import_monitor::storage::Storage;
    let storage = local_storage().expect("local storage");
    let kibana = LogSetting::default().with_preset("Kibana Discover").with_base("https://kibana.example.com");
    let mut probe = Mounted::<LogLinkProbe>::new(LogLinkProps { log: Some(kibana.clone()) }).await;
    assert_eq!(LogSetting::load(&storage), kibana);
    probe.set(LogLinkProps { log: None }).await;
    assert_eq!(LogSetting::load(&storage), kibana, "an embedded widget leaves it");
    probe.set(LogLinkProps { log: Some(LogSetting::default()) }).await;
    assert_eq!(storage.get(LOG_LINK_KEY), None);
}

#[derive(Properties, PartialEq)]
struct LatchProps {
    now: bool,
    asked: Callback<()>,
}

#[function_component]
fn LatchProbe(props: &LatchProps) -> Html {
    let asked = props.asked.clone();
    let held = use_latch(|| {
        asked.emit(());
        props.now
    });
    html! { <p>{ held.to_string() }</p> }
}

#[wasm_bindgen_test]
async fn use_latch_holds_from_the_first_render_its_condition_holds_and_stops_asking() {
    let asked = Log::new();
    let props = |now| LatchProps { now, asked: asked.callback() };
    let mut probe = Mounted::<LatchProbe>::new(props(false)).await;
    assert_eq!(probe.text(), "false");
    probe.set(props(true)).await;
    assert_eq!(probe.text(), "true");
    let asked_until_held = asked.len();
    probe.set(props(false)).await;
    assert_eq!(probe.text(), "true", "once held, held for good");
    assert_eq!(asked.len(), asked_until_held, "not asked again once held");
}

#[derive(Clone, Default, PartialEq)]
struct Count(i32);

impl Reducible for Count {
    type Action = i32;
    fn reduce(self: Rc<Self>, by: i32) -> Rc<Self> {
        Rc::new(Count(self.0 + by))
    }
}

#[derive(Properties, PartialEq)]
struct SlotProps {
    slot: milvus_import_monitor::view::slot::StateSlot,
    /// The probe's way to add to its count, as its last render had it.
    add: Rc<RefCell<Option<Callback<i32>>>>,
}

#[function_component]
fn SlotProbe(props: &SlotProps) -> Html {
    let count = milvus_import_monitor::view::slot::use_slot_reducer::<Count>(&props.slot);
    *props.add.borrow_mut() = Some(count.dispatcher().to_callback());
    html! { <p>{ count.0 }</p> }
}

#[wasm_bindgen_test]
async fn use_slot_reducer_starts_from_what_its_slot_kept_when_the_component_went() {
    use milvus_import_monitor::view::slot::StateSlot;
    let (slot, add) = (StateSlot::default(), Rc::new(RefCell::new(None::<Callback<i32>>)));
    let props = |slot: &StateSlot| SlotProps { slot: slot.clone(), add: add.clone() };
    let mut probe = Mounted::<SlotProbe>::new(props(&slot)).await;
    assert_eq!(probe.text(), "0", "an empty slot: the default");
    add.borrow().clone().expect("rendered").emit(2);
    add.borrow().clone().expect("rendered").emit(3);
    settle().await;
    assert_eq!(probe.text(), "5");
    probe.unmount().await;

    let mut again = Mounted::<SlotProbe>::new(props(&slot)).await;
    assert_eq!(again.text(), "5", "drawn again, from where it was left");
    add.borrow().clone().expect("rendered").emit(1);
    settle().await;
    again.unmount().await;
    let other = Mounted::<SlotProbe>::new(props(&StateSlot::default())).await;
    assert_eq!(other.text(), "0", "another slot holds nothing of it");
    drop(other);
    let last = Mounted::<SlotProbe>::new(props(&slot)).await;
    assert_eq!(last.text(), "6", "the last state it had, not the one it started from");
}

// ---- view::later ---------------------------------------------------------------------------

#[derive(Properties, PartialEq, Clone)]
struct ShownProps {
    text: String,
}

#[function_component(Shown)]
fn shown(props: &ShownProps) -> Html {
    html! { <p>{ props.text.clone() }</p> }
}

/// Lets every queued microtask run (Yew renders in one), never a timer.
async fn microtasks() {
    for _ in 0..4 {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
    }
}

#[wasm_bindgen_test]
async fn later_draws_a_change_in_the_task_after_it_and_at_once_when_not_asked_to() {
    use milvus_import_monitor::view::later::{Later, LaterProps};
    let props = |text: &str, later: bool| LaterProps { part: ShownProps { text: text.to_owned() }, later };
    let mut probe = Mounted::<Later<Shown>>::new(props("first", true)).await;
    assert_eq!(probe.text(), "first", "drawn at once when first drawn");

    // Not later: the render that brings it draws it (the witness that microtasks suffice).
    probe.app.as_mut().expect("mounted").update(props("second", false));
    microtasks().await;
    assert_eq!(probe.text(), "second");

    // Later: not in the task that brought it, in the one after.
    probe.app.as_mut().expect("mounted").update(props("third", true));
    microtasks().await;
    assert_eq!(probe.text(), "second", "still what was drawn before");
    settle().await;
    assert_eq!(probe.text(), "third");

    // Two changes before it is drawn: the newer one.
    probe.app.as_mut().expect("mounted").update(props("fourth", true));
    microtasks().await;
    probe.app.as_mut().expect("mounted").update(props("fifth", true));
    settle().await;
    assert_eq!(probe.text(), "fifth");

    // Gone before its task: nothing drawn, nothing left behind.
    probe.app.as_mut().expect("mounted").update(props("sixth", true));
    microtasks().await;
    probe.unmount().await;
    settle().await;
    assert_eq!(probe.text(), "");
}
