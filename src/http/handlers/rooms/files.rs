//! A post's files: download, the photo page, the photo, its thumbnail and the placeholder htmx
//! asks again while the worker makes it. One rule for all: a current member of a room with its
//! 連絡帳 on, and the file attached to a post there; each view is recorded.

use crate::http::paths;
use crate::models::ids::{RoomId, UserId};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::timeline::file_view;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::features::{Feature, room_with};
use crate::models::posts::{Post, RoomFile};
use crate::models::rooms::Room;

/// The file if the request's user may see it — a current member of a room with its 連絡帳 on,
/// and the file attached to a post there — with the view recorded as `what`.
pub(super) async fn room_file(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    file_id: i64,
    what: &'static str,
) -> Result<(Room, RoomFile), AppError> {
    let uid = ctx.user()?.user.id;
    let (room, file) = state
        .db(move |conn| {
            let (room, _) = room_with(conn, RoomId(room_id), UserId(uid), Feature::Timeline)?
                .ok_or(AppError::NotFound)?;
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
        src: paths::file_image(room_id, file_id),
        name: f.file_name.clone(),
        download: paths::room_file(room_id, file_id),
        back: format!(
            "{}#post-{}",
            paths::room(room_id),
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
