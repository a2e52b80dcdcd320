//! JSON written the way Go's `encoding/json` writes a `gin.H`: keys sorted, compact, and
//! `<`, `>`, `&`, U+2028 and U+2029 escaped.

use serde_json::Value;

/// Serialises a value as the Go server would.
pub fn to_go_json(value: &Value) -> String {
    // serde_json's Map is a BTreeMap here (no preserve_order), so keys come out sorted.
    let text = value.to_string();
    if !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return text;
    }
    // These characters only occur inside strings, where the escape means the same.
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

/// Go's `%q`-like escaping used by protobuf's text format: `\"`, `\\`, `\n`…, and every
/// non-ASCII byte as a three-digit octal escape.
/// A file record as Go's protobuf text marshaller writes it (`id:7 paths:"a.json" `): how
/// 2.4.0–2.4.4 name file groups, and how a DataNode names the file in a failure reason.
pub fn protobuf_file_record(file_id: i64, paths: &[String]) -> String {
    let mut text = format!("id:{file_id} ");
    for path in paths {
        text.push_str(&format!("paths:\"{}\" ", protobuf_text_quote(path)));
    }
    text
}

pub fn protobuf_text_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for byte in text.bytes() {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(byte as char),
            other => out.push_str(&format!("\\{other:03o}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_compact_and_html_escaped() {
        let v = serde_json::json!({"jobId":"1","code":0,"reason":"<b>&</b>"});
        assert_eq!(to_go_json(&v), r#"{"code":0,"jobId":"1","reason":"\u003cb\u003e\u0026\u003c/b\u003e"}"#);
    }

    #[test]
    fn protobuf_text() {
        assert_eq!(protobuf_text_quote("café \"x\""), r#"caf\303\251 \"x\""#);
    }
}
