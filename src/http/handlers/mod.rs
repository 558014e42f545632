//! Request handlers, one module per resource (a folder with one file per page or action for the
//! big ones: `rooms/`). A handler is extract → authorise → one read model or one service call →
//! present → render; helpers they share live in `http::present`, `http::extract`,
//! `http::render` (a handler never imports another handler's module). Several older handlers
//! are still longer than that (see `bench/layout.py`).

pub mod access;
pub mod account;
pub mod admin_users;
pub mod applications;
pub mod apply;
pub mod audit;
pub mod calendar;
pub mod directory;
pub mod documents;
pub mod drafts;
pub mod health;
pub mod help;
pub mod home;
pub mod letters;
pub mod login;
pub mod mail;
pub mod mail_recipients;
pub mod medication;
pub mod notices;
pub mod notifications;
pub mod onboarding;
pub mod registers;
pub mod rooms;
pub mod rooms_admin;
pub mod search;
pub mod statistics;
pub mod submissions;
pub mod tags;
pub mod vitals;
pub mod withdrawals;
