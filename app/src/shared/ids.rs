//! The ids of the domain's records, in one place so that every capability names them alike.
//! Each capability's model re-exports its own.
//!
//! Every id is its own type, so a team id cannot be passed where a client id is meant. They
//! serialise, bind and decode as the plain integer they wrap, so forms, URLs and tables see no
//! difference.
//!
//! ```
//! use app::shared::ids::{ClientId, TeamId};
//! fn team_page(team: TeamId) -> String {
//!     format!("/teams/{team}")
//! }
//! assert_eq!(team_page(TeamId(7)), "/teams/7");
//! ```
//!
//! A client id where a team id is meant does not compile:
//!
//! ```compile_fail
//! use app::shared::ids::{ClientId, TeamId};
//! fn team_page(team: TeamId) -> String {
//!     format!("/teams/{team}")
//! }
//! team_page(ClientId(7));
//! ```

use std::{fmt, num::ParseIntError, str::FromStr};

use serde::{Deserialize, Serialize};

macro_rules! record_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            /// The integer as stored, for the places that speak to the outside (URLs, forms).
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> $name {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )*};
}

record_id!(
    OrganisationId,
    UserId,
    TeamId,
    ClientId,
    DomainId,
    PersonalLimitId,
    SignalId,
    NotificationId,
    SessionId,
    MethodId,
    OfferId,
    SlotId,
    BookingId,
    RequestId,
    ProposalId,
    PasskeyId,
    HelpRequestId,
);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn an_id_reads_and_writes_as_the_integer_it_wraps(n in any::<i64>()) {
            let id = TeamId(n);
            prop_assert_eq!(serde_json::to_string(&id).unwrap(), n.to_string());
            prop_assert_eq!(serde_json::from_str::<ClientId>(&n.to_string()).unwrap(), ClientId(n));
            prop_assert_eq!(id.to_string().parse::<TeamId>().unwrap(), id);
            prop_assert_eq!(i64::from(id), n);
        }
    }

    #[test]
    fn text_that_is_no_integer_is_no_id() {
        assert!("7a".parse::<SessionId>().is_err());
        assert!("".parse::<UserId>().is_err());
        assert!(serde_json::from_str::<SignalId>("\"7\"").is_err());
    }
}
