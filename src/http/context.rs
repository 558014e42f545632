//! The request context middleware. For every request it resolves the session (ending it when it
//! timed out or the account stopped), picks the locale, checks the CSRF token and the body size
//! of every state change, and afterwards renders error responses as Japanese (or English) pages
//! — or htmx fragments. Handlers receive the result as the [`Ctx`] extractor.

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

pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.settings.is_local_http() {
        "renkei_session"
    } else {
        "__Host-renkei_session"
    }
}

fn csrf_cookie_name(state: &AppState) -> &'static str {
    if state.settings.is_local_http() {
        "renkei_csrf"
    } else {
        "__Host-renkei_csrf"
    }
}

pub const LANG_COOKIE: &str = "renkei_lang";
/// Names the asset version a device has loaded (see `Ctx::first_visit`).
pub const ASSETS_COOKIE: &str = "renkei_assets";

/// A cookie as the house rules want it: HttpOnly, SameSite=Lax, path /, Secure unless local HTTP.
pub fn make_cookie(state: &AppState, name: &'static str, value: String) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_path(crate::http::paths::HOME);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(!state.settings.is_local_http());
    c
}

pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    make_cookie(state, session_cookie_name(state), token)
}

pub fn clear_session_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = make_cookie(state, session_cookie_name(state), String::new());
    c.set_max_age(CookieDuration::ZERO);
    c
}

fn pick_lang(req: &ServiceRequest, user: Option<&User>) -> &'static str {
    let normalise = |s: &str| -> Option<&'static str> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("ja") {
            Some("ja")
        } else if s.starts_with("en") {
            Some("en")
        } else {
            None
        }
    };
    if let Some(l) = user.and_then(|u| u.locale.as_deref()).and_then(normalise) {
        return l;
    }
    if let Some(l) = req.cookie(LANG_COOKIE).and_then(|c| normalise(c.value())) {
        return l;
    }
    // Accept-Language in the order given (q-values are rarely anything but descending).
    if let Some(al) = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    {
        for part in al.split(',') {
            let tag = part.split(';').next().unwrap_or("");
            if let Some(l) = normalise(tag) {
                return l;
            }
        }
    }
    "ja"
}

fn is_state_change(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The middleware itself (registered with `middleware::from_fn`).
pub async fn context(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered")
        .clone();
    let htmx = req.headers().contains_key("HX-Request");
    let ip = crate::http::client_addr::client_ip(&req, &state.settings.http.proxies);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(256)
        .collect::<String>();

    // 1. The session, if the cookie names a live one. Static files and the health check need
    // no session; their requests skip the lookup.
    let mut ended = None;
    let mut auth = None;
    let mut clear_cookie = false;
    let sessionless = req.path().starts_with(crate::http::paths::ASSETS_PREFIX)
        || req.path() == crate::http::paths::HEALTHZ;
    if let Some(cookie) = req
        .cookie(session_cookie_name(&state))
        .filter(|_| !sessionless)
    {
        let token = cookie.value().to_string();
        if !token.is_empty() {
            let resolved = resolve_session(&state, token).await;
            match resolved {
                Ok(Ok(a)) => auth = Some(a),
                Ok(Err(why)) => {
                    clear_cookie = true;
                    if why != Invalid::Unknown {
                        ended = Some(why);
                    }
                }
                Err(e) => return Ok(error_page(req.request(), &state, e, "ja", htmx)),
            }
        }
    }
    let lang = pick_lang(&req, auth.as_ref().map(|a| &a.user));

    // 2. The CSRF token: the session's, or for anonymous visitors a double-submit cookie.
    let anon_cookie = req
        .cookie(csrf_cookie_name(&state))
        .map(|c| c.value().to_string())
        .filter(|v| v.len() >= 16);
    let mut new_anon_cookie = None;
    let csrf = match (&auth, &anon_cookie) {
        (Some(a), _) => a.session.csrf_token.clone(),
        (None, Some(v)) => v.clone(),
        (None, None) => {
            let t = random_token();
            new_anon_cookie = Some(t.clone());
            t
        }
    };

    // 3. State changes: bounded body, valid token.
    if is_state_change(req.method()) {
        let limit = state.settings.http.max_body_bytes;
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Ok(error_page(
                req.request(),
                &state,
                AppError::PayloadTooLarge,
                lang,
                htmx,
            ));
        }
        let mut body = BytesMut::new();
        let mut payload = req.take_payload();
        while let Some(chunk) = payload.next().await {
            let chunk = match chunk {
                Ok(c) => c,
                Err(_) => {
                    return Ok(error_page(
                        req.request(),
                        &state,
                        AppError::BadRequest,
                        lang,
                        htmx,
                    ));
                }
            };
            if body.len() + chunk.len() > limit {
                return Ok(error_page(
                    req.request(),
                    &state,
                    AppError::PayloadTooLarge,
                    lang,
                    htmx,
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        let presented = presented_token(&req, &body);
        // With no session and no CSRF cookie, nothing can match: the form was not ours.
        let expected = match (&auth, &anon_cookie) {
            (Some(a), _) => Some(a.session.csrf_token.as_str()),
            (None, Some(v)) => Some(v.as_str()),
            (None, None) => None,
        };
        let ok =
            matches!((expected, presented.as_deref()), (Some(e), Some(p)) if constant_eq(e, p));
        if !ok {
            let actor = match &auth {
                Some(a) => crate::services::auth::actor_of(&a.user, &ip),
                None => Actor {
                    ip: ip.clone(),
                    ..Actor::default()
                },
            };
            // A signed-in user's refusal is one row (the session is accountable); anonymous
            // ones are counted and aggregated so a flood cannot grow the chain per request.
            let now = state.clock.now();
            let (record, closed) = if auth.is_some() {
                (crate::http::refusals::Record::First, Vec::new())
            } else {
                state.refusals.note(&ip, now)
            };
            if record == crate::http::refusals::Record::First || !closed.is_empty() {
                let st = state.clone();
                let path: String = req.path().chars().take(200).collect();
                let first = record == crate::http::refusals::Record::First;
                let _ = web::block(move || -> Result<(), AppError> {
                    let mut conn = st.pool.get()?;
                    if first {
                        AuditRecord::append(
                            &mut conn,
                            AuditEntry::new(&actor, "csrf.rejected", "refused").detail(path),
                            now,
                        )?;
                    }
                    for s in closed {
                        let who = Actor {
                            ip: s.ip,
                            ..Actor::default()
                        };
                        AuditRecord::append(
                            &mut conn,
                            AuditEntry::new(&who, "csrf.rejected", "aggregated").detail(format!(
                                "{} more since {}",
                                s.count,
                                s.since.format("%Y-%m-%d %H:%M:%S")
                            )),
                            now,
                        )?;
                    }
                    Ok(())
                })
                .await;
            }
            let mut res = error_page(req.request(), &state, AppError::Csrf, lang, htmx);
            if let Some(t) = &new_anon_cookie {
                let _ = res.response_mut().add_cookie(&make_cookie(
                    &state,
                    csrf_cookie_name(&state),
                    t.clone(),
                ));
            }
            return Ok(res);
        }
        req.set_payload(bytes_payload(body));
    }

    let full_page = req.method() == Method::GET && !htmx && !sessionless;
    let first_visit = full_page
        && req
            .cookie(ASSETS_COOKIE)
            .is_none_or(|c| c.value() != state.assets.version());
    let unread_mail = match &auth {
        Some(a) if full_page && a.session.stage() == Stage::Full => {
            unread_mail_of(&state, &a.user).await.ok()
        }
        _ => None,
    };
    let ctx = Ctx {
        lang,
        csrf,
        auth,
        ip,
        user_agent,
        htmx,
        path: req.path().to_string(),
        ended,
        first_visit,
        unread_mail,
    };
    req.extensions_mut().insert(ctx);

    let res = next.call(req).await?;
    let mut res = finish_errors(res, &state, lang, htmx);
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let Some(t) = new_anon_cookie {
        let _ = res
            .response_mut()
            .add_cookie(&make_cookie(&state, csrf_cookie_name(&state), t));
    }
    if clear_cookie {
        let _ = res.response_mut().add_cookie(&clear_session_cookie(&state));
    }
    if first_visit && is_html {
        let mut c = make_cookie(&state, ASSETS_COOKIE, state.assets.version().to_string());
        c.set_max_age(CookieDuration::days(365));
        let _ = res.response_mut().add_cookie(&c);
    }
    Ok(res)
}

/// Looks the session up. On SQLite the read runs right here: a point lookup in WAL mode never
/// waits for writers, and skipping the blocking pool is most of a page's cost. Writes (ending a
/// dead session, the once-a-minute touch) and everything on PostgreSQL go through the pool.
async fn resolve_session(
    state: &web::Data<AppState>,
    token: String,
) -> Result<Result<AuthInfo, Invalid>, AppError> {
    let timeouts = Timeouts {
        idle: chrono::TimeDelta::minutes(state.settings.session.idle_timeout_minutes),
        absolute: chrono::TimeDelta::hours(state.settings.session.absolute_timeout_hours),
    };
    let now = state.clock.now();
    let to_auth = |r: Result<(Session, User, String), Invalid>| {
        r.map(|(session, user, organisation)| AuthInfo {
            session,
            user,
            organisation,
        })
    };
    if state.inline_reads {
        let t = token.clone();
        let (verdict, follow) = state
            .read(move |conn| Ok(Session::inspect(conn, &t, &timeouts, now)?))
            .await?;
        if follow != FollowUp::Nothing {
            state
                .db(move |conn| Ok(Session::follow_up(conn, &token, follow, now)?))
                .await?;
        }
        return Ok(to_auth(verdict));
    }
    let verdict = state
        .db(move |conn| Ok(Session::resolve(conn, &token, &timeouts, now)?))
        .await?;
    Ok(to_auth(verdict))
}

/// The account's unread 利用者間メール (one indexed count; on SQLite read on this thread).
async fn unread_mail_of(state: &web::Data<AppState>, user: &User) -> Result<i64, AppError> {
    use crate::models::applications::Office;
    use crate::models::messages::{Message, Viewer};
    let viewer = Viewer {
        user_id: user.id,
        office: Office::of_role(user.role()),
    };
    if state.inline_reads {
        state
            .read(move |conn| Ok(Message::unread_count(conn, viewer)?))
            .await
    } else {
        state
            .db(move |conn| Ok(Message::unread_count(conn, viewer)?))
            .await
    }
}

fn bytes_payload(body: Bytes) -> Payload {
    Payload::from(body)
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The token from the `X-CSRF-Token` header (htmx) or the form's `csrf_token` field.
fn presented_token(req: &ServiceRequest, body: &Bytes) -> Option<String> {
    if let Some(h) = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
    {
        return Some(h.to_string());
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return url::form_urlencoded::parse(body)
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.into_owned());
    }
    if content_type.starts_with("multipart/form-data") {
        // The token is a small text part; find it without parsing file parts.
        let needle = b"name=\"csrf_token\"";
        let pos = body.windows(needle.len()).position(|w| w == needle)?;
        let rest = &body[pos..];
        let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
        let value = &rest[start..];
        let end = value.windows(2).position(|w| w == b"\r\n")?;
        return std::str::from_utf8(&value[..end]).ok().map(str::to_string);
    }
    None
}

/// Renders an error response whose body the handler left empty.
fn finish_errors(
    res: ServiceResponse<impl MessageBody + 'static>,
    state: &AppState,
    lang: &'static str,
    htmx: bool,
) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|e| match e {
            AppError::ContinueAt(p) => AppError::ContinueAt(p),
            AppError::LoginRequired => AppError::LoginRequired,
            AppError::NotFound => AppError::NotFound,
            AppError::Forbidden => AppError::Forbidden,
            AppError::Csrf => AppError::Csrf,
            AppError::PayloadTooLarge => AppError::PayloadTooLarge,
            AppError::TooManyRequests => AppError::TooManyRequests,
            AppError::BadRequest => AppError::BadRequest,
            AppError::Conflict(k) => AppError::Conflict(k),
            AppError::Unavailable => AppError::Unavailable,
            AppError::Internal(d) => AppError::Internal(d.clone()),
        });
    if let Some(e) = app_error {
        let (req, _) = res.into_parts();
        return error_page(&req, state, e, lang, htmx);
    }
    // Errors from actix itself (a form that does not parse, an oversized extractor payload).
    if res.response().error().is_some() && (status.is_client_error() || status.is_server_error()) {
        let e = match status {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            StatusCode::NOT_FOUND => AppError::NotFound,
            s if s.is_client_error() => AppError::BadRequest,
            _ => AppError::Internal(format!("{status}")),
        };
        let (req, _) = res.into_parts();
        return error_page(&req, state, e, lang, htmx);
    }
    res.map_into_boxed_body()
}

/// The response for an error: a redirect for the login cases, otherwise a page or fragment.
pub fn error_page(
    req: &HttpRequest,
    state: &AppState,
    e: AppError,
    lang: &'static str,
    htmx: bool,
) -> ServiceResponse<BoxBody> {
    let redirect = match &e {
        AppError::LoginRequired => Some(crate::http::paths::LOGIN),
        AppError::ContinueAt(p) => Some(*p),
        _ => None,
    };
    if let Some(to) = redirect {
        let res = if htmx {
            HttpResponse::Ok()
                .insert_header(("HX-Redirect", to))
                .finish()
        } else {
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to))
                .finish()
        };
        return ServiceResponse::new(req.clone(), res);
    }
    let status = e.status_code();
    let logged_in = req
        .extensions()
        .get::<Ctx>()
        .is_some_and(|c| c.auth.is_some());
    let message: String = rust_i18n::t!(e.message_key(), locale = lang).into();
    let view = renkei_views::errors::ErrorView {
        lang,
        status: status.as_u16(),
        message,
        logged_in,
    };
    let body = if htmx {
        renkei_views::errors::fragment(&view).into_string()
    } else {
        let title = renkei_views::errors::title(lang, status.as_u16());
        crate::http::render::error_shell(
            req,
            state,
            lang,
            &title,
            renkei_views::errors::body(&view),
        )
        .into_string()
    };
    let mut builder = HttpResponse::build(status);
    builder
        .content_type("text/html; charset=utf-8")
        .insert_header((header::VARY, "HX-Request"))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if htmx {
        // Let htmx swap the message in where the request was aimed.
        builder.insert_header(("HX-Reswap", "innerHTML"));
    }
    ServiceResponse::new(req.clone(), builder.body(body))
}

/// The clerk's office, or 403 for everyone else.
pub fn office_of(ctx: &Ctx) -> Result<Office, AppError> {
    let auth = ctx.user()?;
    Office::of_role(auth.user.role()).ok_or(AppError::Forbidden)
}
