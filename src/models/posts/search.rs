//! Searching the 連絡帳: Japanese substring search over the posts a member may read (the trigram
//! index for three characters or more), and posts carrying a tag of that name.

use diesel::prelude::*;

use super::{Post, readable_timelines};
use crate::db::DbConnection;
use crate::schema::posts;

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// What is searched for: words, a tag, or both, optionally in one room; `before` continues a
/// list after its last post (keyset paging, newest first).
#[derive(Debug, Clone, Default)]
pub struct Wanted<'a> {
    pub room: Option<i64>,
    pub query: &'a str,
    pub tag: Option<i64>,
    pub before: Option<i64>,
}

/// Japanese substring search over the posts of the rooms whose 連絡帳 `user_id` may read
/// ([`readable_timelines`], the rule of the page), optionally one room and one tag (「all ACP
/// posts in my rooms」); newest first, older than `before`. Three characters or more go through
/// the trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL); shorter queries scan the
/// searcher's rooms. A tag without words lists that tag's posts.
pub fn search(
    conn: &mut DbConnection,
    user_id: i64,
    wanted: &Wanted<'_>,
    limit: i64,
) -> QueryResult<Vec<Post>> {
    use diesel::sql_types::{BigInt, Text};
    let Wanted {
        room,
        query,
        tag,
        before,
    } = *wanted;
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
    // Integers only go into the text of the query (room ids, the tag, the page key).
    let mut visible = format!("p.room_id IN ({ids_list})");
    if let Some(b) = before {
        visible.push_str(&format!(" AND p.id < {b}"));
    }
    if let Some(t) = tag {
        visible.push_str(&format!(
            " AND p.id IN (SELECT pt.post_id FROM post_tags pt WHERE pt.tag_id = {t})"
        ));
    }
    if query.is_empty() {
        if tag.is_none() {
            return Ok(Vec::new());
        }
        let sql =
            format!("SELECT p.id FROM posts p WHERE {visible} ORDER BY p.id DESC LIMIT {limit}");
        let hits: Vec<Hit> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c)?,
            DbConnection::Pg(c) => diesel::sql_query(sql).load(c)?,
        };
        let ids: Vec<i64> = hits.into_iter().map(|h| h.id).collect();
        return posts::table
            .filter(posts::id.eq_any(&ids))
            .order(posts::id.desc())
            .select(Post::as_select())
            .load(conn);
    }
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
