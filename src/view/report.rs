//! *Export report* and the report it writes. Exporting puts the current job (or batch) into the
//! one-file page; opened, that file renders [`ReportApp`]: the same summary, files and charts,
//! read-only. The report root calls no hook that fetches, stores or polls, and the file's policy
//! allows no connection: it asks nothing of any server.

use super::batch::{BatchViewProps, BATCH};
use super::browser::local_time;
use super::lazy::Lazy;
use super::panel::{job_panel, JobPanel};
use crate::report::{Report, REPORT_ELEMENT_ID};
use crate::state::batch::BatchAction;
use crate::state::{JobAction, JobWatch, ManualState, Reduced};
use std::rc::Rc;
use yew::prelude::*;

/// The report this page carries, if it is an exported report.
pub fn embedded_report() -> Option<Report> {
    let document = web_sys::window()?.document()?;
    Report::read(&document.get_element_by_id(REPORT_ELEMENT_ID)?.text_content()?)
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
    let batch = use_reducer(|| Reduced(report.batch_watch()));
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
                <Lazy<BatchViewProps> part={BATCH} props={yew::props!(BatchViewProps {
                    batch: batch.0.clone(),
                    now_ms: report.exported_at_ms,
                    as_of_ms: Some(report.exported_at_ms),
                    status: String::new(),
                    committing: false,
                    onopen,
                    oncommitall: None::<Callback<Vec<String>>>,
                    onnotify: Callback::noop(),
                    onsort: dispatcher.to_callback().reform(BatchAction::Sort),
                    onfilter: dispatcher.to_callback().reform(BatchAction::Filter),
                })} />
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
            if !report.readiness.is_empty() {
                <section class="report-readiness" aria-label="Readiness as seen">
                    <h2>{ "Readiness as seen" }</h2>
                    { for report.readiness.iter().map(|r| html! {
                        <p class={classes!("ready-line", r.ready.then_some("ready"))} part="readiness">
                            <strong>{ format!("Collection {}: ", crate::format::display_text(&r.collection)) }</strong>
                            { r.summary.clone() }
                        </p>
                    }) }
                </section>
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct ReportedJobProps {
    watch: Rc<JobWatch>,
    onback: Option<Callback<()>>,
}

#[function_component(ReportedJob)]
fn reported_job(props: &ReportedJobProps) -> Html {
    // Sorted and filtered locally: a report asks nothing of any server.
    let job = use_reducer(|| Reduced((*props.watch).clone()));
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
        manual: &manual,
        commit_facts: Default::default(),
        replayed: None,
        onnewkey: None,
        onmanual: None,
        onreport: None,
        report_note: None,
        onback: props.onback.clone(),
        onreimport: None,
        readiness: None,
        // A report is read offline: no queue, and no link to a log server it may not reach.
        ahead: None,
        log_link: None,
    })
}
