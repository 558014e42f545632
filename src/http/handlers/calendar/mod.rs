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

use crate::http::paths;
use crate::models::ids::{RoomId, UserId};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Days, NaiveDate};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw, rows_in};
use crate::domain::jst::{from_utc, start_of};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::errors::write_error;
use crate::http::present::calendar::{Shape, event_label, when_label};
use crate::http::present::forms::translate;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::{Tab, header, header_with_rights};
use crate::http::present::rooms::{fresh_key, kept_or_fresh_key};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::events::Event;
use crate::models::features::{Feature, Features, room_with_rights};
use crate::models::rooms::{Member, Room};
use crate::schema::users;
use crate::services::events::{self, KINDS, POLL_ROWS, kind_label};

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

/// The room (writable: open, and the viewer's カレンダー right is 閲覧・入力), its features and
/// members, for a form.
async fn form_room(
    state: &web::Data<AppState>,
    room_id: i64,
    uid: i64,
) -> Result<(Room, Features, Vec<Member>), AppError> {
    state
        .db(move |conn| {
            let (room, f) = crate::http::rights::may_write(conn, room_id, uid, Feature::Calendar)?;
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
        back: paths::room_calendar(room.id),
        key: kept_or_fresh_key(raw.get("key")),
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
        (renkei_views::rooms::header(lang, &named(header(lang, room, features, Tab::Calendar))))
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
    /// What the viewer may only read in the room (閲覧・入力権限).
    read_only: Features,
    event: Event,
    names: Vec<(i64, String)>,
    participants: Vec<i64>,
    members: Vec<Member>,
}

impl EventLoaded {
    /// Whether `uid` may change or cancel the event: its organiser, the room open, their
    /// カレンダー right 閲覧・入力, the event not cancelled.
    fn editable_by(&self, uid: i64) -> bool {
        self.room.is_open()
            && !self.read_only.has(Feature::Calendar)
            && self.event.organiser_id == uid
            && !self.event.is_cancelled()
    }
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
            let (room, features, read_only) =
                room_with_rights(conn, RoomId(room_id), UserId(uid), Feature::Calendar)?
                    .ok_or(AppError::NotFound)?;
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
                read_only,
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
        action: paths::room_polls(room.id),
        back: paths::room_calendar(room.id),
        key: kept_or_fresh_key(raw.get("key")),
        values: &values,
        errors,
        kinds: kinds(lang),
        web_meeting: features.has(Feature::WebMeeting),
        rows: rows_in(raw, "option_").max(POLL_ROWS - 1) + 1,
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &named(header(lang, room, features, Tab::Calendar))))
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
