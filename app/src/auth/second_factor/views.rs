//! What the pages of two-factor log-in show.

use serde::{Deserialize, Serialize};

/// The second step of a log-in in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginStepView {
    /// The person has no second factor yet and their organisation requires one: they set one
    /// up before anything else.
    pub must_enrol: bool,
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
    pub recovery_left: u32,
    /// Their organisation requires them to use a second factor, so they cannot remove it.
    pub required: bool,
}
