//! The calendar by month, week or list: a room's, and "my calendar" across the rooms where the
//! calendar is on; each event's place in the grid, and the open date polls.

use super::*;

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
    let (from, to) = (start_of(start), start_of(end + Days::new(1)));
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
            .filter(|e| from_utc(e.starts_at).date() == d)
            .map(|e| EventItem {
                href: format!("/rooms/{}/calendar/{}", e.room_id, e.id),
                time: format!(
                    "{}–{}",
                    from_utc(e.starts_at).format("%H:%M"),
                    from_utc(e.ends_at).format("%H:%M")
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
