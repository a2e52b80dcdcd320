//! What a job ID tells before the server is asked: Milvus allocates job IDs from its timestamp
//! oracle, so the upper 46 bits are the creation time in milliseconds since the Unix epoch and
//! the lower 18 a counter (shared API page, §10). Zilliz Cloud's `job-…` IDs carry no time.

/// Milvus's import API (v2 REST) did not exist before 2019: an ID that decodes to earlier is
/// not one this server issued (a row count, a truncated or mistyped ID).
pub const EARLIEST_MS: f64 = 1_546_300_800_000.0; // 2019-01-01T00:00:00Z

/// How far the server's clock may run ahead of this browser's before an ID that decodes to the
/// future is refused. Desktop clocks drift by minutes; a mistyped ID lands years away.
pub const FUTURE_SKEW_MS: f64 = 60.0 * 60_000.0;

/// The creation time a Milvus job ID encodes, in milliseconds since the Unix epoch; `None` for
/// anything that is not a positive 64-bit integer written in digits (Zilliz Cloud's `job-…`).
/// Leading zeros are accepted, as the server's `strconv.ParseInt` accepts them.
///
/// ```
/// use milvus_import_monitor::job::id::created_ms;
/// // 448761313698322011 >> 18 = 1711888556 s: 2024-03-31 12:35:56 UTC.
/// assert_eq!(created_ms("448761313698322011"), Some(1_711_888_556_283.0));
/// assert_eq!(created_ms("job-01fa0e5d42cjxudhpuehyp"), None);
/// ```
pub fn created_ms(job_id: &str) -> Option<f64> {
    let digits = job_id.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let id: i64 = digits.parse().ok()?;
    (id > 0).then_some((id >> 18) as f64)
}

/// The most digits a Milvus job ID (a positive `int64`) can have.
pub const MAX_DIGITS: usize = 19;

/// What is wrong with a typed job ID, found before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum IdProblem {
    /// Neither a Milvus ID (digits) nor a Zilliz Cloud one (`job-…`): a letter, a word, a sign.
    NotAnId,
    /// Digits, but more than an `int64` holds: usually several IDs run together.
    TooLong { digits: usize },
    /// Digits that decode to before 2019 or to the future ([`IdCheck::NotIssued`]).
    NotIssued { decodes_to_ms: f64 },
}

/// Whether `job_id` (trimmed) can be asked for at all at `now_ms`, and why not: Milvus takes
/// digits (leading zeros or a `+` allowed, as `strconv.ParseInt` reads them) that fit an `int64` and
/// decode to a time it could have issued them; Zilliz Cloud takes `job-` and letters or digits.
///
/// ```
/// use milvus_import_monitor::job::id::{problem, IdProblem};
/// let now = 1_764_000_000_000.0;
/// assert_eq!(problem("448761313698322011", now), None);
/// assert_eq!(problem("job-01fa0e5d42cjxudhpuehyp", now), None);
/// assert_eq!(problem("A", now), Some(IdProblem::NotAnId));
/// assert_eq!(problem(&"448761313698322011".repeat(2), now), Some(IdProblem::TooLong { digits: 36 }));
/// assert!(matches!(problem("12345", now), Some(IdProblem::NotIssued { .. })));
/// ```
pub fn problem(job_id: &str, now_ms: f64) -> Option<IdProblem> {
    let id = job_id.trim();
    let cloud = id.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("job-"))
        && id.len() > 4
        && id.bytes().skip(4).all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if cloud {
        return None;
    }
    // `strconv.ParseInt` takes one leading `+` too (the job is found).
    let digits = id.strip_prefix('+').unwrap_or(id);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(IdProblem::NotAnId);
    }
    if digits.trim_start_matches('0').len() > MAX_DIGITS || digits.parse::<i64>().is_err() {
        return Some(IdProblem::TooLong { digits: digits.len() });
    }
    match check(digits, now_ms) {
        IdCheck::NotIssued { decodes_to_ms } => Some(IdProblem::NotIssued { decodes_to_ms }),
        // Zero, which `created_ms` does not decode: the epoch itself.
        IdCheck::Opaque => Some(IdProblem::NotIssued { decodes_to_ms: 0.0 }),
        IdCheck::Created(_) => None,
    }
}

impl IdProblem {
    /// The sentence that names `job_id` and says what is wrong with it (no final stop).
    ///
    /// ```
    /// use milvus_import_monitor::job::id::IdProblem;
    /// assert_eq!(IdProblem::NotAnId.sentence("A"), "“A” is not a job ID: Milvus job IDs are numbers such as 461829374610022401, and Zilliz Cloud's begin with job-");
    /// ```
    pub fn sentence(&self, job_id: &str) -> String {
        let shown = shortened(job_id.trim());
        match self {
            IdProblem::NotAnId => format!(
                "“{shown}” is not a job ID: Milvus job IDs are numbers such as 461829374610022401, and Zilliz Cloud's begin with job-"
            ),
            IdProblem::TooLong { digits } => format!(
                "“{shown}” has {digits} digits, more than any job ID ({MAX_DIGITS} at most): are several IDs run together? Separate them with spaces, commas or new lines"
            ),
            IdProblem::NotIssued { decodes_to_ms } => format!("“{shown}” decodes to {}, so no Milvus issued it", decodes_to(*decodes_to_ms)),
        }
    }
}

/// When an ID decodes to, said for a person: `2024-03-31 12:35:56 UTC (before 2019)`.
pub fn decodes_to(ms: f64) -> String {
    let when = if ms < EARLIEST_MS { "before 2019" } else { "the future" };
    format!("{} ({when})", crate::format::utc_date_time(ms))
}

/// An ID as a sentence quotes it: long ones by their ends (`46182937…37461002`), so a message
/// stays one line.
fn shortened(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 24 {
        return id.to_owned();
    }
    let head: String = chars.iter().take(10).collect();
    let tail: String = chars.iter().skip(chars.len() - 10).collect();
    format!("{head}…{tail}")
}

/// What the page may conclude from a job ID alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IdCheck {
    /// A Milvus ID created at this time (ms since the epoch).
    Created(f64),
    /// No time in it (Zilliz Cloud, or not digits): only the server can tell.
    Opaque,
    /// Digits that decode to before 2019 or to the future: not a job ID of this server.
    NotIssued { decodes_to_ms: f64 },
}

/// Checks a job ID against this browser's clock.
///
/// ```
/// use milvus_import_monitor::job::id::{check, IdCheck};
/// let now = 1_764_000_000_000.0;
/// assert_eq!(check("448761313698322011", now), IdCheck::Created(1_711_888_556_283.0));
/// assert!(matches!(check("42", now), IdCheck::NotIssued { .. }));
/// assert_eq!(check("job-01fa0e5d42cjxudhpuehyp", now), IdCheck::Opaque);
/// ```
pub fn check(job_id: &str, now_ms: f64) -> IdCheck {
    match created_ms(job_id) {
        None => IdCheck::Opaque,
        Some(at) if at < EARLIEST_MS || at > now_ms + FUTURE_SKEW_MS => IdCheck::NotIssued { decodes_to_ms: at },
        Some(at) => IdCheck::Created(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_pages_example_and_its_neighbours() {
        // §10: 448761313698322011 >> 18 is 2024-03-31 12:35:56 UTC.
        let at = created_ms("448761313698322011").unwrap_or_default();
        assert_eq!(crate::format::utc_date_time(at), "2024-03-31 12:35:56 UTC");
        // The file IDs after it (job ID + 1, + 2) decode to the same millisecond.
        assert_eq!(created_ms("448761313698322012"), Some(at));
        assert_eq!(created_ms("0448761313698322011"), Some(at), "leading zeros, as ParseInt reads them");
        for bad in ["", " ", "-448761313698322011", "+4487", "4487613136983220119999", "12a", "0"] {
            assert_eq!(created_ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn problems_name_what_is_wrong() {
        let now = 1_764_000_000_000.0;
        let glued = "461829374610022401".repeat(5);
        assert_eq!(problem(&glued, now), Some(IdProblem::TooLong { digits: 90 }));
        assert!(IdProblem::TooLong { digits: 90 }.sentence(&glued).starts_with("“4618293746…4610022401” has 90 digits"));
        // 2^63 overflows an int64 by one; 19 nines too. Leading zeros do not count.
        assert_eq!(problem("9223372036854775808", now), Some(IdProblem::TooLong { digits: 19 }));
        assert_eq!(problem("000448761313698322011", now), None);
        assert_eq!(problem("+448761313698322011", now), None, "ParseInt reads a leading +");
        for bad in ["A", "12a45", "-448761313698322011", "++448761313698322011", "job-", "job-x y", "4487 6131"] {
            assert_eq!(problem(bad, now), Some(IdProblem::NotAnId), "{bad:?}");
        }
        assert_eq!(problem("0", now), Some(IdProblem::NotIssued { decodes_to_ms: 0.0 }));
        assert_eq!(problem("JOB-01FA0E5D42CJXUDHPUEHYP", now), None, "Zilliz Cloud's prefix in any case");
    }

    #[test]
    fn too_early_and_future_ids_are_not_issued() {
        let now = 1_764_000_000_000.0;
        let id_at = |ms: f64| ((ms as i64) << 18).to_string();
        assert!(matches!(check(&id_at(EARLIEST_MS - 1.0), now), IdCheck::NotIssued { .. }));
        assert_eq!(check(&id_at(EARLIEST_MS), now), IdCheck::Created(EARLIEST_MS));
        assert_eq!(check(&id_at(now + FUTURE_SKEW_MS - 1.0), now), IdCheck::Created(now + FUTURE_SKEW_MS - 1.0));
        assert!(matches!(check(&id_at(now + FUTURE_SKEW_MS + 1_000.0), now), IdCheck::NotIssued { .. }));
        // A row count or a short number typed by mistake.
        assert!(matches!(check("1000000", now), IdCheck::NotIssued { decodes_to_ms } if decodes_to_ms < 1_000.0));
    }
}
