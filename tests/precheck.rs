//! `precheck` and `loglink` natively: every check on fixed schemas (decoded from R7's shape),
//! and each log preset with the job's ID and window.

use milvus_import_monitor::client::{CreateImport, Schema};
use milvus_import_monitor::loglink::{check as check_template, link, preset_template, window, LogFacts, TemplateProblem, PRESETS};
use milvus_import_monitor::precheck::{checks, Known, Outcome};
use serde_json::json;

/// R7's example (2.5/2.6) with an auto-ID key, a BM25 function and a partition key.
fn schema(partition_key: bool) -> Schema {
    let data = json!({"collectionName": "book_embeddings", "enableDynamicField": true, "autoId": true, "fields": [
        {"name": "id", "type": "Int64", "primaryKey": true, "autoId": true},
        {"name": "vector", "type": "FloatVector", "params": [{"key": "dim", "value": "768"}]},
        {"name": "text", "type": "VarChar", "params": [{"key": "max_length", "value": "512"}]},
        {"name": "sparse", "type": "SparseFloatVector", "isFunctionOutput": true},
        {"name": "title", "type": "VarChar", "nullable": true, "defaultValue": {"Data": {"StringData": "n/a"}}},
        {"name": "genre", "type": "VarChar", "partitionKey": partition_key}],
        "functions": [{"name": "bm25", "type": 1, "inputFieldNames": ["text"], "outputFieldNames": ["sparse"]}]});
    Schema::from_describe(&data).expect("a schema")
}

fn outcome(request: &CreateImport, known: &Known, name: &str) -> (Outcome, String) {
    let found = checks(request, known).into_iter().find(|c| c.name == name).expect(name);
    (found.outcome, found.says)
}

fn numpy(files: &[&str]) -> CreateImport {
    CreateImport::new("book_embeddings", vec![files.iter().map(|f| format!("imports/1/{f}")).collect()])
}

#[test]
fn a_correct_request_passes_every_check() {
    let s = schema(false);
    let known = Known { schema: Some(&s), running_jobs: Some(2), ..Known::default() };
    let request = numpy(&["vector.npy", "text.npy", "genre.npy"]);
    for c in checks(&request, &known) {
        assert!(c.outcome == Outcome::Pass, "{}: {:?} {}", c.name, c.outcome, c.says);
    }
    let names: Vec<&str> = checks(&request, &known).iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "collection",
            "file-types",
            "one-file-per-group",
            "numpy-fields",
            "group-count",
            "partition",
            "auto-commit",
            "repeated-options",
            "privileged-options",
            "running-jobs"
        ]
    );
}

#[test]
fn numpy_groups_are_held_to_the_schema() {
    let s = schema(false);
    let known = Known { schema: Some(&s), ..Known::default() };
    let (missing, says) = outcome(&numpy(&["vector.npy", "genre.npy"]), &known, "numpy-fields");
    assert_eq!(missing, Outcome::Fail);
    assert!(says.contains("text.npy is missing"), "{says}");
    let (auto_id, says) = outcome(&numpy(&["id.npy", "vector.npy", "text.npy", "genre.npy"]), &known, "numpy-fields");
    assert_eq!(auto_id, Outcome::Fail);
    assert!(says.contains("auto-ID primary key"), "{says}");
    let (bm25, says) = outcome(&numpy(&["vector.npy", "text.npy", "genre.npy", "sparse.npy"]), &known, "numpy-fields");
    assert_eq!(bm25, Outcome::Fail);
    assert!(says.contains("function's output"), "{says}");
    let (unknown, says) = outcome(&numpy(&["vector.npy", "text.npy", "genre.npy", "colour.npy"]), &known, "numpy-fields");
    assert_eq!(unknown, Outcome::Fail, "{says}");
    // A nullable field with a default may be left out; the dynamic field's $meta.npy is allowed.
    assert_eq!(outcome(&numpy(&["vector.npy", "text.npy", "genre.npy", "$meta.npy"]), &known, "numpy-fields").0, Outcome::Pass);
    // Without the schema: unknown, not passed.
    assert_eq!(outcome(&numpy(&["vector.npy"]), &Known::default(), "numpy-fields").0, Outcome::Unknown);
}

#[test]
fn file_groups_types_and_counts() {
    let known = Known::default();
    let two_parquet = CreateImport::new("b", vec![vec!["a.parquet".into(), "b.parquet".into()]]);
    assert_eq!(outcome(&two_parquet, &known, "one-file-per-group").0, Outcome::Fail);
    let mixed = CreateImport::new("b", vec![vec!["a.npy".into(), "b.json".into()]]);
    assert!(outcome(&mixed, &known, "file-types").1.contains("mixes"));
    let unknown = CreateImport::new("b", vec![vec!["a.txt".into()]]);
    assert_eq!(outcome(&unknown, &known, "file-types").0, Outcome::Fail);
    let groups = |n: usize| CreateImport::new("b", (0..n).map(|i| vec![format!("part-{i}.parquet")]).collect());
    assert_eq!(outcome(&groups(1024), &known, "group-count").0, Outcome::Pass);
    let (over, says) = outcome(&groups(1025), &known, "group-count");
    assert_eq!(over, Outcome::Fail);
    assert!(says.starts_with("1025 file groups"), "{says}");
}

#[test]
fn partitions_options_and_the_queue() {
    let keyed = schema(true);
    let mut request = CreateImport::new("book_embeddings", vec![vec!["a.parquet".into()]]);
    request.partition_name = Some("fiction".into());
    assert_eq!(outcome(&request, &Known { schema: Some(&keyed), ..Known::default() }, "partition").0, Outcome::Fail);
    let plain = schema(false);
    assert_eq!(outcome(&request, &Known { schema: Some(&plain), ..Known::default() }, "partition").0, Outcome::Pass);

    let with = |options: &[(&str, &str)]| {
        let mut r = CreateImport::new("b", vec![vec!["a.parquet".into()]]);
        r.options = options.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        r
    };
    let known = Known::default();
    assert_eq!(outcome(&with(&[("auto_commit", "yes")]), &known, "auto-commit").0, Outcome::Fail);
    assert_eq!(outcome(&with(&[("auto_commit", "FALSE")]), &known, "auto-commit").0, Outcome::Pass);
    assert_eq!(outcome(&with(&[("timeout", "1h"), ("TIMEOUT", "2h")]), &known, "repeated-options").0, Outcome::Fail);
    let (warned, says) = outcome(&with(&[("l0_import", "true")]), &known, "privileged-options");
    assert_eq!(warned, Outcome::Warn);
    assert!(says.contains("enableL0Import") && says.contains("ImportBinlog"), "{says}");
    assert_eq!(outcome(&with(&[]), &Known { running_jobs: Some(1024), ..Known::default() }, "running-jobs").0, Outcome::Fail);
    assert!(outcome(&with(&[]), &Known { running_jobs: Some(3), ..Known::default() }, "running-jobs").1.contains("3 other jobs"));
    assert_eq!(outcome(&with(&[]), &Known { missing_collection: true, ..Known::default() }, "collection").0, Outcome::Fail);
}

const CREATED: f64 = 1_764_000_060_000.0; // 2025-11-24T16:01:00Z
const ENDED: f64 = 1_764_000_660_000.0; // 16:11:00Z

fn facts(ended: Option<f64>) -> LogFacts<'static> {
    LogFacts {
        job_id: "470951293287138311",
        collection: "book_embeddings",
        database: Some("books"),
        created_ms: CREATED,
        ended_ms: ended,
        now_ms: CREATED + 120_000.0,
    }
}

#[test]
fn each_preset_links_the_jobs_id_and_window() {
    assert_eq!(window(&facts(Some(ENDED))), (CREATED - 60_000.0, ENDED + 60_000.0));
    assert_eq!(window(&facts(None)).1, CREATED + 180_000.0, "a running job: now + 1 min");
    let expected = [
        (
            "https://grafana.example.com",
            vec!["470951293287138311", "1764000000000", "1764000720000", "https://grafana.example.com/explore?"],
        ),
        (
            "https://kibana.example.com/",
            vec![
                "jobID:%22470951293287138311%22",
                "2025-11-24T16%3A00%3A00Z",
                "2025-11-24T16%3A12%3A00Z",
                "https://kibana.example.com/app/discover#/",
            ],
        ),
        ("eu-west-1", vec!["region=eu-west-1", "470951293287138311", "2025-11-24T16%3A00%3A00Z", "2025-11-24T16%3A12%3A00Z"]),
    ];
    for (preset, (base, parts)) in PRESETS.iter().zip(expected) {
        let url = link(&preset_template(preset, base), &facts(Some(ENDED))).unwrap_or_else(|e| panic!("{}: {e}", preset.name));
        for part in parts {
            assert!(url.contains(part), "{}: {part} not in {url}", preset.name);
        }
        assert!(url.starts_with("https://"), "{url}");
    }
}

#[test]
fn a_template_fills_only_what_it_may_and_encodes_every_value() {
    assert_eq!(check_template("ftp://logs/{jobId}"), Err(TemplateProblem::NotHttp));
    assert_eq!(check_template("  "), Err(TemplateProblem::Empty));
    assert_eq!(check_template("https://logs/?t={token}"), Err(TemplateProblem::UnknownPlaceholder("{token}".into())));
    let hostile = LogFacts { collection: "a&b=<script>", ..facts(None) };
    let url = link("https://logs/?c={collection}&d={database}", &hostile).expect("a link");
    assert_eq!(url, "https://logs/?c=a%26b%3D%3Cscript%3E&d=books");
    let no_db = LogFacts { database: None, ..facts(None) };
    assert!(link("https://logs/?d={database}", &no_db).expect("a link").ends_with("d=default"));
}
