//! The lease row of each background job. Every server wakes on its own timer; the first to
//! move a job's `last_run_at` forward runs that tick, the others skip it. One conditional
//! `UPDATE` decides, so it holds on PostgreSQL with any number of servers and on SQLite.

use chrono::{DateTime, Duration, Utc};

use crate::db::Db;
use crate::error::AppError;
use crate::execute;

/// Claims this tick of `job` if nobody ran it within `every` (less a little slack, so that
/// timers which drift apart never skip a tick). `true`: this caller runs it.
pub async fn claim_tick(
    db: &Db,
    job: &str,
    every: std::time::Duration,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let every = Duration::from_std(every).map_err(|_| AppError::Internal)?;
    let ran_recently_after = now - every + every / 5;
    let never = DateTime::<Utc>::UNIX_EPOCH;
    execute!(
        db,
        "INSERT INTO job_runs (job, last_run_at) VALUES ($1, $2) ON CONFLICT (job) DO NOTHING",
        job,
        never
    )?;
    let claimed = execute!(
        db,
        "UPDATE job_runs SET last_run_at = $1 WHERE job = $2 AND last_run_at < $3",
        now,
        job,
        ran_recently_after
    )?;
    Ok(claimed == 1)
}
