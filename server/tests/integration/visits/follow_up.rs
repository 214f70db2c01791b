//! After a booking, both sides hear of it and see it in their calendars: the host's leaders
//! are told of a request, the visitors of the answer, the other side of a cancellation; the
//! visit is a valid `.ics` for both teams only, and sits in the private feed of those taking
//! part.

use app::calendar::api::RenewCalendarFeed;
use app::notifications::api::MyNotifications;
use app::shared::ids::RequestId;
use app::shared::ids::SlotId;
use app::shared::ids::{BookingId, OfferId};
use app::shared::ids::{TeamId, UserId};
use app::visits::api::BookVisit;
use app::visits::api::CancelBooking;
use app::visits::api::DecideBooking;
use app::visits::api::MyVisits;
use app::visits::api::PostVisitRequest;
use app::visits::api::VisitOffers;
use app::visits::offers::api::CloseVisitRequest;
use app::visits::offers::api::{AddVisitSlot, CloseVisitOffer};
use axum::http::StatusCode;
use chrono::{Duration, TimeZone, Utc};

use crate::common::{Backend, TestApp};
use app::notifications::model::{About, NotificationItem, NotificationKind};
use app::visits::model::{NewOffer, NewSlot};
use app::visits::views::{OfferCard, VisitsBoard};
use draagkracht::demo::DEMO_PASSWORD;

struct Visit {
    app: TestApp,
    booking: BookingId,
    offer: OfferId,
    slot: SlotId,
    /// Mehmet booked for Wijkteam Noord, with Sanne as the other visitor.
    mehmet: String,
    sanne: String,
    /// Kees leads the host, Ambulant Team West.
    kees: String,
}

/// Ambulant Team West offers a slot in 2030; Mehmet books it for himself and Sanne.
async fn booked(backend: Backend) -> Visit {
    let app = TestApp::with_demo(backend).await;
    let id = |sql: &'static str| app.id(sql);
    let west = id("SELECT id FROM teams WHERE name = 'Ambulant Team West'").await;
    let noord = TeamId(id("SELECT id FROM teams WHERE name = 'Wijkteam Noord'").await);
    let kees_id = id("SELECT id FROM users WHERE email = 'leider@anker.demo'").await;
    let mehmet_id = id("SELECT id FROM users WHERE email = 'medewerker@linde.demo'").await;
    let sanne_id = id("SELECT id FROM users WHERE email = 'sanne@linde.demo'").await;
    let offer = NewOffer {
        theme: "Outreachend werken".into(),
        what_to_see: "Ons teamoverleg".into(),
        location: "Ankerplein 3".into(),
        language: "nl".into(),
    };
    let offer = app::visits::store::insert_offer(
        &app.db,
        TeamId(west),
        &offer,
        None,
        UserId(kees_id),
        Utc::now(),
    )
    .await
    .expect("offer");
    let slot = NewSlot {
        starts_at: Utc.with_ymd_and_hms(2030, 3, 5, 8, 30, 0).unwrap(),
        minutes: 90,
        capacity: 4,
    };
    let slot = app::visits::store::insert_slot(&app.db, offer, &slot)
        .await
        .expect("slot");
    let mehmet = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let sanne = app.login("sanne@linde.demo", DEMO_PASSWORD).await;
    let kees = app.login("leider@anker.demo", DEMO_PASSWORD).await;
    let visitors = format!("{mehmet_id},{sanne_id}");
    let booking: BookingId = app
        .send_ok(
            Some(&mehmet),
            BookVisit {
                slot,
                team: noord,
                visitors: visitors.to_string(),
                question: "Hoe houden jullie contact met wie de deur dichthoudt?".to_owned(),
            },
        )
        .await;
    Visit {
        app,
        booking,
        offer,
        slot,
        mehmet,
        sanne,
        kees,
    }
}

async fn about_this_visit(v: &Visit, cookie: &str) -> Vec<NotificationItem> {
    let all: Vec<NotificationItem> = v.app.send_ok(Some(cookie), MyNotifications {}).await;
    all.into_iter()
        .filter(|n| n.visit() == Some(v.booking))
        .collect()
}

fn kinds(items: &[NotificationItem]) -> Vec<NotificationKind> {
    items.iter().map(|n| n.kind).collect()
}

async fn each_side_hears_what_the_other_did(backend: Backend) {
    let v = booked(backend).await;
    let to_kees = about_this_visit(&v, &v.kees).await;
    assert_eq!(kinds(&to_kees), [NotificationKind::VisitBooked]);
    assert_eq!(
        to_kees[0].about,
        About::Visit {
            booking: v.booking,
            host_team: "Ambulant Team West".into(),
            visiting_team: "Wijkteam Noord".into(),
            theme: "Outreachend werken".into(),
        }
    );
    assert!(
        about_this_visit(&v, &v.mehmet).await.is_empty(),
        "whoever booked is not told of their own booking"
    );
    assert!(about_this_visit(&v, &v.sanne).await.is_empty());

    let booking = v.booking;
    let reply = v
        .app
        .send(
            Some(&v.kees),
            DecideBooking {
                booking,
                decision: "confirm".to_owned(),
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for visitor in [&v.mehmet, &v.sanne] {
        assert_eq!(
            kinds(&about_this_visit(&v, visitor).await),
            [NotificationKind::VisitConfirmed]
        );
    }
    assert_eq!(kinds(&about_this_visit(&v, &v.kees).await).len(), 1);

    // Sanne cancels: the host hears of it, Mehmet (her own side) does not.
    let reply = v
        .app
        .send(
            Some(&v.sanne),
            CancelBooking {
                booking,
                reason: "Te veel crisis deze week".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        kinds(&about_this_visit(&v, &v.kees).await),
        [
            NotificationKind::VisitCancelled,
            NotificationKind::VisitBooked
        ]
    );
    assert_eq!(
        kinds(&about_this_visit(&v, &v.mehmet).await),
        [NotificationKind::VisitConfirmed]
    );

    // The emails say what happened to which visit, and no more.
    let pending = app::notifications::store::unsent_emails(
        &v.app.db,
        Utc::now() - Duration::hours(1),
        Utc::now(),
    )
    .await
    .expect("pending emails");
    let on_visit: Vec<_> = pending
        .iter()
        .filter(|p| matches!(p.about, About::Visit { booking, .. } if booking == v.booking))
        .map(|p| (p.kind.as_str(), p.email.as_str()))
        .collect();
    assert_eq!(
        on_visit.first(),
        Some(&("visit_booked", "leider@anker.demo"))
    );
    assert_eq!(
        on_visit.last(),
        Some(&("visit_cancelled", "leider@anker.demo"))
    );
    let mut middle = on_visit[1..on_visit.len() - 1].to_vec();
    middle.sort();
    assert_eq!(
        middle,
        [
            ("visit_confirmed", "medewerker@linde.demo"),
            ("visit_confirmed", "sanne@linde.demo"),
        ]
    );
}

async fn both_teams_have_the_visit_in_their_calendars(backend: Backend) {
    let v = booked(backend).await;
    let path = format!("/visits/{}/visit.ics", v.booking);
    for side in [&v.kees, &v.sanne] {
        let reply = v.app.get(&path, Some(side), &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let event = visit_event(&reply.body, v.booking).expect("the visit");
        assert_eq!(event.status, "TENTATIVE", "not yet confirmed");
        assert!(!icalendar::parser::unfold(&reply.body).contains("deur dichthoudt"));
        assert_eq!(event.start, "20300305T093000", "in Amsterdam time");
        assert!(event.summary.contains("Wijkteam Noord"));
        assert!(event.summary.contains("Ambulant Team West"));
        assert!(reply.body.contains("Europe/Amsterdam"));
    }
    // A team that neither hosts nor visits finds nothing; nobody logged in is asked to log in.
    let outsider = v.app.login("bw.leider@anker.demo", DEMO_PASSWORD).await;
    assert_eq!(
        v.app.get(&path, Some(&outsider), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        v.app.get(&path, None, &[]).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Confirmed, it is confirmed in the feed of a visitor and of the host.
    let booking = v.booking.to_string();
    v.app
        .call_ok::<()>(
            "decide_booking",
            Some(&v.kees),
            &[
                ("booking", &booking),
                ("decision", "confirm"),
                ("reason", ""),
            ],
        )
        .await;
    for side in [&v.sanne, &v.kees] {
        let token: String = v.app.send_ok(Some(side), RenewCalendarFeed {}).await;
        let reply = v
            .app
            .get(&format!("/calendar/{token}.ics"), None, &[])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let event = visit_event(&reply.body, v.booking).expect("the visit is in the feed");
        assert_eq!(event.status, "CONFIRMED");
        // Calendar services poll the feed: it carries a link, never the kijkvraag.
        let unfolded = icalendar::parser::unfold(&reply.body);
        assert!(!unfolded.contains("deur dichthoudt"), "{unfolded}");
        assert!(
            unfolded.contains("https://draagkracht.test/visits"),
            "{unfolded}"
        );
    }
    // Someone of the visiting team who is not going does not get it in their feed.
    let lotte = v.app.login("leider@linde.demo", DEMO_PASSWORD).await;
    let token: String = v.app.send_ok(Some(&lotte), RenewCalendarFeed {}).await;
    let feed = v
        .app
        .get(&format!("/calendar/{token}.ics"), None, &[])
        .await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(visit_event(&feed.body, v.booking).is_none());
}

struct VisitEvent {
    status: String,
    start: String,
    summary: String,
}

/// The event of `booking` in a calendar, read with an iCalendar parser.
fn visit_event(body: &str, booking: BookingId) -> Option<VisitEvent> {
    let unfolded = icalendar::parser::unfold(body);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("a valid calendar");
    let uid = format!("visit-{booking}@");
    let event = parsed.components.iter().find(|c| {
        c.name.as_str() == "VEVENT"
            && c.find_prop("UID")
                .is_some_and(|p| p.val.as_str().starts_with(&uid))
    })?;
    let prop = |name: &str| {
        event
            .find_prop(name)
            .map(|p| p.val.as_str().to_owned())
            .unwrap_or_default()
    };
    Some(VisitEvent {
        status: prop("STATUS"),
        start: prop("DTSTART"),
        summary: prop("SUMMARY"),
    })
}

async fn offers(v: &Visit, cookie: &str) -> Vec<OfferCard> {
    v.app.send_ok(Some(cookie), VisitOffers {}).await
}

async fn the_host_adds_times_and_closes_its_offer_and_a_team_its_request(backend: Backend) {
    let v = booked(backend).await;
    let slot_form = |date: &str| AddVisitSlot {
        offer: v.offer,
        date: date.to_owned(),
        time: "13:00".to_owned(),
        minutes: "90".to_owned(),
        capacity: "2".to_owned(),
    };

    // Another team cannot touch the offer; it does not even learn that it exists.
    let reply = v.app.send(Some(&v.mehmet), slot_form("2030-04-02")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = v
        .app
        .send(Some(&v.mehmet), CloseVisitOffer { offer: v.offer })
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);

    // A date that does not exist is refused at the field, and nothing is added.
    let err = v.app.send_err(Some(&v.kees), slot_form("2030-02-30")).await;
    assert!(err.at_field("date").is_some(), "{err:?}");
    let reply = v.app.send(Some(&v.kees), slot_form("2030-04-02")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let seen = offers(&v, &v.mehmet).await;
    let ours = seen.iter().find(|o| o.id == v.offer).expect("the offer");
    assert_eq!(ours.slots.len(), 2);
    assert_eq!(ours.slots[1].places_left, 2);

    // Closed, it is gone from the offers and its times cannot be booked; the booking stands.
    let reply = v
        .app
        .send(Some(&v.kees), CloseVisitOffer { offer: v.offer })
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(offers(&v, &v.mehmet).await.iter().all(|o| o.id != v.offer));
    let noord = crate::fixtures::team(&v.app, "Wijkteam Noord").await;
    let mehmet_id = crate::fixtures::user(&v.app, "medewerker@linde.demo").await;
    let reply = v
        .app
        .send(
            Some(&v.mehmet),
            BookVisit {
                slot: v.slot,
                team: noord,
                visitors: mehmet_id.to_string(),
                question: "Mogen we nog komen?".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(
        v.app
            .count(&format!(
                "SELECT COUNT(*) FROM visit_bookings WHERE id = {} AND status = 'requested'",
                v.booking
            ))
            .await,
        1
    );

    // A request is closed by its own team only.
    let request: RequestId = v
        .app
        .send_ok(
            Some(&v.mehmet),
            PostVisitRequest {
                team: noord,
                wish: "Hoe organiseren jullie de nachtdienst?".to_owned(),
            },
        )
        .await;
    let reply = v
        .app
        .send(Some(&v.kees), CloseVisitRequest { request })
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = v
        .app
        .send(Some(&v.sanne), CloseVisitRequest { request })
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let board: VisitsBoard = v.app.send_ok(Some(&v.kees), MyVisits {}).await;
    assert!(board.requests.iter().all(|r| r.id != request));
}

async fn admins_see_every_teams_ledger(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    let lotte = app.login("leider@linde.demo", DEMO_PASSWORD).await;
    let board: VisitsBoard = app.send_ok(Some(&admin), MyVisits {}).await;
    let all = board
        .organisation
        .expect("an admin sees the organisation's ledger");
    let teams = app
        .count("SELECT COUNT(*) FROM teams WHERE organisation_id = (SELECT organisation_id FROM users WHERE email = 'beheer@linde.demo')")
        .await;
    assert_eq!(
        all.len() as i64,
        teams,
        "every team of the organisation, none of another"
    );
    assert!(all.iter().all(|t| t.name != "Ambulant Team West"));
    // Each line is the team's own ledger, as the team itself sees it.
    let own: VisitsBoard = app.send_ok(Some(&lotte), MyVisits {}).await;
    assert!(own.organisation.is_none(), "a leader is not an admin");
    let noord = own
        .teams
        .iter()
        .find(|t| t.name == "Wijkteam Noord")
        .expect("Noord");
    let line = all
        .iter()
        .find(|t| t.team == noord.team)
        .expect("Noord's line");
    assert_eq!((line.ledger, line.target), (noord.ledger, noord.target));
    assert!(
        line.ledger.hosted > 0 && line.ledger.visited > 0,
        "the demo's visits count"
    );
}

on_both_databases!(
    each_side_hears_what_the_other_did,
    both_teams_have_the_visit_in_their_calendars,
    the_host_adds_times_and_closes_its_offer_and_a_team_its_request,
    admins_see_every_teams_ledger,
);
