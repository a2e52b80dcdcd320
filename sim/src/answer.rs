//! What the stand-in answers, before the edge adds CORS headers: a status, a content type and
//! the body bytes (JSON written the way the Go server writes it), turned into an HTTP response
//! by axum's `IntoResponse`. Every handler builds these and imports nothing of the router, as
//! axum's error-handling example has it.

use crate::gojson::to_go_json;
use crate::profile::Profile;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A ready answer before CORS and faults.
#[derive(Clone)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    pub(crate) location: Option<String>,
}

impl Answer {
    pub(crate) fn json(value: &Value) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: "application/json; charset=utf-8",
            body: to_go_json(value).into_bytes(),
            location: None,
        }
    }
    /// A success: the profile's success code (200 on 2.4.0–2.4.2, else 0) and `data`.
    pub(crate) fn success(profile: Profile, data: Value) -> Answer {
        Answer::json(&json!({"code": profile.success_code(), "data": data}))
    }
    pub(crate) fn with_status(mut self, status: StatusCode) -> Answer {
        self.status = status;
        self
    }
    pub(crate) fn text(status: StatusCode, text: &str) -> Answer {
        Answer { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec(), location: None }
    }
    pub(crate) fn error(code: i64, message: &str) -> Answer {
        Answer::json(&json!({"code": code, "message": message}))
    }
    pub(crate) fn not_found() -> Answer {
        Answer::text(StatusCode::NOT_FOUND, "404 page not found")
    }
    /// Gin's answer to a trailing slash: 307 to the path without it, no body.
    pub(crate) fn redirect(location: String) -> Answer {
        Answer { status: StatusCode::TEMPORARY_REDIRECT, content_type: "", body: Vec::new(), location: Some(location) }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = plain_response(self.status, self.content_type, self.body);
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert("Location", location);
        }
        response
    }
}

/// A response with a status, a content type (none when empty) and a body.
pub(crate) fn plain_response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if !content_type.is_empty() {
        if let Ok(value) = HeaderValue::from_str(content_type) {
            response.headers_mut().insert("Content-Type", value);
        }
    }
    response
}

/// Headers go out, then the connection dies before the body: what a client sees of a server
/// process that dies mid-request (and of the `drop` fault).
pub(crate) fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async { Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped")) });
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert("Content-Type", HeaderValue::from_static("application/json; charset=utf-8"));
    response
}
