//! What a session leaves behind, pure: insights and a follow-up date, agreed actions, and
//! the anonymous evaluations, which are only ever shown together and from three on.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::error::{AppError, FieldProblem};
use crate::signals::model::parse_private_text;
use crate::signals::trends::ANONYMITY_FLOOR;

pub const MAX_INSIGHTS: usize = 4000;
pub const MAX_ACTION: usize = 300;
pub const MAX_WORD: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub insights: String,
    pub follow_up_on: Option<NaiveDate>,
}

fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::invalid(field, FieldProblem::InvalidDate)),
    }
}

impl Outcome {
    /// Insights are shared with everyone invited, so they may not identify a client either.
    pub fn parse(insights: &str, follow_up_on: &str) -> Result<Outcome, AppError> {
        Ok(Outcome {
            insights: parse_private_text("insights", insights, MAX_INSIGHTS)?,
            follow_up_on: optional_date("follow_up_on", follow_up_on)?,
        })
    }
}

/// An action agreed in a session: who does what, by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub owner: UserId,
    pub description: String,
    pub due_on: Option<NaiveDate>,
}

impl NewAction {
    /// `invitees` are who may own it: the people at the session.
    pub fn parse(
        owner: &str,
        description: &str,
        due_on: &str,
        invitees: &[UserId],
    ) -> Result<NewAction, AppError> {
        let owner = owner
            .trim()
            .parse::<UserId>()
            .ok()
            .filter(|o| invitees.contains(o))
            .ok_or_else(|| AppError::invalid("owner", FieldProblem::UnknownChoice))?;
        let description = parse_private_text("description", description, MAX_ACTION)?;
        if description.is_empty() {
            return Err(AppError::invalid("description", FieldProblem::Required));
        }
        Ok(NewAction {
            owner,
            description,
            due_on: optional_date("due_on", due_on)?,
        })
    }
}

/// One participant's evaluation; who gave it is stored apart from what they said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Did it help, 1 (not at all) to 5 (very much).
    pub helped: u8,
    /// Did it feel safe, 1 to 5.
    pub felt_safe: u8,
    pub word: String,
}

fn score(field: &str, raw: &str) -> Result<u8, AppError> {
    match raw.trim() {
        "" => Err(AppError::invalid(field, FieldProblem::Required)),
        s => s
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=5).contains(n))
            .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange)),
    }
}

impl Evaluation {
    pub fn parse(helped: &str, felt_safe: &str, word: &str) -> Result<Evaluation, AppError> {
        let helped = score("helped", helped);
        let felt_safe = score("felt_safe", felt_safe);
        let word = parse_private_text("word", word, MAX_WORD);
        Ok(Evaluation {
            helped: helped?,
            felt_safe: felt_safe?,
            // One word, lower-cased, so that the same word said twice is seen as the same.
            word: word?.to_lowercase(),
        })
    }
}

/// The evaluations of a session as others see them: how many, and only from the floor on the
/// averages and words (sorted, so their order says nothing about who gave them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    pub count: usize,
    pub figures: Option<EvaluationFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationFigures {
    /// Averages in tenths (42 is 4.2), so the summary stays exact and comparable.
    pub helped_tenths: u32,
    pub felt_safe_tenths: u32,
    pub words: Vec<String>,
}

pub fn summarise(evaluations: &[Evaluation]) -> EvaluationSummary {
    let count = evaluations.len();
    let figures = (count >= ANONYMITY_FLOOR).then(|| {
        let tenths = |f: fn(&Evaluation) -> u8| {
            let sum: u32 = evaluations.iter().map(|e| u32::from(f(e))).sum();
            (sum * 10 + count as u32 / 2) / count as u32
        };
        let mut words: Vec<String> = evaluations
            .iter()
            .map(|e| e.word.clone())
            .filter(|w| !w.is_empty())
            .collect();
        words.sort();
        EvaluationFigures {
            helped_tenths: tenths(|e| e.helped),
            felt_safe_tenths: tenths(|e| e.felt_safe),
            words,
        }
    });
    EvaluationSummary { count, figures }
}

/// `4,2` or `4.2`: an average in tenths, in the reader's notation.
pub fn tenths_text(tenths: u32, decimal_comma: bool) -> String {
    let sep = if decimal_comma { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

/// An action as its owner and the session's people see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: i64,
    pub session: i64,
    pub owner: UserId,
    pub owner_name: String,
    pub description: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eval(helped: u8, felt_safe: u8, word: &str) -> Evaluation {
        Evaluation {
            helped,
            felt_safe,
            word: word.into(),
        }
    }

    #[test]
    fn evaluations_are_hidden_below_three_and_averaged_from_three() {
        let two = [eval(5, 4, "rust"), eval(3, 4, "licht")];
        assert_eq!(summarise(&two).figures, None);
        assert_eq!(summarise(&two).count, 2);
        let three = [eval(5, 4, "rust"), eval(3, 4, "licht"), eval(4, 5, "")];
        let f = summarise(&three).figures.unwrap();
        assert_eq!((f.helped_tenths, f.felt_safe_tenths), (40, 43));
        assert_eq!(f.words, ["licht", "rust"]);
        assert_eq!(tenths_text(43, true), "4,3");
        assert_eq!(tenths_text(40, false), "4.0");
    }

    #[test]
    fn an_evaluation_is_checked_at_each_field() {
        assert_eq!(
            Evaluation::parse("", "6", "x").unwrap_err(),
            AppError::invalid("helped", FieldProblem::Required)
        );
        assert_eq!(
            Evaluation::parse("4", "6", "x").unwrap_err(),
            AppError::invalid("felt_safe", FieldProblem::OutOfRange)
        );
        assert_eq!(
            Evaluation::parse("4", "5", &"a".repeat(41)).unwrap_err(),
            AppError::invalid("word", FieldProblem::TooLong)
        );
        assert_eq!(
            Evaluation::parse(" 4", "5 ", " Rust ").unwrap(),
            eval(4, 5, "rust")
        );
    }

    #[test]
    fn an_action_needs_a_person_at_the_session_and_a_description() {
        let people = [3, 4];
        assert_eq!(
            NewAction::parse("9", "bellen", "", &people).unwrap_err(),
            AppError::invalid("owner", FieldProblem::UnknownChoice)
        );
        assert_eq!(
            NewAction::parse("3", "  ", "", &people).unwrap_err(),
            AppError::invalid("description", FieldProblem::Required)
        );
        assert_eq!(
            NewAction::parse("3", "mail a@b.nl", "", &people).unwrap_err(),
            AppError::invalid("description", FieldProblem::IdentifyingDetail)
        );
        assert_eq!(
            NewAction::parse("4", "x", "31-12-2026", &people).unwrap_err(),
            AppError::invalid("due_on", FieldProblem::InvalidDate)
        );
        let a = NewAction::parse("4", " Huisbezoek samen ", "2026-12-01", &people).unwrap();
        assert_eq!(a.owner, 4);
        assert_eq!(a.description, "Huisbezoek samen");
        assert_eq!(a.due_on, NaiveDate::from_ymd_opt(2026, 12, 1));
    }

    proptest! {
        #[test]
        fn the_summary_says_nothing_below_the_floor_and_ignores_order(
            raw in proptest::collection::vec((1u8..=5, 1u8..=5, "[a-z]{0,6}"), 0..8),
        ) {
            let all: Vec<_> = raw.iter().map(|(h, s, w)| eval(*h, *s, w)).collect();
            let summary = summarise(&all);
            prop_assert_eq!(summary.count, all.len());
            prop_assert_eq!(summary.figures.is_some(), all.len() >= ANONYMITY_FLOOR);
            let mut reversed = all.clone();
            reversed.reverse();
            prop_assert_eq!(summarise(&reversed), summary.clone());
            if let Some(f) = summary.figures {
                prop_assert!((10..=50).contains(&f.helped_tenths));
                prop_assert!((10..=50).contains(&f.felt_safe_tenths));
            }
        }

        #[test]
        fn evaluation_parsing_never_panics(h in ".{0,4}", s in ".{0,4}", w in ".{0,60}") {
            let _ = Evaluation::parse(&h, &s, &w);
        }
    }
}
