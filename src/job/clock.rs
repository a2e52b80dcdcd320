//! One clock on the page. The server writes times on its own clock (a job ID's creation time,
//! `createTime`, `completeTime`); the page measures on the browser's (when an answer arrived).
//! A browser whose clock is off by minutes is common, so subtracting one from the other draws
//! bars in the wrong place. What the page observes bounds the difference:
//!
//! - a server time in an answer happened before that answer arrived: the server is ahead by at
//!   least `server − arrived`;
//! - a server time of something this page saw not yet done when it asked (a file group in
//!   progress, then its `completeTime`) happened after that request was sent: ahead by at most
//!   `server + its precision − sent`.
//!
//! With both, the offset is pinned to within one poll. Every server time is put on the page's
//! clock ([`ServerClock::to_page`]) before it is drawn or subtracted.

use serde::{Deserialize, Serialize};

/// Below this the offset is not worth a sentence: polls and second-precision times blur it.
pub const SAY_OFFSET_FROM_MS: f64 = 5_000.0;
/// Bounds closer than this pin the offset: its middle is taken. Wider (only one side known,
/// or a loose one), the smallest correction the bounds allow.
const PINNED_WITHIN_MS: f64 = 60_000.0;

/// How far the server's clock is ahead of this page's (negative: behind), as bounded so far.
///
/// ```
/// use milvus_import_monitor::job::ServerClock;
/// let mut clock = ServerClock::default();
/// // A group seen in progress in an answer asked at 1,001 s (page), completed at 1,302 s
/// // (server), seen completed in the answer that arrived at 1,004 s (page).
/// clock.not_before(1_302_000.0 + 1_000.0, 1_001_000.0);
/// clock.seen(1_302_000.0, 1_004_000.0);
/// assert!((clock.ahead_ms() - 300_000.0).abs() <= 3_000.0);
/// assert_eq!(clock.to_page(1_302_000.0), 1_302_000.0 - clock.ahead_ms());
/// assert_eq!(clock.sentence().as_deref(), Some("The server's clock is 5 min 00 s ahead of this computer's."));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ServerClock {
    /// The server is ahead by at least this (ms).
    #[serde(default)]
    pub at_least_ms: Option<f64>,
    /// The server is ahead by at most this (ms).
    #[serde(default)]
    pub at_most_ms: Option<f64>,
}

impl ServerClock {
    /// Something the server timed at `server_ms` was in an answer that arrived at `arrived_ms`.
    pub fn seen(&mut self, server_ms: f64, arrived_ms: f64) {
        let bound = server_ms - arrived_ms;
        if !bound.is_finite() || self.at_least_ms.is_some_and(|lo| lo >= bound) {
            return;
        }
        self.at_least_ms = Some(bound);
        // Bounds that cross mean the server's clock was set (or a stand-in's stepped): the
        // newest observation wins.
        if self.at_most_ms.is_some_and(|hi| hi < bound) {
            self.at_most_ms = None;
        }
    }

    /// Something the server timed at `server_ms` at the latest (its time plus its precision)
    /// had not happened when the request sent at `sent_ms` left.
    pub fn not_before(&mut self, server_ms: f64, sent_ms: f64) {
        let bound = server_ms - sent_ms;
        if !bound.is_finite() || self.at_most_ms.is_some_and(|hi| hi <= bound) {
            return;
        }
        self.at_most_ms = Some(bound);
        if self.at_least_ms.is_some_and(|lo| lo > bound) {
            self.at_least_ms = None;
        }
    }

    /// The offset's estimate: the middle of pinned bounds; otherwise no correction unless the
    /// bounds exclude none, then the nearest bound.
    pub fn ahead_ms(&self) -> f64 {
        match (self.at_least_ms, self.at_most_ms) {
            (Some(lo), Some(hi)) if hi - lo <= PINNED_WITHIN_MS => (lo + hi) / 2.0,
            (lo, hi) => 0.0_f64.max(lo.unwrap_or(f64::NEG_INFINITY)).min(hi.unwrap_or(f64::INFINITY)),
        }
    }

    /// A server time on this page's clock.
    pub fn to_page(&self, server_ms: f64) -> f64 {
        server_ms - self.ahead_ms()
    }

    /// "The server's clock is 4 min 10 s ahead of this computer's.", when the bounds say it is
    /// off by more than a few seconds (a lone lower bound never says "behind": an old job's
    /// creation is no evidence of a slow clock).
    pub fn sentence(&self) -> Option<String> {
        let ahead = self.ahead_ms();
        let (lo, hi) = (self.at_least_ms.unwrap_or(f64::NEG_INFINITY), self.at_most_ms.unwrap_or(f64::INFINITY));
        let direction = if lo >= SAY_OFFSET_FROM_MS {
            "ahead of"
        } else if hi <= -SAY_OFFSET_FROM_MS {
            "behind"
        } else {
            return None;
        };
        Some(format!("The server's clock is {} {direction} this computer's.", crate::format::human_duration(ahead.abs())))
    }
}
