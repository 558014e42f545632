//! Whom a 利用者間メール may be addressed to: the active accounts matching what was typed (name,
//! reading, organisation, or a profession whose name matched), without the writer, and the one
//! already chosen if it can still receive mail. One read.

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::models::User;

/// At most this many suggestions: a name narrows the list better than scrolling.
const LIMIT: i64 = 20;

/// Accounts with their organisation's name.
pub struct Recipients {
    pub chosen: Option<(User, String)>,
    pub found: Vec<(User, String)>,
}

impl Recipients {
    /// `query` is trimmed and cut to 64 characters (none are found for an empty one);
    /// `professions` are the profession codes whose names matched it.
    pub fn load(
        conn: &mut DbConnection,
        query: &str,
        professions: &[String],
        chosen: Option<i64>,
        writer: i64,
    ) -> QueryResult<Recipients> {
        let q: String = query.trim().chars().take(64).collect();
        let found = if q.is_empty() {
            Vec::new()
        } else {
            User::list_with_organisation(conn, &q, professions, true, (None, LIMIT))?
                .into_iter()
                .filter(|(u, _)| u.id != writer)
                .collect()
        };
        let chosen = match chosen {
            Some(id) => User::with_organisation(conn, id)?
                .filter(|(u, _)| crate::models::messages::can_receive(u)),
            None => None,
        };
        Ok(Recipients { chosen, found })
    }
}
