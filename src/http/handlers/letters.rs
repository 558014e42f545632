//! Printing アカウント発行通知 (S管理者): choose the waiting letters, let the worker render the
//! batch, download it, mark it mailed.

use crate::http::paths;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::datetime;
use crate::http::{AppState, render};
use crate::models::Role;
use crate::models::access::View;
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::letters::Letter;

/// The city's clerks issue accounts, so they print the notices. One rule for every page here.
pub const ROLES: &[Role] = &[Role::CityAdmin];

fn batch_status_label(lang: &str, status: &str) -> String {
    t!(
        format!("letters.batch_status_labels.{status}"),
        locale = lang
    )
    .into()
}

async fn list_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let lang = ctx.lang;
    let (queued, batches) = state
        .db(|conn| Ok((Letter::queued(conn)?, Letter::batches(conn, 30)?)))
        .await?;
    let (rule, today) = (state.due_rule(), state.clock.today());
    let view = renkei_views::letters::LettersView {
        lang,
        csrf: &ctx.csrf,
        queued: queued
            .into_iter()
            .map(|q| (letter_due(&rule, &q), q))
            .map(|(due, q)| renkei_views::letters::QueuedRow {
                id: q.letter.id,
                notice_number: q.letter.notice_number,
                recipient: q.recipient,
                login_id: q.login_id,
                organisation: q.organisation,
                queued: datetime(lang, q.letter.created_at),
                due: crate::http::present::date(lang, due),
                overdue: due < today,
            })
            .collect(),
        batches: batches
            .into_iter()
            .map(|b| renkei_views::letters::BatchRow {
                href: paths::letter_batch(b.id),
                id: b.id,
                count: b.letter_count,
                status: batch_status_label(lang, &b.status),
                created: datetime(lang, b.created_at),
            })
            .collect(),
        errors,
    };
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!("letters.title", locale = lang),
        renkei_views::letters::letters(&view),
        None,
    ))
}

/// When a waiting letter must be mailed: its application's due date (FAQ 1.4), or for a
/// reissued notice the same number of 開庁日 after it was queued.
fn letter_due(
    rule: &crate::services::applications::DueRule<'_>,
    q: &crate::models::letters::QueuedLetter,
) -> chrono::NaiveDate {
    q.due_on.unwrap_or_else(|| {
        let queued = crate::domain::jst::date_of(q.letter.created_at);
        rule.calendar.add_open_days(queued, rule.open_days)
    })
}

/// GET /letters
pub async fn list(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    list_page(&ctx, &state, &Errors::new(), StatusCode::OK).await
}

/// POST /letters/batches
pub async fn create_batch(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let ids: Vec<i64> = body
        .into_inner()
        .into_iter()
        .filter(|(k, _)| k == "letter")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    if ids.is_empty() {
        let mut errors = Errors::new();
        errors.add(
            "letter",
            t!("letters.error.none_selected", locale = ctx.lang),
        );
        return list_page(&ctx, &state, &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let st = state.clone();
    let actor = ctx.actor();
    let (batch_id, count) = state
        .db(move |conn| {
            Ok(crate::services::letters::open_batch(
                conn,
                &ids,
                &st.settings,
                &actor,
                st.clock.now(),
            )?)
        })
        .await?;
    if count == 0 {
        let mut errors = Errors::new();
        errors.add(
            "letter",
            t!("letters.error.already_batched", locale = ctx.lang),
        );
        return list_page(&ctx, &state, &errors, StatusCode::CONFLICT).await;
    }
    Ok(render::redirect(&ctx, &paths::letter_batch(batch_id)))
}

/// GET /letters/batches/{id}
pub async fn show_batch(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let lang = ctx.lang;
    let (batch, letters) = state
        .db(move |conn| {
            let batch = Letter::batch(conn, id)?.ok_or(AppError::NotFound)?;
            let letters = Letter::in_batch(conn, id)?
                .into_iter()
                .map(|l| {
                    let who = crate::models::User::find(conn, l.user_id)
                        .ok()
                        .flatten()
                        .map(|u| u.display_name)
                        .unwrap_or_default();
                    (l.notice_number, who)
                })
                .collect::<Vec<_>>();
            Ok((batch, letters))
        })
        .await?;
    let view = renkei_views::letters::BatchView {
        lang,
        csrf: &ctx.csrf,
        id,
        status: &batch.status,
        status_label: batch_status_label(lang, &batch.status),
        count: batch.letter_count,
        letters,
    };
    let title = t!("letters.batch_title", locale = lang, id = id);
    let body = renkei_views::letters::batch(&view);
    Ok(if batch.status == "rendering" {
        render::page_refreshing(&ctx, &state, &title, body, 3)
    } else {
        render::page(&ctx, &state, &title, body)
    })
}

/// GET /letters/batches/{id}/mailed — the confirmation: marking the batch mailed deletes the
/// PDF, the only place the codes ever were.
pub async fn confirm_mailed(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let lang = ctx.lang;
    let batch = state
        .db(move |conn| Letter::batch(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    if batch.status != "ready" {
        return Err(AppError::Conflict("letters.error.not_ready"));
    }
    let errors = Errors::new();
    let view = renkei_views::ui::Confirm {
        lang,
        input: None,
        csrf: &ctx.csrf,
        action: paths::letter_batch_mailed(id),
        lead: t!("letters.mailed_confirm", locale = lang).into(),
        facts: vec![(
            t!("letters.batch_title", locale = lang, id = id).into(),
            t!(
                "letters.batch_count",
                locale = lang,
                count = batch.letter_count
            )
            .into(),
        )],
        reason: None,
        reason_max: 0,
        errors: &errors,
        refusal: None,
        button: t!("letters.mark_mailed", locale = lang).into(),
        danger: true,
        back: paths::letter_batch(id),
        hidden: Vec::new(),
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("letters.mailed_title", locale = lang),
        renkei_views::ui::confirm(&view),
    ))
}

/// GET /letters/batches/{id}/pdf — the print file; each download is in the audit trail.
pub async fn batch_pdf(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let st = state.clone();
    let actor = ctx.actor();
    let pdf = state
        .db(move |conn| {
            let pdf = Letter::batch_pdf(conn, id)?.ok_or(AppError::NotFound)?;
            AuditRecord::append(
                conn,
                AuditEntry::new(&actor, "letters.batch.download", "success")
                    .target("letter_batch", id),
                st.clock.now(),
            )?;
            Ok(pdf)
        })
        .await?;
    state
        .viewed(&ctx, vec![View::of("letters").record("batch", id)])
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"letters-{id}.pdf\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(pdf))
}

/// POST /letters/batches/{id}/mailed
pub async fn mark_mailed(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let st = state.clone();
    let actor = ctx.actor();
    let done = state
        .db(move |conn| {
            Letter::batch(conn, id)?.ok_or(AppError::NotFound)?;
            Ok(crate::services::letters::mark_mailed(
                conn,
                id,
                &actor,
                st.clock.now(),
            )?)
        })
        .await?;
    if !done {
        return Err(AppError::Conflict("letters.error.not_ready"));
    }
    Ok(render::redirect(&ctx, &paths::letter_batch(id)))
}
