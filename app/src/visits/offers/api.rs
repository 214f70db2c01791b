//! Server functions for a host keeping its offers and a team its requests. Any member of the
//! owning team may do this, as any member may publish: looking along is low-threshold.

use crate::error::AppError;
use crate::visits::model::{OfferId, RequestId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::error::with_status;

/// One more slot on an open offer of the reader's team.
#[server(prefix = "/api", endpoint = "add_visit_slot")]
pub async fn add_visit_slot(
    offer: OfferId,
    date: String,
    time: String,
    minutes: String,
    capacity: String,
) -> Result<(), AppError> {
    with_status(super::service::add_slot(offer, [date, time, minutes, capacity]).await)
}

/// Closes an offer: no new bookings; the bookings it has stand.
#[server(prefix = "/api", endpoint = "close_visit_offer")]
pub async fn close_visit_offer(offer: OfferId) -> Result<(), AppError> {
    with_status(super::service::close_offer(offer).await)
}

/// Closes a request once the team has seen enough answers.
#[server(prefix = "/api", endpoint = "close_visit_request")]
pub async fn close_visit_request(request: RequestId) -> Result<(), AppError> {
    with_status(super::service::close_request(request).await)
}
