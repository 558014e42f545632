//! The mails of applications: a submitter's application needs a correction, what became of it
//! (approved, rejected, returned, withdrawn), and the receipt of an 電子申請.

use super::*;

/// A submitter's application needs a correction: the receipt number, the form and whom to call.
/// Never the reason or any name (ordinary mail carries no personal data). In Japanese: the
/// submitter has no account and chose no language.
pub fn correction_needed(
    app: &Application,
    to: &str,
    m: &Municipality,
    now: NaiveDateTime,
) -> JobEnvelope {
    let office = m.office(app.office().unwrap_or(Office::City));
    let form: String = t!(format!("applications.forms.{}", app.form), locale = "ja").into();
    mail(
        format!("mail:correction:{}:{}", app.id, micros(now)),
        to,
        t!(
            "applications.correction_mail.subject",
            locale = "ja",
            title = m.system_title,
            receipt = app.receipt_number
        )
        .into(),
        t!(
            "applications.correction_mail.body",
            locale = "ja",
            form = form,
            receipt = app.receipt_number,
            office = office.name,
            phone = office.phone
        )
        .into(),
    )
}

/// What became of an outside submitter's application (approved, rejected, returned to the right
/// office, withdrawn): the receipt number, the outcome and what to do next, with whom to call.
/// Never the reason or any name, in Japanese (the submitter has no account). `outcome` is the
/// status code the application moved to.
pub fn outcome(
    app: &Application,
    outcome: &str,
    to: &str,
    m: &Municipality,
    now: NaiveDateTime,
) -> JobEnvelope {
    let own = app.office().unwrap_or(Office::City);
    // A misrouted form goes to the other kind of office (a 7–9 to the main 管理者 office).
    let other = if own == Office::City {
        crate::models::applications::ASSOCIATION
    } else {
        Office::City
    };
    let (office, other) = (m.office(own), m.office(other));
    let form: String = t!(format!("applications.forms.{}", app.form), locale = "ja").into();
    let status: String = t!(format!("applications.statuses.{outcome}"), locale = "ja").into();
    // What to do next: for an approval it depends on the form (a letter comes, a stop waits).
    let next_key = match (outcome, app.form.as_str()) {
        ("approved", "form4") => "applications.outcome_mail.next.approved_form4".to_string(),
        ("approved", "form6") => "applications.outcome_mail.next.approved_form6".to_string(),
        (o, _) => format!("applications.outcome_mail.next.{o}"),
    };
    let next: String = t!(
        &next_key,
        locale = "ja",
        office = other.name,
        phone = other.phone
    )
    .into();
    mail(
        format!("mail:outcome:{}:{outcome}:{}", app.id, micros(now)),
        to,
        t!(
            "applications.outcome_mail.subject",
            locale = "ja",
            title = m.system_title,
            status = status,
            receipt = app.receipt_number
        )
        .into(),
        t!(
            "applications.outcome_mail.body",
            locale = "ja",
            receipt = app.receipt_number,
            form = form,
            status = status,
            next = next,
            office = office.name,
            phone = office.phone
        )
        .into(),
    )
}

/// The receipt of an 電子申請: the number, the form and whom to call. No names, no contents.
pub fn receipt(
    settings: &Settings,
    lang: &str,
    form: Form,
    receipt: &str,
    to: &str,
) -> JobEnvelope {
    let m = &settings.municipality;
    mail(
        format!("mail:receipt:{receipt}"),
        to,
        t!(
            "apply.mail.subject",
            locale = lang,
            title = m.system_title,
            receipt = receipt
        )
        .into(),
        t!(
            "apply.mail.body",
            locale = lang,
            form = t!(
                format!("applications.forms.{}", form.as_str()),
                locale = lang
            ),
            receipt = receipt,
            days = settings.applications.due_open_days,
            office = m.city_office.name,
            phone = m.city_office.phone
        )
        .into(),
    )
}
