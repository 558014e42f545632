//! The members' 閲覧・入力権限 (guide §2: 「管理者が閲覧・入力権限を設定」): the office that
//! administers a room sets, per member and per feature, whether they may also write there or
//! only read. Every write of a feature checks it (`features::room_to_write`).

use actix_web::{HttpResponse, web};

use crate::domain::forms::Raw;
use crate::http::context::{Ctx, office_of};
use crate::http::errors::AppError;
use crate::http::{AppState, paths, render};
use crate::models::features::Features;
use crate::services::memberships;

use super::listed;

/// (member, features they may write) from the form: every `member` listed, with its ticked
/// `write_{member}` features. An unknown feature or a member that is not a number is a 400.
fn wanted(raw: &Raw) -> Result<Vec<(i64, Features)>, AppError> {
    raw.0
        .iter()
        .filter(|(k, _)| k == "member")
        .map(|(_, v)| {
            let id: i64 = v.parse().map_err(|_| AppError::BadRequest)?;
            Ok((id, listed(raw, &format!("write_{id}"))?))
        })
        .collect()
}

/// POST /rooms/admin/{id}/rights
pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let id = path.into_inner();
    let raw = Raw(form.into_inner());
    let (wanted, asked) = (wanted(&raw)?, listed(&raw, "shown")?);
    let actor = ctx.actor();
    let st = state.clone();
    let changed = state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                let room = super::open_room_of(conn, id, office)?;
                // What the form asked about and the room still has on.
                let shown = Features::of_room(conn, &room)?.and(asked);
                let now = st.clock.now();
                Ok::<_, AppError>(memberships::set_rights(
                    conn, &room, shown, &wanted, &actor, now,
                )?)
            })
        })
        .await?;
    let notice = if changed == 0 {
        "rights_unchanged"
    } else {
        "rights_saved"
    };
    Ok(render::redirect(
        &ctx,
        &format!("{}?notice={notice}", paths::room_admin(id)),
    ))
}
