//! Pure rules of a request for help: its states, which side may answer, withdraw or pick a
//! time, and the parsers for what the author writes. Compiled for the browser too.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::error::{AppError, FieldProblem};
pub use crate::shared::ids::HelpRequestId;
use crate::signals::model::{Visibility, parse_private_text};

/// How long the one-to-one takes: the Korte intervisie steps need about 25 minutes.
pub const MEETING_MINUTES: u32 = 30;
/// What the author may tell the colleague about what to look at; the note itself stays theirs.
pub const QUESTION_MAX: usize = 280;
/// Open requests one signal may have at a time: enough to ask a few people, not the whole
/// organisation at once.
pub const MAX_OPEN_PER_SIGNAL: usize = 3;

/// Who started it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Initiative {
    /// The author asked a colleague to look along.
    Asked,
    /// A colleague offered to look along at a signal shared with the team.
    Offered,
}

impl Initiative {
    pub fn as_str(self) -> &'static str {
        match self {
            Initiative::Asked => "asked",
            Initiative::Offered => "offered",
        }
    }

    pub fn parse(s: &str) -> Option<Initiative> {
        [Initiative::Asked, Initiative::Offered]
            .into_iter()
            .find(|i| i.as_str() == s)
    }

    /// The side that started it.
    pub fn initiator(self) -> Side {
        match self {
            Initiative::Asked => Side::Author,
            Initiative::Offered => Side::Helper,
        }
    }

    /// The side that answers: the one who did not start it.
    pub fn answerer(self) -> Side {
        self.initiator().other()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HelpStatus {
    /// Waiting for the other side's answer.
    Open,
    /// Yes: the two meet.
    Accepted,
    /// No, and no reason asked or kept.
    Declined,
    /// Called off by one of the two.
    Withdrawn,
}

impl HelpStatus {
    pub const ALL: [HelpStatus; 4] = [
        HelpStatus::Open,
        HelpStatus::Accepted,
        HelpStatus::Declined,
        HelpStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HelpStatus::Open => "open",
            HelpStatus::Accepted => "accepted",
            HelpStatus::Declined => "declined",
            HelpStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<HelpStatus> {
        HelpStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Still asking for attention: open or accepted.
    pub fn is_live(self) -> bool {
        matches!(self, HelpStatus::Open | HelpStatus::Accepted)
    }
}

/// The two people of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The signal's author, who is helped.
    Author,
    /// The colleague who looks along.
    Helper,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Author => Side::Helper,
            Side::Helper => Side::Author,
        }
    }

    /// Which side `user` is on, if either.
    pub fn of(user: UserId, author: UserId, helper: UserId) -> Option<Side> {
        if user == author {
            Some(Side::Author)
        } else if user == helper {
            Some(Side::Helper)
        } else {
            None
        }
    }
}

/// The answer to a request or an offer. A no has no reason: nobody is asked for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelpAnswer {
    Yes,
    No,
}

impl HelpAnswer {
    pub fn parse(raw: &str) -> Result<HelpAnswer, AppError> {
        match raw.trim() {
            "yes" => Ok(HelpAnswer::Yes),
            "no" => Ok(HelpAnswer::No),
            _ => Err(AppError::invalid("answer", FieldProblem::UnknownChoice)),
        }
    }

    pub fn status(self) -> HelpStatus {
        match self {
            HelpAnswer::Yes => HelpStatus::Accepted,
            HelpAnswer::No => HelpStatus::Declined,
        }
    }
}

/// Only the side that did not start it answers, and only while the request is open.
pub fn may_answer(initiative: Initiative, status: HelpStatus, side: Side) -> bool {
    status == HelpStatus::Open && side == initiative.answerer()
}

/// Whoever started it may take it back while it is open; once agreed, either may call it off.
pub fn may_withdraw(initiative: Initiative, status: HelpStatus, side: Side) -> bool {
    match status {
        HelpStatus::Open => side == initiative.initiator(),
        HelpStatus::Accepted => true,
        HelpStatus::Declined | HelpStatus::Withdrawn => false,
    }
}

/// A time is picked, by either side, once the answer was yes.
pub fn may_pick_time(status: HelpStatus) -> bool {
    status == HelpStatus::Accepted
}

/// A colleague may offer on a signal its author shared with the whole team, not on their own.
pub fn may_offer(visibility: Visibility, author: UserId, offerer: UserId) -> bool {
    visibility == Visibility::Team && author != offerer
}

/// What the author asks the colleague to look at: optional, short, and free of anything that
/// identifies a client or a person.
pub fn parse_question(raw: &str) -> Result<String, AppError> {
    parse_private_text("question", raw, QUESTION_MAX)
}

/// The colleague picked from the list offered; the author is never one of them.
pub fn parse_helper(raw: &str, colleagues: &[UserId], author: UserId) -> Result<UserId, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid("helper", FieldProblem::Required));
    }
    raw.parse::<UserId>()
        .ok()
        .filter(|id| *id != author && colleagues.contains(id))
        .ok_or_else(|| AppError::invalid("helper", FieldProblem::UnknownChoice))
}

/// The time picked for the one-to-one: a local date and time, not in the past.
pub fn parse_meeting_time(
    date: &str,
    time: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let at = crate::sessions::model::parse_local_start(date, time)?
        .ok_or_else(|| AppError::invalid("date", FieldProblem::Required))?;
    if at < now {
        return Err(AppError::invalid("date", FieldProblem::InThePast));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    const INITIATIVES: [Initiative; 2] = [Initiative::Asked, Initiative::Offered];
    const SIDES: [Side; 2] = [Side::Author, Side::Helper];

    #[test]
    fn the_side_that_did_not_start_it_answers_an_open_request() {
        assert!(may_answer(
            Initiative::Asked,
            HelpStatus::Open,
            Side::Helper
        ));
        assert!(!may_answer(
            Initiative::Asked,
            HelpStatus::Open,
            Side::Author
        ));
        assert!(may_answer(
            Initiative::Offered,
            HelpStatus::Open,
            Side::Author
        ));
        assert!(!may_answer(
            Initiative::Offered,
            HelpStatus::Open,
            Side::Helper
        ));
    }

    #[test]
    fn nothing_but_an_open_request_is_answered() {
        for initiative in INITIATIVES {
            for status in HelpStatus::ALL {
                for side in SIDES {
                    if status != HelpStatus::Open {
                        assert!(!may_answer(initiative, status, side), "{status:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn withdrawing_is_the_initiators_while_open_and_either_sides_once_agreed() {
        assert!(may_withdraw(
            Initiative::Asked,
            HelpStatus::Open,
            Side::Author
        ));
        assert!(!may_withdraw(
            Initiative::Asked,
            HelpStatus::Open,
            Side::Helper
        ));
        assert!(may_withdraw(
            Initiative::Offered,
            HelpStatus::Open,
            Side::Helper
        ));
        for side in SIDES {
            assert!(may_withdraw(Initiative::Asked, HelpStatus::Accepted, side));
            for done in [HelpStatus::Declined, HelpStatus::Withdrawn] {
                assert!(!may_withdraw(Initiative::Offered, done, side));
            }
        }
    }

    #[test]
    fn a_time_is_picked_only_after_a_yes() {
        for status in HelpStatus::ALL {
            assert_eq!(may_pick_time(status), status == HelpStatus::Accepted);
        }
    }

    #[test]
    fn an_answer_is_yes_or_no_and_nothing_else() {
        assert_eq!(
            HelpAnswer::parse(" yes ").unwrap().status(),
            HelpStatus::Accepted
        );
        assert_eq!(
            HelpAnswer::parse("no").unwrap().status(),
            HelpStatus::Declined
        );
        assert_eq!(
            HelpAnswer::parse("maybe").unwrap_err().at_field("answer"),
            Some(FieldProblem::UnknownChoice)
        );
    }

    #[test]
    fn offers_go_only_to_what_the_team_may_see_and_never_to_oneself() {
        let (author, other) = (UserId(1), UserId(2));
        assert!(may_offer(Visibility::Team, author, other));
        assert!(!may_offer(Visibility::Team, author, author));
        assert!(!may_offer(Visibility::Leader, author, other));
        assert!(!may_offer(Visibility::Private, author, other));
    }

    #[test]
    fn the_helper_is_one_of_the_colleagues_offered() {
        let colleagues = [UserId(2), UserId(3)];
        assert_eq!(
            parse_helper("3", &colleagues, UserId(1)).unwrap(),
            UserId(3)
        );
        assert_eq!(
            parse_helper("", &colleagues, UserId(1))
                .unwrap_err()
                .at_field("helper"),
            Some(FieldProblem::Required)
        );
        // Someone not offered, the author themself, and no id at all.
        for raw in ["4", "1", "x"] {
            assert_eq!(
                parse_helper(raw, &[UserId(1), UserId(2)], UserId(1))
                    .unwrap_err()
                    .at_field("helper"),
                Some(FieldProblem::UnknownChoice),
                "{raw}"
            );
        }
    }

    #[test]
    fn the_question_is_short_and_names_nobody() {
        assert_eq!(parse_question("  kijk je mee?  ").unwrap(), "kijk je mee?");
        assert_eq!(parse_question("").unwrap(), "");
        assert_eq!(
            parse_question(&"x".repeat(QUESTION_MAX + 1))
                .unwrap_err()
                .at_field("question"),
            Some(FieldProblem::TooLong)
        );
        assert_eq!(
            parse_question("mail jan@example.org")
                .unwrap_err()
                .at_field("question"),
            Some(FieldProblem::IdentifyingDetail)
        );
    }

    #[test]
    fn a_meeting_time_lies_ahead() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let at = parse_meeting_time("2026-12-01", "14:00", now).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 12, 1, 13, 0, 0).unwrap());
        assert_eq!(
            parse_meeting_time("2026-11-30", "14:00", now)
                .unwrap_err()
                .at_field("date"),
            Some(FieldProblem::InThePast)
        );
        assert_eq!(
            parse_meeting_time("", "", now)
                .unwrap_err()
                .at_field("date"),
            Some(FieldProblem::Required)
        );
    }

    proptest! {
        #[test]
        fn exactly_one_side_answers_an_open_request(asked in any::<bool>()) {
            let initiative = if asked { Initiative::Asked } else { Initiative::Offered };
            let answering = SIDES.iter().filter(|s| may_answer(initiative, HelpStatus::Open, **s)).count();
            prop_assert_eq!(answering, 1);
            prop_assert!(!may_answer(initiative, HelpStatus::Open, initiative.initiator()));
        }

        #[test]
        fn only_the_two_people_have_a_side(author in 1i64..50, helper in 50i64..100, other in 100i64..200) {
            let (a, h) = (UserId(author), UserId(helper));
            prop_assert_eq!(Side::of(a, a, h), Some(Side::Author));
            prop_assert_eq!(Side::of(h, a, h), Some(Side::Helper));
            prop_assert_eq!(Side::of(UserId(other), a, h), None);
        }

        #[test]
        fn statuses_read_back(i in 0usize..4) {
            let status = HelpStatus::ALL[i];
            prop_assert_eq!(HelpStatus::parse(status.as_str()), Some(status));
        }
    }
}
