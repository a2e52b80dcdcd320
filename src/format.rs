//! Numbers, sizes and times as people read them. Pure, so tested natively.

/// `721000` → `"721,000"`.
///
/// ```
/// use milvus_import_monitor::format::thousands;
/// assert_eq!(thousands(721_000), "721,000");
/// assert_eq!(thousands(999), "999");
/// ```
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Bytes in binary units with one decimal: `202981056` → `"193.6 MiB"`.
///
/// ```
/// use milvus_import_monitor::format::human_size;
/// assert_eq!(human_size(202_981_056), "193.6 MiB");
/// assert_eq!(human_size(512), "512 B");
/// ```
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS.get(unit).copied().unwrap_or("EiB"))
}

/// Milliseconds since the epoch of an RFC 3339 timestamp with a `Z` or `±HH:MM` zone, as the
/// server writes them (`2025-11-25T08:15:10Z`, `2026-02-01T09:12:44+08:00`); fractions are
/// accepted. `None` for anything else.
///
/// ```
/// use milvus_import_monitor::format::parse_rfc3339_ms;
/// assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01Z"), Some(1000.0));
/// assert_eq!(parse_rfc3339_ms("1970-01-01T08:00:00+08:00"), Some(0.0));
/// assert_eq!(parse_rfc3339_ms("yesterday"), None);
/// ```
pub fn parse_rfc3339_ms(text: &str) -> Option<f64> {
    // Every poll reads each file's completion time (a 1,024-file job: 1,024 of them), in the task
    // that renders the answer: the server's own layout is read by position, anything else by the
    // general reader below, which gives the same value for it.
    match server_layout(text.as_bytes()) {
        Some(ms) => Some(ms),
        None => parse_rfc3339_any_ms(text),
    }
}

/// `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, with no fraction and nothing around it (how
/// Milvus writes every time): its milliseconds, or `None` for any other text, valid or not.
fn server_layout(b: &[u8]) -> Option<f64> {
    let digits = |at: usize, len: usize| -> Option<i64> {
        b.get(at..at + len)?.iter().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let offset_minutes = match (b.len(), b.get(19)) {
        (20, Some(b'Z')) => 0,
        (25, Some(&sign @ (b'+' | b'-'))) if at(22, b':') => {
            let minutes = digits(20, 2)? * 60 + digits(23, 2)?;
            if sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(secs as f64 * 1000.0)
}

/// [`parse_rfc3339_ms`] for any text it accepts (`t`, a space, fractions, surrounding blanks).
#[doc(hidden)]
pub fn parse_rfc3339_any_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;
    let (time, offset_minutes) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        (time, 0i64)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (time, zone) = rest.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, m) = zone.get(1..)?.split_once(':')?;
        (time, sign * (h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?))
    };
    let mut time_parts = time.splitn(3, ':');
    let hour: i64 = time_parts.next()?.parse().ok()?;
    let minute: i64 = time_parts.next()?.parse().ok()?;
    let seconds: f64 = crate::model::decimal(time_parts.next()?)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || !(0.0..61.0).contains(&seconds) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 - offset_minutes * 60;
    Some(secs as f64 * 1000.0 + seconds * 1000.0)
}

/// A time as `2024-03-31 12:35:56 UTC`: the same text in every locale and zone, for times a
/// person compares with server logs (which Milvus writes in UTC or its own zone).
///
/// ```
/// use milvus_import_monitor::format::utc_date_time;
/// assert_eq!(utc_date_time(0.0), "1970-01-01 00:00:00 UTC");
/// assert_eq!(utc_date_time(1_711_888_556_283.0), "2024-03-31 12:35:56 UTC");
/// ```
pub fn utc_date_time(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", rest / 3600, rest / 60 % 60, rest % 60)
}

/// A time as RFC 3339 in UTC, to the second (`2024-03-31T12:35:56Z`): how Milvus writes its own
/// times, for exports a script reads.
///
/// ```
/// use milvus_import_monitor::format::rfc3339_utc;
/// assert_eq!(rfc3339_utc(1_711_888_556_283.0), "2024-03-31T12:35:56Z");
/// ```
pub fn rfc3339_utc(ms: f64) -> String {
    utc_date_time(ms).replacen(' ', "T", 1).replace(" UTC", "Z")
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Howard Hinnant's civil-to-days algorithm.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A duration as `1 h 05 min`, `4 min 10 s` or `12 s`.
///
/// ```
/// use milvus_import_monitor::format::human_duration;
/// assert_eq!(human_duration(3_900_000.0), "1 h 05 min");
/// assert_eq!(human_duration(250_000.0), "4 min 10 s");
/// assert_eq!(human_duration(12_400.0), "12 s");
/// ```
pub fn human_duration(ms: f64) -> String {
    let secs = (ms.max(0.0) / 1000.0).round() as u64;
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min {:02} s", secs / 60, secs % 60),
        _ => format!("{} h {:02} min", secs / 3600, secs / 60 % 60),
    }
}

/// Text safe to show: control characters and bidi overrides become placeholders (`\u{FFFD}`), so a file name cannot reorder or hide what surrounds it.
///
/// ```
/// use milvus_import_monitor::format::display_text;
/// assert_eq!(display_text("a\u{202E}b"), "a\u{FFFD}b");
/// assert_eq!(display_text("plain.parquet"), "plain.parquet");
/// ```
pub fn display_text(text: &str) -> String {
    text.chars().map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c }).collect()
}

/// Control characters and the Unicode bidi controls that can make text read backwards: never
/// shown as they are.
///
/// ```
/// use milvus_import_monitor::format::is_unsafe_char;
/// assert!(is_unsafe_char('\u{202E}') && is_unsafe_char('\n') && !is_unsafe_char('é'));
/// ```
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Percent-encoding for a URL's query values (every URL the page builds: links, log links):
/// unreserved characters kept, every other byte escaped.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            other => {
                // Digit by digit, not with `format!`: the share link is written at each of the page's renders.
                let hex = |n: u8| char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 });
                out.push('%');
                out.push(hex(other >> 4));
                out.push(hex(other & 15));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// Every byte of every character the page may put in a link, escaped as `format!` wrote it.
    #[test]
    fn percent_encode_escapes_each_byte_in_upper_case_hex() {
        let text: String = (0u32..0x800).chain([0xFFFD, 0x1F600]).filter_map(char::from_u32).collect();
        let reference: String = text
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") })
            .collect();
        assert_eq!(super::percent_encode(&text), reference);
    }
}
