//! The page of a paper form (4 to 9), the same for the clerk keying in paper and for a
//! professional submitting online: the form, what was typed, its problems, rows and kept files.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{self, Raw};
use crate::http::context::Ctx;
use crate::http::{AppState, render};

pub use renkei_views::applications::FormMode;

/// A form page to show: which form (or forms: `form7_8`), how, and what was typed.
pub struct FormPage<'a> {
    pub kind: &'a str,
    pub mode: FormMode,
    pub action: String,
    pub title: String,
    /// The paper channels the form may arrive by (paper mode).
    pub channels: Vec<&'static str>,
    /// Rooms to choose from (room applications): (id, label).
    pub rooms: Vec<(String, String)>,
    /// What was typed, the problems, the rows, the notice and the kept files.
    pub shown: Shown<'a>,
}

/// What a form page shows besides the form — its rows, problems, notice and kept files — for
/// the clerk's paper forms and the professionals' in-system ones alike.
pub struct Shown<'a> {
    pub raw: &'a Raw,
    pub errors: &'a Errors,
    pub rows: usize,
    pub status: StatusCode,
    pub notice: Option<&'a str>,
    /// Files kept from an earlier try of this form: (id, "name (size)").
    pub kept: Vec<(i64, String)>,
}

pub fn form_page(ctx: &Ctx, state: &AppState, page: &FormPage<'_>) -> HttpResponse {
    let lang = ctx.lang;
    let shown = &page.shown;
    let raw = shown.raw;
    let values = |name: &str| raw.get(name).to_string();
    let options = |codes: &[&str], prefix: &str| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|c| {
                (
                    c.to_string(),
                    t!(format!("{prefix}.{c}"), locale = lang).into(),
                )
            })
            .collect()
    };
    let option_list = |list: &str| -> Vec<(String, String)> {
        let (codes, prefix): (Vec<&str>, &str) = match list {
            "channels" => (page.channels.clone(), "applications.channels"),
            "rooms" => return page.rooms.clone(),
            "association_offices" => return association_offices(lang, state),
            "room_choices" => (forms::ROOM_CHOICES.to_vec(), "submit.choices"),
            "kinds" => (
                crate::models::organisations::KINDS
                    .iter()
                    .copied()
                    .filter(|k| !matches!(*k, "city_office" | "association_office"))
                    .collect(),
                "organisation_kind",
            ),
            "professions" => (
                crate::models::users::PROFESSIONS
                    .iter()
                    .copied()
                    .filter(|p| *p != "clerk")
                    .collect(),
                "profession",
            ),
            "devices" => (forms::DEVICES.to_vec(), "form4.devices"),
            "stop_reasons" => (forms::STOP_REASONS.to_vec(), "form6.reasons"),
            "change_targets" => (forms::CHANGE_TARGETS.to_vec(), "form5.targets"),
            "change_fields" => {
                let mut all: Vec<&str> = forms::ORG_FIELDS.to_vec();
                for f in forms::USER_FIELDS {
                    if !all.contains(f) {
                        all.push(f);
                    }
                }
                (all, "form5.fields")
            }
            "sexes" => (forms::SEXES.to_vec(), "form7.sexes"),
            "signers" => (forms::SIGNERS.to_vec(), "form7.signers"),
            "member_actions" => (forms::MEMBER_ACTIONS.to_vec(), "form8.actions"),
            "team_roles" => (forms::TEAM_ROLES.to_vec(), "form8.roles"),
            "submitters" => (forms::DISCONTINUE_SUBMITTERS.to_vec(), "form9.submitters"),
            "discontinue_reasons" => (forms::DISCONTINUE_REASONS.to_vec(), "form9.reasons"),
            _ => (Vec::new(), ""),
        };
        options(&codes, prefix)
    };
    let view = renkei_views::applications::PaperView {
        lang,
        csrf: &ctx.csrf,
        kept: &shown.kept,
        action: page.action.clone(),
        values: &values,
        errors: shown.errors,
        options: &option_list,
        rows: shown.rows,
        pledges: pledges(lang, page.kind),
        mode: page.mode,
        rooms: page.rooms.clone(),
    };
    let body = renkei_views::applications::form_page(&view, page.kind);
    render::page_with(ctx, state, shown.status, &page.title, body, shown.notice)
}

/// The pledges a form asks for: the 職種連携の部屋's 運用ルール on opening and joining one, the
/// account pledges (様式第4号・第5号) otherwise.
fn pledges(lang: &str, kind: &str) -> Vec<String> {
    let (n, prefix) = match kind {
        "room_open" | "room_membership" => (forms::ROOM_PLEDGES, "submit.room_pledge"),
        _ => (forms::PLEDGES, "form4.pledge"),
    };
    (1..=n)
        .map(|i| t!(format!("{prefix}_{i}"), locale = lang).into())
        .collect()
}

/// The 管理者 offices a sender may choose for forms 7–9: (code, 「管理者（由仁）— 由仁町・長沼町」).
pub fn association_offices(lang: &str, state: &AppState) -> Vec<(String, String)> {
    state
        .settings
        .municipality
        .association_offices()
        .into_iter()
        .map(|(o, c)| {
            let label = crate::http::present::labels::office_label(lang, o);
            let label = if c.area.is_empty() {
                label
            } else {
                t!(
                    "submit.office_area",
                    locale = lang,
                    office = label,
                    area = c.area
                )
                .into()
            };
            (o.as_str().to_string(), label)
        })
        .collect()
}
