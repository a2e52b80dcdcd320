//! Human numbers, sizes, durations and timestamps.

use milvus_import_monitor::format::{human_duration, human_size, parse_rfc3339_ms, thousands};

#[test]
fn numbers_and_sizes() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    assert_eq!(human_size(0), "0 B");
    assert_eq!(human_size(1536), "1.5 KiB");
    assert_eq!(human_size(u64::MAX), "16.0 EiB");
    assert_eq!(human_duration(-5.0), "0 s");
}

#[test]
fn timestamps_in_any_zone() {
    let utc = parse_rfc3339_ms("2025-11-25T08:15:10Z").unwrap();
    assert_eq!(utc, 1_764_058_510_000.0);
    assert_eq!(parse_rfc3339_ms("2025-11-25T16:15:10+08:00"), Some(utc));
    assert_eq!(parse_rfc3339_ms("2025-11-25T03:15:10-05:00"), Some(utc));
    assert_eq!(parse_rfc3339_ms("2025-11-25T08:15:10.5Z"), Some(utc + 500.0));
    for bad in ["", "2025-13-01T00:00:00Z", "2025-11-25", "2025-11-25T08:15Z", "garbage"] {
        assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
    }
}
