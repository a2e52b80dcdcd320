//! The REST operations the stand-in serves, parsed once from the request's path under
//! `/v2/vectordb/`: which exist on which version, their names (as counted in `/_sim/stats`)
//! and the Go request type each binds.

use crate::profile::Profile;

/// An operation under `/v2/vectordb/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    /// `indexes/list`, `indexes/describe`, `collections/get_load_state`, `collections/get_stats`,
    /// `collections/describe`, `entities/query`: every version (readiness page R1).
    Readiness(Readiness),
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

/// What a monitor reads to learn whether imported rows are indexed, stored and visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Readiness {
    IndexList,
    IndexDescribe,
    LoadState,
    Stats,
    CollectionDescribe,
    Query,
}

impl Readiness {
    const ALL: [Readiness; 6] = [
        Readiness::IndexList,
        Readiness::IndexDescribe,
        Readiness::LoadState,
        Readiness::Stats,
        Readiness::CollectionDescribe,
        Readiness::Query,
    ];

    pub(crate) fn path(self) -> &'static str {
        match self {
            Readiness::IndexList => "indexes/list",
            Readiness::IndexDescribe => "indexes/describe",
            Readiness::LoadState => "collections/get_load_state",
            Readiness::Stats => "collections/get_stats",
            Readiness::CollectionDescribe => "collections/describe",
            Readiness::Query => "entities/query",
        }
    }
}

impl Operation {
    /// The operation a path (after `/v2/vectordb/`) names on `profile`'s server, or `None`
    /// (a 404 there).
    pub(crate) fn parse(path: &str, profile: Profile) -> Option<Operation> {
        if let Some(readiness) = Readiness::ALL.into_iter().find(|r| r.path() == path) {
            return Some(Operation::Readiness(readiness));
        }
        let operation = match path.strip_prefix("jobs/import/")? {
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
            Operation::Readiness(_) => true,
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
            Operation::Readiness(readiness) => readiness.path(),
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
            Operation::Readiness(Readiness::IndexDescribe) => "IndexReq",
            Operation::Readiness(Readiness::Query) => "QueryReqV2",
            Operation::Readiness(_) => "CollectionNameReq",
            _ => "JobIDReq",
        }
    }
}
