//! The おくすり情報 tab of a room: the drugs taken now (lines whose days have not run out), every
//! prescription newest first, a new prescription, and withdrawing a mistyped one. Every page and
//! action goes through `features::room_with` (a current member, the feature switched on).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw, rows_in};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::errors::write_error;
use crate::http::present::datetime;
use crate::http::present::forms::translate;
use crate::http::present::rooms::fresh_key;
use crate::http::present::rooms::header;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::features::{Feature, room_with};
use crate::models::prescriptions::{Prescription, last_day};
use crate::schema::users;
use crate::services::clinical::{self};

/// How many prescriptions the page lists.
const LISTED: i64 = 100;
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
    let (room, features, list, names) = state
        .db(move |conn| {
            crate::db::read_tx(conn, |conn| {
                let (room, features) = room_with(conn, room_id, uid, Feature::Medication)?
                    .ok_or(AppError::NotFound)?;
                let list = Prescription::of_room(conn, room_id, LISTED)?;
                let ids: Vec<i64> = list.iter().map(|(p, _)| p.entered_by).collect();
                use diesel::prelude::*;
                let names: Vec<(i64, String)> = users::table
                    .filter(users::id.eq_any(&ids))
                    .select((users::id, users::display_name))
                    .load(conn)?;
                Ok::<_, AppError>((room, features, list, names))
            })
        })
        .await?;
    state
        .viewed(ctx, vec![View::in_room(&room, "medication")])
        .await?;
    let name_of = |id: i64| {
        names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let open = room.is_open();
    let current = list
        .iter()
        .filter(|(p, _)| p.withdrawn_at.is_none())
        .flat_map(|(p, lines)| {
            lines
                .iter()
                .filter(move |l| last_day(p.prescribed_on, l.days) >= today)
                .map(move |l| renkei_views::medication::CurrentLine {
                    drug: l.drug.clone(),
                    dose: l.dose.clone(),
                    directions: l.directions.clone(),
                    until: crate::http::present::date(lang, last_day(p.prescribed_on, l.days)),
                    source: format!(
                        "{} {}",
                        crate::http::present::date(lang, p.prescribed_on),
                        p.institution
                    ),
                })
        })
        .collect();
    let history = list
        .iter()
        .map(|(p, lines)| renkei_views::medication::RxView {
            id: p.id,
            on: crate::http::present::date(lang, p.prescribed_on),
            institution: p.institution.clone(),
            prescriber: p.prescriber.clone(),
            notes: p.notes.clone(),
            entered: t!(
                "medication.entered",
                locale = lang,
                at = datetime(lang, p.entered_at),
                by = name_of(p.entered_by)
            )
            .into(),
            lines: lines
                .iter()
                .map(|l| renkei_views::medication::LineView {
                    drug: l.drug.clone(),
                    dose: l.dose.clone(),
                    directions: l.directions.clone(),
                    days: l.days,
                })
                .collect(),
            withdrawn: p
                .withdrawn_at
                .map(|at| format!("{} — {}", datetime(lang, at), p.withdrawn_reason)),
            withdraw_action: (open && p.withdrawn_at.is_none() && p.entered_by == uid)
                .then(|| format!("/rooms/{room_id}/medication/{}/withdrawal", p.id)),
        })
        .collect();
    let empty = Raw(Vec::new());
    let no_errors = Errors::new();
    let (raw, errors) = match &refused {
        Some((raw, errors)) => (raw, errors),
        None => (&empty, &no_errors),
    };
    let values = |name: &str| raw.get(name).to_string();
    let view = renkei_views::medication::MedicationView {
        lang,
        csrf: &ctx.csrf,
        form: open.then(|| renkei_views::medication::RxForm {
            action: format!("/rooms/{room_id}/medication"),
            key: if raw.get("key").is_empty() {
                fresh_key()
            } else {
                raw.get("key").to_string()
            },
            values: &values,
            errors,
            rows: rows_in(raw, "line_").max(FORM_ROWS - 1) + 1,
        }),
        current,
        history,
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, &room, features, "/medication")))
        (renkei_views::medication::page(&view))
    };
    Ok(render::page_with(
        ctx,
        state,
        status,
        &format!(
            "{} — {}",
            room.name,
            t!("rooms.tab_medication", locale = lang)
        ),
        body,
        None,
    ))
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
    state
        .db(move |conn| {
            room_with(conn, room_id, uid, Feature::Medication)?.ok_or(AppError::NotFound)?;
            Ok(())
        })
        .await?;
    let mut check = Check::default();
    let rx = clinical::read_prescription(&raw, &mut check, state.clock.today());
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("prescribed_on", "rooms.error.stale_form", "");
    }
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
        &format!("/rooms/{room_id}/medication#rx-{id}"),
    ))
}
