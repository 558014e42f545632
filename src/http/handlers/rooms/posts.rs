//! Writing in the 連絡帳: a post (addressees, 【要返信】, tags, photos and files), a reply, a
//! correction by its writer (earlier versions kept). A double submit writes one post; a refused
//! one comes back with everything typed; a closed room is read-only.

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::{PostForm, TimelineQuery};
use crate::http::multipart::checked_files;
use crate::http::present::forms::translate;
use crate::http::present::timeline::{Refused, reply_options};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::features::Feature;
use crate::models::posts::{NewPost, Post, Tag};
use crate::models::rooms::Room;
use crate::models::views::timeline::PAGE;
use crate::services::files::Accepts;
use crate::services::timeline::{self, PostError};

use super::timeline::timeline_page;

fn post_error(e: PostError) -> AppError {
    match e {
        PostError::NotMember | PostError::NotAuthor => AppError::NotFound,
        PostError::Closed => AppError::Conflict("rooms.error.closed"),
        PostError::ReadOnly => AppError::Refused("rooms.error.read_only"),
        PostError::Db(e) => e.into(),
    }
}

/// The room, when the user may write in its 連絡帳 (`services::timeline` checks again inside
/// the write).
fn may_post(conn: &mut crate::db::DbConnection, room_id: i64, uid: i64) -> Result<Room, AppError> {
    crate::http::rights::may_write(conn, room_id, uid, Feature::Timeline).map(|(room, _)| room)
}

/// The 連絡帳 again, with what was refused and why (422).
async fn refused(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    refused: Refused,
) -> Result<HttpResponse, AppError> {
    let (q, status) = (TimelineQuery::default(), StatusCode::UNPROCESSABLE_ENTITY);
    timeline_page(ctx, state, room_id, q, refused, status).await
}

/// POST /rooms/{id}/posts
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let room_id = path.into_inner();
    let lang = ctx.lang;
    let max = state.settings.applications.max_file_bytes;
    let uid = user.id;
    // A 閲覧のみ member is told so before their attachments are read.
    crate::http::rights::check_write(&state, room_id, uid, Feature::Timeline).await?;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let (members, tags) = state
        .db(move |conn| {
            may_post(conn, room_id, uid)?;
            Ok((Room::members(conn, room_id)?, Tag::active(conn)?))
        })
        .await?;
    let mut check = Check::default();
    let replies: Vec<String> = reply_options(lang, &members, uid)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    let post = PostForm::read(&raw, &mut check, uid, &members, &tags, &replies);
    let files = checked_files(&uploads, "attachment", &mut check, max, Accepts::Documents);
    let key = check.form_key(&raw, "subject");
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return refused(&ctx, &state, room_id, Refused::post(raw, errors)).await;
    }
    let (st, actor) = (state.clone(), ctx.actor());
    let id = state
        .db(move |conn| {
            let new = post.new_post(room_id, uid, &key);
            let now = st.clock.now();
            timeline::write(conn, &st.settings, &user, &new, &files, &actor, now)
                .map_err(post_error)
        })
        .await?;
    let posted = format!("{}?notice=posted#post-{id}", paths::room(room_id));
    Ok(render::redirect(&ctx, &posted))
}

/// POST /rooms/{id}/posts/{post}/replies
pub async fn reply(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let (room_id, parent_id) = path.into_inner();
    let lang = ctx.lang;
    let raw = Raw(form.into_inner());
    let uid = user.id;
    let parent = state
        .db(move |conn| {
            may_post(conn, room_id, uid)?;
            Post::find_in_room(conn, room_id, parent_id)?
                .filter(|p| p.parent_id.is_none())
                .ok_or(AppError::NotFound)
        })
        .await?;
    let mut check = Check::default();
    let field = format!("reply-{parent_id}");
    let body = raw.get("body").to_string();
    let text = check.text_multiline(
        &Raw(vec![(field.clone(), body.clone())]),
        &field,
        true,
        5000,
    );
    let key = check.form_key(&raw, &field);
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return refused(
            &ctx,
            &state,
            room_id,
            Refused::reply(parent_id, body, errors),
        )
        .await;
    }
    let subject: String = format!("Re: {}", parent.subject)
        .chars()
        .take(100)
        .collect();
    let link = write_reply(
        &state,
        &ctx,
        user,
        (room_id, parent_id),
        (subject, text, key),
    )
    .await?;
    Ok(render::redirect(
        &ctx,
        &crate::http::paths::with_notice(&link, "replied"),
    ))
}

/// Writes a reply to `parent_id` (to everyone, no tags, no files); where it is on the timeline.
async fn write_reply(
    state: &web::Data<AppState>,
    ctx: &Ctx,
    user: crate::models::User,
    (room_id, parent_id): (i64, i64),
    (subject, text, key): (String, String, String),
) -> Result<String, AppError> {
    let (st, actor, uid) = (state.clone(), ctx.actor(), user.id);
    state
        .db(move |conn| {
            let new = NewPost {
                room_id,
                author_id: uid,
                parent_id: Some(parent_id),
                subject: &subject,
                body: &text,
                to_all: true,
                reply_wanted_from: "",
                idempotency_key: &key,
                addressees: &[],
                tags: &[],
            };
            let id = timeline::write(conn, &st.settings, &user, &new, &[], &actor, st.clock.now())
                .map_err(post_error)?;
            let reply = Post::find_in_room(conn, room_id, id)?.ok_or(AppError::NotFound)?;
            Ok(Post::link(conn, &reply, PAGE)?)
        })
        .await
}

/// One's own post in an open room, and where it is on the timeline.
async fn own_post(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    post_id: i64,
) -> Result<(Room, Post, String), AppError> {
    let uid = ctx.user()?.user.id;
    state
        .db(move |conn| {
            let room = may_post(conn, room_id, uid)?;
            if !room.is_open() {
                return Err(AppError::Conflict("rooms.error.closed"));
            }
            let post = Post::find_in_room(conn, room_id, post_id)?
                .filter(|p| p.author_id == uid)
                .ok_or(AppError::NotFound)?;
            let link = Post::link(conn, &post, PAGE)?;
            Ok((room, post, link))
        })
        .await
}

#[allow(clippy::too_many_arguments)]
fn correction_page(
    ctx: &Ctx,
    state: &AppState,
    room_id: i64,
    post_id: i64,
    back: &str,
    subject: &str,
    body: &str,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let view = renkei_views::rooms::CorrectionView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        action: paths::post_correction(room_id, post_id),
        back: back.to_string(),
        subject,
        body,
        errors,
    };
    render::page_with(
        ctx,
        state,
        status,
        &t!("rooms.correction_title", locale = ctx.lang),
        renkei_views::rooms::correction(&view),
        None,
    )
}

/// GET /rooms/{id}/posts/{post}/correction
pub async fn correction_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, post_id) = path.into_inner();
    let (room, post, back) = own_post(&ctx, &state, room_id, post_id).await?;
    state
        .viewed(
            &ctx,
            vec![View::in_room(&room, "post").record("post", post_id)],
        )
        .await?;
    Ok(correction_page(
        &ctx,
        &state,
        room_id,
        post_id,
        &back,
        &post.subject,
        &post.body,
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/posts/{post}/correction
pub async fn correct(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let (room_id, post_id) = path.into_inner();
    let (_, _, back) = own_post(&ctx, &state, room_id, post_id).await?;
    let raw = Raw(form.into_inner());
    let mut check = Check::default();
    let subject = check.text(&raw, "subject", true, 100);
    let body = check.text_multiline(&raw, "body", true, 5000);
    if !check.problems.is_empty() {
        let errors = translate(ctx.lang, &check.problems);
        return Ok(correction_page(
            &ctx,
            &state,
            room_id,
            post_id,
            &back,
            raw.get("subject"),
            raw.get("body"),
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            timeline::correct(
                conn,
                &user,
                room_id,
                post_id,
                &subject,
                &body,
                &actor,
                st.clock.now(),
            )
            .map_err(post_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &back))
}
