//! Thousands of random submissions of each paper form: odd Unicode, control characters,
//! full-width digits, impossible dates, huge and empty values, unknown fields. The answer is
//! always a filed application (303) or the form again with messages (422): never a 5xx, never
//! a panic.

mod common;

use actix_web::test::init_service;
use common::{Browser, TestApp};

/// A small deterministic generator (xorshift), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[(self.next() % options.len() as u64) as usize]
    }
    fn value(&mut self) -> String {
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
        let n = self.next() % 4;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(self.pick(PIECES));
        }
        if self.next().is_multiple_of(50) {
            s.push_str(&"長".repeat((self.next() % 600) as usize));
        }
        s
    }
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

async fn fuzz(form: &str, fields: &[&str], rounds: usize, seed: u64) {
    let valid = if form == "form4" {
        FORM4_VALID
    } else {
        FORM6_VALID
    };
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let token = clerk
        .get(&app, &format!("/applications/new/{form}"))
        .await
        .csrf();
    let mut rng = Rng(seed);
    let mut filed = 0;
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
                    fields_now.push((name, rng.value()));
                }
            }
            body.extend(fields_now);
        } else {
            for f in fields {
                if !rng.next().is_multiple_of(5) {
                    body.push((f.to_string(), rng.value()));
                }
            }
        }
        let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = clerk
            .post(&app, &format!("/applications/new/{form}"), &pairs)
            .await;
        assert!(
            r.status == 303 || r.status == 422 || r.status == 413,
            "{form} round {round} (seed {seed}): status {} for {body:?}",
            r.status
        );
        if r.status == 303 {
            filed += 1;
        }
    }
    eprintln!(
        "{form}: {rounds} random submissions, {filed} filed, the rest refused with messages; no 5xx"
    );
}

#[actix_web::test]
async fn form_4_survives_random_input() {
    fuzz("form4", FORM4_FIELDS, 2000, 0x9E37_79B9_7F4A_7C15).await;
}

#[actix_web::test]
async fn form_6_survives_random_input() {
    fuzz("form6", FORM6_FIELDS, 2000, 0xD1B5_4A32_D192_ED03).await;
}
