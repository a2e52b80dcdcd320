//! What the checks before an import read: the collection's schema (`collections/describe`),
//! asked once the collection field settles, for the form's connection. A read, never a create:
//! nothing is sent to start an import until the user presses Start.

use super::request::RequestState;
use crate::client::{Connection, Schema};
use crate::ApiError;
use std::rc::Rc;

/// The schema read for the create form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrecheckState {
    /// What was last asked: the connection and the collection.
    pub asked: Option<(Connection, String)>,
    /// Requests started; the one in flight is `Loading { id: sent }`.
    pub sent: u64,
    pub request: RequestState,
    /// The answer for `asked`: `Some(None)` when the collection does not exist.
    pub schema: Option<Option<Rc<Schema>>>,
}

/// Everything that can happen to the schema read.
#[derive(Debug, Clone, PartialEq)]
pub enum PrecheckAction {
    /// Read the schema of `collection` (again only if the connection or the collection changed,
    /// or the last read failed).
    Ask {
        connection: Connection,
        collection: String,
    },
    Response {
        id: u64,
        result: Result<Option<Schema>, ApiError>,
    },
}

impl PrecheckState {
    /// The state after `action`; `None` when nothing changed.
    ///
    /// ```
    /// use milvus_import_monitor::client::{Connection, Endpoint};
    /// use milvus_import_monitor::state::{PrecheckAction, PrecheckState};
    /// let connection = Connection::new(Endpoint::parse("http://localhost:19530").unwrap(), "");
    /// let ask = PrecheckAction::Ask { connection, collection: "books".into() };
    /// let asked = PrecheckState::default().apply(ask.clone()).unwrap();
    /// assert_eq!(asked.request.loading_id(), Some(1));
    /// assert_eq!(asked.apply(ask), None, "the same collection is not asked twice");
    /// ```
    pub fn apply(&self, action: PrecheckAction) -> Option<PrecheckState> {
        match action {
            PrecheckAction::Ask { connection, collection } => {
                let collection = collection.trim().to_owned();
                let same = self.asked.as_ref().is_some_and(|(c, name)| *c == connection && *name == collection);
                if collection.is_empty() || (same && self.request.error().is_none()) {
                    return None;
                }
                let (sent, request) = RequestState::start(self.sent);
                Some(PrecheckState { asked: Some((connection, collection)), sent, request, schema: None })
            }
            PrecheckAction::Response { id, result } => self.request.awaits(id).then(|| match result {
                Ok(schema) => PrecheckState { request: RequestState::Ready, schema: Some(schema.map(Rc::new)), ..self.clone() },
                Err(error) => PrecheckState { request: RequestState::Failed(error), schema: None, ..self.clone() },
            }),
        }
    }

    /// The read in flight: its id, connection and collection.
    pub fn loading(&self) -> Option<(u64, Connection, String)> {
        let (connection, collection) = self.asked.clone()?;
        Some((self.request.loading_id()?, connection, collection))
    }

    /// What was read for this connection and collection: `Some(schema)`, `Some(None)` when it
    /// does not exist; `None` when not (yet) read.
    pub fn schema_for(&self, connection: &Connection, collection: &str) -> Option<Option<&Schema>> {
        let (asked, name) = self.asked.as_ref()?;
        if asked != connection || name != collection.trim() {
            return None;
        }
        self.schema.as_ref().map(|schema| schema.as_deref())
    }
}
