//! "Re-import failed files": a failed job's files, collection, partition and options put back
//! into the New import form for the user to fix and submit. A failed Milvus job keeps none of
//! its rows, and a failure in the write phase marks every task Failed (shared API page, §3), so
//! the failed groups are what must go again; a job that failed in pre-import lists no file, and
//! then the file its reason names is the one to fix.

use crate::client::CreateImport;
use crate::job::triage::explain_failure;
use crate::model::{FileState, ImportJob, JobState};

/// What the New import form is filled with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reimport {
    pub collection: String,
    pub partition: String,
    pub files: Vec<Vec<String>>,
    pub options: Vec<(String, String)>,
    /// What was filled from where, and what the user must check before submitting.
    pub note: String,
}

/// The re-import of a failed job; `created` is the request this page sent for it, if it
/// started the job (the server reports neither the partition nor the options). `None` when
/// the job did not fail, was aborted, or names no file to import again.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::reimport::reimport;
/// let job = ImportJob { job_id: "7".into(), collection_name: "books".into(), state: JobState::Failed,
///     reason: Some(r#"error: bad row, file: id:8 paths:"imports/bad.json" "#.into()), ..Default::default() };
/// let plan = reimport(&job, None).unwrap();
/// assert_eq!(plan.files, vec![vec!["imports/bad.json".to_string()]]);
/// assert!(plan.note.contains("partition and options"));
/// ```
pub fn reimport(job: &ImportJob, created: Option<&CreateImport>) -> Option<Reimport> {
    if job.state != JobState::Failed || crate::job::is_aborted(job) {
        return None;
    }
    let failed: Vec<Vec<String>> = job.details.iter().filter(|f| f.state == FileState::Failed).map(|f| f.paths()).collect();
    let (files, which) = if failed.is_empty() {
        let named = explain_failure(job.reason.as_deref().unwrap_or_default()).files;
        (
            vec![named].into_iter().filter(|g| !g.is_empty()).collect::<Vec<_>>(),
            "the file group its reason names (the job failed before the server listed its files)".to_owned(),
        )
    } else {
        let n = failed.len();
        (failed, format!("its {n} failed file group{} (a failed job keeps none of its rows)", if n == 1 { "" } else { "s" }))
    };
    if files.is_empty() {
        return None;
    }
    let mut note = format!("Prefilled from failed job {}: {which}. Fix the data, then start the import.", job.job_id);
    let (partition, options) = match created {
        Some(request) => (request.partition_name.clone().unwrap_or_default(), request.options.clone()),
        None => {
            note.push_str(" The server does not report a job's partition and options: check them.");
            (String::new(), Vec::new())
        }
    };
    Some(Reimport { collection: job.collection_name.clone(), partition, files, options, note })
}
