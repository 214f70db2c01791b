//! Retention: the admin sets the organisation's periods, and a daily job applies every
//! organisation's. The job's work is written to the access log, without an actor.

use chrono::{DateTime, Utc};

use super::model::{Kept, RetentionPeriods};
use super::store::{self, Applied};
use super::views::RetentionView;
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Need, OrganisationId};
use crate::db::Db;
use crate::error::AppError;

pub async fn settings() -> Result<RetentionView, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    Ok(RetentionView {
        periods: store::periods(&state.db, actor.organisation_id).await?,
        defaults: RetentionPeriods::default(),
        last_applied: audit::last_of(&state.db, actor.organisation_id, APPLIED).await?,
    })
}

pub async fn save(typed: impl Fn(Kept) -> String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let periods = RetentionPeriods::parse(typed)?;
    store::save(&state.db, actor.organisation_id, &periods).await?;
    let subject = Kept::ALL
        .iter()
        .map(|k| format!("{}:{}", k.field(), periods.get(*k)))
        .collect::<Vec<_>>()
        .join(" ");
    audit::by_actor(&state.db, &actor, "retention.settings", &subject).await
}

/// The action the job's entries carry.
const APPLIED: &str = "retention.apply";

/// Applies every organisation's periods as of `now`. One organisation's failure does not keep
/// the others from theirs.
pub async fn apply_all(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<Vec<(OrganisationId, Applied)>, AppError> {
    let organisations = store::organisations(db).await?;
    let mut done = Vec::with_capacity(organisations.len());
    for (org, periods) in &organisations {
        match apply_one(db, *org, periods, now).await {
            Ok(applied) => done.push((*org, applied)),
            Err(err) => tracing::warn!(organisation = %org, error = %err, "retention not applied"),
        }
    }
    // Typed addresses that name no account: the strictest period any organisation chose.
    let shortest = organisations
        .iter()
        .map(|(_, p)| p.login_attempts_days)
        .min()
        .unwrap_or_else(|| Kept::LoginAttempts.default_period());
    let strictest = RetentionPeriods {
        login_attempts_days: shortest,
        ..RetentionPeriods::default()
    };
    store::unknown_login_attempts(db, strictest.cutoffs(now).login_attempts).await?;
    store::unanswered_passkey_challenges(db, now - chrono::Duration::days(1)).await?;
    Ok(done)
}

async fn apply_one(
    db: &Db,
    org: OrganisationId,
    periods: &RetentionPeriods,
    now: DateTime<Utc>,
) -> Result<Applied, AppError> {
    let applied = store::apply(db, org, &periods.cutoffs(now)).await?;
    let subject = format!(
        "clients:{} signal_notes:{} login_records:{} notifications:{} session_notes:{} access_log:{}",
        applied.clients,
        applied.signal_notes,
        applied.login_records,
        applied.notifications,
        applied.session_notes,
        applied.access_log
    );
    audit::record(db, org, None, APPLIED, &subject).await?;
    Ok(applied)
}
