//! What the rules read of the signals: the facts of a team's recent signals and the last
//! logged movement per client. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::signals::store::{last_movements, signal_facts};
