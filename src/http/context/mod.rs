//! The request context middleware. For every request it resolves the session (ending it when it
//! timed out or the account stopped), picks the locale, checks the CSRF token and the body size
//! of every state change, and afterwards renders error responses as Japanese (or English) pages
//! — or htmx fragments. Handlers receive the result as the [`Ctx`] extractor.
//!
//! Here: `Ctx` and what it answers (the logged-in account, a role, a login step, the actor and
//! the clerk's office). The middleware itself is in `middleware`, the checks of a state change
//! in `state_change`, the cookies in `cookies`, the error responses in `error_pages`.

mod cookies;
mod error_pages;
mod middleware;
mod state_change;

use std::future::{Ready, ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use futures_util::StreamExt;

use crate::http::AppState;
use crate::http::errors::AppError;
use crate::models::applications::Office;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::sessions::{FollowUp, Invalid, Session, Stage, Timeouts, random_token};
use crate::models::{Role, User};

pub use cookies::{
    ASSETS_COOKIE, LANG_COOKIE, clear_session_cookie, make_cookie, session_cookie,
    session_cookie_name,
};
pub use error_pages::error_page;
pub use middleware::context;

use cookies::csrf_cookie_name;
use error_pages::finish_errors;
use state_change::{
    bytes_payload, constant_eq, is_state_change, note_csrf_refusal, presented_token, read_body,
};

/// The logged-in (or part-way logged-in) account of a request.
#[derive(Clone)]
pub struct AuthInfo {
    pub session: Session,
    pub user: User,
    pub organisation: String,
}

/// What every handler knows about its request.
#[derive(Clone)]
pub struct Ctx {
    pub lang: &'static str,
    /// The token that forms of this response must carry.
    pub csrf: String,
    pub auth: Option<AuthInfo>,
    pub ip: String,
    pub user_agent: String,
    pub htmx: bool,
    pub path: String,
    /// A session that ended at this request (timeout, stopped account): shown on the login page.
    pub ended: Option<Invalid>,
    /// This device has not loaded this build's assets yet (no `renkei_assets` cookie naming
    /// them): the page carries its style sheet itself, so it is drawn after one round trip.
    pub first_visit: bool,
    /// Unread 利用者間メール, for the navigation (full pages of a logged-in user only).
    pub unread_mail: Option<i64>,
}

impl Ctx {
    /// The fully logged-in account, or the step of the login still to do.
    pub fn user(&self) -> Result<&AuthInfo, AppError> {
        let auth = self.auth.as_ref().ok_or(AppError::LoginRequired)?;
        match auth.session.stage() {
            Stage::Full => Ok(auth),
            Stage::SecondFactor => Err(AppError::ContinueAt(crate::http::paths::SECOND_FACTOR)),
            Stage::EnrolTotp => Err(AppError::ContinueAt(crate::http::paths::ENROL_TOTP)),
            Stage::SetPassword => Err(AppError::ContinueAt(crate::http::paths::PASSWORD)),
        }
    }

    /// The logged-in account if it has one of `roles`; otherwise 403.
    pub fn require(&self, roles: &[Role]) -> Result<&AuthInfo, AppError> {
        let auth = self.user()?;
        if roles.contains(&auth.user.role()) {
            Ok(auth)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The session at exactly this login step.
    pub fn at_stage(&self, stage: Stage) -> Result<&AuthInfo, AppError> {
        match &self.auth {
            Some(a) if a.session.stage() == stage => Ok(a),
            Some(_) => self
                .user()
                .and(Err(AppError::ContinueAt(crate::http::paths::HOME))),
            None => Err(AppError::LoginRequired),
        }
    }

    pub fn actor(&self) -> Actor {
        match &self.auth {
            Some(a) => crate::services::auth::actor_of(&a.user, &self.ip),
            None => Actor {
                ip: self.ip.clone(),
                ..Actor::default()
            },
        }
    }

    pub fn origin(&self) -> crate::services::auth::Origin {
        crate::services::auth::Origin {
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
        }
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Ctx, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Ctx>()
                .cloned()
                .ok_or_else(|| AppError::Internal("context middleware missing".into())),
        )
    }
}

/// The clerk's office, or 403 for everyone else.
pub fn office_of(ctx: &Ctx) -> Result<Office, AppError> {
    let auth = ctx.user()?;
    Office::of_user(&auth.user).ok_or(AppError::Forbidden)
}
