//! What a failed job's reason says about where it failed. Most data errors fail a job in
//! pre-import, before the server lists any file (`details: []`), with a reason written by the
//! DataNode as `error: <cause>, file: <the file record as protobuf text>`, possibly wrapped as
//! `<that>: importing data failed` (shared API page, §3). The file is named nowhere else.

use crate::model::{ImportJob, JobState};

/// The cause and the file a reason names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureSite {
    /// What went wrong, as the server wrote it.
    pub cause: String,
    /// The file group's paths (one, or several for a NumPy group).
    pub paths: Vec<String>,
}

/// Reads `error: <cause>, file: <protobuf text>` (and its wrapped forms) out of a reason.
///
/// ```
/// use milvus_import_monitor::job::failure::failure_site;
/// let reason = r#"error: failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767, file: id:456998301231542008 paths:"imports/bad.json" : importing data failed"#;
/// let site = failure_site(reason).unwrap();
/// assert_eq!(site.paths, ["imports/bad.json"]);
/// assert_eq!(site.cause, "failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767");
/// assert_eq!(failure_site("import job has been aborted: importing data failed"), None);
/// ```
pub fn failure_site(reason: &str) -> Option<FailureSite> {
    let (head, file) = reason.rsplit_once(", file: ")?;
    let paths = protobuf_paths(file);
    if paths.is_empty() {
        return None;
    }
    let cause = head.split_once("error: ").map_or(head, |(_, cause)| cause).trim();
    Some(FailureSite { cause: cause.to_owned(), paths })
}

/// Every `paths:"…"` value of a protobuf text record, unescaped as Go quoted it.
fn protobuf_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once("paths:\"") {
        let mut path = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    end = at + 1;
                    break;
                }
                '\\' => match chars.next().map(|(_, escaped)| escaped) {
                    Some('n') => path.push('\n'),
                    Some('t') => path.push('\t'),
                    Some(other) => path.push(other),
                    None => {}
                },
                _ => path.push(c),
            }
        }
        paths.push(path);
        rest = after.get(end..).unwrap_or_default();
    }
    paths
}

/// What the file table says when the server lists no file: on a failed job, that it failed
/// before listing them, and which file the reason names.
///
/// ```
/// use milvus_import_monitor::job::failure::no_files_note;
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// let pending = ImportJob { state: JobState::Pending, ..Default::default() };
/// assert!(no_files_note(&pending).starts_with("No files yet"));
/// let failed = ImportJob { state: JobState::Failed, reason: Some(r#"error: bad row, file: id:1 paths:"a.json" "#.into()), ..Default::default() };
/// assert_eq!(no_files_note(&failed), "The job failed before the server listed its files; the reason names a.json.");
/// ```
pub fn no_files_note(job: &ImportJob) -> String {
    if job.state != JobState::Failed {
        return "No files yet: the server lists them once it has scanned them.".to_owned();
    }
    match job.reason.as_deref().and_then(failure_site) {
        Some(site) => format!("The job failed before the server listed its files; the reason names {}.", site.paths.join(", ")),
        None => "The job failed before the server listed its files.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_groups_escapes_and_no_wrapping() {
        let reason = r#"error: the shape of the numpy file is [5 767], file: id:461829374610022402 paths:"bulk/1/id.npy" paths:"bulk/1/vec\"tor.npy" "#;
        let site = failure_site(reason);
        assert_eq!(site.as_ref().map(|s| s.paths.clone()), Some(vec!["bulk/1/id.npy".to_owned(), "bulk/1/vec\"tor.npy".to_owned()]));
        assert_eq!(site.map(|s| s.cause), Some("the shape of the numpy file is [5 767]".to_owned()));
        // Without the DataNode's "error: " prefix the cause is the whole head.
        let bare = failure_site(r#"no such key, file: id:1 paths:"s3/missing.parquet" "#);
        assert_eq!(bare.map(|s| s.cause), Some("no such key".to_owned()));
        // A reason that names no file record.
        assert_eq!(failure_site("failed to parse row 12: importing data failed"), None);
        assert_eq!(failure_site("x, file: id:1 "), None);
    }
}
