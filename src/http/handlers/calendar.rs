//! カレンダー: a room's calendar (month, week, list), "my calendar" across my rooms, events with
//! invitations (.ics), and date polls. The rule for every page and action: a current member of a
//! room whose カレンダー is switched on (`features::room_with`); my calendar lists exactly the
//! rooms that rule lets me open. Only an event's organiser changes or cancels it; only a poll's
//! organiser fixes it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use renkei_views::calendar::{Day, EventItem, Layout};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::db::DbConnection;
use crate::domain::forms::{Check, Raw, rows_in};
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

fn utc_midnight(d: NaiveDate) -> NaiveDateTime {
    crate::domain::jst::start_of(d)
}

fn jst(t: NaiveDateTime) -> NaiveDateTime {
    crate::domain::jst::from_utc(t)
}

fn day_label(lang: &str, d: NaiveDate) -> String {
    renkei_views::time::day(lang, d)
}

/// "2026/11/24（火） 14:00–15:00"
fn when_label(lang: &str, e_start: NaiveDateTime, e_end: NaiveDateTime) -> String {
    let (s, e) = (jst(e_start), jst(e_end));
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

#[allow(clippy::too_many_arguments)]
async fn calendar_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: Option<i64>,
    req: &HttpRequest,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let today = state.clock.today();
    let (shape, date) = query(req, today);
    let (start, end, earlier, later) = period(shape, date);
    let (from, to) = (utc_midnight(start), utc_midnight(end + Days::new(1)));
    let l = state
        .db(move |conn| {
            crate::db::read_tx(conn, |conn| {
                let (rooms, features) = match room_id {
                    Some(id) => {
                        let (room, f) = room_with(conn, id, uid, Feature::Calendar)?
                            .ok_or(AppError::NotFound)?;
                        (vec![room], Some(f))
                    }
                    None => (calendar_rooms(conn, uid)?, None),
                };
                let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
                let events = Event::between(conn, &ids, from, to)?;
                let eids: Vec<i64> = events.iter().map(|e| e.id).collect();
                let mine = Event::participants(conn, &eids)?
                    .into_iter()
                    .filter(|(_, u)| *u == uid)
                    .map(|(e, _)| e)
                    .collect();
                let mut polls = Vec::new();
                if let Some(id) = room_id {
                    for p in Poll::open_in_room(conn, id)? {
                        let options: Vec<i64> =
                            Poll::options(conn, p.id)?.iter().map(|o| o.id).collect();
                        let answered = Poll::answers(conn, &options)?
                            .iter()
                            .any(|(_, u, _)| *u == uid);
                        polls.push((p, answered));
                    }
                }
                Ok::<_, AppError>(Loaded {
                    rooms,
                    events,
                    mine,
                    polls,
                    features,
                })
            })
        })
        .await?;
    // A room's own calendar is a view of that room; my calendar, of each room whose events it
    // shows.
    let views = l
        .rooms
        .iter()
        .filter(|r| room_id.is_some() || l.events.iter().any(|e| e.room_id == r.id))
        .map(|r| View::in_room(r, "calendar").record("from", start))
        .collect();
    state.viewed(ctx, views).await?;
    let base = match room_id {
        Some(id) => format!("/rooms/{id}/calendar"),
        None => "/calendar".to_string(),
    };
    let href =
        |s: Shape, d: NaiveDate| format!("{base}?view={}&date={}", s.code(), d.format("%Y-%m-%d"));
    let room_name = |id: i64| {
        l.rooms
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let day = |d: NaiveDate| Day {
        label: day_label(lang, d),
        in_period: shape != Shape::Month || d.month() == date.month(),
        today: d == today,
        weekday: d.weekday().num_days_from_sunday(),
        holiday: state.calendar.holiday_name(d).map(|name| {
            if lang == "ja" {
                name.to_string()
            } else {
                t!("calendar.holiday", locale = lang).into()
            }
        }),
        events: l
            .events
            .iter()
            .filter(|e| jst(e.starts_at).date() == d)
            .map(|e| EventItem {
                href: format!("/rooms/{}/calendar/{}", e.room_id, e.id),
                time: format!(
                    "{}–{}",
                    jst(e.starts_at).format("%H:%M"),
                    jst(e.ends_at).format("%H:%M")
                ),
                label: event_label(lang, e),
                room: room_id.is_none().then(|| room_name(e.room_id)),
                cancelled: e.is_cancelled(),
                mine: l.mine.contains(&e.id),
            })
            .collect(),
    };
    let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d <= end).collect();
    let layout = match shape {
        Shape::Month => Layout::Month(
            days.chunks(7)
                .map(|w| w.iter().map(|d| day(*d)).collect())
                .collect(),
        ),
        Shape::Week => Layout::Week(days.iter().map(|d| day(*d)).collect()),
        Shape::List => Layout::List(
            days.iter()
                .map(|d| day(*d))
                .filter(|d| !d.events.is_empty())
                .collect(),
        ),
    };
    let period_label = match shape {
        Shape::Month => t!(
            "calendar.month_label",
            locale = lang,
            year = date.year(),
            month = date.month()
        )
        .to_string(),
        _ => format!(
            "{} – {}",
            renkei_views::time::date(lang, start),
            renkei_views::time::date(lang, end)
        ),
    };
    let open = room_id.is_some() && l.rooms.first().is_some_and(|r| r.is_open());
    let view = renkei_views::calendar::CalendarView {
        lang,
        period: period_label,
        nav: [
            (
                href(shape, earlier),
                t!("calendar.earlier", locale = lang).into(),
            ),
            (
                href(shape, today),
                t!("calendar.today", locale = lang).into(),
            ),
            (
                href(shape, later),
                t!("calendar.later", locale = lang).into(),
            ),
        ],
        layouts: [Shape::Month, Shape::Week, Shape::List]
            .iter()
            .map(|s| {
                (
                    href(*s, date),
                    t!(format!("calendar.layouts.{}", s.code()), locale = lang).into(),
                    *s == shape,
                )
            })
            .collect(),
        layout,
        new_event: open.then(|| format!("{base}/new?date={}", date.format("%Y-%m-%d"))),
        new_poll: room_id
            .filter(|_| open)
            .map(|id| format!("/rooms/{id}/polls/new")),
        polls: l
            .polls
            .iter()
            .map(|(p, answered)| {
                (
                    format!("/rooms/{}/polls/{}", p.room_id, p.id),
                    if p.title.is_empty() {
                        kind_label(lang, &p.kind)
                    } else {
                        format!("{}：{}", kind_label(lang, &p.kind), p.title)
                    },
                    *answered,
                )
            })
            .collect(),
    };
    let body = match (room_id, l.rooms.first(), l.features) {
        (Some(_), Some(room), Some(f)) => maud::html! {
            (renkei_views::rooms::header(lang, &header(lang, room, f, "/calendar")))
            (renkei_views::calendar::calendar(&view))
        },
        _ => renkei_views::calendar::calendar(&view),
    };
    let title = match l.rooms.first().filter(|_| room_id.is_some()) {
        Some(room) => format!(
            "{} — {}",
            room.name,
            t!("rooms.tab_calendar", locale = lang)
        ),
        None => t!("calendar.mine_title", locale = lang).into(),
    };
    Ok(render::page(ctx, state, &title, body))
}

/// GET /calendar — my calendar across my rooms.
pub async fn mine(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    calendar_page(&ctx, &state, None, &req).await
}

/// GET /rooms/{id}/calendar
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    calendar_page(&ctx, &state, Some(path.into_inner()), &req).await
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

/// GET /rooms/{id}/calendar/new
pub async fn new_event(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let (room, features, members) = form_room(&state, room_id, uid).await?;
    let (_, date) = query(&req, state.clock.today());
    let mut fields = vec![
        ("date".to_string(), date.format("%Y-%m-%d").to_string()),
        ("start".to_string(), "10:00".to_string()),
        ("end".to_string(), "11:00".to_string()),
    ];
    fields.extend(
        members
            .iter()
            .map(|m| ("participant".to_string(), m.user_id.to_string())),
    );
    Ok(event_form_page(
        &ctx,
        &state,
        &room,
        features,
        &members,
        format!("/rooms/{room_id}/calendar"),
        &Raw(fields),
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/calendar
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    let (room, features, members) = form_room(&state, room_id, uid).await?;
    let mut check = Check::default();
    let data = events::read_event(
        &raw,
        &mut check,
        &members,
        features.has(Feature::WebMeeting),
        state.clock.today(),
    );
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("kind", "rooms.error.stale_form", "");
    }
    let Some(data) = data.filter(|_| check.problems.is_empty()) else {
        return Ok(event_form_page(
            &ctx,
            &state,
            &room,
            features,
            &members,
            format!("/rooms/{room_id}/calendar"),
            &raw,
            &translate(ctx.lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            events::create_event(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                &data,
                &key,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}/calendar/{id}"),
    ))
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

/// GET /rooms/{id}/calendar/{event}
pub async fn event(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (room_id, event_id) = path.into_inner();
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let e = &l.event;
    let name = |id: i64| {
        l.names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let editable = l.room.is_open() && e.organiser_id == uid && !e.is_cancelled();
    let view = renkei_views::calendar::EventView {
        lang,
        csrf: &ctx.csrf,
        kind: kind_label(lang, &e.kind),
        title: e.title.clone(),
        when: when_label(lang, e.starts_at, e.ends_at),
        place: e.place.clone(),
        meeting_url: if l.features.has(Feature::WebMeeting) {
            e.meeting_url.clone()
        } else {
            String::new()
        },
        notes: e.notes.clone(),
        organiser: name(e.organiser_id),
        participants: l.participants.iter().map(|u| name(*u)).collect(),
        cancelled: e
            .cancelled_at
            .map(|t| crate::http::present::datetime(lang, t)),
        ics_href: format!("/rooms/{room_id}/calendar/{event_id}/ics"),
        edit_href: editable.then(|| format!("/rooms/{room_id}/calendar/{event_id}/edit")),
        cancel_href: editable.then(|| format!("/rooms/{room_id}/calendar/{event_id}/cancellation")),
        back: format!(
            "/rooms/{room_id}/calendar?view=month&date={}",
            jst(e.starts_at).format("%Y-%m-%d")
        ),
    };
    let head = named(header(lang, &l.room, l.features, "/calendar"));
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &head))
        (renkei_views::calendar::event(&view))
    };
    Ok(render::page(&ctx, &state, &event_label(lang, e), body))
}

/// The room's header on a page whose heading is not the room's name (an event, a poll, a form):
/// the room is named above its tabs.
fn named(mut h: renkei_views::rooms::Header) -> renkei_views::rooms::Header {
    h.name_in_meta = true;
    h
}

/// GET /rooms/{id}/calendar/{event}/cancellation — the confirmation: cancelling mails every
/// participant.
pub async fn confirm_cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (room_id, event_id) = path.into_inner();
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let e = &l.event;
    if !l.room.is_open() || e.organiser_id != uid || e.is_cancelled() {
        return Err(AppError::NotFound);
    }
    let names: Vec<String> = l
        .participants
        .iter()
        .filter_map(|u| l.names.iter().find(|(i, _)| i == u).map(|(_, n)| n.clone()))
        .collect();
    let errors = Errors::new();
    let view = renkei_views::ui::Confirm {
        lang,
        csrf: &ctx.csrf,
        action: format!("/rooms/{room_id}/calendar/{event_id}/cancellation"),
        lead: t!("calendar.cancel_confirm", locale = lang).into(),
        facts: vec![
            (
                t!("calendar.kind", locale = lang).into(),
                event_label(lang, e),
            ),
            (
                t!("calendar.when", locale = lang).into(),
                when_label(lang, e.starts_at, e.ends_at),
            ),
            (
                t!("calendar.participants", locale = lang).into(),
                names.join("、"),
            ),
        ],
        reason: None,
        reason_max: 0,
        errors: &errors,
        refusal: None,
        button: t!("calendar.cancel", locale = lang).into(),
        danger: true,
        back: format!("/rooms/{room_id}/calendar/{event_id}"),
        hidden: Vec::new(),
    };
    let head = named(header(lang, &l.room, l.features, "/calendar"));
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &head))
        (renkei_views::ui::confirm(&view))
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("calendar.cancel_title", locale = lang),
        body,
    ))
}

/// GET /rooms/{id}/calendar/{event}/ics — the event for one's own calendar program.
pub async fn ics(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let (room_id, event_id) = path.into_inner();
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let invitation =
        crate::services::mails::calendar_event(&state.settings, &l.room, &l.event, lang);
    Ok(render::download(
        &format!("event-{event_id}.ics"),
        "text/calendar; charset=utf-8",
        invitation.to_ics().into_bytes(),
    ))
}

/// GET /rooms/{id}/calendar/{event}/edit
pub async fn edit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, event_id) = path.into_inner();
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let e = &l.event;
    if e.organiser_id != uid || e.is_cancelled() {
        return Err(AppError::NotFound);
    }
    if !l.room.is_open() {
        return Err(AppError::Conflict("rooms.error.closed"));
    }
    let (s, en) = (jst(e.starts_at), jst(e.ends_at));
    let mut fields = vec![
        ("key".to_string(), fresh_key()),
        ("kind".to_string(), e.kind.clone()),
        ("title".to_string(), e.title.clone()),
        ("date".to_string(), s.format("%Y-%m-%d").to_string()),
        ("start".to_string(), s.format("%H:%M").to_string()),
        ("end".to_string(), en.format("%H:%M").to_string()),
        ("place".to_string(), e.place.clone()),
        ("meeting_url".to_string(), e.meeting_url.clone()),
        ("notes".to_string(), e.notes.clone()),
    ];
    fields.extend(
        l.participants
            .iter()
            .map(|u| ("participant".to_string(), u.to_string())),
    );
    Ok(event_form_page(
        &ctx,
        &state,
        &l.room,
        l.features,
        &l.members,
        format!("/rooms/{room_id}/calendar/{event_id}"),
        &Raw(fields),
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/calendar/{event} — the organiser's change; invitations follow.
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, event_id) = path.into_inner();
    let raw = Raw(form.into_inner());
    let l = load_event(&ctx, &state, room_id, event_id).await?;
    if l.event.organiser_id != uid || l.event.is_cancelled() {
        return Err(AppError::NotFound);
    }
    let mut check = Check::default();
    let data = events::read_event(
        &raw,
        &mut check,
        &l.members,
        l.features.has(Feature::WebMeeting),
        state.clock.today(),
    );
    // Without Web会議連携 the form has no URL field: the stored one is kept as it is.
    let data = data.map(|mut d| {
        if !l.features.has(Feature::WebMeeting) {
            d.meeting_url = l.event.meeting_url.clone();
        }
        d
    });
    let Some(data) = data.filter(|_| check.problems.is_empty()) else {
        return Ok(event_form_page(
            &ctx,
            &state,
            &l.room,
            l.features,
            &l.members,
            format!("/rooms/{room_id}/calendar/{event_id}"),
            &raw,
            &translate(ctx.lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    if data.starts_at == l.event.starts_at
        && data.ends_at == l.event.ends_at
        && data.kind == l.event.kind
        && data.title == l.event.title
        && data.place == l.event.place
        && data.meeting_url == l.event.meeting_url
        && data.notes == l.event.notes
        && data.participants.iter().all(|p| l.participants.contains(p))
        && l.participants.iter().all(|p| data.participants.contains(p))
    {
        // Nothing changed: no new sequence, no mail.
        return Ok(render::redirect(
            &ctx,
            &format!("/rooms/{room_id}/calendar/{event_id}"),
        ));
    }
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            events::update_event(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                event_id,
                &data,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}/calendar/{event_id}"),
    ))
}

/// POST /rooms/{id}/calendar/{event}/cancellation
pub async fn cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, event_id) = path.into_inner();
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            events::cancel_event(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                event_id,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}/calendar/{event_id}"),
    ))
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

/// GET /rooms/{id}/polls/new
pub async fn new_poll(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room, features, _) = form_room(&state, path.into_inner(), uid).await?;
    Ok(poll_form_page(
        &ctx,
        &state,
        &room,
        features,
        &Raw(vec![("kind".into(), "care_conference".into())]),
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/polls
pub async fn create_poll(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    let (room, features, _) = form_room(&state, room_id, uid).await?;
    let mut check = Check::default();
    let data = events::read_poll(
        &raw,
        &mut check,
        features.has(Feature::WebMeeting),
        state.clock.today(),
    );
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("kind", "rooms.error.stale_form", "");
    }
    let Some(data) = data.filter(|_| check.problems.is_empty()) else {
        return Ok(poll_form_page(
            &ctx,
            &state,
            &room,
            features,
            &raw,
            &translate(ctx.lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            events::create_poll(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                &data,
                &key,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}/polls/{id}"),
    ))
}

/// GET /rooms/{id}/polls/{poll}
pub async fn poll(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (room_id, poll_id) = path.into_inner();
    let (room, features, poll, options, answers, members, organiser) = state
        .db(move |conn| {
            let (room, f) =
                room_with(conn, room_id, uid, Feature::Calendar)?.ok_or(AppError::NotFound)?;
            let poll = Poll::find_in_room(conn, room_id, poll_id)?.ok_or(AppError::NotFound)?;
            let options = Poll::options(conn, poll_id)?;
            let ids: Vec<i64> = options.iter().map(|o| o.id).collect();
            let answers = Poll::answers(conn, &ids)?;
            let members = Room::members(conn, room_id)?;
            use diesel::prelude::*;
            let organiser: String = users::table
                .find(poll.organiser_id)
                .select(users::display_name)
                .first(conn)?;
            Ok((room, f, poll, options, answers, members, organiser))
        })
        .await?;
    state
        .viewed(
            &ctx,
            vec![View::in_room(&room, "poll").record("poll", poll_id)],
        )
        .await?;
    let open = room.is_open() && poll.fixed_at.is_none();
    let mark = |a: &str| match a {
        "yes" => "○",
        "maybe" => "△",
        "no" => "×",
        _ => "–",
    };
    let view = renkei_views::calendar::PollView {
        lang,
        csrf: &ctx.csrf,
        kind: kind_label(lang, &poll.kind),
        title: poll.title.clone(),
        organiser,
        notes: poll.notes.clone(),
        options: options
            .iter()
            .map(|o| {
                let of = |u: i64| {
                    answers
                        .iter()
                        .find(|(opt, who, _)| *opt == o.id && *who == u)
                        .map(|(_, _, a)| a.as_str())
                        .unwrap_or("")
                };
                let count = |what: &str| {
                    answers
                        .iter()
                        .filter(|(opt, _, a)| *opt == o.id && a == what)
                        .count()
                };
                (
                    o.id,
                    when_label(lang, o.starts_at, o.ends_at),
                    members.iter().map(|m| mark(of(m.user_id))).collect(),
                    count("yes"),
                    count("maybe"),
                )
            })
            .collect(),
        members: members.iter().map(|m| m.display_name.clone()).collect(),
        mine: options
            .iter()
            .map(|o| {
                answers
                    .iter()
                    .find(|(opt, who, _)| *opt == o.id && *who == uid)
                    .map(|(_, _, a)| a.clone())
                    .unwrap_or_default()
            })
            .collect(),
        answer_action: open.then(|| format!("/rooms/{room_id}/polls/{poll_id}/answers")),
        decide_action: (open && poll.organiser_id == uid)
            .then(|| format!("/rooms/{room_id}/polls/{poll_id}/decision")),
        fixed: poll
            .event_id
            .map(|e| format!("/rooms/{room_id}/calendar/{e}")),
        back: format!("/rooms/{room_id}/calendar"),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &named(header(lang, &room, features, "/calendar"))))
        (renkei_views::calendar::poll(&view))
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("calendar.poll_title", locale = lang),
        body,
    ))
}

/// POST /rooms/{id}/polls/{poll}/answers — my ○/△/× (option_{id} = yes | maybe | no).
pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, poll_id) = path.into_inner();
    let mut answers = Vec::new();
    for (k, v) in form.into_inner() {
        let Some(id) = k
            .strip_prefix("option_")
            .and_then(|x| x.parse::<i64>().ok())
        else {
            continue;
        };
        if !events::ANSWERS.contains(&v.as_str()) {
            return Err(AppError::BadRequest);
        }
        answers.push((id, v));
    }
    let now = state.clock.now();
    state
        .db(move |conn| {
            events::answer_poll(conn, uid, room_id, poll_id, &answers, now).map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}/polls/{poll_id}"),
    ))
}

/// POST /rooms/{id}/polls/{poll}/decision — the organiser fixes a candidate.
pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, poll_id) = path.into_inner();
    let option: i64 = Raw(form.into_inner())
        .get("option")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            events::fix_poll(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                poll_id,
                option,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}/calendar/{id}"),
    ))
}
