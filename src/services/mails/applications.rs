//! The mails of applications: a submitter's application needs a correction, and the receipt of
//! an 電子申請.

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
    let office = if app.office == Office::City.as_str() {
        &m.city_office
    } else {
        &m.association_office
    };
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
