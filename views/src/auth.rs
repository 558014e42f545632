//! The login steps: ID and password, the second factor, the first login with the 認証コード,
//! authenticator enrolment and the new password. Password inputs use `autocomplete="off"` /
//! `new-password` semantics so browsers do not offer to store them (guide §10).

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, Field, csrf, field, with_summary};
use crate::layout::trusted_svg;

pub struct LoginView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub login_id: &'a str,
    pub errors: &'a Errors,
    pub notice: Option<String>,
}

pub fn login(v: &LoginView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if let Some(n) = &v.notice { div.notice.notice--info role="status" { p { (n) } } }
        p { (t!("login.lead", locale = lang)) }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(paths::LOGIN) novalidate {
            (csrf(v.csrf))
            (field(lang, &Field::text("login_id", t!("login.login_id", locale = lang).into(), v.login_id)
                .required().autocomplete("off").maxlength(64), v.errors))
            (field(lang, &Field::text("password", t!("login.password", locale = lang).into(), "")
                .kind("password").required().autocomplete("off").maxlength(256), v.errors))
            button.button.button--primary type="submit" { (t!("login.submit", locale = lang)) }
        }
        }))
        section.aside-box aria-labelledby="first-login-title" {
            h2 #first-login-title { (t!("login.first_time_title", locale = lang)) }
            p { (t!("login.first_time_text", locale = lang)) }
            p { a href=(paths::ACTIVATE) { (t!("login.first_time_link", locale = lang)) } }
        }
        p.small { (t!("login.shared_device_warning", locale = lang)) }
    }
}

pub struct CodeView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub errors: &'a Errors,
}

pub fn second_factor(v: &CodeView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (t!("second_factor.lead", locale = lang)) }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(paths::SECOND_FACTOR) novalidate {
            (csrf(v.csrf))
            (field(lang, &Field::text("code", t!("second_factor.code", locale = lang).into(), "")
                .required().autocomplete("one-time-code").inputmode("numeric").maxlength(12)
                .support(t!("second_factor.code_support", locale = lang).into()), v.errors))
            button.button.button--primary type="submit" { (t!("second_factor.submit", locale = lang)) }
        }
        }))
        p { a href=(paths::LOGIN) { (t!("second_factor.start_over", locale = lang)) } }
    }
}

pub struct ActivateView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub login_id: &'a str,
    pub code: &'a str,
    pub errors: &'a Errors,
}

pub fn activate(v: &ActivateView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (t!("activate.lead", locale = lang)) }
        ol.steps {
            li { (t!("activate.step1", locale = lang)) }
            li { (t!("activate.step2", locale = lang)) }
            li { (t!("activate.step3", locale = lang)) }
        }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(paths::ACTIVATE) novalidate {
            (csrf(v.csrf))
            (field(lang, &Field::text("login_id", t!("login.login_id", locale = lang).into(), v.login_id)
                .required().maxlength(64)
                .support(t!("activate.login_id_support", locale = lang).into()), v.errors))
            (field(lang, &Field::text("activation_code", t!("activate.code", locale = lang).into(), v.code)
                .required().maxlength(32)
                .support(t!("activate.code_support", locale = lang).into()), v.errors))
            button.button.button--primary type="submit" { (t!("activate.submit", locale = lang)) }
        }
        }))
        p { a href=(paths::LOGIN) { (t!("activate.back_to_login", locale = lang)) } }
    }
}

pub struct EnrolView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub qr_svg: &'a str,
    /// The `otpauth://` address: on the phone that has the app, a link adds the account.
    pub otpauth: &'a str,
    pub secret: &'a str,
    pub errors: &'a Errors,
}

pub fn enrol_totp(v: &EnrolView<'_>) -> Markup {
    let lang = v.lang;
    // Grouped in fours so it can be typed from the screen.
    let grouped: Vec<String> = v
        .secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    html! {
        p { (t!("enrol.lead", locale = lang)) }
        ol.steps {
            li { (t!("enrol.step_app", locale = lang)) }
            li {
                // On the phone that will show the codes a QR code cannot be scanned: the link
                // opens the authenticator app with the account filled in.
                p { (t!("enrol.step_phone", locale = lang)) }
                p { a.button.button--primary href=(v.otpauth) { (t!("enrol.add_to_app", locale = lang)) } }
                p { (t!("enrol.step_scan", locale = lang)) }
                figure.qr {
                    (trusted_svg(v.qr_svg))
                    figcaption { (t!("enrol.qr_caption", locale = lang)) }
                }
                p { (t!("enrol.manual_key", locale = lang)) }
                p.secret-key #totp-secret data-secret=(v.secret) { code { (grouped.join(" ")) } }
            }
            li { (t!("enrol.step_confirm", locale = lang)) }
        }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(paths::ENROL_TOTP) novalidate {
            (csrf(v.csrf))
            (field(lang, &Field::text("code", t!("second_factor.code", locale = lang).into(), "")
                .required().autocomplete("one-time-code").inputmode("numeric").maxlength(12), v.errors))
            button.button.button--primary type="submit" { (t!("enrol.submit", locale = lang)) }
        }
        }))
    }
}

pub struct PasswordView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    /// The current password is asked unless this is the first login or a forced change.
    pub ask_current: bool,
    pub errors: &'a Errors,
    pub min_length: usize,
}

pub fn password(v: &PasswordView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if !v.ask_current {
            p { (t!("password.first_time_lead", locale = lang)) }
        }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(paths::PASSWORD) novalidate {
            (csrf(v.csrf))
            @if v.ask_current {
                (field(lang, &Field::text("current_password", t!("password.current", locale = lang).into(), "")
                    .kind("password").required().autocomplete("off").maxlength(256), v.errors))
            }
            (field(lang, &Field::text("new_password", t!("password.new", locale = lang).into(), "")
                .kind("password").required().autocomplete("off").maxlength(256)
                .support(t!("password.rule", locale = lang, min = v.min_length).into()), v.errors))
            (field(lang, &Field::text("new_password_confirmation", t!("password.confirm", locale = lang).into(), "")
                .kind("password").required().autocomplete("off").maxlength(256), v.errors))
            button.button.button--primary type="submit" { (t!("password.submit", locale = lang)) }
        }
        }))
    }
}
