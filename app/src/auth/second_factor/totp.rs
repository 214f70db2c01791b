//! Authenticator-app codes (RFC 6238) through `totp-rs`, and the QR code to scan through
//! `qrcode`.

use rand::RngCore;
use totp_rs::{Algorithm, Secret, TOTP};

use super::model::{APP_CODE_DIGITS, AppCode, STEP_SECONDS, candidate_steps};
use crate::error::AppError;

/// Every authenticator app understands SHA-1 with six digits every 30 seconds; the strength is
/// in the 160-bit secret, not the hash.
const SECRET_BYTES: usize = 20;
const ISSUER: &str = "Draagkracht";

/// A new random secret, base 32 as stored and as apps show it.
pub fn new_secret() -> String {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded always encodes"),
    }
}

fn totp(secret: &str, account: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().map_err(|e| {
        tracing::error!(error = ?e, "stored authenticator secret is not base 32");
        AppError::Internal
    })?;
    // The label of an `otpauth://` address may not hold a colon.
    let account = account.replace(':', " ");
    TOTP::new(
        Algorithm::SHA1,
        APP_CODE_DIGITS,
        0,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account,
    )
    .map_err(|e| {
        tracing::error!(error = ?e, "authenticator parameters refused");
        AppError::Internal
    })
}

/// The time step `code` comes from, if it is the right code for now or a step either side.
pub fn matching_step(
    secret: &str,
    code: &AppCode,
    unix_seconds: u64,
) -> Result<Option<u64>, AppError> {
    let totp = totp(secret, "")?;
    Ok(candidate_steps(unix_seconds)
        .into_iter()
        .find(|step| totp.check(code.as_str(), step * STEP_SECONDS)))
}

/// The QR code of the `otpauth://` address an app scans, as an SVG image.
pub fn qr_svg(secret: &str, account: &str) -> Result<String, AppError> {
    let url = totp(secret, account)?.get_url();
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| {
        tracing::error!(error = ?e, "QR code refused the address");
        AppError::Internal
    })?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// The secret in groups of four, easier to type into an app by hand.
pub fn grouped(secret: &str) -> String {
    super::model::in_fours(secret, " ")
}

/// The code an app shows at `unix_seconds`; the tests play the app with it.
#[cfg(test)]
pub fn code_at(secret: &str, unix_seconds: u64) -> Result<String, AppError> {
    Ok(totp(secret, "")?.generate(unix_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::second_factor::model::SecondFactorCode;

    fn app(code: &str) -> AppCode {
        SecondFactorCode::parse_app(code).unwrap()
    }

    #[test]
    fn a_code_matches_its_own_step_and_its_neighbours_only() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        assert_eq!(
            matching_step(&secret, &app(&code), now).unwrap(),
            Some(now / 30)
        );
        assert_eq!(
            matching_step(&secret, &app(&code), now + 30).unwrap(),
            Some(now / 30)
        );
        assert_eq!(
            matching_step(&secret, &app(&code), now - 30).unwrap(),
            Some(now / 30)
        );
        assert_eq!(matching_step(&secret, &app(&code), now + 90).unwrap(), None);
        let other = new_secret();
        assert_ne!(other, secret);
        assert_eq!(matching_step(&other, &app(&code), now).unwrap(), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_image() {
        let svg = qr_svg(&new_secret(), "mehmet@linde.test").unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
