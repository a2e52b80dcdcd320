//! Job and per-file states. Servers add states over time (`None` on 2.4.0–2.4.4,
//! `Uncommitted`/`Committing` on the 3.0 line, `Retry` for files on 2.6), so any string not
//! known here is kept as it is: never an error, never hidden.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Declares a state enum with its wire spellings and an `Other(String)` catch-all.
macro_rules! wire_state {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A state this crate does not know, kept as the server spelled it
            /// (empty when the server sent none).
            Other(String),
        }

        impl $name {
            /// Every state this crate knows, in declaration order (for filters and legends).
            pub const KNOWN: &'static [Self] = &[$(Self::$variant,)+];

            /// The state as the server spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(text) => text,
                }
            }

            /// Reads a wire spelling; unknown strings become [`Self::Other`].
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                match self.as_str() {
                    "" => f.write_str("Unknown"),
                    text => f.write_str(text),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(StateVisitor(Self::from_wire))
            }
        }
    };
}

wire_state! {
    /// The job's `state`.
    ///
    /// ```
    /// use milvus_import_wire::JobState;
    /// assert_eq!(JobState::from_wire("Importing"), JobState::Importing);
    /// assert_eq!(JobState::from_wire("Sorting"), JobState::Other("Sorting".into()));
    /// assert!(JobState::Completed.is_terminal());
    /// ```
    JobState {
        /// Queued; progress 0–10.
        Pending = "Pending",
        /// Every internal phase from pre-import to index building; `progress` tells which.
        Importing = "Importing",
        /// Final: every row is queryable.
        Completed = "Completed",
        /// Final: see `reason`; rows and progress drop to 0.
        Failed = "Failed",
        /// 2.4.0–2.4.4 answer an unknown job with this state.
        None = "None",
        /// 3.0 line, manual-commit jobs: data written, waiting for `commit`.
        Uncommitted = "Uncommitted",
        /// 3.0 line, manual-commit jobs: `commit` in progress.
        Committing = "Committing",
    }
}

impl JobState {
    /// Only `Completed` and `Failed` end a job; every other state can still change.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed)
    }
}

wire_state! {
    /// A file group's `details[].state`.
    ///
    /// ```
    /// use milvus_import_wire::FileState;
    /// assert_eq!(FileState::from_wire("InProgress"), FileState::InProgress);
    /// assert_eq!(FileState::from_wire("Retry").as_str(), "Retry");
    /// ```
    FileState {
        /// Waiting for its task to start.
        Pending = "Pending",
        /// Its task is scanning or writing.
        InProgress = "InProgress",
        /// Its task is done (the job may still be sorting or indexing).
        Completed = "Completed",
        /// See the file's `reason`.
        Failed = "Failed",
        /// 2.6: the task is being retried.
        Retry = "Retry",
    }
}

/// Reads a state from its text (no copy for a known state: one is made per file per poll);
/// null → empty (unknown), numbers as their digits.
struct StateVisitor<T>(fn(&str) -> T);

impl<'de, T> Visitor<'de> for StateVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a state name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok((self.0)(&v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok((self.0)(&v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok((self.0)(""))
    }
}
