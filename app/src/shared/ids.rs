//! The ids of the domain's records, in one place so that every capability names them alike.
//! Each capability's model re-exports its own.
//!
//! Every id is its own type, so a team id cannot be passed where a client id is meant. They
//! serialise, bind and decode as the plain integer they wrap, so forms, URLs and tables see no
//! difference.

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
);
