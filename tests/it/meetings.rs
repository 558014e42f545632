//! The room calendar through HTTP: an event with participants and a web-meeting URL, invitation
//! mails with an .ics attachment on create, change and cancel (no patient data), month / week /
//! list views and "my calendar"; bad input (an end before the start, a meeting URL that is not
//! http(s), a date that does not exist) refused with the input kept; finding a date: candidates,
//! ○/△/× answers, the organiser fixes one and the event and invitations follow.

use crate::common::{Browser, Mail, TestApp, key_of};
use actix_web::test::init_service;
use diesel::prelude::*;
use renkei::schema::events;

/// The mails carrying an invitation to `event` (created, changed or cancelled), oldest first.
fn invitations(mails: Vec<Mail>, event: i64) -> Vec<Mail> {
    mails
        .into_iter()
        .filter(|m| m.invitation_of(event).is_some())
        .collect()
}

#[actix_web::test]
async fn an_event_invites_its_participants_and_follows_changes_and_cancellation() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let nurse = t.user_id("ns-suzuki");
    let pharmacist = t.user_id("ph-sato");
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;

    let form = doctor
        .get(&app, &format!("/rooms/{room}/calendar/new?date=2026-11-24"))
        .await;
    assert_eq!(form.status, 200);
    assert_eq!(form.input_value("date").as_deref(), Some("2026-11-24"));
    let token = form.csrf();
    let key = key_of(&form.body);
    let (nurse_s, pharmacist_s) = (nurse.to_string(), pharmacist.to_string());
    let good: Vec<(&str, &str)> = vec![
        ("csrf_token", &token),
        ("key", &key),
        ("kind", "care_conference"),
        ("title", "退院後の方針"),
        ("date", "令和8年11月24日"),
        ("start", "14:00"),
        ("end", "15:00"),
        ("place", "自宅"),
        ("meeting_url", "https://meet.example.jp/abc"),
        ("participant", &nurse_s),
        ("participant", &pharmacist_s),
    ];
    for (field, value, message) in [
        ("end", "13:30", "終了時刻は開始時刻より後に"),
        (
            "meeting_url",
            "javascript:alert(1)",
            "http:// または https://",
        ),
        (
            "meeting_url",
            "ftp://meet.example.jp/x",
            "http:// または https://",
        ),
        // The check once passed these and stored the raw text: the lines after the address
        // reached every invitation mail.
        (
            "meeting_url",
            "https://meet.example.jp/abc\n八幡 正 様 血圧 180/100\nこちらから再ログイン: https://evil.example",
            "http:// または https://",
        ),
        (
            "meeting_url",
            "https://meet.example.jp/abc 八幡 正",
            "http:// または https://",
        ),
        ("date", "2026-02-30", "存在しません"),
        ("date", "平成31年5月1日", "令和元年5月1日"),
    ] {
        let mut f = good.clone();
        f.retain(|(k, _)| *k != field);
        f.push((field, value));
        let r = doctor
            .post(&app, &format!("/rooms/{room}/calendar"), &f)
            .await;
        assert_eq!(r.status, 422, "{field}={value}");
        assert!(r.body.contains(message), "{field}={value}: {message}");
        assert!(
            r.body
                .contains(&format!("value=\"{}\"", value.replace('"', "&quot;"))),
            "{field}={value} kept"
        );
    }
    let none: i64 = events::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(none, 0);

    let r = doctor
        .post(&app, &format!("/rooms/{room}/calendar"), &good)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let again = doctor
        .post(&app, &format!("/rooms/{room}/calendar"), &good)
        .await;
    assert_eq!(
        again.location(),
        r.location(),
        "a double submit is one event"
    );
    let event: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();

    // Each participant but the organiser gets an invitation with an .ics; no patient data.
    let invites = invitations(t.mails(), event);
    assert_eq!(invites.len(), 2, "{invites:?}");
    for login in ["ns-suzuki", "ph-sato"] {
        assert_eq!(
            invitations(t.mails_to(login), event).len(),
            1,
            "{login} is invited once"
        );
    }
    let ics = invites[0].invitation_of(event).unwrap();
    assert_eq!(ics.method, "REQUEST");
    assert_eq!(ics.sequence, 0);
    assert_eq!(
        ics.starts,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(5, 0, 0)
            .unwrap(),
        "14:00 in Japan is 05:00 UTC"
    );
    for m in &invites {
        assert!(m.subject.contains("予定のお知らせ"), "{m:?}");
        assert!(!m.says("八幡") && !m.says("自宅"), "{m:?}");
        assert!(m.body.contains("https://meet.example.jp/abc"));
        assert!(m.subject.contains(&format!("R-{room:06}")));
    }

    // Month, week and list; my calendar marks what I take part in.
    let month = doctor
        .get(
            &app,
            &format!("/rooms/{room}/calendar?view=month&date=2026-11-01"),
        )
        .await;
    assert_eq!(month.status, 200);
    assert!(month.body.contains("2026年11月"));
    assert!(month.body.contains("サービス担当者会議：退院後の方針"));
    assert!(month.body.contains("hx-get="), "htmx navigation");
    assert!(
        month.body.contains("view=month&amp;date=2026-12-01"),
        "the next month"
    );
    let week = doctor
        .get(
            &app,
            &format!("/rooms/{room}/calendar?view=week&date=2026-11-24"),
        )
        .await;
    assert!(week.body.contains("14:00–15:00"));
    let list = doctor
        .get(
            &app,
            &format!("/rooms/{room}/calendar?view=list&date=2026-11-20"),
        )
        .await;
    assert!(list.body.contains("退院後の方針"));
    let mut nurse_b = Browser::new();
    nurse_b.login(&app, &t, "ns-suzuki").await;
    let mine = nurse_b
        .get(&app, "/calendar?view=list&date=2026-11-20")
        .await;
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains("event--mine"));
    assert!(mine.body.contains("八幡 正"), "my calendar names the room");
    // The .ics of the event page.
    let file = nurse_b
        .get(&app, &format!("/rooms/{room}/calendar/{event}/ics"))
        .await;
    assert_eq!(file.status, 200);
    assert!(file.body.contains("BEGIN:VEVENT") && file.body.contains("DTSTART:20261124T050000Z"));
    // Only the organiser changes it.
    let nurse_token = nurse_b.token(&app).await;
    let r = nurse_b
        .post(
            &app,
            &format!("/rooms/{room}/calendar/{event}/cancellation"),
            &[("csrf_token", nurse_token.as_str())],
        )
        .await;
    assert_eq!(r.status, 404);

    // A change (the pharmacist taken off): the nurse gets the change, the pharmacist a cancel.
    let mut changed = good.clone();
    changed.retain(|(k, v)| {
        *k != "start" && *k != "end" && !(*k == "participant" && *v == pharmacist_s)
    });
    changed.push(("start", "15:00"));
    changed.push(("end", "16:00"));
    let r = doctor
        .post(&app, &format!("/rooms/{room}/calendar/{event}"), &changed)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let changes: Vec<_> = invitations(t.mails(), event)
        .into_iter()
        .filter(|m| m.subject.contains("予定が変更されました"))
        .collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(invitations(t.mails_to("ns-suzuki"), event)[1], changes[0]);
    let ics = changes[0].invitation_of(event).unwrap();
    assert_eq!((ics.method.as_str(), ics.sequence), ("REQUEST", 1));
    let dropped: Vec<_> = invitations(t.mails_to("ph-sato"), event)
        .into_iter()
        .filter(|m| m.invitation_of(event).unwrap().sequence == 1)
        .collect();
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert!(dropped[0].invitation_of(event).unwrap().is_cancel());
    assert!(dropped[0].subject.contains("予定が取り消されました"));

    // Cancelled: the participants are told; the event stays, marked.
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/calendar/{event}/cancellation"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(r.status, 303);
    let cancels: Vec<_> = invitations(t.mails(), event)
        .into_iter()
        .filter(|m| m.invitation_of(event).unwrap().sequence == 2)
        .collect();
    assert_eq!(cancels.len(), 1, "the remaining participant: {cancels:?}");
    assert!(cancels[0].invitation_of(event).unwrap().is_cancel());
    assert!(cancels[0].subject.contains("予定が取り消されました"));
    assert_eq!(invitations(t.mails_to("ns-suzuki"), event)[2], cancels[0]);
    let page = doctor
        .get(&app, &format!("/rooms/{room}/calendar/{event}"))
        .await;
    assert!(page.body.contains("取り消されました"));
}

#[actix_web::test]
async fn members_find_a_date_and_the_fixed_one_becomes_an_event() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    let mut cm = Browser::new();
    cm.login(&app, &t, "cm-takahashi").await;
    let form = cm.get(&app, &format!("/rooms/{room}/polls/new")).await;
    assert_eq!(form.status, 200);
    let token = form.csrf();
    let key = key_of(&form.body);
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("key", key.as_str()),
        ("kind", "care_conference"),
        ("option_1_date", "2026-11-26"),
        ("option_1_start", "13:00"),
        ("option_1_end", "14:00"),
        ("option_2_date", "2026-11-27"),
        ("option_2_start", "16:00"),
        ("option_2_end", "15:00"),
    ];
    let r = cm
        .post(&app, &format!("/rooms/{room}/polls"), &fields)
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("終了時刻は開始時刻より後に"));
    fields.retain(|(k, _)| *k != "option_2_end");
    fields.push(("option_2_end", "17:00"));
    let r = cm
        .post(&app, &format!("/rooms/{room}/polls"), &fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let poll_path = r.location().to_string();
    // The other members are asked to answer (doctor, nurse, pharmacist), without patient data.
    let asked: Vec<_> = t
        .mails()
        .into_iter()
        .filter(|m| m.subject.contains("日程調整の回答をお願いします"))
        .collect();
    assert_eq!(asked.len(), 3, "{asked:?}");
    assert!(
        asked
            .iter()
            .all(|m| m.links_to(&poll_path) && !m.says("八幡"))
    );
    for login in ["dr-tanaka", "ns-suzuki", "ph-sato"] {
        assert_eq!(
            t.mails_to(login)
                .iter()
                .filter(|m| m.links_to(&poll_path))
                .count(),
            1,
            "{login} is asked"
        );
    }

    // The doctor answers × to the first and ○ to the second; the nurse △ to the second.
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let cal = doctor.get(&app, &format!("/rooms/{room}/calendar")).await;
    assert!(cal.body.contains("未回答"));
    let page = doctor.get(&app, &poll_path).await;
    let options: Vec<String> = page
        .body
        .split("name=\"option_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(options.len(), 6, "three choices for each of two candidates");
    let (first, second) = (options[0].clone(), options[3].clone());
    let dt = page.csrf();
    let r = doctor
        .post(
            &app,
            &format!("{poll_path}/answers"),
            &[
                ("csrf_token", dt.as_str()),
                (format!("option_{first}").as_str(), "no"),
                (format!("option_{second}").as_str(), "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let nt = nurse.token(&app).await;
    let r = nurse
        .post(
            &app,
            &format!("{poll_path}/answers"),
            &[
                ("csrf_token", nt.as_str()),
                (format!("option_{second}").as_str(), "maybe"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = cm.get(&app, &poll_path).await;
    assert!(page.body.contains("○") && page.body.contains("△") && page.body.contains("×"));
    // Only the organiser fixes it.
    let r = doctor
        .post(
            &app,
            &format!("{poll_path}/decision"),
            &[("csrf_token", dt.as_str()), ("option", second.as_str())],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = cm
        .post(
            &app,
            &format!("{poll_path}/decision"),
            &[("csrf_token", token.as_str()), ("option", second.as_str())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let event_path = r.location().to_string();
    let event: i64 = event_path.rsplit('/').next().unwrap().parse().unwrap();
    let page = cm.get(&app, &event_path).await;
    assert!(
        page.body.contains("2026/11/27（金） 16:00–17:00"),
        "{}",
        page.body
    );
    let invites = invitations(t.mails(), event);
    // Every member but the organiser who did not answer ×: all members here.
    assert_eq!(invites.len(), 3, "doctor, nurse, pharmacist: {invites:?}");
    for m in &invites {
        assert!(m.subject.contains("予定のお知らせ"), "{m:?}");
        assert_eq!(m.invitation_of(event).unwrap().method, "REQUEST");
    }
    let poll = cm.get(&app, &poll_path).await;
    assert!(poll.body.contains("日程は決まりました"));
    assert!(
        !poll.body.contains("/decision"),
        "a fixed poll cannot be fixed again"
    );
}
