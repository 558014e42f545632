//! Thousands of random submissions of each paper form: odd Unicode, control characters,
//! full-width digits, impossible dates, huge and empty values, unknown fields. The answer is
//! always a filed application (303) or the form again with messages (422): never a 5xx, never
//! a panic.

use crate::common::{Browser, Rng, TestApp};
use actix_web::test::init_service;

/// Random form input: pieces of odd, valid and hostile text.
fn value(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "",
        " ",
        "　",
        "あ",
        "ア",
        "ｱ",
        "漢字",
        "２０２６",
        "2026-02-30",
        "令和8年11月21日",
        "平成31年5月1日",
        "昭和64年1月8日",
        "R8.11.21",
        "元年",
        "272-0021",
        "２７２－００２１",
        "047-712-8521",
        "０４７（７１２）８５２１",
        "a@b.jp",
        "@",
        "x@y",
        "\u{0000}",
        "\u{0007}",
        "\u{202E}",
        "\u{FFFF}",
        "😀",
        "<script>",
        "' OR 1=1 --",
        "%00",
        "clinic",
        "doctor",
        "pc",
        "yes",
        "other",
        "retirement",
        "post",
        "counter",
        "online",
        "system_mail",
        "\n",
        "\r\n",
        "ー",
        "－",
        "9999999999999999999999",
        "-1",
        "0",
    ];
    let n = rng.next() % 4;
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(PIECES));
    }
    if rng.next().is_multiple_of(50) {
        s.push_str(&"長".repeat((rng.next() % 600) as usize));
    }
    s
}

const FORM4_FIELDS: &[&str] = &[
    "channel",
    "received_on",
    "application_date",
    "org_name",
    "org_kana",
    "org_kind",
    "org_postcode",
    "org_address",
    "org_phone",
    "org_fax",
    "org_representative",
    "manager_name",
    "manager_title",
    "manager_phone",
    "manager_email",
    "applicant_1_name",
    "applicant_1_kana",
    "applicant_1_profession",
    "applicant_1_email",
    "applicant_1_device",
    "applicant_1_work_device",
    "applicant_2_name",
    "applicant_29_email",
    "applicant_999_name",
    "applicant_x_name",
    "notice_to",
    "notice_postcode",
    "notice_address",
    "pledge_1",
    "pledge_2",
    "pledge_3",
    "pledge_4",
    "pledge_5",
    "unknown",
];
const FORM6_FIELDS: &[&str] = &[
    "channel",
    "received_on",
    "application_date",
    "org_name",
    "account_1_login_id",
    "account_1_name",
    "account_7_login_id",
    "account_-1_name",
    "reason",
    "reason_detail",
    "last_day",
    "unknown",
];

const FORM4_VALID: &[(&str, &str)] = &[
    ("channel", "post"),
    ("received_on", "2026-11-20"),
    ("application_date", "2026-11-18"),
    ("org_name", "やわた在宅クリニック"),
    ("org_kana", "ヤワタザイタククリニック"),
    ("org_kind", "clinic"),
    ("org_postcode", "272-0021"),
    ("org_address", "市川市八幡4-5-6"),
    ("org_phone", "047-300-1234"),
    ("org_representative", "八幡 太郎"),
    ("manager_name", "八幡 花子"),
    ("manager_phone", "047-300-1234"),
    ("manager_email", "jimu@yawata.example.jp"),
    ("applicant_1_name", "八幡 太郎"),
    ("applicant_1_kana", "ヤワタ タロウ"),
    ("applicant_1_profession", "doctor"),
    ("applicant_1_email", "taro@yawata.example.jp"),
    ("applicant_1_device", "pc"),
    ("applicant_1_work_device", "yes"),
    ("notice_to", "organisation"),
    ("pledge_1", "yes"),
    ("pledge_2", "yes"),
    ("pledge_3", "yes"),
    ("pledge_4", "yes"),
    ("pledge_5", "yes"),
];
const FORM6_VALID: &[(&str, &str)] = &[
    ("channel", "post"),
    ("received_on", "2026-11-20"),
    ("application_date", "2026-11-20"),
    ("org_name", "田中内科クリニック"),
    ("account_1_login_id", "dr-tanaka"),
    ("account_1_name", "田中 一郎"),
    ("reason", "retirement"),
    ("last_day", "2026-11-30"),
];

const FORM5_FIELDS: &[&str] = &[
    "channel",
    "received_on",
    "application_date",
    "org_name",
    "change_1_target",
    "change_1_field",
    "change_1_login_id",
    "change_1_old",
    "change_1_new",
    "change_2_target",
    "change_2_field",
    "change_2_new",
    "change_30_new",
    "pledge_1",
    "pledge_5",
    "unknown",
];
const FORM5_VALID: &[(&str, &str)] = &[
    ("channel", "post"),
    ("received_on", "2026-11-20"),
    ("application_date", "2026-11-19"),
    ("org_name", "市川訪問看護ステーション"),
    ("change_1_target", "organisation"),
    ("change_1_field", "phone"),
    ("change_1_new", "047-111-2222"),
    ("change_2_target", "user"),
    ("change_2_field", "kana"),
    ("change_2_login_id", "ns-suzuki"),
    ("change_2_new", "スズキ ユミ"),
    ("pledge_1", "yes"),
    ("pledge_2", "yes"),
    ("pledge_3", "yes"),
    ("pledge_4", "yes"),
    ("pledge_5", "yes"),
];
const REGISTRANT_FIELDS: &[&str] = &[
    "channel",
    "received_on",
    "application_date",
    "reg_name",
    "reg_kana",
    "reg_birth_date",
    "unknown",
];
const FORM7_FIELDS: &[&str] = &[
    "reg_sex",
    "reg_postcode",
    "reg_address",
    "reg_phone",
    "signer",
    "proxy_name",
    "proxy_relationship",
    "consent_on",
    "digital_consent",
];
const FORM7_VALID: &[(&str, &str)] = &[
    ("channel", "counter"),
    ("received_on", "2026-11-20"),
    ("application_date", "2026-11-19"),
    ("reg_name", "市川 花子"),
    ("reg_kana", "イチカワ ハナコ"),
    ("reg_birth_date", "昭和15年4月1日"),
    ("reg_sex", "female"),
    ("reg_address", "市川市八幡1-1-1"),
    ("signer", "self"),
    ("consent_on", "2026-11-18"),
];
const FORM8_FIELDS: &[&str] = &[
    "coordinator_name",
    "coordinator_org",
    "coordinator_phone",
    "member_1_action",
    "member_1_login_id",
    "member_1_name",
    "member_1_role",
    "member_2_action",
    "member_2_login_id",
    "member_2_name",
    "member_2_role",
];
const FORM8_VALID: &[(&str, &str)] = &[
    ("channel", "post"),
    ("received_on", "2026-11-20"),
    ("application_date", "2026-11-19"),
    ("reg_name", "八幡 正"),
    ("reg_kana", "ヤワタ タダシ"),
    ("reg_birth_date", "1938-05-10"),
    ("coordinator_name", "高橋 恵子"),
    ("coordinator_org", "いちかわ居宅"),
    ("coordinator_phone", "047-333-4444"),
    ("member_1_action", "remove"),
    ("member_1_login_id", "dr-tanaka"),
    ("member_1_name", "田中 一郎"),
    ("member_2_action", "add"),
    ("member_2_login_id", "pt-watanabe"),
    ("member_2_name", "渡辺 翔"),
    ("member_2_role", "rehabilitation"),
];
const FORM9_FIELDS: &[&str] = &[
    "submitter",
    "submitter_name",
    "reason",
    "reason_detail",
    "discontinued_on",
];
const FORM9_VALID: &[(&str, &str)] = &[
    ("channel", "counter"),
    ("received_on", "2026-11-20"),
    ("application_date", "2026-11-20"),
    ("reg_name", "八幡 正"),
    ("reg_kana", "ヤワタ タダシ"),
    ("reg_birth_date", "1938-05-10"),
    ("submitter", "family"),
    ("submitter_name", "八幡 花"),
    ("reason", "death"),
    ("discontinued_on", "2026-11-19"),
];

struct Spec<'a> {
    form: &'a str,
    clerk: &'a str,
    /// "/applications/new" (paper) or "/apply" (電子申請, no login)
    base: &'a str,
    fields: Vec<&'a str>,
    valid: &'a [(&'a str, &'a str)],
    rounds: usize,
    seed: u64,
}

async fn fuzz(spec: Spec<'_>) {
    let Spec {
        form,
        clerk: clerk_login,
        base,
        ref fields,
        valid,
        rounds,
        seed,
    } = spec;
    let t = TestApp::with(&[(
        "RENKEI__APPLICATIONS__ONLINE_PER_ADDRESS_PER_HOUR",
        "100000",
    )])
    .await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, clerk_login).await;
    let mut submitter = if base == "/apply" {
        Browser::new()
    } else {
        clerk.clone()
    };
    let token = submitter.get(&app, &format!("{base}/{form}")).await.csrf();
    let mut rng = Rng(seed);
    let mut filed = Vec::new();
    for round in 0..rounds {
        let mut body: Vec<(String, String)> = vec![("csrf_token".into(), token.clone())];
        if rng.next().is_multiple_of(2) {
            // A valid form with one to four fields replaced or dropped.
            let mut fields_now: Vec<(String, String)> = valid
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            for _ in 0..=(rng.next() % 4) {
                let name = rng.pick(fields).to_string();
                fields_now.retain(|(k, _)| *k != name);
                if !rng.next().is_multiple_of(3) {
                    fields_now.push((name, value(&mut rng)));
                }
            }
            body.extend(fields_now);
        } else {
            for f in fields {
                if !rng.next().is_multiple_of(5) {
                    body.push((f.to_string(), value(&mut rng)));
                }
            }
        }
        let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = submitter
            .post(&app, &format!("{base}/{form}"), &pairs)
            .await;
        assert!(
            r.status == 303 || r.status == 422 || r.status == 413,
            "{form} round {round} (seed {seed}): status {} for {body:?}",
            r.status
        );
        if r.status == 303 {
            filed.push(r.location().to_string());
        }
    }
    // Every filed application is approved: the effect either applies or is refused with a
    // message; never a 5xx.
    let ids: Vec<i64> = {
        use diesel::prelude::*;
        renkei::schema::applications::table
            .filter(renkei::schema::applications::form.eq(form))
            .select(renkei::schema::applications::id)
            .load(&mut t.conn())
            .unwrap()
    };
    let clerk_token = clerk.token(&app).await;
    let mut outcomes = std::collections::BTreeMap::new();
    for id in ids.iter().take(300) {
        let r = clerk
            .post(
                &app,
                &format!("/applications/{id}/approval"),
                &[("csrf_token", &clerk_token)],
            )
            .await;
        assert!(
            matches!(r.status, 303 | 409 | 422),
            "{form}: approving {id} gave {}: {}",
            r.status,
            r.body
        );
        *outcomes.entry(r.status).or_insert(0) += 1;
    }
    eprintln!(
        "{form} via {base}: {rounds} random submissions, {} filed, the rest refused with messages; approvals {outcomes:?}; no 5xx",
        filed.len()
    );
}

fn with(a: &[&'static str], b: &[&'static str]) -> Vec<&'static str> {
    a.iter().chain(b.iter()).copied().collect()
}

#[actix_web::test]
async fn form_4_survives_random_input() {
    fuzz(Spec {
        form: "form4",
        clerk: "city-admin",
        base: "/applications/new",
        fields: FORM4_FIELDS.to_vec(),
        valid: FORM4_VALID,
        rounds: 2000,
        seed: 0x9E37_79B9_7F4A_7C15,
    })
    .await;
}

#[actix_web::test]
async fn form_4_online_survives_random_input() {
    let valid: Vec<(&str, &str)> = FORM4_VALID
        .iter()
        .copied()
        .filter(|(k, _)| *k != "channel" && *k != "received_on")
        .collect();
    fuzz(Spec {
        form: "form4",
        clerk: "city-admin",
        base: "/apply",
        fields: FORM4_FIELDS.to_vec(),
        valid: &valid,
        rounds: 1000,
        seed: 0x2545_F491_4F6C_DD1D,
    })
    .await;
}

#[actix_web::test]
async fn form_5_survives_random_input() {
    fuzz(Spec {
        form: "form5",
        clerk: "city-admin",
        base: "/applications/new",
        fields: FORM5_FIELDS.to_vec(),
        valid: FORM5_VALID,
        rounds: 2000,
        seed: 0x5851_F42D_4C95_7F2D,
    })
    .await;
}

#[actix_web::test]
async fn form_6_survives_random_input() {
    fuzz(Spec {
        form: "form6",
        clerk: "city-admin",
        base: "/applications/new",
        fields: FORM6_FIELDS.to_vec(),
        valid: FORM6_VALID,
        rounds: 2000,
        seed: 0xD1B5_4A32_D192_ED03,
    })
    .await;
}

#[actix_web::test]
async fn form_6_online_survives_random_input() {
    let mut valid: Vec<(&str, &str)> = FORM6_VALID
        .iter()
        .copied()
        .filter(|(k, _)| *k != "channel" && *k != "received_on")
        .collect();
    valid.push(("contact_email", "jimu@example.jp"));
    fuzz(Spec {
        form: "form6",
        clerk: "city-admin",
        base: "/apply",
        fields: with(FORM6_FIELDS, &["contact_email"]),
        valid: &valid,
        rounds: 1000,
        seed: 0x1405_7B7E_F767_814F,
    })
    .await;
}

#[actix_web::test]
async fn form_7_survives_random_input() {
    fuzz(Spec {
        form: "form7",
        clerk: "assoc-admin",
        base: "/applications/new",
        fields: with(REGISTRANT_FIELDS, FORM7_FIELDS),
        valid: FORM7_VALID,
        rounds: 2000,
        seed: 0x3C6E_F372_FE94_F82B,
    })
    .await;
}

#[actix_web::test]
async fn form_8_survives_random_input() {
    fuzz(Spec {
        form: "form8",
        clerk: "assoc-admin",
        base: "/applications/new",
        fields: with(REGISTRANT_FIELDS, FORM8_FIELDS),
        valid: FORM8_VALID,
        rounds: 2000,
        seed: 0xA54F_F53A_5F1D_36F1,
    })
    .await;
}

#[actix_web::test]
async fn form_9_survives_random_input() {
    fuzz(Spec {
        form: "form9",
        clerk: "assoc-admin",
        base: "/applications/new",
        fields: with(REGISTRANT_FIELDS, FORM9_FIELDS),
        valid: FORM9_VALID,
        rounds: 2000,
        seed: 0x510E_527F_ADE6_82D1,
    })
    .await;
}
