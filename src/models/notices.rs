//! お知らせ (一斉周知): a notice an office publishes to many users, its recipients fixed at
//! publication (one row each: read or not, the answer asked), and the one rule of who may see a
//! notice — a recipient, or a clerk of the office that published it (`Notice::visible`), used
//! by the list, the page and its attachment alike.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::models::files::FileInfo;
use crate::schema::{files, notice_recipients, notices, organisations, users};

/// Who a notice goes to.
pub const AUDIENCES: &[&str] = &["all", "kinds", "professions"];
/// The answer a notice may ask for: 確認しました, or 参加・欠席.
pub const RESPONSES: &[&str] = &["none", "confirm", "attendance"];
/// The answers to each kind of asking.
pub fn answers(response: &str) -> &'static [&'static str] {
    match response {
        "confirm" => &["confirmed"],
        "attendance" => &["attend", "absent"],
        _ => &[],
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notices)]
pub struct Notice {
    pub id: i64,
    pub office: String,
    pub title: String,
    pub body: String,
    pub audience: String,
    pub audience_codes: String,
    pub response: String,
    pub file_id: Option<i64>,
    pub published_by: i64,
    pub published_at: NaiveDateTime,
    pub idempotency_key: String,
}

/// A notice to publish.
#[derive(Debug, Clone)]
pub struct NewNotice<'a> {
    pub office: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub audience: &'a str,
    /// The chosen organisation kinds or professions (empty for `all`).
    pub codes: &'a [String],
    pub response: &'a str,
    pub file_id: Option<i64>,
    pub published_by: i64,
    pub idempotency_key: &'a str,
}

/// A recipient's own state of a notice: when they read it, and their answer.
pub type Mine = (Option<NaiveDateTime>, String);

/// One recipient as the publisher's page lists them.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: i64,
    pub name: String,
    pub organisation: String,
    pub read_at: Option<NaiveDateTime>,
    pub answer: String,
}

/// A notice in a list, with its counts (the publisher's list) or the reader's own state.
#[derive(Debug, Clone)]
pub struct Listed {
    pub notice: Notice,
    pub recipients: i64,
    pub read: i64,
    /// The reader's: when they read it (None: unread).
    pub read_at: Option<NaiveDateTime>,
}

impl Notice {
    /// The active professionals a notice for `audience`/`codes` goes to, by id.
    pub fn audience_of(
        conn: &mut DbConnection,
        audience: &str,
        codes: &[String],
    ) -> QueryResult<Vec<i64>> {
        let active = users::table
            .inner_join(organisations::table)
            .filter(users::role.eq("professional"))
            .filter(users::status.eq("active"))
            .select(users::id)
            .order(users::id.asc())
            .into_boxed::<<DbConnection as diesel::Connection>::Backend>();
        match audience {
            "kinds" => active.filter(organisations::kind.eq_any(codes)).load(conn),
            "professions" => active.filter(users::profession.eq_any(codes)).load(conn),
            _ => active.load(conn),
        }
    }

    /// Publishes a notice to `recipients`; returns its id. Call inside a transaction.
    pub fn publish(
        conn: &mut DbConnection,
        new: &NewNotice<'_>,
        recipients: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(notices::table)
            .values((
                notices::office.eq(new.office),
                notices::title.eq(new.title),
                notices::body.eq(new.body),
                notices::audience.eq(new.audience),
                notices::audience_codes.eq(new.codes.join(",")),
                notices::response.eq(new.response),
                notices::file_id.eq(new.file_id),
                notices::published_by.eq(new.published_by),
                notices::published_at.eq(now),
                notices::idempotency_key.eq(new.idempotency_key),
            ))
            .execute(conn)?;
        let id = crate::db::last_insert_id(conn)?;
        // In chunks: SQLite binds at most 32,766 parameters a statement.
        for chunk in recipients.chunks(5_000) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|u| {
                    (
                        notice_recipients::notice_id.eq(id),
                        notice_recipients::user_id.eq(*u),
                    )
                })
                .collect();
            // Batch inserts need the concrete backend (the multi-backend connection has none).
            let insert = diesel::insert_into(notice_recipients::table).values(&rows);
            match conn {
                DbConnection::Sqlite(c) => insert.execute(c)?,
                DbConnection::Pg(c) => insert.execute(c)?,
            };
        }
        Ok(id)
    }

    /// The notice published under a form's key (a double submit).
    pub fn by_key(conn: &mut DbConnection, key: &str) -> QueryResult<Option<Notice>> {
        notices::table
            .filter(notices::idempotency_key.eq(key))
            .select(Notice::as_select())
            .first(conn)
            .optional()
    }

    /// The notice if `user` may see it — a recipient, or a clerk of `office` (the publishing
    /// office): the rule of the list, the page and the attachment. The second value is the
    /// reader's own row (None for the publisher's clerks).
    pub fn visible(
        conn: &mut DbConnection,
        id: i64,
        user: i64,
        office: Option<&str>,
    ) -> QueryResult<Option<(Notice, Option<Mine>)>> {
        let Some(notice) = notices::table
            .find(id)
            .select(Notice::as_select())
            .first(conn)
            .optional()?
        else {
            return Ok(None);
        };
        let mine: Option<Mine> = notice_recipients::table
            .filter(notice_recipients::notice_id.eq(id))
            .filter(notice_recipients::user_id.eq(user))
            .select((notice_recipients::read_at, notice_recipients::answer))
            .first(conn)
            .optional()?;
        let publisher = office.is_some_and(|o| o == notice.office);
        Ok((mine.is_some() || publisher).then_some((notice, mine)))
    }

    /// The notices `user` received, newest first, with whether each was read; at most `limit`.
    pub fn received(conn: &mut DbConnection, user: i64, limit: i64) -> QueryResult<Vec<Listed>> {
        let rows: Vec<(Notice, Option<NaiveDateTime>)> = notices::table
            .inner_join(notice_recipients::table)
            .filter(notice_recipients::user_id.eq(user))
            .order(notices::id.desc())
            .limit(limit)
            .select((Notice::as_select(), notice_recipients::read_at))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(notice, read_at)| Listed {
                notice,
                recipients: 0,
                read: 0,
                read_at,
            })
            .collect())
    }

    /// The unread notices of `user`, newest first (the home page shows them until read).
    pub fn unread(conn: &mut DbConnection, user: i64, limit: i64) -> QueryResult<Vec<Notice>> {
        notices::table
            .inner_join(notice_recipients::table)
            .filter(notice_recipients::user_id.eq(user))
            .filter(notice_recipients::read_at.is_null())
            .order(notices::id.desc())
            .limit(limit)
            .select(Notice::as_select())
            .load(conn)
    }

    /// The notices `office` published, newest first, with how many recipients read each.
    pub fn published(
        conn: &mut DbConnection,
        office: &str,
        limit: i64,
    ) -> QueryResult<Vec<Listed>> {
        let list: Vec<Notice> = notices::table
            .filter(notices::office.eq(office))
            .order(notices::id.desc())
            .limit(limit)
            .select(Notice::as_select())
            .load(conn)?;
        let ids: Vec<i64> = list.iter().map(|n| n.id).collect();
        let rows: Vec<(i64, Option<NaiveDateTime>)> = notice_recipients::table
            .filter(notice_recipients::notice_id.eq_any(&ids))
            .select((notice_recipients::notice_id, notice_recipients::read_at))
            .load(conn)?;
        Ok(list
            .into_iter()
            .map(|notice| {
                let of: Vec<_> = rows.iter().filter(|(n, _)| *n == notice.id).collect();
                Listed {
                    recipients: of.len() as i64,
                    read: of.iter().filter(|(_, r)| r.is_some()).count() as i64,
                    read_at: None,
                    notice,
                }
            })
            .collect())
    }

    /// Every recipient of a notice with their organisation, read time and answer, by name.
    pub fn recipients(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<Recipient>> {
        let rows: Vec<(i64, String, String, Option<NaiveDateTime>, String)> =
            notice_recipients::table
                .inner_join(users::table.inner_join(organisations::table))
                .filter(notice_recipients::notice_id.eq(id))
                .order((users::kana.asc(), users::id.asc()))
                .select((
                    users::id,
                    users::display_name,
                    organisations::name,
                    notice_recipients::read_at,
                    notice_recipients::answer,
                ))
                .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(user_id, name, organisation, read_at, answer)| Recipient {
                user_id,
                name,
                organisation,
                read_at,
                answer,
            })
            .collect())
    }

    /// Marks the notice read by `user` (the first time only); returns whether it was unread.
    pub fn mark_read(
        conn: &mut DbConnection,
        id: i64,
        user: i64,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            notice_recipients::table
                .filter(notice_recipients::notice_id.eq(id))
                .filter(notice_recipients::user_id.eq(user))
                .filter(notice_recipients::read_at.is_null()),
        )
        .set(notice_recipients::read_at.eq(Some(now)))
        .execute(conn)?;
        Ok(n > 0)
    }

    /// Records `user`'s answer (reading it, too); returns whether they are a recipient.
    pub fn answer(
        conn: &mut DbConnection,
        id: i64,
        user: i64,
        answer: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        Notice::mark_read(conn, id, user, now)?;
        let n = diesel::update(
            notice_recipients::table
                .filter(notice_recipients::notice_id.eq(id))
                .filter(notice_recipients::user_id.eq(user)),
        )
        .set((
            notice_recipients::answer.eq(answer),
            notice_recipients::answered_at.eq(Some(now)),
        ))
        .execute(conn)?;
        Ok(n > 0)
    }

    /// The attachment's name, type and size.
    pub fn file(conn: &mut DbConnection, notice: &Notice) -> QueryResult<Option<FileInfo>> {
        let Some(id) = notice.file_id else {
            return Ok(None);
        };
        files::table
            .find(id)
            .select(FileInfo::as_select())
            .first(conn)
            .optional()
    }
}
