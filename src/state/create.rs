//! The "start an import" form and its request.

use super::request::RequestState;
use crate::client::CreateImport;
use crate::ApiError;

/// The form, as typed, and where its request stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateForm {
    pub collection: String,
    pub partition: String,
    /// One file group per line; paths in a group separated by commas or spaces.
    pub files: String,
    /// One `key=value` option per line.
    pub options: String,
    /// Requests started; the one in flight is `Loading { id: sent }`.
    pub sent: u64,
    pub request: RequestState,
    /// The `Idempotency-Key` of this form's content: kept while a submit is retried, new once
    /// the content changes or a job was started.
    pub idempotency_key: Option<String>,
    /// Why the form is prefilled (a re-import), and what the user must check.
    pub note: Option<String>,
    /// The requests this page started, by job ID, newest last: what a re-import repeats.
    pub created: Vec<(String, CreateImport)>,
    /// Submits sent with the current `idempotency_key` (a retry is the second).
    pub key_attempts: u32,
    /// The job a retried keyed submit was answered with, until its first answer says whether
    /// it is new: 2.6.24/3.0.2 answer a key they already ran with the original job, even one
    /// that failed or was deleted since (shared API page, §11).
    pub keyed_job: Option<String>,
    /// That job was not new: its ID and what it already was ("Failed", "deleted").
    pub replayed: Option<(String, String)>,
    /// The target is the primary of a CDC pair: a replicating cluster takes only two-phase
    /// imports, so `auto_commit = "false"` is sent (CDC page, 13.2).
    pub two_phase: bool,
    /// A Start held because this many checks fail (`crate::precheck`): nothing was sent, and
    /// *Start anyway* sends it. Any edit clears it.
    pub held: Option<usize>,
    /// A Start pressed while the collection's schema was still being read: its fresh key,
    /// sent (or held) once the read answers, so the checks never depend on how fast it was.
    pub waiting: Option<String>,
}

/// Said under the create form when it targets a pair's primary.
pub const TWO_PHASE_NOTE: &str = "The endpoint above is the primary of a CDC pair: the import is sent with auto_commit=\"false\" (a replicating cluster takes no other), then watched on both clusters. Put the files in both clusters' storage first.";

/// What Milvus accepts in `files` (shared API page, §5), said with a refusal about files.
pub const FILE_RULES: &str = "Milvus accepts .json, .parquet, .npy and (from 2.5) .csv files: one JSON, Parquet or CSV file per group (one per line here), or a NumPy group of one .npy per field (field.npy, separated by commas); one type per group; at most 1,024 groups per import.";

/// Requests remembered for re-imports.
const CREATED_KEPT: usize = 20;

/// One field of the create form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateField {
    Collection,
    Partition,
    Files,
    Options,
}

/// Everything that can happen to the create form.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateAction {
    Edit(CreateField, String),
    /// Submit the form; `fresh_key` is a random key for it, used unless a retried submit of
    /// the same content already has one.
    Submit {
        fresh_key: String,
    },
    /// Submit although checks fail (the checks are advisory).
    SubmitAnyway {
        fresh_key: String,
    },
    /// A Submit held: this many checks fail; nothing is sent.
    Hold {
        failing: usize,
    },
    /// A Submit that waits for the schema read (`waiting`).
    Wait {
        fresh_key: String,
    },
    /// Submitted with a connection the browser cannot use: why, and nothing sent.
    Refused(ApiError),
    /// Fill the form for a re-import (`crate::reimport`).
    Prefill(crate::reimport::Reimport),
    /// The answer to request `id`: the new job's ID; when it was sent and answered (a new job's
    /// ID bounds the server's clock from both sides).
    Response {
        id: u64,
        result: Result<String, ApiError>,
        sent_ms: f64,
        at_ms: f64,
    },
    /// The first answer about the job a retried keyed submit returned: `Some(what it already
    /// was)` when final or unknown (the key had already run), `None` when it is running.
    Judged {
        job_id: String,
        already: Option<String>,
    },
    /// "Start again with a new key": the replay note goes, and the next submit is a new job.
    NewKey,
}

impl CreateForm {
    /// The form after `action`; `None` when nothing changed.
    pub fn apply(&self, action: CreateAction) -> Option<CreateForm> {
        match action {
            CreateAction::Edit(field, value) => {
                let mut next = self.clone();
                let slot = match field {
                    CreateField::Collection => &mut next.collection,
                    CreateField::Partition => &mut next.partition,
                    CreateField::Files => &mut next.files,
                    CreateField::Options => &mut next.options,
                };
                *slot = value;
                next.idempotency_key = None;
                next.held = None;
                next.waiting = None;
                (next != *self).then_some(next)
            }
            CreateAction::Prefill(plan) => Some(CreateForm {
                held: None,
                collection: plan.collection,
                partition: plan.partition,
                files: plan.files.iter().map(|group| group.join(", ")).collect::<Vec<_>>().join("\n"),
                options: plan.options.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n"),
                note: Some(plan.note),
                idempotency_key: None,
                request: if self.request.is_loading() { self.request.clone() } else { RequestState::Idle },
                ..self.clone()
            }),
            CreateAction::Submit { .. }
            | CreateAction::SubmitAnyway { .. }
            | CreateAction::Refused(_)
            | CreateAction::Hold { .. }
            | CreateAction::Wait { .. }
                if self.request.is_loading() =>
            {
                None
            }
            CreateAction::Hold { failing } => Some(CreateForm { held: Some(failing), waiting: None, ..self.clone() }),
            CreateAction::Wait { fresh_key } => Some(CreateForm { waiting: Some(fresh_key), held: None, ..self.clone() }),
            CreateAction::Refused(error) => Some(CreateForm { request: RequestState::Failed(error), ..self.clone() }),
            CreateAction::Submit { fresh_key } | CreateAction::SubmitAnyway { fresh_key } => {
                Some(match self.request().map_err(|message| ApiError::InvalidInput { message }) {
                    Err(error) => CreateForm { request: RequestState::Failed(error), ..self.clone() },
                    Ok(_) => {
                        let (sent, request) = RequestState::start(self.sent);
                        let key_attempts = if self.idempotency_key.is_some() { self.key_attempts + 1 } else { 1 };
                        let idempotency_key = self.idempotency_key.clone().or(Some(fresh_key));
                        CreateForm {
                            sent,
                            request,
                            idempotency_key,
                            key_attempts,
                            replayed: None,
                            held: None,
                            waiting: None,
                            ..self.clone()
                        }
                    }
                })
            }
            CreateAction::Response { id, result, .. } => self.request.awaits(id).then(|| self.answered(result)),
            CreateAction::Judged { job_id, already } => (self.keyed_job.as_ref() == Some(&job_id)).then(|| CreateForm {
                keyed_job: None,
                replayed: already.map(|what| (job_id, what)),
                ..self.clone()
            }),
            CreateAction::NewKey => Some(CreateForm { idempotency_key: None, key_attempts: 0, replayed: None, ..self.clone() }),
        }
    }

    /// The form once its create was answered: the new job remembered for a re-import, or the error.
    fn answered(&self, result: Result<String, ApiError>) -> CreateForm {
        let mut next = self.clone();
        match result {
            Ok(job_id) => {
                // A retried key may be answered with a job that ran before: judged by its first answer.
                next.keyed_job = (self.key_attempts >= 2).then(|| job_id.clone());
                if let Ok(request) = self.request() {
                    next.created.push((job_id, request));
                    let excess = next.created.len().saturating_sub(CREATED_KEPT);
                    next.created.drain(..excess);
                }
                // The next submit is another job.
                next.idempotency_key = None;
                next.key_attempts = 0;
                next.note = None;
                next.request = RequestState::Ready;
            }
            Err(error) => next.request = RequestState::Failed(error),
        }
        next
    }

    /// What to add to the server's refusal of a create, so the user can fix the request without
    /// the docs: the rules the server checks, for the refusals about files.
    ///
    /// ```
    /// use milvus_import_monitor::state::CreateForm;
    /// use milvus_import_monitor::ApiError;
    /// let refused = ApiError::Milvus { code: 2100, message: "unexpected file type, files=[a.txt]: importing data failed".into() };
    /// assert!(CreateForm::refusal_hint(&refused).unwrap().contains(".parquet"));
    /// assert_eq!(CreateForm::refusal_hint(&ApiError::MissingJobId), None);
    /// ```
    pub fn refusal_hint(error: &ApiError) -> Option<&'static str> {
        let (ApiError::Milvus { message, .. } | ApiError::BadRequest { message, .. }) = error else { return None };
        // The gate of a replicating cluster (CDC page, 13.2): codes 3000 and 65535.
        if message.contains("cluster is not primary") {
            return Some("This cluster is the standby of a CDC pair: it is read-only while it remains a standby. Create the import on the primary; the standby gets it through replication.");
        }
        if message.contains("auto_commit=true import in replicating cluster") {
            return Some("This cluster replicates to a standby, so it takes only two-phase imports: send the option auto_commit=false, wait until both clusters say Uncommitted, then commit on the primary.");
        }
        if message.contains("in replicating cluster is not supported yet") {
            return Some("Imports are switched off on this replicating cluster: dataCoord.import.enableInReplicatingCluster is false (its default; refreshable, no restart; Milvus's guide turns it on on both clusters). The 2.6 line has no two-phase import and refuses every import on a replicating cluster.");
        }
        let about_files =
            ["file type", "accepts only one file", "inconsistency in file types", "import request is empty", "files", "file num"]
                .iter()
                .any(|words| message.contains(words));
        about_files.then_some(FILE_RULES)
    }

    /// The request the form describes, or what is missing.
    ///
    /// ```
    /// use milvus_import_monitor::state::CreateForm;
    /// let form = CreateForm { collection: "books".into(), files: "a.parquet\n1/id.npy, 1/vector.npy".into(),
    ///     options: "timeout=300s".into(), ..Default::default() };
    /// let request = form.request().unwrap();
    /// assert_eq!(request.files, vec![vec!["a.parquet".to_string()], vec!["1/id.npy".into(), "1/vector.npy".into()]]);
    /// assert_eq!(request.options, vec![("timeout".to_string(), "300s".to_string())]);
    /// ```
    pub fn request(&self) -> Result<CreateImport, String> {
        let collection = self.collection.trim();
        if collection.is_empty() {
            return Err("Enter the collection to import into.".into());
        }
        let files: Vec<Vec<String>> = self
            .files
            .lines()
            .map(|line| line.split([',', ' ', '\t']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect::<Vec<_>>())
            .filter(|group| !group.is_empty())
            .collect();
        if files.is_empty() {
            return Err("Enter at least one file: one file group per line.".into());
        }
        let mut options = Vec::new();
        for line in self.options.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (key, value) = line.split_once('=').ok_or_else(|| format!("Options are key=value, one per line: “{line}”."))?;
            options.push((key.trim().to_owned(), value.trim().to_owned()));
        }
        let auto_commit = options.iter().find(|(k, _)| k.eq_ignore_ascii_case("auto_commit")).map(|(_, v)| v.to_ascii_lowercase());
        match auto_commit.as_deref() {
            Some("false") | None if self.two_phase => options.retain(|(k, _)| !k.eq_ignore_ascii_case("auto_commit")),
            Some(_) if self.two_phase => {
                return Err("A CDC pair's primary takes only two-phase imports: remove auto_commit or set it to false.".into())
            }
            _ => {}
        }
        if self.two_phase {
            options.push(("auto_commit".to_owned(), "false".to_owned()));
        }
        let mut request = CreateImport::new(collection, files);
        request.partition_name = Some(self.partition.trim().to_owned()).filter(|p| !p.is_empty());
        request.options = options;
        request.idempotency_key = self.idempotency_key.clone();
        Ok(request)
    }
}
