//! Files chosen on a form that came back with errors, kept for the user who chose them so the
//! form can offer them again (a browser cannot keep a chosen file across a page). Only their
//! owner can take them back, within a day; then they are deleted.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::{DbConnection, last_insert_id};
use crate::schema::kept_uploads;

/// How long a kept file waits for its form.
const KEPT_FOR: TimeDelta = TimeDelta::days(1);

/// A kept file as a form offers it: (id, name, size).
pub type Kept = (i64, String, i64);

/// A file to keep: (name, content type, bytes).
pub type ToKeep<'a> = (&'a str, &'a str, &'a [u8]);

pub struct KeptUploads;

impl KeptUploads {
    /// Keeps `files` chosen in `field` for `user_id`; returns them as the form offers them.
    /// Files kept by anyone more than a day ago are deleted on the way.
    pub fn keep(
        conn: &mut DbConnection,
        user_id: i64,
        field: &str,
        files: &[ToKeep<'_>],
        now: NaiveDateTime,
    ) -> QueryResult<Vec<Kept>> {
        Self::purge_expired(conn, now)?;
        let mut out = Vec::new();
        for (name, content_type, data) in files {
            diesel::insert_into(kept_uploads::table)
                .values((
                    kept_uploads::user_id.eq(user_id),
                    kept_uploads::field.eq(field),
                    kept_uploads::file_name.eq(*name),
                    kept_uploads::content_type.eq(*content_type),
                    kept_uploads::data.eq(*data),
                    kept_uploads::created_at.eq(now),
                ))
                .execute(conn)?;
            out.push((last_insert_id(conn)?, name.to_string(), data.len() as i64));
        }
        Ok(out)
    }

    /// Deletes the files kept more than a day ago (the worker's pulse, and each new keep).
    pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(kept_uploads::table.filter(kept_uploads::created_at.lt(now - KEPT_FOR)))
            .execute(conn)
    }

    /// The kept files of `user_id` among `ids` (others' and expired ones are not there).
    pub fn listed(
        conn: &mut DbConnection,
        user_id: i64,
        field: &str,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<Vec<Kept>> {
        let rows: Vec<(i64, String, Vec<u8>)> = kept_uploads::table
            .filter(kept_uploads::id.eq_any(ids))
            .filter(kept_uploads::user_id.eq(user_id))
            .filter(kept_uploads::field.eq(field))
            .filter(kept_uploads::created_at.ge(now - KEPT_FOR))
            .order(kept_uploads::id.asc())
            .select((
                kept_uploads::id,
                kept_uploads::file_name,
                kept_uploads::data,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, data)| (id, name, data.len() as i64))
            .collect())
    }

    /// The kept files themselves, to file with the form: (name, bytes).
    pub fn files(
        conn: &mut DbConnection,
        user_id: i64,
        field: &str,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<Vec<(String, Vec<u8>)>> {
        let rows: Vec<(String, Vec<u8>)> = kept_uploads::table
            .filter(kept_uploads::id.eq_any(ids))
            .filter(kept_uploads::user_id.eq(user_id))
            .filter(kept_uploads::field.eq(field))
            .filter(kept_uploads::created_at.ge(now - KEPT_FOR))
            .order(kept_uploads::id.asc())
            .select((kept_uploads::file_name, kept_uploads::data))
            .load(conn)?;
        Ok(rows)
    }

    /// Forgets kept files once their form is filed.
    pub fn forget(conn: &mut DbConnection, user_id: i64, ids: &[i64]) -> QueryResult<usize> {
        diesel::delete(
            kept_uploads::table
                .filter(kept_uploads::id.eq_any(ids))
                .filter(kept_uploads::user_id.eq(user_id)),
        )
        .execute(conn)
    }
}
