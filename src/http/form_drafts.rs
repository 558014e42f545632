//! Saving a long form as a draft and resuming it: the "save as draft" button posts the form like
//! "file" does, and the handler stores what was typed (unvalidated) instead of filing it. The
//! draft is reopened with `?draft=ID` and removed once the form is filed.

use crate::http::paths;
use actix_web::{HttpResponse, web};

use crate::domain::forms::Raw;
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::{AppState, render};
use crate::models::drafts::Draft;

/// The name of the "save as draft" submit button.
pub const SAVE: &str = "save_draft";

/// If the form was posted with "save as draft", saves it and answers with the redirect back to
/// the form (`back`, which gets `?draft=ID`).
pub async fn save_if_asked(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    raw: &Raw,
    form: &str,
    purpose: &'static str,
    back: &str,
) -> Result<Option<HttpResponse>, AppError> {
    if !raw.checked(SAVE) {
        return Ok(None);
    }
    let user_id = ctx.user()?.user.id;
    let fields: Vec<(String, String)> = raw
        .0
        .iter()
        .filter(|(k, _)| k != SAVE && k != "draft_id")
        .cloned()
        .collect();
    let title: String = ["org_name", "reg_name", "room_name", "subject"]
        .iter()
        .map(|k| raw.get(k).trim())
        .find(|v| !v.is_empty())
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    let existing: Option<i64> = raw.get("draft_id").parse().ok();
    let form = form.to_string();
    let now = state.clock.now();
    let id = state
        .db(move |conn| {
            Ok(Draft::save(
                conn, user_id, existing, &form, purpose, &title, &fields, now,
            )?)
        })
        .await?;
    Ok(Some(render::redirect(
        ctx,
        &format!("{back}?draft={id}&notice=draft_saved"),
    )))
}

/// The fields of the user's draft `id`, with `draft_id` so that saving again overwrites it.
pub async fn load(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: Option<i64>,
    form: &str,
) -> Result<Option<Vec<(String, String)>>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let user_id = ctx.user()?.user.id;
    let draft = state
        .db(move |conn| Ok(Draft::find_for(conn, id, user_id)?))
        .await?
        .filter(|d| d.form == form)
        .ok_or(AppError::NotFound)?;
    let mut values = draft.values();
    values.push(("draft_id".into(), draft.id.to_string()));
    Ok(Some(values))
}

/// Once the form is filed, its draft goes.
pub async fn discard(ctx: &Ctx, state: &web::Data<AppState>, raw: &Raw) -> Result<(), AppError> {
    let Ok(id) = raw.get("draft_id").parse::<i64>() else {
        return Ok(());
    };
    let user_id = ctx.user()?.user.id;
    state
        .db(move |conn| Ok(Draft::delete_for(conn, id, user_id)?))
        .await?;
    Ok(())
}

/// The user's drafts as (href to resume, title, updated, delete action).
pub async fn listed(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    purpose: &'static str,
    href: impl Fn(&str) -> String,
) -> Result<Vec<renkei_views::form::DraftRow>, AppError> {
    let user_id = ctx.user()?.user.id;
    let lang = ctx.lang;
    let drafts = state
        .db(move |conn| Ok(Draft::list_for(conn, user_id, purpose)?))
        .await?;
    Ok(drafts
        .into_iter()
        .map(|d| renkei_views::form::DraftRow {
            href: format!("{}?draft={}", href(&d.form), d.id),
            label: format!(
                "{}{}",
                crate::http::present::labels::form_label(lang, &d.form),
                if d.title.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", d.title)
                }
            ),
            updated: crate::http::present::datetime(lang, d.updated_at),
            delete: paths::draft_deletion(d.id),
        })
        .collect())
}
