//! Running a session and what it leaves behind, through the real router on both databases:
//! the runner keeps its place on the server, only the session's people see its notes,
//! actions reach their owner's home page until done, evaluations stay anonymous and show
//! from three, the presenter resolves linked signals, and the effect counts only shared
//! signals.

use app::notifications::api::MyNotifications;
use app::sessions::outcomes::api::FinishSession;
use app::sessions::outcomes::api::MyOpenActions;
use app::sessions::outcomes::api::SaveOutcome;
use app::sessions::outcomes::api::TeamSessionEffects;
use app::sessions::outcomes::api::{AddAction, EvaluateSession, ResolveLinkedSignal, TickAction};
use app::sessions::plan::api::SessionDetail;
use app::sessions::runner::api::ControlRun;
use app::sessions::runner::api::RunBoard;
use app::sessions::runner::api::SaveStepNotes;
use app::shared::ids::{SessionId, SignalId};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use crate::common::Backend;
use crate::fixtures::{Noord, noord};
use crate::sessions::{accept_a_private_intervision_proposal, plan_by_hand, plan_proposal};
use app::error::{AppError, FieldProblem};
use app::notifications::model::{NotificationItem, NotificationKind};
use app::sessions::outcomes::model::ActionItem;
use app::sessions::runner::model::RunState;
use app::sessions::views::{RunnerScreen, SessionRecord, TeamEffects};
use draagkracht::demo::DEMO_PASSWORD;

async fn facilitator(n: &Noord) -> String {
    n.app
        .login("gespreksleider@linde.demo", DEMO_PASSWORD)
        .await
}

async fn control(n: &Noord, who: &str, session: SessionId, command: &str) -> RunState {
    n.app
        .send_ok(
            Some(who),
            ControlRun {
                session,
                command: command.to_owned(),
            },
        )
        .await
}

async fn detail(n: &Noord, who: &str, session: SessionId) -> SessionRecord {
    n.app.send_ok(Some(who), SessionDetail { session }).await
}

async fn the_runner_keeps_its_place_on_the_server(backend: Backend) {
    let n = noord(backend).await;
    let s = plan_by_hand(&n, "Hoe houd ik contact?").await;
    let lead = facilitator(&n).await;

    let screen: RunnerScreen = n.app.send_ok(Some(&n.sanne), RunBoard { session: s }).await;
    assert_eq!(screen.state, None, "not started yet");
    assert!(!screen.may_run, "a participant follows, does not lead");
    assert!(screen.steps.len() > 2);
    let err = n
        .app
        .send_err(
            Some(&lead),
            ControlRun {
                session: s,
                command: "next".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("command"), Some(FieldProblem::Stale));

    // Only the facilitator or a planner moves it on.
    let reply = n
        .app
        .send(
            Some(&n.sanne),
            ControlRun {
                session: s,
                command: "start".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    let started = control(&n, &lead, s, "start").await;
    assert_eq!(started.step, 0);
    let again = control(&n, &n.leader, s, "start").await;
    assert_eq!(again, started, "a second start does not reset the clock");
    assert_eq!(control(&n, &lead, s, "next").await.step, 1);
    let extended = control(&n, &lead, s, "extend:5").await;
    assert_eq!((extended.step, extended.extra_seconds), (1, 300));
    let err = n
        .app
        .send_err(
            Some(&lead),
            ControlRun {
                session: s,
                command: "extend:99".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("command"), Some(FieldProblem::OutOfRange));

    let note = |position: u32, text: &str| SaveStepNotes {
        session: s,
        position,
        notes: text.to_owned(),
    };
    let reply = n
        .app
        .send(Some(&lead), note(1, "Patroon: de deur blijft dicht."))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let err = n.app.send_err(Some(&lead), note(1, "BSN 123456782")).await;
    assert_eq!(err.at_field("notes"), Some(FieldProblem::IdentifyingDetail));
    let err = n.app.send_err(Some(&lead), note(99, "x")).await;
    assert_eq!(err.at_field("notes"), Some(FieldProblem::OutOfRange));
    let reply = n.app.send(Some(&n.sanne), note(1, "Mijn eigen")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // A reload, by anyone at the session, finds the same place and notes.
    for who in [&lead, &n.sanne, &n.leader] {
        let screen: RunnerScreen = n.app.send_ok(Some(who), RunBoard { session: s }).await;
        let state = screen.state.expect("running");
        assert_eq!((state.step, state.extra_seconds), (1, 300));
        assert_eq!(screen.notes[1], "Patroon: de deur blijft dicht.");
        assert_eq!(screen.notes.len(), screen.steps.len());
    }
    // Someone from another team finds nothing there.
    let outsider = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    let reply = n.app.send(Some(&outsider), RunBoard { session: s }).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let back = control(&n, &lead, s, "previous").await;
    assert_eq!(
        (back.step, back.extra_seconds),
        (0, 0),
        "a step starts its own clock"
    );
}

async fn actions_evaluations_and_the_end_of_a_session(backend: Backend) {
    let n = noord(backend).await;
    let id = plan_by_hand(&n, "Wat is hier goede zorg?").await;
    let s = id;
    let lead = facilitator(&n).await;
    let youssef = n.app.login("youssef@linde.demo", DEMO_PASSWORD).await;
    let sanne_id = n.sanne_id.to_string();

    // Nothing to record before the session has begun.
    assert_eq!(detail(&n, &n.sanne, s).await.outcome, None);
    let err = n
        .app
        .send_err(
            Some(&lead),
            SaveOutcome {
                session: s,
                insights: "x".to_owned(),
                follow_up_on: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("session"), Some(FieldProblem::Stale));
    let err = n
        .app
        .send_err(
            Some(&n.sanne),
            EvaluateSession {
                session: s,
                helped: "4".to_owned(),
                felt_safe: "4".to_owned(),
                word: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("helped"), Some(FieldProblem::Stale));

    control(&n, &lead, s, "start").await;
    assert!(detail(&n, &n.sanne, s).await.held);

    // An action needs someone who was there; a bad one writes nothing.
    let outsider_id = crate::fixtures::user(&n.app, "jeugd.leider@linde.demo").await;
    let outsider_owner = outsider_id.to_string();
    let bad = AddAction {
        session: s,
        owner: outsider_owner,
        description: "Bellen".to_owned(),
        due_on: String::new(),
    };
    let err = n.app.send_err(Some(&lead), bad).await;
    assert_eq!(err.at_field("owner"), Some(FieldProblem::UnknownChoice));
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM session_actions WHERE session_id = {id}"
            ))
            .await,
        0
    );
    let reply = n
        .app
        .send(Some(&n.sanne), action_form(s, &sanne_id, "Zelf iets"))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "participants do not add actions"
    );

    let action_id: i64 = n
        .app
        .send_ok(
            Some(&lead),
            action_form(s, &sanne_id, "Samen op huisbezoek"),
        )
        .await;
    let inbox: Vec<NotificationItem> = n.app.send_ok(Some(&n.sanne), MyNotifications {}).await;
    assert!(
        inbox
            .iter()
            .any(|x| x.kind == NotificationKind::Action && x.session() == Some(id)),
        "the owner is told"
    );
    let board: Vec<ActionItem> = n.app.send_ok(Some(&n.sanne), MyOpenActions {}).await;
    let ours: Vec<_> = board.iter().filter(|a| a.id == action_id).collect();
    assert_eq!(ours.len(), 1, "on the owner's home page");
    assert_eq!(ours[0].description, "Samen op huisbezoek");
    let board: Vec<ActionItem> = n.app.send_ok(Some(&n.mehmet), MyOpenActions {}).await;
    assert!(
        board.iter().all(|a| a.id != action_id),
        "not on anyone else's"
    );
    let tick = TickAction {
        action: action_id,
        done: true,
    };
    let reply = n.app.send(Some(&n.mehmet), tick.clone()).await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "only its owner or a planner ticks it"
    );
    let reply = n.app.send(Some(&n.sanne), tick.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let board: Vec<ActionItem> = n.app.send_ok(Some(&n.sanne), MyOpenActions {}).await;
    assert!(board.iter().all(|a| a.id != action_id), "gone once done");

    let reply = n
        .app
        .send(
            Some(&lead),
            SaveOutcome {
                session: s,
                insights: "Eerst de relatie, dan het plan.".to_owned(),
                follow_up_on: "2027-01-10".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let err = n
        .app
        .send_err(
            Some(&lead),
            SaveOutcome {
                session: s,
                insights: "ok".to_owned(),
                follow_up_on: "10-01-2027".to_owned(),
            },
        )
        .await;
    assert_eq!(
        err.at_field("follow_up_on"),
        Some(FieldProblem::InvalidDate)
    );

    // Evaluations: anonymous, once each, and shown only from three.
    let evaluate = |helped: &str, felt_safe: &str, word: &str| EvaluateSession {
        session: s,
        helped: helped.to_owned(),
        felt_safe: felt_safe.to_owned(),
        word: word.to_owned(),
    };
    let err = n.app.send_err(Some(&n.sanne), evaluate("", "9", "")).await;
    assert_eq!(err.at_field("helped"), Some(FieldProblem::Required));
    for (who, e) in [
        (&n.sanne, evaluate("5", "4", "Rust")),
        (&n.mehmet, evaluate("3", "4", "licht")),
    ] {
        let reply = n.app.send(Some(who), e).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let err = n
        .app
        .send_err(Some(&n.sanne), evaluate("1", "1", "nogmaals"))
        .await;
    assert_eq!(
        err.at_field("helped"),
        Some(FieldProblem::Stale),
        "once each"
    );
    let outcome = detail(&n, &n.leader, s).await.outcome.expect("held");
    assert_eq!(outcome.evaluations.count, 2);
    assert_eq!(
        outcome.evaluations.figures, None,
        "below the floor nothing shows"
    );
    assert!(!detail(&n, &n.sanne, s).await.outcome.unwrap().may_evaluate);
    let outsider = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    let reply = n.app.send(Some(&outsider), evaluate("1", "1", "")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = n.app.send(Some(&youssef), evaluate("4", "5", "")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let figures = detail(&n, &n.sanne, s)
        .await
        .outcome
        .unwrap()
        .evaluations
        .figures
        .expect("three are in");
    assert_eq!((figures.helped_tenths, figures.felt_safe_tenths), (40, 43));
    assert_eq!(figures.words, ["licht", "rust"]);
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM session_evaluators WHERE session_id = {id}"
            ))
            .await,
        3
    );
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT given_count FROM session_evaluation_tallies WHERE session_id = {id}"
            ))
            .await,
        3
    );

    // Only a planner ends it; then it is done and carries when it was held.
    let reply = n
        .app
        .send(Some(&n.sanne), FinishSession { session: s })
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = n.app.send(Some(&lead), FinishSession { session: s }).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let done = detail(&n, &n.leader, s).await;
    assert_eq!(done.status.as_str(), "done");
    assert!(
        done.starts_at.is_some(),
        "held without a planned time: it takes the runner's start"
    );
    assert_eq!(
        done.outcome.as_ref().unwrap().insights,
        "Eerst de relatie, dan het plan."
    );
    let err = n
        .app
        .send_err(
            Some(&lead),
            ControlRun {
                session: s,
                command: "next".to_owned(),
            },
        )
        .await;
    assert_eq!(
        err.at_field("command"),
        Some(FieldProblem::Stale),
        "a done session is not run"
    );

    // The effect counts Mehmet's shared signals in this team in the 8 weeks before.
    let held = done.starts_at.unwrap();
    let rows = shared_signal_times(&n).await;
    let expected = rows
        .iter()
        .filter(|(t, shared)| *shared && *t >= held - Duration::weeks(8) && *t < held)
        .count() as u32;
    let all = rows
        .iter()
        .filter(|(t, _)| *t >= held - Duration::weeks(8) && *t < held)
        .count() as u32;
    assert!(expected > 0, "the demo has shared signals by Mehmet");
    let effect = done
        .outcome
        .unwrap()
        .effect
        .expect("the leader sees the effect");
    assert_eq!(
        (effect.before, effect.after, effect.complete),
        (expected, 0, false)
    );
    assert!(all >= expected);
    assert_eq!(
        detail(&n, &n.sanne, s).await.outcome.unwrap().effect,
        None,
        "a participant does not"
    );
    let effects: TeamEffects = n.app.send_ok(Some(&n.leader), TeamSessionEffects {}).await;
    let (_, _, noord) = effects
        .teams
        .iter()
        .find(|(t, ..)| t.to_string() == n.team)
        .expect("Noord");
    assert!(
        noord.still_running >= 1,
        "this session's 8 weeks after are running"
    );
    assert!(
        noord.sessions >= 1,
        "the demo's session of 12 weeks ago counts"
    );
    let effects: TeamEffects = n.app.send_ok(Some(&n.sanne), TeamSessionEffects {}).await;
    assert!(
        effects.teams.is_empty(),
        "a member plans no team, so sees no team figures"
    );
}

fn action_form(session: SessionId, owner: &str, text: &str) -> AddAction {
    AddAction {
        session,
        owner: owner.to_owned(),
        description: text.to_owned(),
        due_on: "2026-12-15".to_owned(),
    }
}

/// Mehmet's signals in Noord: when, and whether shared beyond himself.
async fn shared_signal_times(n: &Noord) -> Vec<(DateTime<Utc>, bool)> {
    let sql = format!(
        "SELECT created_at, visibility FROM stuck_signals WHERE author_id = {} AND team_id = {}",
        n.mehmet_id, n.team
    );
    let rows: Vec<(DateTime<Utc>, String)> =
        app::on_db!(&n.app.db, p => sqlx::query_as(&sql).fetch_all(p).await).expect("signals");
    rows.into_iter().map(|(t, v)| (t, v != "private")).collect()
}

async fn the_presenter_resolves_linked_signals(backend: Backend) {
    let n = noord(backend).await;
    let proposal = accept_a_private_intervision_proposal(&n).await;
    let s = plan_proposal(&n, proposal).await;
    let mine = detail(&n, &n.mehmet, s).await.linked_signals;
    let open = mine
        .iter()
        .find(|l| l.mine && !l.resolved)
        .expect("Mehmet's own open signal is linked");
    let resolve = ResolveLinkedSignal {
        session: s,
        signal: open.id,
        helped: "Samen kijken hielp".to_owned(),
    };
    let reply = n.app.send(Some(&n.sanne), resolve.clone()).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "only the presenter");
    let err: AppError = n
        .app
        .send_err(
            Some(&n.mehmet),
            ResolveLinkedSignal {
                helped: "mail m@x.nl".to_owned(),
                ..resolve.clone()
            },
        )
        .await;
    assert_eq!(
        err.at_field("helped"),
        Some(FieldProblem::IdentifyingDetail)
    );
    let reply = n.app.send(Some(&n.mehmet), resolve.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let after = detail(&n, &n.mehmet, s).await.linked_signals;
    assert!(after.iter().any(|l| l.id == open.id && l.resolved));
    let unlinked = n
        .app
        .id(&format!(
            "SELECT MIN(id) FROM stuck_signals WHERE author_id = {} AND resolved_at IS NULL AND id NOT IN (SELECT signal_id FROM session_signals)",
            n.mehmet_id
        ))
        .await;
    let reply = n
        .app
        .send(
            Some(&n.mehmet),
            ResolveLinkedSignal {
                signal: SignalId(unlinked),
                helped: String::new(),
                ..resolve
            },
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "a signal not linked to this session"
    );
}

on_both_databases!(
    the_runner_keeps_its_place_on_the_server,
    actions_evaluations_and_the_end_of_a_session,
    the_presenter_resolves_linked_signals,
);
