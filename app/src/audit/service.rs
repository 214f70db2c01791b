//! Reading the access log: the organisation's admin reads and exports a selection; each person
//! sees who opened the files of the clients they carry.

use chrono::{Duration, Utc};

use super::model::{LogFilter, MAX_ENTRIES};
use super::store;
use super::views::{AccessLogView, LogEntry};
use crate::auth::guard::{authorize, authorize_session};
use crate::auth::model::Need;
use crate::error::AppError;
use crate::state::AppState;

/// How far back a person sees who opened their clients' files.
const MY_CLIENTS_DAYS: i64 = 90;

pub async fn access_log(
    person: String,
    client: String,
    action: String,
    from: String,
    to: String,
) -> Result<AccessLogView, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let filter = LogFilter::parse(&person, &client, &action, &from, &to)?;
    let mut entries = store::select(&state.db, actor.organisation_id, &filter).await?;
    let more = entries.len() > usize::try_from(MAX_ENTRIES).unwrap_or(usize::MAX);
    entries.truncate(usize::try_from(MAX_ENTRIES).unwrap_or(usize::MAX));
    Ok(AccessLogView {
        entries,
        more,
        people: store::people(&state.db, actor.organisation_id).await?,
    })
}

/// The selection as CSV, for the admin; the export itself is logged.
pub async fn access_log_csv(
    state: &AppState,
    session: &tower_sessions::Session,
    filter: (String, String, String, String, String),
) -> Result<String, AppError> {
    let actor = authorize_session(state, session, Need::OrganisationAdmin).await?;
    let (person, client, action, from, to) = filter;
    let filter = LogFilter::parse(&person, &client, &action, &from, &to)?;
    let mut entries = store::select(&state.db, actor.organisation_id, &filter).await?;
    entries.truncate(usize::try_from(MAX_ENTRIES).unwrap_or(usize::MAX));
    super::record(
        &state.db,
        actor.organisation_id,
        Some(actor.user_id),
        "export.access_log",
        &format!("organisation:{}", actor.organisation_id),
    )
    .await?;
    csv_of(&entries)
}

fn csv_of(entries: &[LogEntry]) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| {
        tracing::error!(error = %e, "access log csv");
        AppError::Internal
    };
    out.write_record(["at", "who", "action", "subject", "client_code", "address"])
        .map_err(failed)?;
    for e in entries {
        out.write_record([
            e.at.to_rfc3339().as_str(),
            &e.who,
            &e.action,
            &e.subject,
            e.client_code.as_deref().unwrap_or(""),
            &e.address,
        ])
        .map_err(failed)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| failed(e.into_error().into()))?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

pub async fn who_opened_my_clients() -> Result<Vec<LogEntry>, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let since = Utc::now() - Duration::days(MY_CLIENTS_DAYS);
    store::opened_my_clients(&state.db, actor.user_id, since).await
}
