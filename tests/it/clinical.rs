//! The clinical modules through HTTP: feature switches (tabs gone, routes refused), vitals
//! entered, refused with a reason and the input kept, graphed and tabled, withdrawn; 療養のポイント
//! ranges marking values and telling the named members without patient data; 患者情報 versions
//! with history and a refused stale save.

use crate::common::{Browser, TestApp, key_of};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::{room_documents, vitals};

fn vital_count(t: &TestApp, room: i64) -> i64 {
    vitals::table
        .filter(vitals::room_id.eq(room))
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn vitals_are_checked_graphed_and_out_of_range_values_alert_the_named_members() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let nurse = t.user_id("ns-suzuki");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;

    // 療養のポイント: a range for 体温 and SpO2, the nurse to be told.
    let edit = doctor
        .get(&app, &format!("/rooms/{room}/care-points/edit"))
        .await;
    assert_eq!(edit.status, 200);
    let token = edit.csrf();
    let nurse_id = nurse.to_string();
    let points = [
        ("csrf_token", token.as_str()),
        ("base", ""),
        ("observation", "むくみと呼吸の様子"),
        ("report_when", "37.5℃以上の発熱が続くとき"),
        ("temperature_high", "37.5"),
        ("spo2_low", "93"),
        ("spo2_high", "92"),
        ("recipient", nurse_id.as_str()),
    ];
    // A high below the low is refused next to the field, the typed values kept.
    let r = doctor
        .post(&app, &format!("/rooms/{room}/care-points"), &points)
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("上限は下限より大きい値"));
    assert!(r.body.contains("むくみと呼吸の様子"));
    let mut points = points.to_vec();
    points.retain(|(k, _)| *k != "spo2_high");
    let r = doctor
        .post(&app, &format!("/rooms/{room}/care-points"), &points)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = doctor
        .get(&app, &format!("/rooms/{room}/care-points"))
        .await;
    assert!(page.body.contains("37.5 ℃以下"), "{}", page.body);
    assert!(page.body.contains("鈴木"));

    // An entry of several measures; 38.2 ℃ is outside the range.
    let page = doctor.get(&app, &format!("/rooms/{room}/vitals")).await;
    assert_eq!(page.status, 200);
    let key = key_of(&page.body);
    let token = page.csrf();
    let entry = [
        ("csrf_token", token.as_str()),
        ("key", key.as_str()),
        ("measured_on", "令和8年11月20日"),
        ("measured_time", "8:30"),
        ("temperature", "38.2"),
        ("pulse", "88"),
        ("systolic", "132"),
        ("diastolic", "84"),
        ("spo2", "95"),
    ];
    let r = doctor
        .post(&app, &format!("/rooms/{room}/vitals"), &entry)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The same form again (a double click, an offline entry replayed): one record.
    let again = doctor
        .post(&app, &format!("/rooms/{room}/vitals"), &entry)
        .await;
    assert_eq!(again.status, 303);
    assert_eq!(again.location(), r.location());
    assert_eq!(vital_count(&t, room), 1);
    let (temp, alerted): (Option<i32>, String) = vitals::table
        .filter(vitals::room_id.eq(room))
        .select((vitals::temperature, vitals::alerted))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!((temp, alerted.as_str()), (Some(382), "temperature"));

    // The nurse is told, once, without the patient's name or the value.
    let alert = "基準範囲を外れたバイタル";
    let mails: Vec<_> = t
        .mails_to("ns-suzuki")
        .into_iter()
        .filter(|m| m.subject.contains(alert))
        .collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].subject.contains(&format!("R-{room:06}")));
    assert!(!mails[0].says("八幡") && !mails[0].says("38.2"));
    assert!(mails[0].links_to(&format!("/rooms/{room}/vitals")));
    assert_eq!(
        t.mails()
            .iter()
            .filter(|m| m.subject.contains(alert))
            .count(),
        1,
        "only the member named in 療養のポイント"
    );

    // Graph and table: the value marked outside, the range shaded.
    let page = doctor
        .get(&app, &format!("/rooms/{room}/vitals?days=30"))
        .await;
    assert!(page.body.contains("id=\"graph-temperature-title\""));
    assert!(page.body.contains("graph__band"));
    assert!(page.body.contains("graph__out"));
    assert!(page.body.contains("cell--outside"));
    assert!(page.body.contains("132/84"));
    assert!(page.body.contains("<svg"));

    // Bad input: a clear message next to the field, the input kept, nothing stored.
    let key2 = key_of(&page.body);
    let bad = |field: &'static str, value: &'static str| {
        let mut f = vec![
            ("csrf_token", token.clone()),
            ("key", key2.clone()),
            ("measured_on", "2026-11-20".to_string()),
            ("measured_time", "08:45".to_string()),
            ("pulse", "80".to_string()),
        ];
        f.retain(|(k, _)| *k != field);
        f.push((field, value.to_string()));
        f
    };
    for (field, value, message) in [
        ("temperature", "36,5", "小数点は「,」ではなく「.」"),
        ("pulse", "300", "20〜250の範囲で"),
        ("pulse", "３００", "20〜250の範囲で"),
        ("spo2", "96.5", "整数で"),
        ("measured_on", "平成31年5月1日", "令和元年5月1日"),
        ("measured_on", "2026-02-30", "存在しません"),
        ("measured_time", "25:10", "時刻として読めません"),
    ] {
        let fields = bad(field, value);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = doctor
            .post(&app, &format!("/rooms/{room}/vitals"), &fields)
            .await;
        assert_eq!(r.status, 422, "{field}={value}");
        assert!(r.body.contains(message), "{field}={value}: {message}");
        assert!(
            r.body.contains(&format!("value=\"{value}\"")),
            "{field}={value} kept"
        );
    }
    let fields = [
        ("csrf_token", token.as_str()),
        ("key", key2.as_str()),
        ("measured_on", "2026-11-20"),
        ("measured_time", "08:45"),
        ("systolic", "80"),
        ("diastolic", "95"),
    ];
    let r = doctor
        .post(&app, &format!("/rooms/{room}/vitals"), &fields)
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("血圧の下（拡張期）は上（収縮期）より小さい値")
    );
    assert_eq!(vital_count(&t, room), 1, "no partial record");

    // Its writer withdraws it with a reason; it stays, struck through.
    let id: i64 = vitals::table
        .filter(vitals::room_id.eq(room))
        .select(vitals::id)
        .first(&mut t.conn())
        .unwrap();
    let mut nurse_b = Browser::new();
    nurse_b.login(&app, &t, "ns-suzuki").await;
    let nurse_token = nurse_b.token(&app).await;
    let r = nurse_b
        .post(
            &app,
            &format!("/rooms/{room}/vitals/{id}/withdrawal"),
            &[("csrf_token", nurse_token.as_str()), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status, 404, "only its writer withdraws an entry");
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/vitals/{id}/withdrawal"),
            &[
                ("csrf_token", token.as_str()),
                ("reason", "別の方の値を入力した"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = doctor
        .get(&app, &format!("/rooms/{room}/vitals?days=30"))
        .await;
    assert!(page.body.contains("row--withdrawn"));
    assert!(page.body.contains("別の方の値を入力した"));
    assert!(
        !page.body.contains("graph-temperature-title"),
        "a withdrawn value is not drawn"
    );
}

#[actix_web::test]
async fn a_switched_off_feature_is_gone_from_the_room_and_its_routes_refuse() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let ip_room = t.room_named("病診連携の部屋");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    assert!(
        page.body
            .contains(&format!("href=\"/rooms/{room}/vitals\""))
    );
    assert!(
        page.body
            .contains(&format!("href=\"/rooms/{room}/patient\""))
    );

    // Seed 002: an inter-professional room has the 連絡帳 (and the calendar), no clinical tabs.
    let page = doctor.get(&app, &format!("/rooms/{ip_room}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(&format!("/rooms/{ip_room}/vitals")));
    assert_eq!(
        doctor
            .get(&app, &format!("/rooms/{ip_room}/vitals"))
            .await
            .status,
        404
    );
    assert_eq!(
        doctor
            .get(&app, &format!("/rooms/{ip_room}/patient"))
            .await
            .status,
        404
    );

    // The association (which administers patient rooms) switches バイタル and 連絡帳 off.
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "assoc-admin").await;
    let admin = clerk.get(&app, &format!("/rooms/admin/{room}")).await;
    assert!(admin.body.contains("部屋の機能"));
    let token = admin.csrf();
    let r = clerk
        .post(
            &app,
            &format!("/rooms/admin/{room}/features"),
            &[
                ("csrf_token", token.as_str()),
                ("feature", "care_points"),
                ("feature", "patient_info"),
                ("feature", "medication"),
                ("feature", "web_meeting"),
                ("feature", "calendar"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let admin = clerk.get(&app, r.location()).await;
    assert!(admin.body.contains("部屋の機能を保存しました"));
    assert!(
        t.audit_actions()
            .iter()
            .any(|(a, r, who)| a == "room.features" && r == "success" && who == "assoc-admin")
    );
    // The city does not administer patient rooms.
    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    let city_token = city.token(&app).await;
    let r = city
        .post(
            &app,
            &format!("/rooms/admin/{room}/features"),
            &[("csrf_token", city_token.as_str()), ("feature", "vitals")],
        )
        .await;
    assert_eq!(r.status, 404);

    // The room now opens on its first remaining tab; the vitals are gone and refuse.
    let r = doctor.get(&app, &format!("/rooms/{room}")).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), format!("/rooms/{room}/care-points"));
    let page = doctor.get(&app, r.location()).await;
    assert!(!page.body.contains(&format!("/rooms/{room}/vitals")));
    assert_eq!(
        doctor
            .get(&app, &format!("/rooms/{room}/vitals"))
            .await
            .status,
        404
    );
    let token = page.csrf();
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/vitals"),
            &[
                ("csrf_token", token.as_str()),
                ("key", "0123456789abcdef0123"),
                ("measured_on", "2026-11-20"),
                ("measured_time", "08:00"),
                ("pulse", "70"),
            ],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/posts"),
            &[("csrf_token", token.as_str()), ("subject", "件名")],
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(vital_count(&t, room), 0);
}

#[actix_web::test]
async fn patient_information_keeps_every_version_and_refuses_a_stale_save() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;

    // Before anyone writes, the page shows the consent form's record, and the care team.
    let page = doctor.get(&app, &format!("/rooms/{room}/patient")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("同意書（様式第7号）で届いた内容です"));
    assert!(
        page.body.contains("鈴木"),
        "the care team lists the members"
    );
    let form = doctor
        .get(&app, &format!("/rooms/{room}/patient/edit"))
        .await;
    assert_eq!(form.input_value("name").as_deref(), Some("八幡 正"));
    let token = form.csrf();
    let nurse_form = nurse
        .get(&app, &format!("/rooms/{room}/patient/edit"))
        .await;
    let nurse_token = nurse_form.csrf();

    // A date that does not exist is refused, the input kept, nothing stored.
    let mut fields = vec![
        ("csrf_token", token.clone()),
        ("base", String::new()),
        ("name", "八幡 正".to_string()),
        ("kana", "ヤワタ タダシ".to_string()),
        ("birth_date", "平成31年5月1日".to_string()),
        ("care_level", "care2".to_string()),
        ("phone", "047-333-1111".to_string()),
        ("family_1_name", "八幡 花子".to_string()),
        ("family_1_relationship", "長女".to_string()),
        ("family_1_phone", "090-1111-2222".to_string()),
        ("family_1_key_person", "yes".to_string()),
        ("service_1_name", "訪問介護".to_string()),
        ("service_1_provider", "市川ヘルパーステーション".to_string()),
        ("service_1_frequency", "週3回".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = doctor
        .post(&app, &format!("/rooms/{room}/patient"), &pairs)
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("令和元年5月1日"));
    assert!(r.body.contains("value=\"八幡 花子\""));
    let count = || -> i64 {
        room_documents::table
            .filter(room_documents::room_id.eq(room))
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    assert_eq!(count(), 0);

    fields[4].1 = "昭和15年3月1日".to_string();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = doctor
        .post(&app, &format!("/rooms/{room}/patient"), &pairs)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = doctor.get(&app, &format!("/rooms/{room}/patient")).await;
    assert!(page.body.contains("1940/03/01（金）"));
    assert!(page.body.contains("昭和15年3月1日"));
    assert!(page.body.contains("八幡 花子（長女）"));
    assert!(page.body.contains("要介護2"));
    assert!(page.body.contains("訪問介護"));

    // The nurse's form was opened before the doctor saved: her save is refused, her input kept.
    let r = nurse
        .post(
            &app,
            &format!("/rooms/{room}/patient"),
            &[
                ("csrf_token", nurse_token.as_str()),
                ("base", ""),
                ("name", "八幡 正"),
                ("phone", "047-999-0000"),
            ],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("先に更新しました"));
    assert!(r.body.contains("value=\"047-999-0000\""));
    // Saving again from that form is a deliberate choice, and makes a second version.
    let base = r.input_value("base").unwrap();
    let r = nurse
        .post(
            &app,
            &format!("/rooms/{room}/patient"),
            &[
                ("csrf_token", nurse_token.as_str()),
                ("base", base.as_str()),
                ("name", "八幡 正"),
                ("kana", "ヤワタ タダシ"),
                ("birth_date", "1940-03-01"),
                ("care_level", "care2"),
                ("phone", "047-999-0000"),
                ("family_1_name", "八幡 花子"),
                ("family_1_relationship", "長女"),
                ("family_1_phone", "090-1111-2222"),
                ("family_1_key_person", "yes"),
                ("service_1_name", "訪問介護"),
                ("service_1_provider", "市川ヘルパーステーション"),
                ("service_1_frequency", "週3回"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(count(), 2);
    let page = doctor.get(&app, &format!("/rooms/{room}/patient")).await;
    assert!(page.body.contains("変更の履歴"));
    assert!(page.body.contains("変更：電話番号"), "{}", page.body);
    assert!(page.body.contains("047-999-0000"));
    // Saving an unchanged form adds no version.
    let form = nurse
        .get(&app, &format!("/rooms/{room}/patient/edit"))
        .await;
    let base = form.input_value("base").unwrap();
    let mut same: Vec<(String, String)> = vec![
        ("csrf_token".into(), nurse_token.clone()),
        ("base".into(), base),
    ];
    for name in [
        "name",
        "kana",
        "birth_date",
        "phone",
        "family_1_name",
        "family_1_relationship",
        "family_1_phone",
        "service_1_name",
        "service_1_provider",
        "service_1_frequency",
    ] {
        same.push((name.into(), form.input_value(name).unwrap_or_default()));
    }
    same.push(("family_1_key_person".into(), "yes".into()));
    same.push(("care_level".into(), "care2".into()));
    let pairs: Vec<(&str, &str)> = same.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = nurse
        .post(&app, &format!("/rooms/{room}/patient"), &pairs)
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(count(), 2);
}

#[actix_web::test]
async fn prescriptions_show_what_is_taken_now_and_keep_their_history() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut pharmacist = Browser::new();
    pharmacist.login(&app, &t, "ph-sato").await;
    let page = pharmacist
        .get(&app, &format!("/rooms/{room}/medication"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("服用中の薬は登録されていません"));
    let token = page.csrf();
    let key = key_of(&page.body);
    let base = vec![
        ("csrf_token", token.clone()),
        ("key", key.clone()),
        ("prescribed_on", "令和8年11月18日".to_string()),
        ("institution", "田中内科クリニック".to_string()),
        ("prescriber", "田中 一郎".to_string()),
        ("line_1_drug", "アムロジピン錠5mg".to_string()),
        ("line_1_dose", "1回1錠".to_string()),
        ("line_1_directions", "1日1回 朝食後".to_string()),
        // Typed on a Japanese keyboard: read as 30.
        ("line_1_days", "３０".to_string()),
        ("line_2_drug", "カロナール錠200".to_string()),
        ("line_2_dose", "1回2錠".to_string()),
        ("line_2_directions", "発熱時".to_string()),
        ("line_2_days", "5".to_string()),
        ("notes", "残薬あり".to_string()),
    ];
    let count = || -> i64 {
        renkei::schema::prescriptions::table
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    for (field, value, message) in [
        ("line_1_days", "0", "1〜365の数字"),
        ("line_1_days", "三十", "1〜365の数字"),
        ("prescribed_on", "2026-12-01", "処方日が未来"),
        ("prescribed_on", "2026-02-30", "存在しません"),
        ("institution", "", "入力してください"),
    ] {
        let mut f = base.clone();
        f.retain(|(k, _)| *k != field);
        f.push((field, value.to_string()));
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = pharmacist
            .post(&app, &format!("/rooms/{room}/medication"), &pairs)
            .await;
        assert_eq!(r.status, 422, "{field}={value}");
        assert!(r.body.contains(message), "{field}={value}: {message}");
        assert!(r.body.contains("value=\"アムロジピン錠5mg\""), "input kept");
    }
    assert_eq!(count(), 0);
    let pairs: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = pharmacist
        .post(&app, &format!("/rooms/{room}/medication"), &pairs)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r2 = pharmacist
        .post(&app, &format!("/rooms/{room}/medication"), &pairs)
        .await;
    assert_eq!(
        r2.location(),
        r.location(),
        "a replay is the same prescription"
    );
    assert_eq!(count(), 1);

    // Both drugs are taken now; ten days later only the 30-day one.
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}/medication")).await;
    let current = page.body.split("処方の履歴").next().unwrap().to_string();
    assert!(current.contains("アムロジピン錠5mg") && current.contains("カロナール錠200"));
    assert!(
        current.contains("2026/12/17（木）"),
        "30 days from 11/18 end on 12/17"
    );
    t.clock.advance(chrono::TimeDelta::days(10));
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}/medication")).await;
    let current = page.body.split("処方の履歴").next().unwrap().to_string();
    assert!(current.contains("アムロジピン錠5mg"));
    assert!(!current.contains("カロナール錠200"));
    assert!(
        page.body.contains("カロナール錠200"),
        "the history keeps it"
    );
    assert!(page.body.contains("残薬あり"));
}
