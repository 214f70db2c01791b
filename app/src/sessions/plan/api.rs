//! Server functions for sessions. Each authorises first. A session is planned by the team's
//! leader or its facilitator; anyone else who is not invited finds nothing there (404).

use crate::auth::model::TeamId;
use crate::error::AppError;
use crate::sessions::model::SessionId;
use crate::sessions::views::{AbsenceRow, WindowRow};
use crate::sessions::views::{
    AvailabilityDiary, PlanningOptions, SessionRecord, SessionsBoard, SlotChoice,
};
use crate::shared::ids::ProposalId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "sessions_overview")]
pub async fn sessions_overview() -> Result<SessionsBoard, AppError> {
    with_status(super::service::overview().await)
}

#[server(prefix = "/api", endpoint = "planner_choices")]
pub async fn planner_choices(
    team: TeamId,
    proposal: Option<ProposalId>,
) -> Result<PlanningOptions, AppError> {
    with_status(super::service::planner_choices(team, proposal).await)
}

/// The planner's form, field by field as the browser posts it; `proposal` is empty when
/// planning by hand.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "create_session")]
pub async fn create_session(
    team: TeamId,
    proposal: String,
    kind: String,
    method: String,
    facilitator: String,
    presenter: String,
    participants: String,
    client: String,
    question: String,
    place: String,
    minutes: String,
    date: String,
    time: String,
) -> Result<SessionId, AppError> {
    let form = crate::sessions::model::SessionForm {
        kind,
        method,
        facilitator,
        presenter,
        participants,
        client,
        question,
        place,
        minutes,
        date,
        time,
    };
    with_status(super::service::create(team, proposal, form).await)
}

#[server(prefix = "/api", endpoint = "session_detail")]
pub async fn session_detail(session: SessionId) -> Result<SessionRecord, AppError> {
    with_status(super::service::detail(session).await)
}

#[server(prefix = "/api", endpoint = "answer_invitation")]
pub async fn answer_invitation(session: SessionId, answer: String) -> Result<(), AppError> {
    with_status(super::service::answer(session, answer).await)
}

#[server(prefix = "/api", endpoint = "suggest_slots")]
pub async fn suggest_slots(session: SessionId) -> Result<Vec<SlotChoice>, AppError> {
    with_status(super::service::suggest_slots(session).await)
}

/// Sets the start (a slot the finder proposed, or a time typed by hand, `date` + `time` in
/// Amsterdam local time). Everyone is asked again.
#[server(prefix = "/api", endpoint = "schedule_session")]
pub async fn schedule_session(
    session: SessionId,
    date: String,
    time: String,
) -> Result<(), AppError> {
    with_status(super::service::schedule(session, date, time).await)
}

#[server(prefix = "/api", endpoint = "cancel_session")]
pub async fn cancel_session(session: SessionId) -> Result<(), AppError> {
    with_status(super::service::cancel(session).await)
}

#[server(prefix = "/api", endpoint = "my_availability")]
pub async fn my_availability() -> Result<AvailabilityDiary, AppError> {
    with_status(super::service::my_availability().await)
}

#[server(prefix = "/api", endpoint = "save_windows", input = Json)]
pub async fn save_windows(rows: Vec<WindowRow>) -> Result<(), AppError> {
    with_status(super::service::save_windows(rows).await)
}

#[server(prefix = "/api", endpoint = "add_absence")]
pub async fn add_absence(
    first_day: String,
    last_day: String,
    reason: String,
) -> Result<AbsenceRow, AppError> {
    with_status(super::service::add_absence(first_day, last_day, reason).await)
}

#[server(prefix = "/api", endpoint = "remove_absence")]
pub async fn remove_absence(id: i64) -> Result<(), AppError> {
    with_status(super::service::remove_absence(id).await)
}

/// The methods my teams may use: the seeded library, the organisation's and my teams' own.
#[server(prefix = "/api", endpoint = "method_library")]
pub async fn method_library() -> Result<Vec<crate::sessions::model::Method>, AppError> {
    with_status(super::service::method_library().await)
}

/// The presenter's answers to the preparation prompts, in prompt order.
#[server(prefix = "/api", endpoint = "save_preparation", input = Json)]
pub async fn save_preparation(session: SessionId, answers: Vec<String>) -> Result<(), AppError> {
    with_status(super::service::save_preparation(session, answers).await)
}
