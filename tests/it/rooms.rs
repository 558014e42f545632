//! The 連絡帳 through HTTP: my rooms with unread counts, posting with addressees, a reply-wanted
//! marker, tags and a photo; one notification per member without content; read receipts;
//! replies; corrections kept as history; bad input refused with the input kept; a double submit
//! writing one post; keyset pages; the tag filter; removed members and administrators seeing
//! nothing; a closed room read-only.

use crate::common::{Browser, TestApp, key_of, png};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::{outbox, posts, rooms, tags};

fn patient_room(t: &TestApp) -> i64 {
    rooms::table
        .filter(rooms::name.eq("八幡 正"))
        .select(rooms::id)
        .first(&mut t.conn())
        .unwrap()
}

fn tag(t: &TestApp, name: &str) -> i64 {
    tags::table
        .filter(tags::name.eq(name))
        .select(tags::id)
        .first(&mut t.conn())
        .unwrap()
}

fn post_count(t: &TestApp, room: i64) -> i64 {
    posts::table
        .filter(posts::room_id.eq(room))
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_post_is_written_notified_read_replied_and_corrected() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let path = format!("/rooms/{room}");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let mine = doctor.get(&app, "/rooms").await;
    assert!(mine.body.contains("八幡 正") && mine.body.contains("病診連携の部屋"));
    let page = doctor.get(&app, &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("緊急の連絡には使えません"));
    let token = page.csrf();
    let key = key_of(&page.body);
    let nurse_id = t.user_id("ns-suzuki").to_string();
    let outsider = t.user_id("pt-watanabe").to_string();
    let sore = tag(&t, "褥瘡").to_string();

    // Bad input: no subject, an addressee from outside the room, an unknown tag, a lying file.
    let r = doctor
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &token),
                ("key", &key),
                ("subject", ""),
                ("body", "仙骨部に水泡あり。\n直径3cm程度。"),
                ("to", "some"),
                ("addressee", &outsider),
                ("tag", "99999"),
            ],
            &[("attachment", "photo.png", b"MZ not an image")],
        )
        .await;
    assert_eq!(r.status, 422);
    for msg in [
        "入力してください",
        "この部屋の担当者だけを選べます",
        "使えないタグ",
        "CSV・テキストのファイルです（ファイルの中身で判定します）",
    ] {
        assert!(r.body.contains(msg), "{msg}");
    }
    assert!(r.body.contains("直径3cm程度。"), "the body is kept");
    assert_eq!(post_count(&t, room), 0, "no partial post");

    let fields = [
        ("csrf_token", token.as_str()),
        ("key", key.as_str()),
        ("subject", "臀部褥瘡発見、処置方法をご指示ください"),
        ("body", "仙骨部に水泡あり。\n直径3cm程度。"),
        ("to", "some"),
        ("addressee", nurse_id.as_str()),
        ("reply_from", "role:attending_doctor"),
        ("tag", sore.as_str()),
    ];
    // 主治医 is the doctor himself, not someone he can ask: refused.
    let r = doctor
        .post_multipart(&app, &format!("{path}/posts"), &fields, &[])
        .await;
    assert_eq!(r.status, 422);
    let mut fields = fields.to_vec();
    fields[6] = ("reply_from", "role:visiting_nursing");
    let r = doctor
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &fields,
            &[("attachment", "褥瘡.png", &png())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The same form sent again (a double click): still one post.
    let again = doctor
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &fields,
            &[("attachment", "褥瘡.png", &png())],
        )
        .await;
    assert_eq!(again.status, 303);
    assert_eq!(again.location(), r.location());
    assert_eq!(post_count(&t, room), 1);
    let post_id: i64 = posts::table
        .filter(posts::room_id.eq(room))
        .select(posts::id)
        .first(&mut t.conn())
        .unwrap();

    // One notification per other member, none with content or names.
    let mails: Vec<_> = t
        .mails()
        .into_iter()
        .filter(|m| m.subject.contains("連絡帳に書き込みがありました"))
        .collect();
    assert_eq!(
        mails.len(),
        3,
        "ns-suzuki, ph-sato, cm-takahashi: {mails:?}"
    );
    for login in ["ns-suzuki", "ph-sato", "cm-takahashi"] {
        let theirs = t.mails_to(login);
        assert_eq!(theirs.len(), 1, "{login}: {theirs:?}");
        assert!(mails.contains(&theirs[0]));
    }
    for m in &mails {
        assert!(
            !m.says("八幡") && !m.says("褥瘡") && !m.says("水泡"),
            "{m:?}"
        );
        assert!(m.subject.contains(&format!("R-{room:06}")));
        assert!(m.links_to(&format!("/rooms/{room}")), "{m:?}");
        // Who wrote it, from where: staff, not the patient.
        assert!(m.says("書いた人：田中 一郎（田中内科クリニック）"), "{m:?}");
        assert!(m.subject.contains("田中 一郎さん）"), "{m:?}");
    }
    // The nurse is its addressee and asked to reply (as 訪問看護); the pharmacist is neither.
    let to_nurse = &t.mails_to("ns-suzuki")[0];
    assert!(
        to_nurse.subject.contains("［あなた宛て・要返信］"),
        "{to_nurse:?}"
    );
    assert!(to_nurse.says("あなたに返信が求められています"));
    let to_pharmacist = &t.mails_to("ph-sato")[0];
    assert!(!to_pharmacist.subject.contains("［"), "{to_pharmacist:?}");
    assert!(to_pharmacist.says("選ばれた担当者宛て（あなたは宛先に入っていません）"));
    assert!(to_pharmacist.says("返信の依頼はありません"));

    // The nurse: one unread; her home page lists it as waiting for her reply (she is asked as
    // 訪問看護); opening the room reads it; the doctor sees who read it.
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    assert!(nurse.get(&app, "/rooms").await.body.contains("未読 1"));
    let home = nurse.get(&app, "/").await;
    let waiting = home
        .body
        .split("id=\"waiting-title\"")
        .nth(1)
        .unwrap_or("")
        .to_string();
    assert!(
        waiting.contains("要返信")
            && waiting.contains(&format!("href=\"/rooms/{room}#post-{post_id}\"")),
        "the home page lists the request: {waiting}"
    );
    let seen = nurse.get(&app, &path).await;
    assert!(seen.body.contains("【要返信:訪問看護】</span>臀部褥瘡発見"));
    assert!(seen.body.contains("宛先：鈴木 由美"));
    assert!(seen.body.contains("class=\"tag\">褥瘡"));
    assert!(seen.body.contains("褥瘡.png"));
    assert!(!nurse.get(&app, "/rooms").await.body.contains("未読 1"));
    let doc_view = doctor.get(&app, &path).await;
    assert!(doc_view.body.contains("既読 1/3"), "{}", doc_view.body);
    assert!(doc_view.body.contains("鈴木 由美 — "));
    let file_href = seen
        .body
        .split("class=\"post__file\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(
        nurse.get(&app, &file_href).await.header("content-type"),
        "image/png"
    );
    // The photo on its own page (not a download), its image inline and never kept, and its
    // place on the timeline for htmx; none of it for someone outside the room.
    let viewer = nurse.get(&app, &format!("{file_href}/view")).await;
    assert_eq!(viewer.status, 200);
    assert!(viewer.body.contains(&format!("src=\"{file_href}/image\"")));
    assert!(
        viewer
            .body
            .contains(&format!("href=\"{path}#post-{post_id}\"")),
        "back to the post"
    );
    let image = nurse.get(&app, &format!("{file_href}/image")).await;
    assert_eq!(image.header("content-type"), "image/png");
    assert_eq!(image.header("content-disposition"), "inline");
    assert!(image.header("cache-control").contains("no-store"));
    let slot = nurse.get(&app, &format!("{file_href}/preview?try=1")).await;
    assert_eq!(slot.status, 200);
    assert!(slot.body.contains(&format!("href=\"{file_href}/view\"")));
    let mut outsider = Browser::new();
    outsider.login(&app, &t, "pt-watanabe").await;
    for suffix in ["", "/view", "/image", "/preview", "/thumbnail"] {
        assert_eq!(
            outsider
                .get(&app, &format!("{file_href}{suffix}"))
                .await
                .status,
            404,
            "{suffix}"
        );
    }

    // 【要返信:…】 is stored as a code: a reader in English sees the role in English.
    let mut english = Browser::new();
    english.headers = vec![("Accept-Language".into(), "en".into())];
    english.login(&app, &t, "ph-sato").await;
    let en = english.get(&app, &path).await;
    assert!(
        en.body.contains("【Reply wanted:Visiting nursing】"),
        "{}",
        en.body
    );

    // A reply; an empty one is refused where it was typed.
    let token_n = seen.csrf();
    let reply_key = seen
        .body
        .split(&format!("action=\"/rooms/{room}/posts/{post_id}/replies\""))
        .nth(1)
        .map(key_of)
        .unwrap();
    let r = nurse
        .post(
            &app,
            &format!("{path}/posts/{post_id}/replies"),
            &[("csrf_token", &token_n), ("key", &reply_key), ("body", " ")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("error-summary"));
    let r = nurse
        .post(
            &app,
            &format!("{path}/posts/{post_id}/replies"),
            &[
                ("csrf_token", &token_n),
                ("key", &reply_key),
                ("body", "本日訪問し、処置しました。"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = doctor.get(&app, &path).await;
    let thread = after
        .body
        .split("class=\"post__replies\"")
        .nth(1)
        .unwrap_or("");
    assert!(
        thread.contains("本日訪問し、処置しました。"),
        "the reply is in the post's thread"
    );
    // Answered: the request leaves the nurse's home page.
    let home = nurse.get(&app, "/").await;
    assert!(
        !home.body.contains(&format!("#post-{post_id}\"")),
        "an answered request is no longer listed"
    );

    // A correction keeps the earlier text; only the author may correct.
    let corr = format!("{path}/posts/{post_id}/correction");
    assert_eq!(nurse.get(&app, &corr).await.status, 404);
    let r = doctor
        .post(
            &app,
            &corr,
            &[
                ("csrf_token", &token),
                ("subject", "臀部褥瘡発見、処置方法をご指示ください"),
                ("body", "仙骨部に水泡あり。\n直径2cm程度（訂正）。"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let corrected = nurse.get(&app, &path).await;
    assert!(corrected.body.contains("直径2cm程度（訂正）。"));
    assert!(corrected.body.contains("訂正前の内容（1件）"));
    assert!(
        corrected.body.contains("直径3cm程度。"),
        "the earlier text stays"
    );

    // Administrators see membership, not content.
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert_eq!(assoc.get(&app, &path).await.status, 404);
    assert_eq!(
        assoc
            .get(&app, &format!("/rooms/admin/{room}"))
            .await
            .status,
        200
    );
    // A member of another room sees nothing.
    let mut pt = Browser::new();
    t.next_step(); // pt-watanabe logged in above (outside the room)
    pt.login(&app, &t, "pt-watanabe").await;
    assert_eq!(pt.get(&app, &path).await.status, 404);
    assert_eq!(pt.get(&app, &file_href).await.status, 404);
}

#[actix_web::test]
async fn pages_go_back_by_keyset_and_tags_filter() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let doctor_id = t.user_id("dr-tanaka");
    let acp = tag(&t, "ACP");
    {
        let mut conn = t.conn();
        for i in 0..65 {
            let key = format!("seed-post-{i:04}-xxxxxxxxxxxx");
            let subject = format!("経過報告 第{i}回");
            let tags_for: Vec<i64> = if i % 10 == 0 { vec![acp] } else { vec![] };
            renkei::models::posts::Post::insert(
                &mut conn,
                &renkei::models::posts::NewPost {
                    room_id: room,
                    author_id: doctor_id,
                    parent_id: None,
                    subject: &subject,
                    body: "変わりありません。",
                    to_all: true,
                    reply_wanted_from: "",
                    idempotency_key: &key,
                    addressees: &[],
                    tags: &tags_for,
                },
                t.clock.now(),
            )
            .unwrap();
        }
    }
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    assert!(nurse.get(&app, "/rooms").await.body.contains("未読 65"));
    let home = nurse.get(&app, "/").await;
    assert!(
        home.body.contains("八幡 正") && home.body.contains("未読 65"),
        "the home page shows rooms"
    );
    let first = nurse.get(&app, &format!("/rooms/{room}")).await;
    assert_eq!(
        first.body.matches("<h3 class=\"post__subject\"").count(),
        30
    );
    assert!(first.body.contains("経過報告 第64回"));
    assert!(!first.body.contains("経過報告 第34回"));
    let more = first
        .body
        .split("href=\"")
        .find(|s| s.starts_with(&format!("/rooms/{room}?before=")))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let second = nurse.get(&app, &more).await;
    assert!(second.body.contains("経過報告 第34回"));
    assert!(!second.body.contains("経過報告 第35回"));
    // htmx "load more" gets only the posts and the next link.
    let mut htmx = nurse.clone();
    htmx.headers.push(("HX-Request".into(), "true".into()));
    let partial = htmx.get(&app, &more).await;
    assert!(!partial.body.contains("<html"));
    // One address, two answers: a cache must keep them apart.
    for r in [&second, &partial] {
        assert!(r.varies_on("HX-Request"), "{:?}", r.headers);
    }
    assert_eq!(
        partial.body.matches("<h3 class=\"post__subject\"").count(),
        30
    );
    // Opening the first page read everything up to the newest post.
    assert!(!nurse.get(&app, "/rooms").await.body.contains("未読"));

    let tagged = nurse.get(&app, &format!("/rooms/{room}?tag={acp}")).await;
    assert_eq!(
        tagged.body.matches("<h3 class=\"post__subject\"").count(),
        7
    );
    assert!(tagged.body.contains("経過報告 第60回"));
    assert!(!tagged.body.contains("経過報告 第61回"));
}

#[actix_web::test]
async fn a_removed_member_sees_nothing_and_a_closed_room_is_read_only() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let path = format!("/rooms/{room}");
    let mut cm = Browser::new();
    cm.login(&app, &t, "cm-takahashi").await;
    assert_eq!(cm.get(&app, &path).await.status, 200);

    // The association removes the care manager (form 8), then closes the room (form 9).
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    let token = assoc.get(&app, "/applications/new/form8").await.csrf();
    let common = [
        ("csrf_token", token.as_str()),
        ("channel", "post"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-20"),
        ("reg_name", "八幡 正"),
        ("reg_kana", "ヤワタ タダシ"),
        ("reg_birth_date", "1938-05-10"),
    ];
    let mut f8 = common.to_vec();
    f8.extend_from_slice(&[
        ("coordinator_name", "田中 一郎"),
        ("coordinator_org", "田中内科クリニック"),
        ("coordinator_phone", "047-300-0001"),
        ("member_1_action", "remove"),
        ("member_1_login_id", "cm-takahashi"),
        ("member_1_name", "高橋 恵子"),
    ]);
    let r = assoc.post(&app, "/applications/new/form8", &f8).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let app8 = r.location().to_string();
    let r = assoc
        .post(&app, &format!("{app8}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // At the care manager's next request: nothing.
    assert_eq!(cm.get(&app, &path).await.status, 404);
    assert!(!cm.get(&app, "/rooms").await.body.contains("八幡 正"));

    let mut f9 = common.to_vec();
    f9.extend_from_slice(&[
        ("submitter", "family"),
        ("submitter_name", "八幡 花"),
        ("reason", "moved"),
        ("discontinued_on", "2026-11-20"),
    ]);
    let r = assoc.post(&app, "/applications/new/form9", &f9).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let app9 = r.location().to_string();
    let r = assoc
        .post(&app, &format!("{app9}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Those concerned were told, by the room's label only.
    let label = format!("R-{room:06}");
    let about = |login: &str, what: &str| -> Vec<crate::common::Mail> {
        t.mails_to(login)
            .into_iter()
            .filter(|m| m.subject.contains(what) && m.subject.contains(&label))
            .collect()
    };
    let removed = about("cm-takahashi", "部屋の担当者から外れました");
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(removed[0].body.contains(&label) && !removed[0].says("八幡"));
    for login in ["dr-tanaka", "ns-suzuki", "ph-sato"] {
        let closed = about(login, "部屋が閉鎖されました");
        assert_eq!(closed.len(), 1, "{login}: {closed:?}");
        assert!(!closed[0].says("八幡"));
    }
    assert!(
        about("cm-takahashi", "部屋が閉鎖されました").is_empty(),
        "not the member who had left"
    );
    assert_eq!(
        t.mails()
            .iter()
            .filter(|m| m.subject.contains("部屋が閉鎖されました"))
            .count(),
        3,
        "the three members left"
    );

    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("この部屋は閉鎖されています"));
    assert!(!page.body.contains("name=\"subject\""), "no composer");
    let mine = doctor.get(&app, "/rooms").await;
    assert!(mine.body.contains("閉鎖された部屋"));
    let r = doctor
        .post(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", "0123456789abcdef0123"),
                ("subject", "件名"),
                ("body", "本文"),
            ],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("閉鎖されているため"));
    assert_eq!(post_count(&t, room), 0);
}

#[actix_web::test]
async fn tags_are_managed_by_the_city_and_offered_to_writers() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    let page = city.get(&app, "/admin/tags").await;
    assert!(page.body.contains("褥瘡") && page.body.contains("書類提出"));
    let token = page.csrf();
    let r = city
        .post(
            &app,
            "/admin/tags",
            &[("csrf_token", &token), ("name", "在宅酸素")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = city
        .post(
            &app,
            "/admin/tags",
            &[("csrf_token", &token), ("name", "在宅酸素")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("同じ名前のタグが既にあります"));
    let id = tag(&t, "在宅酸素");
    let r = city
        .post(
            &app,
            &format!("/admin/tags/{id}"),
            &[("csrf_token", &token), (&format!("name-{id}"), "HOT")],
        )
        .await;
    assert_eq!(r.status, 303);
    let room = patient_room(&t);
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    assert!(page.body.contains(&format!("name=\"tag\" value=\"{id}\"")));
    assert!(
        page.body.contains("<span>HOT</span>"),
        "offered under its new name"
    );
    let r = city
        .post(
            &app,
            &format!("/admin/tags/{id}/retirement"),
            &[("csrf_token", &token), ("retire", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    assert!(!page.body.contains(&format!("name=\"tag\" value=\"{id}\"")));
    // A retired tag sent anyway is refused.
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "酸素の件"),
                ("body", "流量を確認しました。"),
                ("tag", &id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    // Professionals cannot manage tags.
    assert_eq!(doctor.get(&app, "/admin/tags").await.status, 403);
}

#[actix_web::test]
async fn notifications_follow_each_members_choice() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    // A care team of four: the doctor writes, the others chose differently.
    let (doctor_id, doctor_login) = t
        .account("doctor")
        .profession("doctor")
        .organisation("試験クリニック")
        .create();
    let (nurse_id, nurse_login) = t.account("nurse").create();
    let (pharmacist_id, pharmacist_login) = t
        .account("pharmacist")
        .profession("pharmacist")
        .organisation("試験薬局")
        .email("yakuzaishi@pharmacy.example.jp")
        .create();
    let (cm_id, cm_login) = t
        .account("cm")
        .profession("care_manager")
        .organisation("試験居宅介護支援事業所")
        .email("cm@office.example.jp")
        .create();
    let room = t.patient_room(&[doctor_id, nurse_id, pharmacist_id, cm_id]);
    let mut pharmacist = Browser::new();
    pharmacist.login(&app, &t, &pharmacist_login).await;
    let page = pharmacist.get(&app, "/account/notifications").await;
    assert!(
        page.body.contains("yakuzaishi@pharmacy.example.jp"),
        "the address in use is shown"
    );
    let r = pharmacist
        .post(
            &app,
            "/account/notifications",
            &[("csrf_token", &page.csrf()), ("posts", "none")],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut cm = Browser::new();
    cm.login(&app, &t, &cm_login).await;
    let token = cm.token(&app).await;
    let r = cm
        .post(
            &app,
            "/account/notifications",
            &[
                ("csrf_token", &token),
                ("posts", "addressed"),
                ("email", "not an address"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.input_value("email").as_deref(), Some("not an address"));
    // Two addresses in one: refused (every mail to it was silently refused).
    let r = cm
        .post(
            &app,
            "/account/notifications",
            &[
                ("csrf_token", &token),
                ("posts", "addressed"),
                ("email", "a@care.example.jp,b@evil.example.com"),
                ("current_password", "renkei-demo-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    // A new address takes the password: without it, or with a wrong one, nothing changes.
    for password in ["", "wrong-password"] {
        let r = cm
            .post(
                &app,
                "/account/notifications",
                &[
                    ("csrf_token", &token),
                    ("posts", "addressed"),
                    ("email", "takahashi@care.example.jp"),
                    ("current_password", password),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{password:?}");
        assert!(r.body.contains("現在のパスワードを正しく入力してください"));
        assert_eq!(
            r.input_value("email").as_deref(),
            Some("takahashi@care.example.jp")
        );
    }
    let r = cm
        .post(
            &app,
            "/account/notifications",
            &[
                ("csrf_token", &token),
                ("posts", "addressed"),
                ("email", "takahashi@care.example.jp"),
                ("current_password", "renkei-demo-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    // The same address again, only the choices changed: no password needed.
    let r = cm
        .post(
            &app,
            "/account/notifications",
            &[
                ("csrf_token", &token),
                ("posts", "addressed"),
                ("email", "takahashi@care.example.jp"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);

    let mut doctor = Browser::new();
    doctor.login(&app, &t, &doctor_login).await;
    let cm_id = cm_id.to_string();
    for (to, addressee, subject) in [
        ("all", "", "全員へ"),
        ("some", cm_id.as_str(), "ケアマネへ"),
    ] {
        let page = doctor.get(&app, &format!("/rooms/{room}")).await;
        let mut fields = vec![
            ("csrf_token", page.csrf()),
            ("key", key_of(&page.body)),
            ("subject", subject.to_string()),
            ("body", "本文".to_string()),
            ("to", to.to_string()),
        ];
        if !addressee.is_empty() {
            fields.push(("addressee", addressee.to_string()));
        }
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = doctor
            .post(&app, &format!("/rooms/{room}/posts"), &pairs)
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let posts = |mails: Vec<crate::common::Mail>| -> Vec<crate::common::Mail> {
        mails
            .into_iter()
            .filter(|m| m.subject.contains("連絡帳に書き込みがありました"))
            .collect()
    };
    assert_eq!(posts(t.mails_to(&nurse_login)).len(), 2, "all posts");
    assert_eq!(posts(t.mails_to(&pharmacist_login)).len(), 0, "none");
    let cm_mails = posts(t.mails_to(&cm_login));
    assert_eq!(
        cm_mails.len(),
        1,
        "only the one addressed to her: {cm_mails:?}"
    );
    assert_eq!(
        cm_mails[0].to, "takahashi@care.example.jp",
        "at her address"
    );
    assert_eq!(posts(t.mails()).len(), 3);
}

#[actix_web::test]
async fn a_daily_digest_replaces_single_mails() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let (doctor_id, doctor_login) = t
        .account("doctor")
        .profession("doctor")
        .organisation("試験クリニック")
        .create();
    let (nurse_id, nurse_login) = t.account("nurse").create();
    let room = t.patient_room_for("試験 花子", &[doctor_id, nurse_id]);
    let mut nurse = Browser::new();
    nurse.login(&app, &t, &nurse_login).await;
    let token = nurse.token(&app).await;
    let r = nurse
        .post(
            &app,
            "/account/notifications",
            &[("csrf_token", &token), ("posts", "all"), ("digest", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut doctor = Browser::new();
    doctor.login(&app, &t, &doctor_login).await;
    for subject in ["一件目", "二件目"] {
        let page = doctor.get(&app, &format!("/rooms/{room}")).await;
        let r = doctor
            .post(
                &app,
                &format!("/rooms/{room}/posts"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("key", &key_of(&page.body)),
                    ("subject", subject),
                    ("body", "本文"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    assert!(
        t.mails_to(&nurse_login).is_empty(),
        "no single mails for a digest reader"
    );
    let digests = |t: &TestApp| {
        renkei::services::timeline::send_due_digests(
            &mut t.conn(),
            &t.state.settings,
            t.clock.now(),
        )
        .unwrap()
    };
    // 09:00 in Japan: not yet (17:00 by default).
    assert_eq!(digests(&t), 0);
    t.clock.advance(chrono::TimeDelta::hours(8));
    assert_eq!(digests(&t), 1);
    assert_eq!(digests(&t), 0, "once a day");
    let mails = t.mails_to(&nurse_login);
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].subject.contains("1日のまとめ"), "{mails:?}");
    assert!(
        mails[0].body.contains(&format!("R-{room:06}：2件")),
        "{mails:?}"
    );
    assert_eq!(
        mails[0]
            .body
            .lines()
            .filter(|l| l.trim_start().starts_with("R-"))
            .count(),
        1,
        "her one room"
    );
    assert!(!mails[0].says("一件目") && !mails[0].says("試験 花子"));
    // The next day without new posts: nothing.
    t.clock.advance(chrono::TimeDelta::hours(24));
    assert_eq!(digests(&t), 0);
}

#[actix_web::test]
async fn a_digest_counts_only_posts_its_reader_may_open() {
    // The digest follows the rule of the 連絡帳 page: a room whose 連絡帳 the office switched off
    // shows no posts, so the digest counts none there (it used to).
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let token = nurse.token(&app).await;
    let r = nurse
        .post(
            &app,
            "/account/notifications",
            &[("csrf_token", &token), ("posts", "all"), ("digest", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "切替前の書き込み"),
                ("body", "本文"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let token = clerk
        .get(&app, &format!("/rooms/admin/{room}"))
        .await
        .csrf();
    let r = clerk
        .post(
            &app,
            &format!("/rooms/admin/{room}/features"),
            &[
                ("csrf_token", token.as_str()),
                ("feature", "care_points"),
                ("feature", "vitals"),
                ("feature", "patient_info"),
                ("feature", "medication"),
                ("feature", "web_meeting"),
                ("feature", "calendar"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let opened = nurse.get(&app, &format!("/rooms/{room}")).await;
    assert_eq!(opened.status, 303, "the room opens on another tab");
    let tab = nurse.get(&app, opened.location()).await;
    assert!(
        !tab.body.contains("切替前の書き込み"),
        "the post is not shown"
    );
    t.clock.advance(chrono::TimeDelta::hours(8));
    let sent = renkei::services::timeline::send_due_digests(
        &mut t.conn(),
        &t.state.settings,
        t.clock.now(),
    )
    .unwrap();
    let to_nurse = t.mails_to("ns-suzuki");
    assert_eq!(
        sent, 0,
        "no digest of posts the reader cannot open: {to_nurse:?}"
    );
    assert!(to_nurse.is_empty());
}

#[actix_web::test]
async fn search_finds_japanese_substrings_only_where_the_searcher_may_look() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let patient = patient_room(&t);
    let inter: i64 = rooms::table
        .filter(rooms::name.eq("病診連携の部屋"))
        .select(rooms::id)
        .first(&mut t.conn())
        .unwrap();
    async fn write<S, B>(b: &mut Browser, app: &S, room: i64, subject: &str, body: &str)
    where
        S: actix_web::dev::Service<
                actix_http::Request,
                Response = actix_web::dev::ServiceResponse<B>,
                Error = actix_web::Error,
            >,
        B: actix_web::body::MessageBody,
    {
        let page = b.get(app, &format!("/rooms/{room}")).await;
        let r = b
            .post(
                app,
                &format!("/rooms/{room}/posts"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("key", &key_of(&page.body)),
                    ("subject", subject),
                    ("body", body),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let mut pt = Browser::new();
    pt.login(&app, &t, "pt-watanabe").await;
    write(
        &mut doctor,
        &app,
        patient,
        "訪問報告",
        "仙骨部に水泡あり。褥瘡の初期と思われます。",
    )
    .await;
    write(
        &mut pt,
        &app,
        inter,
        "勉強会のお知らせ",
        "仙骨部の除圧について勉強会を開きます。",
    )
    .await;

    let q = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    // Three characters or more: the trigram index; across the doctor's rooms.
    let r = doctor
        .get(&app, &format!("/search?q={}", q("仙骨部")))
        .await;
    assert!(
        r.body.contains("訪問報告") && r.body.contains("勉強会のお知らせ"),
        "{}",
        r.body
    );
    // The therapist is not in the patient room: he never finds its post.
    let r = pt.get(&app, &format!("/search?q={}", q("仙骨部"))).await;
    assert!(r.body.contains("勉強会のお知らせ"));
    assert!(!r.body.contains("訪問報告"));
    // Two characters: still found.
    let r = doctor.get(&app, &format!("/search?q={}", q("褥瘡"))).await;
    assert!(r.body.contains("訪問報告"));
    assert!(!r.body.contains("勉強会のお知らせ"));
    // One room only.
    let r = doctor
        .get(&app, &format!("/search?q={}&room={inter}", q("仙骨部")))
        .await;
    assert!(r.body.contains("勉強会のお知らせ") && !r.body.contains("訪問報告"));
    // Text whose lower-casing changes its length (İ → i̇) is found and excerpted, for every
    // member — it once made every search that hit it panic.
    write(
        &mut doctor,
        &app,
        patient,
        "İstanbul帰り",
        "İİİ ご家族がİstanbulから戻られました。仙骨部の発赤は消えています。",
    )
    .await;
    for term in ["仙骨部", "STANBUL", "İstanbul", "発赤"] {
        let r = doctor.get(&app, &format!("/search?q={}", q(term))).await;
        assert_eq!(r.status, 200, "{term}");
        assert!(r.body.contains("İstanbul帰り"), "{term}");
    }
    // A NUL, a lone CR or a bidi control in the query: an answer, never a 500.
    for term in [
        "仙骨\u{0}部",
        "仙骨部\u{0}",
        "\u{0}\u{0}\u{0}",
        "仙\r骨部",
        "\u{202E}仙骨部",
        "\"仙骨部",
    ] {
        let r = doctor.get(&app, &format!("/search?q={}", q(term))).await;
        assert_eq!(r.status, 200, "{term:?}");
    }
    let r = doctor
        .get(&app, &format!("/search?q={}", q("仙骨\u{0}部")))
        .await;
    assert!(
        r.body.contains("訪問報告"),
        "the NUL is ignored, not searched"
    );
    // A room one is not in cannot be searched.
    assert_eq!(
        pt.get(&app, &format!("/search?q={}&room={patient}", q("仙骨部")))
            .await
            .status,
        404
    );
    // A correction is found by its new text, no longer by the old one.
    let post: i64 = posts::table
        .filter(posts::room_id.eq(patient))
        .select(posts::id)
        .first(&mut t.conn())
        .unwrap();
    let token = doctor.token(&app).await;
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{patient}/posts/{post}/correction"),
            &[
                ("csrf_token", &token),
                ("subject", "訪問報告"),
                ("body", "尾骨部に発赤あり。"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = doctor
        .get(&app, &format!("/search?q={}", q("尾骨部に発赤")))
        .await;
    assert!(r.body.contains("訪問報告"));
    let r = doctor
        .get(&app, &format!("/search?q={}&room={patient}", q("仙骨部")))
        .await;
    assert!(!r.body.contains("訪問報告"));
}

/// CRC-32 (PNG's), so a forged header is still a well-formed PNG.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A well-formed PNG whose header claims `side` × `side` pixels (its data is 1 × 1).
fn forged_png(mut p: Vec<u8>, side: u32) -> Vec<u8> {
    p[16..20].copy_from_slice(&side.to_be_bytes());
    p[20..24].copy_from_slice(&side.to_be_bytes());
    let c = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&c.to_be_bytes());
    p
}

fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(1200, 900, image::Rgb([180, 120, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .unwrap();
    let payload = b"Exif\0\0GPSLatitude=35.7219 GPSLongitude=139.9311";
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    // The same position in a comment, and a second JPEG carrying it appended after the end.
    let comment = b"GPSLatitude=35.7219";
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&plain[2..]);
    let mut second = plain[..2].to_vec();
    second.extend_from_slice(&[0xFF, 0xE1]);
    second.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    second.extend_from_slice(payload);
    second.extend_from_slice(&plain[2..]);
    out.extend_from_slice(&second);
    out
}

#[actix_web::test]
async fn photos_lose_their_location_get_a_thumbnail_and_bombs_are_refused() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let page = nurse.get(&app, &format!("/rooms/{room}")).await;
    // A PNG whose header claims 100000 × 100000 pixels: refused from the header.
    let mut one = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(1, 1))
        .write_to(&mut std::io::Cursor::new(&mut one), image::ImageFormat::Png)
        .unwrap();
    let bomb = forged_png(one, 100_000);
    let fields = [
        ("csrf_token", page.csrf()),
        ("key", key_of(&page.body)),
        ("subject", "創部の写真".to_string()),
        ("body", "本日の写真です。".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = nurse
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &pairs,
            &[("attachment", "bomb.png", &bomb)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("画像が大きすぎます"), "{}", r.body);
    assert_eq!(post_count(&t, room), 0);

    let photo = jpeg_with_gps();
    let r = nurse
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &pairs,
            &[("attachment", "IMG_0001.jpg", &photo)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let stored: Vec<u8> = renkei::schema::files::table
        .select(renkei::schema::files::data)
        .order(renkei::schema::files::id.desc())
        .first(&mut t.conn())
        .unwrap();
    assert!(
        !stored.windows(11).any(|w| w == b"GPSLatitude"),
        "the location is gone"
    );
    assert!(stored.len() < photo.len());
    // The worker's job is queued with the post; run it as the worker would.
    let file_id: i64 = renkei::schema::files::table
        .select(renkei::schema::files::id)
        .order(renkei::schema::files::id.desc())
        .first(&mut t.conn())
        .unwrap();
    let queued: i64 = outbox::table
        .filter(outbox::idempotency_key.eq(format!("thumbnail:{file_id}")))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(queued, 1);
    assert!(
        renkei::services::timeline::make_thumbnail(&mut t.conn(), file_id, t.clock.now()).unwrap()
    );
    let page = nurse.get(&app, &format!("/rooms/{room}")).await;
    let src = format!("/rooms/{room}/files/{file_id}/thumbnail");
    assert!(page.body.contains(&format!("src=\"{src}\"")));
    let thumb = nurse.get(&app, &src).await;
    assert_eq!(thumb.status, 200);
    assert_eq!(thumb.header("content-type"), "image/jpeg");
    let thumb_bytes: Vec<u8> = renkei::schema::file_thumbnails::table
        .select(renkei::schema::file_thumbnails::data)
        .first(&mut t.conn())
        .unwrap();
    assert!(
        thumb_bytes.len() < 20_000,
        "a phone loads {} bytes",
        thumb_bytes.len()
    );
    let mut pt = Browser::new();
    pt.login(&app, &t, "pt-watanabe").await;
    assert_eq!(pt.get(&app, &src).await.status, 404);
}

/// One member in two tabs or with a double click: PostgreSQL runs such requests side by side.
/// The same form sent at once makes one post and no error; the timeline opened at once records
/// each read once and answers every time (both were unique-key 500s under concurrent load).
#[actix_web::test]
async fn the_same_member_at_once_gets_no_error_and_one_post() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let path = format!("/rooms/{room}");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &path).await;
    let token = page.csrf();
    let key = key_of(&page.body);
    let before = post_count(&t, room);
    let target = format!("{path}/posts");
    let sends = (0..8).map(|_| {
        let mut b = doctor.clone();
        let (app, target, token, key) = (&app, &target, &token, &key);
        async move {
            b.post(
                app,
                target,
                &[
                    ("csrf_token", token),
                    ("key", key),
                    ("subject", "同時送信の確認"),
                    ("body", "二重に押されても書き込みは一つです。"),
                    ("to", "all"),
                ],
            )
            .await
            .status
        }
    });
    for status in futures_util::future::join_all(sends).await {
        assert!(status == 303 || status == 200, "answered {status}");
    }
    assert_eq!(post_count(&t, room), before + 1, "one post for one form");

    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    assert!(nurse.get(&app, "/rooms").await.body.contains("未読"));
    let opens = (0..8).map(|_| {
        let mut b = nurse.clone();
        let (app, path) = (&app, &path);
        async move { b.get(app, path).await.status }
    });
    for status in futures_util::future::join_all(opens).await {
        assert_eq!(status, 200);
    }
    assert!(!nurse.get(&app, "/rooms").await.body.contains("未読"));
}

#[actix_web::test]
async fn stored_reply_requests_become_codes_on_both_databases() {
    // Posts written before 【要返信:…】 was stored as a code kept the writer's label, in the
    // writer's language. The migration turns them into codes.
    let t = TestApp::new().await;
    let room = patient_room(&t);
    let doctor = t.user_id("dr-tanaka");
    let nurse = t.user_id("ns-suzuki");
    let mut conn = t.conn();
    // Back to just before the reply-wanted codes migration (later ones first).
    let mut reverted = String::new();
    for _ in 0..10 {
        reverted = renkei::db::revert_last_migration(&mut conn).unwrap();
        if reverted == "20261202000008" {
            break;
        }
    }
    assert_eq!(
        reverted, "20261202000008",
        "the reply-wanted codes migration"
    );
    let now = t.clock.now_utc().naive_utc();
    let stored = [
        "訪問看護",
        "Visiting nursing",
        "鈴木 由美",
        "全員",
        "山田 花子",
        "",
    ];
    for (i, label) in stored.iter().enumerate() {
        let key = format!("legacy-reply-wanted-{i:04}");
        let subject = format!("以前の書き込み {i}");
        renkei::models::posts::Post::insert(
            &mut conn,
            &renkei::models::posts::NewPost {
                room_id: room,
                author_id: doctor,
                parent_id: None,
                subject: &subject,
                body: "本文",
                to_all: true,
                reply_wanted_from: label,
                idempotency_key: &key,
                addressees: &[],
                tags: &[],
            },
            now,
        )
        .unwrap();
    }
    renkei::db::migrate_database(&mut conn).unwrap();
    let codes: Vec<String> = posts::table
        .filter(posts::room_id.eq(room))
        .order(posts::id.asc())
        .select(posts::reply_wanted_from)
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        codes,
        [
            "role:visiting_nursing".to_string(),
            "role:visiting_nursing".to_string(),
            format!("user:{nurse}"),
            "all".to_string(),
            "text:山田 花子".to_string(),
            String::new(),
        ]
    );
}

#[actix_web::test]
async fn a_file_is_offered_under_the_name_its_content_earns() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let path = format!("/rooms/{room}");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &path).await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    // A PDF called evil.exe, and a name whose right-to-left override shows `…exe.pdf`.
    let r = doctor
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "書類"),
                ("body", "紹介状を添付します。"),
            ],
            &[
                ("attachment", "evil.exe", pdf.as_slice()),
                ("attachment", "紹介状\u{202E}fdp.hta", pdf.as_slice()),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let shown = doctor.get(&app, &path).await;
    assert!(
        !shown.body.contains('\u{202E}'),
        "no direction override is shown"
    );
    let hrefs: Vec<String> = shown
        .body
        .split("class=\"post__file\" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    assert_eq!(hrefs.len(), 2, "{}", shown.body);
    let mut names = Vec::new();
    for href in &hrefs {
        let file = doctor.get(&app, href).await;
        assert_eq!(file.header("content-type"), "application/pdf");
        assert!(file.header("cache-control").contains("no-store"));
        let disposition = file.header("content-disposition").to_string();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(!disposition.contains("%E2%80%AE"), "{disposition}");
        names.push(disposition);
    }
    assert!(
        names
            .iter()
            .any(|n| n.contains("filename=\"evil.exe.pdf\"")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.contains("%E7%B4%B9%E4%BB%8B%E7%8A%B6fdp.hta.pdf")),
        "{names:?}"
    );
}

/// An OOXML package: `[Content_Types].xml` naming `main` for `part`, and the part itself
/// (plus any `extra` parts).
fn ooxml(main: &str, part: &str, extra: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    out.start_file("[Content_Types].xml", options).unwrap();
    write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{part}" ContentType="{main}"/></Types>"#
    )
    .unwrap();
    for name in std::iter::once(&part).chain(extra) {
        out.start_file(*name, options).unwrap();
        out.write_all(b"<x/>").unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[actix_web::test]
async fn word_excel_and_csv_are_attached_and_macros_or_passwords_refused() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = patient_room(&t);
    let path = format!("/rooms/{room}");
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let docx = ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
        &[],
    );
    let xlsx = ooxml(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
        &["xl/worksheets/sheet1.xml"],
    );
    let (csv, _, _) = encoding_rs::SHIFT_JIS.encode("日付,体温\r\n12/1,36.8\r\n");
    let before = post_count(&t, room);

    // A macro-enabled file, even one named .docx, is refused with the reason; the text stays.
    let page = nurse.get(&app, &path).await;
    let docm = ooxml(
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "word/document.xml",
        &["word/vbaProject.bin"],
    );
    let r = nurse
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "退院サマリ"),
                ("body", "退院サマリを添付します。"),
            ],
            &[("attachment", "退院サマリ.docx", docm.as_slice())],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("マクロ付きのファイル"), "{}", r.body);
    assert!(
        r.body.contains("退院サマリを添付します。"),
        "the text is kept"
    );
    // A password-protected Office file is a compound file holding the encrypted package.
    let mut locked = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    std::io::Write::write_all(
        &mut locked.create_stream("/EncryptionInfo").unwrap(),
        b"\x04\0",
    )
    .unwrap();
    std::io::Write::write_all(
        &mut locked.create_stream("/EncryptedPackage").unwrap(),
        b"....",
    )
    .unwrap();
    let locked = locked.into_inner().into_inner();
    let r = nurse
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "ケアプラン"),
                ("body", "ケアプランです。"),
            ],
            &[("attachment", "ケアプラン.xlsx", locked.as_slice())],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("パスワード付き"), "{}", r.body);
    // An executable called .txt is not text.
    let r = nurse
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "メモ"),
                ("body", "メモです。"),
            ],
            &[("attachment", "memo.txt", b"MZ\x90\0\x03\0\0\0".as_slice())],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("Word・Excel・PowerPoint"), "{}", r.body);
    assert_eq!(post_count(&t, room), before, "nothing refused was posted");

    // Word, Excel (named wrongly) and a Shift_JIS CSV are attached and offered as attachments
    // under the extension of the type their content earns.
    let page = nurse.get(&app, &path).await;
    let r = nurse
        .post_multipart(
            &app,
            &format!("{path}/posts"),
            &[
                ("csrf_token", &page.csrf()),
                ("key", &key_of(&page.body)),
                ("subject", "退院サマリ"),
                ("body", "退院サマリとケアプランを添付します。"),
            ],
            &[
                ("attachment", "退院サマリ.docx", docx.as_slice()),
                ("attachment", "ケアプラン.xls", xlsx.as_slice()),
                ("attachment", "体温.csv", &csv),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let shown = nurse.get(&app, &path).await;
    let hrefs: Vec<String> = shown
        .body
        .split("class=\"post__file\" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    assert_eq!(hrefs.len(), 3, "{}", shown.body);
    let mut got = Vec::new();
    for href in &hrefs {
        let file = nurse.get(&app, href).await;
        assert!(
            file.header("content-disposition")
                .starts_with("attachment;")
        );
        assert_eq!(file.header("x-content-type-options"), "nosniff");
        got.push((
            file.header("content-type").to_string(),
            file.header("content-disposition").to_string(),
            file.raw.len(),
        ));
    }
    got.sort();
    assert_eq!(
        got[0].0,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(got[0].1.ends_with(".xls.xlsx"), "{got:?}");
    assert_eq!(
        got[1].0,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(got[1].1.contains(".docx"), "{got:?}");
    assert_eq!(got[1].2, docx.len(), "the document is kept byte for byte");
    assert_eq!(got[2].0, "text/csv; charset=Shift_JIS");
    assert_eq!(got[2].2, csv.len());
}

#[actix_web::test]
async fn the_composer_shows_the_etiquette_and_inter_professional_rooms_the_anonymity_guidance() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let patient = doctor
        .get(&app, &format!("/rooms/{}", patient_room(&t)))
        .await;
    assert!(patient.body.contains("書き込みのエチケット"));
    assert!(patient.body.contains("肖像権者の承諾"));
    assert!(patient.body.contains("投稿前の再確認"));
    assert!(
        !patient.body.contains("本人が推知できる"),
        "a patient room is the place for the patient"
    );
    let inter = t.room_named("病診連携の部屋");
    let inter = doctor.get(&app, &format!("/rooms/{inter}")).await;
    assert!(inter.body.contains("書き込みのエチケット"));
    assert!(inter.body.contains("本人が推知できる"), "{}", inter.body);
    assert!(inter.body.contains("登録者支援の部屋で行ってください"));
}

#[actix_web::test]
async fn a_tag_is_searched_across_ones_rooms_and_results_page_beyond_fifty() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let patient = patient_room(&t);
    let inter = t.room_named("病診連携の部屋");
    let acp = tag(&t, "ACP").to_string();
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{patient}")).await;
    let token = page.csrf();
    let post = |room: i64, n: usize, tagged: bool| {
        let mut fields = vec![
            ("csrf_token".to_string(), token.clone()),
            ("key".to_string(), format!("{n:032x}")),
            ("subject".to_string(), format!("話し合いの記録 {n}")),
            (
                "body".to_string(),
                "ご本人の希望を確認しました。".to_string(),
            ),
        ];
        if tagged {
            fields.push(("tag".to_string(), acp.clone()));
        }
        (format!("/rooms/{room}/posts"), fields)
    };
    // 55 ACP posts in the patient room, one in the inter-professional room, and one untagged.
    let mut wanted = Vec::new();
    for n in 0..57 {
        let (room, tagged) = match n {
            55 => (inter, true),
            56 => (patient, false),
            _ => (patient, true),
        };
        wanted.push(post(room, n + 1, tagged));
    }
    for (path, fields) in &wanted {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = doctor.post_multipart(&app, path, &fields, &[]).await;
        assert_eq!(r.status, 303, "{}", r.body);
    }

    // A tag alone, across the doctor's rooms: the newest 50, then a link to the rest.
    let first = doctor.get(&app, &format!("/search?tag={acp}")).await;
    assert_eq!(first.status, 200);
    let hits = |body: &str| body.matches("話し合いの記録").count();
    assert_eq!(hits(&first.body), 50, "{}", first.body);
    assert!(
        first.body.contains("話し合いの記録 56"),
        "the inter-professional room's is newest"
    );
    assert!(
        !first.body.contains("話し合いの記録 57"),
        "the untagged post is not a hit"
    );
    let more = first
        .body
        .split("href=\"/search?")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to older results")
        .replace("&amp;", "&");
    let second = doctor.get(&app, &format!("/search?{more}")).await;
    assert_eq!(hits(&second.body), 6, "{}", second.body);
    assert!(second.body.contains("話し合いの記録 1<"), "{}", second.body);
    assert!(!second.body.contains("さらに前の結果を見る"));
    // Words and a tag together; a tag in one room.
    let q = url::form_urlencoded::byte_serialize("記録 5".as_bytes()).collect::<String>();
    let r = doctor.get(&app, &format!("/search?q={q}&tag={acp}")).await;
    assert_eq!(hits(&r.body), 8, "記録 5, 50–56: {}", r.body);
    let r = doctor
        .get(&app, &format!("/search?tag={acp}&room={inter}"))
        .await;
    assert_eq!(hits(&r.body), 1);
    // The therapist is only in the inter-professional room: one ACP post for him.
    let mut pt = Browser::new();
    pt.login(&app, &t, "pt-watanabe").await;
    let r = pt.get(&app, &format!("/search?tag={acp}")).await;
    assert_eq!(hits(&r.body), 1, "{}", r.body);
    // A page key that is not a number is a 400, not a 500.
    assert_eq!(pt.get(&app, "/search?tag=1&before=abc").await.status, 400);
}
