//! お知らせ as its pages show them: who published one (the office), when, how many read it,
//! the answers' labels, and each recipient for the publishing office.

use rust_i18n::t;

use crate::config::Municipality;
use crate::http::paths;
use crate::http::present::datetime;
use crate::http::present::labels::{office_label, organisation_kind_label, profession_label};
use crate::models::applications::Office;
use crate::models::notices::{Listed, Notice, Recipient, answers};

/// 「S管理者（市）」 for a notice's office (its code as stored if it is no longer configured).
pub fn from(lang: &str, notice: &Notice) -> String {
    Office::parse(&notice.office).map_or_else(|| notice.office.clone(), |o| office_label(lang, o))
}

/// A notice in a list: unread marked for a reader; the read count for the publisher.
pub fn row(lang: &str, l: &Listed, publisher: bool) -> renkei_views::notices::NoticeRow {
    renkei_views::notices::NoticeRow {
        href: paths::notice(l.notice.id),
        title: l.notice.title.clone(),
        from: from(lang, &l.notice),
        at: datetime(lang, l.notice.published_at),
        unread: !publisher && l.read_at.is_none(),
        reads: publisher.then(|| reads(lang, l.read, l.recipients)),
    }
}

/// 「12 / 40 人が既読」
pub fn reads(lang: &str, read: i64, of: i64) -> String {
    t!("notices.reads", locale = lang, read = read, total = of).into()
}

/// The answers a notice asks for, with their labels.
pub fn answer_options(lang: &str, notice: &Notice) -> Vec<(String, String)> {
    answers(&notice.response)
        .iter()
        .map(|a| {
            (
                a.to_string(),
                t!(format!("notices.answers.{a}"), locale = lang).into(),
            )
        })
        .collect()
}

/// Each recipient as the publisher's table shows them: name, organisation, read, answer.
pub fn recipient_rows(lang: &str, notice: &Notice, list: &[Recipient]) -> Vec<Vec<String>> {
    let options = answer_options(lang, notice);
    list.iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.organisation.clone(),
                r.read_at
                    .map(|t| datetime(lang, t))
                    .unwrap_or_else(|| t!("notices.not_read", locale = lang).into()),
                options
                    .iter()
                    .find(|(c, _)| *c == r.answer)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// Choices of a form: (code, label).
pub type Choices = Vec<(String, String)>;

/// The organisation kinds and professions a notice may be addressed to, labelled.
pub fn audiences(lang: &str) -> (Choices, Choices) {
    let kinds = crate::models::organisations::KINDS
        .iter()
        .filter(|k| !matches!(**k, "city_office" | "association_office"))
        .map(|k| (k.to_string(), organisation_kind_label(lang, k)))
        .collect();
    let professions = crate::models::users::PROFESSIONS
        .iter()
        .filter(|p| **p != "clerk")
        .map(|p| (p.to_string(), profession_label(lang, p)))
        .collect();
    (kinds, professions)
}

/// An attachment's link text: its name and size.
pub fn file_label(f: &crate::models::files::FileInfo) -> String {
    format!(
        "{} ({})",
        f.file_name,
        crate::http::render::size_label(f.byte_size)
    )
}

/// The office's own name, for the form's lead (「市川市医師会」).
pub fn office_name(m: &Municipality, office: Office) -> String {
    m.office(office).name.clone()
}
