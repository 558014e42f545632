//! Test support: a fresh, migrated database per test (SQLite file by default; PostgreSQL when
//! `RENKEI_TEST_DATABASE_URL` is set), the demo municipality, a manual clock, and a small
//! cookie-keeping client that goes through the real application with its middleware.
#![allow(dead_code)]

mod fixtures;
mod mails;

pub use mails::Mail;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header;
use actix_web::test::TestRequest;
use actix_web::web;
use chrono::{TimeDelta, TimeZone, Utc};
use diesel::Connection;
use diesel::RunQueryDsl;
use renkei::clock::Clock;
use renkei::config::Settings;
use renkei::db::{self, DbPool};
use renkei::http::AppState;

/// A database that is dropped with the test.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.pg_admin
            && let Ok(mut c) = diesel::pg::PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}

pub fn is_postgres() -> bool {
    std::env::var("RENKEI_TEST_DATABASE_URL")
        .map(|v| !v.is_empty())
        .unwrap_or(false)
}

pub fn fresh_db() -> TestDb {
    match std::env::var("RENKEI_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let name = format!(
                "renkei_t_{}",
                renkei::models::sessions::random_token()
                    .to_lowercase()
                    .replace(['-', '_'], "")
            );
            let mut admin = diesel::pg::PgConnection::establish(&base)
                .expect("RENKEI_TEST_DATABASE_URL must be reachable");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut admin)
                .expect("create test database");
            let mut url = url::Url::parse(&base).expect("postgres URL");
            url.set_path(&format!("/{name}"));
            TestDb {
                url: url.to_string(),
                _dir: None,
                pg_admin: Some((base, name)),
            }
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("renkei.sqlite3").display());
            TestDb {
                url,
                _dir: Some(dir),
                pg_admin: None,
            }
        }
    }
}

/// Settings for a test: the shipped defaults, this database, and any overrides.
pub fn settings_for(db: &TestDb, data_dir: &Path, overrides: &[(&str, &str)]) -> Settings {
    let mut env = vec![
        ("DATABASE_URL".to_string(), db.url.clone()),
        (
            "RENKEI__DATA_DIR".to_string(),
            data_dir.display().to_string(),
        ),
        (
            "RENKEI__HTTP__PUBLIC_URL".to_string(),
            "http://127.0.0.1:8080".to_string(),
        ),
    ];
    for (k, v) in overrides {
        env.push((k.to_string(), v.to_string()));
    }
    Settings::load_from(Path::new("/nonexistent/renkei.toml"), env).expect("test settings")
}

pub struct TestApp {
    pub db: TestDb,
    pub data: tempfile::TempDir,
    pub state: web::Data<AppState>,
    pub clock: Clock,
    pub pool: DbPool,
}

/// 2026-11-20 09:00 JST: a Friday morning.
pub fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap()
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with(&[]).await
    }

    pub async fn with(overrides: &[(&str, &str)]) -> TestApp {
        Self::configured(overrides, |_| {}).await
    }

    /// With settings an environment variable cannot give (a list of tables such as
    /// `municipality.area_offices`), changed after loading.
    pub async fn configured(
        overrides: &[(&str, &str)],
        edit: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let db = fresh_db();
        let data = tempfile::tempdir().unwrap();
        let mut settings = settings_for(&db, data.path(), overrides);
        edit(&mut settings);
        let settings = Arc::new(settings);
        let pool = db::connect(&db.url, 4).expect("pool");
        let clock = Clock::manual(start_time());
        {
            let mut conn = pool.get().unwrap();
            db::migrate_database(&mut conn).expect("migrations");
            renkei::seed::seed_demo(&mut conn, &settings, clock.now()).expect("demo seed");
        }
        renkei::worker::setup_queue(&settings)
            .await
            .expect("queue tables");
        let state = web::Data::new(AppState::new(pool.clone(), settings, clock.clone()));
        TestApp {
            db,
            data,
            state,
            clock,
            pool,
        }
    }

    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().unwrap()
    }

    /// The demo accounts' current TOTP code on the test clock.
    pub fn totp(&self) -> String {
        renkei::services::auth::totp_code_at(
            renkei::seed::DEMO_TOTP_SECRET,
            self.clock.now_utc().timestamp() as u64,
        )
    }

    /// Moves the clock into the next TOTP step, so the same account can log in again.
    pub fn next_step(&self) {
        self.clock.advance(TimeDelta::seconds(30));
    }

    pub fn user_id(&self, login: &str) -> i64 {
        renkei::models::User::find_by_login(&mut self.conn(), login)
            .unwrap()
            .unwrap()
            .id
    }

    /// A room of the demo data by its name ("八幡 正", "病診連携の部屋").
    pub fn room_named(&self, name: &str) -> i64 {
        use diesel::prelude::*;
        renkei::schema::rooms::table
            .filter(renkei::schema::rooms::name.eq(name))
            .select(renkei::schema::rooms::id)
            .first(&mut self.conn())
            .unwrap()
    }

    /// Runs the real worker for a moment (its first pulse runs at once): for what it must
    /// leave alone.
    pub async fn worker_pulse(&self) {
        let started = std::time::Instant::now();
        self.worker_until(|_| started.elapsed() > std::time::Duration::from_millis(1500))
            .await;
    }

    /// Runs the real worker (its pulse and queues) until `done` holds or 10 seconds pass;
    /// returns whether it held.
    pub async fn worker_until(&self, done: impl Fn(&mut db::DbConnection) -> bool) -> bool {
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(renkei::worker::run(
            self.state.settings.clone(),
            self.pool.clone(),
            self.clock.clone(),
            async move {
                let _ = stop_rx.await;
            },
        ));
        let mut held = false;
        for _ in 0..100 {
            if done(&mut self.conn()) {
                held = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = stop_tx.send(());
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), worker).await;
        held
    }

    pub fn audit_actions(&self) -> Vec<(String, String, String)> {
        use diesel::prelude::*;
        use renkei::schema::audit_log::dsl::*;
        audit_log
            .order(seq.asc())
            .select((action, result, actor_login))
            .load(&mut self.conn())
            .unwrap()
    }
}

/// What came back.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: header::HeaderMap,
    pub body: String,
    /// The body's bytes (a PDF, an image).
    pub raw: Vec<u8>,
}

impl Resp {
    /// Whether the answer names `name` in its `Vary` header (a cache keeps the variants apart).
    pub fn varies_on(&self, name: &str) -> bool {
        self.headers
            .get_all(header::VARY)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|v| v.trim().eq_ignore_ascii_case(name))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let re = regex::Regex::new(r#"name="csrf_token" value="([^"]+)""#).unwrap();
        re.captures(&self.body)
            .map(|c| c[1].to_string())
            .unwrap_or_default()
    }
    pub fn input_value(&self, name: &str) -> Option<String> {
        let re = regex::Regex::new(&format!(r#"name="{name}"[^>]*value="([^"]*)""#)).unwrap();
        re.captures(&self.body).map(|c| c[1].to_string())
    }
}

/// A browser without JavaScript: keeps cookies, sends forms.
#[derive(Default, Clone)]
pub struct Browser {
    pub cookies: HashMap<String, String>,
    pub headers: Vec<(String, String)>,
    /// The client address the app sees (TCP peer); 192.0.2.10 unless set.
    pub peer: Option<std::net::SocketAddr>,
}

impl Browser {
    pub fn new() -> Browser {
        Browser::default()
    }

    /// A browser connecting from `ip`.
    pub fn at(ip: &str) -> Browser {
        Browser {
            peer: Some(format!("{ip}:40000").parse().unwrap()),
            ..Browser::default()
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, headers: &header::HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let Ok(v) = v.to_str() else { continue };
            let Ok(c) = actix_web::cookie::Cookie::parse(v.to_string()) else {
                continue;
            };
            let expired = c.max_age().is_some_and(|a| a.is_zero()) || c.value().is_empty();
            if expired {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_string(), c.value().to_string());
            }
        }
    }

    pub async fn send<S, B>(&mut self, app: &S, req: TestRequest) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let peer = self
            .peer
            .unwrap_or_else(|| "192.0.2.10:40000".parse().unwrap());
        let mut req = req.peer_addr(peer);
        if !self.cookies.is_empty() {
            req = req.insert_header((header::COOKIE, self.cookie_header()));
        }
        for (k, v) in &self.headers {
            req = req.insert_header((k.as_str(), v.as_str()));
        }
        let res = actix_web::test::call_service(app, req.to_request()).await;
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = actix_web::test::read_body(res).await;
        self.keep_cookies(&headers);
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            raw: body.to_vec(),
        }
    }

    pub async fn get<S, B>(&mut self, app: &S, path: &str) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        self.send(app, TestRequest::get().uri(path)).await
    }

    /// Posts a form with the given fields (the CSRF token must be among them if wanted).
    pub async fn post<S, B>(&mut self, app: &S, path: &str, fields: &[(&str, &str)]) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.send(
            app,
            TestRequest::post()
                .uri(path)
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// Posts a multipart form: text fields and files (field, file name, content).
    pub async fn post_multipart<S, B>(
        &mut self,
        app: &S,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let boundary = "----renkei-test-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (k, name, data) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.send(
            app,
            TestRequest::post()
                .uri(path)
                .insert_header((
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                ))
                .set_payload(body),
        )
        .await
    }

    /// GETs `form_page` for its CSRF token, then posts the fields with it.
    pub async fn submit<S, B>(
        &mut self,
        app: &S,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let token = self.get(app, form_page).await.csrf();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post(app, action, &all).await
    }

    /// Logs in with both factors; returns the response of the second step.
    pub async fn login<S, B>(&mut self, app: &S, t: &TestApp, login: &str) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let r = self
            .submit(
                app,
                "/login",
                "/login",
                &[
                    ("login_id", login),
                    ("password", renkei::seed::DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "password step for {login}: {}", r.body);
        assert_eq!(r.location(), "/login/second-factor");
        let code = t.totp();
        let r = self
            .submit(
                app,
                "/login/second-factor",
                "/login/second-factor",
                &[("code", &code)],
            )
            .await;
        assert_eq!(r.status, 303, "second factor for {login}: {}", r.body);
        r
    }

    /// A first sign-in with the letter's code: activation, the authenticator enrolled, a new
    /// password chosen. Asserts each step; returns the last response (home with `welcome`).
    pub async fn enrol<S, B>(
        &mut self,
        app: &S,
        t: &TestApp,
        (login, code): (&str, &str),
        password: &str,
    ) -> Resp
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let r = self
            .submit(
                app,
                "/activate",
                "/activate",
                &[("login_id", login), ("activation_code", code)],
            )
            .await;
        assert_eq!(r.location(), "/enrol/totp", "{}", r.body);
        let page = self.get(app, "/enrol/totp").await;
        let secret = regex::Regex::new(r#"data-secret="([A-Z2-7]+)""#)
            .unwrap()
            .captures(&page.body)
            .unwrap()[1]
            .to_string();
        let totp =
            renkei::services::auth::totp_code_at(&secret, t.clock.now_utc().timestamp() as u64);
        let r = self
            .post(
                app,
                "/enrol/totp",
                &[("csrf_token", &page.csrf()), ("code", &totp)],
            )
            .await;
        assert_eq!(r.location(), "/account/password");
        let form = self.get(app, "/account/password").await;
        let r = self
            .post(
                app,
                "/account/password",
                &[
                    ("csrf_token", &form.csrf()),
                    ("new_password", password),
                    ("new_password_confirmation", password),
                ],
            )
            .await;
        assert_eq!(r.location(), "/?notice=welcome", "{}", r.body);
        r
    }

    /// A CSRF token valid for this browser (from a page it can see).
    pub async fn token<S, B>(&mut self, app: &S) -> String
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let r = self.get(app, "/login").await;
        let t = r.csrf();
        if !t.is_empty() {
            return t;
        }
        self.get(app, "/account").await.csrf()
    }
}

/// A real 8 × 8 PNG (files are checked by content, pictures by their header).
pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A small deterministic generator (xorshift) for the fuzz tests, so a failing case can be
/// replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len())]
    }
}

/// The value of a form's hidden idempotency key on a page.
pub fn key_of(body: &str) -> String {
    body.split("name=\"key\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a key")
        .to_string()
}

/// Text of a PDF, by poppler's pdftotext (installed by .ci/run).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letters.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
