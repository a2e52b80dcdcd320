//! The connection form as typed, and what it means: a connection, a job to watch, an interval.

use crate::client::{Connection, Endpoint};
use crate::connections::SavedConnection;
use crate::job::DEFAULT_STALL_MS;
use crate::policy::{self, DEFAULT_INTERVAL_MS};
use crate::state::batch::PairSetting;
use crate::ApiError;

/// What the form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FormFields {
    pub endpoint: String,
    /// Memory only, unless `remember_token`.
    pub token: String,
    pub remember_token: bool,
    pub job_id: String,
    pub db_name: String,
    pub cluster_id: String,
    /// Seconds, as typed.
    pub interval_secs: String,
    /// Minutes without any change before a stall hint, as typed.
    pub stall_minutes: String,
    /// Opt-in desktop notification when the job ends.
    pub notify: bool,
    /// What the last Watch made of the Job ID field, when worth saying (IDs given twice).
    pub note: Option<String>,
    /// This connection's name, to keep it in this browser (empty: not kept).
    pub name: String,
    /// More servers: the form's own fields are the first.
    pub servers: Vec<ServerFields>,
    /// The second server is the first's CDC standby: the first's job IDs are watched on both.
    pub pair: bool,
    /// The named connections kept in this browser.
    pub saved: Vec<SavedConnection>,
    /// Opened from a link naming several servers: their tokens are asked for first.
    pub asks_tokens: bool,
    /// The log link (`crate::loglink`), kept in this browser.
    pub log: crate::loglink::LogSetting,
}

/// The jobs of one server, as the page is asked to watch them.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerJobs {
    pub settings: Settings,
    pub job_ids: Vec<String>,
}

/// Another server of the form: its own connection and job IDs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerFields {
    pub name: String,
    pub endpoint: String,
    pub token: String,
    pub db_name: String,
    pub cluster_id: String,
    /// Job IDs as typed (ignored for a pair's standby: it is asked for the primary's).
    pub job_id: String,
}

/// One editable field of another server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerField {
    Name,
    Endpoint,
    Token,
    DbName,
    JobId,
}

impl Default for FormFields {
    fn default() -> Self {
        FormFields {
            endpoint: String::new(),
            token: String::new(),
            remember_token: false,
            job_id: String::new(),
            db_name: String::new(),
            cluster_id: String::new(),
            interval_secs: (DEFAULT_INTERVAL_MS / 1000).to_string(),
            stall_minutes: (DEFAULT_STALL_MS / 60_000.0).to_string(),
            notify: false,
            note: None,
            name: String::new(),
            servers: Vec::new(),
            pair: false,
            saved: Vec::new(),
            asks_tokens: false,
            log: crate::loglink::LogSetting::default(),
        }
    }
}

/// One editable field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Endpoint,
    Token,
    JobId,
    DbName,
    ClusterId,
    Interval,
    StallMinutes,
    /// The connection's name (a kept one's name fills the rest).
    Name,
    /// The log link's preset (by name; empty: the user's own template), its log server or
    /// region, and the template itself.
    LogPreset,
    LogBase,
    LogUrl,
}

/// What can happen to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    Edit(Field, String),
    /// The host page (embedded widget) replaces the settings; the job ID and the user's
    /// choices (remember, notify, stall minutes) stay.
    Configure(Settings),
    SetRemember(bool),
    SetNotify(bool),
    /// *Add a server*.
    AddServer,
    RemoveServer(usize),
    EditServer(usize, ServerField, String),
    /// The second server is the first's standby.
    SetPair(bool),
    /// The named connections kept in this browser, as read at start.
    Saved(Vec<SavedConnection>),
}

/// Where and how often to watch, typed: what the form and the JavaScript options both produce.
///
/// ```
/// use milvus_import_monitor::state::{FormFields, Settings};
/// let form = FormFields { endpoint: "localhost:19530".into(), interval_secs: "5".into(), ..FormFields::default() };
/// let settings = Settings { endpoint: "localhost:19530".into(), interval_ms: 5_000, ..Settings::default() };
/// assert_eq!(form.settings(), settings);
/// assert_eq!(settings.connection().unwrap().endpoint.base(), "http://localhost:19530");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub endpoint: String,
    pub token: String,
    pub db_name: String,
    pub cluster_id: String,
    pub interval_ms: u32,
    /// The log link template a host sets (the element's `log-url`); `None` leaves the form's.
    pub log_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        FormFields::default().settings()
    }
}

impl Settings {
    /// The connection these settings describe; an endpoint or a token the browser cannot use
    /// is an error that says which.
    pub fn connection(&self) -> Result<Connection, ApiError> {
        let endpoint = Endpoint::parse(&self.endpoint)?;
        if let Some(message) = crate::client::token_problem(self.token.trim()) {
            return Err(ApiError::InvalidInput { message });
        }
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let mut connection = Connection::new(endpoint, self.token.trim());
        connection.db_name = optional(&self.db_name);
        connection.cluster_id = optional(&self.cluster_id);
        Ok(connection)
    }
}

impl FormFields {
    /// The settings the form describes (the interval read by [`policy::interval_ms`]).
    pub fn settings(&self) -> Settings {
        Settings {
            endpoint: self.endpoint.clone(),
            token: self.token.clone(),
            db_name: self.db_name.clone(),
            cluster_id: self.cluster_id.clone(),
            interval_ms: self.interval_ms(),
            log_url: None,
        }
    }

    /// The form showing `settings`, keeping the job ID and the user's own choices.
    pub fn configured(&self, settings: &Settings) -> FormFields {
        FormFields {
            endpoint: settings.endpoint.clone(),
            token: settings.token.clone(),
            db_name: settings.db_name.clone(),
            cluster_id: settings.cluster_id.clone(),
            interval_secs: (f64::from(settings.interval_ms) / 1000.0).to_string(),
            log: settings.log_url.as_deref().map_or_else(|| self.log.clone(), |url| self.log.with_template(url)),
            ..self.clone()
        }
    }

    /// The form pointed at `endpoint` (a kept job's server), with the token and database this
    /// page has for it: the form's own when it names that server, else another server row's,
    /// else none (the token is never kept with history).
    pub fn for_server(&self, endpoint: &str) -> FormFields {
        let base = |text: &str| Endpoint::parse(text).map(|e| e.base().to_owned()).ok();
        let wanted = base(endpoint);
        if wanted.is_some() && base(&self.endpoint) == wanted {
            return self.clone();
        }
        let row = self.servers.iter().find(|s| wanted.is_some() && base(&s.endpoint) == wanted);
        FormFields {
            endpoint: endpoint.to_owned(),
            token: row.map(|s| s.token.clone()).unwrap_or_default(),
            db_name: row.map(|s| s.db_name.clone()).unwrap_or_default(),
            cluster_id: row.map(|s| s.cluster_id.clone()).unwrap_or_default(),
            ..self.clone()
        }
    }

    /// The token would cross the network in clear text: plain http to a host that is not
    /// this machine.
    pub fn sends_token_in_clear(&self) -> bool {
        !self.token.trim().is_empty() && Endpoint::parse(&self.endpoint).is_ok_and(|e| e.is_plain_http() && !e.is_loopback())
    }

    /// The cluster ID field is shown for Zilliz Cloud's API, or once it holds a value.
    pub fn shows_cluster_id(&self) -> bool {
        !self.cluster_id.is_empty() || Endpoint::parse(&self.endpoint).is_ok_and(|e| e.is_zilliz_cloud_api())
    }

    /// Minutes without change before a stall hint (default 5), in milliseconds.
    pub fn stall_ms(&self) -> f64 {
        let minutes = crate::model::decimal(self.stall_minutes.trim()).filter(|m| m.is_finite() && *m > 0.0);
        minutes.map_or(DEFAULT_STALL_MS, |m| m * 60_000.0)
    }

    /// The connection the form describes (endpoint, token, database, cluster).
    pub fn connection(&self) -> Result<Connection, ApiError> {
        self.settings().connection()
    }

    /// The poll interval in milliseconds ([`policy::interval_ms`]).
    pub fn interval_ms(&self) -> u32 {
        policy::interval_ms(&self.interval_secs)
    }

    /// The form after `action`; `None` when nothing changed.
    pub fn apply(&self, action: FormAction) -> Option<FormFields> {
        let mut form = self.clone();
        match action {
            FormAction::Edit(Field::LogPreset, value) => form.log = self.log.with_preset(&value),
            FormAction::Edit(Field::LogBase, value) => form.log = self.log.with_base(&value),
            FormAction::Edit(Field::LogUrl, value) => form.log = self.log.with_template(&value),
            FormAction::Edit(field, value) => {
                let slot = match field {
                    Field::Endpoint => &mut form.endpoint,
                    Field::Token => &mut form.token,
                    Field::JobId => &mut form.job_id,
                    Field::DbName => &mut form.db_name,
                    Field::ClusterId => &mut form.cluster_id,
                    Field::Interval => &mut form.interval_secs,
                    Field::StallMinutes => &mut form.stall_minutes,
                    Field::Name => {
                        if let Some(kept) = self.saved.iter().find(|c| c.name == value) {
                            form.endpoint.clone_from(&kept.endpoint);
                            form.db_name.clone_from(&kept.db_name);
                            form.cluster_id.clone_from(&kept.cluster_id);
                            if let Some(token) = &kept.token {
                                form.token.clone_from(token);
                            }
                        }
                        &mut form.name
                    }
                    Field::LogPreset | Field::LogBase | Field::LogUrl => return None,
                };
                *slot = value;
            }
            FormAction::Configure(settings) => form = self.configured(&settings),
            FormAction::SetRemember(remember) => form.remember_token = remember,
            FormAction::SetNotify(notify) => form.notify = notify,
            FormAction::AddServer => form.servers.push(ServerFields::default()),
            FormAction::RemoveServer(index) if index < form.servers.len() => {
                form.servers.remove(index);
                form.pair &= !form.servers.is_empty();
            }
            FormAction::RemoveServer(_) => {}
            FormAction::EditServer(index, field, value) => {
                let kept = (field == ServerField::Name).then(|| self.saved.iter().find(|c| c.name == value)).flatten().cloned();
                let server = form.servers.get_mut(index)?;
                if let Some(kept) = kept {
                    server.endpoint = kept.endpoint;
                    server.db_name = kept.db_name;
                    server.cluster_id = kept.cluster_id;
                    if let Some(token) = kept.token {
                        server.token = token;
                    }
                }
                let slot = match field {
                    ServerField::Name => &mut server.name,
                    ServerField::Endpoint => &mut server.endpoint,
                    ServerField::Token => &mut server.token,
                    ServerField::DbName => &mut server.db_name,
                    ServerField::JobId => &mut server.job_id,
                };
                *slot = value;
            }
            FormAction::SetPair(pair) => {
                form.pair = pair;
                if pair && form.servers.is_empty() {
                    form.servers.push(ServerFields::default());
                }
            }
            FormAction::Saved(saved) => form.saved = saved,
        }
        (form != *self).then_some(form)
    }

    /// Every server the form names with its job IDs, the form's own first.
    pub fn server_jobs(&self) -> Vec<ServerJobs> {
        let interval_ms = self.interval_ms();
        let own = ServerJobs { settings: self.settings(), job_ids: crate::state::batch::split_job_ids(&self.job_id) };
        let others = self.servers.iter().map(|s| ServerJobs {
            settings: Settings {
                endpoint: s.endpoint.clone(),
                token: s.token.clone(),
                db_name: s.db_name.clone(),
                cluster_id: s.cluster_id.clone(),
                interval_ms,
                log_url: None,
            },
            job_ids: crate::state::batch::split_job_ids(&s.job_id),
        });
        std::iter::once(own).chain(others).collect()
    }

    /// How a pair is watched, when the form names one.
    pub fn pair_setting(&self) -> Option<PairSetting> {
        self.pair.then(|| PairSetting { stall_ms: self.stall_ms() })
    }

    /// The form's named connections, as they would be kept (tokens as typed: `merged` drops
    /// them unless remembered).
    pub fn named(&self) -> Vec<SavedConnection> {
        let own = SavedConnection {
            name: self.name.clone(),
            endpoint: self.endpoint.clone(),
            db_name: self.db_name.clone(),
            cluster_id: self.cluster_id.clone(),
            token: Some(self.token.clone()),
        };
        let others = self.servers.iter().map(|s| SavedConnection {
            name: s.name.clone(),
            endpoint: s.endpoint.clone(),
            db_name: s.db_name.clone(),
            cluster_id: s.cluster_id.clone(),
            token: Some(s.token.clone()),
        });
        std::iter::once(own).chain(others).filter(|c| !c.name.trim().is_empty()).collect()
    }
}
