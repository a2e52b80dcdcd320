//! Where the time went: the phases a job went through, how long each took (as this page saw
//! them, to within a poll), and which took longest.

use super::Timeline;
use crate::format::human_duration;
use crate::job::{created_ms, Activity};
use crate::model::ImportJob;

/// One phase, from when it was first seen to when the next one was (or now).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseSpan {
    pub phase: Activity,
    pub start_ms: f64,
    pub end_ms: f64,
}

impl PhaseSpan {
    pub fn duration_ms(&self) -> f64 {
        (self.end_ms - self.start_ms).max(0.0)
    }
}

/// The phases of a job and the sentence that sums them up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhaseSummary {
    pub spans: Vec<PhaseSpan>,
    /// From the job's creation to when this page first saw it, when it was already past the
    /// queue then: time whose phases nobody here saw.
    pub unwatched_ms: Option<f64>,
    /// The job is final: the last span ended with it.
    pub finished: bool,
}

/// The words of a phase in the summary ("writing 31 min").
pub fn short_label(phase: Activity) -> &'static str {
    match phase {
        Activity::Queued => "queued",
        Activity::ScanningFiles => "scanning",
        Activity::WritingRows => "writing",
        Activity::Sorting => "sorting",
        Activity::BuildingIndex => "building index",
        Activity::WaitingForCommit => "waiting for commit",
        Activity::Committing => "committing",
        Activity::Completed => "completed",
        Activity::Failed => "failed",
        Activity::Aborted => "aborted",
        Activity::Unknown => "unknown state",
    }
}

/// The phases of a job from its recorded timeline; a job still running has its current phase
/// end `now_ms`.
///
/// ```
/// use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
/// use milvus_import_monitor::timeline::{phase_summary, Timeline};
/// use milvus_import_monitor::job::{Activity, BandTable};
/// let file = |state| vec![std::rc::Rc::new(FileTask { state, ..Default::default() })];
/// let mut timeline = Timeline::default();
/// let min = 60_000.0;
/// for (t, state, progress, details) in [(0.0, JobState::Pending, 0, vec![]), (2.0, JobState::Importing, 20, vec![]),
///     (8.0, JobState::Importing, 50, file(FileState::InProgress)), (39.0, JobState::Importing, 85, file(FileState::Completed)),
///     (63.0, JobState::Completed, 100, file(FileState::Completed))] {
///     timeline.observe(&ImportJob { state, progress, details, ..Default::default() }, BandTable::Modern, t * min);
/// }
/// let summary = phase_summary(&timeline, &ImportJob::default(), 63.0 * min);
/// assert_eq!(summary.text(), "Queued 2 min 00 s · scanning 6 min 00 s · writing 31 min 00 s · building index 24 min 00 s. Longest: writing.");
/// assert_eq!(summary.longest().map(|s| s.phase), Some(Activity::WritingRows));
/// ```
pub fn phase_summary(timeline: &Timeline, job: &ImportJob, now_ms: f64) -> PhaseSummary {
    let mut summary = PhaseSummary::default();
    let Some(first) = timeline.phases.first() else { return summary };
    // The creation time is the server's: on the page's clock, and never after the first phase
    // this page saw began.
    let created = created_ms(job).map(|at| timeline.clock.to_page(at)).filter(|created| *created < first.at_ms);
    for (index, mark) in timeline.phases.iter().enumerate() {
        if matches!(mark.phase, Activity::Completed | Activity::Failed | Activity::Aborted) {
            summary.finished = true;
            break;
        }
        let start_ms = match created {
            Some(created) if index == 0 && mark.phase == Activity::Queued => created,
            _ => mark.at_ms,
        };
        let end_ms = timeline.phases.get(index + 1).map_or(now_ms, |next| next.at_ms);
        summary.spans.push(PhaseSpan { phase: mark.phase, start_ms, end_ms });
    }
    if first.phase != Activity::Queued {
        summary.unwatched_ms = created.map(|created| first.at_ms - created);
    }
    summary
}

impl PhaseSummary {
    /// The phase that took longest, once there are two to compare.
    pub fn longest(&self) -> Option<&PhaseSpan> {
        if self.spans.len() < 2 {
            return None;
        }
        self.spans.iter().fold(None, |best: Option<&PhaseSpan>, span| match best {
            Some(best) if best.duration_ms() >= span.duration_ms() => Some(best),
            _ => Some(span),
        })
    }

    /// "Queued 2 min · scanning 6 min · writing 31 min · building index 24 min. Longest:
    /// writing."; empty when nothing was recorded.
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(self.spans.len() + 1);
        if let Some(unwatched) = self.unwatched_ms {
            parts.push(format!("before this page watched {}", human_duration(unwatched)));
        }
        parts.extend(self.spans.iter().map(|span| format!("{} {}", short_label(span.phase), human_duration(span.duration_ms()))));
        let mut text = parts.join(" · ");
        if let Some(first) = text.get(..1) {
            text = first.to_ascii_uppercase() + text.get(1..).unwrap_or_default();
        }
        if let Some(longest) = self.longest() {
            text.push_str(&format!(". Longest: {}{}.", short_label(longest.phase), if self.finished { "" } else { " so far" }));
        }
        text
    }
}
