//! The middleware itself, step by step: the session the cookie names (looked up on this thread
//! where SQLite allows), the locale, the CSRF token and the checks of a state change, the unread
//! mail count of a full page, and afterwards the error pages and the cookies to set or clear.

use super::*;

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
        let body = read_body(&mut req, state.settings.http.max_body_bytes).await;
        let body = match body {
            Ok(body) => body,
            Err(e) => return Ok(error_page(req.request(), &state, e, lang, htmx)),
        };
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
            note_csrf_refusal(&state, auth.as_ref(), &ip, req.path()).await;
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
        office: Office::of_user(user),
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
