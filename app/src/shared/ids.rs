//! The ids of the domain's records, in one place so that every capability names them alike.
//! Each capability's model re-exports its own.

pub type OrganisationId = i64;
pub type UserId = i64;
pub type TeamId = i64;
pub type ClientId = i64;
pub type DomainId = i64;
pub type PersonalLimitId = i64;
pub type SignalId = i64;
pub type NotificationId = i64;
pub type SessionId = i64;
pub type MethodId = i64;
pub type OfferId = i64;
pub type SlotId = i64;
pub type BookingId = i64;
