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
