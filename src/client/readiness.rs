//! Reading a collection's readiness: the requests of the readiness endpoints and their answers,
//! decoded leniently (numbers may come as strings; unknown keys ignored). Each answer shape of
//! the readiness page is tested natively in `tests/decode_readiness.rs`.

use super::decode::{bounded, code_error, http_error, malformed};
use super::request::{Operation, ReadinessCall};
use super::{Client, Transport};
use crate::error::ApiError;
use serde_json::Value;

/// One index's counts from `indexes/describe` (collection-wide: every partition, every flushed
/// segment; not the job's alone).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexCounts {
    pub index_name: String,
    pub field_name: String,
    /// `""` for a scalar index.
    pub metric_type: String,
    pub total_rows: u64,
    pub indexed_rows: u64,
    /// The honest measure of the work left: `indexState` stays `Finished` while an import's
    /// segments are indexed, and `indexed + pending` may exceed `total` after compactions.
    pub pending_rows: u64,
    pub index_state: String,
}

impl IndexCounts {
    /// Vector indexes carry a metric; scalar ones do not, and are not what searches wait for.
    pub fn is_vector(&self) -> bool {
        !self.metric_type.is_empty()
    }
}

/// `collections/get_load_state`, or `collections/describe`'s `load`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadState {
    NotLoaded,
    /// With its progress, when the server gave a real one.
    Loading(Option<u8>),
    Loaded,
}

/// The shared path of every readiness answer: the HTTP status, then the envelope's code (0, or
/// 200 on 2.4.0–2.4.2), then `data` read by `read`.
fn decode<T>(status: u16, body: &[u8], read: impl FnOnce(&Value) -> Option<T>) -> Result<T, ApiError> {
    if status != 200 {
        return Err(http_error(status, body, ""));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| malformed(status, body, &e))?;
    let code = number(key(&value, "code")).ok_or(ApiError::Malformed { status, detail: "no code".into() })?;
    let message = key(&value, "message").as_str().unwrap_or_default();
    let data = key(&value, "data");
    // Code 200 without data is an error on every version ("partition not found").
    let success = code == 0 || (code == 200 && !data.is_null());
    if !success {
        return Err(code_error(code as i64, bounded(message), ""));
    }
    read(data).ok_or_else(|| ApiError::Malformed { status, detail: "the answer's data has an unexpected shape".into() })
}

/// A member of an object, or `null` (as `value[name]` is, without the indexing).
fn key<'a>(value: &'a Value, name: &str) -> &'a Value {
    value.get(name).unwrap_or(&Value::Null)
}

/// A JSON number, or a string of digits (int64 values some servers quote).
fn number(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| value.as_i64().map(|n| n.max(0) as u64)).or_else(|| value.as_str()?.trim().parse().ok())
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// `indexes/list`: the index names (an empty list: the collection has no index).
///
/// ```
/// use milvus_import_monitor::client::decode_index_names;
/// assert_eq!(decode_index_names(200, br#"{"code":0,"data":["vector","title"]}"#).unwrap(), ["vector", "title"]);
/// ```
pub fn decode_index_names(status: u16, body: &[u8]) -> Result<Vec<String>, ApiError> {
    decode(status, body, |data| data.as_array().map(|names| names.iter().filter_map(Value::as_str).map(str::to_owned).collect()))
}

/// `indexes/describe`: the one index's counts (an array of one element).
pub fn decode_index(status: u16, body: &[u8]) -> Result<IndexCounts, ApiError> {
    decode(status, body, |data| {
        let index = data.as_array()?.first()?;
        Some(IndexCounts {
            index_name: text(key(index, "indexName")),
            field_name: text(key(index, "fieldName")),
            metric_type: text(key(index, "metricType")),
            total_rows: number(key(index, "totalRows"))?,
            indexed_rows: number(key(index, "indexedRows"))?,
            pending_rows: number(key(index, "pendingRows"))?,
            index_state: text(key(index, "indexState")),
        })
    })
}

/// `collections/get_load_state`. A progress of −1 with a message is a false "Loading": the
/// progress is unknown.
pub fn decode_load_state(status: u16, body: &[u8]) -> Result<LoadState, ApiError> {
    decode(status, body, |data| load_state(key(data, "loadState").as_str()?, key(data, "loadProgress").as_i64()))
}

fn load_state(name: &str, progress: Option<i64>) -> Option<LoadState> {
    match name {
        "LoadStateLoaded" => Some(LoadState::Loaded),
        "LoadStateNotLoad" => Some(LoadState::NotLoaded),
        "LoadStateLoading" => Some(LoadState::Loading(progress.and_then(|p| u8::try_from(p).ok()).filter(|p| *p <= 100))),
        _ => None,
    }
}

/// What `collections/describe` tells a monitor: the load state (`None` when its sub-call was
/// refused: `"load":""`) and the primary key's name and type.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionFacts {
    pub load: Option<LoadState>,
    pub primary_key: Option<(String, String)>,
}

/// `collections/describe`.
pub fn decode_collection(status: u16, body: &[u8]) -> Result<CollectionFacts, ApiError> {
    decode(status, body, |data| {
        let fields = key(data, "fields").as_array()?;
        let primary =
            fields.iter().find(|f| key(f, "primaryKey").as_bool() == Some(true)).map(|f| (text(key(f, "name")), text(key(f, "type"))));
        Some(CollectionFacts { load: key(data, "load").as_str().and_then(|name| load_state(name, None)), primary_key: primary })
    })
}

/// `collections/describe`'s schema (R7): `Ok(None)` when the collection does not exist (code
/// 100 on every version: "collection not found", "can't find collection").
///
/// ```
/// use milvus_import_monitor::client::decode_schema;
/// let missing = br#"{"code":100,"message":"collection not found[database=default][collection=nope]"}"#;
/// assert_eq!(decode_schema(200, missing).unwrap(), None);
/// let found = br#"{"code":0,"data":{"collectionName":"b","fields":[{"name":"id","type":"Int64","primaryKey":true}]}}"#;
/// assert_eq!(decode_schema(200, found).unwrap().unwrap().fields.len(), 1);
/// ```
pub fn decode_schema(status: u16, body: &[u8]) -> Result<Option<super::Schema>, ApiError> {
    match decode(status, body, super::Schema::from_describe) {
        Ok(schema) => Ok(Some(schema)),
        Err(ApiError::Milvus { code: 100, .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// `collections/get_stats`: rows stored.
pub fn decode_row_count(status: u16, body: &[u8]) -> Result<u64, ApiError> {
    decode(status, body, |data| number(key(data, "rowCount")))
}

/// A `count(*)` query: rows visible.
pub fn decode_count(status: u16, body: &[u8]) -> Result<u64, ApiError> {
    decode(status, body, |data| number(key(data.as_array()?.first()?, "count(*)")))
}

impl Client {
    async fn readiness<T: Transport, R>(
        &self,
        transport: &T,
        collection: &str,
        call: ReadinessCall<'_>,
        decode: fn(u16, &[u8]) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let response = self.send(transport, &Operation::Readiness { collection, call }).await?;
        self.read(decode(response.status, &response.body))
    }

    /// Every index's counts: `indexes/list`, then `indexes/describe` for each name (there is
    /// no "describe all"), or only for `known` names when the list was read before.
    pub async fn index_counts<T: Transport>(
        &self,
        transport: &T,
        collection: &str,
        known: Option<&[String]>,
    ) -> Result<Vec<IndexCounts>, ApiError> {
        let names = match known {
            Some(names) => names.to_vec(),
            None => self.readiness(transport, collection, ReadinessCall::IndexList, decode_index_names).await?,
        };
        let mut counts = Vec::with_capacity(names.len());
        for index in &names {
            counts.push(self.readiness(transport, collection, ReadinessCall::IndexDescribe { index }, decode_index).await?);
        }
        Ok(counts)
    }

    /// `collections/describe`: load state and primary key.
    pub async fn collection_facts<T: Transport>(&self, transport: &T, collection: &str) -> Result<CollectionFacts, ApiError> {
        self.readiness(transport, collection, ReadinessCall::CollectionDescribe, decode_collection).await
    }

    /// `collections/describe`: the schema an import must match (`None`: no such collection).
    pub async fn schema<T: Transport>(&self, transport: &T, collection: &str) -> Result<Option<super::Schema>, ApiError> {
        self.readiness(transport, collection, ReadinessCall::CollectionDescribe, decode_schema).await
    }

    /// `collections/get_load_state`.
    pub async fn load_state<T: Transport>(&self, transport: &T, collection: &str) -> Result<LoadState, ApiError> {
        self.readiness(transport, collection, ReadinessCall::LoadState, decode_load_state).await
    }

    /// `collections/get_stats`: rows stored.
    pub async fn rows_stored<T: Transport>(&self, transport: &T, collection: &str) -> Result<u64, ApiError> {
        self.readiness(transport, collection, ReadinessCall::Stats, decode_row_count).await
    }

    /// `count(*)`: rows visible.
    pub async fn rows_visible<T: Transport>(&self, transport: &T, collection: &str, filter: &str) -> Result<u64, ApiError> {
        self.readiness(transport, collection, ReadinessCall::Count { filter }, decode_count).await
    }
}
