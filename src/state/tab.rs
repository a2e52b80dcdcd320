//! The views below the connection form, and how the keyboard moves between them.

/// Which view is open below the connection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Job,
    Jobs,
    Create,
    /// Every job kept in this browser: read from its database, no request to any server.
    History,
}

impl Tab {
    /// The tabs in the order they are shown.
    pub const ALL: [Tab; 4] = [Tab::Job, Tab::Jobs, Tab::Create, Tab::History];

    /// The tab a key pressed on the tab list moves to, as the ARIA tabs pattern has it: the
    /// arrows to the next or previous tab (wrapping), Home and End to the first and last.
    ///
    /// ```
    /// use milvus_import_monitor::state::Tab;
    /// assert_eq!(Tab::Job.moved_by("ArrowRight"), Some(Tab::Jobs));
    /// assert_eq!(Tab::Job.moved_by("ArrowLeft"), Some(Tab::History));
    /// assert_eq!(Tab::Jobs.moved_by("Home"), Some(Tab::Job));
    /// assert_eq!(Tab::Jobs.moved_by("a"), None);
    /// ```
    pub fn moved_by(self, key: &str) -> Option<Tab> {
        let count = Tab::ALL.len();
        let at = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let index = match key {
            "ArrowRight" | "ArrowDown" => (at + 1) % count,
            "ArrowLeft" | "ArrowUp" => (at + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return None,
        };
        Tab::ALL.get(index).copied()
    }
}
