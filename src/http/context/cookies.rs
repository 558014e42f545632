//! The cookies of the service: the session's and the anonymous CSRF cookie's names (`__Host-`
//! unless on local HTTP), the locale and asset-version cookies, and the house rules every
//! cookie is made with.

use super::*;

pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.settings.is_local_http() {
        "renkei_session"
    } else {
        "__Host-renkei_session"
    }
}

pub(super) fn csrf_cookie_name(state: &AppState) -> &'static str {
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
