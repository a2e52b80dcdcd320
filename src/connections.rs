//! Named connections kept in this browser: a name, an endpoint, a database and a cluster, and
//! the token only when the user ticked "Remember on this device". One key of any `Storage`,
//! read leniently (a hand-edited or older value is dropped, never a crash).

use crate::storage::Storage;
use serde::{Deserialize, Serialize};

/// Where the list is kept.
pub const CONNECTIONS_KEY: &str = "milvus-import-monitor.connections";
/// At most this many are kept; the oldest named go first.
pub const MAX_CONNECTIONS: usize = 20;

/// One named connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SavedConnection {
    pub name: String,
    pub endpoint: String,
    #[serde(default)]
    pub db_name: String,
    #[serde(default)]
    pub cluster_id: String,
    /// Only when the user asked for it to be remembered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// The connections kept in `storage` (none when absent or unreadable).
///
/// ```
/// use milvus_import_monitor::connections::{load, save, SavedConnection};
/// use milvus_import_monitor::storage::MemoryStorage;
/// let store = MemoryStorage::default();
/// let staging = SavedConnection { name: "staging".into(), endpoint: "http://s:19530".into(), ..Default::default() };
/// save(&store, &[staging.clone()]);
/// assert_eq!(load(&store), [staging]);
/// ```
pub fn load(storage: &dyn Storage) -> Vec<SavedConnection> {
    let Some(text) = storage.get(CONNECTIONS_KEY) else { return Vec::new() };
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(&text) else { return Vec::new() };
    // Each entry read alone: one bad entry does not cost the others.
    values.into_iter().filter_map(|v| serde_json::from_value::<SavedConnection>(v).ok()).filter(|c| !c.name.trim().is_empty()).collect()
}

/// Keeps `connections` (a full store keeps what it had).
pub fn save(storage: &dyn Storage, connections: &[SavedConnection]) {
    if let Ok(text) = serde_json::to_string(connections) {
        let _ = storage.set(CONNECTIONS_KEY, &text);
    }
}

/// `saved` with `named` added or replaced by name (newest last, at most [`MAX_CONNECTIONS`]);
/// each token kept only when `remember`, and a remembered token is dropped when not.
///
/// ```
/// use milvus_import_monitor::connections::{merged, SavedConnection};
/// let named = |token: &str| SavedConnection { name: "prod".into(), endpoint: "https://p".into(), token: Some(token.into()), ..Default::default() };
/// let kept = merged(&[], &[named("root:Milvus")], false);
/// assert_eq!(kept[0].token, None, "never the token unless remembered");
/// assert_eq!(merged(&kept, &[named("root:Milvus")], true)[0].token.as_deref(), Some("root:Milvus"));
/// ```
pub fn merged(saved: &[SavedConnection], named: &[SavedConnection], remember: bool) -> Vec<SavedConnection> {
    let mut list: Vec<SavedConnection> = saved.to_vec();
    for connection in named.iter().filter(|c| !c.name.trim().is_empty() && !c.endpoint.trim().is_empty()) {
        list.retain(|c| c.name != connection.name);
        let token = connection.token.clone().filter(|t| remember && !t.is_empty());
        list.push(SavedConnection { name: connection.name.trim().to_owned(), token, ..connection.clone() });
    }
    let extra = list.len().saturating_sub(MAX_CONNECTIONS);
    list.drain(..extra);
    list
}
