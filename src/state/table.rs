//! How the file table and the job list are sorted and filtered: pure, so the order on screen is
//! tested natively.

use crate::model::{FileState, FileTask, JobRecord, JobState};
use std::cmp::Ordering;
use std::rc::Rc;

/// A column to sort by and a direction; a second click on the same column reverses it.
///
/// ```
/// use milvus_import_monitor::state::Sorting;
/// let by_size = Sorting::by("size").toggled("size");
/// assert_eq!((by_size.key, by_size.descending), ("size", true));
/// assert!(!by_size.toggled("name").descending, "another column starts ascending");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sorting<K> {
    pub key: K,
    pub descending: bool,
}

impl<K: Copy + PartialEq> Sorting<K> {
    pub fn by(key: K) -> Self {
        Sorting { key, descending: false }
    }

    /// After a click on `key`'s header.
    pub fn toggled(self, key: K) -> Self {
        Sorting { key, descending: self.key == key && !self.descending }
    }

    /// Sorts `rows` by `order` in this direction, ties broken by `tie` (always ascending), so the
    /// server's random order never shows.
    pub fn sort<T>(&self, rows: &mut [T], order: impl Fn(&T, &T) -> Ordering, tie: impl Fn(&T, &T) -> Ordering) {
        rows.sort_by(|a, b| {
            let order = order(a, b);
            let order = if self.descending { order.reverse() } else { order };
            order.then_with(|| tie(a, b))
        });
    }
}

/// Table columns that can be sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    File,
    Size,
    State,
    Progress,
    Rows,
    Completed,
}

/// How the file table is sorted and filtered.
#[derive(Debug, Clone, PartialEq)]
pub struct TableView {
    pub sort: Sorting<SortKey>,
    /// Only files in this state; `None` shows all.
    pub filter: Option<FileState>,
}

impl Default for TableView {
    fn default() -> Self {
        TableView { sort: Sorting::by(SortKey::File), filter: None }
    }
}

impl TableView {
    /// The rows to show, in order.
    pub fn rows(&self, files: &[Rc<FileTask>]) -> Vec<Rc<FileTask>> {
        let mut rows: Vec<Rc<FileTask>> = files.iter().filter(|f| self.filter.as_ref().is_none_or(|s| &f.state == s)).cloned().collect();
        self.sort_rows(&mut rows);
        rows
    }

    /// Every row, in the table's order whatever its filter: what an export writes.
    pub fn all_rows(&self, files: &[Rc<FileTask>]) -> Vec<Rc<FileTask>> {
        let mut rows = files.to_vec();
        self.sort_rows(&mut rows);
        rows
    }

    fn sort_rows(&self, rows: &mut [Rc<FileTask>]) {
        let order = |a: &Rc<FileTask>, b: &Rc<FileTask>| match self.sort.key {
            SortKey::File => natural_order(&a.file_name, &b.file_name),
            SortKey::Size => a.file_size.cmp(&b.file_size),
            SortKey::State => file_state_rank(&a.state).cmp(&file_state_rank(&b.state)),
            SortKey::Progress => a.progress.cmp(&b.progress),
            SortKey::Rows => a.total_rows.cmp(&b.total_rows),
            SortKey::Completed => a.complete_time.cmp(&b.complete_time),
        };
        self.sort.sort(rows, order, |a, b| natural_order(&a.file_name, &b.file_name));
    }
}

/// Names in the order a person expects: runs of digits by their value, so `bulk/2` comes before
/// `bulk/10` and `bulk/100`; the rest by character. Equal values written differently (`07`,
/// `7`) then fall back to the plain text, so the order is total.
///
/// ```
/// use milvus_import_monitor::state::natural_order;
/// let mut names = ["bulk/100", "bulk/10", "bulk/2", "bulk/1"];
/// names.sort_by(|a, b| natural_order(a, b));
/// assert_eq!(names, ["bulk/1", "bulk/2", "bulk/10", "bulk/100"]);
/// ```
pub fn natural_order(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, rest_x) = digit_run(x);
                let (n, rest_y) = digit_run(y);
                let (m, n) = (trim_zeros(m), trim_zeros(n));
                let by_value = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) if c != d => return c.cmp(d),
            (Some(_), Some(_)) => (x, y) = (x.get(1..).unwrap_or_default(), y.get(1..).unwrap_or_default()),
        }
    }
}

fn digit_run(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes.iter().position(|b| !b.is_ascii_digit()).unwrap_or(bytes.len());
    bytes.split_at(end)
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits.iter().position(|b| *b != b'0').unwrap_or(digits.len());
    digits.get(start..).unwrap_or_default()
}

/// Whether a file row holds `query` in its name (any of its paths) or its failure reason,
/// ignoring case: what find-in-page found when every row was drawn. `lower` lowercases text:
/// in the page, the browser's own `toLowerCase`, which knows every script; Rust's would link
/// Unicode's case tables (7.7 KB brotli) for this one search.
///
/// ```
/// use milvus_import_monitor::model::FileTask;
/// use milvus_import_monitor::state::file_matches;
/// let file = FileTask { file_name: "[bulk/7/id.npy bulk/7/Äpfel.npy]".into(), ..FileTask::default() };
/// assert!(file_matches(&file, "7/ID", str::to_lowercase));
/// assert!(file_matches(&file, "äPFEL", str::to_lowercase), "any script, as the browser lowercases");
/// assert!(file_matches(&file, "  ", str::to_lowercase), "blank finds every row");
/// assert!(!file_matches(&file, "bulk/8", str::to_lowercase));
/// ```
pub fn file_matches(file: &FileTask, query: &str, lower: fn(&str) -> String) -> bool {
    let query = query.trim();
    if query.is_empty() {
        return true;
    }
    let query = lower(query);
    let holds = |text: &str| lower(text).contains(&query);
    holds(&file.file_name) || file.reason.as_deref().is_some_and(holds)
}

/// Failed first, then the files still working, then the finished ones.
fn file_state_rank(state: &FileState) -> u8 {
    match state {
        FileState::Failed => 0,
        FileState::Retry => 1,
        FileState::InProgress => 2,
        FileState::Pending => 3,
        FileState::Other(_) => 4,
        FileState::Completed => 5,
    }
}

/// Columns of the job list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSort {
    JobId,
    Collection,
    State,
    Progress,
}

/// The job list's records to show, sorted and filtered; ties break on the job ID.
pub fn list_rows(records: &[JobRecord], sort: Sorting<ListSort>, filter: Option<&JobState>) -> Vec<JobRecord> {
    let mut rows: Vec<JobRecord> = records.iter().filter(|r| filter.is_none_or(|f| &r.state == f)).cloned().collect();
    let order = |a: &JobRecord, b: &JobRecord| match sort.key {
        // Numerically: a shorter ID is a smaller number.
        ListSort::JobId => a.job_id.len().cmp(&b.job_id.len()).then_with(|| a.job_id.cmp(&b.job_id)),
        ListSort::Collection => a.collection_name.cmp(&b.collection_name),
        ListSort::State => job_state_rank(&a.state).cmp(&job_state_rank(&b.state)),
        ListSort::Progress => a.progress.cmp(&b.progress),
    };
    sort.sort(&mut rows, order, |a, b| a.job_id.cmp(&b.job_id));
    rows
}

/// Running jobs first, then waiting, failed and done.
fn job_state_rank(state: &JobState) -> u8 {
    match state {
        JobState::Importing | JobState::Committing => 0,
        JobState::Pending | JobState::Uncommitted => 1,
        JobState::Failed => 2,
        JobState::Other(_) | JobState::None => 3,
        JobState::Completed => 4,
    }
}
