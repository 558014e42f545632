//! Forms 5, 7, 8 and 9 through HTTP, keyed from paper by the office they go to: a form 7
//! records the registrant and consent, a form 8 opens the patient room and sets its members
//! (never leaving it without a doctor or a visiting nurse), a form 9 closes it and starts the
//! retention clock, a form 5 changes registration data keeping old → new, a form 6 ends the
//! stopped account's memberships. Forms 7 and 8 sent together show as a pair.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::{registrants, room_members, rooms, users};

const REG: &[(&str, &str)] = &[
    ("reg_name", "市川 花子"),
    ("reg_kana", "イチカワ ハナコ"),
    ("reg_birth_date", "昭和15年4月1日"),
];

fn with<'a>(base: &[(&'a str, &'a str)], extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = base.to_vec();
    for (k, val) in extra {
        v.retain(|(name, _)| name != k);
        v.push((k, val));
    }
    v
}

fn form7(token: &str) -> Vec<(&str, &str)> {
    with(
        REG,
        &[
            ("csrf_token", token),
            ("channel", "counter"),
            ("received_on", "2026-11-20"),
            ("application_date", "R8.11.19"),
            ("reg_sex", "female"),
            ("reg_postcode", "２７２－００２１"),
            ("reg_address", "市川市八幡1-1-1"),
            ("reg_phone", "047-300-0000"),
            ("signer", "proxy"),
            ("proxy_name", "市川 一郎"),
            ("proxy_relationship", "長男"),
            ("consent_on", "令和8年11月18日"),
            ("digital_consent", "yes"),
        ],
    )
}

fn form8<'a>(token: &'a str, members: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = with(
        REG,
        &[
            ("csrf_token", token),
            ("channel", "post"),
            ("received_on", "2026-11-20"),
            ("application_date", "2026-11-19"),
            ("coordinator_name", "高橋 恵子"),
            ("coordinator_org", "いちかわ居宅介護支援事業所"),
            ("coordinator_phone", "047-333-4444"),
        ],
    );
    v.extend_from_slice(members);
    v
}

async fn file<S, B>(clerk: &mut Browser, app: &S, form: &str, fields: &[(&str, &str)]) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let r = clerk
        .post(app, &format!("/applications/new/{form}"), fields)
        .await;
    assert_eq!(r.status, 303, "{form}: {}", r.body);
    r.location().to_string()
}

/// The patient room of the registrant these tests file forms for (not the demo one).
fn room_of(t: &TestApp) -> Option<(i64, String, Option<chrono::NaiveDate>)> {
    rooms::table
        .inner_join(registrants::table)
        .filter(registrants::kana.eq("イチカワ ハナコ"))
        .select((rooms::id, rooms::status, rooms::purge_after))
        .first(&mut t.conn())
        .optional()
        .unwrap()
}

fn members(t: &TestApp, room: i64) -> Vec<String> {
    let mut v: Vec<String> = room_members::table
        .inner_join(users::table)
        .filter(room_members::room_id.eq(room))
        .filter(room_members::removed_at.is_null())
        .select(users::login_id)
        .load(&mut t.conn())
        .unwrap();
    v.sort();
    v
}

#[actix_web::test]
async fn forms_7_8_9_record_consent_open_the_room_set_members_and_close_it() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let page = clerk.get(&app, "/applications/new").await;
    assert!(page.body.contains("様式第7号") && page.body.contains("様式第9号"));
    assert!(
        !page.body.contains("様式第4号"),
        "the city's forms are not offered"
    );
    let token = clerk.get(&app, "/applications/new/form7").await.csrf();

    // Bad input: a date that does not exist, a proxy without a name, half-width kana.
    let bad = with(
        &form7(&token),
        &[
            ("consent_on", "平成31年5月1日"),
            ("proxy_name", ""),
            ("reg_kana", "ｲﾁｶﾜ"),
        ],
    );
    let r = clerk.post(&app, "/applications/new/form7", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("error-summary"));
    assert!(r.body.contains("令和元年5月1日"), "{}", r.body);
    assert!(r.body.contains("全角カタカナで入力してください"));
    assert_eq!(
        r.input_value("reg_address").as_deref(),
        Some("市川市八幡1-1-1")
    );
    assert_eq!(r.input_value("proxy_relationship").as_deref(), Some("長男"));

    // Form 8 before form 7 is approved: refused, no room.
    let f8 = file(
        &mut clerk,
        &app,
        "form8",
        &form8(
            &token,
            &[
                ("member_1_action", "add"),
                ("member_1_login_id", "dr-tanaka"),
                ("member_1_name", "田中 一郎"),
                ("member_1_role", "attending_doctor"),
                ("member_2_action", "add"),
                ("member_2_login_id", "ｐｔ－ｗａｔａｎａｂｅ"),
                ("member_2_name", "渡辺 翔"),
                ("member_2_role", "rehabilitation"),
            ],
        ),
    )
    .await;
    let f7 = file(&mut clerk, &app, "form7", &form7(&token)).await;

    // The pair: marked in the queue, linked from each detail page.
    let queue = clerk.get(&app, "/applications").await;
    assert_eq!(
        queue.body.matches("様式7・8の組").count(),
        2,
        "{}",
        queue.body
    );
    let detail = clerk.get(&app, &f8).await;
    assert!(detail.body.contains(&format!("href=\"{f7}\"")));

    let r = clerk
        .post(&app, &format!("{f8}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("先に様式第7号"), "{}", r.body);
    assert!(room_of(&t).is_none());

    let r = clerk
        .post(&app, &format!("{f7}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (birth, digital): (chrono::NaiveDate, bool) = registrants::table
        .filter(registrants::kana.eq("イチカワ ハナコ"))
        .select((registrants::birth_date, registrants::digital_consent))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(birth.to_string(), "1940-04-01");
    assert!(digital);

    let r = clerk
        .post(&app, &format!("{f8}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (room, status, _) = room_of(&t).expect("the patient room is opened");
    assert_eq!(status, "open");
    assert_eq!(members(&t, room), ["dr-tanaka", "pt-watanabe"]);

    // Removing the only doctor leaves no doctor or visiting nurse: refused, nothing changes.
    let f8b = file(
        &mut clerk,
        &app,
        "form8",
        &form8(
            &token,
            &[
                ("member_1_action", "remove"),
                ("member_1_login_id", "dr-tanaka"),
                ("member_1_name", "田中一郎"),
                ("member_2_action", "add"),
                ("member_2_login_id", "ph-sato"),
                ("member_2_name", "佐藤 健"),
                ("member_2_role", "pharmacy"),
            ],
        ),
    )
    .await;
    let r = clerk
        .post(&app, &format!("{f8b}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("医師または訪問看護師が1人もいなくなります"));
    assert_eq!(members(&t, room), ["dr-tanaka", "pt-watanabe"]);

    // With a visiting nurse added in the same form, the doctor may leave.
    let f8c = file(
        &mut clerk,
        &app,
        "form8",
        &form8(
            &token,
            &[
                ("member_1_action", "remove"),
                ("member_1_login_id", "dr-tanaka"),
                ("member_1_name", "田中 一郎"),
                ("member_2_action", "add"),
                ("member_2_login_id", "ns-suzuki"),
                ("member_2_name", "鈴木 由美"),
                ("member_2_role", "visiting_nursing"),
            ],
        ),
    )
    .await;
    let r = clerk
        .post(&app, &format!("{f8c}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(members(&t, room), ["ns-suzuki", "pt-watanabe"]);

    // Form 9: the room closes, the retention clock starts (5 years by default).
    let mut f9 = with(
        REG,
        &[
            ("csrf_token", token.as_str()),
            ("channel", "counter"),
            ("received_on", "2026-11-20"),
            ("application_date", "2026-11-20"),
            ("submitter", "family"),
            ("submitter_name", "市川 一郎"),
            ("reason", "admission"),
            ("discontinued_on", "2026-11-19"),
        ],
    );
    f9.retain(|(k, _)| *k != "reason_detail");
    let f9 = file(&mut clerk, &app, "form9", &f9).await;
    let r = clerk
        .post(&app, &format!("{f9}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (_, status, purge) = room_of(&t).unwrap();
    assert_eq!(status, "closed");
    // Five years from the 中止日 (the day before), not from the approval.
    let discontinued = chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
    assert_eq!(
        purge,
        Some(renkei::services::registrations::purge_date(discontinued, 5))
    );
    // Approving twice: a clear refusal, no change.
    let r = clerk
        .post(&app, &format!("{f9}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 409);
    // A form 8 for a discontinued registrant is refused.
    let f8d = file(
        &mut clerk,
        &app,
        "form8",
        &form8(
            &token,
            &[
                ("member_1_action", "add"),
                ("member_1_login_id", "dr-tanaka"),
                ("member_1_name", "田中 一郎"),
                ("member_1_role", "attending_doctor"),
            ],
        ),
    )
    .await;
    let r = clerk
        .post(&app, &format!("{f8d}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("利用中止になっています"));
    // Every step is in the audit trail.
    let actions: Vec<String> = t.audit_actions().into_iter().map(|(a, _, _)| a).collect();
    for a in [
        "registrant.consent",
        "room.open",
        "room.member_add",
        "room.member_remove",
        "room.close",
        "registrant.discontinue",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing");
    }
}

#[actix_web::test]
async fn the_city_cannot_key_association_forms_and_the_association_cannot_key_city_forms() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    assert_eq!(city.get(&app, "/applications/new/form7").await.status, 404);
    assert_eq!(city.get(&app, "/applications/new/form5").await.status, 200);
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert_eq!(assoc.get(&app, "/applications/new/form5").await.status, 404);
    assert_eq!(assoc.get(&app, "/applications/new/form8").await.status, 200);
}

#[actix_web::test]
async fn a_form_5_changes_what_it_names_and_keeps_old_and_new() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk.get(&app, "/applications/new/form5").await.csrf();
    let base = [
        ("csrf_token", token.as_str()),
        ("channel", "post"),
        ("received_on", "2026-11-20"),
        ("application_date", "2026-11-19"),
        ("org_name", "市川訪問看護ステーション"),
        ("change_1_target", "organisation"),
        ("change_1_field", "phone"),
        ("change_1_old", "047-000-0000"),
        ("change_1_new", "０４７－１１１－２２２２"),
        ("change_2_target", "user"),
        ("change_2_field", "email"),
        ("change_2_login_id", "ns-suzuki"),
        ("change_2_new", "suzuki-new@station.example.jp"),
        ("change_3_target", "manager"),
        ("change_3_login_id", "pt-watanabe"),
        ("pledge_1", "yes"),
        ("pledge_2", "yes"),
        ("pledge_3", "yes"),
        ("pledge_4", "yes"),
        ("pledge_5", "yes"),
    ];
    // A malformed new value is refused next to its field, the rest kept.
    let bad = with(&base, &[("change_1_new", "12-34"), ("pledge_3", "")]);
    let r = clerk.post(&app, "/applications/new/form5", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("電話番号は0から始まる"));
    assert!(r.body.contains("誓約事項を確認し"));
    assert_eq!(
        r.input_value("change_2_new").as_deref(),
        Some("suzuki-new@station.example.jp")
    );

    let f5 = file(&mut clerk, &app, "form5", &base).await;
    let r = clerk
        .post(&app, &format!("{f5}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let phone: String = renkei::schema::organisations::table
        .filter(renkei::schema::organisations::name.eq("市川訪問看護ステーション"))
        .select(renkei::schema::organisations::phone)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(phone, "047-111-2222");
    let (email, was_manager): (String, bool) = users::table
        .filter(users::login_id.eq("ns-suzuki"))
        .select((users::email, users::is_org_manager))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(email, "suzuki-new@station.example.jp");
    assert!(
        !was_manager,
        "one system manager per organisation: the old one steps down"
    );
    let manager: bool = users::table
        .filter(users::login_id.eq("pt-watanabe"))
        .select(users::is_org_manager)
        .first(&mut t.conn())
        .unwrap();
    assert!(manager);
    let changes: Vec<String> = renkei::schema::audit_log::table
        .filter(renkei::schema::audit_log::action.eq("registration.change"))
        .select(renkei::schema::audit_log::detail)
        .load(&mut t.conn())
        .unwrap();
    assert!(
        changes.iter().any(|d| d.contains("-> 047-111-2222")),
        "{changes:?}"
    );

    // A user of another organisation is never changed through this organisation's form.
    let other = with(
        &base,
        &[
            ("change_1_target", "user"),
            ("change_1_field", "name"),
            ("change_1_login_id", "dr-tanaka"),
            ("change_1_new", "別人"),
        ],
    );
    let f5b = file(&mut clerk, &app, "form5", &other).await;
    let r = clerk
        .post(&app, &format!("{f5b}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 422);
    let name: String = users::table
        .filter(users::login_id.eq("dr-tanaka"))
        .select(users::display_name)
        .first(&mut t.conn())
        .unwrap();
    assert_ne!(name, "別人");
}

#[actix_web::test]
async fn a_stopped_account_leaves_every_room() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    let token = assoc.get(&app, "/applications/new/form7").await.csrf();
    let f7 = file(&mut assoc, &app, "form7", &form7(&token)).await;
    let f8 = file(
        &mut assoc,
        &app,
        "form8",
        &form8(
            &token,
            &[
                ("member_1_action", "add"),
                ("member_1_login_id", "dr-tanaka"),
                ("member_1_name", "田中 一郎"),
                ("member_1_role", "attending_doctor"),
                ("member_2_action", "add"),
                ("member_2_login_id", "hh-ito"),
                ("member_2_name", "伊藤 真理"),
                ("member_2_role", "home_help"),
            ],
        ),
    )
    .await;
    for p in [&f7, &f8] {
        let r = assoc
            .post(&app, &format!("{p}/approval"), &[("csrf_token", &token)])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let (room, _, _) = room_of(&t).unwrap();
    assert_eq!(members(&t, room), ["dr-tanaka", "hh-ito"]);

    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    let token = city.get(&app, "/applications/new/form6").await.csrf();
    let f6 = file(
        &mut city,
        &app,
        "form6",
        &[
            ("csrf_token", token.as_str()),
            ("channel", "counter"),
            ("received_on", "2026-11-20"),
            ("application_date", "2026-11-20"),
            ("org_name", "ヘルパーステーションいちかわ"),
            ("account_1_login_id", "hh-ito"),
            ("account_1_name", "伊藤 真理"),
            ("reason", "retirement"),
            ("last_day", "2026-11-20"),
        ],
    )
    .await;
    let r = city
        .post(&app, &format!("{f6}/approval"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(members(&t, room), ["dr-tanaka"]);
}

#[actix_web::test]
async fn a_scanned_form_is_kept_checked_by_content_and_served_only_to_its_office() {
    let t = TestApp::with(&[("RENKEI__APPLICATIONS__MAX_FILE_BYTES", "4096")]).await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let token = clerk.get(&app, "/applications/new/form7").await.csrf();
    let fields = form7(&token);

    // A program that calls itself a PDF: refused by its content, the typed fields kept.
    let r = clerk
        .post_multipart(
            &app,
            "/applications/new/form7",
            &fields,
            &[("scan", "同意書.pdf", b"MZ\x90\x00\x03 not a pdf")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("PDF・PNG・JPEG・TIFFのファイルだけ"),
        "{}",
        r.body
    );
    assert_eq!(
        r.input_value("reg_address").as_deref(),
        Some("市川市八幡1-1-1")
    );
    // Too large.
    let big = [b"%PDF-1.4\n".as_slice(), &[b'x'; 5000]].concat();
    let r = clerk
        .post_multipart(
            &app,
            "/applications/new/form7",
            &fields,
            &[("scan", "big.pdf", &big)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("ファイルが大きすぎます"));

    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let r = clerk
        .post_multipart(
            &app,
            "/applications/new/form7",
            &fields,
            &[("scan", "C:\\scans\\同意書.pdf", pdf)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let detail = clerk.get(&app, r.location()).await;
    assert!(detail.body.contains("同意書.pdf"));
    let href = detail
        .body
        .split("href=\"")
        .find(|s| s.contains("/files/"))
        .and_then(|s| s.split('"').next())
        .expect("a link to the scan")
        .to_string();
    let got = clerk.get(&app, &href).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), "application/pdf");
    assert!(got.header("content-disposition").starts_with("attachment;"));
    assert!(got.header("content-disposition").contains("UTF-8''"));
    assert_eq!(got.header("x-content-type-options"), "nosniff");
    assert!(got.body.starts_with("%PDF-1.4"));

    // The other office, and a professional, get nothing.
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    assert_eq!(city.get(&app, &href).await.status, 404);
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    assert_eq!(doctor.get(&app, &href).await.status, 403);
}

#[actix_web::test]
async fn a_long_form_is_saved_as_a_draft_resumed_and_gone_once_filed() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let token = clerk.get(&app, "/applications/new/form8").await.csrf();
    // Half-way: no validation, nothing filed.
    let r = clerk
        .post(
            &app,
            "/applications/new/form8",
            &[
                ("csrf_token", &token),
                ("save_draft", "1"),
                ("reg_name", "市川 花子"),
                ("member_1_login_id", "dr-tanaka"),
                ("member_7_name", "七行目"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let resume = r.location().to_string();
    assert!(
        resume.starts_with("/applications/new/form8?draft="),
        "{resume}"
    );
    let filed: i64 = renkei::schema::applications::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(filed, 0);
    let list = clerk.get(&app, "/applications/new").await;
    assert!(list.body.contains("保存した下書き"));
    assert!(list.body.contains("（市川 花子）"));
    let page = clerk.get(&app, &resume).await;
    assert!(page.body.contains("下書きを保存しました"));
    assert_eq!(
        page.input_value("member_1_login_id").as_deref(),
        Some("dr-tanaka")
    );
    assert_eq!(
        page.input_value("member_7_name").as_deref(),
        Some("七行目"),
        "rows grow to fit"
    );
    let draft_id = page.input_value("draft_id").unwrap();

    // Someone else cannot open it.
    let mut other = Browser::new();
    other.login(&app, &t, "city-admin").await;
    let id = resume
        .split("draft=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .unwrap();
    assert_eq!(
        other
            .get(&app, &format!("/applications/new/form4?draft={id}"))
            .await
            .status,
        404
    );

    // Filed from the draft: the draft goes.
    let mut fields = form8(
        &token,
        &[
            ("member_1_action", "add"),
            ("member_1_login_id", "dr-tanaka"),
            ("member_1_name", "田中 一郎"),
            ("member_1_role", "attending_doctor"),
        ],
    );
    fields.push(("draft_id", &draft_id));
    file(&mut clerk, &app, "form8", &fields).await;
    let left: i64 = renkei::schema::drafts::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(left, 0);
}

/// 南空知: two 管理者 offices, each near its area. Each has its own queue (and receipt numbers),
/// its own registrants and their rooms; the other office neither lists nor opens them, a form
/// keyed at the other office does not find the registrant, and a professional sending forms
/// 7 + 8 by in-system mail chooses the office, which gets them in its queue and its inbox.
#[actix_web::test]
async fn each_association_office_keeps_its_own_queue_registrants_and_rooms() {
    use renkei::models::Role;
    use renkei::schema::applications;
    let t = TestApp::configured(&[], |s| {
        let mut yuni = s.municipality.association_office.clone();
        yuni.code = "yuni".into();
        yuni.area = "由仁町・長沼町".into();
        yuni.name = "由仁町立診療所 医療福祉相談センター".into();
        yuni.short_name = "由仁".into();
        yuni.short_name_en = "Yuni".into();
        yuni.phone = "0123-83-0000".into();
        s.municipality.area_offices.push(yuni);
    })
    .await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let (_, login) = t
        .account("yuni-clerk")
        .role(Role::AssociationAdmin)
        .profession("clerk")
        .office("association-yuni")
        .organisation("由仁町立診療所 医療福祉相談センター")
        .create();
    let mut yuni = Browser::new();
    yuni.login(&app, &t, &login).await;
    let mut main = Browser::new();
    main.login(&app, &t, "assoc-admin").await;

    // The area office keys in forms 7 and 8: its queue, its receipt numbers.
    let token = yuni.get(&app, "/applications/new/form7").await.csrf();
    let f7 = file(&mut yuni, &app, "form7", &form7(&token)).await;
    let team = [
        ("member_1_action", "add"),
        ("member_1_login_id", "dr-tanaka"),
        ("member_1_name", "田中 一郎"),
        ("member_1_role", "attending_doctor"),
    ];
    let f8 = file(&mut yuni, &app, "form8", &form8(&token, &team)).await;
    let queue = yuni.get(&app, "/applications").await;
    assert!(queue.body.contains("AYUNI-2026-0001"), "{}", queue.body);
    assert!(queue.body.contains("管理者（由仁）"));
    assert_eq!(queue.body.matches("様式7・8の組").count(), 2);
    // The main office neither lists nor opens them.
    let other = main.get(&app, "/applications").await;
    assert!(!other.body.contains("AYUNI-"));
    assert_eq!(main.get(&app, &f7).await.status, 404);
    let token_m = main.get(&app, "/applications/new/form8").await.csrf();
    let r = main
        .post(&app, &format!("{f7}/approval"), &[("csrf_token", &token_m)])
        .await;
    assert_eq!(
        r.status, 404,
        "another office's application cannot be approved"
    );

    for f in [&f7, &f8] {
        let r = yuni
            .post(&app, &format!("{f}/approval"), &[("csrf_token", &token)])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let (registrant, office): (i64, String) = registrants::table
        .filter(registrants::kana.eq("イチカワ ハナコ"))
        .select((registrants::id, registrants::office))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(office, "association-yuni");
    let (room, _, _) = room_of(&t).expect("the patient room is opened");
    let room_office: String = rooms::table
        .find(room)
        .select(rooms::office)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(room_office, "association-yuni");

    // Its register and its rooms; not the main office's.
    let register = yuni.get(&app, "/admin/registrants").await;
    assert!(register.body.contains("市川 花子"));
    assert!(
        !register.body.contains("ヤワタ タダシ"),
        "the main office's registrant"
    );
    let register = main.get(&app, "/admin/registrants").await;
    assert!(!register.body.contains("市川 花子"));
    assert!(register.body.contains("ヤワタ タダシ"));
    let path = format!("/admin/registrants/{registrant}");
    assert_eq!(yuni.get(&app, &path).await.status, 200);
    assert_eq!(main.get(&app, &path).await.status, 404);
    let csv = main.get(&app, "/admin/registrants.csv").await;
    assert!(!csv.body.contains("市川 花子"));
    let room_path = format!("/rooms/admin/{room}");
    assert_eq!(yuni.get(&app, &room_path).await.status, 200);
    assert_eq!(main.get(&app, &room_path).await.status, 404);
    assert!(
        !main
            .get(&app, "/rooms/admin")
            .await
            .body
            .contains("市川 花子")
    );

    // A form 8 for her keyed at the main office does not find her there.
    let f8m = file(&mut main, &app, "form8", &form8(&token_m, &team)).await;
    let r = main
        .post(
            &app,
            &format!("{f8m}/approval"),
            &[("csrf_token", &token_m)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("登録されていません"), "{}", r.body);

    // A professional sends forms 7 + 8 by in-system mail: the office is asked for, and the
    // one chosen gets them, in its queue and its inbox.
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let page = nurse.get(&app, "/submissions/form7_8").await;
    assert!(page.body.contains("提出先の管理者"));
    assert!(page.body.contains("管理者（由仁）（由仁町・長沼町）"));
    let token = page.csrf();
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("application_date", "2026-11-20"),
        ("reg_name", "長沼 清"),
        ("reg_kana", "ナガヌマ キヨシ"),
        ("reg_birth_date", "昭和20年1月2日"),
        ("reg_sex", "male"),
        ("reg_address", "長沼町中央1-1"),
        ("signer", "self"),
        ("consent_on", "2026-11-19"),
        ("digital_consent", "yes"),
        ("coordinator_name", "鈴木 由美"),
        ("coordinator_org", "市川訪問看護ステーション"),
        ("coordinator_phone", "047-300-0002"),
        ("member_1_action", "add"),
        ("member_1_login_id", "ns-suzuki"),
        ("member_1_name", "鈴木 由美"),
        ("member_1_role", "visiting_nursing"),
    ];
    let scan = [("attachment", "同意書.pdf", &b"%PDF-1.4\n%%EOF\n"[..])];
    let r = nurse
        .post_multipart(&app, "/submissions/form7_8", &fields, &scan)
        .await;
    assert_eq!(r.status, 422, "no office chosen");
    assert_eq!(
        r.input_value("reg_address").as_deref(),
        Some("長沼町中央1-1")
    );
    fields.push(("office", "association-nowhere"));
    let r = nurse
        .post_multipart(&app, "/submissions/form7_8", &fields, &scan)
        .await;
    assert_eq!(r.status, 422, "an office that is not configured");
    fields.pop();
    fields.push(("office", "association-yuni"));
    let r = nurse
        .post_multipart(&app, "/submissions/form7_8", &fields, &scan)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let offices: Vec<String> = applications::table
        .filter(applications::channel.eq("system_mail"))
        .select(applications::office)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(offices, ["association-yuni", "association-yuni"]);
    let subject = "【同意書および担当者届出】市川訪問看護ステーション";
    assert!(yuni.get(&app, "/mail").await.body.contains(subject));
    assert!(!main.get(&app, "/mail").await.body.contains(subject));
    // Written to directly: the composer offers the area office.
    let compose = nurse.get(&app, "/mail/new").await;
    assert!(compose.body.contains("value=\"association-yuni\""));

    // The clerk of an area office the configuration no longer lists sees nothing (rather
    // than the main office's registrants).
    let (_, gone) = t
        .account("gone-clerk")
        .role(Role::AssociationAdmin)
        .profession("clerk")
        .office("association-gone")
        .create();
    let mut stale = Browser::new();
    stale.login(&app, &t, &gone).await;
    assert_eq!(stale.get(&app, "/applications").await.status, 403);
    assert_eq!(stale.get(&app, "/admin/registrants").await.status, 403);
    assert_eq!(stale.get(&app, "/admin/statistics").await.status, 403);
    assert_eq!(
        stale
            .get(&app, &format!("/registrants/{registrant}/views"))
            .await
            .status,
        403
    );
    // Nor does the main office reach her 閲覧履歴, or start its register at her.
    assert_eq!(
        main.get(&app, &format!("/registrants/{registrant}/views"))
            .await
            .status,
        404
    );
    assert_eq!(
        yuni.get(&app, &format!("/registrants/{registrant}/views"))
            .await
            .status,
        200
    );
    let from_hers = main
        .get(&app, &format!("/admin/registrants?after={registrant}"))
        .await;
    assert!(
        from_hers.body.contains("ヤワタ タダシ"),
        "another office's id is ignored: the first page"
    );

    // The main office records a consent for someone of the same reading and birth date: a
    // registrant of its own, whose record lists none of the area office's forms.
    let f7m = file(&mut main, &app, "form7", &form7(&token_m)).await;
    let r = main
        .post(
            &app,
            &format!("{f7m}/approval"),
            &[("csrf_token", &token_m)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let theirs: i64 = registrants::table
        .filter(registrants::kana.eq("イチカワ ハナコ"))
        .filter(registrants::office.eq("association"))
        .select(registrants::id)
        .first(&mut t.conn())
        .unwrap();
    assert_ne!(theirs, registrant);
    let record = main
        .get(&app, &format!("/admin/registrants/{theirs}"))
        .await;
    assert_eq!(record.status, 200);
    assert!(record.body.contains("A-2026-"), "its own forms");
    assert!(!record.body.contains("AYUNI-"), "{}", record.body);
}
