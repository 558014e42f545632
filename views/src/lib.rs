//! renkei's pages and htmx partials. Every function is a pure function of the view structs it is
//! given; no database, no request. Strings come from `locales/` through `t!` with the request's
//! locale passed explicitly.

// User text is never cut by byte index: a slice inside a character panics the request.
#![deny(clippy::string_slice)]

rust_i18n::i18n!("../locales", fallback = "ja");

pub mod access;
pub mod account;
pub mod admin;
pub mod applications;
pub mod apply;
pub mod auth;
pub mod bars;
pub mod calendar;
pub mod clinical;
pub mod directory;
pub mod errors;
pub mod form;
pub mod graph;
pub mod help;
pub mod home;
pub mod layout;
pub mod letters;
pub mod mail;
pub mod medication;
pub mod notices;
pub mod paths;
pub mod registers;
pub mod rooms;
pub mod statistics;
pub mod time;
pub mod ui;
pub mod vitals;

pub use layout::{Flash, NavItem, Shell, UserBadge};
