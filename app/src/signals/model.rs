//! Pure types of a stuck signal (vastloopmelding): what a professional says when they feel
//! stuck, and who may see that it exists. Compiled for the browser too.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::balance::model::ClientId;
use crate::error::{AppError, FieldProblem};
pub use crate::shared::ids::SignalId;

/// Who may see that a signal exists. The note is never shown to anyone but its author,
/// whatever the visibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Visibility {
    /// Only me.
    Private,
    /// Me and my team leader.
    Leader,
    /// Me and my whole team.
    Team,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Private, Visibility::Leader, Visibility::Team];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Leader => "leader",
            Visibility::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Whether the team leader may know this signal exists.
    pub fn leader_sees(self) -> bool {
        self != Visibility::Private
    }
}

/// The kinds of work where the strain shows (from *Bemoei je er buiten*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KindOfWork {
    Role,
    Relationship,
    Reasoning,
    Identity,
    Emotion,
    TacitKnowledge,
    Teamwork,
}

impl KindOfWork {
    pub const ALL: [KindOfWork; 7] = [
        KindOfWork::Role,
        KindOfWork::Relationship,
        KindOfWork::Reasoning,
        KindOfWork::Identity,
        KindOfWork::Emotion,
        KindOfWork::TacitKnowledge,
        KindOfWork::Teamwork,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KindOfWork::Role => "role",
            KindOfWork::Relationship => "relationship",
            KindOfWork::Reasoning => "reasoning",
            KindOfWork::Identity => "identity",
            KindOfWork::Emotion => "emotion",
            KindOfWork::TacitKnowledge => "tacit_knowledge",
            KindOfWork::Teamwork => "teamwork",
        }
    }

    pub fn parse(s: &str) -> Option<KindOfWork> {
        KindOfWork::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where the strain sits (from the burn-out essay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strain {
    Context,
    Relational,
    Energy,
    Identity,
}

impl Strain {
    pub const ALL: [Strain; 4] = [
        Strain::Context,
        Strain::Relational,
        Strain::Energy,
        Strain::Identity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strain::Context => "context",
            Strain::Relational => "relational",
            Strain::Energy => "energy",
            Strain::Identity => "identity",
        }
    }

    pub fn parse(s: &str) -> Option<Strain> {
        Strain::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How I have reacted so far (reactions under pressure, from NJi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reaction {
    CarryOn,
    DoMore,
    Refer,
    Withdraw,
    TakeOver,
    SlowDown,
}

impl Reaction {
    pub const ALL: [Reaction; 6] = [
        Reaction::CarryOn,
        Reaction::DoMore,
        Reaction::Refer,
        Reaction::Withdraw,
        Reaction::TakeOver,
        Reaction::SlowDown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::CarryOn => "carry_on",
            Reaction::DoMore => "do_more",
            Reaction::Refer => "refer",
            Reaction::Withdraw => "withdraw",
            Reaction::TakeOver => "take_over",
            Reaction::SlowDown => "slow_down",
        }
    }

    pub fn parse(s: &str) -> Option<Reaction> {
        Reaction::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How stuck it feels, 0–10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Intensity(u8);

impl Intensity {
    pub const MAX: u8 = 10;

    pub fn new(value: u8) -> Option<Intensity> {
        (value <= Self::MAX).then_some(Intensity(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

pub const NOTE_MAX: usize = 1000;
pub const HELPED_MAX: usize = 280;

/// A signal as its author wrote it, parsed at the edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSignal {
    pub client: Option<ClientId>,
    pub intensity: Intensity,
    pub kinds: Vec<KindOfWork>,
    pub strain: Option<Strain>,
    pub reaction: Option<Reaction>,
    pub moral_dilemma: bool,
    pub note: String,
    pub visibility: Visibility,
}

/// The raw form, as posted. Lists arrive comma-separated; an empty client means none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignalForm {
    pub client: String,
    pub intensity: String,
    pub kinds: String,
    pub strain: String,
    pub reaction: String,
    pub moral_dilemma: String,
    pub note: String,
    pub visibility: String,
}

impl SignalForm {
    /// Parses every field, reporting the first problem at its field. `my_clients` are the
    /// clients the author may attach a signal to (their own caseload).
    pub fn parse(&self, my_clients: &[ClientId]) -> Result<NewSignal, AppError> {
        let client = match self.client.trim() {
            "" => None,
            raw => {
                let id: ClientId = raw
                    .parse()
                    .map_err(|_| AppError::invalid("client", FieldProblem::UnknownChoice))?;
                if !my_clients.contains(&id) {
                    return Err(AppError::invalid("client", FieldProblem::UnknownChoice));
                }
                Some(id)
            }
        };
        if self.intensity.trim().is_empty() {
            return Err(AppError::invalid("intensity", FieldProblem::Required));
        }
        let intensity = self
            .intensity
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(Intensity::new)
            .ok_or_else(|| AppError::invalid("intensity", FieldProblem::OutOfRange))?;
        let mut kinds = Vec::new();
        for raw in self
            .kinds
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let kind = KindOfWork::parse(raw)
                .ok_or_else(|| AppError::invalid("kinds", FieldProblem::UnknownChoice))?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds.sort();
        let strain = optional_choice("strain", &self.strain, Strain::parse)?;
        let reaction = optional_choice("reaction", &self.reaction, Reaction::parse)?;
        let moral_dilemma = matches!(self.moral_dilemma.trim(), "on" | "true" | "1");
        let note = parse_private_text("note", &self.note, NOTE_MAX)?;
        let visibility = match self.visibility.trim() {
            "" => Visibility::Private,
            raw => Visibility::parse(raw)
                .ok_or_else(|| AppError::invalid("visibility", FieldProblem::UnknownChoice))?,
        };
        Ok(NewSignal {
            client,
            intensity,
            kinds,
            strain,
            reaction,
            moral_dilemma,
            note,
            visibility,
        })
    }
}

fn optional_choice<T>(
    field: &str,
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        raw => parse(raw)
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, FieldProblem::UnknownChoice)),
    }
}

/// A private text is the author's own, but it still must not identify a client: the app
/// stores no BSN or email addresses anywhere.
pub fn parse_private_text(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    if crate::shared::privacy::contains_identifying_detail(text) {
        return Err(AppError::invalid(field, FieldProblem::IdentifyingDetail));
    }
    Ok(text.to_owned())
}

/// A stored signal as the rule engine and the trends see it: no note, no free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalFact {
    pub id: SignalId,
    pub author: UserId,
    pub client: Option<ClientId>,
    pub at: DateTime<Utc>,
    pub visibility: Visibility,
    pub moral_dilemma: bool,
    pub resolved: bool,
    pub kinds: Vec<KindOfWork>,
    pub strain: Option<Strain>,
}

/// Which reflection prompts to show: one or two, rotating with each opening of the form.
/// `turn` is any counter; the same turn always gives the same prompts.
pub fn prompt_indices(turn: u64, available: usize) -> Vec<usize> {
    match available {
        0 => vec![],
        1 => vec![0],
        n => {
            let first = (turn as usize) % n;
            vec![first, (first + 1) % n]
        }
    }
}

/// The kinds of work stored as a comma-separated list.
pub fn kinds_from_text(text: &str) -> Vec<KindOfWork> {
    text.split(',').filter_map(KindOfWork::parse).collect()
}

/// A proposal's evidence list (`"3,7,9"`) without the signals that `gone` names.
pub fn evidence_without(evidence: &str, gone: &[i64]) -> String {
    evidence
        .split(',')
        .filter(|id| !id.is_empty() && !id.parse().is_ok_and(|id: i64| gone.contains(&id)))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> SignalForm {
        SignalForm {
            intensity: "6".into(),
            ..SignalForm::default()
        }
    }

    #[test]
    fn three_clicks_is_enough_only_intensity_is_needed() {
        let signal = form().parse(&[]).expect("valid");
        assert_eq!(signal.intensity.value(), 6);
        assert_eq!(signal.visibility, Visibility::Private, "private by default");
        assert!(signal.kinds.is_empty() && signal.client.is_none());
    }

    #[test]
    fn each_field_reports_its_own_problem() {
        let cases = [
            (
                SignalForm {
                    intensity: "11".into(),
                    ..form()
                },
                "intensity",
            ),
            (
                SignalForm {
                    intensity: "".into(),
                    ..form()
                },
                "intensity",
            ),
            (
                SignalForm {
                    client: "7".into(),
                    ..form()
                },
                "client",
            ),
            (
                SignalForm {
                    kinds: "role,nonsense".into(),
                    ..form()
                },
                "kinds",
            ),
            (
                SignalForm {
                    strain: "x".into(),
                    ..form()
                },
                "strain",
            ),
            (
                SignalForm {
                    reaction: "x".into(),
                    ..form()
                },
                "reaction",
            ),
            (
                SignalForm {
                    visibility: "world".into(),
                    ..form()
                },
                "visibility",
            ),
            (
                SignalForm {
                    note: "bsn 111222333".into(),
                    ..form()
                },
                "note",
            ),
            (
                SignalForm {
                    note: "x".repeat(NOTE_MAX + 1),
                    ..form()
                },
                "note",
            ),
        ];
        for (form, field) in cases {
            let err = form.parse(&[ClientId(3)]).expect_err(field);
            assert!(err.at_field(field).is_some(), "{field}: {err:?}");
        }
    }

    #[test]
    fn a_full_form_parses_with_kinds_deduplicated_and_sorted() {
        let signal = SignalForm {
            client: "3".into(),
            kinds: "teamwork, role,role".into(),
            strain: "energy".into(),
            reaction: "slow_down".into(),
            moral_dilemma: "on".into(),
            note: "  mijn eigen gedachte ".into(),
            visibility: "leader".into(),
            ..form()
        }
        .parse(&[ClientId(3)])
        .expect("valid");
        assert_eq!(signal.client, Some(ClientId(3)));
        assert_eq!(signal.kinds, vec![KindOfWork::Role, KindOfWork::Teamwork]);
        assert_eq!(signal.strain, Some(Strain::Energy));
        assert_eq!(signal.reaction, Some(Reaction::SlowDown));
        assert!(signal.moral_dilemma);
        assert_eq!(signal.note, "mijn eigen gedachte");
        assert_eq!(signal.visibility, Visibility::Leader);
    }

    #[test]
    fn codes_round_trip() {
        for v in Visibility::ALL {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        for k in KindOfWork::ALL {
            assert_eq!(KindOfWork::parse(k.as_str()), Some(k));
        }
        for s in Strain::ALL {
            assert_eq!(Strain::parse(s.as_str()), Some(s));
        }
        for r in Reaction::ALL {
            assert_eq!(Reaction::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn evidence_loses_exactly_the_erased_signals() {
        assert_eq!(evidence_without("3,17,7", &[7]), "3,17");
        assert_eq!(evidence_without("7", &[7]), "");
        assert_eq!(evidence_without("17,70", &[7]), "17,70");
        assert_eq!(evidence_without("3,17,7", &[3, 7]), "17");
        assert_eq!(evidence_without("", &[7]), "");
    }

    proptest! {
        #[test]
        fn evidence_keeps_every_signal_but_the_erased(ids in proptest::collection::vec(0i64..50, 0..12), gone in proptest::collection::vec(0i64..50, 0..4)) {
            let evidence = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let kept: Vec<i64> = evidence_without(&evidence, &gone)
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let expected: Vec<i64> = ids.iter().copied().filter(|id| !gone.contains(id)).collect();
            prop_assert_eq!(kept, expected);
        }

        #[test]
        fn parsing_never_panics(client in ".{0,12}", intensity in ".{0,4}", kinds in ".{0,40}",
                                strain in ".{0,12}", note in ".{0,80}", visibility in ".{0,10}") {
            let _ = SignalForm { client, intensity, kinds, strain, reaction: String::new(),
                moral_dilemma: String::new(), note, visibility }.parse(&[ClientId(1), ClientId(2)]);
        }

        #[test]
        fn prompts_are_one_or_two_distinct_valid_indices(turn in any::<u64>(), n in 0usize..12) {
            let picked = prompt_indices(turn, n);
            prop_assert!(picked.len() <= 2 && picked.len() <= n);
            prop_assert!(picked.iter().all(|i| *i < n));
            if picked.len() == 2 { prop_assert_ne!(picked[0], picked[1]); }
        }
    }
}
