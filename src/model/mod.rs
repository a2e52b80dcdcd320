//! What the Milvus bulk-import API returns, read the way real servers write it.
//!
//! See `docs/` and the project's shared API page for the shapes per server version.

mod file_name;
pub(crate) mod lenient;
pub use lenient::MAX_COUNT;
mod job;
mod states;

pub use file_name::parse_file_name;
pub use job::{CreateResult, Envelope, FileTask, ImportJob, JobList, JobRecord};
pub use states::{FileState, JobState};
