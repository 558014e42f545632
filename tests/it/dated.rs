//! Dated stops through HTTP and the real worker, on the manual clock: a form 6 stops its accounts
//! at the end of the 最終利用日 (停止予定 until then, cancelled by withdrawing the form), a form 9
//! closes the patient room on its 中止日 and counts the retention from that day, and a new form 8
//! after a hospital stay reopens the room with its history.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use renkei::schema::{posts, rooms, users};

fn status_of(conn: &mut renkei::db::DbConnection, login: &str) -> String {
    users::table
        .filter(users::login_id.eq(login))
        .select(users::status)
        .first(conn)
        .unwrap()
}

fn room_state(t: &TestApp, room: i64) -> (String, Option<NaiveDate>, Option<NaiveDate>) {
    rooms::table
        .find(room)
        .select((rooms::status, rooms::purge_after, rooms::close_on))
        .first(&mut t.conn())
        .unwrap()
}

fn form6<'a>(token: &'a str, last_day: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("channel", "counter"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-20"),
        ("org_name", "ヘルパーステーションいちかわ"),
        ("account_1_login_id", "hh-ito"),
        ("account_1_name", "伊藤 真理"),
        ("reason", "retirement"),
        ("last_day", last_day),
    ]
}

const TADASHI: &[(&str, &str)] = &[
    ("reg_name", "八幡 正"),
    ("reg_kana", "ヤワタ タダシ"),
    ("reg_birth_date", "1938-05-10"),
];

#[actix_web::test]
async fn a_form_6_stops_the_account_after_its_last_day_not_at_approval() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut helper = Browser::new();
    helper.login(&app, &t, "hh-ito").await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, "/applications/new/form6").await.csrf();
    // 最終利用日 three days ahead (Monday 2026-11-23 is a holiday: dates, not 開庁日).
    let r = clerk
        .post(
            &app,
            "/applications/new/form6",
            &form6(&token, "令和8年11月23日"),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let path = r.location().to_string();
    let r = clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Approved, but the helper works on until the end of the 23rd; the list says 停止予定.
    assert_eq!(helper.get(&app, "/").await.status, 200);
    let list = clerk.get(&app, "/admin/users?q=%E4%BC%8A%E8%97%A4").await;
    assert!(
        list.body
            .contains("停止予定（2026/11/23（月）まで利用できます）"),
        "{}",
        list.body
    );
    // The last day, 23:50 in Japan: still at work.
    t.clock
        .advance(TimeDelta::days(3) + TimeDelta::minutes(14 * 60 + 50));
    let mut helper = Browser::new();
    helper.login(&app, &t, "hh-ito").await;
    assert_eq!(helper.get(&app, "/").await.status, 200, "the last day");
    t.worker_pulse().await;
    assert_eq!(
        status_of(&mut t.conn(), "hh-ito"),
        "active",
        "the worker leaves the account alone on its last day"
    );

    // Twenty minutes later it is the day after: the open session is refused at its next
    // request even before the worker has run …
    t.clock.advance(TimeDelta::minutes(20));
    let r = helper.get(&app, "/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/login");
    // … and the worker stops it as any stop: rooms left, audited as the worker.
    assert!(
        t.worker_until(|c| status_of(c, "hh-ito") == "stopped")
            .await
    );
    let stops: Vec<(String, String, String)> = t
        .audit_actions()
        .into_iter()
        .filter(|(a, _, _)| a == "account.stop" || a == "account.stop.schedule")
        .collect();
    assert_eq!(
        stops,
        [
            (
                "account.stop.schedule".into(),
                "success".into(),
                "city-admin".into()
            ),
            (
                "account.stop".into(),
                "success".into(),
                "renkei worker".into()
            ),
        ]
    );
    let mut again = Browser::new();
    let r = again
        .submit(
            &app,
            "/login",
            "/login",
            &[
                ("login_id", "hh-ito"),
                ("password", renkei::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_ne!(r.status, 303, "a stopped account cannot sign in");
}

#[actix_web::test]
async fn withdrawing_a_form_6_before_its_day_cancels_the_stop() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, "/applications/new/form6").await.csrf();
    let path = clerk
        .post(
            &app,
            "/applications/new/form6",
            &form6(&token, "2026-11-30"),
        )
        .await
        .location()
        .to_string();
    clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    let page = clerk.get(&app, &path).await;
    assert!(
        page.body.contains("取下げにする"),
        "offered while the stop waits"
    );

    // A withdrawal needs its reason; without one nothing changes.
    let r = clerk
        .post(
            &app,
            &format!("{path}/withdrawal"),
            &[("csrf_token", &token), ("reason-withdrawal", "")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = clerk
        .post(
            &app,
            &format!("{path}/withdrawal"),
            &[
                ("csrf_token", &token),
                ("reason-withdrawal", "退職が取りやめになったと電話"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(clerk.get(&app, &path).await.body.contains("取下げ"));
    let stop_on: Option<NaiveDate> = users::table
        .filter(users::login_id.eq("hh-ito"))
        .select(users::stop_on)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(stop_on, None);

    // Long after the day, the account still works.
    t.clock.advance(TimeDelta::days(20));
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.token(&app).await;
    t.next_step();
    let mut helper = Browser::new();
    helper.login(&app, &t, "hh-ito").await;
    assert_eq!(helper.get(&app, "/").await.status, 200);
    t.worker_pulse().await;
    assert_eq!(status_of(&mut t.conn(), "hh-ito"), "active");

    // A form 6 whose day has come stops at approval and can no longer be withdrawn.
    let path = clerk
        .post(
            &app,
            "/applications/new/form6",
            &form6(&token, "2026-12-10"),
        )
        .await
        .location()
        .to_string();
    clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(status_of(&mut t.conn(), "hh-ito"), "stopped");
    assert!(!clerk.get(&app, &path).await.body.contains("取下げにする"));
    let r = clerk
        .post(
            &app,
            &format!("{path}/withdrawal"),
            &[("csrf_token", &token), ("reason-withdrawal", "間違い")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("取り下げできません"), "{}", r.body);
}

#[actix_web::test]
async fn a_form_9_closes_on_its_day_and_a_form_8_after_the_stay_reopens_the_room() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let posts_before: i64 = posts::table
        .filter(posts::room_id.eq(room))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let token = clerk.get(&app, "/applications/new/form9").await.csrf();
    let mut f9: Vec<(&str, &str)> = TADASHI.to_vec();
    f9.extend_from_slice(&[
        ("csrf_token", token.as_str()),
        ("channel", "counter"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-20"),
        ("submitter", "family"),
        ("submitter_name", "八幡 花"),
        ("reason", "admission"),
        ("discontinued_on", "2026-11-25"),
    ]);
    let r = clerk.post(&app, "/applications/new/form9", &f9).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let f9_path = r.location().to_string();
    let r = clerk
        .post(
            &app,
            &format!("{f9_path}/approval"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let on = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let purge = renkei::services::registrations::purge_date(on, 5);
    assert_eq!(room_state(&t, room), ("open".into(), Some(purge), Some(on)));

    // Until the 中止日 the team still writes; on that day the worker closes the room.
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    assert!(page.body.contains("name=\"body\""), "still writable");
    t.clock.advance(TimeDelta::days(5));
    let closed = t
        .worker_until(|c| {
            rooms::table
                .find(room)
                .select(rooms::status)
                .first::<String>(c)
                .unwrap()
                == "closed"
        })
        .await;
    assert!(closed, "closed on 2026-11-25 by the worker");
    assert_eq!(room_state(&t, room), ("closed".into(), Some(purge), None));
    assert!(
        t.mails_to("ns-suzuki").iter().any(|m| m.says("閉鎖")),
        "the members are told"
    );

    // Back home: a renewed form 7 and a new form 8 reopen the same room with its history.
    t.next_step();
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let token = clerk.get(&app, "/applications/new/form7").await.csrf();
    let mut f7: Vec<(&str, &str)> = TADASHI.to_vec();
    f7.extend_from_slice(&[
        ("csrf_token", token.as_str()),
        ("channel", "counter"),
        ("received_on", "2026-11-25"),
        ("application_date", "2026-11-25"),
        ("reg_sex", "male"),
        ("reg_postcode", "272-0021"),
        ("reg_address", "市川市八幡2-2-2"),
        ("reg_phone", "047-300-1111"),
        ("signer", "self"),
        ("consent_on", "2026-11-25"),
        ("digital_consent", "yes"),
    ]);
    let r = clerk.post(&app, "/applications/new/form7", &f7).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let f7_path = r.location().to_string();
    let r = clerk
        .post(
            &app,
            &format!("{f7_path}/approval"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut f8: Vec<(&str, &str)> = TADASHI.to_vec();
    f8.extend_from_slice(&[
        ("csrf_token", token.as_str()),
        ("channel", "post"),
        ("received_on", "2026-11-25"),
        ("application_date", "2026-11-25"),
        ("coordinator_name", "高橋 恵子"),
        ("coordinator_org", "いちかわ居宅介護支援事業所"),
        ("coordinator_phone", "047-333-4444"),
        ("member_1_action", "add"),
        ("member_1_login_id", "pt-watanabe"),
        ("member_1_name", "渡辺 翔"),
        ("member_1_role", "rehabilitation"),
    ]);
    let r = clerk.post(&app, "/applications/new/form8", &f8).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let f8_path = r.location().to_string();
    let r = clerk
        .post(
            &app,
            &format!("{f8_path}/approval"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        room_state(&t, room),
        ("open".into(), None, None),
        "reopened, the purge date cleared"
    );
    let posts_after: i64 = posts::table
        .filter(posts::room_id.eq(room))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(posts_after, posts_before, "the history is kept");
    let mut pt = Browser::new();
    pt.login(&app, &t, "pt-watanabe").await;
    let page = pt.get(&app, &format!("/rooms/{room}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"body\""), "writable again");
    assert!(
        t.audit_actions().iter().any(|(a, _, _)| a == "room.reopen"),
        "the reopening is audited"
    );
}

#[actix_web::test]
async fn withdrawing_a_form_9_before_its_day_keeps_the_room_open() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let token = clerk.get(&app, "/applications/new/form9").await.csrf();
    let mut f9: Vec<(&str, &str)> = TADASHI.to_vec();
    f9.extend_from_slice(&[
        ("csrf_token", token.as_str()),
        ("channel", "counter"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-20"),
        ("submitter", "family"),
        ("submitter_name", "八幡 花"),
        ("reason", "moved"),
        ("discontinued_on", "2026-12-15"),
    ]);
    let path = clerk
        .post(&app, "/applications/new/form9", &f9)
        .await
        .location()
        .to_string();
    clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    let r = clerk
        .post(
            &app,
            &format!("{path}/withdrawal"),
            &[
                ("csrf_token", &token),
                ("reason-withdrawal", "転居が取りやめ"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    t.clock.advance(TimeDelta::days(30));
    t.worker_pulse().await;
    assert_eq!(room_state(&t, room), ("open".into(), None, None));
    let status: String = renkei::schema::registrants::table
        .filter(renkei::schema::registrants::kana.eq("ヤワタ タダシ"))
        .select(renkei::schema::registrants::status)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "active");
}
