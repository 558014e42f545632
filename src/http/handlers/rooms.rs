//! Rooms as their members use them: my rooms with unread counts, a room's 連絡帳 (newest first,
//! keyset pages, tag filter, read receipts), writing, replying and correcting, the member list
//! and files. Every page and every file goes through `Room::membership` (and, for the 連絡帳's
//! own pages, `features::room_with`: the feature switched on): only current members
//! see anything, at their next request after being removed; a closed room is read-only.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::{TimelineQuery, timeline_query};
use crate::http::multipart::checked_files;
use crate::http::present::forms::translate;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::my_room;
use crate::http::present::rooms::{first_tab, header};
use crate::http::present::timeline::{
    Reader, Refused, file_view, reply_options, timeline_view, typed,
};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::features::{Feature, Features, room_with};
use crate::models::posts::{NewPost, Post, RoomFile, Tag};
use crate::models::rooms::{Member, Room};
use crate::models::views::timeline::{Opened, PAGE, TimelinePage};
use crate::schema::{organisations, users};
use crate::services::forms::{Check, Raw};
use crate::services::timeline::{self, PostError};

/// GET /rooms — the rooms I am a member of.
pub async fn mine(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (rooms, summaries) = state
        .db(move |conn| {
            let rooms = Room::of_member(conn, uid)?;
            let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
            let summaries = Post::room_summaries(conn, uid, &ids)?;
            Ok((rooms, summaries))
        })
        .await?;
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for r in rooms {
        let (unread, last) = summaries
            .iter()
            .find(|(id, ..)| *id == r.id)
            .map(|(_, u, l)| (*u, *l))
            .unwrap_or((0, None));
        let row = my_room(lang, &r, unread, last);
        if r.is_open() {
            open.push(row);
        } else {
            closed.push(row);
        }
    }
    Ok(render::page(
        &ctx,
        &state,
        &t!("rooms.mine_title", locale = lang),
        renkei_views::rooms::my_rooms(lang, &open, &closed),
    ))
}

/// The 連絡帳 page: extract → load (the rule: a current member, the 連絡帳 on) → mark what was
/// new as read → record the view → present → render (the page, or "load more" for htmx).
async fn timeline_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    query: TimelineQuery,
    refused: Refused,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let TimelineQuery { cursor, notice } = query;
    let user = ctx.user()?.user.clone();
    let (uid, lang, now) = (user.id, ctx.lang, state.clock.now());
    let asked = cursor.clone();
    let opened = state
        .db(move |conn| {
            let opened = TimelinePage::load(conn, uid, room_id, &asked)?;
            if let Some(Opened::Page(page)) = &opened {
                timeline::mark_opened(conn, uid, room_id, &page.unread, page.move_mark, now)?;
            }
            Ok(opened)
        })
        .await?;
    let mut page = match opened {
        Some(Opened::Page(page)) => page,
        // The 連絡帳 is switched off here: the room opens on its first tab.
        Some(Opened::SwitchedOff(room, features)) if cursor.before.is_none() => {
            return Ok(render::redirect(ctx, &first_tab(&room, features)));
        }
        _ => return Err(AppError::NotFound),
    };
    page.read_by(uid, &user.display_name, now);
    state.viewed(ctx, vec![page.view()]).await?;
    let values = typed(&refused);
    let reader = Reader {
        lang,
        csrf: &ctx.csrf,
        viewer: uid,
        cursor: &cursor,
        refused: &refused,
        values: &values,
    };
    let view = timeline_view(&page, &reader);
    Ok(render::page_or_partial_with(
        ctx,
        state,
        status,
        &page.room.name,
        notice.as_deref(),
        cursor.before.is_some(),
        || {
            maud::html! {
                (renkei_views::rooms::header(lang, &header(lang, &page.room, page.features, "")))
                (renkei_views::rooms::timeline(&view))
            }
        },
        || renkei_views::rooms::posts(&view),
    ))
}

/// GET /rooms/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    timeline_page(
        &ctx,
        &state,
        path.into_inner(),
        timeline_query(&req),
        Refused::default(),
        StatusCode::OK,
    )
    .await
}

fn post_error(e: PostError) -> AppError {
    match e {
        PostError::NotMember | PostError::NotAuthor => AppError::NotFound,
        PostError::Closed => AppError::Conflict("rooms.error.closed"),
        PostError::Db(e) => e.into(),
    }
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
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let uid = user.id;
    let (members, tags) = state
        .db(move |conn| {
            room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
            Ok((Room::members(conn, room_id)?, Tag::active(conn)?))
        })
        .await?;
    let mut check = Check::default();
    let subject = check.text(&raw, "subject", true, 100);
    let body = check.text_multiline(&raw, "body", true, 5000);
    let to_all = raw.get("to") != "some";
    let mut addressees = Vec::new();
    for (k, v) in &raw.0 {
        if k == "addressee" {
            match v
                .parse::<i64>()
                .ok()
                .filter(|id| *id != uid && members.iter().any(|m| m.user_id == *id))
            {
                Some(id) if !addressees.contains(&id) => addressees.push(id),
                Some(_) => {}
                None => check.problem("to", "rooms.error.addressee", ""),
            }
        }
    }
    if !to_all && addressees.is_empty() {
        check.problem("to", "rooms.error.no_addressee", "");
    }
    let mut tag_ids = Vec::new();
    for (k, v) in &raw.0 {
        if k == "tag" {
            match v
                .parse::<i64>()
                .ok()
                .filter(|id| tags.iter().any(|t| t.id == *id))
            {
                Some(id) if !tag_ids.contains(&id) => tag_ids.push(id),
                Some(_) => {}
                None => check.problem("tag", "rooms.error.tag", ""),
            }
        }
    }
    let reply_from = raw.get("reply_from").trim().to_string();
    if !reply_from.is_empty()
        && !reply_options(lang, &members, uid)
            .iter()
            .any(|(v, _)| *v == reply_from)
    {
        check.problem("reply_from", "form.error.choice", "");
    }
    let files = checked_files(&uploads, "attachment", &mut check, max);
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("subject", "rooms.error.stale_form", "");
    }
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return timeline_page(
            &ctx,
            &state,
            room_id,
            TimelineQuery::default(),
            Refused::post(raw, errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            let new = NewPost {
                room_id,
                author_id: uid,
                parent_id: None,
                subject: &subject,
                body: &body,
                to_all,
                reply_wanted_from: &reply_from,
                idempotency_key: &key,
                addressees: if to_all { &[] } else { &addressees },
                tags: &tag_ids,
            };
            timeline::write(
                conn,
                &st.settings,
                &user,
                &new,
                &files,
                &actor,
                st.clock.now(),
            )
            .map_err(post_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}?notice=posted#post-{id}"),
    ))
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
            room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
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
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem(&field, "rooms.error.stale_form", "");
    }
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return timeline_page(
            &ctx,
            &state,
            room_id,
            TimelineQuery::default(),
            Refused::reply(parent_id, body, errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let subject: String = format!("Re: {}", parent.subject)
        .chars()
        .take(100)
        .collect();
    let st = state.clone();
    let actor = ctx.actor();
    let link = state
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
        .await?;
    Ok(render::redirect(
        &ctx,
        &crate::http::paths::with_notice(&link, "replied"),
    ))
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
            let (room, _) =
                room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
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
        action: format!("/rooms/{room_id}/posts/{post_id}/correction"),
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

/// GET /rooms/{id}/members
pub async fn members(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let room_id = path.into_inner();
    let (room, features, rows) = state
        .db(move |conn| {
            use diesel::prelude::*;
            let room = Room::membership(conn, room_id, uid)?.ok_or(AppError::NotFound)?;
            let features = Features::of_room(conn, &room)?;
            let members = Room::members(conn, room_id)?;
            let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
            let orgs: Vec<(i64, String)> = users::table
                .inner_join(organisations::table)
                .filter(users::id.eq_any(&ids))
                .select((users::id, organisations::name))
                .load(conn)?;
            let rows: Vec<(Member, String)> = members
                .into_iter()
                .map(|m| {
                    let org = orgs
                        .iter()
                        .find(|(i, _)| *i == m.user_id)
                        .map(|(_, o)| o.clone())
                        .unwrap_or_default();
                    (m, org)
                })
                .collect();
            Ok((room, features, rows))
        })
        .await?;
    state
        .viewed(&ctx, vec![View::in_room(&room, "members")])
        .await?;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(m, org)| {
            vec![
                m.display_name.clone(),
                org.clone(),
                crate::http::present::labels::profession_label(lang, &m.profession),
                team_role_label(lang, &m.team_role),
            ]
        })
        .collect();
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, &room, features, "/members")))
        (renkei_views::rooms::members(lang, &rows))
    };
    Ok(render::page(&ctx, &state, &room.name, body))
}

/// The file if the request's user may see it — a current member of a room with its 連絡帳 on,
/// and the file attached to a post there — with the view recorded as `what`.
async fn room_file(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    file_id: i64,
    what: &'static str,
) -> Result<(Room, RoomFile), AppError> {
    let uid = ctx.user()?.user.id;
    let (room, file) = state
        .db(move |conn| {
            let (room, _) =
                room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
            let file = Post::room_file(conn, room_id, file_id)?.ok_or(AppError::NotFound)?;
            Ok((room, file))
        })
        .await?;
    state
        .viewed(
            ctx,
            vec![View::in_room(&room, what).record("file", file_id)],
        )
        .await?;
    Ok((room, file))
}

/// GET /rooms/{id}/files/{file}
pub async fn file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (_, f) = room_file(&ctx, &state, room_id, file_id, "file").await?;
    let data = state
        .db(move |conn| Ok(Post::file_bytes(conn, file_id)?))
        .await?;
    Ok(render::download(&f.file_name, &f.content_type, data))
}

/// GET /rooms/{id}/files/{file}/view — a photo full size on its own page (no script needed),
/// with the way back to its post.
pub async fn photo_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (room, f) = room_file(&ctx, &state, room_id, file_id, "photo").await?;
    if !crate::services::files::is_photo(&f.content_type) {
        return Err(AppError::NotFound);
    }
    let post_id = f.post_id;
    let post = state
        .db(move |conn| Post::find_in_room(conn, room_id, post_id)?.ok_or(AppError::NotFound))
        .await?;
    let lang = ctx.lang;
    let view = renkei_views::rooms::PhotoView {
        lang,
        src: format!("/rooms/{room_id}/files/{file_id}/image"),
        name: f.file_name.clone(),
        download: format!("/rooms/{room_id}/files/{file_id}"),
        back: format!(
            "/rooms/{room_id}#post-{}",
            post.parent_id.unwrap_or(post.id)
        ),
        subject: post.subject.clone(),
    };
    Ok(render::page(
        &ctx,
        &state,
        &format!("{} — {}", room.name, t!("rooms.photo_title", locale = lang)),
        renkei_views::rooms::photo(&view),
    ))
}

/// GET /rooms/{id}/files/{file}/image — a photo for the photo page: shown, not downloaded,
/// never kept by the browser.
pub async fn photo(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (_, f) = room_file(&ctx, &state, room_id, file_id, "image").await?;
    if !crate::services::files::is_photo(&f.content_type) {
        return Err(AppError::NotFound);
    }
    let data = state
        .db(move |conn| Ok(Post::file_bytes(conn, file_id)?))
        .await?;
    Ok(image(&f.content_type, data))
}

fn image(content_type: &str, data: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_string())
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, "inline"))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .insert_header((actix_web::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(data)
}

/// GET /rooms/{id}/files/{file}/thumbnail — the small picture a phone loads first.
pub async fn thumbnail(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    room_file(&ctx, &state, room_id, file_id, "thumbnail").await?;
    let data = state
        .db(move |conn| Post::thumbnail_bytes(conn, file_id)?.ok_or(AppError::NotFound))
        .await?;
    Ok(image("image/jpeg", data))
}

/// GET /rooms/{id}/files/{file}/preview — the file's place on the timeline, asked again by
/// htmx while the worker makes the thumbnail.
pub async fn preview(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (_, f) = room_file(&ctx, &state, room_id, file_id, "file_name").await?;
    let tries = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "try")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .unwrap_or(0);
    let view = file_view(
        room_id,
        f.id,
        &f.file_name,
        f.byte_size,
        &f.content_type,
        f.has_thumbnail,
        tries,
    );
    Ok(render::html(
        StatusCode::OK,
        renkei_views::rooms::file_item(ctx.lang, &view),
    ))
}
