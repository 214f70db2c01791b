//! SQL for clients: creating, changing and closing them, their observations and the history
//! of who carries them. Callers have already authorised.

use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::{ClientId, DomainId};
use crate::caseload::model::{
    AssignmentRole, AvoidanceLevel, AvoidanceObservation, Perspective, Weight,
};
use crate::caseload::views::{AssignmentRow, ClientStatus, NewClient, ObservationRow, Person};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::{execute, on_db};

/// The team a client belongs to, if the client exists.
pub async fn client_team(db: &Db, client: ClientId) -> Result<Option<TeamId>, AppError> {
    let row: Option<(TeamId,)> = on_db!(db, p => sqlx::query_as("SELECT team_id FROM clients WHERE id = $1").bind(client).fetch_optional(p).await)?;
    Ok(row.map(|(t,)| t))
}

/// Whether `user` is currently the primary or secondary professional of `client`.
pub async fn is_assigned(db: &Db, client: ClientId, user: UserId) -> Result<bool, AppError> {
    const SQL: &str = "SELECT COUNT(*) FROM assignments WHERE client_id = $1 AND user_id = $2 AND to_date IS NULL";
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(client).bind(user).fetch_one(p).await)?;
    Ok(n > 0)
}

pub async fn code_taken(db: &Db, team: TeamId, code: &str) -> Result<bool, AppError> {
    const SQL: &str = "SELECT COUNT(*) FROM clients WHERE team_id = $1 AND code = $2";
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).bind(code).fetch_one(p).await)?;
    Ok(n > 0)
}

pub(in crate::caseload) const INSERT_CLIENT: &str = "INSERT INTO clients (team_id, code, weight, start_date, status, note, created_at) \
     VALUES ($1, $2, $3, $4, 'active', $5, $6) RETURNING id";
pub(in crate::caseload) const INSERT_DOMAIN: &str =
    "INSERT INTO client_domains (client_id, domain_id) VALUES ($1, $2)";
pub(in crate::caseload) const INSERT_ASSIGNMENT: &str = "INSERT INTO assignments (client_id, user_id, role, from_date, created_by, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";
pub(in crate::caseload) const INSERT_OBSERVATION: &str = "INSERT INTO avoidance_observations (client_id, observed_on, level, perspective, note, recorded_by, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Creates the client with its domains, assignments and first observation, or nothing.
pub async fn create_client(
    db: &Db,
    team: TeamId,
    client: &NewClient,
    actor: UserId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ClientId, AppError> {
    if code_taken(db, team, client.code.as_str()).await? {
        return Err(AppError::invalid("code", FieldProblem::AlreadyTaken));
    }
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (id,): (ClientId,) = sqlx::query_as(INSERT_CLIENT)
            .bind(team)
            .bind(client.code.as_str())
            .bind(i64::from(client.weight.points()))
            .bind(client.start)
            .bind(&client.note)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(AppError::unique_as("code", FieldProblem::AlreadyTaken))?;
        for d in &client.domains {
            sqlx::query(INSERT_DOMAIN).bind(id).bind(*d).execute(&mut *tx).await?;
        }
        for (user, role) in [(client.primary, AssignmentRole::Primary), (client.secondary, AssignmentRole::Secondary)] {
            if let Some(user) = user {
                sqlx::query(INSERT_ASSIGNMENT).bind(id).bind(user).bind(role.as_str()).bind(client.start.min(today)).bind(actor).bind(now).execute(&mut *tx).await?;
            }
        }
        if let Some(level) = client.avoidance {
            sqlx::query(INSERT_OBSERVATION).bind(id).bind(today).bind(i64::from(level.number())).bind(Perspective::Professional.as_str()).bind("").bind(actor).bind(now).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<ClientId, AppError>(id)
    })
}

pub async fn add_observation(
    db: &Db,
    client: ClientId,
    observation: &AvoidanceObservation,
    note: &str,
    actor: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    execute!(
        db,
        INSERT_OBSERVATION,
        client,
        observation.observed_on,
        i64::from(observation.level.number()),
        observation.perspective.as_str(),
        note,
        actor,
        now
    )?;
    Ok(())
}

/// Changes weight, domains and note together, or nothing.
pub async fn update_client(
    db: &Db,
    client: ClientId,
    weight: Weight,
    domains: &[DomainId],
    note: &str,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("UPDATE clients SET weight = $1, note = $2 WHERE id = $3")
            .bind(i64::from(weight.points())).bind(note).bind(client).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM client_domains WHERE client_id = $1").bind(client).execute(&mut *tx).await?;
        for d in domains {
            sqlx::query(INSERT_DOMAIN).bind(client).bind(*d).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

/// Closes the client and ends its current assignments on `end`.
pub async fn close_client(db: &Db, client: ClientId, end: NaiveDate) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("UPDATE clients SET status = 'closed', end_date = $1 WHERE id = $2 AND status = 'active'")
            .bind(end).bind(client).execute(&mut *tx).await?;
        sqlx::query("UPDATE assignments SET to_date = $1 WHERE client_id = $2 AND to_date IS NULL")
            .bind(end).bind(client).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

/// Sets (or clears) the current professional in one role, keeping the history: the old
/// assignment ends today, the new one starts today. Someone cannot hold both roles.
/// Takes the client's row lock on PostgreSQL, so that two people changing one client's
/// assignments wait for each other instead of both ending the same row and colliding on the
/// "one current assignment" index. SQLite's `BEGIN IMMEDIATE` already serialises writers.
async fn lock_client<'c, D: sqlx::Database>(
    db: &Db,
    tx: &mut sqlx::Transaction<'c, D>,
    client: ClientId,
) -> Result<(), AppError>
where
    for<'e> &'e mut D::Connection: sqlx::Executor<'e, Database = D>,
    for<'q> ClientId: sqlx::Encode<'q, D> + sqlx::Type<D>,
    for<'q> <D as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, D>,
{
    if matches!(db, Db::Postgres(_)) {
        sqlx::query::<D>("SELECT id FROM clients WHERE id = $1 FOR UPDATE")
            .bind(client)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn assign(
    db: &Db,
    client: ClientId,
    role: AssignmentRole,
    user: Option<UserId>,
    actor: UserId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const CURRENT: &str =
        "SELECT user_id, role FROM assignments WHERE client_id = $1 AND to_date IS NULL";
    const END: &str = "UPDATE assignments SET to_date = $1 WHERE client_id = $2 AND role = $3 AND to_date IS NULL";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        lock_client(db, &mut tx, client).await?;
        let current: Vec<(UserId, String)> = sqlx::query_as(CURRENT).bind(client).fetch_all(&mut *tx).await?;
        if current.iter().any(|(u, r)| Some(*u) == user && r == role.as_str()) {
            return Ok(());
        }
        if current.iter().any(|(u, r)| Some(*u) == user && r != role.as_str()) {
            return Err(AppError::invalid(role.as_str(), FieldProblem::SameMemberTwice));
        }
        sqlx::query(END).bind(today).bind(client).bind(role.as_str()).execute(&mut *tx).await?;
        if let Some(user) = user {
            sqlx::query(INSERT_ASSIGNMENT).bind(client).bind(user).bind(role.as_str()).bind(today).bind(actor).bind(now).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

/// Moves a client's primary assignment from `from` to `to`, provided `from` still holds it.
/// When `to` was the secondary professional, that role ends: they now carry the case.
pub async fn apply_move(
    db: &Db,
    client: ClientId,
    from: UserId,
    to: UserId,
    actor: UserId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const PRIMARY: &str = "SELECT user_id FROM assignments WHERE client_id = $1 AND role = 'primary' AND to_date IS NULL";
    const END: &str = "UPDATE assignments SET to_date = $1 WHERE client_id = $2 AND to_date IS NULL \
         AND (role = 'primary' OR (role = 'secondary' AND user_id = $3))";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        // Two moves of one client at once: the second waits here, then sees it is stale.
        lock_client(db, &mut tx, client).await?;
        let current: Option<(UserId,)> = sqlx::query_as(PRIMARY).bind(client).fetch_optional(&mut *tx).await?;
        if current.map(|(u,)| u) != Some(from) {
            return Err(AppError::invalid("move", FieldProblem::Stale));
        }
        sqlx::query(END).bind(today).bind(client).bind(to).execute(&mut *tx).await?;
        sqlx::query(INSERT_ASSIGNMENT).bind(client).bind(to).bind("primary").bind(today).bind(actor).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClientRecord {
    pub team: TeamId,
    pub code: String,
    pub weight: u8,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub status: ClientStatus,
    pub note: String,
    pub domain_ids: Vec<DomainId>,
    pub observations: Vec<ObservationRow>,
    pub history: Vec<AssignmentRow>,
}

#[derive(sqlx::FromRow)]
struct StoredClient {
    team_id: TeamId,
    code: String,
    weight: i64,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    status: String,
    note: String,
}

pub async fn client_record(db: &Db, client: ClientId) -> Result<ClientRecord, AppError> {
    const CLIENT: &str = "SELECT team_id, code, weight, start_date, end_date, status, note FROM clients WHERE id = $1";
    const DOMAINS: &str =
        "SELECT domain_id FROM client_domains WHERE client_id = $1 ORDER BY domain_id";
    const OBSERVATIONS: &str = "SELECT o.observed_on, o.level, o.perspective, o.note, u.display_name FROM avoidance_observations o \
         LEFT JOIN users u ON u.id = o.recorded_by WHERE o.client_id = $1 ORDER BY o.observed_on DESC, o.id DESC";
    const HISTORY: &str = "SELECT a.user_id, u.display_name, a.role, a.from_date, a.to_date FROM assignments a \
         JOIN users u ON u.id = a.user_id WHERE a.client_id = $1 ORDER BY a.from_date DESC, a.id DESC";
    let stored: StoredClient =
        on_db!(db, p => sqlx::query_as(CLIENT).bind(client).fetch_one(p).await)?;
    let domain_ids: Vec<(DomainId,)> =
        on_db!(db, p => sqlx::query_as(DOMAINS).bind(client).fetch_all(p).await)?;
    let observations: Vec<(NaiveDate, i64, String, String, Option<String>)> =
        on_db!(db, p => sqlx::query_as(OBSERVATIONS).bind(client).fetch_all(p).await)?;
    let history: Vec<(UserId, String, String, NaiveDate, Option<NaiveDate>)> =
        on_db!(db, p => sqlx::query_as(HISTORY).bind(client).fetch_all(p).await)?;
    Ok(ClientRecord {
        team: stored.team_id,
        code: stored.code,
        weight: u8::try_from(stored.weight).unwrap_or(1),
        start: stored.start_date,
        end: stored.end_date,
        status: if stored.status == "active" {
            ClientStatus::Active
        } else {
            ClientStatus::Closed
        },
        note: stored.note,
        domain_ids: domain_ids.into_iter().map(|(d,)| d).collect(),
        observations: observations
            .into_iter()
            .filter_map(|(observed_on, level, perspective, note, by)| {
                Some(ObservationRow {
                    observed_on,
                    level: AvoidanceLevel::from_number(level)?,
                    perspective: Perspective::parse(&perspective)?,
                    note,
                    recorded_by: by,
                })
            })
            .collect(),
        history: history
            .into_iter()
            .filter_map(|(id, name, role, from, to)| {
                Some(AssignmentRow {
                    person: Person { id, name },
                    role: AssignmentRole::parse(&role)?,
                    from,
                    to,
                })
            })
            .collect(),
    })
}

/// The team's active clients, by code.
pub async fn active_clients(db: &Db, team: TeamId) -> Result<Vec<(ClientId, String)>, AppError> {
    const SQL: &str =
        "SELECT id, code FROM clients WHERE team_id = $1 AND status = 'active' ORDER BY code";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?)
}
