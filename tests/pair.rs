//! `job::pair`: every row of the CDC page's pair table, the steps before it, and what is offered
//! on the primary (never anything on the standby).

use milvus_import_monitor::job::pair::{PairFacts, PairMeaning, PairOffer, Side};
use milvus_import_monitor::model::{ImportJob, JobState};

const MIN: f64 = 60_000.0;

fn facts(primary: Side, standby: Side) -> PairFacts {
    PairFacts { primary, standby, since_created_ms: Some(MIN), since_commit_ms: None, threshold_ms: 5.0 * MIN }
}

fn meaning(primary: Side, standby: Side) -> PairMeaning {
    PairMeaning::of(&facts(primary, standby))
}

#[test]
fn each_row_of_the_pair_table_has_its_meaning() {
    use Side::*;
    // | Uncommitted | Uncommitted | ready |
    assert_eq!(meaning(Uncommitted, Uncommitted), PairMeaning::Ready);
    assert_eq!(PairMeaning::Ready.label(), "ready: commit on the primary");
    // | Uncommitted | absent, Pending, Importing | standby catching up |
    for standby in [Absent, Running, Unanswered] {
        assert_eq!(meaning(Uncommitted, standby), PairMeaning::StandbyCatchingUp, "{standby:?}");
    }
    // | Uncommitted | Failed | B |
    assert_eq!(meaning(Uncommitted, Failed), PairMeaning::StandbyFailed);
    // | Failed | Uncommitted or importing | A |
    for standby in [Uncommitted, Running, Absent] {
        assert_eq!(meaning(Failed, standby), PairMeaning::PrimaryFailed, "{standby:?}");
    }
    // | Failed | Failed | both failed |
    assert_eq!(meaning(Failed, Failed), PairMeaning::BothFailed);
    assert_eq!(meaning(Aborted, Aborted), PairMeaning::BothFailed, "an abort on the primary released the standby");
    // | Committing/Completed | Uncommitted/Committing | commit in flight |
    for (primary, standby) in [(Committing, Uncommitted), (Completed, Uncommitted), (Completed, Committing), (Committing, Committing)] {
        assert_eq!(meaning(primary, standby), PairMeaning::CommitInFlight, "{primary:?} {standby:?}");
    }
    // Case D: committed while the standby still imports.
    assert_eq!(meaning(Completed, Running), PairMeaning::CommitInFlight);
    // | Completed | Completed | done |
    assert_eq!(meaning(Completed, Completed), PairMeaning::Done);
    // | Completed | Failed | diverged |
    assert_eq!(meaning(Completed, Failed), PairMeaning::Diverged);
    assert_eq!(meaning(Committing, Failed), PairMeaning::Diverged);
    // | any | absent past the lag | C |
    let late = PairFacts { since_created_ms: Some(6.0 * MIN), ..facts(Uncommitted, Absent) };
    assert_eq!(PairMeaning::of(&late), PairMeaning::StandbyMissing);
    assert_eq!(PairMeaning::of(&PairFacts { primary: Running, ..late }), PairMeaning::StandbyMissing);
    // Before the table: both importing; nothing answered.
    assert_eq!(meaning(Running, Running), PairMeaning::Importing);
    assert_eq!(meaning(Running, Absent), PairMeaning::Importing);
    assert_eq!(meaning(Unanswered, Uncommitted), PairMeaning::Unknown);
    assert_eq!(meaning(Absent, Completed), PairMeaning::PrimaryMissing);
}

#[test]
fn a_commit_in_flight_becomes_the_alert_past_the_users_threshold() {
    let committed = |since: f64| PairFacts { since_commit_ms: Some(since), ..facts(Side::Completed, Side::Uncommitted) };
    assert_eq!(PairMeaning::of(&committed(4.0 * MIN)), PairMeaning::CommitInFlight);
    assert!(!PairMeaning::CommitInFlight.is_alert());
    let stalled = PairMeaning::of(&committed(5.0 * MIN));
    assert_eq!(stalled, PairMeaning::CommitStalled);
    assert!(stalled.is_alert());
    for cause in ["CDC lag", "proxy down"] {
        assert!(stalled.advice().contains(cause), "{cause}");
    }
    // A lower threshold raises it sooner.
    assert_eq!(PairMeaning::of(&PairFacts { threshold_ms: MIN, ..committed(2.0 * MIN) }), PairMeaning::CommitStalled);
}

#[test]
fn commit_is_offered_only_on_both_uncommitted_and_asks_first_otherwise() {
    use Side::*;
    assert_eq!(PairOffer::of(&facts(Uncommitted, Uncommitted)).commit, Some(None));
    for standby in [Running, Absent, Unanswered] {
        let early = PairOffer::of(&facts(Uncommitted, standby)).commit;
        assert!(matches!(early, Some(Some(why)) if why.contains("not prepared")), "{standby:?}: {early:?}");
    }
    let failed = PairOffer::of(&facts(Uncommitted, Failed)).commit;
    assert!(matches!(failed, Some(Some(why)) if why.contains("primary only")), "{failed:?}");
    // Nothing to commit before the primary is prepared, or after.
    for (primary, standby) in [(Running, Running), (Committing, Uncommitted), (Completed, Completed), (Failed, Uncommitted)] {
        assert_eq!(PairOffer::of(&facts(primary, standby)).commit, None, "{primary:?} {standby:?}");
    }
}

#[test]
fn abort_on_the_primary_is_offered_for_cases_a_and_b_with_its_consequence() {
    use Side::*;
    let a = PairOffer::of(&facts(Failed, Uncommitted)).abort.unwrap_or_default();
    assert!(a.contains("standby's copy becomes Failed"), "{a}");
    let b = PairOffer::of(&facts(Uncommitted, Failed)).abort.unwrap_or_default();
    assert!(b.contains("aborted by user"), "{b}");
    assert!(PairMeaning::StandbyFailed.advice().contains("Do not commit"));
    // Already aborted, committing or done: nothing to abort.
    for (primary, standby) in [(Aborted, Uncommitted), (Committing, Uncommitted), (Completed, Failed)] {
        assert_eq!(PairOffer::of(&facts(primary, standby)).abort, None, "{primary:?} {standby:?}");
    }
}

#[test]
fn a_side_is_read_from_its_answer() {
    let job = |state: JobState, reason: Option<&str>| ImportJob { state, reason: reason.map(str::to_owned), ..ImportJob::default() };
    assert_eq!(Side::of(None, false), Side::Unanswered);
    assert_eq!(Side::of(None, true), Side::Absent);
    assert_eq!(Side::of(Some(&job(JobState::Pending, None)), false), Side::Running);
    assert_eq!(Side::of(Some(&job(JobState::Importing, None)), false), Side::Running);
    assert_eq!(Side::of(Some(&job(JobState::Uncommitted, None)), false), Side::Uncommitted);
    assert_eq!(Side::of(Some(&job(JobState::Failed, Some("aborted by user"))), false), Side::Aborted);
    assert_eq!(Side::of(Some(&job(JobState::Failed, Some("import timeout"))), false), Side::Failed);
    // "Does not exist" after an answer: absent, whatever was seen before.
    assert_eq!(Side::of(Some(&job(JobState::Uncommitted, None)), true), Side::Absent);
}
