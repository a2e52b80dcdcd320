//! Simulated time: real time multiplied by `--speed`, and RFC 3339 timestamps as the Go server
//! writes them (second precision, the server's zone).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug)]
pub struct Clock {
    started: Instant,
    started_unix: f64,
    speed: f64,
    /// Simulated seconds added by `/_sim/advance` (an `f64` as bits): tests step time instead
    /// of waiting for it, so what they see does not depend on how fast the machine is.
    advanced: AtomicU64,
    /// Minutes east of UTC for timestamps (0 → `Z`).
    zone_minutes: i32,
}

impl Clock {
    /// `offset_secs`: how far the server's clock is ahead of real time (`--clock-offset`).
    pub fn new(speed: f64, zone_minutes: i32, offset_secs: f64) -> Clock {
        let started_unix = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0) + offset_secs;
        Clock { started: Instant::now(), started_unix, speed, zone_minutes, advanced: AtomicU64::new(0f64.to_bits()) }
    }

    /// Simulated seconds since the Unix epoch.
    pub fn now(&self) -> f64 {
        self.started_unix + self.started.elapsed().as_secs_f64() * self.speed + f64::from_bits(self.advanced.load(Ordering::SeqCst))
    }

    /// Moves simulated time forward by `secs` for every job at once (never backward).
    pub fn advance(&self, secs: f64) {
        let step = if secs.is_finite() { secs.max(0.0) } else { 0.0 };
        // A compare-and-swap loop: two concurrent advances both count.
        let _ = self.advanced.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |bits| Some((f64::from_bits(bits) + step).to_bits()));
    }

    /// A simulated instant as `2025-11-25T08:15:10Z` or `…+08:00`.
    pub fn format(&self, unix: f64) -> String {
        let shifted = unix.floor() as i64 + i64::from(self.zone_minutes) * 60;
        let (days, secs) = (shifted.div_euclid(86_400), shifted.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let zone = if self.zone_minutes == 0 {
            "Z".to_owned()
        } else {
            let sign = if self.zone_minutes < 0 { '-' } else { '+' };
            let abs = self.zone_minutes.abs();
            format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
        };
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{zone}", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Parses `500ms`, `90s`, `5m`, `3h` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = text.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (text, 1.0)
    };
    number.trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).map(|v| v * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        let utc = Clock::new(1.0, 0, 0.0);
        assert_eq!(utc.format(1_764_058_510.7), "2025-11-25T08:15:10Z");
        let east = Clock::new(1.0, 480, 0.0);
        assert_eq!(east.format(1_764_058_510.0), "2025-11-25T16:15:10+08:00");
        assert_eq!(Clock::new(1.0, -330, 0.0).format(0.0), "1969-12-31T18:30:00-05:30");
    }

    #[test]
    fn advancing_moves_every_reading_forward_and_never_back() {
        let clock = Clock::new(1e-9, 0, 0.0);
        let before = clock.now();
        clock.advance(100.0);
        clock.advance(-50.0);
        clock.advance(f64::NAN);
        let after = clock.now();
        assert!((after - before - 100.0).abs() < 0.01, "{before} → {after}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3h"), Some(10_800.0));
        assert_eq!(parse_duration("500ms"), Some(0.5));
        assert_eq!(parse_duration("90"), Some(90.0));
        assert_eq!(parse_duration("-1s"), None);
    }
}
