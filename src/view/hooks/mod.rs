//! The effects the page's state asks for, one `#[hook]` each. Each takes the part of the state
//! it needs (plain values, never the page's whole state) and a callback for what it brings
//! back, and is built on the two generic effects of [`effects`]: requests keyed by id
//! ([`use_requests`]), and a keyed timeout ([`use_timeout`]). Whatever a hook starts (a fetch,
//! through [`fetch::spawn_fetch`]'s `InFlight`; a timer, an `Alarm`; a listener) it stops when
//! its key changes or the component goes, so Stop, another job or unmounting leaves nothing
//! running. Each is tested alone, with a small component, in `tests/hooks.rs`.

mod around;
mod batch;
mod details;
pub mod effects;
pub mod fetch;
mod history;
mod host;
mod kept;
mod kept_batch;
mod page;
mod readiness;
mod report;
mod requests;

pub use around::{use_queue_lists, use_schema_read, SETTLE_MS};
pub use batch::{use_batch_poll, use_batch_timer, use_commit_abort, ManualRequest};
pub use details::use_details_open;
pub use effects::{use_requests, use_timeout, Alarm, Due};
pub use history::{use_history, HistoryCalls, EXPORT_FILE};
pub use host::{use_batch_events, use_host_link, use_news};
pub use kept::{use_kept_copy, KeptCopy};
pub use kept_batch::{use_kept_batch, KeptBatch};
pub use page::{
    use_address_bar, use_escape, use_kept_log_link, use_latch, use_notification, use_remembered_token, use_saved_connections, use_title,
    use_visibility,
};
pub use readiness::{use_readiness, use_readiness_timer};
pub use report::use_report_export;
pub use requests::{use_create_import, use_job_list, use_job_poll, use_list_refresh, use_poll_timer, ListRequest};
