//! Jobs, users, databases and collections that exist at start: `--demo` and `--scenario FILE`.

use crate::engine::Timing;
use crate::server::{SeedJob, Sim, User};
use serde_json::Value;

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
    let root: Value = serde_json::from_str(text).map_err(|e| format!("scenario: {e}"))?;
    let list = |key: &str| root.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let str_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let num_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64);
    for db in list("databases") {
        sim.add_database(db.as_str().ok_or("scenario: databases are strings")?);
    }
    for c in list("collections") {
        let name = str_of(&c, "name").ok_or("scenario: a collection needs a name")?;
        let partitions: Vec<String> =
            c.get("partitions").and_then(Value::as_array).into_iter().flatten().filter_map(|p| p.as_str().map(str::to_owned)).collect();
        sim.add_collection(&str_of(&c, "db").unwrap_or_else(|| "default".into()), &name, &partitions);
    }
    for u in list("users") {
        let name = str_of(&u, "name").ok_or("scenario: a user needs a name")?;
        let password = str_of(&u, "password").unwrap_or_default();
        let can_import = u.get("canImport").and_then(Value::as_bool).unwrap_or(true);
        sim.add_user(&name, User { password, can_import });
    }
    let mut ids = Vec::new();
    for (n, j) in list("jobs").iter().enumerate() {
        let files: Vec<Vec<String>> = serde_json::from_value(j.get("files").cloned().unwrap_or(Value::Null))
            .map_err(|e| format!("scenario: job {n}: files must be a list of lists of paths ({e})"))?;
        let db = str_of(j, "db").unwrap_or_else(|| "default".into());
        let collection = str_of(j, "collection").unwrap_or_else(|| "book_embeddings".into());
        sim.add_collection(&db, &collection, &[]);
        let seed = SeedJob {
            label: str_of(j, "label").unwrap_or_else(|| format!("job {n}")),
            collection,
            files,
            age_secs: num_of(j, "ageSecs").unwrap_or(0.0),
            manual_commit: j.get("manualCommit").and_then(Value::as_bool).unwrap_or(false),
            frozen: j.get("frozen").and_then(Value::as_bool).unwrap_or(false),
            timing: Timing {
                queue_secs: num_of(j, "queueSecs"),
                sort_secs: num_of(j, "sortSecs"),
                index_secs: num_of(j, "indexSecs"),
                rows_per_sec: num_of(j, "rowsPerSec"),
                rows: j.get("rows").and_then(Value::as_u64),
            },
        };
        ids.push((seed.label.clone(), sim.seed_job(&seed)));
    }
    Ok(ids)
}
