//! A team's caseload as the pure algorithms see it, and the figures per member: load against
//! capacity, zorgmijders, variety of domains, and which limits are crossed. Compiled for the
//! browser too. Intake advice (`intake.rs`) and rebalancing (`rebalance.rs`) build on this.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::model::{AvoidanceLevel, Weight};
pub use crate::shared::ids::{ClientId, DomainId, PersonalLimitId};
use crate::teams::limits::{LimitKind, TeamLimit};

/// From this level on, a client counts as a zorgmijder in counts and limits.
pub const AVOIDER_FROM: AvoidanceLevel = AvoidanceLevel::Considerable;

/// The team's settings that turn assignments into load and capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamPolicy {
    /// Points a full-time member carries at 100 %.
    pub norm_per_fte: f64,
    /// How much a secondary assignment counts, 0–1.
    pub secondary_fraction: f64,
    /// Team limit: at most this many weighted points per FTE (scaled by a capacity override).
    pub max_load_per_fte: Option<f64>,
    /// Team limit: at most this many zorgmijders per member.
    pub max_avoiders: Option<u32>,
    /// Team limit: at most this share (0–1) of a member's clients are zorgmijders.
    pub max_avoider_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberInput {
    pub user_id: UserId,
    pub fte: f64,
    pub capacity_override: Option<f64>,
    /// How many clients (past and present) with each domain this member has supported.
    pub experience: BTreeMap<DomainId, u32>,
}

/// An active client with its current assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientInput {
    pub id: ClientId,
    pub weight: Weight,
    pub domains: Vec<DomainId>,
    pub avoidance: Option<AvoidanceLevel>,
    pub primary: Option<UserId>,
    pub secondary: Option<UserId>,
    /// Since when the current primary professional works with this client.
    pub primary_since: NaiveDate,
}

impl ClientInput {
    pub fn is_avoider(&self) -> bool {
        self.avoidance.is_some_and(|l| l >= AVOIDER_FROM)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonalLimitKind {
    /// At most `max` clients with this domain.
    Domain(DomainId),
    /// At most `max` clients whose current avoidance is at least this level.
    Avoiders(AvoidanceLevel),
    /// At most `max` clients in all.
    Clients,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalLimit {
    pub id: PersonalLimitId,
    pub owner: UserId,
    pub kind: PersonalLimitKind,
    pub max: u32,
    /// Shared with the team leader. Private limits never reach the leader's tools.
    pub shared: bool,
}

/// Everything the pure algorithms need about one team. Callers put in only the personal
/// limits the reader may see: a leader's snapshot holds shared limits only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSnapshot {
    pub policy: TeamPolicy,
    pub members: Vec<MemberInput>,
    pub clients: Vec<ClientInput>,
    pub personal_limits: Vec<PersonalLimit>,
    pub today: NaiveDate,
}

/// A limit that a member is over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Breach {
    Load {
        load: f64,
        ceiling: f64,
    },
    Avoiders {
        count: u32,
        max: u32,
    },
    AvoiderShare {
        share: f64,
        max: f64,
    },
    Personal {
        limit: PersonalLimitId,
        count: u32,
        max: u32,
    },
}

/// How far a member is towards one personal limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitUse {
    pub limit: PersonalLimit,
    pub count: u32,
}

impl LimitUse {
    pub fn breached(&self) -> bool {
        self.count > self.limit.max
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberFigures {
    pub user_id: UserId,
    pub load: f64,
    pub capacity: f64,
    /// Load divided by capacity; infinite load on zero capacity counts as 10 (clearly over).
    pub ratio: f64,
    pub clients: u32,
    pub avoiders: u32,
    /// 0 (all clients share one domain) to 1 (domains evenly spread).
    pub variety: f64,
    pub by_domain: BTreeMap<DomainId, u32>,
    /// Clients per current avoidance level 0–3; clients without observations are not counted.
    pub by_level: [u32; 4],
    pub limits: Vec<LimitUse>,
    pub breaches: Vec<Breach>,
}

/// A member's capacity in points: FTE × the team's norm, unless the leader set an override.
pub fn member_capacity(member: &MemberInput, policy: &TeamPolicy) -> f64 {
    crate::caseload::model::capacity(member.fte, policy.norm_per_fte, member.capacity_override)
}

/// The most weighted load this member may carry under the team limit, if the team set one.
/// The limit is in points per FTE; an override scales it in proportion to the norm, so that
/// a leader who halves someone's capacity also halves their ceiling.
pub fn load_ceiling(member: &MemberInput, policy: &TeamPolicy) -> Option<f64> {
    let per_fte = policy.max_load_per_fte?;
    Some(match member.capacity_override {
        Some(points) if policy.norm_per_fte > 0.0 => points * per_fte / policy.norm_per_fte,
        _ => member.fte * per_fte,
    })
}

pub fn load_ratio(load: f64, capacity: f64) -> f64 {
    if capacity > 0.0 {
        load / capacity
    } else if load > 0.0 {
        10.0
    } else {
        0.0
    }
}

/// Normalised Shannon entropy of domain counts: how evenly a caseload is spread over domains.
pub fn variety(by_domain: &BTreeMap<DomainId, u32>) -> f64 {
    let total: u32 = by_domain.values().sum();
    let kinds = by_domain.values().filter(|n| **n > 0).count();
    if total == 0 || kinds < 2 {
        return 0.0;
    }
    let entropy: f64 = by_domain
        .values()
        .filter(|n| **n > 0)
        .map(|n| {
            let p = f64::from(*n) / f64::from(total);
            -p * p.ln()
        })
        .sum();
    (entropy / (kinds as f64).ln()).clamp(0.0, 1.0)
}

/// The figures of every member, in the order of `snapshot.members`.
pub fn team_figures(snapshot: &TeamSnapshot) -> Vec<MemberFigures> {
    snapshot
        .members
        .iter()
        .map(|m| member_figures(snapshot, m))
        .collect()
}

pub fn member_figures(snapshot: &TeamSnapshot, member: &MemberInput) -> MemberFigures {
    let policy = &snapshot.policy;
    let fraction = policy.secondary_fraction.clamp(0.0, 1.0);
    let mut load = 0.0;
    let mut primaries: Vec<&ClientInput> = Vec::new();
    for client in &snapshot.clients {
        if client.primary == Some(member.user_id) {
            load += f64::from(client.weight.points());
            primaries.push(client);
        } else if client.secondary == Some(member.user_id) {
            load += f64::from(client.weight.points()) * fraction;
        }
    }
    let capacity = member_capacity(member, policy);
    let mut by_domain = BTreeMap::new();
    let mut by_level = [0u32; 4];
    for client in &primaries {
        for d in &client.domains {
            *by_domain.entry(*d).or_insert(0) += 1;
        }
        if let Some(level) = client.avoidance {
            by_level[level as usize] += 1;
        }
    }
    let clients = primaries.len() as u32;
    let avoiders = primaries.iter().filter(|c| c.is_avoider()).count() as u32;
    let limits: Vec<LimitUse> = snapshot
        .personal_limits
        .iter()
        .filter(|l| l.owner == member.user_id)
        .map(|l| LimitUse {
            limit: l.clone(),
            count: personal_count(l.kind, &primaries),
        })
        .collect();
    let breaches = breaches(policy, member, load, clients, avoiders, &limits);
    MemberFigures {
        user_id: member.user_id,
        load,
        capacity,
        ratio: load_ratio(load, capacity),
        clients,
        avoiders,
        variety: variety(&by_domain),
        by_domain,
        by_level,
        limits,
        breaches,
    }
}

/// How many of these (primary) clients a personal limit of this kind counts.
pub fn personal_count(kind: PersonalLimitKind, clients: &[&ClientInput]) -> u32 {
    clients
        .iter()
        .filter(|c| match kind {
            PersonalLimitKind::Domain(d) => c.domains.contains(&d),
            PersonalLimitKind::Avoiders(level) => c.avoidance.is_some_and(|l| l >= level),
            PersonalLimitKind::Clients => true,
        })
        .count() as u32
}

fn breaches(
    policy: &TeamPolicy,
    member: &MemberInput,
    load: f64,
    clients: u32,
    avoiders: u32,
    limits: &[LimitUse],
) -> Vec<Breach> {
    let mut found = Vec::new();
    if let Some(ceiling) = load_ceiling(member, policy)
        && load > ceiling + 1e-9
    {
        found.push(Breach::Load { load, ceiling });
    }
    if let Some(max) = policy.max_avoiders
        && avoiders > max
    {
        found.push(Breach::Avoiders {
            count: avoiders,
            max,
        });
    }
    if let Some(max) = policy.max_avoider_share
        && clients > 0
    {
        let share = f64::from(avoiders) / f64::from(clients);
        if share > max + 1e-9 {
            found.push(Breach::AvoiderShare { share, max });
        }
    }
    found.extend(
        limits
            .iter()
            .filter(|u| u.breached())
            .map(|u| Breach::Personal {
                limit: u.limit.id,
                count: u.count,
                max: u.limit.max,
            }),
    );
    found
}

/// The whole team's totals for the balance view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamTotals {
    pub load: f64,
    pub capacity: f64,
    pub ratio: f64,
    pub clients: u32,
    pub avoiders: u32,
    pub unassigned: u32,
    pub members_over: u32,
}

pub fn team_totals(snapshot: &TeamSnapshot, figures: &[MemberFigures]) -> TeamTotals {
    let load: f64 = figures.iter().map(|f| f.load).sum();
    let capacity: f64 = figures.iter().map(|f| f.capacity).sum();
    TeamTotals {
        load,
        capacity,
        ratio: load_ratio(load, capacity),
        clients: snapshot.clients.len() as u32,
        avoiders: snapshot.clients.iter().filter(|c| c.is_avoider()).count() as u32,
        unassigned: snapshot
            .clients
            .iter()
            .filter(|c| c.primary.is_none())
            .count() as u32,
        members_over: figures.iter().filter(|f| !f.breaches.is_empty()).count() as u32,
    }
}

/// Puts the team's active caseload limits into the policy the balance algorithms read.
pub fn apply_caseload_limits(limits: &[TeamLimit], policy: &mut TeamPolicy) {
    policy.max_load_per_fte = None;
    policy.max_avoiders = None;
    policy.max_avoider_share = None;
    for limit in limits.iter().filter(|l| l.active) {
        match limit.kind {
            LimitKind::LoadPerFte => policy.max_load_per_fte = Some(limit.threshold),
            LimitKind::AvoidersPerMember => {
                policy.max_avoiders = Some(limit.threshold.max(0.0).floor() as u32)
            }
            LimitKind::AvoiderSharePerMember => {
                policy.max_avoider_share = Some((limit.threshold / 100.0).clamp(0.0, 1.0))
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    fn client(
        id: ClientId,
        weight: u8,
        domains: &[DomainId],
        level: Option<AvoidanceLevel>,
        primary: UserId,
    ) -> ClientInput {
        ClientInput {
            id,
            weight: Weight::new(weight).unwrap(),
            domains: domains.to_vec(),
            avoidance: level,
            primary: Some(primary),
            secondary: None,
            primary_since: day(),
        }
    }

    fn member(user_id: UserId, fte: f64) -> MemberInput {
        MemberInput {
            user_id,
            fte,
            capacity_override: None,
            experience: BTreeMap::new(),
        }
    }

    fn policy() -> TeamPolicy {
        TeamPolicy {
            norm_per_fte: 20.0,
            secondary_fraction: 0.5,
            max_load_per_fte: Some(24.0),
            max_avoiders: Some(1),
            max_avoider_share: Some(0.5),
        }
    }

    #[test]
    fn figures_count_load_avoiders_and_breaches() {
        let mut secondary = client(ClientId(3), 4, &[DomainId(2)], None, UserId(2));
        secondary.secondary = Some(UserId(1));
        let snapshot = TeamSnapshot {
            policy: policy(),
            members: vec![member(UserId(1), 0.5), member(UserId(2), 1.0)],
            clients: vec![
                client(
                    ClientId(1),
                    5,
                    &[DomainId(1), DomainId(2)],
                    Some(AvoidanceLevel::Strong),
                    UserId(1),
                ),
                client(
                    ClientId(2),
                    5,
                    &[DomainId(1)],
                    Some(AvoidanceLevel::Considerable),
                    UserId(1),
                ),
                secondary,
            ],
            personal_limits: vec![PersonalLimit {
                id: PersonalLimitId(9),
                owner: UserId(1),
                kind: PersonalLimitKind::Domain(DomainId(1)),
                max: 1,
                shared: false,
            }],
            today: day(),
        };
        let f = team_figures(&snapshot);
        assert_eq!(f[0].load, 12.0);
        assert_eq!(f[0].capacity, 10.0);
        assert_eq!(f[0].avoiders, 2);
        assert_eq!(f[0].by_level, [0, 0, 1, 1]);
        assert_eq!(
            f[0].breaches,
            vec![
                Breach::Avoiders { count: 2, max: 1 },
                Breach::AvoiderShare {
                    share: 1.0,
                    max: 0.5
                },
                Breach::Personal {
                    limit: PersonalLimitId(9),
                    count: 2,
                    max: 1
                },
            ]
        );
        assert!(f[1].breaches.is_empty());
        let totals = team_totals(&snapshot, &f);
        assert_eq!(
            (totals.clients, totals.avoiders, totals.members_over),
            (3, 2, 1)
        );
    }

    #[test]
    fn an_override_scales_the_ceiling() {
        let mut m = member(UserId(1), 1.0);
        assert_eq!(load_ceiling(&m, &policy()), Some(24.0));
        m.capacity_override = Some(10.0);
        assert_eq!(load_ceiling(&m, &policy()), Some(12.0));
    }

    #[test]
    fn variety_is_zero_for_one_domain_and_one_for_an_even_spread() {
        let one: BTreeMap<_, _> = [(DomainId(1), 5)].into();
        let even: BTreeMap<_, _> = [(DomainId(1), 2), (DomainId(2), 2), (DomainId(3), 2)].into();
        assert_eq!(variety(&one), 0.0);
        assert!((variety(&even) - 1.0).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn variety_stays_between_zero_and_one(counts in proptest::collection::btree_map(0i64..10, 0u32..20, 0..8)) {
            let counts: BTreeMap<DomainId, u32> = counts.into_iter().map(|(d, n)| (DomainId(d), n)).collect();
            let v = variety(&counts);
            prop_assert!((0.0..=1.0).contains(&v));
        }
    }

    #[test]
    fn active_caseload_limits_become_the_policy_ceilings() {
        use crate::teams::limits::default_caseload_limits;
        let mut policy = TeamPolicy {
            norm_per_fte: 30.0,
            secondary_fraction: 0.5,
            max_load_per_fte: None,
            max_avoiders: None,
            max_avoider_share: Some(0.9),
        };
        apply_caseload_limits(&default_caseload_limits(), &mut policy);
        assert_eq!(policy.max_load_per_fte, Some(36.0));
        assert_eq!(policy.max_avoiders, Some(4));
        assert_eq!(policy.max_avoider_share, None);
    }
}
