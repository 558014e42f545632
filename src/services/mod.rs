//! The writes: each operation runs in one transaction with its audit rows and its outbox rows
//! (logging in, accounts, applications and their steps, registrations and rooms, the 連絡帳,
//! clinical records, events). Who is told what is decided here; what a mail says is built in
//! one place, `mails`; joining and leaving a room in `memberships`. (Some pure rules — dates,
//! text folding, the business calendar, form checks — still live here until they move to
//! `domain/`.)

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
