//! The account page: language, where one is logged in, "log out everywhere", password change.

use maud::{Markup, html};
use rust_i18n::t;

use crate::form::csrf;

pub struct SessionRow {
    pub started: String,
    pub last_seen: String,
    pub device: String,
    pub current: bool,
}

pub struct AccountView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub login_id: &'a str,
    pub display_name: &'a str,
    pub organisation: &'a str,
    pub profession: String,
    pub sessions: Vec<SessionRow>,
}

pub fn account(v: &AccountView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        section.card aria-labelledby="profile-title" {
            h2 #profile-title { (t!("account.profile_title", locale = lang)) }
            dl.definition {
                dt { (t!("login.login_id", locale = lang)) } dd { (v.login_id) }
                dt { (t!("account.name", locale = lang)) } dd { (v.display_name) }
                dt { (t!("account.organisation", locale = lang)) } dd { (v.organisation) }
                dt { (t!("account.profession", locale = lang)) } dd { (v.profession) }
            }
            p.small { (t!("account.profile_change_note", locale = lang)) }
        }
        section.card aria-labelledby="language-title" {
            h2 #language-title { (t!("account.language_title", locale = lang)) }
            form method="post" action="/language" {
                (csrf(v.csrf))
                input type="hidden" name="return_to" value="/account";
                fieldset.radio-group {
                    legend { (t!("account.language_legend", locale = lang)) }
                    label { input type="radio" name="lang" value="ja" checked[lang == "ja"]; " 日本語" }
                    label { input type="radio" name="lang" value="en" checked[lang == "en"]; " English" }
                }
                button.button.button--secondary type="submit" { (t!("account.language_submit", locale = lang)) }
            }
        }
        section.card aria-labelledby="password-title" {
            h2 #password-title { (t!("account.password_title", locale = lang)) }
            p { a href="/account/password" { (t!("account.password_link", locale = lang)) } }
        }
        section.card aria-labelledby="sessions-title" {
            h2 #sessions-title { (t!("account.sessions_title", locale = lang)) }
            table.table {
                caption { (t!("account.sessions_caption", locale = lang)) }
                thead { tr {
                    th scope="col" { (t!("account.session_started", locale = lang)) }
                    th scope="col" { (t!("account.session_last_seen", locale = lang)) }
                    th scope="col" { (t!("account.session_device", locale = lang)) }
                } }
                tbody {
                    @for s in &v.sessions {
                        tr {
                            td { (s.started) }
                            td { (s.last_seen) @if s.current { " " strong { (t!("account.this_device", locale = lang)) } } }
                            td { (s.device) }
                        }
                    }
                }
            }
            form method="post" action="/account/sessions/revocation" {
                (csrf(v.csrf))
                p { (t!("account.logout_everywhere_text", locale = lang)) }
                button.button.button--danger type="submit" { (t!("account.logout_everywhere", locale = lang)) }
            }
        }
    }
}
