//! Several jobs of one or several servers (or CDC pairs) watched as one load: the IDs as pasted, the polite scheduler,
//! the summary, and the manual-commit rules. Pure, tested natively; the page's reducer holds a
//! [`BatchWatch`] and the hooks run the requests it asks for.

mod commit;
mod entry;
mod ids;
mod summary;
mod table;
mod target;
mod watch;

pub use commit::{abort_all, commit_all, commit_offer, CommitFacts, CommitOffer, AUTO_COMMIT_NOTE};
pub use entry::BatchEntry;
pub use ids::{check_job_ids, checked_job_id, read_job_ids, split_job_ids, JobIds};
pub use summary::{Basis, BatchSummary, Laggard, Weighting};
pub use table::{all_batch_rows, batch_rows, state_options};
pub use target::{BatchTarget, PairSetting, ServerHealth};
pub use watch::{BatchAction, BatchSort, BatchWatch};
