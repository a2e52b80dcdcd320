//! A collection's schema as `collections/describe` answers it (readiness page, R7), read
//! leniently: what an import's files must match. Fields of every version; what a version does
//! not send (`nullable`, `defaultValue`, `isFunctionOutput` before 2.5) is read as absent.

use serde_json::Value;

/// One field of the collection (the dynamic `$meta` field and system fields are never listed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaField {
    pub name: String,
    /// The DataType name: `Int64`, `VarChar`, `FloatVector`, `SparseFloatVector`, …
    pub data_type: String,
    pub primary_key: bool,
    pub auto_id: bool,
    pub partition_key: bool,
    pub nullable: bool,
    /// A default value is set (2.5+).
    pub has_default: bool,
    /// A function's output (e.g. BM25's sparse field): never in import files.
    pub function_output: bool,
}

/// What an import into the collection must match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    pub collection: String,
    pub fields: Vec<SchemaField>,
    pub dynamic_field: bool,
    /// Output fields of the collection's functions (also marked on the fields from 2.5).
    pub function_outputs: Vec<String>,
}

impl Schema {
    /// The schema in a `collections/describe` answer's `data` (`None`: not an object with
    /// fields).
    ///
    /// ```
    /// use milvus_import_monitor::client::Schema;
    /// let data = serde_json::json!({"collectionName": "b", "enableDynamicField": true, "fields": [
    ///     {"name": "id", "type": "Int64", "primaryKey": true, "autoId": true},
    ///     {"name": "title", "type": "VarChar", "nullable": true, "defaultValue": {"Data": {"StringData": "n/a"}}}]});
    /// let schema = Schema::from_describe(&data).unwrap();
    /// assert!(schema.fields[0].auto_id && schema.fields[1].has_default && schema.dynamic_field);
    /// ```
    pub fn from_describe(data: &Value) -> Option<Schema> {
        let flag = |v: &Value, key: &str| v.get(key).and_then(Value::as_bool).unwrap_or(false);
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
        let fields = data.get("fields")?.as_array()?;
        let function_outputs: Vec<String> = data
            .get("functions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("outputFieldNames").and_then(Value::as_array))
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect();
        let fields = fields
            .iter()
            .map(|f| {
                let name = text(f, "name");
                SchemaField {
                    data_type: text(f, "type"),
                    primary_key: flag(f, "primaryKey"),
                    auto_id: flag(f, "autoId") || (flag(f, "primaryKey") && flag(data, "autoId")),
                    partition_key: flag(f, "partitionKey"),
                    nullable: flag(f, "nullable"),
                    has_default: f.get("defaultValue").is_some_and(|d| !d.is_null()),
                    function_output: flag(f, "isFunctionOutput") || function_outputs.contains(&name),
                    name,
                }
            })
            .collect();
        Some(Schema { collection: text(data, "collectionName"), fields, dynamic_field: flag(data, "enableDynamicField"), function_outputs })
    }

    /// The collection routes rows by a partition key (a partition name is then refused).
    pub fn has_partition_key(&self) -> bool {
        self.fields.iter().any(|f| f.partition_key)
    }
}
