//! A job's logs one click away: a URL template filled with the job's ID, collection, database
//! and time window (created − 1 min to completion + 1 min, or to now while it runs), in epoch
//! milliseconds and RFC 3339, with presets for Grafana Explore (Loki), Kibana Discover and
//! CloudWatch Logs Insights. Milvus logs carry the job as the structured field `jobID`. Pure:
//! the page, the form and the element's attribute all come here. A template cannot name the
//! token, so no link carries it.

use crate::format::{percent_encode, rfc3339_utc};

/// How far before creation and after completion the window reaches.
pub const WINDOW_MARGIN_MS: f64 = 60_000.0;

/// The placeholders a template may use, each with what it becomes.
pub const PLACEHOLDERS: [(&str, &str); 7] = [
    ("{jobId}", "the job's ID"),
    ("{collection}", "the collection"),
    ("{database}", "the database (default when none was given)"),
    ("{fromMs}", "the window's start, epoch milliseconds"),
    ("{toMs}", "the window's end, epoch milliseconds"),
    ("{from}", "the window's start, RFC 3339 (UTC)"),
    ("{to}", "the window's end, RFC 3339 (UTC)"),
];

/// A ready-made template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    /// `{base}` is the user's log server (Grafana, Kibana) or region (CloudWatch).
    pub template: &'static str,
}

/// Grafana Explore with a Loki query on the `jobID` field, Kibana Discover with a KQL query,
/// and CloudWatch Logs Insights (the console's URL form; the log group is the user's).
pub const PRESETS: [Preset; 3] = [
    Preset {
        name: "Grafana Explore (Loki)",
        template: "{base}/explore?schemaVersion=1&panes=%7B%22a%22%3A%7B%22datasource%22%3A%22loki%22%2C%22queries%22%3A%5B%7B%22refId%22%3A%22A%22%2C%22expr%22%3A%22%7Bapp%3D%5C%22milvus%5C%22%7D%20%7C%3D%20%5C%22{jobId}%5C%22%22%7D%5D%2C%22range%22%3A%7B%22from%22%3A%22{fromMs}%22%2C%22to%22%3A%22{toMs}%22%7D%7D%7D&orgId=1",
    },
    Preset {
        name: "Kibana Discover",
        template: "{base}/app/discover#/?_g=(time:(from:'{from}',to:'{to}'))&_a=(query:(language:kuery,query:'jobID:%22{jobId}%22'))",
    },
    Preset {
        name: "CloudWatch Logs Insights",
        template: "https://console.aws.amazon.com/cloudwatch/home?region={base}#logsV2:logs-insights$3FqueryDetail$3D~(end~'{to}~start~'{from}~timeType~'ABSOLUTE~editorString~'fields*20*40timestamp*2c*20*40message*0a*7c*20filter*20jobID*20*3d*20*22{jobId}*22)",
    },
];

/// What a link is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct LogFacts<'a> {
    pub job_id: &'a str,
    pub collection: &'a str,
    pub database: Option<&'a str>,
    /// The job's creation on the page's clock (`Date.now()` ms).
    pub created_ms: f64,
    /// Its end on the page's clock, if it ended.
    pub ended_ms: Option<f64>,
    /// Now (`Date.now()` ms): the window's end while the job runs.
    pub now_ms: f64,
}

/// Why a template cannot make a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    Empty,
    /// Only http and https links are opened.
    NotHttp,
    /// `{token}` (or any placeholder this page does not fill): never filled, so never sent.
    UnknownPlaceholder(String),
}

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            TemplateProblem::Empty => f.write_str("Enter a log URL template."),
            TemplateProblem::NotHttp => f.write_str("A log link must start with https:// or http://."),
            TemplateProblem::UnknownPlaceholder(name) => {
                write!(f, "{name} is not a placeholder this page fills (the token never is): use {}.", placeholder_names())
            }
        }
    }
}

fn placeholder_names() -> String {
    PLACEHOLDERS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// A preset with the user's log server (or region) filled in.
///
/// ```
/// use milvus_import_monitor::loglink::{preset_template, PRESETS};
/// assert!(preset_template(&PRESETS[0], "https://grafana.example.com/").starts_with("https://grafana.example.com/explore?"));
/// ```
pub fn preset_template(preset: &Preset, base: &str) -> String {
    preset.template.replace("{base}", base.trim().trim_end_matches('/'))
}

/// The job's window: created − 1 min to its end + 1 min (now + 1 min while it runs).
pub fn window(facts: &LogFacts) -> (f64, f64) {
    (facts.created_ms - WINDOW_MARGIN_MS, facts.ended_ms.unwrap_or(facts.now_ms) + WINDOW_MARGIN_MS)
}

/// Checks a template: http(s), and only known placeholders.
pub fn check(template: &str) -> Result<(), TemplateProblem> {
    let template = template.trim();
    if template.is_empty() {
        return Err(TemplateProblem::Empty);
    }
    let lower = template.to_ascii_lowercase();
    if !lower.starts_with("https://") && !lower.starts_with("http://") {
        return Err(TemplateProblem::NotHttp);
    }
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        let name = after.get(..=close).unwrap_or_default();
        if !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
            return Err(TemplateProblem::UnknownPlaceholder(name.to_owned()));
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    Ok(())
}

/// The link for a job: the template with every placeholder filled, each value percent-encoded.
///
/// ```
/// use milvus_import_monitor::loglink::{link, LogFacts};
/// let facts = LogFacts { job_id: "7", collection: "books", database: None, created_ms: 1_764_000_060_000.0, ended_ms: Some(1_764_000_120_000.0), now_ms: 0.0 };
/// assert_eq!(link("https://logs/?q={jobId}&c={collection}&d={database}&from={fromMs}&to={to}", &facts).unwrap(),
///     "https://logs/?q=7&c=books&d=default&from=1764000000000&to=2025-11-24T16%3A03%3A00Z");
/// ```
pub fn link(template: &str, facts: &LogFacts) -> Result<String, TemplateProblem> {
    check(template)?;
    let (from, to) = window(facts);
    let values = [
        ("{jobId}", facts.job_id.to_owned()),
        ("{collection}", facts.collection.to_owned()),
        ("{database}", facts.database.filter(|d| !d.trim().is_empty()).unwrap_or("default").to_owned()),
        ("{fromMs}", format!("{}", from.round() as i64)),
        ("{toMs}", format!("{}", to.round() as i64)),
        ("{from}", rfc3339_utc(from)),
        ("{to}", rfc3339_utc(to)),
    ];
    let mut out = template.trim().to_owned();
    for (name, value) in values {
        out = out.replace(name, &percent_encode(&value));
    }
    Ok(out)
}

/// Where this browser keeps the user's log link (never a token: a template cannot name one).
pub const LOG_LINK_KEY: &str = "milvus-import-monitor.log-link";

/// The log link as the form holds it: a preset's name (empty: the user's own template), the
/// log server or region the preset needs, and the template in use.
/// Kept as `{"preset", "base", "template"}`, each empty when absent (read and written by
/// `flat_json`, as serde_json did).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogSetting {
    pub preset: String,
    pub base: String,
    pub template: String,
}

impl LogSetting {
    /// The setting after choosing `preset` (by name; empty: keep the template as typed) or
    /// changing the base: a preset's template is made again from the base.
    ///
    /// ```
    /// use milvus_import_monitor::loglink::LogSetting;
    /// let kibana = LogSetting::default().with_preset("Kibana Discover").with_base("https://kibana.example.com");
    /// assert!(kibana.template.starts_with("https://kibana.example.com/app/discover#/?"));
    /// ```
    pub fn with_preset(&self, preset: &str) -> LogSetting {
        let mut next = LogSetting { preset: preset.to_owned(), ..self.clone() };
        if let Some(found) = PRESETS.iter().find(|p| p.name == preset) {
            next.template = preset_template(found, &next.base);
        }
        next
    }

    pub fn with_base(&self, base: &str) -> LogSetting {
        LogSetting { base: base.to_owned(), ..self.clone() }.with_preset(&self.preset)
    }

    /// The template typed by hand: no preset any more.
    pub fn with_template(&self, template: &str) -> LogSetting {
        LogSetting { preset: String::new(), template: template.to_owned(), ..self.clone() }
    }

    /// A template to use, if one was set (a problem with it is said by [`check`]).
    pub fn in_use(&self) -> Option<&str> {
        Some(self.template.trim()).filter(|t| !t.is_empty())
    }

    /// The setting kept in this browser (anything unreadable: none).
    pub fn load(storage: &dyn crate::storage::Storage) -> LogSetting {
        let read = |object: &crate::flat_json::Object| {
            let text = |name| object.text(name).map(|t| t.unwrap_or_default().to_owned());
            Ok::<_, crate::flat_json::NotText>(LogSetting { preset: text("preset")?, base: text("base")?, template: text("template")? })
        };
        match storage.get(LOG_LINK_KEY).as_deref().and_then(crate::flat_json::read) {
            Some(crate::flat_json::Value::Object(object)) if !object.repeats_a_name() => read(&object).unwrap_or_default(),
            _ => LogSetting::default(),
        }
    }

    /// Keeps it (an empty setting removes the key).
    pub fn save(&self, storage: &dyn crate::storage::Storage) {
        if *self == LogSetting::default() {
            storage.remove(LOG_LINK_KEY);
        } else {
            let fields = [("preset", self.preset.as_str()), ("base", &self.base), ("template", &self.template)];
            let _ = storage.set(LOG_LINK_KEY, &crate::flat_json::write_object(&fields));
        }
    }
}
