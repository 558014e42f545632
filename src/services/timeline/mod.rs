//! Writing in a room's 連絡帳: a post (or a reply) with its addressees, tags and files, one
//! notification per member who wants it (no content, no names: only that something was written
//! in which room, and a link), and the audit row — all in one transaction. A double submit of
//! the same form (same key) gives the one post already written. Corrections keep the earlier
//! text as a version.
//!
//! The writing is in `writing`; what members chose to be told and the mails of what happened to
//! their rooms in `notifications`; the daily digests in `digests`; photo thumbnails in
//! `thumbnails`.

mod digests;
mod notifications;
mod thumbnails;
mod writing;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::User;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::files::StoredFile;
use crate::models::outbox::Outbox;
use crate::models::posts::{NewPost, Post};
use crate::models::rooms::Room;
use crate::schema::notification_settings;
use crate::services::files::Attachment;

pub use digests::send_due_digests;
pub use notifications::{NotificationChoice, POST_CHOICES, RoomEvent, tell_member};
pub use thumbnails::make_thumbnail;
pub use writing::{correct, mark_opened, write};

#[derive(Debug)]
pub enum PostError {
    /// Not (or no longer) a member.
    NotMember,
    /// The room is closed: read-only.
    Closed,
    /// The member's right for the 連絡帳 is 閲覧のみ.
    ReadOnly,
    /// Only the author corrects a post.
    NotAuthor,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for PostError {
    fn from(e: diesel::result::Error) -> Self {
        PostError::Db(e)
    }
}
