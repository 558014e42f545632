//! お知らせ・一斉周知 through HTTP: the S管理者 publishes to all users with an attachment and an
//! attendance question; every active professional gets one mail without the text; a reader sees
//! it on the home page until they open it, answers 参加, and the office sees who has read it and
//! the answers. A notice to one profession reaches only it; other offices and non-recipients see
//! nothing; bad input comes back with what was typed; a double submit publishes once.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::{notices, users};

fn key(n: u32) -> String {
    format!("{n:032x}")
}

#[actix_web::test]
async fn the_city_publishes_to_everyone_and_sees_who_has_read_and_who_attends() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    let form = city.get(&app, "/notices/new").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("利用者全員"));
    let token = form.csrf();
    let k = key(1);
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

    // Bad input: no subject, professions chosen but none ticked; the text is kept.
    let r = city
        .post_multipart(
            &app,
            "/notices",
            &[
                ("csrf_token", &token),
                ("key", &k),
                ("title", ""),
                (
                    "body",
                    "12月の研修会のご案内です。\n出欠をお知らせください。",
                ),
                ("audience", "professions"),
                ("response", "attendance"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("入力してください"), "{}", r.body);
    assert!(r.body.contains("1つ以上選んでください"));
    assert!(
        r.body.contains("出欠をお知らせください。"),
        "the text is kept"
    );
    let none: i64 = notices::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(none, 0, "nothing refused was published");

    let fields = [
        ("csrf_token", token.as_str()),
        ("key", k.as_str()),
        ("title", "多職種連携研修会のご案内"),
        (
            "body",
            "12月の研修会のご案内です。\n出欠をお知らせください。",
        ),
        ("audience", "all"),
        ("response", "attendance"),
    ];
    let r = city
        .post_multipart(
            &app,
            "/notices",
            &fields,
            &[("attachment", "案内.pdf", pdf.as_slice())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location().ends_with("?notice=notice_published"));
    let page = r.location().split('?').next().unwrap().to_string();
    // The same form again (a double click): still one notice.
    let again = city
        .post_multipart(
            &app,
            "/notices",
            &fields,
            &[("attachment", "案内.pdf", pdf.as_slice())],
        )
        .await;
    assert!(again.location().starts_with(&page));
    let count: i64 = notices::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(count, 1);

    // One mail per active professional with an address, naming the office, not the text.
    let addresses: Vec<String> = users::table
        .filter(users::role.eq("professional"))
        .filter(users::status.eq("active"))
        .filter(users::email.ne(""))
        .select(users::email)
        .load(&mut t.conn())
        .unwrap();
    let mails: Vec<_> = t
        .mails()
        .into_iter()
        .filter(|m| m.subject.contains("からお知らせがあります"))
        .collect();
    assert_eq!(mails.len(), addresses.len(), "{mails:?}");
    assert!(mails.iter().all(|m| !m.says("研修会") && m.links_to(&page)));

    // The doctor sees it on his home page until he opens it; then answers 参加.
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let home = doctor.get(&app, "/").await;
    assert!(home.body.contains("未読のお知らせ") && home.body.contains("多職種連携研修会のご案内"));
    let shown = doctor.get(&app, &page).await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("出欠をお知らせください。"));
    assert!(shown.body.contains("S管理者（市）"), "{}", shown.body);
    let file = shown
        .body
        .split("class=\"post__file\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the attachment's link")
        .to_string();
    let got = doctor.get(&app, &file).await;
    assert_eq!(got.header("content-type"), "application/pdf");
    assert!(got.header("content-disposition").starts_with("attachment;"));
    let home = doctor.get(&app, "/").await;
    assert!(
        !home.body.contains("未読のお知らせ"),
        "read: no longer on the home page"
    );
    let dt = shown.csrf();
    let r = doctor
        .post(
            &app,
            &format!("{page}/answer"),
            &[("csrf_token", &dt), ("answer", "confirmed")],
        )
        .await;
    assert_eq!(r.status, 400, "not an answer this notice asks for");
    let r = doctor
        .post(
            &app,
            &format!("{page}/answer"),
            &[("csrf_token", &dt), ("answer", "attend")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        doctor
            .get(&app, &page)
            .await
            .body
            .contains("あなたの回答：参加")
    );

    // The office sees who has read it and the answers.
    let office = city.get(&app, &page).await;
    let total = addresses.len();
    assert!(
        total > 1,
        "the demo has several professionals with an address"
    );
    assert!(
        office.body.contains(&format!("{total}人中1人が既読")),
        "{}",
        office.body
    );
    assert!(office.body.contains("田中 一郎"));
    assert!(office.body.contains("参加"));
    let list = city.get(&app, "/notices").await;
    assert!(list.body.contains("出したお知らせ") && list.body.contains("多職種連携研修会のご案内"));

    // The other office sees nothing of it; nor does the page of one that does not exist.
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert_eq!(assoc.get(&app, &page).await.status, 404);
    assert_eq!(assoc.get(&app, &file).await.status, 404);
    assert_eq!(doctor.get(&app, "/notices/999999").await.status, 404);
}

#[actix_web::test]
async fn a_notice_to_one_profession_reaches_only_it() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    let token = assoc.get(&app, "/notices/new").await.csrf();
    let k = key(2);
    let r = assoc
        .post_multipart(
            &app,
            "/notices",
            &[
                ("csrf_token", &token),
                ("key", &k),
                ("title", "薬剤師の皆さまへ"),
                ("body", "在宅訪問の報告様式が変わります。"),
                ("audience", "professions"),
                ("profession", "pharmacist"),
                ("response", "confirm"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location().split('?').next().unwrap().to_string();
    let mut pharmacist = Browser::new();
    pharmacist.login(&app, &t, "ph-sato").await;
    let seen = pharmacist.get(&app, &page).await;
    assert_eq!(seen.status, 200);
    assert!(seen.body.contains("管理者（医師会）"));
    let r = pharmacist
        .post(
            &app,
            &format!("{page}/answer"),
            &[("csrf_token", &seen.csrf()), ("answer", "confirmed")],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    assert_eq!(
        doctor.get(&app, &page).await.status,
        404,
        "not a pharmacist"
    );
    assert!(
        !doctor
            .get(&app, "/notices")
            .await
            .body
            .contains("薬剤師の皆さまへ")
    );
    let office = assoc.get(&app, &page).await;
    assert!(office.body.contains("1人中1人が既読"), "{}", office.body);
    assert!(office.body.contains("確認しました"));
    // A profession nobody has: refused, with the reason.
    let r = assoc
        .post_multipart(
            &app,
            "/notices",
            &[
                ("csrf_token", &token),
                ("key", &key(3)),
                ("title", "歯科医師の皆さまへ"),
                ("body", "ご案内です。"),
                ("audience", "professions"),
                ("profession", "dentist"),
                ("response", "none"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("該当する利用者がいません"), "{}", r.body);
    // A professional cannot publish.
    assert_eq!(doctor.get(&app, "/notices/new").await.status, 403);
}
