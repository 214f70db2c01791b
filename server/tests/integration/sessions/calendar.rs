//! Calendar downloads are valid, and feeds are private.

use app::calendar::api::RenewCalendarFeed;
use app::calendar::api::RevokeCalendarFeed;
use app::sessions::plan::api::ScheduleSession;
use axum::http::StatusCode;

use crate::common::Backend;
use crate::fixtures::noord;
use draagkracht::demo::DEMO_PASSWORD;

use super::plan_by_hand;

async fn calendar_downloads_are_valid_and_feeds_are_private(backend: Backend) {
    let n = noord(backend).await;
    let session = plan_by_hand(&n, "Wat is hier goed?").await;
    let reply = n
        .app
        .send(
            Some(&n.leader),
            ScheduleSession {
                session,
                date: "2030-03-05".to_owned(),
                time: "13:30".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let path = format!("/sessions/{session}/session.ics");
    let reply = n.app.get(&path, Some(&n.mehmet), &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/calendar"))
    );
    let unfolded = icalendar::parser::unfold(&reply.body);
    assert!(!unfolded.contains("Wat is hier goed"), "{unfolded}");
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("a valid calendar");
    let event = parsed
        .components
        .iter()
        .find(|c| c.name.as_str() == "VEVENT")
        .expect("an event");
    let start = event.find_prop("DTSTART").expect("a start");
    assert_eq!(start.val.as_str(), "20300305T133000");
    assert!(start.params.iter().any(|p| p.key.as_str() == "TZID"
        && p.val.as_ref().map(|v| v.as_str()) == Some("Europe/Amsterdam")));
    assert!(
        parsed
            .components
            .iter()
            .any(|c| c.name.as_str() == "VTIMEZONE"),
        "the zone the TZID names is included"
    );
    // Not invited, not planning: nothing there. Not logged in: asked to log in.
    let outsider = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    assert_eq!(
        n.app.get(&path, Some(&outsider), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        n.app.get(&path, None, &[]).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The feed works with its token only, and stops when renewed or revoked.
    let token: String = n.app.send_ok(Some(&n.mehmet), RenewCalendarFeed {}).await;
    let feed = format!("/calendar/{token}.ics");
    let reply = n.app.get(&feed, None, &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains(&format!("session-{session}@")));
    // Outside calendar services read the feed: a link, never the case question.
    let unfolded_feed = icalendar::parser::unfold(&reply.body);
    assert!(
        !unfolded_feed.contains("Wat is hier goed"),
        "{unfolded_feed}"
    );
    assert!(unfolded_feed.contains(&format!("https://draagkracht.test/sessions/{session}")));
    let unfolded = icalendar::parser::unfold(&reply.body);
    assert!(icalendar::parser::read_calendar(&unfolded).is_ok());
    let sanne_token: String = n.app.send_ok(Some(&n.sanne), RenewCalendarFeed {}).await;
    assert_ne!(token, sanne_token);
    let newer: String = n.app.send_ok(Some(&n.mehmet), RenewCalendarFeed {}).await;
    assert_eq!(
        n.app.get(&feed, None, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let reply = n.app.send(Some(&n.mehmet), RevokeCalendarFeed {}).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        n.app
            .get(&format!("/calendar/{newer}.ics"), None, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        n.app
            .get("/calendar/not-a-token.ics", None, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM calendar_tokens WHERE token_hash = '{sanne_token}'"
            ))
            .await,
        0,
        "only a hash of the token is stored"
    );
}

on_both_databases!(calendar_downloads_are_valid_and_feeds_are_private,);
