//! SQL for the caseload as a whole: a team's domains, its members and the team's caseload
//! loaded once for every view built from it. Clients live in `clients/store.rs`, capacity and
//! limits in `balance/store.rs`. Callers have already authorised; every query is scoped to one
//! team.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::{ClientId, ClientInput, DomainId, MemberInput, TeamSnapshot};
use crate::caseload::balance::store::{TeamSettings, team_personal_limits, team_settings};
use crate::caseload::model::{
    AssignmentRole, AvoidanceLevel, AvoidanceObservation, Perspective, Weight, current_avoidance,
};
use crate::caseload::views::{ClientRow, ClientStatus, Domain, Person, SEED_DOMAINS};
use crate::db::Db;
use crate::error::{AppError, FieldProblem};
use crate::{execute, on_db};

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
