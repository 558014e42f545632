//! What waits for a member: whom a post asks to reply (【要返信:…】, stored as a code) and the
//! posts still waiting for a member's reply or reading (`Post::waiting_for`).

use diesel::prelude::*;

use super::Post;
use crate::db::DbConnection;
use crate::schema::{post_addressees, post_reads, posts};

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

impl Post {
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
}
