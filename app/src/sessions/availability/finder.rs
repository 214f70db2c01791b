//! The slot finder for people outside a session: the times a few colleagues are all free, read
//! from the same diaries as sessions. A named entry point (see `docs/ARCHITECTURE.md`): a
//! one-to-one between two colleagues is no session, yet it must fit the same weeks.

pub use crate::sessions::availability::store::free_together;
