//! The steps of signing in that login and onboarding share: the limits on guessing, the redirect
//! to the next step with the new session cookie, the form of a one-time code.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::http::context::{Ctx, session_cookie};
use crate::http::errors::AppError;
use crate::http::{AppState, paths, render};
use crate::models::sessions::Stage;
use crate::services::auth;

/// A first sign-in step: a password or an activation code for a login id.
pub type FirstStep = fn(
    &mut crate::db::DbConnection,
    &str,
    &str,
    &auth::Origin,
    &auth::Limits,
    chrono::NaiveDateTime,
) -> Result<auth::Started, auth::LoginError>;

/// Takes a first sign-in step with `(login id, secret)`: the session it started, or the
/// message key and status of its refusal (`refused` for a wrong id or secret, the same for
/// both so that nobody learns which ids exist).
pub async fn first_step(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    step: FirstStep,
    (login_id, secret): (String, String),
    refused: &'static str,
) -> Result<Result<auth::Started, (&'static str, StatusCode)>, AppError> {
    let (st, origin) = (state.clone(), ctx.origin());
    let result = state
        .db(move |conn| {
            let now = st.clock.now();
            Ok(step(conn, &login_id, &secret, &origin, &limits(&st), now))
        })
        .await?;
    match result {
        Ok(started) => Ok(Ok(started)),
        Err(auth::LoginError::Refused) => Ok(Err((refused, StatusCode::UNAUTHORIZED))),
        Err(auth::LoginError::Throttled) => Ok(Err((
            "login.error.throttled",
            StatusCode::TOO_MANY_REQUESTS,
        ))),
        Err(auth::LoginError::Db(e)) => Err(e.into()),
    }
}

pub fn limits(state: &AppState) -> auth::Limits {
    auth::Limits {
        per_account_per_hour: state.settings.login.max_failures_per_account_per_hour,
        per_address_per_15min: state.settings.login.max_failures_per_address_per_15min,
    }
}

/// The response to a started login step: the new session cookie and a redirect to the next step.
pub fn continue_with(ctx: &Ctx, state: &AppState, started: auth::Started) -> HttpResponse {
    let next = match started.session.stage() {
        Stage::SecondFactor => paths::SECOND_FACTOR,
        Stage::EnrolTotp => paths::ENROL_TOTP,
        Stage::SetPassword => paths::PASSWORD,
        Stage::Full => paths::HOME,
    };
    continue_to(ctx, state, started, next)
}

/// Like [`continue_with`], to an explicit page.
pub fn continue_to(
    ctx: &Ctx,
    state: &AppState,
    started: auth::Started,
    next: &str,
) -> HttpResponse {
    let mut res = render::redirect(ctx, next);
    let _ = res.add_cookie(&session_cookie(state, started.token));
    res
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub code: String,
}
