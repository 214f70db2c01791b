//! The browser's part of a passkey ceremony: the server's challenge goes to
//! `navigator.credentials` through the standard JSON forms (`parseCreationOptionsFromJSON`,
//! `parseRequestOptionsFromJSON` and `toJSON`), so no bytes are converted by hand. The calls go
//! through `Reflect`, since `web-sys` has no bindings for these newer methods.

use js_sys::{Function, JSON, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why the browser gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserProblem {
    /// This browser cannot use passkeys (or not through the JSON forms).
    Unsupported,
    /// The person cancelled, or the time ran out, or no passkey matched.
    Cancelled,
    /// The device already holds a passkey of this account.
    AlreadyThere,
    Failed,
}

/// Makes a new passkey for the challenge `options` (the server's JSON); yields its JSON.
pub async fn create(options: &str) -> Result<String, BrowserProblem> {
    ceremony("parseCreationOptionsFromJSON", "create", options).await
}

/// Signs the log-in challenge `options` with one of the person's passkeys; yields its JSON.
pub async fn get(options: &str) -> Result<String, BrowserProblem> {
    ceremony("parseRequestOptionsFromJSON", "get", options).await
}

fn property(of: &JsValue, name: &str) -> Result<JsValue, BrowserProblem> {
    Reflect::get(of, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
        .ok_or(BrowserProblem::Unsupported)
}

fn method(of: &JsValue, name: &str) -> Result<Function, BrowserProblem> {
    property(of, name)?
        .dyn_into()
        .map_err(|_| BrowserProblem::Unsupported)
}

async fn ceremony(parser: &str, call: &str, options: &str) -> Result<String, BrowserProblem> {
    let window: JsValue = web_sys::window().ok_or(BrowserProblem::Unsupported)?.into();
    let class = property(&window, "PublicKeyCredential")?;
    let parse = method(&class, parser)?;
    let credentials = property(&property(&window, "navigator")?, "credentials")?;
    let call = method(&credentials, call)?;

    let options = JSON::parse(options).map_err(|_| BrowserProblem::Failed)?;
    let public_key = parse
        .call1(&class, &property(&options, "publicKey")?)
        .map_err(|_| BrowserProblem::Failed)?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key)
        .map_err(|_| BrowserProblem::Failed)?;
    let promise: Promise = call
        .call1(&credentials, &request)
        .map_err(|_| BrowserProblem::Failed)?
        .dyn_into()
        .map_err(|_| BrowserProblem::Failed)?;
    let credential = JsFuture::from(promise).await.map_err(|error| {
        let name = property(&error, "name").ok().and_then(|n| n.as_string());
        match name.as_deref() {
            Some("NotAllowedError" | "AbortError") => BrowserProblem::Cancelled,
            Some("InvalidStateError") => BrowserProblem::AlreadyThere,
            _ => BrowserProblem::Failed,
        }
    })?;
    let json = method(&credential, "toJSON")?
        .call0(&credential)
        .map_err(|_| BrowserProblem::Failed)?;
    JSON::stringify(&json)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(BrowserProblem::Failed)
}
