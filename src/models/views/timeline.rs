//! The 連絡帳 page as one read: the room (if the viewer may read its 連絡帳), one keyset page of
//! top-level posts with their replies, and everything the page shows about them — authors,
//! tags, addressees, read receipts, files and thumbnails, earlier versions — plus the room's
//! members and the tags to choose from, all in one read transaction (one snapshot).
//!
//! What opening the page changes (read receipts, the read mark) is not written here: the load
//! says what is new to the viewer ([`TimelinePage::unread`], [`TimelinePage::move_mark`]) and
//! `services::timeline::mark_opened` writes it.

use crate::models::ids::{RoomId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConnection, read_tx};
use crate::models::access::View;
use crate::models::features::{Feature, Features};
use crate::models::posts::{Post, PostFile, PostVersion, Tag};
use crate::models::rooms::{Member, Room};
use crate::models::users::{clerk_offices, names_of};

/// Top-level posts on a page of the timeline.
pub const PAGE: i64 = 30;

/// Which page: older than `before` (a post id; `None` is the newest page), with all of `tags`.
#[derive(Debug, Default, Clone)]
pub struct Cursor {
    pub before: Option<i64>,
    pub tags: Vec<i64>,
}

impl Cursor {
    /// The first page, unfiltered: the one whose opening moves the read mark.
    pub fn is_first_unfiltered(&self) -> bool {
        self.before.is_none() && self.tags.is_empty()
    }
}

/// What the viewer asked for, as the rule allows it.
pub enum Opened {
    /// A current member of a room whose 連絡帳 is on: the page.
    Page(Box<TimelinePage>),
    /// A current member, but the 連絡帳 is switched off: the room, to open another tab.
    SwitchedOff(Box<Room>, Features),
}

/// One page of a room's 連絡帳, loaded in one snapshot.
pub struct TimelinePage {
    pub room: Room,
    pub features: Features,
    /// What the viewer may only read here (閲覧・入力権限).
    pub read_only: Features,
    /// Top-level posts, newest first.
    pub posts: Vec<Post>,
    /// Whether there are older posts than this page.
    pub has_more: bool,
    pub replies: Vec<Post>,
    /// Display names of the authors: (user, name).
    pub names: Vec<(i64, String)>,
    /// The office of each author who is a clerk (they write as their office): (user, code).
    pub offices: Vec<(i64, String)>,
    pub tags_of: Vec<(i64, String)>,
    pub addressees: Vec<(i64, i64, String)>,
    /// Read receipts: (post, reader, name, when).
    pub reads: Vec<(i64, i64, String, NaiveDateTime)>,
    pub files: Vec<PostFile>,
    /// Files that have a thumbnail already.
    pub thumbs: Vec<i64>,
    pub versions: Vec<PostVersion>,
    pub members: Vec<Member>,
    /// The tags a post may be given (and the filter offers).
    pub tags: Vec<Tag>,
    /// Posts on this page by others that the viewer had not read (marked 未読).
    pub unread: Vec<i64>,
    /// The newest post of the room when opening the first page moves the viewer's read mark.
    pub move_mark: Option<i64>,
}

impl TimelinePage {
    /// Whether the viewer may post here now: an open room and a 閲覧・入力 right for the 連絡帳.
    pub fn writable(&self) -> bool {
        self.room.is_open() && !self.read_only.has(Feature::Timeline)
    }

    /// The page for `viewer`, or `None` when the viewer is not a current member of the room
    /// (the rule of every room page: `Room::membership`).
    pub fn load(
        conn: &mut DbConnection,
        viewer: i64,
        room_id: i64,
        cursor: &Cursor,
    ) -> QueryResult<Option<Opened>> {
        read_tx(conn, |conn| {
            let Some((room, read_only)) =
                Room::membership_rights(conn, RoomId(room_id), UserId(viewer))?
            else {
                return Ok(None);
            };
            let features = Features::of_room(conn, &room)?;
            if !features.has(Feature::Timeline) {
                return Ok(Some(Opened::SwitchedOff(Box::new(room), features)));
            }
            let mut posts = Post::page(conn, room_id, cursor.before, &cursor.tags, PAGE + 1)?;
            let has_more = posts.len() as i64 > PAGE;
            posts.truncate(PAGE as usize);
            let parents: Vec<i64> = posts.iter().map(|p| p.id).collect();
            let replies = Post::replies(conn, &parents)?;
            let ids: Vec<i64> = parents
                .iter()
                .copied()
                .chain(replies.iter().map(|r| r.id))
                .collect();
            let reads = Post::reads_of(conn, &ids)?;
            let unread: Vec<i64> = posts
                .iter()
                .chain(replies.iter())
                .filter(|p| p.author_id != viewer)
                .map(|p| p.id)
                .filter(|id| !reads.iter().any(|(pid, u, ..)| pid == id && *u == viewer))
                .collect();
            let move_mark = if cursor.is_first_unfiltered() {
                Post::newest_id(conn, room_id)?
                    .filter(|newest| Post::read_mark(conn, room_id, viewer).ok() < Some(*newest))
            } else {
                None
            };
            let mut authors: Vec<i64> = posts
                .iter()
                .chain(replies.iter())
                .map(|p| p.author_id)
                .collect();
            authors.sort_unstable();
            authors.dedup();
            let files = Post::files_of(conn, &ids)?;
            let file_ids: Vec<i64> = files.iter().map(|f| f.1).collect();
            Ok(Some(Opened::Page(Box::new(TimelinePage {
                names: names_of(conn, &authors)?,
                offices: clerk_offices(conn, &authors)?,
                thumbs: Post::with_thumbnails(conn, &file_ids)?,
                files,
                tags_of: Post::tags_of(conn, &ids)?,
                addressees: Post::addressees_of(conn, &ids)?,
                reads,
                versions: Post::versions(conn, &ids)?,
                members: Room::members(conn, room_id)?,
                tags: Tag::active(conn)?,
                unread,
                move_mark,
                features,
                read_only,
                room,
                posts,
                has_more,
                replies,
            }))))
        })
    }

    /// The page after the viewer's receipts were written: they read what was unread, now.
    pub fn read_by(&mut self, viewer: i64, name: &str, now: NaiveDateTime) {
        let unread = self.unread.clone();
        self.reads.extend(
            unread
                .into_iter()
                .map(|id| (id, viewer, name.to_string(), now)),
        );
    }

    /// The page as the access log records it: the room and which posts were shown — the
    /// newest and the oldest (a page is contiguous).
    pub fn view(&self) -> View {
        let view = View::in_room(&self.room, "timeline");
        match (self.posts.first(), self.posts.last()) {
            (Some(a), Some(b)) => view.record("posts", format!("{}-{}", b.id, a.id)),
            _ => view,
        }
    }

    /// The display name of an author on this page.
    pub fn name_of(&self, id: i64) -> String {
        self.names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }
}
