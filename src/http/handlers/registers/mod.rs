//! The two registers a clerk works from, each a searchable page of 100 (keyset, no cap), the
//! same rows as CSV for Excel, and one record: the 登録者台帳 for the 管理者 (医師会)
//! (`registrants`: patient data, every view recorded) and the 利用団体台帳 for the S管理者 (市)
//! (`organisations`). One rule per register for its list, its CSV and its records (`ROLES`).

pub mod organisations;
pub mod registrants;

use actix_web::HttpResponse;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::{paging, render};
use renkei_views::registers::{RegisterRow, RegisterView};

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

/// What a register's page shows around its rows: the texts of `list` (`registers.{list}_lead`,
/// `_search`, `_hint`, `_caption`, `_empty`), the search, the next page and the CSV link.
pub struct Register<'a> {
    pub list: &'a str,
    pub path: &'a str,
    pub csv_path: &'a str,
    pub query: &'a RegisterQuery,
}

impl<'a> Register<'a> {
    pub fn view(
        &self,
        lang: &'a str,
        headers: Vec<String>,
        rows: Vec<RegisterRow>,
        next: Option<i64>,
    ) -> RegisterView<'a> {
        let text = |what: &str| -> String {
            t!(format!("registers.{}_{what}", self.list), locale = lang).into()
        };
        let filters = [("q", self.query.q.as_str())];
        RegisterView {
            lang,
            lead: text("lead"),
            action: self.path,
            search_label: text("search"),
            search_hint: text("hint"),
            query: &self.query.q,
            caption: text("caption"),
            headers,
            rows,
            list: self.list,
            more_href: next.map(|after| paging::next_href(self.path, &filters, after)),
            csv_href: paging::with_filters(self.csv_path, &filters),
            empty: text("empty"),
        }
    }
}

/// A register's rows as a CSV download named after it (today's date in the name).
fn csv_download(name: &str, today: chrono::NaiveDate, body: Vec<u8>) -> HttpResponse {
    let name = format!("{name}_{}.csv", today.format("%Y%m%d"));
    render::download(&name, "text/csv; charset=utf-8", body)
}
