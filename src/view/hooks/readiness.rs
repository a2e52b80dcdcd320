//! A collection's readiness reads: one request (or, for the indexes, `list` and a `describe`
//! each) per `Loading { id }` of a collection, and the visible count's timer.

use super::effects::{use_requests, use_timeout, Due};
use super::fetch::{spawn_fetch, with_deadline};
use crate::client::{page_origin, Client};
use crate::policy;
use crate::state::{Ask, CollectionKey, ReadinessAction, Reply};
use crate::view::browser::now_ms;
use std::rc::Rc;
use yew::prelude::*;

/// Sends each asked read: `(id, collection, what)`; aborted when it is no longer asked.
#[hook]
pub fn use_readiness(requests: Vec<(u64, Rc<CollectionKey>, Ask)>, onanswer: Callback<ReadinessAction>) {
    let ids: Vec<u64> = requests.iter().map(|(id, ..)| *id).collect();
    use_requests(ids, move |id| {
        let (_, key, ask) = requests.iter().find(|(asked, ..)| *asked == id)?.clone();
        let onanswer = onanswer.clone();
        spawn_fetch(
            move |fetch| async move {
                // Readiness is read between polls at the default pace: the same deadline.
                let transport = with_deadline(fetch, policy::deadline_ms(policy::DEFAULT_INTERVAL_MS));
                let client = Client::new(key.connection.clone(), page_origin());
                let collection = key.collection.as_str();
                match ask {
                    Ask::Indexes { known } => Reply::Indexes(client.index_counts(&transport, collection, known.as_deref()).await),
                    Ask::Collection => Reply::Collection(client.collection_facts(&transport, collection).await),
                    Ask::Stored => Reply::Stored(client.rows_stored(&transport, collection).await),
                    Ask::Visible { filter } => Reply::Visible(client.rows_visible(&transport, collection, &filter).await),
                }
            },
            move |reply| onanswer.emit(ReadinessAction::Response { id, reply, at_ms: now_ms() }),
        )
    });
}

/// The next visible count, at `due_ms` (`Date.now()`), if one is due.
#[hook]
pub fn use_readiness_timer(due_ms: Option<f64>, ondue: Callback<f64>) {
    use_timeout(due_ms.map(|ms| ms.to_bits()), due_ms.map(Due::At), ondue.reform(|_| now_ms()));
}
