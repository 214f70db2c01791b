//! SQL for a host keeping its offers and a team its requests: more slots on an offer, closing
//! an offer or a request, and the organisation's ledger for its admins.

use chrono::{DateTime, Utc};

use crate::auth::model::{OrganisationId, TeamId};
use crate::db::Db;
use crate::error::AppError;
use crate::visits::model::{OfferId, RequestId};
use crate::visits::views::TeamLedger;
use crate::{execute, on_db};

/// The host team of an offer that is still open; a closed or unknown offer is not found.
pub async fn open_offer_host(db: &Db, offer: OfferId) -> Result<TeamId, AppError> {
    let row: Option<(TeamId,)> = on_db!(db, p => sqlx::query_as(
        "SELECT host_team_id FROM visit_offers WHERE id = $1 AND closed_at IS NULL")
        .bind(offer).fetch_optional(p).await)?;
    row.map(|(team,)| team).ok_or(AppError::NotFound)
}

/// Closes an offer: it takes no new bookings, and the bookings it has stand.
pub async fn close_offer(db: &Db, offer: OfferId, now: DateTime<Utc>) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE visit_offers SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
        now,
        offer
    )?;
    Ok(())
}

/// The team of a request that is still open; a closed or unknown request is not found.
pub async fn open_request_team(db: &Db, request: RequestId) -> Result<TeamId, AppError> {
    let row: Option<(TeamId,)> = on_db!(db, p => sqlx::query_as(
        "SELECT team_id FROM visit_requests WHERE id = $1 AND closed_at IS NULL")
        .bind(request).fetch_optional(p).await)?;
    row.map(|(team,)| team).ok_or(AppError::NotFound)
}

pub async fn close_request(
    db: &Db,
    request: RequestId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE visit_requests SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
        now,
        request
    )?;
    Ok(())
}

/// Every team of the organisation with its ledger and target, by name.
pub async fn organisation_ledgers(
    db: &Db,
    organisation: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Vec<TeamLedger>, AppError> {
    let teams: Vec<(TeamId, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, name FROM teams WHERE organisation_id = $1 ORDER BY name, id")
        .bind(organisation).fetch_all(p).await)?;
    let mut ledgers = Vec::with_capacity(teams.len());
    for (team, name) in teams {
        ledgers.push(TeamLedger {
            team,
            name,
            ledger: crate::visits::store::ledger(db, team, now).await?,
            target: crate::visits::store::profile(db, team).await?.target,
        });
    }
    Ok(ledgers)
}
