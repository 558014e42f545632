//! The おくすり情報 tab of a room: the drugs taken now (lines whose days have not run out), every
//! prescription newest first, a new prescription, and withdrawing a mistyped one. Every page and
//! action goes through `features::room_with` (a current member, the feature switched on); every
//! write also through `http::rights` (the member's 閲覧・入力権限).

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw, rows_in};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::errors::write_error;
use crate::http::present::forms::translate;
use crate::http::present::medication as present;
use crate::http::present::rooms::kept_or_fresh_key;
use crate::http::present::rooms::{Tab, header_with_rights};
use crate::http::{AppState, render};
use crate::models::features::Feature;
use crate::models::views::medication::MedicationPage;
use crate::services::clinical::{self};

/// Empty line rows the form offers.
const FORM_ROWS: usize = 5;

async fn medication_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    refused: Option<(Raw, Errors)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let today = state.clock.today();
    let page = state
        .load(move |conn| MedicationPage::load(conn, uid, room_id))
        .await?
        .ok_or(AppError::NotFound)?;
    state.viewed(ctx, page.views()).await?;
    let (empty, no_errors) = (Raw(Vec::new()), Errors::new());
    let (raw, errors) = match &refused {
        Some((raw, errors)) => (raw, errors),
        None => (&empty, &no_errors),
    };
    let values = |name: &str| raw.get(name).to_string();
    let view = renkei_views::medication::MedicationView {
        lang,
        csrf: &ctx.csrf,
        form: page.writable().then(|| renkei_views::medication::RxForm {
            action: paths::room_medication(room_id),
            key: kept_or_fresh_key(raw.get("key")),
            values: &values,
            errors,
            rows: rows_in(raw, "line_").max(FORM_ROWS - 1) + 1,
        }),
        current: present::current(lang, &page, today),
        history: present::history(lang, &page, uid),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header_with_rights(lang, &page.room, page.features, page.read_only, Tab::Medication)))
        (renkei_views::medication::page(&view))
    };
    let title = format!(
        "{} — {}",
        page.room.name,
        t!("rooms.tab_medication", locale = lang)
    );
    Ok(render::page_with(ctx, state, status, &title, body, None))
}

/// GET /rooms/{id}/medication
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    medication_page(&ctx, &state, path.into_inner(), None, StatusCode::OK).await
}

/// POST /rooms/{id}/medication — a prescription; a repeated key gives the one stored.
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    crate::http::rights::check_write(&state, room_id, uid, Feature::Medication).await?;
    let mut check = Check::default();
    let rx = clinical::read_prescription(&raw, &mut check, state.clock.today());
    let key = check.form_key(&raw, "prescribed_on");
    let Some(rx) = rx.filter(|_| check.problems.is_empty()) else {
        let errors = translate(ctx.lang, &check.problems);
        return medication_page(
            &ctx,
            &state,
            room_id,
            Some((raw, errors)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            clinical::record_prescription(conn, uid, room_id, &rx, &key, &actor, st.clock.now())
                .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("{}#rx-{id}", paths::room_medication(room_id)),
    ))
}
