//! What the handover page shows: the leaving colleague's clients, each with a proposed
//! receiver and why, and the colleagues who could take them.

use serde::{Deserialize, Serialize};

use crate::caseload::balance::intake::FitReason;
use crate::caseload::views::{Domain, Person, TeamRef};
use crate::shared::ids::ClientId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverRow {
    pub client: ClientId,
    pub code: String,
    pub weight: u8,
    pub avoider: bool,
    /// The proposed colleague, if the team has anyone else.
    pub to: Option<Person>,
    /// The proposal crosses no hard limit.
    pub fits: bool,
    /// Why, for the proposed colleague, in the intake advice's order.
    pub reasons: Vec<FitReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverPlan {
    pub team: TeamRef,
    pub leaving: Person,
    pub rows: Vec<HandoverRow>,
    /// Codes of the clients for whom the leaving colleague is second professional only.
    pub secondary: Vec<(ClientId, String)>,
    /// Who can carry clients in this team, apart from the leaving colleague.
    pub receivers: Vec<Person>,
    pub domains: Vec<Domain>,
}

impl HandoverPlan {
    pub fn is_done(&self) -> bool {
        self.rows.is_empty() && self.secondary.is_empty()
    }

    /// Every client has a proposed colleague, so "hand over as proposed" can do it all.
    pub fn all_proposed(&self) -> bool {
        self.rows.iter().all(|r| r.to.is_some())
    }
}
