//! What a logged-in professional sends to an office: forms 5, 7, 8 (or 7 and 8 together), 9 and
//! the closing of an inter-professional room by 利用者間メール (the message is written by the
//! guide's subject rule and filed in the right queue); the opening of an inter-professional room
//! and the join/leave application by 電子申請. Each becomes an application; the sender sees the
//! ones they sent and their status.

mod form;

pub use form::{create, show};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::domain::forms;
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::form_drafts;
use crate::http::paths;
use crate::http::present::application_form::{FormMode, FormPage, Shown, form_page};
use crate::http::present::labels::form_label;
use crate::http::{AppState, render};
use crate::models::User;
use crate::models::applications::{Channel, Form};
use crate::models::views::submissions::sent_by;

/// What may be sent, in the order the chooser lists them.
const KINDS: &[&str] = &[
    "form5",
    "form7_8",
    "form7",
    "form8",
    "form9",
    "room_open",
    "room_membership",
    "room_close",
];

fn forms_of(kind: &str) -> Vec<Form> {
    match kind {
        "form7_8" => vec![Form::Form7, Form::Form8],
        k => Form::parse(k).into_iter().collect(),
    }
}

/// 利用者間メール or 電子申請, as domain.md §2 says for each procedure.
fn channel_of(kind: &str) -> Channel {
    match kind {
        "room_open" | "room_membership" => Channel::Online,
        _ => Channel::SystemMail,
    }
}

/// Professionals send forms; form 5 only the organisation's システム管理担当者.
fn may_send(user: &User, kind: &str) -> bool {
    !user.is_clerk() && (kind != "form5" || user.is_org_manager)
}

fn kind_label(lang: &str, kind: &str) -> String {
    if kind == "form7_8" {
        t!("submit.form7_8", locale = lang).into()
    } else {
        form_label(lang, kind)
    }
}

fn sendable(ctx: &Ctx, kind: &str) -> Result<(User, &'static str), AppError> {
    let user = ctx.user()?.user.clone();
    if user.is_clerk() {
        return Err(AppError::Forbidden);
    }
    let kind = KINDS
        .iter()
        .copied()
        .find(|k| *k == kind)
        .ok_or(AppError::NotFound)?;
    if !may_send(&user, kind) {
        return Err(AppError::Forbidden);
    }
    Ok((user, kind))
}

/// GET /submissions — the choice, and what I sent with its status.
pub async fn index(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    if user.is_clerk() {
        return Err(AppError::Forbidden);
    }
    let lang = ctx.lang;
    let uid = user.id;
    let mine = state.load(move |conn| sent_by(conn, uid)).await?;
    let forms: Vec<(String, String, String)> = KINDS
        .iter()
        .filter(|k| may_send(&user, k))
        .map(|k| {
            (
                paths::submission(k),
                kind_label(lang, k),
                t!(format!("submit.about.{k}"), locale = lang).into(),
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = mine
        .iter()
        .map(|a| {
            vec![
                a.receipt_number.clone(),
                form_label(lang, &a.form),
                crate::http::present::date(lang, a.received_on),
                t!(format!("applications.statuses.{}", a.status), locale = lang).into(),
            ]
        })
        .collect();
    let saved = form_drafts::listed(&ctx, &state, "submission", paths::submission).await?;
    let body = maud::html! {
        (renkei_views::mail::submissions(lang, &forms, &rows))
        (renkei_views::form::drafts(lang, &ctx.csrf, &saved, paths::SUBMISSIONS))
    };
    Ok(render::page_with(
        &ctx,
        &state,
        StatusCode::OK,
        &t!("submit.title", locale = lang),
        body,
        q.notice.as_deref(),
    ))
}

fn page(
    ctx: &Ctx,
    state: &AppState,
    kind: &str,
    rooms: &[(i64, String)],
    shown: Shown<'_>,
) -> HttpResponse {
    form_page(
        ctx,
        state,
        &FormPage {
            kind,
            mode: FormMode::User,
            action: paths::submission(kind),
            title: kind_label(ctx.lang, kind),
            channels: Vec::new(),
            rooms: rooms
                .iter()
                .map(|(id, name)| (id.to_string(), name.clone()))
                .collect(),
            shown,
        },
    )
}

fn default_rows(kind: &str) -> usize {
    match kind {
        "form5" => forms::FORM5_ROWS,
        "form8" | "form7_8" => forms::FORM8_ROWS,
        "room_open" | "room_membership" => 3,
        _ => 1,
    }
}

fn row_prefix(kind: &str) -> &'static str {
    match kind {
        "form5" => "change_",
        _ => "member_",
    }
}
