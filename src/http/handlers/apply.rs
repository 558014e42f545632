//! 電子申請: the public online forms 4 and 6, without login. A submission is validated like the
//! paper form, filed in the city's queue with channel 電子申請, and answered with its receipt
//! number on screen and by mail to the contact address (no personal data in the mail). Each
//! address may submit a limited number of forms per hour.

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::TimeDelta;
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{self, Check, MAX_ROWS, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::RowsQuery;
use crate::http::extract::adds_row;
use crate::http::extract::rows_asked;
use crate::http::extract::rows_of;
use crate::http::extract::{Filed, read_form};
use crate::http::present::application_form::FormMode;
use crate::http::present::application_form::FormPage;
use crate::http::present::application_form::Shown;
use crate::http::present::application_form::form_page;
use crate::http::present::forms::translate;
use crate::http::present::labels::form_label;
use crate::http::{AppState, render};
use crate::models::applications::online_submissions_since;
use crate::models::applications::{Channel, Form};
use crate::services::applications::{Submission, receive_online};

/// The forms the public may send online (domain.md §2: 電子申請 for forms 4 and 6).
const ONLINE_FORMS: [Form; 2] = [Form::Form4, Form::Form6];

fn online_form(path: &str) -> Result<Form, AppError> {
    Form::parse(path)
        .filter(|f| ONLINE_FORMS.contains(f) && f.channels().contains(&Channel::Online))
        .ok_or(AppError::NotFound)
}

/// GET /apply
pub async fn index(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let forms: Vec<(String, String, String)> = ONLINE_FORMS
        .iter()
        .map(|f| {
            (
                paths::apply_form(f.as_str()),
                form_label(lang, f.as_str()),
                t!(format!("apply.about.{}", f.as_str()), locale = lang).into(),
            )
        })
        .collect();
    let m = &state.settings.municipality;
    let body = renkei_views::apply::index(
        lang,
        &forms,
        &m.city_office.name,
        &m.city_office.phone,
        state.settings.applications.due_open_days,
    );
    Ok(render::page(
        &ctx,
        &state,
        &t!("apply.title", locale = lang),
        body,
    ))
}

fn online_page(
    ctx: &Ctx,
    state: &AppState,
    form: Form,
    raw: &Raw,
    errors: &Errors,
    rows: usize,
    status: StatusCode,
) -> HttpResponse {
    form_page(
        ctx,
        state,
        &FormPage {
            kind: form.as_str(),
            mode: FormMode::Online,
            action: paths::apply_form(form.as_str()),
            title: format!(
                "{} — {}",
                t!("apply.title", locale = ctx.lang),
                form_label(ctx.lang, form.as_str())
            ),
            channels: Vec::new(),
            rooms: Vec::new(),
            shown: Shown {
                raw,
                errors,
                rows,
                status,
                notice: None,
                kept: Vec::new(),
            },
        },
    )
}

/// GET /apply/{form}
pub async fn new_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<RowsQuery>,
) -> Result<HttpResponse, AppError> {
    let form = online_form(&path)?;
    let rows = q.rows.unwrap_or(rows_of(form).1).clamp(1, MAX_ROWS);
    let raw = Raw(vec![(
        "application_date".into(),
        state.clock.today().format("%Y-%m-%d").to_string(),
    )]);
    Ok(online_page(
        &ctx,
        &state,
        form,
        &raw,
        &Errors::new(),
        rows,
        StatusCode::OK,
    ))
}

/// POST /apply/{form}
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let form = online_form(&path)?;
    let lang = ctx.lang;
    // The online forms take no files; any sent are ignored.
    let (fields, _) = crate::http::multipart::read(&req, payload, 0)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let (prefix, default_rows) = rows_of(form);
    let rows = rows_asked(&raw, prefix, default_rows);
    // 「欄を1つ増やす」: the form again with one more row (not a submission: not counted).
    if adds_row(&raw) {
        let rows = (rows + 1).min(forms::MAX_ROWS);
        return Ok(online_page(
            &ctx,
            &state,
            form,
            &raw,
            &Errors::new(),
            rows,
            StatusCode::OK,
        ));
    }
    refuse_flood(&ctx, &state).await?;
    let mut check = Check::received(state.clock.today());
    if form == Form::Form6 && raw.get("contact_email").trim().is_empty() {
        check.problem("contact_email", "form.error.required", "");
    }
    let filed = read_form(form, &raw, &mut check);
    let (Some(filed), true) = (filed, check.problems.is_empty()) else {
        let errors = translate(lang, &check.problems);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(online_page(&ctx, &state, form, &raw, &errors, rows, status));
    };
    let receipt = file(&state, &ctx, form, filed).await?;
    Ok(render::redirect(&ctx, &paths::apply_received(&receipt)))
}

/// An address that sent its hour's share of online applications is refused more.
async fn refuse_flood(ctx: &Ctx, state: &AppState) -> Result<(), AppError> {
    let (ip, since) = (ctx.ip.clone(), state.clock.now() - TimeDelta::hours(1));
    let recent = state
        .load(move |conn| online_submissions_since(conn, &ip, since))
        .await?;
    if recent >= i64::from(state.settings.applications.online_per_address_per_hour) {
        return Err(AppError::TooManyRequests);
    }
    Ok(())
}

/// Files the online form in its office's queue; its receipt number.
async fn file(
    state: &web::Data<AppState>,
    ctx: &Ctx,
    form: Form,
    filed: Filed,
) -> Result<String, AppError> {
    let (st, actor, lang) = (state.clone(), ctx.actor(), ctx.lang);
    state
        .load(move |conn| {
            let sub = Submission {
                form,
                office: crate::models::applications::Office::City,
                channel: Channel::Online,
                received_on: st.clock.today(),
                organisation_name: &filed.organisation,
                summary: &filed.summary,
                payload: &filed.payload,
                pair_key: None,
                files: &[],
            };
            let (rule, now) = (st.due_rule(), st.clock.now());
            receive_online(conn, &sub, &st.settings, lang, &actor, &rule, now)
        })
        .await
}

/// GET /apply/received/{receipt}: the receipt number, to write down. It shows nothing that the
/// address does not already contain.
pub async fn received(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let receipt = path.into_inner();
    let valid = receipt.len() <= 20
        && receipt
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(AppError::NotFound);
    }
    let m = &state.settings.municipality;
    let body = renkei_views::apply::received(
        lang,
        &receipt,
        &m.city_office.name,
        &m.city_office.phone,
        state.settings.applications.due_open_days,
    );
    Ok(render::page(
        &ctx,
        &state,
        &t!("apply.received_title", locale = lang),
        body,
    ))
}
