//! Pure types of a session (bijeenkomst) and the forms that create one. Compiled for the
//! browser too.

use crate::shared::ids::{ClientId, TeamId};
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::error::{AppError, FieldProblem};
use crate::limits::model::Proposes;
pub use crate::shared::ids::{MethodId, SessionId};
use crate::shared::parse::parse_clock;
pub use crate::shared::session_kind::SessionKind;
use crate::signals::model::parse_private_text;

impl SessionKind {
    /// The session a proposal asks for; a caseload talk is a conversation with the leader,
    /// not a session.
    pub fn for_proposal(proposes: Proposes) -> Option<SessionKind> {
        match proposes {
            Proposes::Intervision => Some(SessionKind::Intervision),
            Proposes::MoralDeliberation => Some(SessionKind::MoralDeliberation),
            Proposes::CaseloadTalk | Proposes::NeighbourVisit => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Facilitator,
    Presenter,
    Participant,
    Timekeeper,
    NoteTaker,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Facilitator,
        Role::Presenter,
        Role::Participant,
        Role::Timekeeper,
        Role::NoteTaker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::Presenter => "presenter",
            Role::Participant => "participant",
            Role::Timekeeper => "timekeeper",
            Role::NoteTaker => "note_taker",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles as stored: comma-separated codes; unknown codes are skipped.
    pub fn parse_list(s: &str) -> Vec<Role> {
        s.split(',').filter_map(|r| Role::parse(r.trim())).collect()
    }

    pub fn join(roles: &[Role]) -> String {
        roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionStatus {
    Planned,
    Done,
    Cancelled,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 3] = [
        SessionStatus::Planned,
        SessionStatus::Done,
        SessionStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::Done => "done",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<SessionStatus> {
        SessionStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Only a planned session changes: it is held (done) or called off (cancelled). A held
    /// session keeps its outcome and evaluations; a cancelled one stays cancelled.
    pub fn may_become(self, next: SessionStatus) -> bool {
        self == SessionStatus::Planned && next != SessionStatus::Planned
    }
}

#[cfg(test)]
mod status_tests {
    use super::SessionStatus;

    #[test]
    fn only_a_planned_session_changes_status() {
        for from in SessionStatus::ALL {
            for to in SessionStatus::ALL {
                let expected = from == SessionStatus::Planned && to != SessionStatus::Planned;
                assert_eq!(from.may_become(to), expected, "{from:?} -> {to:?}");
            }
        }
        assert!(!SessionStatus::Done.may_become(SessionStatus::Cancelled));
    }
}

/// An invitee's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    Pending,
    Yes,
    No,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Pending, Answer::Yes, Answer::No];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Pending => "pending",
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One step of a method, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodStep {
    pub name_nl: String,
    pub name_en: String,
    pub purpose_nl: String,
    pub purpose_en: String,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    pub id: MethodId,
    pub kind: SessionKind,
    pub name_nl: String,
    pub name_en: String,
    pub roles: Vec<Role>,
    pub steps: Vec<MethodStep>,
    /// Seeded methods belong to nobody and are read-only; a copy can be edited.
    pub seeded: bool,
    /// The team that owns it; `None` for seeded and organisation-wide methods.
    pub team: Option<TeamId>,
}

impl Method {
    pub fn total_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.minutes).sum()
    }
}

pub const QUESTION_MAX: usize = 500;
pub const PLACE_MAX: usize = 300;
pub const MIN_MINUTES: u32 = 10;
pub const MAX_MINUTES: u32 = 480;

/// The planner's form, as posted. Participants arrive comma-separated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionForm {
    pub kind: String,
    pub method: String,
    pub facilitator: String,
    pub presenter: String,
    pub participants: String,
    pub client: String,
    pub question: String,
    pub place: String,
    pub minutes: String,
    /// Local date and time (`2026-12-01`, `13:30`); both empty while no time is chosen.
    pub date: String,
    pub time: String,
}

/// A session as the planner asked for it, every field checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSession {
    pub kind: SessionKind,
    pub method: MethodId,
    pub facilitator: UserId,
    pub presenter: UserId,
    /// Everyone else invited; never the facilitator or presenter.
    pub participants: Vec<UserId>,
    pub client: Option<ClientId>,
    pub question: String,
    pub place: String,
    pub minutes: u32,
    pub starts_at: Option<DateTime<Utc>>,
}

/// What the form may choose from: checked on the server against the team.
pub struct SessionChoices<'a> {
    /// (id, kind) of the methods the team may use.
    pub methods: &'a [(MethodId, SessionKind)],
    /// The team's members.
    pub members: &'a [UserId],
    /// Facilitators from the team or the organisation's pool.
    pub facilitators: &'a [UserId],
    pub clients: &'a [ClientId],
}

impl SessionForm {
    /// Parses every field, reporting the first problem at its field.
    pub fn parse(&self, choices: &SessionChoices<'_>) -> Result<NewSession, AppError> {
        let kind = SessionKind::parse(self.kind.trim())
            .ok_or_else(|| AppError::invalid("kind", FieldProblem::Required))?;
        let method = pick_id("method", &self.method, |id| {
            choices.methods.contains(&(id, kind))
        })?;
        let facilitator = pick_id("facilitator", &self.facilitator, |id| {
            choices.facilitators.contains(&id)
        })?;
        let presenter = pick_id("presenter", &self.presenter, |id| {
            choices.members.contains(&id)
        })?;
        let mut participants = Vec::new();
        for raw in self
            .participants
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let id = pick_id("participants", raw, |id| choices.members.contains(&id))?;
            if id != facilitator && id != presenter && !participants.contains(&id) {
                participants.push(id);
            }
        }
        participants.sort_unstable();
        let client = match self.client.trim() {
            "" => None,
            raw => Some(pick_id("client", raw, |id| choices.clients.contains(&id))?),
        };
        let question = parse_private_text("question", &self.question, QUESTION_MAX)?;
        if question.is_empty() {
            return Err(AppError::invalid("question", FieldProblem::Required));
        }
        let place = parse_private_text("place", &self.place, PLACE_MAX)?;
        let minutes = self
            .minutes
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (MIN_MINUTES..=MAX_MINUTES).contains(m))
            .ok_or_else(|| AppError::invalid("minutes", FieldProblem::OutOfRange))?;
        let starts_at = parse_local_start(&self.date, &self.time)?;
        Ok(NewSession {
            kind,
            method,
            facilitator,
            presenter,
            participants,
            client,
            question,
            place,
            minutes,
            starts_at,
        })
    }
}

fn pick_id<Id: Copy + FromStr>(
    field: &str,
    raw: &str,
    allowed: impl Fn(Id) -> bool,
) -> Result<Id, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    raw.parse::<Id>()
        .ok()
        .filter(|id| allowed(*id))
        .ok_or_else(|| AppError::invalid(field, FieldProblem::UnknownChoice))
}

/// A local Amsterdam date and time as an instant; both empty means "not chosen yet".
pub fn parse_local_start(date: &str, time: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    let (date, time) = (date.trim(), time.trim());
    if date.is_empty() && time.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", FieldProblem::InvalidDate))?;
    let at = parse_clock("time", time)?;
    // A time that does not exist (the hour skipped in spring) is refused; an hour that
    // happens twice (autumn) means the first.
    Amsterdam
        .from_local_datetime(&day.and_time(at))
        .earliest()
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or_else(|| AppError::invalid("time", FieldProblem::OutOfRange))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const METHODS: &[(MethodId, SessionKind)] = &[
        (MethodId(1), SessionKind::Intervision),
        (MethodId(2), SessionKind::MoralDeliberation),
    ];

    fn choices() -> SessionChoices<'static> {
        SessionChoices {
            methods: METHODS,
            members: &[UserId(10), UserId(11), UserId(12), UserId(13)],
            facilitators: &[UserId(10), UserId(99)],
            clients: &[ClientId(500)],
        }
    }

    fn form() -> SessionForm {
        SessionForm {
            kind: "intervision".into(),
            method: "1".into(),
            facilitator: "99".into(),
            presenter: "11".into(),
            participants: "12,13,11,12".into(),
            client: "500".into(),
            question: "Hoe blijf ik in contact?".into(),
            place: "Zaal 2".into(),
            minutes: "60".into(),
            date: "2026-12-01".into(),
            time: "13:30".into(),
        }
    }

    #[test]
    fn a_good_form_parses_and_participants_exclude_the_roles() {
        let s = form().parse(&choices()).unwrap();
        assert_eq!(s.participants, vec![UserId(12), UserId(13)]);
        assert_eq!(s.facilitator, UserId(99));
        assert_eq!(
            s.starts_at.unwrap().to_rfc3339(),
            "2026-12-01T12:30:00+00:00"
        );
    }

    #[test]
    fn problems_are_reported_at_their_field() {
        type Case = (fn(&mut SessionForm), &'static str, FieldProblem);
        let cases: Vec<Case> = vec![
            (|f| f.kind = "".into(), "kind", FieldProblem::Required),
            (
                |f| f.method = "2".into(),
                "method",
                FieldProblem::UnknownChoice,
            ),
            (
                |f| f.facilitator = "12".into(),
                "facilitator",
                FieldProblem::UnknownChoice,
            ),
            (
                |f| f.presenter = "".into(),
                "presenter",
                FieldProblem::Required,
            ),
            (
                |f| f.participants = "12,77".into(),
                "participants",
                FieldProblem::UnknownChoice,
            ),
            (
                |f| f.client = "501".into(),
                "client",
                FieldProblem::UnknownChoice,
            ),
            (
                |f| f.question = " ".into(),
                "question",
                FieldProblem::Required,
            ),
            (
                |f| f.question = "mail jan@example.nl".into(),
                "question",
                FieldProblem::IdentifyingDetail,
            ),
            (
                |f| f.minutes = "5".into(),
                "minutes",
                FieldProblem::OutOfRange,
            ),
            (
                |f| f.date = "1-12-2026".into(),
                "date",
                FieldProblem::InvalidDate,
            ),
            (|f| f.time = "".into(), "time", FieldProblem::Required),
            // The hour skipped when summer time starts.
            (
                |f| {
                    f.date = "2027-03-28".into();
                    f.time = "02:30".into()
                },
                "time",
                FieldProblem::OutOfRange,
            ),
        ];
        for (change, field, problem) in cases {
            let mut f = form();
            change(&mut f);
            let err = f.parse(&choices()).unwrap_err();
            assert_eq!(err.at_field(field), Some(problem), "{field}: {err:?}");
        }
    }

    #[test]
    fn no_date_and_time_means_not_planned_yet() {
        let mut f = form();
        f.date.clear();
        f.time.clear();
        assert_eq!(f.parse(&choices()).unwrap().starts_at, None);
    }

    #[test]
    fn a_proposal_maps_to_its_session_kind() {
        assert_eq!(
            SessionKind::for_proposal(Proposes::MoralDeliberation),
            Some(SessionKind::MoralDeliberation)
        );
        assert_eq!(SessionKind::for_proposal(Proposes::CaseloadTalk), None);
        assert_eq!(
            Role::parse_list(&Role::join(&Role::ALL)),
            Role::ALL.to_vec()
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(
            kind in ".{0,20}", method in ".{0,6}", facilitator in ".{0,6}",
            participants in ".{0,20}", question in ".{0,40}", minutes in ".{0,5}",
            date in ".{0,12}", time in ".{0,6}",
        ) {
            let f = SessionForm {
                kind, method, facilitator, presenter: "11".into(), participants,
                client: String::new(), question, place: String::new(), minutes, date, time,
            };
            let _ = f.parse(&choices());
        }
    }
}
