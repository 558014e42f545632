//! Read models (as Lemmy's `db_views`): one struct a page or list, loaded in one read
//! transaction, behind the one visibility rule of its resource. Handlers load one of these and
//! hand it to a presenter; nothing here writes.

pub mod application;
pub mod calendar;
pub mod home;
pub mod medication;
pub mod message;
pub mod poll;
pub mod recipients;
pub mod registers;
pub mod search;
pub mod statistics;
pub mod submissions;
pub mod timeline;
pub mod vitals;
