//! The clerks' back office: each office's queue, keying in a paper form, an application's
//! detail and its steps. One rule decides what a clerk may see: the application's office is
//! the clerk's office (`Application::find_for`, `Application::queue`).

//!
//! One file per page or action: `queue`, `paper` (keying in), `detail`, `steps` (review,
//! correction, approval, rejection, return, completion); the helpers they share are here.

mod detail;
mod paper;
mod queue;
pub mod steps;

pub use detail::{file, show};
pub use paper::{choose, create, new_form};
pub use queue::queue;

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::domain::forms::{self, Check, MAX_ROWS, Raw};
use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::errors::AppError;
use crate::http::extract::RowsQuery;
use crate::http::extract::adds_row;
use crate::http::extract::rows_asked;
use crate::http::extract::rows_of;
use crate::http::extract::{Filed, read_form};
use crate::http::form_drafts;
use crate::http::kept::Again;
use crate::http::multipart::checked_files;
use crate::http::present::application_form::Shown;
use crate::http::present::application_form::form_page;
use crate::http::present::application_form::{FormMode, FormPage};
use crate::http::present::applications::paper_forms;
use crate::http::present::forms::translate;
use crate::http::present::labels::form_label;
use crate::http::present::labels::office_label;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::applications::{Application, Channel, Form, Office, QueueFilter, Status};
use crate::models::rooms::Registrant;
use crate::services::applications::{Submission, receive};
use crate::services::files::Attachment;

/// A paper form keyed by a clerk.
fn paper_page(ctx: &Ctx, state: &AppState, form: Form, p: Shown<'_>) -> HttpResponse {
    let lang = ctx.lang;
    form_page(
        ctx,
        state,
        &FormPage {
            kind: form.as_str(),
            mode: FormMode::Paper,
            action: paths::application_new(form.as_str()),
            title: format!(
                "{} — {}",
                t!("applications.key_paper", locale = lang),
                form_label(lang, form.as_str())
            ),
            channels: form
                .channels()
                .iter()
                .filter(|c| c.is_paper())
                .map(|c| c.as_str())
                .collect(),
            rooms: Vec::new(),
            shown: p,
        },
    )
}

fn paper_form(ctx: &Ctx, path: &str) -> Result<(Office, Form), AppError> {
    let office = office_of(ctx)?;
    let form = Form::parse(path)
        .filter(|f| paper_forms(office).contains(f))
        .ok_or(AppError::NotFound)?;
    Ok((office, form))
}
