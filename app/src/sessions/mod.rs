//! Sessions (bijeenkomsten): intervisie and moreel beraad, from a proposal or by hand, through
//! planning, running and follow-up.
//!
//! What a session is lives here (`model`, `views`, `text`); each step of its life has a folder:
//! - `plan/`: planning a session, its invitations, preparation and the team's cadence;
//! - `methods/`: the method library and a team's own methods;
//! - `availability/`: the diary and the slot finder that proposes times everyone needed can make;
//! - `runner/`: running a session step by step;
//! - `outcomes/`: actions, the anonymous evaluation and whether it helped.

pub mod availability;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod methods;
pub mod model;
pub mod outcomes;
pub mod plan;
pub mod runner;
pub mod text;
pub mod views;
