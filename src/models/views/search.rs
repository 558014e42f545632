//! A 連絡帳 search as its page reads it: the searcher's rooms (for the room choice), the tags,
//! and a page of the posts that match, behind the one rule of who may read a 連絡帳 (`posts::search`).

use crate::db::{DbConnection, read_tx};
use crate::models::posts::{Post, Tag, Wanted, search};
use crate::models::rooms::Room;

/// How many posts a page of results lists.
pub const HITS: i64 = 50;

pub struct SearchPage {
    pub rooms: Vec<Room>,
    /// The tags one may search by.
    pub tags: Vec<Tag>,
    /// Newest first; empty when nothing was asked.
    pub hits: Vec<Post>,
    /// Whether there are older results than this page.
    pub has_more: bool,
}

impl SearchPage {
    /// `None` when `room` is not one of the searcher's.
    pub fn load(
        conn: &mut DbConnection,
        user: i64,
        wanted: &Wanted<'_>,
    ) -> diesel::QueryResult<Option<SearchPage>> {
        read_tx(conn, |conn| {
            let rooms = Room::of_member(conn, user)?;
            if let Some(r) = wanted.room
                && !rooms.iter().any(|x| x.id == r)
            {
                return Ok(None);
            }
            let tags = Tag::active(conn)?;
            let mut hits = search(conn, user, wanted, HITS + 1)?;
            let has_more = hits.len() as i64 > HITS;
            hits.truncate(HITS as usize);
            Ok(Some(SearchPage {
                rooms,
                tags,
                hits,
                has_more,
            }))
        })
    }

    /// The room a hit is in.
    pub fn room_of(&self, post: &Post) -> Option<&Room> {
        self.rooms.iter().find(|r| r.id == post.room_id)
    }
}
