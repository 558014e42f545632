//! The clerks' back office through HTTP: keying a paper form 4 with bad then good input, the
//! office's queue and its due dates in 開庁日, approval creating the accounts and their letters,
//! refusals that change nothing, the correction pause, and a form 6 that ends a session.

use crate::common::{Browser, TestApp, pdf_text};
use actix_web::test::init_service;
use chrono::TimeDelta;
use diesel::prelude::*;

fn form4_fields<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("channel", "post"),
        ("received_on", "令和8年11月20日"),
        ("application_date", "２０２６年１１月１８日"),
        ("org_name", "やわた在宅クリニック"),
        ("org_kana", "ヤワタザイタククリニック"),
        ("org_kind", "clinic"),
        ("org_postcode", "２７２００２１"),
        ("org_address", "市川市八幡4-5-6"),
        ("org_phone", "０４７（３００）１２３４"),
        ("org_fax", ""),
        ("org_representative", "八幡 太郎"),
        ("manager_name", "八幡 花子"),
        ("manager_title", "事務長"),
        ("manager_phone", "047-300-1234"),
        ("manager_email", "jimu@yawata-clinic.example.jp"),
        ("applicant_1_name", "八幡 太郎"),
        ("applicant_1_kana", "ヤワタ タロウ"),
        ("applicant_1_profession", "doctor"),
        ("applicant_1_email", "taro@yawata-clinic.example.jp"),
        ("applicant_1_device", "pc"),
        ("applicant_1_work_device", "yes"),
        ("applicant_2_name", "市川 看子"),
        ("applicant_2_kana", "イチカワ カンコ"),
        ("applicant_2_profession", "visiting_nurse"),
        ("applicant_2_email", "kanko@yawata-clinic.example.jp"),
        ("applicant_2_device", "tablet"),
        ("applicant_2_work_device", "yes"),
        ("applicant_3_name", "真間 薬"),
        ("applicant_3_kana", "ママ クスリ"),
        ("applicant_3_profession", "pharmacist"),
        ("applicant_3_email", "kusuri@yawata-clinic.example.jp"),
        ("applicant_3_device", "smartphone"),
        ("applicant_3_work_device", "yes"),
        ("notice_to", "organisation"),
        ("pledge_1", "yes"),
        ("pledge_2", "yes"),
        ("pledge_3", "yes"),
        ("pledge_4", "yes"),
        ("pledge_5", "yes"),
    ];
    for (k, v) in overrides {
        fields.retain(|(name, _)| name != k);
        fields.push((k, v));
    }
    fields
}

#[actix_web::test]
async fn a_paper_form_4_is_validated_filed_queued_and_approved() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let page = clerk.get(&app, "/applications/new/form4").await;
    assert_eq!(page.status, 200);
    let token = page.csrf();

    // Bad input: each field named, everything kept.
    let long = "あ".repeat(101);
    let mut bad = form4_fields(&[
        ("org_postcode", "27200"),
        ("org_phone", "12345"),
        ("manager_email", "not-an-address"),
        ("org_name", &long),
        ("org_representative", "八幡\u{0007}太郎"),
        ("application_date", "平成31年5月1日"),
        ("applicant_2_kana", "Ichikawa"),
        ("pledge_3", ""),
    ]);
    bad.retain(|(k, _)| *k != "applicant_3_work_device");
    bad.push(("csrf_token", &token));
    let r = clerk.post(&app, "/applications/new/form4", &bad).await;
    assert_eq!(r.status, 422);
    for message in [
        "郵便番号は7桁の数字で入力してください",
        "電話番号は0から始まる10桁または11桁",
        "メールアドレスの形式が正しくありません",
        "100文字以内で入力してください",
        "使えない文字（制御文字）が含まれています",
        "令和元年5月1日",
        "全角カタカナで入力してください",
        "誓約事項を確認し",
        "業務用の端末であることを確認してください",
    ] {
        assert!(r.body.contains(message), "missing message {message:?}");
    }
    assert!(r.body.contains("error-summary"));
    assert_eq!(
        r.input_value("manager_email").as_deref(),
        Some("not-an-address")
    );
    assert_eq!(
        r.input_value("applicant_1_name").as_deref(),
        Some("八幡 太郎")
    );
    let n: i64 = renkei::schema::applications::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 0, "nothing filed");

    // Good input (和暦, full-width digits): filed, due three 開庁日 later (11-23 is a holiday).
    let mut good = form4_fields(&[]);
    good.push(("csrf_token", &token));
    let r = clerk.post(&app, "/applications/new/form4", &good).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let detail_path = r.location().to_string();
    let detail = clerk.get(&app, &detail_path).await;
    assert!(detail.body.contains("S-2026-0001"));
    assert!(
        detail.body.contains("2026/11/26（木） 令和8年11月26日"),
        "due date: {}",
        detail.body
    );
    assert!(detail.body.contains("272-0021") && detail.body.contains("047-300-1234"));
    let queue = clerk.get(&app, "/applications").await;
    assert!(queue.body.contains("やわた在宅クリニック") && queue.body.contains("アカウント3件"));

    // The other office does not see it; professionals do not see queues at all.
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert_eq!(assoc.get(&app, &detail_path).await.status, 404);
    assert!(
        !assoc
            .get(&app, "/applications")
            .await
            .body
            .contains("やわた在宅クリニック")
    );

    // Review, approve: organisation, three pending accounts, three letters, in one step.
    let token = detail.csrf();
    let r = clerk
        .post(
            &app,
            &format!("{detail_path}/review"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = clerk
        .post(
            &app,
            &format!("{detail_path}/approval"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    let org = renkei::models::Organisation::find_by_name(&mut t.conn(), "やわた在宅クリニック")
        .unwrap()
        .expect("organisation registered");
    let accounts: Vec<(String, String)> = renkei::schema::users::table
        .filter(renkei::schema::users::organisation_id.eq(org.id))
        .select((
            renkei::schema::users::display_name,
            renkei::schema::users::status,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(accounts.len(), 3);
    assert!(accounts.iter().all(|(_, s)| s == "pending"));
    let letters: i64 = renkei::schema::letters::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(letters, 3);

    // Approving twice, or rejecting an approved application: a clear refusal, no change.
    let r = clerk
        .post(
            &app,
            &format!("{detail_path}/approval"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("この処理はできません"));
    let r = clerk
        .post(
            &app,
            &format!("{detail_path}/rejection"),
            &[("csrf_token", &token), ("reason-rejection", "x")],
        )
        .await;
    assert_eq!(r.status, 409);
    let users_now: i64 = renkei::schema::users::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    let letters_now: i64 = renkei::schema::letters::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(letters_now, 3);
    assert_eq!(users_now, 9 + 3);
    // The history says who did what.
    let detail = clerk.get(&app, &detail_path).await;
    assert!(detail.body.contains("審査を始める") && detail.body.contains("承認する"));

    // FAQ 1.4: the due date is for mailing the notices. Each waiting letter shows it, and an
    // approved form 4 whose letters are not mailed is overdue once it has passed.
    let letters = clerk.get(&app, "/letters").await;
    assert!(letters.body.contains("発送期限"), "{}", letters.body);
    assert!(letters.body.contains("2026/11/26") && !letters.body.contains("期限超過"));
    t.clock.advance(TimeDelta::days(7));
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let letters = clerk.get(&app, "/letters").await;
    assert_eq!(
        letters.body.matches("期限超過").count(),
        3,
        "three letters late"
    );
    let overdue = clerk.get(&app, "/applications?overdue=1").await;
    assert!(
        overdue.body.contains("やわた在宅クリニック"),
        "still owed: the letters are not mailed"
    );
}

#[actix_web::test]
async fn a_correction_stops_the_clock_and_a_reason_is_required() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, "/applications/new/form4").await.csrf();
    let mut good = form4_fields(&[("received_on", "2026-11-20")]);
    good.push(("csrf_token", &token));
    let path = clerk
        .post(&app, "/applications/new/form4", &good)
        .await
        .location()
        .to_string();
    // No reason: refused, nothing changes.
    let r = clerk
        .post(
            &app,
            &format!("{path}/correction"),
            &[("csrf_token", &token), ("reason-correction", "")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("入力してください"));
    // Correction requested on Tuesday 11-24 (one 開庁日 used), received back Monday 11-30:
    // two days left → due Wednesday 12-02.
    t.clock.advance(TimeDelta::days(4));
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, &path).await.csrf();
    let r = clerk
        .post(
            &app,
            &format!("{path}/correction"),
            &[
                ("csrf_token", &token),
                ("reason-correction", "代表者印がありません"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let queue = clerk.get(&app, "/applications").await;
    assert!(queue.body.contains("補正待ち"), "the clock is stopped");
    t.clock.advance(TimeDelta::days(6));
    let mut again = Browser::new();
    again.login(&app, &t, "city-admin").await;
    let token = again.get(&app, &path).await.csrf();
    let r = again
        .post(
            &app,
            &format!("{path}/correction-received"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    let detail = again.get(&app, &path).await;
    assert!(detail.body.contains("2026/12/02（水）"), "{}", detail.body);
    assert!(detail.body.contains("代表者印がありません"));
}

#[actix_web::test]
async fn an_approved_form_6_refuses_the_stopped_users_open_session() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut helper = Browser::new();
    helper.login(&app, &t, "hh-ito").await;
    assert_eq!(helper.get(&app, "/").await.status, 200);

    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, "/applications/new/form6").await.csrf();
    let fields = [
        ("csrf_token", token.as_str()),
        ("channel", "counter"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-20"),
        ("org_name", "ヘルパーステーションいちかわ"),
        ("account_1_login_id", "ｈｈ－ｉｔｏ"),
        ("account_1_name", "伊藤 真理"),
        ("reason", "retirement"),
        ("last_day", "令和8年11月20日"),
    ];
    let r = clerk.post(&app, "/applications/new/form6", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let path = r.location().to_string();
    let r = clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303);
    // At the helper's next request: out.
    let r = helper.get(&app, "/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/login");
    // A form 6 naming an account of another organisation changes nothing.
    let wrong = [
        ("csrf_token", token.as_str()),
        ("channel", "post"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-20"),
        ("org_name", "ヘルパーステーションいちかわ"),
        ("account_1_login_id", "dr-tanaka"),
        ("account_1_name", "田中 一郎"),
        ("reason", "transfer"),
        ("last_day", "2026-11-30"),
    ];
    let path = clerk
        .post(&app, "/applications/new/form6", &wrong)
        .await
        .location()
        .to_string();
    let r = clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("dr-tanaka のアカウントは、この所属機関にありません")
    );
    let status: String = renkei::schema::users::table
        .filter(renkei::schema::users::login_id.eq("dr-tanaka"))
        .select(renkei::schema::users::status)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "active");
}

#[actix_web::test]
async fn from_paper_form_4_to_the_new_users_first_login() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    // The clerk's path, counting the pages the browser loads.
    let mut page_loads = 0;
    let token = clerk.get(&app, "/applications/new/form4").await.csrf();
    page_loads += 1;
    let mut good = form4_fields(&[]);
    good.push(("csrf_token", &token));
    let path = clerk
        .post(&app, "/applications/new/form4", &good)
        .await
        .location()
        .to_string();
    clerk.get(&app, &path).await;
    page_loads += 1;
    clerk
        .post(&app, &format!("{path}/review"), &[("csrf_token", &token)])
        .await;
    clerk.get(&app, &path).await;
    page_loads += 1;
    clerk
        .post(&app, &format!("{path}/approval"), &[("csrf_token", &token)])
        .await;
    clerk.get(&app, &path).await;
    page_loads += 1;
    let letters = clerk.get(&app, "/letters").await;
    page_loads += 1;
    assert_eq!(
        letters.body.matches(r#"name="letter""#).count(),
        3,
        "{}",
        letters.body
    );
    let ids: Vec<String> = regex::Regex::new(r#"name="letter" value="(\d+)""#)
        .unwrap()
        .captures_iter(&letters.body)
        .map(|c| c[1].to_string())
        .collect();
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(ids.iter().map(|id| ("letter", id.as_str())));
    let r = clerk.post(&app, "/letters/batches", &fields).await;
    assert_eq!(r.status, 303);
    let batch_path = r.location().to_string();
    let waiting = clerk.get(&app, &batch_path).await;
    page_loads += 1;
    assert!(waiting.body.contains("作成しています"));

    // The worker's job: the outbox row carries no code; rendering issues them.
    let payload: String = renkei::schema::outbox::table
        .filter(renkei::schema::outbox::kind.eq("letter_batch"))
        .select(renkei::schema::outbox::payload)
        .first(&mut t.conn())
        .unwrap();
    assert!(
        !regex::Regex::new(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
            .unwrap()
            .is_match(&payload),
        "no code in the queue"
    );
    let envelope: renkei_jobs::JobEnvelope = serde_json::from_str(&payload).unwrap();
    let renkei_jobs::Job::LetterBatch(batch) = envelope.job else {
        panic!("a letter batch job")
    };
    assert!(renkei::services::letters::render_batch(&mut t.conn(), &batch, t.clock.now()).unwrap());
    assert!(
        !renkei::services::letters::render_batch(&mut t.conn(), &batch, t.clock.now()).unwrap(),
        "a retried job changes nothing"
    );

    let ready = clerk.get(&app, &batch_path).await;
    assert!(ready.body.contains("PDFをダウンロードする"));
    let pdf = clerk.get(&app, &format!("{batch_path}/pdf")).await;
    page_loads += 1;
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(page_loads <= 10);
    // The body was read as UTF-8-lossy text; fetch the raw bytes through the model instead.
    let batch_id: i64 = batch_path.rsplit('/').next().unwrap().parse().unwrap();
    let raw = renkei::models::letters::Letter::batch_pdf(&mut t.conn(), batch_id)
        .unwrap()
        .unwrap();
    eprintln!(
        "clerk's path: {page_loads} page loads; batch of 3 letters: {} bytes",
        raw.len()
    );
    assert!(
        raw.len() / 3 <= 20_000,
        "{} bytes per letter",
        raw.len() / 3
    );
    let text = pdf_text(&raw);
    for expected in [
        "アカウント発行通知",
        "やわた在宅クリニック",
        "八幡 太郎 様",
        "272-0021",
        "認証コード",
        "市川市 福祉部 地域包括支援課",
        "047-712-8521",
        "令和8年",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let login_re = regex::Regex::new(r"ログインID\s+(u\d{7})").unwrap();
    let code_re = regex::Regex::new(r"認証コード\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})").unwrap();
    let login_id = login_re.captures(&text).expect("a login ID")[1].to_string();
    let code = code_re.captures(&text).expect("a code")[1].to_string();

    // The new user: first login with the code, authenticator, own password.
    let mut user = Browser::new();
    user.enrol(&app, &t, (&login_id, &code), "Yawata-Clinic-2026")
        .await;
    assert!(user.get(&app, "/").await.body.contains("こんにちは"));

    // Posted: the PDF is gone, the application complete.
    let r = clerk
        .post(
            &app,
            &format!("{batch_path}/mailed"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        clerk.get(&app, &format!("{batch_path}/pdf")).await.status,
        404
    );
    let detail = clerk.get(&app, &path).await;
    assert!(detail.body.contains("完了"), "{}", detail.body);
    let r = clerk
        .post(
            &app,
            &format!("{batch_path}/mailed"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 409, "marking twice is refused");
}

#[actix_web::test]
async fn the_directory_lists_active_account_holders_for_everyone() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let all = nurse.get(&app, "/directory").await;
    assert_eq!(all.status, 200);
    assert!(
        all.body.contains("田中 一郎")
            && all.body.contains("田中内科クリニック")
            && all.body.contains("医師")
    );
    assert!(
        !all.body.contains("山本 さくら"),
        "accounts not yet activated are not listed"
    );
    assert!(!all.body.contains("@demo.invalid"), "no contact details");
    // No login IDs: half of what a password guess needs is not handed to every user.
    for login in ["dr-tanaka", "ph-sato", "city-admin", "assoc-admin"] {
        assert!(!all.body.contains(login), "{login} is not shown");
    }
    let by_login = nurse.get(&app, "/directory?q=dr-tanaka").await;
    assert!(
        !by_login.body.contains("田中 一郎"),
        "nor found by searching for it"
    );
    let found = nurse.get(&app, "/directory?q=%E8%96%AC%E5%B1%80").await; // 薬局
    assert!(found.body.contains("佐藤 健") && !found.body.contains("田中 一郎"));
}

#[actix_web::test]
async fn a_reissued_notice_makes_the_old_code_useless() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let id = t.user_id("new-nurse");
    let token = clerk.get(&app, "/admin/users").await.csrf();
    let r = clerk
        .post(
            &app,
            &format!("/admin/users/{id}/notice"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    // The demo code no longer opens the account; a new letter waits to be printed.
    let mut user = Browser::new();
    let r = user
        .submit(
            &app,
            "/activate",
            "/activate",
            &[
                ("login_id", "new-nurse"),
                ("activation_code", "DEMO-CODE-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 401);
    let letters = clerk.get(&app, "/letters").await;
    assert!(letters.body.contains("山本 さくら"));
    // An active account has no notice to reissue.
    let active = t.user_id("dr-tanaka");
    let r = clerk
        .post(
            &app,
            &format!("/admin/users/{active}/notice"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 409);
}

#[actix_web::test]
async fn a_row_added_or_a_mistake_keeps_what_was_typed_and_the_chosen_scan() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let page = clerk.get(&app, "/applications/new/form4").await;
    let token = page.csrf();
    assert!(page.body.contains("name=\"applicant_2_name\""));
    assert!(
        !page.body.contains("name=\"applicant_3_name\""),
        "two rows to start with"
    );
    let scan = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let count = |t: &TestApp| -> i64 {
        renkei::schema::applications::table
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };

    // 「利用者の欄を1つ増やす」: a POST that comes back with a third row, everything kept — the
    // scan too, offered as a ticked box. ひらがな in フリガナ is read as カタカナ later.
    let mut fields = form4_fields(&[("applicant_2_kana", "いちかわ かんこ")]);
    fields.retain(|(k, _)| !k.starts_with("applicant_3_"));
    fields.push(("csrf_token", &token));
    fields.push(("op", "add_row"));
    let r = clerk
        .post_multipart(
            &app,
            "/applications/new/form4",
            &fields,
            &[("scan", "様式第4号.pdf", &scan)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("name=\"applicant_3_name\""), "a third row");
    assert_eq!(
        r.input_value("applicant_2_name").as_deref(),
        Some("市川 看子")
    );
    assert!(
        !r.body.contains("error-summary"),
        "adding a row is not an error"
    );
    let kept = regex::Regex::new(r#"name="kept_scan" value="(\d+)" checked"#)
        .unwrap()
        .captures(&r.body)
        .map(|c| c[1].to_string())
        .expect("the scan is offered again");
    assert!(r.body.contains("様式第4号.pdf"));
    assert_eq!(count(&t), 0);

    // A mistake (no manager phone): refused, everything kept, the scan still offered.
    let mut wrong = form4_fields(&[("manager_phone", "")]);
    wrong.push(("csrf_token", &token));
    wrong.push(("kept_scan", &kept));
    let r = clerk
        .post_multipart(&app, "/applications/new/form4", &wrong, &[])
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains(&format!("name=\"kept_scan\" value=\"{kept}\" checked"))
    );
    assert!(r.body.contains("電話番号（システム管理担当者）") || r.body.contains("電話番号："));

    // A file kept for someone else cannot be filed by naming its id.
    let foreign = renkei::models::kept_uploads::KeptUploads::keep(
        &mut t.conn(),
        t.user_id("dr-tanaka"),
        "scan",
        &[("他人の書類.pdf", "application/pdf", scan.as_slice())],
        t.clock.now_utc().naive_utc(),
    )
    .unwrap()[0]
        .0
        .to_string();

    // Filed with the kept scan (not chosen again): it is the application's file.
    let mut good = form4_fields(&[("applicant_2_kana", "いちかわ かんこ")]);
    good.push(("csrf_token", &token));
    good.push(("kept_scan", &kept));
    good.push(("kept_scan", &foreign));
    let r = clerk
        .post_multipart(&app, "/applications/new/form4", &good, &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let detail = clerk.get(&app, r.location()).await;
    assert!(
        detail.body.contains("様式第4号.pdf"),
        "the kept scan is filed"
    );
    assert!(
        !detail.body.contains("他人の書類.pdf"),
        "only one's own kept files"
    );
    assert!(
        detail.body.contains("イチカワ カンコ"),
        "ひらがな read as カタカナ"
    );
    let left: i64 = renkei::schema::kept_uploads::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(
        left, 1,
        "the clerk's kept file is forgotten once filed (the other's waits)"
    );
}

#[actix_web::test]
async fn a_summary_is_stored_as_a_code_and_read_in_the_readers_language() {
    // A clerk keying a form in the English UI used to store 「3 account(s)」, and the Japanese
    // clerk next to them read English in the queue.
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, "/").await.csrf();
    let to_english = [
        ("csrf_token", token.as_str()),
        ("lang", "en"),
        ("return_to", "/"),
    ];
    assert_eq!(clerk.post(&app, "/language", &to_english).await.status, 303);
    let token = clerk.get(&app, "/applications/new/form4").await.csrf();
    let mut good = form4_fields(&[]);
    good.push(("csrf_token", &token));
    let r = clerk.post(&app, "/applications/new/form4", &good).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let stored: String = renkei::schema::applications::table
        .select(renkei::schema::applications::summary)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(stored, "accounts:3", "a code, not the writer's words");
    assert!(
        clerk
            .get(&app, "/applications")
            .await
            .body
            .contains("3 account(s)")
    );
    let to_japanese = [
        ("csrf_token", token.as_str()),
        ("lang", "ja"),
        ("return_to", "/"),
    ];
    assert_eq!(
        clerk.post(&app, "/language", &to_japanese).await.status,
        303
    );
    let queue = clerk.get(&app, "/applications").await;
    assert!(queue.body.contains("アカウント3件"), "{}", queue.body);
}

#[actix_web::test]
async fn stored_summaries_become_codes_on_both_databases() {
    // Summaries stored before they were codes kept the clerk's words, in the clerk's language.
    let t = TestApp::new().await;
    let mut conn = t.conn();
    let mut reverted = String::new();
    for _ in 0..10 {
        reverted = renkei::db::revert_last_migration(&mut conn).unwrap();
        if reverted == "20261202000011" {
            break;
        }
    }
    assert_eq!(reverted, "20261202000011", "the summary codes migration");
    let stored = [
        ("form4", "アカウント3件", "accounts:3"),
        ("form4", "12 account(s)", "accounts:12"),
        ("form5", "変更2件", "changes:2"),
        ("form6", "1 stop(s)", "stops:1"),
        ("form6", "利用中止4件", "stops:4"),
        ("form7", "同意書", "consent"),
        ("form7", "Consent form", "consent"),
        ("form8", "担当者5件", "members:5"),
        ("form9", "入院・入所", "reason:admission"),
        ("form9", "Moved away", "reason:moved"),
        ("room_open", "担当者3件", "members:3"),
        ("room_membership", "参加 担当者2件", "join:2"),
        ("room_membership", "Leave 1 team member(s)", "leave:1"),
        ("room_close", "", ""),
        ("form4", "手書きのメモ", "text:手書きのメモ"),
    ];
    let now = t.clock.now();
    for (i, (form, summary, _)) in stored.iter().enumerate() {
        diesel::insert_into(renkei::schema::applications::table)
            .values((
                renkei::schema::applications::receipt_number.eq(format!("S-2026-9{i:03}")),
                renkei::schema::applications::form.eq(form),
                renkei::schema::applications::office.eq("city"),
                renkei::schema::applications::channel.eq("post"),
                renkei::schema::applications::status.eq("received"),
                renkei::schema::applications::received_on.eq(now.date()),
                renkei::schema::applications::due_on.eq(now.date()),
                renkei::schema::applications::organisation_name.eq("やわた在宅クリニック"),
                renkei::schema::applications::summary.eq(summary),
                renkei::schema::applications::payload.eq("{}"),
                renkei::schema::applications::created_at.eq(now),
                renkei::schema::applications::updated_at.eq(now),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    renkei::db::migrate_database(&mut conn).unwrap();
    let codes: Vec<String> = renkei::schema::applications::table
        .order(renkei::schema::applications::id.asc())
        .select(renkei::schema::applications::summary)
        .load(&mut conn)
        .unwrap();
    let wanted: Vec<&str> = stored.iter().map(|(_, _, code)| *code).collect();
    assert_eq!(codes, wanted);
    // And back: the down migration gives the Japanese words again (later ones first).
    while renkei::db::revert_last_migration(&mut conn).unwrap() != "20261202000011" {}
    let words: Vec<String> = renkei::schema::applications::table
        .order(renkei::schema::applications::id.asc())
        .select(renkei::schema::applications::summary)
        .load(&mut conn)
        .unwrap();
    assert_eq!(words[0], "アカウント3件");
    assert_eq!(words[8], "入院・入所");
    assert_eq!(words[11], "参加 担当者2件");
    assert_eq!(words[14], "手書きのメモ");
}
