//! Command-line options, declared once: clap writes the parser and the usage text from them.

use crate::clock::parse_duration;
use crate::profile::Profile;
use clap::Parser;
use std::path::PathBuf;

/// milvus-import-sim: a stand-in for the Milvus bulk-import REST API.
#[derive(Debug, Clone, Parser)]
#[command(version, about, args_override_self = true)]
pub struct Config {
    /// 2.4.0 2.4.3 2.4.5 2.4.12 2.4.13 2.5 2.6 2.6.6 2.6.24 3.0 3.0.2 cloud
    #[arg(long, default_value = "2.5", value_parser = profile)]
    pub profile: Profile,
    /// Bind address.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// 0 picks a free port.
    #[arg(long, default_value_t = 19530)]
    pub port: u16,
    /// USER:PASSWORD turns authentication on (cloud profile: an API key).
    #[arg(long)]
    pub auth: Option<String>,
    /// Sizes, rows, IDs and shuffles derive from it.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated seconds per real second.
    #[arg(long, default_value = "1", value_parser = positive)]
    pub speed: f64,
    /// Rows one import task writes per simulated second.
    #[arg(long, default_value = "20000", value_parser = positive)]
    pub rows_per_sec: f64,
    /// Import tasks at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub slots: u16,
    /// Files whose path matches hold bad data: the job fails in pre-import, before any file is
    /// listed.
    #[arg(long, default_value = "*corrupt*")]
    pub fail_pattern: String,
    /// Files whose path matches fail while rows are written: every file is marked Failed.
    #[arg(long, default_value = "*write-fail*")]
    pub write_fail_pattern: String,
    /// Files whose path matches are not in this cluster's object storage: the job fails in
    /// pre-import, object not found (a standby whose storage lacks the primary's files).
    #[arg(long, default_value = "")]
    pub missing_pattern: String,
    /// Finished jobs are forgotten after this (500ms, 90s, 5m, 3h); by default the profile's
    /// `dataCoord.import.taskRetention` (3h, 48h from 2.6.24 and 3.0.2).
    #[arg(long, value_parser = duration)]
    pub retention: Option<f64>,
    /// The server's clock runs this many seconds ahead of real time (negative: behind), for
    /// every time it writes: job IDs, createTime, completeTime.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub clock_offset: f64,
    /// The cluster is the primary of a CDC pair: it writes imports, commits and rollbacks to
    /// its replication log (`/_sim/wal`), and `create` is gated (CDC page, 13.2).
    #[arg(long)]
    pub replicating: bool,
    /// The cluster is the standby of the primary at URL: it reads that primary's replication
    /// log and runs each replicated import again on its own; it refuses commit, abort and
    /// create as a standby does (CDC page, 13.5).
    #[arg(long, value_name = "URL")]
    pub standby_of: Option<String>,
    /// How long (simulated) a replicated message takes to reach this standby.
    #[arg(long, default_value = "2s", value_parser = duration)]
    pub replication_lag: f64,
    /// `dataCoord.import.enableInReplicatingCluster` on this cluster: on by default here (a
    /// pair is run to import); `false` shows the gate's refusal.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub import_in_replicating_cluster: bool,
    /// `dataCoord.import.enableL0Import`: 2.6.24 and 3.0.2 refuse the `l0_import` option without it.
    #[arg(long)]
    pub enable_l0_import: bool,
    /// The server's storage is a local directory (`common.storageType: local`): 2.6.24 and
    /// 3.0.2 refuse relative import paths.
    #[arg(long)]
    pub local_storage: bool,
    /// 2.6: describe answers 'does not exist' for this long (real time) after create.
    #[arg(long, default_value = "1500ms", value_parser = duration)]
    pub async_create: f64,
    /// 2.4.0-2.4.4: after asking for an unknown job crashed DataCoord, the API drops every
    /// connection for this long (real time).
    #[arg(long, default_value = "20s", value_parser = duration)]
    pub crash_downtime: f64,
    /// Timestamps in this zone (Z or +HH:MM).
    #[arg(long = "zone", default_value = "Z", value_parser = zone)]
    pub zone_minutes: i32,
    /// Seed demo jobs and print their IDs.
    #[arg(long)]
    pub demo: bool,
    /// Jobs, users, databases and collections from a JSON file.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// This fraction of API responses fail (0..1).
    #[arg(long = "faults", default_value = "0", value_parser = fraction)]
    pub fault_rate: f64,
    /// Comma-separated: 502,504,500,drop,truncate,slow.
    #[arg(long, default_value = "502,504,500,drop,truncate,slow", value_parser = fault_kinds)]
    pub fault_kinds: FaultKinds,
    /// How slow a 'slow' fault is.
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub slow: f64,
    /// Random extra latency up to this on every API response.
    #[arg(long, default_value = "0", value_parser = duration)]
    pub latency: f64,
    /// How long after Completed a job's rows become visible to `count(*)` (simulated time):
    /// QueryCoord's next target update, `queryCoord.UpdateNextTargetInterval`.
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub target_update: f64,
    /// Also serve the static files in DIR (GET).
    #[arg(long, value_name = "DIR")]
    pub serve: Option<PathBuf>,
}

impl Config {
    /// Part of a replicating pair, either side.
    pub fn is_replicating(&self) -> bool {
        self.replicating || self.standby_of.is_some()
    }

    /// Finished jobs are kept this long (simulated seconds).
    pub fn retention_secs(&self) -> f64 {
        self.retention.unwrap_or_else(|| self.profile.default_retention_secs())
    }
}

/// The fault kinds `--fault-kinds` allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultKinds(pub Vec<FaultKind>);

fn profile(text: &str) -> Result<Profile, String> {
    Profile::parse(text).ok_or_else(|| format!("not a profile: {}", Profile::ALL.map(Profile::name).join(" ")))
}

fn duration(text: &str) -> Result<f64, String> {
    parse_duration(text).ok_or_else(|| "a duration such as 500ms, 90s, 5m or 3h".to_owned())
}

fn positive(text: &str) -> Result<f64, String> {
    text.parse().ok().filter(|v: &f64| *v > 0.0).ok_or_else(|| "a number above 0".to_owned())
}

fn fraction(text: &str) -> Result<f64, String> {
    text.parse().ok().filter(|r: &f64| (0.0..=1.0).contains(r)).ok_or_else(|| "a number from 0 to 1".to_owned())
}

fn zone(text: &str) -> Result<i32, String> {
    parse_zone(text).ok_or_else(|| "Z or +HH:MM".to_owned())
}

fn fault_kinds(text: &str) -> Result<FaultKinds, String> {
    let kind = |k: &str| FaultKind::ALL.into_iter().find(|f| f.name() == k.trim()).ok_or_else(|| format!("unknown fault kind {k:?}"));
    text.split(',').map(kind).collect::<Result<_, _>>().map(FaultKinds)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    BadGateway,
    GatewayTimeout,
    HandlerPanic,
    Drop,
    Truncate,
    Slow,
}

impl FaultKind {
    pub const ALL: [FaultKind; 6] =
        [FaultKind::BadGateway, FaultKind::GatewayTimeout, FaultKind::HandlerPanic, FaultKind::Drop, FaultKind::Truncate, FaultKind::Slow];

    pub fn name(self) -> &'static str {
        match self {
            FaultKind::BadGateway => "502",
            FaultKind::GatewayTimeout => "504",
            FaultKind::HandlerPanic => "500",
            FaultKind::Drop => "drop",
            FaultKind::Truncate => "truncate",
            FaultKind::Slow => "slow",
        }
    }
}

fn parse_zone(text: &str) -> Option<i32> {
    if text == "Z" {
        return Some(0);
    }
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let (h, m) = text.get(1..)?.split_once(':')?;
    Some(sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?))
}
