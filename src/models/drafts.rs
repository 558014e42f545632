//! Drafts: a long form saved half-way by its user and resumed later. A draft belongs to one
//! account; every query is scoped to it. Files are not kept (a browser cannot re-send them).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::drafts;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = drafts)]
pub struct Draft {
    pub id: i64,
    pub user_id: i64,
    pub form: String,
    pub purpose: String,
    pub title: String,
    pub fields: String,
    pub updated_at: NaiveDateTime,
}

impl Draft {
    /// The typed fields, as they were.
    pub fn values(&self) -> Vec<(String, String)> {
        serde_json::from_str(&self.fields).unwrap_or_default()
    }

    /// Saves the fields: over the user's draft `id` if given and theirs, else as a new one.
    #[allow(clippy::too_many_arguments)]
    pub fn save(
        conn: &mut DbConnection,
        user_id: i64,
        id: Option<i64>,
        form: &str,
        purpose: &str,
        title: &str,
        fields: &[(String, String)],
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        let json = serde_json::to_string(fields).unwrap_or_default();
        if let Some(id) = id {
            let n = diesel::update(
                drafts::table
                    .find(id)
                    .filter(drafts::user_id.eq(user_id))
                    .filter(drafts::form.eq(form)),
            )
            .set((
                drafts::title.eq(title),
                drafts::fields.eq(&json),
                drafts::updated_at.eq(now),
            ))
            .execute(conn)?;
            if n == 1 {
                return Ok(id);
            }
        }
        diesel::insert_into(drafts::table)
            .values((
                drafts::user_id.eq(user_id),
                drafts::form.eq(form),
                drafts::purpose.eq(purpose),
                drafts::title.eq(title),
                drafts::fields.eq(&json),
                drafts::updated_at.eq(now),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    /// A draft of this user's.
    pub fn find_for(conn: &mut DbConnection, id: i64, user_id: i64) -> QueryResult<Option<Draft>> {
        drafts::table
            .find(id)
            .filter(drafts::user_id.eq(user_id))
            .select(Draft::as_select())
            .first(conn)
            .optional()
    }

    /// This user's drafts for a purpose (paper | submission), newest first.
    pub fn list_for(
        conn: &mut DbConnection,
        user_id: i64,
        purpose: &str,
    ) -> QueryResult<Vec<Draft>> {
        drafts::table
            .filter(drafts::user_id.eq(user_id))
            .filter(drafts::purpose.eq(purpose))
            .order(drafts::updated_at.desc())
            .limit(50)
            .select(Draft::as_select())
            .load(conn)
    }

    /// Deletes this user's draft; returns whether there was one.
    pub fn delete_for(conn: &mut DbConnection, id: i64, user_id: i64) -> QueryResult<bool> {
        let n = diesel::delete(drafts::table.find(id).filter(drafts::user_id.eq(user_id)))
            .execute(conn)?;
        Ok(n == 1)
    }
}
