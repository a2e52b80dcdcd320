//! The small decimal reader against core's float parser, on every shape of number it accepts:
//! the same numbers (to within a few ulps), and nothing core would refuse.

use milvus_import_monitor::model::decimal;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 4_000,
        failure_persistence: None,
        // The same numbers at every run: a test that could fail by chance would block everyone.
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_d3c1),
        ..ProptestConfig::default()
    })]

    #[test]
    fn reads_what_core_reads(text in "[+-]?([0-9]{1,22}(\\.[0-9]{0,22})?|\\.[0-9]{1,22})([eE][+-]?[0-9]{1,3})?") {
        let ours = decimal(&text).unwrap_or_else(|| panic!("{text} refused"));
        let core: f64 = text.parse().unwrap_or_else(|_| panic!("core refuses {text}"));
        if core.is_finite() && core.abs() > 1e-300 && ours.is_finite() {
            prop_assert!(((ours - core) / core).abs() <= 1e-14, "{text}: {ours} against {core}");
        } else {
            // Past the ends of f64: both overflow, or both reach (almost) zero.
            prop_assert!(ours.is_infinite() == core.is_infinite() && (ours.abs() <= 1e-290) == (core.abs() <= 1e-290), "{text}: {ours} against {core}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal(text in "[ a-zA-Z,_]{1,3}[0-9.]{0,4}|[0-9.]{0,4}[ a-df-zA-DF-Z,_]{1,3}") {
        prop_assert_eq!(decimal(&text), None, "{}", text);
    }
}

#[test]
fn typed_intervals_and_counts_read_as_before() {
    for (text, value) in [
        ("0.5", 0.5),
        ("2", 2.0),
        ("2.", 2.0),
        ("+3.25", 3.25),
        ("1e3", 1_000.0),
        ("00012.50", 12.5),
        ("9007199254740993", 9_007_199_254_740_992.0),
    ] {
        assert_eq!(decimal(text), Some(value), "{text}");
    }
}
