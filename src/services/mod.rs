//! Business operations that span several records: logging in, enrolling a factor, changing a
//! password, stopping an account. Each runs in one transaction with its audit rows.

pub mod access;
pub mod accounts;
pub mod applications;
pub mod auth;
pub mod calendar;
pub mod clinical;
pub mod dates;
pub mod events;
pub mod files;
pub mod forms;
pub mod letters;
pub mod mails;
pub mod memberships;
pub mod messages;
pub mod registrations;
pub mod retention;
pub mod text;
pub mod timeline;
pub mod vitals;
