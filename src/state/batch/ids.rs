//! Job IDs as people paste them: one per line from a script's log, a comma-separated list, or
//! a Python list printed by a loader (`['4618…', '4618…']`); every one checked before anything
//! is sent.

use crate::job::id::{self as job_id, IdProblem};
use crate::ApiError;

/// The job IDs in `text`, each once, in the order given. Separators are white space, commas
/// and semicolons; quotes and brackets around an ID are dropped.
///
/// ```
/// use milvus_import_monitor::state::batch::split_job_ids;
/// assert_eq!(split_job_ids("461829374610022401, 461829374610022405\n461829374610022401"), ["461829374610022401", "461829374610022405"]);
/// assert_eq!(split_job_ids("['7', '8']"), ["7", "8"]);
/// assert!(split_job_ids(" ,\n").is_empty());
/// ```
pub fn split_job_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for token in tokens(text) {
        if !ids.iter().any(|id| id == token) {
            ids.push(token.to_owned());
        }
    }
    ids
}

fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let separator = |c: char| c.is_whitespace() || c == ',' || c == ';';
    let wrapper: &[char] = &['[', ']', '(', ')', '{', '}', '\'', '"', '`'];
    text.split(separator).map(move |t| t.trim_matches(wrapper)).filter(|t| !t.is_empty())
}

/// The IDs a Watch asks for: each once, and the ones given more than once (dropped, and said).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobIds {
    pub ids: Vec<String>,
    pub repeated: Vec<String>,
}

impl JobIds {
    /// "461829374610022401 was given twice: it is watched once." (`None` when nothing repeats.)
    pub fn repeated_note(&self) -> Option<String> {
        match self.repeated.as_slice() {
            [] => None,
            [one] => Some(format!("{one} was given more than once: it is watched once.")),
            many => Some(format!("{} IDs were given more than once ({}): each is watched once.", many.len(), many.join(", "))),
        }
    }
}

/// Bad IDs named in one message at most; the rest are counted.
const NAMED_AT_MOST: usize = 4;

/// Every ID in `text`, checked at `at_ms` before anything is sent ([`job_id::problem`]):
/// duplicates dropped, and, if any ID cannot be right, an error that names each bad one (a
/// lone ID that decodes to an impossible time keeps its own [`ApiError::NotIssuedJobId`]).
///
/// ```
/// use milvus_import_monitor::state::batch::read_job_ids;
/// let now = 1_764_000_000_000.0;
/// let ids = read_job_ids("448761313698322011\n448761313698322011, 448761313698322015", now).unwrap();
/// assert_eq!(ids.ids, ["448761313698322011", "448761313698322015"]);
/// assert_eq!(ids.repeated, ["448761313698322011"]);
/// let refused = read_job_ids("A, B,448761313698322011", now).unwrap_err().to_string();
/// assert!(refused.starts_with("Nothing was sent: “A” is not a job ID") && refused.contains("; “B” is not"), "{refused}");
/// ```
pub fn read_job_ids(text: &str, at_ms: f64) -> Result<JobIds, ApiError> {
    check_job_ids(tokens(text), at_ms)
}

/// The same for IDs given as a list (a host's, the job list's ticked jobs); each is read as a
/// pasted ID is (quotes and brackets around it dropped).
pub fn check_job_ids<'a>(ids: impl IntoIterator<Item = &'a str>, at_ms: f64) -> Result<JobIds, ApiError> {
    let mut read = JobIds::default();
    let mut bad: Vec<(String, IdProblem)> = Vec::new();
    for token in ids.into_iter().flat_map(tokens) {
        if read.ids.iter().any(|id| id == token) || bad.iter().any(|(id, _)| id == token) {
            if !read.repeated.iter().any(|id| id == token) {
                read.repeated.push(token.to_owned());
            }
            continue;
        }
        match job_id::problem(token, at_ms) {
            Some(problem) => bad.push((token.to_owned(), problem)),
            None => read.ids.push(token.to_owned()),
        }
    }
    match (read.ids.is_empty(), bad.as_slice()) {
        (true, []) => Err(ApiError::MissingJobId),
        (_, []) => Ok(read),
        (only, bad) => Err(refusal(bad, only)),
    }
}

/// One job ID, as a host page or a link gives it (trimmed), or why it cannot be asked for:
/// empty, or an ID that cannot be right ([`job_id::problem`]). Nothing is sent for either.
///
/// ```
/// use milvus_import_monitor::state::batch::checked_job_id;
/// let now = 1_764_000_000_000.0;
/// assert_eq!(checked_job_id(" 462422016000000000 ", now).unwrap(), "462422016000000000");
/// assert_eq!(checked_job_id("42", now).unwrap_err().kind(), "not-a-job-id");
/// assert_eq!(checked_job_id("job-01fa0e5d42cjxudhpuehyp", now).unwrap(), "job-01fa0e5d42cjxudhpuehyp");
/// ```
pub fn checked_job_id(typed: &str, at_ms: f64) -> Result<String, ApiError> {
    let job_id = typed.trim();
    if job_id.is_empty() {
        return Err(ApiError::MissingJobId);
    }
    match job_id::problem(job_id, at_ms) {
        None => Ok(job_id.to_owned()),
        Some(problem) => Err(refusal(&[(job_id.to_owned(), problem)], true)),
    }
}

/// The error that refuses `bad` IDs, each named; `alone`: no good ID came with them, so a lone
/// ID of an impossible time keeps the message that explains what IDs encode.
fn refusal(bad: &[(String, IdProblem)], alone: bool) -> ApiError {
    if let (true, [(id, IdProblem::NotIssued { decodes_to_ms })]) = (alone, bad) {
        return ApiError::NotIssuedJobId { job_id: id.clone(), decodes_to: job_id::decodes_to(*decodes_to_ms) };
    }
    let mut sentences: Vec<String> = bad.iter().take(NAMED_AT_MOST).map(|(id, problem)| problem.sentence(id)).collect();
    if bad.len() > NAMED_AT_MOST {
        sentences.push(format!("and {} more", bad.len() - NAMED_AT_MOST));
    }
    ApiError::UnusableJobIds { message: format!("Nothing was sent: {}.", sentences.join("; ")) }
}
