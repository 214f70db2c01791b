//! Rebalancing suggestions with a continuity cost per move.
//!
//! Continuity comes before optimisation: a move hands a client to another professional, and
//! with a care-avoiding client that can undo months of relationship work. So the rebalancer
//! only relieves what the team itself called too much (its load limit, zorgmijder limits and
//! the personal limits in the snapshot), puts a cost on every move, and proposes a move only
//! when its relief is worth that cost. Load between capacity and the team's load limit is left
//! to intake advice: new clients go elsewhere, and no relationship is broken for it.
//!
//! How it works (greedy, state-based):
//! - The *strain* of a team is `BREACH_VALUE × (number of limit breaches)` plus, per member,
//!   `e + e²` where `e` is how far their load ratio is above what the team allows: the team
//!   load limit as a ratio of capacity, or 100 % when the team set no load limit. (A member
//!   without any capacity, e.g. on leave, has `e` = ten times their load against one FTE's
//!   norm: their clients are the most urgent to hand over, and each one handed over counts.)
//!   Members within the limits add nothing, so nobody is moved merely to even out a team.
//! - A candidate move takes the primary assignment of a client of a *donor* (a member with
//!   strain) and gives it to a *receiver*: a member with capacity who is over no limit (or only
//!   over the zorgmijder share, which a client who is not avoiding care can bring back), is
//!   within all limits after the move, and whose ratio afterwards is no higher than the team's
//!   highest ratio at that moment. The donor may not newly cross a limit (handing over a client
//!   who does not avoid care raises the donor's zorgmijder share).
//! - A move *qualifies* when its relief (the drop in strain) is at least [`MIN_GAIN`] and its
//!   relief per continuity cost at least [`MIN_GAIN_PER_COST`]. A greedy pass takes one
//!   qualifying move after another and stops when none is left. Two passes are run: one takes
//!   the most relief per cost first, the other the most relief first (a cheap first move can
//!   block a breach fix). The second pass's plan is used only when it ends with fewer breaches,
//!   a highest ratio lower by more than half a percentage point, or (otherwise equal) a lower
//!   total cost.
//! - Both passes stop on the state alone, never on a count of moves, so running the rebalancer
//!   again on the result of its own plan suggests nothing more. Every move lowers the strain by
//!   at least `MIN_GAIN`, so a plan is finite; it is short when few members are over a limit
//!   (each needs as many moves as it takes to get back under it). Moves come in the order they
//!   were chosen, so a page may show a prefix.
//!
//! Everything is incremental: per-member running totals, and per candidate client only the
//! donor and the receivers are evaluated, not the team. Receivers are scanned from the lowest
//! ratio up, and the scan stops as soon as no later receiver can add less strain.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::balance::model::{
    ClientId, ClientInput, PersonalLimitKind, TeamPolicy, TeamSnapshot, load_ceiling, load_ratio,
    member_capacity,
};
use crate::caseload::model::AvoidanceLevel;

/// One suggested hand-over: the primary assignment of `client` goes from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub client: ClientId,
    pub from: UserId,
    pub to: UserId,
    /// Continuity cost, see [`continuity_cost`].
    pub cost: f64,
    /// `to` already was the client's secondary professional (a warm hand-over).
    pub to_was_secondary: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RebalancePlan {
    /// In the order chosen. Any prefix keeps the per-move guarantees of [`suggest_moves`].
    pub moves: Vec<Move>,
    pub max_ratio_before: f64,
    pub max_ratio_after: f64,
    /// Limit breaches over all members (as `balance::member_figures` counts them).
    pub breaches_before: u32,
    pub breaches_after: u32,
    pub total_cost: f64,
}

/// What ending one limit breach is worth in strain: as much as bringing a member from 162 % of
/// capacity down to 100 %. Breaches come first in practice.
pub const BREACH_VALUE: f64 = 1.0;
/// The least relief (in strain units, roughly "one percentage point of overload = 0.01") a
/// move must bring to be worth proposing.
pub const MIN_GAIN: f64 = 0.02;
/// The least relief per unit of continuity cost. A level-3 zorgmijder of five years costs
/// about 55, so moving them is proposed for a breach, hardly ever for load alone.
pub const MIN_GAIN_PER_COST: f64 = 0.01;

/// How expensive it is, for continuity of care, to hand `client` to another professional.
///
/// `avoidance factor × relationship factor × warm-hand-over factor`, always > 0:
/// - avoidance: none or unknown 1, some 1.5, considerable 4, strong 12 (trust with a
///   care-avoiding client takes months to build and is easily lost);
/// - relationship: `1 + 2·ln(1 + months/12)`, months since `primary_since` (0 if in the
///   future): 1 when new, ~2.4 after a year, ~3.2 after two, ~4.6 after five;
/// - 0.4 when the receiver is the client's current secondary professional, who already knows
///   the client and their network.
pub fn continuity_cost(client: &ClientInput, to_is_secondary: bool, today: NaiveDate) -> f64 {
    cost_since(client, client.primary_since, to_is_secondary, today)
}

/// [`continuity_cost`] with the relationship starting on `since` (a client moved earlier in a
/// plan starts afresh with their new professional).
fn cost_since(
    client: &ClientInput,
    since: NaiveDate,
    to_is_secondary: bool,
    today: NaiveDate,
) -> f64 {
    let avoidance = match client.avoidance {
        None | Some(AvoidanceLevel::None) => 1.0,
        Some(AvoidanceLevel::Some) => 1.5,
        Some(AvoidanceLevel::Considerable) => 4.0,
        Some(AvoidanceLevel::Strong) => 12.0,
    };
    let days = (today - since).num_days().max(0) as f64;
    let months = days / 30.4375;
    let relationship = 1.0 + 2.0 * (1.0 + months / 12.0).ln();
    let warm = if to_is_secondary { 0.4 } else { 1.0 };
    avoidance * relationship * warm
}

/// The snapshot after the moves: for each move whose client still has `from` as primary and
/// whose `to` is a member of the snapshot, the primary becomes `to` (working with the client
/// since `snapshot.today`); if `to` was the secondary, the secondary becomes `None`. Moves that
/// no longer match the snapshot are skipped.
pub fn apply_moves(snapshot: &TeamSnapshot, moves: &[Move]) -> TeamSnapshot {
    let mut next = snapshot.clone();
    for mv in moves {
        if mv.from == mv.to || !next.members.iter().any(|m| m.user_id == mv.to) {
            continue;
        }
        if let Some(client) = next
            .clients
            .iter_mut()
            .find(|c| c.id == mv.client && c.primary == Some(mv.from))
        {
            client.primary = Some(mv.to);
            client.primary_since = snapshot.today;
            if client.secondary == Some(mv.to) {
                client.secondary = None;
            }
        }
    }
    next
}

/// Suggest a short list of moves; see the module documentation for the rule.
///
/// Guarantees: no member crosses a limit they were within before; every receiver is within
/// all its limits after each move; the highest load ratio never rises; the number of breaches
/// never rises; and `suggest_moves(&apply_moves(s, &plan.moves))` suggests no moves.
/// Members are identified by `user_id` (a repeated member counts once).
pub fn suggest_moves(snapshot: &TeamSnapshot) -> RebalancePlan {
    let thrifty = plan_with(snapshot, Greed::PerCost);
    let bold = plan_with(snapshot, Greed::Relief);
    let bold_wins = match bold.breaches_after.cmp(&thrifty.breaches_after) {
        Ordering::Less => true,
        Ordering::Greater => false,
        Ordering::Equal if bold.max_ratio_after < thrifty.max_ratio_after - RATIO_NOTICE => true,
        Ordering::Equal if bold.max_ratio_after <= thrifty.max_ratio_after + RATIO_NOTICE => {
            bold.total_cost < thrifty.total_cost
        }
        Ordering::Equal => false,
    };
    if bold_wins { bold } else { thrifty }
}

/// Highest ratios closer than this (half a percentage point) count as equal between plans.
const RATIO_NOTICE: f64 = 0.005;

/// Which qualifying move a greedy pass takes first.
#[derive(Clone, Copy, PartialEq)]
enum Greed {
    /// The most relief per continuity cost.
    PerCost,
    /// The most relief.
    Relief,
}

fn plan_with(snapshot: &TeamSnapshot, greed: Greed) -> RebalancePlan {
    let mut state = State::new(snapshot);
    let max_ratio_before = state.max_ratio();
    let breaches_before = state.total_breaches();
    let mut moves = Vec::new();
    while let Some(best) = state.best_move(greed) {
        let client = &snapshot.clients[best.client];
        moves.push(Move {
            client: client.id,
            from: state.members[best.from].user_id,
            to: state.members[best.to].user_id,
            cost: best.cost,
            to_was_secondary: best.to_secondary,
        });
        state.apply(best.client, best.from, best.to);
    }
    RebalancePlan {
        total_cost: moves.iter().fold(0.0, |sum, m| sum + m.cost),
        moves,
        max_ratio_before,
        max_ratio_after: state.max_ratio(),
        breaches_before,
        breaches_after: state.total_breaches(),
    }
}

/// How far a ratio is over what the team allows, made convex so that relieving the heaviest
/// member counts most: `e + e²` with `e = max(0, ratio − allowed)`.
fn strain(ratio: f64, allowed: f64) -> f64 {
    overload_strain((ratio - allowed).max(0.0))
}

fn overload_strain(e: f64) -> f64 {
    e + e * e
}

struct Member {
    user_id: UserId,
    capacity: f64,
    ceiling: Option<f64>,
    /// The ratio above which load strains: the team load limit, or without one 100 %.
    allowed: f64,
    /// Weight points as primary and as secondary: integers, so incremental totals are exact.
    primary_points: u32,
    secondary_points: u32,
    clients: u32,
    avoiders: u32,
    /// (kind, max, count) of this member's personal limits in the snapshot.
    limits: Vec<(PersonalLimitKind, u32, u32)>,
    /// Indices of the clients this member is primary for.
    primaries: Vec<usize>,
}

/// The current assignment of a client (the rest is read from the snapshot). A secondary who
/// is also the primary carries no secondary load, as in `balance::member_figures`.
#[derive(Clone, Copy)]
struct Assignment {
    primary: Option<usize>,
    secondary: Option<usize>,
    since: NaiveDate,
}

/// A member's figures, now or under a hypothetical change.
#[derive(Clone, Copy)]
struct Look {
    ratio: f64,
    /// The member's part of the team's strain. For a member without capacity (say, on leave,
    /// whose ratio is pinned at 10) `e` is ten times their load against one FTE's norm: their
    /// clients are the most urgent to hand over, and each one handed over counts, not only
    /// the last.
    strain: f64,
    load: bool,
    avoiders: bool,
    share: bool,
    personal: u32,
}

impl Look {
    fn breaches(&self) -> u32 {
        u32::from(self.load) + u32::from(self.avoiders) + u32::from(self.share) + self.personal
    }
}

#[derive(Clone, Copy)]
enum Change<'c> {
    None,
    /// Loses the primary assignment (and `keeps_secondary` if they were also the secondary).
    Lose(&'c ClientInput, bool),
    /// Becomes primary; `was_secondary` if they were the secondary before.
    Gain(&'c ClientInput, bool),
}

struct Candidate {
    client: usize,
    from: usize,
    to: usize,
    gain: f64,
    cost: f64,
    to_secondary: bool,
}

impl Candidate {
    /// Better: more relief per cost (or more relief), then cheaper, then lower client id,
    /// then lower user id.
    fn beats(
        &self,
        other: &Candidate,
        greed: Greed,
        clients: &[ClientInput],
        members: &[Member],
    ) -> bool {
        let (mine, theirs) = match greed {
            Greed::PerCost => (self.gain / self.cost, other.gain / other.cost),
            Greed::Relief => (self.gain, other.gain),
        };
        mine.total_cmp(&theirs)
            .then(other.cost.total_cmp(&self.cost))
            .then(clients[other.client].id.cmp(&clients[self.client].id))
            .then(members[other.to].user_id.cmp(&members[self.to].user_id))
            .is_gt()
    }
}

struct State<'s> {
    policy: &'s TeamPolicy,
    fraction: f64,
    today: NaiveDate,
    clients: &'s [ClientInput],
    members: Vec<Member>,
    assignments: Vec<Assignment>,
}

fn counts_for(kind: PersonalLimitKind, client: &ClientInput) -> bool {
    match kind {
        PersonalLimitKind::Domain(d) => client.domains.contains(&d),
        PersonalLimitKind::Avoiders(level) => client.avoidance.is_some_and(|l| l >= level),
        PersonalLimitKind::Clients => true,
    }
}

impl<'s> State<'s> {
    fn new(snapshot: &'s TeamSnapshot) -> State<'s> {
        let policy = &snapshot.policy;
        let mut index: HashMap<UserId, usize> = HashMap::new();
        let mut members: Vec<Member> = Vec::new();
        for m in &snapshot.members {
            if index.contains_key(&m.user_id) {
                continue;
            }
            index.insert(m.user_id, members.len());
            let capacity = member_capacity(m, policy);
            let ceiling = load_ceiling(m, policy);
            members.push(Member {
                user_id: m.user_id,
                capacity,
                ceiling,
                allowed: match ceiling {
                    Some(ceiling) if capacity > 0.0 => ceiling / capacity,
                    _ => 1.0,
                },
                primary_points: 0,
                secondary_points: 0,
                clients: 0,
                avoiders: 0,
                limits: Vec::new(),
                primaries: Vec::new(),
            });
        }
        for limit in &snapshot.personal_limits {
            if let Some(&i) = index.get(&limit.owner) {
                members[i].limits.push((limit.kind, limit.max, 0));
            }
        }
        let mut assignments = Vec::with_capacity(snapshot.clients.len());
        for (ci, client) in snapshot.clients.iter().enumerate() {
            let primary = client.primary.and_then(|u| index.get(&u).copied());
            let secondary = client.secondary.and_then(|u| index.get(&u).copied());
            let points = u32::from(client.weight.points());
            if let Some(p) = primary {
                let m = &mut members[p];
                m.primary_points += points;
                m.clients += 1;
                m.avoiders += u32::from(client.is_avoider());
                for (kind, _, count) in &mut m.limits {
                    *count += u32::from(counts_for(*kind, client));
                }
                m.primaries.push(ci);
            }
            if let Some(s) = secondary
                && secondary != primary
            {
                members[s].secondary_points += points;
            }
            assignments.push(Assignment {
                primary,
                secondary,
                since: client.primary_since,
            });
        }
        State {
            policy,
            fraction: policy.secondary_fraction.clamp(0.0, 1.0),
            today: snapshot.today,
            clients: &snapshot.clients,
            members,
            assignments,
        }
    }

    /// The figures of member `m` as they would be after `change`.
    fn look(&self, m: usize, change: Change) -> Look {
        let member = &self.members[m];
        let (mut primary, mut secondary) = (
            i64::from(member.primary_points),
            i64::from(member.secondary_points),
        );
        let (mut clients, mut avoiders) = (i64::from(member.clients), i64::from(member.avoiders));
        let (client, sign) = match change {
            Change::None => (None, 0),
            Change::Lose(c, keeps_secondary) => {
                let w = i64::from(c.weight.points());
                primary -= w;
                if keeps_secondary {
                    secondary += w;
                }
                (Some(c), -1)
            }
            Change::Gain(c, was_secondary) => {
                let w = i64::from(c.weight.points());
                primary += w;
                if was_secondary {
                    secondary -= w;
                }
                (Some(c), 1)
            }
        };
        if let Some(c) = client {
            clients += sign;
            if c.is_avoider() {
                avoiders += sign;
            }
        }
        let load = primary as f64 + secondary as f64 * self.fraction;
        let policy = self.policy;
        let share_over = match policy.max_avoider_share {
            Some(max) if clients > 0 => avoiders as f64 / clients as f64 > max + 1e-9,
            _ => false,
        };
        let personal = member
            .limits
            .iter()
            .filter(|(kind, max, count)| {
                let delta = match client {
                    Some(c) if counts_for(*kind, c) => sign,
                    _ => 0,
                };
                i64::from(*count) + delta > i64::from(*max)
            })
            .count() as u32;
        let ratio = load_ratio(load, member.capacity);
        let strain = if member.capacity > 0.0 {
            strain(ratio, member.allowed)
        } else {
            overload_strain(10.0 * load.max(0.0) / policy.norm_per_fte.max(1.0))
        };
        Look {
            ratio,
            strain,
            load: member.ceiling.is_some_and(|c| load > c + 1e-9),
            avoiders: policy
                .max_avoiders
                .is_some_and(|max| avoiders > i64::from(max)),
            share: share_over,
            personal,
        }
    }

    fn max_ratio(&self) -> f64 {
        (0..self.members.len())
            .map(|m| self.look(m, Change::None).ratio)
            .fold(0.0, f64::max)
    }

    fn total_breaches(&self) -> u32 {
        (0..self.members.len())
            .map(|m| self.look(m, Change::None).breaches())
            .sum()
    }

    /// The best qualifying move in the current state, if any.
    fn best_move(&self, greed: Greed) -> Option<Candidate> {
        let now: Vec<Look> = (0..self.members.len())
            .map(|m| self.look(m, Change::None))
            .collect();
        let max_ratio = now.iter().map(|l| l.ratio).fold(0.0, f64::max);
        // Receivers have capacity and are over no limit, or only over the zorgmijder share,
        // which taking a client who is not avoiding care can bring back within the limit.
        let share_only = |l: &Look| l.share && l.breaches() == 1;
        let mut receivers: Vec<usize> = (0..self.members.len())
            .filter(|&m| now[m].breaches() == 0 && self.members[m].capacity > 0.0)
            .collect();
        let fixable: Vec<usize> = (0..self.members.len())
            .filter(|&m| share_only(&now[m]) && self.members[m].capacity > 0.0)
            .collect();
        receivers.sort_by(|&a, &b| {
            now[a]
                .ratio
                .total_cmp(&now[b].ratio)
                .then(self.members[a].user_id.cmp(&self.members[b].user_id))
        });
        let widest = receivers
            .iter()
            .map(|&m| self.members[m].capacity)
            .fold(0.0, f64::max);
        let most_allowed = receivers
            .iter()
            .map(|&m| self.members[m].allowed)
            .fold(f64::NEG_INFINITY, f64::max);

        let mut best: Option<Candidate> = None;
        for (from, before) in now.iter().enumerate() {
            if before.breaches() == 0 && before.strain <= 0.0 {
                continue;
            }
            for &ci in &self.members[from].primaries {
                let client = &self.clients[ci];
                let assignment = self.assignments[ci];
                let keeps_secondary = assignment.secondary == Some(from);
                let after = self.look(from, Change::Lose(client, keeps_secondary));
                if (after.load && !before.load)
                    || (after.avoiders && !before.avoiders)
                    || (after.share && !before.share)
                {
                    continue;
                }
                let relief = BREACH_VALUE * f64::from(before.breaches() - after.breaches())
                    + before.strain
                    - after.strain;
                // A receiver adds strain and may end one share breach: this bounds every move of
                // this client.
                let bonus = if fixable.is_empty() || client.is_avoider() {
                    0.0
                } else {
                    BREACH_VALUE
                };
                if relief.is_nan() || relief + bonus < MIN_GAIN {
                    continue;
                }
                let secondary = assignment.secondary.filter(|&s| s != from);
                let mut offer = |to: usize, added: f64, to_secondary: bool| {
                    let gain = relief - added;
                    let cost = cost_since(client, assignment.since, to_secondary, self.today);
                    // Written so that NaN never qualifies.
                    if !(gain >= MIN_GAIN && gain / cost >= MIN_GAIN_PER_COST) {
                        return;
                    }
                    let candidate = Candidate {
                        client: ci,
                        from,
                        to,
                        gain,
                        cost,
                        to_secondary,
                    };
                    if best
                        .as_ref()
                        .is_none_or(|b| candidate.beats(b, greed, self.clients, &self.members))
                    {
                        best = Some(candidate);
                    }
                };
                // Strain a receiver adds (less any breach it ends), if it may receive at all.
                let take = |to: usize, was_secondary: bool| -> Option<f64> {
                    let look = self.look(to, Change::Gain(client, was_secondary));
                    (look.breaches() == 0 && look.ratio <= max_ratio).then(|| {
                        let ended = BREACH_VALUE * f64::from(now[to].breaches());
                        look.strain - now[to].strain - ended
                    })
                };
                // A warm hand-over to the secondary professional.
                if let Some(s) = secondary
                    && (now[s].breaches() == 0 || share_only(&now[s]))
                    && self.members[s].capacity > 0.0
                    && let Some(added) = take(s, true)
                {
                    offer(s, added, true);
                }
                // Members only over the zorgmijder share, each looked at in full.
                if bonus > 0.0 {
                    for &to in &fixable {
                        if to != from
                            && Some(to) != secondary
                            && let Some(added) = take(to, false)
                        {
                            offer(to, added, false);
                        }
                    }
                }
                // The best other receiver: the least added strain, then the lowest ratio now
                // (the order of the scan, so the first receiver that adds none is the one).
                let w = f64::from(client.weight.points());
                let mut chosen: Option<(f64, usize)> = None;
                for &to in &receivers {
                    if to == from || Some(to) == secondary {
                        continue;
                    }
                    if let Some((added, _)) = chosen {
                        // What any receiver from here on adds at the least.
                        let ratio = now[to].ratio;
                        let least =
                            strain(ratio + w / widest, most_allowed) - strain(ratio, most_allowed);
                        if least >= added {
                            break;
                        }
                    }
                    if let Some(added) = take(to, false)
                        && chosen.is_none_or(|(a, _)| added < a)
                    {
                        chosen = Some((added, to));
                    }
                }
                if let Some((added, to)) = chosen {
                    offer(to, added, false);
                }
            }
        }
        best
    }

    fn apply(&mut self, ci: usize, from: usize, to: usize) {
        let client = &self.clients[ci];
        let points = u32::from(client.weight.points());
        let avoider = u32::from(client.is_avoider());
        let was_secondary = self.assignments[ci].secondary == Some(to);
        let keeps_secondary = self.assignments[ci].secondary == Some(from);

        let giver = &mut self.members[from];
        giver.primary_points -= points;
        giver.clients -= 1;
        giver.avoiders -= avoider;
        for (kind, _, count) in &mut giver.limits {
            *count -= u32::from(counts_for(*kind, client));
        }
        giver.primaries.retain(|&c| c != ci);
        if keeps_secondary {
            giver.secondary_points += points;
        }

        let taker = &mut self.members[to];
        taker.primary_points += points;
        taker.clients += 1;
        taker.avoiders += avoider;
        for (kind, _, count) in &mut taker.limits {
            *count += u32::from(counts_for(*kind, client));
        }
        taker.primaries.push(ci);
        if was_secondary {
            taker.secondary_points -= points;
        }

        let assignment = &mut self.assignments[ci];
        assignment.primary = Some(to);
        assignment.since = self.today;
        if was_secondary {
            assignment.secondary = None;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::shared::ids::{DomainId, PersonalLimitId};
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;
    use crate::caseload::balance::model::{
        Breach, MemberInput, PersonalLimit, member_figures, team_figures,
    };
    use crate::caseload::model::Weight;

    /// A tiny deterministic generator (SplitMix64), so tests and benches need no `rand`.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Rng {
            let mut lcg = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
            lcg.next();
            lcg
        }

        /// SplitMix64: a counter through a good mixer, so every bit is usable.
        pub(crate) fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }

        pub(crate) fn chance(&mut self, p: f64) -> bool {
            (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
        }

        pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }
    }

    pub(crate) fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    const LEVELS: [Option<AvoidanceLevel>; 5] = [
        None,
        Some(AvoidanceLevel::None),
        Some(AvoidanceLevel::Some),
        Some(AvoidanceLevel::Considerable),
        Some(AvoidanceLevel::Strong),
    ];

    /// A random small team, skewed so that the first members tend to be overloaded. Covers
    /// optional team limits, capacity overrides (even zero), secondaries (even the primary
    /// themself), unassigned clients and personal limits of every kind.
    pub(crate) fn random_team(seed: u64, members: usize, clients: usize) -> TeamSnapshot {
        let mut r = Rng::new(seed);
        let norm = 8.0 + r.below(12) as f64;
        let policy = TeamPolicy {
            norm_per_fte: norm,
            secondary_fraction: r.pick(&[0.0, 0.25, 0.5, 1.0]),
            max_load_per_fte: r
                .chance(0.7)
                .then(|| norm * (1.0 + 0.1 * r.below(5) as f64)),
            max_avoiders: r.chance(0.5).then(|| r.below(3) as u32),
            max_avoider_share: r.chance(0.4).then(|| r.pick(&[0.25, 0.34, 0.5, 0.67])),
        };
        let members: Vec<MemberInput> = (0..members)
            .map(|i| MemberInput {
                user_id: UserId(10 + 7 * i as i64),
                fte: r.pick(&[0.4, 0.5, 0.6, 0.8, 1.0]),
                capacity_override: r.chance(0.1).then(|| r.below(3) as f64 * norm * 0.5),
                experience: {
                    let mut known = BTreeMap::new();
                    for d in 1..=4 {
                        if r.chance(0.5) {
                            known.insert(DomainId(d), r.below(8) as u32);
                        }
                    }
                    known
                },
            })
            .collect();
        let ids: Vec<UserId> = members.iter().map(|m| m.user_id).collect();
        let clients = (0..clients)
            .map(|j| {
                let primary = if ids.is_empty() || r.chance(0.05) {
                    None
                } else if r.chance(0.5) {
                    Some(ids[r.below(2.min(ids.len() as u64)) as usize])
                } else {
                    Some(r.pick(&ids))
                };
                ClientInput {
                    id: ClientId(100 + 3 * j as i64),
                    weight: Weight::new(1 + r.below(5) as u8).unwrap(),
                    domains: (1..=4).filter(|_| r.chance(0.3)).map(DomainId).collect(),
                    avoidance: r.pick(&LEVELS),
                    primary,
                    secondary: (!ids.is_empty() && r.chance(0.3)).then(|| r.pick(&ids)),
                    primary_since: today() - chrono::Duration::days(r.below(2000) as i64 - 30),
                }
            })
            .collect();
        let personal_limits = (0..if ids.is_empty() { 0 } else { r.below(4) })
            .map(|k| PersonalLimit {
                id: PersonalLimitId(1000 + k as i64),
                owner: r.pick(&ids),
                kind: match r.below(3) {
                    0 => PersonalLimitKind::Domain(DomainId(1 + r.below(4) as i64)),
                    1 => PersonalLimitKind::Avoiders(r.pick(&AvoidanceLevel::ALL_FOR_TESTS)),
                    _ => PersonalLimitKind::Clients,
                },
                max: r.below(5) as u32,
                shared: r.chance(0.5),
            })
            .collect();
        TeamSnapshot {
            policy,
            members,
            clients,
            personal_limits,
            today: today(),
        }
    }

    trait AllLevels {
        const ALL_FOR_TESTS: [AvoidanceLevel; 4];
    }

    impl AllLevels for AvoidanceLevel {
        const ALL_FOR_TESTS: [AvoidanceLevel; 4] = [
            AvoidanceLevel::None,
            AvoidanceLevel::Some,
            AvoidanceLevel::Considerable,
            AvoidanceLevel::Strong,
        ];
    }

    /// Which limits a breach is about, so breaches before and after can be compared.
    fn limit_of(breach: &Breach) -> (u8, i64) {
        match breach {
            Breach::Load { .. } => (0, 0),
            Breach::Avoiders { .. } => (1, 0),
            Breach::AvoiderShare { .. } => (2, 0),
            Breach::Personal { limit, .. } => (3, limit.get()),
        }
    }

    fn breached(snapshot: &TeamSnapshot) -> BTreeMap<UserId, BTreeSet<(u8, i64)>> {
        team_figures(snapshot)
            .iter()
            .map(|f| (f.user_id, f.breaches.iter().map(limit_of).collect()))
            .collect()
    }

    fn max_ratio(snapshot: &TeamSnapshot) -> f64 {
        team_figures(snapshot)
            .iter()
            .map(|f| f.ratio)
            .fold(0.0, f64::max)
    }

    fn total_breaches(snapshot: &TeamSnapshot) -> u32 {
        team_figures(snapshot)
            .iter()
            .map(|f| f.breaches.len() as u32)
            .sum()
    }

    fn member(user_id: UserId, fte: f64) -> MemberInput {
        MemberInput {
            user_id,
            fte,
            capacity_override: None,
            experience: BTreeMap::new(),
        }
    }

    fn client(
        id: ClientId,
        weight: u8,
        level: Option<AvoidanceLevel>,
        primary: UserId,
        months: i64,
    ) -> ClientInput {
        ClientInput {
            id,
            weight: Weight::new(weight).unwrap(),
            domains: vec![DomainId(1)],
            avoidance: level,
            primary: Some(primary),
            secondary: None,
            primary_since: today() - chrono::Duration::days(months * 30),
        }
    }

    fn team(clients: Vec<ClientInput>) -> TeamSnapshot {
        TeamSnapshot {
            policy: TeamPolicy {
                norm_per_fte: 20.0,
                secondary_fraction: 0.5,
                max_load_per_fte: Some(24.0),
                max_avoiders: Some(3),
                max_avoider_share: None,
            },
            members: vec![
                member(UserId(1), 1.0),
                member(UserId(2), 1.0),
                member(UserId(3), 1.0),
            ],
            clients,
            personal_limits: Vec::new(),
            today: today(),
        }
    }

    #[test]
    fn continuity_cost_grows_with_avoidance_and_time_and_a_secondary_is_cheaper() {
        let at = |level, months| {
            continuity_cost(
                &client(ClientId(1), 3, level, UserId(1), months),
                false,
                today(),
            )
        };
        assert!(at(None, 0) > 0.0);
        assert!(at(Some(AvoidanceLevel::Some), 12) > at(None, 12));
        assert!(at(Some(AvoidanceLevel::Considerable), 12) > at(Some(AvoidanceLevel::Some), 12));
        assert!(
            at(Some(AvoidanceLevel::Strong), 12) > 2.0 * at(Some(AvoidanceLevel::Considerable), 12)
        );
        assert!(at(Some(AvoidanceLevel::Strong), 12) > 10.0 * at(None, 12));
        assert!(at(None, 36) > at(None, 12));
        assert!(at(None, 12) > at(None, 1));
        let c = client(ClientId(1), 3, Some(AvoidanceLevel::Strong), UserId(1), 60);
        assert!(continuity_cost(&c, true, today()) < continuity_cost(&c, false, today()));
        assert!(continuity_cost(&c, true, today()) > 0.0);
        // A relationship that starts in the future counts as new.
        assert_eq!(at(None, -5), at(None, 0));
    }

    #[test]
    fn an_overloaded_member_hands_over_a_cheap_client_not_a_zorgmijder() {
        // Member 1 carries 30 points on a capacity of 20 (ceiling 24).
        let mut clients = vec![
            client(ClientId(1), 5, Some(AvoidanceLevel::Strong), UserId(1), 48),
            client(
                ClientId(2),
                5,
                Some(AvoidanceLevel::Considerable),
                UserId(1),
                24,
            ),
            client(ClientId(3), 5, None, UserId(1), 24),
            client(ClientId(4), 5, None, UserId(1), 3),
            client(ClientId(5), 5, None, UserId(1), 36),
            client(ClientId(6), 5, None, UserId(1), 36),
            client(ClientId(7), 4, None, UserId(2), 12),
            client(ClientId(8), 2, None, UserId(3), 12),
        ];
        clients[4].secondary = Some(UserId(3));
        let snapshot = team(clients);
        let plan = suggest_moves(&snapshot);
        assert_eq!(plan.breaches_before, 1);
        assert_eq!(plan.breaches_after, 0);
        assert_eq!(plan.max_ratio_before, 1.5);
        assert!(plan.max_ratio_after <= 1.2, "{plan:?}");
        assert_eq!(plan.moves.len(), 2, "{plan:?}");
        for m in &plan.moves {
            assert_eq!(m.from, UserId(1));
            assert!(
                m.client != ClientId(1) && m.client != ClientId(2),
                "moved a zorgmijder: {plan:?}"
            );
        }
        // The cheapest first: the warm hand-over of client 5 or the short relationship of 4.
        assert!(
            matches!(plan.moves[0].client, ClientId(4) | ClientId(5)),
            "{plan:?}"
        );
        assert!(
            plan.moves
                .iter()
                .any(|m| m.client == ClientId(5) && m.to == UserId(3) && m.to_was_secondary)
        );
        let total: f64 = plan.moves.iter().map(|m| m.cost).sum();
        assert!((plan.total_cost - total).abs() < 1e-9);
        let after = apply_moves(&snapshot, &plan.moves);
        assert_eq!(suggest_moves(&after).moves, Vec::new());
    }

    #[test]
    fn load_over_capacity_but_within_the_team_limit_is_left_to_intake() {
        let snapshot = team(vec![
            client(ClientId(1), 5, None, UserId(1), 1),
            client(ClientId(2), 5, None, UserId(1), 1),
            client(ClientId(3), 5, None, UserId(1), 1),
            client(ClientId(4), 5, None, UserId(1), 1),
            client(ClientId(5), 3, None, UserId(1), 1),
        ]);
        let plan = suggest_moves(&snapshot);
        assert_eq!(plan.max_ratio_before, 1.15);
        assert!(plan.moves.is_empty());
        // Without a team load limit, 100 % of capacity is the limit.
        let mut unlimited = snapshot.clone();
        unlimited.policy.max_load_per_fte = None;
        let plan = suggest_moves(&unlimited);
        assert_eq!(plan.moves.len(), 1);
        assert!(plan.max_ratio_after <= 1.0);
    }

    #[test]
    fn a_team_within_capacity_is_left_alone() {
        let snapshot = team(vec![
            client(ClientId(1), 5, None, UserId(1), 1),
            client(ClientId(2), 5, None, UserId(1), 1),
            client(ClientId(3), 5, None, UserId(1), 1),
            client(ClientId(4), 1, None, UserId(2), 1),
        ]);
        let plan = suggest_moves(&snapshot);
        assert!(plan.moves.is_empty());
        assert_eq!(plan.max_ratio_before, plan.max_ratio_after);
        assert_eq!(plan.total_cost, 0.0);
    }

    #[test]
    fn a_breach_of_the_zorgmijder_limit_moves_one_zorgmijder_to_someone_with_room() {
        let mut snapshot = team(
            (1..=4)
                .map(|id| {
                    client(
                        ClientId(id),
                        2,
                        Some(AvoidanceLevel::Considerable),
                        UserId(1),
                        6,
                    )
                })
                .collect(),
        );
        snapshot
            .clients
            .push(client(ClientId(9), 3, None, UserId(2), 6));
        // Member 3 may take no zorgmijders at all.
        snapshot.personal_limits.push(PersonalLimit {
            id: PersonalLimitId(7),
            owner: UserId(3),
            kind: PersonalLimitKind::Avoiders(AvoidanceLevel::Some),
            max: 0,
            shared: true,
        });
        let plan = suggest_moves(&snapshot);
        assert_eq!(plan.breaches_before, 1);
        assert_eq!(plan.breaches_after, 0);
        assert_eq!(plan.moves.len(), 1);
        assert_eq!(
            (plan.moves[0].from, plan.moves[0].to),
            (UserId(1), UserId(2))
        );
    }

    #[test]
    fn apply_moves_hands_over_and_drops_a_secondary_who_became_primary() {
        let mut c = client(ClientId(1), 3, None, UserId(1), 12);
        c.secondary = Some(UserId(2));
        let snapshot = team(vec![c, client(ClientId(2), 3, None, UserId(1), 12)]);
        let moves = [
            Move {
                client: ClientId(1),
                from: UserId(1),
                to: UserId(2),
                cost: 1.0,
                to_was_secondary: true,
            },
            Move {
                client: ClientId(2),
                from: UserId(1),
                to: UserId(3),
                cost: 1.0,
                to_was_secondary: false,
            },
            // Stale: client 2 is no longer with member 1; member 99 is not in the team.
            Move {
                client: ClientId(2),
                from: UserId(1),
                to: UserId(2),
                cost: 1.0,
                to_was_secondary: false,
            },
            Move {
                client: ClientId(1),
                from: UserId(2),
                to: UserId(99),
                cost: 1.0,
                to_was_secondary: false,
            },
        ];
        let after = apply_moves(&snapshot, &moves);
        assert_eq!(after.clients[0].primary, Some(UserId(2)));
        assert_eq!(after.clients[0].secondary, None);
        assert_eq!(after.clients[0].primary_since, today());
        assert_eq!(after.clients[1].primary, Some(UserId(3)));
        assert_eq!(after.members, snapshot.members);
    }

    /// Checks every promise of `suggest_moves` on one snapshot, against `member_figures`.
    fn check_plan(snapshot: &TeamSnapshot) -> Result<RebalancePlan, TestCaseError> {
        let plan = suggest_moves(snapshot);
        let before = breached(snapshot);
        prop_assert!((plan.max_ratio_before - max_ratio(snapshot)).abs() < 1e-9);
        prop_assert_eq!(plan.breaches_before, total_breaches(snapshot));
        let mut state = snapshot.clone();
        let mut highest = plan.max_ratio_before;
        for mv in &plan.moves {
            prop_assert!(mv.cost > 0.0);
            let next = apply_moves(&state, std::slice::from_ref(mv));
            prop_assert_ne!(&next, &state, "a move that changes nothing: {:?}", mv);
            let receiver = next.members.iter().find(|m| m.user_id == mv.to).unwrap();
            let figures = member_figures(&next, receiver);
            prop_assert!(
                figures.breaches.is_empty(),
                "receiver over a limit: {:?}",
                figures
            );
            let ratio = max_ratio(&next);
            prop_assert!(ratio <= highest + 1e-9);
            prop_assert!(total_breaches(&next) <= total_breaches(&state));
            highest = ratio;
            state = next;
        }
        for (user, now) in breached(&state) {
            prop_assert!(
                now.is_subset(&before[&user]),
                "member {} crossed a new limit: {:?} -> {:?}",
                user,
                before[&user],
                now
            );
        }
        prop_assert!(plan.max_ratio_after <= plan.max_ratio_before);
        prop_assert!((plan.max_ratio_after - max_ratio(&state)).abs() < 1e-9);
        prop_assert!(plan.breaches_after <= plan.breaches_before);
        prop_assert_eq!(plan.breaches_after, total_breaches(&state));
        let again = suggest_moves(&state);
        prop_assert!(
            again.moves.is_empty(),
            "more moves on re-run: {:?}",
            again.moves
        );
        Ok(plan)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn the_rebalancer_keeps_its_promises(seed in any::<u64>(), members in 1usize..7, clients in 0usize..30) {
            check_plan(&random_team(seed, members, clients))?;
        }

        #[test]
        fn the_rebalancer_is_deterministic(seed in any::<u64>(), members in 1usize..6, clients in 0usize..20) {
            let snapshot = random_team(seed, members, clients);
            prop_assert_eq!(suggest_moves(&snapshot), suggest_moves(&snapshot));
        }
    }

    /// The best highest load ratio reachable by reassigning primaries (with
    /// `apply_moves` semantics) of at most `budget` clients (`None`: any number), over every
    /// assignment that respects the hard rules the rebalancer works under:
    /// no member is over a limit they were not over before, and every member who gained a
    /// client is within all limits. (This is a relaxation: the rebalancer also keeps each
    /// intermediate step within the rules and only lets members with capacity receive.)
    fn brute_force_best(snapshot: &TeamSnapshot, budget: Option<usize>) -> f64 {
        let ids: Vec<UserId> = snapshot.members.iter().map(|m| m.user_id).collect();
        let mut search = Search {
            movable: (0..snapshot.clients.len())
                .filter(|&c| {
                    snapshot.clients[c]
                        .primary
                        .is_some_and(|p| ids.contains(&p))
                })
                .collect(),
            ids,
            original: snapshot,
            current: snapshot.clone(),
            before: breached(snapshot),
            best: f64::INFINITY,
        };
        search.walk(0, budget.unwrap_or(usize::MAX));
        search.best
    }

    /// Every reassignment of the movable clients, depth first.
    struct Search<'s> {
        movable: Vec<usize>,
        ids: Vec<UserId>,
        original: &'s TeamSnapshot,
        current: TeamSnapshot,
        before: BTreeMap<UserId, BTreeSet<(u8, i64)>>,
        best: f64,
    }

    impl Search<'_> {
        fn walk(&mut self, at: usize, left: usize) {
            if at == self.movable.len() {
                self.judge();
                return;
            }
            let c = self.movable[at];
            let original = self.original.clients[c].clone();
            self.walk(at + 1, left);
            if left == 0 {
                return;
            }
            for i in 0..self.ids.len() {
                let to = self.ids[i];
                if Some(to) == original.primary {
                    continue;
                }
                let client = &mut self.current.clients[c];
                client.primary = Some(to);
                if original.secondary == Some(to) {
                    client.secondary = None;
                }
                self.walk(at + 1, left - 1);
                self.current.clients[c] = original.clone();
            }
        }

        fn judge(&mut self) {
            let figures = team_figures(&self.current);
            let mut gained = BTreeSet::new();
            for (c, o) in self.current.clients.iter().zip(&self.original.clients) {
                if c.primary != o.primary {
                    gained.insert(c.primary.unwrap());
                }
            }
            for f in &figures {
                let now: BTreeSet<_> = f.breaches.iter().map(limit_of).collect();
                if !now.is_subset(&self.before[&f.user_id])
                    || (gained.contains(&f.user_id) && !now.is_empty())
                {
                    return;
                }
            }
            let ratio = figures.iter().map(|f| f.ratio).fold(0.0, f64::max);
            self.best = self.best.min(ratio);
        }
    }

    /// Compares the rebalancer with the brute-force optimum on 300 small random teams
    /// (3–4 members, 5–7 clients) with the same number of moves as it used. It can never beat
    /// that optimum. The gaps are bounded a little above what was measured when this was
    /// written (printed with `--nocapture`):
    /// - highest ratio: mean 5.4 %, worst 125 %. The rebalancer leaves load within the team's
    ///   limit alone and spends moves on breaches first, so the raw ratio is not its goal;
    /// - load above the team limit (its goal): mean 0.03 %, worst 4.4 %, optimal in 250 of 252;
    /// - load above the team limit with any number of moves (reported only): mean 4.1 %. Here
    ///   the optimum may pass through states that break a limit, which single moves may not
    ///   (a zorgmijder share limit can block every first move).
    #[test]
    fn the_rebalancer_is_close_to_the_brute_force_optimum() {
        let mut gaps = Vec::new();
        let mut gaps_any = Vec::new();
        let mut gaps_over = Vec::new();
        let mut worst = (0.0, 0);
        for seed in 0..300u64 {
            let members = 3 + (seed % 2) as usize;
            let clients = 5 + (seed % 3) as usize;
            let snapshot = random_team(seed, members, clients);
            let plan = suggest_moves(&snapshot);
            let optimum = brute_force_best(&snapshot, Some(plan.moves.len()));
            assert!(
                plan.max_ratio_after >= optimum - 1e-9,
                "seed {seed}: better than the optimum?"
            );
            if plan.max_ratio_before <= 1.0 && plan.breaches_before == 0 {
                continue;
            }
            let gap = (plan.max_ratio_after - optimum) / optimum.max(1e-9);
            if gap > worst.0 {
                worst = (gap, seed);
            }
            gaps.push(gap);
            // Counting only load above the team limit (or 100 % without one), which is all the
            // rebalancer means to relieve.
            let allowed = match snapshot.policy.max_load_per_fte {
                Some(per_fte) => per_fte / snapshot.policy.norm_per_fte,
                None => 1.0,
            };
            let over = optimum.max(allowed);
            gaps_over.push((plan.max_ratio_after.max(allowed) - over) / over);
            // Against any number of moves, again above the limit.
            let any = brute_force_best(&snapshot, None).max(allowed);
            gaps_any.push((plan.max_ratio_after.max(allowed) - any) / any);
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        let worst_of = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        let exact = |v: &[f64]| v.iter().filter(|g| **g < 1e-9).count();
        eprintln!(
            "rebalancer vs brute-force optimum, {} teams needing relief:\n\
             - highest ratio, same number of moves: mean gap {:.2} %, worst {:.2} % (seed {}), optimal in {}\n\
             - load above the team limit, same number of moves: mean gap {:.2} %, worst {:.2} %, optimal in {}\n\
             - load above the team limit, any number of moves: mean gap {:.2} %, worst {:.2} %, optimal in {}",
            gaps.len(),
            100.0 * mean(&gaps),
            100.0 * worst.0,
            worst.1,
            exact(&gaps),
            100.0 * mean(&gaps_over),
            100.0 * worst_of(&gaps_over),
            exact(&gaps_over),
            100.0 * mean(&gaps_any),
            100.0 * worst_of(&gaps_any),
            exact(&gaps_any),
        );
        assert!(gaps.len() > 200);
        assert!(mean(&gaps) < 0.08, "mean gap {}", mean(&gaps));
        assert!(mean(&gaps_over) < 0.005, "mean gap {}", mean(&gaps_over));
        assert!(
            worst_of(&gaps_over) < 0.10,
            "worst gap {}",
            worst_of(&gaps_over)
        );
    }
}
