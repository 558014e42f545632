//! Files chosen on a form that comes back (an error, or a row added): the browser cannot keep a
//! chosen file across pages, so the server keeps it for its user and the form offers it again
//! as a ticked box — the clerk does not scan 様式第4号 twice because a phone number was missing.

use actix_web::http::StatusCode;
use actix_web::web;
use renkei_views::form::Errors;

use crate::domain::forms::Raw;
use crate::http::AppState;
use crate::http::errors::AppError;
use crate::http::present::application_form::Shown;
use crate::models::kept_uploads::KeptUploads;
use crate::services::files::{Attachment, kind_of};

/// The kept files a form names (`kept_<field>` boxes still ticked).
pub fn ticked(raw: &Raw, field: &str) -> Vec<i64> {
    let name = format!("kept_{field}");
    raw.0
        .iter()
        .filter(|(k, _)| *k == name)
        .filter_map(|(_, v)| v.parse().ok())
        .take(10)
        .collect()
}

/// Keeps the files just chosen and lists them with those still ticked: (id, "name (12 KB)").
pub async fn keep(
    state: &web::Data<AppState>,
    user_id: i64,
    field: &'static str,
    raw: &Raw,
    chosen: Vec<Attachment>,
) -> Result<Vec<(i64, String)>, AppError> {
    let ticked = ticked(raw, field);
    let now = state.clock.now();
    let kept = state
        .db(move |conn| {
            let mut all = KeptUploads::listed(conn, user_id, field, &ticked, now)?;
            let new: Vec<_> = chosen
                .iter()
                .map(|a| (a.file_name.as_str(), a.content_type, a.data.as_slice()))
                .collect();
            all.extend(KeptUploads::keep(conn, user_id, field, &new, now)?);
            Ok(all)
        })
        .await?;
    Ok(kept
        .into_iter()
        .map(|(id, name, size)| {
            (
                id,
                format!("{name} ({})", crate::http::render::size_label(size)),
            )
        })
        .collect())
}

/// The ticked kept files, to file with the form (their type judged again from the content).
pub async fn take(
    state: &web::Data<AppState>,
    user_id: i64,
    field: &'static str,
    raw: &Raw,
) -> Result<(Vec<i64>, Vec<Attachment>), AppError> {
    let ids = ticked(raw, field);
    if ids.is_empty() {
        return Ok((ids, Vec::new()));
    }
    let now = state.clock.now();
    let wanted = ids.clone();
    let files = state
        .db(move |conn| Ok(KeptUploads::files(conn, user_id, field, &wanted, now)?))
        .await?;
    let files = files
        .into_iter()
        .filter_map(|(file_name, data)| {
            kind_of(&data, &file_name).map(|content_type| Attachment {
                file_name,
                content_type,
                data,
            })
        })
        .collect();
    Ok((ids, files))
}

/// Forgets the kept files once the form is filed.
pub async fn forget(
    state: &web::Data<AppState>,
    user_id: i64,
    ids: Vec<i64>,
) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    state
        .db(move |conn| Ok(KeptUploads::forget(conn, user_id, &ids).map(|_| ())?))
        .await
}

/// A form that comes back — refused, or grown by a row — with what `uid` typed (`raw`) and the
/// files chosen under `field` kept.
pub struct Again<'a> {
    pub state: &'a web::Data<AppState>,
    pub uid: i64,
    pub field: &'static str,
    pub raw: &'a Raw,
}

impl<'a> Again<'a> {
    /// What the form page shows again: `errors` beside the fields, `rows` rows, and the files
    /// chosen this time kept with those still ticked.
    pub async fn shown<'b>(
        &self,
        errors: &'b Errors,
        rows: usize,
        status: StatusCode,
        chosen: Vec<Attachment>,
    ) -> Result<Shown<'b>, AppError>
    where
        'a: 'b,
    {
        let kept = keep(self.state, self.uid, self.field, self.raw, chosen).await?;
        Ok(Shown {
            raw: self.raw,
            errors,
            rows,
            status,
            notice: None,
            kept,
        })
    }
}
