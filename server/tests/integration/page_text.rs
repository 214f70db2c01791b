//! Every page, in both languages and for every role, shows words, never code or translation keys.

use crate::common::{Backend, TestApp};
use draagkracht::demo::DEMO_PASSWORD;

const ROLES: [&str; 4] = [
    "leider@linde.demo",
    "medewerker@linde.demo",
    "gespreksleider@linde.demo",
    "beheer@linde.demo",
];

/// What a reader sees: the text between tags, without scripts, styles and comments.
fn visible_text(html: &str) -> Vec<String> {
    let mut text = Vec::new();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        if skip_until.is_none() {
            let chunk = rest[..open].trim();
            if !chunk.is_empty() {
                text.push(
                    chunk
                        .replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">"),
                );
            }
        }
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = rest[open..tag_end].to_ascii_lowercase();
        if let Some(end) = skip_until {
            if tag.starts_with(end) {
                skip_until = None;
            }
        } else if tag.starts_with("<script") {
            skip_until = Some("</script");
        } else if tag.starts_with("<style") {
            skip_until = Some("</style");
        }
        if tag.starts_with("<!--") {
            rest = rest[open..]
                .find("-->")
                .map_or("", |e| &rest[open + e + 3..]);
            continue;
        }
        rest = &rest[tag_end..];
    }
    text
}

/// A fragment of Rust or of a view macro, or a translation key such as `balance.apply`.
fn looks_like_code(chunk: &str) -> bool {
    const FRAGMENTS: [&str; 9] = [".get()", "&&", "||", "=>", "move |", "::", "{", "}", "()"];
    let is_key = chunk.contains('.')
        && !chunk.contains(' ')
        && chunk.split('.').count() >= 2
        && chunk.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
    is_key || FRAGMENTS.iter().any(|f| chunk.contains(f))
}

async fn pages_show_no_code_or_keys(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let client = app
        .id(&format!(
            "SELECT MIN(id) FROM clients WHERE team_id = {noord}"
        ))
        .await;
    let method = app.id("SELECT MIN(id) FROM methods").await;
    let sessions: Vec<(i64,)> = app::on_db!(&app.db, p => sqlx::query_as(&format!("SELECT id FROM sessions WHERE team_id = {noord} ORDER BY id")).fetch_all(p).await)
        .expect("sessions");
    let mut paths = vec![
        "/".to_owned(),
        "/admin".into(),
        "/caseload".into(),
        format!("/clients/{client}"),
        format!("/teams/{noord}/balance"),
        format!("/teams/{noord}/clients"),
        format!("/teams/{noord}/import"),
        "/signals".into(),
        "/proposals".into(),
        format!("/teams/{noord}/limits"),
        format!("/teams/{noord}/signals"),
        "/sessions".into(),
        format!("/teams/{noord}/sessions/new"),
        "/methods".into(),
        "/methods/new".into(),
        format!("/methods/new?from={method}"),
        "/notifications".into(),
        "/visits".into(),
        "/availability".into(),
    ];
    for (id,) in sessions {
        paths.push(format!("/sessions/{id}"));
        paths.push(format!("/sessions/{id}/run"));
    }
    let mut seen = 0;
    for language in ["nl", "en"] {
        let lang_cookie = format!("draagkracht_lang={language}");
        let login = app.get("/login", Some(&lang_cookie), &[]).await;
        check(&login.body, "/login", "nobody", language);
        for role in ROLES {
            let session = app.login(role, DEMO_PASSWORD).await;
            let cookie = format!("{session}; {lang_cookie}");
            for path in &paths {
                let page = app.get(path, Some(&cookie), &[]).await;
                assert!(
                    [200, 403, 404].contains(&page.status.as_u16()),
                    "{path} as {role} in {language}: {}",
                    page.status
                );
                assert!(
                    page.body.contains(&format!("lang=\"{language}\"")),
                    "{path} as {role} is not in {language}"
                );
                check(&page.body, path, role, language);
                seen += 1;
            }
        }
    }
    assert!(seen > 150, "only {seen} pages were checked");
}

fn check(html: &str, path: &str, role: &str, language: &str) {
    let text = visible_text(html);
    assert!(
        !text.is_empty(),
        "{path} as {role} in {language} shows nothing"
    );
    let code: Vec<&String> = text.iter().filter(|c| looks_like_code(c)).collect();
    assert!(
        code.is_empty(),
        "{path} as {role} in {language} shows code or keys: {code:?}"
    );
}

#[test]
fn the_checker_sees_the_balance_page_fragment_and_keys() {
    let html = "<li>= SHORT_LIST && ! show_all.get() ><span>Verplaats K-1</span></li><p>balance.apply</p><script>var a = () => {}</script>";
    let text = visible_text(html);
    assert_eq!(text.len(), 3, "{text:?}");
    assert!(looks_like_code(&text[0]));
    assert!(!looks_like_code(&text[1]));
    assert!(looks_like_code(&text[2]));
    assert!(!looks_like_code("leider@linde.demo"));
    assert!(!looks_like_code("Wijkteam Noord (3 leden)"));
}

on_both_databases!(pages_show_no_code_or_keys);
