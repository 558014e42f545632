//! The steps of signing in that login and onboarding share: the limits on guessing, the redirect
//! to the next step with the new session cookie, the form of a one-time code.

use actix_web::HttpResponse;
use serde::Deserialize;

use crate::http::context::{Ctx, session_cookie};
use crate::http::{AppState, paths, render};
use crate::models::sessions::Stage;
use crate::services::auth;

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
