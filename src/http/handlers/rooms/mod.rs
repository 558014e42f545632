//! Rooms as their members use them: my rooms with unread counts, a room's 連絡帳 (newest first,
//! keyset pages, tag filter, read receipts), writing, replying and correcting, the member list
//! and files. Every page and every file goes through `Room::membership` (and, for the 連絡帳's
//! own pages, `features::room_with`: the feature switched on): only current members
//! see anything, at their next request after being removed; a closed room is read-only.

//!
//! One file per page or action: `timeline` (my rooms, the 連絡帳), `posts` (write, reply,
//! correct), `files`, `members`.

mod files;
mod members;
mod posts;
mod timeline;

pub use files::{file, photo, photo_page, preview, thumbnail};
pub use members::members;
pub use posts::{correct, correction_form, create, reply};
pub use timeline::{mine, show};
