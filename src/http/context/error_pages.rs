//! Error responses: a redirect for the login cases, otherwise a Japanese (or English) page or an
//! htmx fragment; and the rendering of errors whose body a handler (or actix) left empty.

use super::*;

/// Renders an error response whose body the handler left empty.
pub(super) fn finish_errors(
    res: ServiceResponse<impl MessageBody + 'static>,
    state: &AppState,
    lang: &'static str,
    htmx: bool,
) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|e| match e {
            AppError::ContinueAt(p) => AppError::ContinueAt(p),
            AppError::LoginRequired => AppError::LoginRequired,
            AppError::NotFound => AppError::NotFound,
            AppError::Forbidden => AppError::Forbidden,
            AppError::Refused(k) => AppError::Refused(k),
            AppError::Csrf => AppError::Csrf,
            AppError::PayloadTooLarge => AppError::PayloadTooLarge,
            AppError::TooManyRequests => AppError::TooManyRequests,
            AppError::BadRequest => AppError::BadRequest,
            AppError::Conflict(k) => AppError::Conflict(k),
            AppError::Unavailable => AppError::Unavailable,
            AppError::Internal(d) => AppError::Internal(d.clone()),
        });
    if let Some(e) = app_error {
        let (req, _) = res.into_parts();
        return error_page(&req, state, e, lang, htmx);
    }
    // Errors from actix itself (a form that does not parse, an oversized extractor payload).
    if res.response().error().is_some() && (status.is_client_error() || status.is_server_error()) {
        let e = match status {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            StatusCode::NOT_FOUND => AppError::NotFound,
            s if s.is_client_error() => AppError::BadRequest,
            _ => AppError::Internal(format!("{status}")),
        };
        let (req, _) = res.into_parts();
        return error_page(&req, state, e, lang, htmx);
    }
    res.map_into_boxed_body()
}

/// The response for an error: a redirect for the login cases, otherwise a page or fragment.
pub fn error_page(
    req: &HttpRequest,
    state: &AppState,
    e: AppError,
    lang: &'static str,
    htmx: bool,
) -> ServiceResponse<BoxBody> {
    let redirect = match &e {
        AppError::LoginRequired => Some(crate::http::paths::LOGIN),
        AppError::ContinueAt(p) => Some(*p),
        _ => None,
    };
    if let Some(to) = redirect {
        let res = if htmx {
            HttpResponse::Ok()
                .insert_header(("HX-Redirect", to))
                .finish()
        } else {
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to))
                .finish()
        };
        return ServiceResponse::new(req.clone(), res);
    }
    let status = e.status_code();
    let logged_in = req
        .extensions()
        .get::<Ctx>()
        .is_some_and(|c| c.auth.is_some());
    let message: String = rust_i18n::t!(e.message_key(), locale = lang).into();
    let view = renkei_views::errors::ErrorView {
        lang,
        status: status.as_u16(),
        message,
        logged_in,
    };
    let body = if htmx {
        renkei_views::errors::fragment(&view).into_string()
    } else {
        let title = renkei_views::errors::title(lang, status.as_u16());
        crate::http::render::error_shell(
            req,
            state,
            lang,
            &title,
            renkei_views::errors::body(&view),
        )
        .into_string()
    };
    let mut builder = HttpResponse::build(status);
    builder
        .content_type("text/html; charset=utf-8")
        .insert_header((header::VARY, "HX-Request"))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if htmx {
        // Let htmx swap the message in where the request was aimed.
        builder.insert_header(("HX-Reswap", "innerHTML"));
    }
    ServiceResponse::new(req.clone(), builder.body(body))
}
