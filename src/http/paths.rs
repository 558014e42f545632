//! Every path the application serves, in one place: views and redirects use these, never
//! string literals of their own.

pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
pub const SECOND_FACTOR: &str = "/login/second-factor";
pub const ACTIVATE: &str = "/activate";
pub const ENROL_TOTP: &str = "/enrol/totp";
pub const PASSWORD: &str = "/account/password";
pub const ACCOUNT: &str = "/account";
pub const SESSIONS_REVOCATION: &str = "/account/sessions/revocation";
pub const LANGUAGE: &str = "/language";
pub const LOGOUT: &str = "/logout";
pub const ADMIN_USERS: &str = "/admin/users";
pub const AUDIT: &str = "/audit";
pub const HEALTHZ: &str = "/healthz";

pub fn admin_user_stop(id: i64) -> String {
    format!("/admin/users/{id}/stop")
}

/// A path with a notice key for the page after a redirect (POST → redirect → GET).
pub fn with_notice(path: &str, notice: &str) -> String {
    format!("{path}?notice={notice}")
}

/// Only local paths may be redirect targets (no open redirect through `return_to`).
pub fn safe_return(path: &str) -> &str {
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') {
        path
    } else {
        HOME
    }
}
