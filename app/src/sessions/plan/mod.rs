//! Planning a session: the board, the planner (from a proposal or by hand), invitations and their
//! answers, preparation, rescheduling and cancelling, and the team's intervision cadence.

pub mod api;
pub mod cadence;
#[cfg(feature = "ssr")]
pub mod cadence_service;
pub mod list_page;
pub mod plan_page;
pub mod preparation;
#[cfg(feature = "ssr")]
pub mod service;
pub mod session_page;
#[cfg(feature = "ssr")]
pub mod store;
