//! What a state change (any method but GET, HEAD and OPTIONS) must pass: a body within the
//! size limit, and the CSRF token — from the `X-CSRF-Token` header or the form's field, compared
//! in constant time — with each refusal audited.

use super::*;

pub(super) fn is_state_change(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The whole body of a state change, so that its token can be read: refused as too large when
/// it says (`Content-Length`) or turns out to be over `limit` bytes, as a bad request when it
/// breaks off.
pub(super) async fn read_body(req: &mut ServiceRequest, limit: usize) -> Result<Bytes, AppError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::PayloadTooLarge);
    }
    let mut body = BytesMut::new();
    let mut payload = req.take_payload();
    while let Some(chunk) = payload.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(_) => return Err(AppError::BadRequest),
        };
        if body.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Audits a refused token. A signed-in user's refusal is one row; anonymous ones are counted
/// per address and written as they close, aggregated.
pub(super) async fn note_csrf_refusal(
    state: &web::Data<AppState>,
    auth: Option<&AuthInfo>,
    ip: &str,
    path: &str,
) {
    let actor = match auth {
        Some(a) => crate::services::auth::actor_of(&a.user, ip),
        None => Actor {
            ip: ip.to_string(),
            ..Actor::default()
        },
    };
    // A signed-in user's refusal is one row (the session is accountable); anonymous
    // ones are counted and aggregated so a flood cannot grow the chain per request.
    let now = state.clock.now();
    let (record, closed) = if auth.is_some() {
        (crate::http::refusals::Record::First, Vec::new())
    } else {
        state.refusals.note(ip, now)
    };
    if record == crate::http::refusals::Record::First || !closed.is_empty() {
        let st = state.clone();
        let path: String = path.chars().take(200).collect();
        let first = record == crate::http::refusals::Record::First;
        let _ = web::block(move || -> Result<(), AppError> {
            let mut conn = st.pool.get()?;
            if first {
                AuditRecord::append(
                    &mut conn,
                    AuditEntry::new(&actor, "csrf.rejected", "refused").detail(path),
                    now,
                )?;
            }
            for s in closed {
                let who = Actor {
                    ip: s.ip,
                    ..Actor::default()
                };
                AuditRecord::append(
                    &mut conn,
                    AuditEntry::new(&who, "csrf.rejected", "aggregated").detail(format!(
                        "{} more since {}",
                        s.count,
                        s.since.format("%Y-%m-%d %H:%M:%S")
                    )),
                    now,
                )?;
            }
            Ok(())
        })
        .await;
    }
}

pub(super) fn bytes_payload(body: Bytes) -> Payload {
    Payload::from(body)
}

pub(super) fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The token from the `X-CSRF-Token` header (htmx) or the form's `csrf_token` field.
pub(super) fn presented_token(req: &ServiceRequest, body: &Bytes) -> Option<String> {
    if let Some(h) = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
    {
        return Some(h.to_string());
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return url::form_urlencoded::parse(body)
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.into_owned());
    }
    if content_type.starts_with("multipart/form-data") {
        // The token is a small text part; find it without parsing file parts.
        let needle = b"name=\"csrf_token\"";
        let pos = body.windows(needle.len()).position(|w| w == needle)?;
        let rest = &body[pos..];
        let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
        let value = &rest[start..];
        let end = value.windows(2).position(|w| w == b"\r\n")?;
        return std::str::from_utf8(&value[..end]).ok().map(str::to_string);
    }
    None
}
