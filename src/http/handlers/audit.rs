//! The audit trail for the S管理者: filter by action, actor, result and period (Japan dates);
//! newest first, with keyset paging ("older entries").

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::domain::text::fold_width;
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::datetime;
use crate::http::{AppState, render};
use crate::models::Role;
use crate::models::audit::{AuditEntry, AuditFilter, AuditRecord};

pub const ROLES: &[Role] = &[Role::CityAdmin];
const PAGE: i64 = 100;

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub before: Option<i64>,
}

/// A date typed as 2026-11-21, 2026/11/21 or in full-width digits; the start of that day in
/// Japan, as UTC.
fn parse_day(s: &str) -> Result<Option<NaiveDateTime>, ()> {
    let s: String = s.trim().chars().map(fold_width).collect();
    if s.is_empty() {
        return Ok(None);
    }
    let s = s.replace('/', "-");
    let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| ())?;
    Ok(Some(crate::domain::jst::start_of(d)))
}

impl AuditQuery {
    /// The filter asked for; a date that cannot be read is a problem on its field.
    fn filter(&self, lang: &str) -> (AuditFilter, Errors) {
        let mut errors = Errors::new();
        let mut day = |field: &str, typed: &str| {
            parse_day(typed).unwrap_or_else(|_| {
                errors.add(field, t!("audit.error.date", locale = lang));
                None
            })
        };
        let (from, to) = (day("from", &self.from), day("to", &self.to));
        let clip = |s: &str| s.chars().take(64).collect::<String>();
        let filter = AuditFilter {
            action: Some(clip(&self.action)),
            actor: Some(clip(&self.actor)),
            result: Some(clip(&self.result)),
            from,
            // "to" is inclusive: up to the end of that day.
            to: to.map(|t| t + TimeDelta::days(1)),
        };
        (filter, errors)
    }

    /// The next page of a full page of `rows`: the same filter, older than its last row.
    fn next_page(&self, rows: &[AuditRecord]) -> Option<String> {
        (rows.len() as i64 == PAGE).then(|| {
            let last = rows.last().map(|r| r.seq).unwrap_or(0);
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            format!(
                "{}?action={}&actor={}&result={}&from={}&to={}&before={last}",
                paths::AUDIT,
                enc(&self.action),
                enc(&self.actor),
                enc(&self.result),
                enc(&self.from),
                enc(&self.to)
            )
        })
    }
}

fn audit_row(lang: &str, r: AuditRecord) -> renkei_views::admin::AuditRow {
    renkei_views::admin::AuditRow {
        seq: r.seq,
        at: datetime(lang, r.at),
        actor: r.actor_login,
        role: r.actor_role,
        action: r.action,
        target: if r.target_kind.is_empty() {
            String::new()
        } else {
            format!("{}:{}", r.target_kind, r.target_id)
        },
        ip: r.ip,
        result: r.result,
        detail: r.detail,
    }
}

/// GET /audit — the trail, filtered, newest first; looking at it is itself recorded.
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let lang = ctx.lang;
    let q = q.into_inner();
    let (filter, errors) = q.filter(lang);
    let (status, rows) = if errors.is_empty() {
        let (st, actor, before) = (state.clone(), ctx.actor(), q.before);
        let rows = state
            .load(move |conn| {
                let rows = AuditRecord::search(conn, &filter, before, PAGE)?;
                let entry = AuditEntry::new(&actor, "audit.view", "success");
                AuditRecord::append(conn, entry, st.clock.now())?;
                Ok(rows)
            })
            .await?;
        (StatusCode::OK, rows)
    } else {
        (StatusCode::UNPROCESSABLE_ENTITY, Vec::new())
    };
    let next_page = q.next_page(&rows);
    let view = renkei_views::admin::AuditView {
        lang,
        action: &q.action,
        actor: &q.actor,
        result: &q.result,
        from: &q.from,
        to: &q.to,
        rows: rows.into_iter().map(|r| audit_row(lang, r)).collect(),
        next_page,
        errors: &errors,
    };
    let title = t!("audit.title", locale = lang);
    let mut res = render::page_or_partial(
        &ctx,
        &state,
        &title,
        || renkei_views::admin::audit(&view),
        || renkei_views::admin::audit_rows(&view),
    );
    *res.status_mut() = status;
    Ok(res)
}
