//! The server-side logic of two-factor log-in. A log-in whose password was right but whose
//! second step is still to come is *pending*: the session remembers it, and nothing in the app
//! treats it as signed in until the second step is done.

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::model::{RECOVERY_CODE_CHARS, RECOVERY_CODE_COUNT, RecoveryCode, SecondFactorCode};
use super::store::{self, Factors};
use super::totp;
use super::views::{EnrolmentView, LoginStepView, SecondFactorsView};
use crate::auth::guard::{
    SIGNED_IN_KEY, SignedIn, attempt_limits, authorize, client_address, confirm_password, session,
    signed_in,
};
use crate::auth::model::{Actor, Need, UserId};
use crate::auth::store::{Claim, attempt_succeeded, claim_attempt};
use crate::auth::{links, service::begin_sign_in};
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;

const PENDING_KEY: &str = "pending_login";
const FRESH_CODES_KEY: &str = "fresh_recovery_codes";
/// The second step must follow the password within this time.
const PENDING_MINUTES: i64 = 10;
/// New recovery codes can be seen this long after they were made, until the person says they
/// kept them.
const FRESH_CODES_MINUTES: i64 = 10;
/// An authenticator that was begun but not confirmed shows the same QR code this long.
const ENROLMENT_MINUTES: i64 = 60;

/// A log-in whose password was right, waiting for its second step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    pub user: UserId,
    pub epoch: i64,
    pub language: Option<String>,
    /// The email as typed, which its attempts are counted under.
    pub account_key: String,
    pub email: String,
    /// No second factor yet, and one is required: set one up first.
    pub must_enrol: bool,
    /// Unix seconds.
    pub started: i64,
}

/// Recovery codes just made, shown once.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FreshCodes {
    codes: Vec<String>,
    made: i64,
}

/// What follows a right password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    SignIn,
    /// A code from the app or a recovery code.
    Code,
    /// The organisation requires a second factor and the person has none yet.
    Enrol,
}

pub async fn next_step(state: &AppState, user: UserId) -> Result<NextStep, AppError> {
    if store::factors(&state.db, user).await?.any() {
        return Ok(NextStep::Code);
    }
    Ok(if store::requirement(&state.db, user).await?.applies() {
        NextStep::Enrol
    } else {
        NextStep::SignIn
    })
}

/// Remembers a log-in that waits for its second step and sends the browser there.
pub async fn begin_pending(pending: PendingLogin) -> Result<(), AppError> {
    let target = if pending.must_enrol {
        "/login/enrol"
    } else {
        "/login/code"
    };
    let session = session().await?;
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session
        .insert(PENDING_KEY, pending)
        .await
        .map_err(|_| AppError::Internal)?;
    leptos_axum::redirect(target);
    Ok(())
}

/// The log-in waiting for its second step, if it has not run out.
pub(super) async fn pending() -> Result<PendingLogin, AppError> {
    let pending: Option<PendingLogin> = session().await?.get(PENDING_KEY).await.ok().flatten();
    let now = Utc::now().timestamp();
    pending
        .filter(|p| now - p.started <= PENDING_MINUTES * 60)
        .ok_or(AppError::LinkInvalid)
}

pub async fn login_step() -> Result<LoginStepView, AppError> {
    let state = AppState::current()?;
    let pending = pending().await?;
    let factors = store::factors(&state.db, pending.user).await?;
    Ok(LoginStepView {
        must_enrol: pending.must_enrol,
        app: factors.app,
        passkey: factors.passkeys > 0 && state.settings.passkeys.is_some(),
        passkeys_possible: state.settings.passkeys.is_some(),
    })
}

/// Counts a code attempt like a password attempt, before the code is checked.
pub(super) async fn claim(state: &AppState, account_key: &str) -> Result<i64, AppError> {
    let now = Utc::now();
    let address = client_address(state).await;
    match claim_attempt(&state.db, account_key, &address, attempt_limits(now), now).await? {
        Claim::Granted(attempt) => Ok(attempt),
        Claim::Refused => Err(AppError::TooManyAttempts),
    }
}

fn unix_now() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

/// The second step of a log-in: a code from the app, or a recovery code, each usable once.
pub async fn verify_login_code(code: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let pending = pending().await?;
    if pending.must_enrol {
        return Err(AppError::LinkInvalid);
    }
    let code = SecondFactorCode::parse(&code).map_err(|p| AppError::invalid("code", p))?;
    let attempt = claim(&state, &pending.account_key).await?;
    let accepted = match &code {
        SecondFactorCode::App(code) => match store::app_secret(&state.db, pending.user, true)
            .await?
        {
            Some((secret, _)) => match totp::matching_step(&secret, code, unix_now())? {
                Some(step) => store::use_app_step(&state.db, pending.user, step_i64(step)).await?,
                None => false,
            },
            None => false,
        },
        SecondFactorCode::Recovery(code) => {
            let hash = links::hash_token(code.as_str());
            store::use_recovery_code(&state.db, pending.user, &hash, Utc::now()).await?
        }
    };
    if !accepted {
        return Err(AppError::invalid("code", FieldProblem::WrongCode));
    }
    attempt_succeeded(&state.db, attempt).await?;
    if matches!(code, SecondFactorCode::Recovery(_)) {
        tracing::info!(user = %pending.user, "logged in with a recovery code");
    }
    finish_pending(&state, pending).await?;
    leptos_axum::redirect("/");
    Ok(())
}

fn step_i64(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

/// The pending log-in becomes a sign-in that passed a second factor.
pub(super) async fn finish_pending(
    state: &AppState,
    pending: PendingLogin,
) -> Result<(), AppError> {
    session()
        .await?
        .remove::<PendingLogin>(PENDING_KEY)
        .await
        .map_err(|_| AppError::Internal)?;
    begin_sign_in(state, pending.user, pending.epoch, pending.language, true).await
}

/// Who is setting up an authenticator: someone signed in, or someone whose log-in waits for it.
pub(super) enum Enroller {
    SignedIn(Actor, SignedIn),
    Pending(PendingLogin),
}

impl Enroller {
    pub(super) fn user(&self) -> UserId {
        match self {
            Enroller::SignedIn(actor, _) => actor.user_id,
            Enroller::Pending(p) => p.user,
        }
    }

    pub(super) fn email(&self) -> &str {
        match self {
            Enroller::SignedIn(actor, _) => &actor.email,
            Enroller::Pending(p) => &p.email,
        }
    }

    pub(super) fn account_key(&self) -> String {
        match self {
            Enroller::SignedIn(actor, _) => actor.email.to_lowercase(),
            Enroller::Pending(p) => p.account_key.clone(),
        }
    }

    /// A second factor was set up: a log-in that waited for it is complete, and a sign-in
    /// now counts as one with a second factor.
    pub(super) async fn done(self, state: &AppState) -> Result<(), AppError> {
        match self {
            Enroller::Pending(pending) => finish_pending(state, pending).await,
            Enroller::SignedIn(_, mut current) => {
                current.second_factor = true;
                session()
                    .await?
                    .insert(SIGNED_IN_KEY, current)
                    .await
                    .map_err(|_| AppError::Internal)
            }
        }
    }
}

pub(super) async fn enroller() -> Result<(AppState, Enroller), AppError> {
    if let Some(current) = signed_in().await? {
        let (state, actor) = authorize(Need::SignedIn).await?;
        return Ok((state, Enroller::SignedIn(actor, current)));
    }
    let state = AppState::current()?;
    let pending = pending().await?;
    if !pending.must_enrol {
        return Err(AppError::Unauthenticated);
    }
    Ok((state, Enroller::Pending(pending)))
}

/// The QR code of an authenticator being set up. Shown again within the hour, it is the same
/// one, so a page loaded twice does not undo a scan.
pub async fn enrolment() -> Result<EnrolmentView, AppError> {
    let (state, who) = enroller().await?;
    let now = Utc::now();
    let fresh_since = now - chrono::Duration::minutes(ENROLMENT_MINUTES);
    let secret = match store::unconfirmed_since(&state.db, who.user(), fresh_since).await? {
        Some(secret) => secret,
        None => {
            if store::factors(&state.db, who.user()).await?.app {
                return Err(AppError::invalid("code", FieldProblem::NotNow));
            }
            let secret = totp::new_secret();
            store::start_app(&state.db, who.user(), &secret, now).await?;
            secret
        }
    };
    Ok(EnrolmentView {
        qr_svg: totp::qr_svg(&secret, who.email())?,
        secret: totp::grouped(&secret),
    })
}

/// Confirms the authenticator being set up with a code from it, makes recovery codes, and
/// shows them once. A pending log-in is then complete.
pub async fn confirm_app(code: String) -> Result<(), AppError> {
    let (state, who) = enroller().await?;
    let code = SecondFactorCode::parse_app(&code).map_err(|p| AppError::invalid("code", p))?;
    let attempt = claim(&state, &who.account_key()).await?;
    let step = match store::app_secret(&state.db, who.user(), false).await? {
        Some((secret, _)) => totp::matching_step(&secret, &code, unix_now())?,
        None => return Err(AppError::invalid("code", FieldProblem::NotNow)),
    };
    let step = step.ok_or(AppError::invalid("code", FieldProblem::WrongCode))?;
    let (codes, hashes) = new_recovery_codes();
    store::confirm_app(&state.db, who.user(), step_i64(step), &hashes, Utc::now()).await?;
    attempt_succeeded(&state.db, attempt).await?;
    tracing::info!(user = %who.user(), "authenticator app set up");
    who.done(&state).await?;
    show_once(codes).await
}

/// Fresh recovery codes, printed form and hashes.
pub(super) fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    use rand::RngCore;
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let mut bytes = [0u8; RECOVERY_CODE_CHARS];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let code = RecoveryCode::from_indexes(bytes);
            (code.grouped(), links::hash_token(code.as_str()))
        })
        .unzip()
}

/// Keeps new codes in the session for the one page that shows them, and goes there.
async fn show_once(codes: Vec<String>) -> Result<(), AppError> {
    keep_for_showing(codes).await?;
    leptos_axum::redirect("/account/recovery-codes");
    Ok(())
}

/// Keeps new codes in the session for the one page that shows them.
pub(super) async fn keep_for_showing(codes: Vec<String>) -> Result<(), AppError> {
    let fresh = FreshCodes {
        codes,
        made: Utc::now().timestamp(),
    };
    session()
        .await?
        .insert(FRESH_CODES_KEY, fresh)
        .await
        .map_err(|_| AppError::Internal)
}

/// The recovery codes just made. They stay readable (a page loaded again shows them again)
/// until the person says they kept them, or for ten minutes at most.
pub async fn fresh_recovery_codes() -> Result<Vec<String>, AppError> {
    authorize(Need::SignedIn).await?;
    let fresh: Option<FreshCodes> = session().await?.get(FRESH_CODES_KEY).await.ok().flatten();
    let now = Utc::now().timestamp();
    Ok(fresh
        .filter(|f| now - f.made <= FRESH_CODES_MINUTES * 60)
        .map(|f| f.codes)
        .unwrap_or_default())
}

/// The person kept their codes: they leave the session, and the person goes on to the app.
pub async fn dismiss_recovery_codes() -> Result<(), AppError> {
    authorize(Need::SignedIn).await?;
    session()
        .await?
        .remove::<FreshCodes>(FRESH_CODES_KEY)
        .await
        .map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

pub async fn overview() -> Result<SecondFactorsView, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let Factors {
        app, recovery_left, ..
    } = store::factors(&state.db, actor.user_id).await?;
    Ok(SecondFactorsView {
        app,
        passkeys: super::passkey::service::own_passkeys(&state.db, actor.user_id).await?,
        passkeys_possible: state.settings.passkeys.is_some(),
        recovery_left: u32::try_from(recovery_left).unwrap_or(0),
        required: store::requirement(&state.db, actor.user_id)
            .await?
            .applies(),
    })
}

/// New recovery codes replace the old ones; the current password confirms it.
pub async fn replace_recovery_codes(current_password: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    confirm_password(&state, &actor, current_password, "current_password").await?;
    let (codes, hashes) = new_recovery_codes();
    store::replace_recovery_codes(&state.db, actor.user_id, &hashes).await?;
    tracing::info!(user = %actor.user_id, "new recovery codes made");
    show_once(codes).await
}

/// Removes one's own authenticator; with it the recovery codes, when no passkey is left. The
/// last second factor stays when the organisation requires one.
pub async fn remove_app(current_password: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let required = store::requirement(&state.db, actor.user_id)
        .await?
        .applies();
    let factors = store::factors(&state.db, actor.user_id).await?;
    // Refused before the password is checked: it would be refused anyway.
    if required && factors.passkeys == 0 {
        return Err(AppError::invalid(
            "current_password",
            FieldProblem::SecondFactorRequired,
        ));
    }
    confirm_password(&state, &actor, current_password, "current_password").await?;
    store::remove_app(&state.db, actor.user_id, required).await?;
    tracing::info!(user = %actor.user_id, "authenticator app removed");
    Ok(())
}
