//! Deleting a saved draft from the list of drafts (the owner only); saving and resuming are in
//! `http::form_drafts`, used by the forms themselves.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::{AppState, paths, render};
use crate::models::drafts::Draft;

#[derive(Debug, Deserialize)]
pub struct Back {
    #[serde(default)]
    pub back: String,
}

/// POST /drafts/{id}/deletion
pub async fn delete(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Back>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.user()?.user.id;
    let id = path.into_inner();
    let found = state
        .db(move |conn| Ok(Draft::delete_for(conn, id, user_id)?))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    let back = paths::safe_return(&form.back);
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(back, "draft_deleted"),
    ))
}
