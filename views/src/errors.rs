//! Error pages and htmx error fragments, in the user's language, without technical detail.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

pub struct ErrorView<'a> {
    pub lang: &'a str,
    pub status: u16,
    pub message: String,
    pub logged_in: bool,
}

pub fn title(lang: &str, status: u16) -> String {
    match status {
        400 => t!("error.400.title", locale = lang).into(),
        403 => t!("error.403.title", locale = lang).into(),
        404 => t!("error.404.title", locale = lang).into(),
        413 => t!("error.413.title", locale = lang).into(),
        422 => t!("error.422.title", locale = lang).into(),
        429 => t!("error.429.title", locale = lang).into(),
        503 => t!("error.503.title", locale = lang).into(),
        _ => t!("error.500.title", locale = lang).into(),
    }
}

pub fn body(v: &ErrorView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (v.message) }
        p {
            @if v.logged_in {
                a href=(paths::HOME) { (t!("error.back_home", locale = lang)) }
            } @else {
                a href=(paths::LOGIN) { (t!("error.to_login", locale = lang)) }
            }
        }
    }
}

/// What htmx swaps in when a partial request fails.
pub fn fragment(v: &ErrorView<'_>) -> Markup {
    html! {
        div.notice.notice--warning role="alert" { p { strong { (title(v.lang, v.status)) } " " (v.message) } }
    }
}
