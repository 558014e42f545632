//! Path constants and builders for a few routes, and the checks every redirect goes through
//! (`safe_return`, `with_notice`). Most paths are still written as literals where they are used
//! (the route table, views, presenters, mails); `python3 bench/layout.py -v` lists them. They
//! are to become typed builders in the views crate.

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

/// A path with a notice key for the page after a redirect (POST → redirect → GET); a query the
/// path has is kept and its `#fragment` stays last.
pub fn with_notice(path: &str, notice: &str) -> String {
    let (path, fragment) = match path.find('#') {
        Some(at) => path.split_at(at),
        None => (path, ""),
    };
    let joint = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joint}notice={notice}{fragment}")
}

/// Only local paths may be redirect targets (no open redirect through `return_to`): one that
/// starts with a single `/`, without backslashes or control characters (a browser drops a TAB or
/// a line break, so `/\t/evil.example` would leave the site; CR/LF could not be a header).
pub fn safe_return(path: &str) -> &str {
    let plain = path.chars().all(|c| !c.is_control() && c != '\\');
    if plain && path.starts_with('/') && !path.starts_with("//") && path.len() <= 2000 {
        path
    } else {
        HOME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_local_path_is_a_way_back() {
        assert_eq!(safe_return("/rooms/3?tab=vitals"), "/rooms/3?tab=vitals");
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/a\r\nSet-Cookie: x=1",
            "/a\u{0000}",
            "https://evil.example",
            "",
        ] {
            assert_eq!(safe_return(bad), HOME, "{bad:?}");
        }
    }

    #[test]
    fn a_notice_joins_the_query_and_keeps_the_fragment_last() {
        assert_eq!(with_notice("/mail", "sent"), "/mail?notice=sent");
        assert_eq!(
            with_notice("/rooms/3#post-9", "replied"),
            "/rooms/3?notice=replied#post-9"
        );
        assert_eq!(
            with_notice("/rooms/3?before=10#post-9", "replied"),
            "/rooms/3?before=10&notice=replied#post-9"
        );
    }
}
