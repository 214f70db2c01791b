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
/// Amsterdam local time). Everyone is asked again. A form posted from the page goes back to
/// the session's own address, without the slot finder's question (`?slots`) in it.
#[server(prefix = "/api", endpoint = "schedule_session")]
pub async fn schedule_session(
    session: SessionId,
    date: String,
    time: String,
) -> Result<(), AppError> {
    let scheduled = super::service::schedule(session, date, time).await;
    if scheduled.is_ok() {
        leptos_axum::redirect(&format!("/sessions/{session}"));
    }
    with_status(scheduled)
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

/// The same answers as a plain form posts them, one field per prompt, so the presenter's
/// preparation needs no script.
#[server(prefix = "/api", endpoint = "prepare_session")]
pub async fn prepare_session(
    session: SessionId,
    #[server(default)] answer_1: String,
    #[server(default)] answer_2: String,
    #[server(default)] answer_3: String,
) -> Result<(), AppError> {
    with_status(super::service::save_preparation(session, vec![answer_1, answer_2, answer_3]).await)
}

/// The planner's form as a plain form posts it: the kind follows from the method, and each
/// ticked participant arrives on its own (`participants[]`). On success the planner goes to
/// the new session's page.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "plan_session")]
pub async fn plan_session(
    team: TeamId,
    #[server(default)] proposal: String,
    #[server(default)] method: String,
    #[server(default)] facilitator: String,
    #[server(default)] presenter: String,
    #[server(default)] participants: Vec<String>,
    #[server(default)] client: String,
    #[server(default)] question: String,
    #[server(default)] place: String,
    #[server(default)] minutes: String,
    #[server(default)] date: String,
    #[server(default)] time: String,
) -> Result<SessionId, AppError> {
    let form = crate::sessions::model::SessionForm {
        kind: String::new(),
        method,
        facilitator,
        presenter,
        participants: participants.join(","),
        client,
        question,
        place,
        minutes,
        date,
        time,
    };
    let created = super::service::create(team, proposal, form).await;
    if let Ok(id) = &created {
        leptos_axum::redirect(&format!("/sessions/{id}"));
    }
    with_status(created)
}
