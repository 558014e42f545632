//! Logging in and out: ID + password, then the TOTP code; logout; log out everywhere.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::{Ctx, clear_session_cookie};
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::sign_in::CodeForm;
use crate::http::sign_in::limits;
use crate::http::sign_in::{continue_with, first_step};
use crate::http::{AppState, paths, render};
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::sessions::{Invalid, Session, Stage};
use crate::services::auth::{self, LoginError};

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub login_id: String,
    #[serde(default)]
    pub password: String,
}

fn ended_notice(ctx: &Ctx) -> Option<String> {
    let key = match ctx.ended? {
        Invalid::IdleTimeout => "login.ended.idle",
        Invalid::AbsoluteTimeout => "login.ended.absolute",
        Invalid::AccountStopped => "login.ended.stopped",
        Invalid::Ended | Invalid::Unknown => "login.ended.other",
    };
    Some(t!(key, locale = ctx.lang).into())
}

fn login_page(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    login_id: &str,
    errors: &Errors,
    notice: Option<&str>,
) -> HttpResponse {
    let body = renkei_views::auth::login(&renkei_views::auth::LoginView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        login_id,
        errors,
        notice: ended_notice(ctx),
    });
    render::page_with(
        ctx,
        state,
        status,
        &t!("login.title", locale = ctx.lang),
        body,
        notice,
    )
}

/// GET /login
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    if ctx.user().is_ok() {
        return Ok(render::redirect(&ctx, paths::HOME));
    }
    Ok(login_page(
        &ctx,
        &state,
        StatusCode::OK,
        "",
        &Errors::new(),
        q.notice.as_deref(),
    ))
}

/// POST /login
pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let form = form.into_inner();
    let mut errors = Errors::new();
    if form.login_id.trim().is_empty() {
        errors.add("login_id", t!("login.error.login_id_empty", locale = lang));
    }
    if form.password.is_empty() {
        errors.add("password", t!("login.error.password_empty", locale = lang));
    }
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(login_page(
            &ctx,
            &state,
            status,
            &form.login_id,
            &errors,
            None,
        ));
    }
    let asked = (form.login_id.clone(), form.password);
    let step = auth::login_with_password;
    let (key, status) = match first_step(&ctx, &state, step, asked, "login.error.refused").await? {
        Ok(started) => return Ok(continue_with(&ctx, &state, started)),
        Err(refusal) => refusal,
    };
    errors.add("login_id", t!(key, locale = lang));
    Ok(login_page(
        &ctx,
        &state,
        status,
        &form.login_id,
        &errors,
        None,
    ))
}

fn second_factor_page(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    errors: &Errors,
) -> HttpResponse {
    let body = renkei_views::auth::second_factor(&renkei_views::auth::CodeView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        errors,
    });
    render::page_with(
        ctx,
        state,
        status,
        &t!("second_factor.title", locale = ctx.lang),
        body,
        None,
    )
}

/// GET /login/second-factor
pub async fn second_factor_show(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    ctx.at_stage(Stage::SecondFactor)?;
    Ok(second_factor_page(
        &ctx,
        &state,
        StatusCode::OK,
        &Errors::new(),
    ))
}

/// POST /login/second-factor
pub async fn second_factor_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let auth_info = ctx.at_stage(Stage::SecondFactor)?.clone();
    let lang = ctx.lang;
    let mut errors = Errors::new();
    if form.code.trim().is_empty() {
        errors.add("code", t!("second_factor.error.empty", locale = lang));
        return Ok(second_factor_page(
            &ctx,
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errors,
        ));
    }
    let st = state.clone();
    let origin = ctx.origin();
    let code = form.into_inner().code;
    let result = state
        .db(move |conn| {
            Ok(auth::login_second_factor(
                conn,
                &auth_info.session,
                &auth_info.user,
                &code,
                &origin,
                &limits(&st),
                st.clock.now(),
            ))
        })
        .await?;
    match result {
        Ok(started) => Ok(continue_with(&ctx, &state, started)),
        Err(LoginError::Refused) => {
            errors.add("code", t!("second_factor.error.refused", locale = lang));
            Ok(second_factor_page(
                &ctx,
                &state,
                StatusCode::UNAUTHORIZED,
                &errors,
            ))
        }
        Err(LoginError::Throttled) => {
            errors.add("code", t!("login.error.throttled", locale = lang));
            Ok(second_factor_page(
                &ctx,
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                &errors,
            ))
        }
        Err(LoginError::Db(e)) => Err(e.into()),
    }
}

/// Nothing of the session stays on the device: entries kept offline, cached room pages and the
/// service worker go (Clear-Site-Data; assets/offline.js also wipes its own on the way out).
fn forget_device_data(res: &mut HttpResponse) {
    res.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("clear-site-data"),
        actix_web::http::header::HeaderValue::from_static("\"cache\", \"storage\""),
    );
}

/// POST /logout — ends this session.
pub async fn logout(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if let Some(auth_info) = ctx.auth.clone() {
        let st = state.clone();
        let actor = ctx.actor();
        state
            .db(move |conn| {
                let now = st.clock.now();
                crate::db::write_tx(conn, |conn| {
                    Session::end(conn, &auth_info.session.id_hash, "logout", now)?;
                    AuditRecord::append(conn, AuditEntry::new(&actor, "logout", "success"), now)?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
    let mut res = render::redirect(&ctx, &paths::with_notice(paths::LOGIN, "logged_out"));
    let _ = res.add_cookie(&clear_session_cookie(&state));
    forget_device_data(&mut res);
    Ok(res)
}

/// POST /account/sessions/revocation — "log out everywhere", this device included.
pub async fn logout_everywhere(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.user()?.user.id;
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            let now = st.clock.now();
            crate::db::write_tx(conn, |conn| {
                let n = Session::end_all_for_user(conn, user_id, "logout_everywhere", now)?;
                AuditRecord::append(
                    conn,
                    AuditEntry::new(&actor, "sessions.revoke_all", "success")
                        .detail(format!("sessions={n}")),
                    now,
                )?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    let mut res = render::redirect(
        &ctx,
        &paths::with_notice(paths::LOGIN, "logged_out_everywhere"),
    );
    let _ = res.add_cookie(&clear_session_cookie(&state));
    forget_device_data(&mut res);
    Ok(res)
}
