//! My rooms (unread counts, last activity) and a room's 連絡帳: newest first, keyset pages,
//! the tag filter, read receipts; the page of a refused post or reply shows what was typed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::{TimelineQuery, timeline_query};
use crate::http::present::rooms::my_room;
use crate::http::present::rooms::{Tab, first_tab, header_with_rights};
use crate::http::present::timeline::{Reader, Refused, timeline_view, typed};
use crate::http::{AppState, render};
use crate::models::posts::Post;
use crate::models::rooms::Room;
use crate::models::views::timeline::{Opened, TimelinePage};
use crate::services::timeline::{self};

/// GET /rooms — the rooms I am a member of.
pub async fn mine(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (rooms, summaries) = state
        .db(move |conn| {
            let rooms = Room::of_member(conn, uid)?;
            let summaries = Post::room_summaries(conn, uid, &rooms)?;
            Ok((rooms, summaries))
        })
        .await?;
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for r in rooms {
        let (unread, last) = summaries
            .iter()
            .find(|(id, ..)| *id == r.id)
            .map(|(_, u, l)| (*u, *l))
            .unwrap_or((0, None));
        let row = my_room(lang, &r, unread, last);
        if r.is_open() {
            open.push(row);
        } else {
            closed.push(row);
        }
    }
    Ok(render::page(
        &ctx,
        &state,
        &t!("rooms.mine_title", locale = lang),
        renkei_views::rooms::my_rooms(lang, &open, &closed),
    ))
}

/// The 連絡帳 page: extract → load (the rule: a current member, the 連絡帳 on) → mark what was
/// new as read → record the view → present → render (the page, or "load more" for htmx).
pub(super) async fn timeline_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    query: TimelineQuery,
    refused: Refused,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let TimelineQuery { cursor, notice } = query;
    let user = ctx.user()?.user.clone();
    let (uid, lang, now) = (user.id, ctx.lang, state.clock.now());
    let asked = cursor.clone();
    let opened = state
        .db(move |conn| {
            let opened = TimelinePage::load(conn, uid, room_id, &asked)?;
            if let Some(Opened::Page(page)) = &opened {
                timeline::mark_opened(conn, uid, room_id, &page.unread, page.move_mark, now)?;
            }
            Ok(opened)
        })
        .await?;
    let mut page = match opened {
        Some(Opened::Page(page)) => page,
        // The 連絡帳 is switched off here: the room opens on its first tab.
        Some(Opened::SwitchedOff(room, features)) if cursor.before.is_none() => {
            return Ok(render::redirect(ctx, &first_tab(&room, features)));
        }
        _ => return Err(AppError::NotFound),
    };
    page.read_by(uid, &user.display_name, now);
    state.viewed(ctx, vec![page.view()]).await?;
    let values = typed(&refused);
    let reader = Reader {
        lang,
        csrf: &ctx.csrf,
        viewer: uid,
        cursor: &cursor,
        refused: &refused,
        values: &values,
        municipality: &state.settings.municipality,
    };
    let view = timeline_view(&page, &reader);
    Ok(render::page_or_partial_with(
        ctx,
        state,
        status,
        &page.room.name,
        notice.as_deref(),
        cursor.before.is_some(),
        || {
            maud::html! {
                (renkei_views::rooms::header(lang, &header_with_rights(lang, &page.room, page.features, page.read_only, Tab::Timeline)))
                (renkei_views::rooms::timeline(&view))
            }
        },
        || renkei_views::rooms::posts(&view),
    ))
}

/// GET /rooms/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    timeline_page(
        &ctx,
        &state,
        path.into_inner(),
        timeline_query(&req),
        Refused::default(),
        StatusCode::OK,
    )
    .await
}
