//! Server functions of two-factor log-in.

use leptos::prelude::*;

use super::views::{EnrolmentView, LoginStepView, SecondFactorsView};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

/// The second step of the log-in in progress; `LinkInvalid` when none is (or it ran out).
#[server(prefix = "/api", endpoint = "login_step")]
pub async fn login_step() -> Result<LoginStepView, AppError> {
    with_status(super::service::login_step().await)
}

#[server(prefix = "/api", endpoint = "verify_login_code")]
pub async fn verify_login_code(code: String) -> Result<(), AppError> {
    with_status(super::service::verify_login_code(code).await)
}

/// The QR code of an authenticator app being set up.
#[server(prefix = "/api", endpoint = "app_enrolment")]
pub async fn app_enrolment() -> Result<EnrolmentView, AppError> {
    with_status(super::service::enrolment().await)
}

#[server(prefix = "/api", endpoint = "confirm_app")]
pub async fn confirm_app(code: String) -> Result<(), AppError> {
    with_status(super::service::confirm_app(code).await)
}

/// Recovery codes just made; shown until the person says they kept them.
#[server(prefix = "/api", endpoint = "fresh_recovery_codes")]
pub async fn fresh_recovery_codes() -> Result<Vec<String>, AppError> {
    with_status(super::service::fresh_recovery_codes().await)
}

/// The person kept their new recovery codes; they are not shown again.
#[server(prefix = "/api", endpoint = "dismiss_recovery_codes")]
pub async fn dismiss_recovery_codes() -> Result<(), AppError> {
    with_status(super::service::dismiss_recovery_codes().await)
}

#[server(prefix = "/api", endpoint = "second_factors")]
pub async fn second_factors() -> Result<SecondFactorsView, AppError> {
    with_status(super::service::overview().await)
}

#[server(prefix = "/api", endpoint = "replace_recovery_codes")]
pub async fn replace_recovery_codes(current_password: String) -> Result<(), AppError> {
    with_status(super::service::replace_recovery_codes(current_password).await)
}

#[server(prefix = "/api", endpoint = "remove_app")]
pub async fn remove_app(current_password: String) -> Result<(), AppError> {
    with_status(super::service::remove_app(current_password).await)
}
