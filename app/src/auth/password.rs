//! Password hashing with argon2id at the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
//! Hashing is CPU-heavy, so it runs on the blocking pool, never on the async workers.

use std::sync::LazyLock;

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody has, verified when an account does not exist, so that a wrong
/// email costs the same time as a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("decoy password that matches no account").unwrap_or_default());

fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

fn verify_blocking(password: &str, stored: Option<&str>) -> bool {
    let decoy = DECOY_HASH.as_str();
    let (candidate, real) = match stored {
        Some(hash) => (hash, true),
        None => (decoy, false),
    };
    let ok = PasswordHash::new(candidate)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

/// True only when `stored` is a real hash and the password matches it. With `None` it still does
/// the full work against a decoy.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&password, stored.as_deref()))
        .await
        .unwrap_or(false)
}

/// Warms the decoy hash at start-up so the first failed login is not faster than later ones.
pub fn warm_up() {
    LazyLock::force(&DECOY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_wrong_passwords_do_not() {
        let h = hash_blocking("een lang wachtwoord").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_blocking("een lang wachtwoord", Some(&h)));
        assert!(!verify_blocking("een ander wachtwoord", Some(&h)));
    }

    #[test]
    fn a_missing_account_never_verifies() {
        assert!(!verify_blocking(
            "decoy password that matches no account",
            None
        ));
    }
}
