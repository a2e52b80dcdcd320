//! The HTTP edge, as gin and Milvus's middleware answer: the trailing-slash redirect, CORS on
//! every response (preflights before auth), auth before routing, the 404 page, static files for
//! `--serve`, and the body limit. What each import operation answers is in `import_api`.

use crate::admin::admin_api;
use crate::answer::{dropped_connection, plain_response, Answer};
use crate::faults::{coordinator_down, deliver, delivery, timeout_answer, Delivery};
use crate::import_api::api;
use crate::operation::Operation;
use crate::readiness::readiness_api;
use crate::store::{count, lock, Sim, SimState};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Every REST v2 path the stand-in serves is under this.
pub(crate) const API_PREFIX: &str = "/v2/vectordb/";

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
        if request.method() == Method::POST && Operation::parse(trimmed, sim.cfg.profile).is_some() {
            // Gin redirects a trailing slash with 307 (and no body for a POST), before auth.
            return Answer::redirect(format!("{API_PREFIX}{trimmed}")).into_response();
        }
    }
    // The CORS middleware answers every preflight before auth and routing.
    if request.method() == Method::OPTIONS {
        return plain_response(StatusCode::NO_CONTENT, "", Vec::new());
    }
    if let Some(admin) = path.strip_prefix("/_sim/") {
        let admin = admin.to_owned();
        let body = read_body(request).await.unwrap_or_default();
        return admin_api(sim, &admin, &body).into_response();
    }
    let is_api = path.starts_with(API_PREFIX);
    if let (Some(dir), false, true) = (&sim.cfg.serve, is_api, request.method() == Method::GET || request.method() == Method::HEAD) {
        // The page under test, not Milvus.
        return serve_static(dir, &path).into_response();
    }
    let method = request.method().clone();
    let headers = request.headers().clone();
    let body = read_body(request).await.unwrap_or_default();
    // One consistent snapshot: the state is locked once, for everything this request reads and
    // changes (and the draw of its latency and fault), and released before the answer goes out.
    let answered = {
        let mut state = lock(&sim.state);
        answer(sim, &mut state, &method, &path, &headers, &body)
    };
    match answered {
        Answered::Now(answer) => answer.into_response(),
        Answered::Dropped => dropped_connection(),
        Answered::Later { answer, delivery, timeout } => deliver(sim, answer, delivery, timeout).await,
    }
}

/// What a request to the API gets, decided under the lock.
enum Answered {
    /// At once, without latency or faults (auth, routing, `Request-Timeout: 0`).
    Now(Answer),
    /// No answer: the server's process died (or is restarting after it did).
    Dropped,
    /// The operation's answer, delivered with its latency and fault.
    Later { answer: Answer, delivery: Delivery, timeout: Option<Duration> },
}

fn answer(sim: &Sim, state: &mut SimState, method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Answered {
    // A standby answers with every replicated message that is due applied.
    crate::replication::deliver_due(sim, state);
    // Auth runs before routing: with auth on, an unauthenticated request to a path that does
    // not exist is 401, not 404.
    let user = match authenticate(sim, state, headers) {
        Ok(user) => user,
        Err(answer) => return Answered::Now(answer),
    };
    let operation = path.strip_prefix(API_PREFIX).and_then(|name| Operation::parse(name, sim.cfg.profile));
    let Some(operation) = operation.filter(|_| *method == Method::POST) else {
        return Answered::Now(Answer::not_found());
    };
    count(&mut state.requests, operation.name());
    if coordinator_down(state) {
        return Answered::Dropped;
    }
    let timeout = headers.get("Request-Timeout").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if timeout == Some(0) {
        return Answered::Now(timeout_answer(sim.cfg.profile));
    }
    let crashes_before = state.crashes;
    let answer = match operation {
        Operation::Readiness(readiness) => readiness_api(sim, state, readiness, headers, user.as_deref(), body),
        _ => api(sim, state, operation, headers, user.as_deref(), body),
    };
    if state.crashes != crashes_before {
        // The coordinator died answering this request (milvus#33671).
        return Answered::Dropped;
    }
    Answered::Later { answer, delivery: delivery(sim, state), timeout: timeout.map(Duration::from_secs) }
}

pub(crate) async fn read_body(request: Request) -> Option<Bytes> {
    axum::body::to_bytes(request.into_body(), MAX_BODY).await.ok()
}

/// `Bearer user:pass`, raw `user:pass` or `Basic base64`; an API key on Cloud. Returns the
/// user name (None when auth is off).
pub(crate) fn authenticate(sim: &Sim, state: &SimState, headers: &HeaderMap) -> Result<Option<String>, Answer> {
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
    match state.users.get(user) {
        Some(known) if known.password == password => Ok(Some(user.to_owned())),
        _ => Err(unauthenticated()),
    }
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
