//! Planning: an accepted proposal becomes a session exactly once (also when two planners save
//! at the same moment), input is checked at the field, and preparation and linked signals
//! reach only whom they may.

use app::sessions::plan::api::MethodLibrary;
use app::sessions::plan::api::PrepareSession;
use app::sessions::plan::api::ScheduleSession;
use app::sessions::plan::api::SessionDetail;
use app::sessions::plan::api::SessionsOverview;
use axum::http::StatusCode;
use serde_json::json;

use crate::common::Backend;
use crate::fixtures::noord;
use app::error::{AppError, FieldProblem};
use app::sessions::model::{Answer, SessionId};
use app::sessions::plan::api::CreateSession;
use app::sessions::views::{SessionRecord, SessionsBoard};
use draagkracht::demo::DEMO_PASSWORD;

use super::{accept_a_private_intervision_proposal, choices, first_method, plan_proposal};

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

/// The planner's page as a plain form posts it: the kind follows from the method, each ticked
/// participant comes on its own (`participants[]`), and the planner lands on the new session.
/// It makes the same session as the typed `create_session` does.
async fn the_plain_planner_form_makes_a_session_and_goes_to_its_page(backend: Backend) {
    let n = noord(backend).await;
    let options = choices(&n, None).await;
    let page = format!("/teams/{}/sessions/new", n.team);
    let planner = n.app.get(&page, Some(&n.leader), &[]).await;
    assert_eq!(planner.status, StatusCode::OK);
    assert!(
        planner.body.contains("name=\"participants[]\""),
        "the form this test posts as: {}",
        planner.body
    );
    let method = first_method(&options, "intervision");
    let (facilitator, presenter) = (n.facilitator_id.to_string(), n.mehmet_id.to_string());
    let (sanne, youssef) = (n.sanne_id.to_string(), n.youssef_id.to_string());
    let form = |question: &'static str| {
        vec![
            ("team", n.team.clone()),
            ("proposal", String::new()),
            ("method", method.clone()),
            ("facilitator", facilitator.clone()),
            ("presenter", presenter.clone()),
            ("participants[]", sanne.clone()),
            ("participants[]", youssef.clone()),
            ("client", String::new()),
            ("question", question.to_owned()),
            ("place", "Zaal 3".to_owned()),
            ("minutes", "75".to_owned()),
            ("date", String::new()),
            ("time", String::new()),
        ]
    };
    let post = async |who: &str, form: Vec<(&'static str, String)>| {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        n.app
            .post_form("/api/plan_session", Some(who), &page, &form)
            .await
    };
    let sessions = n.app.count("SELECT COUNT(*) FROM sessions").await;
    let reply = post(&n.leader, form("Hoe blijf ik in contact?")).await;
    let to = reply.redirected_to().to_owned();
    let session: SessionId = to
        .strip_prefix("/sessions/")
        .and_then(|id| id.parse().ok())
        .map(SessionId)
        .unwrap_or_else(|| panic!("to the new session's page, not {to}"));
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM sessions").await,
        sessions + 1
    );
    let made: SessionRecord = n
        .app
        .send_ok(Some(&n.leader), SessionDetail { session })
        .await;
    assert_eq!(made.kind.as_str(), "intervision", "the method's kind");
    assert_eq!(made.question, "Hoe blijf ik in contact?");
    assert_eq!((made.place.as_str(), made.minutes), ("Zaal 3", 75));
    let invited: Vec<_> = made.invitees.iter().map(|i| i.user).collect();
    assert!(invited.contains(&n.sanne_id) && invited.contains(&n.youssef_id));
    let page_of_it = n.app.get(&to, Some(&n.leader), &[]).await;
    assert_eq!(page_of_it.status, StatusCode::OK);
    assert!(page_of_it.body.contains("Hoe blijf ik in contact?"));

    // The typed planner makes the same session from the same choices.
    let typed = CreateSession {
        place: "Zaal 3".to_owned(),
        minutes: "75".to_owned(),
        ..n.intervision(
            &options,
            &[n.sanne_id, n.youssef_id],
            "Hoe blijf ik in contact?",
        )
    };
    let twin = n.app.send_ok(Some(&n.leader), typed).await;
    let twin: SessionRecord = n
        .app
        .send_ok(Some(&n.leader), SessionDetail { session: twin })
        .await;
    let people = |r: &SessionRecord| {
        let mut invited: Vec<_> = r.invitees.iter().map(|i| i.user).collect();
        invited.sort_by_key(|u| u.0);
        (r.facilitator.id, r.presenter.id, invited)
    };
    assert_eq!(people(&made), people(&twin));
    assert_eq!((made.kind, made.method), (twin.kind, twin.method));

    // A missing question comes back to the planner, at the field, and plans nothing.
    let sessions = n.app.count("SELECT COUNT(*) FROM sessions").await;
    let reply = post(&n.leader, form("")).await;
    let back = reply.redirected_to().to_owned();
    assert!(back.starts_with(&format!("{page}?")), "{back}");
    assert!(back.contains("__err="), "{back}");
    let shown = n.app.get(&back, Some(&n.leader), &[]).await;
    assert!(
        shown.body.contains("data-testid=\"error-question\""),
        "{}",
        shown.body
    );
    let blank = form("");
    let blank: Vec<(&str, &str)> = blank.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = n.app.call("plan_session", Some(&n.leader), &blank).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err: AppError = serde_json::from_str(&reply.body).expect("an error");
    assert_eq!(err.at_field("question"), Some(FieldProblem::Required));

    // A member who neither leads nor facilitates cannot plan, as a page or as data.
    let reply = post(&n.mehmet, form("Mag ik plannen?")).await;
    assert!(reply.redirected_to().contains("__err="));
    let asked = form("Mag ik plannen?");
    let asked: Vec<(&str, &str)> = asked.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = n.app.call("plan_session", Some(&n.mehmet), &asked).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(n.app.count("SELECT COUNT(*) FROM sessions").await, sessions);
}

/// The presenter's preparation as a plain form (one field per prompt) is saved as
/// `save_preparation` saves it, replacing what was there, and the page says so; only the
/// presenter prepares, and for someone not at the session it does not exist.
async fn the_plain_preparation_form_saves_as_save_preparation_does(backend: Backend) {
    let n = noord(backend).await;
    let proposal = accept_a_private_intervision_proposal(&n).await;
    let session = plan_proposal(&n, proposal).await;
    let facilitator = n
        .app
        .login("gespreksleider@linde.demo", DEMO_PASSWORD)
        .await;
    let youssef = n.app.login("youssef@linde.demo", DEMO_PASSWORD).await;
    let preparation = async |who: &str| -> Option<Vec<(u8, String)>> {
        let record: SessionRecord = n.app.send_ok(Some(who), SessionDetail { session }).await;
        record.preparation
    };
    let reply = n
        .app
        .call_json(
            "save_preparation",
            Some(&n.mehmet),
            json!({"session": session, "answers": ["Eerst", "Tweede", "Derde"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let page = format!("/sessions/{session}");
    let prepare = |one: &str, two: &str, three: &str| PrepareSession {
        session,
        answer_1: one.to_owned(),
        answer_2: two.to_owned(),
        answer_3: three.to_owned(),
    };
    let reply = n
        .app
        .post_form_args(
            Some(&n.mehmet),
            &page,
            prepare("Hoe blijf ik betrokken?", "", "Rust in mijn hoofd"),
        )
        .await;
    assert_eq!(
        reply.redirected_to(),
        format!("{page}?__ok=/api/prepare_session")
    );
    let expected = vec![
        (1u8, "Hoe blijf ik betrokken?".to_owned()),
        (3u8, "Rust in mijn hoofd".to_owned()),
    ];
    assert_eq!(preparation(&facilitator).await, Some(expected.clone()));
    assert_eq!(preparation(&n.mehmet).await, Some(expected.clone()));
    assert_eq!(preparation(&n.leader).await, None);
    let shown = n.app.get(reply.redirected_to(), Some(&n.mehmet), &[]).await;
    assert!(
        shown.body.contains("data-testid=\"preparation-saved\""),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("Rust in mijn hoofd"));

    // A field left out of the form counts as empty.
    let reply = n
        .app
        .post_form(
            "/api/prepare_session",
            Some(&n.mehmet),
            &page,
            &[
                ("session", &session.to_string()),
                ("answer_2", "Alleen twee"),
            ],
        )
        .await;
    assert!(
        !reply.redirected_to().contains("__err="),
        "{}",
        reply.redirected_to()
    );
    let expected = vec![(2u8, "Alleen twee".to_owned())];
    assert_eq!(preparation(&facilitator).await, Some(expected.clone()));

    // A detail that identifies someone is refused at its prompt, and nothing changes.
    let err = n
        .app
        .send_err(Some(&n.mehmet), prepare("Mail me: m@example.nl", "", ""))
        .await;
    assert_eq!(
        err.at_field("answer-1"),
        Some(FieldProblem::IdentifyingDetail)
    );
    // Only the presenter prepares; for someone not at the session it does not exist.
    let reply = n
        .app
        .send(Some(&n.sanne), prepare("Van Sanne", "", ""))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = n
        .app
        .send(Some(&n.leader), prepare("Van de leider", "", ""))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = n
        .app
        .send(Some(&youssef), prepare("Van Youssef", "", ""))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = n
        .app
        .post_form_args(Some(&youssef), &page, prepare("Van Youssef", "", ""))
        .await;
    assert!(reply.redirected_to().contains("__err="));
    assert_eq!(preparation(&facilitator).await, Some(expected));
}

on_both_databases!(
    an_accepted_proposal_becomes_one_session,
    session_input_is_checked_at_the_field_and_nothing_is_half_written,
    preparation_and_linked_signals_reach_only_whom_they_may,
    one_proposal_planned_twice_at_once_makes_one_session,
    the_plain_planner_form_makes_a_session_and_goes_to_its_page,
    the_plain_preparation_form_saves_as_save_preparation_does,
);
