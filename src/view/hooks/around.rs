//! The reads around an import: the create form's schema read, once its collection field has
//! settled, and each server's job list for the queue line, on its slow timer.

use super::effects::{use_requests, use_timeout, Due};
use super::fetch::{spawn_fetch, with_deadline};
use crate::client::{page_origin, Client, Connection};
use crate::policy;
use crate::state::{PrecheckAction, QueueAction};
use crate::view::browser::now_ms;
use yew::prelude::*;

/// How long the collection field must stay unchanged before its schema is read: a name being
/// typed is not asked for letter by letter.
pub const SETTLE_MS: u32 = 600;

/// Calls `ondue` once `wanted` (the form's connection and collection) has not changed for
/// `SETTLE_MS`; sends the read `loading` asks for, `(id, connection, collection)`.
#[hook]
pub fn use_schema_read(
    wanted: Option<(Connection, String)>,
    loading: Option<(u64, Connection, String)>,
    ondue: Callback<()>,
    onanswer: Callback<PrecheckAction>,
) {
    let due = wanted.is_some().then_some(Due::In(SETTLE_MS));
    use_timeout(wanted, due, ondue.reform(|_| ()));
    let ids: Vec<u64> = loading.iter().map(|(id, ..)| *id).collect();
    use_requests(ids, move |id| {
        let (_, connection, collection) = loading.clone()?;
        let onanswer = onanswer.clone();
        spawn_fetch(
            move |fetch| async move {
                let transport = with_deadline(fetch, policy::deadline_ms(policy::DEFAULT_INTERVAL_MS));
                Client::new(connection, page_origin()).schema(&transport, &collection).await
            },
            move |result| onanswer.emit(PrecheckAction::Response { id, result }),
        )
    });
}

/// Sends each server's list read, `(id, connection)`; calls `ondue` at `due_ms` (`Date.now()`),
/// when the next wanted list is due.
#[hook]
pub fn use_queue_lists(requests: Vec<(u64, Connection)>, due_ms: Option<f64>, ondue: Callback<f64>, onanswer: Callback<QueueAction>) {
    use_timeout(due_ms.map(f64::to_bits), due_ms.map(Due::At), ondue.reform(|_| now_ms()));
    let ids: Vec<u64> = requests.iter().map(|(id, _)| *id).collect();
    use_requests(ids, move |id| {
        let (_, connection) = requests.iter().find(|(asked, _)| *asked == id)?.clone();
        let onanswer = onanswer.clone();
        spawn_fetch(
            move |fetch| async move { Client::new(connection, page_origin()).list(&fetch, None).await },
            move |result| onanswer.emit(QueueAction::Response { id, result }),
        )
    });
}
