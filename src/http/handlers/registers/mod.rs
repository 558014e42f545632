//! The two registers a clerk works from, each a searchable page of 100 (keyset, no cap), the
//! same rows as CSV for Excel, and one record: the 登録者台帳 for the 管理者 (医師会)
//! (`registrants`: patient data, every view recorded) and the 利用団体台帳 for the S管理者 (市)
//! (`organisations`). One rule per register for its list, its CSV and its records (`ROLES`).

pub mod organisations;
pub mod registrants;

use actix_web::HttpResponse;
use serde::Deserialize;

use crate::http::render;

#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    #[serde(default)]
    pub q: String,
    /// Keyset paging: the last row of the page before.
    pub after: Option<i64>,
}

impl RegisterQuery {
    /// What was typed, at most 64 characters (never cut inside a character).
    pub fn query(&self) -> String {
        self.q.chars().take(64).collect()
    }
}

/// A register's rows as a CSV download named after it (today's date in the name).
fn csv_download(name: &str, today: chrono::NaiveDate, body: Vec<u8>) -> HttpResponse {
    let name = format!("{name}_{}.csv", today.format("%Y%m%d"));
    render::download(&name, "text/csv; charset=utf-8", body)
}
