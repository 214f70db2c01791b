//! The daily retention job: every hour each app server asks whether a day has passed since the
//! last run; the one that claims the tick applies every organisation's retention periods.

use std::time::Duration;

use app::db::Db;

/// How often a server asks; the claim below makes the job itself run once a day.
pub const ASK_EVERY: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(ASK_EVERY);
        loop {
            ticks.tick().await;
            run_if_due(&db).await;
        }
    })
}

/// Runs the job when no server has run it in the last day.
pub async fn run_if_due(db: &Db) {
    let now = chrono::Utc::now();
    match app::jobs::store::claim_tick(db, "retention", DAY, now).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(err) => {
            tracing::warn!(error = %err, "retention job could not claim its day");
            return;
        }
    }
    match app::privacy::retention::service::apply_all(db, now).await {
        Ok(done) => tracing::info!(organisations = done.len(), "retention periods applied"),
        Err(err) => tracing::warn!(error = %err, "retention job failed"),
    }
}
