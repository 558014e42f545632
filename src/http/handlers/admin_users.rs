//! The S管理者's account list, and stopping an account at once (guide §10: a lost device or a
//! leaked account).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::{AppState, paths, render};
use crate::models::{Role, User, UserStatus};
use crate::services::accounts::{StopOutcome, stop_account};

/// Who may list and stop accounts: the city's clerks. One rule for the list and the action.
pub const ROLES: &[Role] = &[Role::CityAdmin];

#[derive(Debug, Default, Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    pub q: String,
    pub notice: Option<String>,
}

fn status_label(lang: &str, status: UserStatus) -> String {
    match status {
        UserStatus::Pending => t!("users.status_pending", locale = lang).into(),
        UserStatus::Active => t!("users.status_active", locale = lang).into(),
        UserStatus::Stopped => t!("users.status_stopped", locale = lang).into(),
    }
}

async fn list_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    query: &str,
    status: StatusCode,
    errors: &Errors,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let me = ctx.require(ROLES)?.user.id;
    let q = query.chars().take(64).collect::<String>();
    let rows = state
        .db(move |conn| {
            let professions = crate::http::present::labels::professions_matching(&q);
            Ok(User::list_with_organisation(
                conn,
                &q,
                &professions,
                false,
                500,
            )?)
        })
        .await?;
    let lang = ctx.lang;
    let rows = rows
        .into_iter()
        .map(|(u, org)| renkei_views::admin::UserRow {
            id: u.id,
            login_id: u.login_id.clone(),
            name: u.display_name.clone(),
            organisation: org,
            profession: crate::http::present::labels::profession_label(lang, &u.profession),
            role: crate::http::present::labels::role_label(lang, u.role(), u.is_org_manager),
            status: status_label(lang, u.status()),
            stoppable: u.status() != UserStatus::Stopped && u.id != me,
            reissuable: u.status() == UserStatus::Pending,
        })
        .collect();
    let body = renkei_views::admin::users(&renkei_views::admin::UsersView {
        lang,
        csrf: &ctx.csrf,
        query,
        rows,
        can_stop: true,
        errors,
    });
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!("users.title", locale = lang),
        body,
        notice,
    ))
}

/// GET /admin/users
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(
        &ctx,
        &state,
        &q.q,
        StatusCode::OK,
        &Errors::new(),
        q.notice.as_deref(),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct StopForm {
    #[serde(default)]
    pub reason: String,
}

/// The confirmation before stopping an account: who it is, what happens, the reason.
async fn stop_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
    reason: &str,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let me = ctx.require(ROLES)?.user.id;
    let lang = ctx.lang;
    let user = state
        .db(move |conn| User::find(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    if user.id == me {
        return Err(AppError::Conflict("users.error.stop_self"));
    }
    if user.status() == UserStatus::Stopped {
        return Err(AppError::Conflict("users.error.already_stopped"));
    }
    let view = renkei_views::ui::Confirm {
        lang,
        csrf: &ctx.csrf,
        action: paths::admin_user_stop(id),
        lead: t!("users.stop_confirm", locale = lang).into(),
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
            t!("users.stop_reason", locale = lang).into(),
            reason.to_string(),
        )),
        reason_max: 200,
        errors,
        refusal: None,
        button: t!("users.stop", locale = lang).into(),
        danger: true,
        back: paths::ADMIN_USERS.to_string(),
        hidden: Vec::new(),
    };
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!("users.stop_title", locale = lang, name = user.display_name),
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
    stop_page(
        &ctx,
        &state,
        path.into_inner(),
        "",
        &Errors::new(),
        StatusCode::OK,
    )
    .await
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
    let lang = ctx.lang;
    let reason = form.into_inner().reason;
    let problem = if reason.trim().is_empty() {
        Some("form.error.required")
    } else if crate::domain::text::has_control_chars(&reason) || reason.chars().count() > 200 {
        Some("users.error.reason_invalid")
    } else {
        None
    };
    if let Some(key) = problem {
        let mut errors = Errors::new();
        errors.add("reason", t!(key, locale = lang));
        return stop_page(
            &ctx,
            &state,
            id,
            &reason,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if id == me {
        return Err(AppError::Conflict("users.error.stop_self"));
    }
    let st = state.clone();
    let actor = ctx.actor();
    let outcome = state
        .db(move |conn| {
            Ok(stop_account(
                conn,
                id,
                &reason,
                &actor,
                Some(&st.settings),
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
