//! Retention: a closed patient room is kept read-only for `applications.retention_years` and then
//! purged by the worker's scheduled task — the test moves the clock past the date and lets the
//! worker run. What remains is an audit row and the room's neutral label.

use std::time::Duration;

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use chrono::TimeDelta;
use diesel::prelude::*;
use renkei::schema::{audit_log, posts, prescriptions, room_documents, rooms, vitals};

#[actix_web::test]
async fn a_closed_patient_room_is_purged_by_the_worker_after_its_retention() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}/vitals")).await;
    let token = page.csrf();
    let key = page.input_value("key").unwrap();
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/vitals"),
            &[
                ("csrf_token", token.as_str()),
                ("key", key.as_str()),
                ("measured_on", "2026-11-20"),
                ("measured_time", "08:30"),
                ("pulse", "72"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = doctor
        .get(&app, &format!("/rooms/{room}/patient/edit"))
        .await;
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/patient"),
            &[
                ("csrf_token", token.as_str()),
                (
                    "base",
                    page.input_value("base").unwrap_or_default().as_str(),
                ),
                ("name", "八幡 正"),
                ("phone", "047-333-1111"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    let key = page.input_value("key").unwrap();
    let r = doctor
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", token.as_str()),
                ("key", key.as_str()),
                ("subject", "退院後の様子"),
                ("body", "食事が取れています。"),
                ("to", "all"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 303);
    let start = t.clock.now() + TimeDelta::days(2);
    renkei::models::events::Event::insert(
        &mut t.conn(),
        room,
        &renkei::models::events::EventData {
            kind: "home_visit".into(),
            title: String::new(),
            starts_at: start,
            ends_at: start + TimeDelta::hours(1),
            place: "自宅".into(),
            meeting_url: String::new(),
            notes: String::new(),
            participants: vec![t.user_id("dr-tanaka")],
        },
        t.user_id("dr-tanaka"),
        None,
        "retention-event-1",
        t.clock.now(),
    )
    .unwrap();
    let posts_before: i64 = posts::table
        .filter(posts::room_id.eq(room))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(posts_before > 0);

    // Form 9 closes the room; it is kept for five years from today.
    let today = t.clock.today();
    let purge_after = renkei::services::registrations::purge_date(today, 5);
    renkei::models::rooms::Room::close(&mut t.conn(), room, Some(purge_after), None, t.clock.now())
        .unwrap();
    // On the last day of its retention it is still there, read-only.
    t.clock
        .advance(TimeDelta::days((purge_after - today).num_days()));
    assert_eq!(
        renkei::services::retention::purge_due_rooms(&mut t.conn(), t.clock.today(), t.clock.now())
            .unwrap(),
        0
    );

    // A day later the worker purges it.
    t.clock.advance(TimeDelta::days(1));
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(renkei::worker::run(
        t.state.settings.clone(),
        t.pool.clone(),
        t.clock.clone(),
        async move {
            let _ = stop_rx.await;
        },
    ));
    let mut purged = false;
    for _ in 0..100 {
        let status: String = rooms::table
            .find(room)
            .select(rooms::status)
            .first(&mut t.conn())
            .unwrap();
        if status == "purged" {
            purged = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(Duration::from_secs(30), worker).await;
    assert!(purged, "the worker purged the room");

    let left = |n: i64, what: &str| assert_eq!(n, 0, "{what} left");
    left(
        posts::table
            .filter(posts::room_id.eq(room))
            .count()
            .get_result(&mut t.conn())
            .unwrap(),
        "posts",
    );
    left(
        vitals::table
            .filter(vitals::room_id.eq(room))
            .count()
            .get_result(&mut t.conn())
            .unwrap(),
        "vitals",
    );
    left(
        room_documents::table
            .filter(room_documents::room_id.eq(room))
            .count()
            .get_result(&mut t.conn())
            .unwrap(),
        "documents",
    );
    left(
        prescriptions::table
            .filter(prescriptions::room_id.eq(room))
            .count()
            .get_result(&mut t.conn())
            .unwrap(),
        "prescriptions",
    );
    let name: String = rooms::table
        .find(room)
        .select(rooms::name)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(name, format!("R-{room:06}"), "no patient name is kept");
    let detail: String = audit_log::table
        .filter(audit_log::action.eq("room.purge"))
        .select(audit_log::detail)
        .first(&mut t.conn())
        .unwrap();
    assert!(
        detail.contains(&format!("posts {posts_before}")),
        "{detail}"
    );
    assert!(
        detail.contains("vitals 1") && detail.contains("documents 1"),
        "{detail}"
    );
    let verification = renkei::models::AuditRecord::verify(&mut t.conn()).unwrap();
    assert!(verification.problems.is_empty(), "{verification:?}");

    // Its former members no longer see it.
    t.next_step();
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    assert_eq!(
        doctor.get(&app, &format!("/rooms/{room}")).await.status,
        404
    );
    let mine = doctor.get(&app, "/rooms").await;
    assert!(!mine.body.contains(&format!("/rooms/{room}\"")));
}
