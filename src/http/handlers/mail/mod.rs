//! 利用者間メール: inbox, sent box, reading (marks read), composing to a person or to an office,
//! attachments. Every list and every message page goes through `Message::find_visible` /
//! `Message::list`, which share one rule.

mod compose;

pub use compose::{compose, create};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::mail::{message_view, row};
use crate::http::{AppState, paging, paths, render};
use crate::models::files::StoredFile;
use crate::models::messages::{Folder, Message, Viewer};
use crate::models::views::message::MessagePage;
use serde::Deserialize;

/// `?notice=…` after a redirect, `?after=…` for the next page.
#[derive(Debug, Default, Deserialize)]
pub struct FolderQuery {
    pub notice: Option<String>,
    /// Keyset paging: the last message of the page before.
    pub after: Option<i64>,
}

async fn folder(
    ctx: Ctx,
    state: web::Data<AppState>,
    which: Folder,
    q: FolderQuery,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let viewer = Viewer::of(&user);
    let lang = ctx.lang;
    let page = (q.after, paging::fetch());
    let (rows, unread) = state
        .db(move |conn| {
            Ok((
                Message::list(conn, viewer, which, page)?,
                Message::unread_count(conn, viewer)?,
            ))
        })
        .await?;
    let (rows, next) = paging::split(rows, |l| l.message.id);
    let path = match which {
        Folder::Sent => paths::MAIL_SENT,
        _ => paths::MAIL,
    };
    let view = renkei_views::mail::ListView {
        lang,
        sent: which == Folder::Sent,
        unread,
        can_submit_forms: !user.is_clerk(),
        rows: rows.into_iter().map(|l| row(lang, which, l)).collect(),
        more_href: next.map(|after| paging::next_href(path, &[], after)),
    };
    let title = match which {
        Folder::Sent => t!("mail.sent_title", locale = lang),
        _ => t!("mail.title", locale = lang),
    };
    let body = renkei_views::mail::list(&view);
    let notice = q.notice.as_deref();
    Ok(render::page_with(
        &ctx,
        &state,
        StatusCode::OK,
        &title,
        body,
        notice,
    ))
}

/// GET /mail
pub async fn inbox(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<FolderQuery>,
) -> Result<HttpResponse, AppError> {
    folder(ctx, state, Folder::Inbox, q.into_inner()).await
}

/// GET /mail/sent
pub async fn sent(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<FolderQuery>,
) -> Result<HttpResponse, AppError> {
    folder(ctx, state, Folder::Sent, q.into_inner()).await
}

/// GET /mail/{id} — the message, marked read when it came to me.
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::of(&ctx.user()?.user);
    let id = path.into_inner();
    let now = state.clock.now();
    let page = state
        .db(move |conn| {
            let page = MessagePage::load(conn, id, viewer)?.ok_or(AppError::NotFound)?;
            Message::mark_read(conn, &page.message, viewer, now)?;
            Ok(page)
        })
        .await?;
    let title = page.message.subject.clone();
    let body = renkei_views::mail::message(&message_view(ctx.lang, page));
    Ok(render::page(&ctx, &state, &title, body))
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
