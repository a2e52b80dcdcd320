//! Jobs, users, databases and collections that exist at start: `--demo` and `--scenario FILE`.

use crate::plan::Timing;
use crate::store::{SeedJob, Sim, User};
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
    seeds.iter().map(|seed| (seed.label.clone(), sim.seed_job(seed))).collect()
}

/// Reads a scenario:
///
/// ```json
/// {"databases": ["analytics"],
///  "collections": [{"name": "books", "db": "default", "partitions": ["p1"]}],
///  "users": [{"name": "alice", "password": "secret", "canImport": false}],
///  "jobs": [{"label": "slow", "collection": "books", "files": [["a.parquet"]], "ageSecs": 10,
///            "manualCommit": false, "frozen": false,
///            "queueSecs": 1, "sortSecs": 5, "indexSecs": 600, "rowsPerSec": 5000}]}
/// ```
pub fn scenario(sim: &Sim, text: &str) -> Result<Vec<(String, String)>, String> {
    let scenario: Scenario = serde_json::from_str(text).map_err(|e| format!("scenario: {e}"))?;
    scenario.databases.iter().for_each(|db| sim.add_database(db));
    for c in &scenario.collections {
        sim.add_collection(&c.db, &c.name, &c.partitions);
    }
    for u in scenario.users {
        sim.add_user(&u.name, User { password: u.password, can_import: u.can_import });
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
struct CollectionSpec {
    name: String,
    #[serde(default = "default_db")]
    db: String,
    #[serde(default)]
    partitions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserSpec {
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default = "yes")]
    can_import: bool,
}

fn default_db() -> String {
    "default".into()
}

fn yes() -> bool {
    true
}
