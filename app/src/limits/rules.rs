//! The rule engine: a pure, deterministic function from a team snapshot, the team's limits and
//! the current time to findings. A finding becomes a proposal (an invitation, never an alarm)
//! unless an open one already covers it; that step lives in the store.
//!
//! Privacy is decided here: a finding that counts a private signal is addressed to that
//! signal's author only, never to the leader.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::model::{LimitKind, Proposes, TeamLimit};
use crate::auth::model::UserId;
use crate::caseload::balance::model::ClientId;
use crate::signals::model::{SignalFact, SignalId};

/// One member's caseload figures, already computed by the caseload module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberFacts {
    pub user: UserId,
    /// Weighted load per effective FTE (capacity ÷ team norm), comparable with the team limit.
    pub load_per_fte: f64,
    pub avoiders: u32,
    /// Share of the member's clients who are zorgmijders, 0–1.
    pub avoider_share: f64,
    /// How many of the member's own limits are exceeded (shared or private alike).
    pub personal_breaches: u32,
}

/// An active client and when a movement was last noted (or when the client started).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientFacts {
    pub id: ClientId,
    pub primary: Option<UserId>,
    pub last_movement: NaiveDate,
}

/// Everything the rules need about one team at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSnapshot {
    pub members: Vec<MemberFacts>,
    pub clients: Vec<ClientFacts>,
    /// Signals in the longest window any rule looks at.
    pub signals: Vec<SignalFact>,
    /// The last intervision held, or the day the team started when none was.
    pub last_intervision: NaiveDate,
    /// The last neighbour visit hosted or made (or booked), or the day the team started.
    pub last_neighbour_visit: NaiveDate,
}

impl RuleSnapshot {
    /// What a leader's browser may receive for the live preview: no private signals and no
    /// personal-limit breaches, which are their owners' alone.
    pub fn as_seen_by_leader(&self) -> RuleSnapshot {
        RuleSnapshot {
            members: self
                .members
                .iter()
                .map(|m| MemberFacts {
                    personal_breaches: 0,
                    ..m.clone()
                })
                .collect(),
            clients: self.clients.clone(),
            signals: self
                .signals
                .iter()
                .filter(|s| s.visibility.leader_sees())
                .cloned()
                .collect(),
            last_intervision: self.last_intervision,
            last_neighbour_visit: self.last_neighbour_visit,
        }
    }
}

/// What a finding is about; with the limit kind it says whether two findings are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Subject {
    Member(UserId),
    Client(ClientId),
    Team,
}

/// Who receives the proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Audience {
    /// This person only: their private signals or their own limits.
    Person(UserId),
    /// The team leader(s).
    Leader,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: LimitKind,
    pub proposes: Proposes,
    pub subject: Subject,
    pub audience: Audience,
    /// What was measured, in the limit's unit.
    pub measured: f64,
    pub threshold: f64,
    pub window_weeks: Option<u32>,
    /// The signals that counted, so a session can link them later. Empty for caseload kinds.
    pub evidence: Vec<SignalId>,
}

/// Each member's figures as the rules read them, from the caseload's team figures. Both
/// loaders (per team and organisation-wide) derive them here, so they cannot drift apart.
pub fn member_facts(caseload: &crate::caseload::balance::model::TeamSnapshot) -> Vec<MemberFacts> {
    use crate::caseload::balance::model::{Breach, team_figures};
    let norm = caseload.policy.norm_per_fte;
    team_figures(caseload)
        .into_iter()
        .map(|f| {
            let effective_fte = if norm > 0.0 { f.capacity / norm } else { 0.0 };
            MemberFacts {
                user: f.user_id,
                load_per_fte: per_fte(f.load, effective_fte),
                avoiders: f.avoiders,
                avoider_share: if f.clients == 0 {
                    0.0
                } else {
                    f64::from(f.avoiders) / f64::from(f.clients)
                },
                personal_breaches: f
                    .breaches
                    .iter()
                    .filter(|b| matches!(b, Breach::Personal { .. }))
                    .count() as u32,
            }
        })
        .collect()
}

/// Load per FTE; a member with no capacity but some load is clearly over any limit.
fn per_fte(load: f64, effective_fte: f64) -> f64 {
    if effective_fte > 0.0 {
        load / effective_fte
    } else if load > 0.0 {
        999.0
    } else {
        0.0
    }
}

/// When the team last looked together: its latest intervision held or planned (a planned one
/// counts as today, as it already answers the rule), and never before the team existed.
pub fn last_intervision(
    team_started: NaiveDate,
    latest_session: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> NaiveDate {
    latest_session
        .map(|at| at.min(now).date_naive())
        .map_or(team_started, |day| day.max(team_started))
}

/// The longest window (in weeks) any active limit looks back; the store loads signals this far.
pub fn longest_window(limits: &[TeamLimit]) -> u32 {
    limits
        .iter()
        .filter(|l| l.active)
        .filter_map(|l| l.window_weeks)
        .max()
        .unwrap_or(0)
}

/// Compares the snapshot against every active limit. Deterministic: findings come sorted by
/// (kind, subject, audience), and the same input always gives the same output.
///
/// What counts:
/// - A signal counts for a windowed kind when it is unresolved and `now - W weeks < at <= now`.
///   A row without a window, or with a window of 0 weeks, counts nothing and finds nothing.
/// - The caseload kinds and the team share fire when the measure is strictly *above* the
///   threshold; the signal counts fire *at least* at it, and so do the two clocks (whole weeks
///   without intervision, days without movement). A NaN on either side never fires.
/// - Every active row is evaluated, also when a kind is listed twice; identical findings are
///   kept once.
///
/// Privacy:
/// - A finding built on a private signal is addressed to that signal's author only
///   (`Audience::Person`), and a finding for the leader only ever counts signals the leader may
///   see. Private signals of different members never add up to one finding.
/// - A personal nudge is built only from the person's own signals; the stagnation clock
///   (`NoMovement`) goes to the client's primary professional, never to the leader.
/// - `SignalsOnClient`: the leader hears of a client when the leader-visible signals reach N.
///   Each author whose own signals on the client reach N, and who counted at least one private
///   signal there, gets a private nudge as well. (When the leader's count falls short this is
///   exactly "private first"; when it does not, the author still hears of their private
///   signals. Keeping both makes a stricter threshold never *add* a finding.)
///
/// Proposals: the limit's own proposal, except that the moral kinds, and any finding whose
/// evidence holds a moral dilemma, propose moral deliberation.
pub fn evaluate(snapshot: &RuleSnapshot, limits: &[TeamLimit], now: DateTime<Utc>) -> Vec<Finding> {
    let live = live_signals(&snapshot.signals);
    let today = now.date_naive();
    let mut out = Vec::new();
    for limit in limits.iter().filter(|l| l.active) {
        match limit.kind {
            LimitKind::LoadPerFte => per_member(snapshot, limit, &mut out, |m| m.load_per_fte),
            LimitKind::AvoidersPerMember => {
                per_member(snapshot, limit, &mut out, |m| f64::from(m.avoiders))
            }
            LimitKind::AvoiderSharePerMember => {
                per_member(snapshot, limit, &mut out, |m| m.avoider_share * 100.0)
            }
            LimitKind::PersonalLimit => personal_limits(snapshot, limit, &mut out),
            LimitKind::NoIntervision => {
                weeks_since(snapshot.last_intervision, today, limit, &mut out)
            }
            LimitKind::NoNeighbourVisit => {
                weeks_since(snapshot.last_neighbour_visit, today, limit, &mut out)
            }
            LimitKind::NoMovement => no_movement(snapshot, today, limit, &mut out),
            windowed => {
                let Some(signals) = in_window(&live, limit.window_weeks, now) else {
                    continue;
                };
                match windowed {
                    LimitKind::SignalsByMember => signals_by_member(&signals, limit, &mut out),
                    LimitKind::SignalsOnClient => signals_on_client(&signals, limit, &mut out),
                    LimitKind::MoralDilemmaSignal => moral_dilemmas(&signals, limit, &mut out),
                    LimitKind::MoralDilemmasInTeam => {
                        moral_dilemmas_in_team(&signals, limit, &mut out)
                    }
                    LimitKind::TeamShareStuck => team_share(snapshot, &signals, limit, &mut out),
                    _ => {}
                }
            }
        }
    }
    out.sort_by(finding_order);
    out.dedup_by(|a, b| finding_order(a, b).is_eq());
    out
}

/// The total order of the output: (kind, subject, audience), then the rest of the finding so
/// that two rows of one kind still come out the same way every time.
fn finding_order(a: &Finding, b: &Finding) -> Ordering {
    (a.kind, a.subject, a.audience)
        .cmp(&(b.kind, b.subject, b.audience))
        .then_with(|| a.threshold.total_cmp(&b.threshold))
        .then_with(|| a.window_weeks.cmp(&b.window_weeks))
        .then_with(|| a.proposes.cmp(&b.proposes))
        .then_with(|| a.measured.total_cmp(&b.measured))
        .then_with(|| a.evidence.cmp(&b.evidence))
}

/// The unresolved signals, one per id, in a fixed order whatever order they arrived in.
fn live_signals(signals: &[SignalFact]) -> Vec<&SignalFact> {
    let key = |s: &SignalFact| {
        (
            s.id,
            s.at,
            s.author,
            s.client,
            s.visibility,
            s.moral_dilemma,
        )
    };
    let mut live: Vec<&SignalFact> = signals.iter().filter(|s| !s.resolved).collect();
    live.sort_unstable_by_key(|s| key(s));
    live.dedup_by_key(|s| s.id);
    live
}

/// The live signals within the last `weeks` weeks, or `None` when the row has no window.
fn in_window<'a>(
    live: &[&'a SignalFact],
    weeks: Option<u32>,
    now: DateTime<Utc>,
) -> Option<Vec<&'a SignalFact>> {
    let weeks = weeks.filter(|w| *w > 0)?;
    // A window reaching before the calendar begins simply has no lower edge.
    let start = TimeDelta::try_weeks(i64::from(weeks)).and_then(|d| now.checked_sub_signed(d));
    Some(
        live.iter()
            .copied()
            .filter(|s| s.at <= now && start.is_none_or(|start| s.at > start))
            .collect(),
    )
}

/// The signals that counted for one finding.
#[derive(Default)]
struct Evidence {
    ids: Vec<SignalId>,
    moral: bool,
    private: bool,
}

impl Evidence {
    fn add(&mut self, signal: &SignalFact) {
        self.ids.push(signal.id);
        self.moral |= signal.moral_dilemma;
        self.private |= !signal.visibility.leader_sees();
    }

    /// Live signals are unique per id, so this is the number of distinct signals.
    fn count(&self) -> f64 {
        self.ids.len() as f64
    }

    /// "At least N signals": never fewer than one, so a threshold of 0 cannot make a finding
    /// out of nothing (which for the leader would betray that private signals exist).
    fn reaches(&self, threshold: f64) -> bool {
        !self.ids.is_empty() && self.count() >= threshold
    }
}

fn finding(
    limit: &TeamLimit,
    subject: Subject,
    audience: Audience,
    measured: f64,
    evidence: Evidence,
) -> Finding {
    let moral_kind = matches!(
        limit.kind,
        LimitKind::MoralDilemmaSignal | LimitKind::MoralDilemmasInTeam
    );
    let proposes = if moral_kind || evidence.moral {
        Proposes::MoralDeliberation
    } else {
        limit.proposes
    };
    let mut ids = evidence.ids;
    ids.sort_unstable();
    ids.dedup();
    Finding {
        kind: limit.kind,
        proposes,
        subject,
        audience,
        measured,
        threshold: limit.threshold,
        window_weeks: limit.window_weeks,
        evidence: ids,
    }
}

/// The caseload kinds: a member's figure above the team's limit, for the leader.
fn per_member(
    snapshot: &RuleSnapshot,
    limit: &TeamLimit,
    out: &mut Vec<Finding>,
    measure: impl Fn(&MemberFacts) -> f64,
) {
    for member in &snapshot.members {
        let measured = measure(member);
        if measured > limit.threshold {
            out.push(finding(
                limit,
                Subject::Member(member.user),
                Audience::Leader,
                measured,
                Evidence::default(),
            ));
        }
    }
}

/// A member's own limits exceeded: for that member only.
fn personal_limits(snapshot: &RuleSnapshot, limit: &TeamLimit, out: &mut Vec<Finding>) {
    for member in snapshot.members.iter().filter(|m| m.personal_breaches > 0) {
        out.push(finding(
            limit,
            Subject::Member(member.user),
            Audience::Person(member.user),
            f64::from(member.personal_breaches),
            Evidence::default(),
        ));
    }
}

/// At least N signals by one author: always to that author first, whoever else may see them.
fn signals_by_member(signals: &[&SignalFact], limit: &TeamLimit, out: &mut Vec<Finding>) {
    let mut by_author: BTreeMap<UserId, Evidence> = BTreeMap::new();
    for signal in signals {
        by_author.entry(signal.author).or_default().add(signal);
    }
    for (author, evidence) in by_author {
        let count = evidence.count();
        if evidence.reaches(limit.threshold) {
            out.push(finding(
                limit,
                Subject::Member(author),
                Audience::Person(author),
                count,
                evidence,
            ));
        }
    }
}

/// At least N signals on one client: the leader on what the leader may see, each author on
/// their own signals when private ones counted.
fn signals_on_client(signals: &[&SignalFact], limit: &TeamLimit, out: &mut Vec<Finding>) {
    #[derive(Default)]
    struct OnClient {
        leader_sees: Evidence,
        by_author: BTreeMap<UserId, Evidence>,
    }
    let mut clients: BTreeMap<ClientId, OnClient> = BTreeMap::new();
    for signal in signals {
        let Some(client) = signal.client else {
            continue;
        };
        let on = clients.entry(client).or_default();
        if signal.visibility.leader_sees() {
            on.leader_sees.add(signal);
        }
        on.by_author.entry(signal.author).or_default().add(signal);
    }
    for (client, on) in clients {
        let count = on.leader_sees.count();
        if on.leader_sees.reaches(limit.threshold) {
            out.push(finding(
                limit,
                Subject::Client(client),
                Audience::Leader,
                count,
                on.leader_sees,
            ));
        }
        for (author, evidence) in on.by_author {
            let count = evidence.count();
            if evidence.private && evidence.reaches(limit.threshold) {
                out.push(finding(
                    limit,
                    Subject::Client(client),
                    Audience::Person(author),
                    count,
                    evidence,
                ));
            }
        }
    }
}

/// Each moral dilemma, about its client (or its author when there is none), for whoever may
/// see it; several on one subject for one audience become one finding.
fn moral_dilemmas(signals: &[&SignalFact], limit: &TeamLimit, out: &mut Vec<Finding>) {
    let mut groups: BTreeMap<(Subject, Audience), Evidence> = BTreeMap::new();
    for signal in signals.iter().filter(|s| s.moral_dilemma) {
        let subject = signal
            .client
            .map_or(Subject::Member(signal.author), Subject::Client);
        let audience = if signal.visibility.leader_sees() {
            Audience::Leader
        } else {
            Audience::Person(signal.author)
        };
        groups.entry((subject, audience)).or_default().add(signal);
    }
    for ((subject, audience), evidence) in groups {
        let count = evidence.count();
        out.push(finding(limit, subject, audience, count, evidence));
    }
}

/// At least N moral dilemmas in the team that the leader may know of.
fn moral_dilemmas_in_team(signals: &[&SignalFact], limit: &TeamLimit, out: &mut Vec<Finding>) {
    let mut evidence = Evidence::default();
    for signal in signals
        .iter()
        .filter(|s| s.moral_dilemma && s.visibility.leader_sees())
    {
        evidence.add(signal);
    }
    let count = evidence.count();
    if evidence.reaches(limit.threshold) {
        out.push(finding(
            limit,
            Subject::Team,
            Audience::Leader,
            count,
            evidence,
        ));
    }
}

/// More than P percent of the members logged a signal the leader may see.
fn team_share(
    snapshot: &RuleSnapshot,
    signals: &[&SignalFact],
    limit: &TeamLimit,
    out: &mut Vec<Finding>,
) {
    let members: BTreeSet<UserId> = snapshot.members.iter().map(|m| m.user).collect();
    if members.is_empty() {
        return;
    }
    let mut evidence = Evidence::default();
    let mut authors = BTreeSet::new();
    for signal in signals
        .iter()
        .filter(|s| s.visibility.leader_sees() && members.contains(&s.author))
    {
        evidence.add(signal);
        authors.insert(signal.author);
    }
    let share = authors.len() as f64 / members.len() as f64 * 100.0;
    if !authors.is_empty() && share > limit.threshold {
        out.push(finding(
            limit,
            Subject::Team,
            Audience::Leader,
            share,
            evidence,
        ));
    }
}

/// Whole weeks since the last intervision (or since the team started), against the cadence.
/// A team-wide clock in whole weeks: since the last intervision, or the last neighbour visit.
fn weeks_since(last: NaiveDate, today: NaiveDate, limit: &TeamLimit, out: &mut Vec<Finding>) {
    let days = today.signed_duration_since(last).num_days();
    let weeks = days.div_euclid(7) as f64;
    if weeks >= limit.threshold {
        out.push(finding(
            limit,
            Subject::Team,
            Audience::Leader,
            weeks,
            Evidence::default(),
        ));
    }
}

/// Days without movement on a client, for its primary professional only.
fn no_movement(
    snapshot: &RuleSnapshot,
    today: NaiveDate,
    limit: &TeamLimit,
    out: &mut Vec<Finding>,
) {
    for client in &snapshot.clients {
        let Some(primary) = client.primary else {
            continue;
        };
        let days = today.signed_duration_since(client.last_movement).num_days() as f64;
        if days >= limit.threshold {
            out.push(finding(
                limit,
                Subject::Client(client.id),
                Audience::Person(primary),
                days,
                Evidence::default(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;
    use crate::limits::model::default_limits;
    use crate::signals::model::Visibility;

    const A: UserId = UserId(1);
    const B: UserId = UserId(2);
    const C: UserId = UserId(3);
    const D: UserId = UserId(4);
    const K: ClientId = ClientId(100);

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap()
    }

    fn today() -> NaiveDate {
        now().date_naive()
    }

    #[test]
    fn the_last_intervision_is_the_latest_held_or_planned_never_before_the_team() {
        let started = today() - Duration::days(300);
        assert_eq!(last_intervision(started, None, now()), started);
        let held = now() - Duration::days(20);
        assert_eq!(
            last_intervision(started, Some(held), now()),
            today() - Duration::days(20)
        );
        // A planned session already answers the rule.
        let planned = now() + Duration::days(10);
        assert_eq!(last_intervision(started, Some(planned), now()), today());
        let before_team = started - Duration::days(5);
        assert_eq!(
            last_intervision(
                started,
                Some(before_team.and_hms_opt(9, 0, 0).unwrap().and_utc()),
                now()
            ),
            started
        );
    }

    fn member(user: UserId) -> MemberFacts {
        MemberFacts {
            user,
            load_per_fte: 30.0,
            avoiders: 1,
            avoider_share: 0.1,
            personal_breaches: 0,
        }
    }

    fn signal(
        id: SignalId,
        author: UserId,
        client: Option<ClientId>,
        days_ago: i64,
        visibility: Visibility,
    ) -> SignalFact {
        SignalFact {
            id,
            author,
            client,
            at: now() - Duration::days(days_ago),
            visibility,
            moral_dilemma: false,
            resolved: false,
            kinds: vec![],
            strain: None,
        }
    }

    fn moral(signal: SignalFact) -> SignalFact {
        SignalFact {
            moral_dilemma: true,
            ..signal
        }
    }

    fn snapshot(members: Vec<MemberFacts>, signals: Vec<SignalFact>) -> RuleSnapshot {
        RuleSnapshot {
            members,
            clients: vec![],
            signals,
            last_intervision: today() - Duration::days(7),
            last_neighbour_visit: today() - Duration::days(7),
        }
    }

    /// One active row of `kind` with the default proposal.
    fn limit(kind: LimitKind, threshold: f64, window_weeks: Option<u32>) -> TeamLimit {
        let proposes = default_limits()
            .into_iter()
            .find(|l| l.kind == kind)
            .expect("a default per kind")
            .proposes;
        TeamLimit {
            kind,
            threshold,
            window_weeks,
            proposes,
            active: true,
        }
    }

    fn run(snapshot: &RuleSnapshot, limit: TeamLimit) -> Vec<Finding> {
        evaluate(snapshot, &[limit], now())
    }

    fn keys(findings: &[Finding]) -> Vec<(LimitKind, Subject, Audience)> {
        findings
            .iter()
            .map(|f| (f.kind, f.subject, f.audience))
            .collect()
    }

    // ---- Caseload kinds -------------------------------------------------------------------

    #[test]
    fn load_per_fte_fires_above_the_limit_not_at_it() {
        let team = snapshot(
            vec![
                MemberFacts {
                    load_per_fte: 36.0,
                    ..member(A)
                },
                MemberFacts {
                    load_per_fte: 36.5,
                    ..member(B)
                },
            ],
            vec![],
        );
        let found = run(&team, limit(LimitKind::LoadPerFte, 36.0, None));
        assert_eq!(
            keys(&found),
            vec![(LimitKind::LoadPerFte, Subject::Member(B), Audience::Leader)]
        );
        assert_eq!(found[0].measured, 36.5);
        assert_eq!(found[0].threshold, 36.0);
        assert_eq!(found[0].proposes, Proposes::CaseloadTalk);
        assert!(found[0].evidence.is_empty());
        assert!(run(&team, limit(LimitKind::LoadPerFte, 36.5, None)).is_empty());
    }

    #[test]
    fn avoiders_per_member_fires_above_the_limit_not_at_it() {
        let team = snapshot(
            vec![
                MemberFacts {
                    avoiders: 4,
                    ..member(A)
                },
                MemberFacts {
                    avoiders: 5,
                    ..member(B)
                },
            ],
            vec![],
        );
        let found = run(&team, limit(LimitKind::AvoidersPerMember, 4.0, None));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::AvoidersPerMember,
                Subject::Member(B),
                Audience::Leader
            )]
        );
        assert_eq!(found[0].measured, 5.0);
        assert!(run(&team, limit(LimitKind::AvoidersPerMember, 5.0, None)).is_empty());
    }

    #[test]
    fn avoider_share_is_compared_in_percent() {
        let team = snapshot(
            vec![
                MemberFacts {
                    avoider_share: 0.25,
                    ..member(A)
                },
                MemberFacts {
                    avoider_share: 0.5,
                    ..member(B)
                },
            ],
            vec![],
        );
        let found = run(&team, limit(LimitKind::AvoiderSharePerMember, 25.0, None));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::AvoiderSharePerMember,
                Subject::Member(B),
                Audience::Leader
            )]
        );
        assert_eq!(found[0].measured, 50.0);
        assert!(run(&team, limit(LimitKind::AvoiderSharePerMember, 50.0, None)).is_empty());
    }

    #[test]
    fn a_personal_limit_goes_to_its_owner_only() {
        let team = snapshot(
            vec![
                member(A),
                MemberFacts {
                    personal_breaches: 2,
                    ..member(B)
                },
            ],
            vec![],
        );
        let found = run(&team, limit(LimitKind::PersonalLimit, 0.0, None));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::PersonalLimit,
                Subject::Member(B),
                Audience::Person(B)
            )]
        );
        assert_eq!(found[0].measured, 2.0);
        assert_eq!(found[0].proposes, Proposes::CaseloadTalk);
    }

    // ---- Signal kinds ---------------------------------------------------------------------

    #[test]
    fn signals_by_member_fires_at_n_privately_to_the_author() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B)],
            vec![
                signal(SignalId(3), A, Some(K), 1, Leader),
                signal(SignalId(1), A, None, 2, Private),
                signal(SignalId(2), A, Some(K), 3, Team),
                signal(SignalId(4), B, None, 1, Team),
                signal(SignalId(5), B, None, 1, Team),
            ],
        );
        let found = run(&team, limit(LimitKind::SignalsByMember, 3.0, Some(4)));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::SignalsByMember,
                Subject::Member(A),
                Audience::Person(A)
            )],
            "private first, even when the leader may see every signal"
        );
        assert_eq!(
            found[0].evidence,
            vec![SignalId(1), SignalId(2), SignalId(3)]
        );
        assert_eq!(found[0].measured, 3.0);
        assert_eq!(found[0].window_weeks, Some(4));
        assert_eq!(found[0].proposes, Proposes::Intervision);
        assert!(run(&team, limit(LimitKind::SignalsByMember, 4.0, Some(4))).is_empty());
    }

    #[test]
    fn only_unresolved_signals_inside_the_window_count() {
        let window = Duration::weeks(4);
        let at = |id, at| SignalFact {
            at,
            ..signal(id, A, None, 0, Visibility::Team)
        };
        let team = snapshot(
            vec![member(A)],
            vec![
                at(SignalId(1), now() - window), // on the edge: outside
                at(SignalId(2), now() - window + Duration::seconds(1)), // just inside
                at(SignalId(3), now()),          // now: inside
                at(SignalId(4), now() + Duration::seconds(1)), // the future: outside
                SignalFact {
                    resolved: true,
                    ..at(SignalId(5), now() - Duration::days(1))
                },
            ],
        );
        let found = run(&team, limit(LimitKind::SignalsByMember, 2.0, Some(4)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].evidence, vec![SignalId(2), SignalId(3)]);
        assert!(run(&team, limit(LimitKind::SignalsByMember, 3.0, Some(4))).is_empty());
    }

    #[test]
    fn signals_on_client_reach_the_leader_only_through_leader_visible_signals() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B), member(C)],
            vec![
                signal(SignalId(1), A, Some(K), 1, Leader),
                signal(SignalId(2), B, Some(K), 2, Team),
                signal(SignalId(3), C, Some(K), 3, Leader),
                signal(SignalId(4), A, Some(K), 3, Private),
                signal(SignalId(5), A, Some(ClientId(K.0 + 1)), 3, Team),
                signal(SignalId(6), A, None, 3, Team),
            ],
        );
        let found = run(&team, limit(LimitKind::SignalsOnClient, 3.0, Some(6)));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::SignalsOnClient,
                Subject::Client(K),
                Audience::Leader
            )]
        );
        assert_eq!(
            found[0].evidence,
            vec![SignalId(1), SignalId(2), SignalId(3)],
            "the private signal stays out"
        );
        assert_eq!(found[0].measured, 3.0);
        assert!(run(&team, limit(LimitKind::SignalsOnClient, 4.0, Some(6))).is_empty());
    }

    #[test]
    fn signals_on_client_with_private_ones_go_to_their_author_only() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B)],
            vec![
                signal(SignalId(1), A, Some(K), 1, Private),
                signal(SignalId(2), A, Some(K), 2, Private),
                signal(SignalId(3), A, Some(K), 3, Leader),
                signal(SignalId(4), B, Some(K), 3, Leader),
            ],
        );
        let found = run(&team, limit(LimitKind::SignalsOnClient, 3.0, Some(6)));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::SignalsOnClient,
                Subject::Client(K),
                Audience::Person(A)
            )]
        );
        assert_eq!(
            found[0].evidence,
            vec![SignalId(1), SignalId(2), SignalId(3)],
            "only the author's own signals"
        );
        assert!(run(&team, limit(LimitKind::SignalsOnClient, 4.0, Some(6))).is_empty());
    }

    #[test]
    fn a_leader_finding_on_a_client_does_not_swallow_the_authors_private_nudge() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B)],
            vec![
                signal(SignalId(1), A, Some(K), 1, Leader),
                signal(SignalId(2), A, Some(K), 2, Leader),
                signal(SignalId(3), B, Some(K), 3, Team),
                signal(SignalId(4), A, Some(K), 3, Private),
            ],
        );
        let found = run(&team, limit(LimitKind::SignalsOnClient, 3.0, Some(6)));
        assert_eq!(
            keys(&found),
            vec![
                (
                    LimitKind::SignalsOnClient,
                    Subject::Client(K),
                    Audience::Person(A)
                ),
                (
                    LimitKind::SignalsOnClient,
                    Subject::Client(K),
                    Audience::Leader
                ),
            ]
        );
        assert_eq!(
            found[0].evidence,
            vec![SignalId(1), SignalId(2), SignalId(4)]
        );
        assert_eq!(
            found[1].evidence,
            vec![SignalId(1), SignalId(2), SignalId(3)]
        );
    }

    #[test]
    fn a_threshold_of_zero_never_tells_the_leader_that_private_signals_exist() {
        let team = snapshot(
            vec![member(A)],
            vec![moral(signal(
                SignalId(1),
                A,
                Some(K),
                1,
                Visibility::Private,
            ))],
        );
        for kind in LimitKind::ALL.into_iter().filter(|k| k.needs_window()) {
            for f in run(&team, limit(kind, 0.0, Some(4))) {
                assert_eq!(f.audience, Audience::Person(A), "{f:?}");
                assert_eq!(f.evidence, vec![SignalId(1)], "{f:?}");
            }
        }
    }

    #[test]
    fn private_signals_of_different_members_never_add_up() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B)],
            vec![
                moral(signal(SignalId(1), A, Some(K), 1, Private)),
                moral(signal(SignalId(2), A, Some(K), 2, Private)),
                moral(signal(SignalId(3), B, Some(K), 1, Private)),
                moral(signal(SignalId(4), B, Some(K), 2, Private)),
            ],
        );
        for kind in [
            LimitKind::SignalsByMember,
            LimitKind::SignalsOnClient,
            LimitKind::MoralDilemmasInTeam,
            LimitKind::TeamShareStuck,
        ] {
            assert!(run(&team, limit(kind, 3.0, Some(4))).is_empty(), "{kind:?}");
        }
        // Each author does hear of their own moral dilemmas, privately.
        let found = run(&team, limit(LimitKind::MoralDilemmaSignal, 0.0, Some(4)));
        assert_eq!(
            keys(&found),
            vec![
                (
                    LimitKind::MoralDilemmaSignal,
                    Subject::Client(K),
                    Audience::Person(A)
                ),
                (
                    LimitKind::MoralDilemmaSignal,
                    Subject::Client(K),
                    Audience::Person(B)
                ),
            ]
        );
        assert_eq!(found[0].evidence, vec![SignalId(1), SignalId(2)]);
        assert_eq!(found[1].evidence, vec![SignalId(3), SignalId(4)]);
    }

    #[test]
    fn each_moral_dilemma_is_found_merged_per_subject_and_audience() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B)],
            vec![
                moral(signal(SignalId(1), A, Some(K), 1, Leader)),
                moral(signal(SignalId(2), B, Some(K), 2, Team)),
                moral(signal(SignalId(3), A, Some(K), 3, Private)),
                moral(signal(SignalId(4), A, None, 3, Private)),
                moral(signal(SignalId(5), B, None, 3, Leader)),
                SignalFact {
                    resolved: true,
                    ..moral(signal(SignalId(6), B, None, 3, Leader))
                },
                moral(signal(SignalId(7), B, None, 40, Leader)),
                signal(SignalId(8), B, Some(K), 1, Leader),
            ],
        );
        let mut row = limit(LimitKind::MoralDilemmaSignal, 0.0, Some(4));
        row.proposes = Proposes::Intervision; // not allowed by the editor; still moral
        let found = run(&team, row);
        let kind = LimitKind::MoralDilemmaSignal;
        assert_eq!(
            keys(&found),
            vec![
                (kind, Subject::Member(A), Audience::Person(A)),
                (kind, Subject::Member(B), Audience::Leader),
                (kind, Subject::Client(K), Audience::Person(A)),
                (kind, Subject::Client(K), Audience::Leader),
            ]
        );
        let evidence: Vec<_> = found.iter().map(|f| f.evidence.clone()).collect();
        assert_eq!(
            evidence,
            vec![
                vec![SignalId(4)],
                vec![SignalId(5)],
                vec![SignalId(3)],
                vec![SignalId(1), SignalId(2)]
            ]
        );
        assert_eq!(found[3].measured, 2.0);
        assert!(
            found
                .iter()
                .all(|f| f.proposes == Proposes::MoralDeliberation)
        );
    }

    #[test]
    fn moral_dilemmas_in_team_count_only_what_the_leader_may_see() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B), member(C)],
            vec![
                moral(signal(SignalId(1), A, Some(K), 1, Leader)),
                moral(signal(SignalId(2), B, None, 10, Team)),
                moral(signal(SignalId(3), C, Some(K), 20, Leader)),
                moral(signal(SignalId(4), A, Some(K), 1, Private)),
                moral(signal(SignalId(5), B, Some(K), 1, Private)),
                signal(SignalId(6), C, Some(K), 1, Leader),
            ],
        );
        let found = run(&team, limit(LimitKind::MoralDilemmasInTeam, 3.0, Some(8)));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::MoralDilemmasInTeam,
                Subject::Team,
                Audience::Leader
            )]
        );
        assert_eq!(
            found[0].evidence,
            vec![SignalId(1), SignalId(2), SignalId(3)]
        );
        assert_eq!(found[0].proposes, Proposes::MoralDeliberation);
        assert!(run(&team, limit(LimitKind::MoralDilemmasInTeam, 4.0, Some(8))).is_empty());
        assert!(
            run(&team, limit(LimitKind::MoralDilemmasInTeam, 3.0, Some(2))).is_empty(),
            "the window matters"
        );
    }

    #[test]
    fn team_share_stuck_fires_above_the_share_of_members() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B), member(C), member(D)],
            vec![
                signal(SignalId(1), A, None, 1, Leader),
                signal(SignalId(2), A, Some(K), 2, Team),
                signal(SignalId(3), B, None, 3, Team),
                signal(SignalId(4), C, None, 3, Private),
                signal(SignalId(5), UserId(9), None, 3, Team), // no longer a member
            ],
        );
        assert!(run(&team, limit(LimitKind::TeamShareStuck, 50.0, Some(4))).is_empty());
        let found = run(&team, limit(LimitKind::TeamShareStuck, 49.0, Some(4)));
        assert_eq!(
            keys(&found),
            vec![(LimitKind::TeamShareStuck, Subject::Team, Audience::Leader)]
        );
        assert_eq!(found[0].measured, 50.0);
        assert_eq!(
            found[0].evidence,
            vec![SignalId(1), SignalId(2), SignalId(3)]
        );
        assert_eq!(found[0].proposes, Proposes::Intervision);
        let nobody = snapshot(vec![], team.signals.clone());
        assert!(run(&nobody, limit(LimitKind::TeamShareStuck, 0.0, Some(4))).is_empty());
    }

    #[test]
    fn evidence_with_a_moral_dilemma_proposes_moral_deliberation() {
        use Visibility::*;
        let signals = vec![
            signal(SignalId(1), A, None, 1, Team),
            signal(SignalId(2), A, None, 2, Team),
            signal(SignalId(3), A, None, 3, Team),
        ];
        let plain = snapshot(vec![member(A)], signals.clone());
        let found = run(&plain, limit(LimitKind::SignalsByMember, 3.0, Some(4)));
        assert_eq!(found[0].proposes, Proposes::Intervision);
        let mut signals = signals;
        signals[1].moral_dilemma = true;
        let dilemma = snapshot(vec![member(A)], signals);
        let found = run(&dilemma, limit(LimitKind::SignalsByMember, 3.0, Some(4)));
        assert_eq!(found[0].proposes, Proposes::MoralDeliberation);
    }

    // ---- Clocks ---------------------------------------------------------------------------

    #[test]
    fn no_neighbour_visit_invites_the_leader_to_a_visit_after_the_window() {
        let mut team = snapshot(vec![member(A)], vec![]);
        let rule = TeamLimit {
            proposes: Proposes::NeighbourVisit,
            ..limit(LimitKind::NoNeighbourVisit, 26.0, None)
        };
        team.last_neighbour_visit = today() - Duration::weeks(26);
        let found = run(&team, rule.clone());
        assert_eq!(
            keys(&found),
            vec![(LimitKind::NoNeighbourVisit, Subject::Team, Audience::Leader)]
        );
        assert_eq!(found[0].proposes, Proposes::NeighbourVisit);
        assert_eq!(found[0].measured, 26.0);
        team.last_neighbour_visit = today() - Duration::weeks(26) + Duration::days(1);
        assert!(
            run(&team, rule.clone()).is_empty(),
            "a visit within the window answers it"
        );
        // An intervision does not count as looking along with the neighbours.
        team.last_intervision = today();
        team.last_neighbour_visit = today() - Duration::weeks(40);
        assert_eq!(run(&team, rule).len(), 1);
    }

    #[test]
    fn no_intervision_fires_at_the_cadence_in_whole_weeks() {
        let mut team = snapshot(vec![member(A)], vec![]);
        team.last_intervision = today() - Duration::days(56);
        let found = run(&team, limit(LimitKind::NoIntervision, 8.0, None));
        assert_eq!(
            keys(&found),
            vec![(LimitKind::NoIntervision, Subject::Team, Audience::Leader)]
        );
        assert_eq!(found[0].measured, 8.0);
        team.last_intervision = today() - Duration::days(55);
        assert!(run(&team, limit(LimitKind::NoIntervision, 8.0, None)).is_empty());
        team.last_intervision = today() - Duration::days(62);
        assert_eq!(
            run(&team, limit(LimitKind::NoIntervision, 8.0, None))[0].measured,
            8.0,
            "floored to whole weeks"
        );
    }

    #[test]
    fn no_movement_is_private_to_the_primary_professional() {
        let mut team = snapshot(vec![member(A), member(B)], vec![]);
        team.clients = vec![
            ClientFacts {
                id: K,
                primary: Some(A),
                last_movement: today() - Duration::days(90),
            },
            ClientFacts {
                id: ClientId(K.0 + 1),
                primary: Some(B),
                last_movement: today() - Duration::days(89),
            },
            ClientFacts {
                id: ClientId(K.0 + 2),
                primary: None,
                last_movement: today() - Duration::days(400),
            },
        ];
        let found = run(&team, limit(LimitKind::NoMovement, 90.0, None));
        assert_eq!(
            keys(&found),
            vec![(
                LimitKind::NoMovement,
                Subject::Client(K),
                Audience::Person(A)
            )]
        );
        assert_eq!(found[0].measured, 90.0);
        assert!(run(&team, limit(LimitKind::NoMovement, 91.0, None)).is_empty());
    }

    // ---- Rows and odd input ---------------------------------------------------------------

    #[test]
    fn signal_rows_without_a_window_find_nothing() {
        use Visibility::*;
        let team = snapshot(
            vec![member(A), member(B)],
            (1..=12)
                .map(|id| {
                    moral(signal(
                        SignalId(id),
                        UserId(1 + id % 2),
                        Some(K),
                        id,
                        [Private, Team][id as usize % 2],
                    ))
                })
                .collect(),
        );
        for kind in LimitKind::ALL.into_iter().filter(|k| k.needs_window()) {
            for window in [None, Some(0)] {
                assert!(
                    run(&team, limit(kind, 0.0, window)).is_empty(),
                    "{kind:?} {window:?}"
                );
            }
            assert!(
                !run(&team, limit(kind, 0.0, Some(4))).is_empty(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn inactive_rows_and_an_empty_team_find_nothing() {
        let mut busy = snapshot(
            vec![MemberFacts {
                load_per_fte: 90.0,
                avoiders: 20,
                avoider_share: 1.0,
                personal_breaches: 3,
                ..member(A)
            }],
            (1..=10)
                .map(|id| moral(signal(SignalId(id), A, Some(K), 1, Visibility::Team)))
                .collect(),
        );
        busy.last_intervision = today() - Duration::days(400);
        let mut limits = default_limits();
        limits.iter_mut().for_each(|l| l.active = false);
        assert!(evaluate(&busy, &limits, now()).is_empty());
        limits.iter_mut().for_each(|l| l.active = true);
        let empty = RuleSnapshot {
            members: vec![],
            clients: vec![],
            signals: vec![],
            last_intervision: today(),
            last_neighbour_visit: today(),
        };
        assert!(evaluate(&empty, &limits, now()).is_empty());
        assert!(evaluate(&busy, &[], now()).is_empty());
    }

    #[test]
    fn a_kind_listed_twice_is_evaluated_per_row() {
        let team = snapshot(
            vec![MemberFacts {
                load_per_fte: 38.0,
                ..member(A)
            }],
            vec![],
        );
        let rows = [
            limit(LimitKind::LoadPerFte, 40.0, None),
            limit(LimitKind::LoadPerFte, 36.0, None),
        ];
        let found = evaluate(&team, &rows, now());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].threshold, 36.0);
        let team = snapshot(
            vec![MemberFacts {
                load_per_fte: 41.0,
                ..member(A)
            }],
            vec![],
        );
        let found = evaluate(&team, &rows, now());
        let thresholds: Vec<f64> = found.iter().map(|f| f.threshold).collect();
        assert_eq!(
            thresholds,
            vec![36.0, 40.0],
            "sorted, the same way every time"
        );
        let twice = [rows[0].clone(), rows[0].clone()];
        assert_eq!(evaluate(&team, &twice, now()).len(), 1, "no duplicates");
    }

    #[test]
    fn duplicate_signal_ids_count_once() {
        let s = signal(SignalId(1), A, Some(K), 1, Visibility::Team);
        let team = snapshot(vec![member(A)], vec![s.clone(), s.clone(), s]);
        assert!(run(&team, limit(LimitKind::SignalsByMember, 2.0, Some(4))).is_empty());
        let found = run(&team, limit(LimitKind::SignalsByMember, 1.0, Some(4)));
        assert_eq!(found[0].evidence, vec![SignalId(1)]);
        assert_eq!(found[0].measured, 1.0);
    }

    #[test]
    fn odd_numbers_and_dates_never_panic() {
        let odd_member = MemberFacts {
            load_per_fte: f64::NAN,
            avoider_share: f64::INFINITY,
            ..member(A)
        };
        let mut signals: Vec<SignalFact> = vec![
            SignalFact {
                at: DateTime::<Utc>::MIN_UTC,
                ..signal(SignalId(1), A, Some(K), 0, Visibility::Team)
            },
            SignalFact {
                at: DateTime::<Utc>::MAX_UTC,
                ..signal(SignalId(2), A, Some(K), 0, Visibility::Private)
            },
        ];
        signals.push(moral(signal(SignalId(3), A, None, 1, Visibility::Leader)));
        let team = RuleSnapshot {
            members: vec![odd_member, member(B)],
            clients: vec![
                ClientFacts {
                    id: K,
                    primary: Some(A),
                    last_movement: NaiveDate::MIN,
                },
                ClientFacts {
                    id: ClientId(K.0 + 1),
                    primary: Some(B),
                    last_movement: NaiveDate::MAX,
                },
            ],
            signals,
            last_intervision: NaiveDate::MIN,
            last_neighbour_visit: NaiveDate::MIN,
        };
        for threshold in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 0.0, 1e300] {
            for window in [None, Some(0), Some(1), Some(u32::MAX)] {
                let limits: Vec<TeamLimit> = LimitKind::ALL
                    .into_iter()
                    .map(|kind| limit(kind, threshold, window))
                    .collect();
                for at in [now(), DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
                    let found = evaluate(&team, &limits, at);
                    assert!(
                        found
                            .windows(2)
                            .all(|w| finding_order(&w[0], &w[1]).is_lt())
                    );
                }
            }
        }
        // A NaN threshold fires nothing that compares; the two kinds without a number still do.
        let limits: Vec<TeamLimit> = LimitKind::ALL
            .into_iter()
            .map(|kind| limit(kind, f64::NAN, Some(4)))
            .collect();
        let kinds: BTreeSet<LimitKind> = evaluate(&team, &limits, now())
            .iter()
            .map(|f| f.kind)
            .collect();
        assert!(
            kinds.is_subset(&BTreeSet::from([
                LimitKind::PersonalLimit,
                LimitKind::MoralDilemmaSignal
            ])),
            "{kinds:?}"
        );
        // An unbounded window counts everything in the past.
        let found = run(
            &team,
            limit(LimitKind::SignalsByMember, 1.0, Some(u32::MAX)),
        );
        assert_eq!(found[0].evidence, vec![SignalId(1), SignalId(3)]);
    }

    // ---- Properties -----------------------------------------------------------------------

    const MEMBERS: i64 = 4;
    const CLIENTS: i64 = 5;

    fn arb_snapshot() -> impl Strategy<Value = RuleSnapshot> {
        let members = prop::collection::vec(
            (0.0f64..60.0, 0u32..8, 0.0f64..1.0, 0u32..3),
            0..=MEMBERS as usize,
        );
        let clients = prop::collection::vec(
            (prop::option::of(1..=MEMBERS + 1), 0i64..200),
            0..=CLIENTS as usize,
        );
        // Authors include one former member; times from 14 weeks ago to two days ahead.
        let signals = prop::collection::vec(
            (
                1..=MEMBERS + 1,
                prop::option::weighted(0.8, 100..100 + CLIENTS),
                -(14 * 7 * 24 * 60)..(2 * 24 * 60i64),
                prop::sample::select(Visibility::ALL.to_vec()),
                prop::bool::weighted(0.3),
                prop::bool::weighted(0.2),
            ),
            0..40,
        );
        (members, clients, signals, 0i64..200).prop_map(
            |(members, clients, signals, intervision_days_ago)| RuleSnapshot {
                members: members
                    .into_iter()
                    .enumerate()
                    .map(|(i, (load, avoiders, share, breaches))| MemberFacts {
                        user: UserId(i as i64 + 1),
                        load_per_fte: load,
                        avoiders,
                        avoider_share: share,
                        personal_breaches: breaches,
                    })
                    .collect(),
                clients: clients
                    .into_iter()
                    .enumerate()
                    .map(|(i, (primary, days_ago))| ClientFacts {
                        id: ClientId(100 + i as i64),
                        primary: primary.map(UserId),
                        last_movement: today() - Duration::days(days_ago),
                    })
                    .collect(),
                signals: signals
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (author, client, minutes, visibility, moral_dilemma, resolved))| {
                            SignalFact {
                                id: SignalId(i as i64 + 1),
                                author: UserId(author),
                                client: client.map(ClientId),
                                at: now() + Duration::minutes(minutes),
                                visibility,
                                moral_dilemma,
                                resolved,
                                kinds: vec![],
                                strain: None,
                            }
                        },
                    )
                    .collect(),
                last_intervision: today() - Duration::days(intervision_days_ago),
                last_neighbour_visit: today() - Duration::days(intervision_days_ago * 3),
            },
        )
    }

    /// Whole-number thresholds in a range where each kind both fires and stays quiet.
    fn threshold_range(kind: LimitKind) -> std::ops::Range<i32> {
        match kind {
            LimitKind::LoadPerFte => 20..60,
            LimitKind::AvoidersPerMember => 0..8,
            LimitKind::AvoiderSharePerMember | LimitKind::TeamShareStuck => 0..100,
            LimitKind::NoIntervision => 0..30,
            LimitKind::NoNeighbourVisit => 0..40,
            LimitKind::NoMovement => 0..250,
            LimitKind::PersonalLimit | LimitKind::MoralDilemmaSignal => 0..1,
            _ => 0..6,
        }
    }

    /// One row per kind, most of them active.
    fn arb_limits() -> impl Strategy<Value = Vec<TeamLimit>> {
        default_limits()
            .into_iter()
            .map(|base| {
                let kind = base.kind;
                (
                    threshold_range(kind),
                    prop::option::weighted(0.9, 0u32..=14),
                    prop::sample::select(kind.allowed_proposals().to_vec()),
                    prop::bool::weighted(0.85),
                )
                    .prop_map(
                        move |(threshold, window_weeks, proposes, active)| TeamLimit {
                            kind,
                            threshold: f64::from(threshold),
                            window_weeks,
                            proposes,
                            active,
                        },
                    )
            })
            .collect::<Vec<_>>()
    }

    fn arb_case() -> impl Strategy<Value = (RuleSnapshot, Vec<TeamLimit>)> {
        (arb_snapshot(), arb_limits())
    }

    fn key_set(findings: &[Finding]) -> BTreeSet<(LimitKind, Subject, Audience)> {
        keys(findings).into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_same_input_gives_the_same_output_in_any_order(
            (team, limits, shuffled, reordered) in arb_case().prop_flat_map(|(team, limits)| {
                let signals = team.signals.clone();
                let rows = limits.clone();
                (Just(team), Just(limits), Just(signals).prop_shuffle(), Just(rows).prop_shuffle())
            })
        ) {
            let first = evaluate(&team, &limits, now());
            prop_assert_eq!(&first, &evaluate(&team, &limits, now()));
            let shuffled = RuleSnapshot { signals: shuffled, ..team.clone() };
            prop_assert_eq!(&first, &evaluate(&shuffled, &limits, now()));
            prop_assert_eq!(&first, &evaluate(&team, &reordered, now()));
        }

        #[test]
        fn output_is_sorted_with_sorted_unique_evidence_from_live_signals(
            (team, limits) in arb_case()
        ) {
            let found = evaluate(&team, &limits, now());
            prop_assert!(found.windows(2).all(|w| finding_order(&w[0], &w[1]).is_lt()));
            let by_id: HashMap<SignalId, &SignalFact> =
                team.signals.iter().map(|s| (s.id, s)).collect();
            for f in &found {
                let row = limits.iter().find(|l| l.kind == f.kind).expect("its row");
                prop_assert!(row.active);
                prop_assert!(f.evidence.windows(2).all(|w| w[0] < w[1]), "{:?}", f);
                let weeks = i64::from(row.window_weeks.unwrap_or(0));
                for id in &f.evidence {
                    let s = by_id[id];
                    prop_assert!(!s.resolved);
                    prop_assert!(s.at <= now() && s.at > now() - Duration::weeks(weeks));
                }
                if f.kind.needs_window() {
                    prop_assert!(weeks > 0);
                }
                if matches!(f.kind, LimitKind::MoralDilemmaSignal | LimitKind::MoralDilemmasInTeam)
                    || f.evidence.iter().any(|id| by_id[id].moral_dilemma)
                {
                    prop_assert_eq!(f.proposes, Proposes::MoralDeliberation);
                } else {
                    prop_assert_eq!(f.proposes, row.proposes);
                }
            }
        }

        #[test]
        fn a_stricter_threshold_never_adds_a_finding(
            (team, limits) in arb_case(),
            which in any::<prop::sample::Index>(),
            raise in 1u32..40,
        ) {
            let before = key_set(&evaluate(&team, &limits, now()));
            let mut stricter = limits.clone();
            let i = which.index(stricter.len());
            stricter[i].threshold += f64::from(raise);
            let after = key_set(&evaluate(&team, &stricter, now()));
            prop_assert!(after.is_subset(&before), "{:?} added {:?}",
                stricter[i].kind, after.difference(&before).collect::<Vec<_>>());
        }

        #[test]
        fn a_private_signal_only_ever_reaches_its_author(
            (team, limits) in arb_case()
        ) {
            let by_id: HashMap<SignalId, &SignalFact> =
                team.signals.iter().map(|s| (s.id, s)).collect();
            for f in evaluate(&team, &limits, now()) {
                for id in &f.evidence {
                    let s = by_id[id];
                    if !s.visibility.leader_sees() {
                        prop_assert_eq!(f.audience, Audience::Person(s.author), "{:?}", f);
                    }
                    match f.audience {
                        Audience::Leader => prop_assert!(s.visibility.leader_sees(), "{:?}", f),
                        // A personal nudge is built from the person's own signals only.
                        Audience::Person(p) => prop_assert_eq!(p, s.author, "{:?}", f),
                    }
                }
            }
        }

        #[test]
        fn the_leaders_findings_follow_from_what_the_leader_may_see(
            (team, limits) in arb_case()
        ) {
            let to_leader = |found: Vec<Finding>| -> Vec<Finding> {
                found.into_iter().filter(|f| f.audience == Audience::Leader).collect()
            };
            prop_assert_eq!(
                to_leader(evaluate(&team, &limits, now())),
                to_leader(evaluate(&team.as_seen_by_leader(), &limits, now()))
            );
        }

        #[test]
        fn deactivating_a_limit_removes_exactly_its_findings(
            (team, limits) in arb_case(),
            which in any::<prop::sample::Index>(),
        ) {
            let before = evaluate(&team, &limits, now());
            let mut fewer = limits.clone();
            let i = which.index(fewer.len());
            fewer[i].active = false;
            let kind = fewer[i].kind;
            let expected: Vec<Finding> = before.into_iter().filter(|f| f.kind != kind).collect();
            prop_assert_eq!(evaluate(&team, &fewer, now()), expected);
        }
    }
}
