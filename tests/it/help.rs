//! The help section through HTTP: readable without signing in, in Japanese and English, with
//! the offices and their hours from configuration; the operator replaces a page with a Markdown
//! file (no code change, shown at once) and its HTML stays text; an unknown page is 404.

use crate::common::{Browser, TestApp};
use actix_web::test::init_service;

#[actix_web::test]
async fn help_pages_are_open_to_everyone_and_the_operator_can_replace_them() {
    let dir = tempfile::tempdir().unwrap();
    let dir_s = dir.path().display().to_string();
    let t = TestApp::with(&[
        ("RENKEI__HELP__DIR", dir_s.as_str()),
        (
            "RENKEI__MUNICIPALITY__CITY_OFFICE__HOURS",
            "開庁日の8時45分から17時15分",
        ),
    ])
    .await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let index = visitor.get(&app, "/help").await;
    assert_eq!(index.status, 200, "no sign-in needed");
    for title in [
        "利用ガイド",
        "よくある質問",
        "推奨環境",
        "問い合わせ先",
        "利用規約",
    ] {
        assert!(index.body.contains(title), "{title}");
    }
    assert!(
        index.body.contains("開庁日の8時45分から17時15分"),
        "hours from configuration"
    );
    assert!(index.body.contains("047-712-8521"));
    assert!(
        index.body.contains("登録者（患者）の同意書"),
        "what goes where"
    );

    let guide = visitor.get(&app, "/help/guide").await;
    assert_eq!(guide.status, 200);
    assert!(guide.body.contains("<title>利用ガイド"));
    assert!(guide.body.contains("職種連携の部屋"));
    let contact = visitor.get(&app, "/help/contact").await;
    assert!(
        contact.body.contains("047-326-3971"),
        "the offices above the text"
    );
    assert_eq!(visitor.get(&app, "/help/nothing").await.status, 404);
    assert_eq!(
        visitor.get(&app, "/help/..%2Fetc%2Fpasswd").await.status,
        404
    );

    // The operator's file replaces the built-in page at once; raw HTML in it stays text.
    std::fs::create_dir_all(dir.path().join("ja")).unwrap();
    std::fs::write(
        dir.path().join("ja/terms.md"),
        "# 市川市の利用規約\n\n第1条 <script>alert(1)</script> この規約は…\n",
    )
    .unwrap();
    let terms = visitor.get(&app, "/help/terms").await;
    assert!(terms.body.contains("<title>市川市の利用規約"));
    assert!(terms.body.contains("&lt;script&gt;"));
    assert!(!terms.body.contains("<script>alert"));

    // In English, and from the footer of any page.
    let mut english = Browser::new();
    english
        .headers
        .push(("Accept-Language".into(), "en-GB,en;q=0.8".into()));
    let en = english.get(&app, "/help/guide").await;
    assert!(en.body.contains("User guide"), "{}", en.body);
    let login = visitor.get(&app, "/login").await;
    assert!(login.body.contains("href=\"/help\""));
}

#[actix_web::test]
async fn each_form_prints_blank_with_the_items_of_the_screen_and_where_it_goes() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let list = visitor.get(&app, "/help/forms").await;
    assert_eq!(list.status, 200);
    for form in ["form4", "form5", "form6", "form7", "form8", "form9"] {
        assert!(
            list.body
                .contains(&format!("href=\"/help/forms/{form}.pdf\"")),
            "{form}"
        );
    }
    let pdf = visitor.get(&app, "/help/forms/form7.pdf").await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.raw.starts_with(b"%PDF"));
    let text = crate::common::pdf_text(&pdf.raw);
    for words in ["様式第7号", "同意事項", "署名", "生年月日", "市川市医師会"] {
        assert!(text.contains(words), "{words} in {text}");
    }
    let form4 = visitor.get(&app, "/help/forms/form4.pdf").await;
    let text = crate::common::pdf_text(&form4.raw);
    assert!(
        text.contains("訪問看護ステーション"),
        "the kinds offered on screen"
    );
    assert!(text.contains("業務用の端末でのみ利用します"), "the pledges");
    assert!(text.contains("市川市 福祉部"), "form 4 goes to the city");
    assert_eq!(
        visitor.get(&app, "/help/forms/form99.pdf").await.status,
        404
    );
}

/// 南空知: the 医師会 is the S管理者. The role labels follow the configuration everywhere an
/// office is named — help's contacts, the queue, the mail composer, a room's membership rule —
/// while 市川's default says 「S管理者（市）」.
#[actix_web::test]
async fn the_offices_short_names_come_from_configuration() {
    let t = TestApp::with(&[
        ("RENKEI__MUNICIPALITY__CITY_OFFICE__SHORT_NAME", "医師会"),
        (
            "RENKEI__MUNICIPALITY__CITY_OFFICE__SHORT_NAME_EN",
            "medical association",
        ),
        (
            "RENKEI__MUNICIPALITY__ASSOCIATION_OFFICE__SHORT_NAME",
            "岩見沢医師会",
        ),
    ])
    .await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let mut visitor = Browser::new();
    let index = visitor.get(&app, "/help").await;
    assert!(index.body.contains("S管理者（医師会）"), "{}", index.body);
    assert!(index.body.contains("管理者（岩見沢医師会）"));
    assert!(!index.body.contains("S管理者（市）"));

    let mut clerk = Browser::new();
    clerk.login(&app, &t, "city-admin").await;
    let queue = clerk.get(&app, "/applications").await;
    assert!(queue.body.contains("S管理者（医師会）"));
    let mut nurse = Browser::new();
    nurse.login(&app, &t, "ns-suzuki").await;
    let compose = nurse.get(&app, "/mail/new").await;
    assert!(compose.body.contains("<span>S管理者（医師会）</span>"));
    assert!(compose.body.contains("<span>管理者（岩見沢医師会）</span>"));
    let room = t.room_named("八幡 正");
    let members = nurse.get(&app, &format!("/rooms/{room}/members")).await;
    assert!(
        members
            .body
            .contains("担当者は管理者（岩見沢医師会）が様式第8号"),
        "{}",
        members.body
    );
    let mut english = Browser::new();
    english
        .headers
        .push(("Accept-Language".into(), "en-GB,en;q=0.8".into()));
    let en = english.get(&app, "/help").await;
    assert!(
        en.body.contains("the medical association (S管理者)"),
        "{}",
        en.body
    );

    // The default configuration (市川) still says 市 and 医師会.
    let ichikawa = TestApp::new().await;
    let app = init_service(renkei::http::app(ichikawa.state.clone())).await;
    let index = Browser::new().get(&app, "/help").await;
    assert!(index.body.contains("S管理者（市）") && index.body.contains("管理者（医師会）"));
}
