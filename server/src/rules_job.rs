//! The background job for the time-based rules (windows that slide, the cadence, the
//! stagnation clock): every few minutes it evaluates every team. Writes evaluate their own
//! team at once; this catches what only time changes.

use std::time::Duration;

use app::db::Db;

/// How often the job runs; proposals are invitations, so minutes are soon enough.
pub const EVERY: Duration = Duration::from_secs(300);

pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        loop {
            ticks.tick().await;
            // One server runs each tick, however many share the database.
            match app::jobs::store::claim_tick(&db, "rules", EVERY, chrono::Utc::now()).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(err) => {
                    tracing::warn!(error = %err, "rules job could not claim its tick");
                    continue;
                }
            }
            let started = std::time::Instant::now();
            match app::limits::refresh::refresh_all(&db, chrono::Utc::now()).await {
                Ok(made) => tracing::info!(
                    new_proposals = made,
                    ms = started.elapsed().as_millis() as u64,
                    "rules evaluated for every team"
                ),
                Err(err) => tracing::warn!(error = %err, "background rule evaluation failed"),
            }
        }
    })
}
