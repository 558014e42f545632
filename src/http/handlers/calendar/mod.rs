//! カレンダー: a room's calendar (month, week, list), "my calendar" across my rooms, events with
//! invitations (.ics), and date polls. The rule for every page and action: a current member of a
//! room whose カレンダー is switched on (`features::room_with`); my calendar lists exactly the
//! rooms that rule lets me open. Only an event's organiser changes or cancels it; only a poll's
//! organiser fixes it.

//!
//! One file per page or action: `browse` (the calendar views), `event`, `polls`; the helpers
//! they share are here.

mod browse;
mod event;
mod polls;

pub use browse::{mine, show};
pub use event::{cancel, confirm_cancel, create, edit, event, ics, new_event, update};
pub use polls::{answer, create_poll, decide, new_poll, poll};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use renkei_views::calendar::{Day, EventItem, Layout};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::db::DbConnection;
use crate::domain::forms::{Check, Raw, rows_in};
use crate::domain::jst::{from_utc, start_of};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::errors::write_error;
use crate::http::present::forms::translate;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::fresh_key;
use crate::http::present::rooms::header;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::events::{Event, Poll};
use crate::models::features::{Feature, Features, room_with};
use crate::models::rooms::{Member, Room};
use crate::schema::users;
use crate::services::events::{self, KINDS, POLL_ROWS, kind_label};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Month,
    Week,
    List,
}

impl Shape {
    fn code(self) -> &'static str {
        match self {
            Shape::Month => "month",
            Shape::Week => "week",
            Shape::List => "list",
        }
    }
}

const LIST_DAYS: u64 = 60;

fn query(req: &HttpRequest, today: NaiveDate) -> (Shape, NaiveDate) {
    let mut shape = Shape::Month;
    let mut date = today;
    for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
        match k.as_ref() {
            "view" => {
                shape = match v.as_ref() {
                    "week" => Shape::Week,
                    "list" => Shape::List,
                    _ => Shape::Month,
                }
            }
            "date" => {
                // Years far from now would overflow the period arithmetic: today instead.
                if let Ok(d) = NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    && (1900..=2200).contains(&d.year())
                {
                    date = d;
                }
            }
            _ => {}
        }
    }
    (shape, date)
}

fn sunday_on_or_before(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_sunday()))
}

/// The days shown, the period's first day (for navigation), the earlier and the later period.
fn period(shape: Shape, date: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate, NaiveDate) {
    match shape {
        Shape::Month => {
            let first = date.with_day(1).unwrap_or(date);
            let last = first + Months::new(1) - Days::new(1);
            let start = sunday_on_or_before(first);
            let end = sunday_on_or_before(last) + Days::new(6);
            (start, end, first - Months::new(1), first + Months::new(1))
        }
        Shape::Week => {
            let start = sunday_on_or_before(date);
            (
                start,
                start + Days::new(6),
                start - Days::new(7),
                start + Days::new(7),
            )
        }
        Shape::List => (
            date,
            date + Days::new(LIST_DAYS - 1),
            date - Days::new(LIST_DAYS),
            date + Days::new(LIST_DAYS),
        ),
    }
}

fn day_label(lang: &str, d: NaiveDate) -> String {
    renkei_views::time::day(lang, d)
}

/// "2026/11/24（火） 14:00–15:00"
fn when_label(lang: &str, e_start: NaiveDateTime, e_end: NaiveDateTime) -> String {
    let (s, e) = (from_utc(e_start), from_utc(e_end));
    format!(
        "{} {}–{}",
        renkei_views::time::date(lang, s.date()),
        renkei_views::time::clock(s),
        renkei_views::time::clock(e)
    )
}

fn event_label(lang: &str, e: &Event) -> String {
    if e.title.is_empty() {
        kind_label(lang, &e.kind)
    } else {
        format!("{}：{}", kind_label(lang, &e.kind), e.title)
    }
}

/// The rooms whose calendars I may see: my rooms with the カレンダー on.
fn calendar_rooms(conn: &mut DbConnection, uid: i64) -> Result<Vec<Room>, AppError> {
    let mut out = Vec::new();
    for room in Room::of_member(conn, uid)? {
        if Features::of_room(conn, &room)?.has(Feature::Calendar) {
            out.push(room);
        }
    }
    Ok(out)
}

struct Loaded {
    rooms: Vec<Room>,
    events: Vec<Event>,
    mine: Vec<i64>,
    polls: Vec<(Poll, bool)>,
    features: Option<Features>,
}

fn kinds(lang: &str) -> Vec<(String, String)> {
    KINDS
        .iter()
        .map(|k| (k.to_string(), kind_label(lang, k)))
        .collect()
}

fn member_name(lang: &str, m: &Member) -> String {
    let role = team_role_label(lang, &m.team_role);
    if role.is_empty() {
        m.display_name.clone()
    } else {
        format!("{}（{role}）", m.display_name)
    }
}

/// The room (writable: open), its features and members, for a form.
async fn form_room(
    state: &web::Data<AppState>,
    room_id: i64,
    uid: i64,
) -> Result<(Room, Features, Vec<Member>), AppError> {
    state
        .db(move |conn| {
            let (room, f) =
                room_with(conn, room_id, uid, Feature::Calendar)?.ok_or(AppError::NotFound)?;
            if !room.is_open() {
                return Err(AppError::Conflict("rooms.error.closed"));
            }
            let members = Room::members(conn, room_id)?;
            Ok((room, f, members))
        })
        .await
}

#[allow(clippy::too_many_arguments)]
fn event_form_page(
    ctx: &Ctx,
    state: &AppState,
    room: &Room,
    features: Features,
    members: &[Member],
    action: String,
    raw: &Raw,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang;
    let values = |n: &str| raw.get(n).to_string();
    let chosen: Vec<i64> = raw
        .0
        .iter()
        .filter(|(k, _)| k == "participant")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let form = renkei_views::calendar::EventForm {
        lang,
        csrf: &ctx.csrf,
        action,
        back: format!("/rooms/{}/calendar", room.id),
        key: if raw.get("key").is_empty() {
            fresh_key()
        } else {
            raw.get("key").to_string()
        },
        values: &values,
        errors,
        kinds: kinds(lang),
        web_meeting: features.has(Feature::WebMeeting),
        members: members
            .iter()
            .map(|m| (m.user_id, member_name(lang, m), chosen.contains(&m.user_id)))
            .collect(),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &named(header(lang, room, features, "/calendar"))))
        (renkei_views::calendar::event_form(&form))
    };
    render::page_with(
        ctx,
        state,
        status,
        &t!("calendar.event_form_title", locale = lang),
        body,
        None,
    )
}

struct EventLoaded {
    room: Room,
    features: Features,
    event: Event,
    names: Vec<(i64, String)>,
    participants: Vec<i64>,
    members: Vec<Member>,
}

/// The event if the request's user may see it (a member of its room with the カレンダー on).
async fn load_event(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    event_id: i64,
) -> Result<EventLoaded, AppError> {
    let uid = ctx.user()?.user.id;
    let l = state
        .db(move |conn| {
            let (room, features) =
                room_with(conn, room_id, uid, Feature::Calendar)?.ok_or(AppError::NotFound)?;
            let event = Event::find_in_room(conn, room_id, event_id)?.ok_or(AppError::NotFound)?;
            let participants: Vec<i64> = Event::participants(conn, &[event_id])?
                .into_iter()
                .map(|(_, u)| u)
                .collect();
            let mut ids = participants.clone();
            ids.push(event.organiser_id);
            use diesel::prelude::*;
            let names = users::table
                .filter(users::id.eq_any(&ids))
                .select((users::id, users::display_name))
                .load(conn)?;
            let members = Room::members(conn, room_id)?;
            Ok(EventLoaded {
                room,
                features,
                event,
                names,
                participants,
                members,
            })
        })
        .await?;
    Ok(l)
}

/// [`load_event`] for a page that shows it: the view recorded.
async fn shown_event(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    event_id: i64,
) -> Result<EventLoaded, AppError> {
    let l = load_event(ctx, state, room_id, event_id).await?;
    state
        .viewed(
            ctx,
            vec![View::in_room(&l.room, "event").record("event", event_id)],
        )
        .await?;
    Ok(l)
}

/// The room's header on a page whose heading is not the room's name (an event, a poll, a form):
/// the room is named above its tabs.
fn named(mut h: renkei_views::rooms::Header) -> renkei_views::rooms::Header {
    h.name_in_meta = true;
    h
}

fn poll_form_page(
    ctx: &Ctx,
    state: &AppState,
    room: &Room,
    features: Features,
    raw: &Raw,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang;
    let values = |n: &str| raw.get(n).to_string();
    let form = renkei_views::calendar::PollForm {
        lang,
        csrf: &ctx.csrf,
        action: format!("/rooms/{}/polls", room.id),
        back: format!("/rooms/{}/calendar", room.id),
        key: if raw.get("key").is_empty() {
            fresh_key()
        } else {
            raw.get("key").to_string()
        },
        values: &values,
        errors,
        kinds: kinds(lang),
        web_meeting: features.has(Feature::WebMeeting),
        rows: rows_in(raw, "option_").max(POLL_ROWS - 1) + 1,
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &named(header(lang, room, features, "/calendar"))))
        (renkei_views::calendar::poll_form(&form))
    };
    render::page_with(
        ctx,
        state,
        status,
        &t!("calendar.new_poll", locale = lang),
        body,
        None,
    )
}
