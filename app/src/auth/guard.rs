//! The one authorisation helper. Every server function starts here: it establishes who is
//! asking and denies unless the need is met. There is no other way to obtain an [`Actor`].

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::model::{Actor, Need, UserId, permits};
use super::store;
use crate::error::AppError;
use crate::error::FieldProblem;
use crate::state::AppState;

/// Password checks allowed in the window before an account or address must wait.
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 30;
const FAILURE_WINDOW_MINUTES: i64 = 15;
/// An account that logged in from an address within this many days is known there, and
/// the address's limit does not apply to it.
const KNOWN_ADDRESS_DAYS: i64 = 30;
/// Failed log-ins answer no sooner than this, whatever failed.
pub const FAILURE_FLOOR: Duration = Duration::from_millis(400);
/// Longer passwords are refused before any work.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// The key under which a session remembers who signed in.
pub const SIGNED_IN_KEY: &str = "signed_in";

/// The idle timer slides at most this often, so a busy session writes its row at most once a
/// minute instead of on every request.
const SLIDE_EVERY_SECONDS: i64 = 60;

/// What a session holds about the person signed in to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub user: UserId,
    /// The account's session epoch at log-in; a raised epoch ends this session.
    pub epoch: i64,
    /// When the idle timer last slid (Unix seconds).
    pub seen: i64,
    /// The sign-in this session is (`sign_ins.id`); ending that row ends the session.
    pub sign_in: String,
    /// Logged in with a second factor (or set one up since). A session from before this field
    /// did not.
    #[serde(default)]
    pub second_factor: bool,
}

impl SignedIn {
    pub fn new(
        user: UserId,
        epoch: i64,
        sign_in: String,
        now: chrono::DateTime<chrono::Utc>,
    ) -> SignedIn {
        SignedIn {
            user,
            epoch,
            seen: now.timestamp(),
            sign_in,
            second_factor: false,
        }
    }
}

/// What this request's session holds about who signed in, if anything.
pub async fn signed_in() -> Result<Option<SignedIn>, AppError> {
    Ok(session()
        .await?
        .get::<SignedIn>(SIGNED_IN_KEY)
        .await
        .ok()
        .flatten())
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

/// Who is asking, remembered for the rest of one request. A page asks several times (the
/// frame, the page's own data, the bell), and each would otherwise load the person and their
/// teams again. The router provides a fresh one for every request; logging in or out forgets it.
#[derive(Clone, Default)]
pub struct RequestActor(Arc<Mutex<Option<Option<Actor>>>>);

impl RequestActor {
    fn remembered(&self) -> Option<Option<Actor>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn remember(&self, actor: &Option<Actor>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(actor.clone());
    }

    /// The session now names someone else (or no one).
    pub fn forget() {
        if let Some(memo) = leptos::prelude::use_context::<RequestActor>() {
            *memo.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
    }
}

/// The logged-in actor, if any, without requiring anything.
pub async fn current_actor(state: &AppState) -> Result<Option<Actor>, AppError> {
    actor_in_session(state, &session().await?).await
}

async fn actor_in_session(state: &AppState, session: &Session) -> Result<Option<Actor>, AppError> {
    let memo = leptos::prelude::use_context::<RequestActor>();
    if let Some(actor) = memo.as_ref().and_then(RequestActor::remembered) {
        return Ok(actor);
    }
    let actor = load_from_session(state, session).await?;
    if let Some(memo) = memo {
        memo.remember(&actor);
    }
    Ok(actor)
}

async fn load_from_session(state: &AppState, session: &Session) -> Result<Option<Actor>, AppError> {
    // A session from an older shape of this key is simply not signed in.
    let Ok(Some(mut signed_in)) = session.get::<SignedIn>(SIGNED_IN_KEY).await else {
        return Ok(None);
    };
    let loaded = store::load_actor(
        &state.db,
        signed_in.user,
        signed_in.epoch,
        &signed_in.sign_in,
    )
    .await?;
    // Deactivated, or its sessions were ended, or the organisation now requires a second
    // factor this sign-in did not pass: this session ends, for good. The next log-in asks for
    // the second factor, or leads the person through setting one up.
    let Some(actor) = loaded.and_then(|(actor, rule)| {
        let roles = actor.memberships.iter().map(|m| m.role);
        let short = rule.applies_to(actor.is_admin, roles) && !signed_in.second_factor;
        (!short).then_some(actor)
    }) else {
        session.flush().await.map_err(|_| AppError::Internal)?;
        return Ok(None);
    };
    let now = chrono::Utc::now().timestamp();
    if now - signed_in.seen >= SLIDE_EVERY_SECONDS {
        signed_in.seen = now;
        store::touch_sign_in(&state.db, &signed_in.sign_in, chrono::Utc::now()).await?;
        session
            .insert(SIGNED_IN_KEY, signed_in)
            .await
            .map_err(|_| AppError::Internal)?;
    }
    Ok(Some(actor))
}

/// Who is asking, provided they meet `need`. Denies by default.
pub async fn authorize(need: Need) -> Result<(AppState, Actor), AppError> {
    let Some(state) = leptos::prelude::use_context::<AppState>() else {
        tracing::error!(?need, "AppState missing from the request context");
        return Err(AppError::Internal);
    };
    let actor = authorize_session(&state, &session().await?, need).await?;
    Ok((state, actor))
}

/// The same decision for plain axum routes (downloads, feeds) that have the session at hand.
pub async fn authorize_session(
    state: &AppState,
    session: &Session,
    need: Need,
) -> Result<Actor, AppError> {
    let actor = actor_in_session(state, session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    permits(&actor, need)?;
    Ok(actor)
}

/// Ends this browser's session, forgets who asked, and sends the browser to the log-in page
/// with a full load, which clears whatever it held of the session.
pub async fn sign_out() -> Result<(), AppError> {
    session()
        .await?
        .flush()
        .await
        .map_err(|_| AppError::Internal)?;
    RequestActor::forget();
    leptos_axum::redirect("/login");
    Ok(())
}

/// Who is asking, from where. Behind a trusted proxy that is the address the proxy saw, which
/// it appended as the *last* entry of `X-Forwarded-For`; earlier entries come from the client
/// and can say anything.
pub async fn client_address(state: &AppState) -> String {
    if state.settings.trust_forwarded_for
        && let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await
        && let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
    {
        return last.to_owned();
    }
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".to_owned(),
    }
}

/// How many password checks an account and an address get: the same for logging in and for
/// confirming one's current password.
pub fn attempt_limits(now: chrono::DateTime<chrono::Utc>) -> store::AttemptLimits {
    store::AttemptLimits {
        per_account: MAX_FAILURES_PER_ACCOUNT,
        per_address: MAX_FAILURES_PER_ADDRESS,
        since: now - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES),
        known_since: now - chrono::Duration::days(KNOWN_ADDRESS_DAYS),
    }
}

/// The person asking proves again that they know their password, before a change that needs
/// it. The check counts as a log-in attempt, so a password cannot be guessed here any faster
/// than at the log-in page. A wrong one is a problem at `field`.
pub async fn confirm_password(
    state: &AppState,
    actor: &Actor,
    password: String,
    field: &str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    let now = chrono::Utc::now();
    let address = client_address(state).await;
    let limits = attempt_limits(now);
    let attempt = match store::claim_attempt(&state.db, &actor.email, &address, limits, now).await?
    {
        store::Claim::Granted(attempt) => attempt,
        store::Claim::Refused => return Err(AppError::TooManyAttempts),
    };
    let stored = store::password_hash(&state.db, actor.user_id).await?;
    if !super::password::verify(password, stored).await {
        return Err(AppError::invalid(field, FieldProblem::WrongPassword));
    }
    store::attempt_succeeded(&state.db, attempt).await
}

#[cfg(test)]
mod tests {
    use leptos::prelude::{Owner, provide_context};

    use super::*;
    use crate::shared::ids::OrganisationId;

    fn someone() -> Actor {
        Actor {
            user_id: UserId(7),
            organisation_id: OrganisationId(1),
            organisation_name: "De Linde".into(),
            display_name: "Mehmet".into(),
            email: "mehmet@linde.test".into(),
            is_admin: false,
            memberships: Vec::new(),
        }
    }

    #[test]
    fn a_request_remembers_who_asked_until_the_session_changes() {
        let owner = Owner::new();
        owner.with(|| {
            let memo = RequestActor::default();
            provide_context(memo.clone());
            assert!(memo.remembered().is_none(), "nothing before the first load");
            memo.remember(&None);
            assert_eq!(
                memo.remembered(),
                Some(None),
                "signed out is remembered too"
            );
            RequestActor::forget();
            assert!(memo.remembered().is_none(), "logging in forgets it");
            memo.remember(&Some(someone()));
            assert_eq!(memo.remembered(), Some(Some(someone())));
            RequestActor::forget();
            assert!(memo.remembered().is_none(), "logging out forgets it");
        });
    }
}
