//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::Utc;

use crate::auth::api::PasswordLinkInfo;
use crate::auth::guard::{
    FAILURE_FLOOR, SIGNED_IN_KEY, SignedIn, attempt_limits, client_address, session,
};
use crate::auth::model::{NewPassword, UserId};
use crate::auth::second_factor::service::{NextStep, PendingLogin, begin_pending, next_step};
use crate::auth::{links, password, store};
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;

const MAX_EMAIL_CHARS: usize = 254;
const MAX_PASSWORD_CHARS: usize = crate::auth::guard::MAX_PASSWORD_CHARS;

/// The browser's own description of itself, as sent.
pub(crate) async fn user_agent() -> String {
    leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| {
            h.get(axum::http::header::USER_AGENT)?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

pub async fn me() -> Result<Option<crate::auth::model::Actor>, AppError> {
    let state = AppState::current()?;
    crate::auth::guard::current_actor(&state).await
}

pub async fn logout() -> Result<(), AppError> {
    if let Some(signed_in) = crate::auth::guard::signed_in().await? {
        let state = AppState::current()?;
        store::end_sign_in(&state.db, &signed_in.sign_in).await?;
    }
    crate::auth::guard::sign_out().await
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
    let client = client_address(&state).await;
    let now = Utc::now();
    let outcome =
        match store::claim_attempt(&state.db, &account_key, &client, attempt_limits(now), now)
            .await?
        {
            store::Claim::Refused => Err(AppError::TooManyAttempts),
            store::Claim::Granted(attempt) => check_password(&state, &account_key, password)
                .await
                .map(|login| (attempt, login)),
        };
    match outcome {
        Ok((attempt, login)) => {
            store::attempt_succeeded(&state.db, attempt).await?;
            match next_step(&state, login.id).await? {
                NextStep::SignIn => {
                    begin_sign_in(&state, login.id, login.session_epoch, login.language, false)
                        .await?;
                    // A full load of the home page, so every page sees the new session from
                    // its start.
                    leptos_axum::redirect("/");
                    Ok(())
                }
                step => {
                    begin_pending(PendingLogin {
                        user: login.id,
                        epoch: login.session_epoch,
                        language: login.language,
                        account_key,
                        email: email.trim().to_owned(),
                        must_enrol: step == NextStep::Enrol,
                        started: now.timestamp(),
                    })
                    .await
                }
            }
        }
        Err(err) => {
            tokio::time::sleep_until(started + FAILURE_FLOOR).await;
            Err(err)
        }
    }
}

/// Signs `user` in on this browser: a new sign-in row, a fresh session id, and the language
/// the person chose. `second_factor` says whether they passed one.
pub async fn begin_sign_in(
    state: &AppState,
    user: UserId,
    epoch: i64,
    language: Option<String>,
    second_factor: bool,
) -> Result<(), AppError> {
    let now = Utc::now();
    let sign_in = links::new_token();
    let device = crate::auth::device::summary(&user_agent().await);
    let address = client_address(state).await;
    let new = store::NewSignIn {
        id: &sign_in,
        user,
        epoch,
        device: &device,
        address: &address,
    };
    let idle_since = now - chrono::Duration::minutes(state.settings.session_idle_minutes);
    store::create_sign_in(&state.db, new, now, idle_since).await?;
    let session = session().await?;
    // A fresh id on log-in defeats session fixation.
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    let mut signed_in = SignedIn::new(user, epoch, sign_in, now);
    signed_in.second_factor = second_factor;
    session
        .insert(SIGNED_IN_KEY, signed_in)
        .await
        .map_err(|_| AppError::Internal)?;
    if let Some(locale) = language.as_deref().and_then(crate::ui::language::locale) {
        crate::ui::language::remember_on_this_device(locale);
    }
    crate::auth::guard::RequestActor::forget();
    tracing::info!(%user, second_factor, "logged in");
    Ok(())
}

/// The account this password opens. One email address may have an account in more than one
/// organisation; the password decides which one is meant.
async fn check_password(
    state: &AppState,
    account_key: &str,
    password: String,
) -> Result<store::LoginRow, AppError> {
    let rows = store::find_logins(&state.db, account_key).await?;
    if rows.is_empty() {
        // Verify against a decoy, so a wrong email costs the same time as a wrong password.
        password::verify(password, None).await;
        return Err(AppError::WrongCredentials);
    }
    for row in rows {
        if password::verify(password.clone(), row.password_hash.clone()).await {
            return Ok(row);
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
