//! The access log (FAQ 1.8 誰が閲覧したか) through the real app: a file, its photo page and its
//! thumbnail each record who saw them; the office reads the 閲覧履歴 of the room and of the
//! registrant, the S管理者 that of a user; the log is append-only and its chain finds a changed or
//! deleted row; views arriving together are chained together without a gap; and a page whose
//! view cannot be recorded is not shown. (That every page of patient data records a view, and
//! that nothing refused does, is checked route by route in `tests/it/authorisation.rs`.)

use crate::common::{Browser, TestApp, is_postgres, key_of, png};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::models::access::{AccessRecord, View};
use renkei::schema::{access_log, post_files, posts, rooms};

fn rows(t: &TestApp) -> Vec<AccessRecord> {
    access_log::table
        .order(access_log::seq.asc())
        .select(AccessRecord::as_select())
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn files_photos_and_thumbnails_record_who_saw_them_and_the_office_reads_it() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let registrant: i64 = rooms::table
        .find(room)
        .select(rooms::registrant_id)
        .first::<Option<i64>>(&mut t.conn())
        .unwrap()
        .unwrap();
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    let (token, key) = (page.csrf(), key_of(&page.body));
    let r = doctor
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", &token),
                ("key", &key),
                ("subject", "褥瘡の写真"),
                ("body", "仙骨部。"),
                ("to", "all"),
            ],
            &[("attachment", "褥瘡.png", &png())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let post: i64 = posts::table
        .filter(posts::room_id.eq(room))
        .select(posts::id)
        .order(posts::id.desc())
        .first(&mut t.conn())
        .unwrap();
    let file: i64 = post_files::table
        .filter(post_files::post_id.eq(post))
        .select(post_files::file_id)
        .first(&mut t.conn())
        .unwrap();
    renkei::services::timeline::make_thumbnail(&mut t.conn(), file, t.clock.now()).unwrap();

    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let nurse_id = t.user_id("ns-suzuki");
    let before = rows(&t).len();
    for (suffix, what) in [
        ("", "file"),
        ("/view", "photo"),
        ("/image", "image"),
        ("/thumbnail", "thumbnail"),
        ("/preview", "file_name"),
    ] {
        let r = nurse
            .get(&app, &format!("/rooms/{room}/files/{file}{suffix}"))
            .await;
        assert_eq!(r.status, 200, "{suffix}");
        let last = rows(&t).pop().unwrap();
        assert_eq!(
            (
                last.user_id,
                last.what.as_str(),
                last.room_id,
                last.registrant_id
            ),
            (nurse_id, what, Some(room), Some(registrant)),
            "{suffix}"
        );
        assert_eq!(last.record, format!("file:{file}"));
        assert_eq!(last.login, "ns-suzuki");
    }
    assert_eq!(rows(&t).len(), before + 5, "one view per request");
    // Someone outside the room is refused and nothing is recorded for them.
    let mut outsider = Browser::new();
    outsider.login(&app, &t, "pt-watanabe").await;
    let r = outsider
        .get(&app, &format!("/rooms/{room}/files/{file}"))
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(rows(&t).len(), before + 5);

    // The 管理者 administers the patient room: its history names the nurse and what she saw.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let admin = clerk.get(&app, &format!("/rooms/admin/{room}")).await;
    assert!(admin.body.contains(&format!("/rooms/admin/{room}/views")));
    assert!(
        admin
            .body
            .contains(&format!("/registrants/{registrant}/views"))
    );
    let h = clerk.get(&app, &format!("/rooms/admin/{room}/views")).await;
    assert_eq!(h.status, 200, "{}", h.body);
    for text in [
        "閲覧履歴",
        "鈴木",
        "ns-suzuki",
        "写真の縮小画像",
        "添付ファイルのダウンロード",
        "訪問看護師",
    ] {
        assert!(h.body.contains(text), "{text} in the room history");
    }
    assert!(
        !h.body.contains("仙骨部"),
        "the history never shows content"
    );
    let h = clerk
        .get(&app, &format!("/registrants/{registrant}/views"))
        .await;
    assert_eq!(h.status, 200);
    assert!(h.body.contains("ns-suzuki"));
    // Reading a history is itself audited.
    assert!(
        t.audit_actions()
            .iter()
            .any(|(a, r, who)| a == "access.history" && r == "success" && who == "assoc-admin")
    );
    // The S管理者 does not administer patient rooms; it reads what one user viewed.
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    assert_eq!(
        city.get(&app, &format!("/rooms/admin/{room}/views"))
            .await
            .status,
        404
    );
    let list = city.get(&app, "/admin/users").await;
    assert!(
        list.body
            .contains(&format!("/admin/users/{nurse_id}/views"))
    );
    let h = city
        .get(&app, &format!("/admin/users/{nurse_id}/views"))
        .await;
    assert_eq!(h.status, 200);
    assert!(h.body.contains("八幡 正"), "the room she viewed");
    assert!(h.body.contains("写真（拡大）"));
    // A nonsense page cursor is refused like any bad query, not a 500.
    let r = city
        .get(&app, &format!("/admin/users/{nurse_id}/views?before=abc"))
        .await;
    assert_eq!(r.status, 400);

    let report = AccessRecord::verify(&mut t.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.rows as usize, rows(&t).len());
}

#[actix_web::test]
async fn views_arriving_together_are_chained_together_without_a_gap() {
    let t = TestApp::new().await;
    let room = t.room_named("八幡 正");
    let actor = renkei::models::audit::Actor {
        user_id: Some(t.user_id("dr-tanaka")),
        login: "dr-tanaka".into(),
        role: "professional".into(),
        ip: "192.0.2.1".into(),
    };
    let access = &t.state.access;
    let now = t.clock.now();
    let many = (0..300).map(|i| {
        let actor = actor.clone();
        async move {
            let view = View {
                what: "timeline",
                room_id: Some(room),
                registrant_id: None,
                record: format!("posts:{i}"),
            };
            access.record(&actor, now, vec![view.clone(), view]).await
        }
    });
    let results = futures_util::future::join_all(many).await;
    assert!(results.iter().all(|r| r.is_ok()));
    let all = rows(&t);
    assert_eq!(all.len(), 600);
    let seqs: Vec<i64> = all.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=600).collect::<Vec<_>>());
    let report = AccessRecord::verify(&mut t.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Anonymous visitors see no patient data: nothing to record.
    access
        .record(
            &renkei::models::audit::Actor::default(),
            now,
            vec![View::of("timeline")],
        )
        .await
        .unwrap();
    assert_eq!(rows(&t).len(), 600);
}

#[actix_web::test]
async fn the_log_refuses_changes_and_its_chain_finds_a_changed_or_deleted_row() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    for tab in ["", "/vitals", "/medication", "/patient", "/care-points"] {
        assert_eq!(
            doctor
                .get(&app, &format!("/rooms/{room}{tab}"))
                .await
                .status,
            200
        );
    }
    assert!(rows(&t).len() >= 5);
    let mut c = t.conn();
    // The database refuses to rewrite history.
    assert!(
        diesel::sql_query("UPDATE access_log SET login = 'someone-else' WHERE seq = 2")
            .execute(&mut c)
            .is_err()
    );
    assert!(
        diesel::sql_query("DELETE FROM access_log WHERE seq = 3")
            .execute(&mut c)
            .is_err()
    );
    // Someone with the database owner's rights gets past the triggers: the chain tells.
    if is_postgres() {
        diesel::sql_query("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change")
            .execute(&mut c)
            .unwrap();
    } else {
        diesel::sql_query("DROP TRIGGER access_log_no_update")
            .execute(&mut c)
            .unwrap();
        diesel::sql_query("DROP TRIGGER access_log_no_delete")
            .execute(&mut c)
            .unwrap();
    }
    diesel::sql_query("UPDATE access_log SET login = 'someone-else' WHERE seq = 2")
        .execute(&mut c)
        .unwrap();
    diesel::sql_query("DELETE FROM access_log WHERE seq = 4")
        .execute(&mut c)
        .unwrap();
    let report = AccessRecord::verify(&mut c).unwrap();
    let problems = report.problems.join("\n");
    assert!(
        problems.contains("row 2: content was changed"),
        "{problems}"
    );
    assert!(problems.contains("rows 4..4 are missing"), "{problems}");
}

#[actix_web::test]
async fn a_page_whose_view_cannot_be_recorded_is_not_shown() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    diesel::sql_query("ALTER TABLE access_log RENAME TO access_log_away")
        .execute(&mut t.conn())
        .unwrap();
    let r = doctor.get(&app, &format!("/rooms/{room}/patient")).await;
    assert_eq!(r.status, 503);
    assert!(r.body.contains("lang=\"ja\""), "a page, in Japanese");
    assert!(
        !r.body.contains("八幡 正"),
        "nothing of the patient is shown"
    );
    diesel::sql_query("ALTER TABLE access_log_away RENAME TO access_log")
        .execute(&mut t.conn())
        .unwrap();
    let r = doctor.get(&app, &format!("/rooms/{room}/patient")).await;
    assert_eq!(r.status, 200, "recording works again at once");
}
