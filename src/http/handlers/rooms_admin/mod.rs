//! The administrators' view of rooms: each office sees the rooms it administers (管理者: the
//! patient rooms, S管理者: the inter-professional rooms) with their current members — the
//! membership, never the content. Membership changes only through applications (form 8, the
//! room applications).

pub mod changes;
pub mod rights;

use crate::http::paths;
use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::domain::forms::Raw;
use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::errors::AppError;
use crate::http::present::rooms_admin::{admin_detail, admin_row};
use crate::http::{AppState, paging, render};
use crate::models::features::{Feature, Features};
use crate::models::rooms::Room;

#[derive(Debug, Default, serde::Deserialize)]
pub struct RoomsQuery {
    #[serde(default)]
    pub q: String,
    /// open (the default) | closed | all
    #[serde(default)]
    pub status: String,
    /// Keyset paging: the last room of the page before.
    pub after: Option<i64>,
}

/// The features `name` lists in a form; an unknown one is a 400.
pub(super) fn listed(raw: &Raw, name: &str) -> Result<Features, AppError> {
    let list: Vec<Feature> = raw
        .0
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, code)| Feature::from_code(code).ok_or(AppError::BadRequest))
        .collect::<Result<_, _>>()?;
    Ok(Features::from_list(&list))
}

/// The room `office` administers, for a change to it: not found for another office's, 409 once
/// closed.
pub(super) fn open_room_of(
    conn: &mut crate::db::DbConnection,
    id: i64,
    office: crate::models::applications::Office,
) -> Result<Room, AppError> {
    let room = Room::find_for_office(conn, id, office.as_str())?.ok_or(AppError::NotFound)?;
    if !room.is_open() {
        return Err(AppError::Conflict("rooms.error.closed"));
    }
    Ok(room)
}

/// GET /rooms/admin — the office's rooms, searched and paged (no cap).
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<RoomsQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let status = match q.status.as_str() {
        "closed" | "all" => q.status.as_str(),
        _ => "open",
    };
    let query: String = q.q.chars().take(64).collect();
    let wanted = (status != "all").then(|| status.to_string());
    let (search, after) = (query.clone(), q.after);
    let rooms = state
        .db(move |conn| {
            let filter = (wanted.as_deref(), search.as_str());
            let page = (after, paging::fetch());
            Ok(Room::list_for_office(conn, office.as_str(), filter, page)?)
        })
        .await?;
    let (rooms, next) = paging::split(rooms, |(r, _)| r.id);
    let filters = [("q", query.as_str()), ("status", status)];
    let view = renkei_views::rooms::AdminList {
        lang,
        query: &query,
        status,
        rows: rooms
            .into_iter()
            .map(|(r, n)| admin_row(lang, r, n))
            .collect(),
        more_href: next.map(|a| paging::next_href(paths::ROOMS_ADMIN, &filters, a)),
    };
    let title = t!("rooms.admin_title", locale = lang);
    let body = renkei_views::rooms::admin_list(&view);
    Ok(render::page(&ctx, &state, &title, body))
}

/// GET /rooms/admin/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<crate::http::extract::NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let id = path.into_inner();
    let (room, members, features) = state
        .db(move |conn| {
            let room =
                Room::find_for_office(conn, id, office.as_str())?.ok_or(AppError::NotFound)?;
            let members = Room::members(conn, id)?;
            let features = Features::of_room(conn, &room)?;
            Ok((room, members, features))
        })
        .await?;
    let view = admin_detail(
        lang,
        &ctx.csrf,
        &room,
        &members,
        features,
        &state.settings.rooms,
    );
    Ok(render::page_with(
        &ctx,
        &state,
        actix_web::http::StatusCode::OK,
        &format!("{} {}", t!("rooms.room", locale = lang), room.label()),
        renkei_views::rooms::admin_detail(&view),
        q.notice.as_deref(),
    ))
}

/// POST /rooms/admin/{id}/features — the office that administers a room switches its features
/// (seed 002). A switched-off feature's records are kept, hidden, until it is switched on again.
pub async fn save_features(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let uid = ctx.user()?.user.id;
    let id = path.into_inner();
    let raw = Raw(form.into_inner());
    let wanted = listed(&raw, "feature")?;
    let actor = ctx.actor();
    let st = state.clone();
    let changed = state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                let room = open_room_of(conn, id, office)?;
                let now = st.clock.now();
                let changed = Features::save(conn, &room, wanted, uid, now)?;
                if !changed.is_empty() {
                    let detail = changed
                        .iter()
                        .map(|(f, on)| format!("{}={}", f.code(), if *on { "on" } else { "off" }))
                        .collect::<Vec<_>>()
                        .join(",");
                    crate::models::AuditRecord::append(
                        conn,
                        crate::models::AuditEntry::new(&actor, "room.features", "success")
                            .target("room", id)
                            .detail(detail),
                        now,
                    )?;
                }
                Ok::<_, AppError>(changed.len())
            })
        })
        .await?;
    let notice = if changed == 0 {
        "features_unchanged"
    } else {
        "features_saved"
    };
    Ok(render::redirect(
        &ctx,
        &format!("{}?notice={notice}", paths::room_admin(id)),
    ))
}
