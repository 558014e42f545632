//! Patient records never reach a log through `{:?}`: a registrant, a patient room, 患者情報 and
//! forms 7–9 print their ids and codes, never a name, a reading, an address, a phone number or a
//! birth date — as staff records (`User`) already do.

use chrono::NaiveDate;
use renkei::domain::forms::{Form7, Form8, Form9};
use renkei::models::rooms::{Registrant, Room};
use renkei::services::clinical::{PatientInfo, Person};

const NAME: &str = "八幡 正";
const KANA: &str = "ヤワタ タダシ";
const ADDRESS: &str = "市川市八幡1-1-1";
const PHONE: &str = "047-000-1234";

fn leaks(debug: &str) -> Vec<&'static str> {
    [NAME, KANA, ADDRESS, PHONE, "1940-04-01", "長女"]
        .into_iter()
        .filter(|s| debug.contains(s))
        .collect()
}

#[test]
fn patient_records_print_no_personal_data() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let born = NaiveDate::from_ymd_opt(1940, 4, 1).unwrap();
    let at = day.and_hms_opt(9, 0, 0).unwrap();
    let registrant = Registrant {
        id: 7,
        name: NAME.into(),
        kana: KANA.into(),
        birth_date: born,
        sex: "male".into(),
        postcode: "272-0021".into(),
        address: ADDRESS.into(),
        phone: PHONE.into(),
        consent_on: day,
        signer: "self".into(),
        proxy_name: String::new(),
        proxy_relationship: String::new(),
        digital_consent: true,
        status: "active".into(),
        discontinued_on: None,
        consent_application_id: Some(3),
        created_at: at,
        updated_at: at,
        office: "association".into(),
    };
    let room = Room {
        id: 12,
        kind: "patient".into(),
        registrant_id: Some(7),
        name: NAME.into(),
        purpose: String::new(),
        office: "association".into(),
        status: "open".into(),
        opened_at: at,
        closed_at: None,
        purge_after: None,
        opened_by_application: Some(4),
        closed_by_application: None,
        close_on: None,
    };
    let info = PatientInfo {
        name: NAME.into(),
        kana: KANA.into(),
        birth_date: Some(born),
        address: ADDRESS.into(),
        phone: PHONE.into(),
        family: vec![Person {
            name: "八幡 花子".into(),
            relationship: "長女".into(),
            phone: PHONE.into(),
            key_person: true,
            lives_with: false,
            note: String::new(),
        }],
        ..PatientInfo::default()
    };
    let registrant_json =
        serde_json::json!({"name": NAME, "kana": KANA, "birth_date": "1940-04-01"});
    let form7: Form7 = serde_json::from_value(serde_json::json!({
        "application_date": "2026-11-20", "registrant": registrant_json, "sex": "male",
        "postcode": "272-0021", "address": ADDRESS, "phone": PHONE, "signer": "proxy",
        "proxy_name": "八幡 花子", "proxy_relationship": "長女", "consent_on": "2026-11-20",
        "digital_consent": true
    }))
    .unwrap();
    let form8: Form8 = serde_json::from_value(serde_json::json!({
        "application_date": "2026-11-20", "registrant": registrant_json,
        "coordinator_name": "高橋 一郎", "coordinator_organisation": "居宅介護支援事業所",
        "coordinator_phone": PHONE, "members": []
    }))
    .unwrap();
    let form9: Form9 = serde_json::from_value(serde_json::json!({
        "application_date": "2026-11-20", "registrant": registrant_json, "submitter": "family",
        "submitter_name": "八幡 花子", "reason": "death", "reason_detail": ADDRESS,
        "discontinued_on": "2026-11-20"
    }))
    .unwrap();
    let printed = [
        ("Registrant", format!("{registrant:?}")),
        ("Room", format!("{room:?}")),
        ("PatientInfo", format!("{info:?}")),
        ("Form7", format!("{form7:?}")),
        ("Form8", format!("{form8:?}")),
        ("Form9", format!("{form9:?}")),
        ("RegistrantRef", format!("{:?}", form7.registrant)),
    ];
    for (what, debug) in &printed {
        assert!(
            leaks(debug).is_empty(),
            "{what} prints {:?}: {debug}",
            leaks(debug)
        );
    }
    // What is printed still tells records apart.
    assert!(printed[0].1.contains("id: 7") && printed[1].1.contains("id: 12"));
}
