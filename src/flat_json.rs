//! Flat JSON objects of text fields, read and written without serde_json: the settings the page
//! keeps in the browser (the saved connections, the log link) are read before the form is
//! drawn, and serde_json's reader in the page's first module cost 15 KB brotli there (issue
//! 35). Read as serde_json reads them for the derived types they replace: any valid JSON, each
//! field's value text, null or something else; invalid JSON, or trailing text, is no value.

/// A field's value: text, `null`, or anything else (a number, a boolean, an array, an object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Text(String),
    Null,
    Other,
}

/// A field that is there but not text (nor null, where null is allowed): what a derived serde
/// reader refuses for a `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotText;

/// An object's fields in their order; a repeated name keeps each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Object(pub Vec<(String, Field)>);

impl Object {
    /// The text field `name` (`Ok(None)`: absent; a repeated name, its last value, as a JSON
    /// map keeps it).
    pub fn text(&self, name: &str) -> Result<Option<&str>, NotText> {
        match self.0.iter().rev().find(|(n, _)| n == name).map(|(_, f)| f) {
            None => Ok(None),
            Some(Field::Text(text)) => Ok(Some(text)),
            Some(_) => Err(NotText),
        }
    }

    /// The same for an `Option<String>`: absent or null is `Ok(None)`.
    pub fn nullable_text(&self, name: &str) -> Result<Option<&str>, NotText> {
        match self.0.iter().rev().find(|(n, _)| n == name) {
            Some((_, Field::Null)) => Ok(None),
            _ => self.text(name),
        }
    }

    /// Whether a name is given twice, which a derived serde reader refuses when it reads the
    /// text itself (not through a JSON map).
    pub fn repeats_a_name(&self) -> bool {
        self.0.iter().enumerate().any(|(i, (name, _))| self.0.iter().take(i).any(|(earlier, _)| earlier == name))
    }
}

/// A top-level value: an object, an array of values, or anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Object(Object),
    Array(Vec<Value>),
    Other,
}

/// `text` read as one JSON value with only whitespace around it; `None` when it is not one.
///
/// ```
/// use milvus_import_monitor::flat_json::{read, Field, Object, Value};
/// let value = read(r#"[{"name": "prod", "port": 19530, "tag": null}, 7]"#).unwrap();
/// let prod = Object(vec![("name".into(), Field::Text("prod".into())), ("port".into(), Field::Other), ("tag".into(), Field::Null)]);
/// assert_eq!(value, Value::Array(vec![Value::Object(prod), Value::Other]));
/// assert_eq!(read(r#"{"name": "prod""#), None);
/// ```
pub fn read(text: &str) -> Option<Value> {
    let mut reader = Reader { bytes: text.as_bytes(), at: 0 };
    let value = reader.value(0)?;
    reader.space();
    (reader.at == reader.bytes.len()).then_some(value)
}

/// An object of the text fields given, in that order.
///
/// ```
/// use milvus_import_monitor::flat_json::write_object;
/// assert_eq!(write_object(&[("name", "a \"b\"\n"), ("db", "")]), r#"{"name":"a \"b\"\n","db":""}"#);
/// ```
pub fn write_object(fields: &[(&str, &str)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_text(&mut out, name);
        out.push(':');
        write_text(&mut out, value);
    }
    out.push('}');
    out
}

/// An array of values already written.
pub fn write_array(values: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", values.into_iter().collect::<Vec<_>>().join(","))
}

/// A JSON string, escaped as serde_json escapes it (quote, backslash and control characters).
fn write_text(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.extend([(c as u32) >> 4, (c as u32) & 0xf].into_iter().filter_map(|d| char::from_digit(d, 16)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// As deep as serde_json reads before it refuses (its recursion limit).
const MAX_DEPTH: usize = 128;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match *self.bytes.get(self.at)? {
            b'{' => self.object(depth).map(Value::Object),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Value::Array(items))
            }
            _ => self.field(depth).map(|_| Value::Other),
        }
    }

    fn object(&mut self, depth: usize) -> Option<Object> {
        self.at += 1;
        let mut fields = Vec::new();
        if self.eat(b'}') {
            return Some(Object(fields));
        }
        loop {
            self.space();
            let name = self.text()?;
            if !self.eat(b':') {
                return None;
            }
            fields.push((name, self.field(depth + 1)?));
            if self.eat(b'}') {
                return Some(Object(fields));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// A field's value: text and null kept, anything else read and dropped.
    fn field(&mut self, depth: usize) -> Option<Field> {
        self.space();
        let rest = self.bytes.get(self.at..)?;
        match *rest.first()? {
            b'"' => self.text().map(Field::Text),
            b'{' | b'[' => self.value(depth).map(|_| Field::Other),
            _ if rest.starts_with(b"null") => {
                self.at += 4;
                Some(Field::Null)
            }
            _ if rest.starts_with(b"true") => {
                self.at += 4;
                Some(Field::Other)
            }
            _ if rest.starts_with(b"false") => {
                self.at += 5;
                Some(Field::Other)
            }
            _ => self.number().map(|()| Field::Other),
        }
    }

    /// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let digits = |reader: &mut Self| {
            let start = reader.at;
            while reader.bytes.get(reader.at).is_some_and(u8::is_ascii_digit) {
                reader.at += 1;
            }
            (reader.at > start).then_some(reader.at - start)
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let leading_zero = self.bytes.get(self.at) == Some(&b'0');
        if digits(self)? > 1 && leading_zero {
            return None;
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            digits(self)?;
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            digits(self)?;
        }
        Some(())
    }

    /// A string at the reader (its opening quote next), unescaped.
    fn text(&mut self) -> Option<String> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.bytes.get(self.at).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The input is a &str, and a run stops only at ASCII, so it is whole UTF-8.
            out.push_str(std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?);
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 2;
                    match *self.bytes.get(self.at - 1)? {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.escaped_char()?),
                        _ => return None,
                    }
                }
                // A control character, which JSON allows only escaped.
                _ => return None,
            }
        }
    }

    /// The character of a `\u` escape (the `\u` read), a surrogate pair read whole.
    fn escaped_char(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
            return None;
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        digits.iter().try_fold(0, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
    }
}
