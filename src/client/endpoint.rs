//! What the user typed as an endpoint, turned into a base URL the API paths can follow.

use crate::error::ApiError;

/// The part of the API path that a pasted URL may contain; everything from here on is dropped.
const API_ROOT: &str = "/v2/vectordb";

/// Hosts of Zilliz Cloud's control plane, which speaks the Cloud flavour of the API.
const CLOUD_API_HOSTS: [&str; 2] = ["api.cloud.zilliz.com", "api.cloud.zilliz.com.cn"];

/// A normalised endpoint: `scheme://host[:port][/prefix]`, no trailing slash.
///
/// ```
/// use milvus_import_monitor::client::Endpoint;
/// let e = Endpoint::parse("localhost:19530/v2/vectordb/jobs/import/describe").unwrap();
/// assert_eq!(e.base(), "http://localhost:19530");
/// assert_eq!(e.origin(), "http://localhost:19530");
/// let proxied = Endpoint::parse("https://admin.example.com/milvus/").unwrap();
/// assert_eq!(proxied.base(), "https://admin.example.com/milvus");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    base: String,
    origin: String,
    host: String,
}

impl Endpoint {
    /// Accepts a missing scheme (http, or https for Zilliz Cloud hosts), a trailing slash, a
    /// pasted full API path, a query or a fragment.
    pub fn parse(input: &str) -> Result<Endpoint, ApiError> {
        let invalid = || ApiError::InvalidEndpoint { input: input.trim().to_owned() };
        let trimmed = input.trim();
        if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
            return Err(invalid());
        }
        let (scheme, rest) = match trimmed.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => (String::new(), trimmed),
        };
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (authority, path) = match rest.find('/') {
            Some(slash) => rest.split_at(slash),
            None => (rest, ""),
        };
        // Userinfo in a URL would put credentials where they get logged; refuse it.
        if authority.is_empty() || authority.contains('@') {
            return Err(invalid());
        }
        let authority = authority.to_ascii_lowercase();
        let host = host_of(&authority);
        if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || "-._[]:".contains(c)) {
            return Err(invalid());
        }
        let port = authority.get(host.len()..).unwrap_or_default();
        if !(port.is_empty()
            || port.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())))
        {
            return Err(invalid());
        }
        let scheme = match scheme.as_str() {
            "" if CLOUD_API_HOSTS.contains(&host) || host.ends_with(".zillizcloud.com") => "https",
            "" => "http",
            "http" => "http",
            "https" => "https",
            _ => return Err(invalid()),
        };
        let authority = strip_default_port(scheme, &authority);
        let path = path.find(API_ROOT).and_then(|at| path.get(..at)).unwrap_or(path);
        let path = path.trim_end_matches('/');
        let origin = format!("{scheme}://{authority}");
        Ok(Endpoint { base: format!("{origin}{path}"), host: host_of(authority).to_owned(), origin })
    }

    /// Where the API paths go: `{base}/v2/vectordb/jobs/import/{op}`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `scheme://host[:port]`, as `window.location.origin` spells it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The host name, without the port.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// True for Zilliz Cloud's control-plane API, which has its own paths and bodies.
    pub fn is_zilliz_cloud_api(&self) -> bool {
        CLOUD_API_HOSTS.contains(&self.host())
    }

    /// `http`, not https.
    pub fn is_plain_http(&self) -> bool {
        self.base.starts_with("http://")
    }

    /// localhost, 127.0.0.0/8 or [::1]: browsers treat these as secure even over http.
    pub fn is_loopback(&self) -> bool {
        let host = self.host();
        host == "localhost" || host.ends_with(".localhost") || host == "[::1]" || host.starts_with("127.")
    }

    /// The full URL of one import operation.
    pub fn import_url(&self, operation: &str) -> String {
        self.api_url(&format!("jobs/import/{operation}"))
    }

    /// The URL of any REST v2 path (`indexes/describe`, `collections/get_stats`, …).
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{API_ROOT}/{path}", self.base)
    }
}

/// The host part of `host[:port]`, keeping IPv6 brackets.
fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        authority.find(']').and_then(|end| authority.get(..=end)).unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    }
}

fn strip_default_port<'a>(scheme: &str, authority: &'a str) -> &'a str {
    let default = if scheme == "https" { ":443" } else { ":80" };
    authority.strip_suffix(default).unwrap_or(authority)
}
