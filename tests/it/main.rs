//! renkei's integration tests, one binary (linking the app once instead of once per area): each
//! module tests one area through the real application and a real database (SQLite by default;
//! PostgreSQL when `RENKEI_TEST_DATABASE_URL` is set). `common` holds the test app, the
//! cookie-keeping browser and the builders.
//!
//! One area: `cargo test --test it rooms::` — one test: `cargo test --test it -- rooms::replies`.

mod common;

mod access;
mod applications;
mod apply;
mod auth;
mod authorisation;
mod backup;
mod calendar;
mod cli;
mod clinical;
mod dated;
mod forms_fuzz;
mod help;
mod i18n;
mod jobs;
mod mail;
mod meetings;
mod notices;
mod redaction;
mod registers;
mod registrations;
mod reissue;
mod retention;
mod rights;
mod rooms;
mod statistics;
mod topic_rooms;
