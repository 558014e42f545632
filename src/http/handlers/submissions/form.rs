//! One form sent online: the blank form (or a saved draft), and the send — what was typed
//! read into the forms it files, checked, and sent in one transaction, or the form again with
//! what was typed and what was attached kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;

use super::{channel_of, default_rows, forms_of, page, row_prefix, sendable};
use crate::domain::forms::{self, Check, MAX_ROWS, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::{RowsQuery, adds_row, json, read_form, rows_asked};
use crate::http::form_drafts;
use crate::http::kept::Again;
use crate::http::multipart::checked_files;
use crate::http::paths;
use crate::http::present::application_form::Shown;
use crate::http::present::forms::translate;
use crate::http::{AppState, render};
use crate::models::User;
use crate::models::applications::{ASSOCIATION, Form, Office};
use crate::models::views::submissions::FormChoices;
use crate::services::files::Accepts;
use crate::services::files::Attachment;
use crate::services::messages::{FiledForm, SentForms, send_forms};

async fn choices(
    state: &AppState,
    user: &User,
    kind: &'static str,
) -> Result<FormChoices, AppError> {
    let (uid, org) = (user.id, user.organisation_id);
    state
        .load(move |conn| FormChoices::load(conn, uid, org, kind))
        .await
}

/// A blank form: today's date, form 5's own organisation, one's own row when joining or leaving.
fn blank(kind: &str, user: &User, organisation: String, today: chrono::NaiveDate) -> Raw {
    let mut raw = vec![(
        "application_date".to_string(),
        today.format("%Y-%m-%d").to_string(),
    )];
    match kind {
        "form5" => raw.push(("org_name".into(), organisation)),
        // Joining or leaving: one's own row is filled in. (Opening: the applicant joins anyway;
        // the rows are for the others.)
        "room_membership" => {
            raw.push(("member_1_login_id".into(), user.login_id.clone()));
            raw.push(("member_1_name".into(), user.display_name.clone()));
        }
        _ => {}
    }
    Raw(raw)
}

/// GET /submissions/{kind}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<RowsQuery>,
) -> Result<HttpResponse, AppError> {
    let (user, kind) = sendable(&ctx, &path)?;
    let choices = choices(&state, &user, kind).await?;
    let draft = form_drafts::load(&ctx, &state, q.draft, kind).await?;
    let (raw, rows, notice) = match draft {
        Some(values) => {
            let raw = Raw(values);
            let rows = forms::rows_in(&raw, row_prefix(kind)).max(default_rows(kind));
            (raw, rows, q.notice.as_deref())
        }
        None => {
            let raw = blank(kind, &user, choices.organisation, state.clock.today());
            let rows = q.rows.unwrap_or(default_rows(kind)).clamp(1, MAX_ROWS);
            (raw, rows, None)
        }
    };
    let shown = Shown {
        raw: &raw,
        errors: &Errors::new(),
        rows,
        status: StatusCode::OK,
        notice,
        kept: Vec::new(),
    };
    Ok(page(&ctx, &state, kind, &choices.rooms, shown))
}

/// One room application filed as it was read.
fn filed<T: serde::Serialize>(form: Form, room: &str, summary: String, f: &T) -> FiledForm {
    FiledForm {
        form,
        organisation: room.to_string(),
        summary,
        payload: json(f),
        pair_key: None,
    }
}

/// Reads what was typed into the forms it files.
fn read(kind: &str, raw: &Raw, check: &mut Check, rooms: &[(i64, String)]) -> Vec<FiledForm> {
    match kind {
        "room_open" => forms::read_room_open(raw, check)
            .map(|f| {
                let summary = format!("members:{}", f.members.len() + 1);
                filed(Form::RoomOpen, &f.room_name, summary, &f)
            })
            .into_iter()
            .collect(),
        "room_membership" => forms::read_room_membership(raw, check, rooms)
            .map(|f| {
                let summary = format!("{}:{}", f.choice, f.members.len());
                filed(Form::RoomMembership, &f.room_name, summary, &f)
            })
            .into_iter()
            .collect(),
        "room_close" => forms::read_room_close(raw, check, rooms)
            .map(|f| filed(Form::RoomClose, &f.room_name, String::new(), &f))
            .into_iter()
            .collect(),
        _ => forms_of(kind)
            .into_iter()
            .filter_map(|form| {
                read_form(form, raw, check).map(|f| FiledForm {
                    form,
                    organisation: f.organisation,
                    summary: f.summary,
                    payload: f.payload,
                    pair_key: f.pair_key,
                })
            })
            .collect(),
    }
}

/// POST /submissions/{kind} — the forms sent (by in-system mail with the scan for forms 7 and
/// 8, straight into the office's queue otherwise), or the form again with what was typed.
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (user, kind) = sendable(&ctx, &path)?;
    let max = state.settings.applications.max_file_bytes;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let back = paths::submission(kind);
    if let Some(saved) =
        form_drafts::save_if_asked(&ctx, &state, &raw, kind, "submission", &back).await?
    {
        return Ok(saved);
    }
    let choices = choices(&state, &user, kind).await?;
    let mut check = Check::received(state.clock.today());
    let chosen = checked_files(&uploads, "attachment", &mut check, max, Accepts::Scans);
    let rows = rows_asked(&raw, row_prefix(kind), default_rows(kind));
    let uid = user.id;
    let again = Again {
        state: &state,
        uid,
        field: "attachment",
        raw: &raw,
    };
    let rooms = &choices.rooms;
    // 「欄を1つ増やす」: the form again with one more row; what was attached is kept.
    if adds_row(&raw) {
        let rows = (rows + 1).min(forms::MAX_ROWS);
        let none = Errors::new();
        let shown = again.shown(&none, rows, StatusCode::OK, chosen).await?;
        return Ok(page(&ctx, &state, kind, rooms, shown));
    }
    // Files kept from an earlier try count as attached (a scan is not asked for twice).
    let (kept_ids, kept_files) = crate::http::kept::take(&state, uid, "attachment", &raw).await?;
    let mut files = chosen.clone();
    files.extend(kept_files);
    let note = check.text_multiline(&raw, "note", false, 2000);
    let filed = read(kind, &raw, &mut check, &choices.rooms);
    let association = association_of(&state, kind, &raw, &mut check);
    check_sendable(kind, &raw, &choices.organisation, &files, &mut check);
    if !check.problems.is_empty() || filed.len() != forms_of(kind).len().max(1) {
        let errors = translate(ctx.lang, &check.problems);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let shown = again.shown(&errors, rows, status, chosen).await?;
        return Ok(page(&ctx, &state, kind, rooms, shown));
    }
    send(&state, &ctx, (kind, association), user, filed, note, files).await?;
    form_drafts::discard(&ctx, &state, &raw).await?;
    crate::http::kept::forget(&state, uid, kept_ids).await?;
    let sent = paths::with_notice(paths::SUBMISSIONS, "form_sent");
    Ok(render::redirect(&ctx, &sent))
}

/// Sends the forms read, in one transaction (see `services::messages::send_forms`).
async fn send(
    state: &web::Data<AppState>,
    ctx: &Ctx,
    (kind, association): (&str, Office),
    sender: User,
    forms: Vec<FiledForm>,
    note: String,
    files: Vec<Attachment>,
) -> Result<(), AppError> {
    let (st, actor) = (state.clone(), ctx.actor());
    let channel = channel_of(kind);
    state
        .load(move |conn| {
            let rule = st.due_rule();
            let sent = SentForms {
                sender: &sender,
                forms: &forms,
                note: &note,
                files: &files,
                association,
            };
            let (today, now) = (st.clock.today(), st.clock.now());
            send_forms(
                conn,
                &st.settings,
                &rule,
                &sent,
                channel,
                &actor,
                today,
                now,
            )
        })
        .await?;
    Ok(())
}

/// The 管理者 office forms 7–9 go to: the one the sender chose where there are several.
fn association_of(state: &AppState, kind: &str, raw: &Raw, check: &mut Check) -> Office {
    let offices = state.settings.municipality.association_offices();
    if offices.len() < 2 || !matches!(kind, "form7" | "form8" | "form7_8" | "form9") {
        return ASSOCIATION;
    }
    let codes: Vec<&str> = offices.iter().map(|(o, _)| o.as_str()).collect();
    let code = check.choice(raw, "office", &codes);
    Office::parse(&code)
        .filter(|o| codes.contains(&o.as_str()))
        .unwrap_or(ASSOCIATION)
}

/// The checks a form sent online needs beyond its own: form 5 changes the sender's own
/// organisation; forms 7 and 8 by in-system mail only with 電子化同意 and the scan of the signed
/// paper.
fn check_sendable(kind: &str, raw: &Raw, org: &str, files: &[Attachment], check: &mut Check) {
    if kind == "form5" && raw.get("org_name").trim() != org {
        check.problem("org_name", "submit.error.own_organisation", org.to_string());
    }
    if matches!(kind, "form7" | "form7_8") {
        if !raw.checked("digital_consent") {
            check.problem("digital_consent", "submit.error.digital_consent", "");
        }
        if files.is_empty() {
            check.problem("attachment", "submit.error.scan_required", "");
        }
    }
}
