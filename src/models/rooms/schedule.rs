//! A room's dated closing and its reopening: a form 9 whose 中止日 is still to come schedules
//! the closing (the worker closes the room on that day), withdrawing that form cancels it, and a
//! new form 8 within the retention period reopens a closed room with its history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::Room;
use crate::db::DbConnection;
use crate::schema::rooms;

impl Room {
    /// Schedules an open room to close on `on`, purged after `purge_after`, by `application_id`.
    /// Returns whether the room was open.
    pub fn schedule_close(
        conn: &mut DbConnection,
        id: i64,
        on: NaiveDate,
        purge_after: NaiveDate,
        application_id: i64,
    ) -> QueryResult<bool> {
        let n = diesel::update(rooms::table.find(id).filter(rooms::status.eq("open")))
            .set((
                rooms::close_on.eq(Some(on)),
                rooms::purge_after.eq(Some(purge_after)),
                rooms::closed_by_application.eq(Some(application_id)),
            ))
            .execute(conn)?;
        Ok(n == 1)
    }

    /// Cancels the closing `application_id` scheduled, if the room is still open. Returns whether
    /// there was one to cancel.
    pub fn cancel_close(conn: &mut DbConnection, application_id: i64) -> QueryResult<bool> {
        let n = diesel::update(
            rooms::table
                .filter(rooms::status.eq("open"))
                .filter(rooms::closed_by_application.eq(application_id))
                .filter(rooms::close_on.is_not_null()),
        )
        .set((
            rooms::close_on.eq(None::<NaiveDate>),
            rooms::purge_after.eq(None::<NaiveDate>),
            rooms::closed_by_application.eq(None::<i64>),
        ))
        .execute(conn)?;
        Ok(n > 0)
    }

    /// The open rooms whose closing day has come (`close_on` on or before `today`).
    pub fn due_to_close(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<Vec<Room>> {
        rooms::table
            .filter(rooms::status.eq("open"))
            .filter(rooms::close_on.le(today))
            .select(Room::as_select())
            .load(conn)
    }

    /// Closes a room whose day has come, keeping the purge date and the application that
    /// scheduled it. Returns whether it was still open (another worker may have been first).
    pub fn close_as_scheduled(
        conn: &mut DbConnection,
        id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            rooms::table
                .find(id)
                .filter(rooms::status.eq("open"))
                .filter(rooms::close_on.is_not_null()),
        )
        .set((
            rooms::status.eq("closed"),
            rooms::closed_at.eq(Some(now)),
            rooms::close_on.eq(None::<NaiveDate>),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// Reopens a closed (not purged) room: writable again, its purge date cleared (set again
    /// at the next closing). Returns whether it was closed.
    pub fn reopen(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
        let n = diesel::update(rooms::table.find(id).filter(rooms::status.eq("closed")))
            .set((
                rooms::status.eq("open"),
                rooms::closed_at.eq(None::<NaiveDateTime>),
                rooms::purge_after.eq(None::<NaiveDate>),
                rooms::closed_by_application.eq(None::<i64>),
                rooms::close_on.eq(None::<NaiveDate>),
            ))
            .execute(conn)?;
        Ok(n == 1)
    }
}
