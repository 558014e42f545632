//! Jobs without lost work: a job exists if and only if its transaction committed, 500 mails
//! survive a worker killed with `kill -9` in the middle, each reaching a real SMTP server on
//! loopback exactly once, and mail queued while the SMTP server is down goes out once when it
//! returns, the worker idle meanwhile.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{TestApp, fresh_db, settings_for};
use diesel::prelude::*;
use renkei::db::write_tx;
use renkei::models::outbox::{MailDelivery, Outbox};
use renkei_jobs::{Job, JobEnvelope, MailMessage};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

fn mail(key: &str) -> JobEnvelope {
    JobEnvelope {
        key: key.to_string(),
        job: Job::Mail(MailMessage {
            calendar: None,
            to: "nurse@example.jp".into(),
            subject: "【連携システム】新しい書き込みがあります".into(),
            body: "担当している部屋に新しい書き込みがあります。".into(),
        }),
    }
}

#[actix_web::test]
async fn a_rolled_back_transaction_leaves_no_job() {
    let t = TestApp::new().await;
    let mut conn = t.conn();
    let now = t.clock.now();
    let r: Result<(), diesel::result::Error> = write_tx(&mut conn, |c| {
        Outbox::push(c, &mail("mail:rolled-back"), now)?;
        // The business change fails after the job was written.
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(r.is_err());
    assert_eq!(
        Outbox::count(&mut conn).unwrap(),
        0,
        "no job without its commit"
    );
    write_tx(&mut conn, |c| Outbox::push(c, &mail("mail:committed"), now)).unwrap();
    assert_eq!(Outbox::count(&mut conn).unwrap(), 1);
    // The same key twice is one job.
    let dup = write_tx(&mut conn, |c| Outbox::push(c, &mail("mail:committed"), now));
    assert!(dup.is_err());
    assert_eq!(Outbox::count(&mut conn).unwrap(), 1);
}

/// A minimal SMTP server: counts a message only once it has answered "250" to its final dot,
/// as a real server does. While `hold` is set it answers nothing after DATA, like a stalled server.
struct Smtp {
    port: u16,
    received: Arc<Mutex<HashMap<String, usize>>>,
    hold: Arc<AtomicBool>,
}

impl Smtp {
    async fn start() -> Smtp {
        Smtp::start_on(0).await
    }

    /// On a given port (0: any free one).
    async fn start_on(port: u16) -> Smtp {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(HashMap::new()));
        let hold = Arc::new(AtomicBool::new(false));
        let (r, h) = (received.clone(), hold.clone());
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let (r, h) = (r.clone(), h.clone());
                tokio::spawn(async move {
                    let (rd, mut wr) = sock.into_split();
                    let mut rd = BufReader::new(rd);
                    if wr.write_all(b"220 test.invalid ESMTP\r\n").await.is_err() {
                        return;
                    }
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if rd.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let cmd = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if cmd.starts_with("EHLO") {
                            b"250-test.invalid\r\n250 8BITMIME\r\n"
                        } else if cmd.starts_with("DATA") {
                            if wr.write_all(b"354 go ahead\r\n").await.is_err() {
                                return;
                            }
                            let mut id = String::new();
                            loop {
                                line.clear();
                                if rd.read_line(&mut line).await.unwrap_or(0) == 0 {
                                    return; // connection dropped mid-message: not delivered
                                }
                                if line == ".\r\n" {
                                    break;
                                }
                                if line.to_ascii_lowercase().starts_with("message-id:") {
                                    id = line[11..].trim().to_string();
                                }
                            }
                            while h.load(Ordering::SeqCst) {
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                            // Commit only while the client is still there: a client that died
                            // during the stall never learns of the message, and it is dropped.
                            let mut probe = [0u8; 1];
                            match tokio::time::timeout(
                                Duration::from_millis(5),
                                rd.get_mut().peek(&mut probe),
                            )
                            .await
                            {
                                Ok(Ok(0)) | Ok(Err(_)) => return,
                                _ => {}
                            }
                            if wr.write_all(b"250 queued\r\n").await.is_err() {
                                return;
                            }
                            *r.lock().unwrap().entry(id).or_insert(0) += 1;
                            continue;
                        } else if cmd.starts_with("QUIT") {
                            let _ = wr.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"250 ok\r\n"
                        };
                        if wr.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Smtp {
            port,
            received,
            hold,
        }
    }

    fn delivered(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

fn start_worker(db_url: &str, data: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_renkei"))
        .arg("worker")
        .current_dir(data)
        .env("DATABASE_URL", db_url)
        .env("RENKEI__DATA_DIR", data)
        .env("RENKEI__MAIL__SMTP_URL", format!("smtp://127.0.0.1:{port}"))
        .env("RENKEI__WORKER__HEARTBEAT_SECONDS", "1")
        .env(
            "RUST_LOG",
            std::env::var("RENKEI_TEST_WORKER_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the worker")
}

async fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    f()
}

#[actix_web::test]
async fn five_hundred_mails_survive_kill_9_exactly_once() {
    let db = fresh_db();
    let data = tempfile::tempdir().unwrap();
    let settings = settings_for(&db, data.path(), &[]);
    let pool = renkei::db::connect(&db.url, 2).unwrap();
    renkei::db::migrate_database(&mut pool.get().unwrap()).unwrap();
    renkei::worker::setup_queue(&settings).await.unwrap();
    let now = chrono::Utc::now().naive_utc();
    write_tx(&mut pool.get().unwrap(), |c| {
        for i in 0..500 {
            Outbox::push(c, &mail(&format!("mail:kill9:{i:03}")), now)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();

    let smtp = Smtp::start().await;
    let mut worker = start_worker(&db.url, data.path(), smtp.port);
    // Let it get well into the batch, then stall the server and kill the worker mid-flight:
    // it has jobs locked, SMTP transactions open and mails not yet acknowledged.
    let kill_at = 100 + (std::process::id() as usize % 200);
    assert!(
        wait_until(Duration::from_secs(60), || smtp.delivered() >= kill_at).await,
        "worker made no progress"
    );
    smtp.hold.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(500)).await;
    worker.kill().unwrap(); // SIGKILL
    worker.wait().unwrap();
    let at_kill = smtp.delivered();
    eprintln!("killed at {at_kill}");
    assert!(
        at_kill < 500,
        "the kill came too late to prove anything ({at_kill})"
    );
    smtp.hold.store(false, Ordering::SeqCst);

    let mut worker = start_worker(&db.url, data.path(), smtp.port);
    let done = wait_until(Duration::from_secs(120), || smtp.delivered() >= 500).await;
    // Give any duplicate a chance to show up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    // SIGTERM: the worker finishes what it has and exits cleanly.
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(worker.id().to_string())
        .status();
    let status = worker.wait().unwrap();
    assert!(done, "only {} of 500 mails arrived", smtp.delivered());

    let received = smtp.received.lock().unwrap().clone();
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n != 1).collect();
    assert_eq!(received.len(), 500, "distinct mails");
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    for i in 0..500 {
        assert!(
            received.contains_key(&format!("<mail_kill9_{i:03}@example.lg.jp>")),
            "mail {i} missing"
        );
    }
    assert_eq!(MailDelivery::count(&mut pool.get().unwrap()).unwrap(), 500);
    assert!(
        status.success(),
        "graceful shutdown on SIGTERM, got {status:?}"
    );
    eprintln!("kill -9 test: killed after {at_kill} mails; 500 distinct delivered, 0 duplicates");
}

/// CPU time (user + system, in clock ticks of 1/100 s) a process has used so far.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    field(11) + field(12)
}

#[actix_web::test]
async fn mail_queued_while_the_smtp_server_is_down_is_delivered_once_when_it_returns() {
    let db = fresh_db();
    let data = tempfile::tempdir().unwrap();
    let settings = settings_for(&db, data.path(), &[]);
    let pool = renkei::db::connect(&db.url, 2).unwrap();
    renkei::db::migrate_database(&mut pool.get().unwrap()).unwrap();
    renkei::worker::setup_queue(&settings).await.unwrap();
    // A port nobody listens on yet: the server is down.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let now = chrono::Utc::now().naive_utc();
    write_tx(&mut pool.get().unwrap(), |c| {
        for i in 0..50 {
            Outbox::push(c, &mail(&format!("mail:down:{i:02}")), now)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
    let mut worker = start_worker(&db.url, data.path(), port);
    // Ten seconds of refused connections: the worker retries with backoff, it does not spin.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu_before = cpu_ticks(worker.id());
    tokio::time::sleep(Duration::from_secs(8)).await;
    let cpu_down = cpu_ticks(worker.id()) - cpu_before;
    assert_eq!(MailDelivery::count(&mut pool.get().unwrap()).unwrap(), 0);

    // The server comes back on the same port.
    let smtp = Smtp::start_on(port).await;
    let done = wait_until(Duration::from_secs(120), || smtp.delivered() >= 50).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(worker.id().to_string())
        .status();
    worker.wait().unwrap();
    let received = smtp.received.lock().unwrap().clone();
    let twice = received.values().filter(|n| **n != 1).count();
    let lost = (0..50)
        .filter(|i| !received.contains_key(&format!("<mail_down_{i:02}@example.lg.jp>")))
        .count();
    eprintln!(
        "SMTP-down test: {} sent, {lost} lost, {twice} twice; worker CPU while the server was down: {} ms in 8 s",
        received.len(),
        cpu_down * 10
    );
    assert!(done, "only {} of 50 mails arrived", smtp.delivered());
    assert_eq!((lost, twice), (0, 0));
    assert_eq!(MailDelivery::count(&mut pool.get().unwrap()).unwrap(), 50);
    assert!(
        cpu_down < 200,
        "the worker spun while the server was down: {cpu_down} ticks of CPU in 8 s"
    );
}

#[actix_web::test]
async fn without_smtp_mails_become_eml_files() {
    let db = fresh_db();
    let data = tempfile::tempdir().unwrap();
    let settings = settings_for(&db, data.path(), &[]);
    let pool = renkei::db::connect(&db.url, 2).unwrap();
    renkei::db::migrate_database(&mut pool.get().unwrap()).unwrap();
    write_tx(&mut pool.get().unwrap(), |c| {
        Outbox::push(c, &mail("mail:file:1"), chrono::Utc::now().naive_utc())
    })
    .unwrap();
    let _ = settings;
    let mut worker = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .arg("worker")
        .current_dir(data.path())
        .env("DATABASE_URL", &db.url)
        .env("RENKEI__DATA_DIR", data.path())
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let dir = data.path().join("mail");
    let found = wait_until(Duration::from_secs(30), || {
        std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .unwrap_or(false)
    })
    .await;
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(worker.id().to_string())
        .status();
    let _ = worker.wait();
    assert!(found, "an .eml file under data/mail/");
    let delivered: i64 = renkei::schema::mail_deliveries::table
        .count()
        .get_result(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(delivered, 1);
}
