//! Team limits (drempels), the rule engine that compares a team against them, and the
//! proposals (voorstellen) it makes.

pub mod model;
pub mod rules;
