//! Backup and restore (`renkei backup` / `renkei restore`): a backup taken while the application
//! holds connections, restored into an empty database, has the same rows in every table, an
//! intact audit chain, and serves the same pages. On SQLite through `VACUUM INTO`; on PostgreSQL
//! (RENKEI_TEST_DATABASE_URL) through pg_dump and pg_restore.

use std::sync::Arc;

use crate::common::{Browser, TestApp, fresh_db, is_postgres, settings_for};
use actix_web::test::init_service;
use actix_web::web;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use renkei::db::DbConnection;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Row {
    #[diesel(sql_type = Text)]
    row: String,
}

/// Every table with its row count, and the text of the rows that matter most.
fn content(conn: &mut DbConnection) -> (Vec<(String, i64)>, Vec<Row>) {
    let list = if is_postgres() {
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    };
    let names: Vec<Name> = diesel::sql_query(list).load(conn).unwrap();
    let counts = names
        .into_iter()
        .map(|t| {
            let c: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM \"{}\"", t.name))
                .get_result(conn)
                .unwrap();
            (t.name, c.n)
        })
        .collect();
    let rows = diesel::sql_query(
        "SELECT p.subject || '|' || p.body || '|' || u.login_id AS row FROM posts p \
         JOIN users u ON u.id = p.author_id \
         UNION ALL SELECT CAST(v.id AS TEXT) || '|' || COALESCE(CAST(v.temperature AS TEXT), '') || '|' || v.alerted AS row FROM vitals v \
         UNION ALL SELECT hash AS row FROM audit_log \
         ORDER BY 1",
    )
    .load(conn)
    .unwrap();
    (counts, rows)
}

#[actix_web::test]
async fn a_backup_restored_into_an_empty_database_has_the_same_content() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let room = t.room_named("八幡 正");
    // Content written through the application: a post and an entry of vitals.
    let mut doctor = Browser::new();
    doctor.login(&app, &t, "dr-tanaka").await;
    let page = doctor.get(&app, &format!("/rooms/{room}")).await;
    let token = page.csrf();
    let key = page.input_value("key").unwrap();
    let r = doctor
        .post_multipart(
            &app,
            &format!("/rooms/{room}/posts"),
            &[
                ("csrf_token", token.as_str()),
                ("key", key.as_str()),
                ("subject", "バックアップ前の記録"),
                ("body", "夜間の様子は落ち着いています。"),
                ("to", "all"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = doctor.get(&app, &format!("/rooms/{room}/vitals")).await;
    let key = page.input_value("key").unwrap();
    let r = doctor
        .post(
            &app,
            &format!("/rooms/{room}/vitals"),
            &[
                ("csrf_token", token.as_str()),
                ("key", key.as_str()),
                ("measured_on", "2026-11-20"),
                ("measured_time", "08:30"),
                ("temperature", "36.8"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The backup is taken while the application holds its connections.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("renkei.backup");
    renkei::backup::backup(&t.db.url, &file).unwrap();
    assert!(file.metadata().unwrap().len() > 0);
    assert!(
        renkei::backup::backup(&t.db.url, &file).is_err(),
        "an existing file is not overwritten"
    );

    let target = fresh_db();
    renkei::backup::restore(&file, &target.url).unwrap();
    assert!(
        renkei::backup::restore(&file, &target.url).is_err(),
        "a database with content is not restored over"
    );

    let pool = renkei::db::connect(&target.url, 4).unwrap();
    let (counts, rows) = content(&mut t.conn());
    let (counts2, rows2) = content(&mut pool.get().unwrap());
    assert!(counts.iter().any(|(n, c)| n == "posts" && *c > 0));
    assert_eq!(counts, counts2, "every table has the same number of rows");
    assert_eq!(
        rows, rows2,
        "posts, vitals and the audit chain are the same"
    );
    let verification = renkei::models::AuditRecord::verify(&mut pool.get().unwrap()).unwrap();
    assert!(verification.problems.is_empty(), "{verification:?}");
    assert!(verification.rows > 0);
    assert_eq!(
        renkei::db::pending_migrations(&mut pool.get().unwrap()).unwrap(),
        0
    );

    // The restored database serves the same room to the same member.
    let data = tempfile::tempdir().unwrap();
    let settings = Arc::new(settings_for(&target, data.path(), &[]));
    let state = web::Data::new(renkei::http::AppState::new(
        pool.clone(),
        settings,
        t.clock.clone(),
    ));
    let restored = TestApp {
        db: target,
        data,
        state,
        clock: t.clock.clone(),
        pool,
    };
    let app2 = init_service(renkei::http::app(restored.state.clone())).await;
    t.next_step();
    let mut again = Browser::new();
    again.login(&app2, &restored, "dr-tanaka").await;
    let page = again.get(&app2, &format!("/rooms/{room}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("バックアップ前の記録"));
    let page = again.get(&app2, &format!("/rooms/{room}/vitals")).await;
    assert!(page.body.contains("36.8"));
}
