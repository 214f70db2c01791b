//! What the visit pages receive: teams and offers, never client data, and of a team's people
//! only the contact person's name.

use crate::shared::ids::{BookingId, OfferId, RequestId, SlotId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::TeamId;

/// A team in the neighbours directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    pub team: TeamId,
    pub name: String,
    pub organisation: String,
    pub kind_of_work: String,
    pub region: String,
    pub what_to_see: String,
    pub contact: Option<String>,
}

/// A visit offer with its slots still ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferCard {
    pub id: OfferId,
    pub host: TeamId,
    pub host_name: String,
    pub organisation: String,
    pub theme: String,
    pub what_to_see: String,
    pub location: String,
    pub language: String,
    pub slots: Vec<SlotCard>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotCard {
    pub id: SlotId,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub places_left: u32,
}

/// A booking as either side sees it on the visits page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingCard {
    pub id: BookingId,
    pub host: TeamId,
    pub host_name: String,
    pub visitor: TeamId,
    pub visitor_name: String,
    pub theme: String,
    pub location: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub question: String,
    pub visitors: Vec<String>,
    pub status: super::model::BookingStatus,
    pub reason: String,
    /// Which side the reader's team is on.
    pub my_side: super::model::Side,
    /// Whether the reader's side has written its reflection.
    pub reflected: bool,
}

/// A team the reader belongs to, with the people who could visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyTeam {
    pub team: TeamId,
    pub name: String,
    pub people: Vec<crate::sessions::views::PersonChoice>,
    pub ledger: super::model::Ledger,
    pub target: super::model::Target,
    /// Whether the reader leads this team, and so keeps its directory entry and target.
    pub leads: bool,
    pub accepts_visits: bool,
    pub region: String,
    pub what_to_see: String,
}

/// The visits page: my teams and their ledgers, and our bookings on both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitsBoard {
    pub teams: Vec<MyTeam>,
    pub bookings: Vec<BookingCard>,
    pub requests: Vec<RequestCard>,
    /// Every team's ledger, for an organisation admin only.
    pub organisation: Option<Vec<TeamLedger>>,
}

/// One team's line in the organisation's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamLedger {
    pub team: TeamId,
    pub name: String,
    pub ledger: super::model::Ledger,
    pub target: super::model::Target,
}

/// A reflection in the learning library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionCard {
    pub booking: BookingId,
    pub host_name: String,
    pub visitor_name: String,
    pub theme: String,
    pub side: super::model::Side,
    pub struck: String,
    pub take_away: String,
    pub written_at: DateTime<Utc>,
}

/// A team's request to see how others handle something; others answer with an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCard {
    pub id: RequestId,
    pub team: TeamId,
    pub team_name: String,
    pub organisation: String,
    pub wish: String,
    /// How many offers answered it.
    pub answers: u32,
}

/// A team that could book a slot, with the people who could come along: what the booking
/// island receives, so it needs nothing but this from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitingTeam {
    pub team: TeamId,
    pub name: String,
    pub people: Vec<crate::sessions::views::PersonChoice>,
}

/// The learning library shows each visit once, with what both sides wrote, in the order the
/// library found them.
pub fn by_visit(cards: Vec<ReflectionCard>) -> Vec<Vec<ReflectionCard>> {
    let mut visits: Vec<Vec<ReflectionCard>> = Vec::new();
    for card in cards {
        match visits.iter_mut().find(|v| v[0].booking == card.booking) {
            Some(visit) => visit.push(card),
            None => visits.push(vec![card]),
        }
    }
    visits
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn card(booking: i64, side: super::super::model::Side) -> ReflectionCard {
        ReflectionCard {
            booking: BookingId(booking),
            host_name: "West".into(),
            visitor_name: "Noord".into(),
            theme: format!("bezoek {booking}"),
            side,
            struck: String::new(),
            take_away: String::new(),
            written_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn both_sides_of_one_visit_are_shown_together() {
        use super::super::model::Side::{Host, Visitor};
        let visits = by_visit(vec![card(2, Host), card(1, Host), card(2, Visitor)]);
        let bookings: Vec<Vec<i64>> = visits
            .iter()
            .map(|v| v.iter().map(|c| c.booking.0).collect())
            .collect();
        assert_eq!(bookings, vec![vec![2, 2], vec![1]]);
    }

    proptest! {
        #[test]
        fn every_reflection_is_shown_once_under_its_own_visit(ids in proptest::collection::vec(0i64..5, 0..20)) {
            let cards: Vec<_> = ids.iter().map(|&b| card(b, super::super::model::Side::Host)).collect();
            let visits = by_visit(cards);
            prop_assert_eq!(visits.iter().map(Vec::len).sum::<usize>(), ids.len());
            for visit in &visits {
                prop_assert!(visit.iter().all(|c| c.booking == visit[0].booking));
            }
            let firsts: std::collections::HashSet<i64> = visits.iter().map(|v| v[0].booking.0).collect();
            prop_assert_eq!(firsts.len(), visits.len());
        }
    }
}
