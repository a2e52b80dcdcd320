//! Named connections kept in this browser: a name, an endpoint, a database and a cluster, and
//! the token only when the user ticked "Remember on this device". One key of any `Storage`,
//! read leniently (a hand-edited or older value is dropped, never a crash). Read and written
//! by `flat_json`, as serde_json reads and writes such a list, without its code in the page's
//! first load.

use crate::flat_json::{self, Object, Value};
use crate::storage::Storage;

/// Where the list is kept.
pub const CONNECTIONS_KEY: &str = "milvus-import-monitor.connections";
/// At most this many are kept; the oldest named go first.
pub const MAX_CONNECTIONS: usize = 20;

/// One named connection.
/// Kept as `{"name", "endpoint", "dbName", "clusterId", "token"}`: the name and the endpoint
/// required, the database and the cluster empty when absent, the token only when remembered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedConnection {
    pub name: String,
    pub endpoint: String,
    pub db_name: String,
    pub cluster_id: String,
    /// Only when the user asked for it to be remembered.
    pub token: Option<String>,
}

impl SavedConnection {
    /// One kept entry; `None` when a field is missing or of another type.
    fn read(object: &Object) -> Option<SavedConnection> {
        let text = |name| object.text(name).ok();
        Some(SavedConnection {
            name: text("name")??.to_owned(),
            endpoint: text("endpoint")??.to_owned(),
            db_name: text("dbName")?.unwrap_or_default().to_owned(),
            cluster_id: text("clusterId")?.unwrap_or_default().to_owned(),
            token: object.nullable_text("token").ok()?.map(str::to_owned),
        })
    }

    fn write(&self) -> String {
        let mut fields =
            vec![("name", self.name.as_str()), ("endpoint", &self.endpoint), ("dbName", &self.db_name), ("clusterId", &self.cluster_id)];
        fields.extend(self.token.as_deref().map(|token| ("token", token)));
        flat_json::write_object(&fields)
    }
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
    let Some(Value::Array(values)) = storage.get(CONNECTIONS_KEY).as_deref().and_then(flat_json::read) else { return Vec::new() };
    // Each entry read alone: one bad entry does not cost the others.
    let objects = values.into_iter().filter_map(|v| if let Value::Object(o) = v { Some(o) } else { None });
    objects.filter_map(|o| SavedConnection::read(&o)).filter(|c| !c.name.trim().is_empty()).collect()
}

/// Keeps `connections` (a full store keeps what it had).
pub fn save(storage: &dyn Storage, connections: &[SavedConnection]) {
    let _ = storage.set(CONNECTIONS_KEY, &flat_json::write_array(connections.iter().map(SavedConnection::write)));
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
