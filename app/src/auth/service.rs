//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use crate::shared::ids::UserId;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use chrono::Utc;

use crate::auth::api::PasswordLinkInfo;
use crate::auth::guard::{SIGNED_IN_KEY, SignedIn, session};
use crate::auth::model::NewPassword;
use crate::auth::{links, password, store};
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;

/// Password checks allowed in the window before an account or address must wait.
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 30;
const FAILURE_WINDOW_MINUTES: i64 = 15;
/// An account that logged in from an address within this many days is known there, and
/// the address's limit does not apply to it.
const KNOWN_ADDRESS_DAYS: i64 = 30;
/// Failed log-ins answer no sooner than this, whatever failed.
const FAILURE_FLOOR: Duration = Duration::from_millis(400);
/// Longer input is refused before any work: no account has such an email.
const MAX_EMAIL_CHARS: usize = 254;
const MAX_PASSWORD_CHARS: usize = 1024;

/// Who is logging in. Behind a trusted proxy that is the address the proxy saw, which it
/// appended as the *last* entry of `X-Forwarded-For`; earlier entries come from the client
/// and can say anything.
async fn client_addr(state: &AppState) -> String {
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

pub async fn me() -> Result<Option<crate::auth::model::Actor>, AppError> {
    let state = AppState::current()?;
    crate::auth::guard::current_actor(&state).await
}

pub async fn logout() -> Result<(), AppError> {
    session()
        .await?
        .flush()
        .await
        .map_err(|_| AppError::Internal)?;
    crate::auth::guard::RequestActor::forget();
    // A full load of the log-in page clears whatever the browser held of the session.
    leptos_axum::redirect("/login");
    Ok(())
}

pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let started = tokio::time::Instant::now();
    let state = AppState::current()?;
    let account_key = email.trim().to_lowercase();
    if account_key.is_empty() {
        return Err(AppError::invalid("email", FieldProblem::Required));
    }
    if account_key.chars().count() > MAX_EMAIL_CHARS {
        return Err(AppError::invalid("email", FieldProblem::TooLong));
    }
    if password.is_empty() {
        return Err(AppError::invalid("password", FieldProblem::Required));
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid("password", FieldProblem::TooLong));
    }
    let client = client_addr(&state).await;
    let now = Utc::now();
    let limits = store::AttemptLimits {
        per_account: MAX_FAILURES_PER_ACCOUNT,
        per_address: MAX_FAILURES_PER_ADDRESS,
        since: now - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES),
        known_since: now - chrono::Duration::days(KNOWN_ADDRESS_DAYS),
    };
    let outcome = match store::claim_attempt(&state.db, &account_key, &client, limits, now).await? {
        store::Claim::Refused => Err(AppError::TooManyAttempts),
        store::Claim::Granted(attempt) => check_password(&state, &account_key, password)
            .await
            .map(|login| (attempt, login)),
    };
    match outcome {
        Ok((attempt, (user, epoch))) => {
            store::attempt_succeeded(&state.db, attempt).await?;
            let session = session().await?;
            // A fresh id on log-in defeats session fixation.
            session.cycle_id().await.map_err(|_| AppError::Internal)?;
            session
                .insert(SIGNED_IN_KEY, SignedIn::new(user, epoch, now))
                .await
                .map_err(|_| AppError::Internal)?;
            crate::auth::guard::RequestActor::forget();
            tracing::info!(%user, "logged in");
            // A full load of the home page, so every page sees the new session from its start.
            leptos_axum::redirect("/");
            Ok(())
        }
        Err(err) => {
            tokio::time::sleep_until(started + FAILURE_FLOOR).await;
            Err(err)
        }
    }
}

/// The account this password opens: (id, session epoch). One email address may have an
/// account in more than one organisation; the password decides which one is meant.
async fn check_password(
    state: &AppState,
    account_key: &str,
    password: String,
) -> Result<(UserId, i64), AppError> {
    let rows = store::find_logins(&state.db, account_key).await?;
    if rows.is_empty() {
        // Verify against a decoy, so a wrong email costs the same time as a wrong password.
        password::verify(password, None).await;
        return Err(AppError::WrongCredentials);
    }
    for row in rows {
        if password::verify(password.clone(), row.password_hash.clone()).await {
            return Ok((row.id, row.session_epoch));
        }
    }
    Err(AppError::WrongCredentials)
}

pub async fn password_link(token: String) -> Result<PasswordLinkInfo, AppError> {
    let state = AppState::current()?;
    let target = store::password_link_target(&state.db, &links::hash_token(&token), Utc::now())
        .await?
        .ok_or(AppError::LinkInvalid)?;
    Ok(PasswordLinkInfo {
        display_name: target.display_name,
        email: target.email,
    })
}

pub async fn set_password(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    let state = AppState::current()?;
    // Cheap checks first: a wrong token never costs a password hash.
    let token_hash = links::hash_token(&token);
    if store::password_link_target(&state.db, &token_hash, Utc::now())
        .await?
        .is_none()
    {
        return Err(AppError::LinkInvalid);
    }
    let new = NewPassword::parse(&password, &password_repeat)?;
    let hash = password::hash(new.expose().to_owned()).await?;
    let user = store::redeem_password_link(&state.db, &token_hash, &hash, Utc::now()).await?;
    tracing::info!(%user, "password set through one-time link");
    Ok(())
}
