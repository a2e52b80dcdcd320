//! Command-line options.

use crate::clock::parse_duration;
use crate::profile::Profile;
use std::path::PathBuf;

pub const USAGE: &str = "\
milvus-import-sim: a stand-in for the Milvus bulk-import REST API

  --profile P          2.4.0 2.4.3 2.4.5 2.4.13 2.5 2.6 2.6.6 3.0 cloud (default 2.5)
  --host H --port N    bind address (default 127.0.0.1:19530; --port 0 picks a free port)
  --auth USER:PASSWORD turn authentication on (cloud profile: --auth API_KEY)
  --seed N             sizes, rows, IDs and shuffles derive from it (default 1)
  --speed N            simulated seconds per real second (default 1)
  --rows-per-sec N     rows one import task writes per simulated second (default 20000)
  --slots N            import tasks at once (default 4)
  --fail-pattern GLOB  files whose path matches hold bad data: the job fails in pre-import,
                       before any file is listed (default *corrupt*)
  --write-fail-pattern GLOB
                       files whose path matches fail while rows are written: every file is
                       marked Failed (default *write-fail*)
  --retention D        finished jobs are forgotten after D (default 3h; 500ms, 90s, 5m, 3h)
  --async-create D     2.6: describe answers 'does not exist' for D of real time after create (default 1500ms)
  --crash-downtime D   2.4.0-2.4.4: after asking for an unknown job crashed DataCoord, the API
                       drops every connection for D of real time (default 20s)
  --zone +HH:MM        timestamps in this zone (default Z)
  --demo               seed demo jobs and print their IDs
  --scenario FILE      jobs, users, databases and collections from a JSON file
  --faults RATE        this fraction of API responses fail (0..1)
  --fault-kinds LIST   of 502,504,500,drop,truncate,slow (default all)
  --slow D             how slow a 'slow' fault is (default 10s)
  --latency D          random extra latency up to D on every API response (default 0)
  --serve DIR          also serve the static files in DIR (GET)
";

#[derive(Debug, Clone)]
pub struct Config {
    pub profile: Profile,
    pub host: String,
    pub port: u16,
    pub auth: Option<String>,
    pub seed: u64,
    pub speed: f64,
    pub rows_per_sec: f64,
    pub slots: usize,
    pub fail_pattern: String,
    pub write_fail_pattern: String,
    pub retention: f64,
    pub async_create: f64,
    pub crash_downtime: f64,
    pub zone_minutes: i32,
    pub demo: bool,
    pub scenario: Option<PathBuf>,
    pub fault_rate: f64,
    pub fault_kinds: Vec<FaultKind>,
    pub slow: f64,
    pub latency: f64,
    pub serve: Option<PathBuf>,
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

impl Default for Config {
    fn default() -> Self {
        Config {
            profile: Profile::V2_5,
            host: "127.0.0.1".into(),
            port: 19530,
            auth: None,
            seed: 1,
            speed: 1.0,
            rows_per_sec: 20_000.0,
            slots: 4,
            fail_pattern: "*corrupt*".into(),
            write_fail_pattern: "*write-fail*".into(),
            retention: 3.0 * 3600.0,
            async_create: 1.5,
            crash_downtime: 20.0,
            zone_minutes: 0,
            demo: false,
            scenario: None,
            fault_rate: 0.0,
            fault_kinds: FaultKind::ALL.to_vec(),
            slow: 10.0,
            latency: 0.0,
            serve: None,
        }
    }
}

impl Config {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut cfg = Config::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if flag == "--demo" {
                cfg.demo = true;
                continue;
            }
            if flag == "--help" || flag == "-h" {
                return Err(String::new());
            }
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let bad = || format!("{flag}: cannot use {value:?}");
            let duration = |v: &str| parse_duration(v).ok_or_else(bad);
            match flag.as_str() {
                "--profile" => cfg.profile = Profile::parse(&value).ok_or_else(bad)?,
                "--host" => cfg.host = value.clone(),
                "--port" => cfg.port = value.parse().map_err(|_| bad())?,
                "--auth" => cfg.auth = Some(value.clone()),
                "--seed" => cfg.seed = value.parse().map_err(|_| bad())?,
                "--speed" => cfg.speed = value.parse().ok().filter(|s: &f64| *s > 0.0).ok_or_else(bad)?,
                "--rows-per-sec" => cfg.rows_per_sec = value.parse().ok().filter(|s: &f64| *s > 0.0).ok_or_else(bad)?,
                "--slots" => cfg.slots = value.parse().ok().filter(|s: &usize| *s > 0).ok_or_else(bad)?,
                "--fail-pattern" => cfg.fail_pattern = value.clone(),
                "--write-fail-pattern" => cfg.write_fail_pattern = value.clone(),
                "--retention" => cfg.retention = duration(&value)?,
                "--async-create" => cfg.async_create = duration(&value)?,
                "--crash-downtime" => cfg.crash_downtime = duration(&value)?,
                "--slow" => cfg.slow = duration(&value)?,
                "--latency" => cfg.latency = duration(&value)?,
                "--zone" => cfg.zone_minutes = parse_zone(&value).ok_or_else(bad)?,
                "--scenario" => cfg.scenario = Some(PathBuf::from(&value)),
                "--serve" => cfg.serve = Some(PathBuf::from(&value)),
                "--faults" => cfg.fault_rate = value.parse().ok().filter(|r: &f64| (0.0..=1.0).contains(r)).ok_or_else(bad)?,
                "--fault-kinds" => {
                    cfg.fault_kinds = value
                        .split(',')
                        .map(|k| FaultKind::ALL.into_iter().find(|f| f.name() == k.trim()).ok_or_else(bad))
                        .collect::<Result<_, _>>()?;
                }
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        Ok(cfg)
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
