//! A team's or organisation's own method, as typed in the method form, parsed into a
//! [`Method`] the store can save. Pure; compiled for the browser too.
//!
//! Every problem is reported at its field: `name_nl`, `kind`, `roles`, and per step row
//! `step-name_nl-2`, `step-purpose_en-0`, `minutes-1`, … (rows counted from 0).

use serde::{Deserialize, Serialize};

use crate::auth::model::TeamId;
use crate::error::{AppError, FieldProblem};
use crate::sessions::model::{Method, MethodId, MethodStep, Role, SessionKind};
use crate::signals::model::parse_private_text;

/// A method needs at least one step and no more than this; more is a typing accident.
pub const MAX_STEPS: usize = 30;
pub const NAME_MAX: usize = 120;
pub const PURPOSE_MAX: usize = 500;
pub const STEP_MINUTES: std::ops::RangeInclusive<u32> = 1..=240;
/// The owner value for an organisation-wide method; a team is its id.
pub const ORGANISATION: &str = "organisation";

/// One step row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDraft {
    pub name_nl: String,
    pub name_en: String,
    pub purpose_nl: String,
    pub purpose_en: String,
    pub minutes: String,
}

/// The whole form as typed. `owner` is a team id or [`ORGANISATION`]; `roles` are role codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodDraft {
    pub owner: String,
    pub kind: String,
    pub name_nl: String,
    pub name_en: String,
    pub roles: Vec<String>,
    pub steps: Vec<StepDraft>,
}

/// Who a method belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MethodOwner {
    Team(TeamId),
    Organisation,
}

impl MethodOwner {
    pub fn as_value(self) -> String {
        match self {
            MethodOwner::Team(team) => team.to_string(),
            MethodOwner::Organisation => ORGANISATION.to_owned(),
        }
    }

    /// The owner of a stored, non-seeded method.
    pub fn of(method: &Method) -> MethodOwner {
        method
            .team
            .map_or(MethodOwner::Organisation, MethodOwner::Team)
    }
}

/// An owner the reader may pick, with its name shown (a team's name; empty for the
/// organisation, which the page names in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChoice {
    pub owner: MethodOwner,
    pub name: String,
}

/// What the form page receives: the draft to start from and who may own it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodEditing {
    /// The method being edited; `None` for a new one (maybe a copy).
    pub id: Option<MethodId>,
    pub draft: MethodDraft,
    pub owners: Vec<OwnerChoice>,
}

/// The library with what the reader may do there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryShelf {
    pub methods: Vec<Method>,
    /// Whether the reader may add a method (leads or facilitates a team, or is admin).
    pub may_add: bool,
    /// The own methods the reader may edit.
    pub editable: Vec<MethodId>,
}

impl MethodDraft {
    /// A draft holding a stored method, for editing or as the start of a copy.
    pub fn from_method(method: &Method, owner: String) -> MethodDraft {
        MethodDraft {
            owner,
            kind: method.kind.as_str().to_owned(),
            name_nl: method.name_nl.clone(),
            name_en: method.name_en.clone(),
            roles: method.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            steps: method
                .steps
                .iter()
                .map(|s| StepDraft {
                    name_nl: s.name_nl.clone(),
                    name_en: s.name_en.clone(),
                    purpose_nl: s.purpose_nl.clone(),
                    purpose_en: s.purpose_en.clone(),
                    minutes: s.minutes.to_string(),
                })
                .collect(),
        }
    }

    /// An empty form: one empty step, the usual roles.
    pub fn blank(owner: String) -> MethodDraft {
        MethodDraft {
            owner,
            kind: SessionKind::Intervision.as_str().to_owned(),
            roles: [Role::Facilitator, Role::Presenter, Role::Participant]
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            steps: vec![StepDraft {
                minutes: "10".into(),
                ..StepDraft::default()
            }],
            ..MethodDraft::default()
        }
    }

    /// Parses every field, reporting the first problem at its field. `owners` are the owners
    /// the reader may choose; anything else is an unknown choice.
    pub fn parse(&self, owners: &[MethodOwner]) -> Result<(MethodOwner, Method), AppError> {
        let owner = parse_owner(&self.owner, owners)?;
        let kind = match self.kind.trim() {
            "" => return Err(AppError::invalid("kind", FieldProblem::Required)),
            raw => SessionKind::parse(raw)
                .ok_or_else(|| AppError::invalid("kind", FieldProblem::UnknownChoice))?,
        };
        let name_nl = required_text("name_nl", &self.name_nl, NAME_MAX)?;
        let name_en = required_text("name_en", &self.name_en, NAME_MAX)?;
        let mut roles = Vec::new();
        for raw in &self.roles {
            let role = Role::parse(raw.trim())
                .ok_or_else(|| AppError::invalid("roles", FieldProblem::UnknownChoice))?;
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        if roles.is_empty() {
            return Err(AppError::invalid("roles", FieldProblem::Required));
        }
        // Keep the roles in their usual order, whatever order the boxes were ticked in.
        roles.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
        if self.steps.is_empty() {
            return Err(AppError::invalid("steps", FieldProblem::Required));
        }
        if self.steps.len() > MAX_STEPS {
            return Err(AppError::invalid("steps", FieldProblem::TooLong));
        }
        let steps = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, row)| parse_step(i, row))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((
            owner,
            Method {
                id: MethodId::default(),
                kind,
                name_nl,
                name_en,
                roles,
                steps,
                seeded: false,
                team: match owner {
                    MethodOwner::Team(team) => Some(team),
                    MethodOwner::Organisation => None,
                },
            },
        ))
    }
}

fn parse_owner(raw: &str, owners: &[MethodOwner]) -> Result<MethodOwner, AppError> {
    let owner = match raw.trim() {
        "" => return Err(AppError::invalid("owner", FieldProblem::Required)),
        ORGANISATION => Some(MethodOwner::Organisation),
        raw => raw.parse::<TeamId>().ok().map(MethodOwner::Team),
    };
    owner
        .filter(|o| owners.contains(o))
        .ok_or_else(|| AppError::invalid("owner", FieldProblem::UnknownChoice))
}

fn required_text(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let text = parse_private_text(field, raw, max)?;
    if text.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    Ok(text)
}

fn parse_step(i: usize, row: &StepDraft) -> Result<MethodStep, AppError> {
    let name_nl = required_text(&format!("step-name_nl-{i}"), &row.name_nl, NAME_MAX)?;
    let name_en = required_text(&format!("step-name_en-{i}"), &row.name_en, NAME_MAX)?;
    let purpose_nl = parse_private_text(
        &format!("step-purpose_nl-{i}"),
        &row.purpose_nl,
        PURPOSE_MAX,
    )?;
    let purpose_en = parse_private_text(
        &format!("step-purpose_en-{i}"),
        &row.purpose_en,
        PURPOSE_MAX,
    )?;
    let field = format!("minutes-{i}");
    let minutes = match row.minutes.trim() {
        "" => return Err(AppError::invalid(&field, FieldProblem::Required)),
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|m| STEP_MINUTES.contains(m))
            .ok_or_else(|| AppError::invalid(&field, FieldProblem::OutOfRange))?,
    };
    Ok(MethodStep {
        name_nl,
        name_en,
        purpose_nl,
        purpose_en,
        minutes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const OWNERS: &[MethodOwner] = &[MethodOwner::Team(TeamId(7)), MethodOwner::Team(TeamId(9))];

    fn step(nl: &str, minutes: &str) -> StepDraft {
        StepDraft {
            name_nl: nl.into(),
            name_en: format!("{nl} (en)"),
            purpose_nl: "Waarom deze stap".into(),
            purpose_en: "Why this step".into(),
            minutes: minutes.into(),
        }
    }

    fn draft() -> MethodDraft {
        MethodDraft {
            owner: "7".into(),
            kind: "moral_deliberation".into(),
            name_nl: "  Ons beraad ".into(),
            name_en: "Our deliberation".into(),
            roles: vec![
                "participant".into(),
                "facilitator".into(),
                "participant".into(),
            ],
            steps: vec![
                step("Openen", "5"),
                step("Wegen", "30"),
                step("Sluiten", "10"),
            ],
        }
    }

    #[test]
    fn a_good_draft_parses_trimmed_with_roles_in_their_usual_order() {
        let (owner, m) = draft().parse(OWNERS).unwrap();
        assert_eq!(owner, MethodOwner::Team(TeamId(7)));
        assert_eq!(m.team, Some(TeamId(7)));
        assert_eq!(m.kind, SessionKind::MoralDeliberation);
        assert_eq!(m.name_nl, "Ons beraad");
        assert_eq!(m.roles, vec![Role::Facilitator, Role::Participant]);
        assert_eq!(m.total_minutes(), 45);
        assert!(!m.seeded);
    }

    #[test]
    fn an_organisation_method_needs_the_organisation_among_the_owners() {
        let mut d = draft();
        d.owner = ORGANISATION.into();
        assert_eq!(
            d.parse(OWNERS).unwrap_err().at_field("owner"),
            Some(FieldProblem::UnknownChoice)
        );
        let (owner, m) = d.parse(&[MethodOwner::Organisation]).unwrap();
        assert_eq!(owner, MethodOwner::Organisation);
        assert_eq!(m.team, None);
    }

    #[test]
    fn problems_are_reported_at_their_field_and_row() {
        type Case = (fn(&mut MethodDraft), &'static str, FieldProblem);
        let cases: Vec<Case> = vec![
            (|d| d.owner = "".into(), "owner", FieldProblem::Required),
            (
                |d| d.owner = "8".into(),
                "owner",
                FieldProblem::UnknownChoice,
            ),
            (
                |d| d.kind = "visit".into(),
                "kind",
                FieldProblem::UnknownChoice,
            ),
            (|d| d.kind = " ".into(), "kind", FieldProblem::Required),
            (
                |d| d.name_nl = " ".into(),
                "name_nl",
                FieldProblem::Required,
            ),
            (
                |d| d.name_en = "x".repeat(121),
                "name_en",
                FieldProblem::TooLong,
            ),
            (
                |d| d.name_nl = "Beraad jan@example.nl".into(),
                "name_nl",
                FieldProblem::IdentifyingDetail,
            ),
            (|d| d.roles.clear(), "roles", FieldProblem::Required),
            (
                |d| d.roles.push("boss".into()),
                "roles",
                FieldProblem::UnknownChoice,
            ),
            (|d| d.steps.clear(), "steps", FieldProblem::Required),
            (
                |d| d.steps = vec![step("Stap", "5"); MAX_STEPS + 1],
                "steps",
                FieldProblem::TooLong,
            ),
            (
                |d| d.steps[2].name_nl = "".into(),
                "step-name_nl-2",
                FieldProblem::Required,
            ),
            (
                |d| d.steps[1].name_en = " ".into(),
                "step-name_en-1",
                FieldProblem::Required,
            ),
            (
                |d| d.steps[0].purpose_nl = "Mail piet@zorg.nl".into(),
                "step-purpose_nl-0",
                FieldProblem::IdentifyingDetail,
            ),
            (
                |d| d.steps[1].purpose_en = "y".repeat(501),
                "step-purpose_en-1",
                FieldProblem::TooLong,
            ),
            (
                |d| d.steps[0].minutes = "".into(),
                "minutes-0",
                FieldProblem::Required,
            ),
            (
                |d| d.steps[1].minutes = "0".into(),
                "minutes-1",
                FieldProblem::OutOfRange,
            ),
            (
                |d| d.steps[2].minutes = "241".into(),
                "minutes-2",
                FieldProblem::OutOfRange,
            ),
            (
                |d| d.steps[2].minutes = "1,5".into(),
                "minutes-2",
                FieldProblem::OutOfRange,
            ),
        ];
        for (change, field, problem) in cases {
            let mut d = draft();
            change(&mut d);
            let err = d.parse(OWNERS).unwrap_err();
            assert_eq!(err.at_field(field), Some(problem), "{field}: {err:?}");
        }
    }

    #[test]
    fn purposes_may_be_empty_and_the_bounds_of_minutes_are_allowed() {
        let mut d = draft();
        d.steps[0].purpose_nl.clear();
        d.steps[0].purpose_en.clear();
        d.steps[0].minutes = "1".into();
        d.steps[1].minutes = " 240 ".into();
        d.steps = [d.steps.clone(), vec![step("Stap", "5"); MAX_STEPS - 3]].concat();
        let (_, m) = d.parse(OWNERS).unwrap();
        assert_eq!(m.steps.len(), MAX_STEPS);
        assert_eq!(m.steps[0].minutes, 1);
        assert_eq!(m.steps[1].minutes, 240);
    }

    #[test]
    fn a_stored_method_round_trips_through_a_draft() {
        let (_, m) = draft().parse(OWNERS).unwrap();
        let again = MethodDraft::from_method(&m, "7".into());
        assert_eq!(again.parse(OWNERS).unwrap().1, m);
        let blank = MethodDraft::blank("9".into());
        assert_eq!(
            blank.parse(OWNERS).unwrap_err().at_field("name_nl"),
            Some(FieldProblem::Required)
        );
    }

    fn any_step() -> impl Strategy<Value = StepDraft> {
        (
            ".{0,8}",
            ".{0,8}",
            ".{0,12}",
            ".{0,12}",
            "[0-9 ]{0,4}|.{0,4}",
        )
            .prop_map(
                |(name_nl, name_en, purpose_nl, purpose_en, minutes)| StepDraft {
                    name_nl,
                    name_en,
                    purpose_nl,
                    purpose_en,
                    minutes,
                },
            )
    }

    proptest! {
        #[test]
        fn parsing_never_panics(
            owner in ".{0,6}", kind in ".{0,20}", name_nl in ".{0,20}", name_en in ".{0,20}",
            roles in proptest::collection::vec(".{0,12}", 0..4),
            steps in proptest::collection::vec(any_step(), 0..35),
        ) {
            let d = MethodDraft { owner, kind, name_nl, name_en, roles, steps };
            let _ = d.parse(OWNERS);
        }

        /// A bad row among good ones is reported at that row, whatever its place.
        #[test]
        fn a_bad_row_is_reported_at_its_row(
            rows in 1usize..MAX_STEPS, bad in 0usize..MAX_STEPS, minutes in 241u32..100_000,
        ) {
            let bad = bad % rows;
            let mut d = draft();
            d.steps = vec![step("Stap", "10"); rows];
            d.steps[bad].minutes = minutes.to_string();
            let err = d.parse(OWNERS).unwrap_err();
            prop_assert_eq!(err.at_field(&format!("minutes-{bad}")), Some(FieldProblem::OutOfRange));
        }

        #[test]
        fn good_rows_always_parse_to_their_minutes(
            minutes in proptest::collection::vec(1u32..=240, 1..=MAX_STEPS),
        ) {
            let mut d = draft();
            d.steps = minutes.iter().map(|m| step("Stap", &m.to_string())).collect();
            let (_, m) = d.parse(OWNERS).unwrap();
            prop_assert_eq!(m.total_minutes(), minutes.iter().sum::<u32>());
        }
    }
}
