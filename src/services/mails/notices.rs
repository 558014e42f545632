//! The mail of an お知らせ: which office published one and a link — never its text (it may
//! name people; the page is behind the login).

use super::*;

/// One recipient of a notice, as the mail needs them.
pub struct NoticeReader<'a> {
    pub user_id: i64,
    pub email: &'a str,
    pub lang: &'a str,
}

/// An office published a notice for the reader: the office and a link.
pub fn notice_published(
    settings: &Settings,
    notice_id: i64,
    office: Office,
    to: &NoticeReader<'_>,
) -> JobEnvelope {
    let lang = to.lang;
    let from = &settings.municipality.office(office).name;
    mail(
        format!("mail:notice:{notice_id}:{}", to.user_id),
        to.email,
        t!(
            "notices.mail.subject",
            locale = lang,
            title = settings.municipality.system_title,
            office = from
        )
        .into(),
        t!(
            "notices.mail.body",
            locale = lang,
            office = from,
            url = link(settings, &paths::notice(notice_id))
        )
        .into(),
    )
}
