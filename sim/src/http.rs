//! The HTTP edge, as gin and Milvus's middleware answer: the trailing-slash redirect, CORS on
//! every response (preflights before auth), auth before routing, the 404 page, static files for
//! `--serve`, and the body limit. What each import operation answers is in `import_api`.

use crate::admin::admin_api;
use crate::faults::{coordinator_down, deliver, timeout_answer};
use crate::gojson::to_go_json;
use crate::import_api::api;
use crate::profile::Profile;
use crate::store::{count, lock, Sim};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub(crate) const API_PREFIX: &str = "/v2/vectordb/jobs/import/";

pub(crate) const MAX_BODY: usize = 64 << 20;

pub(crate) const CORS_HEADERS: [(&str, &str); 4] = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Credentials", "true"),
    (
        "Access-Control-Allow-Headers",
        "Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With",
    ),
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH"),
];

/// A ready response before CORS and faults.
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
}

/// The one handler: every request goes through it, and every response gets the CORS headers.
pub async fn handle(State(sim): State<Arc<Sim>>, request: Request) -> Response {
    let mut response = route(&sim, request).await;
    // Gin's router answers a trailing slash before any middleware runs: no CORS headers.
    if response.status() == StatusCode::TEMPORARY_REDIRECT {
        return response;
    }
    let headers = response.headers_mut();
    for (name, value) in CORS_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if sim.cfg.profile.sends_nosniff() {
        headers.insert("X-Content-Type-Options", HeaderValue::from_static("nosniff"));
    }
    response
}

pub(crate) async fn route(sim: &Arc<Sim>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if let Some(trimmed) = path.strip_prefix(API_PREFIX).and_then(|op| op.strip_suffix('/')) {
        if request.method() == Method::POST && has_operation(sim.cfg.profile, trimmed) {
            // Gin redirects a trailing slash with 307 (and no body for a POST), before auth.
            let mut answer = Answer::text(StatusCode::TEMPORARY_REDIRECT, "");
            answer.content_type = "";
            answer.location = Some(format!("{API_PREFIX}{trimmed}"));
            return into_response(answer);
        }
    }
    // The CORS middleware answers every preflight before auth and routing.
    if request.method() == Method::OPTIONS {
        return plain_response(StatusCode::NO_CONTENT, "", Vec::new());
    }
    if let Some(admin) = path.strip_prefix("/_sim/") {
        let admin = admin.to_owned();
        let body = read_body(request).await.unwrap_or_default();
        return into_response(admin_api(sim, &admin, &body));
    }
    let is_api = path.starts_with(API_PREFIX);
    if let (Some(dir), false, true) = (&sim.cfg.serve, is_api, request.method() == Method::GET || request.method() == Method::HEAD) {
        // The page under test, not Milvus.
        return into_response(serve_static(dir, &path));
    }
    // Auth runs before routing: with auth on, an unauthenticated request to a path that does
    // not exist is 401, not 404.
    let headers = request.headers().clone();
    let user = match authenticate(sim, &headers) {
        Ok(user) => user,
        Err(answer) => return into_response(answer),
    };
    let Some(operation) = path.strip_prefix(API_PREFIX).map(str::to_owned) else {
        return into_response(Answer::not_found());
    };
    if request.method() != Method::POST || !has_operation(sim.cfg.profile, &operation) {
        return into_response(Answer::not_found());
    }
    count(&mut lock(&sim.state).requests, &operation);
    if coordinator_down(sim) {
        return dropped_connection();
    }

    let timeout = headers.get("Request-Timeout").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if timeout == Some(0) {
        return into_response(timeout_answer(sim.cfg.profile));
    }
    let body = read_body(request).await.unwrap_or_default();
    let crashes_before = lock(&sim.state).crashes;
    let answer = api(sim, &operation, &headers, user.as_deref(), &body);
    if lock(&sim.state).crashes != crashes_before {
        // The coordinator died answering this request (milvus#33671).
        return dropped_connection();
    }
    deliver(sim, answer, timeout.map(Duration::from_secs)).await
}

pub(crate) fn has_operation(profile: Profile, operation: &str) -> bool {
    match operation {
        "create" | "list" | "get_progress" => true,
        "describe" => profile.has_describe(),
        "getProgress" => profile.is_cloud(),
        "commit" | "abort" => profile.has_manual_commit(),
        _ => false,
    }
}

pub(crate) async fn read_body(request: Request) -> Option<Bytes> {
    axum::body::to_bytes(request.into_body(), MAX_BODY).await.ok()
}

/// `Bearer user:pass`, raw `user:pass` or `Basic base64`; an API key on Cloud. Returns the
/// user name (None when auth is off).
pub(crate) fn authenticate(sim: &Sim, headers: &HeaderMap) -> Result<Option<String>, Answer> {
    let Some(expected) = sim.cfg.auth.as_deref() else { return Ok(None) };
    let unauthenticated = || Answer::error(1800, "user hasn't authenticated").with_status(StatusCode::UNAUTHORIZED);
    let raw = headers.get("Authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().trim();
    let token = if let Some(bearer) = raw.strip_prefix("Bearer ") {
        bearer.trim().to_owned()
    } else if let Some(basic) = raw.strip_prefix("Basic ") {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD.decode(basic.trim()).map_err(|_| unauthenticated())?;
        String::from_utf8(decoded).map_err(|_| unauthenticated())?
    } else {
        raw.to_owned()
    };
    if sim.cfg.profile.is_cloud() && !expected.contains(':') {
        // Zilliz Cloud's documented answer (its HTTP status is not documented).
        return if token == expected { Ok(Some("api-key".into())) } else { Err(Answer::error(21119, "The apikey is illegal.")) };
    }
    let (user, password) = token.split_once(':').ok_or_else(unauthenticated)?;
    match lock(&sim.state).users.get(user) {
        Some(known) if known.password == password => Ok(Some(user.to_owned())),
        _ => Err(unauthenticated()),
    }
}

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

pub(crate) fn into_response(answer: Answer) -> Response {
    let mut response = plain_response(answer.status, answer.content_type, answer.body);
    if let Some(location) = answer.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert("Location", location);
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

/// Static files for `--serve DIR`: `/` is `index.html`; no path escapes the folder.
pub(crate) fn serve_static(dir: &Path, path: &str) -> Answer {
    let relative = path.trim_start_matches('/');
    // A folder's page is its index.html.
    let relative = if relative.is_empty() || relative.ends_with('/') { format!("{relative}index.html") } else { relative.to_owned() };
    if relative.split('/').any(|seg| seg == ".." || seg.starts_with('.')) {
        return Answer::not_found();
    }
    let full = dir.join(relative);
    let Ok(bytes) = std::fs::read(&full) else { return Answer::not_found() };
    let content_type = match full.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
    Answer { status: StatusCode::OK, content_type, body: bytes, location: None }
}
