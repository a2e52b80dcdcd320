//! Turning a status and body bytes into data or an [`ApiError`]: pure, so every row of the
//! error table is tested natively, and shared by the widget, the JS API and the tests.

use crate::error::ApiError;
use crate::format::is_unsafe_char;
use crate::model::{self, CreateResult, Envelope, ImportJob, JobList, JobState};

/// Longest excerpt of a non-JSON body quoted in a message.
const SUMMARY_CHARS: usize = 120;

/// Decodes a `describe` / `get_progress` / `getProgress` answer.
///
/// `requested_id` fills `jobId` when the server left it out, and names the job in a
/// "does not exist" message. Milvus 2.4.0–2.4.4 answer an unknown job with a *success* whose
/// state is `None`: that becomes [`ApiError::JobNotFound`] too.
///
/// ```
/// use milvus_import_monitor::client::decode_progress;
/// let body = br#"{"code":0,"data":{"jobId":"461829374610022401","state":"Importing","progress":62}}"#;
/// let job = decode_progress(200, body, "461829374610022401").unwrap();
/// assert_eq!(job.progress, 62);
/// let gone = br#"{"code":2100,"message":"import job does not exist, jobID=1: importing data failed"}"#;
/// assert_eq!(decode_progress(200, gone, "1").unwrap_err().kind(), "job-not-found");
/// ```
pub fn decode_progress(status: u16, body: &[u8], requested_id: &str) -> Result<ImportJob, ApiError> {
    let mut job: ImportJob = decode_envelope(status, body, requested_id, false, model::read_progress)?;
    if job.state == JobState::None && job.collection_name.is_empty() && job.details.is_empty() {
        return Err(ApiError::JobNotFound {
            code: 0,
            message: job.reason.unwrap_or_else(|| "unknown import job state".into()),
            job_id: requested_id.to_owned(),
        });
    }
    if job.job_id.is_empty() {
        requested_id.clone_into(&mut job.job_id);
    }
    Ok(job)
}

/// Decodes a `list` answer.
///
/// ```
/// use milvus_import_monitor::client::decode_list;
/// let list = decode_list(200, br#"{"code":0,"data":{"records":[{"jobId":"1","state":"Pending"}]}}"#).unwrap();
/// assert_eq!(list.records.len(), 1);
/// ```
pub fn decode_list(status: u16, body: &[u8]) -> Result<JobList, ApiError> {
    decode_envelope(status, body, "", false, model::read_list)
}

/// Decodes a `create` answer.
///
/// ```
/// use milvus_import_monitor::client::decode_create;
/// assert_eq!(decode_create(200, br#"{"code":0,"data":{"jobId":"7"}}"#).unwrap().job_id, "7");
/// ```
pub fn decode_create(status: u16, body: &[u8]) -> Result<CreateResult, ApiError> {
    let created: CreateResult = decode_envelope(status, body, "", false, model::read_create)?;
    if created.job_id.is_empty() {
        return Err(ApiError::Malformed { status, detail: "the create answer has no jobId".into() });
    }
    Ok(created)
}

/// Decodes a `commit` or `abort` answer, which carries no data.
///
/// ```
/// use milvus_import_monitor::client::decode_ack;
/// assert!(decode_ack(200, br#"{"code":0,"data":{}}"#, "7").is_ok());
/// ```
pub fn decode_ack(status: u16, body: &[u8], job_id: &str) -> Result<(), ApiError> {
    decode_envelope(status, body, job_id, true, model::read_envelope).map(|_| ())
}

/// The shared path: HTTP status first, then the envelope's code, then the data, which a
/// success must carry unless `data_optional` (commit and abort). `read` is one of the model's
/// readers, compiled for speed in the model's crate.
fn decode_envelope<T: Default>(
    status: u16,
    body: &[u8],
    job_id: &str,
    data_optional: bool,
    read: fn(&[u8]) -> serde_json::Result<Envelope<T>>,
) -> Result<T, ApiError> {
    if status != 200 {
        return Err(http_error(status, body, job_id));
    }
    // Serde's derived readers would take a top-level array as a struct, by position.
    if first_byte(body) != Some(b'{') {
        let error = model::check_json(body).err();
        return Err(match error {
            Some(error) => malformed(status, body, &error),
            None => ApiError::Malformed { status, detail: "not a JSON object".into() },
        });
    }
    let envelope = read(body).map_err(|e| malformed(status, body, &e))?;
    if envelope.is_success() {
        return match envelope.data {
            Some(data) => Ok(data),
            None if data_optional => Ok(T::default()),
            None => Err(ApiError::Malformed { status, detail: "a success without data".into() }),
        };
    }
    Err(code_error(envelope.code, bounded(&envelope.message.unwrap_or_default()), job_id))
}

fn first_byte(body: &[u8]) -> Option<u8> {
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// A non-200 status: Milvus's own (401, 403, 404, 408, 500), a proxy's, or a server built
/// with standard error statuses (`proxy.http.standardErrorStatus`: 400 for input errors, 500 for
/// 2101, 503 and 429 for retriable ones). Where the body is a Milvus envelope its `code`
/// decides, as it does under HTTP 200; the status decides only what the code leaves open.
pub(super) fn http_error(status: u16, body: &[u8], job_id: &str) -> ApiError {
    let (code, message) = match model::read_envelope(body) {
        Ok(envelope) => (Some(envelope.code).filter(|code| *code != 0), bounded(&envelope.message.unwrap_or_default())),
        Err(_) => (None, summarise(body)),
    };
    let described = || if message.is_empty() { format!("HTTP {status}") } else { message.clone() };
    match (status, code) {
        // Zilliz Cloud's refused API key, whatever status it comes with (undocumented).
        (_, Some(21119)) => return code_error(21119, message, job_id),
        (401, _) => return ApiError::Unauthorized { code, message: described() },
        (403, _) => return ApiError::Forbidden { code, message: described() },
        (404, _) => return ApiError::RouteNotFound,
        (408, _) => return ApiError::Timeout { code, message: described() },
        // `{"code":500}` under HTTP 500 is a handler panic: the status says it all.
        (_, Some(code)) if i64::from(status) != code => match code_error(code, message.clone(), job_id) {
            // A code this monitor does not know: a client error stops, a server error retries.
            ApiError::Milvus { code, message } if (400..500).contains(&status) && status != 429 => {
                return ApiError::BadRequest { code, message };
            }
            ApiError::Milvus { .. } => {}
            known => return known,
        },
        _ => {}
    }
    ApiError::ServerError {
        status,
        code,
        summary: match code {
            Some(code) if message.is_empty() => format!("code {code}"),
            Some(code) => format!("code {code}: {message}"),
            None => described(),
        },
    }
}

/// A non-success code in an HTTP 200 envelope.
pub(super) fn code_error(code: i64, message: String, job_id: &str) -> ApiError {
    match code {
        1800 => ApiError::Unauthorized { code: Some(code), message },
        // Zilliz Cloud: "The apikey is illegal."
        21119 => ApiError::Unauthorized { code: Some(code), message: format!("Zilliz Cloud refused the API key: {message}") },
        65535 if message.contains("PermissionDenied") || message.contains("permission deny") => {
            ApiError::Forbidden { code: Some(code), message }
        }
        10001 => ApiError::Timeout { code: Some(code), message },
        1801 | 1802 => ApiError::BadRequest { code, message },
        // 2.4–2.6 say 2100, the 3.0 line 1100 (invalid parameter).
        1100 | 2100 | 2101 if message.contains("parse job id failed") => {
            ApiError::BadJobId { code, message, job_id: crate::format::display_text(job_id) }
        }
        // Also commit/abort on the 3.0 line: "job N not found: importing data failed on server side".
        2100 | 2101 if message.contains("does not exist") || message.contains("not found") => {
            ApiError::JobNotFound { code, message, job_id: job_id.to_owned() }
        }
        1100 => ApiError::BadRequest { code, message },
        1 | 2 => ApiError::ServiceUnavailable { code, message },
        500 => ApiError::ServerError {
            status: 200,
            code: Some(500),
            summary: if message.is_empty() { "code 500: the server's handler failed".into() } else { message },
        },
        _ => ApiError::Milvus { code, message: if message.is_empty() { "(no message)".into() } else { message } },
    }
}

/// A 200 whose body is not the JSON it should be: empty, an HTML page from a proxy, cut off,
/// or of the wrong shape.
pub(super) fn malformed(status: u16, body: &[u8], error: &serde_json::Error) -> ApiError {
    let detail = if body.iter().all(u8::is_ascii_whitespace) {
        "the body is empty".to_owned()
    } else if looks_like_html(body) {
        format!("an HTML page instead of JSON: {}", summarise(body))
    } else if error.is_eof() {
        format!("the body is cut off after {} bytes", body.len())
    } else if error.is_syntax() {
        format!("not JSON at line {} column {}", error.line(), error.column())
    } else {
        // Data errors: serde's text names the expected type and the position.
        truncate_chars(&error.to_string(), SUMMARY_CHARS)
    };
    ApiError::Malformed { status, detail }
}

fn looks_like_html(body: &[u8]) -> bool {
    first_byte(body) == Some(b'<')
}

/// A short, single-line excerpt of a body that is not JSON: an HTML page's `<title>` (or its
/// first heading), else its text with tags and control characters removed.
fn summarise(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body.get(..64 * 1024).unwrap_or(body));
    for tag in ["title", "h1"] {
        if let Some(inner) = element_text(&text, tag).map(clean).filter(|inner| !inner.is_empty()) {
            return truncate_chars(&inner, SUMMARY_CHARS);
        }
    }
    let mut plain = String::with_capacity(text.len().min(SUMMARY_CHARS * 4));
    let mut in_tag = false;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(ch),
            _ => {}
        }
    }
    let plain = clean(&plain);
    if plain.is_empty() {
        "an empty body".into()
    } else {
        truncate_chars(&plain, SUMMARY_CHARS)
    }
}

/// The text between `<tag …>` and the next `<`, case-insensitively.
fn element_text<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    // ASCII lowercasing keeps every byte offset, so offsets found in `lower` hold in `text`.
    let lower = text.to_ascii_lowercase();
    let start = lower.find(&format!("<{tag}"))?;
    let from = start + lower.get(start..)?.find('>')? + 1;
    let to = lower.get(from..)?.find('<').map_or(lower.len(), |lt| from + lt);
    text.get(from..to)
}

/// A server's message as it may be shown: one line, no control or bidi characters, at most
/// 300 characters.
pub(super) fn bounded(message: &str) -> String {
    truncate_chars(&clean(message), 300)
}

/// Collapses white space and drops control and bidi-override characters.
fn clean(text: &str) -> String {
    let filtered = text.chars().map(|c| if is_unsafe_char(c) { ' ' } else { c }).collect::<String>();
    filtered.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}
