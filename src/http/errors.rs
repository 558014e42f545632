//! One error type for the HTTP layer. It decides the status; the context middleware renders the
//! page (or the htmx fragment) in the user's language. A failure is logged once, here.

use crate::services::clinical::WriteError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden, with the reason the user is shown (a 閲覧のみ right).
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Not logged in (or the session ended): go to the login page.
    #[error("login required")]
    LoginRequired,
    /// Logged in only part-way: continue at this step.
    #[error("login step pending")]
    ContinueAt(&'static str),
    #[error("csrf token missing or wrong")]
    Csrf,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("too many requests")]
    TooManyRequests,
    #[error("bad request")]
    BadRequest,
    /// A state change that cannot happen (stopping a stopped account).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The `locales/` key of the message shown to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error.404.message",
            AppError::Forbidden => "error.403.message",
            AppError::Refused(key) => key,
            AppError::LoginRequired | AppError::ContinueAt(_) => "error.401.message",
            AppError::Csrf => "error.csrf.message",
            AppError::PayloadTooLarge => "error.413.message",
            AppError::TooManyRequests => "error.429.message",
            AppError::BadRequest => "error.400.message",
            AppError::Conflict(key) => key,
            AppError::Unavailable => "error.503.message",
            AppError::Internal(_) => "error.500.message",
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Internal(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(format!("blocking pool: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Refused(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::LoginRequired | AppError::ContinueAt(_) => StatusCode::SEE_OTHER,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "request failed");
        }
        // The body is filled in by the context middleware, which knows the locale and whether
        // this is an htmx request; redirects are completed there too.
        HttpResponse::build(self.status_code()).finish()
    }
}

pub fn write_error(e: WriteError) -> AppError {
    match e {
        WriteError::NotFound => AppError::NotFound,
        WriteError::Closed => AppError::Conflict("rooms.error.closed"),
        WriteError::ReadOnly => AppError::Refused("rooms.error.read_only"),
        WriteError::Stale => AppError::Conflict("clinical.error.stale_plain"),
        WriteError::Db(e) => e.into(),
    }
}
