//! The decoder never panics, whatever arrives: arbitrary bytes, and real bodies mutated
//! (bytes flipped, cut off, spliced, values swapped for hostile ones). 100,000 cases in all.

use milvus_import_monitor::client::{decode_create, decode_list, decode_progress};
use proptest::prelude::*;

const SEEDS: [&str; 8] = [
    "progress-2.4.0.json",
    "progress-2.4.3.json",
    "progress-2.5.json",
    "progress-2.5-failed.json",
    "progress-2.6.6.json",
    "progress-cloud.json",
    "list-milvus.json",
    "list-cloud.json",
];

fn seed(index: usize) -> Vec<u8> {
    let name = SEEDS[index % SEEDS.len()];
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// Values that have broken decoders elsewhere, spliced in where a value was.
const HOSTILE: [&str; 14] = [
    "null",
    "-1",
    "1e400",
    "-1e400",
    "18446744073709551616",
    "\"\"",
    "\"250\"",
    "[]",
    "{}",
    "true",
    "\"\\u0000\\u202e\"",
    "\"<script>alert(1)</script>\"",
    "[[[[[[[[[[]]]]]]]]]]",
    "0.5",
];

fn decode_all(status: u16, body: &[u8]) {
    let _ = decode_progress(status, body, "461829374610022401");
    let _ = decode_list(status, body);
    let _ = decode_create(status, body);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 34_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_real_bodies(index in 0usize..8, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..12), status in prop_oneof![Just(200u16), any::<u16>()]) {
        let mut body = seed(index);
        for (at, byte, how) in edits {
            if body.is_empty() { break; }
            let at = at.index(body.len());
            match how {
                0 => body[at] = byte,
                1 => body.truncate(at),
                2 => { body.insert(at, byte); }
                _ => {
                    // Replace the value after a colon with a hostile one.
                    if let Some(colon) = body[at..].iter().position(|b| *b == b':') {
                        let start = at + colon + 1;
                        let end = body[start..].iter().position(|b| *b == b',' || *b == b'}').map_or(body.len(), |e| start + e);
                        let value = HOSTILE[byte as usize % HOSTILE.len()].as_bytes();
                        body.splice(start..end, value.iter().copied());
                    }
                }
            }
        }
        decode_all(status, &body);
    }

    #[test]
    fn arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..512), status in any::<u16>()) {
        decode_all(status, &body);
    }

    #[test]
    fn arbitrary_json_shaped_text(body in r#"\{"(code|data|jobId|message)":[\[\]{}"0-9a-z:,.\-eE\\ ]{0,200}"#) {
        decode_all(200, body.as_bytes());
    }
}

#[test]
fn deeply_nested_and_huge_bodies() {
    let deep = format!("{{\"code\":0,\"data\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(decode_progress(200, deep.as_bytes(), "1").unwrap_err().kind(), "malformed");
    let mut huge = String::from(r#"{"code":0,"data":{"jobId":"1","reason":""#);
    huge.push_str(&"r".repeat(10 << 20));
    huge.push_str(r#""}}"#);
    let job = decode_progress(200, huge.as_bytes(), "1").unwrap();
    assert_eq!(job.reason.map(|r| r.len()), Some(10 << 20));
}
