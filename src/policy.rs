//! When polling starts, slows, retries and stops. Every timing constant and every decision
//! about an error lives here, so the reducer asks and never decides by omission: a new
//! [`ApiError`] variant does not compile until [`ApiError::retry`] says what it means.

use crate::job::id::{self as job_id, IdCheck};
use crate::ApiError;

/// Default time between polls: the server recomputes state every ~2 s.
pub const DEFAULT_INTERVAL_MS: u32 = 2_000;
/// Polling faster than this gains nothing and loads the server.
pub const MIN_INTERVAL_MS: u32 = 500;
/// An hour: slower than this is not watching.
pub const MAX_INTERVAL_MS: u32 = 3_600_000;
/// How often the open job list refreshes itself: `list` is expensive on the server.
pub const LIST_INTERVAL_MS: u32 = 30_000;

/// A collection's index is read at most once per two job polls, and no more often than this
/// (counted in polls at the watch's interval): pending rows fall over minutes, and each read
/// walks the collection's segment meta in DataCoord.
pub const INDEX_READ_MIN_MS: u32 = 5_000;
/// After Completed, the visible count is asked this often until it includes the job's rows…
pub const VISIBLE_POLL_MS: f64 = 3_000.0;
/// …or this long has passed: Milvus's own REST tests wait up to two minutes.
pub const VISIBLE_LIMIT_MS: f64 = 120_000.0;

/// The job polls between two reads of a collection's index at `interval_ms`: at least two.
///
/// ```
/// use milvus_import_monitor::policy::index_read_polls;
/// assert_eq!(index_read_polls(2_000), 3);
/// assert_eq!(index_read_polls(500), 10);
/// assert_eq!(index_read_polls(60_000), 2);
/// ```
pub fn index_read_polls(interval_ms: u32) -> u32 {
    INDEX_READ_MIN_MS.div_ceil(interval_ms.max(1)).max(2)
}

/// A batch never has more than this many requests in flight to one server (its polls, the
/// opened job's poll and a commit or abort together): a monitor must not load the server it
/// watches.
pub const MAX_IN_FLIGHT_PER_SERVER: usize = 2;

/// A poll that has not answered after this many intervals is abandoned (and retried with
/// backoff), within [`MIN_DEADLINE_MS`]..=[`MAX_DEADLINE_MS`].
pub const DEADLINE_INTERVALS: u32 = 4;
pub const MIN_DEADLINE_MS: u32 = 5_000;
pub const MAX_DEADLINE_MS: u32 = 30_000;

/// The backoff never waits longer than this (or the interval, when that is longer): a user who
/// reads "retrying within a minute" must not wait 72 s.
pub const BACKOFF_CAP_MS: u32 = 60_000;

/// How long after its creation a job may still be unknown to the server: 2.6 registers a new
/// job asynchronously, for a few seconds. A minute, plus two for the two clocks disagreeing.
pub const CREATE_GRACE_MS: f64 = 60_000.0;
pub const GRACE_SKEW_MS: f64 = 120_000.0;

/// What another poll can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// The same request may succeed later: poll again, each failure in a row doubling the wait.
    Backoff,
    /// The server answered, only not with the job: poll again at the interval.
    Keep,
    /// Another poll cannot fix it: stop and let the user act.
    Stop,
}

impl ApiError {
    /// What polling does after this error. "Does not exist" stops only once the create grace
    /// period is over ([`in_create_grace`] is asked first).
    ///
    /// ```
    /// use milvus_import_monitor::{policy::Retry, ApiError};
    /// assert_eq!(ApiError::NoAnswer { after_ms: 8_000 }.retry(), Retry::Backoff);
    /// assert_eq!(ApiError::Milvus { code: 65535, message: "x".into() }.retry(), Retry::Keep);
    /// assert_eq!(ApiError::RouteNotFound.retry(), Retry::Stop);
    /// ```
    pub fn retry(&self) -> Retry {
        match self {
            Self::Network { .. }
            | Self::Timeout { .. }
            | Self::NoAnswer { .. }
            | Self::ServerError { .. }
            | Self::ServiceUnavailable { .. }
            | Self::Malformed { .. } => Retry::Backoff,
            // An unknown Milvus code: the server is up and may answer differently next time.
            Self::Milvus { .. } => Retry::Keep,
            Self::Unauthorized { .. }
            | Self::TokenRequired { .. }
            | Self::Forbidden { .. }
            | Self::RouteNotFound
            | Self::BadJobId { .. }
            | Self::BadRequest { .. }
            | Self::InvalidEndpoint { .. }
            | Self::MissingJobId
            | Self::NotIssuedJobId { .. }
            | Self::UnusableJobIds { .. }
            | Self::InvalidInput { .. }
            | Self::JobNotFound { .. }
            // The page cancelled it (Stop, another job, unmount): nothing is left to ask.
            | Self::Aborted => Retry::Stop,
        }
    }
}

impl ApiError {
    /// The server refused the credentials: every other request with them would be refused
    /// too, so a batch (or a reader fetching many jobs) stops asking.
    ///
    /// ```
    /// use milvus_import_monitor::ApiError;
    /// assert!(ApiError::Unauthorized { code: Some(1800), message: "x".into() }.refuses_credentials());
    /// assert!(!ApiError::RouteNotFound.refuses_credentials());
    /// ```
    pub fn refuses_credentials(&self) -> bool {
        matches!(self, Self::Unauthorized { .. } | Self::TokenRequired { .. } | Self::Forbidden { .. })
    }
}

/// The poll interval a typed number of seconds asks for: [`DEFAULT_INTERVAL_MS`] for anything
/// that is not a positive number, never below [`MIN_INTERVAL_MS`] nor above an hour.
///
/// ```
/// use milvus_import_monitor::policy::interval_ms;
/// assert_eq!((interval_ms("0.1"), interval_ms("5"), interval_ms("soon")), (500, 5_000, 2_000));
/// ```
pub fn interval_ms(typed_secs: &str) -> u32 {
    let secs = crate::model::decimal(typed_secs.trim()).filter(|s| s.is_finite() && *s > 0.0);
    secs.map_or(DEFAULT_INTERVAL_MS, |s| ((s * 1000.0).min(f64::from(MAX_INTERVAL_MS)) as u32).max(MIN_INTERVAL_MS))
}

/// How long one request may take before it is abandoned: four intervals, within 5–30 s.
///
/// ```
/// use milvus_import_monitor::policy::deadline_ms;
/// assert_eq!((deadline_ms(500), deadline_ms(2_000), deadline_ms(60_000)), (5_000, 8_000, 30_000));
/// ```
pub fn deadline_ms(interval_ms: u32) -> u32 {
    interval_ms.saturating_mul(DEADLINE_INTERVALS).clamp(MIN_DEADLINE_MS, MAX_DEADLINE_MS)
}

/// The delay before the next poll after `failures` transient errors in a row: the interval
/// doubled per failure, with ±20 % jitter (`unit_random` in 0..1) so many monitors do not
/// retry in step, and never beyond [`BACKOFF_CAP_MS`] (or the interval, when that is longer).
///
/// ```
/// use milvus_import_monitor::policy::backoff_ms;
/// assert_eq!(backoff_ms(2_000, 0, 0.5), 2_000);
/// assert_eq!(backoff_ms(2_000, 3, 0.5), 16_000);
/// assert_eq!(backoff_ms(2_000, 30, 0.5), 60_000);
/// assert_eq!(backoff_ms(2_000, 30, 1.0), 60_000);
/// ```
pub fn backoff_ms(interval_ms: u32, failures: u32, unit_random: f64) -> u32 {
    if failures == 0 {
        return interval_ms;
    }
    let cap = f64::from(BACKOFF_CAP_MS.max(interval_ms));
    let base = (f64::from(interval_ms) * 2f64.powi(failures.min(16) as i32)).min(cap);
    let jitter = 1.0 + (unit_random.clamp(0.0, 1.0) - 0.5) * 0.4;
    (base * jitter).min(cap).round() as u32
}

/// The failures in a row after an error: only the ones that back off count.
pub fn failures_after(retry: Retry, failures: u32) -> u32 {
    match retry {
        Retry::Backoff => failures.saturating_add(1),
        Retry::Keep | Retry::Stop => failures,
    }
}

/// When the next poll is due after the last answer (`None`: a good one), if one is.
///
/// ```
/// use milvus_import_monitor::policy::{next_poll_in_ms, Retry};
/// assert_eq!(next_poll_in_ms(None, 2_000, 0, 0.5), Some(2_000));
/// assert_eq!(next_poll_in_ms(Some(Retry::Backoff), 2_000, 1, 0.5), Some(4_000));
/// assert_eq!(next_poll_in_ms(Some(Retry::Stop), 2_000, 0, 0.5), None);
/// ```
pub fn next_poll_in_ms(last_error: Option<Retry>, interval_ms: u32, failures: u32, unit_random: f64) -> Option<u32> {
    match last_error {
        None | Some(Retry::Backoff | Retry::Keep) => Some(backoff_ms(interval_ms, failures, unit_random)),
        Some(Retry::Stop) => None,
    }
}

/// Whether a "does not exist" answer for this job can still mean "not registered yet": only for
/// an ID created within the last minute (give or take the clocks' skew), and only until the
/// server has answered for it once.
///
/// ```
/// use milvus_import_monitor::policy::in_create_grace;
/// let created = 1_764_000_000_000.0;
/// let id = ((created as i64) << 18).to_string();
/// assert!(in_create_grace(&id, created + 5_000.0, false));
/// assert!(!in_create_grace(&id, created + 3_600_000.0, false), "an hour-old ID is gone, not new");
/// assert!(!in_create_grace(&id, created + 5_000.0, true), "answered once: it existed");
/// assert!(!in_create_grace("job-01fa0e5d42cjxudhpuehyp", created, false), "no time, no grace");
/// ```
pub fn in_create_grace(job_id: &str, now_ms: f64, seen_before: bool) -> bool {
    !seen_before && matches!(job_id::check(job_id, now_ms), IdCheck::Created(at) if now_ms - at < CREATE_GRACE_MS + GRACE_SKEW_MS)
}

/// Whether a server may not know a job it has just created: 2.6 and later register a new job
/// asynchronously. A server that answered on `get_progress` is older than 2.4.13 and lists a
/// job as soon as `create` returns, so a "does not exist" there is final at once (the page
/// cannot tell 2.4.13–2.5 from 2.6 before 2.6.6, so those keep the grace).
///
/// ```
/// use milvus_import_monitor::client::ProgressRoute;
/// use milvus_import_monitor::policy::may_register_late;
/// assert!(!may_register_late(Some(ProgressRoute::GetProgress)));
/// assert!(may_register_late(Some(ProgressRoute::Describe)) && may_register_late(None));
/// ```
pub fn may_register_late(route: Option<crate::client::ProgressRoute>) -> bool {
    route != Some(crate::client::ProgressRoute::GetProgress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grace_ends_three_minutes_after_creation_by_either_clock() {
        let created = 1_764_000_000_000.0;
        let id = ((created as i64) << 18).to_string();
        // This browser's clock two minutes behind the server's: the new job decodes to the future.
        assert!(in_create_grace(&id, created - 120_000.0, false));
        assert!(in_create_grace(&id, created + CREATE_GRACE_MS + GRACE_SKEW_MS - 1.0, false));
        assert!(!in_create_grace(&id, created + CREATE_GRACE_MS + GRACE_SKEW_MS, false));
    }
}
