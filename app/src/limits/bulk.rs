//! Every team's rule snapshot and limits at once, for the background job: a handful of
//! organisation-wide queries, run side by side, grouped by team in memory. Per team this gives
//! what `store::rule_snapshot` and `caseload::store::team_limits` give, with three differences
//! the rules do not see: members come by user id and clients by id (by name and by code
//! there), and a signal's kinds of work and strain are left empty.
//!
//! The big tables (clients, assignments, observations, movements, signals) come back as *one*
//! row whose columns are comma-separated lists (`string_agg`, in SQLite since 3.44 and in
//! PostgreSQL), split here. The database drivers cost a few microseconds per row, which for
//! 300,000 clients and their assignments and observations was most of the time; one row of
//! lists costs the database far less to produce and Rust very little to split. Values in the
//! lists are never empty (`-` stands for NULL), which keeps the lists aligned.
//!
//! What it leaves out because no rule reads it: client codes, domain experience, names, and
//! client domains that no personal limit counts.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::Row;

use super::model::{TeamLimit, default_limits};
use super::rules::{ClientFacts, RuleSnapshot, last_intervision, longest_window, member_facts};
use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::apply_caseload_limits;
use crate::caseload::balance::model::{
    ClientInput, MemberInput, PersonalLimit, TeamPolicy, TeamSnapshot,
};
use crate::caseload::directory::{
    PersonalLimitRow, TEAM_LIMIT_COLUMNS, TeamLimitRow, over_defaults,
};
use crate::caseload::model::{
    AssignmentRole, AvoidanceLevel, AvoidanceObservation, Perspective, Weight, current_avoidance,
};
use crate::db::Db;
use crate::error::AppError;
use crate::on_db;
use crate::shared::ids::ClientId;
use crate::signals::model::{SignalFact, Visibility};

/// One team, ready for `rules::evaluate`.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRules {
    pub team: TeamId,
    pub limits: Vec<TeamLimit>,
    pub snapshot: RuleSnapshot,
}

/// Which teams to load. One team takes the same few queries, each narrowed to the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Team(TeamId),
}

impl Scope {
    fn team(self) -> Option<TeamId> {
        match self {
            Scope::All => None,
            Scope::Team(team) => Some(team),
        }
    }
}

/// The queries for a scope: `all` for every team, `one` with the team as `$1` (`$2` for the
/// signals, after the start of the window).
fn pick(scope: Scope, all: &str, one: &str) -> String {
    match scope {
        Scope::All => all.to_owned(),
        Scope::Team(_) => one.to_owned(),
    }
}

const ACTIVE_CLIENTS: &str = "SELECT string_agg(CAST(id AS TEXT), ','), string_agg(CAST(team_id AS TEXT), ','), \
     string_agg(CAST(weight AS TEXT), ','), string_agg(CAST(start_date AS TEXT), ',') FROM clients WHERE status = 'active'";
// Current assignments; those of closed clients are dropped in memory, cheaper than joining.
const CURRENT_ASSIGNMENTS: &str = "SELECT string_agg(CAST(client_id AS TEXT), ','), string_agg(CAST(user_id AS TEXT), ','), \
     string_agg(role, ',') FROM assignments WHERE to_date IS NULL";
// Only a personal domain limit looks at a client's domains.
const COUNTED_DOMAINS: &str = "SELECT string_agg(CAST(client_id AS TEXT), ','), string_agg(CAST(domain_id AS TEXT), ',') \
     FROM client_domains WHERE domain_id IN (SELECT domain_id FROM personal_limits WHERE kind = 'domain' AND domain_id IS NOT NULL";
const OBSERVATIONS: &str = "SELECT string_agg(CAST(client_id AS TEXT), ','), string_agg(CAST(observed_on AS TEXT), ','), \
     string_agg(CAST(level AS TEXT), ','), string_agg(perspective, ',') FROM avoidance_observations";
const LAST_MOVEMENTS: &str = "SELECT string_agg(CAST(team_id AS TEXT), ','), string_agg(CAST(client_id AS TEXT), ','), \
     string_agg(CAST(last AS TEXT), ',') FROM (SELECT team_id, client_id, MAX(noted_on) AS last FROM movements";
const SIGNAL_COLUMNS: &str = "SELECT string_agg(CAST(s.team_id AS TEXT), ','), string_agg(CAST(s.id AS TEXT), ','), \
     string_agg(CAST(s.author_id AS TEXT), ','), string_agg(COALESCE(CAST(s.client_id AS TEXT), '-'), ','), \
     string_agg(CAST(s.created_at AS TEXT), ','), string_agg(s.visibility, ','), \
     string_agg(CASE WHEN s.moral_dilemma THEN '1' ELSE '0' END, ','), \
     string_agg(CASE WHEN s.resolved_at IS NULL THEN '0' ELSE '1' END, ',') FROM stuck_signals s";
const IN_TEAM: &str = "client_id IN (SELECT id FROM clients WHERE team_id = $1)";

struct Queries {
    teams: String,
    limits: String,
    members: String,
    personal: String,
    clients: String,
    assignments: String,
    domains: String,
    observations: String,
    movements: String,
    signals: String,
}

impl Queries {
    fn new(scope: Scope) -> Queries {
        const TEAMS: &str = "SELECT id, norm_per_fte, secondary_fraction, created_at, \
             (SELECT MAX(s.starts_at) FROM sessions s WHERE s.team_id = teams.id AND s.kind = 'intervision' \
             AND s.status <> 'cancelled') AS last_intervision, \
             (SELECT MAX(vs.starts_at) FROM visit_bookings vb JOIN visit_slots vs ON vs.id = vb.slot_id \
             JOIN visit_offers vf ON vf.id = vs.offer_id WHERE vb.status IN ('requested', 'confirmed') \
             AND (vf.host_team_id = teams.id OR vb.visiting_team_id = teams.id)) AS last_visit FROM teams";
        let limits = format!("SELECT {TEAM_LIMIT_COLUMNS}");
        const MEMBERS: &str = "SELECT m.team_id, m.user_id, m.fte, m.capacity_override FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.role = 'member' AND u.active = TRUE";
        const PERSONAL: &str = "SELECT team_id, id, user_id, kind, domain_id, min_level, max_count, shared \
             FROM personal_limits";
        Queries {
            teams: pick(scope, TEAMS, &format!("{TEAMS} WHERE id = $1")),
            limits: pick(scope, &limits, &format!("{limits} WHERE team_id = $1")),
            members: pick(scope, MEMBERS, &format!("{MEMBERS} AND m.team_id = $1")),
            personal: pick(
                scope,
                &format!("{PERSONAL} ORDER BY id"),
                &format!("{PERSONAL} WHERE team_id = $1 ORDER BY id"),
            ),
            clients: pick(
                scope,
                ACTIVE_CLIENTS,
                &format!("{ACTIVE_CLIENTS} AND team_id = $1"),
            ),
            assignments: pick(
                scope,
                CURRENT_ASSIGNMENTS,
                &format!("{CURRENT_ASSIGNMENTS} AND {IN_TEAM}"),
            ),
            domains: pick(
                scope,
                &format!("{COUNTED_DOMAINS})"),
                &format!("{COUNTED_DOMAINS} AND team_id = $1) AND {IN_TEAM}"),
            ),
            observations: pick(
                scope,
                OBSERVATIONS,
                &format!("{OBSERVATIONS} WHERE {IN_TEAM}"),
            ),
            movements: pick(
                scope,
                &format!("{LAST_MOVEMENTS} GROUP BY team_id, client_id) m"),
                &format!("{LAST_MOVEMENTS} WHERE team_id = $1 GROUP BY team_id, client_id) m"),
            ),
            // Without an index on created_at alone this reads the whole table (a few hundred
            // ms for two million signals); with one, only the window.
            signals: pick(
                scope,
                &format!("{SIGNAL_COLUMNS} WHERE s.created_at >= $1"),
                &format!("{SIGNAL_COLUMNS} WHERE s.created_at >= $1 AND s.team_id = $2"),
            ),
        }
    }
}

#[derive(sqlx::FromRow)]
struct TeamRow {
    id: TeamId,
    norm_per_fte: f64,
    secondary_fraction: f64,
    created_at: DateTime<Utc>,
    last_intervision: Option<DateTime<Utc>>,
    last_visit: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    team_id: TeamId,
    user_id: UserId,
    fte: f64,
    capacity_override: Option<f64>,
}
#[derive(sqlx::FromRow)]
struct PersonalRow {
    team_id: TeamId,
    #[sqlx(flatten)]
    limit: PersonalLimitRow,
}

/// How long each step took, for the benchmark.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimings {
    /// Teams and limits, which decide how far back signals are read.
    pub limits: std::time::Duration,
    /// The remaining queries, run side by side.
    pub queries: std::time::Duration,
    /// Splitting the lists, grouping by team and deriving the member figures.
    pub assemble: std::time::Duration,
    pub signal_rows: usize,
}

/// Every team's limits and rule snapshot at `now`, ordered by team id.
pub async fn load_all(db: &Db, now: DateTime<Utc>) -> Result<Vec<TeamRules>, AppError> {
    Ok(load(db, Scope::All, now).await?.0)
}

/// One team's limits and rule snapshot, the same way; `None` when there is no such team.
pub async fn load_team(
    db: &Db,
    team: TeamId,
    now: DateTime<Utc>,
) -> Result<Option<TeamRules>, AppError> {
    Ok(load(db, Scope::Team(team), now).await?.0.pop())
}

/// The teams in `scope`, ordered by id, and where the time went.
pub async fn load(
    db: &Db,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<(Vec<TeamRules>, LoadTimings), AppError> {
    let started = std::time::Instant::now();
    let q = Queries::new(scope);
    let team = scope.team();
    let (teams, limit_rows) = tokio::try_join!(
        rows::<TeamRow>(db, &q.teams, team),
        rows::<TeamLimitRow>(db, &q.limits, team)
    )?;
    let mut limits = team_limits(&teams, limit_rows);
    let windows: HashMap<TeamId, u32> = limits
        .iter()
        .map(|(team, l)| (*team, longest_window(l)))
        .collect();
    let widest = windows.values().copied().max().unwrap_or(0);
    let since = now - Duration::weeks(i64::from(widest));
    let limits_done = started.elapsed();

    let (members, personal, clients, assignments, domains, observations, movements, signals) = tokio::try_join!(
        rows::<MemberRow>(db, &q.members, team),
        rows::<PersonalRow>(db, &q.personal, team),
        lists(db, &q.clients, None, team),
        lists(db, &q.assignments, None, team),
        lists(db, &q.domains, None, team),
        lists(db, &q.observations, None, team),
        lists(db, &q.movements, None, team),
        lists(db, &q.signals, Some(since), team),
    )?;
    let queries_done = started.elapsed();

    let today = now.date_naive();
    let team_at = Positions::new(teams.iter().map(|t| t.id));
    let mut grouped: Vec<Team> = teams
        .iter()
        .map(|row| {
            let mut policy = TeamPolicy {
                norm_per_fte: row.norm_per_fte,
                secondary_fraction: row.secondary_fraction,
                max_load_per_fte: None,
                max_avoiders: None,
                max_avoider_share: None,
            };
            apply_caseload_limits(
                limits.get(&row.id).map_or(&[][..], Vec::as_slice),
                &mut policy,
            );
            let created = row.created_at.date_naive();
            Team {
                id: row.id,
                policy,
                last_intervision: last_intervision(created, row.last_intervision, now),
                last_neighbour_visit: last_intervision(created, row.last_visit, now),
                members: Vec::new(),
                personal_limits: Vec::new(),
                inputs: Vec::new(),
                clients: Vec::new(),
                signals: Vec::new(),
            }
        })
        .collect();

    for row in members {
        if let Some(t) = team_at.get(row.team_id) {
            grouped[t].members.push(MemberInput {
                user_id: row.user_id,
                fte: row.fte,
                capacity_override: row.capacity_override,
                experience: Default::default(),
            });
        }
    }
    for row in personal {
        let team = team_at.get(row.team_id);
        if let (Some(t), Some(limit)) = (team, row.limit.into_limit()) {
            grouped[t].personal_limits.push(limit);
        }
    }

    // The active clients, then what belongs to each, found by position rather than hashing.
    let mut all: Vec<Client> = Vec::new();
    for row in split::<4>(&clients) {
        let [id, team, weight, start] = row?;
        let (id, start) = (int(id)?, date(start)?);
        let weight = u8::try_from(int::<i64>(weight)?)
            .ok()
            .and_then(Weight::new)
            .ok_or(AppError::Internal)?;
        all.push(Client {
            team: int(team)?,
            start,
            moved: None,
            input: ClientInput {
                id,
                weight,
                domains: Vec::new(),
                avoidance: None,
                primary: None,
                secondary: None,
                primary_since: start,
            },
        });
    }
    let client_at = Positions::new(all.iter().map(|c| c.input.id));
    for row in split::<3>(&assignments) {
        let [client, user, role] = row?;
        if let Some(c) = client_at.get(int::<ClientId>(client)?) {
            match AssignmentRole::parse(role) {
                Some(AssignmentRole::Primary) => all[c].input.primary = Some(int(user)?),
                Some(AssignmentRole::Secondary) => all[c].input.secondary = Some(int(user)?),
                None => {}
            }
        }
    }
    for row in split::<2>(&domains) {
        let [client, domain] = row?;
        if let Some(c) = client_at.get(int::<ClientId>(client)?) {
            all[c].input.domains.push(int(domain)?);
        }
    }
    // Each client's observations together, in the order they came, as `load_team` sees them.
    let mut observed: Vec<(usize, AvoidanceObservation)> = Vec::new();
    for row in split::<4>(&observations) {
        let [client, observed_on, level, perspective] = row?;
        let Some(c) = client_at.get(int::<ClientId>(client)?) else {
            continue;
        };
        if let (Some(level), Some(perspective)) = (
            AvoidanceLevel::from_number(int(level)?),
            Perspective::parse(perspective),
        ) {
            let observed_on = date(observed_on)?;
            observed.push((
                c,
                AvoidanceObservation {
                    observed_on,
                    level,
                    perspective,
                },
            ));
        }
    }
    observed.sort_by_key(|(c, _)| *c);
    let (owners, history): (Vec<usize>, Vec<AvoidanceObservation>) = observed.into_iter().unzip();
    let mut from = 0;
    while from < owners.len() {
        let c = owners[from];
        let to = from + owners[from..].iter().take_while(|o| **o == c).count();
        all[c].input.avoidance = current_avoidance(&history[from..to]);
        from = to;
    }
    for row in split::<3>(&movements) {
        let [team, client, on] = row?;
        if let Some(c) = client_at.get(int::<ClientId>(client)?)
            && all[c].team == int(team)?
        {
            all[c].moved = Some(date(on)?);
        }
    }
    for client in all {
        if let Some(t) = team_at.get(client.team) {
            let start = client.start;
            grouped[t].clients.push(ClientFacts {
                id: client.input.id,
                primary: client.input.primary,
                last_movement: client.moved.unwrap_or(start).max(start),
            });
            grouped[t].inputs.push(client.input);
        }
    }
    let mut signal_rows = 0;
    for row in split::<8>(&signals) {
        let [team, id, author, client, at, visibility, moral, resolved] = row?;
        signal_rows += 1;
        let Some(t) = team_at.get(int::<TeamId>(team)?) else {
            continue;
        };
        grouped[t].signals.push(SignalFact {
            id: int(id)?,
            author: int(author)?,
            client: optional_int(client)?,
            at: timestamp(at)?,
            // An unreadable visibility is treated as the most private one.
            visibility: Visibility::parse(visibility).unwrap_or(Visibility::Private),
            moral_dilemma: moral == "1",
            resolved: resolved == "1",
            // The rules do not look at these.
            kinds: Vec::new(),
            strain: None,
        });
    }

    let mut out: Vec<TeamRules> = grouped
        .into_iter()
        .map(|t| {
            let team = t.id;
            let window = windows.get(&team).copied().unwrap_or(0);
            let since = now - Duration::weeks(i64::from(window));
            let limits = limits.remove(&team).unwrap_or_else(default_limits);
            TeamRules {
                team,
                snapshot: t.into_snapshot(today, since),
                limits,
            }
        })
        .collect();
    out.sort_unstable_by_key(|t| t.team);
    let timings = LoadTimings {
        limits: limits_done,
        queries: queries_done - limits_done,
        assemble: started.elapsed() - queries_done,
        signal_rows,
    };
    Ok((out, timings))
}

/// An active client while its rows are gathered.
struct Client {
    team: TeamId,
    start: NaiveDate,
    moved: Option<NaiveDate>,
    input: ClientInput,
}

/// Where each id sits in a list. Ids come from the database's counters, so a plain vector
/// indexed by id usually does; a map when they are too sparse for that.
enum Positions {
    Dense(Vec<u32>),
    Sparse(HashMap<i64, usize>),
}

impl Positions {
    const NONE: u32 = u32::MAX;

    fn new<Id: Into<i64>>(ids: impl Iterator<Item = Id> + Clone) -> Positions {
        let ids = ids.map(Into::into);
        let (count, max, min) = ids.clone().fold((0usize, 0i64, 0i64), |(n, max, min), id| {
            (n + 1, max.max(id), min.min(id))
        });
        let dense_enough = usize::try_from(max).is_ok_and(|m| m <= count * 4 + 4096);
        if min >= 0 && dense_enough && count < Self::NONE as usize {
            let mut at = vec![Self::NONE; max as usize + 1];
            for (i, id) in ids.enumerate() {
                at[id as usize] = i as u32;
            }
            Positions::Dense(at)
        } else {
            Positions::Sparse(ids.enumerate().map(|(i, id)| (id, i)).collect())
        }
    }

    fn get(&self, id: impl Into<i64>) -> Option<usize> {
        let id = id.into();
        match self {
            Positions::Dense(at) => usize::try_from(id)
                .ok()
                .and_then(|i| at.get(i))
                .filter(|p| **p != Self::NONE)
                .map(|p| *p as usize),
            Positions::Sparse(at) => at.get(&id).copied(),
        }
    }
}

/// One team's rows while they are being grouped.
struct Team {
    id: TeamId,
    policy: TeamPolicy,
    last_intervision: NaiveDate,
    last_neighbour_visit: NaiveDate,
    members: Vec<MemberInput>,
    personal_limits: Vec<PersonalLimit>,
    inputs: Vec<ClientInput>,
    clients: Vec<ClientFacts>,
    signals: Vec<SignalFact>,
}

impl Team {
    /// Members come ordered by user id, clients and signals by id, whatever order the rows
    /// arrived in.
    fn into_snapshot(mut self, today: NaiveDate, since: DateTime<Utc>) -> RuleSnapshot {
        self.members.sort_unstable_by_key(|m| m.user_id);
        self.inputs.sort_unstable_by_key(|c| c.id);
        self.clients.sort_unstable_by_key(|c| c.id);
        self.signals.retain(|s| s.at >= since);
        self.signals.sort_unstable_by_key(|s| s.id);
        let caseload = TeamSnapshot {
            policy: self.policy,
            members: self.members,
            clients: self.inputs,
            personal_limits: self.personal_limits,
            today,
        };
        let members = member_facts(&caseload);
        RuleSnapshot {
            members,
            clients: self.clients,
            signals: self.signals,
            last_intervision: self.last_intervision,
            last_neighbour_visit: self.last_neighbour_visit,
        }
    }
}

/// Each team's limits: the defaults with its stored rows laid over them, as `team_limits`.
fn team_limits(teams: &[TeamRow], rows: Vec<TeamLimitRow>) -> HashMap<TeamId, Vec<TeamLimit>> {
    let mut by_team: HashMap<TeamId, Vec<TeamLimitRow>> =
        teams.iter().map(|t| (t.id, Vec::new())).collect();
    for row in rows {
        if let Some(team) = by_team.get_mut(&row.team_id) {
            team.push(row);
        }
    }
    by_team
        .into_iter()
        .map(|(team, rows)| (team, over_defaults(rows)))
        .collect()
}

/// A small query, a row per row.
async fn rows<T>(db: &Db, sql: &str, team: Option<TeamId>) -> Result<Vec<T>, AppError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    Ok(on_db!(db, p => {
        let query = sqlx::query_as::<_, T>(sql);
        match team {
            Some(team) => query.bind(team).fetch_all(p).await,
            None => query.fetch_all(p).await,
        }
    })?)
}

/// A query of `string_agg` columns: its one row, each column a list (`None` when no row
/// matched).
async fn lists(
    db: &Db,
    sql: &str,
    since: Option<DateTime<Utc>>,
    team: Option<TeamId>,
) -> Result<Vec<Option<String>>, AppError> {
    on_db!(db, p => {
        let mut query = sqlx::query(sql);
        if let Some(since) = since {
            query = query.bind(since);
        }
        if let Some(team) = team {
            query = query.bind(team);
        }
        let row = query.fetch_one(p).await?;
        (0..row.len())
            .map(|i| row.try_get::<Option<String>, _>(i).map_err(AppError::from))
            .collect()
    })
}

/// The rows of `N` aligned lists, one at a time. Lists of different lengths are a bug, not
/// data to guess at: they end in an error.
fn split<const N: usize>(lists: &[Option<String>]) -> Split<'_, N> {
    let empty = lists.iter().all(Option::is_none);
    Split {
        columns: lists
            .iter()
            .map(|l| l.as_deref().unwrap_or_default().split(','))
            .collect(),
        done: empty,
        wrong_width: lists.len() != N,
    }
}

struct Split<'a, const N: usize> {
    columns: Vec<std::str::Split<'a, char>>,
    done: bool,
    wrong_width: bool,
}

impl<'a, const N: usize> Iterator for Split<'a, N> {
    type Item = Result<[&'a str; N], AppError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if self.wrong_width {
            self.done = true;
            return Some(Err(misaligned()));
        }
        let mut row = [""; N];
        let mut got = 0;
        for (slot, column) in row.iter_mut().zip(self.columns.iter_mut()) {
            if let Some(value) = column.next() {
                *slot = value;
                got += 1;
            }
        }
        if got == N {
            return Some(Ok(row));
        }
        self.done = true;
        (got > 0).then(|| Err(misaligned()))
    }
}

fn misaligned() -> AppError {
    tracing::error!("bulk rules: aggregated columns of different lengths");
    AppError::Internal
}

fn unreadable(what: &str, value: &str) -> AppError {
    tracing::error!(what, value, "bulk rules: unreadable value");
    AppError::Internal
}

fn int<T: FromStr>(value: &str) -> Result<T, AppError> {
    value.parse().map_err(|_| unreadable("number", value))
}

fn optional_int<T: FromStr>(value: &str) -> Result<Option<T>, AppError> {
    if value == "-" {
        Ok(None)
    } else {
        int(value).map(Some)
    }
}

/// `YYYY-MM-DD`, as both databases write a date as text.
fn date(value: &str) -> Result<NaiveDate, AppError> {
    let part = |range: std::ops::Range<usize>| -> Option<u32> {
        value.get(range).and_then(|p| p.parse().ok())
    };
    match (value.len(), part(0..4), part(5..7), part(8..10)) {
        (10, Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
    .ok_or_else(|| unreadable("date", value))
}

/// A timestamp as text: SQLite holds RFC 3339 (`2026-05-01T09:30:00.5+00:00`), PostgreSQL
/// writes `2026-05-01 09:30:00.5+00`. There are a quarter of a million of them, so the
/// PostgreSQL form is brought to RFC 3339 and read by chrono's fast RFC 3339 parser rather
/// than its general format parser.
fn timestamp(value: &str) -> Result<DateTime<Utc>, AppError> {
    DateTime::parse_from_rfc3339(value)
        .or_else(|_| DateTime::parse_from_rfc3339(&as_rfc3339(value)))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| unreadable("timestamp", value))
}

/// `2026-05-01 09:30:00.5+00` → `2026-05-01T09:30:00.5+00:00`.
fn as_rfc3339(value: &str) -> String {
    let mut normal = value.replacen(' ', "T", 1);
    let offset_at = normal.rfind(['+', '-']).unwrap_or(0);
    if normal.len() - offset_at == 3 {
        normal.push_str(":00");
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows<const N: usize>(lists: &[Option<String>]) -> Result<Vec<[&str; N]>, AppError> {
        split::<N>(lists).collect()
    }

    #[test]
    fn lists_split_into_aligned_rows() {
        let lists = vec![Some("1,2,3".to_owned()), Some("a,-,c".to_owned())];
        assert_eq!(
            rows::<2>(&lists).unwrap(),
            vec![["1", "a"], ["2", "-"], ["3", "c"]]
        );
        assert!(rows::<2>(&[None, None]).unwrap().is_empty());
        assert!(rows::<2>(&[Some("1,2".into()), Some("a".into())]).is_err());
        assert!(rows::<2>(&[Some("1".into()), Some("a,b".into())]).is_err());
        assert!(rows::<3>(&[Some("1".into()), Some("a".into())]).is_err());
    }

    #[test]
    fn positions_find_dense_and_sparse_ids() {
        let dense = Positions::new([3i64, 1, 2].into_iter());
        assert!(matches!(dense, Positions::Dense(_)));
        assert_eq!(
            (dense.get(1), dense.get(3), dense.get(4), dense.get(-1)),
            (Some(1), Some(0), None, None)
        );
        let sparse = Positions::new([7i64, 1 << 40].into_iter());
        assert!(matches!(sparse, Positions::Sparse(_)));
        assert_eq!(
            (sparse.get(1i64 << 40), sparse.get(7), sparse.get(8)),
            (Some(1), Some(0), None)
        );
    }

    #[test]
    fn both_databases_text_forms_read_the_same() {
        let sqlite = timestamp("2026-05-01T09:30:00.123456789+00:00").unwrap();
        let postgres = timestamp("2026-05-01 09:30:00.123456789+00").unwrap();
        assert_eq!(sqlite, postgres);
        assert_eq!(
            timestamp("2026-05-01T09:30:00+00:00").unwrap(),
            timestamp("2026-05-01 11:30:00+02").unwrap()
        );
        assert_eq!(
            date("2026-05-01").unwrap(),
            NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
        );
        assert!(date("2026-5-1").is_err());
        assert!(timestamp("yesterday").is_err());
        // The RFC 3339 route and chrono's general parser agree, whatever the precision and offset.
        for text in [
            "2026-05-01T09:30:00+00:00",
            "2026-05-01T09:30:00.1+00:00",
            "2026-05-01T09:30:00.000000001+00:00",
            "2026-05-01 09:30:00.123456+00",
            "2026-05-01 09:30:00-02:30",
            "2024-02-29 23:59:59.999999+05:30",
        ] {
            let normal = text.replacen(' ', "T", 1);
            let slow = DateTime::parse_from_str(&normal, "%Y-%m-%dT%H:%M:%S%.f%#z")
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(timestamp(text).ok(), Some(slow), "{text}");
        }
        assert_eq!(optional_int::<i64>("-").unwrap(), None);
        assert_eq!(optional_int("42").unwrap(), Some(42));
    }
}
