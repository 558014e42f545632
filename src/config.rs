//! Configuration: built-in defaults → optional `config/renkei.toml` → `RENKEI__SECTION__KEY`
//! environment variables, plus the platform's `PORT` and `DATABASE_URL`. Unknown keys are refused
//! so that a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The shipped defaults are the documented example file itself, so the two cannot drift apart.
const DEFAULTS: &str = include_str!("../config/renkei.example.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub http: HttpSettings,
    pub session: SessionSettings,
    pub accounts: AccountSettings,
    pub applications: ApplicationSettings,
    pub login: LoginSettings,
    pub worker: WorkerSettings,
    pub mail: MailSettings,
    pub municipality: Municipality,
    #[serde(default)]
    pub help: HelpSettings,
    #[serde(default)]
    pub rooms: RoomSettings,
}

/// Rooms: the 閲覧・入力権限 a new member gets by profession (the 管理者 changes them per member
/// afterwards). `read_only.home_helper = ["care_points", …]` lists the features a home helper
/// may only read; a profession not listed reads and writes every feature.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomSettings {
    #[serde(default = "default_read_only")]
    pub read_only: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for RoomSettings {
    fn default() -> Self {
        RoomSettings {
            read_only: default_read_only(),
        }
    }
}

/// Seed 000 §2: helpers see the 療養のポイント, the prescriptions and the patient information
/// they work by; the doctor, the nurse and the care manager keep them.
fn default_read_only() -> std::collections::BTreeMap<String, Vec<String>> {
    [(
        "home_helper".to_string(),
        ["care_points", "medication", "patient_info"]
            .map(String::from)
            .to_vec(),
    )]
    .into()
}

impl RoomSettings {
    /// The features a new member of `profession` may only read.
    pub fn read_only_for(&self, profession: &str) -> crate::models::features::Features {
        use crate::models::features::{Feature, Features};
        let list: Vec<Feature> = self
            .read_only
            .get(profession)
            .map(|codes| codes.iter().filter_map(|c| Feature::from_code(c)).collect())
            .unwrap_or_default();
        Features::from_list(&list)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        use crate::models::features::Feature;
        for (profession, codes) in &self.read_only {
            if !crate::models::users::PROFESSIONS.contains(&profession.as_str()) {
                return Err(ConfigError(format!(
                    "rooms.read_only: {profession:?} is not a profession code"
                )));
            }
            for c in codes {
                if !Feature::from_code(c).is_some_and(|f| Feature::WITH_RIGHTS.contains(&f)) {
                    return Err(ConfigError(format!(
                        "rooms.read_only.{profession}: {c:?} is not one of timeline, care_points, vitals, medication, patient_info, calendar"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Where the operator's help pages are (`domain::help`); empty for the built-in texts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpSettings {
    #[serde(default)]
    pub dir: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub bind: String,
    pub port: u16,
    pub public_url: String,
    pub max_body_bytes: usize,
    /// Proxies whose `X-Forwarded-For` is believed (addresses or networks); empty: none.
    #[serde(default, deserialize_with = "list_or_commas")]
    pub trusted_proxies: Vec<String>,
    /// `trusted_proxies`, parsed at load.
    #[serde(skip)]
    pub proxies: Vec<crate::http::client_addr::Network>,
}

/// A list in the file, or `a,b` in an environment variable.
fn list_or_commas<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        List(Vec<String>),
        One(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::List(v) => v,
        Either::One(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSettings {
    pub idle_timeout_minutes: i64,
    pub absolute_timeout_hours: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    pub activation_code_valid_days: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationSettings {
    pub due_open_days: u32,
    pub extra_closed_days: Vec<String>,
    /// A closed patient room is kept this many years from the day it closed, then purged.
    pub retention_years: u32,
    /// Public 電子申請 submissions accepted per address per hour.
    pub online_per_address_per_hour: u32,
    /// The largest scan or attachment accepted, in bytes.
    pub max_file_bytes: usize,
}

impl ApplicationSettings {
    /// The configured extra closures as dates (validated at start-up).
    pub fn extra_closed(&self) -> Vec<chrono::NaiveDate> {
        self.extra_closed_days
            .iter()
            .filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSettings {
    pub max_failures_per_account_per_hour: i64,
    pub max_failures_per_address_per_15min: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// "auto" (in-process on SQLite only), "always" or "never".
    pub in_process: String,
    pub heartbeat_seconds: u64,
    pub max_attempts: i32,
    /// The hour (Japan time, 0–23) at which the daily digests of new posts are sent.
    pub digest_hour: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub from: String,
    pub smtp_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub system_title: String,
    pub system_title_en: String,
    pub city_name: String,
    pub city_office: Office,
    /// The 管理者 office (code `association`).
    pub association_office: Office,
    /// More 管理者 offices, each near its area (南空知 has two): each with its `code` and
    /// `area`, its own queue, registrants and rooms. Usually none.
    #[serde(default)]
    pub area_offices: Vec<Office>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    /// What the role labels call it: 「S管理者（市）」, 「管理者（医師会）」 — in 南空知 the
    /// S管理者 is the 医師会, so this is the operator's, not the code's.
    pub short_name: String,
    /// The same in English (「S管理者 (city)」).
    pub short_name_en: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    /// When it answers (受付時間), shown with its contacts on ヘルプ.
    #[serde(default)]
    pub hours: String,
    /// An area office's code (1–8 lower-case letters or digits; stored as
    /// `association-{code}`, receipt numbers `A{CODE}-2026-0001`). Unused for the two main
    /// offices.
    #[serde(default)]
    pub code: String,
    /// The area an area office serves (「栗山町・由仁町・長沼町」), shown where one chooses
    /// the office.
    #[serde(default)]
    pub area: String,
}

impl Municipality {
    /// The configured description of an office (an office the configuration no longer lists
    /// is described as the main 管理者 office).
    pub fn office(&self, office: crate::models::applications::Office) -> &Office {
        use crate::models::applications::Office as O;
        match office {
            O::City => &self.city_office,
            O::Association(code) => self
                .area_offices
                .iter()
                .find(|a| O::area(&a.code).is_some_and(|o| o.as_str() == code))
                .unwrap_or(&self.association_office),
        }
    }

    /// The 管理者 offices: the main one, then the area offices in the order configured.
    pub fn association_offices(&self) -> Vec<(crate::models::applications::Office, &Office)> {
        use crate::models::applications::{ASSOCIATION, Office as O};
        std::iter::once((ASSOCIATION, &self.association_office))
            .chain(
                self.area_offices
                    .iter()
                    .filter_map(|a| O::area(&a.code).map(|o| (o, a))),
            )
            .collect()
    }

    /// Makes the area offices' codes known to `Office::parse` (at start-up).
    pub fn register_offices(&self) {
        for a in &self.area_offices {
            crate::models::applications::register_area_code(&a.code);
        }
    }

    /// Every office: the S管理者, then the 管理者 offices.
    pub fn offices(&self) -> Vec<(crate::models::applications::Office, &Office)> {
        let mut all = vec![(crate::models::applications::Office::City, &self.city_office)];
        all.extend(self.association_offices());
        all
    }
}

/// A configuration that cannot be used; the message names the offending key.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Settings {
    /// Loads the configuration the way `renkei` does at start-up, reading `config/renkei.toml`
    /// relative to the working directory if it exists.
    pub fn load() -> Result<Settings, ConfigError> {
        Self::load_from(Path::new("config/renkei.toml"), std::env::vars())
    }

    /// Loads from an explicit file and environment, so tests need not touch the process state.
    pub fn load_from(
        file: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, ConfigError> {
        let env: Vec<(String, String)> = env.into_iter().collect();
        let renkei_env: config::Map<String, String> = env
            .iter()
            .filter(|(k, _)| k.starts_with("RENKEI__"))
            .cloned()
            .collect();
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(config::File::from(file).required(false))
            .add_source(
                config::Environment::with_prefix("RENKEI")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .source(Some(renkei_env)),
            );
        for (key, value) in &env {
            match key.as_str() {
                "PORT" => {
                    let port: u16 = value.parse().map_err(|_| {
                        ConfigError(format!("PORT must be a port number, got {value:?}"))
                    })?;
                    builder = builder
                        .set_override("http.port", i64::from(port))
                        .map_err(|e| ConfigError(e.to_string()))?;
                }
                "DATABASE_URL" if !value.is_empty() => {
                    builder = builder
                        .set_override("database_url", value.clone())
                        .map_err(|e| ConfigError(e.to_string()))?;
                }
                _ => {}
            }
        }
        let raw = builder.build().map_err(|e| ConfigError(e.to_string()))?;
        let mut settings: Settings = raw
            .try_deserialize()
            .map_err(|e| ConfigError(explain(&e.to_string())))?;
        settings.validate()?;
        settings.http.proxies = settings
            .http
            .trusted_proxies
            .iter()
            .filter_map(|p| crate::http::client_addr::Network::parse(p))
            .collect();
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        crate::db::Backend::from_url(&self.database_url)
            .map_err(|e| ConfigError(format!("database_url: {e}")))?;
        let url = url::Url::parse(&self.http.public_url)
            .map_err(|e| ConfigError(format!("http.public_url: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.is_local_http() => {}
            "http" => {
                return Err(ConfigError(
                    "http.public_url: plain http:// is only allowed for localhost; use https://"
                        .into(),
                ));
            }
            other => {
                return Err(ConfigError(format!(
                    "http.public_url: unsupported scheme {other:?}"
                )));
            }
        }
        for p in &self.http.trusted_proxies {
            if crate::http::client_addr::Network::parse(p).is_none() {
                return Err(ConfigError(format!(
                    "http.trusted_proxies: {p:?} is not an address or network like 10.0.0.0/8"
                )));
            }
        }
        self.rooms.validate()?;
        if !matches!(self.worker.in_process.as_str(), "auto" | "always" | "never") {
            return Err(ConfigError(
                "worker.in_process must be \"auto\", \"always\" or \"never\"".into(),
            ));
        }
        if self.session.idle_timeout_minutes <= 0 || self.session.absolute_timeout_hours <= 0 {
            return Err(ConfigError("session timeouts must be positive".into()));
        }
        for d in &self.applications.extra_closed_days {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(ConfigError(format!(
                    "applications.extra_closed_days: {d:?} is not a date like 2026-12-28"
                )));
            }
        }
        let mut codes = Vec::new();
        for a in &self.municipality.area_offices {
            if !crate::models::applications::is_association_code(&format!("association-{}", a.code))
            {
                return Err(ConfigError(format!(
                    "municipality.area_offices: code {:?} must be 1 to 8 lower-case letters or digits",
                    a.code
                )));
            }
            if codes.contains(&&a.code) {
                return Err(ConfigError(format!(
                    "municipality.area_offices: code {:?} is used twice",
                    a.code
                )));
            }
            codes.push(&a.code);
        }
        self.municipality.register_offices();
        if self.applications.due_open_days == 0 {
            return Err(ConfigError(
                "applications.due_open_days must be at least 1".into(),
            ));
        }
        if self.applications.max_file_bytes as u64 >= self.http.max_body_bytes as u64 {
            return Err(ConfigError(
                "applications.max_file_bytes must be smaller than http.max_body_bytes".into(),
            ));
        }
        if self.applications.retention_years == 0 {
            return Err(ConfigError(
                "applications.retention_years must be at least 1".into(),
            ));
        }
        if self.worker.digest_hour > 23 {
            return Err(ConfigError("worker.digest_hour must be 0–23".into()));
        }
        if self.worker.max_attempts < 1 {
            return Err(ConfigError("worker.max_attempts must be at least 1".into()));
        }
        Ok(())
    }

    /// The documented exception: plain HTTP on the loopback address, for development only.
    /// Session cookies then lose `Secure` and the `__Host-` prefix.
    pub fn is_local_http(&self) -> bool {
        match url::Url::parse(&self.http.public_url) {
            Ok(u) => {
                u.scheme() == "http"
                    && matches!(
                        u.host_str(),
                        Some("localhost") | Some("127.0.0.1") | Some("[::1]")
                    )
            }
            Err(_) => false,
        }
    }

    pub fn uses_tls(&self) -> bool {
        self.http.public_url.starts_with("https://")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// Whether `serve` also runs the worker.
    pub fn worker_in_process(&self) -> bool {
        match self.worker.in_process.as_str() {
            "always" => true,
            "never" => false,
            _ => matches!(
                crate::db::Backend::from_url(&self.database_url),
                Ok(crate::db::Backend::Sqlite)
            ),
        }
    }
}

/// serde says "unknown field `x`, expected one of …"; say which setting that was in plain words.
fn explain(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return format!(
            "unknown setting {name:?} ({message}); check config/renkei.toml and RENKEI__ variables"
        );
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(toml: &str) -> Result<Settings, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("renkei.toml");
        std::fs::write(&file, toml).unwrap();
        Settings::load_from(&file, Vec::new())
    }

    const AREA: &str = r#"
[[municipality.area_offices]]
code = "yuni"
area = "由仁町・長沼町"
name = "由仁町立診療所 医療福祉相談センター"
short_name = "由仁"
short_name_en = "Yuni"
postcode = "069-1200"
address = "由仁町本町"
phone = "0123-83-0000"
"#;

    #[test]
    fn area_offices_come_from_the_file_with_their_codes() {
        use crate::models::applications::{ASSOCIATION, Office as O};
        let s = load(AREA).unwrap();
        let offices = s.municipality.association_offices();
        assert_eq!(offices.len(), 2);
        assert_eq!(offices[0].0, ASSOCIATION);
        assert_eq!(offices[1].0.as_str(), "association-yuni");
        assert_eq!(
            s.municipality.office(offices[1].0).name,
            "由仁町立診療所 医療福祉相談センター"
        );
        assert_eq!(O::parse("association-yuni"), Some(offices[1].0));
        assert_eq!(
            O::parse("association-gone"),
            None,
            "a code the configuration does not list is no office"
        );
        assert_eq!(O::parse("association-Yuni"), None);
        assert_eq!(s.municipality.offices().len(), 3);
    }

    #[test]
    fn a_bad_or_repeated_area_code_is_refused_by_name() {
        let bad = AREA.replace("\"yuni\"", "\"Yuni Town\"");
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("municipality.area_offices") && e.contains("Yuni Town"),
            "{e}"
        );
        let twice = format!("{AREA}{AREA}");
        let e = load(&twice).unwrap_err().to_string();
        assert!(e.contains("used twice"), "{e}");
    }
}
