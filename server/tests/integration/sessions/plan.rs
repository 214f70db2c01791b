//! Planning: an accepted proposal becomes a session exactly once (also when two planners save
//! at the same moment), input is checked at the field, and preparation and linked signals
//! reach only whom they may.

use app::sessions::plan::api::MethodLibrary;
use app::sessions::plan::api::ScheduleSession;
use app::sessions::plan::api::SessionDetail;
use app::sessions::plan::api::SessionsOverview;
use axum::http::StatusCode;
use serde_json::json;

use crate::common::Backend;
use crate::fixtures::noord;
use app::error::{AppError, FieldProblem};
use app::sessions::model::Answer;
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

on_both_databases!(
    an_accepted_proposal_becomes_one_session,
    session_input_is_checked_at_the_field_and_nothing_is_half_written,
    preparation_and_linked_signals_reach_only_whom_they_may,
    one_proposal_planned_twice_at_once_makes_one_session,
);
