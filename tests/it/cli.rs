//! The binary as an operator meets it: configuration mistakes, a database that is not there,
//! and `renkei audit verify` catching a changed or deleted row.

use std::process::Command;

use crate::common::fresh_db;

fn renkei(db_url: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_renkei"));
    c.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .env("RENKEI__DATA_DIR", dir.join("data"))
        .env("RUST_LOG", "warn");
    c
}

#[test]
fn an_unknown_setting_stops_start_up_and_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = renkei("sqlite://x.sqlite3", dir.path())
        .env("RENKEI__HTTP__PROT", "8080")
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("prot"), "{err}");

    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/renkei.toml"),
        "[mail]\nfrom = \"a@b.jp\"\nsmtp_host = \"x\"\n",
    )
    .unwrap();
    let out = renkei("sqlite://x.sqlite3", dir.path())
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("smtp_host"));
    assert!(
        !dir.path().join("x.sqlite3").exists(),
        "nothing was created"
    );
}

#[test]
fn a_bad_database_url_is_a_clear_message_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = renkei("mysql://localhost/renkei", dir.path())
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));

    let out = renkei("postgres://renkei:secret@127.0.0.1:1/renkei", dir.path())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot connect to the database"), "{err}");
    assert!(
        !err.contains("secret"),
        "the password is not printed: {err}"
    );

    let out = renkei("sqlite://x.sqlite3", dir.path())
        .env("RENKEI__HTTP__PUBLIC_URL", "http://renkei.example.jp")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only allowed for localhost"));
}

#[test]
fn audit_verify_finds_a_changed_and_a_deleted_row() {
    let db = fresh_db();
    let dir = tempfile::tempdir().unwrap();
    let out = renkei(&db.url, dir.path())
        .arg("seed-demo")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = renkei(&db.url, dir.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("rows verified"));

    let pool = renkei::db::connect(&db.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    use diesel::RunQueryDsl;
    // The database refuses changes to the trail outright.
    assert!(
        diesel::sql_query("UPDATE audit_log SET detail = 'x' WHERE seq = 3")
            .execute(&mut conn)
            .is_err()
    );
    assert!(
        diesel::sql_query("DELETE FROM audit_log WHERE seq = 5")
            .execute(&mut conn)
            .is_err()
    );
    // Someone with the power to lift that protection changes one row and deletes another.
    let (lift, restore) = if crate::common::is_postgres() {
        (
            "ALTER TABLE audit_log DISABLE TRIGGER USER",
            "ALTER TABLE audit_log ENABLE TRIGGER USER",
        )
    } else {
        ("DROP TRIGGER audit_log_no_update", "SELECT 1")
    };
    diesel::sql_query(lift).execute(&mut conn).unwrap();
    if !crate::common::is_postgres() {
        diesel::sql_query("DROP TRIGGER audit_log_no_delete")
            .execute(&mut conn)
            .unwrap();
    }
    diesel::sql_query("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query("DELETE FROM audit_log WHERE seq = 5")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query(restore).execute(&mut conn).unwrap();
    drop(conn);

    let out = renkei(&db.url, dir.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("row 3: content was changed"), "{text}");
    assert!(text.contains("rows 5..5 are missing"), "{text}");
}

#[test]
fn the_admin_bootstrap_prints_a_one_time_code() {
    let db = fresh_db();
    let dir = tempfile::tempdir().unwrap();
    let out = renkei(&db.url, dir.path())
        .args([
            "admin",
            "create",
            "--office",
            "city",
            "--login-id",
            "ichikawa-s01",
            "--name",
            "市川 一郎",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let code = regex::Regex::new(r"認証コード: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")
        .unwrap()
        .captures(&text)
        .expect("code printed")[1]
        .to_string();
    // Only the hash is stored.
    let pool = renkei::db::connect(&db.url, 1).unwrap();
    use diesel::prelude::*;
    let hashes: Vec<String> = renkei::schema::activation_codes::table
        .select(renkei::schema::activation_codes::code_hash)
        .load(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(hashes.len(), 1);
    assert!(!hashes[0].contains(&code.replace('-', "")));
    // Creating it twice is refused.
    let out = renkei(&db.url, dir.path())
        .args([
            "admin",
            "create",
            "--office",
            "city",
            "--login-id",
            "ichikawa-s01",
            "--name",
            "市川 一郎",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    // Stopping twice is refused the second time.
    let stop = |d: &std::path::Path| {
        renkei(&db.url, d)
            .args(["admin", "stop", "--login-id", "ichikawa-s01"])
            .output()
            .unwrap()
    };
    assert!(stop(dir.path()).status.success());
    let again = stop(dir.path());
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already stopped"));
}

/// A clerk of an area's 管理者 office (`municipality.area_offices` in the operator's file): the
/// account belongs to that office; an area the file does not list is refused by name.
#[test]
fn an_area_office_clerk_is_created_from_the_configured_areas() {
    let db = fresh_db();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/renkei.toml"),
        r#"
[[municipality.area_offices]]
code = "yuni"
area = "由仁町・長沼町"
name = "由仁町立診療所 医療福祉相談センター"
short_name = "由仁"
short_name_en = "Yuni"
postcode = "069-1200"
address = "由仁町本町"
phone = "0123-83-0000"
"#,
    )
    .unwrap();
    let create = |area: &str, login: &str| {
        renkei(&db.url, dir.path())
            .args([
                "admin",
                "create",
                "--office",
                "association",
                "--area",
                area,
                "--login-id",
                login,
                "--name",
                "由仁 花子",
            ])
            .output()
            .unwrap()
    };
    let out = create("yuni", "yuni-a01");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pool = renkei::db::connect(&db.url, 1).unwrap();
    use diesel::prelude::*;
    use renkei::schema::{organisations, users};
    let (office, role, org): (String, String, String) = users::table
        .inner_join(organisations::table)
        .filter(users::login_id.eq("yuni-a01"))
        .select((users::office, users::role, organisations::name))
        .first(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(
        (office.as_str(), role.as_str(), org.as_str()),
        (
            "association-yuni",
            "association_admin",
            "由仁町立診療所 医療福祉相談センター"
        )
    );
    let out = create("kuriyama", "yuni-a02");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kuriyama"));
}
