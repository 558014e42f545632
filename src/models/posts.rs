//! The 連絡帳: posts of a room and their replies, corrections kept as versions, addressees, tags,
//! files, read receipts and each member's read mark. Who may read any of it is decided before
//! these queries are called (`Room::membership`): they all take a room the caller may see.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use renkei_views::paths;

use crate::db::DbConnection;
use crate::models::features::{Feature, rooms_with, switched_on};
use crate::models::rooms::Room;
use crate::schema::{
    post_addressees, post_files, post_reads, post_tags, post_versions, posts, room_read_marks,
    tags, users,
};

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

/// Whom a post asks to reply (【要返信:…】), as stored: a code, never a label — the label is
/// made for each reader in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyWanted {
    Nobody,
    /// 全員
    Everyone,
    /// The members of the room with this team role (form 8's 主治医, 訪問看護, 薬局…).
    Role(String),
    /// One member.
    Member(i64),
    /// Text stored before codes (a name no member has any more).
    Text(String),
}

impl ReplyWanted {
    pub fn parse(stored: &str) -> ReplyWanted {
        if stored.is_empty() {
            ReplyWanted::Nobody
        } else if stored == "all" {
            ReplyWanted::Everyone
        } else if let Some(role) = stored.strip_prefix("role:") {
            ReplyWanted::Role(role.to_string())
        } else if let Some(id) = stored.strip_prefix("user:").and_then(|i| i.parse().ok()) {
            ReplyWanted::Member(id)
        } else {
            ReplyWanted::Text(stored.strip_prefix("text:").unwrap_or(stored).to_string())
        }
    }

    pub fn code(&self) -> String {
        match self {
            ReplyWanted::Nobody => String::new(),
            ReplyWanted::Everyone => "all".into(),
            ReplyWanted::Role(r) => format!("role:{r}"),
            ReplyWanted::Member(id) => format!("user:{id}"),
            ReplyWanted::Text(t) => format!("text:{t}"),
        }
    }

    /// Whether the member `user_id`, with `team_role` in the room, is asked.
    pub fn asks(&self, user_id: i64, team_role: &str) -> bool {
        match self {
            ReplyWanted::Everyone => true,
            ReplyWanted::Role(r) => !r.is_empty() && r == team_role,
            ReplyWanted::Member(id) => *id == user_id,
            ReplyWanted::Nobody | ReplyWanted::Text(_) => false,
        }
    }
}

/// A post that waits for the viewer: a reply is asked of them and nobody asked has replied
/// yet, or it is addressed to them and they have not read it.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub post: Post,
    pub reply_asked: bool,
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
    /// The post already written with this key (a double submit), if any.
    pub fn by_key(conn: &mut DbConnection, key: &str) -> QueryResult<Option<Post>> {
        posts::table
            .filter(posts::idempotency_key.eq(key))
            .select(Post::as_select())
            .first(conn)
            .optional()
    }

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

    /// A post of this room.
    pub fn find_in_room(
        conn: &mut DbConnection,
        room_id: i64,
        id: i64,
    ) -> QueryResult<Option<Post>> {
        posts::table
            .find(id)
            .filter(posts::room_id.eq(room_id))
            .select(Post::as_select())
            .first(conn)
            .optional()
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

    /// (post, tag name) for these posts.
    pub fn tags_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
        post_tags::table
            .inner_join(tags::table)
            .filter(post_tags::post_id.eq_any(ids))
            .order(tags::name.asc())
            .select((post_tags::post_id, tags::name))
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

    /// (post, user id, name, when) of everyone who has read these posts.
    pub fn reads_of(
        conn: &mut DbConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, i64, String, NaiveDateTime)>> {
        post_reads::table
            .inner_join(users::table)
            .filter(post_reads::post_id.eq_any(ids))
            .order(post_reads::read_at.asc())
            .select((
                post_reads::post_id,
                users::id,
                users::display_name,
                post_reads::read_at,
            ))
            .load(conn)
    }

    /// The files of these posts: (post, file, name, size, content type).
    pub fn files_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<PostFile>> {
        use crate::schema::files;
        post_files::table
            .inner_join(files::table)
            .filter(post_files::post_id.eq_any(ids))
            .order(files::id.asc())
            .select((
                post_files::post_id,
                files::id,
                files::file_name,
                files::byte_size,
                files::content_type,
            ))
            .load(conn)
    }

    /// What waits for `user_id` in these rooms (those they may read, with their team role in
    /// each), newest first: posts asking a reply of them that no one asked has answered, and
    /// posts addressed to them they have not read. At most `limit`.
    pub fn waiting_for(
        conn: &mut DbConnection,
        user_id: i64,
        rooms: &[(i64, String)],
        limit: usize,
    ) -> QueryResult<Vec<Waiting>> {
        let room_ids: Vec<i64> = rooms.iter().map(|(r, _)| *r).collect();
        if room_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut codes = vec!["all".to_string(), ReplyWanted::Member(user_id).code()];
        for (_, role) in rooms {
            let c = ReplyWanted::Role(role.clone()).code();
            if !role.is_empty() && !codes.contains(&c) {
                codes.push(c);
            }
        }
        // Candidates newest first, a batch at a time, until `limit` are found (answered requests
        // are dropped after loading, so one batch may hold none that still waits).
        const BATCH: i64 = 200;
        let mut out = Vec::new();
        let mut before: Option<i64> = None;
        for _ in 0..10 {
            let to_me = post_addressees::table
                .filter(post_addressees::user_id.eq(user_id))
                .select(post_addressees::post_id);
            let mut q = posts::table
                .filter(posts::room_id.eq_any(&room_ids))
                .filter(posts::parent_id.is_null())
                .filter(posts::author_id.ne(user_id))
                .filter(
                    posts::reply_wanted_from
                        .eq_any(&codes)
                        .or(posts::id.eq_any(to_me)),
                )
                .into_boxed();
            if let Some(b) = before {
                q = q.filter(posts::id.lt(b));
            }
            let candidates: Vec<Post> = q
                .order(posts::id.desc())
                .limit(BATCH)
                .select(Post::as_select())
                .load(conn)?;
            let Some(last) = candidates.last().map(|p| p.id) else {
                break;
            };
            before = Some(last);
            let exhausted = (candidates.len() as i64) < BATCH;
            Self::keep_waiting(conn, user_id, &room_ids, candidates, limit, &mut out)?;
            if out.len() >= limit || exhausted {
                break;
            }
        }
        Ok(out)
    }

    /// Of `candidates`, those that still wait for `user_id`, appended to `out` (at most `limit`).
    fn keep_waiting(
        conn: &mut DbConnection,
        user_id: i64,
        room_ids: &[i64],
        candidates: Vec<Post>,
        limit: usize,
        out: &mut Vec<Waiting>,
    ) -> QueryResult<()> {
        use crate::schema::room_members;
        let ids: Vec<i64> = candidates.iter().map(|p| p.id).collect();
        let addressed: Vec<i64> = post_addressees::table
            .filter(post_addressees::user_id.eq(user_id))
            .filter(post_addressees::post_id.eq_any(&ids))
            .select(post_addressees::post_id)
            .load(conn)?;
        let read: Vec<i64> = post_reads::table
            .filter(post_reads::user_id.eq(user_id))
            .filter(post_reads::post_id.eq_any(&ids))
            .select(post_reads::post_id)
            .load(conn)?;
        let replies: Vec<(i64, i64)> = posts::table
            .filter(posts::parent_id.eq_any(&ids))
            .select((posts::parent_id.assume_not_null(), posts::author_id))
            .load(conn)?;
        // The team role of every member of these rooms (who replied, in which role).
        let roles: Vec<(i64, i64, String)> = room_members::table
            .filter(room_members::room_id.eq_any(room_ids))
            .filter(room_members::removed_at.is_null())
            .select((
                room_members::room_id,
                room_members::user_id,
                room_members::team_role,
            ))
            .load(conn)?;
        let role_of = |room: i64, user: i64| {
            roles
                .iter()
                .find(|(r, u, _)| *r == room && *u == user)
                .map(|(.., role)| role.as_str())
                .unwrap_or("")
        };
        for p in candidates {
            if out.len() >= limit {
                break;
            }
            let wanted = ReplyWanted::parse(&p.reply_wanted_from);
            let asked = wanted.asks(user_id, role_of(p.room_id, user_id));
            let answered = replies.iter().any(|(parent, author)| {
                *parent == p.id
                    && *author != p.author_id
                    && match &wanted {
                        // Asked of everyone: waiting for me until I reply.
                        ReplyWanted::Everyone => *author == user_id,
                        _ => wanted.asks(*author, role_of(p.room_id, *author)),
                    }
            });
            if asked && !answered {
                out.push(Waiting {
                    post: p,
                    reply_asked: true,
                });
            } else if addressed.contains(&p.id) && !read.contains(&p.id) {
                // Addressed to me and unread, even when a colleague of my role has answered.
                out.push(Waiting {
                    post: p,
                    reply_asked: false,
                });
            }
        }
        Ok(())
    }

    /// A file attached to a post of this room, without its bytes: the one rule behind every
    /// file page (download, photo, thumbnail, preview) — the caller has checked membership.
    pub fn room_file(
        conn: &mut DbConnection,
        room_id: i64,
        file_id: i64,
    ) -> QueryResult<Option<RoomFile>> {
        use crate::schema::{file_thumbnails, files};
        let found: Option<(i64, i64, String, String, i64)> = posts::table
            .inner_join(post_files::table.inner_join(files::table))
            .filter(posts::room_id.eq(room_id))
            .filter(files::id.eq(file_id))
            .select((
                files::id,
                posts::id,
                files::file_name,
                files::content_type,
                files::byte_size,
            ))
            .first(conn)
            .optional()?;
        let Some((id, post_id, file_name, content_type, byte_size)) = found else {
            return Ok(None);
        };
        let has_thumbnail = file_thumbnails::table
            .filter(file_thumbnails::file_id.eq(id))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        Ok(Some(RoomFile {
            id,
            post_id,
            file_name,
            content_type,
            byte_size,
            has_thumbnail,
        }))
    }

    /// The bytes of a stored file (after [`Post::room_file`] said it may be shown).
    pub fn file_bytes(conn: &mut DbConnection, file_id: i64) -> QueryResult<Vec<u8>> {
        use crate::schema::files;
        files::table
            .filter(files::id.eq(file_id))
            .select(files::data)
            .first(conn)
    }

    /// The thumbnail of a stored photo, once the worker has made it.
    pub fn thumbnail_bytes(conn: &mut DbConnection, file_id: i64) -> QueryResult<Option<Vec<u8>>> {
        use crate::schema::file_thumbnails;
        file_thumbnails::table
            .filter(file_thumbnails::file_id.eq(file_id))
            .select(file_thumbnails::data)
            .first(conn)
            .optional()
    }

    /// Which of these files have a thumbnail already.
    pub fn with_thumbnails(conn: &mut DbConnection, file_ids: &[i64]) -> QueryResult<Vec<i64>> {
        use crate::schema::file_thumbnails;
        if file_ids.is_empty() {
            return Ok(Vec::new());
        }
        file_thumbnails::table
            .filter(file_thumbnails::file_id.eq_any(file_ids))
            .select(file_thumbnails::file_id)
            .load(conn)
    }

    /// Records that `user_id` has read these posts (those not read before).
    pub fn mark_read(
        conn: &mut DbConnection,
        user_id: i64,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        // ON CONFLICT: two pages opened at once by the same member (two tabs, a double click)
        // both find the post unread; the second insert is a no-op, not a unique violation
        // (which on PostgreSQL was a 500 under concurrent load).
        let rows: Vec<_> = ids
            .iter()
            .map(|id| {
                (
                    post_reads::post_id.eq(*id),
                    post_reads::user_id.eq(user_id),
                    post_reads::read_at.eq(now),
                )
            })
            .collect();
        for row in rows {
            let insert = diesel::insert_into(post_reads::table)
                .values(row)
                .on_conflict_do_nothing();
            match conn {
                DbConnection::Sqlite(c) => insert.execute(c)?,
                DbConnection::Pg(c) => insert.execute(c)?,
            };
        }
        Ok(())
    }

    /// The newest post of a room (replies included), for the read mark.
    pub fn newest_id(conn: &mut DbConnection, room_id: i64) -> QueryResult<Option<i64>> {
        posts::table
            .filter(posts::room_id.eq(room_id))
            .select(diesel::dsl::max(posts::id))
            .first(conn)
    }

    /// A member's read mark in a room (0: nothing read yet).
    pub fn read_mark(conn: &mut DbConnection, room_id: i64, user_id: i64) -> QueryResult<i64> {
        Ok(room_read_marks::table
            .find((room_id, user_id))
            .select(room_read_marks::last_read_post_id)
            .first(conn)
            .optional()?
            .unwrap_or(0))
    }

    /// Moves a member's read mark forward to `post_id`.
    pub fn set_read_mark(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        post_id: i64,
    ) -> QueryResult<()> {
        // Insert-or-ignore, then move forward only: concurrent page loads neither collide on
        // the key nor move the mark backwards.
        let insert = diesel::insert_into(room_read_marks::table)
            .values((
                room_read_marks::room_id.eq(room_id),
                room_read_marks::user_id.eq(user_id),
                room_read_marks::last_read_post_id.eq(post_id),
            ))
            .on_conflict_do_nothing();
        // (ON CONFLICT is backend syntax: diesel's multi-backend connection does not carry it.)
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Pg(c) => insert.execute(c)?,
        };
        diesel::update(room_read_marks::table.find((room_id, user_id)))
            .filter(room_read_marks::last_read_post_id.lt(post_id))
            .set(room_read_marks::last_read_post_id.eq(post_id))
            .execute(conn)?;
        Ok(())
    }

    /// Unread posts (by others, after the member's read mark) and the last activity of each of
    /// the member's `rooms` (as `Room::of_member` gave them) whose 連絡帳 is on: one grouped
    /// query for the counts, one index lookup per room for the newest post.
    pub fn room_summaries(
        conn: &mut DbConnection,
        user_id: i64,
        rooms: &[Room],
    ) -> QueryResult<Vec<(i64, i64, Option<NaiveDateTime>)>> {
        // Only rooms whose 連絡帳 the member may read (the rule of the page): a room whose 連絡帳
        // is switched off shows no posts, so it counts none as unread.
        let visible = switched_on(conn, rooms, Feature::Timeline)?;
        let room_ids = &visible[..];
        let mark = room_read_marks::last_read_post_id.nullable();
        let unread: Vec<(i64, i64)> = posts::table
            .left_join(
                room_read_marks::table.on(room_read_marks::room_id
                    .eq(posts::room_id)
                    .and(room_read_marks::user_id.eq(user_id))),
            )
            .filter(posts::room_id.eq_any(room_ids))
            .filter(posts::author_id.ne(user_id))
            .filter(mark.is_null().or(posts::id.nullable().gt(mark)))
            .group_by(posts::room_id)
            .select((posts::room_id, diesel::dsl::count_star()))
            .load(conn)?;
        let mut out = Vec::with_capacity(room_ids.len());
        for room in room_ids {
            let last: Option<NaiveDateTime> = posts::table
                .filter(posts::room_id.eq(room))
                .order(posts::id.desc())
                .select(posts::created_at)
                .first(conn)
                .optional()?;
            let n = unread
                .iter()
                .find(|(r, _)| r == room)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            out.push((*room, n, last));
        }
        Ok(out)
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

/// A file of a post, as [`Post::room_file`] finds it.
#[derive(Debug, Clone)]
pub struct RoomFile {
    pub id: i64,
    pub post_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub has_thumbnail: bool,
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

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// Japanese substring search over the posts of the rooms whose 連絡帳 `user_id` may read
/// ([`readable_timelines`], the rule of the page), optionally one room; newest first.
/// Three characters or more go through the trigram index (FTS5 on SQLite, pg_trgm on
/// PostgreSQL); shorter queries scan the searcher's rooms.
pub fn search(
    conn: &mut DbConnection,
    user_id: i64,
    room: Option<i64>,
    query: &str,
    limit: i64,
) -> QueryResult<Vec<Post>> {
    use diesel::sql_types::{BigInt, Text};
    // The rooms whose 連絡帳 the searcher may read (the rule of the page), as a list of ids in
    // the query: a room whose 連絡帳 is switched off is not searched either.
    let rooms: Vec<i64> = readable_timelines(conn, user_id)?
        .into_iter()
        .filter(|r| room.is_none_or(|only| only == *r))
        .collect();
    if rooms.is_empty() {
        return Ok(Vec::new());
    }
    let ids_list = rooms
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let visible = format!("p.room_id IN ({ids_list})");
    let like = format!("%{}%", crate::models::users::escape_like(query));
    let long = query.chars().count() >= 3;
    let ids: Vec<Hit> = match conn {
        DbConnection::Sqlite(c) => {
            if long {
                let phrase = format!("\"{}\"", query.replace('"', "\"\""));
                diesel::sql_query(format!(
                    // Ordered by the index's own rowid, FTS5 hands matches newest first and
                    // the query stops at the limit instead of sorting every match.
                    "SELECT p.id FROM posts_fts f JOIN posts p ON p.id = f.rowid \
                     WHERE posts_fts MATCH ?1 AND {visible} ORDER BY f.rowid DESC LIMIT ?2"
                ))
                .bind::<Text, _>(phrase)
                .bind::<BigInt, _>(limit)
                .load(c)?
            } else {
                diesel::sql_query(format!(
                    "SELECT p.id FROM posts p WHERE {visible} AND \
                     (p.subject LIKE ?1 ESCAPE '\\' OR p.body LIKE ?1 ESCAPE '\\') \
                     ORDER BY p.id DESC LIMIT ?2"
                ))
                .bind::<Text, _>(&like)
                .bind::<BigInt, _>(limit)
                .load(c)?
            }
        }
        DbConnection::Pg(c) => diesel::sql_query(format!(
            "SELECT p.id FROM posts p WHERE {visible} AND \
             (p.subject || ' ' || p.body) ILIKE $1 \
             ORDER BY p.id DESC LIMIT $2"
        ))
        .bind::<Text, _>(&like)
        .bind::<BigInt, _>(limit)
        .load(c)?,
    };
    // Posts carrying a tag of that name (褥瘡, ACP) are found too, under the same rule.
    // LIKE ignores case for ASCII on SQLite; ILIKE does on PostgreSQL (acp finds ACP).
    let tag_sql = |like: &str, text: &str, limit: &str| {
        format!(
            "SELECT p.id FROM posts p WHERE {visible} AND p.id IN (SELECT pt.post_id FROM post_tags pt \
             JOIN tags t ON t.id = pt.tag_id WHERE t.name {like} {text} ESCAPE '\\') \
             ORDER BY p.id DESC LIMIT {limit}"
        )
    };
    let tagged: Vec<Hit> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(tag_sql("LIKE", "?1", "?2"))
            .bind::<Text, _>(&like)
            .bind::<BigInt, _>(limit)
            .load(c)?,
        DbConnection::Pg(c) => diesel::sql_query(tag_sql("ILIKE", "$1", "$2"))
            .bind::<Text, _>(&like)
            .bind::<BigInt, _>(limit)
            .load(c)?,
    };
    let mut ids: Vec<i64> = ids.into_iter().chain(tagged).map(|h| h.id).collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    ids.truncate(limit.max(0) as usize);
    posts::table
        .filter(posts::id.eq_any(&ids))
        .order(posts::id.desc())
        .select(Post::as_select())
        .load(conn)
}
