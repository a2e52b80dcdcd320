//! What the page does with its history, over any [`HistoryBackend`]: opened (the catalogue
//! read, today's local-storage copies moved over once), a watched job kept as it moves (its
//! timeline kept when a batch's copy brings none), a kept copy read back, a server's or all
//! history forgotten, the whole exported as a file and a file imported. One keeper per page,
//! used by one task at a time (the hooks queue their calls): each call leaves the catalogue
//! saved.

use crate::history::file::{self, FileProblem, Imported};
use crate::history::store::{keep, load_catalogue, move_from_local, save_catalogue, Bounds, Catalogue, Entry, HistoryBackend};
use crate::history::{kept_copy, kept_key, read_one, KeptJob};
use crate::model::ImportJob;
use crate::timeline::Timeline;

/// The page's history.
pub struct HistoryKeeper<B: HistoryBackend> {
    backend: B,
    pub catalogue: Catalogue,
    bounds: Bounds,
}

impl<B: HistoryBackend> HistoryKeeper<B> {
    /// Opens the history: the catalogue as kept, with `local`'s copies moved over once.
    pub async fn open(backend: B, local: Option<&impl crate::storage::Storage>, bounds: Bounds) -> HistoryKeeper<B> {
        let catalogue = load_catalogue(&backend).await;
        let mut keeper = HistoryKeeper { backend, catalogue, bounds };
        keeper.take_local(local).await;
        keeper
    }

    /// Moves whatever local storage holds in the old way (a page of the earlier version may
    /// still be open in another tab); how many copies came. Reads two keys when there is none.
    pub async fn take_local(&mut self, local: Option<&impl crate::storage::Storage>) -> usize {
        let moved = match local {
            Some(local) => move_from_local(local, &self.backend, &mut self.catalogue, self.bounds).await,
            None => 0,
        };
        if moved > 0 {
            self.save().await;
        }
        moved
    }

    async fn save(&self) {
        // A catalogue that cannot be saved is rebuilt from nothing next time: the jobs stay
        // readable by their keys, and are listed again as they are kept again.
        let _ = save_catalogue(&self.backend, &self.catalogue).await;
    }

    /// Keeps a job's copy (`timeline`: what this page recorded; `None` keeps the one kept
    /// before; `batch`: the batch it is watched in, `None` keeping the one it was in). Returns
    /// whether it was kept.
    pub async fn keep_job(
        &mut self,
        endpoint: &str,
        job: &ImportJob,
        saved_at_ms: f64,
        timeline: Option<&Timeline>,
        batch: Option<&str>,
    ) -> bool {
        let before = match timeline {
            Some(_) => None,
            None => self.kept(endpoint, &job.job_id).await,
        };
        let mut copy = kept_copy(before, endpoint, job, saved_at_ms, timeline);
        // From the catalogue (no read): a job opened from its batch stays in it.
        copy.batch =
            batch.map(str::to_owned).or_else(|| self.catalogue.entries.iter().find(|e| e.key == copy.key).and_then(|e| e.batch.clone()));
        let kept = self.keep_copy(&copy).await;
        self.save().await;
        kept
    }

    async fn keep_copy(&mut self, copy: &KeptJob) -> bool {
        let text = serde_json::to_string(copy).unwrap_or_default();
        let Some(entry) = Entry::of(copy, text.len()) else { return false };
        keep(&self.backend, &mut self.catalogue, entry, &text, self.bounds).await.1
    }

    /// A job's kept copy, if any.
    pub async fn kept(&self, endpoint: &str, job_id: &str) -> Option<KeptJob> {
        read_one(&self.backend.get(&kept_key(endpoint, job_id)).await?)
    }

    /// Forgets one server's jobs (`None`: every job); how many went.
    pub async fn forget(&mut self, server: Option<&str>) -> usize {
        let keys = match server {
            Some(server) => self.catalogue.forget_server(server),
            None => self.catalogue.forget_all(),
        };
        for key in &keys {
            self.backend.delete(key).await;
        }
        self.save().await;
        keys.len()
    }

    /// Every kept job as a history file (the catalogue's order: oldest first).
    pub async fn export(&self, exported_at: &str) -> String {
        let mut jobs = Vec::with_capacity(self.catalogue.entries.len());
        for entry in &self.catalogue.entries {
            if let Some(kept) = self.backend.get(&entry.key).await.and_then(|text| read_one(&text)) {
                jobs.push(kept);
            }
        }
        file::write(&jobs, exported_at)
    }

    /// Imports a history file: each valid job kept (a job kept here already is replaced only by
    /// a newer copy). Returns what was read, with how many were kept.
    pub async fn import(&mut self, text: &str) -> Result<(Imported, usize), FileProblem> {
        let imported = file::read(text)?;
        let mut added = 0;
        for copy in &imported.jobs {
            let newer = self.catalogue.entries.iter().find(|e| e.key == copy.key).is_none_or(|e| e.saved_at_ms < copy.saved_at_ms);
            if newer && self.keep_copy(copy).await {
                added += 1;
            }
        }
        self.save().await;
        Ok((imported, added))
    }
}
