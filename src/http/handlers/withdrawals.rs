//! Withdrawing a record its writer mistyped (a vital, a prescription), with a reason: one rule
//! for both — a current member of a room with the feature switched on, the writer only (the
//! service checks that), the record kept and marked.

use crate::http::paths;
use actix_web::{HttpResponse, web};

use crate::domain::forms::{Check, Raw};
use crate::http::context::Ctx;
use crate::http::errors::{AppError, write_error};
use crate::http::{AppState, render};
use crate::models::features::Feature;
use crate::services::clinical::{self, Withdrawable};

/// Withdraws a record its writer mistyped, with a reason; then back to where it is listed.
async fn withdraw_record(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    what: Withdrawable,
    id: i64,
    raw: Raw,
) -> Result<(), AppError> {
    let uid = ctx.user()?.user.id;
    let feature = match what {
        Withdrawable::Vital => Feature::Vitals,
        Withdrawable::Prescription => Feature::Medication,
    };
    crate::http::rights::check_write(state, room_id, uid, feature).await?;
    let mut check = Check::default();
    let reason = check.text(&raw, "reason", true, 200);
    if !check.problems.is_empty() {
        return Err(AppError::Conflict("vitals.error.reason"));
    }
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            clinical::withdraw(
                conn,
                uid,
                room_id,
                what,
                id,
                &reason,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await
}

/// POST /rooms/{id}/vitals/{vital}/withdrawal — its writer withdraws a mistaken entry.
pub async fn vital(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (room_id, vital_id) = path.into_inner();
    let raw = Raw(form.into_inner());
    withdraw_record(&ctx, &state, room_id, Withdrawable::Vital, vital_id, raw).await?;
    Ok(render::redirect(
        &ctx,
        &format!("{}#vital-{vital_id}", paths::room_vitals(room_id)),
    ))
}

/// POST /rooms/{id}/medication/{rx}/withdrawal
pub async fn prescription(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (room_id, id) = path.into_inner();
    let raw = Raw(form.into_inner());
    withdraw_record(&ctx, &state, room_id, Withdrawable::Prescription, id, raw).await?;
    Ok(render::redirect(
        &ctx,
        &format!("{}#rx-{id}", paths::room_medication(room_id)),
    ))
}
