//! The one way other capabilities tell a person something: in the app, and by email when the
//! person wants that. A named entry point (see `docs/ARCHITECTURE.md`); the writing itself is
//! the store's.

pub use crate::notifications::store::{
    notify, notify_account, notify_help, notify_invitees, notify_visit,
};
