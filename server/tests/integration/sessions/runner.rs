//! The runner's controls as one plain form (`move_run`): the step's notes are saved first,
//! then the run moves; `finish` closes the session and goes to its page. Only the facilitator
//! and the team's planners move it.

use app::sessions::plan::api::SessionDetail;
use app::sessions::runner::api::{ControlRun, MoveRun, RunBoard};
use app::shared::ids::SessionId;
use axum::http::StatusCode;

use crate::common::Backend;
use crate::fixtures::{Noord, noord};
use crate::sessions::plan_by_hand;
use app::error::FieldProblem;
use app::sessions::model::SessionStatus;
use app::sessions::runner::model::RunState;
use app::sessions::views::{RunnerScreen, SessionRecord};
use draagkracht::demo::DEMO_PASSWORD;

/// A session by hand, started by the pool facilitator, who is returned with it.
async fn started(n: &Noord) -> (SessionId, String) {
    let session = plan_by_hand(n, "Hoe houd ik contact?").await;
    let lead = n
        .app
        .login("gespreksleider@linde.demo", DEMO_PASSWORD)
        .await;
    let state: RunState = n
        .app
        .send_ok(
            Some(&lead),
            ControlRun {
                session,
                command: "start".to_owned(),
            },
        )
        .await;
    assert_eq!(state.step, 0);
    (session, lead)
}

fn moving(session: SessionId, position: u32, notes: &str, command: &str) -> MoveRun {
    MoveRun {
        session,
        position,
        notes: notes.to_owned(),
        command: command.to_owned(),
    }
}

async fn board(n: &Noord, who: &str, session: SessionId) -> RunnerScreen {
    n.app.send_ok(Some(who), RunBoard { session }).await
}

/// Where the run is: its step and the time added to it.
async fn place(n: &Noord, session: SessionId) -> (usize, i64) {
    let state = board(n, &n.leader, session).await.state.expect("running");
    (state.step, state.extra_seconds)
}

async fn the_runner_form_saves_the_notes_then_moves(backend: Backend) {
    let n = noord(backend).await;
    let (s, lead) = started(&n).await;
    let count = board(&n, &lead, s).await.steps.len();
    assert!(count > 2);

    let reply = n
        .app
        .send(Some(&lead), moving(s, 0, "Eerste stap: de vraag.", "next"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let screen = board(&n, &n.sanne, s).await;
    assert_eq!(screen.state.expect("running").step, 1);
    assert_eq!(
        screen.notes[0], "Eerste stap: de vraag.",
        "the note belongs to the step it was typed at"
    );
    assert_eq!(screen.notes[1], "");

    // `save` keeps the place; an extension adds time to this step; a planner moves it too.
    n.app
        .send_ok(Some(&lead), moving(s, 1, "Patroon: de deur.", "save"))
        .await;
    assert_eq!(place(&n, s).await, (1, 0));
    n.app
        .send_ok(
            Some(&lead),
            moving(s, 1, "Patroon: de deur blijft dicht.", "extend:5"),
        )
        .await;
    assert_eq!(place(&n, s).await, (1, 300));
    n.app
        .send_ok(
            Some(&n.leader),
            moving(s, 1, "Patroon: de deur blijft dicht.", "previous"),
        )
        .await;
    assert_eq!(place(&n, s).await, (0, 0));
    let screen = board(&n, &lead, s).await;
    assert_eq!(screen.notes[1], "Patroon: de deur blijft dicht.");
    assert_eq!(screen.notes[0], "Eerste stap: de vraag.");

    // As a plain form from the runner's page: back to it, which says the notes were saved.
    let page = format!("/sessions/{s}/run");
    let reply = n
        .app
        .post_form_args(
            Some(&lead),
            &page,
            moving(s, 0, "Van het formulier.", "next"),
        )
        .await;
    assert_eq!(reply.redirected_to(), format!("{page}?__ok=/api/move_run"));
    assert_eq!(place(&n, s).await, (1, 0));
    let shown = n.app.get(reply.redirected_to(), Some(&lead), &[]).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.body.contains("data-testid=\"notes-saved\""),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("data-step=\"1\""));
    assert_eq!(board(&n, &lead, s).await.notes[0], "Van het formulier.");
}

/// A refused note stops the move; a position outside the method, an unknown command and
/// anyone who does not run the session are refused, and the run stays where it was.
async fn the_runner_form_refuses_what_it_may_not_do(backend: Backend) {
    let n = noord(backend).await;
    let (s, lead) = started(&n).await;
    n.app.send_ok(Some(&lead), moving(s, 0, "", "next")).await;
    assert_eq!(place(&n, s).await, (1, 0));

    let err = n
        .app
        .send_err(Some(&lead), moving(s, 1, "BSN 123456782", "next"))
        .await;
    assert_eq!(err.at_field("notes"), Some(FieldProblem::IdentifyingDetail));
    assert_eq!(place(&n, s).await, (1, 0), "no move after a refused note");
    assert_eq!(board(&n, &lead, s).await.notes[1], "");

    let err = n
        .app
        .send_err(Some(&lead), moving(s, 99, "Ergens", "next"))
        .await;
    assert_eq!(err.at_field("notes"), Some(FieldProblem::OutOfRange));
    assert_eq!(place(&n, s).await, (1, 0));

    let err = n.app.send_err(Some(&lead), moving(s, 1, "", "jump")).await;
    assert_eq!(err.at_field("command"), Some(FieldProblem::UnknownChoice));
    let err = n
        .app
        .send_err(Some(&lead), moving(s, 1, "", "extend:99"))
        .await;
    assert_eq!(err.at_field("command"), Some(FieldProblem::OutOfRange));
    assert_eq!(place(&n, s).await, (1, 0));

    // A participant follows the run but does not move it or write its notes.
    for command in ["next", "save", "finish"] {
        let reply = n
            .app
            .send(Some(&n.sanne), moving(s, 1, "Van Sanne", command))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{command}: {}",
            reply.body
        );
    }
    let outsider = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    let reply = n
        .app
        .send(Some(&outsider), moving(s, 1, "Van buiten", "next"))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let screen = board(&n, &lead, s).await;
    assert_eq!(screen.notes[1], "");
    assert_eq!(place(&n, s).await, (1, 0));
    let record: SessionRecord = n
        .app
        .send_ok(Some(&n.leader), SessionDetail { session: s })
        .await;
    assert_eq!(record.status, SessionStatus::Planned);
}

/// `finish` keeps the last step's note, closes the session and sends the reader to its page;
/// the run cannot be moved after that.
async fn finishing_from_the_runner_closes_the_session_and_goes_to_its_page(backend: Backend) {
    let n = noord(backend).await;
    let (s, lead) = started(&n).await;
    let last = board(&n, &lead, s).await.steps.len() - 1;
    for position in 0..last {
        n.app
            .send_ok(Some(&lead), moving(s, position as u32, "", "next"))
            .await;
    }
    assert_eq!(place(&n, s).await, (last, 0));

    let page = format!("/sessions/{s}/run");
    let reply = n
        .app
        .post_form_args(
            Some(&lead),
            &page,
            moving(s, last as u32, "Tot slot.", "finish"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("/sessions/{s}").as_str()),
        "to the session's page, unmarked"
    );
    let record: SessionRecord = n
        .app
        .send_ok(Some(&n.leader), SessionDetail { session: s })
        .await;
    assert_eq!(record.status, SessionStatus::Done);
    assert!(record.held);
    assert!(record.starts_at.is_some(), "held from when the run started");
    assert_eq!(board(&n, &lead, s).await.notes[last], "Tot slot.");

    let err = n
        .app
        .send_err(Some(&lead), moving(s, last as u32, "Nog iets", "previous"))
        .await;
    assert_eq!(err.at_field("command"), Some(FieldProblem::Stale));
    assert_eq!(place(&n, s).await, (last, 0));
}

/// Two screens run one session (the facilitator's and the leader's). A form sent from a step
/// the run has already left must not move it on from where it is now: "next" from step 0,
/// when the other screen is at step 1, would skip step 1.
async fn a_move_sent_from_a_step_the_run_has_left_is_refused(backend: Backend) {
    let n = noord(backend).await;
    let (s, lead) = started(&n).await;
    n.app
        .send_ok(Some(&n.leader), moving(s, 0, "", "next"))
        .await;
    assert_eq!(place(&n, s).await, (1, 0));

    let reply = n
        .app
        .send(Some(&lead), moving(s, 0, "Laat getypt.", "next"))
        .await;
    assert_ne!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(place(&n, s).await, (1, 0), "step 1 was skipped");
}

on_both_databases!(
    the_runner_form_saves_the_notes_then_moves,
    the_runner_form_refuses_what_it_may_not_do,
    finishing_from_the_runner_closes_the_session_and_goes_to_its_page,
    a_move_sent_from_a_step_the_run_has_left_is_refused,
);
