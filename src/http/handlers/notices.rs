//! お知らせ・一斉周知: the list, the publishing form (clerks), publishing, one notice (reading it
//! marks it read; the publishing office sees who has read it), the answer it asks, and its
//! attachment. One rule for who sees a notice (`Notice::visible`): a recipient, or a clerk of
//! the office that published it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw};
use crate::http::context::{Ctx, office_of};
use crate::http::errors::AppError;
use crate::http::multipart::checked_files;
use crate::http::present::forms::translate;
use crate::http::present::notices as present;
use crate::http::present::rooms::{fresh_key, kept_or_fresh_key};
use crate::http::{AppState, paths, render};
use crate::models::applications::Office;
use crate::models::notices::{Mine, Notice};
use crate::services::files::{Accepts, Attachment};
use crate::services::notices::{self as notices, PublishError};

/// How many notices a list shows.
const LISTED: i64 = 100;

/// GET /notices
pub async fn list(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let auth = ctx.user()?;
    let (uid, office) = (auth.user.id, Office::of_user(&auth.user));
    let lang = ctx.lang;
    let (received, published) = state
        .db(move |conn| {
            let published = match office {
                Some(o) => Some(Notice::published(conn, o.as_str(), LISTED)?),
                None => None,
            };
            Ok((Notice::received(conn, uid, LISTED)?, published))
        })
        .await?;
    let view = renkei_views::notices::NoticeList {
        lang,
        new_href: office.map(|_| paths::NOTICE_NEW.to_string()),
        received: received
            .iter()
            .map(|l| present::row(lang, l, false))
            .collect(),
        published: published.map(|p| p.iter().map(|l| present::row(lang, l, true)).collect()),
    };
    let title = t!("notices.title", locale = lang);
    Ok(render::page(
        &ctx,
        &state,
        &title,
        renkei_views::notices::list(&view),
    ))
}

/// The publishing form with what was typed and what was refused.
fn form_page(
    ctx: &Ctx,
    state: &AppState,
    office: Office,
    raw: &Raw,
    errors: &Errors,
) -> HttpResponse {
    let lang = ctx.lang;
    let (kinds, professions) = present::audiences(lang);
    let values = |n: &str| raw.get(n).to_string();
    let ticked = |n: &str, code: &str| raw.0.iter().any(|(k, v)| k == n && v == code);
    let view = renkei_views::notices::NoticeForm {
        lang,
        csrf: &ctx.csrf,
        key: kept_or_fresh_key(raw.get("key")),
        values: &values,
        ticked: &ticked,
        errors,
        kinds,
        professions,
        from: present::office_name(&state.settings.municipality, office),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = t!("notices.new", locale = lang);
    render::page_with(
        ctx,
        state,
        status,
        &title,
        renkei_views::notices::form(&view),
        None,
    )
}

/// GET /notices/new
pub async fn new(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let raw = Raw(vec![("key".into(), fresh_key())]);
    Ok(form_page(&ctx, &state, office, &raw, &Errors::new()))
}

/// Publishes on the pool: the notice's id, or `None` when nobody is in its audience.
async fn publish(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    office: Office,
    form: notices::NoticeForm,
    file: Option<Attachment>,
) -> Result<Option<i64>, AppError> {
    let (uid, actor, st) = (ctx.user()?.user.id, ctx.actor(), state.clone());
    state
        .db(move |conn| {
            let now = st.clock.now();
            let (settings, file) = (&st.settings, file.as_ref());
            match notices::publish(conn, settings, office, uid, &form, file, &actor, now) {
                Ok((id, _)) => Ok(Some(id)),
                Err(PublishError::NoRecipients) => Ok(None),
                Err(PublishError::Db(e)) => Err(e.into()),
            }
        })
        .await
}

/// POST /notices — publishes; a refused form comes back with what was typed (the file chosen
/// again, as the browser cannot keep it).
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let max = state.settings.applications.max_file_bytes;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let mut check = Check::default();
    let files = checked_files(&uploads, "attachment", &mut check, max, Accepts::Documents);
    if files.len() > 1 {
        check.problem("attachment", "notices.error.one_file", "");
    }
    let form = notices::read_notice(&raw, &mut check);
    let (Some(form), true) = (form, check.problems.is_empty()) else {
        return Ok(form_page(
            &ctx,
            &state,
            office,
            &raw,
            &translate(ctx.lang, &check.problems),
        ));
    };
    let file = files.into_iter().next();
    let published = publish(&ctx, &state, office, form, file).await?;
    let Some(id) = published else {
        check.problem("audience", "notices.error.nobody", "");
        return Ok(form_page(
            &ctx,
            &state,
            office,
            &raw,
            &translate(ctx.lang, &check.problems),
        ));
    };
    Ok(render::redirect(
        &ctx,
        &format!("{}?notice=notice_published", paths::notice(id)),
    ))
}

/// The notice if the request's user may see it, with their own row (a recipient's).
async fn visible(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
) -> Result<(Notice, Option<Mine>), AppError> {
    let auth = ctx.user()?;
    let (uid, office) = (auth.user.id, Office::of_user(&auth.user));
    state
        .db(move |conn| {
            Notice::visible(conn, id, uid, office.map(|o| o.as_str()))?.ok_or(AppError::NotFound)
        })
        .await
}

/// The page of one notice: its text and attachment, the answer it asks of a recipient, and
/// for the publishing office how many read it and each recipient.
fn notice_view<'a>(
    ctx: &'a Ctx,
    notice: &Notice,
    mine: &Option<Mine>,
    file: Option<crate::models::files::FileInfo>,
    recipients: &[crate::models::notices::Recipient],
) -> renkei_views::notices::NoticePage<'a> {
    let lang = ctx.lang;
    let options = present::answer_options(lang, notice);
    let publisher = mine.is_none();
    let read = recipients.iter().filter(|r| r.read_at.is_some()).count() as i64;
    renkei_views::notices::NoticePage {
        lang,
        csrf: &ctx.csrf,
        from: present::from(lang, notice),
        at: crate::http::present::datetime(lang, notice.published_at),
        body: notice.body.clone(),
        file: file.map(|f| (paths::notice_file(notice.id), present::file_label(&f))),
        answer: match mine {
            Some((_, answer)) if !options.is_empty() => Some(renkei_views::notices::AnswerForm {
                action: paths::notice_answer(notice.id),
                options,
                current: answer.clone(),
            }),
            _ => None,
        },
        reads: publisher.then(|| present::reads(lang, read, recipients.len() as i64)),
        recipients: present::recipient_rows(lang, notice, recipients),
    }
}

/// GET /notices/{id} — a recipient reads it (marked read, so the home page stops showing it);
/// the publishing office sees who has read it and the answers.
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<crate::http::extract::NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (notice, mine) = visible(&ctx, &state, id).await?;
    let (uid, st, publisher, n) = (
        ctx.user()?.user.id,
        state.clone(),
        mine.is_none(),
        notice.clone(),
    );
    let (file, recipients) = state
        .db(move |conn| {
            if !publisher {
                Notice::mark_read(conn, id, uid, st.clock.now())?;
            }
            let recipients = if publisher {
                Notice::recipients(conn, id)?
            } else {
                Vec::new()
            };
            Ok((Notice::file(conn, &n)?, recipients))
        })
        .await?;
    let view = notice_view(&ctx, &notice, &mine, file, &recipients);
    let body = renkei_views::notices::page(&view);
    Ok(render::page_with(
        &ctx,
        &state,
        StatusCode::OK,
        &notice.title,
        body,
        q.notice.as_deref(),
    ))
}

/// POST /notices/{id}/answer — a recipient's 確認 or 参加・欠席 (the last one counts).
pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (notice, mine) = visible(&ctx, &state, id).await?;
    if mine.is_none() {
        return Err(AppError::NotFound);
    }
    let raw = Raw(form.into_inner());
    let answer = raw.get("answer").to_string();
    let (uid, actor, st) = (ctx.user()?.user.id, ctx.actor(), state.clone());
    let done = state
        .db(move |conn| {
            let now = st.clock.now();
            Ok(notices::answer(conn, &notice, uid, &answer, &actor, now)?)
        })
        .await?;
    if !done {
        return Err(AppError::BadRequest);
    }
    Ok(render::redirect(
        &ctx,
        &format!("{}?notice=notice_answered", paths::notice(id)),
    ))
}

/// GET /notices/{id}/file — the attachment, for whoever may see the notice.
pub async fn file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (notice, _) = visible(&ctx, &state, id).await?;
    let found = state
        .db(move |conn| {
            let Some(info) = Notice::file(conn, &notice)? else {
                return Ok(None);
            };
            Ok(Some((
                info.clone(),
                crate::models::posts::Post::file_bytes(conn, info.id)?,
            )))
        })
        .await?;
    let (info, data) = found.ok_or(AppError::NotFound)?;
    Ok(render::download(&info.file_name, &info.content_type, data))
}
