//! The Job tab: the error banner, the toolbar (status, refresh, copy link, exports, report,
//! notification), the job's summary and its file table.

use super::browser::{local_time, now_ms};
use super::files::{FileTable, FileTableProps};
use super::job::{JobSummary, JobSummaryProps};
use super::later::Later;
use super::manual::{commit_controls, manual_status};
use super::time::{TimeView, TimeViewProps};
use super::toolbar::{Exports, Toolbar};
use crate::model::FileState;
use crate::state::batch::CommitFacts;
use crate::state::{stale_text, CollectionReadiness, JobWatch, ManualKind, ManualState, SortKey};
use yew::prelude::*;

/// From how many file groups a job's timelines and file table are drawn after its figures
/// (`later`). Their drawing grows with the groups (at 1,024, all three in one task took up to
/// 51 ms under 4× CPU throttling); a smaller job's are drawn at once, so that what it shows
/// changes all together.
const DRAWN_LATER_FROM_GROUPS: usize = 200;

/// What the Job tab shows and the callbacks it calls. A plain function, not a component: it
/// is redrawn with the page anyway, and a component's props and diffing cost the page bytes.
pub struct JobPanel<'a> {
    pub job: &'a JobWatch,
    pub status: String,
    /// The query string "Copy link" shares; `None` hides the button (embedded).
    pub share_query: Option<String>,
    /// The notification checkbox (standalone only): `Some(checked)`.
    pub notify: Option<bool>,
    pub stall_ms: f64,
    pub onrefresh: Callback<()>,
    pub onnotify: Callback<bool>,
    pub onsort: Callback<SortKey>,
    pub onfilter: Callback<Option<FileState>>,
    pub manual: &'a ManualState,
    /// What the page knows of the job's commit mode (what Abort is offered on).
    pub commit_facts: CommitFacts,
    /// A retried keyed create answered with a job that had already run: its ID and what it was.
    pub replayed: Option<(String, String)>,
    /// "Start again with a new key"; `None` in a report.
    pub onnewkey: Option<Callback<()>>,
    /// Commit / Abort; `None` in a report, which is read-only.
    pub onmanual: Option<Callback<(ManualKind, Vec<String>)>>,
    /// *Export report* (the standalone page only), and what it said.
    pub onreport: Option<Callback<()>>,
    pub report_note: Option<String>,
    /// "Back to the batch", when the job was opened from one.
    pub onback: Option<Callback<()>>,
    /// "Re-import failed files…", when the job failed with files to import again.
    pub onreimport: Option<Callback<()>>,
    /// The job's collection's readiness, when the page has read it.
    pub readiness: Option<CollectionReadiness>,
    /// A waiting job's place in its server's queue.
    pub ahead: Option<crate::job::queue::Ahead>,
    /// The job's log link, when a template is set.
    pub log_link: Option<AttrValue>,
}

/// The Job tab.
pub fn job_panel(props: JobPanel) -> Html {
    let job = props.job;
    let watching = job.target.is_some();
    // A large job's timelines and file table are drawn each in a task of its own (`later`).
    let later = job.snapshot.as_ref().is_some_and(|s| s.job.details.len() >= DRAWN_LATER_FROM_GROUPS);
    let exports = match &job.snapshot {
        Some(snapshot) => Exports::Job { snapshot: snapshot.clone(), order: job.table.clone() },
        None => Exports::Nothing,
    };
    html! {
        <>
            if let Some(onback) = props.onback {
                <button type="button" class="back" onclick={onback.reform(|_| ())}>{ "← Back to the batch" }</button>
            }
            if let Some(error) = job.request.error() {
                <div class="banner error" role="alert" id="panel-error">{ error.to_string() }</div>
            }
            if let Some(stale) = stale_text(job, local_time) {
                <p class="note stale" role="note">{ stale }</p>
            }
            // Nothing to refresh, copy, export or be notified of before a job is asked for.
            if watching || job.snapshot.is_some() {
                <Toolbar status={props.status} onrefresh={watching.then_some(props.onrefresh)}
                    share_query={props.share_query.filter(|_| watching)} {exports} onreport={props.onreport}
                    report_note={props.report_note} notify={props.notify} onnotify={props.onnotify} />
            }
            { manual_status(props.manual, job.target.as_ref().map(|w| w.job_id.as_str()).or(job.snapshot.as_ref().map(|s| s.job.job_id.as_str()))) }
            if let Some(snapshot) = &job.snapshot {
                if let Some((job_id, already)) = props.replayed.as_ref().filter(|(id, _)| *id == snapshot.job.job_id) {
                    <div class="banner warning replayed" role="alert" part="replayed">
                        <p>{ format!("Not a new import: this Idempotency-Key had already run. The server answered the retried submit with job {job_id}, which it had created before and which is already {already}. Servers from 2.6.24 and 3.0.2 answer a key they have seen (for about a day) with its original job, whatever became of it.") }</p>
                        if let Some(onnewkey) = &props.onnewkey {
                            <button type="button" class="secondary" onclick={onnewkey.reform(|_| ())}>{ "Start again with a new key…" }</button>
                        }
                    </div>
                }
                if let Some(onmanual) = &props.onmanual {
                    { commit_controls(&snapshot.job, job.band_table(), props.commit_facts, props.manual, onmanual) }
                }
                // The job's details: its summary, where the time went, and its files.
                <JobSummary ..JobSummaryProps {
                    snapshot: snapshot.clone(),
                    bands: job.band_table(),
                    tracker: job.tracker.clone(),
                    now_ms: now_ms(),
                    stall_ms: props.stall_ms,
                    onreimport: props.onreimport.clone(),
                    readiness: props.readiness.clone(),
                    ahead: props.ahead,
                    log_link: props.log_link.clone(),
                } />
                <Later<TimeView> {later} part={TimeViewProps { timeline: job.timeline.clone(), snapshot: snapshot.clone() }} />
                <Later<FileTable> {later} part={FileTableProps {
                    files: snapshot.job.details.clone(),
                    view: job.table.clone(),
                    onsort: props.onsort.clone(),
                    onfilter: props.onfilter.clone(),
                    empty_note: crate::job::failure::no_files_note(&snapshot.job).into(),
                }} />
            }
        </>
    }
}
