//! Logging in safely, through the real application: both factors, first login with the
//! 認証コード, replayed and expired codes, timeouts, stopped accounts, throttling, CSRF.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use chrono::TimeDelta;

#[actix_web::test]
async fn both_factors_lead_home_and_rotate_the_session() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let r = b.get(&app, "/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/login");

    let r = b
        .submit(
            &app,
            "/login",
            "/login",
            &[("login_id", "dr-tanaka"), ("password", "renkei-demo-2026")],
        )
        .await;
    assert_eq!(r.status, 303);
    let partial = b
        .cookies
        .get("renkei_session")
        .cloned()
        .expect("partial session cookie");
    // Half-way logged in is not logged in.
    assert_eq!(b.get(&app, "/").await.location(), "/login/second-factor");

    let code = t.totp();
    let r = b
        .submit(
            &app,
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &code)],
        )
        .await;
    assert_eq!(r.location(), "/");
    let full = b.cookies.get("renkei_session").cloned().unwrap();
    assert_ne!(partial, full, "the session id must change at login");

    let home = b.get(&app, "/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("田中 一郎"), "{}", home.body);
    assert!(home.body.contains("参加している部屋"));
    // The pre-login token is dead.
    let mut old = Browser::new();
    old.cookies.insert("renkei_session".into(), partial);
    assert_eq!(old.get(&app, "/").await.status, 303);

    let actions = t.audit_actions();
    assert!(
        actions
            .iter()
            .any(|(a, r, who)| a == "login.password" && r == "success" && who == "dr-tanaka")
    );
    assert!(
        actions
            .iter()
            .any(|(a, r, _)| a == "login.second_factor" && r == "success")
    );
}

#[actix_web::test]
async fn unknown_id_and_wrong_password_get_the_same_answer() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let wrong = b
        .submit(
            &app,
            "/login",
            "/login",
            &[("login_id", "dr-tanaka"), ("password", "not-the-password")],
        )
        .await;
    let unknown = b
        .submit(
            &app,
            "/login",
            "/login",
            &[
                ("login_id", "nobody-here"),
                ("password", "not-the-password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    let msg = "ログインIDまたはパスワードが正しくありません。";
    assert!(wrong.body.contains(msg) && unknown.body.contains(msg));
    // The typed ID is kept, the password is not.
    assert_eq!(wrong.input_value("login_id").as_deref(), Some("dr-tanaka"));
    assert_eq!(
        unknown.input_value("login_id").as_deref(),
        Some("nobody-here")
    );
    assert_eq!(wrong.input_value("password").as_deref(), Some(""));
    assert!(wrong.body.contains("error-summary"));
    assert!(wrong.body.contains(r#"aria-invalid="true""#));
    let failures = t
        .audit_actions()
        .into_iter()
        .filter(|(a, r, _)| a == "login.password" && r == "failure")
        .count();
    assert_eq!(failures, 2, "each failure leaves an audit row");
}

#[actix_web::test]
async fn empty_fields_are_named_and_input_kept() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let r = b
        .submit(
            &app,
            "/login",
            "/login",
            &[("login_id", "ｄｒ－ｔａｎａｋａ"), ("password", "")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("パスワードを入力してください。"));
    assert_eq!(
        r.input_value("login_id").as_deref(),
        Some("ｄｒ－ｔａｎａｋａ")
    );
    // Full-width input is understood when it is complete.
    let r = b
        .submit(
            &app,
            "/login",
            "/login",
            &[
                ("login_id", "ｄｒ－ｔａｎａｋａ"),
                ("password", "renkei-demo-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
}

#[actix_web::test]
async fn a_replayed_or_stale_code_is_refused() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    b.login(&app, &t, "ns-suzuki").await;
    // Same code again, from another browser, within its 30 seconds.
    let mut thief = Browser::new();
    let code = t.totp();
    let r = thief
        .submit(
            &app,
            "/login",
            "/login",
            &[("login_id", "ns-suzuki"), ("password", "renkei-demo-2026")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = thief
        .submit(
            &app,
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &code)],
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("既に使用されています"));
    assert!(
        t.audit_actions()
            .iter()
            .any(|(a, r, _)| a == "login.second_factor" && r == "replayed")
    );
    // A code from two minutes ago is too old.
    let old = renkei::services::auth::totp_code_at(
        renkei::seed::DEMO_TOTP_SECRET,
        (t.clock.now_utc().timestamp() - 120) as u64,
    );
    t.next_step();
    let r = thief
        .submit(
            &app,
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &old)],
        )
        .await;
    assert_eq!(r.status, 401);
    // The current one works.
    let r = thief
        .submit(
            &app,
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &t.totp())],
        )
        .await;
    assert_eq!(r.status, 303);
}

#[actix_web::test]
async fn idle_and_absolute_timeouts_end_the_session() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    b.login(&app, &t, "cm-takahashi").await;
    t.clock.advance(TimeDelta::minutes(29));
    assert_eq!(
        b.get(&app, "/").await.status,
        200,
        "29 minutes idle is still fine"
    );
    t.clock.advance(TimeDelta::minutes(31));
    let r = b.get(&app, "/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/login");
    assert!(
        !b.cookies.contains_key("renkei_session"),
        "the dead session's cookie is cleared"
    );

    // Absolute: active every 20 minutes, still out after 12 hours.
    t.next_step();
    let mut b = Browser::new();
    b.login(&app, &t, "cm-takahashi").await;
    for _ in 0..35 {
        t.clock.advance(TimeDelta::minutes(20));
        assert_eq!(b.get(&app, "/").await.status, 200);
    }
    t.clock.advance(TimeDelta::minutes(21));
    assert_eq!(
        b.get(&app, "/").await.status,
        303,
        "12 hours after login the session ends"
    );
}

#[actix_web::test]
async fn the_ended_session_explains_itself_on_the_login_page() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    b.login(&app, &t, "cm-takahashi").await;
    let token = b.cookies.get("renkei_session").cloned().unwrap();
    t.clock.advance(TimeDelta::minutes(45));
    let mut again = Browser::new();
    again.cookies.insert("renkei_session".into(), token);
    let r = again.get(&app, "/login").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("30分以上操作がなかったため"), "{}", r.body);
}

#[actix_web::test]
async fn a_stopped_account_is_refused_at_its_next_request() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    // A nurse in two patients' rooms.
    let (id, login) = t.account("nurse").create();
    let (doctor, _) = t
        .account("doctor")
        .profession("doctor")
        .organisation("試験クリニック")
        .create();
    let rooms = [
        t.patient_room_for("試験 一郎", &[doctor, id]),
        t.patient_room_for("試験 二郎", &[doctor, id]),
    ];
    let mut nurse = Browser::new();
    nurse.login(&app, &t, &login).await;
    assert_eq!(nurse.get(&app, "/").await.status, 200);

    let mut admin = Browser::new();
    admin.login(&app, &t, "city-admin").await;
    let token = admin.get(&app, "/admin/users").await.csrf();
    let r = admin
        .post(
            &app,
            &format!("/admin/users/{id}/stop"),
            &[("csrf_token", &token), ("reason", "端末紛失")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let r = nurse.get(&app, "/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/login");
    // Stopping twice: a clear refusal, nothing changes.
    let r = admin
        .post(
            &app,
            &format!("/admin/users/{id}/stop"),
            &[("csrf_token", &token), ("reason", "again")],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("既に停止されています"));
    // And the password no longer works.
    t.next_step();
    let mut again = Browser::new();
    let r = again
        .submit(
            &app,
            "/login",
            "/login",
            &[
                ("login_id", login.as_str()),
                ("password", renkei::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 401);
    let stops: Vec<_> = t
        .audit_actions()
        .into_iter()
        .filter(|(a, _, _)| a == "account.stop")
        .collect();
    assert_eq!(stops.len(), 2);
    assert_eq!(stops[0].1, "success");
    assert_eq!(stops[1].1, "refused");
    // The account left its rooms like any removed member: told by the room's label, audited
    // per room, and no longer on the room's member list.
    let told: Vec<_> = t
        .mails_to(&login)
        .into_iter()
        .filter(|m| m.subject.contains("部屋の担当者から外れました"))
        .collect();
    assert_eq!(told.len(), 2, "told once per room: {told:?}");
    for room in rooms {
        let label = format!("R-{room:06}");
        let about: Vec<_> = told.iter().filter(|m| m.subject.contains(&label)).collect();
        assert_eq!(
            about.len(),
            1,
            "the stopped account is told it left {label}"
        );
        assert!(about[0].body.contains(&label) && !about[0].says("試験"));
        let members = renkei::models::rooms::Room::members(&mut t.conn(), room).unwrap();
        assert!(members.iter().all(|m| m.user_id != id), "{label}");
        assert!(members.iter().any(|m| m.user_id == doctor));
    }
    assert_eq!(
        t.audit_actions()
            .iter()
            .filter(|(a, r, _)| a == "room.member_remove" && r == "success")
            .count(),
        2
    );
}

#[actix_web::test]
async fn logout_and_logout_everywhere() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut pc = Browser::new();
    pc.login(&app, &t, "ph-sato").await;
    t.next_step();
    let mut phone = Browser::new();
    phone.login(&app, &t, "ph-sato").await;
    let account = pc.get(&app, "/account").await;
    assert_eq!(
        account.body.matches("<tr>").count(),
        3,
        "header row + two sessions: {}",
        account.body
    );

    let token = phone.get(&app, "/").await.csrf();
    let r = phone.post(&app, "/logout", &[("csrf_token", &token)]).await;
    assert_eq!(r.location(), "/login?notice=logged_out");
    assert_eq!(phone.get(&app, "/").await.status, 303);
    assert_eq!(
        pc.get(&app, "/").await.status,
        200,
        "logout ends only this device"
    );

    t.next_step();
    let mut phone = Browser::new();
    phone.login(&app, &t, "ph-sato").await;
    let token = pc.get(&app, "/account").await.csrf();
    let r = pc
        .post(
            &app,
            "/account/sessions/revocation",
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(pc.get(&app, "/").await.status, 303);
    assert_eq!(
        phone.get(&app, "/").await.status,
        303,
        "every device is logged out"
    );
}

#[actix_web::test]
async fn first_login_with_the_activation_code() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    // A typo keeps the input.
    let r = b
        .submit(
            &app,
            "/activate",
            "/activate",
            &[
                ("login_id", "new-nurse"),
                ("activation_code", "DEMO-CODE-2027"),
            ],
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.input_value("activation_code").as_deref(),
        Some("DEMO-CODE-2027")
    );
    // Lower case, spaces and full width are fine.
    let r = b
        .submit(
            &app,
            "/activate",
            "/activate",
            &[
                ("login_id", "new-nurse"),
                ("activation_code", "demo code ２０２６"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/enrol/totp", "{}", r.body);
    // Nothing else is reachable before enrolment.
    assert_eq!(b.get(&app, "/").await.location(), "/enrol/totp");

    let page = b.get(&app, "/enrol/totp").await;
    assert!(page.body.contains("<svg"), "QR code shown");
    let secret = regex::Regex::new(r#"data-secret="([A-Z2-7]+)""#)
        .unwrap()
        .captures(&page.body)
        .unwrap()[1]
        .to_string();
    let code = renkei::services::auth::totp_code_at(&secret, t.clock.now_utc().timestamp() as u64);
    let r = b
        .post(
            &app,
            "/enrol/totp",
            &[("csrf_token", &page.csrf()), ("code", "000000")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = b
        .post(
            &app,
            "/enrol/totp",
            &[("csrf_token", &page.csrf()), ("code", &code)],
        )
        .await;
    assert_eq!(r.location(), "/account/password");

    let form = b.get(&app, "/account/password").await;
    assert!(
        !form.body.contains("current_password"),
        "no current password at first login"
    );
    let r = b
        .post(
            &app,
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("new_password", "short"),
                ("new_password_confirmation", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("12文字以上"));
    let r = b
        .post(
            &app,
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("new_password", "new-nurse-is-mine"),
                ("new_password_confirmation", "new-nurse-is-mine"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "contains the login ID");
    let r = b
        .post(
            &app,
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("new_password", "Sakura-Home-2026!"),
                ("new_password_confirmation", "Sakura-Home-2026?"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("一致しません"));
    let r = b
        .post(
            &app,
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("new_password", "Sakura-Home-2026!"),
                ("new_password_confirmation", "Sakura-Home-2026!"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/?notice=welcome");
    let home = b.get(&app, "/?notice=welcome").await;
    assert!(home.body.contains("登録が完了しました"));

    // The code worked once.
    let mut other = Browser::new();
    let r = other
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
    // The new password and the new authenticator log in.
    t.next_step();
    let r = other
        .submit(
            &app,
            "/login",
            "/login",
            &[("login_id", "new-nurse"), ("password", "Sakura-Home-2026!")],
        )
        .await;
    assert_eq!(r.status, 303);
    let code = renkei::services::auth::totp_code_at(&secret, t.clock.now_utc().timestamp() as u64);
    let r = other
        .submit(
            &app,
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &code)],
        )
        .await;
    assert_eq!(r.location(), "/");
    // The password change was mailed to the account (the only mail so far).
    let told = t.mails_to("new-nurse");
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].subject.contains("パスワードが変更されました"));
    assert_eq!(t.mails().len(), 1);
}

#[actix_web::test]
async fn changing_the_password_asks_for_the_current_one() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    b.login(&app, &t, "hh-ito").await;
    let form = b.get(&app, "/account/password").await;
    assert!(form.body.contains("current_password"));
    assert!(
        form.body.contains(r#"type="password""#) && form.body.contains(r#"autocomplete="off""#)
    );
    let r = b
        .post(
            &app,
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("current_password", "wrong"),
                ("new_password", "Helper-Ichikawa-77"),
                ("new_password_confirmation", "Helper-Ichikawa-77"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("現在のパスワードが正しくありません"));
    // Long enough but guessable: refused with the reason (hh-ito is 伊藤 真理, イトウ マリ).
    for (weak, why) in [
        ("aaaaaaaaaaaa", "よく使われるパスワード"),
        ("abcdefghijklmn", "よく使われるパスワード"),
        ("123456789012", "よく使われるパスワード"),
        ("Password2026!", "よく使われるパスワード"),
        ("qwertyuiop12", "よく使われるパスワード"),
        (
            "伊藤のパスワードです。忘れないように",
            "氏名やログインIDの一部",
        ),
        ("hh-ito-password", "ログインIDを含めないで"),
    ] {
        let r = b
            .post(
                &app,
                "/account/password",
                &[
                    ("csrf_token", &form.csrf()),
                    ("current_password", "renkei-demo-2026"),
                    ("new_password", weak),
                    ("new_password_confirmation", weak),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{weak}");
        assert!(r.body.contains(why), "{weak}: {why}");
    }
    let r = b
        .post(
            &app,
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("current_password", "renkei-demo-2026"),
                ("new_password", "Helper-Ichikawa-77"),
                ("new_password_confirmation", "Helper-Ichikawa-77"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/account?notice=password_changed");
}

/// One password step from this browser (logged out) for dr-tanaka: the status.
async fn try_login<S, B>(app: &S, b: &mut Browser, password: &str) -> u16
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let token = b.get(app, "/login").await.csrf();
    b.post(
        app,
        "/login",
        &[
            ("csrf_token", &token),
            ("login_id", "dr-tanaka"),
            ("password", password),
        ],
    )
    .await
    .status
}

#[actix_web::test]
async fn guessing_slows_the_guesser_down_and_cannot_lock_the_owner_out() {
    let t = TestApp::with(&[("RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN", "1000")]).await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    // The owner has logged in from the clinic before: that address is known to the account.
    let mut clinic = Browser::at("198.51.100.20");
    clinic.login(&app, &t, "dr-tanaka").await;
    t.next_step();

    // One address guessing one account: five tries free, then each waits twice as long.
    let mut guesser = Browser::at("203.0.113.66");
    for _ in 0..5 {
        assert_eq!(try_login(&app, &mut guesser, "guess").await, 401);
    }
    let mut b = Browser::at("203.0.113.66");
    let token = b.get(&app, "/login").await.csrf();
    let r = b
        .post(
            &app,
            "/login",
            &[
                ("csrf_token", &token),
                ("login_id", "dr-tanaka"),
                ("password", "guess"),
            ],
        )
        .await;
    assert_eq!(r.status, 429, "the sixth try at once waits");
    assert!(r.body.contains("しばらくログインできません"));
    t.clock.advance(TimeDelta::seconds(3));
    assert_eq!(
        try_login(&app, &mut guesser, "guess").await,
        401,
        "after the wait, one more"
    );
    assert_eq!(try_login(&app, &mut guesser, "guess").await, 429);
    // Meanwhile the owner, from the clinic, is not slowed at all.
    let mut owner = Browser::at("198.51.100.20");
    assert_eq!(
        try_login(&app, &mut owner, renkei::seed::DEMO_PASSWORD).await,
        303
    );

    // Many addresses (a botnet), a few guesses each: the account's ceiling of 100 an hour.
    let mut answers = Vec::new();
    for i in 0..25 {
        let mut bot = Browser::at(&format!("203.0.113.{}", 100 + i));
        for _ in 0..4 {
            answers.push(try_login(&app, &mut bot, "guess").await);
        }
    }
    // The password is checked until the account's failures this hour reach 100 (the
    // guesser's tries above count too), then refused unchecked.
    let checked = answers.iter().take_while(|s| **s == 401).count();
    assert!((90..100).contains(&checked), "{answers:?}");
    assert!(answers[checked..].iter().all(|s| *s == 429), "{answers:?}");
    let mut bot = Browser::at("203.0.113.200");
    assert_eq!(
        try_login(&app, &mut bot, renkei::seed::DEMO_PASSWORD).await,
        429,
        "past the ceiling a new address is refused, even with the right password"
    );
    // The owner at a known address still gets in.
    t.next_step();
    let mut clinic = Browser::at("198.51.100.20");
    clinic.login(&app, &t, "dr-tanaka").await;
    assert_eq!(clinic.get(&app, "/").await.status, 200);
    // And the owner was told, once, without any address in the mail.
    let mails: Vec<_> = t
        .mails()
        .into_iter()
        .filter(|m| m.subject.contains("ログインの失敗が続いています"))
        .collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(t.mails_to("dr-tanaka"), mails, "to the owner");
    assert!(!mails[0].says("203.0.113") && !mails[0].says("198.51.100"));
    // An hour later a new address may try again.
    t.clock.advance(TimeDelta::minutes(61));
    let mut later = Browser::at("203.0.113.201");
    assert_eq!(
        try_login(&app, &mut later, renkei::seed::DEMO_PASSWORD).await,
        303
    );
}

#[actix_web::test]
async fn one_address_guessing_many_accounts_is_throttled_across_them() {
    let t = TestApp::new().await; // default per-address limit: 30 per 15 minutes
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let token = b.get(&app, "/login").await.csrf();
    for i in 0..30 {
        let id = format!("guess-{i}");
        b.post(
            &app,
            "/login",
            &[("csrf_token", &token), ("login_id", &id), ("password", "x")],
        )
        .await;
    }
    let r = b
        .post(
            &app,
            "/login",
            &[
                ("csrf_token", &token),
                ("login_id", "dr-tanaka"),
                ("password", "renkei-demo-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 429, "the address is throttled across accounts");
    assert!(
        t.audit_actions()
            .iter()
            .any(|(a, r, _)| a == "login.password" && r == "throttled")
    );
}

#[actix_web::test]
async fn a_flood_of_anonymous_forged_posts_adds_rows_in_aggregate_only() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let rows = |t: &TestApp| {
        t.audit_actions()
            .iter()
            .filter(|(a, _, _)| a == "csrf.rejected")
            .count()
    };
    let before = rows(&t);
    for i in 0..300 {
        let mut b = Browser::new();
        let r = b
            .post(
                &app,
                if i % 2 == 0 { "/login" } else { "/apply/form6" },
                &[("csrf_token", "forged"), ("login_id", "x")],
            )
            .await;
        assert_eq!(r.status, 403);
    }
    assert_eq!(
        rows(&t) - before,
        1,
        "the first refusal from the address only"
    );
    // When the window closes, one row says how many more there were.
    t.clock.advance(renkei::http::refusals::WINDOW);
    let r = Browser::new()
        .post(&app, "/login", &[("csrf_token", "forged")])
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        rows(&t) - before,
        3,
        "the summary and the new window's first"
    );
    use diesel::prelude::*;
    let details: Vec<String> = renkei::schema::audit_log::table
        .filter(renkei::schema::audit_log::result.eq("aggregated"))
        .select(renkei::schema::audit_log::detail)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(details.len(), 1);
    assert!(details[0].starts_with("299 more since"), "{details:?}");
}

#[actix_web::test]
async fn state_changes_need_the_csrf_token() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    b.login(&app, &t, "city-admin").await;
    let id = t.user_id("hh-ito");
    let r = b
        .post(&app, &format!("/admin/users/{id}/stop"), &[("reason", "x")])
        .await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("画面の有効期限が切れた"));
    let r = b
        .post(
            &app,
            &format!("/admin/users/{id}/stop"),
            &[("csrf_token", "forged-token-value"), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status, 403);
    // Nothing happened; the attempt is in the audit trail.
    let mut hh = Browser::new();
    hh.login(&app, &t, "hh-ito").await;
    assert!(
        t.audit_actions()
            .iter()
            .filter(|(a, _, _)| a == "csrf.rejected")
            .count()
            >= 2
    );
    // htmx sends it as a header.
    let token = b.get(&app, "/").await.csrf();
    b.headers = vec![
        ("X-CSRF-Token".into(), token),
        ("HX-Request".into(), "true".into()),
    ];
    let r = b
        .post(&app, "/language", &[("lang", "en"), ("return_to", "/")])
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("HX-Redirect"), "/");
    // An anonymous form without the cookie it was issued with is refused too.
    let mut stranger = Browser::new();
    let r = stranger
        .post(
            &app,
            "/login",
            &[("csrf_token", "abc"), ("login_id", "x"), ("password", "y")],
        )
        .await;
    assert_eq!(r.status, 403);
}

#[actix_web::test]
async fn an_oversized_body_gets_413() {
    let t = TestApp::with(&[
        ("RENKEI__HTTP__MAX_BODY_BYTES", "4096"),
        ("RENKEI__APPLICATIONS__MAX_FILE_BYTES", "1024"),
    ])
    .await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let token = b.get(&app, "/login").await.csrf();
    let big = "あ".repeat(5000);
    let r = b
        .post(
            &app,
            "/login",
            &[
                ("csrf_token", &token),
                ("login_id", &big),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, 413);
    assert!(r.body.contains("送信内容が大きすぎます"));
}

#[actix_web::test]
async fn language_follows_the_user_then_the_browser() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    b.headers = vec![("Accept-Language".into(), "en-GB,en;q=0.9,ja;q=0.5".into())];
    let r = b.get(&app, "/login").await;
    assert!(r.body.contains(r#"<html lang="en">"#));
    assert!(r.body.contains("Log in"));
    b.headers.clear();
    let r = b.get(&app, "/login").await;
    assert!(r.body.contains(r#"<html lang="ja">"#));

    b.login(&app, &t, "assoc-admin").await;
    let token = b.get(&app, "/").await.csrf();
    let r = b
        .post(
            &app,
            "/language",
            &[
                ("csrf_token", &token),
                ("lang", "en"),
                ("return_to", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/", "no open redirect");
    // A way back with a TAB (browsers drop it: //evil.example), a line break or a NUL is no
    // way back either — and never a 500.
    for bad in [
        "/\t/evil.example",
        "/a\r\nSet-Cookie: x=1",
        "/a\u{0}b",
        "/\\evil.example",
    ] {
        let r = b
            .post(
                &app,
                "/language",
                &[("csrf_token", &token), ("lang", "en"), ("return_to", bad)],
            )
            .await;
        assert_eq!(r.status, 303, "{bad:?}");
        assert_eq!(r.location(), "/", "{bad:?}");
    }
    // Kept on the account: another browser with Japanese preferences sees English after login.
    t.next_step();
    let mut other = Browser::new();
    other.headers = vec![("Accept-Language".into(), "ja".into())];
    other.login(&app, &t, "assoc-admin").await;
    let home = other.get(&app, "/").await;
    assert!(home.body.contains("<h1>Home</h1>"), "{}", home.body);
}

#[actix_web::test]
async fn error_pages_are_japanese_and_htmx_aware() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let r = b.get(&app, "/no/such/page").await;
    assert_eq!(r.status, 404);
    assert!(r.body.contains("ページが見つかりません") && r.body.contains("<html"));
    b.headers = vec![("HX-Request".into(), "true".into())];
    let r = b.get(&app, "/no/such/page").await;
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("<html") && r.body.contains("role=\"alert\""));
    b.headers.clear();
    b.login(&app, &t, "pt-watanabe").await;
    let r = b.get(&app, "/audit").await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("この操作は許可されていません"));
}

#[actix_web::test]
async fn security_headers_and_cached_assets() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut b = Browser::new();
    let r = b.get(&app, "/login").await;
    let csp = r.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
            && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("referrer-policy"), "same-origin");
    assert_eq!(r.header("cache-control"), "no-store");
    assert!(
        r.header("strict-transport-security").is_empty(),
        "no HSTS over plain local HTTP"
    );
    assert!(
        r.body.contains(r#""allowEval":false"#) || r.body.contains("&quot;allowEval&quot;:false")
    );

    // A device's first page carries its style sheet (allowed by its hash, nothing else inline)
    // and loads its scripts after the page; the file is fetched for the pages after it.
    assert!(r.body.contains("<style>") && r.body.contains(r#"rel="prefetch""#));
    assert!(
        csp.contains("style-src 'self' 'sha256-") && csp.contains("script-src 'self' 'sha256-")
    );
    assert!(
        r.headers
            .get_all("set-cookie")
            .any(|c| c.to_str().is_ok_and(|c| c.starts_with("renkei_assets="))),
        "the device is told it has the assets now"
    );
    let css = regex::Regex::new(r#"href="(/assets/app\.[0-9a-f]{12}\.css)""#)
        .unwrap()
        .captures(&r.body)
        .unwrap()[1]
        .to_string();
    // With the cookie (this device has the assets) the page links them, as before.
    let again = b.get(&app, "/login").await;
    assert!(
        !again.body.contains("<style>"),
        "no inline style on a repeat visit"
    );
    assert!(
        again
            .body
            .contains(&format!(r#"<link rel="stylesheet" href="{css}">"#))
    );
    b.headers = vec![("Accept-Encoding".into(), "br, gzip".into())];
    let a = b.get(&app, &css).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-encoding"), "br");
    assert!(a.header("cache-control").contains("immutable"));
    let etag = a.header("etag").to_string();
    b.headers.push(("If-None-Match".into(), etag));
    assert_eq!(b.get(&app, &css).await.status, 304);

    let tls = TestApp::with(&[("RENKEI__HTTP__PUBLIC_URL", "https://renkei.example.lg.jp")]).await;
    let app = init_service(renkei::http::app(tls.state.clone())).await;
    let r = Browser::new().get(&app, "/login").await;
    assert!(r.header("strict-transport-security").contains("max-age="));
    assert!(
        r.header("set-cookie").contains("__Host-renkei_csrf")
            && r.header("set-cookie").contains("Secure")
    );
}

#[actix_web::test]
async fn healthz_reports_database_and_queue() {
    let t = TestApp::new().await;
    renkei::worker::setup_queue(&t.state.settings)
        .await
        .unwrap();
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let r = Browser::new().get(&app, "/healthz").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(r#""queue":"ok""#));
}
