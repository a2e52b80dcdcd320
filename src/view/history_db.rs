//! The History tab's backend in the browser: IndexedDB, through a kept wrapper (`rexie`) rather
//! than hand-written bindings. One database, one object store of kept jobs' texts under their
//! keys (`history::kept_key`); the catalogue says what is there (`history::store`). Local
//! storage holds a few MB: about 25 jobs of 1,024 file groups with their timelines; IndexedDB
//! holds hundreds.

use crate::history::store::{HistoryBackend, PutError};
use rexie::{ObjectStore, Rexie, TransactionMode, TransactionResult};
use wasm_bindgen::JsValue;

/// The database's name in this origin.
pub const DATABASE: &str = "milvus-import-monitor";
const JOBS: &str = "jobs";

/// Kept jobs in IndexedDB.
pub struct IndexedDbBackend {
    db: Rexie,
}

impl IndexedDbBackend {
    /// Opens (or creates) the database; why not, when the browser refuses (private modes may).
    pub async fn open() -> Result<IndexedDbBackend, String> {
        let db = Rexie::builder(DATABASE).version(1).add_object_store(ObjectStore::new(JOBS)).build().await.map_err(|e| said(&e))?;
        Ok(IndexedDbBackend { db })
    }

    /// Every key kept, to check the catalogue against.
    pub async fn keys(&self) -> Result<Vec<String>, String> {
        let transaction = self.db.transaction(&[JOBS], TransactionMode::ReadOnly).map_err(|e| said(&e))?;
        let store = transaction.store(JOBS).map_err(|e| said(&e))?;
        let keys = store.get_all_keys(None, None).await.map_err(|e| said(&e))?;
        Ok(keys.iter().filter_map(JsValue::as_string).collect())
    }

    /// Closes the database (another tab's upgrade or a delete waits for every connection).
    pub fn close(self) {
        self.db.close();
    }
}

/// What went wrong, as the browser said it (rexie's own text for its IndexedDB errors is only
/// "idb error"; the error inside names the browser's exception).
fn said(error: &rexie::Error) -> String {
    match error {
        rexie::Error::IdbError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

/// A storage quota is what IndexedDB reports as `QuotaExceededError`.
fn is_quota(error: &rexie::Error) -> bool {
    said(error).contains("QuotaExceeded")
}

impl HistoryBackend for IndexedDbBackend {
    async fn put(&self, key: &str, text: &str) -> Result<(), PutError> {
        let failed = |e: rexie::Error| if is_quota(&e) { PutError::Full } else { PutError::Failed(said(&e)) };
        let transaction = self.db.transaction(&[JOBS], TransactionMode::ReadWrite).map_err(failed)?;
        let store = transaction.store(JOBS).map_err(failed)?;
        store.put(&JsValue::from_str(text), Some(&JsValue::from_str(key))).await.map_err(failed)?;
        match transaction.done().await.map_err(failed)? {
            TransactionResult::Committed => Ok(()),
            // A put the store accepted is aborted at commit when the origin's quota is used up.
            TransactionResult::Aborted => Err(PutError::Full),
        }
    }

    async fn get(&self, key: &str) -> Option<String> {
        let transaction = self.db.transaction(&[JOBS], TransactionMode::ReadOnly).ok()?;
        let store = transaction.store(JOBS).ok()?;
        store.get(JsValue::from_str(key)).await.ok().flatten()?.as_string()
    }

    async fn delete(&self, key: &str) {
        let Ok(transaction) = self.db.transaction(&[JOBS], TransactionMode::ReadWrite) else { return };
        if let Ok(store) = transaction.store(JOBS) {
            let _ = store.delete(JsValue::from_str(key)).await;
        }
        let _ = transaction.done().await;
    }
}
