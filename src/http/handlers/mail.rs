//! 利用者間メール: inbox, sent box, reading (marks read), composing to a person or to an office,
//! attachments. Every list and every message page goes through `Message::find_visible` /
//! `Message::list`, which share one rule.

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::domain::forms::{Check, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::multipart::checked_files;
use crate::http::present::datetime;
use crate::http::present::forms::translate;
use crate::http::present::labels::office_label;
use crate::http::{AppState, render};
use crate::models::User;
use crate::models::applications::{Application, Office};
use crate::models::files::StoredFile;
use crate::models::messages::{Folder, Message, Recipient, Viewer};
use crate::services::messages::{Outgoing, send};

fn office_name(lang: &str, office: &str) -> String {
    Office::parse(office)
        .map(|o| office_label(lang, o))
        .unwrap_or_default()
}

async fn folder(
    ctx: Ctx,
    state: web::Data<AppState>,
    which: Folder,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let viewer = Viewer::of(&user);
    let lang = ctx.lang;
    let (rows, unread) = state
        .db(move |conn| {
            Ok((
                Message::list(conn, viewer, which, 300)?,
                Message::unread_count(conn, viewer)?,
            ))
        })
        .await?;
    let view = renkei_views::mail::ListView {
        lang,
        sent: which == Folder::Sent,
        unread,
        can_submit_forms: !user.is_clerk(),
        rows: rows
            .into_iter()
            .map(|l| {
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
            })
            .collect(),
    };
    let title = t!(
        if which == Folder::Sent {
            "mail.sent_title"
        } else {
            "mail.title"
        },
        locale = lang
    );
    Ok(render::page_with(
        &ctx,
        &state,
        StatusCode::OK,
        &title,
        renkei_views::mail::list(&view),
        notice.as_deref(),
    ))
}

/// GET /mail
pub async fn inbox(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    folder(ctx, state, Folder::Inbox, q.into_inner().notice).await
}

/// GET /mail/sent
pub async fn sent(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    folder(ctx, state, Folder::Sent, q.into_inner().notice).await
}

/// GET /mail/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let viewer = Viewer::of(&user);
    let lang = ctx.lang;
    let id = path.into_inner();
    let now = state.clock.now();
    let (m, sender, recipient, files, application) = state
        .db(move |conn| {
            let m = Message::find_visible(conn, id, viewer)?.ok_or(AppError::NotFound)?;
            Message::mark_read(conn, &m, viewer, now)?;
            let sender = User::find(conn, m.sender_id)?;
            let recipient = match m.recipient_user_id {
                Some(uid) => User::find(conn, uid)?,
                None => None,
            };
            let files = StoredFile::of_message(conn, id)?;
            // The application it filed, for a clerk of the office it went to.
            let application = match (m.application_id, viewer.office) {
                (Some(app), Some(office)) => Application::find_for(conn, app, office)?,
                _ => None,
            };
            Ok((m, sender, recipient, files, application))
        })
        .await?;
    let from = sender.map(|u| u.display_name).unwrap_or_default();
    let to = match &m.recipient_office {
        Some(o) => office_name(lang, o),
        None => recipient
            .as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
    };
    let view = renkei_views::mail::MessageView {
        lang,
        from,
        to,
        at: datetime(lang, m.sent_at),
        subject: m.subject.clone(),
        body: m.body.clone(),
        read: m.read_at.map(|t| datetime(lang, t)),
        files: files
            .iter()
            .map(|f| {
                (
                    paths::message_file(id, f.id),
                    format!("{} ({})", f.file_name, render::size_label(f.byte_size)),
                )
            })
            .collect(),
        reply_href: Some(format!("{}?reply={id}", paths::MAIL_NEW)),
        application: application.map(|a| {
            (
                paths::application(a.id),
                t!(
                    "mail.open_application",
                    locale = lang,
                    receipt = a.receipt_number
                )
                .into(),
            )
        }),
    };
    Ok(render::page(
        &ctx,
        &state,
        &m.subject,
        renkei_views::mail::message(&view),
    ))
}

/// GET /mail/{id}/files/{file}
pub async fn file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::of(&ctx.user()?.user);
    let (id, file_id) = path.into_inner();
    let (name, content_type, data) = state
        .db(move |conn| {
            Message::find_visible(conn, id, viewer)?.ok_or(AppError::NotFound)?;
            StoredFile::of_message_content(conn, id, file_id)?.ok_or(AppError::NotFound)
        })
        .await?;
    Ok(render::download(&name, &content_type, data))
}

#[derive(Debug, Default, Deserialize)]
pub struct ComposeQuery {
    /// The addressee's account (from the directory or the recipient search).
    pub to: Option<i64>,
    pub reply: Option<i64>,
}

/// The compose page with what was typed, the addressee chosen and the people the search found.
async fn compose_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    raw: &Raw,
    errors: &Errors,
    status: StatusCode,
    kept: Vec<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let me = ctx.user()?.user.id;
    let lang = ctx.lang;
    let query = raw.get("to_search").to_string();
    let chosen = raw.get("to_user").parse::<i64>().ok();
    let (chosen, found) =
        crate::http::present::recipients::find(state, lang, &query, chosen, me).await?;
    let values = |name: &str| raw.get(name).to_string();
    let view = renkei_views::mail::ComposeView {
        lang,
        csrf: &ctx.csrf,
        values: &values,
        errors,
        kept: &kept,
        recipients: renkei_views::mail::RecipientsView {
            lang,
            query: &query,
            searched: !query.trim().is_empty(),
            found,
            chosen,
        },
    };
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!("mail.compose", locale = lang),
        renkei_views::mail::compose(&view),
        None,
    ))
}

/// GET /mail/new — `?to=id` from the directory, `?reply=id` from a message.
pub async fn compose(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<ComposeQuery>,
) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::of(&ctx.user()?.user);
    let mut raw = Vec::new();
    if let Some(to) = q.to {
        raw.push(("to_kind".to_string(), "user".to_string()));
        raw.push(("to_user".to_string(), to.to_string()));
    }
    if let Some(reply) = q.reply {
        let lang = ctx.lang;
        let found = state
            .db(move |conn| {
                let m = Message::find_visible(conn, reply, viewer)?.ok_or(AppError::NotFound)?;
                // Answer the other side: the sender if it came to me, else whom I wrote to.
                let other = if m.sender_id == viewer.user_id {
                    match (&m.recipient_office, m.recipient_user_id) {
                        (Some(o), _) => Err(o.clone()),
                        (None, Some(u)) => Ok(User::find(conn, u)?),
                        _ => Ok(None),
                    }
                } else {
                    Ok(User::find(conn, m.sender_id)?)
                };
                Ok((m, other))
            })
            .await?;
        let (m, other) = found;
        match other {
            Ok(Some(u)) => {
                raw.push(("to_kind".into(), "user".into()));
                raw.push(("to_user".into(), u.id.to_string()));
            }
            Err(office) => raw.push(("to_kind".into(), office)),
            Ok(None) => {}
        }
        let prefix: String = t!("mail.reply_prefix", locale = lang).into();
        let subject = if m.subject.starts_with(&prefix) {
            m.subject.clone()
        } else {
            format!("{prefix}{}", m.subject)
        };
        raw.push(("subject".into(), subject.chars().take(100).collect()));
        raw.push(("reply_to".into(), reply.to_string()));
    }
    compose_page(
        &ctx,
        &state,
        &Raw(raw),
        &Errors::new(),
        StatusCode::OK,
        Vec::new(),
    )
    .await
}

/// POST /mail
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let viewer = Viewer::of(&user);
    let lang = ctx.lang;
    let max = state.settings.applications.max_file_bytes;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let mut check = Check::default();
    let chosen = checked_files(&uploads, "attachment", &mut check, max);
    // 「探す」: the same page again with the people found, nothing sent; what was typed and the
    // files chosen are kept.
    if raw.get("op") == "find" {
        let kept = crate::http::kept::keep(&state, user.id, "attachment", &raw, chosen).await?;
        return compose_page(&ctx, &state, &raw, &Errors::new(), StatusCode::OK, kept).await;
    }
    let kind = check.choice(&raw, "to_kind", &["user", "city", "association"]);
    let to_user: Option<i64> = raw.get("to_user").parse().ok();
    let wanted = to_user;
    if kind == "user" && to_user.is_none() {
        check.problem("to_search", "mail.error.choose_recipient", "");
    }
    let subject = check.text(&raw, "subject", true, 100);
    let body = check.text_multiline(&raw, "body", true, 10_000);
    let (kept_ids, kept_files) =
        crate::http::kept::take(&state, user.id, "attachment", &raw).await?;
    let mut files = chosen.clone();
    files.extend(kept_files);
    let reply_to: Option<i64> = raw.get("reply_to").parse().ok();
    // The addressee must be an active account; the reply must be to a message I can see.
    let (to_user, reply_ok) = state
        .db(move |conn| {
            let to = match to_user {
                Some(id) => User::find(conn, id)?,
                None => None,
            };
            let reply_ok = match reply_to {
                Some(r) => Message::find_visible(conn, r, viewer)?.is_some(),
                None => true,
            };
            Ok((to, reply_ok))
        })
        .await?;
    let recipient = match kind.as_str() {
        "city" => Some(Recipient::Office(Office::City)),
        "association" => Some(Recipient::Office(Office::Association)),
        "user" => match to_user {
            Some(u) if u.id == user.id => {
                check.problem("to_search", "mail.error.self", "");
                None
            }
            Some(u) if crate::models::messages::can_receive(&u) => Some(Recipient::User(u.id)),
            _ if wanted.is_some() => {
                check.problem("to_search", "mail.error.unknown_user", "");
                None
            }
            _ => None,
        },
        _ => None,
    };
    if !check.problems.is_empty() || recipient.is_none() || !reply_ok {
        let errors = translate(lang, &check.problems);
        let kept = crate::http::kept::keep(&state, user.id, "attachment", &raw, chosen).await?;
        return compose_page(
            &ctx,
            &state,
            &raw,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
            kept,
        )
        .await;
    }
    let st = state.clone();
    let actor = ctx.actor();
    let to = recipient.expect("checked above");
    state
        .db(move |conn| {
            Ok(send(
                conn,
                &st.settings,
                &user,
                &Outgoing {
                    to,
                    subject: &subject,
                    body: &body,
                    files: &files,
                    application_id: None,
                    reply_to,
                },
                &actor,
                st.clock.now(),
            )?)
        })
        .await?;
    crate::http::kept::forget(&state, viewer.user_id, kept_ids).await?;
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(paths::MAIL_SENT, "mail_sent"),
    ))
}
