//! What the pages of two-factor log-in show.

use serde::{Deserialize, Serialize};

use super::passkey::views::PasskeyView;

/// The second step of a log-in in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginStepView {
    /// The person has no second factor yet and their organisation requires one: they set one
    /// up before anything else.
    pub must_enrol: bool,
    /// The person has an authenticator app, so a code from it works.
    pub app: bool,
    /// The person has passkeys, and this app can use them.
    pub passkey: bool,
    /// The app is reached by a domain name, so passkeys can be set up.
    pub passkeys_possible: bool,
}

/// An authenticator app being set up: a QR code to scan, and the same secret to type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// An SVG image of the `otpauth://` address.
    pub qr_svg: String,
    /// The secret in groups of four, for an app that cannot scan.
    pub secret: String,
}

/// The second factors of the person asking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecondFactorsView {
    pub app: bool,
    pub passkeys: Vec<PasskeyView>,
    /// The app is reached by a domain name, so passkeys can be added.
    pub passkeys_possible: bool,
    pub recovery_left: u32,
    /// Their organisation requires them to use a second factor, so they cannot remove it.
    pub required: bool,
}
