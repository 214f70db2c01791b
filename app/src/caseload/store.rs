//! SQL for the caseload: domains, clients, assignment history, avoidance observations,
//! capacity settings, personal limits and team limits. Callers have already authorised;
//! every query is scoped to one team.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::apply_caseload_limits;
use crate::caseload::balance::model::{
    ClientId, ClientInput, DomainId, MemberInput, PersonalLimit, PersonalLimitId,
    PersonalLimitKind, TeamPolicy, TeamSnapshot,
};
use crate::caseload::model::{
    AssignmentRole, AvoidanceLevel, AvoidanceObservation, Perspective, Weight, current_avoidance,
};
use crate::caseload::views::{
    AssignmentRow, ClientRow, ClientStatus, Domain, NewClient, ObservationRow, Person, SEED_DOMAINS,
};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::teams::limits::{LimitKind, Proposes, TeamLimit, default_limits};
use crate::{execute, fetch_all, on_db};

pub async fn seed_domains(db: &Db, team: TeamId) -> Result<(), AppError> {
    for name in SEED_DOMAINS {
        execute!(
            db,
            "INSERT INTO domains (team_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            team,
            name
        )?;
    }
    Ok(())
}

pub async fn domains(db: &Db, team: TeamId) -> Result<Vec<Domain>, AppError> {
    const SQL: &str = "SELECT id, name FROM domains WHERE team_id = $1 ORDER BY LOWER(name)";
    let rows: Vec<(DomainId, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Domain { id, name })
        .collect())
}

pub async fn add_domain(db: &Db, team: TeamId, name: &str) -> Result<DomainId, AppError> {
    const EXISTS: &str =
        "SELECT COUNT(*) FROM domains WHERE team_id = $1 AND LOWER(name) = LOWER($2)";
    const SQL: &str = "INSERT INTO domains (team_id, name) VALUES ($1, $2) RETURNING id";
    let (taken,): (i64,) =
        on_db!(db, p => sqlx::query_as(EXISTS).bind(team).bind(name).fetch_one(p).await)?;
    if taken > 0 {
        return Err(AppError::invalid("name", FieldProblem::AlreadyTaken));
    }
    let (id,): (DomainId,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).bind(name).fetch_one(p).await)
            .map_err(AppError::unique_as("name", FieldProblem::AlreadyTaken))?;
    Ok(id)
}

/// A team limit as stored. The rules' bulk loader reads the same row (through
/// [`crate::caseload::directory`]), so it is decoded in one place.
#[derive(sqlx::FromRow)]
pub struct TeamLimitRow {
    pub team_id: TeamId,
    kind: String,
    threshold: f64,
    window_weeks: Option<i64>,
    proposes: String,
    active: bool,
}

impl TeamLimitRow {
    /// The limit, or `None` for a row no version of the app wrote.
    fn into_limit(self) -> Option<TeamLimit> {
        Some(TeamLimit {
            kind: LimitKind::parse(&self.kind)?,
            threshold: self.threshold,
            window_weeks: self.window_weeks.and_then(|w| u32::try_from(w).ok()),
            proposes: Proposes::parse(&self.proposes)?,
            active: self.active,
        })
    }
}

/// The defaults with the stored rows of one team laid over them.
pub fn over_defaults(rows: impl IntoIterator<Item = TeamLimitRow>) -> Vec<TeamLimit> {
    let mut limits = default_limits();
    for stored in rows.into_iter().filter_map(TeamLimitRow::into_limit) {
        match limits.iter_mut().find(|l| l.kind == stored.kind) {
            Some(slot) => *slot = stored,
            None => limits.push(stored),
        }
    }
    limits
}

pub const TEAM_LIMIT_COLUMNS: &str =
    "team_id, kind, threshold, window_weeks, proposes, active FROM team_limits";

/// The team's stored limits; a team that never saved any has the defaults.
pub async fn team_limits(db: &Db, team: TeamId) -> Result<Vec<TeamLimit>, AppError> {
    let sql = format!("SELECT {TEAM_LIMIT_COLUMNS} WHERE team_id = $1");
    let rows: Vec<TeamLimitRow> = fetch_all!(db, &sql, team)?;
    Ok(over_defaults(rows))
}

/// Writes each limit over the stored one of its kind, inside the caller's transaction.
macro_rules! upsert_team_limits {
    ($tx:expr, $team:expr, $limits:expr, $now:expr) => {
        for limit in $limits {
            sqlx::query(UPSERT_TEAM_LIMIT)
                .bind($team)
                .bind(limit.kind.as_str())
                .bind(limit.threshold)
                .bind(limit.window_weeks.map(i64::from))
                .bind(limit.proposes.as_str())
                .bind(limit.active)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

const UPSERT_TEAM_LIMIT: &str = "INSERT INTO team_limits (team_id, kind, threshold, window_weeks, proposes, active, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (team_id, kind) DO UPDATE SET threshold = excluded.threshold, \
     window_weeks = excluded.window_weeks, proposes = excluded.proposes, active = excluded.active, updated_at = excluded.updated_at";

/// Saves the given limits (one per kind), all or nothing.
pub async fn save_team_limits(
    db: &Db,
    team: TeamId,
    limits: &[TeamLimit],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        upsert_team_limits!(tx, team, limits, now);
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamSettings {
    pub policy: TeamPolicy,
    pub limits: Vec<TeamLimit>,
    pub members_see_balance: bool,
}

pub async fn team_settings(db: &Db, team: TeamId) -> Result<TeamSettings, AppError> {
    const SQL: &str =
        "SELECT norm_per_fte, secondary_fraction, members_see_balance FROM teams WHERE id = $1";
    let (norm, fraction, members_see_balance): (f64, f64, bool) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_one(p).await)?;
    let limits = team_limits(db, team).await?;
    let mut policy = TeamPolicy {
        norm_per_fte: norm,
        secondary_fraction: fraction,
        max_load_per_fte: None,
        max_avoiders: None,
        max_avoider_share: None,
    };
    apply_caseload_limits(&limits, &mut policy);
    Ok(TeamSettings {
        policy,
        limits,
        members_see_balance,
    })
}

/// Saves the team's capacity settings and limits together, or nothing.
pub async fn save_team_settings(
    db: &Db,
    team: TeamId,
    settings: &TeamSettings,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const TEAM: &str = "UPDATE teams SET norm_per_fte = $1, secondary_fraction = $2, members_see_balance = $3 WHERE id = $4";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query(TEAM)
            .bind(settings.policy.norm_per_fte)
            .bind(settings.policy.secondary_fraction)
            .bind(settings.members_see_balance)
            .bind(team)
            .execute(&mut *tx)
            .await?;
        upsert_team_limits!(tx, team, &settings.limits, now);
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamMember {
    pub person: Person,
    pub fte: f64,
    pub capacity_override: Option<f64>,
}

/// The active members who carry a caseload (role "member"), by name.
pub async fn caseload_members(db: &Db, team: TeamId) -> Result<Vec<TeamMember>, AppError> {
    const SQL: &str = "SELECT u.id, u.display_name, m.fte, m.capacity_override FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND m.role = 'member' AND u.active = TRUE \
         ORDER BY u.display_name";
    let rows: Vec<(UserId, String, f64, Option<f64>)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, fte, capacity_override)| TeamMember {
            person: Person { id, name },
            fte,
            capacity_override,
        })
        .collect())
}

pub async fn set_capacity_override(
    db: &Db,
    team: TeamId,
    user: UserId,
    points: Option<f64>,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE memberships SET capacity_override = $1 WHERE team_id = $2 AND user_id = $3 AND role = 'member'";
    match execute!(db, SQL, points, team, user)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

/// One team's caseload, loaded once and shared by every view built from it.
#[derive(Debug, Clone)]
pub struct LoadedTeam {
    pub snapshot: TeamSnapshot,
    pub members: Vec<TeamMember>,
    pub settings: TeamSettings,
    pub domains: Vec<Domain>,
    pub codes: HashMap<ClientId, (String, NaiveDate)>,
    /// Names of everyone who appears in an assignment (members and former members).
    pub names: HashMap<UserId, String>,
}

impl LoadedTeam {
    pub fn person(&self, id: UserId) -> Person {
        Person {
            id,
            name: self.names.get(&id).cloned().unwrap_or_default(),
        }
    }

    pub fn domain_name(&self, id: DomainId) -> String {
        self.domains
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    }

    pub fn row(&self, client: &ClientInput) -> ClientRow {
        let (code, start) = self.codes.get(&client.id).cloned().unwrap_or_default();
        ClientRow {
            id: client.id,
            code,
            weight: client.weight.points(),
            domains: client
                .domains
                .iter()
                .map(|d| self.domain_name(*d))
                .collect(),
            avoidance: client.avoidance,
            primary: client.primary.map(|u| self.person(u)),
            secondary: client.secondary.map(|u| self.person(u)),
            start,
            status: ClientStatus::Active,
        }
    }

    pub fn member_ids(&self) -> Vec<UserId> {
        self.members.iter().map(|m| m.person.id).collect()
    }
}

/// A current assignment, with the professional's name.
#[derive(sqlx::FromRow)]
struct CurrentAssignment {
    client_id: ClientId,
    user_id: UserId,
    role: String,
    from_date: NaiveDate,
    display_name: String,
}

/// Loads the team's active clients with their current assignments, domains and derived
/// avoidance, its members and settings, and every personal limit (the caller filters those).
pub async fn load_team(db: &Db, team: TeamId, today: NaiveDate) -> Result<LoadedTeam, AppError> {
    const CLIENTS: &str = "SELECT id, code, weight, start_date FROM clients WHERE team_id = $1 AND status = 'active' ORDER BY code";
    const ASSIGNMENTS: &str = "SELECT a.client_id, a.user_id, a.role, a.from_date, u.display_name FROM assignments a \
         JOIN clients c ON c.id = a.client_id JOIN users u ON u.id = a.user_id \
         WHERE c.team_id = $1 AND c.status = 'active' AND a.to_date IS NULL";
    const DOMAINS: &str = "SELECT cd.client_id, cd.domain_id FROM client_domains cd JOIN clients c ON c.id = cd.client_id \
         WHERE c.team_id = $1 AND c.status = 'active' ORDER BY cd.domain_id";
    const OBSERVATIONS: &str = "SELECT o.client_id, o.observed_on, o.level, o.perspective FROM avoidance_observations o \
         JOIN clients c ON c.id = o.client_id WHERE c.team_id = $1 AND c.status = 'active'";
    const EXPERIENCE: &str = "SELECT a.user_id, cd.domain_id, COUNT(DISTINCT a.client_id) FROM assignments a \
         JOIN client_domains cd ON cd.client_id = a.client_id JOIN clients c ON c.id = a.client_id \
         WHERE c.team_id = $1 GROUP BY a.user_id, cd.domain_id";
    let settings = team_settings(db, team).await?;
    let members = caseload_members(db, team).await?;
    let domains = domains(db, team).await?;
    let clients: Vec<(ClientId, String, i64, NaiveDate)> =
        on_db!(db, p => sqlx::query_as(CLIENTS).bind(team).fetch_all(p).await)?;
    let assignments: Vec<CurrentAssignment> =
        on_db!(db, p => sqlx::query_as(ASSIGNMENTS).bind(team).fetch_all(p).await)?;
    let client_domains: Vec<(ClientId, DomainId)> =
        on_db!(db, p => sqlx::query_as(DOMAINS).bind(team).fetch_all(p).await)?;
    let observations: Vec<(ClientId, NaiveDate, i64, String)> =
        on_db!(db, p => sqlx::query_as(OBSERVATIONS).bind(team).fetch_all(p).await)?;
    let experience: Vec<(UserId, DomainId, i64)> =
        on_db!(db, p => sqlx::query_as(EXPERIENCE).bind(team).fetch_all(p).await)?;
    let personal_limits = team_personal_limits(db, team).await?;

    let mut names: HashMap<UserId, String> = members
        .iter()
        .map(|m| (m.person.id, m.person.name.clone()))
        .collect();
    let mut by_client: HashMap<ClientId, ClientInput> = HashMap::new();
    let mut codes = HashMap::new();
    let mut order = Vec::with_capacity(clients.len());
    for (id, code, weight, start) in clients {
        let weight = u8::try_from(weight)
            .ok()
            .and_then(Weight::new)
            .ok_or(AppError::Internal)?;
        by_client.insert(
            id,
            ClientInput {
                id,
                weight,
                domains: Vec::new(),
                avoidance: None,
                primary: None,
                secondary: None,
                primary_since: start,
            },
        );
        codes.insert(id, (code, start));
        order.push(id);
    }
    for a in assignments {
        names.entry(a.user_id).or_insert(a.display_name);
        if let Some(c) = by_client.get_mut(&a.client_id) {
            match AssignmentRole::parse(&a.role) {
                Some(AssignmentRole::Primary) => {
                    c.primary = Some(a.user_id);
                    c.primary_since = a.from_date;
                }
                Some(AssignmentRole::Secondary) => c.secondary = Some(a.user_id),
                None => {}
            }
        }
    }
    for (client, domain) in client_domains {
        if let Some(c) = by_client.get_mut(&client) {
            c.domains.push(domain);
        }
    }
    let mut history: HashMap<ClientId, Vec<AvoidanceObservation>> = HashMap::new();
    for (client, observed_on, level, perspective) in observations {
        if let (Some(level), Some(perspective)) = (
            AvoidanceLevel::from_number(level),
            Perspective::parse(&perspective),
        ) {
            history
                .entry(client)
                .or_default()
                .push(AvoidanceObservation {
                    observed_on,
                    level,
                    perspective,
                });
        }
    }
    for (client, obs) in history {
        if let Some(c) = by_client.get_mut(&client) {
            c.avoidance = current_avoidance(&obs);
        }
    }
    let mut experience_by_user: HashMap<UserId, BTreeMap<DomainId, u32>> = HashMap::new();
    for (user, domain, n) in experience {
        experience_by_user
            .entry(user)
            .or_default()
            .insert(domain, u32::try_from(n).unwrap_or(0));
    }
    let snapshot = TeamSnapshot {
        policy: settings.policy.clone(),
        members: members
            .iter()
            .map(|m| MemberInput {
                user_id: m.person.id,
                fte: m.fte,
                capacity_override: m.capacity_override,
                experience: experience_by_user.remove(&m.person.id).unwrap_or_default(),
            })
            .collect(),
        clients: order
            .into_iter()
            .filter_map(|id| by_client.remove(&id))
            .collect(),
        personal_limits,
        today,
    };
    Ok(LoadedTeam {
        snapshot,
        members,
        settings,
        domains,
        codes,
        names,
    })
}

/// A personal limit as stored. The rules' bulk loader reads the same row (through
/// [`crate::caseload::directory`]), so it is decoded in one place.
#[derive(sqlx::FromRow)]
pub struct PersonalLimitRow {
    id: PersonalLimitId,
    user_id: UserId,
    kind: String,
    domain_id: Option<DomainId>,
    min_level: Option<i64>,
    max_count: i64,
    shared: bool,
}

impl PersonalLimitRow {
    /// The limit, or `None` for a row no version of the app wrote.
    pub fn into_limit(self) -> Option<PersonalLimit> {
        let kind = match self.kind.as_str() {
            "domain" => PersonalLimitKind::Domain(self.domain_id?),
            "avoiders" => {
                PersonalLimitKind::Avoiders(AvoidanceLevel::from_number(self.min_level?)?)
            }
            "clients" => PersonalLimitKind::Clients,
            _ => return None,
        };
        Some(PersonalLimit {
            id: self.id,
            owner: self.user_id,
            kind,
            max: u32::try_from(self.max_count).ok()?,
            shared: self.shared,
        })
    }
}

const LIMIT_COLUMNS: &str = "id, user_id, kind, domain_id, min_level, max_count, shared";

async fn team_personal_limits(db: &Db, team: TeamId) -> Result<Vec<PersonalLimit>, AppError> {
    let sql = format!("SELECT {LIMIT_COLUMNS} FROM personal_limits WHERE team_id = $1 ORDER BY id");
    let rows: Vec<PersonalLimitRow> = fetch_all!(db, &sql, team)?;
    Ok(rows
        .into_iter()
        .filter_map(PersonalLimitRow::into_limit)
        .collect())
}

pub async fn add_personal_limit(
    db: &Db,
    user: UserId,
    team: TeamId,
    kind: PersonalLimitKind,
    max: u32,
    shared: bool,
    now: DateTime<Utc>,
) -> Result<PersonalLimitId, AppError> {
    const SQL: &str = "INSERT INTO personal_limits (user_id, team_id, kind, domain_id, min_level, max_count, shared, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (kind_str, domain, level): (&str, Option<DomainId>, Option<i64>) = match kind {
        PersonalLimitKind::Domain(d) => ("domain", Some(d), None),
        PersonalLimitKind::Avoiders(l) => ("avoiders", None, Some(i64::from(l.number()))),
        PersonalLimitKind::Clients => ("clients", None, None),
    };
    let (id,): (PersonalLimitId,) = on_db!(db, p => sqlx::query_as(SQL).bind(user).bind(team).bind(kind_str).bind(domain).bind(level).bind(i64::from(max)).bind(shared).bind(now).fetch_one(p).await)?;
    Ok(id)
}

/// Changes only the owner's own limit; anyone else's id is simply not found.
pub async fn set_limit_shared(
    db: &Db,
    owner: UserId,
    limit: PersonalLimitId,
    shared: bool,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE personal_limits SET shared = $1 WHERE id = $2 AND user_id = $3";
    match execute!(db, SQL, shared, limit, owner)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

pub async fn delete_personal_limit(
    db: &Db,
    owner: UserId,
    limit: PersonalLimitId,
) -> Result<(), AppError> {
    const SQL: &str = "DELETE FROM personal_limits WHERE id = $1 AND user_id = $2";
    match execute!(db, SQL, limit, owner)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

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

pub(super) const INSERT_CLIENT: &str = "INSERT INTO clients (team_id, code, weight, start_date, status, note, created_at) \
     VALUES ($1, $2, $3, $4, 'active', $5, $6) RETURNING id";
pub(super) const INSERT_DOMAIN: &str =
    "INSERT INTO client_domains (client_id, domain_id) VALUES ($1, $2)";
pub(super) const INSERT_ASSIGNMENT: &str = "INSERT INTO assignments (client_id, user_id, role, from_date, created_by, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";
pub(super) const INSERT_OBSERVATION: &str = "INSERT INTO avoidance_observations (client_id, observed_on, level, perspective, note, recorded_by, created_at) \
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
