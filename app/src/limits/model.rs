//! The limits the rules compare against are the team's own: see [`crate::teams::limits`].

pub use crate::teams::limits::*;

pub use crate::shared::ids::ProposalId;

/// The stored reason of a proposal that no limit made: its person brought the case in to be
/// looked at together ("Breng in bij intervisie").
pub const BROUGHT_IN: &str = "brought_in";

/// Reads a proposal's stored reason: a limit's kind, or `None` for a case brought in. An
/// unknown reason is no proposal at all.
pub fn proposal_reason(stored: &str) -> Option<Option<LimitKind>> {
    if stored == BROUGHT_IN {
        return Some(None);
    }
    LimitKind::parse(stored).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_a_limit_or_a_case_brought_in() {
        assert_eq!(proposal_reason(BROUGHT_IN), Some(None));
        for kind in LimitKind::ALL {
            assert_eq!(proposal_reason(kind.as_str()), Some(Some(kind)));
            assert_ne!(kind.as_str(), BROUGHT_IN);
        }
        assert_eq!(proposal_reason("alarm"), None);
    }
}
