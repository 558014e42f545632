//! renkei (連携): a municipal care-coordination service. Doctors, visiting nurses, pharmacists,
//! care managers and home helpers share what they know about a person cared for at home; the
//! city's and the doctors' association's clerks process the paper-equivalent applications.

// User text is never cut by byte index: a slice inside a character panics the request.
#![deny(clippy::string_slice)]

rust_i18n::i18n!("locales", fallback = "ja");

pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod http;
pub mod models;
pub mod schema;
pub mod seed;
pub mod services;
pub mod worker;
