//! カレンダー: events with their participants, and date polls (candidates answered ○/△/×).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{event_participants, events, poll_answers, poll_options, polls};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: i64,
    pub room_id: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub meeting_url: String,
    pub notes: String,
    pub organiser_id: i64,
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub poll_id: Option<i64>,
    pub idempotency_key: String,
}

/// What an event form says.
#[derive(Debug, Clone, PartialEq)]
pub struct EventData {
    pub kind: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub meeting_url: String,
    pub notes: String,
    pub participants: Vec<i64>,
}

impl Event {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }

    pub fn insert(
        conn: &mut DbConnection,
        room_id: i64,
        d: &EventData,
        organiser: i64,
        poll_id: Option<i64>,
        key: &str,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(events::table)
            .values((
                events::room_id.eq(room_id),
                events::kind.eq(&d.kind),
                events::title.eq(&d.title),
                events::starts_at.eq(d.starts_at),
                events::ends_at.eq(d.ends_at),
                events::place.eq(&d.place),
                events::meeting_url.eq(&d.meeting_url),
                events::notes.eq(&d.notes),
                events::organiser_id.eq(organiser),
                events::created_at.eq(now),
                events::updated_at.eq(now),
                events::poll_id.eq(poll_id),
                events::idempotency_key.eq(key),
            ))
            .execute(conn)?;
        let id = crate::db::last_insert_id(conn)?;
        Self::set_participants(conn, id, &d.participants)?;
        Ok(id)
    }

    fn set_participants(conn: &mut DbConnection, id: i64, users: &[i64]) -> QueryResult<()> {
        diesel::delete(event_participants::table.filter(event_participants::event_id.eq(id)))
            .execute(conn)?;
        for u in users {
            diesel::insert_into(event_participants::table)
                .values((
                    event_participants::event_id.eq(id),
                    event_participants::user_id.eq(u),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// A change: the new data and a higher iCalendar sequence.
    pub fn update(
        conn: &mut DbConnection,
        id: i64,
        d: &EventData,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(events::table.find(id))
            .set((
                events::kind.eq(&d.kind),
                events::title.eq(&d.title),
                events::starts_at.eq(d.starts_at),
                events::ends_at.eq(d.ends_at),
                events::place.eq(&d.place),
                events::meeting_url.eq(&d.meeting_url),
                events::notes.eq(&d.notes),
                events::sequence.eq(events::sequence + 1),
                events::updated_at.eq(now),
            ))
            .execute(conn)?;
        Self::set_participants(conn, id, &d.participants)
    }

    pub fn cancel(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
        let n = diesel::update(
            events::table
                .find(id)
                .filter(events::cancelled_at.is_null()),
        )
        .set((
            events::cancelled_at.eq(Some(now)),
            events::sequence.eq(events::sequence + 1),
            events::updated_at.eq(now),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// The events of `rooms` that overlap `[from, to)`, by start.
    pub fn between(
        conn: &mut DbConnection,
        rooms: &[i64],
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> QueryResult<Vec<Event>> {
        events::table
            .filter(events::room_id.eq_any(rooms))
            .filter(events::starts_at.lt(to))
            .filter(events::ends_at.gt(from))
            .order((events::starts_at.asc(), events::id.asc()))
            .select(Event::as_select())
            .load(conn)
    }

    pub fn participants(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
        event_participants::table
            .filter(event_participants::event_id.eq_any(ids))
            .select((event_participants::event_id, event_participants::user_id))
            .load(conn)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = polls)]
pub struct Poll {
    pub id: i64,
    pub room_id: i64,
    pub kind: String,
    pub title: String,
    pub place: String,
    pub meeting_url: String,
    pub notes: String,
    pub organiser_id: i64,
    pub created_at: NaiveDateTime,
    pub fixed_at: Option<NaiveDateTime>,
    pub event_id: Option<i64>,
    pub idempotency_key: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = poll_options)]
pub struct PollOption {
    pub id: i64,
    pub poll_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// What a poll form says: the meeting and its candidate times.
#[derive(Debug, Clone, PartialEq)]
pub struct PollData {
    pub kind: String,
    pub title: String,
    pub place: String,
    pub meeting_url: String,
    pub notes: String,
    pub options: Vec<(NaiveDateTime, NaiveDateTime)>,
}

impl Poll {
    pub fn insert(
        conn: &mut DbConnection,
        room_id: i64,
        d: &PollData,
        organiser: i64,
        key: &str,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(polls::table)
            .values((
                polls::room_id.eq(room_id),
                polls::kind.eq(&d.kind),
                polls::title.eq(&d.title),
                polls::place.eq(&d.place),
                polls::meeting_url.eq(&d.meeting_url),
                polls::notes.eq(&d.notes),
                polls::organiser_id.eq(organiser),
                polls::created_at.eq(now),
                polls::idempotency_key.eq(key),
            ))
            .execute(conn)?;
        let id = crate::db::last_insert_id(conn)?;
        for (s, e) in &d.options {
            diesel::insert_into(poll_options::table)
                .values((
                    poll_options::poll_id.eq(id),
                    poll_options::starts_at.eq(s),
                    poll_options::ends_at.eq(e),
                ))
                .execute(conn)?;
        }
        Ok(id)
    }

    /// The polls of a room not yet fixed, newest first.
    pub fn open_in_room(conn: &mut DbConnection, room_id: i64) -> QueryResult<Vec<Poll>> {
        polls::table
            .filter(polls::room_id.eq(room_id))
            .filter(polls::fixed_at.is_null())
            .order(polls::id.desc())
            .select(Poll::as_select())
            .load(conn)
    }

    pub fn options(conn: &mut DbConnection, poll_id: i64) -> QueryResult<Vec<PollOption>> {
        poll_options::table
            .filter(poll_options::poll_id.eq(poll_id))
            .order((poll_options::starts_at.asc(), poll_options::id.asc()))
            .select(PollOption::as_select())
            .load(conn)
    }

    /// (option, user, answer) of a poll's options.
    pub fn answers(
        conn: &mut DbConnection,
        options: &[i64],
    ) -> QueryResult<Vec<(i64, i64, String)>> {
        poll_answers::table
            .filter(poll_answers::option_id.eq_any(options))
            .select((
                poll_answers::option_id,
                poll_answers::user_id,
                poll_answers::answer,
            ))
            .load(conn)
    }

    /// A member's answers, replacing the earlier ones.
    pub fn answer(
        conn: &mut DbConnection,
        user_id: i64,
        answers: &[(i64, String)],
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let ids: Vec<i64> = answers.iter().map(|(o, _)| *o).collect();
        diesel::delete(
            poll_answers::table
                .filter(poll_answers::user_id.eq(user_id))
                .filter(poll_answers::option_id.eq_any(&ids)),
        )
        .execute(conn)?;
        for (option, answer) in answers {
            diesel::insert_into(poll_answers::table)
                .values((
                    poll_answers::option_id.eq(option),
                    poll_answers::user_id.eq(user_id),
                    poll_answers::answer.eq(answer),
                    poll_answers::answered_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Marks the poll fixed on its event; false if it already was.
    pub fn fix(
        conn: &mut DbConnection,
        id: i64,
        event_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(polls::table.find(id).filter(polls::fixed_at.is_null()))
            .set((
                polls::fixed_at.eq(Some(now)),
                polls::event_id.eq(Some(event_id)),
            ))
            .execute(conn)?;
        Ok(n == 1)
    }
}

room_record!(Event, events);
room_record!(Poll, polls);
