//! Every way a request for an import job can fail, each with a one-sentence message that says
//! what to do about it.

use thiserror::Error;

/// How long a server keeps a finished job, in words: `dataCoord.import.taskRetention`, whose
/// default grew from 3 h to 48 h in 2.6.24 and 3.0.2 (shared API page, §11), and which any
/// operator may change. Never a bare "3 h".
pub const RETENTION_WORDS: &str = "the server's retention time (3 h by default before 2.6.24 and 3.0.2, 48 h from them)";

/// Why a network-level failure happened, as far as the page can know: the browser gives no
/// status for these, so the cause is inferred from the page's and the endpoint's origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkCause {
    /// An https page calling an http endpoint that is not loopback: the browser blocks it.
    MixedContent,
    /// Another origin: the server is down, unreachable, or refused the CORS preflight.
    CrossOrigin,
    /// Same origin (or no browser): the server or the proxy in front of it is not answering.
    Unreachable,
}

/// A failed import-API call.
///
/// ```
/// use milvus_import_monitor::ApiError;
/// let err = ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() };
/// assert_eq!(err.kind(), "unauthorized");
/// assert!(err.to_string().contains("token"));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ApiError {
    #[error("“{input}” is not a usable endpoint: enter the Milvus address, such as http://localhost:19530.")]
    InvalidEndpoint { input: String },

    #[error("Enter a job ID: the number that create returned (or job-… on Zilliz Cloud).")]
    MissingJobId,

    /// Digits that no Milvus issued: job IDs carry their creation time, and this one decodes
    /// to before 2019 or to the future. Nothing was sent.
    #[error("“{job_id}” is not a job ID this server issued: Milvus job IDs carry their creation time, and this one decodes to {decodes_to}; copy the whole ID that create returned, or pick the job from All jobs.")]
    NotIssuedJobId { job_id: String, decodes_to: String },

    /// Job IDs that cannot be right (a letter, IDs run together, an impossible time), each named
    /// in the message; nothing was sent for any of them.
    #[error("{message}")]
    UnusableJobIds { message: String },

    /// A form the user filled in is incomplete; the message says what to add.
    #[error("{message}")]
    InvalidInput { message: String },

    #[error("{}", network_message(*cause, endpoint))]
    Network { cause: NetworkCause, endpoint: String },

    #[error("The request was cancelled.")]
    Aborted,

    #[error("The server rejected the token ({message}): enter user:password, or the API key on Zilliz Cloud.")]
    Unauthorized { code: Option<i64>, message: String },

    /// The server wants credentials and none were entered.
    #[error("This server requires a token ({message}): enter user:password, or the API key on Zilliz Cloud.")]
    TokenRequired { code: Option<i64>, message: String },

    #[error("The token is valid but lacks the import privilege ({message}): grant it, or name the right database; the DB-Name header only reaches Milvus from a same-origin proxy.")]
    Forbidden { code: Option<i64>, message: String },

    #[error("This address answered 404 for the import API: it is not a Milvus REST endpoint (check the port, 19530 by default), or the server is older than 2.4 and has no v2 import routes.")]
    RouteNotFound,

    #[error("The request timed out ({message}); the server is busy or unreachable, the next poll will try again.")]
    Timeout { code: Option<i64>, message: String },

    /// The page's own deadline passed before any answer: there is no HTTP status to report.
    #[error("No answer within {} s; the server is busy or unreachable, the next poll will try again.", after_ms / 1000)]
    NoAnswer { after_ms: u32 },

    #[error("The server or a proxy in front of it failed with HTTP {status} ({summary}); the next poll will try again.")]
    ServerError { status: u16, code: Option<i64>, summary: String },

    #[error("The server could not read the request (code {code}: {message}); check the job ID and the endpoint's Milvus version.")]
    BadRequest { code: i64, message: String },

    #[error(
        "Job {job_id} does not exist on this server: check the ID and the database, or the job finished more than {} ago and was deleted.",
        RETENTION_WORDS
    )]
    JobNotFound { code: i64, message: String, job_id: String },

    /// The server could not read the ID as a number (`message` is its own text, Go's parse
    /// error, kept for the record but not shown: it reads as noise).
    #[error("This server takes numeric job IDs, and “{job_id}” is not one: a job-… ID belongs to Zilliz Cloud (enter the cluster ID and the Cloud API endpoint); a Milvus job ID is the number create returned.")]
    BadJobId { code: i64, message: String, job_id: String },

    #[error("Milvus is not ready (code {code}: {message}); the next poll will try again.")]
    ServiceUnavailable { code: i64, message: String },

    #[error("The server's answer is not valid import-API JSON ({detail}).")]
    Malformed { status: u16, detail: String },

    #[error("Milvus answered code {code}: {message}{}", code_side(*code))]
    Milvus { code: i64, message: String },
}

/// The kinds of failure, and what each means: the one table the JS API's `kind` names and the
/// npm package's TypeScript `ImportErrorKind` ([`ERROR_KINDS_TYPESCRIPT`]) are both written from.
macro_rules! error_kinds {
    ($($kind:ident = $name:literal: $meaning:literal,)*) => {
        /// The kind of a failure, as the JS API names it (`ApiError::kind`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorKind {
            $($kind,)*
        }

        impl ErrorKind {
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind,)*];

            /// The stable name (`"job-not-found"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $name,)*
                }
            }

            /// What it means, in a few words.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $meaning,)*
                }
            }
        }

        /// The npm package's `ImportErrorKind`, written from the same table.
        pub const ERROR_KINDS_TYPESCRIPT: &str = concat!(
            "/** What went wrong, machine-readable (one name per kind of failure; see each line). */\nexport type ImportErrorKind =",
            $("\n  | \"", $name, "\" // ", $meaning,)*
            "\n  ;\n"
        );
    };
}

error_kinds! {
    InvalidEndpoint = "invalid-endpoint": "the endpoint cannot be used",
    MissingJobId = "missing-job-id": "no job ID was given",
    NotAJobId = "not-a-job-id": "an ID no server can have issued; nothing was sent",
    InvalidInput = "invalid-input": "a field the browser cannot send, or a form to complete",
    Network = "network": "no response at all (server down, CORS, mixed content)",
    Aborted = "aborted": "the page cancelled the request",
    Unauthorized = "unauthorized": "the server refused the token, or wants one",
    Forbidden = "forbidden": "the token lacks the privilege",
    RouteNotFound = "route-not-found": "not a Milvus REST endpoint",
    Timeout = "timeout": "the server timed out",
    NoAnswer = "no-answer": "no answer within the page's deadline",
    ServerError = "server-error": "the server or a proxy failed",
    BadRequest = "bad-request": "the server could not read the request",
    JobNotFound = "job-not-found": "the job does not exist (or no longer)",
    BadJobId = "bad-job-id": "the server takes numeric job IDs",
    ServiceUnavailable = "service-unavailable": "Milvus is not ready",
    Malformed = "malformed": "the answer is not the API's JSON",
    Milvus = "milvus": "a Milvus code this page does not know",
}

fn network_message(cause: NetworkCause, endpoint: &str) -> String {
    match cause {
        NetworkCause::MixedContent => format!(
            "This https page cannot call {endpoint} over plain http: serve Milvus over https, or open this page over http or from a same-origin proxy."
        ),
        NetworkCause::CrossOrigin => format!(
            "No answer from {endpoint}: the server is down or unreachable, or it refused this page's cross-origin request; check the address, or serve this page from a same-origin proxy."
        ),
        NetworkCause::Unreachable => format!(
            "No answer from {endpoint}: the server or the proxy in front of it is down or unreachable."
        ),
    }
}

impl ApiError {
    /// A stable, machine-readable name for the kind of failure (used by the JS API).
    pub fn kind(&self) -> &'static str {
        self.error_kind().name()
    }

    /// The kind of failure ([`ErrorKind`]).
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            Self::InvalidEndpoint { .. } => ErrorKind::InvalidEndpoint,
            Self::MissingJobId => ErrorKind::MissingJobId,
            Self::NotIssuedJobId { .. } | Self::UnusableJobIds { .. } => ErrorKind::NotAJobId,
            Self::InvalidInput { .. } => ErrorKind::InvalidInput,
            Self::Network { .. } => ErrorKind::Network,
            Self::Aborted => ErrorKind::Aborted,
            Self::Unauthorized { .. } | Self::TokenRequired { .. } => ErrorKind::Unauthorized,
            Self::Forbidden { .. } => ErrorKind::Forbidden,
            Self::RouteNotFound => ErrorKind::RouteNotFound,
            Self::Timeout { .. } => ErrorKind::Timeout,
            Self::NoAnswer { .. } => ErrorKind::NoAnswer,
            Self::ServerError { .. } => ErrorKind::ServerError,
            Self::BadRequest { .. } => ErrorKind::BadRequest,
            Self::JobNotFound { .. } => ErrorKind::JobNotFound,
            Self::BadJobId { .. } => ErrorKind::BadJobId,
            Self::ServiceUnavailable { .. } => ErrorKind::ServiceUnavailable,
            Self::Malformed { .. } => ErrorKind::Malformed,
            Self::Milvus { .. } => ErrorKind::Milvus,
        }
    }

    /// The same error, said as what it is when no token was sent: the server did not reject a
    /// token, it asked for one.
    ///
    /// ```
    /// use milvus_import_monitor::ApiError;
    /// let refused = ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() };
    /// assert!(refused.clone().sent_without_token().to_string().starts_with("This server requires a token"));
    /// assert_eq!(refused.sent_without_token().kind(), "unauthorized");
    /// ```
    pub fn sent_without_token(self) -> ApiError {
        match self {
            Self::Unauthorized { code, message } => Self::TokenRequired { code, message },
            other => other,
        }
    }

    /// The page refused the Job ID field's IDs before sending anything.
    pub fn refuses_job_ids(&self) -> bool {
        matches!(self, Self::MissingJobId | Self::NotIssuedJobId { .. } | Self::UnusableJobIds { .. })
    }

    /// The Milvus code, when the server sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Unauthorized { code, .. }
            | Self::TokenRequired { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Timeout { code, .. }
            | Self::ServerError { code, .. } => *code,
            Self::BadRequest { code, .. }
            | Self::JobNotFound { code, .. }
            | Self::BadJobId { code, .. }
            | Self::ServiceUnavailable { code, .. }
            | Self::Milvus { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status the error came with, when there was a response.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized { .. } | Self::TokenRequired { .. } => Some(401),
            Self::Forbidden { .. } => Some(403),
            Self::RouteNotFound => Some(404),
            Self::ServerError { status, .. } | Self::Malformed { status, .. } => Some(*status),
            Self::Timeout { .. } => Some(408),
            Self::BadRequest { .. }
            | Self::JobNotFound { .. }
            | Self::BadJobId { .. }
            | Self::ServiceUnavailable { .. }
            | Self::Milvus { .. } => Some(200),
            _ => None,
        }
    }
}

/// Whose move it is: from the 3.0 line the server itself splits its import errors into "your
/// data" (2100, `importing data failed`) and "the server" (2101, `importing data failed on
/// server side`, and the object-storage codes 1005–1012 from 2.6.14): shared API page, §11.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The data or the request is wrong: the person who sent the import fixes it.
    YourData,
    /// The server, its storage or its configuration: the operator of the cluster acts.
    Operator,
}

impl Side {
    /// "Fix the data" / "Ask the operator".
    pub fn words(self) -> &'static str {
        match self {
            Side::YourData => "Fix the data",
            Side::Operator => "Ask the operator",
        }
    }

    /// Why, in a sentence.
    pub fn because(self) -> &'static str {
        match self {
            Side::YourData => "the files or the request are wrong; sending them again unchanged fails again.",
            Side::Operator => "the server, its object storage or its configuration failed; the data may be fine.",
        }
    }

    /// The side an error code names on its own (the 3.0 line's split and the object-storage
    /// codes); `None` where a code says nothing of it.
    ///
    /// ```
    /// use milvus_import_monitor::job::triage::Side;
    /// assert_eq!(Side::of_code(2101), Some(Side::Operator));
    /// assert_eq!(Side::of_code(1007), Some(Side::Operator));
    /// assert_eq!(Side::of_code(2100), Some(Side::YourData));
    /// assert_eq!(Side::of_code(1), None);
    /// ```
    pub fn of_code(code: i64) -> Option<Side> {
        match code {
            2101 | 1005..=1012 => Some(Side::Operator),
            2100 | 1100 => Some(Side::YourData),
            _ => None,
        }
    }
}

/// What an error code alone says about whose move it is (the 3.0 line's split, shared API
/// page §11): appended to a Milvus error's message.
fn code_side(code: i64) -> &'static str {
    match Side::of_code(code) {
        Some(Side::Operator) => " (the server's side: ask its operator)",
        Some(Side::YourData) => " (the request or the data: fix it and send it again)",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of each variant: the match has no wildcard, so a new variant does not compile
    /// until it is here, and so in the table's check below.
    fn one_of_each() -> Vec<ApiError> {
        let sample = ApiError::MissingJobId;
        match &sample {
            ApiError::InvalidEndpoint { .. }
            | ApiError::MissingJobId
            | ApiError::NotIssuedJobId { .. }
            | ApiError::UnusableJobIds { .. }
            | ApiError::InvalidInput { .. }
            | ApiError::Network { .. }
            | ApiError::Aborted
            | ApiError::Unauthorized { .. }
            | ApiError::TokenRequired { .. }
            | ApiError::Forbidden { .. }
            | ApiError::RouteNotFound
            | ApiError::Timeout { .. }
            | ApiError::NoAnswer { .. }
            | ApiError::ServerError { .. }
            | ApiError::BadRequest { .. }
            | ApiError::JobNotFound { .. }
            | ApiError::BadJobId { .. }
            | ApiError::ServiceUnavailable { .. }
            | ApiError::Malformed { .. }
            | ApiError::Milvus { .. } => {}
        }
        let text = || String::from("x");
        vec![
            ApiError::InvalidEndpoint { input: text() },
            sample,
            ApiError::NotIssuedJobId { job_id: text(), decodes_to: text() },
            ApiError::UnusableJobIds { message: text() },
            ApiError::InvalidInput { message: text() },
            ApiError::Network { cause: NetworkCause::Unreachable, endpoint: text() },
            ApiError::Aborted,
            ApiError::Unauthorized { code: None, message: text() },
            ApiError::TokenRequired { code: None, message: text() },
            ApiError::Forbidden { code: None, message: text() },
            ApiError::RouteNotFound,
            ApiError::Timeout { code: None, message: text() },
            ApiError::NoAnswer { after_ms: 0 },
            ApiError::ServerError { status: 502, code: None, summary: text() },
            ApiError::BadRequest { code: 1801, message: text() },
            ApiError::JobNotFound { code: 2100, message: text(), job_id: text() },
            ApiError::BadJobId { code: 2100, message: text(), job_id: text() },
            ApiError::ServiceUnavailable { code: 1, message: text() },
            ApiError::Malformed { status: 200, detail: text() },
            ApiError::Milvus { code: 7, message: text() },
        ]
    }

    #[test]
    fn every_kind_is_named_by_an_error_and_written_in_the_typescript_union() {
        let named: Vec<&str> = one_of_each().iter().map(ApiError::kind).collect();
        for kind in ErrorKind::ALL {
            assert!(named.contains(&kind.name()), "{} is no error's kind", kind.name());
            assert!(ERROR_KINDS_TYPESCRIPT.contains(&format!("| \"{}\" // {}", kind.name(), kind.meaning())), "{}", kind.name());
        }
        assert_eq!(ERROR_KINDS_TYPESCRIPT.matches("  | \"").count(), ErrorKind::ALL.len());
    }
}
