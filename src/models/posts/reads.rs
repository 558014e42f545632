//! Who has read what: read receipts of posts, each member's read mark in a room, and the unread
//! counts and last activity of a member's rooms.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Post;
use crate::db::DbConnection;
use crate::models::features::{Feature, switched_on};
use crate::models::rooms::Room;
use crate::schema::{post_reads, posts, room_read_marks, users};

impl Post {
    /// (post, user id, name, when) of everyone who has read these posts.
    pub fn reads_of(
        conn: &mut DbConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, i64, String, NaiveDateTime)>> {
        post_reads::table
            .inner_join(users::table)
            .filter(post_reads::post_id.eq_any(ids))
            .order(post_reads::read_at.asc())
            .select((
                post_reads::post_id,
                users::id,
                users::display_name,
                post_reads::read_at,
            ))
            .load(conn)
    }

    /// Records that `user_id` has read these posts (those not read before).
    pub fn mark_read(
        conn: &mut DbConnection,
        user_id: i64,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        // ON CONFLICT: two pages opened at once by the same member (two tabs, a double click)
        // both find the post unread; the second insert is a no-op, not a unique violation
        // (which on PostgreSQL was a 500 under concurrent load).
        let rows: Vec<_> = ids
            .iter()
            .map(|id| {
                (
                    post_reads::post_id.eq(*id),
                    post_reads::user_id.eq(user_id),
                    post_reads::read_at.eq(now),
                )
            })
            .collect();
        for row in rows {
            let insert = diesel::insert_into(post_reads::table)
                .values(row)
                .on_conflict_do_nothing();
            match conn {
                DbConnection::Sqlite(c) => insert.execute(c)?,
                DbConnection::Pg(c) => insert.execute(c)?,
            };
        }
        Ok(())
    }

    /// The newest post of a room (replies included), for the read mark.
    pub fn newest_id(conn: &mut DbConnection, room_id: i64) -> QueryResult<Option<i64>> {
        posts::table
            .filter(posts::room_id.eq(room_id))
            .select(diesel::dsl::max(posts::id))
            .first(conn)
    }

    /// A member's read mark in a room (0: nothing read yet).
    pub fn read_mark(conn: &mut DbConnection, room_id: i64, user_id: i64) -> QueryResult<i64> {
        Ok(room_read_marks::table
            .find((room_id, user_id))
            .select(room_read_marks::last_read_post_id)
            .first(conn)
            .optional()?
            .unwrap_or(0))
    }

    /// Moves a member's read mark forward to `post_id`.
    pub fn set_read_mark(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        post_id: i64,
    ) -> QueryResult<()> {
        // Insert-or-ignore, then move forward only: concurrent page loads neither collide on
        // the key nor move the mark backwards.
        let insert = diesel::insert_into(room_read_marks::table)
            .values((
                room_read_marks::room_id.eq(room_id),
                room_read_marks::user_id.eq(user_id),
                room_read_marks::last_read_post_id.eq(post_id),
            ))
            .on_conflict_do_nothing();
        // (ON CONFLICT is backend syntax: diesel's multi-backend connection does not carry it.)
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Pg(c) => insert.execute(c)?,
        };
        diesel::update(room_read_marks::table.find((room_id, user_id)))
            .filter(room_read_marks::last_read_post_id.lt(post_id))
            .set(room_read_marks::last_read_post_id.eq(post_id))
            .execute(conn)?;
        Ok(())
    }

    /// Unread posts (by others, after the member's read mark) and the last activity of each of
    /// the member's `rooms` (as `Room::of_member` gave them) whose 連絡帳 is on: one grouped
    /// query for the counts, one index lookup per room for the newest post.
    pub fn room_summaries(
        conn: &mut DbConnection,
        user_id: i64,
        rooms: &[Room],
    ) -> QueryResult<Vec<(i64, i64, Option<NaiveDateTime>)>> {
        // Only rooms whose 連絡帳 the member may read (the rule of the page): a room whose 連絡帳
        // is switched off shows no posts, so it counts none as unread.
        let visible = switched_on(conn, rooms, Feature::Timeline)?;
        let room_ids = &visible[..];
        let mark = room_read_marks::last_read_post_id.nullable();
        let unread: Vec<(i64, i64)> = posts::table
            .left_join(
                room_read_marks::table.on(room_read_marks::room_id
                    .eq(posts::room_id)
                    .and(room_read_marks::user_id.eq(user_id))),
            )
            .filter(posts::room_id.eq_any(room_ids))
            .filter(posts::author_id.ne(user_id))
            .filter(mark.is_null().or(posts::id.nullable().gt(mark)))
            .group_by(posts::room_id)
            .select((posts::room_id, diesel::dsl::count_star()))
            .load(conn)?;
        let mut out = Vec::with_capacity(room_ids.len());
        for room in room_ids {
            let last: Option<NaiveDateTime> = posts::table
                .filter(posts::room_id.eq(room))
                .order(posts::id.desc())
                .select(posts::created_at)
                .first(conn)
                .optional()?;
            let n = unread
                .iter()
                .find(|(r, _)| r == room)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            out.push((*room, n, last));
        }
        Ok(out)
    }
}
