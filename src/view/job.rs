//! The job: its progress bar, what it is doing and since when, its speed and ETA, a stall
//! hint, and its figures.

use super::browser::local_time;
use super::parts::{fact, log_anchor, rows_text, when, ProgressBar, UNKNOWN};
use super::readiness::{index_phase, ready_line};
use super::triage::FailureTriage;
use crate::format::{display_text, human_duration, human_size, thousands};
use crate::job::{
    created_ms, explain, known_size, progress_basis, progress_text, stall_causes, stall_threshold_ms, Activity, BandTable, Tracker,
};
use crate::model::{ImportJob, JobState};
use crate::state::{CollectionReadiness, Snapshot, Source};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct JobSummaryProps {
    pub snapshot: Rc<Snapshot>,
    pub bands: BandTable,
    pub tracker: Tracker,
    pub now_ms: f64,
    pub stall_ms: f64,
    /// "Re-import failed files…", offered when the failed job names files to import again.
    #[prop_or_default]
    pub onreimport: Option<Callback<()>>,
    /// The job's collection's readiness, once the page reads it.
    #[prop_or_default]
    pub readiness: Option<CollectionReadiness>,
    /// A waiting job's place in its server's queue, once the list was read.
    #[prop_or_default]
    pub ahead: Option<crate::job::queue::Ahead>,
    /// The job's log link, when the user set a template.
    #[prop_or_default]
    pub log_link: Option<AttrValue>,
}

impl PartialEq for JobSummaryProps {
    fn eq(&self, other: &Self) -> bool {
        super::same(&self.snapshot, &other.snapshot)
            && (self.bands, &self.tracker, self.now_ms, self.stall_ms, &self.onreimport, &self.readiness)
                == (other.bands, &other.tracker, other.now_ms, other.stall_ms, &other.onreimport, &other.readiness)
            && (self.ahead, &self.log_link) == (other.ahead, &other.log_link)
    }
}

/// A failed job's duration when this page never saw it run: the server gives no failure time.
const UNKNOWN_END: &str = "unknown: the server does not say when a job failed";

#[function_component(JobSummary)]
pub fn job_summary(props: &JobSummaryProps) -> Html {
    let snapshot = &props.snapshot;
    let job = &snapshot.job;
    let doing = snapshot.activity(props.bands);
    let aborted = crate::job::is_aborted(job);
    let state_class = match job.state {
        JobState::Completed => "state-completed",
        JobState::Failed if aborted => "state-aborted",
        JobState::Failed => "state-failed",
        _ => "state-running",
    };
    let headline = match doing {
        Activity::Completed | Activity::Failed | Activity::Aborted | Activity::Unknown => crate::job::shown_state(job),
        other => format!("{}: {}", job.state, other.label()),
    };
    let live = snapshot.source == Source::Live;
    let tracker = &props.tracker;
    let elapsed = live.then(|| tracker.elapsed(job, props.now_ms));
    let rates = live.then(|| tracker.rates()).flatten().filter(|r| r.rows_per_sec > 0.0 && doing == Activity::WritingRows);
    // Where the collection's index counts are readable, the sorting and index bands are
    // measured: time left and stalls come from pending rows, not from a guess per million rows.
    let measured =
        props.readiness.as_ref().and_then(|r| r.index.read()).filter(|_| matches!(doing, Activity::Sorting | Activity::BuildingIndex));
    let (eta, stalled) = match measured {
        Some(index) => {
            (live.then(|| index.eta_ms(props.now_ms)).flatten(), live.then(|| index.stalled_for(props.now_ms, props.stall_ms)).flatten())
        }
        None => {
            let threshold = stall_threshold_ms(doing, job.total_rows, props.stall_ms);
            (live.then(|| tracker.eta_ms(props.now_ms)).flatten(), live.then(|| tracker.stalled_for(props.now_ms, threshold)).flatten())
        }
    };
    let quiet_words = if measured.is_some() { "Pending index rows have not fallen for" } else { "No change for" };
    html! {
        <section class={classes!("job", state_class)} part="summary" aria-labelledby="job-heading">
            <div class="job-head">
                <h2 id="job-heading">{ "Job " }<span class="mono">{ display_text(&job.job_id) }</span></h2>
                <span class="state-badge">{ headline }</span>
            </div>
            { source_note(snapshot) }
            <div class="progress-row">
                <ProgressBar value={job.progress} text={progress_text(job, props.bands)} label="Job progress" part="bar" />
                <span class="percent">{ format!("{} %", job.progress) }</span>
            </div>
            <p class="explain">{ explain(job, props.bands) }</p>
            if let Some(ahead) = props.ahead.filter(|_| job.state == JobState::Pending) {
                <p class="queue" part="queue">{ ahead.sentence() }</p>
            }
            if let Some(readiness) = props.readiness.as_ref() {
                if matches!(doing, Activity::Sorting | Activity::BuildingIndex | Activity::Completed) {
                    { index_phase(readiness, Some(job.total_rows).filter(|rows| *rows > 0)) }
                }
                if doing == Activity::Completed {
                    { ready_line(readiness, props.now_ms) }
                }
            }
            if let Some(basis) = progress_basis(job, props.bands) {
                <p class="muted basis">{ basis }</p>
            }
            if let Some(quiet) = stalled {
                <div class="stall" role="status">
                    <strong>{ format!("{quiet_words} {}: possibly stalled. ", human_duration(quiet)) }</strong>
                    { stall_causes(doing) }
                    { log_anchor(props.log_link.as_ref(), "Its logs") }
                </div>
            }
            { failure_reason(job, props.onreimport.clone()) }
            if job.state == JobState::Failed {
                { log_anchor(props.log_link.as_ref(), "The logs of this failure") }
            }
            <dl class="facts">
                { fact("Collection", display_text(&job.collection_name)) }
                // Before the rows are counted, and after a failure (which zeroes them, shared API
                // page §3), rows and size are unknown, not 0.
                { fact("Rows", rows_text(job)) }
                { fact("Size", known_size(job).map_or_else(|| UNKNOWN.to_owned(), human_size)) }
                { fact("Files", if job.details.is_empty() && job.state != JobState::Completed { UNKNOWN.to_owned() } else { job.details.len().to_string() }) }
                if let Some(elapsed) = elapsed {
                    { fact(elapsed.term(), elapsed.ms().map_or_else(|| UNKNOWN_END.to_owned(), human_duration)) }
                }
                if let Some(rates) = rates {
                    { fact("Speed", format!("{} rows/s · {}/s", thousands(rates.rows_per_sec.round() as u64), human_size(rates.bytes_per_sec.round() as u64))) }
                }
                if let Some(eta) = eta {
                    <div class="eta"><dt>{ if measured.is_some() { "Index time left (estimate)" } else { "Time left (estimate)" } }</dt><dd>{ format!("about {}", human_duration(eta)) }</dd></div>
                }
                if let Some(created) = when(&job.create_time).or_else(|| created_ms(job).map(local_time)) {
                    { fact("Created", created) }
                }
                if let Some(completed) = when(&job.complete_time) {
                    { fact("Completed", completed) }
                }
                { fact(if live { "Updated" } else { "Saved" }, local_time(snapshot.received_at_ms)) }
                if let Some(link) = &props.log_link {
                    <div class="logs"><dt>{ "Logs" }</dt><dd>{ log_anchor(Some(link), "This job's logs") }</dd></div>
                }
            </dl>

        </section>
    }
}

/// Where the figures come from, when not from the server's last answer.
fn source_note(snapshot: &Snapshot) -> Html {
    match snapshot.source {
        Source::Kept => html! {
            <p class="note kept" role="note">
                { format!("The server no longer knows this job (finished jobs are deleted after {}). Showing the copy kept in this browser on {}.", crate::error::RETENTION_WORDS, local_time(snapshot.received_at_ms)) }
            </p>
        },
        Source::NotYetRegistered => html! {
            <p class="note" role="note">{ "The server has not registered this job yet (new jobs can take a few seconds to appear); treating it as queued." }</p>
        },
        // A report says where its figures come from once, above them.
        Source::Live | Source::Report => html! {},
    }
}

/// A failed job's reason, triaged ([`FailureTriage`]).
fn failure_reason(job: &ImportJob, onreimport: Option<Callback<()>>) -> Html {
    let (JobState::Failed, Some(reason)) = (&job.state, &job.reason) else { return html! {} };
    if crate::job::is_aborted(job) {
        return html! { <p class="note" role="note">{ "Aborted on request: nothing of this import was kept." }</p> };
    }
    html! { <FailureTriage reason={AttrValue::from(reason.clone())} {onreimport} /> }
}
