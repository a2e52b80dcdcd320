//! The words the page says about its state: the status line, the live-region announcement and
//! the tab title. Pure, so they are tested natively.

use super::{PageState, RequestState};

/// The status line under the form (a polite live region, so it must not change with every poll).
///
/// ```
/// use milvus_import_monitor::state::{status_text, PageState};
/// assert_eq!(status_text(&PageState::default()), "");
/// ```
pub fn status_text(state: &PageState) -> String {
    let job = &state.job;
    match &job.request {
        RequestState::Idle if job.target.is_none() && job.snapshot.is_some() => "Stopped.".to_owned(),
        RequestState::Idle => String::new(),
        _ if job.target.is_some() && !state.visible => "Paused while this tab is hidden.".to_owned(),
        RequestState::Loading { .. } if job.snapshot.is_none() => "Asking the server…".to_owned(),
        RequestState::Loading { .. } | RequestState::Ready if !job.is_terminal() => {
            format!("Polling every {} s.", job.target.as_ref().map_or(0.0, |w| f64::from(w.interval_ms) / 1000.0))
        }
        RequestState::Loading { .. } | RequestState::Ready => "Final state reached; polling stopped.".to_owned(),
        RequestState::Failed(_) => match state.next_poll_in_ms() {
            Some(ms) => format!("Retrying in {} s.", (f64::from(ms) / 1000.0).round()),
            None => "Polling stopped.".to_owned(),
        },
    }
}

/// The batch's status line.
///
/// ```
/// use milvus_import_monitor::state::{batch_status_text, PageState};
/// assert_eq!(batch_status_text(&PageState::default()), "");
/// ```
pub fn batch_status_text(state: &PageState) -> String {
    let batch = &state.batch;
    let open = batch.entries.iter().filter(|e| e.is_open()).count();
    match &batch.target {
        _ if batch.is_done() => "Every job is final; polling stopped.".to_owned(),
        None if batch.stopped_by.is_some() => "Polling stopped.".to_owned(),
        None if batch.is_shown() => "Stopped.".to_owned(),
        None => String::new(),
        Some(_) if !state.visible => "Paused while this tab is hidden.".to_owned(),
        Some(target) if batch.servers.iter().any(|h| h.failures > 0 || h.refused.is_some()) => {
            let failing: Vec<String> = batch
                .servers
                .iter()
                .zip(&target.servers)
                .filter(|(h, _)| h.failures > 0 || h.refused.is_some())
                .map(|(h, c)| match &h.refused {
                    Some(_) => format!("{} refused the credentials (its jobs stopped)", c.endpoint.base()),
                    None => format!("{} is failing ({} in a row; its jobs wait, retrying with backoff)", c.endpoint.base(), h.failures),
                })
                .collect();
            let others = if target.servers.len() > 1 { " The other servers' jobs keep their interval." } else { "" };
            format!("{}.{others}", failing.join("; "))
        }
        Some(target) => format!(
            "Polling {open} unfinished {} every {} s, at most two requests at a time{}.",
            if open == 1 { "job" } else { "jobs" },
            f64::from(target.interval_ms) / 1000.0,
            if target.servers.len() > 1 { format!(" to each of {} servers", target.servers.len()) } else { String::new() }
        ),
    }
}

/// Announced politely when the job's phase changes, not at every percent.
pub fn announcement(state: &PageState) -> Option<String> {
    if state.shows_batch() {
        let finals = state.batch.entries.iter().filter(|e| e.is_final()).count();
        return Some(format!("Batch: {finals} of {} jobs final.", state.batch.entries.len()));
    }
    state.job.snapshot.as_ref().map(|s| {
        let doing = s.activity(state.job.band_table());
        format!("Job {}: {}, {}.", s.job.job_id, s.job.state, doing.label())
    })
}

/// The standalone page's title: progress first, so it reads in a narrow tab.
pub fn title_text(state: &PageState) -> String {
    if state.shows_batch() {
        let summary = crate::state::batch::BatchSummary::of(&state.batch.entries, 0.0);
        let progress = summary.progress.map_or_else(|| "…".to_owned(), |p| format!("{} %", p.floor() as u32));
        return format!("{progress} · batch of {} · Milvus import monitor", summary.jobs);
    }
    match &state.job.snapshot {
        Some(s) => format!("{} % · {} · Milvus import monitor", s.job.progress, s.job.state),
        None => "Milvus import monitor".to_owned(),
    }
}

/// Said above a job's figures when the last poll failed but earlier ones answered: they are the
/// last good answer's, from `received_at` (a local time), not the server's state now.
///
/// ```
/// use milvus_import_monitor::state::{stale_text, JobWatch, RequestState, Snapshot};
/// use milvus_import_monitor::model::ImportJob;
/// use milvus_import_monitor::ApiError;
/// let mut job = JobWatch::default();
/// job.snapshot = Some(std::rc::Rc::new(Snapshot::new(ImportJob::default(), None, 0.0)));
/// assert_eq!(stale_text(&job, |_| "14:02:10".into()), None);
/// job.request = RequestState::Failed(ApiError::NoAnswer { after_ms: 8_000 });
/// job.failures = 3;
/// assert_eq!(stale_text(&job, |_| "14:02:10".into()).unwrap(), "These figures are from the last answer, at 14:02:10: the last 3 polls failed, so the job may have moved on since.");
/// ```
pub fn stale_text(job: &super::JobWatch, local_time: impl Fn(f64) -> String) -> Option<String> {
    let snapshot = job.snapshot.as_ref().filter(|s| s.source == super::Source::Live)?;
    job.request.error()?;
    let failed = if job.failures > 1 { format!("the last {} polls failed", job.failures) } else { "the last poll failed".to_owned() };
    Some(format!(
        "These figures are from the last answer, at {}: {failed}, so the job may have moved on since.",
        local_time(snapshot.received_at_ms)
    ))
}

/// The desktop notification what the page watches owes when it ends (title, body): the single
/// job's end, or the whole batch's (a job opened from a batch does not notify on its own).
/// Whether it is shown is the user's choice; each end is told once (the hook keys on it).
///
/// ```
/// use milvus_import_monitor::state::{ended_notice, PageState};
/// assert_eq!(ended_notice(&PageState::default()), None);
/// ```
pub fn ended_notice(state: &PageState) -> Option<(String, String)> {
    if state.batch.is_shown() {
        return state.batch.is_done().then(|| ("Import batch ended".to_owned(), batch_ended_text(&state.batch)));
    }
    let job = &state.job.snapshot.as_ref().filter(|_| state.is_terminal())?.job;
    Some((format!("Import {}", job.state), format!("Milvus import job {} is {}.", job.job_id, job.state)))
}

/// "5 jobs: 4 completed, 1 failed."
fn batch_ended_text(batch: &super::batch::BatchWatch) -> String {
    let summary = super::batch::BatchSummary::of(&batch.entries, 0.0);
    let states: Vec<String> = summary.by_state.iter().map(|(state, n)| format!("{n} {}", state.to_ascii_lowercase())).collect();
    format!("{} jobs: {}.", summary.jobs, states.join(", "))
}
