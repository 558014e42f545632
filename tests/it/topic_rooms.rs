//! The S管理者 renames and closes a 職種連携の部屋 through HTTP: a reason is required and what was
//! typed comes back with the problem; each change is audited and told to every member by mail
//! (the room's neutral label, not its name); a closed room takes no posts; a patient room is
//! refused (it closes by 様式第9号), and the 管理者 cannot reach the S管理者's rooms. A clerk named in a
//! membership application joins an inter-professional room and writes there as their office.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use diesel::prelude::*;

fn mails_with(t: &TestApp, needle: &str) -> usize {
    let payloads: Vec<String> = renkei::schema::outbox::table
        .select(renkei::schema::outbox::payload)
        .load(&mut t.conn())
        .unwrap();
    payloads.iter().filter(|p| p.contains(needle)).count()
}

#[actix_web::test]
async fn the_city_renames_and_closes_a_topic_room_with_a_reason_and_members_are_told() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("病診連携の部屋");
    let admin = format!("/rooms/admin/{room}");
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let page = clerk.get(&app, &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("href=\"{admin}/name\"")));
    assert!(page.body.contains(&format!("href=\"{admin}/close\"")));

    // No reason: the page again, with the new name kept.
    let form = clerk.get(&app, &format!("{admin}/name")).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.input_value("name").as_deref(), Some("病診連携の部屋"));
    let token = form.csrf();
    let r = clerk
        .post(
            &app,
            &format!("{admin}/name"),
            &[
                ("csrf_token", &token),
                ("name", "病院・診療所連携の部屋"),
                ("reason", "  "),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("入力してください"));
    assert_eq!(
        r.input_value("name").as_deref(),
        Some("病院・診療所連携の部屋")
    );
    let too_long = "長".repeat(51);
    let r = clerk
        .post(
            &app,
            &format!("{admin}/name"),
            &[
                ("csrf_token", &token),
                ("name", &too_long),
                ("reason", "目的の変更"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("50文字以内"));
    for (name, says) in [
        ("病診連携の部屋", "今の名前と同じです"),
        ("二行の\n名前", "改行"),
    ] {
        let r = clerk
            .post(
                &app,
                &format!("{admin}/name"),
                &[("csrf_token", &token), ("name", name), ("reason", "確認")],
            )
            .await;
        assert_eq!(r.status, 422, "{name}");
        assert!(r.body.contains(says), "{name}");
    }

    let r = clerk
        .post(
            &app,
            &format!("{admin}/name"),
            &[
                ("csrf_token", &token),
                ("name", "病院・診療所連携の部屋"),
                ("reason", "対象を病院全体に広げたため"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = clerk.get(&app, r.location()).await;
    assert!(page.body.contains("部屋の名前を変更しました"));
    let label = format!("R-{room:06}");
    assert_eq!(
        mails_with(&t, "部屋の名前が変更されました"),
        3,
        "each of the three members"
    );
    assert_eq!(
        mails_with(&t, "病院・診療所連携の部屋"),
        0,
        "the mail names the label ({label}), not the room"
    );
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    assert!(
        doctor
            .get(&app, "/rooms")
            .await
            .body
            .contains("病院・診療所連携の部屋")
    );

    // The 管理者 does not administer it; a professional is not an administrator.
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert_eq!(assoc.get(&app, &format!("{admin}/close")).await.status, 404);
    assert_eq!(
        doctor.get(&app, &format!("{admin}/close")).await.status,
        403
    );

    // Closing: confirmed with a reason, then read-only.
    let confirm = clerk.get(&app, &format!("{admin}/close")).await;
    assert_eq!(confirm.status, 200);
    let r = clerk
        .post(
            &app,
            &format!("{admin}/close"),
            &[
                ("csrf_token", &confirm.csrf()),
                ("reason", "半年間書き込みがないため"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let status: String = renkei::schema::rooms::table
        .find(room)
        .select(renkei::schema::rooms::status)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "closed");
    assert_eq!(mails_with(&t, "部屋が閉鎖されました"), 3);
    let actions: Vec<String> = t.audit_actions().into_iter().map(|a| a.0).collect();
    assert!(actions.contains(&"room.rename".to_string()));
    assert!(actions.contains(&"room.close".to_string()));
    let detail: String = renkei::schema::audit_log::table
        .filter(renkei::schema::audit_log::action.eq("room.close"))
        .select(renkei::schema::audit_log::detail)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(detail, "半年間書き込みがないため");
    // Closed: no second closing, no rename, no change links.
    let again = clerk.get(&app, &format!("{admin}/close")).await;
    assert_eq!(again.status, 409);
    assert!(
        !clerk
            .get(&app, &admin)
            .await
            .body
            .contains(&format!("{admin}/name"))
    );
    let timeline = doctor.get(&app, &format!("/rooms/{room}")).await;
    assert!(timeline.body.contains("閉鎖"));
    // A closed room shows no composer; a form kept open from before still sends a key.
    let key = "kept-open-before-closing-0001";
    let refused = doctor
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", &timeline.csrf()),
                ("key", key),
                ("subject", "閉鎖後の書き込み"),
                ("body", "届かないはずです。"),
                ("to", "all"),
            ],
            &[],
        )
        .await;
    assert_eq!(refused.status, 409, "a closed room takes no posts");
    // The closed room is found among the closed ones.
    let closed = clerk.get(&app, "/rooms/admin?status=closed").await;
    assert_eq!(closed.status, 200);
    assert!(closed.body.contains("病院・診療所連携の部屋"));
    assert!(
        !clerk
            .get(&app, "/rooms/admin")
            .await
            .body
            .contains("病院・診療所連携の部屋")
    );
}

#[actix_web::test]
async fn the_room_list_pages_past_500_rooms_and_finds_one_by_name_or_number() {
    use renkei::models::rooms::{Room, RoomKind};
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let now = t.clock.now();
    let mut conn = t.conn();
    let ids: Vec<i64> = renkei::db::write_tx(&mut conn, |conn| {
        (0..520)
            .map(|i| {
                let name = format!("地区連携の部屋{i:03}");
                Room::open(
                    conn,
                    RoomKind::InterProfessional,
                    None,
                    &name,
                    "",
                    "city",
                    None,
                    now,
                )
            })
            .collect::<diesel::QueryResult<Vec<i64>>>()
    })
    .unwrap();
    drop(conn);
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let mut path = "/rooms/admin".to_string();
    let mut seen = 0;
    let mut pages = 0;
    let more =
        regex::Regex::new(r#"id="rooms-more"><a class="button button--secondary" href="([^"]+)""#)
            .unwrap();
    loop {
        let page = clerk.get(&app, &path).await;
        assert_eq!(page.status, 200, "{path}");
        seen += page.body.matches("地区連携の部屋").count();
        pages += 1;
        let next = more
            .captures(&page.body)
            .map(|c| c[1].replace("&amp;", "&"));
        match next {
            Some(n) => path = n,
            None => break,
        }
    }
    assert_eq!(seen, 520, "every room once");
    assert_eq!(pages, 6, "520 + the demo room, 100 a page");
    // By name (「地区連携の部屋007」) and by label.
    let by_name = clerk
        .get(&app, "/rooms/admin?q=%E9%83%A8%E5%B1%8B007")
        .await;
    assert_eq!(by_name.body.matches("地区連携の部屋").count(), 1);
    let label = format!("R-{:06}", ids[42]);
    let by_label = clerk.get(&app, &format!("/rooms/admin?q={label}")).await;
    assert!(by_label.body.contains("地区連携の部屋042"));
    assert_eq!(by_label.body.matches("地区連携の部屋").count(), 1);
    // Closed rooms are a filter of their own; a bad filter shows the open ones.
    let closed = clerk.get(&app, "/rooms/admin?status=closed").await;
    assert_eq!(closed.status, 200);
    assert!(!closed.body.contains("地区連携の部屋"));
    let bogus = clerk.get(&app, "/rooms/admin?status=%00bogus").await;
    assert_eq!(bogus.status, 200);
    assert!(
        bogus.body.contains("地区連携の部屋519"),
        "an unknown filter shows the open rooms"
    );
    assert_eq!(clerk.get(&app, "/rooms/admin?after=abc").await.status, 400);
}

#[actix_web::test]
async fn a_clerk_joins_an_inter_professional_room_and_writes_as_their_office() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let inter = t.room_named("病診連携の部屋");
    let patient = t.room_named("八幡 正");
    // A member asks for the 管理者 to join (研修会・周知の部屋 lists the clerks among its members).
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let room = inter.to_string();
    let r = doctor
        .submit(
            &app,
            "/submissions/room_membership",
            "/submissions/room_membership",
            &[
                ("application_date", "2026-11-20"),
                ("choice", "join"),
                ("room_id", &room),
                ("member_1_login_id", "assoc-admin"),
                ("member_1_name", "真間 太郎"),
                ("pledge_1", "yes"),
                ("pledge_2", "yes"),
                ("pledge_3", "yes"),
                ("pledge_4", "yes"),
                ("pledge_5", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = renkei::schema::applications::table
        .order(renkei::schema::applications::id.desc())
        .select(renkei::schema::applications::id)
        .first(&mut t.conn())
        .unwrap();
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    let token = city.token(&app).await;
    let r = city
        .post(
            &app,
            &format!("/applications/{id}/approval"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303, "a clerk may be named: {}", r.body);

    // The 管理者 finds the room under 参加している部屋 and writes there as the office.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let mine = clerk.get(&app, "/rooms").await;
    assert!(mine.body.contains("参加している部屋"), "the menu offers it");
    assert!(mine.body.contains("病診連携の部屋"), "{}", mine.body);
    let page = clerk.get(&app, &format!("/rooms/{inter}")).await;
    assert_eq!(page.status, 200);
    let r = clerk
        .post_multipart(
            &app,
            &format!("/rooms/{inter}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &crate::common::key_of(&page.body)),
                ("subject", "研修会のお知らせ"),
                ("body", "12月の研修会は医師会館で行います。"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let seen = doctor.get(&app, &format!("/rooms/{inter}")).await;
    assert!(
        seen.body.contains("市川市医師会（真間 太郎）"),
        "{}",
        seen.body
    );
    // Still never a patient room.
    assert_eq!(
        clerk.get(&app, &format!("/rooms/{patient}")).await.status,
        404
    );
}
