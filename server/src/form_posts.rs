//! A plain form post (before the page's script has loaded, or without it) comes back to its
//! page. Leptos puts a failure in that address (`__path`, `__err`) so the page shows the problem
//! at the field; this puts a success there too (`__ok`, the server function's path), so the
//! page can say "saved" beside the form that was sent (`app::ui::form::just_saved`).

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

pub async fn mark_success(request: Request, next: Next) -> Response {
    let sent = plain_form_post(&request).then(|| {
        let referer = request.headers().get(header::REFERER);
        let page = referer.and_then(|r| r.to_str().ok()).map(page_of);
        (request.uri().path().to_owned(), page.map(str::to_owned))
    });
    let mut response = next.run(request).await;
    let Some((function, Some(page))) = sent else {
        return response;
    };
    if !response.status().is_redirection() {
        return response;
    }
    let marked = response
        .headers()
        .get(header::LOCATION)
        .and_then(|to| to.to_str().ok())
        .and_then(|to| with_success(to, &page, &function))
        .and_then(|to| HeaderValue::from_str(&to).ok());
    if let Some(to) = marked {
        response.headers_mut().insert(header::LOCATION, to);
    }
    response
}

/// A browser posting a form to a server function, asking for a page back.
fn plain_form_post(request: &Request) -> bool {
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

/// The address without its query.
fn page_of(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// Where a post goes back to on its page: marked with the function that succeeded, and without
/// an earlier success when it failed (or the page would say "saved" beside the problem).
/// `None` for a redirect elsewhere (after logging in, say), which stays as it is.
pub fn with_success(location: &str, page: &str, function: &str) -> Option<String> {
    if page_of(location) != page {
        return None;
    }
    let failed = location.contains("__err=");
    // The other pairs stay byte for byte: re-encoding them (form_urlencoded would) could change
    // how the `__err` that Leptos wrote reads back on the page.
    let query = location.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("__ok="))
        .collect();
    let marker = format!("__ok={function}");
    if !failed {
        kept.push(&marker);
    }
    Some(match kept.is_empty() {
        true => page.to_owned(),
        false => format!("{page}?{}", kept.join("&")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://127.0.0.1:3000/teams/1/balance";

    #[test]
    fn a_success_back_on_its_page_is_marked_with_its_function() {
        assert_eq!(
            with_success(PAGE, PAGE, "/api/save_capacity").as_deref(),
            Some("http://127.0.0.1:3000/teams/1/balance?__ok=/api/save_capacity")
        );
    }

    #[test]
    fn the_page_keeps_its_query_and_only_the_latest_success() {
        let location = format!("{PAGE}?sort=load&__ok=/api/old");
        assert_eq!(
            with_success(&location, PAGE, "/api/new").as_deref(),
            Some("http://127.0.0.1:3000/teams/1/balance?sort=load&__ok=/api/new")
        );
    }

    #[test]
    fn a_failure_keeps_its_problem_and_loses_an_earlier_success() {
        let failed = format!("{PAGE}?__ok=/api/old&__path=/api/x&__err=abc");
        assert_eq!(
            with_success(&failed, PAGE, "/api/x").as_deref(),
            Some("http://127.0.0.1:3000/teams/1/balance?__path=/api/x&__err=abc")
        );
    }

    #[test]
    fn a_redirect_elsewhere_is_left_alone() {
        assert_eq!(with_success("/login", PAGE, "/api/logout"), None);
    }
}
