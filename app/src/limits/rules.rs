//! The rule engine: a pure, deterministic function from a team snapshot, the team's limits and
//! the current time to findings. A finding becomes a proposal (an invitation, never an alarm)
//! unless an open one already covers it; that step lives in the store.
//!
//! Privacy is decided here: a finding that counts a private signal is addressed to that
//! signal's author only, never to the leader.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{LimitKind, Proposes, TeamLimit};
use crate::auth::model::UserId;
use crate::caseload::balance::ClientId;
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
pub fn evaluate(snapshot: &RuleSnapshot, limits: &[TeamLimit], now: DateTime<Utc>) -> Vec<Finding> {
    let _ = (snapshot, limits, now);
    todo!("implemented by the rule-engine work")
}
