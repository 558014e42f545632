//! Form bodies, url-encoded or multipart (forms with a file input). The whole body has already
//! been bounded by the context middleware; here each file is bounded again and each text part
//! capped, and nothing is written to disk.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use crate::domain::forms::Check;
use crate::http::errors::AppError;
use crate::services::files::Upload;

const MAX_TEXT_PART: usize = 64 * 1024;
const MAX_PARTS: usize = 500;

/// What a form sent: its text fields in order, and its files.
#[derive(Debug, Default)]
pub struct FormData {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl FormData {
    /// The text fields without the CSRF token (already checked by the middleware).
    pub fn into_fields(self) -> (Vec<(String, String)>, Vec<Upload>) {
        let fields = self
            .fields
            .into_iter()
            .filter(|(k, _)| k != "csrf_token")
            .collect();
        (fields, self.files)
    }
}

/// Reads a form body of either encoding. A file larger than `max_file` is returned marked
/// `too_large` (so the form can say so next to the field) rather than failing the request.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    max_file: usize,
) -> Result<FormData, AppError> {
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        read_multipart(Multipart::new(req.headers(), payload), max_file).await
    } else {
        let mut payload = payload;
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            body.extend_from_slice(&chunk.map_err(|_| AppError::BadRequest)?);
        }
        let fields = url::form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok(FormData {
            fields,
            files: Vec::new(),
        })
    }
}

async fn read_multipart(mut mp: Multipart, max_file: usize) -> Result<FormData, AppError> {
    let mut out = FormData::default();
    let mut parts = 0;
    while let Some(item) = mp.next().await {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::BadRequest);
        }
        let mut field = item.map_err(|_| AppError::BadRequest)?;
        let name = field.name().unwrap_or("").to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let limit = if file_name.is_some() {
            max_file
        } else {
            MAX_TEXT_PART
        };
        let mut data = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if data.len() + chunk.len() > limit {
                too_large = true;
                data.clear();
                // Drain the rest of this part without keeping it.
                while let Some(rest) = field.next().await {
                    rest.map_err(|_| AppError::BadRequest)?;
                }
                break;
            }
            data.extend_from_slice(&chunk);
        }
        match file_name {
            // A file input left empty sends a part with an empty name and no content.
            Some(f) if f.is_empty() && data.is_empty() && !too_large => {}
            Some(f) => out.files.push(Upload {
                field: name,
                file_name: crate::services::files::clean_name(&f),
                data,
                too_large,
            }),
            None => {
                if too_large {
                    return Err(AppError::PayloadTooLarge);
                }
                let value = String::from_utf8(data).map_err(|_| AppError::BadRequest)?;
                out.fields.push((name, value));
            }
        }
    }
    Ok(out)
}

/// The files sent in `field`, each checked by its content; a refused one is a problem on the
/// field (the browser cannot keep a chosen file, so the message asks to choose it again).
pub fn checked_files(
    uploads: &[crate::services::files::Upload],
    field: &str,
    check: &mut Check,
    max_bytes: usize,
    accepts: crate::services::files::Accepts,
) -> Vec<crate::services::files::Attachment> {
    let mut out = Vec::new();
    for u in uploads.iter().filter(|u| u.field == field) {
        match crate::services::files::accept(u, accepts) {
            Ok(a) => out.push(a),
            Err(key) => check.problem(field, key, format!("{}", max_bytes / (1024 * 1024))),
        }
    }
    if out.len() > 10 {
        check.problem(field, "files.error.too_many", "10");
    }
    out
}
