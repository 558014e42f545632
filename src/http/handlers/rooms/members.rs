//! 担当者一覧: a room's current members with their team roles and organisations.

use crate::models::ids::{RoomId, UserId};
use actix_web::{HttpResponse, web};

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::{Tab, header};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::features::Features;
use crate::models::rooms::{Member, Room};
use crate::schema::{organisations, users};

/// GET /rooms/{id}/members
pub async fn members(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let room_id = path.into_inner();
    let (room, features, rows) = state
        .db(move |conn| {
            use diesel::prelude::*;
            let room =
                Room::membership(conn, RoomId(room_id), UserId(uid))?.ok_or(AppError::NotFound)?;
            let features = Features::of_room(conn, &room)?;
            let members = Room::members(conn, room_id)?;
            let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
            let orgs: Vec<(i64, String)> = users::table
                .inner_join(organisations::table)
                .filter(users::id.eq_any(&ids))
                .select((users::id, organisations::name))
                .load(conn)?;
            let rows: Vec<(Member, String)> = members
                .into_iter()
                .map(|m| {
                    let org = orgs
                        .iter()
                        .find(|(i, _)| *i == m.user_id)
                        .map(|(_, o)| o.clone())
                        .unwrap_or_default();
                    (m, org)
                })
                .collect();
            Ok((room, features, rows))
        })
        .await?;
    state
        .viewed(&ctx, vec![View::in_room(&room, "members")])
        .await?;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(m, org)| {
            vec![
                m.display_name.clone(),
                org.clone(),
                crate::http::present::labels::profession_label(lang, &m.profession),
                team_role_label(lang, &m.team_role),
            ]
        })
        .collect();
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, &room, features, Tab::Members)))
        (renkei_views::rooms::members(lang, &crate::http::present::rooms::membership_rule(lang, &room), &rows))
    };
    Ok(render::page(&ctx, &state, &room.name, body))
}
