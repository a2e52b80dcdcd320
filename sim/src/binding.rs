//! Reading request bodies as gin's binding does, with its error texts: JSON objects, required
//! and optional strings, Go's type names in unmarshal errors.

use crate::answer::Answer;
use serde_json::{Map, Value};

/// A field of a JSON object, matched case-insensitively as Go's decoder does.
pub(crate) fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

pub(crate) fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub(crate) fn bad_json(detail: &str) -> Answer {
    Answer::error(1801, &format!("can only accept json format request, error: {detail}"))
}

pub(crate) fn missing(request: &str, field: &str) -> Answer {
    Answer::error(
        1802,
        &format!("missing required parameters, error: Key: '{request}.{field}' Error:Field validation for '{field}' failed on the 'required' tag"),
    )
}

/// Parses the body as Gin's JSON binding would, into an object.
pub(crate) fn parse_object(body: &[u8], request: &str) -> Result<Map<String, Value>, Answer> {
    if body.is_empty() {
        return Err(Answer::error(1801, "can only accept json format request, the request body should be nil, however {} is valid"));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_json("EOF"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(bad_json(&format!("json: cannot unmarshal {} into Go value of type httpserver.{request}", go_type(&other)))),
        Err(e) if e.is_eof() => Err(bad_json("unexpected EOF")),
        Err(_) => {
            let first = String::from_utf8_lossy(body).trim_start().chars().next().unwrap_or(' ');
            Err(bad_json(&format!("invalid character '{first}' looking for beginning of value")))
        }
    }
}

/// A required string field: a wrong type is 1801, absent or empty is 1802.
pub(crate) fn required_string(object: &Map<String, Value>, request: &str, go_field: &str, json_field: &str) -> Result<String, Answer> {
    match field(object, json_field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        None | Some(Value::Null) | Some(Value::String(_)) => Err(missing(request, go_field)),
        Some(other) => {
            Err(bad_json(&format!("json: cannot unmarshal {} into Go struct field {request}.{json_field} of type string", go_type(other))))
        }
    }
}

pub(crate) fn optional_string(object: &Map<String, Value>, request: &str, json_field: &str) -> Result<Option<String>, Answer> {
    match field(object, json_field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.is_empty())),
        Some(other) => {
            Err(bad_json(&format!("json: cannot unmarshal {} into Go struct field {request}.{json_field} of type string", go_type(other))))
        }
    }
}
