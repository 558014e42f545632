//! What the S管理者 does to one account after confirming it with a reason: stop it at once and
//! for good, or a 再発行 after a lost device or a forgotten password (a new letter; the user
//! enrols again). A pending account's lost notice is reissued in one click.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use super::ROLES;
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::{AppState, paths, render};
use crate::models::{User, UserStatus};
use crate::services::accounts::{StopOutcome, stop_account};

#[derive(Debug, Default, Deserialize)]
pub struct StopForm {
    #[serde(default)]
    pub reason: String,
}

/// What a clerk does to an account after confirming it with a reason.
#[derive(Clone, Copy, PartialEq)]
enum Act {
    /// 利用停止: at once and for good.
    Stop,
    /// 再発行 (lost device, forgotten password): the account waits for a new letter.
    Reissue,
}

impl Act {
    fn action(self, id: i64) -> String {
        match self {
            Act::Stop => paths::admin_user_stop(id),
            Act::Reissue => paths::admin_user_reissue(id),
        }
    }
    /// Whether `me` may do this to `user`: never to oneself or a stopped account; a 再発行 only
    /// for an active one.
    fn allowed(self, user: &User, me: i64) -> Result<(), AppError> {
        if user.id == me {
            return Err(AppError::Conflict("users.error.stop_self"));
        }
        match (self, user.status()) {
            (_, UserStatus::Stopped) => Err(AppError::Conflict("users.error.already_stopped")),
            (Act::Reissue, UserStatus::Pending) => {
                Err(AppError::Conflict("users.error.not_renewable"))
            }
            _ => Ok(()),
        }
    }

    /// The locale keys of its page: title, lead, reason label, button.
    fn keys(self) -> [&'static str; 4] {
        match self {
            Act::Stop => [
                "users.stop_title",
                "users.stop_confirm",
                "users.stop_reason",
                "users.stop",
            ],
            Act::Reissue => [
                "users.renew_title",
                "users.renew_confirm",
                "users.renew_reason",
                "users.renew",
            ],
        }
    }
}

/// The confirmation before stopping an account or reissuing its credentials: who it is, what
/// happens, the reason.
async fn confirm_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    (id, act): (i64, Act),
    reason: &str,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let me = ctx.require(ROLES)?.user.id;
    let lang = ctx.lang;
    let user = state
        .db(move |conn| User::find(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    act.allowed(&user, me)?;
    let [title, lead, label, button] = act.keys();
    let view = renkei_views::ui::Confirm {
        lang,
        input: None,
        csrf: &ctx.csrf,
        action: act.action(id),
        lead: t!(lead, locale = lang).into(),
        facts: vec![
            (
                t!("account.name", locale = lang).into(),
                user.display_name.clone(),
            ),
            (
                t!("account.profession", locale = lang).into(),
                crate::http::present::labels::profession_label(lang, &user.profession),
            ),
        ],
        reason: Some((
            "reason".into(),
            t!(label, locale = lang).into(),
            reason.to_string(),
        )),
        reason_max: 200,
        errors,
        refusal: None,
        button: t!(button, locale = lang).into(),
        danger: act == Act::Stop,
        back: paths::ADMIN_USERS.to_string(),
        hidden: Vec::new(),
    };
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!(title, locale = lang, name = user.display_name),
        renkei_views::ui::confirm(&view),
        None,
    ))
}

/// GET /admin/users/{id}/stop
pub async fn confirm_stop(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let key = (path.into_inner(), Act::Stop);
    confirm_page(&ctx, &state, key, "", &Errors::new(), StatusCode::OK).await
}

/// GET /admin/users/{id}/reissue
pub async fn confirm_reissue(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let key = (path.into_inner(), Act::Reissue);
    confirm_page(&ctx, &state, key, "", &Errors::new(), StatusCode::OK).await
}

/// The reason, checked: required, no control characters, at most 200 characters. A problem
/// shows the confirmation again with what was typed.
async fn checked_reason(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    key: (i64, Act),
    reason: String,
) -> Result<Result<String, HttpResponse>, AppError> {
    let problem = if reason.trim().is_empty() {
        Some("form.error.required")
    } else if crate::domain::text::has_control_chars(&reason) || reason.chars().count() > 200 {
        Some("users.error.reason_invalid")
    } else {
        None
    };
    let Some(problem) = problem else {
        return Ok(Ok(reason));
    };
    let mut errors = Errors::new();
    errors.add("reason", t!(problem, locale = ctx.lang));
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(Err(
        confirm_page(ctx, state, key, &reason, &errors, status).await?
    ))
}

/// POST /admin/users/{id}/stop
pub async fn stop(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<StopForm>,
) -> Result<HttpResponse, AppError> {
    let me = ctx.require(ROLES)?.user.id;
    let id = path.into_inner();
    let reason =
        match checked_reason(&ctx, &state, (id, Act::Stop), form.into_inner().reason).await? {
            Ok(reason) => reason,
            Err(page) => return Ok(page),
        };
    if id == me {
        return Err(AppError::Conflict("users.error.stop_self"));
    }
    let (st, actor) = (state.clone(), ctx.actor());
    let outcome = state
        .db(move |conn| {
            let notify = Some(&*st.settings);
            Ok(stop_account(
                conn,
                id,
                &reason,
                &actor,
                notify,
                st.clock.now(),
            )?)
        })
        .await?;
    match outcome {
        StopOutcome::Stopped { .. } => Ok(render::redirect(
            &ctx,
            &paths::with_notice(paths::ADMIN_USERS, "account_stopped"),
        )),
        StopOutcome::AlreadyStopped => Err(AppError::Conflict("users.error.already_stopped")),
        StopOutcome::NotFound => Err(AppError::NotFound),
    }
}

/// POST /admin/users/{id}/reissue — a lost device or forgotten password: sessions and second
/// factors revoked at once, a new letter queued for printing.
pub async fn reissue_credentials(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<StopForm>,
) -> Result<HttpResponse, AppError> {
    let me = ctx.require(ROLES)?.user.id;
    let id = path.into_inner();
    let key = (id, Act::Reissue);
    let reason = match checked_reason(&ctx, &state, key, form.into_inner().reason).await? {
        Ok(reason) => reason,
        Err(page) => return Ok(page),
    };
    if id == me {
        return Err(AppError::Conflict("users.error.stop_self"));
    }
    let (st, actor) = (state.clone(), ctx.actor());
    let done = state
        .db(move |conn| {
            let now = st.clock.now();
            Ok(crate::services::accounts::reissue_credentials(
                conn, id, &reason, &actor, now,
            )?)
        })
        .await?;
    if done.is_none() {
        return Err(AppError::Conflict("users.error.not_renewable"));
    }
    let done = paths::with_notice(paths::ADMIN_USERS, "credentials_reissued");
    Ok(render::redirect(&ctx, &done))
}

/// POST /admin/users/{id}/notice — reissue a lost or expired アカウント発行通知.
pub async fn reissue(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let st = state.clone();
    let actor = ctx.actor();
    let done = state
        .db(move |conn| {
            Ok(crate::services::accounts::reissue_notice(
                conn,
                id,
                &actor,
                st.clock.now(),
            )?)
        })
        .await?;
    if !done {
        return Err(AppError::Conflict("users.error.not_reissuable"));
    }
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(paths::ADMIN_USERS, "notice_reissued"),
    ))
}
