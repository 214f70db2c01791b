//! The one application error type. It crosses the wire as JSON, so the browser can show a
//! translated message at the right field instead of a generic failure.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong with one form field. The UI translates the code; the server never sends
/// prose, so the message is always in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooLong,
    InvalidEmail,
    PasswordTooShort,
    PasswordsDiffer,
    AlreadyTaken,
    UnknownTeam,
    OutOfRange,
    /// Looks like a BSN, email address or other detail that identifies a person.
    IdentifyingDetail,
    /// Not a valid pseudonymous client code (letters, digits, - and _).
    InvalidCode,
    /// Not one of the options offered (a team member, a domain).
    UnknownChoice,
    InvalidDate,
    /// The same person as primary and secondary professional.
    SameMemberTwice,
    /// The record changed since the page was loaded.
    Stale,
    /// A name holds a character that separates list items (`,`, `|`, `;`).
    Separator,
    /// No places left (a visit slot that is fully booked).
    Full,
    /// A moment that has already passed (booking a visit slot of yesterday).
    InThePast,
    /// Not possible in the state the record is in (cancelling a session that was held).
    NotNow,
    /// Moving a person to the team they are leaving.
    SameTeam,
    /// The person still carries clients in this team; those are handed over first.
    StillCarries,
    /// Not the account's current password.
    WrongPassword,
    /// Neither six digits nor a recovery code.
    CodeShape,
    /// Not the right code, or one that was used already.
    WrongCode,
    /// The organisation requires a second factor of this person.
    SecondFactorRequired,
    /// Requiring a second factor of others, before having one oneself.
    SecondFactorFirst,
    /// Erasing an account that is still active; it is deactivated first.
    StillActive,
    /// Erasing a client that is still open; it is closed first.
    ClientStillOpen,
    /// A step that cannot be undone, without the tick that says so.
    ConfirmFirst,
    /// The passkey's answer did not check out: another passkey, a challenge that ran out or
    /// was answered already, or a browser that was cancelled.
    PasskeyRefused,
    /// This colleague was asked (or offered) on this signal before.
    AlreadyAsked,
    /// The signal already waits for as many answers as it may.
    AskedEnough,
    /// This case already waits on the list of sessions to plan.
    AlreadyBroughtIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Nobody is logged in, or the session ended.
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in, but this is not theirs to see or do.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Bad input at one field of a form.
    #[error("invalid field {field}: {problem:?}")]
    Invalid {
        field: String,
        problem: FieldProblem,
    },
    /// Email and password did not match an active account. Deliberately vague.
    #[error("wrong credentials")]
    WrongCredentials,
    #[error("too many attempts")]
    TooManyAttempts,
    /// A one-time link that was used, expired or never existed.
    #[error("link no longer valid")]
    LinkInvalid,
    /// Something on our side; details are in the server log, never in the response.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server function (network, decoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, problem: FieldProblem) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            problem,
        }
    }

    /// The problem for `field`, if this error is about that field.
    pub fn at_field(&self, field: &str) -> Option<FieldProblem> {
        match self {
            AppError::Invalid { field: f, problem } if f == field => Some(*problem),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Maps a unique constraint lost to a concurrent writer to the field's message, so the
    /// second of two people saving at once reads "already taken", not a server fault.
    pub fn unique_as(
        field: &'static str,
        problem: FieldProblem,
    ) -> impl FnOnce(sqlx::Error) -> AppError {
        move |err| match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                AppError::invalid(field, problem)
            }
            _ => err.into(),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(feature = "ssr")]
impl AppError {
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            AppError::Unauthenticated | AppError::WrongCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::LinkInvalid => StatusCode::GONE,
            AppError::Transport(_) => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Gives a server function's error its proper HTTP status, so that only real faults are 500s.
/// A plain HTML form post keeps the redirect back to its page, which carries the error there.
#[cfg(feature = "ssr")]
pub fn with_status<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(err) = &result
        && !is_plain_form_post()
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(err.status());
    }
    result
}

/// A browser posting a form without script asks for a page back, not for data. (A page
/// rendered on the server also accepts HTML, but it is a GET and keeps its error status.)
#[cfg(feature = "ssr")]
fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts.method == axum::http::Method::POST
            && parts
                .headers
                .get(axum::http::header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}
