//! The pure rules of passkeys: what a passkey may be called, how long the browser has to
//! answer, and where a finished ceremony leads.

use serde::{Deserialize, Serialize};

use crate::error::FieldProblem;

/// The longest name a passkey may have ("Laptop op kantoor", "Telefoon").
pub const MAX_NAME_CHARS: usize = 60;

/// The browser answers a passkey challenge within this time, or the challenge lapses.
pub const CEREMONY_MINUTES: i64 = 5;

/// The name a person gives a passkey, so they can tell their passkeys apart and remove the
/// right one when a device is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyName(String);

impl PasskeyName {
    /// Reads a typed name: trimmed, with control characters left out. A blank name is `None`:
    /// the server names the passkey after the device it was made on.
    pub fn parse(typed: &str) -> Result<Option<PasskeyName>, FieldProblem> {
        // Longer input is refused before any work.
        if typed.len() > MAX_NAME_CHARS * 4 {
            return Err(FieldProblem::TooLong);
        }
        let name: String = typed.chars().filter(|c| !c.is_control()).collect();
        let name = name.trim();
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(FieldProblem::TooLong);
        }
        Ok((!name.is_empty()).then(|| PasskeyName(name.to_owned())))
    }

    /// A name from a description of the device ("Chrome · Linux"), shortened to fit.
    pub fn of_device(device: &str) -> PasskeyName {
        let name: String = device
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_NAME_CHARS)
            .collect();
        let name = name.trim();
        PasskeyName(if name.is_empty() {
            "Passkey".to_owned()
        } else {
            name.to_owned()
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which of the two passkey ceremonies a challenge belongs to: an answer to one can never
/// finish the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ceremony {
    Register,
    LogIn,
}

impl Ceremony {
    pub fn as_str(self) -> &'static str {
        match self {
            Ceremony::Register => "register",
            Ceremony::LogIn => "log_in",
        }
    }
}

/// Where the browser goes once a passkey ceremony is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextPage {
    /// Logged in: the app itself.
    Home,
    /// The first second factor: its recovery codes, shown once.
    RecoveryCodes,
    /// Another passkey added: back to one's account, where it is listed.
    Account,
}

impl NextPage {
    pub fn path(self) -> &'static str {
        match self {
            NextPage::Home => "/",
            NextPage::RecoveryCodes => "/account/recovery-codes",
            NextPage::Account => "/account#two-factor",
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_name_is_trimmed_and_a_blank_one_is_left_to_the_device() {
        assert_eq!(
            PasskeyName::parse("  Laptop op kantoor "),
            Ok(Some(PasskeyName("Laptop op kantoor".into())))
        );
        assert_eq!(PasskeyName::parse(" \t "), Ok(None));
        assert_eq!(
            PasskeyName::parse("Tele\u{0}foon\n"),
            Ok(Some(PasskeyName("Telefoon".into())))
        );
        assert_eq!(
            PasskeyName::parse(&"é".repeat(MAX_NAME_CHARS)).map(|n| n.map(|n| n.0.chars().count())),
            Ok(Some(MAX_NAME_CHARS))
        );
        assert_eq!(
            PasskeyName::parse(&"a".repeat(MAX_NAME_CHARS + 1)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(PasskeyName::of_device("").as_str(), "Passkey");
        assert_eq!(
            PasskeyName::of_device("Chrome · Linux").as_str(),
            "Chrome · Linux"
        );
    }

    #[test]
    fn each_ceremony_and_page_has_its_own_name() {
        assert_ne!(Ceremony::Register.as_str(), Ceremony::LogIn.as_str());
        assert_eq!(NextPage::Home.path(), "/");
        assert!(NextPage::RecoveryCodes.path().starts_with("/account/"));
    }

    proptest! {
        #[test]
        fn a_parsed_name_is_never_blank_too_long_or_with_control_characters(typed in "\\PC{0,100}|[\\x00-\\x1f a-z]{0,80}") {
            if let Ok(Some(name)) = PasskeyName::parse(&typed) {
                prop_assert!(!name.as_str().trim().is_empty());
                prop_assert!(name.as_str().chars().count() <= MAX_NAME_CHARS);
                prop_assert!(!name.as_str().chars().any(char::is_control));
                prop_assert_eq!(name.as_str(), name.as_str().trim());
            }
        }

        #[test]
        fn a_device_name_always_fits(device in "\\PC{0,200}") {
            let name = PasskeyName::of_device(&device);
            prop_assert!(!name.as_str().is_empty());
            prop_assert!(name.as_str().chars().count() <= MAX_NAME_CHARS);
        }
    }
}
