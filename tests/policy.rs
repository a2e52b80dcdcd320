//! When polling slows, retries and stops (policy): the backoff and the create grace period.

use milvus_import_monitor::policy::backoff_ms;

#[test]
fn backoff_sequence() {
    let sequence: Vec<u32> = (0..8).map(|n| backoff_ms(2_000, n, 0.5)).collect();
    assert_eq!(sequence, [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // Jitter stays within ±20 %.
    assert_eq!(backoff_ms(2_000, 2, 0.0), 6_400);
    assert_eq!(backoff_ms(2_000, 2, 1.0), 9_600);
    // Jitter never carries a delay past the cap.
    assert_eq!(backoff_ms(2_000, 5, 1.0), 60_000);
    assert_eq!(backoff_ms(2_000, 5, 0.0), 48_000);
    assert!((0..=100).all(|i| backoff_ms(500, 9, f64::from(i) / 100.0) <= 60_000));
    // A long interval is never shortened by the cap.
    assert_eq!(backoff_ms(120_000, 1, 0.5), 120_000);
    assert_eq!(backoff_ms(120_000, 1, 1.0), 120_000);
}

#[test]
fn create_grace_period_follows_the_ids_creation_time() {
    use milvus_import_monitor::policy::in_create_grace;
    let created = 1_764_000_000_000.0;
    let id = ((created as i64) << 18 | 5).to_string();
    assert!(in_create_grace(&id, created + 14_999.0, false));
    assert!(in_create_grace(&id, created + 60_000.0, false), "2.6 may take seconds; clocks may differ by minutes");
    assert!(!in_create_grace(&id, created + 180_000.0, false));
    assert!(!in_create_grace(&id, created + 1.0, true), "after a good answer, 'does not exist' is real");
    // Watching an old job: no grace, whenever the watch started.
    let old = ((created as i64 - 86_400_000) << 18).to_string();
    assert!(!in_create_grace(&old, created, false));
}
