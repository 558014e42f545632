//! One application: what was submitted, its scans, its history and the steps the clerk may take
//! (the office's own applications only).

use super::*;
use crate::http::present::applications::detail_view;
use crate::models::views::application::ApplicationPage;

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
            Ok((file, Registrant::named_in(conn, &app)?))
        })
        .await?;
    let view = View::of("application_file")
        .record("file", file_id)
        .registrant(registrant);
    state.viewed(&ctx, vec![view]).await?;
    Ok(render::download(&name, &content_type, data))
}

async fn detail_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(ctx)?;
    let page = state
        .load(move |conn| ApplicationPage::load(conn, id, office))
        .await?
        .ok_or(AppError::NotFound)?;
    state.viewed(ctx, page.views()).await?;
    let lang = ctx.lang;
    let title = format!(
        "{} {}",
        t!("applications.detail_title", locale = lang),
        page.app.receipt_number
    );
    let view = detail_view(lang, &ctx.csrf, &page, state.clock.today());
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
