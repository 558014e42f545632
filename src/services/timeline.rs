//! Writing in a room's 連絡帳: a post (or a reply) with its addressees, tags and files, one
//! notification per member who wants it (no content, no names: only that something was written
//! in which room, and a link), and the audit row — all in one transaction. A double submit of
//! the same form (same key) gives the one post already written. Corrections keep the earlier
//! text as a version.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::User;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::files::StoredFile;
use crate::models::outbox::Outbox;
use crate::models::posts::{NewPost, Post};
use crate::models::rooms::Room;
use crate::schema::notification_settings;
use crate::services::files::Attachment;

#[derive(Debug)]
pub enum PostError {
    /// Not (or no longer) a member.
    NotMember,
    /// The room is closed: read-only.
    Closed,
    /// Only the author corrects a post.
    NotAuthor,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for PostError {
    fn from(e: diesel::result::Error) -> Self {
        PostError::Db(e)
    }
}

/// What a member chose to be told about (domain.md §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationChoice {
    pub email: String,
    /// all | addressed | none
    pub posts: String,
    pub digest: bool,
}

pub const POST_CHOICES: &[&str] = &["all", "addressed", "none"];

impl NotificationChoice {
    pub fn of(conn: &mut DbConnection, user: &User) -> QueryResult<NotificationChoice> {
        let row: Option<(String, String, bool)> = notification_settings::table
            .find(user.id)
            .select((
                notification_settings::email,
                notification_settings::posts,
                notification_settings::digest,
            ))
            .first(conn)
            .optional()?;
        Ok(match row {
            Some((email, posts, digest)) => NotificationChoice {
                email,
                posts,
                digest,
            },
            None => NotificationChoice {
                email: String::new(),
                posts: "all".into(),
                digest: false,
            },
        })
    }

    /// The address mails go to: the one set here, else the account's.
    pub fn address<'a>(&'a self, user: &'a User) -> &'a str {
        if self.email.is_empty() {
            &user.email
        } else {
            &self.email
        }
    }

    pub fn save(
        &self,
        conn: &mut DbConnection,
        user_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let n = diesel::update(notification_settings::table.find(user_id))
            .set((
                notification_settings::email.eq(&self.email),
                notification_settings::posts.eq(&self.posts),
                notification_settings::digest.eq(self.digest),
                notification_settings::updated_at.eq(now),
            ))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(notification_settings::table)
                .values((
                    notification_settings::user_id.eq(user_id),
                    notification_settings::email.eq(&self.email),
                    notification_settings::posts.eq(&self.posts),
                    notification_settings::digest.eq(self.digest),
                    notification_settings::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}

/// Writes a post or a reply; returns its id (the earlier one for a repeated key).
pub fn write(
    conn: &mut DbConnection,
    settings: &Settings,
    author: &User,
    new: &NewPost<'_>,
    files: &[Attachment],
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, PostError> {
    use diesel::result::{DatabaseErrorKind, Error};
    match write_once(conn, settings, author, new, files, actor, now) {
        // The same form sent twice at once (PostgreSQL runs both transactions side by side):
        // the other one stored the key first, and its post is the answer to both.
        Err(PostError::Db(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info))) => {
            match Post::by_key(conn, new.idempotency_key)? {
                Some(p) if p.author_id == author.id && p.room_id == new.room_id => Ok(p.id),
                _ => Err(PostError::Db(Error::DatabaseError(
                    DatabaseErrorKind::UniqueViolation,
                    info,
                ))),
            }
        }
        other => other,
    }
}

fn write_once(
    conn: &mut DbConnection,
    settings: &Settings,
    author: &User,
    new: &NewPost<'_>,
    files: &[Attachment],
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, PostError> {
    write_tx(conn, |conn| {
        if let Some(existing) = Post::by_key(conn, new.idempotency_key)? {
            if existing.author_id == author.id && existing.room_id == new.room_id {
                return Ok(existing.id);
            }
            return Err(PostError::NotMember);
        }
        let room = Room::membership(conn, new.room_id, author.id)?.ok_or(PostError::NotMember)?;
        if !room.is_open() {
            return Err(PostError::Closed);
        }
        let id = Post::insert(conn, new, now)?;
        for f in files {
            let file_id = StoredFile::insert(
                conn,
                &f.file_name,
                f.content_type,
                &f.data,
                Some(author.id),
                now,
            )?;
            Post::attach(conn, id, file_id)?;
            if crate::services::files::is_photo(f.content_type) {
                Outbox::push(
                    conn,
                    &renkei_jobs::JobEnvelope {
                        key: format!("thumbnail:{file_id}"),
                        job: renkei_jobs::Job::Thumbnail(renkei_jobs::Thumbnail { file_id }),
                    },
                    now,
                )?;
            }
        }
        for m in Room::members(conn, room.id)? {
            if m.user_id == author.id {
                continue;
            }
            let Some(user) = User::find(conn, m.user_id)? else {
                continue;
            };
            let choice = NotificationChoice::of(conn, &user)?;
            let wanted = match choice.posts.as_str() {
                "none" => false,
                "addressed" => !new.to_all && new.addressees.contains(&user.id),
                _ => true,
            };
            let address = choice.address(&user).to_string();
            if wanted && !choice.digest && !address.is_empty() {
                Outbox::push(
                    conn,
                    &crate::services::mails::post_written(settings, &room, id, &user, &address),
                    now,
                )?;
            }
        }
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "post.create", "success")
                .target("post", id)
                .detail(format!("room {}", room.id)),
            now,
        )?;
        Ok(id)
    })
}

/// Corrects a post: only its author, only in an open room, the earlier text kept.
#[allow(clippy::too_many_arguments)]
pub fn correct(
    conn: &mut DbConnection,
    author: &User,
    room_id: i64,
    post_id: i64,
    subject: &str,
    body: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), PostError> {
    write_tx(conn, |conn| {
        let room = Room::membership(conn, room_id, author.id)?.ok_or(PostError::NotMember)?;
        if !room.is_open() {
            return Err(PostError::Closed);
        }
        let post = Post::find_in_room(conn, room_id, post_id)?.ok_or(PostError::NotMember)?;
        if post.author_id != author.id {
            return Err(PostError::NotAuthor);
        }
        if post.subject != subject || post.body != body {
            Post::correct(conn, &post, subject, body, now)?;
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "post.correct", "success").target("post", post_id),
                now,
            )?;
        }
        Ok(())
    })
}

/// What opening a 連絡帳 page changes, written after the page was read: the receipts of the posts
/// it showed that were new to the reader, and on the first page the read mark moved to the
/// newest post (the unread counts). A member reopening a room they have read writes nothing.
pub fn mark_opened(
    conn: &mut DbConnection,
    reader: i64,
    room_id: i64,
    unread: &[i64],
    move_mark: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if unread.is_empty() && move_mark.is_none() {
        return Ok(());
    }
    write_tx(conn, |conn| {
        Post::mark_read(conn, reader, unread, now)?;
        if let Some(newest) = move_mark {
            Post::set_read_mark(conn, room_id, reader, newest)?;
        }
        Ok(())
    })
}

/// Sends the daily digests that are due: at `settings.worker.digest_hour` (Japan time) each user
/// who chose a digest gets one mail listing, by neutral room label, how many posts others wrote
/// since their last digest in the rooms whose 連絡帳 they may open — no content, no names. Each user's digest is claimed by a guarded
/// update first, so two workers never send the same one. Returns how many were sent.
pub fn send_due_digests(
    conn: &mut DbConnection,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::schema::posts;
    let jst_now = crate::domain::jst::from_utc(now);
    let hour = settings.worker.digest_hour;
    let Some(due_jst) = jst_now.date().and_hms_opt(hour, 0, 0) else {
        return Ok(0);
    };
    if jst_now < due_jst {
        return Ok(0);
    }
    let due = crate::domain::jst::to_utc(due_jst);
    let waiting: Vec<(i64, Option<NaiveDateTime>)> = notification_settings::table
        .filter(notification_settings::digest.eq(true))
        .filter(
            notification_settings::digest_sent_at
                .is_null()
                .or(notification_settings::digest_sent_at.lt(due)),
        )
        .select((
            notification_settings::user_id,
            notification_settings::digest_sent_at,
        ))
        .load(conn)?;
    let mut sent = 0;
    for (user_id, last) in waiting {
        let since = last.unwrap_or(due - chrono::TimeDelta::days(1));
        let done = write_tx(conn, |conn| -> QueryResult<bool> {
            let mark = notification_settings::digest_sent_at.eq(Some(now));
            let mine = notification_settings::table.find(user_id);
            let claimed = match last {
                Some(l) => diesel::update(mine.filter(notification_settings::digest_sent_at.eq(l)))
                    .set(mark)
                    .execute(conn)?,
                None => {
                    diesel::update(mine.filter(notification_settings::digest_sent_at.is_null()))
                        .set(mark)
                        .execute(conn)?
                }
            };
            if claimed != 1 {
                return Ok(false);
            }
            let Some(user) = User::find(conn, user_id)? else {
                return Ok(false);
            };
            if user.status() != crate::models::UserStatus::Active {
                return Ok(false);
            }
            // The rooms whose 連絡帳 the reader may open (the rule of the page and the counts).
            let rooms = crate::models::posts::readable_timelines(conn, user_id)?;
            let counts: Vec<(i64, i64)> = posts::table
                .filter(posts::room_id.eq_any(&rooms))
                .filter(posts::author_id.ne(user_id))
                .filter(posts::created_at.gt(since))
                .filter(posts::created_at.le(now))
                .group_by(posts::room_id)
                .select((posts::room_id, diesel::dsl::count_star()))
                .load(conn)?;
            let choice = NotificationChoice::of(conn, &user)?;
            let address = choice.address(&user).to_string();
            if counts.is_empty() || address.is_empty() {
                return Ok(false);
            }
            let job =
                crate::services::mails::digest(settings, &user, &address, &counts, jst_now.date());
            Outbox::push(conn, &job, now)?;
            Ok(true)
        })?;
        if done {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Makes and stores the thumbnail of a stored photo (the worker's job); nothing if it exists.
pub fn make_thumbnail(
    conn: &mut DbConnection,
    file_id: i64,
    now: NaiveDateTime,
) -> Result<bool, Box<dyn std::error::Error + Send + Sync>> {
    use crate::schema::{file_thumbnails, files};
    let exists: i64 = file_thumbnails::table
        .filter(file_thumbnails::file_id.eq(file_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    let Some(data) = files::table
        .find(file_id)
        .select(files::data)
        .first::<Vec<u8>>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    let (thumb, w, h) = renkei_jobs::images::thumbnail(&data)?;
    diesel::insert_into(file_thumbnails::table)
        .values((
            file_thumbnails::file_id.eq(file_id),
            file_thumbnails::data.eq(thumb),
            file_thumbnails::width.eq(w as i32),
            file_thumbnails::height.eq(h as i32),
            file_thumbnails::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// What happened to a member's room: each has its mail in `locales/` (rooms.event_mail.*).
#[derive(Debug, Clone, Copy)]
pub enum RoomEvent {
    Added,
    Removed,
    Closed,
    /// A vital outside the ranges of 療養のポイント was entered (told to the members named there).
    VitalAlert,
    /// A date poll asks for the member's ○/△/× (the poll's id).
    PollOpened(i64),
}

/// Tells a member what happened to their membership or room: the room's neutral label and a
/// link, never a name or content. Nothing when there is no address (or no settings, in tests of
/// the services alone).
pub fn tell_member(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room: &Room,
    event: RoomEvent,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(settings) = settings else {
        return Ok(());
    };
    let Some(user) = User::find(conn, user_id)? else {
        return Ok(());
    };
    let choice = NotificationChoice::of(conn, &user)?;
    let address = choice.address(&user).to_string();
    if address.is_empty() {
        return Ok(());
    }
    Outbox::push(
        conn,
        &crate::services::mails::room_event(settings, room, event, &user, &address, now),
        now,
    )
}
