//! What the signal pages receive. An `OwnSignal` carries the note and only ever goes to its
//! author; a `SharedSignal` has no free text at all.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{KindOfWork, Reaction, SignalId, Strain, Visibility};
use super::trends::{PersonalWeek, RepeatedClient, TeamTrend};
use crate::auth::model::TeamId;
use crate::caseload::balance::model::ClientId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnSignal {
    pub id: SignalId,
    pub team: TeamId,
    pub client_code: Option<String>,
    pub intensity: u8,
    pub kinds: Vec<KindOfWork>,
    pub strain: Option<Strain>,
    pub reaction: Option<Reaction>,
    pub moral_dilemma: bool,
    pub note: String,
    pub visibility: Visibility,
    pub at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub helped: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedSignal {
    pub id: SignalId,
    pub author: String,
    pub client_code: Option<String>,
    pub intensity: u8,
    pub kinds: Vec<KindOfWork>,
    pub strain: Option<Strain>,
    pub moral_dilemma: bool,
    pub visibility: Visibility,
    pub at: DateTime<Utc>,
    pub resolved: bool,
}

/// What the "Ik loop vast" form offers: the clients of my caseload, per team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalChoices {
    /// The team these clients belong to, where the signal will be logged.
    pub team: TeamId,
    pub teams: Vec<(TeamId, String)>,
    pub clients: Vec<(ClientId, String)>,
}

/// The member's own page: their history, their private trend, and what colleagues shared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MySignalsOverview {
    pub signals: Vec<OwnSignal>,
    pub history: Vec<PersonalWeek>,
    pub shared_by_team: Vec<SharedSignal>,
    pub clients: Vec<(ClientId, String)>,
}

/// The leader's view of a team: anonymous trends above the floor, repeated clients and the
/// signals shared with them (no notes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSignalsOverview {
    pub team_name: String,
    pub trend: TeamTrend,
    pub repeated: Vec<(RepeatedClient, String)>,
    pub shared: Vec<SharedSignal>,
}
