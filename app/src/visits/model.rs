//! Turen bij de Buren, pure: visit offers and their slots, bookings with a kijkvraag, the
//! professional-secrecy check on free text, and the reciprocity ledger that notices teams that
//! only visit or only host. Compiled for the browser too.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::error::{AppError, FieldProblem};
pub use crate::shared::ids::{BookingId, OfferId, RequestId, SlotId};

pub const MAX_TEXT: usize = 1000;
pub const MAX_SHORT: usize = 120;
pub const MAX_CAPACITY: u32 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BookingStatus {
    /// Booked by the visiting team; the host has not confirmed yet.
    Requested,
    Confirmed,
    Declined,
    Cancelled,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 4] = [
        BookingStatus::Requested,
        BookingStatus::Confirmed,
        BookingStatus::Declined,
        BookingStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Requested => "requested",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Declined => "declined",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<BookingStatus> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Whether the booking still holds its places on the slot.
    pub fn holds_places(self) -> bool {
        matches!(self, BookingStatus::Requested | BookingStatus::Confirmed)
    }
}

/// Which side of a visit a team is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Host,
    Visitor,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Host => "host",
            Side::Visitor => "visitor",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        [Side::Host, Side::Visitor]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A token that reads like a pseudonymous client code (`K-0142`, `AB_12`): one to three
/// letters, a separator, then at least two digits. Words such as `COVID-19` pass.
fn looks_like_client_code(token: &str) -> bool {
    let Some(split) = token.find(['-', '_']) else {
        return false;
    };
    let (prefix, rest) = (&token[..split], &token[split + 1..]);
    (1..=3).contains(&prefix.len())
        && prefix.chars().all(|c| c.is_ascii_alphabetic())
        && rest.len() >= 2
        && rest.chars().all(|c| c.is_ascii_digit())
}

/// Whether free text names a client: one of the known codes, something shaped like a code,
/// or an identifying detail (a BSN, an email address). No client data is shared on a visit.
pub fn mentions_client(text: &str, known_codes: &[String]) -> bool {
    if crate::shared::privacy::contains_identifying_detail(text) {
        return true;
    }
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|t| !t.is_empty())
        .any(|token| {
            let token = token.trim_matches(['-', '_']);
            looks_like_client_code(token)
                || known_codes.iter().any(|c| c.eq_ignore_ascii_case(token))
        })
}

/// Free text on a visit: within `max`, and never about a client.
pub fn visit_text(
    field: &str,
    raw: &str,
    max: usize,
    required: bool,
    codes: &[String],
) -> Result<String, AppError> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    if text.chars().count() > max {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    if mentions_client(text, codes) {
        return Err(AppError::invalid(field, FieldProblem::IdentifyingDetail));
    }
    Ok(text.to_owned())
}

/// What a host team offers: a theme, what visitors see or join, where, in which language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOffer {
    pub theme: String,
    pub what_to_see: String,
    pub location: String,
    pub language: String,
}

impl NewOffer {
    pub fn parse(
        theme: &str,
        what_to_see: &str,
        location: &str,
        language: &str,
        codes: &[String],
    ) -> Result<NewOffer, AppError> {
        Ok(NewOffer {
            theme: visit_text("theme", theme, MAX_SHORT, true, codes)?,
            what_to_see: visit_text("what_to_see", what_to_see, MAX_TEXT, true, codes)?,
            location: visit_text("location", location, MAX_SHORT, true, codes)?,
            language: match language.trim() {
                "nl" | "en" => language.trim().to_owned(),
                _ => return Err(AppError::invalid("language", FieldProblem::UnknownChoice)),
            },
        })
    }
}

/// A time on an offer with room for a number of visitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSlot {
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub capacity: u32,
}

impl NewSlot {
    /// `date` and `time` in Amsterdam local time; the slot must lie in the future.
    pub fn parse(
        date: &str,
        time: &str,
        minutes: &str,
        capacity: &str,
        now: DateTime<Utc>,
    ) -> Result<NewSlot, AppError> {
        let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", FieldProblem::InvalidDate))?;
        let at = crate::shared::parse::parse_clock("time", time)?;
        let starts_at = Amsterdam
            .from_local_datetime(&day.and_time(at))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| AppError::invalid("time", FieldProblem::OutOfRange))?;
        if starts_at <= now {
            return Err(AppError::invalid("date", FieldProblem::InvalidDate));
        }
        let number = |field: &str, raw: &str, range: std::ops::RangeInclusive<u32>| {
            raw.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange))
        };
        Ok(NewSlot {
            starts_at,
            minutes: number("minutes", minutes, 15..=480)?,
            capacity: number("capacity", capacity, 1..=MAX_CAPACITY)?,
        })
    }
}

/// A visiting team's booking: who comes and what they want to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBooking {
    pub visitors: Vec<UserId>,
    pub question: String,
}

impl NewBooking {
    /// `visitors` are ids from the visiting team (`members`); the kijkvraag is required.
    pub fn parse(
        visitors: &[String],
        question: &str,
        members: &[UserId],
        codes: &[String],
    ) -> Result<NewBooking, AppError> {
        let mut ids = Vec::new();
        for raw in visitors.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            let id = raw
                .parse::<UserId>()
                .ok()
                .filter(|id| members.contains(id))
                .ok_or_else(|| AppError::invalid("visitors", FieldProblem::UnknownChoice))?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            return Err(AppError::invalid("visitors", FieldProblem::Required));
        }
        Ok(NewBooking {
            visitors: ids,
            question: visit_text("question", question, MAX_TEXT, true, codes)?,
        })
    }
}

/// Visits hosted and made by a team in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub hosted: u32,
    pub visited: u32,
}

/// What a team aims for per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub host: u32,
    pub visit: u32,
}

impl Default for Target {
    fn default() -> Self {
        Target { host: 2, visit: 2 }
    }
}

/// How a team's exchange with its neighbours stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reciprocity {
    /// Neither hosted nor visited.
    Quiet,
    /// Visits others but has hosted nobody.
    OnlyVisits,
    /// Hosts others but has visited nobody.
    OnlyHosts,
    /// Both, but below the target on at least one side.
    Behind,
    OnTarget,
}

/// The ledger against the target; the one-sided cases come first, since looking along is
/// meant to go both ways.
pub fn reciprocity(ledger: Ledger, target: Target) -> Reciprocity {
    match (ledger.hosted, ledger.visited) {
        (0, 0) => Reciprocity::Quiet,
        (0, _) if target.host > 0 => Reciprocity::OnlyVisits,
        (_, 0) if target.visit > 0 => Reciprocity::OnlyHosts,
        (h, v) if h < target.host || v < target.visit => Reciprocity::Behind,
        _ => Reciprocity::OnTarget,
    }
}

/// The rule "no neighbour visit in W weeks": true when the team's last visit (hosted or made)
/// is older than the window, or there never was one.
pub fn no_visit_within(last: Option<DateTime<Utc>>, weeks: u32, now: DateTime<Utc>) -> bool {
    last.is_none_or(|at| at < now - Duration::weeks(i64::from(weeks)))
}

/// Places left on a slot after the bookings that still hold places.
pub fn places_left(capacity: u32, held: &[(BookingStatus, u32)]) -> u32 {
    let taken: u32 = held
        .iter()
        .filter(|(status, _)| status.holds_places())
        .map(|(_, n)| *n)
        .sum();
    capacity.saturating_sub(taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes() -> Vec<String> {
        vec!["ZORG7".to_owned()]
    }

    #[test]
    fn client_codes_and_identifying_details_are_refused_in_visit_text() {
        for text in [
            "Hoe gaan jullie om met K-0142?",
            "Casus ab_12 bespreken",
            "Wat doen jullie bij zorg7",
            "Mail j@example.nl",
            "BSN 123456782",
        ] {
            assert!(mentions_client(text, &codes()), "{text}");
        }
        for text in [
            "Hoe houden jullie contact met zorgmijders?",
            "Sinds COVID-19 werken we anders",
            "Team 3 in 2026",
            "",
        ] {
            assert!(!mentions_client(text, &codes()), "{text}");
        }
    }

    #[test]
    fn a_booking_needs_visitors_of_the_team_and_a_kijkvraag() {
        let members = [UserId(7), UserId(8)];
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            NewBooking::parse(&ids(&[]), "vraag", &members, &[]).unwrap_err(),
            AppError::invalid("visitors", FieldProblem::Required)
        );
        assert_eq!(
            NewBooking::parse(&ids(&["9"]), "vraag", &members, &[]).unwrap_err(),
            AppError::invalid("visitors", FieldProblem::UnknownChoice)
        );
        assert_eq!(
            NewBooking::parse(&ids(&["7"]), " ", &members, &[]).unwrap_err(),
            AppError::invalid("question", FieldProblem::Required)
        );
        assert_eq!(
            NewBooking::parse(&ids(&["7"]), "Over K-0142", &members, &[]).unwrap_err(),
            AppError::invalid("question", FieldProblem::IdentifyingDetail)
        );
        let b = NewBooking::parse(
            &ids(&["8", "7", "8"]),
            " Hoe starten jullie? ",
            &members,
            &[],
        )
        .unwrap();
        assert_eq!(b.visitors, vec![UserId(8), UserId(7)]);
        assert_eq!(b.question, "Hoe starten jullie?");
    }

    #[test]
    fn slots_lie_ahead_with_sensible_length_and_room() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let s = NewSlot::parse("2026-12-03", "09:30", "90", "3", now).unwrap();
        assert_eq!(
            s.starts_at,
            Utc.with_ymd_and_hms(2026, 12, 3, 8, 30, 0).unwrap()
        );
        assert_eq!((s.minutes, s.capacity), (90, 3));
        assert_eq!(
            NewSlot::parse("2026-11-01", "09:30", "90", "3", now).unwrap_err(),
            AppError::invalid("date", FieldProblem::InvalidDate)
        );
        assert_eq!(
            NewSlot::parse("2026-12-03", "09:30", "90", "0", now).unwrap_err(),
            AppError::invalid("capacity", FieldProblem::OutOfRange)
        );
    }

    #[test]
    fn reciprocity_names_one_sided_teams_first() {
        let t = Target::default();
        let r = |hosted, visited| reciprocity(Ledger { hosted, visited }, t);
        assert_eq!(r(0, 0), Reciprocity::Quiet);
        assert_eq!(r(0, 3), Reciprocity::OnlyVisits);
        assert_eq!(r(2, 0), Reciprocity::OnlyHosts);
        assert_eq!(r(1, 2), Reciprocity::Behind);
        assert_eq!(r(2, 2), Reciprocity::OnTarget);
        let visit_only = Target { host: 0, visit: 1 };
        assert_eq!(
            reciprocity(
                Ledger {
                    hosted: 0,
                    visited: 1
                },
                visit_only
            ),
            Reciprocity::OnTarget
        );
    }

    #[test]
    fn the_visit_clock_fires_after_the_window() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        assert!(no_visit_within(None, 26, now));
        assert!(no_visit_within(Some(now - Duration::weeks(27)), 26, now));
        assert!(!no_visit_within(Some(now - Duration::weeks(25)), 26, now));
    }

    proptest! {
        #[test]
        fn places_never_go_below_zero_and_only_live_bookings_count(
            capacity in 0u32..40,
            held in proptest::collection::vec((0usize..4, 0u32..10), 0..12),
        ) {
            let held: Vec<_> = held.into_iter().map(|(s, n)| (BookingStatus::ALL[s], n)).collect();
            let left = places_left(capacity, &held);
            prop_assert!(left <= capacity);
            let live: Vec<_> = held.iter().copied().filter(|(s, _)| s.holds_places()).collect();
            prop_assert_eq!(places_left(capacity, &live), left);
        }

        #[test]
        fn more_visits_never_make_reciprocity_one_sided_again(h in 1u32..6, v in 1u32..6, more in 0u32..4) {
            let t = Target::default();
            let before = reciprocity(Ledger { hosted: h, visited: v }, t);
            let after = reciprocity(Ledger { hosted: h + more, visited: v + more }, t);
            prop_assert!(!matches!(before, Reciprocity::OnlyHosts | Reciprocity::OnlyVisits | Reciprocity::Quiet));
            prop_assert!(!matches!(after, Reciprocity::OnlyHosts | Reciprocity::OnlyVisits | Reciprocity::Quiet));
        }

        #[test]
        fn visit_text_checks_never_panic(text in ".{0,80}") {
            let _ = mentions_client(&text, &codes());
            let _ = visit_text("x", &text, 40, false, &codes());
        }
    }
}
