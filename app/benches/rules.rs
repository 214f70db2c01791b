//! Benchmarks for the rule engine on deterministic synthetic teams: one team of 10 members,
//! 300 clients and 2,000 stuck signals over 12 weeks (a heavy team: the figures the engine must
//! handle after every write), and 1,000 such teams evaluated one after another (a background
//! sweep over a whole organisation).
//!
//! `cargo bench -p app --features ssr --bench rules`

use std::hint::black_box;
use std::time::Duration;

use app::limits::model::{LimitKind, TeamLimit, default_limits};
use app::limits::rules::{Audience, ClientFacts, MemberFacts, RuleSnapshot, evaluate};
use app::shared::ids::{ClientId, SignalId, UserId};
use app::signals::model::{KindOfWork, SignalFact, Strain, Visibility};
use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group};

/// A tiny deterministic generator (SplitMix64), so the benches need no `rand`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.below(1_000_000) as f64) < p * 1_000_000.0
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap()
}

/// A team: loads around the norm with a few members over the limit, one client in eight a
/// zorgmijder, signals spread over 12 weeks (about 15 % moral dilemmas, 20 % resolved, 40 %
/// private, 40 % for the leader, 20 % for the team), 85 % about a client, and a third of those
/// on a small set of "hard" clients so the client rules have something to find.
fn synthetic_team(members: usize, clients: usize, signals: usize, seed: u64) -> RuleSnapshot {
    let mut r = Rng(seed);
    let today = now().date_naive();
    let first_user = 1_000 + seed as i64 * 100;
    let first_client = 10_000 + seed as i64 * 10_000;
    let first_signal = seed as i64 * 100_000;
    let users: Vec<i64> = (0..members as i64).map(|i| first_user + i).collect();
    let members = users
        .iter()
        .map(|&user| {
            let load = 24.0 + r.below(160) as f64 / 10.0; // 24.0 – 39.9
            let own = 20 + r.below(20) as u32;
            let avoiders = (0..own).filter(|_| r.chance(0.125)).count() as u32;
            MemberFacts {
                user: UserId(user),
                load_per_fte: load,
                avoiders,
                avoider_share: f64::from(avoiders) / f64::from(own),
                personal_breaches: u32::from(r.chance(0.1)),
            }
        })
        .collect();
    let clients: Vec<ClientFacts> = (0..clients as i64)
        .map(|j| ClientFacts {
            id: ClientId(first_client + j),
            primary: r
                .chance(0.97)
                .then(|| UserId(users[r.below(users.len() as u64) as usize])),
            last_movement: today - chrono::Duration::days(r.below(200) as i64),
        })
        .collect();
    let hard: Vec<ClientId> = clients.iter().take(15).map(|c| c.id).collect();
    let twelve_weeks = 12 * 7 * 24 * 3_600;
    let signals = (0..signals as i64)
        .map(|k| {
            let author = users[r.below(users.len() as u64) as usize];
            let client = if r.chance(0.85) {
                Some(if r.chance(0.33) {
                    hard[r.below(hard.len() as u64) as usize]
                } else {
                    clients[r.below(clients.len() as u64) as usize].id
                })
            } else {
                None
            };
            let visibility = match r.below(10) {
                0..4 => Visibility::Private,
                4..8 => Visibility::Leader,
                _ => Visibility::Team,
            };
            SignalFact {
                id: SignalId(first_signal + k),
                author: UserId(author),
                client,
                at: now() - chrono::Duration::seconds(r.below(twelve_weeks) as i64),
                visibility,
                moral_dilemma: r.chance(0.15),
                resolved: r.chance(0.2),
                kinds: vec![KindOfWork::ALL[r.below(7) as usize]],
                strain: r.chance(0.5).then(|| Strain::ALL[r.below(4) as usize]),
            }
        })
        .collect();
    RuleSnapshot {
        members,
        clients,
        signals,
        last_intervision: today - chrono::Duration::days(40),
        last_neighbour_visit: today - chrono::Duration::days(100),
    }
}

fn all_limits() -> Vec<TeamLimit> {
    default_limits()
        .into_iter()
        .map(|l| TeamLimit { active: true, ..l })
        .collect()
}

fn team() -> RuleSnapshot {
    synthetic_team(10, 300, 2_000, 1)
}

/// What the synthetic data looks like and what the engine finds in it.
fn describe(snapshot: &RuleSnapshot, limits: &[TeamLimit]) {
    let started = std::time::Instant::now();
    let found = evaluate(snapshot, limits, now());
    let took = started.elapsed();
    let per_kind: Vec<String> = LimitKind::ALL
        .into_iter()
        .map(|kind| {
            let of_kind = found.iter().filter(|f| f.kind == kind);
            let leader = of_kind
                .clone()
                .filter(|f| f.audience == Audience::Leader)
                .count();
            format!("{} {}+{}", kind.as_str(), leader, of_kind.count() - leader)
        })
        .collect();
    eprintln!(
        "team: {} members, {} clients, {} signals ({} moral, {} private, {} resolved); \
         {} findings (leader+private per kind: {}); one run: {took:.1?}",
        snapshot.members.len(),
        snapshot.clients.len(),
        snapshot.signals.len(),
        snapshot.signals.iter().filter(|s| s.moral_dilemma).count(),
        snapshot
            .signals
            .iter()
            .filter(|s| !s.visibility.leader_sees())
            .count(),
        snapshot.signals.iter().filter(|s| s.resolved).count(),
        found.len(),
        per_kind.join(", "),
    );
}

fn bench_team(c: &mut Criterion) {
    let snapshot = team();
    let limits = all_limits();
    let mut group = c.benchmark_group("rules_team_10x300x2000");
    group.bench_function("evaluate", |b| {
        b.iter(|| evaluate(black_box(&snapshot), black_box(&limits), now()))
    });
    group.finish();
}

fn bench_organisation(c: &mut Criterion) {
    let teams: Vec<RuleSnapshot> = (0..1_000)
        .map(|seed| synthetic_team(10, 300, 2_000, 1_000 + seed))
        .collect();
    let limits = all_limits();
    let mut group = c.benchmark_group("rules_1000_teams");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("evaluate_each", |b| {
        b.iter(|| {
            teams
                .iter()
                .map(|team| evaluate(black_box(team), black_box(&limits), now()).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_team, bench_organisation);

fn main() {
    describe(&team(), &all_limits());
    benches();
    Criterion::default().configure_from_args().final_summary();
}
