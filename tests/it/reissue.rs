//! 再発行 for an active account (a lost phone, a forgotten password) through HTTP: the clerk
//! confirms it with what was reported, the user's live session ends at once, the old password
//! no longer works, a new letter goes through the same print batch, and with it the user enrols
//! again — same account, same rooms. Counts the clerk's page loads from report to letter PDF.

use crate::common::{Browser, TestApp, pdf_text};
use actix_web::test::init_service;
use diesel::prelude::*;

#[actix_web::test]
async fn a_lost_phone_is_reissued_from_report_to_letter_and_the_user_enrols_again() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let nurse_id = t.user_id("ns-suzuki");
    let mut phone = Browser::new();
    phone.login(&app, &t, "ns-suzuki").await;
    assert_eq!(phone.get(&app, "/").await.status, 200);

    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let mut page_loads = 0;
    let list = clerk.get(&app, "/admin/users?q=ns-suzuki").await;
    page_loads += 1;
    let confirm_path = format!("/admin/users/{nurse_id}/reissue");
    assert!(list.body.contains(&confirm_path), "{}", list.body);
    let confirm = clerk.get(&app, &confirm_path).await;
    page_loads += 1;
    assert_eq!(confirm.status, 200);
    let token = confirm.csrf();
    // What was reported is required; the page comes back with a Japanese message.
    let r = clerk
        .post(
            &app,
            &confirm_path,
            &[("csrf_token", token.as_str()), ("reason", " ")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("入力してください"), "{}", r.body);
    let r = clerk
        .post(
            &app,
            &confirm_path,
            &[
                ("csrf_token", token.as_str()),
                ("reason", "訪問先でスマートフォンを紛失（本人から電話）"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let done = clerk.get(&app, r.location()).await;
    page_loads += 1;
    assert!(done.body.contains("再発行しました"));

    // The lost phone's session is refused at its next request; the old password is useless.
    let r = phone.get(&app, "/").await;
    assert_eq!((r.status, r.location()), (303, "/login"));
    let mut thief = Browser::new();
    let r = thief
        .submit(
            &app,
            "/login",
            "/login",
            &[
                ("login_id", "ns-suzuki"),
                ("password", renkei::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_ne!(r.location(), "/login/second-factor");
    // A second 再発行 of the same account is refused until it is active again.
    assert_eq!(clerk.get(&app, &confirm_path).await.status, 409);

    // The new letter goes through the same print batch.
    let letters = clerk.get(&app, "/letters").await;
    page_loads += 1;
    let id = regex::Regex::new(r#"name="letter" value="(\d+)""#)
        .unwrap()
        .captures(&letters.body)
        .expect("the new letter waits for printing")[1]
        .to_string();
    assert!(letters.body.contains("ns-suzuki"));
    let r = clerk
        .post(
            &app,
            "/letters/batches",
            &[("csrf_token", token.as_str()), ("letter", id.as_str())],
        )
        .await;
    assert_eq!(r.status, 303);
    let batch_path = r.location().to_string();
    clerk.get(&app, &batch_path).await;
    page_loads += 1;
    let payload: String = renkei::schema::outbox::table
        .filter(renkei::schema::outbox::kind.eq("letter_batch"))
        .select(renkei::schema::outbox::payload)
        .first(&mut t.conn())
        .unwrap();
    let envelope: renkei_jobs::JobEnvelope = serde_json::from_str(&payload).unwrap();
    let renkei_jobs::Job::LetterBatch(batch) = envelope.job else {
        panic!("a letter batch job")
    };
    assert!(renkei::services::letters::render_batch(&mut t.conn(), &batch, t.clock.now()).unwrap());
    let pdf = clerk.get(&app, &format!("{batch_path}/pdf")).await;
    page_loads += 1;
    assert_eq!(pdf.header("content-type"), "application/pdf");
    eprintln!("lost-phone 再発行, report to letter PDF: {page_loads} page loads");
    assert!(page_loads <= 6, "{page_loads} page loads");
    let batch_id: i64 = batch_path.rsplit('/').next().unwrap().parse().unwrap();
    let raw = renkei::models::letters::Letter::batch_pdf(&mut t.conn(), batch_id)
        .unwrap()
        .unwrap();
    let text = pdf_text(&raw);
    assert!(
        text.contains("ns-suzuki") && text.contains("鈴木"),
        "{text}"
    );
    let code = regex::Regex::new(r"認証コード\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")
        .unwrap()
        .captures(&text)
        .expect("a code")[1]
        .to_string();

    // With the letter, the user enrols a new phone and a new password: same account, same room.
    let mut new_phone = Browser::new();
    new_phone
        .enrol(&app, &t, ("ns-suzuki", &code), "Hana-Mizuki-Kawa-2026")
        .await;
    assert_eq!(t.user_id("ns-suzuki"), nurse_id, "the same account");
    assert_eq!(
        new_phone.get(&app, &format!("/rooms/{room}")).await.status,
        200,
        "still in the patient's room"
    );
    let reissues: Vec<String> = t
        .audit_actions()
        .into_iter()
        .filter(|(a, _, _)| a == "account.reissue")
        .map(|(_, _, who)| who)
        .collect();
    assert_eq!(reissues, ["city-admin"]);
}
