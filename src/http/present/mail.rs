//! 利用者間メール in words: a row of the inbox or sent box, and a message's page.

use rust_i18n::t;

use crate::http::paths;
use crate::http::present::datetime;
use crate::http::present::labels::office_label;
use crate::http::render::size_label;
use crate::models::applications::Office;
use crate::models::messages::{Folder, Listed};
use crate::models::views::message::MessagePage;

/// An office's name, from its stored code.
pub fn office_name(lang: &str, office: &str) -> String {
    Office::parse(office)
        .map(|o| office_label(lang, o))
        .unwrap_or_default()
}

/// A row of `which` box: the sender in the inbox, the addressee (a person or an office) in
/// the sent box.
pub fn row(lang: &str, which: Folder, l: Listed) -> renkei_views::mail::Row {
    let m = &l.message;
    let who = if which == Folder::Sent {
        match &m.recipient_office {
            Some(o) => office_name(lang, o),
            None => l.recipient_name.clone(),
        }
    } else {
        l.sender_name.clone()
    };
    renkei_views::mail::Row {
        href: paths::message(m.id),
        unread: which == Folder::Inbox && m.read_at.is_none(),
        who,
        subject: m.subject.clone(),
        at: datetime(lang, m.sent_at),
        files: l.files,
    }
}

/// A message's page: from, to, when, what, its files, the reply link and the application it
/// filed (for the office's clerk).
pub fn message_view(lang: &str, p: MessagePage) -> renkei_views::mail::MessageView<'_> {
    let m = p.message;
    let id = m.id;
    let to = match &m.recipient_office {
        Some(o) => office_name(lang, o),
        None => p.recipient.map(|u| u.display_name).unwrap_or_default(),
    };
    let files = p
        .files
        .iter()
        .map(|f| {
            let label = format!("{} ({})", f.file_name, size_label(f.byte_size));
            (paths::message_file(id, f.id), label)
        })
        .collect();
    let application = p.application.map(|a| {
        let label = t!(
            "mail.open_application",
            locale = lang,
            receipt = a.receipt_number
        );
        (paths::application(a.id), label.into())
    });
    renkei_views::mail::MessageView {
        lang,
        from: p.sender.map(|u| u.display_name).unwrap_or_default(),
        to,
        at: datetime(lang, m.sent_at),
        subject: m.subject,
        body: m.body,
        read: m.read_at.map(|t| datetime(lang, t)),
        files,
        reply_href: Some(format!("{}?reply={id}", paths::MAIL_NEW)),
        application,
    }
}
