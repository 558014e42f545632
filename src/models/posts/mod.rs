//! The 連絡帳: posts of a room and their replies, corrections kept as versions, addressees, tags,
//! files, read receipts and each member's read mark. Who may read any of it is decided before
//! these queries are called (`Room::membership`): they all take a room the caller may see.
//!
//! Here: a post, writing and correcting it, a room's pages of posts and their replies, and
//! `readable_timelines`. Apart: `waiting` (【要返信】 and what waits for a member), `reads`
//! (read receipts, read marks and unread counts), `files` (a post's files and thumbnails),
//! `tags`, `search`.

mod files;
mod reads;
mod search;
mod tags;
mod waiting;

pub use files::RoomFile;
pub use search::{Wanted, search};
pub use tags::Tag;
pub use waiting::{ReplyWanted, Waiting};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use renkei_views::paths;

use crate::db::DbConnection;
use crate::models::features::{Feature, rooms_with};
use crate::schema::{post_addressees, post_files, post_tags, post_versions, posts, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i64,
    pub room_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub subject: String,
    pub body: String,
    pub to_all: bool,
    pub reply_wanted_from: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub idempotency_key: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = post_versions)]
pub struct PostVersion {
    pub id: i64,
    pub post_id: i64,
    pub subject: String,
    pub body: String,
    pub written_at: NaiveDateTime,
    pub replaced_at: NaiveDateTime,
}

/// A post to write.
pub struct NewPost<'a> {
    pub room_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub subject: &'a str,
    pub body: &'a str,
    pub to_all: bool,
    pub reply_wanted_from: &'a str,
    pub idempotency_key: &'a str,
    pub addressees: &'a [i64],
    pub tags: &'a [i64],
}

/// A file of a post as a list shows it: (post, file, name, size, content type).
pub type PostFile = (i64, i64, String, i64, String);

/// Names by id, for the people a page shows.
pub type Names = Vec<(i64, String)>;

impl Post {
    /// Writes a post with its addressees and tags; call inside a transaction.
    pub fn insert(
        conn: &mut DbConnection,
        new: &NewPost<'_>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(posts::table)
            .values((
                posts::room_id.eq(new.room_id),
                posts::author_id.eq(new.author_id),
                posts::parent_id.eq(new.parent_id),
                posts::subject.eq(new.subject),
                posts::body.eq(new.body),
                posts::to_all.eq(new.to_all),
                posts::reply_wanted_from.eq(new.reply_wanted_from),
                posts::created_at.eq(now),
                posts::idempotency_key.eq(new.idempotency_key),
            ))
            .execute(conn)?;
        let id: i64 = posts::table
            .filter(posts::idempotency_key.eq(new.idempotency_key))
            .select(posts::id)
            .first(conn)?;
        for u in new.addressees {
            diesel::insert_into(post_addressees::table)
                .values((
                    post_addressees::post_id.eq(id),
                    post_addressees::user_id.eq(u),
                ))
                .execute(conn)?;
        }
        for t in new.tags {
            diesel::insert_into(post_tags::table)
                .values((post_tags::post_id.eq(id), post_tags::tag_id.eq(t)))
                .execute(conn)?;
        }
        Ok(id)
    }

    pub fn attach(conn: &mut DbConnection, post_id: i64, file_id: i64) -> QueryResult<()> {
        diesel::insert_into(post_files::table)
            .values((
                post_files::post_id.eq(post_id),
                post_files::file_id.eq(file_id),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// One page of a room's top-level posts, newest first, before `before` (keyset), optionally
    /// only those carrying every one of `tag_ids`.
    /// Where a post is found on the timeline: the room's first page if its thread (`top`, the
    /// top-level post) is among the newest `page`, else the page that starts at the thread
    /// (`?before=`); the anchor is the post itself (a reply's own id).
    pub fn link(conn: &mut DbConnection, post: &Post, page: i64) -> QueryResult<String> {
        let top = post.parent_id.unwrap_or(post.id);
        let room_id = post.room_id;
        let newer: i64 = posts::table
            .filter(posts::room_id.eq(room_id))
            .filter(posts::parent_id.is_null())
            .filter(posts::id.gt(top))
            .count()
            .get_result(conn)?;
        Ok(if newer < page {
            format!("{}#post-{}", paths::room(room_id), post.id)
        } else {
            format!(
                "{}?before={}#post-{}",
                paths::room(room_id),
                top + 1,
                post.id
            )
        })
    }

    pub fn page(
        conn: &mut DbConnection,
        room_id: i64,
        before: Option<i64>,
        tag_ids: &[i64],
        limit: i64,
    ) -> QueryResult<Vec<Post>> {
        let mut q = posts::table
            .filter(posts::room_id.eq(room_id))
            .filter(posts::parent_id.is_null())
            .select(Post::as_select())
            .into_boxed();
        if let Some(b) = before {
            q = q.filter(posts::id.lt(b));
        }
        for t in tag_ids {
            q = q.filter(
                posts::id.eq_any(
                    post_tags::table
                        .filter(post_tags::tag_id.eq(*t))
                        .select(post_tags::post_id),
                ),
            );
        }
        q.order(posts::id.desc()).limit(limit).load(conn)
    }

    /// The replies to these posts, by post and oldest first. (Ordered by the `posts_parent`
    /// index: ordered by id alone, SQLite chose to walk the whole table in id order.)
    pub fn replies(conn: &mut DbConnection, parents: &[i64]) -> QueryResult<Vec<Post>> {
        if parents.is_empty() {
            return Ok(Vec::new());
        }
        posts::table
            .filter(posts::parent_id.eq_any(parents))
            .order((posts::parent_id.asc(), posts::id.asc()))
            .select(Post::as_select())
            .load(conn)
    }

    /// A correction: the earlier text becomes a version, the post takes the new text.
    pub fn correct(
        conn: &mut DbConnection,
        post: &Post,
        subject: &str,
        body: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(post_versions::table)
            .values((
                post_versions::post_id.eq(post.id),
                post_versions::subject.eq(&post.subject),
                post_versions::body.eq(&post.body),
                post_versions::written_at.eq(post.edited_at.unwrap_or(post.created_at)),
                post_versions::replaced_at.eq(now),
            ))
            .execute(conn)?;
        diesel::update(posts::table.find(post.id))
            .set((
                posts::subject.eq(subject),
                posts::body.eq(body),
                posts::edited_at.eq(Some(now)),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn versions(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<PostVersion>> {
        post_versions::table
            .filter(post_versions::post_id.eq_any(ids))
            .order(post_versions::id.asc())
            .select(PostVersion::as_select())
            .load(conn)
    }

    /// (post, user id, name) of the addressees of these posts.
    pub fn addressees_of(
        conn: &mut DbConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, i64, String)>> {
        post_addressees::table
            .inner_join(users::table)
            .filter(post_addressees::post_id.eq_any(ids))
            .select((post_addressees::post_id, users::id, users::display_name))
            .load(conn)
    }
}

/// The rooms whose 連絡帳 `user_id` may read: a current member of a room not purged, with its
/// 連絡帳 switched on — the rule of the 連絡帳 page (`features::room_with`) in its list form, and
/// the one every list, search, unread count and digest of posts uses.
pub fn readable_timelines(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<i64>> {
    Ok(rooms_with(conn, user_id, Feature::Timeline)?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

room_record!(Post, posts);
