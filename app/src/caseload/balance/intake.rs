//! Intake advice: which member fits a new client best, and why.
//!
//! Placing a new client well is the cheap way to keep caseloads balanced (moving an existing
//! client costs continuity), so every member is ranked with reasons a team leader can weigh.
//!
//! - **Hard limits** decide `fits`: a member does not fit when placing the client would leave
//!   them over a limit *that this client counts towards*: the team load limit (always), the
//!   zorgmijder count and share limits (when the new client is a zorgmijder, level
//!   [`AVOIDER_FROM`] or higher), and their personal limits in the snapshot that would count
//!   this client (a leader's snapshot holds the shared ones only). A member already over a
//!   limit this client does not touch (say, the zorgmijder limit, for a client who is not
//!   avoiding care) can still take them; their load shows.
//! - **Reasons** come in this order: hard limits, then headroom (`Headroom` up to 100 % after
//!   placing, `OverCapacity` above it; neither when `LoadLimit` already says it), then
//!   zorgmijders carried (for a zorgmijder), variety, and experience.
//! - **Score** (higher is better), dominated by headroom:
//!   `10 × (1 − ratio after placing)` (at least −20), minus 1 per zorgmijder already carried
//!   as primary when the new client is a zorgmijder too (at most −5), plus
//!   `3 × (variety after − variety before)`, plus up to 2 for experience with the client's
//!   domains (each domain counts `min(clients, 5) / 5`, averaged over the domains).
//!   Ten percentage points of load weigh as much as one zorgmijder more, or full experience
//!   with half the domains.

use crate::shared::ids::ClientId;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::balance::model::{
    AVOIDER_FROM, ClientInput, DomainId, MemberInput, PersonalLimit, PersonalLimitId,
    PersonalLimitKind, TeamSnapshot, load_ceiling, load_ratio, member_capacity, variety,
};
use crate::caseload::model::{AvoidanceLevel, Weight};

/// The client to be placed, as far as the advice needs to know them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewClientProfile {
    pub weight: Weight,
    pub domains: Vec<DomainId>,
    pub avoidance: Option<AvoidanceLevel>,
}

impl NewClientProfile {
    pub fn is_avoider(&self) -> bool {
        self.avoidance.is_some_and(|l| l >= AVOIDER_FROM)
    }
}

/// Why a member does or does not fit, in the order a leader reads them: hard limits first,
/// then headroom, then the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FitReason {
    /// Load / capacity after placing, at most 1.0 (100 %).
    Headroom { ratio_after: f64 },
    /// Soft: above 100 % after placing, yet within the team load limit.
    OverCapacity { ratio_after: f64 },
    /// Hard: the team load limit would be crossed.
    LoadLimit { after: f64, ceiling: f64 },
    /// Hard: more zorgmijders than the team allows per member.
    AvoiderLimit { after: u32, max: u32 },
    /// Hard: a larger zorgmijder share than the team allows.
    AvoiderShareLimit { after: f64, max: f64 },
    /// Hard: a personal limit in the snapshot (a leader's holds shared ones only).
    PersonalLimit {
        limit: PersonalLimitId,
        after: u32,
        max: u32,
    },
    /// Zorgmijders this member already carries as primary (shown for a zorgmijder).
    Avoiders { count: u32 },
    /// The member's domain variety would go up.
    VarietyUp,
    /// The member's domain variety would go down.
    VarietyDown,
    /// Clients with this domain the member has supported (from `MemberInput::experience`).
    Experience { domain: DomainId, clients: u32 },
    /// The member has supported no client with any of the client's domains.
    NoExperience,
}

impl FitReason {
    /// True for the reasons that make a member not fit.
    pub fn is_hard(&self) -> bool {
        matches!(
            self,
            FitReason::LoadLimit { .. }
                | FitReason::AvoiderLimit { .. }
                | FitReason::AvoiderShareLimit { .. }
                | FitReason::PersonalLimit { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeAdvice {
    pub user_id: UserId,
    /// Placing the client here crosses no hard limit.
    pub fits: bool,
    /// Higher is better; see the module documentation.
    pub score: f64,
    pub reasons: Vec<FitReason>,
}

/// Variety changes smaller than this are not worth a reason.
const VARIETY_NOTICE: f64 = 0.01;

/// Every member of the snapshot exactly once: those that fit first, then those that would
/// cross a hard limit; within each group by score (higher first), ties by `user_id`.
pub fn advise_intake(snapshot: &TeamSnapshot, profile: &NewClientProfile) -> Vec<IntakeAdvice> {
    let tallies = Tallies::new(snapshot);
    let mut domains = profile.domains.clone();
    domains.sort_unstable();
    domains.dedup();
    let mut advice: Vec<IntakeAdvice> = snapshot
        .members
        .iter()
        .map(|member| {
            let empty = Tally::default();
            let tally = tallies
                .index
                .get(&member.user_id)
                .map_or(&empty, |&i| &tallies.of[i]);
            advise_member(snapshot, member, tally, profile, &domains)
        })
        .collect();
    advice.sort_by(|a, b| {
        b.fits
            .cmp(&a.fits)
            .then(b.score.total_cmp(&a.score))
            .then(a.user_id.cmp(&b.user_id))
    });
    advice
}

fn advise_member(
    snapshot: &TeamSnapshot,
    member: &MemberInput,
    tally: &Tally,
    profile: &NewClientProfile,
    domains: &[DomainId],
) -> IntakeAdvice {
    let policy = &snapshot.policy;
    let avoider = profile.is_avoider();
    let weight = f64::from(profile.weight.points());
    let mut hard = Vec::new();

    let load_after = tally.load + weight;
    let ceiling = load_ceiling(member, policy);
    if let Some(ceiling) = ceiling
        && load_after > ceiling + 1e-9
    {
        hard.push(FitReason::LoadLimit {
            after: load_after,
            ceiling,
        });
    }
    let clients_after = tally.clients + 1;
    let avoiders_after = tally.avoiders + u32::from(avoider);
    if avoider {
        if let Some(max) = policy.max_avoiders
            && avoiders_after > max
        {
            hard.push(FitReason::AvoiderLimit {
                after: avoiders_after,
                max,
            });
        }
        if let Some(max) = policy.max_avoider_share {
            let share = f64::from(avoiders_after) / f64::from(clients_after);
            if share > max + 1e-9 {
                hard.push(FitReason::AvoiderShareLimit { after: share, max });
            }
        }
    }
    let probe = ClientInput {
        id: ClientId::default(),
        weight: profile.weight,
        domains: domains.to_vec(),
        avoidance: profile.avoidance,
        primary: None,
        secondary: None,
        primary_since: snapshot.today,
    };
    for limit in snapshot
        .personal_limits
        .iter()
        .filter(|l| l.owner == member.user_id)
    {
        if counts_for(limit.kind, &probe) {
            let after = tally.count(limit) + 1;
            if after > limit.max {
                hard.push(FitReason::PersonalLimit {
                    limit: limit.id,
                    after,
                    max: limit.max,
                });
            }
        }
    }
    let fits = hard.is_empty();

    let capacity = member_capacity(member, policy);
    let ratio_after = load_ratio(load_after, capacity);
    let mut reasons = hard;
    let over_load_limit = reasons
        .iter()
        .any(|r| matches!(r, FitReason::LoadLimit { .. }));
    // Past the load limit, that reason already says how full the member would be.
    if !over_load_limit {
        reasons.push(if ratio_after > 1.0 + 1e-9 {
            FitReason::OverCapacity { ratio_after }
        } else {
            FitReason::Headroom { ratio_after }
        });
    }
    let mut score = 10.0 * (1.0 - ratio_after).clamp(-2.0, 1.0);

    if avoider {
        reasons.push(FitReason::Avoiders {
            count: tally.avoiders,
        });
        score -= f64::from(tally.avoiders.min(5));
    }

    if !domains.is_empty() {
        let before = variety(&tally.by_domain);
        let mut by_domain = tally.by_domain.clone();
        for d in domains {
            *by_domain.entry(*d).or_insert(0) += 1;
        }
        let change = variety(&by_domain) - before;
        if change > VARIETY_NOTICE {
            reasons.push(FitReason::VarietyUp);
        } else if change < -VARIETY_NOTICE {
            reasons.push(FitReason::VarietyDown);
        }
        score += 3.0 * change;

        let mut known = 0.0;
        let mut any = false;
        for d in domains {
            let clients = member.experience.get(d).copied().unwrap_or(0);
            if clients > 0 {
                any = true;
                reasons.push(FitReason::Experience {
                    domain: *d,
                    clients,
                });
            }
            known += f64::from(clients.min(5)) / 5.0;
        }
        if !any {
            reasons.push(FitReason::NoExperience);
        }
        score += 2.0 * known / domains.len() as f64;
    }

    IntakeAdvice {
        user_id: member.user_id,
        fits,
        score: if score.is_nan() { f64::MIN } else { score },
        reasons,
    }
}

fn counts_for(kind: PersonalLimitKind, client: &ClientInput) -> bool {
    match kind {
        PersonalLimitKind::Domain(d) => client.domains.contains(&d),
        PersonalLimitKind::Avoiders(level) => client.avoidance.is_some_and(|l| l >= level),
        PersonalLimitKind::Clients => true,
    }
}

/// A member's running totals, gathered in one pass over the clients (the same figures
/// `balance::member_figures` gives, without a pass per member).
#[derive(Default)]
struct Tally {
    load: f64,
    clients: u32,
    avoiders: u32,
    by_domain: BTreeMap<DomainId, u32>,
    /// Counts towards this member's personal limits, by limit id.
    limits: Vec<(PersonalLimitId, u32)>,
}

impl Tally {
    fn count(&self, limit: &PersonalLimit) -> u32 {
        self.limits
            .iter()
            .find(|(id, _)| *id == limit.id)
            .map_or(0, |(_, n)| *n)
    }
}

struct Tallies {
    index: HashMap<UserId, usize>,
    of: Vec<Tally>,
}

impl Tallies {
    fn new(snapshot: &TeamSnapshot) -> Tallies {
        let mut index = HashMap::new();
        let mut of: Vec<Tally> = Vec::new();
        for m in &snapshot.members {
            index.entry(m.user_id).or_insert_with(|| {
                of.push(Tally::default());
                of.len() - 1
            });
        }
        let mut limits: Vec<Vec<&PersonalLimit>> = vec![Vec::new(); of.len()];
        for limit in &snapshot.personal_limits {
            if let Some(&i) = index.get(&limit.owner) {
                limits[i].push(limit);
                of[i].limits.push((limit.id, 0));
            }
        }
        let fraction = snapshot.policy.secondary_fraction.clamp(0.0, 1.0);
        for client in &snapshot.clients {
            let points = f64::from(client.weight.points());
            if let Some(p) = client.primary.and_then(|u| index.get(&u).copied()) {
                let tally = &mut of[p];
                tally.load += points;
                tally.clients += 1;
                tally.avoiders += u32::from(client.is_avoider());
                for d in &client.domains {
                    *tally.by_domain.entry(*d).or_insert(0) += 1;
                }
                for (slot, limit) in tally.limits.iter_mut().zip(&limits[p]) {
                    slot.1 += u32::from(counts_for(limit.kind, client));
                }
            }
            if client.secondary != client.primary
                && let Some(s) = client.secondary.and_then(|u| index.get(&u).copied())
            {
                of[s].load += points * fraction;
            }
        }
        Tallies { index, of }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::caseload::balance::model::{MemberInput, TeamPolicy, member_figures};
    use crate::caseload::balance::rebalance::tests::random_team;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    fn member(user_id: UserId, experience: &[(DomainId, u32)]) -> MemberInput {
        MemberInput {
            user_id,
            fte: 1.0,
            capacity_override: None,
            experience: experience.iter().copied().collect(),
        }
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
            primary_since: today(),
        }
    }

    /// Member 1 is near the team limit (22 of a ceiling of 24), member 2 has room, member 3
    /// has the most room but carries two zorgmijders, member 4 has a shared personal limit of
    /// one client with addiction (domain 3) and already has one.
    fn team() -> TeamSnapshot {
        TeamSnapshot {
            policy: TeamPolicy {
                norm_per_fte: 20.0,
                secondary_fraction: 0.5,
                max_load_per_fte: Some(24.0),
                max_avoiders: Some(3),
                max_avoider_share: None,
            },
            members: vec![
                member(UserId(1), &[(DomainId(3), 4)]),
                member(UserId(2), &[(DomainId(1), 2), (DomainId(3), 1)]),
                member(UserId(3), &[]),
                member(UserId(4), &[(DomainId(3), 9)]),
            ],
            clients: vec![
                client(ClientId(1), 5, &[DomainId(1)], None, UserId(1)),
                client(ClientId(2), 5, &[DomainId(1)], None, UserId(1)),
                client(ClientId(3), 5, &[DomainId(2)], None, UserId(1)),
                client(ClientId(4), 5, &[DomainId(2)], None, UserId(1)),
                client(ClientId(5), 2, &[DomainId(1)], None, UserId(1)),
                client(ClientId(6), 5, &[DomainId(1)], None, UserId(2)),
                client(ClientId(7), 5, &[DomainId(1)], None, UserId(2)),
                client(
                    ClientId(8),
                    2,
                    &[DomainId(2)],
                    Some(AvoidanceLevel::Strong),
                    UserId(3),
                ),
                client(
                    ClientId(9),
                    2,
                    &[DomainId(2)],
                    Some(AvoidanceLevel::Considerable),
                    UserId(3),
                ),
                client(ClientId(10), 4, &[DomainId(3)], None, UserId(4)),
            ],
            personal_limits: vec![PersonalLimit {
                id: PersonalLimitId(77),
                owner: UserId(4),
                kind: PersonalLimitKind::Domain(DomainId(3)),
                max: 1,
                shared: true,
            }],
            today: today(),
        }
    }

    fn profile(
        weight: u8,
        domains: &[DomainId],
        level: Option<AvoidanceLevel>,
    ) -> NewClientProfile {
        NewClientProfile {
            weight: Weight::new(weight).unwrap(),
            domains: domains.to_vec(),
            avoidance: level,
        }
    }

    fn advice_for(advice: &[IntakeAdvice], user: UserId) -> &IntakeAdvice {
        advice.iter().find(|a| a.user_id == user).unwrap()
    }

    #[test]
    fn a_member_over_the_load_limit_does_not_fit_and_ranks_below_one_with_room() {
        let advice = advise_intake(&team(), &profile(4, &[DomainId(1)], None));
        let full = advice_for(&advice, UserId(1));
        assert!(!full.fits);
        assert_eq!(
            full.reasons[0],
            FitReason::LoadLimit {
                after: 26.0,
                ceiling: 24.0
            }
        );
        assert_eq!(
            full.reasons[1..],
            [FitReason::VarietyDown, FitReason::NoExperience]
        );
        let roomy = advice_for(&advice, UserId(2));
        assert!(roomy.fits);
        assert_eq!(roomy.reasons[0], FitReason::Headroom { ratio_after: 0.7 });
        let position = |user| advice.iter().position(|a| a.user_id == user).unwrap();
        assert!(position(UserId(2)) < position(UserId(1)));
        assert_eq!(advice.last().unwrap().user_id, UserId(1));
    }

    #[test]
    fn a_shared_personal_domain_limit_blocks_and_only_for_that_domain() {
        let addiction = advise_intake(&team(), &profile(1, &[DomainId(3)], None));
        let four = advice_for(&addiction, UserId(4));
        assert!(!four.fits);
        assert_eq!(
            four.reasons[0],
            FitReason::PersonalLimit {
                limit: PersonalLimitId(77),
                after: 2,
                max: 1
            }
        );
        let debt = advise_intake(&team(), &profile(1, &[DomainId(2)], None));
        assert!(advice_for(&debt, UserId(4)).fits);
    }

    #[test]
    fn experience_is_mentioned_and_counts() {
        let advice = advise_intake(
            &team(),
            &profile(2, &[DomainId(3), DomainId(1), DomainId(3)], None),
        );
        let two = advice_for(&advice, UserId(2));
        assert!(two.reasons.contains(&FitReason::Experience {
            domain: DomainId(1),
            clients: 2
        }));
        assert!(two.reasons.contains(&FitReason::Experience {
            domain: DomainId(3),
            clients: 1
        }));
        let three = advice_for(&advice, UserId(3));
        assert!(three.reasons.contains(&FitReason::NoExperience));
        // Same load, same variety change: experience decides.
        let mut snapshot = team();
        snapshot.clients.clear();
        let advice = advise_intake(&snapshot, &profile(2, &[DomainId(3)], None));
        assert_eq!(advice[0].user_id, UserId(4));
        assert_eq!(advice[1].user_id, UserId(1));
        assert!(advice[0].score > advice[1].score);
    }

    #[test]
    fn a_zorgmijder_goes_to_someone_carrying_fewer_zorgmijders() {
        let mut snapshot = team();
        // Members 2 and 3 now carry the same load.
        snapshot.clients[7].weight = Weight::new(5).unwrap();
        snapshot.clients[8].weight = Weight::new(5).unwrap();
        let advice = advise_intake(&snapshot, &profile(3, &[], Some(AvoidanceLevel::Strong)));
        let position = |user| advice.iter().position(|a| a.user_id == user).unwrap();
        assert!(position(UserId(2)) < position(UserId(3)));
        assert!(
            advice_for(&advice, UserId(3))
                .reasons
                .contains(&FitReason::Avoiders { count: 2 })
        );
        // A client who is not avoiding care does not mind.
        let advice = advise_intake(&snapshot, &profile(3, &[], Some(AvoidanceLevel::Some)));
        assert_eq!(
            advice_for(&advice, UserId(2)).score,
            advice_for(&advice, UserId(3)).score
        );
        assert!(
            !advice_for(&advice, UserId(3))
                .reasons
                .iter()
                .any(|r| matches!(r, FitReason::Avoiders { .. }))
        );
    }

    #[test]
    fn the_team_zorgmijder_limits_block_zorgmijders_only() {
        let mut snapshot = team();
        snapshot.policy.max_avoiders = Some(2);
        snapshot.policy.max_avoider_share = Some(0.5);
        let avoider = advise_intake(
            &snapshot,
            &profile(1, &[], Some(AvoidanceLevel::Considerable)),
        );
        let three = advice_for(&avoider, UserId(3));
        assert!(!three.fits);
        assert_eq!(
            three.reasons[0],
            FitReason::AvoiderLimit { after: 3, max: 2 }
        );
        assert_eq!(
            three.reasons[1],
            FitReason::AvoiderShareLimit {
                after: 1.0,
                max: 0.5
            }
        );
        let other = advise_intake(&snapshot, &profile(1, &[], None));
        assert!(advice_for(&other, UserId(3)).fits);
    }

    #[test]
    fn variety_changes_are_reasons() {
        let advice = advise_intake(&team(), &profile(1, &[DomainId(2)], None));
        // Member 2 has only domain 1 so far; member 3 only domain 2.
        assert!(
            advice_for(&advice, UserId(2))
                .reasons
                .contains(&FitReason::VarietyUp)
        );
        let advice = advise_intake(&team(), &profile(1, &[DomainId(1)], None));
        assert!(
            advice_for(&advice, UserId(1))
                .reasons
                .contains(&FitReason::VarietyDown)
        );
    }

    #[test]
    fn over_capacity_within_the_limit_is_soft() {
        let advice = advise_intake(&team(), &profile(1, &[DomainId(1)], None));
        let one = advice_for(&advice, UserId(1));
        assert!(one.fits);
        assert_eq!(
            one.reasons[0],
            FitReason::OverCapacity { ratio_after: 1.15 }
        );
    }

    #[test]
    fn the_order_is_deterministic_with_ties_by_user_id() {
        let mut snapshot = team();
        snapshot.clients.clear();
        snapshot.personal_limits.clear();
        for m in &mut snapshot.members {
            m.experience.clear();
        }
        snapshot.members.reverse();
        let advice = advise_intake(&snapshot, &profile(3, &[DomainId(1)], None));
        let order: Vec<UserId> = advice.iter().map(|a| a.user_id).collect();
        assert_eq!(order, vec![UserId(1), UserId(2), UserId(3), UserId(4)]);
        assert_eq!(
            advise_intake(&snapshot, &profile(3, &[DomainId(1)], None)),
            advice
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_member_once_fitting_ones_first(
            seed in any::<u64>(),
            members in 0usize..8,
            clients in 0usize..30,
            weight in 1u8..=5,
            domains in proptest::collection::vec(1i64..=5, 0..4),
            level in proptest::option::of(0usize..4),
        ) {
            let snapshot = random_team(seed, members, clients);
            let profile = NewClientProfile {
                weight: Weight::new(weight).unwrap(),
                domains: domains.into_iter().map(DomainId).collect(),
                avoidance: level.map(|l| [AvoidanceLevel::None, AvoidanceLevel::Some, AvoidanceLevel::Considerable, AvoidanceLevel::Strong][l]),
            };
            let advice = advise_intake(&snapshot, &profile);
            let given: BTreeSet<UserId> = snapshot.members.iter().map(|m| m.user_id).collect();
            let advised: Vec<UserId> = advice.iter().map(|a| a.user_id).collect();
            prop_assert_eq!(advised.len(), given.len());
            prop_assert_eq!(advised.iter().copied().collect::<BTreeSet<_>>(), given);
            for pair in advice.windows(2) {
                prop_assert!(pair[0].fits >= pair[1].fits);
                if pair[0].fits == pair[1].fits {
                    prop_assert!(pair[0].score > pair[1].score
                        || (pair[0].score == pair[1].score && pair[0].user_id < pair[1].user_id));
                }
            }
            for a in &advice {
                prop_assert!(a.score.is_finite());
                prop_assert_eq!(a.fits, !a.reasons.iter().any(FitReason::is_hard));
                // Hard reasons first, then exactly one headroom reason (unless over the load limit).
                let hard = a.reasons.iter().take_while(|r| r.is_hard()).count();
                prop_assert!(a.reasons[hard..].iter().all(|r| !r.is_hard()));
                let headroom = a.reasons.iter().filter(|r| matches!(r, FitReason::Headroom { .. } | FitReason::OverCapacity { .. })).count();
                let over_limit = a.reasons.iter().any(|r| matches!(r, FitReason::LoadLimit { .. }));
                prop_assert_eq!(headroom, usize::from(!over_limit));
                if !over_limit {
                    let headroom_next = matches!(a.reasons[hard], FitReason::Headroom { .. } | FitReason::OverCapacity { .. });
                    prop_assert!(headroom_next);
                }
                // Placing the client really is what the load figures say.
                let member = snapshot.members.iter().find(|m| m.user_id == a.user_id).unwrap();
                let mut placed = snapshot.clone();
                placed.clients.push(ClientInput {
                    id: ClientId(-1),
                    weight: profile.weight,
                    domains: profile.domains.iter().copied().collect::<BTreeSet<_>>().into_iter().collect(),
                    avoidance: profile.avoidance,
                    primary: Some(a.user_id),
                    secondary: None,
                    primary_since: snapshot.today,
                });
                let figures = member_figures(&placed, member);
                let ratio = a.reasons.iter().find_map(|r| match r {
                    FitReason::Headroom { ratio_after } | FitReason::OverCapacity { ratio_after } => Some(*ratio_after),
                    _ => None,
                });
                if let Some(ratio) = ratio {
                    prop_assert!((ratio - figures.ratio).abs() < 1e-9);
                }
                // Every hard reason is a breach of the placed member.
                prop_assert!(a.reasons.iter().filter(|r| r.is_hard()).count() <= figures.breaches.len());
            }
        }
    }
}
