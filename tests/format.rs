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

/// The server's layout is read by position (a fast path, run for every file at every poll); it
/// must give what the general reader gives, for every text near that layout, valid or not.
#[test]
fn the_server_layout_reads_as_the_general_reader_does() {
    use milvus_import_monitor::format::parse_rfc3339_any_ms;
    let seeds = [
        "2025-11-25T08:15:10Z",
        "2025-11-25T16:15:10+08:00",
        "2025-11-25T03:15:10-05:00",
        "1970-01-01T00:00:00Z",
        "2000-02-29T23:59:60Z",
        "2024-12-31T23:59:59-12:45",
        "0001-01-01T00:00:00+14:00",
    ];
    let mut texts: Vec<String> = Vec::new();
    for seed in seeds {
        texts.push(seed.to_owned());
        // Every position replaced by characters that matter to one reader or the other.
        for (i, _) in seed.char_indices() {
            for c in ['0', '1', '2', '3', '5', '9', '-', '+', ':', 'T', 't', ' ', 'Z', 'z', '.', 'x'] {
                let mut t = seed.to_owned();
                t.replace_range(i..=i, &c.to_string());
                texts.push(t);
            }
            texts.push(format!("{}{}", &seed[..i], &seed[i + 1..]));
        }
        texts.push(format!(" {seed}"));
        texts.push(format!("{seed} "));
        texts.push(seed.replace('Z', ".250Z"));
    }
    let mut valid = 0;
    for text in &texts {
        let (fast, general) = (parse_rfc3339_ms(text), parse_rfc3339_any_ms(text));
        assert_eq!(fast.map(f64::to_bits), general.map(f64::to_bits), "{text:?}");
        valid += usize::from(general.is_some());
    }
    // The corpus holds both kinds, so that the comparison means something either way.
    assert!(valid > 100 && valid < texts.len() - 100, "{valid} of {}", texts.len());
}
