//! Demo and benchmark data. `seed-demo` builds a small municipality (the two offices, a few
//! organisations, one user of each profession) and can run again without duplicating anything;
//! `seed-scale` adds bulk data for benchmarks.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::factors::{ActivationCode, AuthFactor};
use crate::models::organisations::{NewOrganisation, Organisation};
use crate::models::users::NewUser;
use crate::models::{Role, User, UserStatus};
use crate::services::accounts::ensure_offices;
use crate::services::auth::hash_password;

/// The published demo credentials. Demo accounts are flagged `is_demo`; never seed them into a
/// production database.
pub const DEMO_PASSWORD: &str = "renkei-demo-2026";
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const DEMO_ACTIVATION_CODE: &str = "DEMO-CODE-2026";
pub const DEMO_PENDING_LOGIN: &str = "new-nurse";

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
    if !Registrant::find_by_identity(conn, "ヤワタ タダシ", birth)?.is_empty() {
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
            Room::add_member(conn, *room, u.id, role, None, now)?;
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

/// Bulk data for benchmarks: organisations, active users (with the demo password and TOTP
/// secret, so a benchmark can log in as `scale-user-N`) and audit rows.
pub fn seed_scale(
    conn: &mut DbConnection,
    settings: &Settings,
    organisations: usize,
    users: usize,
    audit_rows: usize,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    use crate::schema::{organisations as o, users as u};
    let password_hash = hash_password(DEMO_PASSWORD);
    write_tx(conn, |conn| -> anyhow::Result<()> {
        ensure_offices(conn, &settings.municipality, now)?;
        let existing: i64 = o::table.count().get_result(conn)?;
        for i in 0..organisations {
            let name = format!("規模試験事業所{:05}", existing as usize + i);
            Organisation::ensure(
                conn,
                &NewOrganisation {
                    name: &name,
                    kana: "",
                    kind: "clinic",
                    postcode: "272-0000",
                    address: "市川市",
                    phone: "047-000-0000",
                    created_at: now,
                },
            )?;
        }
        let org_ids: Vec<i64> = o::table.select(o::id).load(conn)?;
        let existing_users: i64 = u::table.count().get_result(conn)?;
        for i in 0..users {
            let n = existing_users as usize + i;
            let login = format!("scale-user-{n}");
            let id = User::create(
                conn,
                &NewUser {
                    login_id: &login,
                    display_name: &format!("規模 試験{n}"),
                    kana: "キボ シケン",
                    organisation_id: org_ids[n % org_ids.len()],
                    profession: crate::models::users::PROFESSIONS[n % 10],
                    role: Role::Professional.as_str(),
                    is_org_manager: false,
                    email: &format!("{login}@demo.invalid"),
                    locale: None,
                    status: UserStatus::Active.as_str(),
                    password_hash: Some(&password_hash),
                    must_change_password: false,
                    is_demo: true,
                    created_at: now,
                },
            )?;
            AuthFactor::insert_confirmed(conn, id, DEMO_TOTP_SECRET, now)?;
        }
        let actor = Actor {
            user_id: None,
            login: "renkei seed-scale".into(),
            role: "system".into(),
            ip: "cli".into(),
        };
        for i in 0..audit_rows {
            AuditRecord::append(
                conn,
                AuditEntry::new(&actor, "seed.scale", "success").detail(format!("row {i}")),
                now,
            )?;
        }
        Ok(())
    })
}

/// Rooms and posts for the timeline benchmark: `rooms` inter-professional rooms (規模試験の部屋N),
/// each with three scale users and ns-suzuki in the first 20; `posts` posts, `big_room_posts` of
/// them in the first room and the rest round-robin over the others, written in batches.
pub fn seed_scale_rooms(
    conn: &mut DbConnection,
    rooms: usize,
    posts: usize,
    big_room_posts: usize,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    use crate::models::posts::{NewPost, Post};
    use crate::models::rooms::{Room, RoomKind};
    use crate::schema::users as u;
    if rooms == 0 {
        return Ok(());
    }
    let scale_users: Vec<i64> = u::table
        .filter(u::login_id.like("scale-user-%"))
        .select(u::id)
        .load(conn)?;
    let nurse = User::find_by_login(conn, "ns-suzuki")?.map(|u| u.id);
    anyhow::ensure!(
        !scale_users.is_empty(),
        "seed-scale rooms need --users first"
    );
    let mut room_ids = Vec::with_capacity(rooms);
    let mut members: Vec<Vec<i64>> = Vec::with_capacity(rooms);
    for chunk in (0..rooms).collect::<Vec<_>>().chunks(1000) {
        write_tx(conn, |conn| -> anyhow::Result<()> {
            for &n in chunk {
                let id = Room::open(
                    conn,
                    RoomKind::InterProfessional,
                    None,
                    &format!("規模試験の部屋{n:05}"),
                    "",
                    "city",
                    None,
                    now,
                )?;
                let mut m: Vec<i64> = (0..3)
                    .map(|k| scale_users[(n * 3 + k) % scale_users.len()])
                    .collect();
                if n < 20
                    && let Some(nurse) = nurse
                {
                    m.push(nurse);
                }
                m.dedup();
                for uid in &m {
                    Room::add_member(conn, id, *uid, "", None, now)?;
                }
                room_ids.push(id);
                members.push(m);
            }
            Ok(())
        })?;
    }
    let bodies = [
        "本日訪問しました。血圧は安定しています。食事量は普段どおりです。",
        "服薬の確認をしました。残薬はありません。次回の処方について相談があります。",
        "仙骨部の発赤が少し広がっています。体位変換の間隔を見直してください。",
        "ご家族から、夜間の不穏について相談がありました。睡眠の様子を共有します。",
    ];
    let mut written = 0usize;
    let others = room_ids.len().saturating_sub(1).max(1);
    while written < posts {
        let end = (written + 5000).min(posts);
        write_tx(conn, |conn| -> anyhow::Result<()> {
            for i in written..end {
                let r = if i < big_room_posts || room_ids.len() == 1 {
                    0
                } else {
                    1 + (i - big_room_posts) % others
                };
                let m = &members[r];
                let key = format!("scale-{i:09}");
                let subject = format!("経過報告 {i}");
                Post::insert(
                    conn,
                    &NewPost {
                        room_id: room_ids[r],
                        author_id: m[i % m.len()],
                        parent_id: None,
                        subject: &subject,
                        body: bodies[i % bodies.len()],
                        to_all: true,
                        reply_wanted_from: "",
                        idempotency_key: &key,
                        addressees: &[],
                        tags: &[],
                    },
                    now,
                )?;
            }
            Ok(())
        })?;
        written = end;
    }
    Ok(())
}

/// `n` entries of vitals over the last 90 days in the demo patient room, and 療養のポイント
/// ranges for 体温 and SpO2 (so the graphs have bands and values outside them): the data of
/// the vitals benchmark.
pub fn seed_scale_vitals(
    conn: &mut DbConnection,
    n: usize,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    use crate::domain::vitals::CarePoints;
    use crate::domain::vitals::{Entry, Measure, Range};
    use crate::models::documents::{DocKind, Documents};
    use crate::models::vitals::Vital;
    if n == 0 {
        return Ok(());
    }
    let room: i64 = crate::schema::rooms::table
        .filter(crate::schema::rooms::kind.eq("patient"))
        .select(crate::schema::rooms::id)
        .first(conn)?;
    let nurse = User::find_by_login(conn, "ns-suzuki")?
        .ok_or_else(|| anyhow::anyhow!("seed the demo first"))?
        .id;
    let points = CarePoints {
        observation: "発熱と呼吸状態".into(),
        report_when: "37.5℃以上、SpO2 93%未満".into(),
        ranges: vec![
            Range {
                measure: Measure::Temperature,
                low: None,
                high: Some(375),
            },
            Range {
                measure: Measure::Spo2,
                low: Some(93),
                high: None,
            },
        ],
        recipients: vec![nurse],
    };
    Documents::save(conn, room, DocKind::CarePoints, &points, nurse, now)?;
    let span = 90 * 24 * 3600 / n.max(1) as i64;
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        write_tx(conn, |conn| -> anyhow::Result<()> {
            for &i in chunk {
                let wave = (i % 29) as i32;
                let entry = Entry {
                    measured_at: now - chrono::TimeDelta::seconds(span * (n - i) as i64),
                    values: vec![
                        (
                            Measure::Temperature,
                            360 + wave / 2 + if i % 97 == 0 { 15 } else { 0 },
                        ),
                        (Measure::Pulse, 64 + wave),
                        (Measure::Systolic, 118 + wave),
                        (Measure::Diastolic, 72 + wave / 2),
                        (Measure::Spo2, 97 - (wave % 5)),
                    ],
                    note: String::new(),
                };
                Vital::insert(
                    conn,
                    room,
                    &entry,
                    nurse,
                    "",
                    &format!("scale-vital-{i}"),
                    now,
                )?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
