//! The file timeline: a bar per file group from when this page first saw it in progress to its
//! `completeTime` (the server's, put on the page's clock), so the slow file and the idle gaps stand out. Past [`MAX_BARS`] groups,
//! neighbours (in order of start) share a bar, never a thousand unreadable slivers.

use super::Timeline;
use crate::format::parse_rfc3339_ms;
use crate::model::{FileState, ImportJob};

/// Bars drawn at most.
pub const MAX_BARS: usize = 40;
/// A pause shorter than this is not an idle gap worth drawing.
const MIN_GAP_MS: f64 = 5_000.0;

/// One bar: a file group, or several neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct FileBar {
    /// The group's file name, or "groups 27–52".
    pub label: String,
    pub groups: usize,
    /// First seen in progress (observed); `None` when no group of the bar was seen starting.
    pub start_ms: Option<f64>,
    /// The last `completeTime` (the server's); `None` while a group is unfinished.
    pub end_ms: Option<f64>,
    pub failed: bool,
}

/// The timeline of a job's file groups.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileTimeline {
    pub bars: Vec<FileBar>,
    pub start_ms: f64,
    pub end_ms: f64,
    /// Spans when no group was in progress, between the first start and the last end.
    pub gaps: Vec<(f64, f64)>,
    /// The group that took longest, and how long.
    pub slowest: Option<(String, f64)>,
    pub groups: usize,
}

struct Group<'a> {
    name: &'a str,
    start: Option<f64>,
    end: Option<f64>,
    failed: bool,
}

/// The file timeline of `job` from what `timeline` recorded; an unfinished group's bar runs to
/// `now_ms`.
///
/// ```
/// use milvus_import_monitor::model::{FileState, FileTask, ImportJob};
/// use milvus_import_monitor::timeline::{file_timeline, Timeline};
/// use std::rc::Rc;
/// let file = |name: &str, end: &str| Rc::new(FileTask { file_name: name.into(), state: FileState::Completed, complete_time: Some(end.into()), ..Default::default() });
/// let job = ImportJob { details: vec![file("[a.parquet]", "1970-01-01T00:01:00Z"), file("[b.parquet]", "1970-01-01T00:05:00Z")], ..Default::default() };
/// let mut timeline = Timeline::default();
/// timeline.file_starts.insert("[a.parquet]".into(), 0.0);
/// timeline.file_starts.insert("[b.parquet]".into(), 180_000.0);
/// let t = file_timeline(&job, &timeline, 300_000.0);
/// assert_eq!(t.bars.len(), 2);
/// assert_eq!(t.gaps, [(60_000.0, 180_000.0)]);
/// assert_eq!(t.slowest, Some(("b.parquet".to_string(), 120_000.0)));
/// ```
pub fn file_timeline(job: &ImportJob, timeline: &Timeline, now_ms: f64) -> FileTimeline {
    let mut groups: Vec<Group> = job
        .details
        .iter()
        .map(|file| Group {
            name: &file.file_name,
            start: timeline.file_starts.get(&file.file_name).copied(),
            // The server's clock, put on the page's; never before this page saw it start.
            end: file.complete_time.as_deref().and_then(parse_rfc3339_ms).map(|end| {
                let end = timeline.clock.to_page(end);
                timeline.file_starts.get(&file.file_name).map_or(end, |start| end.max(*start))
            }),
            failed: file.state == FileState::Failed,
        })
        .collect();
    if groups.is_empty() {
        return FileTimeline::default();
    }
    // By start, then end: unknown starts after known ones.
    groups.sort_by(|a, b| key(a).total_cmp(&key(b)));
    let start_ms = groups.iter().filter_map(|g| g.start.or(g.end)).fold(f64::INFINITY, f64::min);
    let end_ms = groups.iter().map(|g| g.end.unwrap_or(now_ms)).fold(f64::NEG_INFINITY, f64::max).max(start_ms);
    let per_bar = groups.len().div_ceil(MAX_BARS);
    let bars = groups.chunks(per_bar).enumerate().map(|(i, chunk)| bar(chunk, i * per_bar, per_bar)).collect();
    let slowest = groups
        .iter()
        .filter_map(|g| Some((g.name, g.end? - g.start?)))
        .fold(None, |best: Option<(&str, f64)>, (name, took)| if best.is_some_and(|(_, b)| b >= took) { best } else { Some((name, took)) })
        .map(|(name, took)| (shown_name(name), took.max(0.0)));
    FileTimeline { bars, start_ms: start_ms.min(end_ms), end_ms, gaps: idle_gaps(&groups, now_ms), slowest, groups: groups.len() }
}

/// A group's paths as a person reads them ("a/1.npy, a/2.npy"), not the server's `fileName`.
fn shown_name(file_name: &str) -> String {
    crate::model::parse_file_name(file_name).join(", ")
}

fn key(group: &Group) -> f64 {
    group.start.or(group.end).unwrap_or(f64::INFINITY)
}

fn bar(chunk: &[Group], first: usize, per_bar: usize) -> FileBar {
    let label = match chunk {
        [only] if per_bar == 1 => shown_name(only.name),
        _ => format!("groups {}–{}", first + 1, first + chunk.len()),
    };
    let unfinished = chunk.iter().any(|g| g.end.is_none());
    FileBar {
        label,
        groups: chunk.len(),
        start_ms: chunk.iter().filter_map(|g| g.start).reduce(f64::min),
        end_ms: if unfinished { None } else { chunk.iter().filter_map(|g| g.end).reduce(f64::max) },
        failed: chunk.iter().any(|g| g.failed),
    }
}

/// Where no group was in progress: the holes in the union of the groups' spans.
fn idle_gaps(sorted: &[Group], now_ms: f64) -> Vec<(f64, f64)> {
    let mut gaps = Vec::new();
    let mut covered_until: Option<f64> = None;
    for group in sorted {
        let Some(start) = group.start else { continue };
        let end = group.end.unwrap_or(now_ms).max(start);
        if let Some(until) = covered_until.filter(|until| start - until >= MIN_GAP_MS) {
            gaps.push((until, start));
        }
        covered_until = Some(covered_until.map_or(end, |until| until.max(end)));
    }
    gaps
}
