//! 閲覧・入力権限 through HTTP: a home helper joins with their profession's defaults (reads
//! 療養のポイント, おくすり情報, 患者情報; enters vitals); the office sets a member's rights per
//! feature on the room's admin page (audited); a 閲覧のみ member is refused with the reason on
//! every write route and its forms — before anything they typed is judged — and nothing is
//! stored, while they still read every tab and answer a poll for themselves.

use crate::common::{Browser, TestApp, key_of};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::{events, polls, posts, prescriptions, room_documents, vitals};

type Fields<'a> = [(&'a str, &'a str)];

/// The features the admin form asks about in a patient room.
const SHOWN: [&str; 6] = [
    "timeline",
    "care_points",
    "vitals",
    "medication",
    "patient_info",
    "calendar",
];

const REFUSED: &str = "閲覧のみに設定されているため";

/// Sets `member`'s rights in `room` as the 管理者 does: `write` lists the features they may
/// enter in, the others become 閲覧のみ.
async fn set_rights<S, B>(
    app: &S,
    clerk: &mut Browser,
    room: i64,
    member: i64,
    write: &[&str],
) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let page = clerk.get(app, &format!("/rooms/admin/{room}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("閲覧・入力権限"), "{}", page.body);
    let token = page.csrf();
    let member = member.to_string();
    let field = format!("write_{member}");
    let mut fields = vec![("csrf_token", token.as_str()), ("member", member.as_str())];
    for f in SHOWN {
        fields.push(("shown", f));
    }
    for f in write {
        fields.push((field.as_str(), f));
    }
    let r = clerk
        .post(app, &format!("/rooms/admin/{room}/rights"), &fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location().to_string()
}

macro_rules! count {
    ($conn:expr, $table:expr) => {
        $table.count().get_result::<i64>($conn).unwrap()
    };
}

#[actix_web::test]
async fn a_read_only_member_is_refused_on_every_write_route_and_still_reads() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let nurse_id = t.user_id("ns-suzuki");
    let doctor_id = t.user_id("dr-tanaka").to_string();
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;

    // While she may write: a post, a vital, a prescription, a meeting and a poll of her own.
    let page = nurse.get(&app, &format!("/rooms/{room}")).await;
    let r = nurse
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "訪問報告"),
                ("body", "本日訪問しました。"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let post: i64 = posts::table
        .filter(posts::author_id.eq(nurse_id))
        .select(posts::id)
        .first(&mut t.conn())
        .unwrap();
    let page = nurse.get(&app, &format!("/rooms/{room}/vitals")).await;
    let token = page.csrf();
    let vital_key = key_of(&page.body);
    let entry = [
        ("csrf_token", token.as_str()),
        ("key", vital_key.as_str()),
        ("measured_on", "令和8年11月20日"),
        ("measured_time", "8:30"),
        ("temperature", "36.8"),
    ];
    let r = nurse
        .post(&app, &format!("/rooms/{room}/vitals"), &entry)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let vital: i64 = vitals::table
        .filter(vitals::room_id.eq(room))
        .select(vitals::id)
        .first(&mut t.conn())
        .unwrap();
    let page = nurse.get(&app, &format!("/rooms/{room}/medication")).await;
    let rx_key = key_of(&page.body);
    let rx_fields = [
        ("csrf_token", token.as_str()),
        ("key", rx_key.as_str()),
        ("prescribed_on", "令和8年11月18日"),
        ("institution", "田中内科クリニック"),
        ("prescriber", "田中 一郎"),
        ("line_1_drug", "アムロジピン錠5mg"),
        ("line_1_dose", "1回1錠"),
        ("line_1_directions", "1日1回 朝食後"),
        ("line_1_days", "30"),
    ];
    let r = nurse
        .post(&app, &format!("/rooms/{room}/medication"), &rx_fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let rx: i64 = prescriptions::table
        .filter(prescriptions::room_id.eq(room))
        .select(prescriptions::id)
        .first(&mut t.conn())
        .unwrap();
    let form = nurse
        .get(&app, &format!("/rooms/{room}/calendar/new?date=2026-11-24"))
        .await;
    let event_key = key_of(&form.body);
    let event_fields = [
        ("csrf_token", token.as_str()),
        ("key", event_key.as_str()),
        ("kind", "care_conference"),
        ("title", "退院後の方針"),
        ("date", "令和8年11月24日"),
        ("start", "14:00"),
        ("end", "15:00"),
        ("place", "自宅"),
        ("participant", doctor_id.as_str()),
    ];
    let r = nurse
        .post(&app, &format!("/rooms/{room}/calendar"), &event_fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let event_path = r.location().to_string();
    let form = nurse.get(&app, &format!("/rooms/{room}/polls/new")).await;
    let poll_key = key_of(&form.body);
    let poll_fields = [
        ("csrf_token", token.as_str()),
        ("key", poll_key.as_str()),
        ("kind", "care_conference"),
        ("option_1_date", "2026-11-26"),
        ("option_1_start", "13:00"),
        ("option_1_end", "14:00"),
    ];
    let r = nurse
        .post(&app, &format!("/rooms/{room}/polls"), &poll_fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let poll_path = r.location().to_string();
    let poll_page = nurse.get(&app, &poll_path).await;
    let option = poll_page
        .body
        .split("name=\"option_")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();

    // The office makes her 閲覧のみ for everything.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let back = set_rights(&app, &mut clerk, room, nurse_id, &[]).await;
    assert!(back.contains("notice=rights_saved"), "{back}");
    assert!(
        t.audit_actions()
            .iter()
            .any(|(a, r, who)| a == "room.rights" && r == "success" && who == "assoc-admin")
    );
    let stored = || {
        let c = &mut t.conn();
        (
            count!(c, posts::table),
            count!(c, vitals::table),
            count!(c, prescriptions::table),
            count!(c, room_documents::table),
            count!(c, events::table),
            count!(c, polls::table),
        )
    };
    let before = stored();

    // Every write and every form to write is refused with the reason, whatever was typed.
    let reason = [("csrf_token", token.as_str()), ("reason", "入力間違い")];
    let body = [("csrf_token", token.as_str()), ("body", "了解しました。")];
    let correction = [
        ("csrf_token", token.as_str()),
        ("subject", "訪問報告（訂正）"),
        ("body", "本日訪問しました。"),
    ];
    let care_points = [
        ("csrf_token", token.as_str()),
        ("base", ""),
        ("observation", "むくみ"),
    ];
    let patient = [("csrf_token", token.as_str()), ("base", "")];
    let only_token = [("csrf_token", token.as_str())];
    let decision = [("csrf_token", token.as_str()), ("option", option.as_str())];
    let posts_path = format!("/rooms/{room}/posts");
    let writes: Vec<(&str, String, &Fields)> = vec![
        ("POST", format!("{posts_path}/{post}/replies"), &body),
        ("GET", format!("{posts_path}/{post}/correction"), &[]),
        (
            "POST",
            format!("{posts_path}/{post}/correction"),
            &correction,
        ),
        ("POST", format!("/rooms/{room}/vitals"), &entry),
        (
            "POST",
            format!("/rooms/{room}/vitals/{vital}/withdrawal"),
            &reason,
        ),
        ("POST", format!("/rooms/{room}/medication"), &rx_fields),
        (
            "POST",
            format!("/rooms/{room}/medication/{rx}/withdrawal"),
            &reason,
        ),
        ("GET", format!("/rooms/{room}/care-points/edit"), &[]),
        ("POST", format!("/rooms/{room}/care-points"), &care_points),
        ("GET", format!("/rooms/{room}/patient/edit"), &[]),
        ("POST", format!("/rooms/{room}/patient"), &patient),
        ("GET", format!("/rooms/{room}/calendar/new"), &[]),
        ("POST", format!("/rooms/{room}/calendar"), &event_fields),
        ("GET", format!("{event_path}/edit"), &[]),
        ("POST", event_path.clone(), &event_fields),
        ("GET", format!("{event_path}/cancellation"), &[]),
        ("POST", format!("{event_path}/cancellation"), &only_token),
        ("GET", format!("/rooms/{room}/polls/new"), &[]),
        ("POST", format!("/rooms/{room}/polls"), &poll_fields),
        ("POST", format!("{poll_path}/decision"), &decision),
    ];
    for (method, path, fields) in &writes {
        let r = if *method == "GET" {
            nurse.get(&app, path).await
        } else {
            nurse.post(&app, path, fields).await
        };
        assert_eq!(r.status, 403, "{method} {path}: {}", r.body);
        assert!(r.body.contains(REFUSED), "{method} {path}: {}", r.body);
    }
    let page = nurse.get(&app, &format!("/rooms/{room}")).await;
    let r = nurse
        .post_multipart(
            &app,
            &posts_path,
            &[
                ("csrf_token", &page.csrf()),
                ("key", "0123456789abcdef0123456789abcdef"),
                ("subject", "もう一件"),
                ("body", "追記です。"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(stored(), before, "nothing refused was stored");
    let withdrawn: Option<chrono::NaiveDateTime> = vitals::table
        .find(vital)
        .select(vitals::withdrawn_at)
        .first(&mut t.conn())
        .unwrap();
    assert!(withdrawn.is_none());

    // She still reads every tab; the pages say 閲覧のみ and offer no form to write.
    assert!(
        page.body.contains("このページは閲覧のみです"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&format!("action=\"{posts_path}\"")));
    assert!(!page.body.contains("/correction\""), "no correction link");
    for (tab, form) in [
        ("vitals", format!("action=\"/rooms/{room}/vitals\"")),
        ("medication", format!("action=\"/rooms/{room}/medication\"")),
        ("care-points", format!("/rooms/{room}/care-points/edit")),
        ("patient", format!("/rooms/{room}/patient/edit")),
        ("calendar", format!("/rooms/{room}/calendar/new")),
    ] {
        let page = nurse.get(&app, &format!("/rooms/{room}/{tab}")).await;
        assert_eq!(page.status, 200, "{tab}");
        assert!(page.body.contains("このページは閲覧のみです"), "{tab}");
        assert!(!page.body.contains(&form), "{tab}: {form}");
    }
    // Answering a poll for herself is not planning: still hers to do.
    let r = nurse
        .post(
            &app,
            &format!("{poll_path}/answers"),
            &[
                ("csrf_token", token.as_str()),
                (format!("option_{option}").as_str(), "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Given back バイタル only: she enters vitals again, and nothing else.
    set_rights(&app, &mut clerk, room, nurse_id, &["vitals"]).await;
    let page = nurse.get(&app, &format!("/rooms/{room}/vitals")).await;
    let key = key_of(&page.body);
    let mut again = entry.to_vec();
    again.retain(|(k, _)| *k != "key");
    again.push(("key", key.as_str()));
    let r = nurse
        .post(&app, &format!("/rooms/{room}/vitals"), &again)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = nurse
        .post(&app, &format!("/rooms/{room}/medication"), &rx_fields)
        .await;
    assert_eq!(r.status, 403);
}

#[actix_web::test]
async fn a_home_helper_joins_reading_the_care_points_and_the_office_can_let_them_write() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let (nurse, _) = t.account("ns-kenji").create();
    let (helper, login) = t
        .account("hh-yamada")
        .name("山田 和子")
        .profession("home_helper")
        .create();
    let room = t.patient_room(&[nurse, helper]);
    let mut h = Browser::new();
    h.login(&app, &t, &login).await;

    let page = h.get(&app, &format!("/rooms/{room}/care-points")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("このページは閲覧のみです"));
    assert!(
        !page
            .body
            .contains(&format!("/rooms/{room}/care-points/edit"))
    );
    let r = h
        .get(&app, &format!("/rooms/{room}/care-points/edit"))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains(REFUSED));
    for tab in ["medication", "patient"] {
        let page = h.get(&app, &format!("/rooms/{room}/{tab}")).await;
        assert!(page.body.contains("このページは閲覧のみです"), "{tab}");
    }
    // Vitals and the 連絡帳 are theirs to write by default.
    let page = h.get(&app, &format!("/rooms/{room}/vitals")).await;
    assert!(!page.body.contains("このページは閲覧のみです"));
    assert!(
        page.body
            .contains(&format!("action=\"/rooms/{room}/vitals\""))
    );

    // The admin page shows the helper's rights with the default unticked.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let admin = clerk.get(&app, &format!("/rooms/admin/{room}")).await;
    assert!(
        admin.body.contains("山田 和子（ヘルパー）"),
        "{}",
        admin.body
    );
    let ticked = |body: &str, member: i64, feature: &str| {
        body.contains(&format!(
            "name=\"write_{member}\" value=\"{feature}\" checked"
        ))
    };
    assert!(!ticked(&admin.body, helper, "care_points"));
    assert!(ticked(&admin.body, helper, "vitals"));
    assert!(ticked(&admin.body, nurse, "care_points"));

    // The office lets the helper write 療養のポイント: the form opens.
    set_rights(
        &app,
        &mut clerk,
        room,
        helper,
        &["timeline", "care_points", "vitals", "calendar"],
    )
    .await;
    let r = h
        .get(&app, &format!("/rooms/{room}/care-points/edit"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let admin = clerk.get(&app, &format!("/rooms/admin/{room}")).await;
    assert!(ticked(&admin.body, helper, "care_points"));
    assert!(admin.body.contains("職種の既定から変更"));

    // Bad input: an unknown feature or a member that is not a number is a 400; someone who is
    // not a member is ignored.
    let token = admin.csrf();
    let h_s = helper.to_string();
    let field = format!("write_{h_s}");
    for fields in [
        vec![
            ("csrf_token", token.as_str()),
            ("member", h_s.as_str()),
            (field.as_str(), "everything"),
        ],
        vec![("csrf_token", token.as_str()), ("member", "山田")],
    ] {
        let r = clerk
            .post(&app, &format!("/rooms/admin/{room}/rights"), &fields)
            .await;
        assert_eq!(r.status, 400, "{fields:?}");
    }
    let r = clerk
        .post(
            &app,
            &format!("/rooms/admin/{room}/rights"),
            &[("csrf_token", token.as_str()), ("member", "999999")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(r.location().contains("rights_unchanged"));
    // A form that did not ask about a feature (switched on after it was opened) leaves
    // everyone's right for that feature as it was: here only バイタル was asked about.
    let r = clerk
        .post(
            &app,
            &format!("/rooms/admin/{room}/rights"),
            &[
                ("csrf_token", token.as_str()),
                ("member", h_s.as_str()),
                ("shown", "vitals"),
            ],
        )
        .await;
    assert!(r.location().contains("rights_saved"));
    let admin = clerk.get(&app, &format!("/rooms/admin/{room}")).await;
    assert!(!ticked(&admin.body, helper, "vitals"));
    assert!(
        ticked(&admin.body, helper, "care_points"),
        "not asked: kept"
    );
    assert!(ticked(&admin.body, helper, "timeline"), "not asked: kept");
}
