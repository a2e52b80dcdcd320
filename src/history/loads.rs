//! Kept jobs as loads, pure: what the History tab lists, charts and compares. A load's figures
//! come from its kept copy (the last answer and the timeline this page recorded): its duration,
//! rows per second, the time in each phase, its files and failures. A trend is the loads into
//! one collection in order; a comparison puts two loads side by side. Every figure nobody saw
//! is unknown (`None`), never 0, and unknown figures are left out of medians and differences.

use crate::format::human_duration;
use crate::job::{created_ms, Activity};
use crate::model::{FileState, ImportJob, JobState};
use crate::timeline::{phase_summary, Timeline};
use serde::{Deserialize, Serialize};

/// How a batch taken as one load is named (in place of a job ID).
pub const BATCH_LABEL: &str = "batch of ";

/// The phases a load's time is told in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Queued,
    Scanning,
    Writing,
    Sorting,
    Index,
    Commit,
}

impl Phase {
    pub const ALL: [Phase; 6] = [Phase::Queued, Phase::Scanning, Phase::Writing, Phase::Sorting, Phase::Index, Phase::Commit];

    /// "the index phase grew…": the phase's name in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Queued => "queued",
            Phase::Scanning => "scanning",
            Phase::Writing => "writing",
            Phase::Sorting => "sorting",
            Phase::Index => "index",
            Phase::Commit => "commit",
        }
    }

    fn of(activity: Activity) -> Option<Phase> {
        Some(match activity {
            Activity::Queued => Phase::Queued,
            Activity::ScanningFiles => Phase::Scanning,
            Activity::WritingRows => Phase::Writing,
            Activity::Sorting => Phase::Sorting,
            Activity::BuildingIndex => Phase::Index,
            Activity::WaitingForCommit | Activity::Committing => Phase::Commit,
            Activity::Completed | Activity::Failed | Activity::Aborted | Activity::Unknown => return None,
        })
    }

    fn index(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// One load's figures: worked out when its copy is kept, and kept in the history's catalogue
/// with it, so a trend or a comparison reads no kept job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Load {
    pub endpoint: String,
    pub job_id: String,
    pub collection: String,
    pub state: JobState,
    /// Its creation on its server's clock (from `createTime` or the ID), if known: the loads of
    /// a trend are all one server's, so one clock orders them (this page's clock, through an
    /// offset estimated anew at each visit, would not).
    pub created_ms: Option<f64>,
    /// From its creation to its end, when it ended and both are known.
    pub duration_ms: Option<f64>,
    pub rows: Option<u64>,
    /// Rows over the whole duration (what the user waited for), when both are known.
    pub rows_per_sec: Option<f64>,
    /// File groups and failed ones, as the last answer listed them (`None`: it listed none, as
    /// a job that failed before its files were read, or a server that gives no details).
    pub files: Option<usize>,
    pub failed_files: Option<usize>,
    /// Time in each phase ([`Phase::ALL`]'s order), as this page saw it; `None`: not seen.
    pub phases: [Option<f64>; 6],
}

impl Load {
    /// A kept job's figures (`timeline`: what this page recorded of it, if anything).
    ///
    /// ```
    /// use milvus_import_monitor::history::loads::Load;
    /// use milvus_import_monitor::model::{ImportJob, JobState};
    /// let job = ImportJob { job_id: "462422016000000000".into(), state: JobState::Completed, total_rows: 600_000,
    ///     create_time: Some("2025-11-24T16:00:00Z".into()), complete_time: Some("2025-11-24T16:10:00Z".into()), ..Default::default() };
    /// let load = Load::of("http://m:19530", &job, None);
    /// assert_eq!((load.duration_ms, load.rows_per_sec), (Some(600_000.0), Some(1_000.0)));
    /// assert_eq!(load.phases, [None; 6], "nobody saw its phases");
    /// ```
    pub fn of(endpoint: &str, job: &ImportJob, timeline: Option<&Timeline>) -> Load {
        let mut phases = [None; 6];
        let mut ended = None;
        let mut start = None;
        if let Some(timeline) = timeline {
            let end_ms = timeline.phases.last().map_or(0.0, |m| m.at_ms);
            let summary = phase_summary(timeline, job, end_ms);
            for span in &summary.spans {
                if let Some(phase) = Phase::of(span.phase) {
                    let slot = phases.get_mut(phase.index());
                    if let Some(slot) = slot {
                        *slot = Some(slot.unwrap_or(0.0) + span.duration_ms());
                    }
                }
            }
            if summary.finished && summary.unwatched_ms.is_none() {
                start = summary.spans.first().map(|s| s.start_ms);
                ended = summary.spans.last().map(|s| s.end_ms);
            }
        }
        let completed = job.complete_time.as_deref().and_then(crate::format::parse_rfc3339_ms);
        // The server's own times first (one clock), else what this page saw from the start.
        let duration = match (created_ms(job), completed) {
            (Some(created), Some(completed)) if job.state.is_terminal() && completed >= created => Some(completed - created),
            _ => start.zip(ended).map(|(s, e)| e - s).filter(|d| *d >= 0.0),
        };
        // 0 rows is how a server that counts none (Zilliz Cloud) says nothing: unknown.
        let rows = job.imported_rows.or(Some(job.total_rows)).filter(|r| *r > 0 && job.state == JobState::Completed);
        let rows_per_sec = rows.zip(duration).filter(|(_, d)| *d > 0.0).map(|(r, d)| r as f64 / (d / 1000.0));
        Load {
            endpoint: endpoint.to_owned(),
            job_id: job.job_id.clone(),
            collection: job.collection_name.clone(),
            state: job.state.clone(),
            created_ms: created_ms(job),
            duration_ms: duration,
            rows,
            rows_per_sec,
            files: (!job.details.is_empty()).then_some(job.details.len()),
            failed_files: (!job.details.is_empty()).then(|| job.details.iter().filter(|f| f.state == FileState::Failed).count()),
            phases,
        }
    }

    /// A batch's loads as one load (`label` in place of a job ID): from its first creation to
    /// its last end, its rows and files summed, failed when any job failed, and each phase's
    /// time summed over the jobs seen in it. A figure unknown for any job is unknown here.
    ///
    /// ```
    /// use milvus_import_monitor::history::loads::Load;
    /// use milvus_import_monitor::model::JobState;
    /// let load = |id: &str, created, duration, state| Load { endpoint: "http://m".into(), job_id: id.into(), collection: "books".into(),
    ///     state, created_ms: Some(created), duration_ms: Some(duration), rows: Some(100), rows_per_sec: None, files: Some(2),
    ///     failed_files: Some(0), phases: [Some(1_000.0), None, None, None, None, None] };
    /// let (a, b) = (load("1", 0.0, 10_000.0, JobState::Completed), load("2", 5_000.0, 10_000.0, JobState::Failed));
    /// let batch = Load::of_batch("2 jobs", &[&a, &b]).unwrap();
    /// assert_eq!((batch.duration_ms, batch.rows, batch.files, batch.state), (Some(15_000.0), Some(200), Some(4), JobState::Failed));
    /// assert_eq!(batch.phases[0], Some(2_000.0));
    /// ```
    pub fn of_batch(label: &str, loads: &[&Load]) -> Option<Load> {
        let first = loads.first()?;
        let all = |figure: fn(&Load) -> Option<f64>| loads.iter().map(|l| figure(l)).collect::<Option<Vec<f64>>>();
        let start = all(|l| l.created_ms).and_then(|s| s.into_iter().reduce(f64::min));
        let end = all(|l| Some(l.created_ms? + l.duration_ms?)).and_then(|e| e.into_iter().reduce(f64::max));
        let duration_ms = start.zip(end).map(|(start, end)| end - start);
        let rows = loads.iter().map(|l| l.rows).sum::<Option<u64>>();
        let state = match () {
            () if loads.iter().any(|l| l.failed()) => JobState::Failed,
            () if loads.iter().all(|l| l.state == JobState::Completed) => JobState::Completed,
            () => JobState::Importing,
        };
        let mut phases = [None; 6];
        for (index, slot) in phases.iter_mut().enumerate() {
            let seen: Vec<f64> = loads.iter().filter_map(|l| l.phases.get(index).copied().flatten()).collect();
            *slot = (!seen.is_empty()).then(|| seen.iter().sum());
        }
        Some(Load {
            endpoint: first.endpoint.clone(),
            job_id: label.to_owned(),
            collection: first.collection.clone(),
            state,
            created_ms: start,
            duration_ms,
            rows,
            rows_per_sec: rows.zip(duration_ms).filter(|(_, d)| *d > 0.0).map(|(r, d)| r as f64 / (d / 1000.0)),
            files: loads.iter().map(|l| l.files).sum(),
            failed_files: loads.iter().map(|l| l.failed_files).sum(),
            phases,
        })
    }

    pub fn phase_ms(&self, phase: Phase) -> Option<f64> {
        self.phases.get(phase.index()).copied().flatten()
    }

    pub fn failed(&self) -> bool {
        self.state == JobState::Failed
    }
}

/// The median of the known values (`None`: none known).
pub fn median(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let mut known: Vec<f64> = values.into_iter().flatten().filter(|v| v.is_finite()).collect();
    if known.is_empty() {
        return None;
    }
    known.sort_unstable_by(f64::total_cmp);
    let mid = known.len() / 2;
    match known.len() % 2 {
        0 => Some((known.get(mid - 1)? + known.get(mid)?) / 2.0),
        _ => known.get(mid).copied(),
    }
}

/// The loads into one collection (of one server), oldest first: a trend's points.
pub fn trend<'a>(loads: &'a [Load], endpoint: &str, collection: &str) -> Vec<&'a Load> {
    let mut points: Vec<&Load> = loads.iter().filter(|l| l.endpoint == endpoint && l.collection == collection).collect();
    // Unstable (a smaller sort in the page); the job ID settles equal times.
    points.sort_unstable_by(|a, b| {
        a.created_ms.unwrap_or(f64::MAX).total_cmp(&b.created_ms.unwrap_or(f64::MAX)).then_with(|| a.job_id.cmp(&b.job_id))
    });
    points
}

/// How many earlier loads the newest is measured against.
pub const TREND_WINDOW: usize = 5;

/// The newest load against the median of the completed loads before it.
#[derive(Debug, Clone, PartialEq)]
pub struct AgainstMedian {
    /// How many loads the median is of (at most [`TREND_WINDOW`]).
    pub of: usize,
    pub median_ms: f64,
    pub duration_ms: f64,
    /// The phase that changed most, with its median before and its time now.
    pub phase: Option<(Phase, f64, f64)>,
}

impl AgainstMedian {
    /// The newest of `points` (a trend, oldest first) against the last [`TREND_WINDOW`]
    /// completed ones before it; `None` when it did not complete (a failure's time is not a
    /// duration) or either duration is unknown.
    pub fn of(points: &[&Load]) -> Option<AgainstMedian> {
        let (newest, before) = points.split_last().filter(|(newest, _)| newest.state == JobState::Completed)?;
        let earlier: Vec<&Load> = before.iter().rev().filter(|l| l.state == JobState::Completed).take(TREND_WINDOW).copied().collect();
        let median_ms = median(earlier.iter().map(|l| l.duration_ms))?;
        let duration_ms = newest.duration_ms?;
        let phase = Phase::ALL
            .iter()
            .filter_map(|p| Some((*p, median(earlier.iter().map(|l| l.phase_ms(*p)))?, newest.phase_ms(*p)?)))
            .max_by(|a, b| (a.2 - a.1).abs().total_cmp(&(b.2 - b.1).abs()));
        Some(AgainstMedian { of: earlier.iter().filter(|l| l.duration_ms.is_some()).count(), median_ms, duration_ms, phase })
    }

    /// "This load took 41 % longer than the median of the last 5 into book_embeddings: the
    /// index phase grew from 9 min to 23 min."
    pub fn sentence(&self, collection: &str) -> String {
        let change = percent_change(self.median_ms, self.duration_ms);
        let how = match change {
            Some(p) if p >= 1.0 => format!("took {p:.0} % longer than"),
            Some(p) if p <= -1.0 => format!("took {:.0} % less time than", -p),
            _ => "took about as long as".to_owned(),
        };
        let last = if self.of == 1 { "the last load".to_owned() } else { format!("the median of the last {}", self.of) };
        let mut text = format!("This load {how} {last} into {collection}");
        if let Some((phase, before, now)) = self.phase.filter(|(_, before, now)| (now - before).abs() >= 1000.0) {
            let verb = if now > before { "grew" } else { "shrank" };
            text.push_str(&format!(": the {} phase {verb} from {} to {}", phase.label(), human_duration(before), human_duration(now)));
        }
        text.push('.');
        text
    }
}

/// The change from `before` to `now` in percent of `before` (`None`: `before` is 0).
fn percent_change(before: f64, now: f64) -> Option<f64> {
    (before > 0.0).then(|| (now - before) / before * 100.0)
}

/// One figure of two loads.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub what: &'static str,
    pub a: Option<f64>,
    pub b: Option<f64>,
}

/// Two loads side by side: every figure, and the differences worth saying in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub rows: Vec<Difference>,
    pub sentences: Vec<String>,
}

/// A difference smaller than this share is not said.
const WORTH_SAYING: f64 = 0.05;

/// Compares load `b` with load `a` (a: the earlier or the reference).
pub fn compare(a: &Load, b: &Load) -> Comparison {
    let count = |n: usize| Some(n as f64);
    let mut rows = vec![
        Difference { what: "duration", a: a.duration_ms, b: b.duration_ms },
        Difference { what: "rows per second", a: a.rows_per_sec, b: b.rows_per_sec },
        Difference { what: "rows", a: a.rows.map(|r| r as f64), b: b.rows.map(|r| r as f64) },
        Difference { what: "file groups", a: a.files.and_then(count), b: b.files.and_then(count) },
        Difference { what: "failed file groups", a: a.failed_files.and_then(count), b: b.failed_files.and_then(count) },
    ];
    rows.extend(Phase::ALL.iter().map(|p| Difference { what: p.label(), a: a.phase_ms(*p), b: b.phase_ms(*p) }));
    let mut sentences = Vec::new();
    // A failed load's time is until it failed: said as such, never compared as a duration.
    if a.failed() || b.failed() {
        let took = |l: &Load| l.duration_ms.map_or_else(|| "an unknown time".to_owned(), human_duration);
        let said = |l: &Load| if l.failed() { format!("failed after {}", took(l)) } else { format!("took {}", took(l)) };
        sentences.push(format!("The first load {}; the second {}.", said(a), said(b)));
    } else if let (Some(da), Some(db)) = (a.duration_ms, b.duration_ms) {
        match percent_change(da, db) {
            Some(p) if p.abs() / 100.0 >= WORTH_SAYING => {
                let how = if p > 0.0 { format!("{p:.0} % longer") } else { format!("{:.0} % less time", -p) };
                let mut text = format!("The second load took {how} ({} against {})", human_duration(db), human_duration(da));
                let phase = Phase::ALL
                    .iter()
                    .filter_map(|ph| Some((*ph, a.phase_ms(*ph)?, b.phase_ms(*ph)?)))
                    .max_by(|x, y| (x.2 - x.1).abs().total_cmp(&(y.2 - y.1).abs()))
                    .filter(|(_, pa, pb)| (pb - pa).abs() >= 1000.0);
                if let Some((ph, pa, pb)) = phase {
                    text.push_str(&format!(
                        "; the {} phase differs most: {} against {}",
                        ph.label(),
                        human_duration(pb),
                        human_duration(pa)
                    ));
                }
                sentences.push(text + ".");
            }
            _ => sentences.push("Both loads took about as long.".to_owned()),
        }
    }
    if let (Some(ra), Some(rb)) = (a.rows_per_sec, b.rows_per_sec) {
        if let Some(p) = percent_change(ra, rb).filter(|p| p.abs() / 100.0 >= WORTH_SAYING) {
            let how = if p > 0.0 { "more" } else { "fewer" };
            sentences.push(format!("The second load wrote {:.0} % {how} rows per second ({rb:.0} against {ra:.0}).", p.abs()));
        }
    }
    let told = |n: Option<usize>| n.map_or_else(|| "unknown".to_owned(), |n| n.to_string());
    if a.files != b.files {
        sentences.push(format!("File groups: {} in the first, {} in the second.", told(a.files), told(b.files)));
    }
    match (a.failed_files, b.failed_files) {
        (Some(0), Some(0)) | (None, None) => {}
        (fa, fb) => sentences.push(format!("Failed file groups: {} in the first, {} in the second.", told(fa), told(fb))),
    }
    Comparison { rows, sentences }
}
