//! The HTTP layer: routing, CORS, auth, timeouts, body validation and the import endpoints,
//! byte for byte as the Go server answers, plus fault injection and a small `/_sim/` API that
//! tests use to freeze jobs and count requests.

use crate::clock::Clock;
use crate::config::{Config, FaultKind};
use crate::engine::{fnv, Job, JobRequest, Pace, Phase, Timing};
use crate::gojson::{protobuf_file_record, to_go_json};
use crate::profile::{FileNameFormat, ParseErrorStyle, Profile};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

const API_PREFIX: &str = "/v2/vectordb/jobs/import/";
const MAX_BODY: usize = 64 << 20;
/// Real Milvus's limit on file groups per job.
const MAX_FILE_GROUPS: usize = 1024;

const CORS_HEADERS: [(&str, &str); 4] = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Credentials", "true"),
    (
        "Access-Control-Allow-Headers",
        "Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With",
    ),
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH"),
];

#[derive(Debug, Clone)]
pub struct User {
    pub password: String,
    pub can_import: bool,
}

/// A job seeded by `--demo` or a scenario.
#[derive(Debug, Clone, Default)]
pub struct SeedJob {
    pub label: String,
    pub collection: String,
    pub files: Vec<Vec<String>>,
    pub age_secs: f64,
    pub manual_commit: bool,
    pub frozen: bool,
    pub timing: Timing,
}

pub struct Sim {
    pub cfg: Config,
    pub clock: Clock,
    pace: Pace,
    state: Mutex<SimState>,
}

#[derive(Default)]
struct SimState {
    jobs: Vec<Job>,
    rng: u64,
    next_job: u64,
    users: HashMap<String, User>,
    databases: BTreeSet<String>,
    /// (database, collection) → partitions.
    collections: BTreeMap<(String, String), BTreeSet<String>>,
    requests: BTreeMap<String, u64>,
    /// Progress requests per job ID, so concurrent tests can count their own.
    by_job: BTreeMap<String, u64>,
    /// Scripted answers for progress requests of a job ID (`/_sim/script`): hostile bodies.
    scripted: HashMap<String, Answer>,
    faults: BTreeMap<String, u64>,
    /// 2.4.0–2.4.4: times DataCoord "crashed" on an unknown job, and until when (real time)
    /// the restarting server answers nothing.
    crashes: u64,
    down_until: Option<std::time::Instant>,
}

/// A ready response before CORS and faults.
#[derive(Clone)]
struct Answer {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Answer {
    fn json(value: &Value) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: "application/json; charset=utf-8",
            body: to_go_json(value).into_bytes(),
            location: None,
        }
    }
    fn with_status(mut self, status: StatusCode) -> Answer {
        self.status = status;
        self
    }
    fn text(status: StatusCode, text: &str) -> Answer {
        Answer { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec(), location: None }
    }
    fn error(code: i64, message: &str) -> Answer {
        Answer::json(&json!({"code": code, "message": message}))
    }
    fn not_found() -> Answer {
        Answer::text(StatusCode::NOT_FOUND, "404 page not found")
    }
}

fn lock(state: &Mutex<SimState>) -> MutexGuard<'_, SimState> {
    // A panic while holding the lock leaves consistent data here (no multi-step invariants).
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sim {
    pub fn new(cfg: Config) -> Arc<Sim> {
        let pace = Pace { rows_per_sec: cfg.rows_per_sec, slots: cfg.slots, ..Pace::default() };
        let mut state = SimState { rng: cfg.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1, ..SimState::default() };
        state.databases.insert("default".into());
        for name in ["book_embeddings", "movies"] {
            state.collections.insert(("default".into(), name.into()), BTreeSet::from(["_default".to_owned()]));
        }
        if let Some((user, password)) = cfg.auth.as_deref().and_then(|a| a.split_once(':')) {
            state.users.insert(user.into(), User { password: password.into(), can_import: true });
        }
        let clock = Clock::new(cfg.speed, cfg.zone_minutes);
        Arc::new(Sim { cfg, clock, pace, state: Mutex::new(state) })
    }

    pub fn add_user(&self, name: &str, user: User) {
        lock(&self.state).users.insert(name.into(), user);
    }

    pub fn add_collection(&self, db: &str, name: &str, partitions: &[String]) {
        let mut state = lock(&self.state);
        state.databases.insert(db.into());
        let entry = state.collections.entry((db.into(), name.into())).or_default();
        entry.insert("_default".into());
        entry.extend(partitions.iter().cloned());
    }

    pub fn add_database(&self, db: &str) {
        lock(&self.state).databases.insert(db.into());
    }

    /// Creates a seeded job (as if created `age_secs` ago) and returns its ID.
    pub fn seed_job(&self, seed: &SeedJob) -> String {
        let mut state = lock(&self.state);
        let mut job = self.new_job(&mut state, &seed.collection, &seed.files, seed.manual_commit, &seed.timing, seed.age_secs);
        job.age_by(seed.age_secs);
        // Seeded jobs exist at once, also on 2.6.
        job.created_real -= Duration::from_secs_f64(self.cfg.async_create + 1.0);
        if seed.frozen {
            job.freeze(self.clock.now());
        }
        let id = job.id.clone();
        state.jobs.push(job);
        id
    }

    /// A job created `age_secs` ago. Its ID is what Milvus's timestamp oracle allocates: the
    /// wall-clock milliseconds of creation in the upper 46 bits, a logical counter in the lower
    /// 18, and the file IDs after it (shared API page, §10), so an ID tells its creation time.
    fn new_job(&self, state: &mut SimState, collection: &str, files: &[Vec<String>], manual: bool, timing: &Timing, age_secs: f64) -> Job {
        state.next_job += 1;
        let n = state.next_job;
        let wall_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        let created_ms = wall_ms - (age_secs * 1000.0) as i64;
        // Room for 1,024 file IDs after each job's, so jobs created in one millisecond never
        // share an ID.
        let logical = (n as i64 * 1_031) % (1 << 18);
        let numeric_id = (created_ms << 18) | logical;
        let id = if self.cfg.profile.is_cloud() {
            let mut h = fnv(self.cfg.seed, &n.to_string());
            let mut id = String::from("job-");
            for _ in 0..22 {
                id.push(char::from(b"0123456789abcdefghijklmnopqrstuvwxyz"[(h % 36) as usize]));
                h = (h / 36) ^ h.rotate_left(17).wrapping_mul(31);
            }
            id
        } else {
            numeric_id.to_string()
        };
        let request =
            JobRequest { id, numeric_id, collection: collection.into(), files, manual_commit: manual, created_at: self.clock.now() };
        Job::plan(request, self.cfg.profile, &self.pace, timing, self.cfg.seed, &self.cfg.fail_pattern, &self.cfg.write_fail_pattern)
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

async fn route(sim: &Arc<Sim>, request: Request) -> Response {
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

/// Whether the server is still restarting after a crash.
fn coordinator_down(sim: &Sim) -> bool {
    let mut state = lock(&sim.state);
    match state.down_until {
        Some(until) if std::time::Instant::now() < until => true,
        Some(_) => {
            state.down_until = None;
            false
        }
        None => false,
    }
}

/// Headers go out, then the connection dies before the body: what a client sees of a server
/// process that dies mid-request (and of the `drop` fault).
fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async { Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped")) });
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert("Content-Type", HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

fn has_operation(profile: Profile, operation: &str) -> bool {
    match operation {
        "create" | "list" | "get_progress" => true,
        "describe" => profile.has_describe(),
        "getProgress" => profile.is_cloud(),
        "commit" | "abort" => profile.has_manual_commit(),
        _ => false,
    }
}

async fn read_body(request: Request) -> Option<Bytes> {
    axum::body::to_bytes(request.into_body(), MAX_BODY).await.ok()
}

fn count(map: &mut BTreeMap<String, u64>, key: &str) {
    *map.entry(key.to_owned()).or_default() += 1;
}

fn timeout_answer(profile: Profile) -> Answer {
    if profile.json_timeout() {
        Answer::error(10001, "request timeout").with_status(StatusCode::REQUEST_TIMEOUT)
    } else {
        Answer::text(StatusCode::REQUEST_TIMEOUT, "timeout")
    }
}

/// `Bearer user:pass`, raw `user:pass` or `Basic base64`; an API key on Cloud. Returns the
/// user name (None when auth is off).
fn authenticate(sim: &Sim, headers: &HeaderMap) -> Result<Option<String>, Answer> {
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

/// Applies latency and faults, then turns the answer into a response.
async fn deliver(sim: &Sim, answer: Answer, timeout: Option<Duration>) -> Response {
    let (fault, latency, cut) = {
        let mut state = lock(&sim.state);
        let latency = sim.cfg.latency * next_unit(&mut state.rng);
        let fault = (sim.cfg.fault_rate > 0.0 && next_unit(&mut state.rng) < sim.cfg.fault_rate && !sim.cfg.fault_kinds.is_empty())
            .then(|| sim.cfg.fault_kinds[(next_u64(&mut state.rng) % sim.cfg.fault_kinds.len() as u64) as usize]);
        if let Some(kind) = fault {
            count(&mut state.faults, kind.name());
        }
        (fault, latency, next_unit(&mut state.rng))
    };
    let mut delay = Duration::from_secs_f64(latency);
    if fault == Some(FaultKind::Slow) {
        delay += Duration::from_secs_f64(sim.cfg.slow);
    }
    if let Some(limit) = timeout.filter(|limit| delay > *limit) {
        tokio::time::sleep(limit).await;
        return into_response(timeout_answer(sim.cfg.profile));
    }
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fault {
        Some(FaultKind::BadGateway) => into_response(proxy_page(502, "Bad Gateway")),
        Some(FaultKind::GatewayTimeout) => into_response(proxy_page(504, "Gateway Time-out")),
        Some(FaultKind::HandlerPanic) => into_response(Answer::json(&json!({"code": 500})).with_status(StatusCode::INTERNAL_SERVER_ERROR)),
        Some(FaultKind::Drop) => dropped_connection(),
        Some(FaultKind::Truncate) => {
            let mut answer = answer;
            let keep = ((answer.body.len() as f64 * cut) as usize).clamp(1, answer.body.len().saturating_sub(1).max(1));
            answer.body.truncate(keep);
            into_response(answer)
        }
        _ => into_response(answer),
    }
}

/// What nginx answers when the backend is down or slow.
fn proxy_page(status: u16, title: &str) -> Answer {
    let body = format!(
        "<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n<center><h1>{status} {title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    Answer {
        status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        content_type: "text/html",
        body: body.into_bytes(),
        location: None,
    }
}

fn next_u64(rng: &mut u64) -> u64 {
    *rng ^= *rng >> 12;
    *rng ^= *rng << 25;
    *rng ^= *rng >> 27;
    rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn next_unit(rng: &mut u64) -> f64 {
    (next_u64(rng) >> 11) as f64 / (1u64 << 53) as f64
}

fn shuffle<T>(rng: &mut u64, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (next_u64(rng) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

fn plain_response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if !content_type.is_empty() {
        if let Ok(value) = HeaderValue::from_str(content_type) {
            response.headers_mut().insert("Content-Type", value);
        }
    }
    response
}

fn into_response(answer: Answer) -> Response {
    let mut response = plain_response(answer.status, answer.content_type, answer.body);
    if let Some(location) = answer.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert("Location", location);
    }
    response
}

/// A field of a JSON object, matched case-insensitively as Go's decoder does.
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn bad_json(detail: &str) -> Answer {
    Answer::error(1801, &format!("can only accept json format request, error: {detail}"))
}

fn missing(request: &str, field: &str) -> Answer {
    Answer::error(
        1802,
        &format!("missing required parameters, error: Key: '{request}.{field}' Error:Field validation for '{field}' failed on the 'required' tag"),
    )
}

/// Parses the body as Gin's JSON binding would, into an object.
fn parse_object(body: &[u8], request: &str) -> Result<Map<String, Value>, Answer> {
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
fn required_string(object: &Map<String, Value>, request: &str, go_field: &str, json_field: &str) -> Result<String, Answer> {
    match field(object, json_field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        None | Some(Value::Null) | Some(Value::String(_)) => Err(missing(request, go_field)),
        Some(other) => {
            Err(bad_json(&format!("json: cannot unmarshal {} into Go struct field {request}.{json_field} of type string", go_type(other))))
        }
    }
}

fn optional_string(object: &Map<String, Value>, request: &str, json_field: &str) -> Result<Option<String>, Answer> {
    match field(object, json_field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.is_empty())),
        Some(other) => {
            Err(bad_json(&format!("json: cannot unmarshal {} into Go struct field {request}.{json_field} of type string", go_type(other))))
        }
    }
}

fn success(profile: Profile, data: Value) -> Answer {
    Answer::json(&json!({"code": profile.success_code(), "data": data}))
}

/// The import endpoints, after auth.
fn api(sim: &Sim, operation: &str, headers: &HeaderMap, user: Option<&str>, body: &[u8]) -> Answer {
    let profile = sim.cfg.profile;
    let request_type = match operation {
        "create" => "ImportReq",
        "list" => "OptionalCollectionNameReq",
        _ => "JobIDReq",
    };
    let object = match parse_object(body, request_type) {
        Ok(object) => object,
        Err(answer) => return answer,
    };
    if profile.is_cloud() {
        let cluster = field(&object, "clusterId").and_then(Value::as_str).unwrap_or_default();
        let project = field(&object, "projectId").and_then(Value::as_str).unwrap_or_default();
        if cluster.is_empty() && project.is_empty() {
            return missing(request_type, "ClusterID");
        }
    }
    if let Some(scripted) = field(&object, "jobId").and_then(Value::as_str).and_then(|id| lock(&sim.state).scripted.get(id).cloned()) {
        return scripted;
    }
    let header_db = headers.get("DB-Name").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let result = match operation {
        "create" => create(sim, &object, header_db, user),
        "list" => list(sim, &object, header_db, user),
        "commit" | "abort" => commit_or_abort(sim, operation, &object, user),
        // Progress requests have no database field; the DB-Name header still has to name one.
        _ => database(sim, &Map::new(), header_db, request_type).and_then(|_| describe(sim, &object, user)),
    };
    result.unwrap_or_else(|answer| answer)
}

fn forbid(sim: &Sim, user: Option<&str>, privilege: &str) -> Result<(), Answer> {
    let allowed = may_import(&lock(&sim.state), user);
    if allowed {
        Ok(())
    } else {
        Err(forbidden(sim.cfg.profile, user.unwrap_or_default(), privilege))
    }
}

fn forbidden(profile: Profile, user: &str, privilege: &str) -> Answer {
    // 2.5 names the database in the message.
    let place = if profile == Profile::V2_5 { " in the `default` database" } else { "" };
    Answer::error(65535, &format!("rpc error: code = PermissionDenied desc = {privilege}: permission deny to {user}{place}"))
        .with_status(StatusCode::FORBIDDEN)
}

/// Whether a user holds the import privilege (scenarios grant it per user; no auth: everyone).
fn may_import(state: &SimState, user: Option<&str>) -> bool {
    user.is_none_or(|user| state.users.get(user).is_none_or(|known| known.can_import))
}

/// The privilege describe and list check, per line: 2.4/2.5 Import on the collection; 2.6.0–2.6.6
/// global GetImportProgress / ListImport; 2.6.7+ and 3.0 look the job up first, then Import
/// on its collection (and list drops what the user may not see, see `list`).
fn progress_privilege(profile: Profile, operation: &str) -> Option<&'static str> {
    match (profile, operation) {
        (Profile::V3_0, _) => None,
        (Profile::V2_6 | Profile::V2_6_6, "list") => Some("PrivilegeListImport"),
        (Profile::V2_6 | Profile::V2_6_6, _) => Some("PrivilegeGetImportProgress"),
        _ => Some("PrivilegeImport"),
    }
}

fn database(sim: &Sim, object: &Map<String, Value>, header_db: Option<String>, request: &str) -> Result<String, Answer> {
    let db = match header_db.filter(|d| !d.is_empty()) {
        Some(db) => db,
        None => optional_string(object, request, "dbName")?.unwrap_or_else(|| "default".into()),
    };
    if lock(&sim.state).databases.contains(&db) {
        Ok(db)
    } else {
        Err(Answer::error(800, &format!("database not found[database={db}]")))
    }
}

/// The proxy's checks of a file group at create time, by extension.
fn check_file_types(profile: Profile, group: &[String]) -> Result<(), Answer> {
    let kind = |path: &str| {
        let lower = path.to_ascii_lowercase();
        let known: &[&str] = if profile.reads_csv() { &["json", "parquet", "npy", "csv"] } else { &["json", "parquet", "npy"] };
        known.iter().copied().find(|ext| lower.ends_with(&format!(".{ext}")))
    };
    let listed = format!("files=[{}]", group.join(" "));
    let kinds: Vec<&str> = group
        .iter()
        .map(|p| kind(p))
        .collect::<Option<_>>()
        .ok_or_else(|| Answer::error(2100, &format!("unexpected file type, {listed}")))?;
    if kinds.iter().any(|k| *k != kinds[0]) {
        return Err(Answer::error(2100, "inconsistency in file types"));
    }
    let single = match kinds[0] {
        "json" => Some("JSON"),
        "parquet" => Some("Parquet"),
        "csv" => Some("CSV"),
        _ => None,
    };
    match single {
        Some(name) if group.len() > 1 => Err(Answer::error(2100, &format!("for {name} import, accepts only one file"))),
        _ => Ok(()),
    }
}

fn create(sim: &Sim, object: &Map<String, Value>, header_db: Option<String>, user: Option<&str>) -> Result<Answer, Answer> {
    let request = "ImportReq";
    let type_error = |field: &str, ty: &str, v: &Value| {
        bad_json(&format!("json: cannot unmarshal {} into Go struct field {request}.{field} of type {ty}", go_type(v)))
    };
    let collection = required_string(object, request, "CollectionName", "collectionName")?;
    let partition = optional_string(object, request, "partitionName")?;
    let files: Vec<Vec<String>> = match field(object, "files") {
        None | Some(Value::Null) if !sim.cfg.profile.is_cloud() => return Err(missing(request, "Files")),
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(groups)) => groups
            .iter()
            .map(|group| match group {
                Value::Array(paths) => {
                    paths.iter().map(|p| p.as_str().map(str::to_owned).ok_or_else(|| type_error("files", "string", p))).collect()
                }
                Value::Null => Ok(Vec::new()),
                other => Err(type_error("files", "[]string", other)),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(type_error("files", "[][]string", other)),
    };
    let mut options = BTreeMap::new();
    match field(object, "options") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                // Go decodes a JSON null into a string as a no-op: "".
                let text = if v.is_null() { "" } else { v.as_str().ok_or_else(|| type_error("options", "string", v))? };
                options.insert(k.clone(), text.to_owned());
            }
        }
        Some(other) => return Err(type_error("options", "map[string]string", other)),
    }
    let db = database(sim, object, header_db, request)?;
    forbid(sim, user, "PrivilegeImport")?;
    {
        let state = lock(&sim.state);
        let Some(partitions) = state.collections.get(&(db.clone(), collection.clone())) else {
            return Err(Answer::error(100, &format!("collection not found[collection={collection}]")));
        };
        if let Some(p) = partition.as_ref().filter(|p| !partitions.contains(*p)) {
            return Err(Answer::error(200, &format!("partition not found[partition={p}]")));
        }
    }
    // Empty groups are dropped first.
    let files: Vec<Vec<String>> = files.into_iter().filter(|group| !group.is_empty()).collect();
    if files.is_empty() && !sim.cfg.profile.is_cloud() {
        return Err(Answer::error(1100, "import request is empty: invalid parameter"));
    }
    // Zilliz Cloud takes its files as object URLs or volume paths instead.
    let files = if files.is_empty() && sim.cfg.profile.is_cloud() { cloud_files(object) } else { files };
    if files.is_empty() {
        return Err(Answer::error(1100, "import request is empty: invalid parameter"));
    }
    if files.len() > MAX_FILE_GROUPS {
        return Err(Answer::error(
            2100,
            &format!("The max number of import files should not exceed {MAX_FILE_GROUPS}, but got {}: importing data failed", files.len()),
        ));
    }
    if !sim.cfg.profile.is_cloud() {
        for group in &files {
            check_file_types(sim.cfg.profile, group)?;
        }
    }
    if options.contains_key("backup") && partition.is_none() {
        return Err(Answer::error(1100, "partition not specified"));
    }
    if let Some(value) = options.get("timeout").filter(|v| crate::clock::parse_duration(v).is_none()) {
        return Err(Answer::error(2100, &format!("parse timeout failed, value={value}: importing data failed")));
    }
    let manual = options.get("auto_commit").is_some_and(|v| v.eq_ignore_ascii_case("false"));
    let mut state = lock(&sim.state);
    let job = sim.new_job(&mut state, &collection, &files, manual, &Timing::default(), 0.0);
    let id = job.id.clone();
    state.jobs.push(job);
    Ok(success(sim.cfg.profile, json!({"jobId": id})))
}

fn cloud_files(object: &Map<String, Value>) -> Vec<Vec<String>> {
    let groups = |name: &str| -> Vec<Vec<String>> {
        field(object, name)
            .and_then(Value::as_array)
            .map(|groups| {
                groups.iter().filter_map(Value::as_array).map(|g| g.iter().filter_map(Value::as_str).map(str::to_owned).collect()).collect()
            })
            .unwrap_or_default()
    };
    let object_url = field(object, "objectUrl").and_then(Value::as_str).filter(|u| !u.is_empty());
    [groups("objectUrls"), groups("dataPaths"), object_url.map(|u| vec![vec![u.to_owned()]]).unwrap_or_default()]
        .into_iter()
        .find(|g| !g.is_empty())
        .unwrap_or_default()
}

/// The index of a live job, or the answer for a job that does not exist (or not yet, or no
/// longer).
/// Deletes the jobs past retention, as DataCoord's checker does.
fn prune_expired(sim: &Sim, state: &mut SimState) {
    let now = sim.clock.now();
    let retention = sim.cfg.retention;
    state.jobs.retain(|job| {
        let age = job.age(now);
        job.ended_at(age).is_none_or(|end| age - end <= retention)
    });
}

/// IDs as `strconv.ParseInt` reads them: "00123" is job 123.
fn same_job_id(stored: &str, asked: &str) -> bool {
    stored == asked || matches!((stored.parse::<i64>(), asked.parse::<i64>()), (Ok(a), Ok(b)) if a == b)
}

fn find_job(sim: &Sim, state: &mut SimState, job_id: &str) -> Result<usize, Answer> {
    let profile = sim.cfg.profile;
    if !profile.is_cloud() && job_id.parse::<i64>().is_err() {
        let parse = format!("strconv.ParseInt: parsing \"{job_id}\": invalid syntax");
        return Err(match profile.parse_error_style() {
            // Go's fmt left the %w verb in the text: it really reads "err=%wstrconv…".
            ParseErrorStyle::Verb => Answer::error(2100, &format!("parse job id failed, err=%w{parse}: importing data failed")),
            ParseErrorStyle::Wrapped => Answer::error(2100, &format!("parse job id failed: {parse}: importing data failed")),
            ParseErrorStyle::InvalidParameter => Answer::error(1100, &format!("parse job id failed: {parse}: invalid parameter")),
        });
    }
    prune_expired(sim, state);
    let found = state
        .jobs
        .iter()
        .position(|job| same_job_id(&job.id, job_id))
        .filter(|&i| !(profile.creates_asynchronously() && state.jobs[i].created_real.elapsed().as_secs_f64() < sim.cfg.async_create));
    found.ok_or_else(|| {
        if profile.crashes_on_unknown_job() {
            // DataCoord dereferences a nil job and dies (fixed in 2.4.5); the server is down
            // while it restarts. The answer below is never sent.
            state.crashes += 1;
            state.down_until = Some(std::time::Instant::now() + Duration::from_secs_f64(sim.cfg.crash_downtime));
            Answer::error(1, "service not ready")
        } else {
            let suffix = if profile.not_found_code() == 2101 { "importing data failed on server side" } else { "importing data failed" };
            Answer::error(profile.not_found_code(), &format!("import job does not exist, jobID={job_id}: {suffix}"))
        }
    })
}

fn describe(sim: &Sim, object: &Map<String, Value>, user: Option<&str>) -> Result<Answer, Answer> {
    let job_id = required_string(object, "JobIDReq", "JobID", "jobId")?;
    if let Some(privilege) = progress_privilege(sim.cfg.profile, "describe") {
        forbid(sim, user, privilege)?;
    }
    let mut state = lock(&sim.state);
    count(&mut state.by_job, &job_id);
    let index = find_job(sim, &mut state, &job_id)?;
    if progress_privilege(sim.cfg.profile, "describe").is_none() && !may_import(&state, user) {
        // 3.0: an unknown job is "does not exist" before any permission check.
        return Err(forbidden(sim.cfg.profile, user.unwrap_or_default(), "PrivilegeImport"));
    }
    let now = sim.clock.now();
    let job = &state.jobs[index];
    let snapshot = job.snapshot(job.age(now));
    let profile = sim.cfg.profile;
    let cloud = profile.is_cloud();
    let mut details: Vec<Value> = snapshot
        .details
        .iter()
        .map(|file| {
            let plan = &job.files[file.index];
            let mut entry = json!({
                "completeTime": file.complete_time.map(|t| sim.clock.format(t)).unwrap_or_default(),
                "fileName": file_name(profile.file_name_format(), plan.file_id, &plan.paths),
                "fileSize": file.size,
                "progress": file.progress,
                "state": file.state,
                "totalRows": file.total_rows,
            });
            if !cloud {
                entry["importedRows"] = json!(file.imported_rows);
            }
            match (&file.reason, cloud) {
                (Some(reason), _) => entry["reason"] = json!(reason),
                (None, true) => entry["reason"] = json!(""),
                (None, false) => {}
            }
            entry
        })
        .collect();
    let mut data = json!({
        "collectionName": job.collection,
        "completeTime": snapshot.complete_time.map(|t| sim.clock.format(t)).unwrap_or_default(),
        "fileSize": snapshot.file_size,
        // Echoed as sent (leading zeros and all).
        "jobId": job_id,
        "progress": snapshot.progress,
        "state": snapshot.state,
        "totalRows": snapshot.total_rows,
    });
    // Zilliz Cloud documents no importedRows, neither per job nor per file.
    if !cloud {
        data["importedRows"] = json!(snapshot.imported_rows);
    }
    if profile.has_create_time() {
        data["createTime"] = json!(sim.clock.format(job.created_at));
    }
    match (&snapshot.reason, cloud) {
        (Some(reason), _) => data["reason"] = json!(reason),
        (None, true) => data["reason"] = json!(""),
        (None, false) => {}
    }
    if cloud {
        let first = job.files.first().map(|f| file_name(FileNameFormat::Plain, f.file_id, &f.paths)).unwrap_or_default();
        data["fileName"] = json!(first);
    }
    let mut rng = state.rng;
    shuffle(&mut rng, &mut details);
    state.rng = rng;
    data["details"] = Value::Array(details);
    Ok(success(profile, data))
}

fn file_name(format: FileNameFormat, file_id: i64, paths: &[String]) -> String {
    match format {
        FileNameFormat::Bracketed => format!("[{}]", paths.join(" ")),
        FileNameFormat::Plain => paths.join(","),
        FileNameFormat::ProtobufText => protobuf_file_record(file_id, paths),
    }
}

fn list(sim: &Sim, object: &Map<String, Value>, header_db: Option<String>, user: Option<&str>) -> Result<Answer, Answer> {
    let request = "OptionalCollectionNameReq";
    let collection = optional_string(object, request, "collectionName")?;
    let db = database(sim, object, header_db, request)?;
    if let Some(privilege) = progress_privilege(sim.cfg.profile, "list") {
        forbid(sim, user, privilege)?;
    }
    // 3.0: no error, just none of the records the user may not see.
    let visible = may_import(&lock(&sim.state), user);
    let profile = sim.cfg.profile;
    let mut state = lock(&sim.state);
    if let Some(c) = &collection {
        if !state.collections.contains_key(&(db.clone(), c.clone())) {
            return Err(Answer::error(100, &format!("collection not found[collection={c}]")));
        }
    }
    // Prune expired jobs the same way describe does.
    prune_expired(sim, &mut state);
    let now = sim.clock.now();
    let mut records: Vec<Value> = state
        .jobs
        .iter()
        .filter(|_| visible)
        .filter(|job| collection.as_ref().is_none_or(|c| &job.collection == c))
        .filter(|job| !(profile.creates_asynchronously() && job.created_real.elapsed().as_secs_f64() < sim.cfg.async_create))
        .map(|job| {
            let snapshot = job.snapshot(job.age(now));
            let mut record = json!({"collectionName": job.collection, "jobId": job.id, "state": snapshot.state});
            // Zilliz Cloud's records carry no progress.
            if !profile.is_cloud() {
                record["progress"] = json!(snapshot.progress);
            }
            if let Some(reason) = snapshot.reason {
                record["reason"] = json!(reason);
            }
            record
        })
        .collect();
    let mut rng = state.rng;
    shuffle(&mut rng, &mut records);
    state.rng = rng;
    if !profile.is_cloud() {
        return Ok(success(profile, json!({"records": records})));
    }
    let number = |name: &str, default: u64| field(object, name).and_then(Value::as_u64).filter(|n| *n > 0).unwrap_or(default);
    let (page_size, page) = (number("pageSize", 10), number("currentPage", 1));
    let count = records.len();
    let start = ((page - 1) * page_size) as usize;
    let page_records: Vec<Value> = records.into_iter().skip(start).take(page_size as usize).collect();
    Ok(success(profile, json!({"count": count, "currentPage": page, "pageSize": page_size, "records": page_records})))
}

fn commit_or_abort(sim: &Sim, operation: &str, object: &Map<String, Value>, user: Option<&str>) -> Result<Answer, Answer> {
    let job_id = required_string(object, "JobIDReq", "JobID", "jobId")?;
    forbid(sim, user, "PrivilegeImport")?;
    let mut state = lock(&sim.state);
    if job_id.parse::<i64>().is_ok() && sim.cfg.auth.is_none() && !state.jobs.iter().any(|j| same_job_id(&j.id, &job_id)) {
        // Without auth the handler goes straight to DataCoord, which words it its own way; with
        // auth on, describe runs first and its "does not exist" comes back (find_job below).
        return Err(Answer::error(2101, &format!("job {job_id} not found: importing data failed on server side")));
    }
    let index = find_job(sim, &mut state, &job_id)?;
    let now = sim.clock.now();
    let job = &mut state.jobs[index];
    let age = job.age(now);
    let phase = job.phase(age);
    let name = phase.internal_name();
    // The state is checked before the auto-commit flag; both calls are idempotent.
    if operation == "commit" {
        match phase {
            Phase::Committing | Phase::Completed => return Ok(success(sim.cfg.profile, json!({}))),
            Phase::Uncommitted => {}
            _ => return Err(Answer::error(2100, &format!("job {job_id} is in state {name}, expected Uncommitted"))),
        }
    } else {
        match phase {
            Phase::Failed if job.aborted_at.is_some() => return Ok(success(sim.cfg.profile, json!({}))),
            Phase::Failed | Phase::Committing | Phase::Completed => {
                return Err(Answer::error(2100, &format!("job {job_id} is in terminal/committed state {name}, abort not allowed")));
            }
            _ => {}
        }
    }
    if !job.manual_commit {
        return Err(Answer::error(2100, &format!("job {job_id} is auto-commit, manual commit/abort not allowed")));
    }
    if operation == "commit" {
        job.committed_at = Some(age);
    } else {
        job.aborted_at = Some(age);
    }
    Ok(success(sim.cfg.profile, json!({})))
}

/// Test controls: request counts, freezing and resuming a job.
fn admin_api(sim: &Sim, path: &str, body: &[u8]) -> Answer {
    if path == "create" {
        // A job with its own pace (tests of ETAs and stalls), created now.
        let Ok(spec) = serde_json::from_slice::<Value>(body) else { return Answer::error(1801, "not JSON") };
        let files: Vec<Vec<String>> = serde_json::from_value(spec.get("files").cloned().unwrap_or(Value::Null)).unwrap_or_default();
        if files.is_empty() {
            return Answer::error(1100, "files is required");
        }
        let number = |key: &str| spec.get(key).and_then(Value::as_f64);
        let seed = SeedJob {
            collection: spec.get("collection").and_then(Value::as_str).unwrap_or("book_embeddings").to_owned(),
            files,
            timing: Timing {
                queue_secs: number("queueSecs"),
                sort_secs: number("sortSecs"),
                index_secs: number("indexSecs"),
                rows_per_sec: number("rowsPerSec"),
                rows: spec.get("rows").and_then(Value::as_u64),
            },
            ..SeedJob::default()
        };
        let id = sim.seed_job(&seed);
        return Answer::json(&json!({"jobId": id}));
    }
    let job_id = || serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("jobId").and_then(Value::as_str).map(str::to_owned));
    if path == "script" {
        // {"jobId", "status", "contentType", "body" | "bodyBase64" | "repeat": [text, times]}:
        // every progress request for that job ID gets exactly this answer.
        let Ok(spec) = serde_json::from_slice::<Value>(body) else { return Answer::error(1801, "not JSON") };
        let Some(id) = spec.get("jobId").and_then(Value::as_str) else { return Answer::error(1802, "jobId is required") };
        let bytes = if let Some(b64) = spec.get("bodyBase64").and_then(Value::as_str) {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.decode(b64).unwrap_or_default()
        } else {
            spec.get("body").and_then(Value::as_str).unwrap_or_default().as_bytes().to_vec()
        };
        let status = spec.get("status").and_then(Value::as_u64).and_then(|s| StatusCode::from_u16(s as u16).ok()).unwrap_or(StatusCode::OK);
        let content_type = match spec.get("contentType").and_then(Value::as_str) {
            Some("text/html") => "text/html",
            Some("text/plain") => "text/plain; charset=utf-8",
            _ => "application/json; charset=utf-8",
        };
        lock(&sim.state).scripted.insert(id.to_owned(), Answer { status, content_type, body: bytes, location: None });
        return Answer::json(&json!({"ok": true}));
    }
    let mut state = lock(&sim.state);
    match path {
        "stats" => {
            let total: u64 = state.requests.values().sum();
            Answer::json(
                &json!({"requests": total, "byOperation": state.requests, "byJob": state.by_job, "faults": state.faults, "jobs": state.jobs.len(), "crashes": state.crashes}),
            )
        }
        "stats/reset" => {
            state.requests.clear();
            state.by_job.clear();
            state.faults.clear();
            Answer::json(&json!({"ok": true}))
        }
        "advance" => {
            // {"secs": N}: simulated time jumps forward for every job, as if N seconds passed;
            // {"secs": N, "jobId": …}: only that job ages (other tests' jobs are left alone).
            let secs = serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("secs").and_then(Value::as_f64));
            let Some(secs) = secs.filter(|s| s.is_finite() && *s >= 0.0) else {
                return Answer::error(1802, "secs (a number, 0 or more) is required");
            };
            match job_id() {
                None => sim.clock.advance(secs),
                Some(id) => match state.jobs.iter_mut().find(|j| j.id == id) {
                    Some(job) => job.age_by(secs),
                    None => return Answer::error(2100, "no such job"),
                },
            }
            Answer::json(&json!({"ok": true}))
        }
        "freeze" | "resume" => {
            let now = sim.clock.now();
            let Some(id) = job_id() else { return Answer::error(1802, "jobId is required") };
            match state.jobs.iter_mut().find(|j| j.id == id) {
                Some(job) if path == "freeze" => {
                    job.freeze(now);
                    Answer::json(&json!({"ok": true}))
                }
                Some(job) => {
                    job.resume(now);
                    Answer::json(&json!({"ok": true}))
                }
                None => Answer::error(2100, "no such job"),
            }
        }
        "jobs" => {
            let now = sim.clock.now();
            let jobs: Vec<Value> = state
                .jobs
                .iter()
                .map(|j| json!({"jobId": j.id, "collection": j.collection, "phase": format!("{:?}", j.phase(j.age(now))), "frozen": j.frozen_since.is_some()}))
                .collect();
            Answer::json(&json!({"jobs": jobs}))
        }
        _ => Answer::not_found(),
    }
}

/// Static files for `--serve DIR`: `/` is `index.html`; no path escapes the folder.
fn serve_static(dir: &Path, path: &str) -> Answer {
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
