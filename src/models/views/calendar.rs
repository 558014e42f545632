//! A calendar period as one read: a room's calendar (a current member, the カレンダー on) or "my
//! calendar" (every room of mine where it is on — `features::rooms_with`, the rule of the list
//! form), the events in the period, which of them I take part in, and a room's open date polls
//! with whether I answered.

use crate::models::ids::{RoomId, UserId};
use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{DbConnection, read_tx};
use crate::models::access::View;
use crate::models::events::{Event, Poll};
use crate::models::features::{Feature, Features, room_with_rights, rooms_with};
use crate::models::rooms::Room;

pub struct CalendarPage {
    /// The room (a room's calendar) or my rooms with the calendar on.
    pub rooms: Vec<Room>,
    /// The room's features (a room's calendar: for its tabs).
    pub features: Option<Features>,
    /// What the viewer may only read in the room (a room's calendar).
    pub read_only: Features,
    pub events: Vec<Event>,
    /// The events I take part in.
    pub mine: Vec<i64>,
    /// A room's open polls, and whether I answered each.
    pub polls: Vec<(Poll, bool)>,
}

impl CalendarPage {
    /// `room`'s calendar (`None` when the viewer may not open it), or mine when `room` is
    /// `None`, for events starting in `from..to`.
    pub fn load(
        conn: &mut DbConnection,
        viewer: i64,
        room: Option<i64>,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> diesel::QueryResult<Option<CalendarPage>> {
        read_tx(conn, |conn| {
            let (rooms, features, read_only) = match room {
                Some(id) => {
                    match room_with_rights(conn, RoomId(id), UserId(viewer), Feature::Calendar)? {
                        Some((room, f, ro)) => (vec![room], Some(f), ro),
                        None => return Ok(None),
                    }
                }
                None => (
                    rooms_with(conn, viewer, Feature::Calendar)?,
                    None,
                    Features::NONE,
                ),
            };
            let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
            let events = Event::between(conn, &ids, from, to)?;
            let eids: Vec<i64> = events.iter().map(|e| e.id).collect();
            let mine = Event::participants(conn, &eids)?
                .into_iter()
                .filter(|(_, u)| *u == viewer)
                .map(|(e, _)| e)
                .collect();
            let mut polls = Vec::new();
            if let Some(id) = room {
                for p in Poll::open_in_room(conn, id)? {
                    let options: Vec<i64> =
                        Poll::options(conn, p.id)?.iter().map(|o| o.id).collect();
                    let answered = Poll::answers(conn, &options)?
                        .iter()
                        .any(|(_, u, _)| *u == viewer);
                    polls.push((p, answered));
                }
            }
            Ok(Some(CalendarPage {
                rooms,
                features,
                read_only,
                events,
                mine,
                polls,
            }))
        })
    }

    /// The room of a room's calendar (with its features for the tabs).
    pub fn room(&self) -> Option<(&Room, Features)> {
        self.rooms.first().zip(self.features)
    }

    /// What the access log records: a room's own calendar is a view of that room; my calendar,
    /// of each room whose events it shows.
    pub fn views(&self, from: NaiveDate) -> Vec<View> {
        self.rooms
            .iter()
            .filter(|r| self.features.is_some() || self.events.iter().any(|e| e.room_id == r.id))
            .map(|r| View::in_room(r, "calendar").record("from", from))
            .collect()
    }

    pub fn room_name(&self, id: i64) -> String {
        self.rooms
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    }
}
