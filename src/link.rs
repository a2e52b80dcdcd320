//! The page's link: the query string that reopens a view (endpoint, job, database, cluster,
//! interval), built and read here, both ways tested. A token is never written to or read from
//! a URL: URLs end up in history, logs and chat.

use crate::format::percent_encode;
use crate::state::FormFields;

/// The query string that reopens this view: endpoint, job (the parameter repeated for each job
/// of a batch), database and cluster; never the token.
///
/// ```
/// use milvus_import_monitor::link::share_query;
/// use milvus_import_monitor::state::FormFields;
/// let form = FormFields { endpoint: "http://m:19530".into(), job_id: "7".into(), token: "root:Milvus".into(), ..Default::default() };
/// assert_eq!(share_query(&form), "?endpoint=http%3A%2F%2Fm%3A19530&jobId=7");
/// let batch = FormFields { job_id: "7, 8\n9".into(), ..form };
/// assert_eq!(share_query(&batch), "?endpoint=http%3A%2F%2Fm%3A19530&jobId=7&jobId=8&jobId=9");
/// ```
pub fn share_query(form: &FormFields) -> String {
    let job_ids = crate::state::batch::split_job_ids(&form.job_id);
    let mut query = query_of(&form.endpoint, &job_ids, &form.db_name, &form.cluster_id, None);
    for (n, server) in form.servers.iter().enumerate() {
        // A pair's standby is asked for the primary's jobs: its own IDs are not written.
        let ids = if form.pair && n == 0 { Vec::new() } else { crate::state::batch::split_job_ids(&server.job_id) };
        let part = query_of(&server.endpoint, &ids, &server.db_name, &server.cluster_id, None);
        if let Some(rest) = part.strip_prefix('?') {
            query.push('&');
            query.push_str(rest);
        }
    }
    if form.pair && !form.servers.is_empty() {
        query.push_str(&format!("&pair=1&stall={}", (form.stall_ms() / 1000.0).round()));
    }
    query
}

/// The query string of what the page watches now (the batch, else the job), for the address
/// bar: a reload or a bookmark reopens it. The poll interval is added when it is not the
/// default. `None` when nothing is watched. Never the token.
///
/// ```
/// use milvus_import_monitor::client::{Connection, Endpoint};
/// use milvus_import_monitor::link::watched_query;
/// use milvus_import_monitor::state::{JobAction, PageState, Watch};
/// let connection = Connection::new(Endpoint::parse("m:19530").unwrap(), "root:Milvus");
/// let watch = Watch { connection, job_id: "7".into(), interval_ms: 5_000, started_ms: 0.0 };
/// let mut state = PageState::default();
/// assert_eq!(watched_query(&state), None);
/// state.job = state.job.apply(JobAction::Start(Ok(watch))).unwrap();
/// assert_eq!(watched_query(&state).unwrap(), "?endpoint=http%3A%2F%2Fm%3A19530&jobId=7&interval=5");
/// ```
pub fn watched_query(state: &crate::state::PageState) -> Option<String> {
    let (connection, job_ids, interval_ms) = match (&state.batch.target, &state.job.target) {
        (Some(batch), _) if batch.servers.len() > 1 => return Some(servers_query(state.batch.entries.as_slice(), batch)),
        (Some(batch), _) => (batch.first()?, state.batch.entries.iter().map(|e| e.job_id.clone()).collect(), batch.interval_ms),
        (None, Some(job)) => (&job.connection, vec![job.job_id.clone()], job.interval_ms),
        (None, None) => return None,
    };
    let interval = (interval_ms != crate::policy::DEFAULT_INTERVAL_MS).then(|| (f64::from(interval_ms) / 1000.0).to_string());
    let db = connection.db_name.as_deref().unwrap_or_default();
    let cluster = connection.cluster_id.as_deref().unwrap_or_default();
    Some(query_of(connection.endpoint.base(), &job_ids, db, cluster, interval.as_deref()))
}

/// A batch over several servers: each `endpoint` followed by its own `db`, `clusterId` and
/// `jobId`s (a pair's standby names no job: it is asked for the primary's), then `pair` and
/// `stall` (seconds) for a CDC pair. Never a token.
fn servers_query(entries: &[crate::state::batch::BatchEntry], target: &crate::state::batch::BatchTarget) -> String {
    let mut query = String::new();
    for (server, connection) in target.servers.iter().enumerate() {
        let job_ids: Vec<String> = if target.pair.is_some() && server > 0 {
            Vec::new()
        } else {
            entries.iter().filter(|e| e.server == server).map(|e| e.job_id.clone()).collect()
        };
        let db = connection.db_name.as_deref().unwrap_or_default();
        let cluster = connection.cluster_id.as_deref().unwrap_or_default();
        let part = query_of(connection.endpoint.base(), &job_ids, db, cluster, None);
        query.push_str(if query.is_empty() { &part } else { part.trim_start_matches('?') }.trim_start_matches('&'));
        query.push('&');
    }
    if let Some(pair) = target.pair {
        query.push_str(&format!("pair=1&stall={}&", (pair.stall_ms / 1000.0).round()));
    }
    if target.interval_ms != crate::policy::DEFAULT_INTERVAL_MS {
        query.push_str(&format!("interval={}&", f64::from(target.interval_ms) / 1000.0));
    }
    query.trim_end_matches('&').to_owned()
}

fn query_of(endpoint: &str, job_ids: &[String], db: &str, cluster: &str, interval: Option<&str>) -> String {
    let mut query = String::new();
    let fields = [("endpoint", endpoint)].into_iter().chain(job_ids.iter().map(|id| ("jobId", id.as_str())));
    let rest = [("db", db), ("clusterId", cluster), ("interval", interval.unwrap_or_default())];
    for (key, value) in fields.chain(rest) {
        let value = value.trim();
        if !value.is_empty() {
            query.push(if query.is_empty() { '?' } else { '&' });
            query.push_str(key);
            query.push('=');
            query.push_str(&percent_encode(value));
        }
    }
    query
}

/// The form a query string prefills (`?endpoint=…&jobId=…&db=…&clusterId=…&interval=…`), read
/// as `URLSearchParams` reads it; a repeated `jobId` is a batch (its IDs one per line); any
/// `token` parameter is ignored. The flag says whether to
/// start watching at once (endpoint and job ID given).
///
/// ```
/// use milvus_import_monitor::link::read_query;
/// let (form, autostart) = read_query("?endpoint=http%3A%2F%2Fm%3A19530&jobId=7&token=leaked&interval=5");
/// assert_eq!((form.endpoint.as_str(), form.job_id.as_str(), form.interval_secs.as_str()), ("http://m:19530", "7", "5"));
/// assert!(form.token.is_empty() && autostart);
/// ```
pub fn read_query(search: &str) -> (FormFields, bool) {
    let pairs: Vec<(String, String)> = search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .map(|(key, value)| (percent_decode(key), percent_decode(value)))
        .collect();
    // The first of a repeated parameter, as URLSearchParams.get() answers; blank is absent.
    let get = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty());
    let defaults = FormFields::default();
    let servers = other_servers(&pairs);
    let stall_minutes =
        get("stall").and_then(|s| crate::model::decimal(&s)).filter(|s| s.is_finite() && *s > 0.0).map(|s| (s / 60.0).to_string());
    let form = FormFields {
        asks_tokens: !servers.is_empty(),
        pair: get("pair").is_some_and(|p| p == "1") && servers.len() == 1,
        stall_minutes: stall_minutes.unwrap_or(defaults.stall_minutes.clone()),
        servers,
        endpoint: get("endpoint").unwrap_or_default(),
        job_id: job_lines(first_group(&pairs)),
        db_name: group_value(first_group(&pairs), "db"),
        cluster_id: group_value(first_group(&pairs), "clusterId"),
        interval_secs: get("interval").unwrap_or(defaults.interval_secs.clone()),
        ..defaults
    };
    // A link never carries tokens: with several servers, the page asks for them first.
    let autostart = !form.endpoint.is_empty() && !form.job_id.is_empty() && !form.asks_tokens;
    (form, autostart)
}

/// The parameters of the first server: everything before the second `endpoint`.
fn first_group(pairs: &[(String, String)]) -> &[(String, String)] {
    let second = pairs.iter().enumerate().filter(|(_, (k, _))| k == "endpoint").nth(1).map_or(pairs.len(), |(i, _)| i);
    pairs.get(..second).unwrap_or(pairs)
}

/// The servers after the first, each from its `endpoint` to the next.
fn other_servers(pairs: &[(String, String)]) -> Vec<crate::state::ServerFields> {
    let starts: Vec<usize> = pairs.iter().enumerate().filter(|(_, (k, _))| k == "endpoint").map(|(i, _)| i).collect();
    starts
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(n, start)| {
            let end = starts.get(n + 1).copied().unwrap_or(pairs.len());
            let group = pairs.get(*start..end)?;
            let endpoint = group_value(group, "endpoint");
            (!endpoint.is_empty()).then(|| crate::state::ServerFields {
                endpoint,
                db_name: group_value(group, "db"),
                cluster_id: group_value(group, "clusterId"),
                job_id: job_lines(group),
                ..Default::default()
            })
        })
        .collect()
}

fn group_value(group: &[(String, String)], name: &str) -> String {
    group.iter().find(|(key, _)| key == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
}

fn job_lines(group: &[(String, String)]) -> String {
    group.iter().filter(|(key, v)| key == "jobId" && !v.trim().is_empty()).map(|(_, v)| v.trim()).collect::<Vec<_>>().join("\n")
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; a malformed
/// escape stays as it is, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%').then(|| bytes.get(i + 1..i + 3)).flatten().and_then(|hex| {
            let hex = std::str::from_utf8(hex).ok()?;
            u8::from_str_radix(hex, 16).ok()
        });
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_link_reopens_the_same_view() {
        let form = FormFields {
            endpoint: "https://in01-x.api.gcp-us-west1.zillizcloud.com".into(),
            job_id: "job-01fa0e5d42cjxudhpuehyp".into(),
            db_name: "ünïcode & more".into(),
            cluster_id: "in01-x".into(),
            token: "secret".into(),
            ..FormFields::default()
        };
        let (back, autostart) = read_query(&share_query(&form));
        assert!(autostart);
        assert_eq!(back, FormFields { token: String::new(), ..form });
    }

    #[test]
    fn odd_queries_are_read_as_the_browser_reads_them() {
        let (form, autostart) = read_query("?jobId=%E2%9C%93+1&jobId=&endpoint=&db=%zz&interval=");
        assert_eq!((form.job_id.as_str(), form.db_name.as_str()), ("✓ 1", "%zz"));
        assert_eq!(form.interval_secs, FormFields::default().interval_secs, "an empty interval keeps the default");
        assert!(!autostart, "no endpoint");
        assert_eq!(read_query(""), (FormFields::default(), false));
    }

    #[test]
    fn a_batch_link_repeats_the_job_parameter_both_ways() {
        let pasted = FormFields {
            endpoint: "http://m:19530".into(),
            job_id: "461829374610022401, 461829374610022405 461829374610022409".into(),
            ..FormFields::default()
        };
        let query = share_query(&pasted);
        assert_eq!(query, "?endpoint=http%3A%2F%2Fm%3A19530&jobId=461829374610022401&jobId=461829374610022405&jobId=461829374610022409");
        let (back, autostart) = read_query(&query);
        assert!(autostart);
        assert_eq!(crate::state::batch::split_job_ids(&back.job_id), crate::state::batch::split_job_ids(&pasted.job_id));
        assert_eq!(share_query(&back), query, "the link of a reopened batch is the same link");
    }
}
