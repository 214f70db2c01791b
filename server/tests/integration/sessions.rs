//! Sessions through the real router on both databases: the method library is seeded once, an
//! accepted proposal becomes a session exactly once, input is checked at the field, the slot
//! finder respects everyone's diary, a new time asks everyone again, and calendar downloads
//! and feeds are valid and private.

use app::calendar::api::RenewCalendarFeed;
use app::calendar::api::RevokeCalendarFeed;
use app::limits::api::Inbox;
use app::sessions::plan::api::AddAbsence;
use app::sessions::plan::api::AnswerInvitation;
use app::sessions::plan::api::MethodLibrary;
use app::sessions::plan::api::ScheduleSession;
use app::sessions::plan::api::SessionDetail;
use app::sessions::plan::api::SessionsOverview;
use app::sessions::plan::api::SuggestSlots;
use axum::http::StatusCode;
use serde_json::json;

use crate::common::{Backend, TestApp};
use crate::fixtures::{Noord, noord};
use app::error::{AppError, FieldProblem};
use app::limits::api::DecideProposal;
use app::limits::model::ProposalId;
use app::limits::views::ProposalInbox;
use app::sessions::model::Answer;
use app::sessions::model::SessionId;
use app::sessions::plan::api::{CreateSession, PlannerChoices};
use app::sessions::views::{PlanningOptions, SessionRecord, SessionsBoard, SlotChoice};
use draagkracht::demo::DEMO_PASSWORD;

fn first_method(options: &PlanningOptions, kind: &str) -> String {
    options
        .methods
        .iter()
        .find(|m| m.kind.as_str() == kind)
        .map(|m| m.id.to_string())
        .expect("a seeded method of this kind")
}

/// Plans a session by hand with the pool facilitator, Mehmet presenting, Sanne and Youssef
/// taking part.
pub(crate) async fn plan_by_hand(n: &Noord, question: &str) -> SessionId {
    let options = choices(n, None).await;
    let form = CreateSession {
        place: "Zaal 2".to_owned(),
        ..n.intervision(&options, &[n.sanne_id, n.youssef_id], question)
    };
    n.app.send_ok(Some(&n.leader), form).await
}

/// What the leader may plan with, from a proposal or by hand.
pub(crate) async fn choices(n: &Noord, proposal: Option<ProposalId>) -> PlanningOptions {
    n.app
        .send_ok(
            Some(&n.leader),
            PlannerChoices {
                team: n.team_id,
                proposal,
            },
        )
        .await
}

async fn the_method_library_is_seeded_once_in_both_languages(backend: Backend) {
    let app = TestApp::new(backend).await;
    let seeded = "SELECT COUNT(*) FROM methods WHERE seed_key IS NOT NULL";
    assert_eq!(app.count(seeded).await, 7);
    app::sessions::methods::store::seed_library(&app.db, chrono::Utc::now())
        .await
        .expect("seeding again");
    assert_eq!(app.count(seeded).await, 7, "seeding twice changes nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM method_steps").await, 45);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM method_steps WHERE name_nl = '' OR name_en = '' OR purpose_en = ''")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT CAST(SUM(minutes) AS BIGINT) FROM method_steps s JOIN methods m ON m.id = s.method_id WHERE m.seed_key = 'dilemma'")
            .await,
        90
    );
}

/// Mehmet accepts one of his private intervision proposals: it goes to the leader to plan.
pub(crate) async fn accept_a_private_intervision_proposal(n: &Noord) -> ProposalId {
    let inbox: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    let proposal = inbox
        .mine
        .iter()
        .find(|p| {
            p.proposes.as_str() == "intervision"
                && matches!(
                    p.status,
                    app::limits::views::ProposalStatus::Open
                        | app::limits::views::ProposalStatus::Snoozed
                )
        })
        .expect("the demo gives Mehmet a private intervision proposal")
        .id;
    n.app
        .send_ok(
            Some(&n.mehmet),
            DecideProposal {
                proposal,
                decision: "accepted".to_owned(),
                reason: String::new(),
                until: String::new(),
            },
        )
        .await;
    proposal
}

/// Plans that proposal with the pool facilitator, Mehmet presenting and Sanne taking part.
pub(crate) async fn plan_proposal(n: &Noord, proposal: ProposalId) -> SessionId {
    let options = choices(n, Some(proposal)).await;
    let form = CreateSession {
        proposal: proposal.to_string(),
        ..n.intervision(
            &options,
            &[n.sanne_id],
            "Hoe blijf ik in contact als de deur dicht blijft?",
        )
    };
    n.app.send_ok(Some(&n.leader), form).await
}

async fn an_accepted_proposal_becomes_one_session(backend: Backend) {
    let n = noord(backend).await;
    let proposal = accept_a_private_intervision_proposal(&n).await;

    let board: SessionsBoard = n.app.send_ok(Some(&n.leader), SessionsOverview {}).await;
    assert!(
        board.to_plan.iter().any(|p| p.proposal == proposal),
        "the leader sees it to plan"
    );
    let mehmet_board: SessionsBoard = n.app.send_ok(Some(&n.mehmet), SessionsOverview {}).await;
    assert!(mehmet_board.to_plan.is_empty(), "only planners plan");

    let options = choices(&n, Some(proposal)).await;
    let seed = options
        .from_proposal
        .clone()
        .expect("the proposal's details");
    assert_eq!(
        seed.presenter,
        Some(n.mehmet_id),
        "the person it was about presents"
    );
    assert!(
        !seed.signals.is_empty(),
        "the signals that led to it are linked"
    );
    assert!(
        options
            .facilitators
            .iter()
            .any(|f| f.id == n.facilitator_id),
        "the organisation's pool facilitates too"
    );
    let form = CreateSession {
        proposal: proposal.to_string(),
        place: "https://video.example/noord".to_owned(),
        ..n.intervision(
            &options,
            &[n.sanne_id],
            "Hoe blijf ik in contact als de deur dicht blijft?",
        )
    };
    let before = n.app.count("SELECT COUNT(*) FROM sessions").await;
    let session = n.app.send_ok(Some(&n.leader), form.clone()).await;
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM session_signals WHERE session_id = {session}"
            ))
            .await as usize,
        seed.signals.len()
    );
    // Planning the same proposal twice is refused at the field, and writes nothing.
    let err = n.app.send_err(Some(&n.leader), form).await;
    assert_eq!(err.at_field("proposal"), Some(FieldProblem::Stale));
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM sessions").await,
        before + 1
    );
    let board: SessionsBoard = n.app.send_ok(Some(&n.leader), SessionsOverview {}).await;
    assert!(board.to_plan.iter().all(|p| p.proposal != proposal));

    // Invitees see it; a team member who is not invited finds nothing there.
    let record: SessionRecord = n
        .app
        .send_ok(Some(&n.mehmet), SessionDetail { session })
        .await;
    assert_eq!(record.presenter.id, n.mehmet_id);
    assert!(!record.may_plan);
    assert_eq!(record.my_answer, Some(Answer::Pending));
    let youssef = n.app.login("youssef@linde.demo", DEMO_PASSWORD).await;
    let reply = n.app.send(Some(&youssef), SessionDetail { session }).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // And only planners plan: Sanne, invited, cannot move it.
    let reply = n
        .app
        .send(
            Some(&n.sanne),
            ScheduleSession {
                session,
                date: "2030-01-07".to_owned(),
                time: "10:00".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

async fn session_input_is_checked_at_the_field_and_nothing_is_half_written(backend: Backend) {
    let n = noord(backend).await;
    // Anyone signed in can read the method library, in both languages.
    let library: Vec<app::sessions::model::Method> =
        n.app.send_ok(Some(&n.mehmet), MethodLibrary {}).await;
    assert_eq!(library.len(), 7);
    assert!(library.iter().all(|m| m.seeded && !m.steps.is_empty()));
    let options = choices(&n, None).await;
    let deliberation = first_method(&options, "moral_deliberation");
    let base = n.intervision(&options, &[n.sanne_id], "Een vraag");
    let sessions = n.app.count("SELECT COUNT(*) FROM sessions").await;
    let invitations = n
        .app
        .count("SELECT COUNT(*) FROM session_participants")
        .await;
    type Change = Box<dyn Fn(&mut CreateSession)>;
    let cases: [(&str, Change, FieldProblem); 7] = [
        (
            "question",
            Box::new(|f| f.question.clear()),
            FieldProblem::Required,
        ),
        (
            "question",
            Box::new(|f| f.question = "Bel 0612345678 of mail a@b.nl".to_owned()),
            FieldProblem::IdentifyingDetail,
        ),
        (
            "method",
            Box::new(move |f| f.method = deliberation.clone()),
            FieldProblem::UnknownChoice,
        ),
        (
            "facilitator",
            Box::new(|f| f.facilitator = "999999".to_owned()),
            FieldProblem::UnknownChoice,
        ),
        (
            "minutes",
            Box::new(|f| f.minutes = "2".to_owned()),
            FieldProblem::OutOfRange,
        ),
        (
            "date",
            Box::new(|f| f.date = "2030-13-01".to_owned()),
            FieldProblem::InvalidDate,
        ),
        (
            "participants",
            Box::new(|f| f.participants = "999999".to_owned()),
            FieldProblem::UnknownChoice,
        ),
    ];
    for (at, change, problem) in cases {
        let mut form = base.clone();
        change(&mut form);
        let err = n.app.send_err(Some(&n.leader), form.clone()).await;
        assert_eq!(err.at_field(at), Some(problem), "{form:?}: {err:?}");
    }
    assert_eq!(n.app.count("SELECT COUNT(*) FROM sessions").await, sessions);
    assert_eq!(
        n.app
            .count("SELECT COUNT(*) FROM session_participants")
            .await,
        invitations
    );
    // A member who neither leads nor facilitates cannot plan.
    let reply = n.app.send(Some(&n.mehmet), base).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

fn weekdays(from: &str, to: &str) -> serde_json::Value {
    json!(
        (1..=5)
            .map(|d| json!({"weekday": d, "starts": from, "ends": to}))
            .collect::<Vec<_>>()
    )
}

async fn the_slot_finder_respects_diaries_and_a_new_time_asks_everyone_again(backend: Backend) {
    let n = noord(backend).await;
    let session = plan_by_hand(&n, "Samen kijken naar een vastgelopen traject").await;
    let facilitator = n
        .app
        .login("gespreksleider@linde.demo", DEMO_PASSWORD)
        .await;
    let youssef = n.app.login("youssef@linde.demo", DEMO_PASSWORD).await;
    // Start from diaries without the demo's days away, so every figure below is this test's.
    app::execute!(&n.app.db, "DELETE FROM absences").expect("clear absences");
    // Everyone works weekdays; the facilitator only on Tuesday afternoons.
    for who in [&n.mehmet, &n.sanne, &youssef] {
        let reply = n
            .app
            .call_json(
                "save_windows",
                Some(who),
                json!({"rows": weekdays("09:00", "17:00")}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let reply = n
        .app
        .call_json(
            "save_windows",
            Some(&facilitator),
            json!({"rows": [{"weekday": 2, "starts": "13:00", "ends": "17:00"}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // A window that ends before it starts is refused at its row.
    let reply = n
        .app
        .call_json(
            "save_windows",
            Some(&youssef),
            json!({"rows": [{"weekday": 1, "starts": "09:00", "ends": "12:00"}, {"weekday": 3, "starts": "15:00", "ends": "11:00"}]}),
        )
        .await;
    let err: AppError = serde_json::from_str(&reply.body).expect("an error");
    assert_eq!(err.at_field("ends-1"), Some(FieldProblem::OutOfRange));
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM availability_windows WHERE user_id = {}",
                n.youssef_id
            ))
            .await,
        5,
        "the earlier windows are kept whole"
    );

    let slots: Vec<SlotChoice> = n
        .app
        .send_ok(Some(&n.leader), SuggestSlots { session })
        .await;
    assert!(!slots.is_empty());
    assert!(slots.len() <= 5);
    for slot in &slots {
        let local = slot.starts_at.with_timezone(&chrono_tz::Europe::Amsterdam);
        assert_eq!(local.format("%a").to_string(), "Tue", "{slot:?}");
        assert!(local.format("%H:%M").to_string().as_str() >= "13:00");
        assert_eq!(
            slot.attending, 4,
            "everyone can come on a Tuesday afternoon"
        );
    }
    // Sanne is away on the first proposed day: the finder no longer counts her then.
    let first_day = slots[0]
        .starts_at
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .format("%Y-%m-%d")
        .to_string();
    let _: app::sessions::views::AbsenceRow = n
        .app
        .send_ok(
            Some(&n.sanne),
            AddAbsence {
                first_day: first_day.to_string(),
                last_day: String::new(),
                reason: "training".to_owned(),
            },
        )
        .await;
    let after: Vec<SlotChoice> = n
        .app
        .send_ok(Some(&n.leader), SuggestSlots { session })
        .await;
    assert!(
        after
            .iter()
            .all(|s| s.starts_at != slots[0].starts_at || s.attending == 3)
    );
    assert!(
        after[0].attending == 4,
        "a day everyone can come ranks first"
    );

    // Picking a slot asks everyone; a new time asks again.
    let local = after[0]
        .starts_at
        .with_timezone(&chrono_tz::Europe::Amsterdam);
    let (date, time) = (
        local.format("%Y-%m-%d").to_string(),
        local.format("%H:%M").to_string(),
    );
    let reply = n
        .app
        .send(
            Some(&n.leader),
            ScheduleSession {
                session,
                date: date.to_string(),
                time: time.to_string(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = n
        .app
        .send(
            Some(&n.sanne),
            AnswerInvitation {
                session,
                answer: "yes".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let record: SessionRecord = n
        .app
        .send_ok(Some(&n.sanne), SessionDetail { session })
        .await;
    assert_eq!(record.starts_at, Some(after[0].starts_at));
    assert_eq!(record.my_answer, Some(Answer::Yes));
    let later = after.last().expect("more than one slot");
    let local = later.starts_at.with_timezone(&chrono_tz::Europe::Amsterdam);
    let reply = n
        .app
        .send(
            Some(&facilitator),
            ScheduleSession {
                session,
                date: local.format("%Y-%m-%d").to_string(),
                time: local.format("%H:%M").to_string(),
            },
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "the facilitator may move it: {}",
        reply.body
    );
    let record: SessionRecord = n
        .app
        .send_ok(Some(&n.sanne), SessionDetail { session })
        .await;
    assert_eq!(record.my_answer, Some(Answer::Pending), "asked again");
    // A time in the past is refused at the field.
    let err = n
        .app
        .send_err(
            Some(&n.leader),
            ScheduleSession {
                session,
                date: "2020-01-07".to_owned(),
                time: "10:00".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("date"), Some(FieldProblem::InvalidDate));
    // Someone not invited cannot answer.
    let other = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    let reply = n
        .app
        .send(
            Some(&other),
            AnswerInvitation {
                session,
                answer: "yes".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

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

async fn preparation_and_linked_signals_reach_only_whom_they_may(backend: Backend) {
    let n = noord(backend).await;
    let proposal = accept_a_private_intervision_proposal(&n).await;
    let session = plan_proposal(&n, proposal).await;
    let facilitator = n
        .app
        .login("gespreksleider@linde.demo", DEMO_PASSWORD)
        .await;
    let detail = async |who: &str| -> SessionRecord {
        n.app.send_ok(Some(who), SessionDetail { session }).await
    };
    // Each reader sees exactly the linked signals the visibility rules allow, never a note.
    let linked = |visibility: &str| {
        format!(
            "SELECT COUNT(*) FROM session_signals ss JOIN stuck_signals s ON s.id = ss.signal_id \
             WHERE ss.session_id = {session} AND s.visibility IN ({visibility})"
        )
    };
    let all = n.app.count(&linked("'private', 'leader', 'team'")).await as usize;
    assert!(all > 0, "the proposal's signals are linked");
    let mehmet = detail(&n.mehmet).await;
    assert!(mehmet.presenting);
    assert_eq!(
        mehmet.linked_signals.len(),
        all,
        "the author sees all of his own"
    );
    assert_eq!(
        detail(&n.leader).await.linked_signals.len(),
        n.app.count(&linked("'leader', 'team'")).await as usize
    );
    assert_eq!(
        detail(&n.sanne).await.linked_signals.len(),
        n.app.count(&linked("'team'")).await as usize
    );
    assert!(
        detail(&facilitator).await.linked_signals.is_empty(),
        "from outside the team, nothing"
    );

    // The presenter prepares; a detail that identifies someone is refused at its prompt.
    let save = async |who: &str, answers: serde_json::Value| {
        n.app
            .call_json(
                "save_preparation",
                Some(who),
                json!({"session": session, "answers": answers}),
            )
            .await
    };
    let reply = save(&n.mehmet, json!(["Mail me: m@example.nl", "", ""])).await;
    let err: AppError = serde_json::from_str(&reply.body).expect("an error");
    assert_eq!(
        err.at_field("answer-1"),
        Some(FieldProblem::IdentifyingDetail)
    );
    let reply = save(
        &n.mehmet,
        json!(["Hoe blijf ik betrokken?", "", "Rust in mijn hoofd"]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Only the presenter prepares.
    let reply = save(&n.sanne, json!(["Niet van mij"])).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // The facilitator reads it; the leader and the other participants do not.
    let expected = vec![
        (1u8, "Hoe blijf ik betrokken?".to_owned()),
        (3u8, "Rust in mijn hoofd".to_owned()),
    ];
    assert_eq!(
        detail(&facilitator).await.preparation,
        Some(expected.clone())
    );
    assert_eq!(detail(&n.mehmet).await.preparation, Some(expected));
    assert_eq!(detail(&n.leader).await.preparation, None);
    assert_eq!(detail(&n.sanne).await.preparation, None);
}

/// Two planners saving a session from one proposal at the same moment: one session, and the
/// other reads that the proposal was planned meanwhile (not a server error).
async fn one_proposal_planned_twice_at_once_makes_one_session(backend: Backend) {
    let n = std::sync::Arc::new(noord(backend).await);
    let proposal = accept_a_private_intervision_proposal(&n).await;
    let options = choices(&n, Some(proposal)).await;
    let form = CreateSession {
        proposal: proposal.to_string(),
        ..n.intervision(&options, &[n.sanne_id], "Tegelijk gepland")
    };
    let mut tries = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let (n, form) = (n.clone(), form.clone());
        tries.spawn(async move { n.app.send(Some(&n.leader), form).await });
    }
    let mut made = 0;
    while let Some(reply) = tries.join_next().await {
        let reply = reply.expect("task");
        if reply.status == StatusCode::OK {
            made += 1;
        } else {
            let err: AppError = serde_json::from_str(&reply.body).expect("an error body");
            assert_eq!(
                err.at_field("proposal"),
                Some(FieldProblem::Stale),
                "{err:?}"
            );
        }
    }
    assert_eq!(made, 1);
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM sessions WHERE proposal_id = {proposal}"
            ))
            .await,
        1
    );
}

on_both_databases!(
    one_proposal_planned_twice_at_once_makes_one_session,
    preparation_and_linked_signals_reach_only_whom_they_may,
    the_method_library_is_seeded_once_in_both_languages,
    an_accepted_proposal_becomes_one_session,
    session_input_is_checked_at_the_field_and_nothing_is_half_written,
    the_slot_finder_respects_diaries_and_a_new_time_asks_everyone_again,
    calendar_downloads_are_valid_and_feeds_are_private,
);
