//! The labels of stored codes, in the reader's language: forms, statuses, channels and offices of
//! applications, room kinds and team roles, measures, units and reference ranges, roles and
//! professions. Data are stored as codes; these are the only places that turn them into words.

use chrono::NaiveDate;
use rust_i18n::t;

use crate::domain::vitals::{Measure, Range};
use crate::models::Role;
use crate::models::applications::Office;

pub fn date_label(lang: &str, d: NaiveDate) -> String {
    crate::http::present::date_wareki(lang, d)
}

pub fn form_label(lang: &str, form: &str) -> String {
    t!(format!("applications.forms.{form}"), locale = lang).into()
}

/// The offices' short names of the running configuration (`municipality.*.short_name`):
/// 「市」 and 「医師会」 in 市川, but in 南空知 the 医師会 is the S管理者. One process serves one
/// municipality: the app sets them as it starts (`AppState::new`), and each worker thread as it
/// builds its app (`http::app`) — so tests that run two configurations side by side on their
/// own threads each see their own.
static OFFICE_NAMES: std::sync::RwLock<Option<OfficeNames>> = std::sync::RwLock::new(None);

thread_local! {
    static THREAD_OFFICE_NAMES: std::cell::RefCell<Option<OfficeNames>> =
        const { std::cell::RefCell::new(None) };
}

/// (office code, Japanese, English) of every configured office.
type OfficeNames = Vec<(&'static str, String, String)>;

fn names_of(m: &crate::config::Municipality) -> OfficeNames {
    m.offices()
        .into_iter()
        .map(|(o, c)| (o.as_str(), c.short_name.clone(), c.short_name_en.clone()))
        .collect()
}

/// Takes the short names from the configuration (for the whole process).
pub fn set_office_names(m: &crate::config::Municipality) {
    if let Ok(mut slot) = OFFICE_NAMES.write() {
        *slot = Some(names_of(m));
    }
}

/// Takes the short names from the configuration for the app this thread serves.
pub fn set_thread_office_names(m: &crate::config::Municipality) {
    THREAD_OFFICE_NAMES.with(|slot| *slot.borrow_mut() = Some(names_of(m)));
}

/// What the configuration calls the office (「市」「医師会」), in the reader's language.
pub fn office_short_name(lang: &str, office: Office) -> String {
    let code = office.as_str();
    let pick = |names: &OfficeNames| {
        names
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, ja, en)| if lang == "en" { en.clone() } else { ja.clone() })
    };
    let configured = THREAD_OFFICE_NAMES
        .with(|slot| slot.borrow().as_ref().and_then(pick))
        .or_else(|| {
            OFFICE_NAMES
                .read()
                .ok()
                .and_then(|names| names.as_ref().and_then(pick))
        });
    configured.unwrap_or_else(|| {
        t!(
            format!("applications.office_short.{}", office.kind()),
            locale = lang
        )
        .into()
    })
}

/// The office as a role: 「S管理者（市）」「管理者（医師会）」.
pub fn office_label(lang: &str, office: Office) -> String {
    office_text(
        lang,
        &format!("applications.offices.{}", office.kind()),
        office,
    )
}

/// A text that names an office (`%{office}` in the locale), with the configured short name.
pub fn office_text(lang: &str, key: &str, office: Office) -> String {
    t!(key, locale = lang, office = office_short_name(lang, office)).into()
}

pub fn kind_label(lang: &str, kind: &str) -> String {
    t!(format!("rooms.kinds.{kind}"), locale = lang).into()
}

pub fn team_role_label(lang: &str, role: &str) -> String {
    if role.is_empty() {
        String::new()
    } else {
        t!(format!("form8.roles.{role}"), locale = lang).into()
    }
}

pub fn measure_label(lang: &str, m: Measure) -> String {
    t!(format!("vitals.measures.{}", m.code()), locale = lang).into()
}

/// The unit in the reader's language: 回/分 is "/min" in English.
pub fn unit_label(lang: &str, m: Measure) -> String {
    t!(format!("vitals.units.{}", m.code()), locale = lang).into()
}

/// "37.5 ℃以下", "93 %以上", "36.0〜37.5 ℃": a reference range in words.
pub fn range_label(lang: &str, r: &Range) -> String {
    let m = r.measure;
    let unit = unit_label(lang, m);
    let v = |x: i32| format!("{} {unit}", m.show(x));
    match (r.low, r.high) {
        (Some(l), Some(h)) => format!("{} {unit}", m.range_text(l, h)),
        (Some(l), None) => t!("vitals.at_least", locale = lang, v = v(l)).into(),
        (None, Some(h)) => t!("vitals.at_most", locale = lang, v = v(h)).into(),
        (None, None) => String::new(),
    }
}

pub fn role_label(lang: &str, role: Role, is_org_manager: bool) -> String {
    let base: String = match role {
        Role::CityAdmin => t!("role.city_admin", locale = lang).into(),
        Role::AssociationAdmin => t!("role.association_admin", locale = lang).into(),
        Role::Professional => t!("role.professional", locale = lang).into(),
    };
    if is_org_manager {
        format!("{base}・{}", t!("role.org_manager", locale = lang))
    } else {
        base
    }
}

pub fn profession_label(lang: &str, code: &str) -> String {
    t!(format!("profession.{code}"), locale = lang).into()
}

/// The professions whose name, in Japanese or English, contains `query` (a search by 職種).
pub fn professions_matching(query: &str) -> Vec<String> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    crate::models::users::PROFESSIONS
        .iter()
        .filter(|code| {
            ["ja", "en"]
                .iter()
                .any(|l| profession_label(l, code).to_lowercase().contains(&q))
        })
        .map(|c| c.to_string())
        .collect()
}

pub fn status_label(lang: &str, status: &str) -> String {
    t!(format!("applications.statuses.{status}"), locale = lang).into()
}

pub fn channel_label(lang: &str, channel: &str) -> String {
    t!(format!("applications.channels.{channel}"), locale = lang).into()
}

/// An application's summary code in words: `accounts:3` → アカウント3件, `reason:death` → 死亡,
/// `join:2` → 参加 担当者2件. Words stored before summaries were codes come as `text:…`.
pub fn summary_label(lang: &str, code: &str) -> String {
    let (what, arg) = code.split_once(':').unwrap_or((code, ""));
    let count = arg.parse::<usize>().unwrap_or(0);
    match what {
        "" => String::new(),
        "accounts" | "changes" | "stops" | "members" => t!(
            format!("applications.summary_{what}"),
            locale = lang,
            count = count
        )
        .into(),
        "consent" => t!("applications.summary_consent", locale = lang).into(),
        "reason" => t!(format!("form9.reasons.{arg}"), locale = lang).into(),
        "join" | "leave" => format!(
            "{} {}",
            t!(format!("submit.choices.{what}"), locale = lang),
            t!("applications.summary_members", locale = lang, count = count)
        ),
        "text" => arg.to_string(),
        _ => code.to_string(),
    }
}

/// The account's status in words; an account with a 最終利用日 still to come says so (停止予定).
pub fn account_status_label(lang: &str, user: &crate::models::User) -> String {
    match (user.status(), user.stop_on) {
        (crate::models::UserStatus::Stopped, _) => t!("users.status_stopped", locale = lang).into(),
        (_, Some(last)) => t!(
            "users.status_stop_scheduled",
            locale = lang,
            date = crate::http::present::date(lang, last)
        )
        .into(),
        (crate::models::UserStatus::Pending, None) => {
            t!("users.status_pending", locale = lang).into()
        }
        (crate::models::UserStatus::Active, None) => {
            t!("users.status_active", locale = lang).into()
        }
    }
}

/// An organisation's kind.
pub fn organisation_kind_label(lang: &str, kind: &str) -> String {
    t!(format!("organisation_kind.{kind}"), locale = lang).into()
}
