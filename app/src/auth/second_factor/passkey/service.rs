//! The server side of passkeys, with the `webauthn-rs` library doing the cryptography. Each
//! ceremony has two requests: the first makes a challenge and keeps the library's state in
//! the database, the second takes that state out again (once) and checks the browser's
//! answer against it.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::model::{CEREMONY_MINUTES, Ceremony, NextPage, PasskeyName};
use super::store::{self, NewPasskey};
use super::views::PasskeyView;
use crate::auth::guard::{authorize, confirm_password, session};
use crate::auth::model::{Need, UserId};
use crate::auth::second_factor::service::{
    Enroller, claim, enroller, finish_pending, keep_for_showing, new_recovery_codes, pending,
};
use crate::auth::second_factor::store as factors;
use crate::auth::store::attempt_succeeded;
use crate::auth::{links, service::user_agent};
use crate::db::Db;
use crate::error::{AppError, FieldProblem};
use crate::shared::ids::PasskeyId;
use crate::state::AppState;

const CEREMONY_KEY: &str = "passkey_ceremony";
/// A browser's answer is a few kilobytes; more is refused before it is read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The relying party of WebAuthn: the app as reached at its public address. Passkeys are
/// bound to a domain name, so an app reached by IP address (the default for trying it out
/// locally) has none, and offers no passkeys.
pub fn relying_party(public_url: &str) -> Option<Arc<Webauthn>> {
    let url = Url::parse(public_url).ok()?;
    let origin = Url::parse(&url.origin().ascii_serialization()).ok()?;
    let domain = origin.domain()?.to_owned();
    let built =
        WebauthnBuilder::new(&domain, &origin).and_then(|b| b.rp_name("Draagkracht").build());
    match built {
        Ok(webauthn) => Some(Arc::new(webauthn)),
        Err(error) => {
            tracing::warn!(%error, public_url, "passkeys are off: no relying party for this address");
            None
        }
    }
}

fn relying_party_of(state: &AppState) -> Result<Arc<Webauthn>, AppError> {
    state.settings.passkeys.clone().ok_or(AppError::NotFound)
}

/// The ceremony this browser began, remembered in its session.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CeremonyRef {
    id: String,
    ceremony: Ceremony,
    /// For a registration: the id the new passkey will know its person by.
    user_handle: Option<String>,
}

/// Keeps the library's state of a new challenge, and this browser's reference to it.
async fn open(
    state: &AppState,
    user: UserId,
    ceremony: Ceremony,
    library_state: &impl Serialize,
    user_handle: Option<String>,
) -> Result<(), AppError> {
    let id = links::new_token();
    let kept = serde_json::to_string(library_state).map_err(|_| AppError::Internal)?;
    store::open_ceremony(&state.db, &id, user, ceremony, &kept, Utc::now()).await?;
    let reference = CeremonyRef {
        id,
        ceremony,
        user_handle,
    };
    session()
        .await?
        .insert(CEREMONY_KEY, reference)
        .await
        .map_err(|_| AppError::Internal)
}

/// Takes out the state of the ceremony this browser began, if it is of this kind, has not run
/// out and was not answered before.
async fn take<T: DeserializeOwned>(
    state: &AppState,
    user: UserId,
    ceremony: Ceremony,
) -> Result<(T, CeremonyRef), AppError> {
    let refused = || AppError::invalid("passkey", FieldProblem::PasskeyRefused);
    let reference: CeremonyRef = session()
        .await?
        .remove(CEREMONY_KEY)
        .await
        .ok()
        .flatten()
        .filter(|r: &CeremonyRef| r.ceremony == ceremony)
        .ok_or_else(refused)?;
    let since = Utc::now() - chrono::Duration::minutes(CEREMONY_MINUTES);
    let kept = store::take_ceremony(&state.db, &reference.id, user, ceremony, since)
        .await?
        .ok_or_else(refused)?;
    let library_state = serde_json::from_str(&kept).map_err(|_| AppError::Internal)?;
    Ok((library_state, reference))
}

/// Reads the browser's answer (`PublicKeyCredential.toJSON()`), refusing what is too long or
/// not one before anything else is done.
fn answer<T: DeserializeOwned>(json: &str) -> Result<T, AppError> {
    if json.len() > MAX_ANSWER_BYTES {
        return Err(AppError::invalid("passkey", FieldProblem::TooLong));
    }
    serde_json::from_str(json)
        .map_err(|_| AppError::invalid("passkey", FieldProblem::PasskeyRefused))
}

/// The person's passkeys as the library needs them, with their ids here.
async fn passkeys(db: &Db, user: UserId) -> Result<Vec<(PasskeyId, Passkey)>, AppError> {
    store::credentials(db, user)
        .await?
        .into_iter()
        .map(|(id, json)| {
            serde_json::from_str(&json)
                .map(|passkey| (id, passkey))
                .map_err(|error| {
                    tracing::error!(%error, passkey = %id, "a stored passkey does not read back");
                    AppError::Internal
                })
        })
        .collect()
}

/// The challenge for a new passkey, as JSON for the browser's
/// `PublicKeyCredential.parseCreationOptionsFromJSON`. Passkeys the person has are listed, so
/// one device does not register twice.
pub async fn registration_options() -> Result<String, AppError> {
    let (state, who) = enroller().await?;
    let rp = relying_party_of(&state)?;
    let user = who.user();
    let existing = passkeys(&state.db, user).await?;
    let handle = store::user_handle(&state.db, user)
        .await?
        .and_then(|h| Uuid::parse_str(&h).ok())
        .unwrap_or_else(Uuid::new_v4);
    let exclude = existing.iter().map(|(_, p)| p.cred_id().clone()).collect();
    let (options, registration) = rp
        .start_passkey_registration(handle, who.email(), who.email(), Some(exclude))
        .map_err(|error| {
            tracing::error!(%error, "starting a passkey registration");
            AppError::Internal
        })?;
    open(
        &state,
        user,
        Ceremony::Register,
        &registration,
        Some(handle.to_string()),
    )
    .await?;
    serde_json::to_string(&options).map_err(|_| AppError::Internal)
}

/// Keeps the passkey the browser made. The first second factor of an account comes with
/// recovery codes, shown once; a log-in that waited for a second factor is then complete.
pub async fn register(name: String, credential: String) -> Result<NextPage, AppError> {
    let (state, who) = enroller().await?;
    let name = PasskeyName::parse(&name).map_err(|p| AppError::invalid("name", p))?;
    let credential: RegisterPublicKeyCredential = answer(&credential)?;
    let rp = relying_party_of(&state)?;
    let attempt = claim(&state, &who.account_key()).await?;
    let user = who.user();
    let (registration, reference) =
        take::<PasskeyRegistration>(&state, user, Ceremony::Register).await?;
    let passkey = rp
        .finish_passkey_registration(&credential, &registration)
        .map_err(|error| {
            tracing::info!(%error, %user, "a passkey registration was refused");
            AppError::invalid("passkey", FieldProblem::PasskeyRefused)
        })?;
    let name = match name {
        Some(name) => name,
        None => PasskeyName::of_device(&crate::auth::device::summary(&user_agent().await)),
    };
    let kept = serde_json::to_string(&passkey).map_err(|_| AppError::Internal)?;
    let (codes, hashes) = new_recovery_codes();
    let first = store::add(
        &state.db,
        NewPasskey {
            user,
            name: name.as_str(),
            credential_id: &URL_SAFE_NO_PAD.encode(AsRef::<[u8]>::as_ref(passkey.cred_id())),
            user_handle: reference.user_handle.as_deref().unwrap_or_default(),
            credential: &kept,
        },
        &hashes,
        Utc::now(),
    )
    .await?;
    attempt_succeeded(&state.db, attempt).await?;
    tracing::info!(%user, "passkey added");
    let was_pending = matches!(who, Enroller::Pending(_));
    who.done(&state).await?;
    if first {
        keep_for_showing(codes).await?;
        return Ok(NextPage::RecoveryCodes);
    }
    Ok(if was_pending {
        NextPage::Home
    } else {
        NextPage::Account
    })
}

/// The challenge of the second step of a log-in, for the person's passkeys.
pub async fn login_options() -> Result<String, AppError> {
    let state = AppState::current()?;
    let pending = pending().await?;
    if pending.must_enrol {
        return Err(AppError::LinkInvalid);
    }
    let rp = relying_party_of(&state)?;
    let passkeys: Vec<Passkey> = passkeys(&state.db, pending.user)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    if passkeys.is_empty() {
        return Err(AppError::invalid("passkey", FieldProblem::NotNow));
    }
    let (options, authentication) =
        rp.start_passkey_authentication(&passkeys)
            .map_err(|error| {
                tracing::error!(%error, "starting a passkey log-in");
                AppError::Internal
            })?;
    open(&state, pending.user, Ceremony::LogIn, &authentication, None).await?;
    serde_json::to_string(&options).map_err(|_| AppError::Internal)
}

/// The second step of a log-in with a passkey: counted like a code, and each challenge is
/// answered once.
pub async fn log_in(credential: String) -> Result<NextPage, AppError> {
    let state = AppState::current()?;
    let pending = pending().await?;
    if pending.must_enrol {
        return Err(AppError::LinkInvalid);
    }
    let credential: PublicKeyCredential = answer(&credential)?;
    let rp = relying_party_of(&state)?;
    let attempt = claim(&state, &pending.account_key).await?;
    let (authentication, _) =
        take::<PasskeyAuthentication>(&state, pending.user, Ceremony::LogIn).await?;
    let result = rp
        .finish_passkey_authentication(&credential, &authentication)
        .map_err(|error| {
            tracing::info!(%error, user = %pending.user, "a passkey log-in was refused");
            AppError::invalid("passkey", FieldProblem::PasskeyRefused)
        })?;
    // The signature counter moves on; a passkey that does not count keeps its zero.
    for (id, mut passkey) in passkeys(&state.db, pending.user).await? {
        if passkey.cred_id() == result.cred_id() {
            passkey.update_credential(&result);
            let kept = serde_json::to_string(&passkey).map_err(|_| AppError::Internal)?;
            store::used(&state.db, id, &kept, Utc::now()).await?;
        }
    }
    attempt_succeeded(&state.db, attempt).await?;
    finish_pending(&state, pending).await?;
    Ok(NextPage::Home)
}

/// The person's own passkeys.
pub async fn own_passkeys(db: &Db, user: UserId) -> Result<Vec<PasskeyView>, AppError> {
    store::list(db, user).await
}

/// Removes one of one's own passkeys; the current password confirms it. The last second
/// factor cannot go when the organisation requires one.
pub async fn remove(passkey: PasskeyId, current_password: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    confirm_password(&state, &actor, current_password, "current_password").await?;
    let required = factors::requirement(&state.db, actor.user_id)
        .await?
        .applies();
    store::remove(&state.db, actor.user_id, passkey, required).await?;
    tracing::info!(user = %actor.user_id, %passkey, "passkey removed");
    Ok(())
}
