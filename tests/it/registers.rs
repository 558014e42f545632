//! The clerks' registers and lists through HTTP: no hard cap (keyset pages of 100, followed by
//! the plain "next" link past row 500), and the CSV download opens in Excel as text (UTF-8 with a
//! byte order mark, a cell starting with `=` neutralised).

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;

/// `n` accounts in one new organisation, inserted directly (hashing a password per account
/// would make this test slow, and these accounts never sign in).
fn many_accounts(t: &TestApp, organisation: &str, n: usize) {
    use renkei::models::organisations::{NewOrganisation, Organisation};
    use renkei::models::users::NewUser;
    let now = t.clock.now();
    let mut conn = t.conn();
    renkei::db::write_tx(&mut conn, |conn| -> diesel::QueryResult<()> {
        let org = Organisation::ensure(
            conn,
            &NewOrganisation {
                name: organisation,
                kana: "",
                kind: "home_help_office",
                postcode: "272-0000",
                address: "市川市八幡1-1-1",
                phone: "047-300-9999",
                created_at: now,
            },
        )?;
        for i in 0..n {
            let login = format!("bulk{i:04}");
            let name = if i == 7 {
                "=HYPERLINK(\"http://evil.example/\",\"開く\")".to_string()
            } else {
                format!("一括 {i:04}")
            };
            renkei::models::User::create(
                conn,
                &NewUser {
                    login_id: &login,
                    display_name: &name,
                    kana: &format!("イッカツ {i:04}"),
                    organisation_id: org,
                    profession: "home_helper",
                    role: "professional",
                    is_org_manager: false,
                    email: "",
                    locale: None,
                    status: "active",
                    password_hash: None,
                    must_change_password: true,
                    is_demo: false,
                    created_at: now,
                    office: "",
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
}

fn logins_on(body: &str) -> Vec<String> {
    regex::Regex::new(r"<code>(bulk\d{4})</code>")
        .unwrap()
        .captures_iter(body)
        .map(|c| c[1].to_string())
        .collect()
}

fn more_link(body: &str) -> Option<String> {
    regex::Regex::new(r#"id="users-more"><a class="button button--secondary" href="([^"]+)""#)
        .unwrap()
        .captures(body)
        .map(|c| c[1].replace("&amp;", "&"))
}

#[actix_web::test]
async fn the_account_list_pages_past_500_rows_with_and_without_htmx() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    many_accounts(&t, "大きな訪問介護事業所", 520);
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    // 「大きな」, URL-encoded.
    let mut path = "/admin/users?q=%E5%A4%A7%E3%81%8D%E3%81%AA".to_string();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = clerk.get(&app, &path).await;
        assert_eq!(page.status, 200, "{path}");
        let logins = logins_on(&page.body);
        assert!(logins.len() <= 100, "a page shows at most 100");
        seen.extend(logins);
        pages += 1;
        match more_link(&page.body) {
            Some(next) => {
                assert!(next.contains("after="), "{next}");
                path = next;
            }
            None => break,
        }
    }
    assert_eq!(pages, 6);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        (seen.len(), unique.len()),
        (520, 520),
        "every row once, in order"
    );
    assert_eq!(seen[0], "bulk0000");
    assert_eq!(seen[519], "bulk0519");

    // With htmx the same link brings the rows and the next link for the page in place.
    let first = clerk
        .get(&app, "/admin/users?q=%E5%A4%A7%E3%81%8D%E3%81%AA")
        .await;
    let next = more_link(&first.body).unwrap();
    assert!(first.body.contains("hx-select=\"#users-rows &gt; tr\""));
    assert!(first.body.contains("hx-select-oob=\"#users-more\""));
    let req = actix_web::test::TestRequest::get()
        .uri(&next)
        .insert_header(("HX-Request", "true"));
    let partial = clerk.send(&app, req).await;
    assert_eq!(partial.status, 200);
    assert!(
        partial.body.contains("id=\"users-rows\"") && partial.body.contains("id=\"users-more\"")
    );
    assert_eq!(
        logins_on(&partial.body).first().map(String::as_str),
        Some("bulk0100")
    );
}

#[actix_web::test]
async fn the_account_csv_opens_in_excel_and_neutralises_formulas() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    many_accounts(&t, "大きな訪問介護事業所", 520);
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let list = clerk
        .get(&app, "/admin/users?q=%E5%A4%A7%E3%81%8D%E3%81%AA")
        .await;
    assert!(list.body.contains("href=\"/admin/users.csv?q="));
    let csv = clerk
        .get(&app, "/admin/users.csv?q=%E5%A4%A7%E3%81%8D%E3%81%AA")
        .await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv.header("content-disposition").contains(".csv"));
    assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines.len(),
        1 + 520,
        "the header and every row, not one page"
    );
    assert!(lines[0].contains("\"氏名\"") && lines[0].contains("\"ログインID\""));
    assert!(
        csv.body
            .contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"開く\"\")\""),
        "a formula stays text"
    );
    // Professionals get no CSV.
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    assert_eq!(nurse.get(&app, "/admin/users.csv").await.status, 403);
}

#[actix_web::test]
async fn the_registers_show_registrants_without_rooms_and_organisations_with_their_manager() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut assoc = Browser::new();
    assoc.login(&app, &t, "assoc-admin").await;
    // By reading, and by a birth date typed in 和暦.
    let by_name = assoc
        .get(&app, "/admin/registrants?q=%E3%83%A4%E3%83%AF%E3%82%BF")
        .await;
    assert_eq!(by_name.status, 200);
    assert!(by_name.body.contains("八幡 正"), "{}", by_name.body);
    let by_birth = assoc
        .get(
            &app,
            "/admin/registrants?q=%E6%98%AD%E5%92%8C13%E5%B9%B45%E6%9C%8810%E6%97%A5",
        )
        .await;
    assert!(by_birth.body.contains("八幡 正"));
    let id: i64 = {
        use diesel::prelude::*;
        renkei::schema::registrants::table
            .filter(renkei::schema::registrants::kana.eq("ヤワタ タダシ"))
            .select(renkei::schema::registrants::id)
            .first(&mut t.conn())
            .unwrap()
    };
    let record = assoc.get(&app, &format!("/admin/registrants/{id}")).await;
    assert_eq!(record.status, 200);
    assert!(record.body.contains("担当者の履歴") && record.body.contains("田中 一郎"));
    let csv = assoc.get(&app, "/admin/registrants.csv").await;
    assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("八幡 正"));
    // Every view of the register is in the 閲覧履歴, naming the registrant.
    let logged: i64 = {
        use diesel::prelude::*;
        renkei::schema::access_log::table
            .filter(renkei::schema::access_log::registrant_id.eq(id))
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    assert!(logged >= 4, "{logged} views recorded");

    let mut city = Browser::new();
    city.login(&app, &t, "city-admin").await;
    let orgs = city.get(&app, "/admin/organisations").await;
    assert_eq!(orgs.status, 200);
    assert!(orgs.body.contains("田中内科クリニック"));
    assert!(
        !orgs.body.contains("市川市医師会</strong>"),
        "not the offices"
    );
    let csv = city.get(&app, "/admin/organisations.csv").await;
    assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("田中内科クリニック"));
    assert_eq!(assoc.get(&app, "/admin/organisations").await.status, 403);
    assert_eq!(city.get(&app, "/admin/registrants").await.status, 403);
}

/// Every row a list shows with `marker` (a regex with one group), following the plain "next"
/// link of `list` (`#{list}-more`) from `path` to the last page: (rows in order, pages).
async fn follow_pages<S, B>(
    app: &S,
    who: &mut Browser,
    mut path: String,
    list: &str,
    marker: &str,
) -> (Vec<String>, usize)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let row = regex::Regex::new(marker).unwrap();
    let more = regex::Regex::new(&format!(
        r#"id="{list}-more"><a class="button button--secondary" href="([^"]+)""#
    ))
    .unwrap();
    let (mut seen, mut pages) = (Vec::new(), 0);
    loop {
        let page = who.get(app, &path).await;
        assert_eq!(page.status, 200, "{path}");
        let rows: Vec<String> = row
            .captures_iter(&page.body)
            .map(|c| c[1].to_string())
            .collect();
        assert!(rows.len() <= 100, "a page shows at most 100");
        seen.extend(rows);
        pages += 1;
        match more.captures(&page.body) {
            Some(c) => path = c[1].replace("&amp;", "&"),
            None => return (seen, pages),
        }
    }
}

#[actix_web::test]
async fn the_application_queue_pages_past_500_in_due_date_order_keeping_its_filter() {
    use renkei::models::applications::{Application, NewApplication};
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let now = t.clock.now();
    let today = now.date();
    // 530 paper form 5s: due dates spread over 40 days (many share one), every tenth paused
    // for a correction (no due date: those come last), and one of another status.
    {
        let mut conn = t.conn();
        for i in 0..530i64 {
            let receipt = format!("S-2099-{i:04}");
            let due = (i % 10 != 0).then(|| today + chrono::Duration::days(39 - i % 40));
            Application::insert(
                &mut conn,
                &NewApplication {
                    receipt_number: &receipt,
                    form: "form5",
                    office: "city",
                    channel: "paper",
                    status: if i == 3 { "rejected" } else { "received" },
                    received_on: today,
                    due_on: due,
                    open_days_used: 0,
                    organisation_name: "大きな訪問介護事業所",
                    summary: "",
                    payload: "{}",
                    created_by: None,
                    created_at: now,
                    updated_at: now,
                    pair_key: None,
                },
            )
            .unwrap();
        }
    }
    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let (seen, pages) = follow_pages(
        &app,
        &mut clerk,
        "/applications?status=received".into(),
        "applications",
        r">(S-2099-\d{4})</a>",
    )
    .await;
    assert_eq!((seen.len(), pages), (529, 6), "all but the rejected one");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 529, "every application once");
    assert!(
        !seen.contains(&"S-2099-0003".to_string()),
        "the filter is kept"
    );
    // The order is the queue's: nearest due date first, receipt order among equals, the
    // paused ones (no due date) last.
    let n = |r: &str| r[7..].parse::<i64>().unwrap();
    let key = |i: i64| {
        if i % 10 == 0 {
            (1, 0, i)
        } else {
            (0, 39 - i % 40, i)
        }
    };
    let keys: Vec<_> = seen.iter().map(|r| key(n(r))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // A nonsense or foreign `after` is the first page, never an error.
    let r = clerk.get(&app, "/applications?after=999999999").await;
    assert_eq!(r.status, 200);
    let r = clerk.get(&app, "/applications?after=abc").await;
    assert_eq!(
        r.status, 400,
        "a malformed page key is the user's error, not a crash"
    );
}

#[actix_web::test]
async fn the_directory_and_the_mail_folders_page_past_300() {
    use renkei::models::messages::{Message, Recipient};
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    many_accounts(&t, "大きな訪問介護事業所", 320);
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    // 「大きな」, URL-encoded: the search is kept on every page.
    let (seen, pages) = follow_pages(
        &app,
        &mut nurse,
        "/directory?q=%E5%A4%A7%E3%81%8D%E3%81%AA".into(),
        "people",
        r"<td data-label=[^>]*>(一括 \d{4})</td>",
    )
    .await;
    // (The eighth account's name is a formula, not 「一括 0007」: 319 of the 320 match.)
    assert_eq!((seen.len(), pages), (319, 4));
    assert_eq!(seen.first().map(String::as_str), Some("一括 0000"));
    assert_eq!(seen.last().map(String::as_str), Some("一括 0319"));

    // 330 messages to the nurse: the inbox shows them newest first, every one once.
    let nurse_id = t.user_id("ns-suzuki");
    let doctor_id = t.user_id("dr-tanaka");
    {
        let mut conn = t.conn();
        for i in 0..330 {
            Message::send(
                &mut conn,
                doctor_id,
                Recipient::User(nurse_id),
                &format!("連絡 {i:04}"),
                "本文",
                None,
                None,
                t.clock.now(),
            )
            .unwrap();
        }
    }
    let (seen, pages) = follow_pages(
        &app,
        &mut nurse,
        "/mail".into(),
        "messages",
        r">(連絡 \d{4})<",
    )
    .await;
    assert_eq!((seen.len(), pages), (330, 4));
    assert_eq!(seen.first().map(String::as_str), Some("連絡 0329"));
    assert_eq!(seen.last().map(String::as_str), Some("連絡 0000"));
    // The doctor's sent box pages the same way; the nurse's sent box has none of them.
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let (sent, _) = follow_pages(
        &app,
        &mut doctor,
        "/mail/sent".into(),
        "messages",
        r">(連絡 \d{4})<",
    )
    .await;
    assert_eq!(sent.len(), 330);
    let (none, _) = follow_pages(
        &app,
        &mut nurse,
        "/mail/sent".into(),
        "messages",
        r">(連絡 \d{4})<",
    )
    .await;
    assert!(none.is_empty());
}
