//! Every readiness answer shape of the readiness page (R2–R8), decoded: per version, success
//! codes 0 and 200, the errors, and refusals as `Forbidden`.

use milvus_import_monitor::client::{
    decode_collection, decode_count, decode_index, decode_index_names, decode_load_state, decode_row_count,
};
use milvus_import_monitor::readiness::LoadState;

#[test]
fn index_lists_and_descriptions_of_each_line() {
    assert_eq!(decode_index_names(200, br#"{"code":0,"data":["vector","title"]}"#).unwrap(), ["vector", "title"]);
    assert_eq!(decode_index_names(200, br#"{"code":200,"data":[]}"#).unwrap(), Vec::<String>::new());
    let v24 = br#"{"code":0,"data":[{"failReason":"","fieldName":"vector","indexName":"vector","indexState":"Finished","indexType":"HNSW","indexedRows":980000,"metricType":"COSINE","pendingRows":500000,"totalRows":1480000}]}"#;
    let v26 = br#"{"code":0,"data":[{"failReason":"","fieldName":"vector","indexName":"vector","indexParams":[{"key":"index_type","value":"HNSW"},{"key":"metric_type","value":"COSINE"},{"key":"M","value":"16"}],"indexState":"Finished","indexType":"HNSW","indexedRows":980000,"indexoffsetcache.enabled":"","maxIndexVersion":6,"metricType":"COSINE","minIndexVersion":6,"mmap.enabled":"","pendingRows":500000,"totalRows":1480000,"warmup":""}]}"#;
    for body in [&v24[..], &v26[..]] {
        let counts = decode_index(200, body).unwrap();
        assert_eq!((counts.total_rows, counts.indexed_rows, counts.pending_rows), (1_480_000, 980_000, 500_000));
        assert_eq!(counts.index_state, "Finished", "kept, but never trusted for imports");
        assert!(counts.is_vector());
    }
    // 2.4.0–2.4.2 answer with code 200; a scalar index has no metric.
    let scalar = br#"{"code":200,"data":[{"fieldName":"title","indexName":"title","indexState":"Finished","indexType":"INVERTED","indexedRows":"10","metricType":"","pendingRows":0,"totalRows":10}]}"#;
    let counts = decode_index(200, scalar).unwrap();
    assert!(!counts.is_vector());
    assert_eq!(counts.indexed_rows, 10, "a quoted number is read");
    let gone = decode_index(200, br#"{"code":700,"message":"index not found[indexName=vector]"}"#).unwrap_err();
    assert!(gone.to_string().contains("index not found"), "{gone}");
    assert_eq!(decode_index(200, br#"{"code":0,"data":[]}"#).unwrap_err().kind(), "malformed");
}

#[test]
fn load_states_stats_and_counts() {
    let loaded = br#"{"code":0,"data":{"loadProgress":100,"loadState":"LoadStateLoaded"},"message":""}"#;
    assert_eq!(decode_load_state(200, loaded).unwrap(), LoadState::Loaded);
    assert_eq!(decode_load_state(200, br#"{"code":0,"data":{"loadState":"LoadStateNotLoad"}}"#).unwrap(), LoadState::NotLoaded);
    let loading = br#"{"code":200,"data":{"loadProgress":42,"loadState":"LoadStateLoading"},"message":""}"#;
    assert_eq!(decode_load_state(200, loading).unwrap(), LoadState::Loading(Some(42)));
    // A failed progress call: a false "Loading" with −1, the progress unknown.
    let false_loading = br#"{"code":0,"data":{"loadProgress":-1,"loadState":"LoadStateLoading"},"message":"partition not loaded."}"#;
    assert_eq!(decode_load_state(200, false_loading).unwrap(), LoadState::Loading(None));
    assert_eq!(decode_row_count(200, br#"{"code":0,"data":{"rowCount":1480000}}"#).unwrap(), 1_480_000);
    assert_eq!(decode_count(200, br#"{"code":0,"data":[{"count(*)":3000000}]}"#).unwrap(), 3_000_000);
    let missing = decode_row_count(200, br#"{"code":100,"message":"collection not found[database=default][collection=nope]"}"#);
    assert!(missing.unwrap_err().to_string().contains("collection not found"));
}

#[test]
fn refusals_are_forbidden_not_failures() {
    let refused = br#"{"code":65535,"message":"rpc error: code = PermissionDenied desc = PrivilegeGetStatistics: permission deny to alice in the `default` database"}"#;
    assert_eq!(decode_row_count(403, refused).unwrap_err().kind(), "forbidden");
    assert_eq!(decode_load_state(403, refused).unwrap_err().kind(), "forbidden");
}

#[test]
fn collection_describe_gives_load_and_primary_key() {
    let body = br#"{"code":0,"data":{"aliases":[],"autoId":false,"collectionID":461829374610010001,"collectionName":"book_embeddings","fields":[{"autoId":false,"id":100,"name":"id","primaryKey":true,"type":"Int64"},{"id":101,"name":"vector","params":[{"key":"dim","value":"768"}],"primaryKey":false,"type":"FloatVector"}],"indexes":[],"load":"LoadStateLoaded","partitionsNum":1,"properties":[],"shardsNum":1},"message":""}"#;
    let facts = decode_collection(200, body).unwrap();
    assert_eq!(facts.load, Some(LoadState::Loaded));
    assert_eq!(facts.primary_key, Some(("id".to_owned(), "Int64".to_owned())));
    // An Import-only role: "load" is "" and the denial is in the message; not an error.
    let refused = br#"{"code":0,"data":{"fields":[{"name":"pk","primaryKey":true,"type":"VarChar"}],"load":""},"message":"rpc error: code = PermissionDenied desc = PrivilegeGetLoadState: permission deny to alice in the `default` database;"}"#;
    let facts = decode_collection(200, refused).unwrap();
    assert_eq!(facts.load, None);
    assert_eq!(facts.primary_key, Some(("pk".to_owned(), "VarChar".to_owned())));
}
