//! The stand-in's state: jobs, users, databases and collections, request counts, and the
//! deterministic random source. Pruning expired jobs is a step of its own, run once per request.

use crate::answer::Answer;
use crate::clock::Clock;
use crate::config::Config;
use crate::engine::Job;
use crate::plan::{fnv, plan, FailPatterns, JobRequest, Pace, Timing};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct User {
    pub password: String,
    pub can_import: bool,
    /// Holds only `Import` (and the public role's defaults): no GetStatistics, GetLoadState,
    /// Load or Query (readiness page R8).
    pub import_only: bool,
}

/// What a collection holds besides the jobs' rows, and how it is served (readiness page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionFacts {
    /// Rows already in the collection before any job of the stand-in: flushed and indexed.
    pub rows: u64,
    pub loaded: bool,
    /// The vector index's name (`None`: the collection has no index).
    pub index: Option<String>,
    /// Its schema as a scenario gives it; empty: an Int64 key `id` and a 768-dimensional
    /// `vector`.
    pub fields: Vec<FieldSpec>,
    /// Its functions (2.5+), e.g. BM25 from a text field to a sparse one.
    pub functions: Vec<FunctionSpec>,
}

impl Default for CollectionFacts {
    fn default() -> Self {
        CollectionFacts { rows: 0, loaded: true, index: Some("vector".into()), fields: Vec::new(), functions: Vec::new() }
    }
}

/// A field of a scenario's collection, as `collections/describe` lists it (readiness page R7).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSpec {
    pub name: String,
    /// The DataType name (`Int64`, `VarChar`, `FloatVector`, `SparseFloatVector`, …).
    #[serde(rename = "type")]
    pub data_type: String,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub auto_id: bool,
    #[serde(default)]
    pub partition_key: bool,
    #[serde(default)]
    pub nullable: bool,
    /// A string default (written as `{"Data":{"StringData":…}}`, 2.5+).
    #[serde(default)]
    pub default_value: Option<String>,
    #[serde(default)]
    pub dim: Option<u32>,
    #[serde(default)]
    pub max_length: Option<u32>,
}

/// A function of a scenario's collection (type 1, BM25).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionSpec {
    pub name: String,
    pub input_field_names: Vec<String>,
    pub output_field_names: Vec<String>,
}

/// A job seeded by `--demo`, a scenario's `jobs[]` or `POST /_sim/create`: the one job spec,
/// read by serde from the same camelCase JSON in both places.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedJob {
    #[serde(default)]
    pub label: String,
    /// The job's database (scenarios create the collection in it).
    #[serde(default = "default_db")]
    pub db: String,
    #[serde(default = "default_collection")]
    pub collection: String,
    /// File groups; at least one.
    #[serde(default)]
    pub files: Vec<Vec<String>>,
    #[serde(default)]
    pub age_secs: f64,
    #[serde(default)]
    pub manual_commit: bool,
    #[serde(default)]
    pub frozen: bool,
    #[serde(flatten)]
    pub timing: Timing,
}

fn default_db() -> String {
    "default".into()
}

fn default_collection() -> String {
    "book_embeddings".into()
}

pub struct Sim {
    pub cfg: Config,
    pub clock: Clock,
    pub(crate) pace: Pace,
    pub(crate) state: Mutex<SimState>,
}

#[derive(Default)]
pub(crate) struct SimState {
    pub(crate) jobs: Vec<Job>,
    pub(crate) rng: u64,
    pub(crate) next_job: u64,
    pub(crate) users: HashMap<String, User>,
    pub(crate) databases: BTreeSet<String>,
    /// (database, collection) → partitions.
    pub(crate) collections: BTreeMap<(String, String), BTreeSet<String>>,
    /// (database, collection) → its rows, load and index; absent: the defaults.
    pub(crate) facts: BTreeMap<(String, String), CollectionFacts>,
    pub(crate) requests: BTreeMap<String, u64>,
    /// Progress requests per job ID, so concurrent tests can count their own.
    pub(crate) by_job: BTreeMap<String, u64>,
    /// Scripted answers for progress requests of a job ID (`/_sim/script`): hostile bodies.
    pub(crate) scripted: HashMap<String, Answer>,
    pub(crate) faults: BTreeMap<String, u64>,
    /// 2.4.0–2.4.4: times DataCoord "crashed" on an unknown job, and until when (real time)
    /// the restarting server answers nothing.
    pub(crate) crashes: u64,
    pub(crate) down_until: Option<std::time::Instant>,
    /// 2.6.24/3.0.2: `Idempotency-Key`s create has seen, per (database, collection, key): the
    /// job it created and when (simulated seconds).
    pub(crate) idempotency: HashMap<(String, String, String), (String, f64)>,
    /// A primary's replication log (`--replicating`): what its standby replays.
    pub(crate) wal: Vec<crate::wal::Message>,
    /// A standby's reading of its primary's log (`--standby-of`).
    pub(crate) replica: crate::wal::Replica,
}

pub(crate) fn lock(state: &Mutex<SimState>) -> MutexGuard<'_, SimState> {
    // A panic while holding the lock leaves consistent data here (no multi-step invariants).
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sim {
    pub fn new(cfg: Config) -> Arc<Sim> {
        let pace = Pace { rows_per_sec: cfg.rows_per_sec, slots: usize::from(cfg.slots), ..Pace::default() };
        let mut state = SimState { rng: cfg.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1, ..SimState::default() };
        state.databases.insert("default".into());
        for name in ["book_embeddings", "movies"] {
            state.collections.insert(("default".into(), name.into()), BTreeSet::from(["_default".to_owned()]));
        }
        if let Some((user, password)) = cfg.auth.as_deref().and_then(|a| a.split_once(':')) {
            state.users.insert(user.into(), User { password: password.into(), can_import: true, import_only: false });
        }
        let clock = Clock::new(cfg.speed, cfg.zone_minutes, cfg.clock_offset);
        Arc::new(Sim { cfg, clock, pace, state: Mutex::new(state) })
    }

    pub fn add_user(&self, name: &str, user: User) {
        lock(&self.state).users.insert(name.into(), user);
    }

    pub fn add_collection(&self, db: &str, name: &str, partitions: &[String]) {
        let mut state = lock(&self.state);
        state.databases.insert(db.into());
        let entry = state.collections.entry((db.into(), name.into())).or_default();
        entry.insert("_default".into());
        entry.extend(partitions.iter().cloned());
    }

    pub fn set_facts(&self, db: &str, name: &str, facts: CollectionFacts) {
        lock(&self.state).facts.insert((db.into(), name.into()), facts);
    }

    pub fn add_database(&self, db: &str) {
        lock(&self.state).databases.insert(db.into());
    }

    /// Creates a seeded job (as if created `age_secs` ago) and returns its ID.
    pub fn seed_job(&self, seed: &SeedJob) -> String {
        let mut state = lock(&self.state);
        let mut job = self.new_job(&mut state, (&seed.db, &seed.collection), &seed.files, seed.manual_commit, &seed.timing, seed.age_secs);
        job.age_by(seed.age_secs);
        // Seeded jobs exist at once, also on 2.6.
        job.created_real -= Duration::from_secs_f64(self.cfg.async_create + 1.0);
        if seed.frozen {
            job.freeze(self.clock.now());
        }
        let id = job.id.clone();
        state.jobs.push(job);
        id
    }

    /// A job of a database's collection, created `age_secs` ago, with a new ID.
    pub(crate) fn new_job(
        &self,
        state: &mut SimState,
        (db, collection): (&str, &str),
        files: &[Vec<String>],
        manual: bool,
        timing: &Timing,
        age_secs: f64,
    ) -> Job {
        let id = self.allocate_id(state, age_secs);
        self.job_with_id(id, (db, collection), files, manual, timing)
    }

    /// A job ID as Milvus's timestamp oracle allocates it: the wall-clock milliseconds of
    /// creation (`age_secs` ago) in the upper 46 bits, a logical counter in the lower 18, and
    /// the file IDs after it (shared API page, §10), so an ID tells its creation time. Zilliz
    /// Cloud's are strings.
    pub(crate) fn allocate_id(&self, state: &mut SimState, age_secs: f64) -> (String, i64) {
        state.next_job += 1;
        let n = state.next_job;
        let wall_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
            + (self.cfg.clock_offset * 1000.0) as i64;
        let created_ms = wall_ms - (age_secs * 1000.0) as i64;
        // Room for 1,024 file IDs after each job's, so jobs created in one millisecond never
        // share an ID.
        let logical = (n as i64 * 1_031) % (1 << 18);
        let numeric_id = (created_ms << 18) | logical;
        if !self.cfg.profile.is_cloud() {
            return (numeric_id.to_string(), numeric_id);
        }
        let mut h = fnv(self.cfg.seed, &n.to_string());
        let mut id = String::from("job-");
        for _ in 0..22 {
            id.push(char::from(b"0123456789abcdefghijklmnopqrstuvwxyz"[(h % 36) as usize]));
            h = (h / 36) ^ h.rotate_left(17).wrapping_mul(31);
        }
        (id, numeric_id)
    }

    /// A job with a given ID, planned now on this cluster (its own pace, sizes and failures):
    /// a standby's copy of a replicated job keeps the primary's ID.
    pub(crate) fn job_with_id(
        &self,
        (id, numeric_id): (String, i64),
        (db, collection): (&str, &str),
        files: &[Vec<String>],
        manual: bool,
        timing: &Timing,
    ) -> Job {
        let request =
            JobRequest { id, numeric_id, collection: collection.into(), files, manual_commit: manual, created_at: self.clock.now() };
        let patterns =
            FailPatterns { bad_data: &self.cfg.fail_pattern, write_fail: &self.cfg.write_fail_pattern, missing: &self.cfg.missing_pattern };
        let mut job = Job::from(plan(request, self.cfg.profile, &self.pace, timing, self.cfg.seed, patterns));
        db.clone_into(&mut job.db);
        job
    }
}

pub(crate) fn count(map: &mut BTreeMap<String, u64>, key: &str) {
    *map.entry(key.to_owned()).or_default() += 1;
}

pub(crate) fn next_u64(rng: &mut u64) -> u64 {
    *rng ^= *rng >> 12;
    *rng ^= *rng << 25;
    *rng ^= *rng >> 27;
    rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

pub(crate) fn next_unit(rng: &mut u64) -> f64 {
    (next_u64(rng) >> 11) as f64 / (1u64 << 53) as f64
}

pub(crate) fn shuffle<T>(rng: &mut u64, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (next_u64(rng) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Deletes the jobs past retention, as DataCoord's checker does.
pub(crate) fn prune_expired(sim: &Sim, state: &mut SimState) {
    let now = sim.clock.now();
    let retention = sim.cfg.retention_secs();
    state.jobs.retain(|job| {
        let age = job.age(now);
        job.ended_at(age).is_none_or(|end| age - end <= retention)
    });
}

/// IDs as `strconv.ParseInt` reads them: "00123" is job 123.
pub(crate) fn same_job_id(stored: &str, asked: &str) -> bool {
    stored == asked || matches!((stored.parse::<i64>(), asked.parse::<i64>()), (Ok(a), Ok(b)) if a == b)
}
