//! *Export report* and the report it writes. Exporting puts the current job (or batch) into the
//! one-file page; opened, that file renders [`ReportApp`]: the same summary, files and charts,
//! read-only. The report root calls no hook that fetches, stores or polls, and the file's policy
//! allows no connection: it asks nothing of any server.

use super::batch::BatchView;
use super::browser::{download, local_time};
use super::panel::{job_panel, JobPanel};
use crate::report::{embed, Report, REPORT_ELEMENT_ID};
use crate::state::batch::{BatchAction, BatchWatch};
use crate::state::{JobAction, JobWatch, ManualState};
use std::rc::Rc;
use yew::prelude::*;

/// The report this page carries, if it is an exported report.
pub fn embedded_report() -> Option<Report> {
    let document = web_sys::window()?.document()?;
    Report::read(&document.get_element_by_id(REPORT_ELEMENT_ID)?.text_content()?)
}

/// The `<script>` elements of the one-file page (`scripts/single-file.mjs` marks them).
const PAGE_SCRIPTS: &str = "body > script[data-mim-page]";

/// The one-file page to embed a report in: this page itself when it is the one-file page (its
/// head and its marked scripts, as they were served), else `milvus-import-monitor.html` from
/// beside this page on the same host.
async fn report_page() -> Result<String, String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    if let (Some(head), Ok(scripts)) = (document.head(), document.query_selector_all(PAGE_SCRIPTS)) {
        if scripts.length() > 0 {
            let body: String = (0..scripts.length())
                .filter_map(|i| scripts.get(i))
                .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
                .map(|script| script.outer_html())
                .collect::<Vec<_>>()
                .join("\n");
            return Ok(format!("<!doctype html>\n<html lang=\"en\">\n{}\n<body>\n{body}\n</body>\n</html>\n", head.outer_html()));
        }
    }
    let missing = "Export report needs milvus-import-monitor.html beside this page (make build writes it into dist/).";
    let response = gloo_net::http::Request::get("milvus-import-monitor.html").send().await.map_err(|_| missing.to_owned())?;
    if !response.ok() {
        return Err(missing.to_owned());
    }
    response.text().await.map_err(|_| missing.to_owned())
}

/// *Export report*: builds the report when clicked (not at every render), embeds it in the
/// one-file page and downloads the file; then says so, or why not, in `note`.
pub fn export_report(build: impl Fn() -> Option<Report> + 'static, note: UseStateHandle<Option<String>>) -> Callback<MouseEvent> {
    let build = Rc::new(build);
    Callback::from(move |_: MouseEvent| {
        let (build, note) = (build.clone(), note.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let Some(report) = build() else { return };
            let written = report_page().await.and_then(|page| embed(&page, &report).map_err(|e| e.to_string()));
            note.set(Some(match written {
                Ok(file) => {
                    download(&report.file_name(), "text/html", &file);
                    format!("Report saved as {}: it opens in any browser, without a token or a server.", report.file_name())
                }
                Err(why) => why,
            }));
        });
    })
}

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Rc<Report>,
}

/// The report's root: where it comes from, then the job, or the batch and the job opened
/// from it.
#[function_component(ReportApp)]
pub fn report_app(props: &ReportProps) -> Html {
    let report = &props.report;
    let opened = use_state(|| None::<usize>);
    let batch = use_reducer(|| LocalBatch(report.batch_watch()));
    let shown = if report.batch { *opened } else { Some(0) };
    let body = match shown.and_then(|i| report.jobs.get(i).map(|job| (i, job))) {
        Some((index, job)) => {
            let onback = report.batch.then(|| {
                let opened = opened.clone();
                Callback::from(move |()| opened.set(None))
            });
            html! { <ReportedJob key={index} watch={Rc::new(Report::job_watch(job))} {onback} /> }
        }
        None => {
            let jobs: Vec<String> = report.jobs.iter().map(|j| j.job.job_id.clone()).collect();
            let opened = opened.clone();
            let onopen = Callback::from(move |id: String| opened.set(jobs.iter().position(|j| *j == id)));
            let dispatcher = batch.dispatcher();
            html! {
                <BatchView batch={batch.0.clone()} now_ms={report.exported_at_ms} as_of_ms={Some(report.exported_at_ms)} status={String::new()} committing={false}
                    {onopen} oncommitall={None::<Callback<Vec<String>>>} onnotify={Callback::noop()}
                    onsort={dispatcher.to_callback().reform(BatchAction::Sort)} onfilter={dispatcher.to_callback().reform(BatchAction::Filter)} />
            }
        }
    };
    html! {
        <main class="monitor report">
            <header class="top">
                <h1>{ "Milvus import report" }</h1>
            </header>
            <p class="note report-origin" role="note">
                { format!("Exported on {} from {}. A copy, read-only: this file asks nothing of any server and holds no token.",
                    local_time(report.exported_at_ms), if report.endpoint.is_empty() { "an unnamed endpoint" } else { &report.endpoint }) }
            </p>
            <div id="panel">{ body }</div>
        </main>
    }
}

/// The batch of a report, sorted and filtered locally.
#[derive(PartialEq)]
struct LocalBatch(BatchWatch);

impl Reducible for LocalBatch {
    type Action = BatchAction;
    fn reduce(self: Rc<Self>, action: BatchAction) -> Rc<Self> {
        match self.0.apply(action) {
            Some(next) => Rc::new(LocalBatch(next)),
            None => self,
        }
    }
}

/// A job of a report, its file table sorted and filtered locally.
#[derive(PartialEq)]
struct LocalJob(JobWatch);

impl Reducible for LocalJob {
    type Action = JobAction;
    fn reduce(self: Rc<Self>, action: JobAction) -> Rc<Self> {
        match self.0.apply(action, true) {
            Some(next) => Rc::new(LocalJob(next)),
            None => self,
        }
    }
}

#[derive(Properties, PartialEq)]
struct ReportedJobProps {
    watch: Rc<JobWatch>,
    onback: Option<Callback<()>>,
}

#[function_component(ReportedJob)]
fn reported_job(props: &ReportedJobProps) -> Html {
    let job = use_reducer(|| LocalJob((*props.watch).clone()));
    let copied = use_state(|| None::<String>);
    let manual = ManualState::default();
    let dispatcher = job.dispatcher();
    let seen = job.0.snapshot.as_ref().map(|s| local_time(s.received_at_ms)).unwrap_or_default();
    job_panel(JobPanel {
        job: &job.0,
        status: format!("As seen on {seen}."),
        share_query: None,
        notify: None,
        stall_ms: f64::INFINITY,
        onrefresh: Callback::noop(),
        onnotify: Callback::noop(),
        onsort: dispatcher.to_callback().reform(JobAction::Sort),
        onfilter: dispatcher.to_callback().reform(JobAction::Filter),
        copied,
        manual: &manual,
        onmanual: None,
        onreport: None,
        onback: props.onback.clone(),
        onreimport: None,
    })
}
