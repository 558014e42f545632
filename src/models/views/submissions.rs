//! What a professional's 申請・届出 pages read: the applications they sent (newest first), and
//! for a form the rooms it may name and the sender's organisation, in one read each.

use diesel::prelude::*;

use crate::db::{DbConnection, read_tx};
use crate::models::applications::Application;
use crate::models::organisations::Organisation;
use crate::models::rooms::{Room, RoomKind};
use crate::schema::{applications, rooms};

/// How many of one's own applications the list shows.
const SENT: i64 = 100;

/// The applications `user` sent, newest first.
pub fn sent_by(conn: &mut DbConnection, user: i64) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::created_by.eq(user))
        .order(applications::id.desc())
        .limit(SENT)
        .select(Application::as_select())
        .load(conn)
}

/// What the form for `kind` offers its sender.
pub struct FormChoices {
    /// The rooms a room application may name, as (id, name).
    pub rooms: Vec<(i64, String)>,
    /// The sender's organisation (form 5 may change only one's own).
    pub organisation: String,
}

impl FormChoices {
    pub fn load(
        conn: &mut DbConnection,
        user: i64,
        organisation: i64,
        kind: &str,
    ) -> QueryResult<FormChoices> {
        read_tx(conn, |conn| {
            Ok(FormChoices {
                rooms: room_choices(conn, user, kind)?,
                organisation: Organisation::name_of(conn, organisation)?,
            })
        })
    }
}

/// The rooms a room application may name: any open inter-professional room to join or leave;
/// only one's own to close.
fn room_choices(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
) -> QueryResult<Vec<(i64, String)>> {
    match kind {
        "room_membership" => rooms::table
            .filter(rooms::kind.eq(RoomKind::InterProfessional.as_str()))
            .filter(rooms::status.eq("open"))
            .order(rooms::name.asc())
            .select((rooms::id, rooms::name))
            .load(conn),
        "room_close" => Ok(Room::of_member(conn, user_id)?
            .into_iter()
            .filter(|r| r.kind == RoomKind::InterProfessional.as_str() && r.is_open())
            .map(|r| (r.id, r.name))
            .collect()),
        _ => Ok(Vec::new()),
    }
}
