//! Turning a `details[].fileName` into the paths a person recognises.
//!
//! The server does not send a path: 2.4.5+ send Go's formatting of the path list
//! (`[1/id.npy 1/vector.npy]`), 2.4.0–2.4.4 send the protobuf text of the file record
//! (`id:448… paths:"a/1.parquet" `), Zilliz Cloud sends a plain name.

/// The paths inside a wire file name.
///
/// ```
/// use milvus_import_wire::parse_file_name;
/// assert_eq!(parse_file_name("[1/id.npy 1/vector.npy]"), ["1/id.npy", "1/vector.npy"]);
/// assert_eq!(parse_file_name(r#"id:448761313698322012 paths:"a/1.parquet" "#), ["a/1.parquet"]);
/// assert_eq!(parse_file_name("part-1.json"), ["part-1.json"]);
/// ```
pub fn parse_file_name(wire: &str) -> Vec<String> {
    let trimmed = wire.trim();
    if let Some(inner) = trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
        return inner.split_ascii_whitespace().map(str::to_owned).collect();
    }
    if trimmed.contains("paths:\"") {
        let paths = protobuf_text_paths(trimmed);
        if !paths.is_empty() {
            return paths;
        }
    }
    if trimmed.is_empty() {
        Vec::new()
    } else {
        vec![trimmed.to_owned()]
    }
}

/// Every `paths:"…"` value of a protobuf text record, unescaped.
fn protobuf_text_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("paths:\"") {
        let quoted = rest.get(start + "paths:\"".len()..).unwrap_or_default();
        let (path, after) = unescape_quoted(quoted);
        paths.push(path);
        rest = after;
    }
    paths
}

/// Reads up to the closing quote, resolving the escapes protobuf's text format writes
/// (`\"`, `\\`, `\n`, `\t`, `\r`, `\'` and three-digit octal bytes). An unterminated string
/// runs to the end rather than failing: a truncated name is still worth showing.
fn unescape_quoted(text: &str) -> (String, &str) {
    let mut bytes = Vec::with_capacity(text.len());
    let mut iter = text.char_indices().peekable();
    while let Some((index, ch)) = iter.next() {
        match ch {
            '"' => return (lossy(bytes), text.get(index + 1..).unwrap_or_default()),
            '\\' => match iter.next() {
                Some((_, 'n')) => bytes.push(b'\n'),
                Some((_, 't')) => bytes.push(b'\t'),
                Some((_, 'r')) => bytes.push(b'\r'),
                Some((_, digit @ '0'..='7')) => {
                    let mut value = digit as u32 - '0' as u32;
                    for _ in 0..2 {
                        match iter.peek() {
                            Some(&(_, next @ '0'..='7')) => {
                                value = value * 8 + (next as u32 - '0' as u32);
                                iter.next();
                            }
                            _ => break,
                        }
                    }
                    bytes.push((value & 0xff) as u8);
                }
                Some((_, other)) => push_char(&mut bytes, other),
                None => break,
            },
            other => push_char(&mut bytes, other),
        }
    }
    (lossy(bytes), "")
}

fn push_char(bytes: &mut Vec<u8>, ch: char) {
    let mut buffer = [0u8; 4];
    bytes.extend_from_slice(ch.encode_utf8(&mut buffer).as_bytes());
}

fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
