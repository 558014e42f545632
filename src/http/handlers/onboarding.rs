//! The first login: the 認証コード from the paper notice, then an authenticator app (TOTP), then
//! a password of one's own. Also the ordinary password change.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::sign_in::continue_to;
use crate::http::sign_in::{continue_with, first_step};
use crate::http::{AppState, paths, render};
use crate::models::sessions::Stage;
use crate::services::auth::{self, LoginError, PasswordProblem};

#[derive(Debug, Default, Deserialize)]
pub struct ActivateForm {
    #[serde(default)]
    pub login_id: String,
    #[serde(default)]
    pub activation_code: String,
}

fn activate_page(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    form: &ActivateForm,
    errors: &Errors,
) -> HttpResponse {
    let body = renkei_views::auth::activate(&renkei_views::auth::ActivateView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        login_id: &form.login_id,
        code: &form.activation_code,
        errors,
    });
    render::page_with(
        ctx,
        state,
        status,
        &t!("activate.title", locale = ctx.lang),
        body,
        None,
    )
}

/// GET /activate
pub async fn activate_show(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if ctx.user().is_ok() {
        return Ok(render::redirect(&ctx, paths::HOME));
    }
    Ok(activate_page(
        &ctx,
        &state,
        StatusCode::OK,
        &ActivateForm::default(),
        &Errors::new(),
    ))
}

/// POST /activate
pub async fn activate_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<ActivateForm>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let form = form.into_inner();
    let mut errors = Errors::new();
    if form.login_id.trim().is_empty() {
        errors.add("login_id", t!("login.error.login_id_empty", locale = lang));
    }
    if form.activation_code.trim().is_empty() {
        errors.add(
            "activation_code",
            t!("activate.error.code_empty", locale = lang),
        );
    }
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(activate_page(&ctx, &state, status, &form, &errors));
    }
    let asked = (form.login_id.clone(), form.activation_code.clone());
    let step = auth::login_with_activation_code;
    let (key, status) =
        match first_step(&ctx, &state, step, asked, "activate.error.refused").await? {
            Ok(started) => return Ok(continue_with(&ctx, &state, started)),
            Err(refusal) => refusal,
        };
    errors.add("activation_code", t!(key, locale = lang));
    Ok(activate_page(&ctx, &state, status, &form, &errors))
}

fn qr_svg(url: &str, label: &str) -> String {
    use qrcode::render::svg;
    let Ok(code) = qrcode::QrCode::new(url.as_bytes()) else {
        return String::new();
    };
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(180, 180)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg").unwrap_or(0);
    let label = maud::html! { (label) }.into_string();
    svg.get(start..).unwrap_or(&svg).replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    )
}

async fn enrol_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    status: StatusCode,
    errors: &Errors,
) -> Result<HttpResponse, AppError> {
    let auth_info = ctx.at_stage(Stage::EnrolTotp)?.clone();
    let st = state.clone();
    let user = auth_info.user.clone();
    let secret = state
        .db(move |conn| Ok(auth::enrolment_secret(conn, &user, st.clock.now())?))
        .await?;
    let issuer = if ctx.lang == "en" {
        &state.settings.municipality.system_title_en
    } else {
        &state.settings.municipality.system_title
    };
    let url = auth::totp_url(&secret, &auth_info.user.login_id, issuer);
    let svg = qr_svg(&url, &t!("enrol.qr_label", locale = ctx.lang));
    let body = renkei_views::auth::enrol_totp(&renkei_views::auth::EnrolView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        qr_svg: &svg,
        otpauth: &url,
        secret: &secret,
        errors,
    });
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!("enrol.title", locale = ctx.lang),
        body,
        None,
    ))
}

/// GET /enrol/totp
pub async fn enrol_show(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    enrol_page(&ctx, &state, StatusCode::OK, &Errors::new()).await
}

/// POST /enrol/totp
pub async fn enrol_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<crate::http::sign_in::CodeForm>,
) -> Result<HttpResponse, AppError> {
    let auth_info = ctx.at_stage(Stage::EnrolTotp)?.clone();
    let lang = ctx.lang;
    let mut errors = Errors::new();
    if form.code.trim().is_empty() {
        errors.add("code", t!("second_factor.error.empty", locale = lang));
        return enrol_page(&ctx, &state, StatusCode::UNPROCESSABLE_ENTITY, &errors).await;
    }
    let st = state.clone();
    let origin = ctx.origin();
    let code = form.into_inner().code;
    let result = state
        .db(move |conn| {
            Ok(auth::confirm_enrolment(
                conn,
                &auth_info.session,
                &auth_info.user,
                &code,
                &origin,
                st.clock.now(),
            ))
        })
        .await?;
    match result {
        Ok(started) => Ok(continue_with(&ctx, &state, started)),
        Err(LoginError::Refused) | Err(LoginError::Throttled) => {
            errors.add("code", t!("enrol.error.refused", locale = lang));
            enrol_page(&ctx, &state, StatusCode::UNPROCESSABLE_ENTITY, &errors).await
        }
        Err(LoginError::Db(e)) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub new_password_confirmation: String,
}

/// The session allowed to change the password: fully logged in, or at the forced step.
fn password_session(ctx: &Ctx) -> Result<(&crate::http::context::AuthInfo, bool), AppError> {
    match &ctx.auth {
        Some(a) if a.session.stage() == Stage::SetPassword => Ok((a, false)),
        _ => Ok((ctx.user()?, true)),
    }
}

fn password_page(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    ask_current: bool,
    errors: &Errors,
) -> HttpResponse {
    let body = renkei_views::auth::password(&renkei_views::auth::PasswordView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        ask_current,
        errors,
        min_length: auth::PASSWORD_MIN,
    });
    render::page_with(
        ctx,
        state,
        status,
        &t!("password.title", locale = ctx.lang),
        body,
        None,
    )
}

/// GET /account/password
pub async fn password_show(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (_, ask_current) = password_session(&ctx)?;
    Ok(password_page(
        &ctx,
        &state,
        StatusCode::OK,
        ask_current,
        &Errors::new(),
    ))
}

/// POST /account/password
pub async fn password_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let (auth_info, ask_current) = password_session(&ctx)?;
    let auth_info = auth_info.clone();
    let form = form.into_inner();
    let st = state.clone();
    let origin = ctx.origin();
    let result = state
        .db(move |conn| {
            let current = ask_current.then_some(form.current_password.as_str());
            Ok(auth::change_password(
                conn,
                &auth_info.session,
                &auth_info.user,
                current,
                &form.new_password,
                &form.new_password_confirmation,
                &origin,
                st.clock.now(),
            )?)
        })
        .await?;
    match result {
        Ok(Some(started)) => {
            let welcome = paths::with_notice(paths::HOME, "welcome");
            Ok(continue_to(&ctx, &state, started, &welcome))
        }
        Ok(None) => {
            let changed = paths::with_notice(paths::ACCOUNT, "password_changed");
            Ok(render::redirect(&ctx, &changed))
        }
        Err(problem) => {
            let errors = password_errors(ctx.lang, problem);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(password_page(&ctx, &state, status, ask_current, &errors))
        }
    }
}

/// A refused password under the field it is about.
fn password_errors(lang: &str, problem: PasswordProblem) -> Errors {
    let field = match problem {
        PasswordProblem::CurrentWrong | PasswordProblem::SameAsCurrent => "current_password",
        PasswordProblem::Mismatch => "new_password_confirmation",
        _ => "new_password",
    };
    let mut errors = Errors::new();
    let message = t!(
        problem.message_key(),
        locale = lang,
        min = auth::PASSWORD_MIN
    );
    errors.add(field, message);
    errors
}
