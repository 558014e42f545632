//! Recording views of patient data with group commit. A handler hands its views to
//! [`AccessLog::record`] and waits: one writer thread takes everything queued meanwhile and
//! chains it in one transaction, then answers every waiter. A page is shown only once its view
//! is stored (no view goes unrecorded when the process dies afterwards), yet a hundred readers at
//! once cost one write, not a hundred queued on the database's write lock.

use std::sync::mpsc;

use chrono::NaiveDateTime;
use tokio::sync::oneshot;

use crate::db::DbPool;
use crate::models::access::{Access, AccessRecord, View};
use crate::models::audit::Actor;

/// The most views chained in one transaction.
const BATCH: usize = 512;

struct Pending {
    accesses: Vec<Access>,
    done: oneshot::Sender<bool>,
}

/// The handle handlers share (in `AppState`). Dropping the last one ends the writer thread once
/// it has written what was queued.
pub struct AccessLog {
    queue: mpsc::Sender<Pending>,
}

#[derive(Debug, thiserror::Error)]
#[error("the access log could not be written")]
pub struct NotRecorded;

impl AccessLog {
    pub fn start(pool: DbPool) -> AccessLog {
        let (queue, rx) = mpsc::channel::<Pending>();
        std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || write_loop(pool, rx))
            .expect("the access-log thread starts");
        AccessLog { queue }
    }

    /// Stores `views` by `actor` at `at`; returns once they are committed. An anonymous actor
    /// has seen no patient data: nothing is written.
    pub async fn record(
        &self,
        actor: &Actor,
        at: NaiveDateTime,
        views: Vec<View>,
    ) -> Result<(), NotRecorded> {
        if views.is_empty() || actor.user_id.is_none() {
            return Ok(());
        }
        let accesses = views
            .into_iter()
            .map(|view| Access {
                actor: actor.clone(),
                at,
                view,
            })
            .collect();
        let (done, answer) = oneshot::channel();
        self.queue
            .send(Pending { accesses, done })
            .map_err(|_| NotRecorded)?;
        match answer.await {
            Ok(true) => Ok(()),
            _ => Err(NotRecorded),
        }
    }
}

fn write_loop(pool: DbPool, rx: mpsc::Receiver<Pending>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        let mut n = batch[0].accesses.len();
        while n < BATCH {
            match rx.try_recv() {
                Ok(p) => {
                    n += p.accesses.len();
                    batch.push(p);
                }
                Err(_) => break,
            }
        }
        let accesses: Vec<Access> = batch
            .iter_mut()
            .flat_map(|p| std::mem::take(&mut p.accesses))
            .collect();
        let stored = match pool.get() {
            Ok(mut conn) => AccessRecord::append_all(&mut conn, &accesses)
                .map_err(|e| tracing::error!("access log not written: {e}"))
                .is_ok(),
            Err(e) => {
                tracing::error!("access log not written: no connection: {e}");
                false
            }
        };
        for p in batch {
            let _ = p.done.send(stored);
        }
    }
}
