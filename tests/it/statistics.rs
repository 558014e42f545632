//! The usage statistics through HTTP: a post, a sign-in and a month later are counted in the
//! month they happened (Japan months of the 年度), on the page with its charts and in both CSV
//! downloads; a 年度 that cannot be shown says so and shows this year.

use crate::common::{Browser, TestApp, key_of};
use actix_web::test::init_service;

async fn post_in<S, B>(app: &S, who: &mut Browser, room: i64, subject: &str)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let path = format!("/rooms/{room}");
    let page = who.get(app, &path).await;
    let (token, key) = (page.csrf(), key_of(&page.body));
    let fields = [
        ("csrf_token", token.as_str()),
        ("key", key.as_str()),
        ("subject", subject),
        ("body", "訪問の予定を共有します。"),
        ("to", "all"),
    ];
    let r = who
        .post_multipart(app, &format!("{path}/posts"), &fields, &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
}

/// The CSV's row for month `ym` ("2026-11") as numbers after the month, by header.
fn month_row(csv: &str, ym: &str) -> Vec<(String, String)> {
    let lines: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split(',')
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .collect();
    let row = lines
        .iter()
        .find(|r| r[0] == ym)
        .unwrap_or_else(|| panic!("no row {ym} in {csv}"));
    lines[0].iter().cloned().zip(row.iter().cloned()).collect()
}

fn figure(row: &[(String, String)], header: &str) -> i64 {
    row.iter()
        .find(|(h, _)| h == header)
        .unwrap_or_else(|| panic!("no column {header}"))
        .1
        .parse()
        .unwrap()
}

#[actix_web::test]
async fn posts_and_sign_ins_are_counted_in_their_month_on_the_page_and_in_csv() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("病診連携の部屋");
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let before = clerk.get(&app, "/admin/statistics.csv").await;
    assert_eq!(before.status, 200);
    assert!(before.body.starts_with('\u{feff}'));
    let before = month_row(&before.body, "2026-11");

    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    post_in(&app, &mut doctor, room, "11月の訪問予定").await;
    // 2026-11-30 23:59 Japan time (14:59 UTC) is still November's.
    let to = |utc: &str| {
        let at = chrono::DateTime::parse_from_rfc3339(utc).unwrap();
        at.with_timezone(&chrono::Utc) - t.clock.now_utc()
    };
    t.clock.advance(to("2026-11-30T14:59:00Z"));
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    post_in(&app, &mut doctor, room, "月末の連絡").await;
    // Twenty minutes later it is 1 December 00:19 in Japan, though still 30 November in UTC.
    t.clock.advance(to("2026-11-30T15:19:00Z"));
    post_in(&app, &mut doctor, room, "12月の訪問予定").await;

    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let csv = clerk.get(&app, "/admin/statistics.csv?year=2026").await;
    assert!(csv.header("content-disposition").contains("2026.csv"));
    let november = month_row(&csv.body, "2026-11");
    let december = month_row(&csv.body, "2026-12");
    assert_eq!(
        figure(&november, "連絡帳の投稿"),
        figure(&before, "連絡帳の投稿") + 2,
        "months are Japan months"
    );
    assert_eq!(figure(&december, "連絡帳の投稿"), 1);
    assert!(
        figure(&december, "利用者数（ログイン）") >= 1,
        "the doctor signed in in December"
    );
    assert!(figure(&december, "アカウント：医師") >= 1);
    assert!(
        !csv.body.contains("2027-01"),
        "months still to come are not shown"
    );

    // The page: the latest month, charts drawn on the server, every figure in a table.
    let page = clerk.get(&app, "/admin/statistics").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2026年12月の状況"), "{}", page.body);
    assert!(page.body.contains("<svg") && page.body.contains("bars__bar"));
    assert!(
        page.body.contains("2026年12月：1件"),
        "a bar says its month and count"
    );
    assert!(page.body.contains("<option value=\"2026\" selected"));

    // Per organisation: the doctor's clinic has his three posts this 年度.
    let orgs = clerk.get(&app, "/admin/statistics/organisations.csv").await;
    let clinic = renkei::models::User::find(&mut t.conn(), t.user_id("dr-tanaka"))
        .unwrap()
        .unwrap()
        .organisation_id;
    let name: String = {
        use diesel::prelude::*;
        renkei::schema::organisations::table
            .find(clinic)
            .select(renkei::schema::organisations::name)
            .first(&mut t.conn())
            .unwrap()
    };
    let line = orgs
        .body
        .split("\r\n")
        .find(|l| l.starts_with(&format!("\"{name}\"")))
        .unwrap_or_else(|| panic!("{name} not in {}", orgs.body));
    let posts: i64 = line
        .rsplit(',')
        .next()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap();
    assert!(posts >= 3, "{line}");

    // A 年度 that cannot be shown: said, this year shown, nothing breaks.
    for bad in ["abc", "1999", "99999999999", "2030"] {
        let r = clerk
            .get(&app, &format!("/admin/statistics?year={bad}"))
            .await;
        assert_eq!(r.status, 200, "{bad}");
        assert!(r.body.contains("指定された年度は表示できません"), "{bad}");
        assert!(r.body.contains("2026年12月の状況"));
    }
    // The association reads them too; a professional does not.
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    assert_eq!(assoc.get(&app, "/admin/statistics").await.status, 200);
    assert_eq!(doctor.get(&app, "/admin/statistics").await.status, 403);
}
