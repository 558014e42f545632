//! An application's detail as the clerk reads it: the submitted form as label/value pairs and a
//! table of its rows (people, changes, members), in the reader's language; and the step that
//! usually comes next.

use chrono::NaiveDate;
use rust_i18n::t;

use crate::domain::forms::{self};
use crate::http::present::labels::date_label;
use crate::models::applications::{Application, Form, Status};
use crate::services::applications::Step;

/// The step that usually comes next from a status: the one primary button on the page.
pub fn natural_next(status: Status) -> Option<Step> {
    match status {
        Status::Received => Some(Step::StartReview),
        Status::InReview => Some(Step::Approve),
        Status::CorrectionRequested => Some(Step::CorrectionReceived),
        Status::Approved => Some(Step::Complete),
        _ => None,
    }
}

pub type Described = (
    Vec<(String, String)>,
    Option<(String, Vec<String>, Vec<Vec<String>>)>,
);

/// The submitted data as label/value pairs and a table of rows, for the detail page (nothing
/// when the stored form cannot be read).
pub fn describe(lang: &str, app: &Application) -> Described {
    let p = app.payload.as_str();
    match app.form() {
        Some(Form::Form4) => read(p, |f| form4(lang, f)),
        Some(Form::Form5) => read(p, |f| form5(lang, f)),
        Some(Form::Form6) => read(p, |f| form6(lang, f)),
        Some(Form::Form7) => read(p, |f| form7(lang, f)),
        Some(Form::Form8) => read(p, |f| form8(lang, f)),
        Some(Form::Form9) => read(p, |f| form9(lang, f)),
        Some(Form::RoomOpen) => read(p, |f| room_open(lang, f)),
        Some(Form::RoomMembership) => read(p, |f| room_membership(lang, f)),
        Some(Form::RoomClose) => read(p, |f| room_close(lang, f)),
        None => Described::default(),
    }
}

/// The stored form read as `T` and described, or nothing.
fn read<T: serde::de::DeserializeOwned>(
    payload: &str,
    describe: impl FnOnce(T) -> Described,
) -> Described {
    serde_json::from_str(payload)
        .map(describe)
        .unwrap_or_default()
}

/// Form 4 (利用者アカウント発行申込書兼誓約書): the organisation, its manager and where the notice goes; the applicants.
fn form4(lang: &str, f: forms::Form4) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let o = &f.organisation;
    let fields = vec![
        (
            tt("applications.application_date"),
            date_label(lang, f.application_date),
        ),
        (tt("form4.org_name"), format!("{} ({})", o.name, o.kana)),
        (
            tt("form4.org_kind"),
            tt(&format!("organisation_kind.{}", o.kind)),
        ),
        (tt("form.address"), address_line(&o.postcode, &o.address)),
        (tt("form.phone"), o.phone.clone()),
        (tt("form.fax"), o.fax.clone()),
        (tt("form4.representative"), o.representative.clone()),
        (
            tt("form4.manager"),
            format!(
                "{} {} / {} / {}",
                f.manager_name, f.manager_title, f.manager_phone, f.manager_email
            ),
        ),
        (
            tt("form4.notice_to"),
            address_line(&f.notice_postcode, &f.notice_address),
        ),
    ];
    let header = vec![
        tt("form.name"),
        tt("form.kana"),
        tt("account.profession"),
        tt("form4.notification_email"),
        tt("form4.device"),
    ];
    let rows = f
        .applicants
        .iter()
        .map(|a| {
            vec![
                a.name.clone(),
                a.kana.clone(),
                tt(&format!("profession.{}", a.profession)),
                a.email.clone(),
                tt(&format!("form4.devices.{}", a.device)),
            ]
        })
        .collect();
    (fields, Some((tt("form4.applicants"), header, rows)))
}

/// Form 6 (利用者アカウント利用中止届出書): why and from when; the accounts.
fn form6(lang: &str, f: forms::Form6) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let fields = vec![
        (
            tt("applications.application_date"),
            date_label(lang, f.application_date),
        ),
        (tt("form4.org_name"), f.organisation_name.clone()),
        (
            tt("form6.reason"),
            format!(
                "{} {}",
                tt(&format!("form6.reasons.{}", f.reason)),
                f.reason_detail
            ),
        ),
        (tt("form6.last_day"), date_label(lang, f.last_day)),
    ];
    let header = vec![tt("login.login_id"), tt("form.name")];
    let rows = f
        .accounts
        .iter()
        .map(|a| vec![a.login_id.clone(), a.name.clone()])
        .collect();
    (fields, Some((tt("form6.accounts"), header, rows)))
}

/// Form 5 (利用団体登録情報変更届出書兼誓約書): the organisation; each change.
fn form5(lang: &str, f: forms::Form5) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let fields = vec![
        (
            tt("applications.application_date"),
            date_label(lang, f.application_date),
        ),
        (tt("form5.org_name"), f.organisation_name.clone()),
    ];
    let header = vec![
        tt("form5.target"),
        tt("form5.field"),
        tt("form5.login_id"),
        tt("form5.old"),
        tt("form5.new"),
    ];
    let rows = f
        .changes
        .iter()
        .map(|c| {
            vec![
                tt(&format!("form5.targets.{}", c.target)),
                if c.field.is_empty() {
                    String::new()
                } else {
                    tt(&format!("form5.fields.{}", c.field))
                },
                c.login_id.clone(),
                c.old_value.clone(),
                c.new_value.clone(),
            ]
        })
        .collect();
    (fields, Some((tt("form5.changes"), header, rows)))
}

/// Form 7 (個人情報取り扱い同意書): the registrant, who signed, when, and 電子化同意.
fn form7(lang: &str, f: forms::Form7) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let mut fields = registrant_rows(lang, &f.application_date, &f.registrant);
    fields.extend([
        (tt("form7.sex"), tt(&format!("form7.sexes.{}", f.sex))),
        (tt("form.address"), address_line(&f.postcode, &f.address)),
        (tt("form.phone"), f.phone.clone()),
        (
            tt("form7.signer"),
            format!(
                "{} {} {}",
                tt(&format!("form7.signers.{}", f.signer)),
                f.proxy_name,
                f.proxy_relationship
            ),
        ),
        (tt("form7.consent_on"), date_label(lang, f.consent_on)),
        (
            tt("form7.digital_consent"),
            tt(if f.digital_consent {
                "form.answer_yes"
            } else {
                "form.answer_no"
            }),
        ),
    ]);
    (fields, None)
}

/// Form 8 (担当者届出書): the registrant and coordinator; each member added or removed.
fn form8(lang: &str, f: forms::Form8) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let mut fields = registrant_rows(lang, &f.application_date, &f.registrant);
    fields.push((
        tt("form8.coordinator"),
        format!(
            "{} / {} / {}",
            f.coordinator_name, f.coordinator_organisation, f.coordinator_phone
        ),
    ));
    let header = vec![
        tt("form8.action"),
        tt("login.login_id"),
        tt("form.name"),
        tt("form8.role"),
    ];
    let rows = f
        .members
        .iter()
        .map(|m| {
            vec![
                tt(&format!("form8.actions.{}", m.action)),
                m.login_id.clone(),
                m.name.clone(),
                if m.role.is_empty() {
                    String::new()
                } else {
                    tt(&format!("form8.roles.{}", m.role))
                },
            ]
        })
        .collect();
    (fields, Some((tt("form8.members"), header, rows)))
}

/// Form 9 (登録者利用中止届出書): the registrant, who reports it, why and from when.
fn form9(lang: &str, f: forms::Form9) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let mut fields = registrant_rows(lang, &f.application_date, &f.registrant);
    fields.extend([
        (
            tt("form9.submitter"),
            format!(
                "{} {}",
                tt(&format!("form9.submitters.{}", f.submitter)),
                f.submitter_name
            ),
        ),
        (
            tt("form9.reason"),
            format!(
                "{} {}",
                tt(&format!("form9.reasons.{}", f.reason)),
                f.reason_detail
            ),
        ),
        (
            tt("form9.discontinued_on"),
            date_label(lang, f.discontinued_on),
        ),
    ]);
    (fields, None)
}

/// Opening a 職種連携の部屋: its name and purpose; the members.
fn room_open(lang: &str, f: forms::RoomOpenForm) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    (
        vec![
            (
                tt("applications.application_date"),
                date_label(lang, f.application_date),
            ),
            (tt("rooms.name"), f.room_name.clone()),
            (tt("rooms.purpose"), f.purpose.clone()),
            (tt("submit.room_pledges"), pledged(lang, f.pledged)),
        ],
        Some(people_table(lang, &f.members)),
    )
}

/// Joining or leaving a 職種連携の部屋; the members.
fn room_membership(lang: &str, f: forms::RoomMembershipForm) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    (
        vec![
            (
                tt("applications.application_date"),
                date_label(lang, f.application_date),
            ),
            (
                tt("submit.choice"),
                tt(&format!("submit.choices.{}", f.choice)),
            ),
            (tt("rooms.room"), f.room_name.clone()),
        ]
        .into_iter()
        .chain((f.choice == "join").then(|| (tt("submit.room_pledges"), pledged(lang, f.pledged))))
        .collect(),
        Some(people_table(lang, &f.members)),
    )
}

/// Whether the room's 運用ルールと誓約事項 were pledged, in words.
fn pledged(lang: &str, yes: bool) -> String {
    let key = if yes {
        "submit.pledged"
    } else {
        "submit.not_pledged"
    };
    t!(key, locale = lang).into()
}

/// Closing a 職種連携の部屋 and why.
fn room_close(lang: &str, f: forms::RoomCloseForm) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    (
        vec![
            (
                tt("applications.application_date"),
                date_label(lang, f.application_date),
            ),
            (tt("rooms.room"), f.room_name.clone()),
            (tt("submit.close_reason"), f.reason.clone()),
        ],
        None,
    )
}

fn people_table(
    lang: &str,
    people: &[forms::PersonRow],
) -> (String, Vec<String>, Vec<Vec<String>>) {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    (
        tt("rooms.members"),
        vec![tt("login.login_id"), tt("form.name")],
        people
            .iter()
            .map(|p| vec![p.login_id.clone(), p.name.clone()])
            .collect(),
    )
}

/// 〒 and postcode, then the address; just the address when there is no postcode.
fn address_line(postcode: &str, address: &str) -> String {
    if postcode.is_empty() {
        address.to_string()
    } else {
        format!("〒{postcode} {address}")
    }
}

pub fn registrant_rows(
    lang: &str,
    application_date: &NaiveDate,
    r: &forms::RegistrantRef,
) -> Vec<(String, String)> {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    vec![
        (
            tt("applications.application_date"),
            date_label(lang, *application_date),
        ),
        (
            tt("registrations.registrant"),
            format!("{} ({})", r.name, r.kana),
        ),
        (
            tt("registrations.birth_date"),
            date_label(lang, r.birth_date),
        ),
    ]
}
