//! Model values as people read them: dates and times in Japan time in the one convention of
//! `renkei_views::time`, and the labels of stored codes. (Handlers call these; views receive
//! the strings.)

pub mod application_detail;
pub mod application_form;
pub mod applications;
pub mod blank_forms;
pub mod calendar;
pub mod forms;
pub mod home;
pub mod labels;
pub mod mail;
pub mod medication;
pub mod notices;
pub mod recipients;
pub mod registers;
pub mod rooms;
pub mod rooms_admin;
pub mod search;
pub mod statistics;
pub mod steps;
pub mod timeline;
pub mod vitals;

use chrono::{NaiveDate, NaiveDateTime};

/// A stored UTC time as Japan time: `2026/12/02（水） 13:05`.
pub fn datetime(lang: &str, utc: NaiveDateTime) -> String {
    renkei_views::time::datetime(lang, crate::domain::jst::from_utc(utc))
}

/// A date: `2026/12/02（水）`.
pub fn date(lang: &str, d: NaiveDate) -> String {
    renkei_views::time::date(lang, d)
}

/// A date on an application or a record of a person: also in 和暦, as the paper has it —
/// `2026/11/26（木） 令和8年11月26日` (English: the date alone).
pub fn date_wareki(lang: &str, d: NaiveDate) -> String {
    if lang == "en" {
        date(lang, d)
    } else {
        format!("{} {}", date(lang, d), crate::domain::dates::to_wareki(d))
    }
}
