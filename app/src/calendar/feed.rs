//! What others read of a person's feed: whether they have one (the availability page shows
//! it), and whose a token is (the shell's feed route). A named entry point (see
//! `docs/ARCHITECTURE.md`).

pub use crate::calendar::store::{feed_owner, has_token};
