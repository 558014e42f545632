//! The mails about the reader's own account: a 利用者間メール arrived, failed logins, the
//! password changed.

use super::*;

/// 利用者間メール arrived: no subject, no content, no names — a link.
pub fn message_arrived(settings: &Settings, to: &User, message_id: i64) -> JobEnvelope {
    let lang = to.language();
    mail(
        format!("mail:message:{message_id}:{}", to.id),
        &to.email,
        t!(
            "mail.arrived.subject",
            locale = lang,
            title = settings.municipality.system_title
        )
        .into(),
        t!(
            "mail.arrived.body",
            locale = lang,
            url = link(settings, &paths::message(message_id))
        )
        .into(),
    )
}

/// Someone failed to log in to this account `failures` times within the hour: said once an
/// hour, without the address or the time of day.
pub fn login_failures(user: &User, failures: i64, now: NaiveDateTime) -> JobEnvelope {
    let lang = user.language();
    let hour = now.and_utc().timestamp() / 3600;
    mail(
        format!("mail:login-failures:{}:{hour}", user.id),
        &user.email,
        t!("mail.login_failures.subject", locale = lang).into(),
        t!("mail.login_failures.body", locale = lang, count = failures).into(),
    )
}

/// The password was changed: nothing beyond the address it goes to.
pub fn password_changed(user: &User, now: NaiveDateTime) -> JobEnvelope {
    let lang = user.language();
    mail(
        format!("mail:password-changed:{}:{}", user.id, micros(now)),
        &user.email,
        t!("mail.password_changed.subject", locale = lang).into(),
        t!("mail.password_changed.body", locale = lang).into(),
    )
}
