//! Server functions for a host keeping its offers and a team its requests. Any member of the
//! owning team may do this, as any member may publish: looking along is low-threshold.

use super::model::OfferId;
use crate::error::AppError;
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
    with_status(server::add_slot(offer, [date, time, minutes, capacity]).await)
}

/// Closes an offer: no new bookings; the bookings it has stand.
#[server(prefix = "/api", endpoint = "close_visit_offer")]
pub async fn close_visit_offer(offer: OfferId) -> Result<(), AppError> {
    with_status(server::close_offer(offer).await)
}

/// Closes a request once the team has seen enough answers.
#[server(prefix = "/api", endpoint = "close_visit_request")]
pub async fn close_visit_request(request: i64) -> Result<(), AppError> {
    with_status(server::close_request(request).await)
}

#[cfg(feature = "ssr")]
pub mod server {
    use chrono::Utc;

    use super::super::model::{NewSlot, OfferId};
    use super::super::{offer_store, store};
    use crate::audit;
    use crate::auth::guard::authorize;
    use crate::auth::model::{Actor, Need, TeamId, TeamRole};
    use crate::error::AppError;
    use crate::state::AppState;

    const ANY_MEMBER: &[TeamRole] = &[TeamRole::Leader, TeamRole::Member, TeamRole::Facilitator];

    /// A member of `team`; anyone else learns nothing, not even that the offer exists.
    async fn member_of(team: TeamId) -> Result<(AppState, Actor), AppError> {
        authorize(Need::TeamRole(team, ANY_MEMBER))
            .await
            .map_err(|err| match err {
                AppError::Forbidden => AppError::NotFound,
                other => other,
            })
    }

    pub async fn add_slot(
        offer: OfferId,
        [date, time, minutes, capacity]: [String; 4],
    ) -> Result<(), AppError> {
        let (state, _) = authorize(Need::SignedIn).await?;
        let team = offer_store::open_offer_host(&state.db, offer).await?;
        let (state, actor) = member_of(team).await?;
        let slot = NewSlot::parse(&date, &time, &minutes, &capacity, Utc::now())?;
        let slot = store::insert_slot(&state.db, offer, &slot).await?;
        audit::by_actor(&state.db, &actor, "visit.slot", &format!("slot:{slot}")).await
    }

    pub async fn close_offer(offer: OfferId) -> Result<(), AppError> {
        let (state, _) = authorize(Need::SignedIn).await?;
        let team = offer_store::open_offer_host(&state.db, offer).await?;
        let (state, actor) = member_of(team).await?;
        offer_store::close_offer(&state.db, offer, Utc::now()).await?;
        audit::by_actor(
            &state.db,
            &actor,
            "visit.offer.close",
            &format!("offer:{offer}"),
        )
        .await
    }

    pub async fn close_request(request: i64) -> Result<(), AppError> {
        let (state, _) = authorize(Need::SignedIn).await?;
        let team = offer_store::open_request_team(&state.db, request).await?;
        let (state, actor) = member_of(team).await?;
        offer_store::close_request(&state.db, request, Utc::now()).await?;
        audit::by_actor(
            &state.db,
            &actor,
            "visit.request.close",
            &format!("request:{request}"),
        )
        .await
    }
}
