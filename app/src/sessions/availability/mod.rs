//! Availability: each person's weekly windows and absences (`model`), and the slot finder
//! (`slots`, pure) that proposes times everyone needed can make.

#[cfg(feature = "ssr")]
pub mod finder;
pub mod model;
pub mod page;
pub mod slots;
#[cfg(feature = "ssr")]
pub mod store;
