//! Bulk data for the benchmarks: organisations, users and audit rows; rooms and posts for the
//! timeline; a patient room's vitals and 療養のポイント ranges for the graphs.

use super::*;

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
                    office: "",
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
                    Room::add_member(
                        conn,
                        id,
                        *uid,
                        "",
                        None,
                        crate::models::features::Features::NONE,
                        now,
                    )?;
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
