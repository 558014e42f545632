//! The writes: each operation runs in one transaction with its audit rows and its outbox rows
//! (logging in, accounts, applications and their steps, registrations and rooms, the 連絡帳,
//! clinical records, events). Who is told what is decided here; what a mail says is built in
//! one place, `mails`; joining and leaving a room in `memberships`. (Pure rules — dates, text
//! folding, the business calendar, form checks, vital measures — are in `domain`.)

pub mod access;
pub mod accounts;
pub mod applications;
pub mod auth;
pub mod clinical;
pub mod events;
pub mod files;
pub mod letters;
pub mod mails;
pub mod memberships;
pub mod messages;
pub mod notices;
pub mod refusal;
pub mod registrations;
pub mod retention;
pub mod timeline;
pub mod topic_rooms;
