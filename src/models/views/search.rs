//! A 連絡帳 search as its page reads it: the searcher's rooms (for the room choice) and the
//! posts that match, behind the one rule of who may read a 連絡帳 (`posts::search`).

use crate::db::{DbConnection, read_tx};
use crate::models::posts::{Post, search};
use crate::models::rooms::Room;

/// How many posts a search lists.
const HITS: i64 = 50;

pub struct SearchPage {
    pub rooms: Vec<Room>,
    /// Newest first; empty when nothing was asked.
    pub hits: Vec<Post>,
}

impl SearchPage {
    /// `None` when `room` is not one of the searcher's.
    pub fn load(
        conn: &mut DbConnection,
        user: i64,
        room: Option<i64>,
        query: &str,
    ) -> diesel::QueryResult<Option<SearchPage>> {
        read_tx(conn, |conn| {
            let rooms = Room::of_member(conn, user)?;
            if let Some(r) = room
                && !rooms.iter().any(|x| x.id == r)
            {
                return Ok(None);
            }
            let hits = if query.is_empty() {
                Vec::new()
            } else {
                search(conn, user, room, query, HITS)?
            };
            Ok(Some(SearchPage { rooms, hits }))
        })
    }

    /// The room a hit is in.
    pub fn room_of(&self, post: &Post) -> Option<&Room> {
        self.rooms.iter().find(|r| r.id == post.room_id)
    }
}
