//! The benchmark organisation: `data` generates it (10,000 members by default) and `rules`
//! times the rule evaluation over it. Both are run from the command line (`bench-data`,
//! `bench-rules`), never at start-up.

pub mod data;
pub mod rules;
