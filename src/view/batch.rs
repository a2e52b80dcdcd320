//! The batch view: one bar for the whole load, its totals, rate, ETA and laggard, and a row per
//! job; a click opens a job's full view.

use super::browser::local_time;
use super::pair::PairTable;
use super::parts::{fact, log_anchor, progress_cell, rows_text, sort_headers, state_filter, state_pill};
use super::parts::{ProgressBar, UNKNOWN};
use super::readiness::collection_lines;
use super::toolbar::{Exports, Toolbar};
use crate::format::{display_text, human_duration, human_size, thousands};
use crate::job::queue::Ahead;
use crate::job::shown_state;
use crate::job::{created_ms, Activity, Elapsed};
use crate::model::ImportJob;
use crate::state::batch::{all_batch_rows, batch_rows, commit_all, state_options, BatchEntry, BatchSort, BatchSummary, BatchWatch};
use crate::state::CollectionReadiness;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct BatchViewProps {
    pub batch: BatchWatch,
    pub now_ms: f64,
    /// The status line (polling, paused, stopped).
    pub status: String,
    /// A report's export time: the batch is shown as it stood then, never as done if it was not.
    #[prop_or_default]
    pub as_of_ms: Option<f64>,
    /// A commit is being sent: *Commit all* waits.
    pub committing: bool,
    pub onopen: Callback<String>,
    pub onsort: Callback<BatchSort>,
    pub onfilter: Callback<Option<String>>,
    /// *Commit all*; `None` in a report, which is read-only.
    pub oncommitall: Option<Callback<Vec<String>>>,
    /// The unfinished manual-commit jobs *Abort all* would abort (none: no button).
    #[prop_or_default]
    pub abortable: Vec<String>,
    /// *Abort all*; `None` in a report.
    #[prop_or_default]
    pub onabortall: Option<Callback<Vec<String>>>,
    /// *Export report* (the standalone page only), and what it said.
    #[prop_or_default]
    pub onreport: Option<Callback<()>>,
    #[prop_or_default]
    pub report_note: Option<String>,
    /// The query string "Copy link" shares (standalone only): a link that reopens the batch.
    #[prop_or_default]
    pub share_query: Option<String>,
    /// The notification checkbox (standalone only): `Some(checked)`.
    #[prop_or_default]
    pub notify: Option<bool>,
    #[prop_or_default]
    pub onnotify: Callback<bool>,
    /// The collections the batch loads into, their readiness as read.
    #[prop_or_default]
    pub collections: Vec<CollectionReadiness>,
    /// Show only one server's jobs.
    #[prop_or_default]
    pub onserverfilter: Callback<Option<usize>>,
    /// A pair's *Commit on the primary* and *Abort on the primary*; `None` in a report.
    #[prop_or_default]
    pub onpaircommit: Option<Callback<String>>,
    #[prop_or_default]
    pub onpairabort: Option<Callback<String>>,
    /// *Watch as a pair*, with the primary's server; `None` in a report.
    #[prop_or_default]
    pub onpairup: Option<Callback<usize>>,
    /// Each waiting job's place in its server's queue, by server and job ID.
    #[prop_or_default]
    pub ahead: Vec<((usize, String), Ahead)>,
    /// The log links of the failed jobs and of a pair's stalled commits, by server and job ID.
    #[prop_or_default]
    pub log_links: Vec<((usize, String), AttrValue)>,
}

const COLUMNS: [(BatchSort, &str); 7] = [
    (BatchSort::Job, "Job ID"),
    (BatchSort::Collection, "Collection"),
    (BatchSort::State, "State"),
    (BatchSort::Progress, "Progress"),
    (BatchSort::Rows, "Rows"),
    (BatchSort::Created, "Created"),
    (BatchSort::Duration, "Duration"),
];

super::lazy::part!(pub BATCH, batch, "the batch view", BatchViewProps => |props| html! { <BatchView ..props /> });

#[function_component(BatchView)]
pub fn batch_view(props: &BatchViewProps) -> Html {
    let batch = &props.batch;
    let summary = BatchSummary::of(&batch.entries, props.now_ms);
    let selected = batch.filter.as_deref().unwrap_or_default();
    let options: Vec<(String, Option<usize>)> = state_options(batch).into_iter().map(|(state, n)| (state, Some(n))).collect();
    let pair = batch.is_pair();
    let servers = batch.server_count();
    // A pair commits and aborts per row, on its primary only.
    let waiting_for_commit = props.oncommitall.clone().filter(|_| !pair).zip(commit_all(&batch.entries));
    let heading = match (pair, servers) {
        (true, _) if summary.jobs == 2 => "1 job on a primary and its standby".to_owned(),
        (true, _) => format!("{} jobs on a primary and its standby", summary.jobs / 2),
        (false, 2..) => format!("Batch of {} jobs on {servers} servers", summary.jobs),
        _ => format!("Batch of {} jobs", summary.jobs),
    };
    html! {
        <section class="batch" part="batch" aria-labelledby="batch-heading">
            <div class="job-head">
                <h2 id="batch-heading">{ heading }</h2>
                <span class="state-badge">{ batch_state(&summary, props.as_of_ms, batch.target.is_none()) }</span>
            </div>
            if let Some(error) = &batch.stopped_by {
                <div class="banner error" role="alert">{ error.to_string() }</div>
            }
            <Toolbar status={props.status.clone()} share_query={props.share_query.clone()} exports={exports(batch)}
                onreport={props.onreport.clone()} report_note={props.report_note.clone()} notify={props.notify}
                onnotify={props.onnotify.clone()} />
            { overview(&summary) }
            if let Some(searchable) = searchable(&summary, &props.collections, props.now_ms) {
                <p class="batch-searchable" role="status">{ searchable }</p>
            }
            { collection_lines(&props.collections, props.now_ms) }
            if let Some(kept) = Some(batch.entries.iter().filter(|e| e.kept_at_ms.is_some()).count()).filter(|n| *n > 0) {
                <p class="note kept" role="note">
                    { format!("{kept} of these jobs are no longer on the server (finished jobs are deleted after {}): their rows show the copies kept in this browser.", crate::error::RETENTION_WORDS) }
                </p>
            }
            if let Some((oncommitall, ids)) = waiting_for_commit {
                <div class="commit-all">
                    <p>{ format!("{} waiting for a commit (manual commit).", if ids.len() == 1 { "1 job is".to_owned() } else { format!("All {} unfinished jobs are", ids.len()) }) }</p>
                    <button type="button" disabled={props.committing} onclick={oncommitall.reform(move |_| ids.clone())}>{ "Commit all" }</button>
                </div>
            }
            if let Some(onabortall) = props.onabortall.clone().filter(|_| !props.abortable.is_empty() && !pair) {
                <div class="abort-all">
                    <p>{ format!("{} manual-commit (auto_commit = \"false\") and not yet committing: the server can still abort {}.", if props.abortable.len() == 1 { "1 unfinished job is".to_owned() } else { format!("{} unfinished jobs are", props.abortable.len()) }, if props.abortable.len() == 1 { "it" } else { "them" }) }</p>
                    <button type="button" class="danger" disabled={props.committing} onclick={{ let ids = props.abortable.clone(); onabortall.reform(move |_| ids.clone()) }}>{ "Abort all…" }</button>
                </div>
            }
            if let Some(offer) = props.onpairup.as_ref().and_then(|on| pair_offer(batch, on)) {
                { offer }
            }
            if pair {
                <PairTable batch={batch.clone()} now_ms={props.now_ms} busy={props.committing} onopen={props.onopen.clone()}
                    oncommit={props.onpaircommit.clone()} onabort={props.onpairabort.clone()} log_links={props.log_links.clone()} />
            } else {
                <div class="files-head">
                    <h3>{ "Jobs" }</h3>
                    if servers > 1 {
                        { server_filter(batch, props.onserverfilter.clone()) }
                    }
                    { state_filter(&options, Some(batch.entries.len()), selected, props.onfilter.clone()) }
                </div>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Jobs of the batch">
                    <table class="batch-table" part="batch-table">
                        <thead><tr>{ sort_headers(&columns(servers > 1), batch.sort, &props.onsort) }</tr></thead>
                        <tbody>
                            { for batch_rows(batch).into_iter().map(|entry| row(entry, &RowContext { now_ms: props.now_ms, onopen: &props.onopen, laggard: summary.laggard.as_ref().map(|l| l.job_id.as_str()), server: server_label(batch, entry), ahead: &props.ahead, log_links: &props.log_links })) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// The same job answering on both servers suggests a primary and its standby: offered as a pair.
fn pair_offer(batch: &BatchWatch, onpairup: &Callback<usize>) -> Option<Html> {
    let shared = crate::state::shared_job_ids(batch);
    let endpoints: Vec<String> = batch.target.as_ref()?.servers.iter().map(|c| c.endpoint.base().to_owned()).collect();
    let (first, second) = (endpoints.first()?.clone(), endpoints.get(1)?.clone());
    (!shared.is_empty()).then(|| html! {
        <div class="pair-offer" role="note">
            <p>{ format!("{} answer{} on both servers: the same import on a primary and its CDC standby? Watch each job once, with both sides:", shared.join(", "), if shared.len() == 1 { "s" } else { "" }) }</p>
            <button type="button" onclick={onpairup.reform(|_| 0)}>{ format!("Watch as a pair ({first} primary)") }</button>
            <button type="button" onclick={onpairup.reform(|_| 1)}>{ format!("Watch as a pair ({second} primary)") }</button>
        </div>
    })
}

/// The table's columns: the server first when there are several.
fn columns(several_servers: bool) -> Vec<(BatchSort, &'static str)> {
    let server = several_servers.then_some((BatchSort::Server, "Server"));
    server.into_iter().chain(COLUMNS).collect()
}

/// A job's server, as its column shows it (several servers only).
fn server_label(batch: &BatchWatch, entry: &BatchEntry) -> Option<String> {
    let target = batch.target.as_ref().filter(|t| t.servers.len() > 1)?;
    Some(target.connection(entry.server)?.endpoint.base().to_owned())
}

/// Show one server's jobs, or all.
fn server_filter(batch: &BatchWatch, onpick: Callback<Option<usize>>) -> Html {
    let servers: Vec<String> =
        batch.target.as_ref().map(|t| t.servers.iter().map(|c| c.endpoint.base().to_owned()).collect()).unwrap_or_default();
    let onchange = onpick.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse::<usize>().ok());
    let selected = batch.server_filter;
    html! {
        <label class="server-filter">{ "Server " }
            <select {onchange} aria-label="Show the jobs of one server">
                <option value="" selected={selected.is_none()}>{ format!("All {} servers", servers.len()) }</option>
                { for servers.iter().enumerate().map(|(i, endpoint)| {
                    let count = batch.entries.iter().filter(|e| e.server == i).count();
                    html! { <option value={i.to_string()} selected={selected == Some(i)}>{ format!("{endpoint} ({count})") }</option> }
                }) }
            </select>
        </label>
    }
}

/// What every row needs besides its entry.
struct RowContext<'a> {
    now_ms: f64,
    onopen: &'a Callback<String>,
    laggard: Option<&'a str>,
    /// Its server, when the batch has several.
    server: Option<String>,
    ahead: &'a [((usize, String), Ahead)],
    log_links: &'a [((usize, String), AttrValue)],
}

/// What the batch's exports write: every job with figures, in the table's order (the state
/// filter aside).
fn exports(batch: &BatchWatch) -> Exports {
    let jobs: Vec<Rc<ImportJob>> = all_batch_rows(batch).into_iter().filter_map(|e| e.job.clone()).collect();
    if jobs.is_empty() {
        return Exports::Nothing;
    }
    Exports::Batch { jobs: Rc::new(jobs), version: batch.answers }
}

/// The headline: how it ended; in a report of a batch that was still running, how it stood
/// then; else running, or stopped.
fn batch_state(summary: &BatchSummary, as_of_ms: Option<f64>, stopped: bool) -> String {
    match (summary.done, as_of_ms) {
        (true, _) => format!("Done: {}", summary.outcome_text()),
        (false, Some(at)) => format!("As of {}: {}", local_time(at), summary.outcome_text()),
        (false, None) if stopped => format!("Stopped: {}", summary.outcome_text()),
        (false, None) => "Running".to_owned(),
    }
}

/// A done batch is done for its user when its collections are ready to search: said so.
fn searchable(summary: &BatchSummary, collections: &[CollectionReadiness], now_ms: f64) -> Option<&'static str> {
    match (summary.done, collections.is_empty()) {
        (true, false) if collections.iter().all(CollectionReadiness::is_ready) => Some("Done: every collection is ready to search."),
        (true, false) if collections.iter().all(|c| c.is_settled(now_ms)) => {
            Some("Done, but not every collection is searchable: see each below.")
        }
        (true, false) => Some("Done: checking that the rows can be searched…"),
        _ => None,
    }
}

/// The bar, the weighting sentence and the facts.
fn overview(summary: &BatchSummary) -> Html {
    let by_state = summary.by_state.iter().map(|(s, n)| format!("{n} {s}")).collect::<Vec<_>>().join(" · ");
    let known = |n: Option<u64>| n.map_or_else(|| UNKNOWN.to_owned(), thousands);
    let rows = format!("{} / {}", known(summary.imported_rows), known(summary.total_rows));
    let (progress, text) = match summary.progress {
        Some(p) => (p, format!("{} %", p.floor() as u32)),
        None => (0.0, UNKNOWN.to_owned()),
    };
    html! {
        <>
            <div class="progress-row">
                <ProgressBar value={progress.floor() as u8} text={if summary.progress.is_some() { format!("Batch, {text}") } else { "Batch progress unknown yet".to_owned() }} label="Batch progress" />
                <span class="percent">{ text }</span>
            </div>
            <p class="explain">{ summary.weighting_text() }</p>
            if let Some(laggard) = &summary.laggard {
                <p class="lag" role="note">
                    <strong>{ "Furthest behind: " }</strong>
                    <span class="mono">{ display_text(&laggard.job_id) }</span>
                    { format!(" at {} % ({}), {} points below the batch's median.", laggard.progress, laggard.activity.label(), laggard.behind_by.round() as u32) }
                </p>
            }
            <dl class="facts">
                { fact("Jobs", if by_state.is_empty() { UNKNOWN.to_owned() } else { by_state }) }
                { fact("Rows", rows) }
                { fact("Size", summary.bytes.map_or_else(|| UNKNOWN.to_owned(), human_size)) }
                { fact("Files", summary.files.map_or_else(|| UNKNOWN.to_owned(), |n| thousands(n as u64))) }
                if let Some(rate) = summary.rows_per_sec {
                    { fact("Speed (all jobs)", format!("{} rows/s", thousands(rate.round() as u64))) }
                }
                if let Some(eta) = summary.eta_ms {
                    <div class="eta"><dt>{ "Writing left (estimate)" }</dt><dd>{ format!("{} {}", if summary.eta_is_lower_bound { "at least" } else { "about" }, human_duration(eta)) }</dd></div>
                }
                if let Some(created) = summary.created_ms {
                    { fact("First created", local_time(created)) }
                }
                if let Some(elapsed) = summary.elapsed_ms {
                    { fact(if summary.done { "Took" } else { "Elapsed" }, format!("{}{}", if summary.elapsed_is_lower_bound { "at least " } else { "" }, human_duration(elapsed))) }
                }
            </dl>
        </>
    }
}

/// A job's row. A failed one stands out (its class and its state's word) and its reason is one
/// click away; an aborted one is *Aborted*, not a failure.
fn row(entry: &BatchEntry, context: &RowContext) -> Html {
    let RowContext { now_ms, onopen, laggard, .. } = *context;
    let id = entry.job_id.clone();
    let onclick = onopen.reform(move |_| id.clone());
    let job = entry.job.as_deref();
    let state =
        job.map_or_else(|| if entry.stopped_by().is_some() { "Not followed".to_owned() } else { "Asking…".to_owned() }, shown_state);
    let kept = entry.kept_at_ms.map(|at| format!("kept copy of {}", local_time(at)));
    let log_link = context.log_links.iter().find(|((server, id), _)| *server == entry.server && *id == entry.job_id).map(|(_, link)| link);
    let ahead = context.ahead.iter().find(|((server, id), _)| *server == entry.server && *id == entry.job_id).map(|(_, a)| *a);
    let phase = match (entry.activity(), ahead) {
        (Some(Activity::Completed | Activity::Failed | Activity::Aborted | Activity::Unknown) | None, _) => String::new(),
        (Some(Activity::Queued), Some(ahead)) => ahead.sentence(),
        (Some(doing), _) => doing.label().to_owned(),
    };
    let rows = job.map(rows_text);
    let created = job.and_then(created_ms).or_else(|| crate::job::id::created_ms(&entry.job_id));
    let duration = job.map_or(Elapsed::Unknown, |j| entry.tracker.elapsed(j, now_ms));
    let failed = entry.is_failed();
    let reason = job
        .and_then(|j| j.reason.clone())
        .filter(|_| failed)
        .or_else(|| entry.request.error().filter(|_| entry.kept_at_ms.is_none()).map(|e| e.to_string()));
    // A failed job's row names the class of its failure ("Vector dimension mismatch").
    let phase = match (failed, &reason) {
        (true, Some(reason)) => crate::job::triage::explain_failure(reason).title.to_owned(),
        _ => phase,
    };
    html! {
        <tr key={entry.job_id.clone()} class={classes!(failed.then_some("failed"), (laggard == Some(entry.job_id.as_str())).then_some("lagging"))}>
            if let Some(server) = &context.server {
                <td class="server mono">{ display_text(server) }</td>
            }
            <td><button type="button" class="link mono" {onclick} aria-label={format!("Open job {}", entry.job_id)}>{ display_text(&entry.job_id) }</button></td>
            <td>{ job.map(|j| display_text(&j.collection_name)).unwrap_or_default() }</td>
            <td>{ state_pill(&state) }<span class="phase">{ kept.unwrap_or(phase) }</span>
                if let Some(reason) = reason {
                    <details class="row-reason"><summary>{ "Reason" }</summary><p>{ display_text(&reason) }</p>
                        { log_anchor(log_link, "The logs of this failure") }
                    </details>
                }
            </td>
            { progress_cell(job.map(|j| j.progress), &state, format!("Progress of job {}", entry.job_id)) }
            <td class="num">{ rows.unwrap_or_else(|| UNKNOWN.to_owned()) }</td>
            <td>{ created.map_or_else(|| UNKNOWN.to_owned(), local_time) }</td>
            <td class="num">{ duration.cell(UNKNOWN) }</td>
        </tr>
    }
}
