//! GET /healthz for the platform's checks: the database answers and the job queue moves
//! (its tables exist and the outbox has nothing waiting for more than five minutes).

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::Backend;
use crate::http::AppState;
use crate::models::outbox::Outbox;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

pub async fn show(state: web::Data<AppState>) -> HttpResponse {
    let st = state.clone();
    let result = state
        .db(move |conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            let sql = match conn.backend() {
                Backend::Sqlite => "SELECT COUNT(*) AS n FROM Jobs WHERE status = 'Pending'",
                Backend::Postgres => {
                    "SELECT COUNT(*) AS n FROM apalis.jobs WHERE status = 'Pending'"
                }
            };
            let queued = diesel::sql_query(sql)
                .get_result::<Count>(conn)
                .ok()
                .map(|c| c.n);
            let oldest = Outbox::oldest_pending(conn)?;
            let lag = oldest
                .map(|t| (st.clock.now() - t).num_seconds())
                .unwrap_or(0);
            Ok((queued, lag))
        })
        .await;
    match result {
        Ok((Some(queued), lag)) if lag < 300 => HttpResponse::Ok().json(serde_json::json!({
            "status": "ok", "database": "ok", "queue": "ok", "queued_jobs": queued, "outbox_lag_seconds": lag
        })),
        Ok((queued, lag)) => HttpResponse::ServiceUnavailable().json(serde_json::json!({
            "status": "degraded", "database": "ok",
            "queue": if queued.is_none() { "missing" } else { "stalled" },
            "outbox_lag_seconds": lag
        })),
        Err(_) => HttpResponse::ServiceUnavailable().json(serde_json::json!({
            "status": "down", "database": "unreachable"
        })),
    }
}
