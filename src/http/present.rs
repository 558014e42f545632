//! Model values as people read them: dates and times in Japan time in the one convention of
//! `renkei_views::time`, and the labels of stored codes. (Handlers call these; views receive
//! the strings.)

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

/// A stored UTC time as Japan time: `2026/12/02（水） 13:05`.
pub fn datetime(lang: &str, utc: NaiveDateTime) -> String {
    renkei_views::time::datetime(lang, utc + TimeDelta::hours(9))
}

/// A date: `2026/12/02（水）`.
pub fn date(lang: &str, d: NaiveDate) -> String {
    renkei_views::time::date(lang, d)
}

/// A stored UTC time's Japan date.
pub fn jst_date(utc: NaiveDateTime) -> NaiveDate {
    (utc + TimeDelta::hours(9)).date()
}
