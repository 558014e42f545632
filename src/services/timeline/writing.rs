//! Writing in the 連絡帳: a post or a reply with its files (a photo's thumbnail queued) and the
//! mails to the members who want one, the same form sent twice giving the one post, a post's
//! correction by its author, and the read receipts and read mark of opening a page.

use super::*;
use crate::models::features::{Feature, ToWrite, room_to_write};
use crate::models::ids::{RoomId, UserId};
use crate::models::organisations::Organisation;
use crate::models::posts::ReplyWanted;
use crate::services::mails::PostNotice;

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

/// The room, when `author` may write in its 連絡帳: a current member with the 連絡帳 on and a
/// 閲覧・入力 right for it, in an open room.
fn postable(conn: &mut DbConnection, room_id: i64, author: i64) -> Result<Room, PostError> {
    let room = match room_to_write(conn, RoomId(room_id), UserId(author), Feature::Timeline)? {
        ToWrite::Allowed(room, _) => *room,
        ToWrite::ReadOnly => return Err(PostError::ReadOnly),
        ToWrite::NotFound => return Err(PostError::NotMember),
    };
    if !room.is_open() {
        return Err(PostError::Closed);
    }
    Ok(room)
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
        let room = postable(conn, new.room_id, author.id)?;
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
        let organisation = Organisation::of_users(conn, &[author.id])?
            .pop()
            .map(|(_, name)| name)
            .unwrap_or_default();
        let reply_wanted = ReplyWanted::parse(new.reply_wanted_from);
        for m in Room::members(conn, room.id)? {
            if m.user_id == author.id {
                continue;
            }
            let to_reader = !new.to_all && new.addressees.contains(&m.user_id);
            let notice = PostNotice {
                post_id: id,
                author: &author.display_name,
                organisation: &organisation,
                is_reply: new.parent_id.is_some(),
                to_reader,
                to_others: !new.to_all && !to_reader,
                reply_asked: reply_wanted.asks(m.user_id, &m.team_role),
            };
            let Some(user) = User::find(conn, m.user_id)? else {
                continue;
            };
            let choice = NotificationChoice::of(conn, &user)?;
            let wanted = match choice.posts.as_str() {
                "none" => false,
                // 自分あて: addressed to them, or a reply asked of them by name or role (not a
                // reply asked of everyone, which every post to all may carry).
                "addressed" => {
                    to_reader || (notice.reply_asked && reply_wanted != ReplyWanted::Everyone)
                }
                _ => true,
            };
            let address = choice.address(&user).to_string();
            if wanted && !choice.digest && !address.is_empty() {
                Outbox::push(
                    conn,
                    &crate::services::mails::post_written(
                        settings, &room, &notice, &user, &address,
                    ),
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
        postable(conn, room_id, author.id)?;
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
