//! Data rights (AVG): a person downloads everything the app holds about them (`export`), the
//! admin downloads the organisation's records (`archive`), an
//! account or a client is erased (`erasure`), and each organisation's retention periods are
//! applied once a day (`retention`).

pub mod archive;
pub mod erasure;
pub mod export;
pub mod retention;
