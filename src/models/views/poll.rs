//! A date poll (日程調整) as one read: the room (a current member, the カレンダー on), the poll
//! of that room, its options, every answer, the members who answer and the organiser's name.

use crate::db::{DbConnection, read_tx};
use crate::models::access::View;
use crate::models::events::{Poll, PollOption};
use crate::models::features::{Feature, Features, room_with_rights};
use crate::models::ids::{RoomId, UserId};
use crate::models::rooms::{Member, Room};
use crate::models::users::Names;

pub struct PollPage {
    pub room: Room,
    pub features: Features,
    /// What the viewer may only read in the room (閲覧・入力権限): a 閲覧のみ カレンダー still
    /// answers, but does not decide.
    pub read_only: Features,
    pub poll: Poll,
    pub options: Vec<PollOption>,
    /// (option, user, answer code: yes / maybe / no).
    pub answers: Vec<(i64, i64, String)>,
    pub members: Vec<Member>,
    pub organiser: String,
}

impl PollPage {
    pub fn load(
        conn: &mut DbConnection,
        viewer: i64,
        room_id: i64,
        poll_id: i64,
    ) -> diesel::QueryResult<Option<PollPage>> {
        read_tx(conn, |conn| {
            let Some((room, features, read_only)) =
                room_with_rights(conn, RoomId(room_id), UserId(viewer), Feature::Calendar)?
            else {
                return Ok(None);
            };
            let Some(poll) = Poll::find_in_room(conn, room_id, poll_id)? else {
                return Ok(None);
            };
            let options = Poll::options(conn, poll_id)?;
            let ids: Vec<i64> = options.iter().map(|o| o.id).collect();
            Ok(Some(PollPage {
                answers: Poll::answers(conn, &ids)?,
                members: Room::members(conn, room_id)?,
                organiser: Names::load(conn, &[poll.organiser_id])?.of(poll.organiser_id),
                room,
                features,
                read_only,
                poll,
                options,
            }))
        })
    }

    pub fn views(&self) -> Vec<View> {
        vec![View::in_room(&self.room, "poll").record("poll", self.poll.id)]
    }

    /// `user`'s answer to `option` (empty: none).
    pub fn answer(&self, option: i64, user: i64) -> &str {
        self.answers
            .iter()
            .find(|(opt, who, _)| *opt == option && *who == user)
            .map(|(_, _, a)| a.as_str())
            .unwrap_or("")
    }

    /// How many answered `what` to `option`.
    pub fn count(&self, option: i64, what: &str) -> usize {
        self.answers
            .iter()
            .filter(|(opt, _, a)| *opt == option && a == what)
            .count()
    }
}
