//! What the `<milvus-import-monitor>` element and the `ImportMonitor` options mean, declared
//! once: the element's attributes (its observed list is this table), and how either entry point
//! becomes the same [`HostOptions`]. Native, so it is tested without a browser.

use crate::state::{FormFields, Settings};

/// One attribute of the custom element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute {
    pub name: &'static str,
    /// Its TypeScript type where markup or a framework sets it.
    pub ts: &'static str,
    /// For the manifest and the docs.
    pub description: &'static str,
}

/// The element's attributes. The token is deliberately not one: an attribute would put it in
/// the DOM for anyone to read; it is a property only.
pub const ATTRIBUTES: [Attribute; 8] = [
    Attribute { name: "endpoint", ts: "string", description: "The Milvus REST endpoint, such as http://localhost:19530." },
    Attribute { name: "job-id", ts: "string", description: "The job to watch; removing it stops watching." },
    Attribute { name: "job-ids", ts: "string", description: "Several jobs to watch as one batch, separated by spaces; wins over job-id." },
    Attribute { name: "db-name", ts: "string", description: "The database (sent as DB-Name from a same-origin page)." },
    Attribute { name: "cluster-id", ts: "string", description: "Zilliz Cloud: the cluster ID, which selects its API." },
    Attribute { name: "interval", ts: "string", description: "Seconds between polls (default 2, at least 0.5)." },
    Attribute { name: "hide-form", ts: "boolean | \"\"", description: "Present: no form; the host sets everything." },
    Attribute {
        name: "log-url",
        ts: "string",
        description: "A log link template: {jobId}, {collection}, {database}, {fromMs}, {toMs}, {from}, {to} are filled for each job (never the token).",
    },
];

/// What a host asks of the widget, from either entry point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HostOptions {
    pub settings: Settings,
    /// Watch these jobs at once (one, or several: a batch); none: watch nothing yet.
    pub job_ids: Vec<String>,
    pub show_form: bool,
}

impl HostOptions {
    /// The options the element's attributes (`get(name)`) and its token property describe.
    ///
    /// ```
    /// use milvus_import_monitor::attributes::HostOptions;
    /// let attrs = |name: &str| match name { "endpoint" => Some("http://m:19530".to_owned()), "interval" => Some("5".to_owned()), _ => None };
    /// let options = HostOptions::from_attributes(attrs, "root:Milvus");
    /// assert_eq!((options.settings.interval_ms, options.job_ids.is_empty(), options.show_form), (5_000, true, true));
    /// ```
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>, token: &str) -> HostOptions {
        let text = |name: &str| get(name).unwrap_or_default();
        let form = FormFields {
            endpoint: text("endpoint"),
            token: token.to_owned(),
            db_name: text("db-name"),
            cluster_id: text("cluster-id"),
            interval_secs: get("interval").unwrap_or_else(|| FormFields::default().interval_secs),
            ..FormFields::default()
        };
        let ids = |name: &str| get(name).map(|ids| crate::state::batch::split_job_ids(&ids)).filter(|ids| !ids.is_empty());
        HostOptions {
            settings: Settings { log_url: get("log-url"), ..form.settings() },
            job_ids: ids("job-ids").or_else(|| ids("job-id")).unwrap_or_default(),
            show_form: get("hide-form").is_none(),
        }
    }

    /// The options of `new ImportMonitor(el, options)`; a missing field means its default.
    pub fn from_fields(settings: Settings, job_ids: Vec<String>, interval_secs: Option<f64>, show_form: Option<bool>) -> HostOptions {
        let interval_ms = interval_secs.map_or(settings.interval_ms, |secs| crate::policy::interval_ms(&secs.to_string()));
        HostOptions {
            settings: Settings { interval_ms, ..settings },
            job_ids: job_ids.into_iter().filter(|id| !id.trim().is_empty()).collect(),
            show_form: show_form.unwrap_or(true),
        }
    }

    /// The form the widget starts with (its Job ID field one ID per line).
    pub fn form(&self) -> FormFields {
        FormFields { job_id: self.job_ids.join("\n"), ..FormFields::default().configured(&self.settings) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_entry_points_read_the_same_settings_alike() {
        let attrs = |name: &str| {
            let value = match name {
                "endpoint" => "http://m:19530",
                "job-id" => "462422016000000000",
                "db-name" => "books",
                "cluster-id" => "",
                "interval" => "abc",
                "hide-form" => "",
                _ => return None,
            };
            Some(value.to_owned())
        };
        let from_element = HostOptions::from_attributes(attrs, "root:Milvus");
        let settings =
            Settings { endpoint: "http://m:19530".into(), token: "root:Milvus".into(), db_name: "books".into(), ..Settings::default() };
        let from_js = HostOptions::from_fields(settings, vec!["462422016000000000".into()], Some(f64::NAN), Some(false));
        assert_eq!(from_element, from_js, "a bad interval is the default in both");
        assert_eq!(from_element.settings.interval_ms, crate::policy::DEFAULT_INTERVAL_MS);
        assert_eq!(from_element.form().job_id, "462422016000000000");
        assert_eq!(ATTRIBUTES.iter().filter(|a| a.name == "token").count(), 0, "the token is never an attribute");
    }

    #[test]
    fn job_ids_make_a_batch_from_either_entry_point() {
        let attrs = |name: &str| match name {
            "endpoint" => Some("http://m:19530".to_owned()),
            "job-id" => Some("1".to_owned()),
            "job-ids" => Some(" 462422016000000001  462422016000000002 ".to_owned()),
            _ => None,
        };
        let from_element = HostOptions::from_attributes(attrs, "");
        assert_eq!(from_element.job_ids, ["462422016000000001", "462422016000000002"], "job-ids wins over job-id, as a list");
        let settings = Settings { endpoint: "http://m:19530".into(), ..Settings::default() };
        let from_js = HostOptions::from_fields(settings, vec!["462422016000000001".into(), "462422016000000002".into()], None, None);
        assert_eq!(from_element, from_js);
        assert_eq!(crate::state::batch::split_job_ids(&from_element.form().job_id).len(), 2);
    }
}
