//! 閲覧履歴 (FAQ 1.8: 誰が閲覧したか): the access log read by the offices. The office that
//! administers a room sees who viewed it, and for a patient room who viewed anything about its
//! registrant (the room and the applications naming them); the S管理者 sees what one user
//! viewed. Which rooms and registrants an office may see is the rule of its room pages
//! (`Room::find_for_office`). Reading a history is itself in the audit trail.

use crate::http::paths;
use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::db::DbConnection;
use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::errors::AppError;
use crate::http::present::datetime;
use crate::http::{AppState, render};
use crate::models::access::{AccessRecord, Names, Subject};
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::rooms::{Registrant, Room};
use crate::models::{Role, User};

/// Rows a page: on a phone each is a block of seven lines.
const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct OlderQuery {
    pub before: Option<i64>,
}

/// Whose history a page shows, once the office may see it.
struct Whose {
    subject: Subject,
    title: String,
    lead: String,
    back: (String, String),
    /// The path of this page, for the older-entries link.
    path: String,
}

/// `posts:3-9` → 「投稿 3-9」: the record's kind as a label, its id as stored.
fn record_label(lang: &str, record: &str) -> String {
    match record.split_once(':') {
        Some((kind, id)) => format!(
            "{} {id}",
            t!(format!("access.records.{kind}"), locale = lang)
        ),
        None => record.to_string(),
    }
}

/// One view as the table shows it: the viewer by name and login, 職種 (or the office), labels.
fn present(lang: &str, names: &Names, r: &AccessRecord) -> renkei_views::access::AccessRow {
    let user = names.users.iter().find(|u| u.0 == r.user_id);
    let who = match user {
        Some(u) => format!("{}（{}）", u.1, u.2),
        None => r.login.clone(),
    };
    let role = match user {
        Some(u) if u.4 == Role::Professional.as_str() => {
            crate::http::present::labels::profession_label(lang, &u.3)
        }
        _ => match Role::parse(&r.role) {
            Some(role) => crate::http::present::labels::role_label(lang, role, false),
            None => r.role.clone(),
        },
    };
    renkei_views::access::AccessRow {
        at: datetime(lang, r.at),
        who,
        role,
        what: t!(format!("access.what.{}", r.what), locale = lang).into(),
        record: record_label(lang, &r.record),
        room: r
            .room_id
            .and_then(|id| names.rooms.iter().find(|x| x.0 == id))
            .map(|x| x.1.clone())
            .unwrap_or_default(),
        ip: r.ip.clone(),
    }
}

async fn history_page<F>(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    before: Option<i64>,
    whose: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConnection) -> Result<Whose, AppError> + Send + 'static,
{
    let lang = ctx.lang;
    let actor = ctx.actor();
    let st = state.clone();
    let (whose, rows, names) = state
        .db(move |conn| {
            let whose = whose(conn)?;
            let rows = AccessRecord::history(conn, whose.subject, before, PAGE)?;
            let names = Names::of(conn, &rows)?;
            let (kind, id) = match whose.subject {
                Subject::Room(id) => ("room", id),
                Subject::Registrant(id) => ("registrant", id),
                Subject::User(id) => ("user", id),
            };
            AuditRecord::append(
                conn,
                AuditEntry::new(&actor, "access.history", "success").target(kind, id),
                st.clock.now(),
            )?;
            Ok((whose, rows, names))
        })
        .await?;
    let older = (rows.len() as i64 == PAGE)
        .then(|| {
            rows.last()
                .map(|r| format!("{}?before={}", whose.path, r.seq))
        })
        .flatten();
    let rows = rows.iter().map(|r| present(lang, &names, r)).collect();
    let view = renkei_views::access::HistoryView {
        lang,
        lead: whose.lead,
        rows,
        older,
        back: whose.back,
    };
    Ok(render::page(
        ctx,
        state,
        &whose.title,
        renkei_views::access::history(&view),
    ))
}

/// GET /rooms/admin/{id}/views — who viewed this room (its office only).
pub async fn room(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<OlderQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let id = path.into_inner();
    history_page(&ctx, &state, q.before, move |conn| {
        let room = Room::find_for_office(conn, id, office.as_str())?.ok_or(AppError::NotFound)?;
        Ok(Whose {
            subject: Subject::Room(id),
            title: t!("access.title_room", locale = lang, room = room.label()).into(),
            lead: t!("access.lead_room", locale = lang, name = room.name).into(),
            back: (
                paths::room_admin(id),
                t!("access.back_room", locale = lang).into(),
            ),
            path: paths::room_admin_views(id),
        })
    })
    .await
}

/// GET /registrants/{id}/views — who viewed anything about this registrant: their room and the
/// applications that name them (the office administering their room only).
pub async fn registrant(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<OlderQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let id = path.into_inner();
    history_page(&ctx, &state, q.before, move |conn| {
        // The office's registrant (the register's rule); back to their room if they have one.
        let registrant =
            Registrant::find_for_office(conn, id, office.as_str())?.ok_or(AppError::NotFound)?;
        let back = match Room::of_registrant(conn, id)? {
            Some(room) => (
                paths::room_admin(room.id),
                t!("access.back_room", locale = lang).into(),
            ),
            None => (
                paths::registrant(id),
                t!("registers.back_registrants", locale = lang).into(),
            ),
        };
        Ok(Whose {
            subject: Subject::Registrant(id),
            title: t!(
                "access.title_registrant",
                locale = lang,
                name = registrant.name
            )
            .into(),
            lead: t!(
                "access.lead_registrant",
                locale = lang,
                name = registrant.name
            )
            .into(),
            back,
            path: paths::registrant_views(id),
        })
    })
    .await
}

/// GET /admin/users/{id}/views — what this user viewed (the S管理者).
pub async fn user(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<OlderQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(&[crate::models::Role::CityAdmin])?;
    let lang = ctx.lang;
    let id = path.into_inner();
    history_page(&ctx, &state, q.before, move |conn| {
        let user = User::find(conn, id)?.ok_or(AppError::NotFound)?;
        let who = format!("{}（{}）", user.display_name, user.login_id);
        Ok(Whose {
            subject: Subject::User(id),
            title: t!("access.title_user", locale = lang, name = user.display_name).into(),
            lead: t!("access.lead_user", locale = lang, name = who).into(),
            back: (
                paths::ADMIN_USERS.to_string(),
                t!("access.back_users", locale = lang).into(),
            ),
            path: paths::admin_user_views(id),
        })
    })
    .await
}
