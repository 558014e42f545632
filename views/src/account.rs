//! The account page: language, where one is logged in, "log out everywhere", password change.

use crate::paths;
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
            form method="post" action=(paths::LANGUAGE) {
                (csrf(v.csrf))
                input type="hidden" name="return_to" value=(paths::ACCOUNT);
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
            p { a href=(paths::PASSWORD) { (t!("account.password_link", locale = lang)) } }
            p { a href=(paths::NOTIFICATION_SETTINGS) { (t!("notifications.link", locale = lang)) } }
        }
        section.card aria-labelledby="sessions-title" {
            h2 #sessions-title { (t!("account.sessions_title", locale = lang)) }
            table.table.table--stack {
                caption { (t!("account.sessions_caption", locale = lang)) }
                thead { tr {
                    th scope="col" { (t!("account.session_started", locale = lang)) }
                    th scope="col" { (t!("account.session_last_seen", locale = lang)) }
                    th scope="col" { (t!("account.session_device", locale = lang)) }
                } }
                tbody {
                    @for s in &v.sessions {
                        tr {
                            td data-label=(t!("account.session_started", locale = lang)) { (s.started) }
                            td data-label=(t!("account.session_last_seen", locale = lang)) { (s.last_seen) @if s.current { " " strong { (t!("account.this_device", locale = lang)) } } }
                            td data-label=(t!("account.session_device", locale = lang)) { (s.device) }
                        }
                    }
                }
            }
            form method="post" action=(paths::SESSIONS_REVOCATION) {
                (csrf(v.csrf))
                p { (t!("account.logout_everywhere_text", locale = lang)) }
                button.button.button--danger type="submit" { (t!("account.logout_everywhere", locale = lang)) }
            }
        }
    }
}

/// The notification settings form.
pub fn notifications(
    lang: &str,
    csrf_token: &str,
    values: &dyn Fn(&str) -> String,
    account_email: &str,
    choices: &[(String, String)],
    errors: &crate::form::Errors,
) -> Markup {
    use crate::form::{Field, checkbox, field, with_summary};
    let posts = values("posts");
    let posts = if posts.is_empty() {
        "all".to_string()
    } else {
        posts
    };
    html! {
        p { (t!("notifications.lead", locale = lang)) }
        (with_summary(lang, errors, html! {
        form method="post" action=(paths::NOTIFICATION_SETTINGS) novalidate {
            (csrf(csrf_token))
            (field(lang, &Field::text("email", t!("notifications.email", locale = lang).into(), &values("email"))
                .kind("email").maxlength(254)
                .support(t!("notifications.email_support", locale = lang, email = account_email).into()), errors))
            (field(lang, &Field::text("current_password", t!("password.current", locale = lang).into(), "")
                .kind("password").autocomplete("current-password").maxlength(256)
                .support(t!("notifications.password_support", locale = lang).into()), errors))
            fieldset.fieldset {
                legend { (t!("notifications.posts_legend", locale = lang)) }
                @if let Some(e) = errors.for_field("posts") { p.field__error { (e) } }
                @for (value, label) in choices {
                    label.checkbox { input type="radio" name="posts" value=(value) checked[*value == posts]; " " (label) }
                }
            }
            (checkbox("digest", &t!("notifications.digest", locale = lang), !values("digest").is_empty(), errors))
            p.support { (t!("notifications.never_content", locale = lang)) }
            button.button.button--primary type="submit" { (t!("notifications.save", locale = lang)) }
        }
        }))
    }
}
