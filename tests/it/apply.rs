//! 電子申請 through HTTP, without login: forms 4 and 6 validated like paper, filed in the city's
//! queue as 電子申請 with a receipt number shown and mailed (no personal data in the mail), a
//! limit per address; a correction request mails the submitter without the reason or names.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::applications;

const SUBMITTER: &str = "jimu@helper.example.jp";

const FORM6: &[(&str, &str)] = &[
    ("application_date", "2026-11-20"),
    ("org_name", "ヘルパーステーションいちかわ"),
    ("account_1_login_id", "hh-ito"),
    ("account_1_name", "伊藤 真理"),
    ("reason", "retirement"),
    ("last_day", "令和8年11月30日"),
    ("contact_email", "jimu@helper.example.jp"),
];

fn fields<'a>(token: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = vec![("csrf_token", token)];
    for (k, val) in FORM6 {
        if !extra.iter().any(|(e, _)| e == k) {
            v.push((k, val));
        }
    }
    v.extend_from_slice(extra);
    v
}

#[actix_web::test]
async fn an_online_form_6_is_filed_with_a_receipt_number_shown_and_mailed() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let index = visitor.get(&app, "/apply").await;
    assert_eq!(index.status, 200);
    assert!(index.body.contains("href=\"/apply/form4\""));
    assert!(index.body.contains("href=\"/apply/form6\""));
    // Only forms 4 and 6 exist online.
    assert_eq!(visitor.get(&app, "/apply/form5").await.status, 404);
    assert_eq!(visitor.get(&app, "/apply/form8").await.status, 404);

    let page = visitor.get(&app, "/apply/form6").await;
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("name=\"channel\""),
        "the system sets the channel"
    );
    let token = page.csrf();

    // The contact address is required online; everything typed is kept.
    let r = visitor
        .post(
            &app,
            "/apply/form6",
            &fields(&token, &[("contact_email", ""), ("last_day", "2026-02-30")]),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("error-summary"));
    assert_eq!(
        r.input_value("account_1_name").as_deref(),
        Some("伊藤 真理")
    );
    assert_eq!(r.input_value("last_day").as_deref(), Some("2026-02-30"));

    let r = visitor
        .post(&app, "/apply/form6", &fields(&token, &[]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let receipt = r
        .location()
        .strip_prefix("/apply/received/")
        .expect("the receipt page")
        .to_string();
    assert!(receipt.starts_with("S-2026-"), "{receipt}");
    let shown = visitor.get(&app, r.location()).await;
    assert!(shown.body.contains(&receipt));

    let (channel, office, status): (String, String, String) = applications::table
        .filter(applications::receipt_number.eq(&receipt))
        .select((
            applications::channel,
            applications::office,
            applications::status,
        ))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        (channel.as_str(), office.as_str(), status.as_str()),
        ("online", "city", "received")
    );
    // One mail, to the contact address: the receipt number, no names.
    let sent = t.mails();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to, SUBMITTER);
    assert!(sent[0].subject.contains("電子申請を受け付けました"));
    assert!(sent[0].subject.contains(&receipt) && sent[0].body.contains(&receipt));
    assert!(!sent[0].says("伊藤"), "no names in ordinary mail");

    // The clerk asks for a correction: the submitter is told, without the reason.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    assert!(
        clerk
            .get(&app, "/")
            .await
            .body
            .contains("処理待ちの申請：1件")
    );
    let id: i64 = applications::table
        .filter(applications::receipt_number.eq(&receipt))
        .select(applications::id)
        .first(&mut t.conn())
        .unwrap();
    let token = clerk.token(&app).await;
    let r = clerk
        .post(
            &app,
            &format!("/applications/{id}/correction"),
            &[
                ("csrf_token", token.as_str()),
                ("reason-correction", "伊藤 真理さんの最終利用日が空欄です"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sent: Vec<_> = t
        .mails_at(SUBMITTER)
        .into_iter()
        .filter(|m| m.subject.contains("申請の補正をお願いします"))
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].subject.contains(&receipt) && sent[0].body.contains(&receipt));
    assert!(!sent[0].says("伊藤") && !sent[0].says("空欄"));
    assert_eq!(t.mails().len(), 2, "the receipt and the correction request");
}

#[actix_web::test]
async fn one_address_cannot_flood_the_queue() {
    let t = TestApp::with(&[("RENKEI__APPLICATIONS__ONLINE_PER_ADDRESS_PER_HOUR", "2")]).await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let token = visitor.get(&app, "/apply/form6").await.csrf();
    for _ in 0..2 {
        let r = visitor
            .post(&app, "/apply/form6", &fields(&token, &[]))
            .await;
        assert_eq!(r.status, 303);
    }
    let r = visitor
        .post(&app, "/apply/form6", &fields(&token, &[]))
        .await;
    assert_eq!(r.status, 429);
    // A forwarding header from a client that is no configured proxy changes nothing: rotating
    // it once sent a receipt mail per forged address.
    for n in 1..=5 {
        let mut forger = visitor.clone();
        forger
            .headers
            .push(("X-Forwarded-For".into(), format!("198.51.100.{n}")));
        let r = forger
            .post(&app, "/apply/form6", &fields(&token, &[]))
            .await;
        assert_eq!(r.status, 429, "forged address {n}");
    }
    let forged: i64 = renkei::schema::audit_log::table
        .filter(renkei::schema::audit_log::ip.like("198.51.100.%"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(forged, 0, "no forged address in the audit trail");
    // An hour later the address may send again.
    t.clock.advance(chrono::TimeDelta::minutes(61));
    let token = visitor.get(&app, "/apply/form6").await.csrf();
    let r = visitor
        .post(&app, "/apply/form6", &fields(&token, &[]))
        .await;
    assert_eq!(r.status, 303);
    let online: i64 = applications::table
        .filter(applications::channel.eq("online"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(online, 3);
}

#[actix_web::test]
async fn behind_a_configured_proxy_the_forwarded_client_is_limited() {
    // The test client connects from 192.0.2.10: as the router, its header names the client.
    let t = TestApp::with(&[
        ("RENKEI__APPLICATIONS__ONLINE_PER_ADDRESS_PER_HOUR", "1"),
        ("RENKEI__HTTP__TRUSTED_PROXIES", "192.0.2.0/24"),
    ])
    .await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let token = visitor.get(&app, "/apply/form6").await.csrf();
    let from = |who: &str| {
        let mut b = visitor.clone();
        b.headers.push(("X-Forwarded-For".into(), who.into()));
        b
    };
    let r = from("198.51.100.7")
        .post(&app, "/apply/form6", &fields(&token, &[]))
        .await;
    assert_eq!(r.status, 303);
    // The same client again, even with a forged hop written in front: limited.
    let r = from("6.6.6.6, 198.51.100.7")
        .post(&app, "/apply/form6", &fields(&token, &[]))
        .await;
    assert_eq!(r.status, 429);
    // Another client behind the same router is not.
    let r = from("198.51.100.8")
        .post(&app, "/apply/form6", &fields(&token, &[]))
        .await;
    assert_eq!(r.status, 303);
}

#[actix_web::test]
async fn an_application_dated_after_its_receipt_is_refused_with_the_input_kept() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let token = visitor.get(&app, "/apply/form6").await.csrf();
    for (date, why) in [
        ("令和99年1月1日", "受付日より後"),
        ("2099-01-01", "受付日より後"),
        ("2020-01-01", "1年以上前"),
        ("-2026-01-01", "日付を読み取れません"),
    ] {
        let r = visitor
            .post(
                &app,
                "/apply/form6",
                &fields(&token, &[("application_date", date)]),
            )
            .await;
        assert_eq!(r.status, 422, "{date}");
        assert!(r.body.contains(why), "{date}: {why}");
        assert_eq!(r.input_value("application_date").as_deref(), Some(date));
        assert_eq!(
            r.input_value("account_1_name").as_deref(),
            Some("伊藤 真理")
        );
    }
}

#[actix_web::test]
async fn an_online_form_4_grows_a_row_without_filing_or_losing_what_was_typed() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let page = visitor.get(&app, "/apply/form4").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"applicant_2_name\""));
    assert!(!page.body.contains("name=\"applicant_3_name\""));
    let token = page.csrf();
    let r = visitor
        .post(
            &app,
            "/apply/form4",
            &[
                ("csrf_token", token.as_str()),
                ("op", "add_row"),
                ("rows", "2"),
                ("org_name", "やわた在宅クリニック"),
                ("applicant_1_name", "八幡 太郎"),
                ("applicant_2_kana", "いちかわ かんこ"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("name=\"applicant_3_name\""), "a third row");
    assert!(!r.body.contains("name=\"applicant_4_name\""));
    assert!(
        !r.body.contains("error-summary"),
        "adding a row is no error"
    );
    assert_eq!(
        r.input_value("org_name").as_deref(),
        Some("やわた在宅クリニック")
    );
    assert_eq!(
        r.input_value("applicant_1_name").as_deref(),
        Some("八幡 太郎")
    );
    let filed: i64 = applications::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(filed, 0);
    assert!(t.mails().is_empty(), "nothing filed, nothing mailed");
    // A row count out of range is clamped, never a crash.
    let r = visitor
        .post(
            &app,
            "/apply/form4",
            &[
                ("csrf_token", token.as_str()),
                ("op", "add_row"),
                ("rows", "99999999999999999999"),
            ],
        )
        .await;
    assert_eq!(r.status, 200);
}

#[actix_web::test]
async fn an_outside_submitter_is_told_each_outcome_without_names_or_reasons() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.token(&app).await;
    let mut receipts = Vec::new();
    for (segment, reason) in [
        ("rejection", "伊藤 真理さんは既に退職済みのため"),
        ("return", "医師会へ出す様式です"),
        ("approval", ""),
    ] {
        let mut visitor = Browser::new();
        let form_token = visitor.get(&app, "/apply/form6").await.csrf();
        let r = visitor
            .post(&app, "/apply/form6", &fields(&form_token, &[]))
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let receipt = r.location().rsplit('/').next().unwrap().to_string();
        let id: i64 = applications::table
            .filter(applications::receipt_number.eq(&receipt))
            .select(applications::id)
            .first(&mut t.conn())
            .unwrap();
        let field = format!("reason-{segment}");
        let r = clerk
            .post(
                &app,
                &format!("/applications/{id}/{segment}"),
                &[("csrf_token", token.as_str()), (field.as_str(), reason)],
            )
            .await;
        assert_eq!(r.status, 303, "{segment}: {}", r.body);
        receipts.push(receipt);
    }
    let told = |receipt: &str| -> crate::common::Mail {
        let mut m: Vec<_> = t
            .mails_at(SUBMITTER)
            .into_iter()
            .filter(|m| m.subject.contains(receipt) && m.subject.contains("申請の結果"))
            .collect();
        assert_eq!(m.len(), 1, "one outcome mail for {receipt}: {m:?}");
        m.remove(0)
    };
    let rejected = told(&receipts[0]);
    assert!(rejected.subject.contains("却下"), "{}", rejected.subject);
    assert!(rejected.says("あらためて申請"));
    let returned = told(&receipts[1]);
    assert!(returned.subject.contains("返戻"));
    assert!(
        returned.says("市川市医師会"),
        "names the right office: {}",
        returned.body
    );
    let approved = told(&receipts[2]);
    assert!(approved.subject.contains("承認") && approved.says("最終利用日の終わり"));
    for m in [&rejected, &returned, &approved] {
        assert!(!m.says("伊藤") && !m.says("退職済み") && !m.says("医師会へ出す"));
    }
}
