//! The embedding page's two ways in and out, as effects: its link connected to the reducer
//! while the widget is mounted, and the events it hears (decided in `crate::host`) handed to it.

use crate::host::{BatchReport, MonitorEvent};
use crate::state::batch::BatchWatch;
use crate::state::Page;
use crate::view::host::HostLink;
use yew::prelude::*;

/// Connects the host's link to this widget's reducer while it is mounted.
#[hook]
pub fn use_host_link(link: Option<HostLink>, dispatcher: UseReducerDispatcher<Page>) {
    use_effect_with(link, move |link| {
        if let Some(link) = link {
            link.open(dispatcher);
        }
        let link = link.clone();
        move || link.iter().for_each(HostLink::close)
    });
}

/// News for the host decided elsewhere (`host::job_news` per answer of the single job,
/// `host::readiness_news` per readiness answer), handed on once per `answered` key.
#[hook]
pub fn use_news(answered: Option<u64>, news: Vec<MonitorEvent>, events: Option<Callback<MonitorEvent>>) {
    use_effect_with(answered, move |_| {
        if let Some(events) = events {
            news.into_iter().for_each(|event| events.emit(event));
        }
    });
}

/// A batch's events (`host::BatchReport`), once per answer taken (`answers`).
#[hook]
pub fn use_batch_events(answers: u64, batch: Option<BatchWatch>, events: Option<Callback<MonitorEvent>>) {
    let report = use_mut_ref(BatchReport::default);
    use_effect_with(answers, move |_| {
        if let (Some(events), Some(batch)) = (events, batch) {
            report.borrow_mut().news(&batch).into_iter().for_each(|event| events.emit(event));
        }
    });
}
