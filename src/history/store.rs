//! Where the History tab's jobs are kept, and within what bounds, behind a seam as Ruffle keeps
//! its storage: a [`HistoryBackend`] (the browser's IndexedDB in the page, memory in native
//! tests) holds each kept job's text under its key, and the [`Catalogue`] (small, read at start)
//! says what is kept: each job's server, collection, final state, when it was saved and how
//! many bytes it takes. How much is kept is visible (count and bytes) and bounded; the oldest go
//! first, at the bounds and when the browser's storage is full; a server's history, or all of
//! it, can be forgotten. Pure but for the backend's calls; never a token.

use serde::{Deserialize, Serialize};

/// One kept job, as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `history::kept_key` of its endpoint and job ID.
    pub key: String,
    pub endpoint: String,
    pub job_id: String,
    pub collection: String,
    /// Its state when saved ("Completed", "Failed", …).
    pub state: String,
    pub saved_at_ms: f64,
    /// The stored text's length.
    pub bytes: usize,
    /// The batch it was watched in (`history::batch_key`), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    /// Its figures (for trends and comparisons), when its copy could be read as a load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<crate::history::loads::Load>,
}

/// How a batch is picked to compare, beside job keys.
pub const BATCH_PICK: &str = "batch: ";

impl Entry {
    /// The pick that stands for its batch, if it was watched in one.
    pub fn batch_pick(&self) -> Option<String> {
        self.batch.as_ref().map(|batch| format!("{BATCH_PICK}{batch}"))
    }

    /// The catalogue's line for a kept job stored as `bytes` of text (`None`: its key does not
    /// name its job).
    pub fn of(kept: &crate::history::KeptJob, bytes: usize) -> Option<Entry> {
        let endpoint = kept.key.strip_suffix(&format!(" {}", kept.job.job_id))?;
        Some(Entry {
            key: kept.key.clone(),
            endpoint: endpoint.to_owned(),
            job_id: kept.job.job_id.clone(),
            collection: kept.job.collection_name.clone(),
            state: kept.job.state.to_string(),
            saved_at_ms: kept.saved_at_ms,
            bytes,
            batch: kept.batch.clone(),
            load: Some(crate::history::loads::Load::of(endpoint, &kept.job, kept.timeline.as_ref())),
        })
    }
}

/// How much history is kept at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub max_jobs: usize,
    pub max_bytes: usize,
}

/// 500 jobs, 256 MB: 200 jobs of 1,024 file groups with their timelines (about 40 MB) fit with
/// room to spare; browsers grant IndexedDB far more than local storage's few MB.
pub const DEFAULT_BOUNDS: Bounds = Bounds { max_jobs: 500, max_bytes: 256 * 1024 * 1024 };

/// What is kept, oldest saved first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Catalogue {
    pub entries: Vec<Entry>,
}

impl Catalogue {
    /// Jobs and bytes kept.
    pub fn totals(&self) -> (usize, usize) {
        (self.entries.len(), self.entries.iter().map(|e| e.bytes).sum())
    }

    /// After keeping `entry` (it replaces an entry with its key, in order of saving): the keys
    /// to delete, the oldest first, until the catalogue is within `bounds`. The entry just kept
    /// is never one of them, even when it alone is over the bounds.
    ///
    /// ```
    /// use milvus_import_monitor::history::store::{Bounds, Catalogue, Entry};
    /// let entry = |key: &str, bytes| Entry { key: key.into(), endpoint: "http://m".into(), job_id: key.into(),
    ///     collection: "books".into(), state: "Completed".into(), saved_at_ms: 0.0, bytes, batch: None, load: None };
    /// let mut catalogue = Catalogue::default();
    /// let bounds = Bounds { max_jobs: 2, max_bytes: 100 };
    /// assert!(catalogue.keep(entry("a", 40), bounds).is_empty());
    /// assert!(catalogue.keep(entry("b", 40), bounds).is_empty());
    /// assert_eq!(catalogue.keep(entry("c", 40), bounds), ["a"], "two jobs at most: the oldest goes");
    /// assert_eq!(catalogue.keep(entry("d", 90), bounds), ["b", "c"], "100 bytes at most");
    /// ```
    pub fn keep(&mut self, entry: Entry, bounds: Bounds) -> Vec<String> {
        self.entries.retain(|e| e.key != entry.key);
        let kept = entry.key.clone();
        // In order of saving: a job kept now goes last; an older copy (from a file) goes where
        // its time puts it, and is among the first to go.
        let at = self.entries.iter().rposition(|e| e.saved_at_ms <= entry.saved_at_ms).map_or(0, |i| i + 1);
        self.entries.insert(at, entry);
        let mut evicted = Vec::new();
        loop {
            let (jobs, bytes) = self.totals();
            if (jobs <= bounds.max_jobs && bytes <= bounds.max_bytes) || jobs <= 1 {
                break;
            }
            match self.evict_oldest(&kept) {
                Some(key) => evicted.push(key),
                None => break,
            }
        }
        evicted
    }

    /// Removes the oldest entry other than `except` (the browser's storage is full): its key.
    pub fn evict_oldest(&mut self, except: &str) -> Option<String> {
        let at = self.entries.iter().position(|e| e.key != except)?;
        Some(self.entries.remove(at).key)
    }

    /// Forgets one server's jobs: their keys.
    pub fn forget_server(&mut self, endpoint: &str) -> Vec<String> {
        let (gone, kept): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut self.entries).into_iter().partition(|e| e.endpoint == endpoint);
        self.entries = kept;
        gone.into_iter().map(|e| e.key).collect()
    }

    /// Forgets everything: every key.
    pub fn forget_all(&mut self) -> Vec<String> {
        std::mem::take(&mut self.entries).into_iter().map(|e| e.key).collect()
    }

    /// The servers kept, in order of first keeping.
    pub fn servers(&self) -> Vec<&str> {
        let mut servers: Vec<&str> = Vec::new();
        for entry in &self.entries {
            if !servers.contains(&entry.endpoint.as_str()) {
                servers.push(&entry.endpoint);
            }
        }
        servers
    }

    /// The batches kept (their `history::batch_key`s), newest saved first, with their entries
    /// a filter shows (a batch none of whose jobs is shown is left out).
    pub fn batches(&self, filter: &Filter) -> Vec<(&str, Vec<&Entry>)> {
        let mut batches: Vec<(&str, Vec<&Entry>)> = Vec::new();
        for entry in self.rows(filter) {
            let Some(batch) = entry.batch.as_deref() else { continue };
            match batches.iter_mut().find(|(key, _)| *key == batch) {
                Some((_, entries)) => entries.push(entry),
                None => batches.push((batch, vec![entry])),
            }
        }
        batches
    }

    /// The load a pick stands for: a job's, or its batch's jobs' as one.
    pub fn picked_load(&self, pick: &str) -> Option<crate::history::loads::Load> {
        match pick.strip_prefix(BATCH_PICK) {
            Some(batch) => {
                let loads: Vec<&crate::history::loads::Load> =
                    self.entries.iter().filter(|e| e.batch.as_deref() == Some(batch)).filter_map(|e| e.load.as_ref()).collect();
                crate::history::loads::Load::of_batch(&format!("{}{batch}", crate::history::loads::BATCH_LABEL), &loads)
            }
            None => self.entries.iter().find(|e| e.key == pick)?.load.clone(),
        }
    }

    /// The entries a filter shows, newest first.
    pub fn rows(&self, filter: &Filter) -> Vec<&Entry> {
        self.entries.iter().rev().filter(|e| filter.shows(e)).collect()
    }
}

/// What the History tab shows: by server, collection and final state, and a search by ID.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub server: Option<String>,
    pub collection: Option<String>,
    pub state: Option<String>,
    /// Part of a job ID.
    pub search: String,
}

impl Filter {
    pub fn shows(&self, entry: &Entry) -> bool {
        let is = |wanted: &Option<String>, value: &str| wanted.as_deref().is_none_or(|w| w == value);
        is(&self.server, &entry.endpoint)
            && is(&self.collection, &entry.collection)
            && is(&self.state, &entry.state)
            && entry.job_id.contains(self.search.trim())
    }
}

/// Why the backend did not keep a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutError {
    /// The browser's storage is full: older jobs may make room.
    Full,
    /// Anything else (the database closed, blocked, refused): deleting history would not help.
    Failed(String),
}

/// Where kept jobs' texts are: IndexedDB in the page, memory in native tests.
#[allow(async_fn_in_trait)] // used through generics, never as a trait object
pub trait HistoryBackend {
    async fn put(&self, key: &str, text: &str) -> Result<(), PutError>;
    async fn get(&self, key: &str) -> Option<String>;
    async fn delete(&self, key: &str);
}

/// Keeps one job's text: within the bounds, and when the backend is full, the oldest jobs are
/// deleted one by one until it fits (or nothing else is left to delete: then it is not kept);
/// any other failure deletes nothing more. Returns the keys deleted, and whether it was kept.
pub async fn keep<B: HistoryBackend>(
    backend: &B,
    catalogue: &mut Catalogue,
    entry: Entry,
    text: &str,
    bounds: Bounds,
) -> (Vec<String>, bool) {
    let key = entry.key.clone();
    let mut deleted = catalogue.keep(entry, bounds);
    for old in &deleted {
        backend.delete(old).await;
    }
    loop {
        match backend.put(&key, text).await {
            Ok(()) => return (deleted, true),
            Err(PutError::Failed(_)) => {
                catalogue.entries.retain(|e| e.key != key);
                return (deleted, false);
            }
            Err(PutError::Full) => match catalogue.evict_oldest(&key) {
                Some(old) => {
                    backend.delete(&old).await;
                    deleted.push(old);
                }
                None => {
                    catalogue.entries.retain(|e| e.key != key);
                    return (deleted, false);
                }
            },
        }
    }
}

/// Where the catalogue itself is kept in the backend: no job's key (those start with a server's
/// address) can be this.
pub const CATALOGUE_KEY: &str = "#catalogue";

/// The catalogue as kept (none, or unreadable: empty).
pub async fn load_catalogue<B: HistoryBackend>(backend: &B) -> Catalogue {
    backend.get(CATALOGUE_KEY).await.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

/// Keeps the catalogue (it is small: a line per job).
pub async fn save_catalogue<B: HistoryBackend>(backend: &B, catalogue: &Catalogue) -> Result<(), PutError> {
    backend.put(CATALOGUE_KEY, &serde_json::to_string(catalogue).unwrap_or_default()).await
}

/// Moves the copies kept in local storage (`history`, before the History tab; or by a page of
/// that version still open in another tab) into the backend: each kept within the bounds,
/// oldest first so the newest stay newest, never over a newer copy kept here, then gone from
/// local storage. Returns how many were kept.
pub async fn move_from_local<B: HistoryBackend>(
    local: &impl crate::storage::Storage,
    backend: &B,
    catalogue: &mut Catalogue,
    bounds: Bounds,
) -> usize {
    let mut moved = 0;
    for kept in crate::history::take_all(local) {
        let text = serde_json::to_string(&kept).unwrap_or_default();
        let Some(entry) = Entry::of(&kept, text.len()) else { continue };
        let newer_here = catalogue.entries.iter().any(|e| e.key == entry.key && e.saved_at_ms >= entry.saved_at_ms);
        if !newer_here && keep(backend, catalogue, entry, &text, bounds).await.1 {
            moved += 1;
        }
    }
    moved
}

/// A backend in memory with a quota in bytes (keys and texts), for native tests.
#[derive(Debug, Default)]
pub struct MemoryBackend {
    items: std::cell::RefCell<std::collections::BTreeMap<String, String>>,
    quota: Option<usize>,
}

impl MemoryBackend {
    pub fn with_quota(bytes: usize) -> MemoryBackend {
        MemoryBackend { items: Default::default(), quota: Some(bytes) }
    }

    pub fn keys(&self) -> Vec<String> {
        self.items.borrow().keys().cloned().collect()
    }

    pub fn used(&self) -> usize {
        self.items.borrow().iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl HistoryBackend for MemoryBackend {
    async fn put(&self, key: &str, text: &str) -> Result<(), PutError> {
        let replaced = self.items.borrow().get(key).map_or(0, |old| key.len() + old.len());
        if self.quota.is_some_and(|quota| self.used() - replaced + key.len() + text.len() > quota) {
            return Err(PutError::Full);
        }
        self.items.borrow_mut().insert(key.to_owned(), text.to_owned());
        Ok(())
    }

    async fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }

    async fn delete(&self, key: &str) {
        self.items.borrow_mut().remove(key);
    }
}
