//! SQL for the CSV import and export of a team's caseload: matching members, applying a clean
//! file in one transaction, and reading the rows back out.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::model::{TeamId, UserId};
use crate::caseload::clients::store::{
    INSERT_ASSIGNMENT, INSERT_CLIENT, INSERT_DOMAIN, INSERT_OBSERVATION,
};
use crate::caseload::model::{
    AvoidanceLevel, AvoidanceObservation, Perspective, current_avoidance,
};
use crate::caseload::store::load_team;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::on_db;
use crate::shared::ids::{ClientId, DomainId};

/// Team members as the CSV import matches them: by email or display name.
pub async fn import_members(
    db: &Db,
    team: TeamId,
) -> Result<Vec<crate::caseload::import::model::ImportMember>, AppError> {
    const SQL: &str = "SELECT u.id, u.email, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.team_id = $1 AND m.role = 'member' AND u.active = TRUE ORDER BY u.display_name";
    let rows: Vec<(UserId, String, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(user_id, email, display_name)| crate::caseload::import::model::ImportMember {
                user_id,
                email,
                display_name,
            },
        )
        .collect())
}

/// Applies a clean import in one transaction: new codes become clients, known codes are
/// brought in line with the file, and only what differs is written, so that importing the
/// same file again changes nothing. Clients missing from the file are left alone.
pub async fn import_clients(
    db: &Db,
    team: TeamId,
    clients: &[crate::caseload::import::model::ImportedClient],
    actor: UserId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<crate::caseload::views::ImportOutcome, AppError> {
    const FIND: &str =
        "SELECT id, weight, start_date, status FROM clients WHERE team_id = $1 AND code = $2";
    const CURRENT: &str =
        "SELECT user_id, role FROM assignments WHERE client_id = $1 AND to_date IS NULL";
    const DOMAINS: &str = "SELECT domain_id FROM client_domains WHERE client_id = $1";
    const OBSERVATIONS: &str = "SELECT observed_on, level, perspective FROM avoidance_observations WHERE client_id = $1 ORDER BY observed_on, id";
    const END_ROLE: &str = "UPDATE assignments SET to_date = $1 WHERE client_id = $2 AND role = $3 AND to_date IS NULL";
    let mut outcome = crate::caseload::views::ImportOutcome::default();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for c in clients {
            let found: Option<(ClientId, i64, NaiveDate, String)> = sqlx::query_as(FIND).bind(team).bind(c.code.as_str()).fetch_optional(&mut *tx).await?;
            let Some((id, weight, start, status)) = found else {
                let (id,): (ClientId,) = sqlx::query_as(INSERT_CLIENT).bind(team).bind(c.code.as_str()).bind(i64::from(c.weight.points())).bind(c.start).bind("").bind(now).fetch_one(&mut *tx).await?;
                for d in &c.domains {
                    sqlx::query(INSERT_DOMAIN).bind(id).bind(*d).execute(&mut *tx).await?;
                }
                for (user, role) in [(c.primary, "primary"), (c.secondary, "secondary")] {
                    if let Some(user) = user {
                        sqlx::query(INSERT_ASSIGNMENT).bind(id).bind(user).bind(role).bind(c.start.min(today)).bind(actor).bind(now).execute(&mut *tx).await?;
                    }
                }
                if let Some(level) = c.avoidance {
                    sqlx::query(INSERT_OBSERVATION).bind(id).bind(today).bind(i64::from(level.number())).bind("professional").bind("").bind(actor).bind(now).execute(&mut *tx).await?;
                }
                outcome.created += 1;
                continue;
            };
            let mut changed = false;
            if weight != i64::from(c.weight.points()) || start != c.start || status != "active" {
                sqlx::query("UPDATE clients SET weight = $1, start_date = $2, status = 'active', end_date = NULL WHERE id = $3")
                    .bind(i64::from(c.weight.points())).bind(c.start).bind(id).execute(&mut *tx).await?;
                changed = true;
            }
            let mut domains: Vec<DomainId> = sqlx::query_as::<_, (DomainId,)>(DOMAINS).bind(id).fetch_all(&mut *tx).await?.into_iter().map(|(d,)| d).collect();
            domains.sort_unstable();
            let mut wanted = c.domains.clone();
            wanted.sort_unstable();
            if domains != wanted {
                sqlx::query("DELETE FROM client_domains WHERE client_id = $1").bind(id).execute(&mut *tx).await?;
                for d in &wanted {
                    sqlx::query(INSERT_DOMAIN).bind(id).bind(*d).execute(&mut *tx).await?;
                }
                changed = true;
            }
            let current: Vec<(UserId, String)> = sqlx::query_as(CURRENT).bind(id).fetch_all(&mut *tx).await?;
            let holder = |role: &str| current.iter().find(|(_, r)| r == role).map(|(u, _)| *u);
            if holder("primary") != c.primary || holder("secondary") != c.secondary {
                for role in ["secondary", "primary"] {
                    sqlx::query(END_ROLE).bind(today).bind(id).bind(role).execute(&mut *tx).await?;
                }
                for (user, role) in [(c.primary, "primary"), (c.secondary, "secondary")] {
                    if let Some(user) = user {
                        sqlx::query(INSERT_ASSIGNMENT).bind(id).bind(user).bind(role).bind(today).bind(actor).bind(now).execute(&mut *tx).await?;
                    }
                }
                changed = true;
            }
            if let Some(level) = c.avoidance {
                let history: Vec<(NaiveDate, i64, String)> = sqlx::query_as(OBSERVATIONS).bind(id).fetch_all(&mut *tx).await?;
                let observations: Vec<AvoidanceObservation> = history.into_iter().filter_map(|(observed_on, l, p)| Some(AvoidanceObservation { observed_on, level: AvoidanceLevel::from_number(l)?, perspective: Perspective::parse(&p)? })).collect();
                let latest_professional = observations.iter().rev().find(|o| o.perspective == Perspective::Professional).map(|o| o.level);
                // Record the file's level as the professional's view, unless the client's
                // current level or that view already says so (which keeps re-imports idle).
                if current_avoidance(&observations) != Some(level) && latest_professional != Some(level) {
                    sqlx::query(INSERT_OBSERVATION).bind(id).bind(today).bind(i64::from(level.number())).bind("professional").bind("").bind(actor).bind(now).execute(&mut *tx).await?;
                    changed = true;
                }
            }
            if changed {
                outcome.updated += 1;
            } else {
                outcome.unchanged += 1;
            }
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })?;
    Ok(outcome)
}

/// The team's active clients as export rows, with members by email.
pub async fn export_rows(
    db: &Db,
    team: TeamId,
    today: NaiveDate,
) -> Result<Vec<crate::caseload::import::model::ExportRow>, AppError> {
    const EMAILS: &str = "SELECT u.id, u.email FROM users u JOIN assignments a ON a.user_id = u.id \
         JOIN clients c ON c.id = a.client_id WHERE c.team_id = $1 AND a.to_date IS NULL";
    let loaded = load_team(db, team, today).await?;
    let emails: HashMap<UserId, String> =
        on_db!(db, p => sqlx::query_as::<_, (UserId, String)>(EMAILS).bind(team).fetch_all(p).await)?
            .into_iter()
            .collect();
    Ok(loaded
        .snapshot
        .clients
        .iter()
        .map(|c| {
            let (code, start) = loaded.codes.get(&c.id).cloned().unwrap_or_default();
            crate::caseload::import::model::ExportRow {
                code,
                weight: c.weight.points(),
                domains: c.domains.iter().map(|d| loaded.domain_name(*d)).collect(),
                primary: c.primary.and_then(|u| emails.get(&u).cloned()),
                secondary: c.secondary.and_then(|u| emails.get(&u).cloned()),
                start,
                avoidance: c.avoidance,
            }
        })
        .collect())
}
