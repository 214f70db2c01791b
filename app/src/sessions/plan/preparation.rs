//! Preparing a session: the presenter answers the prompts for its kind, and the facilitator
//! reads them alongside the signals that led to the session, each only if visible to them.
//! Pure; compiled for the browser too.

use crate::shared::ids::SignalId;
use serde::{Deserialize, Serialize};

use crate::auth::model::{TeamRole, UserId};
use crate::error::AppError;
use crate::signals::model::{KindOfWork, Visibility, parse_private_text};

/// Each kind has three prompts (PROMPTS.md); answers are stored by prompt number.
pub const PROMPTS_PER_KIND: usize = 3;
pub const ANSWER_MAX: usize = 1_000;

/// The presenter's answers, one per prompt; empty ones are simply not stored.
pub fn parse_answers(raw: &[String]) -> Result<Vec<(u8, String)>, AppError> {
    if raw.len() > PROMPTS_PER_KIND {
        return Err(AppError::invalid(
            "answers",
            crate::error::FieldProblem::TooLong,
        ));
    }
    let mut out = Vec::new();
    for (i, text) in raw.iter().enumerate() {
        let text = parse_private_text(&format!("answer-{}", i + 1), text, ANSWER_MAX)?;
        if !text.is_empty() {
            out.push((i as u8 + 1, text));
        }
    }
    Ok(out)
}

/// Whether `reader` may know that a signal exists. The same rules as everywhere: private is
/// the author's alone, "leader" adds the team's leader, "team" the team's members. Someone
/// from outside the team (a pool facilitator) sees only their own.
pub fn signal_visible_to(
    visibility: Visibility,
    author: UserId,
    reader: UserId,
    reader_role: Option<TeamRole>,
) -> bool {
    if author == reader {
        return true;
    }
    match (visibility, reader_role) {
        (Visibility::Private, _) | (_, None) => false,
        (Visibility::Leader, Some(role)) => role == TeamRole::Leader,
        (Visibility::Team, Some(_)) => true,
    }
}

/// A linked signal as shown in preparation: its figures, never its note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkedSignal {
    pub id: SignalId,
    pub at: chrono::DateTime<chrono::Utc>,
    pub intensity: u8,
    pub kinds: Vec<KindOfWork>,
    pub moral_dilemma: bool,
    pub client_code: Option<String>,
    pub resolved: bool,
    /// Whether the reader wrote it, and so may mark it resolved.
    pub mine: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldProblem;
    use proptest::prelude::*;

    #[test]
    fn answers_keep_their_prompt_and_are_checked_at_their_field() {
        let ok = parse_answers(&["Mijn vraag".into(), "".into(), "Rust".into()]).unwrap();
        assert_eq!(ok, vec![(1, "Mijn vraag".into()), (3, "Rust".into())]);
        let err = parse_answers(&["".into(), "mail jan@example.nl".into()]).unwrap_err();
        assert_eq!(
            err.at_field("answer-2"),
            Some(FieldProblem::IdentifyingDetail)
        );
        let err = parse_answers(&vec![String::new(); 4]).unwrap_err();
        assert_eq!(err.at_field("answers"), Some(FieldProblem::TooLong));
    }

    #[test]
    fn visibility_follows_the_signal_rules() {
        let (author, reader) = (1, 2);
        let leader = Some(TeamRole::Leader);
        let member = Some(TeamRole::Member);
        assert!(!signal_visible_to(
            Visibility::Private,
            UserId(author),
            UserId(reader),
            leader
        ));
        assert!(signal_visible_to(
            Visibility::Private,
            UserId(author),
            UserId(author),
            None
        ));
        assert!(signal_visible_to(
            Visibility::Leader,
            UserId(author),
            UserId(reader),
            leader
        ));
        assert!(!signal_visible_to(
            Visibility::Leader,
            UserId(author),
            UserId(reader),
            member
        ));
        assert!(signal_visible_to(
            Visibility::Team,
            UserId(author),
            UserId(reader),
            member
        ));
        assert!(!signal_visible_to(
            Visibility::Team,
            UserId(author),
            UserId(reader),
            None
        ));
    }

    fn role() -> impl Strategy<Value = Option<TeamRole>> {
        prop_oneof![
            Just(None),
            Just(Some(TeamRole::Leader)),
            Just(Some(TeamRole::Member)),
            Just(Some(TeamRole::Facilitator)),
        ]
    }

    proptest! {
        #[test]
        fn a_private_signal_is_seen_by_its_author_alone(author in 0i64..5, reader in 0i64..5, r in role()) {
            prop_assert_eq!(signal_visible_to(Visibility::Private, UserId(author), UserId(reader), r), author == reader);
        }

        #[test]
        fn wider_visibility_never_hides_what_narrower_showed(author in 0i64..5, reader in 0i64..5, r in role()) {
            let private = signal_visible_to(Visibility::Private, UserId(author), UserId(reader), r);
            let leader = signal_visible_to(Visibility::Leader, UserId(author), UserId(reader), r);
            let team = signal_visible_to(Visibility::Team, UserId(author), UserId(reader), r);
            prop_assert!(!private || leader);
            prop_assert!(!leader || team);
        }
    }
}
