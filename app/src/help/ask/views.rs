//! What the help pages receive. A request carries the author's question to the helper, never
//! the signal's note; a no carries nothing at all.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{HelpRequestId, HelpStatus, Initiative, Side};
use crate::auth::model::UserId;
use crate::signals::model::{KindOfWork, SignalId, Visibility};

/// One request as one of its two people sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpItem {
    pub id: HelpRequestId,
    pub signal: SignalId,
    pub initiative: Initiative,
    pub status: HelpStatus,
    /// The reader's side.
    pub side: Side,
    /// The other person's name.
    pub other: String,
    pub question: String,
    pub created_at: DateTime<Utc>,
    pub starts_at: Option<DateTime<Utc>>,
    pub minutes: u32,
    /// Times both are free, for an agreed request still without a time (or to move it).
    pub free_times: Vec<DateTime<Utc>>,
}

impl HelpItem {
    pub fn may_answer(&self) -> bool {
        super::model::may_answer(self.initiative, self.status, self.side)
    }

    pub fn may_withdraw(&self) -> bool {
        super::model::may_withdraw(self.initiative, self.status, self.side)
    }

    pub fn may_pick_time(&self) -> bool {
        super::model::may_pick_time(self.status)
    }
}

/// A colleague's stuck moment shared with the team, as one may offer to look along at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferableSignal {
    pub signal: SignalId,
    pub author: String,
    pub at: DateTime<Utc>,
    pub intensity: u8,
    pub kinds: Vec<KindOfWork>,
    /// Whether the reader already offered (or was asked) on it.
    pub offered: bool,
}

/// The "Meekijken" page: what others asked of me, what I asked or was offered, and the
/// colleagues' shared moments I could offer to look along at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpOverview {
    pub as_helper: Vec<HelpItem>,
    pub as_author: Vec<HelpItem>,
    pub offerable: Vec<OfferableSignal>,
}

/// What the start page says of help: how many answers wait on me, and the next agreed talk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpWaiting {
    pub to_answer: u32,
    /// The next one-to-one: with whom, and when.
    pub next: Option<(String, DateTime<Utc>)>,
}

/// Help for one of one's own signals: whom one may ask, and the requests so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalHelp {
    pub signal: SignalId,
    pub at: DateTime<Utc>,
    pub client_code: Option<String>,
    pub intensity: u8,
    pub kinds: Vec<KindOfWork>,
    pub visibility: Visibility,
    /// The team's people and the organisation's facilitator pool, without the author.
    pub colleagues: Vec<(UserId, String)>,
    pub requests: Vec<HelpItem>,
    /// Brought in to intervision, on the team's list of sessions to plan.
    pub brought_in: bool,
}
