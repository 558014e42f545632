//! The printable blank forms (様式第4〜9号): each form's parts, fields, choices and pledges in
//! the words of the on-screen form (the same `locales/` keys and the same code lists of
//! `domain::forms`), with where it goes — for the PDF renderer `renkei_jobs::blank`.

use rust_i18n::t;

use crate::config::Settings;
use crate::domain::forms;
use crate::http::present::labels::form_label;
use crate::models::organisations::KINDS;
use crate::models::users::PROFESSIONS;
use renkei_jobs::blank::{BlankField, BlankForm, BlankSection};

/// The forms that can be printed blank, in order.
pub const BLANK_FORMS: &[&str] = &["form4", "form5", "form6", "form7", "form8", "form9"];

fn tt(lang: &str, key: &str) -> String {
    t!(key, locale = lang).into()
}

fn line(lang: &str, key: &str) -> BlankField {
    BlankField::Line(tt(lang, key))
}

fn choices(lang: &str, key: &str, codes: &[&str], prefix: &str) -> BlankField {
    BlankField::Choices(
        tt(lang, key),
        codes
            .iter()
            .map(|c| tt(lang, &format!("{prefix}.{c}")))
            .collect(),
    )
}

fn section(heading: String, repeat: u8, fields: Vec<BlankField>) -> BlankSection {
    BlankSection {
        heading,
        repeat,
        fields,
    }
}

/// A heading of a repeated part without its number (「利用者 %{n}」 → 「利用者」).
fn repeated(lang: &str, key: &str) -> String {
    t!(key, locale = lang, n = "").trim().to_string()
}

fn pledges(lang: &str) -> BlankSection {
    let ticks = (1..=forms::PLEDGES)
        .map(|i| BlankField::Tick(tt(lang, &format!("form4.pledge_{i}"))))
        .collect();
    section(tt(lang, "form.pledges"), 1, ticks)
}

fn registrant(lang: &str) -> BlankSection {
    section(
        tt(lang, "registrations.registrant"),
        1,
        vec![
            line(lang, "form.name"),
            line(lang, "form.kana"),
            line(lang, "registrations.birth_date"),
        ],
    )
}

/// The sections of a blank form: the on-screen form's items, one function per form.
fn sections(lang: &str, form: &str) -> Vec<BlankSection> {
    match form {
        "form4" => form4_sections(lang),
        "form5" => form5_sections(lang),
        "form6" => form6_sections(lang),
        "form7" => form7_sections(lang),
        "form8" => form8_sections(lang),
        "form9" => form9_sections(lang),
        _ => Vec::new(),
    }
}

/// 様式第4号: the organisation, its システム管理担当者, three applicants, where the notice goes, the pledges.
fn form4_sections(lang: &str) -> Vec<BlankSection> {
    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| !matches!(*k, "city_office" | "association_office"))
        .collect();
    let professions: Vec<&str> = PROFESSIONS
        .iter()
        .copied()
        .filter(|p| *p != "clerk")
        .collect();
    vec![
        section(
            tt(lang, "form4.organisation"),
            1,
            vec![
                line(lang, "form4.org_name"),
                line(lang, "form4.org_kana"),
                choices(lang, "form4.org_kind", &kinds, "organisation_kind"),
                line(lang, "form.postcode"),
                line(lang, "form.address"),
                line(lang, "form.phone"),
                line(lang, "form.fax"),
                line(lang, "form4.representative"),
            ],
        ),
        section(
            tt(lang, "form4.manager"),
            1,
            vec![
                line(lang, "form.name"),
                line(lang, "form4.manager_title"),
                line(lang, "form.phone"),
                line(lang, "form4.manager_email"),
            ],
        ),
        section(
            repeated(lang, "form4.applicant"),
            3,
            vec![
                line(lang, "form.name"),
                line(lang, "form.kana"),
                choices(lang, "account.profession", &professions, "profession"),
                line(lang, "form4.notification_email"),
                choices(lang, "form4.device", forms::DEVICES, "form4.devices"),
                BlankField::Tick(tt(lang, "form4.work_device")),
            ],
        ),
        section(
            tt(lang, "form4.notice_to"),
            1,
            vec![
                choices(
                    lang,
                    "form4.notice_to",
                    &["notice_to_org", "notice_to_other"],
                    "form4",
                ),
                line(lang, "form.postcode"),
                line(lang, "form.address"),
            ],
        ),
        pledges(lang),
    ]
}

/// 様式第5号: the organisation and four changes (old → new), the pledges.
fn form5_sections(lang: &str) -> Vec<BlankSection> {
    vec![
        section(
            tt(lang, "form5.org_name"),
            1,
            vec![
                line(lang, "form5.org_name"),
                BlankField::Note(tt(lang, "form5.lead")),
            ],
        ),
        section(
            repeated(lang, "form5.change"),
            4,
            vec![
                choices(lang, "form5.target", forms::CHANGE_TARGETS, "form5.targets"),
                line(lang, "form5.field"),
                line(lang, "form5.login_id"),
                line(lang, "form5.old"),
                line(lang, "form5.new"),
            ],
        ),
        pledges(lang),
    ]
}

/// 様式第6号: the organisation, four accounts, the reason and the 最終利用日.
fn form6_sections(lang: &str) -> Vec<BlankSection> {
    vec![
        section(
            tt(lang, "form6.accounts"),
            1,
            vec![line(lang, "form4.org_name")],
        ),
        section(
            repeated(lang, "form6.account"),
            4,
            vec![line(lang, "login.login_id"), line(lang, "form.name")],
        ),
        section(
            tt(lang, "form6.reason"),
            1,
            vec![
                choices(lang, "form6.reason", forms::STOP_REASONS, "form6.reasons"),
                line(lang, "form6.reason_detail"),
                line(lang, "form6.last_day"),
                line(lang, "form6.contact_email"),
            ],
        ),
    ]
}

/// 様式第7号: the consent text, the registrant, their details and who signs.
fn form7_sections(lang: &str) -> Vec<BlankSection> {
    vec![
        section(
            tt(lang, "blank.consent_heading"),
            1,
            vec![
                BlankField::Note(tt(lang, "blank.consent_text")),
                BlankField::Tick(tt(lang, "form7.digital_consent")),
            ],
        ),
        registrant(lang),
        section(
            tt(lang, "form7.details"),
            1,
            vec![
                choices(lang, "form7.sex", forms::SEXES, "form7.sexes"),
                line(lang, "form.postcode"),
                line(lang, "form.address"),
                line(lang, "form.phone"),
            ],
        ),
        section(
            tt(lang, "form7.signer"),
            1,
            vec![
                choices(lang, "form7.signer", forms::SIGNERS, "form7.signers"),
                line(lang, "blank.signature"),
                line(lang, "form7.proxy_name"),
                line(lang, "form7.proxy_relationship"),
                line(lang, "form7.consent_on"),
            ],
        ),
    ]
}

/// 様式第8号: the registrant, the care manager and five rows of the team.
fn form8_sections(lang: &str) -> Vec<BlankSection> {
    vec![
        registrant(lang),
        section(
            tt(lang, "form8.coordinator"),
            1,
            vec![
                line(lang, "form.name"),
                line(lang, "form8.coordinator_org"),
                line(lang, "form.phone"),
                BlankField::Note(tt(lang, "form8.rule")),
            ],
        ),
        section(
            repeated(lang, "form8.member"),
            5,
            vec![
                choices(lang, "form8.action", forms::MEMBER_ACTIONS, "form8.actions"),
                line(lang, "login.login_id"),
                line(lang, "form.name"),
                choices(lang, "form8.role", forms::TEAM_ROLES, "form8.roles"),
            ],
        ),
    ]
}

/// 様式第9号: the registrant, who reports it, the reason and the 中止日.
fn form9_sections(lang: &str) -> Vec<BlankSection> {
    vec![
        registrant(lang),
        section(
            tt(lang, "form9.submitter_legend"),
            1,
            vec![
                choices(
                    lang,
                    "form9.submitter",
                    forms::DISCONTINUE_SUBMITTERS,
                    "form9.submitters",
                ),
                line(lang, "form.name"),
            ],
        ),
        section(
            tt(lang, "form9.reason"),
            1,
            vec![
                choices(
                    lang,
                    "form9.reason",
                    forms::DISCONTINUE_REASONS,
                    "form9.reasons",
                ),
                line(lang, "form6.reason_detail"),
                line(lang, "form9.discontinued_on"),
                BlankField::Note(tt(lang, "form9.effect")),
            ],
        ),
    ]
}

/// Form `form` blank, with the office it goes to; `None` for a form not printed blank.
pub fn blank_form(lang: &str, settings: &Settings, form: &str) -> Option<BlankForm> {
    if !BLANK_FORMS.contains(&form) {
        return None;
    }
    let m = &settings.municipality;
    // Forms 7–9 go to a 管理者 office: every one of them, each with its area.
    let offices: Vec<&crate::config::Office> = if matches!(form, "form7" | "form8" | "form9") {
        m.association_offices()
            .into_iter()
            .map(|(_, o)| o)
            .collect()
    } else {
        vec![&m.city_office]
    };
    let submit_to: Vec<String> = offices
        .iter()
        .map(|o| {
            let name = if o.area.is_empty() {
                o.name.clone()
            } else {
                t!(
                    "submit.office_area",
                    locale = lang,
                    office = o.name,
                    area = o.area
                )
                .into()
            };
            t!(
                "blank.submit_to",
                locale = lang,
                office = name,
                address = format!("〒{} {}", o.postcode, o.address),
                phone = o.phone
            )
            .into()
        })
        .collect();
    Some(BlankForm {
        title: form_label(lang, form),
        submit_to: submit_to.join(" "),
        date_line: tt(lang, "blank.date_line"),
        sections: sections(lang, form),
        footer: m.system_title.clone(),
    })
}
