//! Lenient field readers for what real servers and proxies put on the wire.
//!
//! Milvus writes integers as JSON numbers, its docs page calls them strings, and proxies
//! re-encode 64-bit IDs as numbers. Each reader here accepts every spelling seen in the wild
//! and turns absurd values into sane ones instead of failing the whole response.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// A largest integer an f64 holds exactly; a float ID above it has already lost digits.
const F64_EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// The largest count kept: JavaScript's `Number.MAX_SAFE_INTEGER`, so every count reaches JS
/// exactly (no real import has 9 quadrillion rows; anything above is a broken server).
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// A row count or byte size: a JSON number or numeric string; negative → 0, null → 0,
/// fractions truncated, values past [`MAX_COUNT`] saturate.
pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserializer.deserialize_any(CountVisitor).map(|value| value.min(MAX_COUNT))
}

/// A count that a server may not send at all (Zilliz Cloud has no `importedRows`): absent or
/// null is unknown (`None`), never 0; otherwise read like [`count`].
pub fn opt_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_any(OptionalVisitor(CountVisitor)).map(|value| value.map(|v| v.min(MAX_COUNT)))
}

/// A percentage that may be missing (Zilliz Cloud's list records): absent or null → `None`.
pub fn opt_percent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u8>, D::Error> {
    opt_count(deserializer).map(|value| value.map(|v| v.min(100) as u8))
}

/// Null → `None`; anything else is read by the inner visitor.
struct OptionalVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionalVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(Some)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A percentage, read like [`count`] and clamped to 0..=100.
pub fn percent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    // `min(100)` makes the narrowing exact.
    count(deserializer).map(|value| value.min(100) as u8)
}

/// A Milvus status code: any integer, as a number or numeric string; null → 0.
pub fn code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(CodeVisitor)
}

/// A string that may be absent, null or `""` (all → `None`); numbers and booleans are kept as
/// their text rather than rejected.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(TextVisitor).map(|text| text.filter(|t| !t.is_empty()))
}

/// A string where null means empty.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor).map(Option::unwrap_or_default)
}

/// A job ID kept digit for digit: a JSON string, or a bare integer from a misbehaving proxy
/// (serde_json reads integers as u64/i64 exactly, never through f64). A float is accepted only
/// when it is an integer small enough to be exact.
pub fn job_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(JobIdVisitor)
}

/// An array where null means empty.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let items: Option<Vec<T>> = serde::Deserialize::deserialize(deserializer)?;
    Ok(items.unwrap_or_default())
}

/// A JSON object (null → `None`). Serde's derived readers also take an array for a struct,
/// filling fields by position, which would turn `"data":[1,2]` into a job with ID "1".
pub fn object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    deserializer.deserialize_any(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn saturating_from_f64(value: f64) -> u64 {
    if value.is_nan() || value <= 0.0 {
        0
    } else if value >= u64::MAX as f64 {
        u64::MAX
    } else {
        value as u64
    }
}

fn parse_count(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    if let Ok(value) = text.parse::<u64>() {
        return Some(value);
    }
    if let Ok(value) = text.parse::<i64>() {
        return Some(value.max(0) as u64);
    }
    crate::decimal(text).filter(|v| !v.is_nan()).map(saturating_from_f64)
}

struct CountVisitor;

impl<'de> Visitor<'de> for CountVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a non-negative integer or a numeric string")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        Ok(v.max(0) as u64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        Ok(saturating_from_f64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        parse_count(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    fn visit_unit<E: de::Error>(self) -> Result<u64, E> {
        Ok(0)
    }
    fn visit_none<E: de::Error>(self) -> Result<u64, E> {
        Ok(0)
    }
}

struct CodeVisitor;

impl<'de> Visitor<'de> for CodeVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer status code")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        Ok(i64::try_from(v).unwrap_or(i64::MAX))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.is_finite() && v.fract() == 0.0 && v.abs() < F64_EXACT_LIMIT {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim().parse().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

struct JobIdVisitor;

impl<'de> Visitor<'de> for JobIdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a job ID as a string or an exact integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        if v.is_finite() && v.fract() == 0.0 && v.abs() <= F64_EXACT_LIMIT {
            Ok((v as i64).to_string())
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}
