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
/// use milvus_import_monitor::job_id::created_ms;
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
/// use milvus_import_monitor::job_id::{check, IdCheck};
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
