//! The calendar by month, week or list: a room's, and "my calendar" across the rooms where the
//! calendar is on; each event's place in the grid, and the open date polls.

use super::*;
use crate::http::present::calendar::{Period, calendar_view};
use crate::models::views::calendar::CalendarPage;

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
    let period = Period {
        shape,
        date,
        today,
        room: room_id,
    };
    let (start, end) = period.days();
    let (from, to) = (start_of(start), start_of(end + Days::new(1)));
    let page = state
        .load(move |conn| CalendarPage::load(conn, uid, room_id, from, to))
        .await?
        .ok_or(AppError::NotFound)?;
    state.viewed(ctx, page.views(start)).await?;
    let view = calendar_view(lang, &page, &period, &state.calendar);
    let (body, title) = match page.room() {
        Some((room, f)) => (
            maud::html! {
                (renkei_views::rooms::header(lang, &header_with_rights(lang, room, f, page.read_only, Tab::Calendar)))
                (renkei_views::calendar::calendar(&view))
            },
            format!(
                "{} — {}",
                room.name,
                t!("rooms.tab_calendar", locale = lang)
            ),
        ),
        None => (
            renkei_views::calendar::calendar(&view),
            t!("calendar.mine_title", locale = lang).into(),
        ),
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
