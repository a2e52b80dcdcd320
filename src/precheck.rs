//! Checks before an import starts (advisory: each says what it found, and the user may go on),
//! pure: what Milvus would refuse at create time or fail on soon after, read from the request,
//! the collection's schema (`collections/describe`, readiness page R7) and the jobs already
//! running (`list`). Each check has a stable name; nothing here sends anything.

use crate::client::{CreateImport, Schema};

/// Milvus's limit on file groups per import (shared API page, §5).
pub const MAX_FILE_GROUPS: usize = 1024;
/// `dataCoord.import.maxImportJobNum`'s default: jobs not yet final at once.
pub const MAX_IMPORT_JOBS: usize = 1024;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Worth knowing; the server may still take it.
    Warn,
    /// The server would refuse it, or the job would fail.
    Fail,
    /// Not checked: what it needs could not be read.
    Unknown,
}

/// One check's result: its stable name, outcome and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub outcome: Outcome,
    pub says: String,
}

fn check(name: &'static str, outcome: Outcome, says: impl Into<String>) -> Check {
    Check { name, outcome, says: says.into() }
}

/// What the checks read besides the request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Known<'a> {
    /// The collection's schema; `None`: not read (or no permission).
    pub schema: Option<&'a Schema>,
    /// The collection does not exist (describe answered so).
    pub missing_collection: bool,
    /// Jobs of the server not final yet (from `list`); `None`: not read.
    pub running_jobs: Option<usize>,
}

/// Every check, in a fixed order.
///
/// ```
/// use milvus_import_monitor::client::CreateImport;
/// use milvus_import_monitor::precheck::{checks, Known, Outcome};
/// let request = CreateImport::new("books", vec![vec!["a.parquet".into()]]);
/// let results = checks(&request, &Known::default());
/// assert!(results.iter().all(|c| c.outcome != Outcome::Fail));
/// ```
pub fn checks(request: &CreateImport, known: &Known) -> Vec<Check> {
    let mut out = vec![collection(request, known)];
    out.extend(files(request, known.schema));
    out.push(group_count(request));
    out.push(partition(request, known.schema));
    out.extend(options(request));
    out.push(queue(known.running_jobs));
    out
}

fn collection(request: &CreateImport, known: &Known) -> Check {
    match (known.missing_collection, known.schema) {
        (true, _) => check("collection", Outcome::Fail, format!("Collection {} does not exist in this database.", request.collection_name)),
        (false, Some(schema)) => check(
            "collection",
            Outcome::Pass,
            format!("Collection {} exists; its schema was read ({} fields).", schema.collection, schema.fields.len()),
        ),
        (false, None) => {
            check("collection", Outcome::Unknown, "The collection's schema could not be read: the file checks against it are skipped.")
        }
    }
}

/// The extension of a path, lower case, if it is one Milvus reads.
fn kind(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    ["json", "parquet", "npy", "csv"].into_iter().find(|ext| lower.ends_with(&format!(".{ext}")))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn files(request: &CreateImport, schema: Option<&Schema>) -> Vec<Check> {
    let binlog = request
        .options
        .iter()
        .any(|(k, v)| (k.eq_ignore_ascii_case("backup") || k.eq_ignore_ascii_case("l0_import")) && v.eq_ignore_ascii_case("true"));
    if binlog {
        return vec![check("file-types", Outcome::Pass, "A backup or L0 import names directories, not typed files.")];
    }
    let mut problems_types = Vec::new();
    let mut problems_groups = Vec::new();
    let mut problems_numpy = Vec::new();
    for (n, group) in request.files.iter().enumerate() {
        let label = format!("group {}", n + 1);
        let kinds: Vec<Option<&str>> = group.iter().map(|p| kind(p)).collect();
        if let Some(unknown) = group.iter().zip(&kinds).find(|(_, k)| k.is_none()) {
            problems_types.push(format!("{label}: {} is not .json, .parquet, .npy or .csv", unknown.0));
            continue;
        }
        let first = kinds.first().copied().flatten();
        if kinds.iter().any(|k| *k != first) {
            problems_types.push(format!("{label} mixes file types"));
            continue;
        }
        match first {
            Some("npy") => problems_numpy.extend(numpy_group(&label, group, schema)),
            Some(other) if group.len() > 1 => problems_groups.push(format!("{label} holds {} {other} files; one per group", group.len())),
            _ => {}
        }
    }
    let verdict = |name: &'static str, problems: Vec<String>, ok: &str| match problems.is_empty() {
        true => check(name, Outcome::Pass, ok),
        false => check(name, Outcome::Fail, problems.join("; ") + "."),
    };
    let numpy_ok =
        if schema.is_some() { "Every NumPy group has one file per field, as the schema asks." } else { "No NumPy group to check." };
    let numpy = match (schema, request.files.iter().any(|g| g.iter().any(|p| kind(p) == Some("npy")))) {
        (None, true) => check("numpy-fields", Outcome::Unknown, "NumPy groups are checked against the schema, which could not be read."),
        _ => verdict("numpy-fields", problems_numpy, numpy_ok),
    };
    vec![
        verdict("file-types", problems_types, "Every file is .json, .parquet, .npy or .csv, one type per group."),
        verdict("one-file-per-group", problems_groups, "JSON, Parquet and CSV groups hold one file each."),
        numpy,
    ]
}

/// A NumPy group: `<field>.npy` per field; none for an auto-ID key or a function's output;
/// every other non-nullable field without a default present.
fn numpy_group(label: &str, group: &[String], schema: Option<&Schema>) -> Vec<String> {
    let Some(schema) = schema else { return Vec::new() };
    let names: Vec<&str> = group.iter().map(|p| file_name(p)).map(|f| f.get(..f.len().saturating_sub(4)).unwrap_or(f)).collect();
    let mut problems = Vec::new();
    for name in &names {
        match schema.fields.iter().find(|f| f.name == *name) {
            Some(f) if f.primary_key && f.auto_id => {
                problems.push(format!("{label}: {name}.npy is for the auto-ID primary key, which Milvus fills itself"))
            }
            Some(f) if f.function_output => {
                problems.push(format!("{label}: {name}.npy is for a function's output field, which Milvus computes"))
            }
            Some(_) => {}
            None if *name == "$meta" && schema.dynamic_field => {}
            None => problems.push(format!("{label}: {name}.npy names no field of the collection")),
        }
    }
    // A field Milvus fills (auto-ID key, function output) or may leave empty is not required.
    let required = |f: &&crate::client::SchemaField| !((f.primary_key && f.auto_id) || f.function_output || f.nullable || f.has_default);
    for field in schema.fields.iter().filter(required) {
        if !names.contains(&field.name.as_str()) {
            problems.push(format!("{label}: {}.npy is missing (the field is required)", field.name));
        }
    }
    problems
}

fn group_count(request: &CreateImport) -> Check {
    let n = request.files.iter().filter(|g| !g.is_empty()).count();
    if n > MAX_FILE_GROUPS {
        check(
            "group-count",
            Outcome::Fail,
            format!("{n} file groups: Milvus takes at most {MAX_FILE_GROUPS} per import. Split it into several imports."),
        )
    } else {
        check("group-count", Outcome::Pass, format!("{n} file group{} (at most {MAX_FILE_GROUPS}).", if n == 1 { "" } else { "s" }))
    }
}

fn partition(request: &CreateImport, schema: Option<&Schema>) -> Check {
    match (request.partition_name.as_deref(), schema) {
        (Some(name), Some(s)) if s.has_partition_key() => check(
            "partition",
            Outcome::Fail,
            format!("The collection routes rows by its partition key: a partition name ({name}) is refused. Leave Partition empty."),
        ),
        (Some(_), None) => check("partition", Outcome::Unknown, "Whether the collection has a partition key could not be read."),
        _ => check("partition", Outcome::Pass, "No partition conflict."),
    }
}

fn options(request: &CreateImport) -> Vec<Check> {
    let value = |name: &str| request.options.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let auto_commit = match value("auto_commit") {
        Some(v) if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") => {
            check("auto-commit", Outcome::Fail, format!("auto_commit must be \"true\" or \"false\", not \"{v}\"."))
        }
        _ => check("auto-commit", Outcome::Pass, "auto_commit is absent or a valid value."),
    };
    let mut seen: Vec<String> = Vec::new();
    let mut repeated = Vec::new();
    for (key, _) in &request.options {
        let lower = key.to_ascii_lowercase();
        if seen.contains(&lower) {
            repeated.push(key.clone());
        }
        seen.push(lower);
    }
    let repeated = match repeated.is_empty() {
        true => check("repeated-options", Outcome::Pass, "No option is given twice."),
        false => check("repeated-options", Outcome::Fail, format!("Given twice (compared without case): {}.", repeated.join(", "))),
    };
    let needs: Vec<&str> = [
        ("backup", "a backup import needs a partition and, on the newest servers, the cluster privilege ImportBinlog"),
        ("l0_import", "an L0 import needs dataCoord.import.enableL0Import on the server and the cluster privilege ImportBinlog"),
    ]
    .into_iter()
    .filter(|(name, _)| value(name).is_some_and(|v| v.eq_ignore_ascii_case("true")))
    .map(|(_, need)| need)
    .collect();
    let privileged = match needs.is_empty() {
        true => check("privileged-options", Outcome::Pass, "No option that needs a privilege or a setting."),
        false => check("privileged-options", Outcome::Warn, format!("{}.", needs.join("; "))),
    };
    vec![auto_commit, repeated, privileged]
}

fn queue(running: Option<usize>) -> Check {
    match running {
        None => check("running-jobs", Outcome::Unknown, "How many jobs the server is running could not be read."),
        Some(n) if n >= MAX_IMPORT_JOBS => check(
            "running-jobs",
            Outcome::Fail,
            format!(
                "{n} jobs are not final: the server's limit (dataCoord.import.maxImportJobNum, {MAX_IMPORT_JOBS} by default) is reached."
            ),
        ),
        Some(0) => check("running-jobs", Outcome::Pass, "No other import is running: this one starts at once."),
        Some(n) => check(
            "running-jobs",
            Outcome::Pass,
            format!(
                "{n} other job{} not final yet: this one may wait behind {}.",
                if n == 1 { " is" } else { "s are" },
                if n == 1 { "it" } else { "them" }
            ),
        ),
    }
}
