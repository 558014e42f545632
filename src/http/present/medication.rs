//! The おくすり情報 tab as it is shown: the drugs taken now and every prescription.

use chrono::NaiveDate;
use renkei_views::medication::{CurrentLine, LineView, RxView};
use rust_i18n::t;

use crate::http::paths;
use crate::http::present::{date, datetime};
use crate::models::prescriptions::last_day;
use crate::models::views::medication::MedicationPage;

/// The lines taken now: of live prescriptions, whose days have not run out by `today`.
pub(crate) fn current(lang: &str, page: &MedicationPage, today: NaiveDate) -> Vec<CurrentLine> {
    page.prescriptions
        .iter()
        .filter(|(p, _)| p.withdrawn_at.is_none())
        .flat_map(|(p, lines)| {
            lines
                .iter()
                .filter(move |l| last_day(p.prescribed_on, l.days) >= today)
                .map(move |l| CurrentLine {
                    drug: l.drug.clone(),
                    dose: l.dose.clone(),
                    directions: l.directions.clone(),
                    until: date(lang, last_day(p.prescribed_on, l.days)),
                    source: format!("{} {}", date(lang, p.prescribed_on), p.institution),
                })
        })
        .collect()
}

/// Every prescription listed, newest first; the viewer may withdraw their own live ones while
/// the room is open.
pub(crate) fn history(lang: &str, page: &MedicationPage, viewer: i64) -> Vec<RxView> {
    let open = page.writable();
    page.prescriptions
        .iter()
        .map(|(p, lines)| RxView {
            id: p.id,
            on: date(lang, p.prescribed_on),
            institution: p.institution.clone(),
            prescriber: p.prescriber.clone(),
            notes: p.notes.clone(),
            entered: t!(
                "medication.entered",
                locale = lang,
                at = datetime(lang, p.entered_at),
                by = page.names.of(p.entered_by)
            )
            .into(),
            lines: lines
                .iter()
                .map(|l| LineView {
                    drug: l.drug.clone(),
                    dose: l.dose.clone(),
                    directions: l.directions.clone(),
                    days: l.days,
                })
                .collect(),
            withdrawn: p
                .withdrawn_at
                .map(|at| format!("{} — {}", datetime(lang, at), p.withdrawn_reason)),
            withdraw_action: (open && p.withdrawn_at.is_none() && p.entered_by == viewer)
                .then(|| paths::prescription_withdrawal(page.room.id, p.id)),
        })
        .collect()
}
