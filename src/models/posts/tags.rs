//! Tags of the 連絡帳 (褥瘡, ACP …): the one list, added to, renamed, retired (no longer offered;
//! posts keep it) or restored, and the tags of posts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Post;
use crate::db::DbConnection;
use crate::schema::{post_tags, tags};

impl Post {
    /// (post, tag name) for these posts.
    pub fn tags_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
        post_tags::table
            .inner_join(tags::table)
            .filter(post_tags::post_id.eq_any(ids))
            .order(tags::name.asc())
            .select((post_tags::post_id, tags::name))
            .load(conn)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tags)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub retired_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl Tag {
    pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Tag>> {
        tags::table
            .order((tags::retired_at.is_not_null(), tags::id.asc()))
            .select(Tag::as_select())
            .load(conn)
    }

    pub fn active(conn: &mut DbConnection) -> QueryResult<Vec<Tag>> {
        tags::table
            .filter(tags::retired_at.is_null())
            .order(tags::id.asc())
            .select(Tag::as_select())
            .load(conn)
    }

    pub fn by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<Tag>> {
        tags::table
            .filter(tags::name.eq(name))
            .select(Tag::as_select())
            .first(conn)
            .optional()
    }

    pub fn add(conn: &mut DbConnection, name: &str, now: NaiveDateTime) -> QueryResult<i64> {
        diesel::insert_into(tags::table)
            .values((tags::name.eq(name), tags::created_at.eq(now)))
            .execute(conn)?;
        tags::table
            .filter(tags::name.eq(name))
            .select(tags::id)
            .first(conn)
    }

    pub fn rename(conn: &mut DbConnection, id: i64, name: &str) -> QueryResult<bool> {
        Ok(diesel::update(tags::table.find(id))
            .set(tags::name.eq(name))
            .execute(conn)?
            == 1)
    }

    /// Retires (no longer offered; posts keep it) or restores a tag.
    pub fn set_retired(
        conn: &mut DbConnection,
        id: i64,
        retired: Option<NaiveDateTime>,
    ) -> QueryResult<bool> {
        Ok(diesel::update(tags::table.find(id))
            .set(tags::retired_at.eq(retired))
            .execute(conn)?
            == 1)
    }
}
