//! Benchmarks for the caseload algorithms on deterministic synthetic teams:
//! a team of 40 members with 1,200 clients, and a region of 1,000 members with 30,000.
//!
//! `cargo bench -p app --bench caseload`

use app::shared::ids::{ClientId, DomainId, PersonalLimitId, UserId};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use app::caseload::balance::intake::{NewClientProfile, advise_intake};
use app::caseload::balance::model::{
    ClientInput, MemberInput, PersonalLimit, PersonalLimitKind, TeamPolicy, TeamSnapshot,
    team_figures,
};
use app::caseload::balance::rebalance::suggest_moves;
use app::caseload::model::{AvoidanceLevel, Weight};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group};

/// A tiny deterministic generator (SplitMix64), so the benches need no `rand`.
struct Rng(u64);

impl Rng {
    /// SplitMix64: a counter through a good mixer, so every bit is usable.
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

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A realistic team: about 30 clients per member, weights mostly 2–3, one to three of eight
/// domains, about one client in eight a zorgmijder, 30 % with a secondary professional, a mean
/// load around 85 % of capacity, and every twelfth member given about 40 % more clients than
/// their capacity share (most of those are over the team limit of 115 %). One member in ten
/// has a shared personal limit.
fn synthetic_team(members: usize, clients: usize, seed: u64) -> TeamSnapshot {
    let mut r = Rng(seed);
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let per_member = clients as f64 / members as f64;
    // About 3.1 points per client (secondaries included), a mean ratio around 85 %.
    let norm = (3.1 * per_member / (0.8 * 0.85)).round();
    let policy = TeamPolicy {
        norm_per_fte: norm,
        secondary_fraction: 0.5,
        max_load_per_fte: Some(norm * 1.15),
        max_avoiders: Some((per_member / 4.0).round() as u32),
        max_avoider_share: Some(0.35),
    };
    let members: Vec<MemberInput> = (0..members)
        .map(|i| {
            let fte = r.pick(&[0.6, 0.7, 0.8, 0.8, 0.9, 1.0]);
            MemberInput {
                user_id: UserId(1_000 + i as i64),
                fte,
                capacity_override: r.chance(0.03).then(|| (fte * norm * 0.8).round()),
                experience: {
                    let mut known = BTreeMap::new();
                    for d in 1..=8 {
                        if r.chance(0.6) {
                            known.insert(DomainId(d), r.below(25) as u32);
                        }
                    }
                    known
                },
            }
        })
        .collect();
    // Members are picked in proportion to capacity, overloaded ones 1.4 times as often.
    let mut cumulative = Vec::with_capacity(members.len());
    let mut total = 0.0;
    for (i, m) in members.iter().enumerate() {
        let capacity = m.capacity_override.unwrap_or(m.fte * norm);
        total += capacity * if i % 12 == 5 { 1.4 } else { 1.0 };
        cumulative.push(total);
    }
    let pick_member = |r: &mut Rng| {
        let x = r.below(1 << 30) as f64 / f64::from(1 << 30) * total;
        let i = cumulative
            .partition_point(|c| *c <= x)
            .min(members.len() - 1);
        members[i].user_id
    };
    let clients = (0..clients)
        .map(|j| {
            let primary = pick_member(&mut r);
            let secondary = r.chance(0.3).then(|| pick_member(&mut r));
            let mut domains: Vec<i64> =
                (0..1 + r.below(3)).map(|_| 1 + r.below(8) as i64).collect();
            domains.sort_unstable();
            domains.dedup();
            let roll = r.below(100);
            let avoidance = match roll {
                0..55 => None,
                55..75 => Some(AvoidanceLevel::None),
                75..87 => Some(AvoidanceLevel::Some),
                87..96 => Some(AvoidanceLevel::Considerable),
                _ => Some(AvoidanceLevel::Strong),
            };
            ClientInput {
                id: ClientId(10_000 + j as i64),
                weight: Weight::new(r.pick(&[1, 2, 2, 2, 3, 3, 3, 4, 4, 5])).unwrap(),
                domains: domains.into_iter().map(DomainId).collect(),
                avoidance,
                primary: Some(primary),
                secondary: secondary.filter(|s| *s != primary),
                primary_since: today - chrono::Duration::days(r.below(2_500) as i64),
            }
        })
        .collect();
    let personal_limits = members
        .iter()
        .filter(|_| r.chance(0.1))
        .enumerate()
        .map(|(k, m)| PersonalLimit {
            id: PersonalLimitId(500 + k as i64),
            owner: m.user_id,
            kind: match k % 3 {
                0 => PersonalLimitKind::Domain(DomainId(1 + (k % 8) as i64)),
                1 => PersonalLimitKind::Avoiders(AvoidanceLevel::Considerable),
                _ => PersonalLimitKind::Clients,
            },
            max: match k % 3 {
                0 => (per_member / 3.0).round() as u32,
                1 => (per_member / 5.0).round() as u32,
                _ => (per_member * 1.3).round() as u32,
            },
            shared: true,
        })
        .collect();
    TeamSnapshot {
        policy,
        members,
        clients,
        personal_limits,
        today,
    }
}

fn team() -> TeamSnapshot {
    synthetic_team(40, 1_200, 42)
}

fn region() -> TeamSnapshot {
    synthetic_team(1_000, 30_000, 7)
}

fn newcomer() -> NewClientProfile {
    NewClientProfile {
        weight: Weight::new(3).unwrap(),
        domains: vec![DomainId(2), DomainId(5)],
        avoidance: Some(AvoidanceLevel::Considerable),
    }
}

/// What the synthetic data looks like and what the rebalancer makes of it.
fn describe(name: &str, snapshot: &TeamSnapshot) {
    let figures = team_figures(snapshot);
    let over = figures.iter().filter(|f| !f.breaches.is_empty()).count();
    let breaches: usize = figures.iter().map(|f| f.breaches.len()).sum();
    let avoiders = snapshot.clients.iter().filter(|c| c.is_avoider()).count();
    let started = std::time::Instant::now();
    let plan = suggest_moves(snapshot);
    let took = started.elapsed();
    let fitting = advise_intake(snapshot, &newcomer())
        .iter()
        .filter(|a| a.fits)
        .count();
    eprintln!(
        "{name}: {} members, {} clients ({avoiders} zorgmijders), {over} members over a limit \
         ({breaches} breaches); plan: {} moves, cost {:.1}, highest ratio {:.3} -> {:.3}, \
         breaches {} -> {} (one run: {took:.1?}); intake: {fitting} members fit",
        snapshot.members.len(),
        snapshot.clients.len(),
        plan.moves.len(),
        plan.total_cost,
        plan.max_ratio_before,
        plan.max_ratio_after,
        plan.breaches_before,
        plan.breaches_after,
    );
}

fn bench_team(c: &mut Criterion) {
    let snapshot = team();
    let profile = newcomer();
    let mut group = c.benchmark_group("team_40x1200");
    group.bench_function("suggest_moves", |b| {
        b.iter(|| suggest_moves(black_box(&snapshot)))
    });
    group.bench_function("advise_intake", |b| {
        b.iter(|| advise_intake(black_box(&snapshot), black_box(&profile)))
    });
    group.bench_function("team_figures", |b| {
        b.iter(|| team_figures(black_box(&snapshot)))
    });
    group.finish();
}

fn bench_region(c: &mut Criterion) {
    let snapshot = region();
    let profile = newcomer();
    let mut group = c.benchmark_group("region_1000x30000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(25));
    group.bench_function("suggest_moves", |b| {
        b.iter(|| suggest_moves(black_box(&snapshot)))
    });
    group.bench_function("advise_intake", |b| {
        b.iter(|| advise_intake(black_box(&snapshot), black_box(&profile)))
    });
    group.finish();
}

criterion_group!(benches, bench_team, bench_region);

fn main() {
    describe("team", &team());
    describe("region", &region());
    benches();
    Criterion::default().configure_from_args().final_summary();
}
