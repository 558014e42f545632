//! 利用者間メール: messages between users and to an administrator office. One rule decides who
//! may see a message — its sender, its addressed user, or any clerk of its addressed office — and
//! every list and every detail query goes through it (`visible`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::models::User;
use crate::models::applications::Office;
use crate::schema::{message_files, messages, users};

type Db = <DbConnection as diesel::Connection>::Backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = messages)]
pub struct Message {
    pub id: i64,
    pub sender_id: i64,
    pub recipient_user_id: Option<i64>,
    pub recipient_office: Option<String>,
    pub subject: String,
    pub body: String,
    pub sent_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub read_by: Option<i64>,
    pub application_id: Option<i64>,
    pub reply_to: Option<i64>,
}

/// Whom a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    User(i64),
    Office(Office),
}

/// Who is looking: an account and, for a clerk, their office.
#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    pub user_id: i64,
    pub office: Option<Office>,
}

impl Viewer {
    pub fn of(user: &User) -> Viewer {
        Viewer {
            user_id: user.id,
            office: Office::of_user(user),
        }
    }
}

/// A message in a list, with the names of its sender and addressee.
#[derive(Debug, Clone)]
pub struct Listed {
    pub message: Message,
    pub sender_name: String,
    pub recipient_name: String,
    pub files: i64,
}

/// Which box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Inbox,
    Sent,
}

impl Message {
    /// The one visibility rule, applied to a query.
    fn visible<'a>(
        q: messages::BoxedQuery<'a, Db>,
        viewer: Viewer,
        folder: Option<Folder>,
    ) -> messages::BoxedQuery<'a, Db> {
        let office = viewer.office.map(|o| o.as_str()).unwrap_or("");
        let to_me = messages::recipient_user_id
            .eq(viewer.user_id)
            .or(messages::recipient_office.eq(office));
        match folder {
            Some(Folder::Inbox) => q.filter(to_me),
            Some(Folder::Sent) => q.filter(messages::sender_id.eq(viewer.user_id)),
            None => q.filter(messages::sender_id.eq(viewer.user_id).or(to_me)),
        }
    }

    pub fn is_to(&self, viewer: Viewer) -> bool {
        self.recipient_user_id == Some(viewer.user_id)
            || (viewer.office.is_some()
                && self.recipient_office.as_deref() == viewer.office.map(|o| o.as_str()))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn send(
        conn: &mut DbConnection,
        sender_id: i64,
        to: Recipient,
        subject: &str,
        body: &str,
        application_id: Option<i64>,
        reply_to: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        let (user, office) = match to {
            Recipient::User(id) => (Some(id), None),
            Recipient::Office(o) => (None, Some(o.as_str())),
        };
        diesel::insert_into(messages::table)
            .values((
                messages::sender_id.eq(sender_id),
                messages::recipient_user_id.eq(user),
                messages::recipient_office.eq(office),
                messages::subject.eq(subject),
                messages::body.eq(body),
                messages::sent_at.eq(now),
                messages::application_id.eq(application_id),
                messages::reply_to.eq(reply_to),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    /// A folder, newest first; `after` is the last message of the page before (keyset paging).
    pub fn list(
        conn: &mut DbConnection,
        viewer: Viewer,
        folder: Folder,
        (after, limit): (Option<i64>, i64),
    ) -> QueryResult<Vec<Listed>> {
        let mut q = Self::visible(messages::table.into_boxed(), viewer, Some(folder));
        if let Some(after) = after {
            q = q.filter(messages::id.lt(after));
        }
        let rows: Vec<Message> = q
            .order(messages::id.desc())
            .limit(limit)
            .select(Message::as_select())
            .load(conn)?;
        let mut ids: Vec<i64> = rows.iter().map(|m| m.sender_id).collect();
        ids.extend(rows.iter().filter_map(|m| m.recipient_user_id));
        ids.sort_unstable();
        ids.dedup();
        let names: Vec<(i64, String)> = users::table
            .filter(users::id.eq_any(&ids))
            .select((users::id, users::display_name))
            .load(conn)?;
        let message_ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
        let counts: Vec<(i64, i64)> = message_files::table
            .filter(message_files::message_id.eq_any(&message_ids))
            .group_by(message_files::message_id)
            .select((message_files::message_id, diesel::dsl::count_star()))
            .load(conn)?;
        let name = |id: i64| {
            names
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        Ok(rows
            .into_iter()
            .map(|m| Listed {
                sender_name: name(m.sender_id),
                recipient_name: m.recipient_user_id.map(name).unwrap_or_default(),
                files: counts
                    .iter()
                    .find(|(i, _)| *i == m.id)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
                message: m,
            })
            .collect())
    }

    /// One message, if the viewer may see it (the same rule as the lists).
    pub fn find_visible(
        conn: &mut DbConnection,
        id: i64,
        viewer: Viewer,
    ) -> QueryResult<Option<Message>> {
        Self::visible(messages::table.into_boxed(), viewer, None)
            .filter(messages::id.eq(id))
            .select(Message::as_select())
            .first(conn)
            .optional()
    }

    /// Marks a message read the first time its addressee (or a clerk of its office) opens it.
    pub fn mark_read(
        conn: &mut DbConnection,
        message: &Message,
        viewer: Viewer,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        if message.read_at.is_none() && message.is_to(viewer) {
            diesel::update(
                messages::table
                    .find(message.id)
                    .filter(messages::read_at.is_null()),
            )
            .set((
                messages::read_at.eq(Some(now)),
                messages::read_by.eq(Some(viewer.user_id)),
            ))
            .execute(conn)?;
        }
        Ok(())
    }

    pub fn unread_count(conn: &mut DbConnection, viewer: Viewer) -> QueryResult<i64> {
        Self::visible(messages::table.into_boxed(), viewer, Some(Folder::Inbox))
            .filter(messages::read_at.is_null())
            .count()
            .get_result(conn)
    }
}

/// Whether an account can receive in-system mail: an active one (not pending, not stopped).
pub fn can_receive(user: &User) -> bool {
    user.status() == crate::models::UserStatus::Active
}
