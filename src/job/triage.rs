//! Failure triage: a failed job's free-text reason read into what a person acts on: the cause
//! class with a one-line fix, the file, and, where the server wrote them, the row, the field and
//! the expected and actual values. The reasons come from Milvus's import readers and DataCoord
//! (shared API page, §3 and §5); the table below is the one place that knows their wording, and
//! each entry has a native test with real reason texts (`tests/triage.rs`). A reason no entry
//! matches keeps no class: the page then shows it whole and guesses nothing.

use crate::job::failure::failure_site;

/// What kind of failure a reason describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CauseClass {
    DimensionMismatch,
    NotANumber,
    StructFields,
    MissingField,
    ExtraField,
    TypeMismatch,
    NullValue,
    ValueTooLong,
    UnparsableRow,
    FileNotFound,
    AccessDenied,
    BucketNotFound,
    ObjectStorage,
    FileType,
    FileTooLarge,
    TooManyFiles,
    TooManyJobs,
    SchemaMismatch,
    PartitionError,
    CollectionError,
    QuotaExceeded,
    Timeout,
    Aborted,
    AutoCommitValue,
    DuplicateOption,
    InternalPath,
    RelativePath,
    ReplicatingCluster,
    L0ImportDisabled,
    ImportBinlog,
}

pub use crate::error::Side;

/// One row of the table: the class, the lower-case fragments any of which marks it, a title,
/// the one-line fix and whose move it is. Hints cite only configuration names that exist on
/// every current line (shared API page, §12).
struct Pattern {
    class: CauseClass,
    needles: &'static [&'static str],
    title: &'static str,
    hint: &'static str,
    side: Option<Side>,
}

use Side::{Operator, YourData};

/// Most specific first: the first entry with a matching fragment wins.
const PATTERNS: &[Pattern] = &[
    Pattern { class: CauseClass::Aborted, needles: &["aborted by user", "job has been aborted"], title: "Aborted", hint: "Someone aborted this import; nothing of it was kept. Start it again if that was not intended.", side: None },
    Pattern { class: CauseClass::ImportBinlog, needles: &["importbinlog"], title: "Binlog import not permitted", hint: "Backup and L0 imports need the cluster privilege ImportBinlog: ask an administrator to grant it to this user's role, or import ordinary files instead.", side: Some(Operator) },
    Pattern { class: CauseClass::L0ImportDisabled, needles: &["l0 import is disabled"], title: "L0 import disabled", hint: "This server does not take the l0_import option: its operator turns it on with dataCoord.import.enableL0Import, or import without it.", side: Some(Operator) },
    Pattern { class: CauseClass::ReplicatingCluster, needles: &["in replicating cluster", "replicating cluster"], title: "Auto-commit import on a replicating cluster", hint: "A cluster that replicates to a standby takes only manual-commit imports: send the option auto_commit=\"false\", wait for Uncommitted on both clusters, then commit on the primary.", side: Some(YourData) },
    Pattern { class: CauseClass::AutoCommitValue, needles: &["auto_commit value", "auto_commit must be", "invalid auto_commit"], title: "Bad auto_commit option", hint: "Send auto_commit as the string \"true\" or \"false\" (any case), or leave it out; null is refused.", side: Some(YourData) },
    Pattern { class: CauseClass::DuplicateOption, needles: &["duplicate import option key"], title: "Repeated option", hint: "Send each option once: keys are compared without case (auto_commit and AUTO_COMMIT are the same option).", side: Some(YourData) },
    Pattern { class: CauseClass::InternalPath, needles: &["milvus internal storage directory"], title: "Path inside Milvus's own storage", hint: "Import from a directory of your own in the bucket: Milvus refuses paths under its own storage directories (insert_log, delta_log, …). To restore Milvus's own binlogs, use a backup import.", side: Some(YourData) },
    Pattern { class: CauseClass::RelativePath, needles: &["relative path"], title: "Relative path", hint: "With local storage, name each file by its absolute path on the server.", side: Some(YourData) },
    Pattern { class: CauseClass::NotANumber, needles: &["is not a number or infinity", "nan or inf", "contains nan", "contains inf"], title: "NaN or infinity in a vector", hint: "Replace the NaN and ±Inf values in the float vectors (e.g. with numpy.nan_to_num, or drop those rows), then import the file again.", side: Some(YourData) },
    Pattern { class: CauseClass::StructFields, needles: &["sub-field", "subfield", "struct array", "array of struct"], title: "Struct fields missing or misaligned", hint: "Give every struct element all of the struct's sub-fields, with arrays of the same length per row, as the collection's struct field defines them.", side: Some(YourData) },
    Pattern { class: CauseClass::DimensionMismatch, needles: &["dim mismatch", "expected dim", "does not match the dim", "row width mismatch", "vector byte size mismatch", "length of vector is not aligned"], title: "Vector dimension mismatch", hint: "Make every vector in the file as long as the collection's vector field (its dim), or create the collection with the file's dimension.", side: Some(YourData) },
    Pattern { class: CauseClass::AccessDenied, needles: &["permission denied[", "access denied", "invalid credentials", "signaturedoesnotmatch", "invalidaccesskeyid"], title: "No access to the bucket", hint: "Give Milvus's object-storage credentials (its access key or IAM role) read access to this bucket and path, or copy the file to a bucket it can read.", side: Some(Operator) },
    Pattern { class: CauseClass::BucketNotFound, needles: &["bucket not found", "nosuchbucket", "bucket does not exist"], title: "Bucket not found", hint: "Put the file in the bucket Milvus is configured with: paths are relative to it.", side: Some(Operator) },
    Pattern { class: CauseClass::FileNotFound, needles: &["key not found", "nosuchkey", "no such file", "key does not exist", "no file for field"], title: "File not found", hint: "Check the path: it is relative to Milvus's bucket (its root path not included), and the file must be uploaded before the import starts.", side: Some(YourData) },
    Pattern { class: CauseClass::FileTooLarge, needles: &["file size has reached the maximum", "entity too large", "entitytoolarge"], title: "File too large", hint: "Split the file into smaller ones (16 GB each at most, by default).", side: Some(YourData) },
    Pattern { class: CauseClass::ObjectStorage, needles: &["invalid range", "invalidrange", "object storage", "minio"], title: "Object storage failed", hint: "The server could not read the file from its object storage, and retrying does not fix it: its operator checks the storage's health and Milvus's storage settings.", side: Some(Operator) },
    Pattern { class: CauseClass::TooManyFiles, needles: &["max number of import files", "more than 1024", "too many input paths"], title: "Too many files", hint: "Send at most 1,024 file groups per import (dataCoord.import.maxImportFileNumPerReq): split the list over several jobs.", side: Some(YourData) },
    Pattern { class: CauseClass::TooManyJobs, needles: &["number of jobs has reached the limit"], title: "Too many import jobs", hint: "Wait for running imports to finish, or put more files in one job; the limit is dataCoord.import.maxImportJobNum.", side: Some(Operator) },
    Pattern { class: CauseClass::FileType, needles: &["unexpected file type", "accepts only one file", "inconsistency in file types", "import request is empty", "no file to import"], title: "Files the import cannot take", hint: "Use .json, .parquet, .csv (2.5+) or a group of .npy files; one JSON, Parquet or CSV file per group; no empty list.", side: Some(YourData) },
    Pattern { class: CauseClass::ExtraField, needles: &["auto-generated, no need to provide", "not allowed to provide data for", "is not found in schema", "field not found in struct", "there is multi field with name", "duplicated key"], title: "A field the collection does not take", hint: "Remove the column from the file (an auto-ID primary key and function outputs are generated by Milvus), or add the field to the collection.", side: Some(YourData) },
    Pattern { class: CauseClass::MissingField, needles: &["is missed", "no parquet field for milvus field", "not in arrow schema", "not found in parquet schema", "not found in arrow schema"], title: "Missing field", hint: "Add the column to every row of the file, or give the field a default value or make it nullable in the collection.", side: Some(YourData) },
    Pattern { class: CauseClass::NullValue, needles: &["not nullable but the file contains null", "not allowed to be null"], title: "Null in a field that is not nullable", hint: "Fill the nulls in the file, or recreate the field as nullable (or with a default value).", side: Some(YourData) },
    Pattern { class: CauseClass::ValueTooLong, needles: &["exceeds max_length", "exceeds max_capacity"], title: "Value too long", hint: "Shorten the values in the file, or create the field with a larger max_length / max_capacity.", side: Some(YourData) },
    Pattern { class: CauseClass::TypeMismatch, needles: &["expected type", "type mis-match", "expected element type", "' type for field", "failed to parse int", "failed to parse float", "verification failed", "is not varchar data type", "dtype", "expected shape"], title: "Type mismatch", hint: "Write the column with the field's type (e.g. float32 vectors, int64 keys, strings for VarChar), or change the field's type.", side: Some(YourData) },
    Pattern { class: CauseClass::SchemaMismatch, needles: &["schema not equal", "not equal to the header", "number of columns", "rows are not aligned", "struct field number dismatch", "invalid json format", "collection schema"], title: "File does not match the collection's schema", hint: "Compare the file's columns with the collection's fields (names, count, order for CSV) and regenerate the file, e.g. with pymilvus's BulkWriter.", side: Some(YourData) },
    Pattern { class: CauseClass::UnparsableRow, needles: &["failed to decode", "failed to parse row", "illegal value for dynamic field", "invalid utf-8", "unexpected eof", "invalid character", "new parquet", "read json file failed", "read csv file failed", "failed to read the file", "failed to read csv header"], title: "Unreadable data", hint: "The file is damaged or not in the format its extension says: re-export it and check it opens with a reader of that format.", side: Some(YourData) },
    Pattern { class: CauseClass::PartitionError, needles: &["partition not found", "partition not specified", "partition name for collection with partition key", "partition key"], title: "Partition problem", hint: "Name an existing partition, none when the collection has a partition key, and one for a backup import (option backup=true).", side: Some(YourData) },
    Pattern { class: CauseClass::CollectionError, needles: &["collection not found", "dropped", "can't find collection", "collection cannot be loaded"], title: "Collection problem", hint: "Check the collection exists in that database and was not dropped or renamed while the job ran; an L0 import needs it released.", side: Some(YourData) },
    Pattern { class: CauseClass::QuotaExceeded, needles: &["quota exceeded", "disk quota"], title: "Disk quota exceeded", hint: "Free space or have the operator raise the disk quota, then import again; the option skip_disk_quota_check=true skips the check.", side: Some(Operator) },
    Pattern { class: CauseClass::Timeout, needles: &["import timeout", "context deadline exceeded"], title: "Timed out", hint: "The job outlived its timeout option (or the server's): import fewer files per job, or send a longer timeout (e.g. timeout=3h).", side: Some(Operator) },
];

/// A reason read for a person: what went wrong, where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Triage {
    /// `None` when no known pattern matches: show [`Triage::reason`] whole.
    pub class: Option<CauseClass>,
    /// "Vector dimension mismatch"; empty for an unknown reason.
    pub title: &'static str,
    /// The one-line fix; empty for an unknown reason.
    pub hint: &'static str,
    /// Whose move it is: from the class, else from the 3.0 line's "on server side" wording;
    /// `None` when neither says (and for an abort).
    pub side: Option<Side>,
    /// The cause without the file record and the error-code suffixes.
    pub cause: String,
    /// The file group the reason names.
    pub files: Vec<String>,
    pub row: Option<u64>,
    pub field: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// The reason exactly as the server sent it.
    pub reason: String,
}

/// Reads a failure reason.
///
/// ```
/// use milvus_import_monitor::job::triage::{explain_failure, CauseClass};
/// let t = explain_failure(r#"error: failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767, file: id:456998301231542008 paths:"imports/bad.json" "#);
/// assert_eq!(t.class, Some(CauseClass::DimensionMismatch));
/// assert_eq!((t.row, t.field.as_deref(), t.expected.as_deref(), t.actual.as_deref()), (Some(12), Some("vector"), Some("768"), Some("767")));
/// assert_eq!(t.files, ["imports/bad.json"]);
/// assert_eq!(explain_failure("the coordinator hiccupped").class, None);
/// ```
pub fn explain_failure(reason: &str) -> Triage {
    let site = failure_site(reason);
    let head = site.as_ref().map_or(reason, |s| s.cause.as_str());
    let cause = strip_suffixes(head.split_once("error: ").filter(|(before, _)| before.is_empty()).map_or(head, |(_, c)| c)).to_owned();
    let lower = reason.to_ascii_lowercase();
    let pattern = PATTERNS.iter().find(|p| p.needles.iter().any(|n| lower.contains(n)));
    let files = site.map(|s| s.paths).unwrap_or_else(|| named_file(&cause).into_iter().collect());
    let (expected, actual) = expected_actual(&cause);
    Triage {
        class: pattern.map(|p| p.class),
        title: pattern.map_or("", |p| p.title),
        hint: pattern.map_or("", |p| p.hint),
        side: match pattern {
            Some(p) => p.side,
            None => lower.contains("importing data failed on server side").then_some(Side::Operator),
        },
        row: row_number(&cause),
        field: field_name(&cause),
        expected,
        actual,
        files,
        cause,
        reason: reason.to_owned(),
    }
}

/// Milvus appends its error-code message once per wrap ("…: importing data failed: importing
/// data failed"); it says nothing a person acts on.
fn strip_suffixes(mut text: &str) -> &str {
    text = text.trim();
    for suffix in [": importing data failed on server side", ": importing data failed", ": invalid parameter"] {
        while let Some(rest) = text.strip_suffix(suffix) {
            text = rest.trim_end();
        }
    }
    text
}

/// The text after the first `marker` that starts a word ("expected", not "unexpected").
fn split_word<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    text.match_indices(marker)
        .find(|(at, _)| {
            !marker.starts_with(char::is_alphanumeric)
                || !text.get(..*at).and_then(|before| before.chars().last()).is_some_and(char::is_alphanumeric)
        })
        .and_then(|(at, _)| text.get(at + marker.len()..))
}

/// The text after `marker` up to the first of `ends`.
fn after<'a>(text: &'a str, marker: &str, ends: &[char]) -> Option<&'a str> {
    let rest = split_word(text, marker)?;
    let value = rest.split(ends).next().unwrap_or_default().trim();
    (!value.is_empty()).then_some(value)
}

/// "row 12", "row index 5", "line 9": the first number after one of them.
fn row_number(text: &str) -> Option<u64> {
    ["row ", "row index ", "line "].iter().find_map(|marker| {
        let mut rest = text;
        while let Some(tail) = split_word(rest, marker) {
            let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(row) = digits.parse() {
                return Some(row);
            }
            rest = tail;
        }
        None
    })
}

/// The field a reason names: quoted (`field 'vector'`, `field: 'vector'`) or bare (`field vector,`,
/// `no file for field: vector`).
fn field_name(text: &str) -> Option<String> {
    let quoted = ["field '", "field: '", "key '", "field is missed: '"];
    if let Some(name) = quoted.iter().find_map(|m| after(text, m, &['\''])) {
        return Some(name.to_owned());
    }
    let bare = ["for field: ", "field ", "fieldName="];
    bare.iter().find_map(|m| {
        let name = after(text, m, &[',', ' ', ':', ']', ')'])?;
        let is_name = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !["is", "in", "count", "number", "of", "with", "not", "data", "type", "validation"].contains(&name);
        is_name.then(|| name.to_owned())
    })
}

/// The expected and actual values: "expected 768 but got 767", "expected dim '768' … got dim
/// '767'", "expect 3, got 2", "exceeds max_length(64)".
fn expected_actual(text: &str) -> (Option<String>, Option<String>) {
    let Some(tail) = ["expected ", "expect ", "should be "].iter().find_map(|m| split_word(text, m)) else {
        return match after(text, "exceeds max_length(", &[')']).or_else(|| after(text, "exceeds max_capacity(", &[')'])) {
            Some(limit) => (
                Some(format!("at most {limit}")),
                after(text, "length(", &[')']).or_else(|| after(text, "capacity(", &[')'])).map(str::to_owned),
            ),
            None => (None, None),
        };
    };
    let expected = value_token(tail);
    let actual = ["got ", "get "].iter().find_map(|m| split_word(tail, m)).and_then(value_token);
    (expected, actual)
}

/// The first value of a phrase, past words that only describe it: `dim '768'` → 768.
fn value_token(text: &str) -> Option<String> {
    let mut rest = text.trim_start();
    // "arrow data type", "element type": each word once, in the order they come.
    for word in ["dim ", "shape ", "element ", "arrow ", "data ", "type "] {
        rest = rest.strip_prefix(word).unwrap_or(rest).trim_start();
    }
    let value = match rest.strip_prefix('\'') {
        Some(quoted) => quoted.split('\'').next()?.trim(),
        None => rest.split([' ', ',', ':', ')']).next()?,
    };
    (!value.is_empty()).then(|| value.to_owned())
}

/// A file a reason names outside the DataNode's file record: `[key=…]`, `path=…`, `files=[…]`,
/// `the file '…'`.
fn named_file(text: &str) -> Option<String> {
    after(text, "[key=", &[']'])
        .or_else(|| after(text, "path=", &[',', ' ']))
        .or_else(|| after(text, "files=[", &[']']))
        .or_else(|| after(text, "the file '", &['\'']))
        .or_else(|| after(text, "numpy file '", &['\'']))
        .map(str::to_owned)
}
