//! Jobs, users, databases and collections that exist at start: `--demo` and `--scenario FILE`.

use crate::plan::Timing;
use crate::store::{CollectionFacts, FieldSpec, FunctionSpec, SeedJob, Sim, User};
use serde::Deserialize;

/// The demo: one job in each telling state. Returns (label, job ID) pairs.
pub fn demo(sim: &Sim) -> Vec<(String, String)> {
    let parquet = |prefix: &str, n: usize| (1..=n).map(|i| vec![format!("{prefix}/part-{i:04}.parquet")]).collect::<Vec<_>>();
    let seeds = [
        // Writes for about five minutes (12 files of 40,000–400,000 rows, 4 tasks at 2,000
        // rows/s): long enough to watch, and for a test on a slow machine to still find it writing.
        SeedJob {
            label: "running, 12 files".into(),
            collection: "book_embeddings".into(),
            files: parquet("imports/books", 12),
            age_secs: 6.0,
            timing: Timing { rows_per_sec: Some(2_000.0), ..Timing::default() },
            ..SeedJob::default()
        },
        SeedJob {
            label: "finalising at 80 %, every file Completed".into(),
            collection: "book_embeddings".into(),
            files: parquet("imports/archive", 6),
            age_secs: 10_000.0,
            timing: Timing { index_secs: Some(20_000.0), ..Timing::default() },
            ..SeedJob::default()
        },
        SeedJob {
            label: "completed".into(),
            collection: "movies".into(),
            files: parquet("imports/movies", 3),
            age_secs: 3_000.0,
            ..SeedJob::default()
        },
        SeedJob {
            label: "failed".into(),
            collection: "movies".into(),
            files: vec![
                vec!["imports/reviews/part-0001.json".into()],
                vec!["imports/reviews/corrupt-0002.json".into()],
                vec!["imports/reviews/part-0003.json".into()],
            ],
            age_secs: 3_000.0,
            ..SeedJob::default()
        },
        SeedJob {
            label: "1,024 file groups".into(),
            collection: "book_embeddings".into(),
            files: (0..1024).map(|i| vec![format!("bulk/{i}/id.npy"), format!("bulk/{i}/vector.npy")]).collect(),
            age_secs: 20.0,
            timing: Timing { rows_per_sec: Some(400_000.0), ..Timing::default() },
            ..SeedJob::default()
        },
    ];
    seeds.iter().chain(&demo_batch()).map(|seed| (seed.label.clone(), sim.seed_job(seed))).collect()
}

/// The label every job of the demo batch starts with (`main` prints the batch's link).
pub const BATCH_LABEL: &str = "batch ";

/// A load split into five jobs of one collection, as a loader script makes them: one done,
/// two writing (one far behind), one failing in pre-import, and one that waits for a manual
/// commit on the 3.0 line (elsewhere it simply completes).
fn demo_batch() -> Vec<SeedJob> {
    let part = |job: usize, n: usize| (1..=n).map(|i| vec![format!("loads/products/job{job}/part-{i:04}.parquet")]).collect::<Vec<_>>();
    let job = |n: usize, what: &str, files: Vec<Vec<String>>, age_secs: f64, timing: Timing| SeedJob {
        label: format!("{BATCH_LABEL}{n}/5, {what}"),
        collection: "product_vectors".into(),
        files,
        age_secs,
        timing,
        ..SeedJob::default()
    };
    let writing = |rows_per_sec: f64| Timing { rows_per_sec: Some(rows_per_sec), ..Timing::default() };
    vec![
        job(1, "completed", part(1, 4), 3_000.0, Timing::default()),
        job(2, "writing", part(2, 6), 8.0, writing(3_000.0)),
        job(3, "writing, far behind", part(3, 6), 2.0, writing(600.0)),
        job(
            4,
            "fails in pre-import",
            vec![vec!["loads/products/job4/part-0001.parquet".into()], vec!["loads/products/job4/corrupt-0002.json".into()]],
            2_000.0,
            Timing::default(),
        ),
        SeedJob {
            manual_commit: true,
            ..job(5, "manual commit (3.0: waits in Uncommitted)", part(5, 2), 600.0, Timing { rows: Some(20_000), ..Timing::default() })
        },
    ]
}

/// Reads a scenario:
///
/// ```json
/// {"databases": ["analytics"],
///  "collections": [{"name": "books", "db": "default", "partitions": ["p1"],
///                   "rows": 1000000, "loaded": true, "index": "vector", "noIndex": false,
///                   "fields": [{"name": "id", "type": "Int64", "primaryKey": true, "autoId": true},
///                              {"name": "vector", "type": "FloatVector", "dim": 768}],
///                   "functions": [{"name": "bm25", "inputFieldNames": ["text"], "outputFieldNames": ["sparse"]}]}],
///  "users": [{"name": "alice", "password": "secret", "canImport": false, "importOnly": false}],
///  "jobs": [{"label": "slow", "collection": "books", "files": [["a.parquet"]], "ageSecs": 10,
///            "manualCommit": false, "frozen": false,
///            "queueSecs": 1, "sortSecs": 5, "indexSecs": 600, "rowsPerSec": 5000}]}
/// ```
pub fn scenario(sim: &Sim, text: &str) -> Result<Vec<(String, String)>, String> {
    let scenario: Scenario = serde_json::from_str(text).map_err(|e| format!("scenario: {e}"))?;
    scenario.databases.iter().for_each(|db| sim.add_database(db));
    for c in &scenario.collections {
        sim.add_collection(&c.db, &c.name, &c.partitions);
        let index = if c.no_index { None } else { Some(c.index.clone().unwrap_or_else(|| "vector".into())) };
        let facts = CollectionFacts { rows: c.rows, loaded: c.loaded, index, fields: c.fields.clone(), functions: c.functions.clone() };
        sim.set_facts(&c.db, &c.name, facts);
    }
    for u in scenario.users {
        sim.add_user(&u.name, User { password: u.password, can_import: u.can_import, import_only: u.import_only });
    }
    let mut ids = Vec::new();
    for (n, mut seed) in scenario.jobs.into_iter().enumerate() {
        sim.add_collection(&seed.db, &seed.collection, &[]);
        if seed.files.is_empty() {
            return Err(format!("scenario: job {n}: files must be a list of lists of paths"));
        }
        if seed.label.is_empty() {
            seed.label = format!("job {n}");
        }
        ids.push((seed.label.clone(), sim.seed_job(&seed)));
    }
    Ok(ids)
}

/// A scenario file (see [`scenario`]).
#[derive(Deserialize)]
struct Scenario {
    #[serde(default)]
    databases: Vec<String>,
    #[serde(default)]
    collections: Vec<CollectionSpec>,
    #[serde(default)]
    users: Vec<UserSpec>,
    #[serde(default)]
    jobs: Vec<SeedJob>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CollectionSpec {
    name: String,
    #[serde(default = "default_db")]
    db: String,
    #[serde(default)]
    partitions: Vec<String>,
    /// Rows already there (flushed and indexed).
    #[serde(default)]
    rows: u64,
    #[serde(default = "yes")]
    loaded: bool,
    /// The vector index's name ("vector" unless given).
    #[serde(default)]
    index: Option<String>,
    #[serde(default)]
    no_index: bool,
    /// Its schema (`collections/describe`'s fields); none: `id` and a 768-dimensional `vector`.
    #[serde(default)]
    fields: Vec<FieldSpec>,
    #[serde(default)]
    functions: Vec<FunctionSpec>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserSpec {
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default = "yes")]
    can_import: bool,
    #[serde(default)]
    import_only: bool,
}

fn default_db() -> String {
    "default".into()
}

fn yes() -> bool {
    true
}
