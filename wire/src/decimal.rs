//! Decimal numbers read from text without core's float parser: `str::parse::<f64>` links its
//! correctly-rounded algorithm and a table of powers of ten (about 10 KB of wasm) for what here
//! is a poll interval, a stall threshold or a count a server wrote as a string. Within an ulp or
//! two of the nearest `f64`, which none of them can tell.

/// `[+-]digits[.digits][e[+-]digits]` (digits on at least one side of the point), else `None`.
///
/// ```
/// use milvus_import_wire::decimal;
/// assert_eq!(decimal("2.5"), Some(2.5));
/// assert_eq!(decimal("-0.5"), Some(-0.5));
/// assert_eq!(decimal("1.5e6"), Some(1_500_000.0));
/// assert_eq!(decimal(".5"), Some(0.5));
/// assert_eq!(decimal("12"), Some(12.0));
/// for bad in ["", ".", "e3", "1e", "1.2.3", "NaN", "inf", "1,5", " 1"] {
///     assert_eq!(decimal(bad), None, "{bad:?}");
/// }
/// ```
pub fn decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            at = 1;
            true
        }
        Some(b'+') => {
            at = 1;
            false
        }
        _ => false,
    };
    // Up to 19 significant digits in an integer; later ones only move the exponent.
    let (mut mantissa, mut exponent, mut digits) = (0u64, 0i32, 0usize);
    let mut push = |digit: u8, fraction: bool, exponent: &mut i32| {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(digit);
            *exponent -= i32::from(fraction);
        } else {
            *exponent += i32::from(!fraction);
        }
    };
    while let Some(d) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
        push(d - b'0', false, &mut exponent);
        digits += 1;
        at += 1;
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        while let Some(d) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            push(d - b'0', true, &mut exponent);
            digits += 1;
            at += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let (sign, start) = match bytes.get(at + 1) {
            Some(b'-') => (-1, at + 2),
            Some(b'+') => (1, at + 2),
            _ => (1, at + 1),
        };
        let digits = bytes.get(start..)?.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let written = bytes.get(start..start + digits)?.iter().fold(0i32, |n, d| n.saturating_mul(10).saturating_add(i32::from(d - b'0')));
        exponent = exponent.saturating_add(sign * written);
        at = start + digits;
    }
    if at != bytes.len() {
        return None;
    }
    if mantissa == 0 {
        // Zero with any exponent (0e617 would be 0 × ∞ below).
        return Some(if negative { -0.0 } else { 0.0 });
    }
    // 10^e in two steps, so 1e-320 and 1e308 neither overflow nor vanish early.
    let value = mantissa as f64 * 10f64.powi(exponent / 2) * 10f64.powi(exponent - exponent / 2);
    Some(if negative { -value } else { value })
}
