//! What the proposal inbox and the limits editor receive. Pure; the editor's island uses the
//! row parsing and the preview's shape in the browser.

use crate::shared::ids::ProposalId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{LimitKind, Proposes, TeamLimit};
use super::rules::{RuleSnapshot, Subject};
use crate::auth::model::{TeamId, UserId};
use crate::error::{AppError, FieldProblem};
use crate::shared::parse::parse_decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProposalStatus {
    Open,
    /// Accepted and waiting to be planned as a session.
    Accepted,
    Declined,
    Snoozed,
}

impl ProposalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Open => "open",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Declined => "declined",
            ProposalStatus::Snoozed => "snoozed",
        }
    }

    pub fn parse(s: &str) -> Option<ProposalStatus> {
        [
            ProposalStatus::Open,
            ProposalStatus::Accepted,
            ProposalStatus::Declined,
            ProposalStatus::Snoozed,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Accept,
    Decline,
    Snooze,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accepted",
            Decision::Decline => "declined",
            Decision::Snooze => "snoozed",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        [Decision::Accept, Decision::Decline, Decision::Snooze]
            .into_iter()
            .find(|d| d.as_str() == s)
    }

    pub fn resulting_status(self) -> ProposalStatus {
        match self {
            Decision::Accept => ProposalStatus::Accepted,
            Decision::Decline => ProposalStatus::Declined,
            Decision::Snooze => ProposalStatus::Snoozed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub decision: Decision,
    pub reason: String,
    pub snoozed_until: Option<NaiveDate>,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalRow {
    pub id: ProposalId,
    pub team: TeamId,
    pub team_name: String,
    /// The limit that made it; `None` for a case its person brought in themself.
    pub kind: Option<LimitKind>,
    pub proposes: Proposes,
    pub subject: Subject,
    /// The member's name or the client's code; empty for the whole team.
    pub subject_name: String,
    /// Set when the proposal went to this one person privately.
    pub private_to: Option<UserId>,
    pub measured: f64,
    pub threshold: f64,
    pub window_weeks: Option<u32>,
    pub evidence_count: u32,
    pub status: ProposalStatus,
    pub snoozed_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub decisions: Vec<DecisionRow>,
}

impl ProposalRow {
    /// A snoozed proposal comes back on its date, as an open one.
    pub fn shown_status(&self, today: NaiveDate) -> ProposalStatus {
        match (self.status, self.snoozed_until) {
            (ProposalStatus::Snoozed, Some(until)) if until <= today => ProposalStatus::Open,
            (status, _) => status,
        }
    }
}

/// The inbox: what was proposed to me privately, and (for leaders) to my teams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalInbox {
    pub mine: Vec<ProposalRow>,
    pub team: Vec<ProposalRow>,
    pub leads_a_team: bool,
}

/// The limits editor: the team's limits and the snapshot a leader may see, so the server can
/// preview the proposals with the same rule function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitsOverview {
    pub team_name: String,
    pub limits: Vec<TeamLimit>,
    pub snapshot: RuleSnapshot,
    pub now: DateTime<Utc>,
}

/// The editor's preview: how many proposals the limits as typed would make today, and how
/// many of each kind. Worked out on the server (`preview_limits`), so the rules engine and the
/// team's figures stay out of the browser.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitsPreview {
    pub count: usize,
    /// Only the kinds that occur, in the order of `Proposes::ALL`.
    pub per: Vec<(Proposes, usize)>,
}

impl LimitsPreview {
    pub fn of(findings: &[super::rules::Finding]) -> LimitsPreview {
        LimitsPreview {
            count: findings.len(),
            per: Proposes::ALL
                .into_iter()
                .map(|p| (p, findings.iter().filter(|f| f.proposes == p).count()))
                .filter(|(_, n)| *n > 0)
                .collect(),
        }
    }
}

/// One row of the limits editor as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LimitInput {
    pub kind: String,
    pub threshold: String,
    pub window_weeks: String,
    pub proposes: String,
    pub active: bool,
}

impl LimitInput {
    pub fn from_limit(limit: &TeamLimit) -> LimitInput {
        LimitInput {
            kind: limit.kind.as_str().to_owned(),
            threshold: super::text::figure(limit.threshold),
            window_weeks: limit
                .window_weeks
                .map(|w| w.to_string())
                .unwrap_or_default(),
            proposes: limit.proposes.as_str().to_owned(),
            active: limit.active,
        }
    }
}

/// Parses the editor's rows; a problem is reported at `<kind>.<field>`, so the editor shows
/// it next to the right input. The editor runs this in the browser too, to show a problem as it
/// is typed.
pub fn parse_limit_rows(rows: &[LimitInput]) -> Result<Vec<TeamLimit>, AppError> {
    let mut limits: Vec<TeamLimit> = Vec::with_capacity(rows.len());
    for row in rows {
        let kind = LimitKind::parse(&row.kind)
            .ok_or_else(|| AppError::invalid("kind", FieldProblem::UnknownChoice))?;
        if limits.iter().any(|l| l.kind == kind) {
            return Err(AppError::invalid("kind", FieldProblem::UnknownChoice));
        }
        let field = |name: &str| format!("{}.{name}", kind.as_str());
        let (min, max) = kind.bounds();
        let threshold = if min == max {
            min
        } else {
            parse_decimal(&field("threshold"), &row.threshold, min, max)?
        };
        let window_weeks = if kind.needs_window() {
            Some(
                parse_decimal(&field("window_weeks"), &row.window_weeks, 1.0, 52.0)?.round() as u32,
            )
        } else {
            None
        };
        let proposes = Proposes::parse(&row.proposes)
            .filter(|p| kind.allowed_proposals().contains(p))
            .ok_or_else(|| AppError::invalid(&field("proposes"), FieldProblem::UnknownChoice))?;
        limits.push(TeamLimit {
            kind,
            threshold,
            window_weeks,
            proposes,
            active: row.active,
        });
    }
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_snoozes_come_back_on_their_date() {
        for d in [Decision::Accept, Decision::Decline, Decision::Snooze] {
            assert_eq!(Decision::parse(d.as_str()), Some(d));
            let status = d.resulting_status();
            assert_eq!(ProposalStatus::parse(status.as_str()), Some(status));
        }
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let row = ProposalRow {
            id: ProposalId(1),
            team: TeamId(1),
            team_name: String::new(),
            kind: Some(LimitKind::SignalsByMember),
            proposes: Proposes::Intervision,
            subject: Subject::Team,
            subject_name: String::new(),
            private_to: None,
            measured: 3.0,
            threshold: 3.0,
            window_weeks: Some(4),
            evidence_count: 3,
            status: ProposalStatus::Snoozed,
            snoozed_until: Some(day(10)),
            created_at: Utc::now(),
            decisions: vec![],
        };
        assert_eq!(row.shown_status(day(9)), ProposalStatus::Snoozed);
        assert_eq!(row.shown_status(day(10)), ProposalStatus::Open);
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;
    use crate::limits::model::default_limits;
    use proptest::prelude::*;

    #[test]
    fn the_defaults_survive_the_editor_round_trip() {
        let rows: Vec<LimitInput> = default_limits()
            .iter()
            .map(LimitInput::from_limit)
            .collect();
        assert_eq!(parse_limit_rows(&rows).expect("valid"), default_limits());
    }

    #[test]
    fn problems_are_reported_at_the_row_and_field() {
        let mut rows: Vec<LimitInput> = default_limits()
            .iter()
            .map(LimitInput::from_limit)
            .collect();
        rows[4].threshold = "veel".into();
        let err = parse_limit_rows(&rows).expect_err("not a number");
        assert!(
            err.at_field("signals_by_member.threshold").is_some(),
            "{err:?}"
        );
        let mut rows: Vec<LimitInput> = default_limits()
            .iter()
            .map(LimitInput::from_limit)
            .collect();
        rows[6].proposes = "caseload_talk".into();
        let err = parse_limit_rows(&rows).expect_err("a dilemma proposes moreel beraad");
        assert!(
            err.at_field("moral_dilemma_signal.proposes").is_some(),
            "{err:?}"
        );
        let mut rows: Vec<LimitInput> = default_limits()
            .iter()
            .map(LimitInput::from_limit)
            .collect();
        rows[5].window_weeks = "0".into();
        let err = parse_limit_rows(&rows).expect_err("a window of zero weeks");
        assert!(
            err.at_field("signals_on_client.window_weeks").is_some(),
            "{err:?}"
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(kind in ".{0,30}", threshold in ".{0,10}", window in ".{0,6}", proposes in ".{0,20}", active in any::<bool>()) {
            let _ = parse_limit_rows(&[LimitInput { kind, threshold, window_weeks: window, proposes, active }]);
        }
    }
}
