//! `draagkracht bench-data`: a large, deterministic organisation for benchmarks. By default
//! 1,000 teams of 10 members (plus a leader each), 300 active clients per team (and a few
//! closed ones), and 2,000,000 stuck signals spread over the last two years.
//!
//! Everything comes from one linear congruential generator, so the same seed and the same
//! moment give the same rows. Rows get their ids here and are written in big batches: multi-row
//! INSERTs in large transactions on SQLite, `INSERT … SELECT * FROM UNNEST(arrays)` on
//! PostgreSQL.

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{Connection, Postgres, Sqlite};

use app::caseload::model::Perspective;
use app::caseload::views::SEED_DOMAINS;
use app::db::Db;
use app::limits::model::{LimitKind, default_limits};
use app::on_db;
use app::signals::model::{KindOfWork, Reaction, Strain, Visibility};

/// How big the organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub teams: u32,
    pub members_per_team: u32,
    pub clients_per_team: u32,
    /// Closed clients per team, besides the active ones.
    pub closed_per_team: u32,
    pub signals: u64,
    pub seed: u64,
}

impl Spec {
    /// The organisation of the performance issue.
    pub const ORGANISATION: Spec = Spec {
        teams: 1_000,
        members_per_team: 10,
        clients_per_team: 300,
        closed_per_team: 15,
        signals: 2_000_000,
        seed: 20_250_101,
    };
}

/// The organisation's name; `create-admin --organisation` with it adds an admin.
pub const ORGANISATION_NAME: &str = "Benchmarkzorg";

/// What was written and how long each table took.
#[derive(Debug, Default)]
pub struct Report {
    pub tables: Vec<(&'static str, u64, Duration)>,
    pub total: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum BenchDataError {
    #[error("the database is not empty; bench-data only fills an empty database")]
    NotEmpty,
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

/// Fills an empty database with the organisation `spec` describes, as of `now`.
pub async fn generate(db: &Db, spec: &Spec, now: DateTime<Utc>) -> Result<Report, BenchDataError> {
    let started = Instant::now();
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM teams)"
    ).fetch_one(p).await)?;
    if n > 0 {
        return Err(BenchDataError::NotEmpty);
    }
    let model = Model::build(spec, now);
    let mut writer = Writer::open(db).await?;
    let mut report = Report::default();
    for table in model.tables() {
        let t = Instant::now();
        let rows = table(&model, &mut writer).await?;
        report.tables.push((rows.0, rows.1, t.elapsed()));
    }
    let t = Instant::now();
    writer.finish().await?;
    report.tables.push(("(finish)", 0, t.elapsed()));
    report.total = started.elapsed();
    Ok(report)
}

// --- the generator -------------------------------------------------------------------------

/// A 64-bit LCG (Knuth's MMIX constants) with an output mix.
pub(crate) struct Lcg(u64);

impl Lcg {
    pub(crate) fn new(seed: u64) -> Lcg {
        let mut lcg = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
        lcg.next();
        lcg
    }

    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (x >> 32)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    pub(crate) fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index into `weights` with probability proportional to its weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut pick = self.below(u64::from(total)) as u32;
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                return i;
            }
            pick -= w;
        }
        weights.len() - 1
    }
}

const FIRST: [&str; 20] = [
    "Anouk", "Bas", "Daan", "Emma", "Fatima", "Floor", "Hanna", "Ilse", "Jasper", "Kees", "Lotte",
    "Mehmet", "Noor", "Priya", "Ruben", "Sanne", "Thijs", "Vera", "Youssef", "Zeynep",
];
const LAST: [&str; 20] = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Amrani",
];
const WORK: [&str; 5] = [
    "Wijkteam",
    "Jeugdteam",
    "FACT-team",
    "Beschermd wonen",
    "Ambulante begeleiding",
];
const PLACES: [&str; 8] = [
    "Noord", "Oost", "Zuid", "West", "Centrum", "Haven", "Dorp", "Polder",
];
/// The team norm the generated teams use, and the load limit per FTE that goes with it.
const NORM: f64 = 100.0;
const LOAD_LIMIT: f64 = 120.0;
const DAYS: i64 = 730;

struct Member {
    id: i64,
    team: i64,
    fte: f64,
    capacity_override: Option<f64>,
    /// Relative rate at which this member logs stuck signals.
    rate: u32,
    /// Current primary clients.
    clients: Vec<i64>,
}

struct Client {
    id: i64,
    team: i64,
    weight: u8,
    start: NaiveDate,
    end: Option<NaiveDate>,
    domains: Vec<i64>,
    primary: i64,
    /// An earlier primary professional and the day the current one took over.
    previous: Option<(i64, NaiveDate)>,
    secondary: Option<(i64, NaiveDate)>,
    observations: Vec<(NaiveDate, i64, Perspective)>,
    movements: Vec<NaiveDate>,
}

struct TeamModel {
    id: i64,
    name: String,
    created: DateTime<Utc>,
    leader: i64,
    limits: Vec<(LimitKind, f64, Option<u32>, &'static str, bool)>,
}

/// user, team, kind, domain, level, max, shared
type PersonalRow = (i64, i64, &'static str, Option<i64>, Option<i64>, i64, bool);

struct Model {
    spec: Spec,
    now: DateTime<Utc>,
    teams: Vec<TeamModel>,
    members: Vec<Member>,
    clients: Vec<Client>,
    personal: Vec<PersonalRow>,
}

fn day_offset(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

fn at_noon(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(12, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or_default()
}

impl Model {
    fn build(spec: &Spec, now: DateTime<Utc>) -> Model {
        let mut rng = Lcg::new(spec.seed);
        let today = now.date_naive();
        let per_team = i64::from(spec.members_per_team) + 1;
        let mut teams = Vec::new();
        let mut members = Vec::new();
        let mut clients = Vec::new();
        let mut personal = Vec::new();
        let mut client_id = 0i64;
        for t in 0..i64::from(spec.teams) {
            let id = t + 1;
            let created = now - TimeDelta::days(DAYS * 3 + rng.below(DAYS as u64 * 2) as i64);
            let leader = t * per_team + 1;
            let domain_base = t * SEED_DOMAINS.len() as i64;
            let first_member = members.len();
            for m in 0..i64::from(spec.members_per_team) {
                let fte = [0.6, 0.7, 0.8, 0.9, 1.0][rng.index(5)];
                let capacity_override = rng.chance(0.05).then(|| (fte * NORM * 0.8).round());
                members.push(Member {
                    id: leader + 1 + m,
                    team: id,
                    fte,
                    capacity_override,
                    rate: [0, 1, 2, 3, 4, 4, 5, 6, 8][rng.index(9)],
                    clients: Vec::new(),
                });
                // Some members keep a limit of their own.
                if rng.chance(0.2) {
                    let owner = leader + 1 + m;
                    let shared = rng.chance(0.3);
                    let row = match rng.below(3) {
                        0 => ("clients", None, None, 25 + rng.below(10) as i64),
                        1 => ("avoiders", None, Some(2), 2 + rng.below(3) as i64),
                        _ => (
                            "domain",
                            Some(domain_base + 1 + rng.below(SEED_DOMAINS.len() as u64) as i64),
                            None,
                            4 + rng.below(8) as i64,
                        ),
                    };
                    personal.push((owner, id, row.0, row.1, row.2, row.3, shared));
                }
            }
            let team_members = &members[first_member..];
            let fte_weights: Vec<u32> =
                team_members.iter().map(|m| (m.fte * 10.0) as u32).collect();
            let ids: Vec<i64> = team_members.iter().map(|m| m.id).collect();
            let total = spec.clients_per_team + spec.closed_per_team;
            for c in 0..total {
                client_id += 1;
                let closed = c >= spec.clients_per_team;
                let weight = [1, 2, 3, 4, 5][rng.weighted(&[20, 35, 25, 13, 7])];
                let start = day_offset(today, -(rng.below(DAYS as u64 * 5 / 2) as i64) - 1);
                let end = closed.then(|| {
                    let span = today.signed_duration_since(start).num_days().max(1);
                    day_offset(start, 1 + rng.below(span as u64) as i64).min(today)
                });
                let until = end.unwrap_or(today);
                let span = until.signed_duration_since(start).num_days().max(1) as u64;
                let mut domains =
                    vec![domain_base + 1 + rng.below(SEED_DOMAINS.len() as u64) as i64];
                if rng.chance(0.5) {
                    let d = domain_base + 1 + rng.below(SEED_DOMAINS.len() as u64) as i64;
                    if !domains.contains(&d) {
                        domains.push(d);
                    }
                }
                let primary = ids[rng.weighted(&fte_weights)];
                let previous = rng.chance(0.15).then(|| {
                    let other = ids[rng.index(ids.len())];
                    (other, day_offset(start, rng.below(span) as i64))
                });
                let previous = previous.filter(|(other, _)| *other != primary);
                let secondary = rng.chance(0.25).then(|| {
                    let other = ids[rng.index(ids.len())];
                    (other, day_offset(start, rng.below(span) as i64))
                });
                let secondary = secondary.filter(|(other, _)| *other != primary);
                let mut observations = Vec::new();
                if rng.chance(0.95) {
                    let level = rng.weighted(&[50, 30, 8, 4]) as i64;
                    let on = day_offset(start, rng.below(span) as i64);
                    observations.push((on, level, Perspective::Professional));
                    if rng.chance(0.1) {
                        // A second view: the family's, or a later professional one.
                        let later = day_offset(on, 1 + rng.below(60) as i64).min(until);
                        let perspective = if later > on && rng.chance(0.5) {
                            Perspective::Professional
                        } else {
                            Perspective::FamilyOrNetwork
                        };
                        observations.push((
                            later,
                            rng.weighted(&[40, 30, 20, 10]) as i64,
                            perspective,
                        ));
                    }
                }
                let mut movements = Vec::new();
                if !closed {
                    for _ in 0..rng.weighted(&[40, 40, 20]) {
                        movements.push(day_offset(start, rng.below(span) as i64));
                    }
                }
                if !closed {
                    let at = first_member + ids.iter().position(|i| *i == primary).unwrap_or(0);
                    members[at].clients.push(client_id);
                }
                clients.push(Client {
                    id: client_id,
                    team: id,
                    weight,
                    start,
                    end,
                    domains,
                    primary,
                    previous,
                    secondary,
                    observations,
                    movements,
                });
            }
            teams.push(TeamModel {
                id,
                name: format!(
                    "{} {} {:04}",
                    WORK[rng.index(WORK.len())],
                    PLACES[rng.index(PLACES.len())],
                    id
                ),
                created,
                leader,
                limits: team_limits(&mut rng),
            });
        }
        Model {
            spec: *spec,
            now,
            teams,
            members,
            clients,
            personal,
        }
    }

    fn tables(&self) -> Vec<TableFn> {
        vec![
            organisation,
            teams,
            users,
            memberships,
            domains,
            team_limit_rows,
            personal_limits,
            clients,
            client_domains,
            assignments,
            observations,
            movements,
            signals,
        ]
    }
}

/// Most teams saved their limits, with their own variations; some only the caseload ones.
fn team_limits(rng: &mut Lcg) -> Vec<(LimitKind, f64, Option<u32>, &'static str, bool)> {
    let only_caseload = rng.chance(0.1);
    default_limits()
        .into_iter()
        .filter(|l| !only_caseload || LimitKind::CASELOAD.contains(&l.kind))
        .map(|l| {
            let mut row = (
                l.kind,
                l.threshold,
                l.window_weeks,
                l.proposes.as_str(),
                l.active,
            );
            match l.kind {
                LimitKind::LoadPerFte => row.1 = LOAD_LIMIT,
                LimitKind::AvoiderSharePerMember if rng.chance(0.2) => {
                    row.1 = 30.0;
                    row.4 = true;
                }
                LimitKind::SignalsByMember if rng.chance(0.15) => {
                    row.1 = 5.0;
                    row.2 = Some(6);
                }
                LimitKind::SignalsOnClient if rng.chance(0.1) => row.2 = Some(12),
                LimitKind::NoMovement if rng.chance(0.1) => {
                    row.1 = 120.0;
                    row.4 = true;
                }
                LimitKind::NoIntervision if rng.chance(0.05) => row.4 = true,
                LimitKind::TeamShareStuck if rng.chance(0.05) => row.4 = false,
                _ => {}
            }
            row
        })
        .collect()
}

// --- tables --------------------------------------------------------------------------------

type TableFn = for<'a> fn(
    &'a Model,
    &'a mut Writer,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(&'static str, u64), sqlx::Error>> + Send + 'a>,
>;

macro_rules! table_fn {
    ($name:ident, |$model:ident, $w:ident| $body:block) => {
        fn $name<'a>(
            $model: &'a Model,
            $w: &'a mut Writer,
        ) -> std::pin::Pin<
            Box<
                dyn std::future::Future<Output = Result<(&'static str, u64), sqlx::Error>>
                    + Send
                    + 'a,
            >,
        > {
            Box::pin(async move { $body })
        }
    };
}

table_fn!(organisation, |m, w| {
    let mut b = Batch::new(
        "organisations",
        &[
            ("id", Ty::Int),
            ("name", Ty::Text),
            ("visible_to_neighbours", Ty::Bool),
            ("created_at", Ty::Time),
        ],
    );
    b.row(vec![
        V::Int(1),
        V::Str(ORGANISATION_NAME),
        V::Bool(false),
        V::Time(m.now - TimeDelta::days(DAYS * 5)),
    ]);
    w.write(&mut b).await?;
    Ok(("organisations", b.written))
});

table_fn!(teams, |m, w| {
    let mut b = Batch::new(
        "teams",
        &[
            ("id", Ty::Int),
            ("organisation_id", Ty::Int),
            ("name", Ty::Text),
            ("kind_of_work", Ty::Text),
            ("created_at", Ty::Time),
            ("norm_per_fte", Ty::Real),
            ("secondary_fraction", Ty::Real),
        ],
    );
    for t in &m.teams {
        b.row(vec![
            V::Int(t.id),
            V::Int(1),
            V::Text(t.name.clone()),
            V::Str(""),
            V::Time(t.created),
            V::Real(NORM),
            V::Real(0.5),
        ]);
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("teams", b.written))
});

table_fn!(users, |m, w| {
    let mut b = Batch::new(
        "users",
        &[
            ("id", Ty::Int),
            ("organisation_id", Ty::Int),
            ("email", Ty::Text),
            ("display_name", Ty::Text),
            ("created_at", Ty::Time),
        ],
    );
    let mut people: Vec<(i64, DateTime<Utc>)> = Vec::new();
    for t in &m.teams {
        people.push((t.leader, t.created));
    }
    for member in &m.members {
        people.push((member.id, m.teams[(member.team - 1) as usize].created));
    }
    people.sort_unstable_by_key(|p| p.0);
    for (id, created) in people {
        let n = id as usize;
        b.row(vec![
            V::Int(id),
            V::Int(1),
            V::Text(format!("p{id:05}@bench.test")),
            V::Text(format!(
                "{} {}",
                FIRST[n % FIRST.len()],
                LAST[(n / FIRST.len() + n * 7) % LAST.len()]
            )),
            V::Time(created),
        ]);
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("users", b.written))
});

table_fn!(memberships, |m, w| {
    let mut b = Batch::new(
        "memberships",
        &[
            ("team_id", Ty::Int),
            ("user_id", Ty::Int),
            ("role", Ty::Text),
            ("fte", Ty::Real),
            ("capacity_override", Ty::Real),
        ],
    );
    for t in &m.teams {
        b.row(vec![
            V::Int(t.id),
            V::Int(t.leader),
            V::Str("leader"),
            V::Real(1.0),
            V::Null,
        ]);
    }
    for member in &m.members {
        b.row(vec![
            V::Int(member.team),
            V::Int(member.id),
            V::Str("member"),
            V::Real(member.fte),
            member.capacity_override.map_or(V::Null, V::Real),
        ]);
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("memberships", b.written))
});

table_fn!(domains, |m, w| {
    let mut b = Batch::new(
        "domains",
        &[("id", Ty::Int), ("team_id", Ty::Int), ("name", Ty::Text)],
    );
    for t in &m.teams {
        for (i, name) in SEED_DOMAINS.iter().enumerate() {
            b.row(vec![
                V::Int((t.id - 1) * SEED_DOMAINS.len() as i64 + i as i64 + 1),
                V::Int(t.id),
                V::Str(name),
            ]);
        }
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("domains", b.written))
});

table_fn!(team_limit_rows, |m, w| {
    let mut b = Batch::new(
        "team_limits",
        &[
            ("team_id", Ty::Int),
            ("kind", Ty::Text),
            ("threshold", Ty::Real),
            ("window_weeks", Ty::Int),
            ("proposes", Ty::Text),
            ("active", Ty::Bool),
            ("updated_at", Ty::Time),
        ],
    );
    for t in &m.teams {
        for (kind, threshold, window, proposes, active) in &t.limits {
            b.row(vec![
                V::Int(t.id),
                V::Str(kind.as_str()),
                V::Real(*threshold),
                window.map_or(V::Null, |w| V::Int(i64::from(w))),
                V::Str(proposes),
                V::Bool(*active),
                V::Time(t.created),
            ]);
        }
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("team_limits", b.written))
});

table_fn!(personal_limits, |m, w| {
    let mut b = Batch::new(
        "personal_limits",
        &[
            ("user_id", Ty::Int),
            ("team_id", Ty::Int),
            ("kind", Ty::Text),
            ("domain_id", Ty::Int),
            ("min_level", Ty::Int),
            ("max_count", Ty::Int),
            ("shared", Ty::Bool),
            ("created_at", Ty::Time),
        ],
    );
    for (user, team, kind, domain, level, max, shared) in &m.personal {
        b.row(vec![
            V::Int(*user),
            V::Int(*team),
            V::Str(kind),
            domain.map_or(V::Null, V::Int),
            level.map_or(V::Null, V::Int),
            V::Int(*max),
            V::Bool(*shared),
            V::Time(m.now - TimeDelta::days(30)),
        ]);
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("personal_limits", b.written))
});

table_fn!(clients, |m, w| {
    let mut b = Batch::new(
        "clients",
        &[
            ("id", Ty::Int),
            ("team_id", Ty::Int),
            ("code", Ty::Text),
            ("weight", Ty::Int),
            ("start_date", Ty::Date),
            ("end_date", Ty::Date),
            ("status", Ty::Text),
            ("created_at", Ty::Time),
        ],
    );
    let per_team = i64::from(m.spec.clients_per_team + m.spec.closed_per_team);
    for c in &m.clients {
        b.row(vec![
            V::Int(c.id),
            V::Int(c.team),
            V::Text(format!("K-{:04}", (c.id - 1) % per_team + 1)),
            V::Int(i64::from(c.weight)),
            V::Date(c.start),
            c.end.map_or(V::Null, V::Date),
            V::Str(if c.end.is_some() { "closed" } else { "active" }),
            V::Time(at_noon(c.start)),
        ]);
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("clients", b.written))
});

table_fn!(client_domains, |m, w| {
    let mut b = Batch::new(
        "client_domains",
        &[("client_id", Ty::Int), ("domain_id", Ty::Int)],
    );
    for c in &m.clients {
        for d in &c.domains {
            b.row(vec![V::Int(c.id), V::Int(*d)]);
        }
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("client_domains", b.written))
});

table_fn!(assignments, |m, w| {
    let mut b = Batch::new(
        "assignments",
        &[
            ("client_id", Ty::Int),
            ("user_id", Ty::Int),
            ("role", Ty::Text),
            ("from_date", Ty::Date),
            ("to_date", Ty::Date),
            ("created_by", Ty::Int),
            ("created_at", Ty::Time),
        ],
    );
    for c in &m.clients {
        let leader = m.teams[(c.team - 1) as usize].leader;
        let mut push = |user: i64, role: &'static str, from: NaiveDate, to: Option<NaiveDate>| {
            b.row(vec![
                V::Int(c.id),
                V::Int(user),
                V::Str(role),
                V::Date(from),
                to.map_or(V::Null, V::Date),
                V::Int(leader),
                V::Time(at_noon(from)),
            ]);
        };
        let primary_from = match c.previous {
            Some((earlier, switch)) => {
                push(earlier, "primary", c.start, Some(switch));
                switch
            }
            None => c.start,
        };
        push(c.primary, "primary", primary_from, c.end);
        if let Some((user, from)) = c.secondary {
            push(user, "secondary", from, c.end);
        }
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("assignments", b.written))
});

table_fn!(observations, |m, w| {
    let mut b = Batch::new(
        "avoidance_observations",
        &[
            ("client_id", Ty::Int),
            ("observed_on", Ty::Date),
            ("level", Ty::Int),
            ("perspective", Ty::Text),
            ("recorded_by", Ty::Int),
            ("created_at", Ty::Time),
        ],
    );
    for c in &m.clients {
        for (on, level, perspective) in &c.observations {
            b.row(vec![
                V::Int(c.id),
                V::Date(*on),
                V::Int(*level),
                V::Str(perspective.as_str()),
                V::Int(c.primary),
                V::Time(at_noon(*on)),
            ]);
        }
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("avoidance_observations", b.written))
});

table_fn!(movements, |m, w| {
    let mut b = Batch::new(
        "movements",
        &[
            ("team_id", Ty::Int),
            ("client_id", Ty::Int),
            ("author_id", Ty::Int),
            ("noted_on", Ty::Date),
            ("created_at", Ty::Time),
        ],
    );
    for c in &m.clients {
        for on in &c.movements {
            b.row(vec![
                V::Int(c.team),
                V::Int(c.id),
                V::Int(c.primary),
                V::Date(*on),
                V::Time(at_noon(*on)),
            ]);
        }
        w.flush_if_full(&mut b).await?;
    }
    w.write(&mut b).await?;
    Ok(("movements", b.written))
});

table_fn!(signals, |m, w| {
    let mut b = Batch::new(
        "stuck_signals",
        &[
            ("id", Ty::Int),
            ("team_id", Ty::Int),
            ("author_id", Ty::Int),
            ("client_id", Ty::Int),
            ("intensity", Ty::Int),
            ("kinds", Ty::Text),
            ("strain", Ty::Text),
            ("reaction", Ty::Text),
            ("moral_dilemma", Ty::Bool),
            ("visibility", Ty::Text),
            ("created_at", Ty::Time),
            ("resolved_at", Ty::Time),
        ],
    );
    // A stream of its own, so the signals do not shift when the rest of the model changes.
    let mut rng = Lcg::new(m.spec.seed.wrapping_add(1));
    let mut cumulative = Vec::with_capacity(m.members.len());
    let mut total = 0u64;
    for member in &m.members {
        total += u64::from(member.rate);
        cumulative.push(total);
    }
    if total == 0 {
        return Ok(("stuck_signals", 0));
    }
    let span = TimeDelta::days(DAYS).num_seconds();
    let start = m.now - TimeDelta::days(DAYS);
    let recent = m.now - TimeDelta::weeks(12);
    // Day by day, so ids follow time as they would in real use.
    let mut id = 0i64;
    let mut day: Vec<(i64, usize)> = Vec::new();
    for d in 0..DAYS {
        let count = (m.spec.signals * (d as u64 + 1) / DAYS as u64)
            - (m.spec.signals * d as u64 / DAYS as u64);
        day.clear();
        for _ in 0..count {
            let second = d * 86_400 + rng.below(86_400) as i64;
            let pick = rng.below(total);
            let author = cumulative.partition_point(|c| *c <= pick);
            day.push((second.min(span - 60), author));
        }
        day.sort_unstable();
        for (second, author) in &day {
            id += 1;
            let member = &m.members[*author];
            let at = start + TimeDelta::seconds(*second);
            let client = (!member.clients.is_empty() && rng.chance(0.8))
                .then(|| member.clients[rng.index(member.clients.len())]);
            let mut kinds: Vec<&str> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let k = KindOfWork::ALL[rng.index(KindOfWork::ALL.len())].as_str();
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            let resolved_share = if at >= recent { 0.15 } else { 0.6 };
            let resolved = rng.chance(resolved_share).then(|| {
                (at + TimeDelta::hours(1 + rng.below(60 * 24) as i64))
                    .min(m.now - TimeDelta::seconds(1))
                    .max(at)
            });
            let visibility = Visibility::ALL[rng.weighted(&[40, 35, 25])];
            b.row(vec![
                V::Int(id),
                V::Int(member.team),
                V::Int(member.id),
                client.map_or(V::Null, V::Int),
                V::Int(rng.below(11) as i64),
                V::Text(kinds.join(",")),
                if rng.chance(0.7) {
                    V::Str(Strain::ALL[rng.index(Strain::ALL.len())].as_str())
                } else {
                    V::Null
                },
                if rng.chance(0.7) {
                    V::Str(Reaction::ALL[rng.index(Reaction::ALL.len())].as_str())
                } else {
                    V::Null
                },
                V::Bool(rng.chance(0.1)),
                V::Str(visibility.as_str()),
                V::Time(at),
                resolved.map_or(V::Null, V::Time),
            ]);
            w.flush_if_full(&mut b).await?;
        }
    }
    w.write(&mut b).await?;
    Ok(("stuck_signals", b.written))
});

// --- batches and the two writers ------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Int,
    Real,
    Text,
    Bool,
    Date,
    Time,
}

#[derive(Debug, Clone)]
enum V {
    Null,
    Int(i64),
    Real(f64),
    Str(&'static str),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

/// Rows waiting to be written to one table.
struct Batch {
    table: &'static str,
    columns: &'static [(&'static str, Ty)],
    rows: Vec<Vec<V>>,
    written: u64,
}

/// Rows per PostgreSQL statement, and per SQLite transaction.
const BATCH_ROWS: usize = 50_000;
/// SQLite allows at most 32,766 bound parameters per statement.
const SQLITE_MAX_PARAMS: usize = 32_766;

impl Batch {
    fn new(table: &'static str, columns: &'static [(&'static str, Ty)]) -> Batch {
        Batch {
            table,
            columns,
            rows: Vec::new(),
            written: 0,
        }
    }

    fn row(&mut self, row: Vec<V>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

enum Writer {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Writer {
    async fn open(db: &Db) -> Result<Writer, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                // A benchmark database that is lost in a crash is simply generated again.
                sqlx::query("PRAGMA synchronous = OFF")
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("PRAGMA cache_size = -262144")
                    .execute(&mut *conn)
                    .await?;
                Writer::Sqlite(conn)
            }
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                sqlx::query("SET synchronous_commit = off")
                    .execute(&mut *conn)
                    .await?;
                Writer::Postgres(conn)
            }
        })
    }

    async fn flush_if_full(&mut self, batch: &mut Batch) -> Result<(), sqlx::Error> {
        if batch.rows.len() >= BATCH_ROWS {
            self.write(batch).await?;
        }
        Ok(())
    }

    /// Writes and empties the batch, in one transaction.
    async fn write(&mut self, batch: &mut Batch) -> Result<(), sqlx::Error> {
        if batch.rows.is_empty() {
            return Ok(());
        }
        match self {
            Writer::Sqlite(conn) => write_sqlite(conn, batch).await?,
            Writer::Postgres(conn) => write_postgres(conn, batch).await?,
        }
        batch.written += batch.rows.len() as u64;
        batch.rows.clear();
        Ok(())
    }

    /// Identity sequences past the ids written here, fresh statistics, the WAL folded in.
    async fn finish(&mut self) -> Result<(), sqlx::Error> {
        match self {
            Writer::Sqlite(conn) => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&mut **conn)
                    .await?;
                sqlx::query("PRAGMA synchronous = NORMAL")
                    .execute(&mut **conn)
                    .await?;
            }
            Writer::Postgres(conn) => {
                for table in [
                    "organisations",
                    "users",
                    "teams",
                    "domains",
                    "clients",
                    "assignments",
                    "avoidance_observations",
                    "personal_limits",
                    "team_limits",
                    "movements",
                    "stuck_signals",
                ] {
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                    );
                    sqlx::query(&sql).execute(&mut **conn).await?;
                }
                sqlx::query("ANALYZE").execute(&mut **conn).await?;
            }
        }
        Ok(())
    }
}

async fn write_sqlite(conn: &mut PoolConnection<Sqlite>, batch: &Batch) -> Result<(), sqlx::Error> {
    let width = batch.columns.len();
    let per_statement = (SQLITE_MAX_PARAMS / width).min(1_000);
    let one_row = format!("({})", vec!["?"; width].join(", "));
    let mut tx = conn.begin().await?;
    for chunk in batch.rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            batch.table,
            batch.column_list(),
            vec![one_row.as_str(); chunk.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for value in row {
                query = match value {
                    V::Null => query.bind(None::<i64>),
                    V::Int(v) => query.bind(*v),
                    V::Real(v) => query.bind(*v),
                    V::Str(v) => query.bind(*v),
                    V::Text(v) => query.bind(v.as_str()),
                    V::Bool(v) => query.bind(*v),
                    V::Date(v) => query.bind(*v),
                    V::Time(v) => query.bind(*v),
                };
            }
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await
}

async fn write_postgres(
    conn: &mut PoolConnection<Postgres>,
    batch: &Batch,
) -> Result<(), sqlx::Error> {
    let arrays: Vec<String> = batch
        .columns
        .iter()
        .enumerate()
        .map(|(i, (_, ty))| {
            let ty = match ty {
                Ty::Int => "bigint",
                Ty::Real => "double precision",
                Ty::Text => "text",
                Ty::Bool => "boolean",
                Ty::Date => "date",
                Ty::Time => "timestamptz",
            };
            format!("${}::{ty}[]", i + 1)
        })
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) SELECT * FROM UNNEST({})",
        batch.table,
        batch.column_list(),
        arrays.join(", ")
    );
    let rows = &batch.rows;
    let mut query = sqlx::query(&sql);
    for (i, (_, ty)) in batch.columns.iter().enumerate() {
        query = match ty {
            Ty::Int => query.bind(column(rows, i, |v| match v {
                V::Int(v) => Some(*v),
                _ => None,
            })),
            Ty::Real => query.bind(column(rows, i, |v| match v {
                V::Real(v) => Some(*v),
                _ => None,
            })),
            Ty::Text => query.bind(column(rows, i, |v| match v {
                V::Str(v) => Some(*v),
                V::Text(v) => Some(v.as_str()),
                _ => None,
            })),
            Ty::Bool => query.bind(column(rows, i, |v| match v {
                V::Bool(v) => Some(*v),
                _ => None,
            })),
            Ty::Date => query.bind(column(rows, i, |v| match v {
                V::Date(v) => Some(*v),
                _ => None,
            })),
            Ty::Time => query.bind(column(rows, i, |v| match v {
                V::Time(v) => Some(*v),
                _ => None,
            })),
        };
    }
    let mut tx = conn.begin().await?;
    query.execute(&mut *tx).await?;
    tx.commit().await
}

fn column<'a, T>(rows: &'a [Vec<V>], i: usize, get: impl Fn(&'a V) -> Option<T>) -> Vec<Option<T>> {
    rows.iter().map(|r| get(&r[i])).collect()
}

/// Gives the first team's leader a password, so the HTTP benchmark can load that team's pages
/// as the person who uses them.
pub async fn let_first_leader_log_in(
    db: &Db,
    password: String,
) -> Result<(), app::error::AppError> {
    let hash = app::auth::password::hash(password).await?;
    app::execute!(
        db,
        "UPDATE users SET password_hash = $1 WHERE email = $2",
        hash,
        "p00001@bench.test"
    )?;
    Ok(())
}
