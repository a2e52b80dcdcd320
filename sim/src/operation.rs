//! The import API's operations, parsed once from the request's path: which exist on which
//! version, their names (as counted in `/_sim/stats`) and the Go request type each binds.

use crate::profile::Profile;

/// An operation under `/v2/vectordb/jobs/import/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Create,
    List,
    /// Every version (deprecated from 2.4.13).
    GetProgress,
    /// 2.4.13 and later.
    Describe,
    /// Zilliz Cloud's `getProgress`.
    CloudGetProgress,
    /// The 3.0 line.
    Commit,
    Abort,
}

impl Operation {
    /// The operation a path names on `profile`'s server, or `None` (a 404 there).
    pub(crate) fn parse(name: &str, profile: Profile) -> Option<Operation> {
        let operation = match name {
            "create" => Operation::Create,
            "list" => Operation::List,
            "get_progress" => Operation::GetProgress,
            "describe" => Operation::Describe,
            "getProgress" => Operation::CloudGetProgress,
            "commit" => Operation::Commit,
            "abort" => Operation::Abort,
            _ => return None,
        };
        let served = match operation {
            Operation::Create | Operation::List | Operation::GetProgress => true,
            Operation::Describe => profile.has_describe(),
            Operation::CloudGetProgress => profile.is_cloud(),
            Operation::Commit | Operation::Abort => profile.has_manual_commit(),
        };
        served.then_some(operation)
    }

    /// The path's last segment.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::List => "list",
            Operation::GetProgress => "get_progress",
            Operation::Describe => "describe",
            Operation::CloudGetProgress => "getProgress",
            Operation::Commit => "commit",
            Operation::Abort => "abort",
        }
    }

    /// The Go struct gin binds the body to (its name is in binding errors).
    pub(crate) fn request_type(self) -> &'static str {
        match self {
            Operation::Create => "ImportReq",
            Operation::List => "OptionalCollectionNameReq",
            _ => "JobIDReq",
        }
    }
}
