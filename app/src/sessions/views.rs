//! What the session pages receive from the server. No signal notes, ever: a linked signal is
//! shown by its figures only, and only to whom it is visible.

use crate::shared::ids::ClientId;
use crate::shared::ids::ProposalId;
use crate::shared::ids::SignalId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::{TeamId, UserId};
use crate::sessions::model::{Answer, Method, MethodId, SessionId, SessionKind, SessionStatus};

pub use crate::teams::model::PersonChoice;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientChoice {
    pub id: ClientId,
    pub code: String,
}

/// What the planner may choose from when creating a session for a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanningOptions {
    pub team: TeamId,
    pub team_name: String,
    pub methods: Vec<Method>,
    pub members: Vec<PersonChoice>,
    pub facilitators: Vec<PersonChoice>,
    pub clients: Vec<ClientChoice>,
    /// Filled in from an accepted proposal, when planning one.
    pub from_proposal: Option<ProposalSeed>,
}

/// What an accepted proposal brings to a new session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalSeed {
    pub proposal: ProposalId,
    pub kind: SessionKind,
    pub presenter: Option<UserId>,
    pub client: Option<ClientId>,
    pub signals: Vec<SignalId>,
}

/// A session in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: SessionId,
    pub team: TeamId,
    pub team_name: String,
    pub kind: SessionKind,
    pub method_name_nl: String,
    pub method_name_en: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub minutes: u32,
    pub status: SessionStatus,
    /// My answer, when I am invited.
    pub my_answer: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitee {
    pub user: UserId,
    pub name: String,
    pub answer: Answer,
}

/// A session in full, as one invitee or the planner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: SessionId,
    pub team: TeamId,
    pub team_name: String,
    pub kind: SessionKind,
    pub method: MethodId,
    pub method_name_nl: String,
    pub method_name_en: String,
    pub facilitator: PersonChoice,
    pub presenter: PersonChoice,
    pub invitees: Vec<Invitee>,
    pub client_code: Option<String>,
    pub question: String,
    pub place: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub minutes: u32,
    pub status: SessionStatus,
    pub proposal: Option<ProposalId>,
    /// The reader's own answer, when invited.
    pub my_answer: Option<Answer>,
    /// Whether the reader may plan and change this session (leader or facilitator).
    pub may_plan: bool,
    /// Whether the reader presents, and so prepares.
    pub presenting: bool,
    /// The presenter's answers by prompt number; only for the presenter and the facilitator.
    pub preparation: Option<Vec<(u8, String)>>,
    /// The signals that led here, only those the reader may see, never a note.
    pub linked_signals: Vec<crate::sessions::plan::preparation::LinkedSignal>,
    /// Whether the session has begun (or is done), so outcomes can be recorded.
    pub held: bool,
    pub outcome: Option<OutcomeRecord>,
}

/// A time the slot finder proposes, with who can come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotChoice {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub attending: u32,
    pub invited: u32,
    /// The names of those who cannot come.
    pub missing: Vec<String>,
}

/// One weekly availability window, local time `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRow {
    pub weekday: u8,
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceRow {
    pub id: i64,
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityDiary {
    pub windows: Vec<WindowRow>,
    pub absences: Vec<AbsenceRow>,
    /// Whether a private calendar feed link exists.
    pub calendar_feed: bool,
}

/// The sessions page: mine, and the teams I plan for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionsBoard {
    pub upcoming: Vec<SessionSummary>,
    pub past: Vec<SessionSummary>,
    /// Accepted proposals in teams I lead, still to be planned.
    pub to_plan: Vec<ProposalToPlan>,
    /// Teams where I may plan by hand.
    pub planning_teams: Vec<(TeamId, String)>,
    /// The intervision cadence of each team I plan for.
    pub cadences: Vec<crate::sessions::plan::cadence::TeamCadence>,
}

/// Whether the sessions of each team I plan for helped, in signals before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamEffects {
    pub teams: Vec<(
        TeamId,
        String,
        crate::sessions::outcomes::effect::TeamEffect,
    )>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalToPlan {
    pub proposal: ProposalId,
    pub team: TeamId,
    pub kind: SessionKind,
    pub reason_kind: String,
    pub subject_label: String,
}

/// What a session left behind, as one of its people sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    pub insights: String,
    pub follow_up_on: Option<chrono::NaiveDate>,
    pub actions: Vec<crate::sessions::outcomes::model::ActionItem>,
    pub evaluations: crate::sessions::outcomes::model::EvaluationSummary,
    /// Whether the reader was invited and has not evaluated yet.
    pub may_evaluate: bool,
    /// Signals on the subject before and after; only for planners and the presenter.
    pub effect: Option<crate::sessions::outcomes::effect::SessionEffect>,
}

/// The runner's screen: the method's steps, where the session is, and the notes per step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerScreen {
    pub id: SessionId,
    pub kind: SessionKind,
    pub method_name_nl: String,
    pub method_name_en: String,
    pub question: String,
    pub presenter: String,
    pub steps: Vec<crate::sessions::model::MethodStep>,
    pub state: Option<crate::sessions::runner::model::RunState>,
    pub notes: Vec<String>,
    pub status: SessionStatus,
    /// The server's clock when this was sent, so the countdown does not trust the browser's.
    pub server_now: DateTime<Utc>,
    /// Whether the reader leads the session (facilitator, or a planner of the team).
    pub may_run: bool,
}
