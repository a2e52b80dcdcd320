//! Where the page keeps things in this browser, behind a small trait, as Ruffle keeps its
//! storage backends: the browser's local storage in the page (`view::browser::LocalStorage`),
//! and an in-memory store with a quota for native tests, so what is kept and what goes when
//! the store is full is tested without a browser.

use std::cell::RefCell;
use std::collections::BTreeMap;

/// A store of text under keys, as the Web Storage API has it (`&self`: it changes underneath).
pub trait Storage {
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`; `Err(StorageFull)` when it does not fit (the quota).
    fn set(&self, key: &str, value: &str) -> Result<(), StorageFull>;
    fn remove(&self, key: &str);
}

/// The store refused a value: its quota is used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageFull;

/// A store in memory, optionally with a quota in bytes (keys and values counted as UTF-8, as
/// browsers roughly count them).
///
/// ```
/// use milvus_import_monitor::storage::{MemoryStorage, Storage, StorageFull};
/// let store = MemoryStorage::with_quota(10);
/// assert_eq!(store.set("a", "12345"), Ok(()));
/// assert_eq!(store.set("b", "12345"), Err(StorageFull), "6 + 6 bytes is over 10");
/// assert_eq!(store.get("a").as_deref(), Some("12345"));
/// ```
#[derive(Debug, Default)]
pub struct MemoryStorage {
    items: RefCell<BTreeMap<String, String>>,
    quota: Option<usize>,
}

impl MemoryStorage {
    pub fn with_quota(bytes: usize) -> MemoryStorage {
        MemoryStorage { items: RefCell::default(), quota: Some(bytes) }
    }

    /// Every key, in order.
    pub fn keys(&self) -> Vec<String> {
        self.items.borrow().keys().cloned().collect()
    }

    /// Bytes used (keys and values).
    pub fn used(&self) -> usize {
        self.items.borrow().iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageFull> {
        let replaced = self.items.borrow().get(key).map_or(0, |old| key.len() + old.len());
        if self.quota.is_some_and(|quota| self.used() - replaced + key.len() + value.len() > quota) {
            return Err(StorageFull);
        }
        self.items.borrow_mut().insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) {
        self.items.borrow_mut().remove(key);
    }
}
