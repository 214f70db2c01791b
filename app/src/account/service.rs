//! The server-side logic of one's own account. Everything here is about the person asking:
//! no function takes whose account it is.

use chrono::Utc;

use super::store;
use super::views::AccountOverview;
use crate::audit;
use leptos_i18n::Locale as _;

use crate::auth::guard::{SIGNED_IN_KEY, authorize, confirm_password, session, signed_in};
use crate::auth::model::{Actor, Need, NewPassword};
use crate::auth::password;
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;

/// The person asking, and the sign-in of the browser they ask from.
async fn me() -> Result<(AppState, Actor, crate::auth::guard::SignedIn), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let current = signed_in().await?.ok_or(AppError::Unauthenticated)?;
    Ok((state, actor, current))
}

pub async fn overview() -> Result<AccountOverview, AppError> {
    let (state, actor, current) = me().await?;
    let idle_since = Utc::now() - chrono::Duration::minutes(state.settings.session_idle_minutes);
    Ok(AccountOverview {
        sign_ins: store::live_sign_ins(&state.db, actor.user_id, &current.sign_in, idle_since)
            .await?,
        language: store::language(&state.db, actor.user_id).await?,
        display_name: actor.display_name,
        email: actor.email,
    })
}

/// A new password, confirmed with the current one (which counts as a log-in attempt). Every
/// other sign-in of the account ends; this one goes on.
pub async fn change_password(
    current_password: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    let (state, actor, mut current) = me().await?;
    // Cheap checks first: a form that cannot succeed never costs a hash.
    let new = NewPassword::parse(&password, &password_repeat);
    if current_password.is_empty() {
        return Err(AppError::invalid(
            "current_password",
            FieldProblem::Required,
        ));
    }
    let new = new?;
    confirm_password(&state, &actor, current_password, "current_password").await?;
    let hash = password::hash(new.expose().to_owned()).await?;
    current.epoch =
        store::change_password(&state.db, actor.user_id, &hash, &current.sign_in).await?;
    session()
        .await?
        .insert(SIGNED_IN_KEY, current)
        .await
        .map_err(|_| AppError::Internal)?;
    crate::notifications::notify::notify_account(
        &state.db,
        actor.user_id,
        crate::notifications::model::NotificationKind::PasswordChanged,
        chrono::Utc::now(),
    )
    .await?;
    let subject = format!("user:{}", actor.user_id);
    audit::by_actor(&state.db, &actor, "account.password_change", &subject).await
}

/// Remembers the language on this device and, signed in, on the account, so it follows the
/// person to their other devices. Anyone may choose a language, signed in or not.
pub async fn set_language(lang: String) -> Result<(), AppError> {
    let locale = crate::ui::language::locale(&lang)
        .ok_or_else(|| AppError::invalid("lang", FieldProblem::UnknownChoice))?;
    crate::ui::language::remember_on_this_device(locale);
    let state = AppState::current()?;
    if let Some(actor) = crate::auth::guard::current_actor(&state).await? {
        store::set_language(&state.db, actor.user_id, locale.as_str()).await?;
    }
    Ok(())
}

/// Ends one sign-in. Ending this browser's own is logging out.
pub async fn end_sign_in(sign_in: String) -> Result<(), AppError> {
    let (state, actor, current) = me().await?;
    if !store::end_sign_in(&state.db, actor.user_id, &sign_in).await? {
        return Err(AppError::NotFound);
    }
    audit::by_actor(
        &state.db,
        &actor,
        "account.sign_in_end",
        &format!("user:{}", actor.user_id),
    )
    .await?;
    if sign_in == current.sign_in {
        crate::auth::guard::sign_out().await?;
    }
    Ok(())
}

/// Ends every sign-in but this browser's own; returns how many ended.
pub async fn end_other_sign_ins() -> Result<u64, AppError> {
    let (state, actor, current) = me().await?;
    let ended = store::end_other_sign_ins(&state.db, actor.user_id, &current.sign_in).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "account.sign_in_end_others",
        &format!("user:{}", actor.user_id),
    )
    .await?;
    Ok(ended)
}
