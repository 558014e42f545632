//! Writing a 利用者間メール: the compose page (to a person from the directory or the search, to
//! an office, or as a reply), 「探す」 for the addressee, and the send with its attachments.

use crate::http::present::labels::office_label;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::domain::forms::{Check, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::multipart::checked_files;
use crate::http::paths;
use crate::http::present::forms::translate;
use crate::http::{AppState, render};
use crate::models::User;
use crate::models::applications::Office;
use crate::models::messages::{Message, Recipient, Viewer};
use crate::services::files::Accepts;
use crate::services::messages::{Outgoing, send};

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
        offices: state
            .settings
            .municipality
            .offices()
            .into_iter()
            .map(|(o, _)| (o.as_str().to_string(), office_label(lang, o)))
            .collect(),
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
        raw.extend(reply_values(&state, ctx.lang, viewer, reply).await?);
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

/// The compose form answering message `reply`: to the other side (the sender if it came to
/// me, else whom I wrote to), 「Re: 」 before the subject once.
async fn reply_values(
    state: &AppState,
    lang: &str,
    viewer: Viewer,
    reply: i64,
) -> Result<Vec<(String, String)>, AppError> {
    let (m, other) = state
        .db(move |conn| {
            let m = Message::find_visible(conn, reply, viewer)?.ok_or(AppError::NotFound)?;
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
    let mut raw = Vec::new();
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
    Ok(raw)
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
    let max = state.settings.applications.max_file_bytes;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let mut check = Check::default();
    let chosen = checked_files(&uploads, "attachment", &mut check, max, Accepts::Documents);
    // 「探す」: the same page again with the people found, nothing sent; what was typed and the
    // files chosen are kept.
    if raw.get("op") == "find" {
        let kept = crate::http::kept::keep(&state, user.id, "attachment", &raw, chosen).await?;
        return compose_page(&ctx, &state, &raw, &Errors::new(), StatusCode::OK, kept).await;
    }
    let (kind, wanted) = addressee_asked(&state, &raw, &mut check);
    let subject = check.text(&raw, "subject", true, 100);
    let body = check.text_multiline(&raw, "body", true, 10_000);
    let reply_to: Option<i64> = raw.get("reply_to").parse().ok();
    let (to_user, reply_ok) = addressee(&state, viewer, wanted, reply_to).await?;
    let recipient = recipient_of(&kind, to_user, wanted, user.id, &mut check);
    let Some(to) = recipient.filter(|_| check.problems.is_empty() && reply_ok) else {
        let errors = translate(ctx.lang, &check.problems);
        let kept = crate::http::kept::keep(&state, user.id, "attachment", &raw, chosen).await?;
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return compose_page(&ctx, &state, &raw, &errors, status, kept).await;
    };
    // Files kept from an earlier try go with the ones chosen now.
    let (kept_ids, kept_files) =
        crate::http::kept::take(&state, user.id, "attachment", &raw).await?;
    let mut files = chosen;
    files.extend(kept_files);
    let (st, actor) = (state.clone(), ctx.actor());
    state
        .db(move |conn| {
            let outgoing = Outgoing {
                to,
                subject: &subject,
                body: &body,
                files: &files,
                application_id: None,
                reply_to,
            };
            let now = st.clock.now();
            Ok(send(conn, &st.settings, &user, &outgoing, &actor, now)?)
        })
        .await?;
    crate::http::kept::forget(&state, viewer.user_id, kept_ids).await?;
    let sent = paths::with_notice(paths::MAIL_SENT, "mail_sent");
    Ok(render::redirect(&ctx, &sent))
}

/// To whom the form asks to write: a person (the account chosen in the search) or an office.
fn addressee_asked(state: &AppState, raw: &Raw, check: &mut Check) -> (String, Option<i64>) {
    let mut kinds = vec!["user"];
    kinds.extend(
        state
            .settings
            .municipality
            .offices()
            .into_iter()
            .map(|(o, _)| o.as_str()),
    );
    let kind = check.choice(raw, "to_kind", &kinds);
    let wanted: Option<i64> = raw.get("to_user").parse().ok();
    if kind == "user" && wanted.is_none() {
        check.problem("to_search", "mail.error.choose_recipient", "");
    }
    (kind, wanted)
}

/// The addressee asked for (it must be an active account) and whether the message answered
/// is one the writer can see.
async fn addressee(
    state: &AppState,
    viewer: Viewer,
    wanted: Option<i64>,
    reply_to: Option<i64>,
) -> Result<(Option<User>, bool), AppError> {
    state
        .db(move |conn| {
            let to = match wanted {
                Some(id) => User::find(conn, id)?,
                None => None,
            };
            let reply_ok = match reply_to {
                Some(r) => Message::find_visible(conn, r, viewer)?.is_some(),
                None => true,
            };
            Ok((to, reply_ok))
        })
        .await
}

/// Whom a message goes to: an office, or an active account other than the writer; a problem
/// on the search field when the person chosen cannot receive it.
fn recipient_of(
    kind: &str,
    to_user: Option<User>,
    wanted: Option<i64>,
    me: i64,
    check: &mut Check,
) -> Option<Recipient> {
    match kind {
        "user" => match to_user {
            Some(u) if u.id == me => {
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
        // An office the form offered (`addressee_asked` checked it).
        office => Office::parse(office).map(Recipient::Office),
    }
}
