//! The kept settings read and written by `flat_json` as serde_json read and wrote them before
//! (the saved connections and the log link, issue 35): the same values from the same stored
//! text, valid, hand-edited or broken, and the same text written. One difference, on purpose:
//! a derived serde reader also takes a struct written as an array of its fields in order, which
//! no version of the page wrote; such an entry is dropped.

use milvus_import_monitor::connections::{self, SavedConnection, CONNECTIONS_KEY};
use milvus_import_monitor::flat_json;
use milvus_import_monitor::loglink::{LogSetting, LOG_LINK_KEY};
use milvus_import_monitor::storage::{MemoryStorage, Storage};
use serde::{Deserialize, Serialize};

/// The types as they were derived before, the reference for reading and writing.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedConnection {
    name: String,
    endpoint: String,
    #[serde(default)]
    db_name: String,
    #[serde(default)]
    cluster_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
struct DerivedLogSetting {
    preset: String,
    base: String,
    template: String,
}

fn derived_connections(text: &str) -> Vec<SavedConnection> {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) else { return Vec::new() };
    values
        .into_iter()
        .filter_map(|v| serde_json::from_value::<DerivedConnection>(v).ok())
        .filter(|c| !c.name.trim().is_empty())
        .map(|c| SavedConnection { name: c.name, endpoint: c.endpoint, db_name: c.db_name, cluster_id: c.cluster_id, token: c.token })
        .collect()
}

fn derived_log(text: &str) -> LogSetting {
    let d: DerivedLogSetting = serde_json::from_str(text).unwrap_or_default();
    LogSetting { preset: d.preset, base: d.base, template: d.template }
}

/// Stored texts as a user, an older page or a broken write may leave them.
const CONNECTION_TEXTS: &[&str] = &[
    r#"[]"#,
    r#"[{"name":"prod","endpoint":"https://p:19530"}]"#,
    r#"[{"name":"prod","endpoint":"https://p","dbName":"db1","clusterId":"in01-x","token":"root:Milvus"}]"#,
    r#" [ { "name" : "a" , "endpoint" : "e" , "token" : null } ] "#,
    r#"[{"name": 7}, {"name": "ok", "endpoint": "http://o"}, "x"]"#,
    r#"[{"name":"a","endpoint":"e","dbName":null}]"#,
    r#"[{"name":"a","endpoint":"e","token":5}]"#,
    r#"[{"name":"a","endpoint":"e","extra":{"deep":[1,2,{"x":null}]},"n":-1.5e+3,"t":true,"f":false}]"#,
    r#"[{"name":"a","name":"b","endpoint":"e"}]"#,
    r#"[{"name":"   ","endpoint":"e"}]"#,
    r#"[{"endpoint":"e"}]"#,
    r#"[{"name":"q\"uote\\back\/slash\n\t\u00e9\ud83d\ude00","endpoint":"e"}]"#,
    r#"[{"name":"lone","endpoint":"\ud83d"}]"#,
    r#"[{"name":"bad escape","endpoint":"\x"}]"#,
    r#"[{"name":"a","endpoint":"e"}"#,
    r#"[{"name":"a","endpoint":"e"}] trailing"#,
    r#"[{"name":"a","endpoint":"e",}]"#,
    r#"[{"name":"a","endpoint":"e","n":01}]"#,
    r#"[{"name":"a","endpoint":"e","n":1.}]"#,
    r#"[{"name":"a","endpoint":"e","n":-}]"#,
    "[{\"name\":\"raw\ttab\",\"endpoint\":\"e\"}]",
    r#"{"name":"a","endpoint":"e"}"#,
    r#"null"#,
    r#""#,
    r#"[{"name":"ünïcødé 名前","endpoint":"https://例え.jp"}]"#,
];

#[test]
fn connections_read_as_serde_json_read_them() {
    let deep = format!("[{{\"name\":\"a\",\"endpoint\":\"e\",\"x\":{}1{}}}]", "[".repeat(200), "]".repeat(200));
    let shallow = format!("[{{\"name\":\"a\",\"endpoint\":\"e\",\"x\":{}1{}}}]", "[".repeat(20), "]".repeat(20));
    for text in CONNECTION_TEXTS.iter().copied().chain([deep.as_str(), shallow.as_str()]) {
        let store = MemoryStorage::default();
        store.set(CONNECTIONS_KEY, text).unwrap();
        assert_eq!(connections::load(&store), derived_connections(text), "{text}");
    }
}

#[test]
fn the_corpus_has_both_kinds() {
    // So that the comparison above is not of empty lists only.
    let read: usize = CONNECTION_TEXTS.iter().map(|t| derived_connections(t).len()).sum();
    let dropped = CONNECTION_TEXTS.iter().filter(|t| derived_connections(t).is_empty()).count();
    assert!(read >= 8 && dropped >= 10, "{read} read, {dropped} texts with none");
}

#[test]
fn log_link_read_as_serde_json_read_it() {
    let texts = [
        r#"{"preset":"Kibana Discover","base":"https://kibana.example.com","template":"https://k/?q={jobId}"}"#,
        r#"{"template":"https://logs/?q={jobId}&from={fromMs}"}"#,
        r#"{}"#,
        r#"{"preset":null}"#,
        r#"{"preset":1,"template":"t"}"#,
        r#"{"template":"a","template":"b"}"#,
        r#"{"template":"t","unknown":[{"x":1}]}"#,
        r#"{"template":"t""#,
        r#"{"template":"caf\u00e9 \"q\""}"#,
    ];
    for text in texts {
        let store = MemoryStorage::default();
        store.set(LOG_LINK_KEY, text).unwrap();
        assert_eq!(LogSetting::load(&store), derived_log(text), "{text}");
    }
}

#[test]
fn a_struct_written_as_an_array_is_not_read() {
    let store = MemoryStorage::default();
    store.set(LOG_LINK_KEY, r#"["Kibana Discover","https://k","https://k/?q={jobId}"]"#).unwrap();
    assert_eq!(LogSetting::load(&store), LogSetting::default());
    store.set(CONNECTIONS_KEY, r#"[["prod","https://p"],{"name":"ok","endpoint":"e"}]"#).unwrap();
    assert_eq!(connections::load(&store), [SavedConnection { name: "ok".into(), endpoint: "e".into(), ..Default::default() }]);
}

#[test]
fn written_as_serde_json_wrote_them() {
    let awkward = "q\"uote\\back/slash\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} é 😀";
    let list = [
        SavedConnection { name: awkward.into(), endpoint: "https://p".into(), ..Default::default() },
        SavedConnection {
            name: "b".into(),
            endpoint: awkward.into(),
            db_name: "d".into(),
            cluster_id: "c".into(),
            token: Some(awkward.into()),
        },
    ];
    let store = MemoryStorage::default();
    connections::save(&store, &list);
    let derived: Vec<DerivedConnection> = list
        .iter()
        .map(|c| DerivedConnection {
            name: c.name.clone(),
            endpoint: c.endpoint.clone(),
            db_name: c.db_name.clone(),
            cluster_id: c.cluster_id.clone(),
            token: c.token.clone(),
        })
        .collect();
    let written = store.get(CONNECTIONS_KEY).unwrap();
    assert_eq!(written, serde_json::to_string(&derived).unwrap());
    assert_eq!(connections::load(&store), list, "read back");

    let log = LogSetting { preset: awkward.into(), base: "b".into(), template: "https://l/?q={jobId}".into() };
    log.save(&store);
    let derived = DerivedLogSetting { preset: log.preset.clone(), base: log.base.clone(), template: log.template.clone() };
    assert_eq!(store.get(LOG_LINK_KEY).unwrap(), serde_json::to_string(&derived).unwrap());
    assert_eq!(LogSetting::load(&store), log, "read back");
}

#[test]
fn valid_json_as_serde_json_decides() {
    let texts = [
        "0",
        "-0",
        "01",
        "1.5",
        "1e5",
        "1E+5",
        "1e",
        "-",
        "+1",
        ".5",
        "true",
        "tru",
        "null",
        "nul",
        "\"\"",
        "\"a",
        "\"\\u12\"",
        "\"\\uD83D\\uDE00\"",
        "\"\\uDE00\"",
        "\"\\uD83Dx\"",
        "[]",
        "[,]",
        "[1,]",
        "[1 2]",
        "{}",
        "{\"a\"}",
        "{\"a\":}",
        "{a:1}",
        "{\"a\":1,}",
        " [ 1 , { \"b\" : [ ] } ] ",
        "[1]x",
        "\u{a0}1",
        "\"\t\"",
        "\"\u{7f}\"",
        "[[[[[[[[[[1]]]]]]]]]]",
    ];
    for text in texts {
        let serde_reads = serde_json::from_str::<serde_json::Value>(text).is_ok();
        assert_eq!(flat_json::read(text).is_some(), serde_reads, "{text:?}");
    }
}
