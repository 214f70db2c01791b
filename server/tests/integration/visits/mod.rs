//! Turen bij de Buren through the real router on both databases: capacity holds under many
//! simultaneous bookings, teams of organisations that did not opt in stay invisible, and
//! free text never names a client.

use app::limits::api::Inbox;
use app::shared::ids::BookingId;
use app::shared::ids::{SlotId, TeamId};
use app::visits::api::BookVisit;
use app::visits::api::CancelBooking;
use app::visits::api::MyVisits;
use app::visits::api::NeighboursDirectory;
use app::visits::api::VisitOffers;
use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{Duration, Utc};

use crate::common::{Backend, TestApp};
use app::error::FieldProblem;
use app::visits::model::{BookingStatus, NewOffer, NewSlot};
use app::visits::views::{Neighbour, OfferCard};
use draagkracht::demo::DEMO_PASSWORD;

mod follow_up;

/// Ambulant Team West (Het Anker) offers a slot with room for `capacity` visitors.
pub(crate) async fn anker_slot(app: &TestApp, capacity: u32) -> (TeamId, SlotId) {
    let west = crate::fixtures::team(app, "Ambulant Team West").await;
    let kees = crate::fixtures::user(app, "leider@anker.demo").await;
    let offer = NewOffer {
        theme: "Outreachend werken".into(),
        what_to_see: "Ons teamoverleg en een ronde door de wijk".into(),
        location: "Ankerplein 3".into(),
        language: "nl".into(),
    };
    let id = app::visits::store::insert_offer(&app.db, west, &offer, None, kees, Utc::now())
        .await
        .expect("offer");
    let slot = NewSlot {
        starts_at: Utc::now() + Duration::days(20),
        minutes: 120,
        capacity,
    };
    let slot = app::visits::store::insert_slot(&app.db, id, &slot)
        .await
        .expect("slot");
    (west, slot)
}

async fn twenty_bookings_on_three_places_give_exactly_three(backend: Backend) {
    let app = Arc::new(TestApp::with_demo(backend).await);
    let (_, slot) = anker_slot(&app, 3).await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let mehmet = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    let cookie = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let mut bookings = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (app, cookie) = (app.clone(), cookie.clone());
        bookings.spawn(async move {
            let (team, visitor) = (noord, mehmet.to_string());
            let question = format!("Hoe bouwen jullie vertrouwen op? ({i})");
            app.send(
                Some(&cookie),
                BookVisit {
                    slot,
                    team,
                    visitors: visitor.to_string(),
                    question: question.to_string(),
                },
            )
            .await
        });
    }
    let (mut accepted, mut refused) = (0, 0);
    while let Some(reply) = bookings.join_next().await {
        let reply = reply.expect("task");
        if reply.status == StatusCode::OK {
            accepted += 1;
        } else {
            let err: app::error::AppError =
                serde_json::from_str(&reply.body).expect("a clear error");
            assert_eq!(
                err.at_field("slot"),
                Some(FieldProblem::Full),
                "{}",
                reply.body
            );
            refused += 1;
        }
    }
    assert_eq!((accepted, refused), (3, 17));
    let held = app::visits::store::slot_bookings(&app.db, slot)
        .await
        .expect("bookings");
    assert_eq!(held.len(), 3, "refused bookings left nothing behind");
    assert!(
        held.iter()
            .all(|(s, n)| *s == BookingStatus::Requested && *n == 1)
    );
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM visit_visitors v JOIN visit_bookings b ON b.id = v.booking_id WHERE b.slot_id = {slot}")).await, 3);
    assert_eq!(
        app.count(&format!("SELECT taken FROM visit_slots WHERE id = {slot}"))
            .await,
        3
    );

    // A cancellation gives its place back, and one more booking then fits.
    let first = BookingId(
        app.id(&format!(
            "SELECT MIN(id) FROM visit_bookings WHERE slot_id = {slot}"
        ))
        .await,
    );
    let err = app
        .send_err(
            Some(&cookie),
            CancelBooking {
                booking: first,
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("reason"), Some(FieldProblem::Required));
    let reply = app
        .send(
            Some(&cookie),
            CancelBooking {
                booking: first,
                reason: "Ziekte in het team".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let form = BookVisit {
        slot,
        team: noord,
        visitors: mehmet.to_string(),
        question: "Nog één keer".to_owned(),
    };
    assert_eq!(
        app.send(Some(&cookie), form.clone()).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.send_err(Some(&cookie), form).await.at_field("slot"),
        Some(FieldProblem::Full)
    );
}

async fn a_team_of_an_organisation_that_did_not_opt_in_is_invisible(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let (west, slot) = anker_slot(&app, 3).await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let mehmet = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    let profile = app::visits::store::Profile {
        accepts: true,
        region: "West".into(),
        what_to_see: "Outreach".into(),
        contact: None,
        target: Default::default(),
    };
    app::visits::store::save_profile(&app.db, west, &profile)
        .await
        .expect("profile");
    let cookie = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let sees_west = |dir: &[Neighbour]| dir.iter().any(|n| n.team == west);
    let offers_west = |offers: &[OfferCard]| offers.iter().any(|o| o.host == west);

    let dir: Vec<Neighbour> = app.send_ok(Some(&cookie), NeighboursDirectory {}).await;
    assert!(sees_west(&dir), "Het Anker opted in");
    let offers: Vec<OfferCard> = app.send_ok(Some(&cookie), VisitOffers {}).await;
    assert!(offers_west(&offers));

    app::execute!(
        &app.db,
        "UPDATE organisations SET visible_to_neighbours = FALSE WHERE name = 'Stichting Het Anker'"
    )
    .expect("opt out");
    let dir: Vec<Neighbour> = app.send_ok(Some(&cookie), NeighboursDirectory {}).await;
    assert!(!sees_west(&dir), "gone from the directory");
    let offers: Vec<OfferCard> = app.send_ok(Some(&cookie), VisitOffers {}).await;
    assert!(!offers_west(&offers), "and from the offers");
    let visitor_s = mehmet.to_string();
    let reply = app
        .send(
            Some(&cookie),
            BookVisit {
                slot,
                team: noord,
                visitors: visitor_s.to_string(),
                question: "Mag ik kijken?".to_owned(),
            },
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "its slots cannot be booked either"
    );
    assert!(!reply.body.contains("Ambulant"), "and no name leaks");
    // Its own teams still see it.
    let kees = app.login("leider@anker.demo", DEMO_PASSWORD).await;
    let dir: Vec<Neighbour> = app.send_ok(Some(&kees), NeighboursDirectory {}).await;
    assert!(sees_west(&dir));
}

async fn a_kijkvraag_may_not_name_a_client(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let (_, slot) = anker_slot(&app, 3).await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let mehmet = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    let sql =
        format!("SELECT MIN(code) FROM clients WHERE team_id = {noord} AND status = 'active'");
    let (code,): (String,) =
        app::on_db!(&app.db, p => sqlx::query_as(&sql).fetch_one(p).await).expect("a client");
    let cookie = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let visitor_s = mehmet.to_string();
    for question in [
        format!("Hoe zouden jullie {code} benaderen?"),
        "Over K-0142".to_owned(),
    ] {
        let err = app
            .send_err(
                Some(&cookie),
                BookVisit {
                    slot,
                    team: noord,
                    visitors: visitor_s.to_string(),
                    question: question.to_string(),
                },
            )
            .await;
        assert_eq!(
            err.at_field("question"),
            Some(FieldProblem::IdentifyingDetail),
            "{question}"
        );
    }
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM visit_bookings WHERE slot_id = {slot}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count(&format!("SELECT taken FROM visit_slots WHERE id = {slot}"))
            .await,
        0
    );
}

/// A team without a neighbour visit for half a year gets an invitation to one, for its leader;
/// a booked visit answers it.
async fn a_team_that_stays_home_is_invited_to_a_neighbour_visit(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let oost = crate::fixtures::team(&app, "Jeugdteam Oost").await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let long_ago = Utc::now() - Duration::weeks(30);
    for team in [oost, noord] {
        app::execute!(
            &app.db,
            "UPDATE teams SET created_at = $1 WHERE id = $2",
            long_ago,
            team
        )
        .expect("an older team");
    }
    let visit_proposals = |team: TeamId| {
        format!(
            "SELECT COUNT(*) FROM proposals WHERE team_id = {team} AND kind = 'no_neighbour_visit' \
             AND proposes = 'neighbour_visit' AND audience_user_id = 0 AND status = 'open'"
        )
    };
    for team in [oost, noord] {
        app::limits::store::refresh_team(&app.db, team, Utc::now())
            .await
            .expect("rules");
    }
    assert_eq!(
        app.count(&visit_proposals(oost)).await,
        1,
        "Oost never looked along"
    );
    assert_eq!(
        app.count(&visit_proposals(noord)).await,
        0,
        "Noord visited West ten weeks ago"
    );

    // The leader reads it as an invitation in plain words.
    let jasper = app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    let inbox: app::limits::views::ProposalInbox = app.send_ok(Some(&jasper), Inbox {}).await;
    assert!(
        inbox
            .team
            .iter()
            .any(|p| p.proposes == app::limits::model::Proposes::NeighbourVisit)
    );
}

/// Only the leader keeps the team's directory entry and target; bad values at the field.
async fn the_leader_sets_the_yearly_target(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord")
        .await
        .to_string();
    let form = |host: &'static str| {
        let team = noord.clone();
        move || {
            vec![
                ("team", team.clone()),
                ("accepts", "yes".to_owned()),
                ("region", "Noord".to_owned()),
                ("shown_to_visitors", "Ons wijkteamoverleg".to_owned()),
                ("host_target", host.to_owned()),
                ("visit_target", "1".to_owned()),
            ]
        }
    };
    let pairs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, x)| (*k, x.clone())).collect::<Vec<_>>()
    };
    let mehmet = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let lotte = app.login("leider@linde.demo", DEMO_PASSWORD).await;
    let good = pairs(&form("3")());
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call("save_visit_profile", Some(&mehmet), &good)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = pairs(&form("99")());
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let err = app.call_err("save_visit_profile", Some(&lotte), &bad).await;
    assert_eq!(err.at_field("host_target"), Some(FieldProblem::OutOfRange));
    assert_eq!(
        app.call("save_visit_profile", Some(&lotte), &good)
            .await
            .status,
        StatusCode::OK
    );
    let board: app::visits::views::VisitsBoard = app.send_ok(Some(&lotte), MyVisits {}).await;
    let mine = board
        .teams
        .iter()
        .find(|t| t.team.to_string() == noord)
        .expect("Noord");
    assert_eq!((mine.target.host, mine.target.visit), (3, 1));
    assert!(mine.leads && mine.accepts_visits);
    assert_eq!(mine.what_to_see, "Ons wijkteamoverleg");
}

on_both_databases!(
    the_leader_sets_the_yearly_target,
    a_team_that_stays_home_is_invited_to_a_neighbour_visit,
    twenty_bookings_on_three_places_give_exactly_three,
    a_team_of_an_organisation_that_did_not_opt_in_is_invisible,
    a_kijkvraag_may_not_name_a_client,
);
