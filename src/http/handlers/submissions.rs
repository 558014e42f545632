//! What a logged-in professional sends to an office: forms 5, 7, 8 (or 7 and 8 together), 9 and
//! the closing of an inter-professional room by 利用者間メール (the message is written by the
//! guide's subject rule and filed in the right queue); the opening of an inter-professional room
//! and the join/leave application by 電子申請. Each becomes an application; the sender sees the
//! ones they sent and their status.

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{self, Check, MAX_ROWS, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::extract::RowsQuery;
use crate::http::extract::adds_row;
use crate::http::extract::json;
use crate::http::extract::read_form;
use crate::http::extract::rows_asked;
use crate::http::form_drafts;
use crate::http::multipart::checked_files;
use crate::http::present::application_form::FormMode;
use crate::http::present::application_form::FormPage;
use crate::http::present::application_form::Shown;
use crate::http::present::application_form::form_page;
use crate::http::present::forms::translate;
use crate::http::present::labels::form_label;
use crate::http::{AppState, render};
use crate::models::User;
use crate::models::applications::{Application, Channel, Form};
use crate::models::organisations::Organisation;
use crate::models::rooms::{Room, RoomKind};
use crate::schema::{applications, organisations, rooms};
use crate::services::files::Attachment;
use crate::services::messages::{FiledForm, SentForms, send_forms};

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

/// The rooms a room application may name: any open inter-professional room to join or leave;
/// only one's own to close.
fn room_choices(
    conn: &mut crate::db::DbConnection,
    user_id: i64,
    kind: &str,
) -> QueryResult<Vec<(i64, String)>> {
    match kind {
        "room_membership" => rooms::table
            .filter(rooms::kind.eq(RoomKind::InterProfessional.as_str()))
            .filter(rooms::status.eq("open"))
            .order(rooms::name.asc())
            .select((rooms::id, rooms::name))
            .load(conn),
        "room_close" => Ok(Room::of_member(conn, user_id)?
            .into_iter()
            .filter(|r| r.kind == RoomKind::InterProfessional.as_str() && r.is_open())
            .map(|r| (r.id, r.name))
            .collect()),
        _ => Ok(Vec::new()),
    }
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
    let mine: Vec<Application> = state
        .db(move |conn| {
            Ok(applications::table
                .filter(applications::created_by.eq(uid))
                .order(applications::id.desc())
                .limit(100)
                .select(Application::as_select())
                .load(conn)?)
        })
        .await?;
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

/// GET /submissions/{kind}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<RowsQuery>,
) -> Result<HttpResponse, AppError> {
    let (user, kind) = sendable(&ctx, &path)?;
    let uid = user.id;
    let org_id = user.organisation_id;
    let (rooms, org) = state
        .db(move |conn| {
            let org: String = organisations::table
                .find(org_id)
                .select(organisations::name)
                .first(conn)?;
            Ok((room_choices(conn, uid, kind)?, org))
        })
        .await?;
    if let Some(values) = form_drafts::load(&ctx, &state, q.draft, kind).await? {
        let raw = Raw(values);
        let prefix = if kind == "form5" {
            "change_"
        } else {
            "member_"
        };
        let rows = forms::rows_in(&raw, prefix).max(default_rows(kind));
        return Ok(page(
            &ctx,
            &state,
            kind,
            &rooms,
            Shown {
                raw: &raw,
                errors: &Errors::new(),
                rows,
                status: StatusCode::OK,
                notice: q.notice.as_deref(),
                kept: Vec::new(),
            },
        ));
    }
    let mut raw = vec![(
        "application_date".to_string(),
        state.clock.today().format("%Y-%m-%d").to_string(),
    )];
    match kind {
        "form5" => raw.push(("org_name".into(), org)),
        // Joining or leaving: one's own row is filled in. (Opening: the applicant joins anyway;
        // the rows are for the others.)
        "room_membership" => {
            raw.push(("member_1_login_id".into(), user.login_id.clone()));
            raw.push(("member_1_name".into(), user.display_name.clone()));
        }
        _ => {}
    }
    let rows = q.rows.unwrap_or(default_rows(kind)).clamp(1, MAX_ROWS);
    Ok(page(
        &ctx,
        &state,
        kind,
        &rooms,
        Shown {
            raw: &Raw(raw),
            errors: &Errors::new(),
            rows,
            status: StatusCode::OK,
            notice: None,
            kept: Vec::new(),
        },
    ))
}

/// Reads what was typed into the forms it files.
fn read(kind: &str, raw: &Raw, check: &mut Check, rooms: &[(i64, String)]) -> Vec<FiledForm> {
    match kind {
        "room_open" => forms::read_room_open(raw, check)
            .map(|f| FiledForm {
                form: Form::RoomOpen,
                organisation: f.room_name.clone(),
                summary: format!("members:{}", f.members.len() + 1),
                payload: json(&f),
                pair_key: None,
            })
            .into_iter()
            .collect(),
        "room_membership" => forms::read_room_membership(raw, check, rooms)
            .map(|f| FiledForm {
                form: Form::RoomMembership,
                organisation: f.room_name.clone(),
                summary: format!("{}:{}", f.choice, f.members.len()),
                payload: json(&f),
                pair_key: None,
            })
            .into_iter()
            .collect(),
        "room_close" => forms::read_room_close(raw, check, rooms)
            .map(|f| FiledForm {
                form: Form::RoomClose,
                organisation: f.room_name.clone(),
                summary: String::new(),
                payload: json(&f),
                pair_key: None,
            })
            .into_iter()
            .collect(),
        _ => {
            let mut out = Vec::new();
            for form in forms_of(kind) {
                if let Some(f) = read_form(form, raw, check) {
                    out.push(FiledForm {
                        form,
                        organisation: f.organisation,
                        summary: f.summary,
                        payload: f.payload,
                        pair_key: f.pair_key,
                    });
                }
            }
            out
        }
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
    let (uid, org_id) = (user.id, user.organisation_id);
    let (rooms, org) = state
        .db(move |conn| {
            Ok((
                room_choices(conn, uid, kind)?,
                Organisation::name_of(conn, org_id)?,
            ))
        })
        .await?;
    let mut check = Check {
        received_on: Some(state.clock.today()),
        ..Check::default()
    };
    let chosen = checked_files(&uploads, "attachment", &mut check, max);
    let rows = rows_asked(&raw, row_prefix(kind), default_rows(kind));
    let again = Again {
        ctx: &ctx,
        state: &state,
        kind,
        rooms: &rooms,
        raw: &raw,
        uid,
    };
    // 「欄を1つ増やす」: the form again with one more row; what was attached is kept.
    if adds_row(&raw) {
        let rows = (rows + 1).min(forms::MAX_ROWS);
        return again
            .page(&Errors::new(), rows, StatusCode::OK, chosen)
            .await;
    }
    // Files kept from an earlier try count as attached (a scan is not asked for twice).
    let (kept_ids, kept_files) = crate::http::kept::take(&state, uid, "attachment", &raw).await?;
    let mut files = chosen.clone();
    files.extend(kept_files);
    let note = check.text_multiline(&raw, "note", false, 2000);
    let filed = read(kind, &raw, &mut check, &rooms);
    check_sendable(kind, &raw, &org, &files, &mut check);
    if !check.problems.is_empty() || filed.len() != forms_of(kind).len().max(1) {
        let errors = translate(ctx.lang, &check.problems);
        return again
            .page(&errors, rows, StatusCode::UNPROCESSABLE_ENTITY, chosen)
            .await;
    }
    let (st, actor) = (state.clone(), ctx.actor());
    let channel = channel_of(kind);
    state
        .load(move |conn| {
            let rule = st.due_rule();
            let sent = SentForms {
                sender: &user,
                forms: &filed,
                note: &note,
                files: &files,
            };
            send_forms(
                conn,
                &st.settings,
                &rule,
                &sent,
                channel,
                &actor,
                st.clock.today(),
                st.clock.now(),
            )
        })
        .await?;
    form_drafts::discard(&ctx, &state, &raw).await?;
    crate::http::kept::forget(&state, uid, kept_ids).await?;
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(paths::SUBMISSIONS, "form_sent"),
    ))
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

fn row_prefix(kind: &str) -> &'static str {
    match kind {
        "form5" => "change_",
        _ => "member_",
    }
}

/// The form shown again, with what was typed and what was attached kept.
struct Again<'a> {
    ctx: &'a Ctx,
    state: &'a web::Data<AppState>,
    kind: &'a str,
    rooms: &'a [(i64, String)],
    raw: &'a Raw,
    uid: i64,
}

impl Again<'_> {
    async fn page(
        &self,
        errors: &Errors,
        rows: usize,
        status: StatusCode,
        chosen: Vec<Attachment>,
    ) -> Result<HttpResponse, AppError> {
        let kept =
            crate::http::kept::keep(self.state, self.uid, "attachment", self.raw, chosen).await?;
        let shown = Shown {
            raw: self.raw,
            errors,
            rows,
            status,
            notice: None,
            kept,
        };
        Ok(page(self.ctx, self.state, self.kind, self.rooms, shown))
    }
}
