//! Where a batch asks: its servers (each with its own endpoint, token and database), how often,
//! whether they form a CDC pair, and each server's health as the batch sees it.

use crate::client::Connection;
use crate::policy;
use crate::ApiError;

/// Where and how often a batch polls.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchTarget {
    /// The servers, by index (an entry's `server`); at least one. Each has its own endpoint,
    /// token and database.
    pub servers: Vec<Connection>,
    pub interval_ms: u32,
    pub started_ms: f64,
    /// `servers[0]` is the primary of a CDC pair and `servers[1]` its standby: each job ID is
    /// asked of both and shown as one pair.
    pub pair: Option<PairSetting>,
}

/// How a pair is watched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairSetting {
    /// A commit in flight (or a standby without the job) past this raises the alert.
    pub stall_ms: f64,
}

impl BatchTarget {
    /// One server's jobs.
    pub fn one_server(connection: Connection, interval_ms: u32, started_ms: f64) -> BatchTarget {
        BatchTarget { servers: vec![connection], interval_ms, started_ms, pair: None }
    }

    pub fn deadline_ms(&self) -> u32 {
        policy::deadline_ms(self.interval_ms)
    }

    pub fn connection(&self, server: usize) -> Option<&Connection> {
        self.servers.get(server)
    }

    /// The first server: the primary of a pair, the only one of a one-server batch.
    pub fn first(&self) -> Option<&Connection> {
        self.servers.first()
    }
}

/// A server's health as the batch sees it: transient failures in a row hold every job of that
/// server; a refusal of its credentials stops them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerHealth {
    pub failures: u32,
    /// No request before this time (`Date.now()` ms).
    pub hold_until_ms: f64,
    /// Its credentials were refused: its jobs are no longer asked for.
    pub refused: Option<ApiError>,
}
