//! What a job is and does, read from the server's answers, pure: what its ID encodes and what
//! is wrong with one (`id`), what it is doing and the sentences that say so (`activity`: band
//! tables, phases, the state as shown, rows known or not), what the page learns across polls
//! (`tracker`: rates, ETA, stalls, how long it ran; `clock`: the server's clock on the page's), and why it failed (`failure`: the file a
//! reason names; `triage`: the cause class and its fix).

pub mod activity;
pub mod clock;
pub mod failure;
pub mod id;
pub mod pair;
pub mod queue;
pub mod tracker;
pub mod triage;

pub use activity::{
    activity, counted_rows, created_ms, explain, is_aborted, known_rows, known_size, progress_basis, progress_text, shown_state,
    shown_state_of, shown_states, was_aborted, Activity, BandTable, ABORTED, ABORTED_REASON,
};
pub use clock::ServerClock;
pub use tracker::{stall_causes, stall_threshold_ms, Elapsed, Rates, Tracker, DEFAULT_STALL_MS, INDEX_MS_PER_MILLION_ROWS, RATE_WINDOW_MS};
