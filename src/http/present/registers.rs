//! The words of the two registers: one row (page and CSV share it, so the download says what the
//! screen says) and one record page, for the 登録者台帳 and the 利用団体台帳.

use rust_i18n::t;

use crate::http::paths;
use crate::http::present::labels::{
    account_status_label, form_label, organisation_kind_label, profession_label, role_label,
    status_label, team_role_label,
};
use crate::http::present::{date, date_wareki, datetime};
use crate::models::applications::Application;
use crate::models::organisations::Organisation;
use crate::models::rooms::{Registrant, Room, TeamPeriod};
use crate::models::views::registers::{OrganisationRecord, RegistrantRecord};
use renkei_views::registers::{RecordTable, RecordView, RegisterRow};

fn tt(lang: &str, key: &str) -> String {
    t!(key, locale = lang).into()
}

/// The registrant's status in words (利用中, 利用中止（日付）).
fn registrant_status(lang: &str, r: &Registrant) -> String {
    match r.discontinued_on {
        Some(d) if !r.is_active() => t!(
            "registers.status_discontinued",
            locale = lang,
            date = date(lang, d)
        )
        .into(),
        _ => tt(lang, "registers.status_active"),
    }
}

fn room_status(lang: &str, room: &Room) -> String {
    t!(format!("rooms.statuses.{}", room.status), locale = lang).into()
}

/// `main（note）`, the way the register writes a detail after a value.
fn noted(lang: &str, main: &str, note: &str) -> String {
    if note.is_empty() {
        return main.to_string();
    }
    t!("registers.noted", locale = lang, main = main, note = note).into()
}

fn address(lang: &str, postcode: &str, address: &str) -> String {
    t!(
        "registers.postal_address",
        locale = lang,
        postcode = postcode,
        address = address
    )
    .into()
}

fn room_cell(lang: &str, room: &Room) -> String {
    noted(lang, &room.label(), &room_status(lang, room))
}

fn rooms_cell(lang: &str, rooms: &[Room]) -> String {
    if rooms.is_empty() {
        return tt(lang, "registers.no_room");
    }
    let cells: Vec<String> = rooms.iter().map(|r| room_cell(lang, r)).collect();
    cells.join(&tt(lang, "registers.separator"))
}

fn signer(lang: &str, r: &Registrant) -> String {
    let who: String = t!(format!("form7.signers.{}", r.signer), locale = lang).into();
    let proxy = format!("{} {}", r.proxy_name, r.proxy_relationship);
    noted(lang, &who, proxy.trim())
}

fn yes_no(lang: &str, yes: bool) -> String {
    tt(
        lang,
        if yes {
            "registers.consent_given"
        } else {
            "registers.consent_none"
        },
    )
}

pub fn registrant_headers(lang: &str) -> Vec<String> {
    [
        "form.name",
        "form.kana",
        "registers.birth_date",
        "registers.consent_on",
        "registers.signer",
        "registers.digital_consent",
        "registers.status",
        "registers.rooms",
    ]
    .iter()
    .map(|k| tt(lang, k))
    .collect()
}

/// One registrant as a row: name, reading, birth date, consent, signer, 電子化同意, status, rooms.
pub fn registrant_cells(lang: &str, r: &Registrant, rooms: &[Room]) -> Vec<String> {
    vec![
        r.name.clone(),
        r.kana.clone(),
        date_wareki(lang, r.birth_date),
        date(lang, r.consent_on),
        signer(lang, r),
        yes_no(lang, r.digital_consent),
        registrant_status(lang, r),
        rooms_cell(lang, rooms),
    ]
}

pub fn registrant_row(lang: &str, r: &Registrant, rooms: &[Room]) -> RegisterRow {
    RegisterRow {
        href: paths::registrant(r.id),
        cells: registrant_cells(lang, r, rooms),
        muted: !r.is_active(),
    }
}

fn headers(lang: &str, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tt(lang, k)).collect()
}

/// The registration, consent and contact of a registrant.
fn registrant_facts(lang: &str, r: &Registrant) -> Vec<(String, Vec<(String, String)>)> {
    let sex: String = t!(format!("form7.sexes.{}", r.sex), locale = lang).into();
    let fact = |key: &str, value: String| (tt(lang, key), value);
    vec![
        (
            tt(lang, "registers.record"),
            vec![
                fact("form.name", r.name.clone()),
                fact("form.kana", r.kana.clone()),
                fact("registers.birth_date", date_wareki(lang, r.birth_date)),
                fact("form7.sex", sex),
                fact("registers.status", registrant_status(lang, r)),
                fact("registers.consent_on", date(lang, r.consent_on)),
                fact("registers.signer", signer(lang, r)),
                fact("registers.digital_consent", yes_no(lang, r.digital_consent)),
            ],
        ),
        (
            tt(lang, "registers.contact"),
            vec![
                fact("registers.address", address(lang, &r.postcode, &r.address)),
                fact("registers.phone", r.phone.clone()),
            ],
        ),
    ]
}

/// Everyone who was ever in a room's team, with when they joined and left.
fn team_table(lang: &str, room: &Room, team: &[TeamPeriod]) -> RecordTable {
    RecordTable {
        caption: t!(
            "registers.team_history",
            locale = lang,
            label = room_cell(lang, room)
        )
        .into(),
        headers: headers(
            lang,
            &[
                "form.name",
                "login.login_id",
                "account.profession",
                "form8.role",
                "registers.joined",
                "registers.left",
            ],
        ),
        rows: team
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.login_id.clone(),
                    profession_label(lang, &p.profession),
                    team_role_label(lang, &p.team_role),
                    datetime(lang, p.added_at),
                    p.removed_at
                        .map(|t| datetime(lang, t))
                        .unwrap_or_else(|| tt(lang, "registers.current")),
                ]
            })
            .collect(),
        empty: tt(lang, "registers.team_empty"),
    }
}

/// The applications about a registrant: receipt, form, day received, status.
fn applications_table(lang: &str, applications: &[Application]) -> RecordTable {
    RecordTable {
        caption: tt(lang, "registers.applications"),
        headers: headers(
            lang,
            &[
                "registers.receipt",
                "registers.form",
                "registers.received",
                "registers.app_status",
            ],
        ),
        rows: applications
            .iter()
            .map(|a| {
                vec![
                    a.receipt_number.clone(),
                    form_label(lang, &a.form),
                    date(lang, a.received_on),
                    status_label(lang, &a.status),
                ]
            })
            .collect(),
        empty: tt(lang, "registers.applications_empty"),
    }
}

/// One registrant's record: the registration and consent, each room with its team history, and
/// the applications about them.
pub fn registrant_record<'a>(lang: &'a str, rec: &RegistrantRecord) -> RecordView<'a> {
    let r = &rec.registrant;
    let mut tables: Vec<RecordTable> = rec
        .rooms
        .iter()
        .map(|(room, team)| team_table(lang, room, team))
        .collect();
    tables.push(applications_table(lang, &rec.applications));
    let mut links = vec![
        (
            paths::REGISTRANTS.to_string(),
            tt(lang, "registers.back_registrants"),
        ),
        (paths::registrant_views(r.id), tt(lang, "registers.access")),
    ];
    links.extend(
        rec.rooms
            .iter()
            .filter(|(room, _)| room.status != "purged")
            .map(|(room, _)| (paths::room_admin(room.id), room.label())),
    );
    RecordView {
        lang,
        facts: registrant_facts(lang, r),
        tables,
        links,
    }
}

pub fn organisation_headers(lang: &str) -> Vec<String> {
    [
        "account.organisation",
        "form.kana",
        "registers.kind",
        "registers.manager",
        "registers.phone",
        "registers.fax",
        "registers.accounts",
    ]
    .iter()
    .map(|k| tt(lang, k))
    .collect()
}

fn count_of(counts: &[(String, i64)], status: &str) -> i64 {
    counts
        .iter()
        .filter(|(s, _)| s == status)
        .map(|(_, n)| *n)
        .sum()
}

/// One organisation as a row: name, reading, kind, manager (with phone), phone, FAX, accounts.
pub fn organisation_cells(lang: &str, o: &Organisation, counts: &[(String, i64)]) -> Vec<String> {
    let manager = noted(lang, &o.manager_name, &o.manager_phone);
    vec![
        o.name.clone(),
        o.kana.clone(),
        organisation_kind_label(lang, &o.kind),
        manager,
        o.phone.clone(),
        o.fax.clone(),
        t!(
            "registers.accounts_counts",
            locale = lang,
            active = count_of(counts, "active"),
            pending = count_of(counts, "pending"),
            stopped = count_of(counts, "stopped")
        )
        .into(),
    ]
}

pub fn organisation_row(lang: &str, o: &Organisation, counts: &[(String, i64)]) -> RegisterRow {
    RegisterRow {
        href: paths::organisation(o.id),
        cells: organisation_cells(lang, o, counts),
        muted: false,
    }
}

/// What is registered about an organisation, and its manager's contacts.
fn organisation_facts(lang: &str, o: &Organisation) -> Vec<(String, Vec<(String, String)>)> {
    let fact = |key: &str, value: String| (tt(lang, key), value);
    let registered = crate::domain::jst::date_of(o.created_at);
    vec![
        (
            tt(lang, "registers.organisation"),
            vec![
                fact("account.organisation", o.name.clone()),
                fact("form.kana", o.kana.clone()),
                fact("registers.kind", organisation_kind_label(lang, &o.kind)),
                fact("registers.address", address(lang, &o.postcode, &o.address)),
                fact("registers.phone", o.phone.clone()),
                fact("registers.fax", o.fax.clone()),
                fact("registers.representative", o.representative.clone()),
                fact("registers.registered_by", date(lang, registered)),
            ],
        ),
        (
            tt(lang, "registers.manager_contacts"),
            vec![
                fact("form.name", o.manager_name.clone()),
                fact("registers.manager_title", o.manager_title.clone()),
                fact("registers.phone", o.manager_phone.clone()),
                fact("registers.email", o.manager_email.clone()),
            ],
        ),
    ]
}

/// One organisation's record: what is registered, its manager's contacts, and its accounts.
pub fn organisation_record<'a>(lang: &'a str, rec: &OrganisationRecord) -> RecordView<'a> {
    let staff = RecordTable {
        caption: tt(lang, "registers.staff"),
        headers: headers(
            lang,
            &[
                "account.name",
                "login.login_id",
                "account.profession",
                "users.role",
                "users.status",
            ],
        ),
        rows: rec
            .staff
            .iter()
            .map(|u| {
                vec![
                    u.display_name.clone(),
                    u.login_id.clone(),
                    profession_label(lang, &u.profession),
                    role_label(lang, u.role(), u.is_org_manager),
                    account_status_label(lang, u),
                ]
            })
            .collect(),
        empty: tt(lang, "registers.staff_empty"),
    };
    RecordView {
        lang,
        facts: organisation_facts(lang, &rec.organisation),
        tables: vec![staff],
        links: vec![(
            paths::ORGANISATIONS.to_string(),
            tt(lang, "registers.back_organisations"),
        )],
    }
}
