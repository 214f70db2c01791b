//! What a session leaves behind, pure: insights and a follow-up date, agreed actions, and
//! the anonymous evaluations, which are only ever shown together and from three on.

use crate::shared::ids::SessionId;
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
    /// How many answers the figures rest on: the last multiple of three reached.
    pub published: usize,
    pub figures: Option<EvaluationFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationFigures {
    /// Averages in tenths (42 is 4.2), so the summary stays exact and comparable.
    pub helped_tenths: u32,
    pub felt_safe_tenths: u32,
    pub words: Vec<String>,
}

/// What a session's evaluations add up to. Single answers are never stored, only these sums
/// and the sorted words, so nobody reading the database can tie an answer to the person who
/// gave it: not by order, not by transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationTally {
    pub count: u32,
    pub helped_sum: u32,
    pub felt_safe_sum: u32,
    /// Sorted, without empty words.
    pub words: Vec<String>,
}

impl EvaluationTally {
    pub fn add(&mut self, evaluation: &Evaluation) {
        self.count += 1;
        self.helped_sum += u32::from(evaluation.helped);
        self.felt_safe_sum += u32::from(evaluation.felt_safe);
        if !evaluation.word.is_empty() {
            let at = self.words.partition_point(|w| *w <= evaluation.word);
            self.words.insert(at, evaluation.word.clone());
        }
    }

    pub fn of(evaluations: &[Evaluation]) -> EvaluationTally {
        let mut tally = EvaluationTally::default();
        for evaluation in evaluations {
            tally.add(evaluation);
        }
        tally
    }
}

/// A session's evaluations as stored: everything given so far, and what has been published.
/// Results are published in steps of the anonymity floor (at 3, 6, 9, … evaluations), so a
/// single new answer never shows as a change in the averages or a new word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationState {
    pub given: EvaluationTally,
    pub published: EvaluationTally,
}

impl EvaluationState {
    pub fn record(&mut self, evaluation: &Evaluation) {
        self.given.add(evaluation);
        if (self.given.count as usize).is_multiple_of(ANONYMITY_FLOOR) {
            self.published = self.given.clone();
        }
    }

    /// What readers see: how many evaluated, and the figures published so far.
    pub fn summary(&self) -> EvaluationSummary {
        let published = &self.published;
        let count = published.count;
        let figures = (count as usize >= ANONYMITY_FLOOR).then(|| {
            let tenths = |sum: u32| (sum * 10 + count / 2) / count;
            EvaluationFigures {
                helped_tenths: tenths(published.helped_sum),
                felt_safe_tenths: tenths(published.felt_safe_sum),
                words: published.words.clone(),
            }
        });
        EvaluationSummary {
            count: self.given.count as usize,
            published: count as usize,
            figures,
        }
    }
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
    pub session: SessionId,
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
        assert_eq!(EvaluationTally::of(&three).words, ["licht", "rust"]);
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
        let people = [UserId(3), UserId(4)];
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
        assert_eq!(a.owner, UserId(4));
        assert_eq!(a.description, "Huisbezoek samen");
        assert_eq!(a.due_on, NaiveDate::from_ymd_opt(2026, 12, 1));
    }

    fn summarise(evaluations: &[Evaluation]) -> EvaluationSummary {
        let mut state = EvaluationState::default();
        for evaluation in evaluations {
            state.record(evaluation);
        }
        state.summary()
    }

    #[test]
    fn the_fourth_and_fifth_answers_change_nothing_until_the_sixth() {
        let mut state = EvaluationState::default();
        for e in [eval(5, 5, "rust"), eval(4, 4, "licht"), eval(3, 3, "")] {
            state.record(&e);
        }
        let at_three = state.summary().figures;
        state.record(&eval(1, 1, "onveilig"));
        state.record(&eval(1, 2, ""));
        assert_eq!(state.summary().figures, at_three);
        assert_eq!(state.summary().count, 5);
        state.record(&eval(2, 2, ""));
        let at_six = state.summary().figures.unwrap();
        assert_eq!(at_six.helped_tenths, 27);
        assert!(at_six.words.contains(&"onveilig".to_owned()));
    }

    proptest! {
        #[test]
        fn one_new_answer_never_shows_unless_it_completes_a_step(
            raw in proptest::collection::vec((1u8..=5, 1u8..=5, "[a-z]{0,6}"), 1..14),
        ) {
            let mut state = EvaluationState::default();
            for (h, s, w) in &raw {
                let before = state.summary().figures;
                state.record(&eval(*h, *s, w));
                let after = state.summary().figures;
                if !(state.given.count as usize).is_multiple_of(ANONYMITY_FLOOR) {
                    prop_assert_eq!(before, after);
                } else {
                    prop_assert_eq!(&state.published, &state.given);
                }
            }
        }

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
            prop_assert_eq!(EvaluationTally::of(&reversed), EvaluationTally::of(&all));
            if all.len().is_multiple_of(ANONYMITY_FLOOR) {
                prop_assert_eq!(summarise(&reversed), summary.clone());
            }
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
