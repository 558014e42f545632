//! One application: what was submitted, its scans, its history and the steps the clerk may take
//! (the office's own applications only).

use super::*;
use crate::http::present::application_detail::{describe, natural_next};

/// GET /applications/{id}/files/{file}: a scan of an application the clerk's office may see.
pub async fn file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let (id, file_id) = path.into_inner();
    let ((name, content_type, data), registrant) = state
        .db(move |conn| {
            let app = Application::find_for(conn, id, office)?.ok_or(AppError::NotFound)?;
            let file = crate::models::files::StoredFile::of_application_content(conn, id, file_id)?
                .ok_or(AppError::NotFound)?;
            Ok((file, registrant_named_in(conn, &app)?))
        })
        .await?;
    let view = View::of("application_file")
        .record("file", file_id)
        .registrant(registrant);
    state.viewed(&ctx, vec![view]).await?;
    Ok(render::download(&name, &content_type, data))
}

/// The steps by path segment.
async fn detail_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(ctx)?;
    let lang = ctx.lang;
    let (app, events, letters, pair, files, registrant) = state
        .db(move |conn| {
            let app = Application::find_for(conn, id, office)?.ok_or(AppError::NotFound)?;
            let registrant = registrant_named_in(conn, &app)?;
            let events = Application::events(conn, id)?;
            let pair = Application::pair_of(conn, &app)?;
            let files = crate::models::files::StoredFile::of_application(conn, id)?;
            let letters = crate::models::letters::Letter::for_application(conn, id)?
                .into_iter()
                .map(|l| {
                    let login = crate::models::User::find(conn, l.user_id)
                        .ok()
                        .flatten()
                        .map(|u| u.login_id)
                        .unwrap_or_default();
                    (l.id, l.notice_number, login, l.status)
                })
                .collect::<Vec<_>>();
            Ok((app, events, letters, pair, files, registrant))
        })
        .await?;
    let view = View::of("application")
        .record("application", id)
        .registrant(registrant);
    state.viewed(ctx, vec![view]).await?;
    let today = state.clock.today();
    let (fields, table) = describe(lang, &app);
    let next = natural_next(app.status());
    let steps = Step::available(app.status())
        .into_iter()
        .map(|s| {
            let segment = segment_of(s);
            renkei_views::applications::StepButton {
                path: paths::application_step(id, segment),
                label: t!(
                    format!("applications.steps_labels.{}", s.as_str()),
                    locale = lang
                )
                .into(),
                confirm: is_confirmed(s),
                primary: Some(s) == next,
            }
        })
        .collect();
    let print_letters: Vec<i64> = letters
        .iter()
        .filter(|(.., status)| status == "queued")
        .map(|(id, ..)| *id)
        .collect();
    let view = renkei_views::applications::DetailView {
        lang,
        csrf: &ctx.csrf,
        receipt: &app.receipt_number,
        form: form_label(lang, &app.form),
        status: status_label(lang, &app.status),
        channel: channel_label(lang, &app.channel),
        received: date_label(lang, app.received_on),
        due: app
            .due_on
            .map(|d| date_label(lang, d))
            .unwrap_or_else(|| t!("applications.paused", locale = lang).into()),
        overdue: app.is_overdue(today),
        fields,
        table,
        history: events
            .iter()
            .map(|e| renkei_views::applications::HistoryRow {
                at: datetime(lang, e.at),
                actor: e.actor_name.clone(),
                action: t!(
                    format!("applications.steps_labels.{}", e.action),
                    locale = lang
                )
                .into(),
                status: status_label(lang, &e.to_status),
                // The receipt records its channel as the reason: show it in words.
                reason: if e.action == "receive" {
                    channel_label(lang, &e.reason)
                } else {
                    e.reason.clone()
                },
            })
            .collect(),
        steps,
        files: files
            .iter()
            .map(|f| {
                (
                    paths::application_file(id, f.id),
                    format!("{} ({})", f.file_name, render::size_label(f.byte_size)),
                )
            })
            .collect(),
        letters: letters
            .into_iter()
            .map(|(_, n, login, s)| {
                (
                    n,
                    login,
                    t!(format!("letters.status.{s}"), locale = lang).into(),
                )
            })
            .collect(),
        print_letters,
        pair: pair
            .iter()
            .map(|p| {
                (
                    paths::application(p.id),
                    format!(
                        "{} {} ({})",
                        form_label(lang, &p.form),
                        p.receipt_number,
                        status_label(lang, &p.status)
                    ),
                )
            })
            .collect(),
    };
    let title = format!(
        "{} {}",
        t!("applications.detail_title", locale = lang),
        app.receipt_number
    );
    Ok(render::page_with(
        ctx,
        state,
        StatusCode::OK,
        &title,
        renkei_views::applications::detail(&view),
        notice,
    ))
}

/// GET /applications/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<crate::http::extract::NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    detail_page(&ctx, &state, path.into_inner(), q.notice.as_deref()).await
}
