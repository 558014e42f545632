//! The demo municipality: its organisations and users (one of each profession, the two offices'
//! clerks, an account waiting for its first login), a registrant with a patient room and an
//! inter-professional room with members. Idempotent: what exists is left as it is.

use super::*;

struct DemoOrg {
    name: &'static str,
    kana: &'static str,
    kind: &'static str,
    address: &'static str,
    phone: &'static str,
}

const DEMO_ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "田中内科クリニック",
        kana: "タナカナイカクリニック",
        kind: "clinic",
        address: "市川市八幡2-3-4",
        phone: "047-300-0001",
    },
    DemoOrg {
        name: "市川訪問看護ステーション",
        kana: "イチカワホウモンカンゴステーション",
        kind: "visiting_nurse_station",
        address: "市川市市川1-2-3",
        phone: "047-300-0002",
    },
    DemoOrg {
        name: "八幡調剤薬局",
        kana: "ヤワタチョウザイヤッキョク",
        kind: "pharmacy",
        address: "市川市八幡3-1-1",
        phone: "047-300-0003",
    },
    DemoOrg {
        name: "市川居宅介護支援事業所",
        kana: "イチカワキョタクカイゴシエンジギョウショ",
        kind: "care_management_office",
        address: "市川市真間2-2-2",
        phone: "047-300-0004",
    },
    DemoOrg {
        name: "ヘルパーステーションいちかわ",
        kana: "ヘルパーステーションイチカワ",
        kind: "home_help_office",
        address: "市川市国府台1-1-1",
        phone: "047-300-0005",
    },
];

/// (login, name, kana, organisation index: -1 city, -2 association, else DEMO_ORGS, profession, role, org manager)
const DEMO_USERS: &[(&str, &str, &str, i32, &str, Role, bool)] = &[
    (
        "city-admin",
        "市川 花子",
        "イチカワ ハナコ",
        -1,
        "clerk",
        Role::CityAdmin,
        false,
    ),
    (
        "assoc-admin",
        "真間 太郎",
        "ママ タロウ",
        -2,
        "clerk",
        Role::AssociationAdmin,
        false,
    ),
    (
        "dr-tanaka",
        "田中 一郎",
        "タナカ イチロウ",
        0,
        "doctor",
        Role::Professional,
        true,
    ),
    (
        "ns-suzuki",
        "鈴木 由美",
        "スズキ ユミ",
        1,
        "visiting_nurse",
        Role::Professional,
        true,
    ),
    (
        "pt-watanabe",
        "渡辺 翔",
        "ワタナベ ショウ",
        1,
        "physical_therapist",
        Role::Professional,
        false,
    ),
    (
        "ph-sato",
        "佐藤 健",
        "サトウ ケン",
        2,
        "pharmacist",
        Role::Professional,
        true,
    ),
    (
        "cm-takahashi",
        "高橋 恵子",
        "タカハシ ケイコ",
        3,
        "care_manager",
        Role::Professional,
        true,
    ),
    (
        "hh-ito",
        "伊藤 真理",
        "イトウ マリ",
        4,
        "home_helper",
        Role::Professional,
        true,
    ),
];

fn seed_actor() -> Actor {
    Actor {
        user_id: None,
        login: "renkei seed-demo".into(),
        role: "system".into(),
        ip: "cli".into(),
    }
}

/// Builds the demo municipality. Idempotent: what exists is left as it is.
pub fn seed_demo(
    conn: &mut DbConnection,
    settings: &Settings,
    now: NaiveDateTime,
) -> anyhow::Result<Vec<String>> {
    let password_hash = hash_password(DEMO_PASSWORD);
    let mut created = Vec::new();
    write_tx(conn, |conn| -> anyhow::Result<()> {
        let (city, association) = ensure_offices(conn, &settings.municipality, now)?;
        let mut org_ids = Vec::new();
        for o in DEMO_ORGS {
            org_ids.push(Organisation::ensure(
                conn,
                &NewOrganisation {
                    name: o.name,
                    kana: o.kana,
                    kind: o.kind,
                    postcode: "272-0000",
                    address: o.address,
                    phone: o.phone,
                    created_at: now,
                },
            )?);
        }
        for (login, name, kana, org, profession, role, manager) in DEMO_USERS {
            if User::find_by_login(conn, login)?.is_some() {
                continue;
            }
            let organisation_id = match org {
                -1 => city,
                -2 => association,
                i => org_ids[*i as usize],
            };
            let id = User::create(
                conn,
                &NewUser {
                    login_id: login,
                    display_name: name,
                    kana,
                    organisation_id,
                    profession,
                    role: role.as_str(),
                    is_org_manager: *manager,
                    email: &format!("{login}@demo.invalid"),
                    locale: None,
                    status: UserStatus::Active.as_str(),
                    password_hash: Some(&password_hash),
                    must_change_password: false,
                    is_demo: true,
                    created_at: now,
                    office: match role {
                        Role::CityAdmin => "city",
                        Role::AssociationAdmin => "association",
                        Role::Professional => "",
                    },
                },
            )?;
            AuthFactor::insert_confirmed(conn, id, DEMO_TOTP_SECRET, now)?;
            AuditRecord::append(
                conn,
                AuditEntry::new(&seed_actor(), "account.create", "success")
                    .target("user", id)
                    .detail("demo"),
                now,
            )?;
            created.push(login.to_string());
        }
        if User::find_by_login(conn, DEMO_PENDING_LOGIN)?.is_none() {
            let id = User::create(
                conn,
                &NewUser {
                    login_id: DEMO_PENDING_LOGIN,
                    display_name: "山本 さくら",
                    kana: "ヤマモト サクラ",
                    organisation_id: org_ids[1],
                    profession: "visiting_nurse",
                    role: Role::Professional.as_str(),
                    is_org_manager: false,
                    email: "new-nurse@demo.invalid",
                    locale: None,
                    status: UserStatus::Pending.as_str(),
                    password_hash: None,
                    must_change_password: true,
                    is_demo: true,
                    created_at: now,
                    office: "",
                },
            )?;
            ActivationCode::issue(
                conn,
                id,
                DEMO_ACTIVATION_CODE,
                now,
                now + TimeDelta::days(3650),
            )?;
            AuditRecord::append(
                conn,
                AuditEntry::new(&seed_actor(), "account.create", "success")
                    .target("user", id)
                    .detail("demo pending"),
                now,
            )?;
            created.push(DEMO_PENDING_LOGIN.to_string());
        }
        seed_demo_rooms(conn, now)?;
        Ok(())
    })?;
    Ok(created)
}

/// A registrant with consent and their patient room, and one inter-professional room, so that
/// a demo shows rooms with members. Skipped when the registrant exists.
fn seed_demo_rooms(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<()> {
    use crate::models::rooms::{Registrant, RegistrantData, Room, RoomKind};
    let birth = chrono::NaiveDate::from_ymd_opt(1938, 5, 10).expect("a date");
    if !Registrant::find_by_identity(conn, "association", "ヤワタ タダシ", birth)?.is_empty()
    {
        return Ok(());
    }
    let registrant = Registrant::insert(
        conn,
        &RegistrantData {
            name: "八幡 正",
            kana: "ヤワタ タダシ",
            birth_date: birth,
            sex: "male",
            postcode: "272-0021",
            address: "市川市八幡9-9-9",
            phone: "047-399-0000",
            consent_on: now.date(),
            signer: "self",
            proxy_name: "",
            proxy_relationship: "",
            digital_consent: false,
            consent_application_id: None,
            office: "association",
        },
        now,
    )?;
    let patient_room = Room::open(
        conn,
        RoomKind::Patient,
        Some(registrant),
        "八幡 正",
        "",
        "association",
        None,
        now,
    )?;
    let inter_room = Room::open(
        conn,
        RoomKind::InterProfessional,
        None,
        "病診連携の部屋",
        "病院と診療所の連携について話し合う部屋です。",
        "city",
        None,
        now,
    )?;
    let members: &[(i64, &str, &str)] = &[
        (patient_room, "dr-tanaka", "attending_doctor"),
        (patient_room, "ns-suzuki", "visiting_nursing"),
        (patient_room, "ph-sato", "pharmacy"),
        (patient_room, "cm-takahashi", "care_management"),
        (inter_room, "dr-tanaka", ""),
        (inter_room, "ns-suzuki", ""),
        (inter_room, "pt-watanabe", ""),
    ];
    for (room, login, role) in members {
        if let Some(u) = User::find_by_login(conn, login)? {
            let read_only = crate::config::RoomSettings::default().read_only_for(&u.profession);
            Room::add_member(conn, *room, u.id, role, None, read_only, now)?;
        }
    }
    for room in [patient_room, inter_room] {
        AuditRecord::append(
            conn,
            AuditEntry::new(&seed_actor(), "room.open", "success")
                .target("room", room)
                .detail("demo"),
            now,
        )?;
    }
    Ok(())
}
