//! The pure rules of two-factor log-in: which codes are well formed, which time steps a code
//! from an authenticator app may come from, and who must use a second factor.

use serde::{Deserialize, Serialize};

use crate::auth::model::TeamRole;
use crate::error::FieldProblem;

/// Who in an organisation must log in with a second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SecondFactorRule {
    /// No one must; anyone may.
    Off,
    /// Everyone who sees client data: admins, leaders and members. Someone who only
    /// facilitates sessions sees no client codes.
    ClientRoles,
    Everyone,
}

impl SecondFactorRule {
    pub const ALL: [SecondFactorRule; 3] = [
        SecondFactorRule::Off,
        SecondFactorRule::ClientRoles,
        SecondFactorRule::Everyone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SecondFactorRule::Off => "off",
            SecondFactorRule::ClientRoles => "client_roles",
            SecondFactorRule::Everyone => "everyone",
        }
    }

    pub fn parse(value: &str) -> Option<SecondFactorRule> {
        SecondFactorRule::ALL
            .into_iter()
            .find(|r| r.as_str() == value)
    }

    /// Whether a person who is admin (or not) and has these team roles must use a second
    /// factor.
    pub fn applies_to(self, is_admin: bool, roles: impl IntoIterator<Item = TeamRole>) -> bool {
        match self {
            SecondFactorRule::Off => false,
            SecondFactorRule::Everyone => true,
            SecondFactorRule::ClientRoles => {
                is_admin
                    || roles
                        .into_iter()
                        .any(|r| matches!(r, TeamRole::Leader | TeamRole::Member))
            }
        }
    }
}

/// How long one code of an authenticator app lasts.
pub const STEP_SECONDS: u64 = 30;
/// Digits in a code of an authenticator app.
pub const APP_CODE_DIGITS: usize = 6;
/// Recovery codes made at once; making new ones replaces all the old ones.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Characters in a recovery code. With [`RECOVERY_ALPHABET`] (32 symbols) that is 80 bits, too
/// many to guess even from a stolen hash.
pub const RECOVERY_CODE_CHARS: usize = 16;
/// Crockford's base 32: digits and letters without I, L, O and U. When read back, an O counts
/// as 0 and an I or L as 1, so a code copied by hand still works.
pub const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Text in groups of four characters, for reading and copying by hand: recovery codes and the
/// secret of an authenticator app.
pub fn in_fours(text: &str, separator: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(separator)
}

/// The time steps a code typed at `unix_seconds` may come from: the current one and one on
/// either side, for a phone whose clock is a little off.
pub fn candidate_steps(unix_seconds: u64) -> [u64; 3] {
    let now = unix_seconds / STEP_SECONDS;
    [now, now.saturating_sub(1), now + 1]
}

/// A code from an authenticator app: six digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppCode(String);

impl AppCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A one-time recovery code, normalised: upper case, without separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl RecoveryCode {
    /// The code as it is hashed and compared.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Makes a code from `RECOVERY_CODE_CHARS` random indexes into the alphabet.
    pub fn from_indexes(indexes: impl IntoIterator<Item = u8>) -> RecoveryCode {
        RecoveryCode(
            indexes
                .into_iter()
                .take(RECOVERY_CODE_CHARS)
                .map(|i| RECOVERY_ALPHABET[usize::from(i) % RECOVERY_ALPHABET.len()] as char)
                .collect(),
        )
    }

    /// In groups of four, as it is shown and printed: `ABCD-EFGH-JKMN-PQRS`.
    pub fn grouped(&self) -> String {
        in_fours(&self.0, "-")
    }
}

/// What a person typed at the second step of logging in: a code from their app or a recovery
/// code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    App(AppCode),
    Recovery(RecoveryCode),
}

impl SecondFactorCode {
    /// Reads a code as people type it: with spaces, dashes or lower case.
    pub fn parse(typed: &str) -> Result<SecondFactorCode, FieldProblem> {
        // Longer input is refused before any work.
        if typed.len() > 64 {
            return Err(FieldProblem::TooLong);
        }
        let bare: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        if bare.is_empty() {
            return Err(FieldProblem::Required);
        }
        if bare.len() == APP_CODE_DIGITS && bare.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(SecondFactorCode::App(AppCode(bare)));
        }
        if bare.chars().count() == RECOVERY_CODE_CHARS
            && bare.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))
        {
            return Ok(SecondFactorCode::Recovery(RecoveryCode(bare)));
        }
        Err(FieldProblem::CodeShape)
    }

    /// Only a code from the app, as when confirming a new authenticator.
    pub fn parse_app(typed: &str) -> Result<AppCode, FieldProblem> {
        match SecondFactorCode::parse(typed)? {
            SecondFactorCode::App(code) => Ok(code),
            SecondFactorCode::Recovery(_) => Err(FieldProblem::CodeShape),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_rule_for_client_roles_leaves_out_only_facilitators() {
        let rule = SecondFactorRule::ClientRoles;
        assert!(rule.applies_to(true, []));
        assert!(rule.applies_to(false, [TeamRole::Facilitator, TeamRole::Member]));
        assert!(rule.applies_to(false, [TeamRole::Leader]));
        assert!(!rule.applies_to(false, [TeamRole::Facilitator]));
        assert!(!rule.applies_to(false, []));
        assert!(SecondFactorRule::Everyone.applies_to(false, []));
        assert!(!SecondFactorRule::Off.applies_to(true, TeamRole::ALL));
    }

    #[test]
    fn rules_read_back_what_they_write() {
        for rule in SecondFactorRule::ALL {
            assert_eq!(SecondFactorRule::parse(rule.as_str()), Some(rule));
        }
        assert_eq!(SecondFactorRule::parse("sometimes"), None);
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(
            SecondFactorCode::parse(" 123 456 "),
            Ok(SecondFactorCode::App(AppCode("123456".into())))
        );
        let recovery = SecondFactorCode::parse("abcd-efgh-jkmn-pqrs").unwrap();
        assert_eq!(
            recovery,
            SecondFactorCode::Recovery(RecoveryCode("ABCDEFGHJKMNPQRS".into()))
        );
        assert_eq!(SecondFactorCode::parse("  "), Err(FieldProblem::Required));
        assert_eq!(
            SecondFactorCode::parse("12345"),
            Err(FieldProblem::CodeShape)
        );
        assert_eq!(
            SecondFactorCode::parse("abcd-efgh-jkmn-pqru"),
            Err(FieldProblem::CodeShape),
            "U is not in the alphabet"
        );
        assert_eq!(
            SecondFactorCode::parse("O1IL-0000-0000-0000"),
            Ok(SecondFactorCode::Recovery(RecoveryCode(
                "0111000000000000".into()
            ))),
            "letters that look like digits count as those digits"
        );
        assert_eq!(
            SecondFactorCode::parse_app("ABCD-EFGH-JKMN-PQRS"),
            Err(FieldProblem::CodeShape)
        );
        assert_eq!(
            SecondFactorCode::parse(&"1".repeat(65)),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn text_reads_in_fours() {
        assert_eq!(in_fours("ABCDEFGHJ", " "), "ABCD EFGH J");
        assert_eq!(in_fours("", "-"), "");
    }

    #[test]
    fn a_code_may_come_from_the_step_before_or_after() {
        assert_eq!(candidate_steps(90), [3, 2, 4]);
        assert_eq!(candidate_steps(0), [0, 0, 1]);
    }

    proptest! {
        #[test]
        fn a_made_recovery_code_reads_back_from_its_printed_form(indexes in proptest::collection::vec(any::<u8>(), RECOVERY_CODE_CHARS)) {
            let code = RecoveryCode::from_indexes(indexes);
            prop_assert_eq!(code.as_str().len(), RECOVERY_CODE_CHARS);
            let printed = code.grouped();
            prop_assert_eq!(SecondFactorCode::parse(&printed), Ok(SecondFactorCode::Recovery(code.clone())));
            prop_assert_eq!(SecondFactorCode::parse(&printed.to_lowercase().replace('-', " ")), Ok(SecondFactorCode::Recovery(code)));
        }

        #[test]
        fn parsing_never_panics_and_keeps_only_well_formed_codes(typed in ".{0,80}") {
            match SecondFactorCode::parse(&typed) {
                Ok(SecondFactorCode::App(code)) => prop_assert!(code.as_str().len() == 6 && code.as_str().bytes().all(|b| b.is_ascii_digit())),
                Ok(SecondFactorCode::Recovery(code)) => prop_assert!(code.as_str().bytes().all(|b| RECOVERY_ALPHABET.contains(&b))),
                Err(_) => {}
            }
        }
    }
}
