//! The page before and after its engine, natively (`state::Page`, what the split page's root
//! holds): the form and the tabs work without the engine; every other action waits, in order,
//! and applies once the engine is in, before the action that finds it there; what applies is
//! what `PageState::apply` makes of the same actions one by one.

use milvus_import_monitor::state::{Action, EngineApply, Field, FormAction, JobAction, Page, PageState, RequestState, Tab};

const T: f64 = 1_764_000_000_000.0;
const ENGINE: Option<EngineApply> = Some(PageState::apply);

fn edit(field: Field, value: &str) -> Action {
    Action::Form(FormAction::Edit(field, value.to_owned()))
}

fn step(page: &Page, engine: Option<EngineApply>, action: Action) -> Page {
    page.apply_with(engine, action.clone()).unwrap_or_else(|| panic!("{action:?} changed nothing"))
}

/// The same actions applied one by one by the engine.
fn applied(actions: &[Action]) -> PageState {
    actions.iter().cloned().fold(PageState::default(), |state, action| state.apply(action).unwrap_or(state))
}

#[test]
fn the_form_and_the_tabs_work_before_the_engine_and_nothing_else_does() {
    let page = step(&Page::default(), None, edit(Field::Endpoint, "http://localhost:19530"));
    let page = step(&page, None, edit(Field::JobId, "455000000000000001"));
    assert_eq!(page.form.endpoint, "http://localhost:19530");
    assert!(page.waiting.is_empty());
    // The job list's tab is shown at once, and its first read is asked for (sent once the engine
    // and its requests are in).
    let page = step(&page, None, Action::ShowTab(Tab::Jobs));
    assert_eq!(page.tab, Tab::Jobs);
    assert!(matches!(page.list.request, RequestState::Loading { .. }));
    assert!(page.waiting.is_empty());

    let watched = step(&page, None, Action::Watch { at_ms: T });
    assert_eq!(watched.state, page.state, "a watch waits for the engine");
    assert_eq!(watched.waiting, [Action::Watch { at_ms: T }]);
    assert!(!watched.is_watching());
    assert_eq!(watched.apply_with(None, Action::EngineIn), None, "no engine, nothing to apply");
}

#[test]
fn what_waited_applies_in_order_when_the_engine_is_in_then_what_came_with_it() {
    let endpoint = edit(Field::Endpoint, "http://localhost:19530");
    let job = edit(Field::JobId, "455000000000000001");
    let mut page = Page::default();
    for action in [endpoint.clone(), job.clone(), Action::Watch { at_ms: T }, Action::Visibility(false), Action::Visibility(true)] {
        page = step(&page, None, action);
    }
    assert_eq!(page.waiting.len(), 3);

    let arrived = step(&page, ENGINE, Action::EngineIn);
    assert!(arrived.waiting.is_empty());
    assert_eq!(
        arrived.state,
        applied(&[endpoint.clone(), job.clone(), Action::Watch { at_ms: T }, Action::Visibility(false), Action::Visibility(true)])
    );
    assert!(arrived.is_watching());

    // An action that finds the engine in before `EngineIn` does: what waited applies first.
    let stopped = step(&page, ENGINE, Action::StopAll);
    assert!(stopped.waiting.is_empty());
    assert_eq!(
        stopped.state,
        applied(&[endpoint, job, Action::Watch { at_ms: T }, Action::Visibility(false), Action::Visibility(true), Action::StopAll])
    );
    assert!(!stopped.is_watching());
    assert!(stopped.job.snapshot.is_none() && stopped.job.target.is_none());
}

#[test]
fn with_the_engine_in_every_action_is_the_engine_s_and_nothing_changed_is_none() {
    let page = Page::default();
    assert_eq!(page.apply_with(ENGINE, Action::EngineIn), None, "nothing waited");
    assert_eq!(page.apply_with(ENGINE, Action::ShowTab(Tab::Job)), None, "the tab shown already");
    assert_eq!(
        page.apply_with(ENGINE, Action::Job(JobAction::Refresh)),
        PageState::default().apply(Action::Job(JobAction::Refresh)).map(Page::new)
    );
    let refused = step(&page, ENGINE, Action::Watch { at_ms: T });
    assert_eq!(refused.state, applied(&[Action::Watch { at_ms: T }]), "no endpoint: the watch is refused, as the engine says");
}

/// What the props that carry the whole page compare (`view::requests`): each action that changes
/// the page counts once, before and after the engine; one that changes nothing does not; the count
/// is not part of what the page is.
#[test]
fn each_change_is_counted_and_an_action_that_changes_nothing_is_not() {
    let typed = step(&Page::default(), None, edit(Field::JobId, "7"));
    assert_eq!(typed.changes, 1);
    assert_eq!(typed.apply_with(None, Action::ShowTab(Tab::Job)), None, "the tab shown already");
    let waiting = step(&typed, None, Action::Visibility(false));
    assert_eq!(waiting.changes, 2, "an action that waits for the engine changes the page");
    let arrived = step(&waiting, ENGINE, Action::EngineIn);
    assert_eq!((arrived.changes, arrived.visible), (3, false));
    assert_eq!(arrived.apply_with(ENGINE, Action::EngineIn), None);
    assert_eq!(step(&arrived, ENGINE, Action::Visibility(true)).changes, 4);
    assert_eq!(Page { changes: 99, ..arrived.clone() }, arrived, "the count is how the page came to be, not what it is");
}
