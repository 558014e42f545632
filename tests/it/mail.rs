//! 利用者間メール through HTTP: writing to a person and to an office, attachments checked by
//! content, read state, who may see what; a form submitted by in-system mail gets the guide's
//! subject and lands in the right queue (7 + 8 as a pair, 電子化同意 required); the room
//! applications open a room, change its members and close it once the city approves.

use crate::common::{Browser, TestApp, png};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::{applications, messages, room_members, rooms, users};

fn message_id(t: &TestApp, subject: &str) -> i64 {
    messages::table
        .filter(messages::subject.eq(subject))
        .select(messages::id)
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_message_with_an_attachment_is_read_only_by_its_people() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let nurse_id = t.user_id("ns-suzuki");
    let doctor_id = t.user_id("dr-tanaka");
    let chosen = |id: i64| format!("name=\"to_user\" value=\"{id}\" checked");
    // From the directory: the addressee is chosen.
    let compose = doctor.get(&app, &format!("/mail/new?to={nurse_id}")).await;
    assert!(compose.body.contains(&chosen(nurse_id)), "{}", compose.body);
    let token = compose.csrf();

    // Nobody types a login ID: the addressee is found by name, organisation or profession —
    // 「探す」 without script shows the people found and keeps what was typed, sending nothing.
    for query in ["鈴木", "市川訪問看護", "看護師"] {
        let r = doctor
            .post_multipart(
                &app,
                "/mail",
                &[
                    ("csrf_token", &token),
                    ("to_kind", "user"),
                    ("to_search", query),
                    ("op", "find"),
                    ("subject", "八幡さんの件"),
                    ("body", "下書きの本文"),
                ],
                &[],
            )
            .await;
        assert_eq!(r.status, 200, "{query}");
        assert!(
            r.body
                .contains(&format!("name=\"to_user\" value=\"{nurse_id}\"")),
            "{query} finds the nurse"
        );
        assert!(r.body.contains("下書きの本文"), "the body is kept");
    }
    // With script, the same search as htmx suggestions; without, a page of its own.
    let mut htmx = doctor.clone();
    htmx.headers.push(("HX-Request".into(), "true".into()));
    let suggestions = htmx
        .get(&app, "/mail/recipients?to_search=%E9%88%B4%E6%9C%A8")
        .await;
    assert!(!suggestions.body.contains("<html"));
    assert!(suggestions.body.contains(&format!("value=\"{nurse_id}\"")));
    let page = doctor
        .get(&app, "/mail/recipients?q=%E9%88%B4%E6%9C%A8")
        .await;
    assert!(
        page.body
            .contains(&format!("href=\"/mail/new?to={nurse_id}\""))
    );
    assert!(
        !page
            .body
            .contains(&format!("href=\"/mail/new?to={doctor_id}\"")),
        "not oneself"
    );

    // Bad input: an addressee that is no account, no subject, a file that lies about its
    // type; input kept.
    let r = doctor
        .post_multipart(
            &app,
            "/mail",
            &[
                ("csrf_token", &token),
                ("to_kind", "user"),
                ("to_user", "999999"),
                ("subject", ""),
                ("body", "褥瘡の写真を送ります。\n確認をお願いします。"),
            ],
            &[("attachment", "photo.png", b"#!/bin/sh\nrm -rf /")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("選んだ宛先の利用者が見つかりません"));
    assert!(r.body.contains(
        "Word・Excel・PowerPoint（docx・xlsx・pptx・doc・xls）、CSV・テキストのファイルです"
    ));
    assert!(r.body.contains("確認をお願いします。"), "the body is kept");
    // No addressee chosen, or oneself: refused.
    for to in ["", doctor_id.to_string().as_str()] {
        let r = doctor
            .post(
                &app,
                "/mail",
                &[
                    ("csrf_token", &token),
                    ("to_kind", "user"),
                    ("to_user", to),
                    ("subject", "x"),
                    ("body", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "to_user={to}");
    }

    let r = doctor
        .post_multipart(
            &app,
            "/mail",
            &[
                ("csrf_token", &token),
                ("to_kind", "user"),
                ("to_user", &nurse_id.to_string()),
                ("subject", "八幡さんの件"),
                ("body", "褥瘡の写真を送ります。\n確認をお願いします。"),
            ],
            &[("attachment", "褥瘡.png", &png())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), "/mail/sent?notice=mail_sent");
    let id = message_id(&t, "八幡さんの件");
    // The notification mail says only that something arrived.
    let notes: Vec<_> = t
        .mails_to("ns-suzuki")
        .into_iter()
        .filter(|m| m.links_to(&format!("/mail/{id}")))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].subject.contains("利用者間メールが届きました"),
        "{notes:?}"
    );
    assert!(!notes[0].says("八幡") && !notes[0].says("褥瘡"));

    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let inbox = nurse.get(&app, "/mail").await;
    assert!(inbox.body.contains("未読 1件"));
    assert!(
        inbox.body.contains("href=\"/submissions\""),
        "forms are sent from 申請・届出"
    );
    assert!(inbox.body.contains("八幡さんの件"));
    let read = nurse.get(&app, &format!("/mail/{id}")).await;
    assert_eq!(read.status, 200);
    assert!(read.body.contains("確認をお願いします。"));
    let file_href = read
        .body
        .split("href=\"")
        .find(|s| s.contains("/files/"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let got = nurse.get(&app, &file_href).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), "image/png");
    assert!(nurse.get(&app, "/mail").await.body.contains("未読 0件"));
    // The sender sees that it was read.
    assert!(
        doctor
            .get(&app, &format!("/mail/{id}"))
            .await
            .body
            .contains("既読（")
    );
    // Nobody else sees the message or its file.
    let mut other = Browser::new();
    other.login(&app, &t, "pt-watanabe").await;
    assert_eq!(other.get(&app, &format!("/mail/{id}")).await.status, 404);
    assert_eq!(other.get(&app, &file_href).await.status, 404);
    assert!(!other.get(&app, "/mail").await.body.contains("八幡さんの件"));
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    assert_eq!(clerk.get(&app, &format!("/mail/{id}")).await.status, 404);

    // A reply goes back to the sender with "Re: ".
    let reply = nurse.get(&app, &format!("/mail/new?reply={id}")).await;
    assert!(
        reply.body.contains(&chosen(doctor_id)),
        "the reply goes to the sender"
    );
    assert_eq!(
        reply.input_value("subject").as_deref(),
        Some("Re: 八幡さんの件")
    );
}

#[actix_web::test]
async fn mail_to_an_office_reaches_its_clerks_only() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let r = nurse
        .submit(
            &app,
            "/mail/new",
            "/mail",
            &[
                ("to_kind", "association"),
                ("subject", "担当者届出について"),
                ("body", "書き方を教えてください。"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert!(
        assoc
            .get(&app, "/mail")
            .await
            .body
            .contains("担当者届出について")
    );
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    assert!(
        !city
            .get(&app, "/mail")
            .await
            .body
            .contains("担当者届出について")
    );
}

#[actix_web::test]
async fn forms_7_and_8_by_in_system_mail_are_filed_as_a_pair_with_the_guides_subject() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let page = nurse.get(&app, "/submissions/form7_8").await;
    assert_eq!(page.status, 200);
    let token = page.csrf();
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("application_date", "2026-11-20"),
        ("reg_name", "国府台 清"),
        ("reg_kana", "コウノダイ キヨシ"),
        ("reg_birth_date", "昭和20年1月2日"),
        ("reg_sex", "male"),
        ("reg_address", "市川市国府台2-2-2"),
        ("signer", "self"),
        ("consent_on", "2026-11-19"),
        ("coordinator_name", "鈴木 由美"),
        ("coordinator_org", "市川訪問看護ステーション"),
        ("coordinator_phone", "047-300-0002"),
        ("member_1_action", "add"),
        ("member_1_login_id", "ns-suzuki"),
        ("member_1_name", "鈴木 由美"),
        ("member_1_role", "visiting_nursing"),
    ];
    // Without 電子化同意 and without the scan: refused, with both reasons.
    let r = nurse
        .post_multipart(&app, "/submissions/form7_8", &fields, &[])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("電子化に同意している場合だけ"));
    assert!(
        r.body
            .contains("署名した同意書のスキャンを添付してください")
    );
    assert_eq!(
        r.input_value("reg_address").as_deref(),
        Some("市川市国府台2-2-2")
    );

    fields.push(("digital_consent", "yes"));
    let r = nurse
        .post_multipart(
            &app,
            "/submissions/form7_8",
            &fields,
            &[("attachment", "同意書.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mine = nurse.get(&app, "/submissions?notice=form_sent").await;
    assert!(mine.body.contains("A-2026-"));

    let apps: Vec<(String, String, String)> = applications::table
        .filter(applications::channel.eq("system_mail"))
        .order(applications::id.asc())
        .select((
            applications::form,
            applications::office,
            applications::receipt_number,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(apps.len(), 2);
    assert_eq!(
        (apps[0].0.as_str(), apps[0].1.as_str()),
        ("form7", "association")
    );
    assert_eq!(apps[1].0, "form8");
    let subject = "【同意書および担当者届出】市川訪問看護ステーション";
    let id = message_id(&t, subject);

    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    let inbox = assoc.get(&app, "/mail").await;
    assert!(inbox.body.contains(subject));
    let msg = assoc.get(&app, &format!("/mail/{id}")).await;
    assert!(
        msg.body.contains(&apps[0].2),
        "the message names the receipt"
    );
    let queue = assoc.get(&app, "/applications?channel=system_mail").await;
    assert_eq!(queue.body.matches("様式7・8の組").count(), 2);
    // Both applications carry the scan; the pair can be approved in order.
    let token = assoc.token(&app).await;
    for (form, _, receipt) in &apps {
        let app_id: i64 = applications::table
            .filter(applications::receipt_number.eq(receipt))
            .select(applications::id)
            .first(&mut t.conn())
            .unwrap();
        let detail = assoc.get(&app, &format!("/applications/{app_id}")).await;
        assert!(detail.body.contains("同意書.pdf"), "{form} shows the scan");
        let r = assoc
            .post(
                &app,
                &format!("/applications/{app_id}/approval"),
                &[("csrf_token", &token)],
            )
            .await;
        assert_eq!(r.status, 303, "{form}: {}", r.body);
    }
    let n: i64 = rooms::table
        .filter(rooms::name.eq("国府台 清"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 1, "the patient room is open");
    // The sender is told inside the system, with the receipt number.
    let inbox = nurse.get(&app, "/mail").await;
    assert!(
        inbox
            .body
            .contains(&format!("【承認】受付番号 {}", apps[1].2)),
        "{}",
        inbox.body
    );
}

#[actix_web::test]
async fn only_the_system_manager_sends_form_5_and_only_for_their_organisation() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut pt = Browser::new();
    pt.login(&app, &t, "pt-watanabe").await;
    assert_eq!(pt.get(&app, "/submissions/form5").await.status, 403);
    assert!(
        !pt.get(&app, "/submissions")
            .await
            .body
            .contains("/submissions/form5")
    );
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let page = nurse.get(&app, "/submissions/form5").await;
    assert_eq!(
        page.input_value("org_name").as_deref(),
        Some("市川訪問看護ステーション")
    );
    let token = page.csrf();
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("application_date", "2026-11-20"),
        ("org_name", "田中内科クリニック"),
        ("change_1_target", "organisation"),
        ("change_1_field", "phone"),
        ("change_1_new", "047-999-0000"),
        ("pledge_1", "1"),
        ("pledge_2", "1"),
        ("pledge_3", "1"),
        ("pledge_4", "1"),
        ("pledge_5", "1"),
    ];
    let r = nurse.post(&app, "/submissions/form5", &fields).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("自分の所属機関（市川訪問看護ステーション）")
    );
    fields[2] = ("org_name", "市川訪問看護ステーション");
    let r = nurse.post(&app, "/submissions/form5", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (office, channel): (String, String) = applications::table
        .filter(applications::form.eq("form5"))
        .select((applications::office, applications::channel))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!((office.as_str(), channel.as_str()), ("city", "system_mail"));
    message_id(&t, "【登録情報変更】市川訪問看護ステーション");
    // Clerks do not send forms; they key paper.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    assert_eq!(clerk.get(&app, "/submissions").await.status, 403);
}

fn members_of(t: &TestApp, room: &str) -> Vec<String> {
    let mut v: Vec<String> = room_members::table
        .inner_join(users::table)
        .inner_join(rooms::table)
        .filter(rooms::name.eq(room))
        .filter(room_members::removed_at.is_null())
        .select(users::login_id)
        .load(&mut t.conn())
        .unwrap();
    v.sort();
    v
}

async fn approve_latest<S, B>(clerk: &mut Browser, app: &S, t: &TestApp) -> crate::common::Resp
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let id: i64 = applications::table
        .order(applications::id.desc())
        .select(applications::id)
        .first(&mut t.conn())
        .unwrap();
    let token = clerk.token(app).await;
    clerk
        .post(
            app,
            &format!("/applications/{id}/approval"),
            &[("csrf_token", &token)],
        )
        .await
}

/// Every pledge of a 職種連携の部屋 ticked.
const PLEDGED: [(&str, &str); 5] = [
    ("pledge_1", "yes"),
    ("pledge_2", "yes"),
    ("pledge_3", "yes"),
    ("pledge_4", "yes"),
    ("pledge_5", "yes"),
];

#[actix_web::test]
async fn room_applications_open_a_room_change_members_and_close_it() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;

    let mut pt = Browser::new();
    pt.login(&app, &t, "pt-watanabe").await;
    let open = [
        ("application_date", "2026-11-20"),
        ("room_name", "退院調整の部屋"),
        ("room_purpose", "退院前の調整を話し合います。"),
        ("member_1_login_id", "ns-suzuki"),
        ("member_1_name", "鈴木 由美"),
    ];
    // The 運用ルールと誓約事項 are shown and each must be pledged; what was typed is kept.
    let page = pt.get(&app, "/submissions/room_open").await;
    assert!(page.body.contains("個人情報は原則として取り扱いません"));
    let r = pt
        .submit(
            &app,
            "/submissions/room_open",
            "/submissions/room_open",
            &open,
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("誓約事項を確認し"));
    assert_eq!(
        r.input_value("room_name").as_deref(),
        Some("退院調整の部屋")
    );
    let mut pledged = open.to_vec();
    pledged.extend(PLEDGED);
    let r = pt
        .submit(
            &app,
            "/submissions/room_open",
            "/submissions/room_open",
            &pledged,
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = applications::table
        .order(applications::id.desc())
        .select(applications::id)
        .first(&mut t.conn())
        .unwrap();
    let detail = city.get(&app, &format!("/applications/{id}")).await;
    assert!(
        detail.body.contains("誓約あり"),
        "the clerk sees the pledge"
    );
    let channel: String = applications::table
        .filter(applications::form.eq("room_open"))
        .select(applications::channel)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(channel, "online");
    assert_eq!(approve_latest(&mut city, &app, &t).await.status, 303);
    assert_eq!(
        members_of(&t, "退院調整の部屋"),
        ["ns-suzuki", "pt-watanabe"]
    );

    // Join: the helper asks to join; the room is chosen from the open rooms.
    let mut helper = Browser::new();
    helper.login(&app, &t, "hh-ito").await;
    let page = helper.get(&app, "/submissions/room_membership").await;
    assert!(page.body.contains("退院調整の部屋"));
    assert_eq!(
        page.input_value("member_1_login_id").as_deref(),
        Some("hh-ito")
    );
    let room_id: i64 = rooms::table
        .filter(rooms::name.eq("退院調整の部屋"))
        .select(rooms::id)
        .first(&mut t.conn())
        .unwrap();
    let rid = room_id.to_string();
    let r = helper
        .submit(
            &app,
            "/submissions/room_membership",
            "/submissions/room_membership",
            &[
                ("application_date", "2026-11-20"),
                ("choice", "join"),
                ("room_id", &rid),
                ("member_1_login_id", "hh-ito"),
                ("member_1_name", "伊藤 真理"),
                ("pledge_1", "yes"),
                ("pledge_2", "yes"),
                ("pledge_3", "yes"),
                ("pledge_4", "yes"),
                ("pledge_5", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(approve_latest(&mut city, &app, &t).await.status, 303);
    assert_eq!(
        members_of(&t, "退院調整の部屋"),
        ["hh-ito", "ns-suzuki", "pt-watanabe"]
    );
    // Leaving a room one is not in is refused at approval, nothing changes.
    let r = helper
        .submit(
            &app,
            "/submissions/room_membership",
            "/submissions/room_membership",
            &[
                ("application_date", "2026-11-20"),
                ("choice", "leave"),
                ("room_id", &rid),
                ("member_1_login_id", "dr-tanaka"),
                ("member_1_name", "田中 一郎"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = approve_latest(&mut city, &app, &t).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("この部屋の担当者ではありません"));

    // Close: only a member may ask, for a room they are in.
    let page = helper.get(&app, "/submissions/room_close").await;
    assert!(page.body.contains("退院調整の部屋"));
    assert!(!page.body.contains("病診連携の部屋"), "not a member there");
    let r = helper
        .submit(
            &app,
            "/submissions/room_close",
            "/submissions/room_close",
            &[
                ("application_date", "2026-11-20"),
                ("room_id", &rid),
                ("reason", "目的を果たしました。"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    message_id(&t, "【職種連携の部屋 閉鎖】ヘルパーステーションいちかわ");
    assert_eq!(approve_latest(&mut city, &app, &t).await.status, 303);
    let status: String = rooms::table
        .find(room_id)
        .select(rooms::status)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "closed");
    // A room one is not in cannot be named for closing.
    let seeded: i64 = rooms::table
        .filter(rooms::name.eq("病診連携の部屋"))
        .select(rooms::id)
        .first(&mut t.conn())
        .unwrap();
    let r = helper
        .submit(
            &app,
            "/submissions/room_close",
            "/submissions/room_close",
            &[
                ("application_date", "2026-11-20"),
                ("room_id", &seeded.to_string()),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
}

#[actix_web::test]
async fn a_file_chosen_before_searching_or_a_mistake_is_sent_without_choosing_it_again() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let nurse_id = t.user_id("ns-suzuki").to_string();
    let token = doctor.token(&app).await;
    let kept_box = regex::Regex::new(r#"name="kept_attachment" value="(\d+)" checked"#).unwrap();

    // 「探す」 with a photo chosen: the page comes back with the photo offered as a ticked box.
    let r = doctor
        .post_multipart(
            &app,
            "/mail",
            &[
                ("csrf_token", &token),
                ("to_kind", "user"),
                ("to_search", "鈴木"),
                ("op", "find"),
                ("subject", "褥瘡の写真"),
                ("body", "写真を送ります。"),
            ],
            &[("attachment", "褥瘡.png", &png())],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let kept = kept_box
        .captures(&r.body)
        .map(|c| c[1].to_string())
        .expect("the photo is offered again");
    assert!(r.body.contains("褥瘡.png"));

    // A mistake (no subject): refused, the photo still offered.
    let r = doctor
        .post(
            &app,
            "/mail",
            &[
                ("csrf_token", &token),
                ("to_kind", "user"),
                ("to_user", &nurse_id),
                ("subject", ""),
                ("body", "写真を送ります。"),
                ("kept_attachment", &kept),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains(&format!(
        "name=\"kept_attachment\" value=\"{kept}\" checked"
    )));

    // Sent with the box still ticked: the message carries the photo, and the kept copy is gone.
    let r = doctor
        .post(
            &app,
            "/mail",
            &[
                ("csrf_token", &token),
                ("to_kind", "user"),
                ("to_user", &nurse_id),
                ("subject", "褥瘡の写真"),
                ("body", "写真を送ります。"),
                ("kept_attachment", &kept),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = message_id(&t, "褥瘡の写真");
    let names: Vec<String> = renkei::schema::message_files::table
        .inner_join(renkei::schema::files::table)
        .filter(renkei::schema::message_files::message_id.eq(id))
        .select(renkei::schema::files::file_name)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(names, vec!["褥瘡.png".to_string()]);
    let left: i64 = renkei::schema::kept_uploads::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(left, 0, "the kept copy is forgotten once sent");
}

#[actix_web::test]
async fn a_row_added_to_an_in_system_form_keeps_what_was_typed_and_the_scan() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let page = nurse.get(&app, "/submissions/form7_8").await;
    let token = page.csrf();
    let rows = |body: &str| {
        (1..=20)
            .filter(|i| body.contains(&format!("name=\"member_{i}_name\"")))
            .count()
    };
    let before = rows(&page.body);
    assert!(before >= 1);
    let r = nurse
        .post_multipart(
            &app,
            "/submissions/form7_8",
            &[
                ("csrf_token", &token),
                ("op", "add_row"),
                ("rows", &before.to_string()),
                ("reg_name", "国府台 清"),
                ("member_1_name", "鈴木 由美"),
            ],
            &[("attachment", "同意書.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(rows(&r.body), before + 1, "one more row");
    assert!(
        !r.body.contains("error-summary"),
        "adding a row is no error"
    );
    assert_eq!(r.input_value("reg_name").as_deref(), Some("国府台 清"));
    assert_eq!(r.input_value("member_1_name").as_deref(), Some("鈴木 由美"));
    assert!(r.body.contains("name=\"kept_attachment\""));
    assert!(r.body.contains("同意書.pdf"));
    let filed: i64 = applications::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(filed, 0, "nothing is filed by adding a row");
}
