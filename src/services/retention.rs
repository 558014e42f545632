//! Retention (domain.md §4): a closed patient room is kept, read-only, for
//! `applications.retention_years` after closing (its `purge_after` date, set by form 9) and then
//! purged by the worker: every record written in it — posts with their files, receipts and
//! versions, vitals, 患者情報 and 療養のポイント, prescriptions, calendar events and date polls,
//! feature switches — is deleted.
//! What remains is the room's neutral label, its membership history and an audit row saying
//! what was purged and when.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::schema::{
    event_participants, events, file_thumbnails, files, poll_answers, poll_options, polls,
    post_addressees, post_files, post_reads, post_tags, post_versions, posts, prescription_lines,
    prescriptions, room_documents, room_features, room_read_marks, rooms, vitals,
};

/// Purges the rooms whose retention ended before `today` (Japan's date); returns how many.
pub fn purge_due_rooms(
    conn: &mut DbConnection,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let due: Vec<i64> = rooms::table
        .filter(rooms::status.eq("closed"))
        .filter(rooms::purge_after.lt(today))
        .select(rooms::id)
        .load(conn)?;
    let mut purged = 0;
    for id in due {
        if write_tx(conn, |conn| purge_room(conn, id, now))? {
            purged += 1;
        }
    }
    Ok(purged)
}

/// Deletes one closed room's records in one transaction; false if another worker did it first.
fn purge_room(conn: &mut DbConnection, room_id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let claimed = diesel::update(
        rooms::table
            .find(room_id)
            .filter(rooms::status.eq("closed")),
    )
    .set((
        rooms::status.eq("purged"),
        rooms::name.eq(format!("R-{room_id:06}")),
        rooms::purpose.eq(""),
    ))
    .execute(conn)?;
    if claimed != 1 {
        return Ok(false);
    }
    let post_ids: Vec<i64> = posts::table
        .filter(posts::room_id.eq(room_id))
        .select(posts::id)
        .load(conn)?;
    let file_ids: Vec<i64> = post_files::table
        .filter(post_files::post_id.eq_any(&post_ids))
        .select(post_files::file_id)
        .load(conn)?;
    for chunk in post_ids.chunks(500) {
        diesel::delete(post_reads::table.filter(post_reads::post_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::delete(post_addressees::table.filter(post_addressees::post_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::delete(post_tags::table.filter(post_tags::post_id.eq_any(chunk))).execute(conn)?;
        diesel::delete(post_files::table.filter(post_files::post_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::delete(post_versions::table.filter(post_versions::post_id.eq_any(chunk)))
            .execute(conn)?;
    }
    for chunk in file_ids.chunks(500) {
        diesel::delete(file_thumbnails::table.filter(file_thumbnails::file_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::delete(files::table.filter(files::id.eq_any(chunk))).execute(conn)?;
    }
    // Replies first: they point at their parents.
    let posts_deleted = diesel::delete(
        posts::table
            .filter(posts::room_id.eq(room_id))
            .filter(posts::parent_id.is_not_null()),
    )
    .execute(conn)?
        + diesel::delete(posts::table.filter(posts::room_id.eq(room_id))).execute(conn)?;
    diesel::delete(room_read_marks::table.filter(room_read_marks::room_id.eq(room_id)))
        .execute(conn)?;
    let vitals_deleted =
        diesel::delete(vitals::table.filter(vitals::room_id.eq(room_id))).execute(conn)?;
    let documents_deleted =
        diesel::delete(room_documents::table.filter(room_documents::room_id.eq(room_id)))
            .execute(conn)?;
    let rx_ids: Vec<i64> = prescriptions::table
        .filter(prescriptions::room_id.eq(room_id))
        .select(prescriptions::id)
        .load(conn)?;
    diesel::delete(
        prescription_lines::table.filter(prescription_lines::prescription_id.eq_any(&rx_ids)),
    )
    .execute(conn)?;
    let rx_deleted =
        diesel::delete(prescriptions::table.filter(prescriptions::room_id.eq(room_id)))
            .execute(conn)?;
    let poll_ids: Vec<i64> = polls::table
        .filter(polls::room_id.eq(room_id))
        .select(polls::id)
        .load(conn)?;
    let option_ids: Vec<i64> = poll_options::table
        .filter(poll_options::poll_id.eq_any(&poll_ids))
        .select(poll_options::id)
        .load(conn)?;
    diesel::delete(poll_answers::table.filter(poll_answers::option_id.eq_any(&option_ids)))
        .execute(conn)?;
    diesel::delete(poll_options::table.filter(poll_options::poll_id.eq_any(&poll_ids)))
        .execute(conn)?;
    diesel::delete(polls::table.filter(polls::room_id.eq(room_id))).execute(conn)?;
    let event_ids: Vec<i64> = events::table
        .filter(events::room_id.eq(room_id))
        .select(events::id)
        .load(conn)?;
    diesel::delete(
        event_participants::table.filter(event_participants::event_id.eq_any(&event_ids)),
    )
    .execute(conn)?;
    let events_deleted =
        diesel::delete(events::table.filter(events::room_id.eq(room_id))).execute(conn)?;
    diesel::delete(room_features::table.filter(room_features::room_id.eq(room_id)))
        .execute(conn)?;
    AuditRecord::append(
        conn,
        AuditEntry::new(&Actor::system(), "room.purge", "success")
            .target("room", room_id)
            .detail(format!(
                "posts {posts_deleted}, files {}, vitals {vitals_deleted}, documents {documents_deleted}, prescriptions {rx_deleted}, events {events_deleted}",
                file_ids.len()
            )),
        now,
    )?;
    Ok(true)
}
