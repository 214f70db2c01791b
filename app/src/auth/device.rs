//! A short name for the device behind a sign-in, from what its browser says of itself, so a
//! person recognises their own sign-ins ("Firefox · Linux") and spots one that is not theirs.

/// The longest summary kept; a user agent can say anything, at any length.
const MAX_CHARS: usize = 80;

/// "Browser · system", or whichever of the two is known; empty when neither is.
pub fn summary(user_agent: &str) -> String {
    let Some(found) = woothee::parser::Parser::new().parse(user_agent) else {
        return String::new();
    };
    let known = |s: &str| !s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN;
    let parts: Vec<&str> = [found.name, found.os]
        .into_iter()
        .filter(|s| known(s))
        .collect();
    parts.join(" · ").chars().take(MAX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::summary;
    use proptest::prelude::*;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(summary(firefox), "Firefox · Linux");
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(summary(android), "Chrome · Android");
    }

    #[test]
    fn nothing_said_is_an_empty_name() {
        assert_eq!(summary(""), "");
    }

    proptest! {
        #[test]
        fn any_user_agent_gives_a_short_name(ua in ".{0,400}") {
            prop_assert!(summary(&ua).chars().count() <= 80);
        }
    }
}
