//! Checks every request passes before it reaches a page or a server function: requests from
//! other sites are refused, and a request the server cannot decode is the client's fault (400),
//! not ours (500).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::error::AppError;

/// Largest request body accepted. Above the caseload import's own limit (2 MB of CSV, which
/// form encoding can make up to three times longer), so that an import just over its limit
/// still gets the field message.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The app's own origin, as people reach it.
#[derive(Clone, Debug)]
pub struct OwnOrigin(pub String);

impl OwnOrigin {
    /// `scheme://host[:port]` of the public URL.
    pub fn from_public_url(public_url: &str) -> OwnOrigin {
        OwnOrigin(origin_of(public_url).unwrap_or_default())
    }
}

/// `scheme://host[:port]` of a URL, lowercased; `None` if it has no scheme and host.
fn origin_of(url: &str) -> Option<String> {
    let uri: Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?;
    Some(format!("{scheme}://{authority}").to_lowercase())
}

/// Whether a request that changes state came from one of the app's own pages. Browsers send
/// `Origin` on every cross-site POST; `Referer` is the fallback. A request with neither comes
/// from outside a browser (a script, a test), where cross-site forgery is not the threat.
fn same_origin(headers: &HeaderMap, own: &OwnOrigin) -> bool {
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(claimed) = claimed else {
        return true;
    };
    let Some(claimed) = origin_of(claimed) else {
        return false;
    };
    if claimed == own.0 {
        return true;
    }
    // Reached under another name than the public URL (a proxy, localhost): the page and the
    // request then name the same host.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host.is_some_and(|host| {
        claimed
            .split_once("://")
            .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
    })
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses a state-changing request whose `Origin` (or `Referer`) is another site: defence in
/// depth beside `SameSite=Lax` cookies.
pub async fn refuse_cross_site(
    State(own): State<OwnOrigin>,
    request: Request,
    next: Next,
) -> Response {
    if changes_state(request.method()) && !same_origin(request.headers(), &own) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, json_error(&AppError::Forbidden)).into_response();
    }
    next.run(request).await
}

/// A server function whose arguments could not be decoded answers 400 with what was wrong.
/// The server function library answers 500 for every error it meets before the function runs;
/// only `Transport` errors arise there, and they are always the request's fault.
pub async fn bad_requests_are_400(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are small JSON; anything longer is not one of ours to reinterpret.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(AppError::Transport(_)) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn json_error(err: &AppError) -> ([(header::HeaderName, &'static str); 1], String) {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(err).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(k.clone(), v.parse().unwrap());
        }
        map
    }

    #[test]
    fn own_and_absent_origins_pass_and_others_do_not() {
        let own = OwnOrigin::from_public_url("https://draagkracht.example.nl/");
        assert!(same_origin(&headers(&[]), &own));
        assert!(same_origin(
            &headers(&[(header::ORIGIN, "https://draagkracht.example.nl")]),
            &own
        ));
        assert!(same_origin(
            &headers(&[(
                header::REFERER,
                "https://draagkracht.example.nl/signals?x=1"
            )]),
            &own
        ));
        assert!(!same_origin(
            &headers(&[(header::ORIGIN, "https://evil.example")]),
            &own
        ));
        assert!(!same_origin(
            &headers(&[(header::ORIGIN, "http://draagkracht.example.nl")]),
            &own
        ));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "null")]), &own));
        assert!(!same_origin(
            &headers(&[(
                header::REFERER,
                "https://draagkracht.example.nl.evil.example/"
            )]),
            &own
        ));
    }

    #[test]
    fn a_page_reached_under_its_host_name_passes() {
        let own = OwnOrigin::from_public_url("http://127.0.0.1:3000");
        assert!(same_origin(
            &headers(&[
                (header::ORIGIN, "http://localhost:3000"),
                (header::HOST, "localhost:3000")
            ]),
            &own
        ));
        assert!(!same_origin(
            &headers(&[
                (header::ORIGIN, "http://localhost:3001"),
                (header::HOST, "localhost:3000")
            ]),
            &own
        ));
    }
}
