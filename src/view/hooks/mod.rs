//! The effects the page's state asks for, one hook each. Every hook that starts a fetch or a
//! timer returns a cleanup that stops it (the fetch through [`fetch::InFlight`], a timer by
//! dropping its `Timeout`), so Stop, another job or unmounting leaves nothing running.

mod batch;
mod details;
mod fetch;
mod host;
mod kept;
mod kept_batch;
mod page;
mod requests;

pub use batch::{use_batch_poll, use_batch_timer, use_commit_abort};
pub use details::use_details_open;
pub use host::{use_host_events, use_host_link, HostLink, MonitorEvent};
pub use kept::use_kept_copy;
pub use kept_batch::use_kept_batch;
pub use page::{use_address_bar, use_escape, use_notification, use_remembered_token, use_standalone_page, use_title, use_visibility};
pub use requests::{use_create_import, use_job_list, use_job_poll, use_poll_timer};
