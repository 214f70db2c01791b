//! Asking a colleague to look along, and offering to, through the real router on both
//! databases: only the two people ever see a request, a no carries no reason, a yes leads to a
//! time both are free, racing requests stop at the limit, and an erased signal takes its
//! requests along.

use app::error::{AppError, FieldProblem};
use app::help::ask::api::{
    AnswerHelp, AskColleague, BringToIntervision, HelpForSignal, MyHelp, OfferToLookAlong,
    PickHelpTime, WithdrawHelp,
};
use app::help::ask::model::{HelpRequestId, HelpStatus, Side};
use app::help::ask::views::{HelpItem, HelpOverview, SignalHelp};
use app::limits::model::ProposalId;
use app::notifications::api::MyNotifications;
use app::notifications::model::{About, NotificationItem, NotificationKind};
use app::sessions::plan::api::{PlannerChoices, SessionsOverview};
use app::sessions::views::{PlanningOptions, SessionsBoard};
use app::shared::ids::SignalId;
use app::signals::api::DeleteSignal;
use axum::http::StatusCode;
use chrono::Utc;
use chrono_tz::Europe::Amsterdam;
use draagkracht::demo::DEMO_PASSWORD;
use serde_json::json;

use crate::common::Backend;
use crate::fixtures::{Noord, noord};

const NOTE: &str = "Papegaaiduiker: ik weet niet meer hoe ik dit gesprek aanga";

async fn signal(n: &Noord, session: &str, visibility: &str) -> SignalId {
    n.app
        .send_ok(Some(session), n.signal("", NOTE, visibility))
        .await
}

fn ask(signal: SignalId, helper: impl ToString, question: &str) -> AskColleague {
    AskColleague {
        signal,
        helper: helper.to_string(),
        question: question.to_owned(),
    }
}

fn answer(request: HelpRequestId, answer: &str) -> AnswerHelp {
    AnswerHelp {
        request,
        answer: answer.to_owned(),
    }
}

async fn overview(n: &Noord, session: &str) -> HelpOverview {
    n.app.send_ok(Some(session), MyHelp {}).await
}

fn item(items: &[HelpItem], id: HelpRequestId) -> HelpItem {
    items
        .iter()
        .find(|i| i.id == id)
        .cloned()
        .unwrap_or_else(|| panic!("request {id} listed in {items:?}"))
}

async fn told(n: &Noord, session: &str, request: HelpRequestId) -> Vec<NotificationKind> {
    let all: Vec<NotificationItem> = n.app.send_ok(Some(session), MyNotifications {}).await;
    all.into_iter()
        .filter(|i| matches!(i.about, About::Help { request: r, .. } if r == request))
        .map(|i| i.kind)
        .collect()
}

/// Mehmet and Sanne are free all week and have no days away, so the finder always has times.
async fn free_all_week(n: &Noord) {
    app::execute!(&n.app.db, "DELETE FROM absences").expect("clear absences");
    let rows: Vec<_> = (1..=7)
        .map(|day| json!({"weekday": day, "starts": "00:00", "ends": "23:45"}))
        .collect();
    for who in [&n.mehmet, &n.sanne] {
        let reply = n
            .app
            .call_json("save_windows", Some(who), json!({ "rows": rows }))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}

async fn a_colleague_says_yes_and_they_pick_a_time_both_are_free(backend: Backend) {
    let n = noord(backend).await;
    free_all_week(&n).await;
    let mine = signal(&n, &n.mehmet, "private").await;
    let page: SignalHelp = n
        .app
        .send_ok(Some(&n.mehmet), HelpForSignal { signal: mine })
        .await;
    let ids: Vec<_> = page.colleagues.iter().map(|(id, _)| *id).collect();
    assert!(
        ids.contains(&n.sanne_id) && ids.contains(&n.facilitator_id),
        "team and pool: {ids:?}"
    );
    assert!(!ids.contains(&n.mehmet_id), "not oneself");

    let question = "Hoe blijf ik in contact als de deur dicht blijft?";
    let id: HelpRequestId = n
        .app
        .send_ok(Some(&n.mehmet), ask(mine, n.sanne_id, question))
        .await;
    assert_eq!(told(&n, &n.sanne, id).await, [NotificationKind::HelpAsked]);

    // Sanne sees who asks and what about, never the note.
    let reply = n.app.send(Some(&n.sanne), MyHelp {}).await;
    assert!(
        !reply.body.contains("Papegaaiduiker"),
        "the note stays Mehmet's"
    );
    let asked = item(&overview(&n, &n.sanne).await.as_helper, id);
    assert_eq!((asked.side, asked.status), (Side::Helper, HelpStatus::Open));
    assert_eq!(asked.question, question);
    assert!(asked.may_answer() && !asked.may_pick_time());

    n.app.send_ok(Some(&n.sanne), answer(id, "yes")).await;
    assert_eq!(
        told(&n, &n.mehmet, id).await,
        [NotificationKind::HelpAccepted]
    );
    let again = n.app.send_err(Some(&n.sanne), answer(id, "no")).await;
    assert_eq!(
        again.at_field("answer"),
        Some(FieldProblem::NotNow),
        "answered once"
    );

    // Both are offered the same free times, all still to come.
    let helper_view = item(&overview(&n, &n.sanne).await.as_helper, id);
    let author_view = item(&overview(&n, &n.mehmet).await.as_author, id);
    assert_eq!(helper_view.status, HelpStatus::Accepted);
    assert!(!helper_view.free_times.is_empty(), "free times offered");
    assert_eq!(helper_view.free_times, author_view.free_times);
    assert!(helper_view.free_times.iter().all(|t| *t > Utc::now()));

    let first = helper_view.free_times[0].with_timezone(&Amsterdam);
    n.app
        .send_ok(
            Some(&n.sanne),
            PickHelpTime {
                request: id,
                date: first.format("%Y-%m-%d").to_string(),
                time: first.format("%H:%M").to_string(),
            },
        )
        .await;
    let agreed = item(&overview(&n, &n.mehmet).await.as_author, id);
    assert_eq!(agreed.starts_at, Some(helper_view.free_times[0]));
    assert!(
        !agreed.free_times.contains(&helper_view.free_times[0]),
        "the agreed half hour is busy now: {:?}",
        agreed.free_times
    );
    assert_eq!(
        told(&n, &n.mehmet, id).await,
        [
            NotificationKind::HelpTimeSet,
            NotificationKind::HelpAccepted
        ]
    );

    let audited = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE subject = 'help:{id}' AND action IN ('help.ask', 'help.answer', 'help.time')"
        ))
        .await;
    assert_eq!(audited, 3);

    // Erasing the signal takes the request and its notifications along.
    n.app
        .send_ok(Some(&n.mehmet), DeleteSignal { signal: mine })
        .await;
    assert!(overview(&n, &n.sanne).await.as_helper.is_empty());
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM notifications WHERE help_request_id = {id}"
            ))
            .await,
        0
    );
}

async fn a_no_carries_no_reason_and_nobody_else_sees_a_request(backend: Backend) {
    let n = noord(backend).await;
    let mine = signal(&n, &n.mehmet, "team").await;
    let id: HelpRequestId = n
        .app
        .send_ok(Some(&n.mehmet), ask(mine, n.sanne_id, ""))
        .await;

    // The form has no reason; one sent anyway is nowhere kept.
    let reply = n
        .app
        .call(
            "answer_help",
            Some(&n.sanne),
            &[
                ("request", &id.to_string()),
                ("answer", "no"),
                ("reason", "Te druk met Kwartelkoning"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let declined = item(&overview(&n, &n.mehmet).await.as_author, id);
    assert_eq!(declined.status, HelpStatus::Declined);
    assert_eq!(
        told(&n, &n.mehmet, id).await,
        [NotificationKind::HelpDeclined]
    );
    for session in [&n.mehmet, &n.leader] {
        for path in ["/help", "/notifications", "/signals"] {
            let page = n.app.get(path, Some(session), &[]).await;
            assert!(!page.body.contains("Kwartelkoning"), "{path}");
        }
    }
    let kept = n
        .app
        .count("SELECT COUNT(*) FROM help_requests WHERE question LIKE '%Kwartelkoning%'")
        .await;
    assert_eq!(kept, 0);

    // Asking the same colleague again presses them; someone else may be asked.
    let twice = n
        .app
        .send_err(Some(&n.mehmet), ask(mine, n.sanne_id, ""))
        .await;
    assert_eq!(twice.at_field("helper"), Some(FieldProblem::AlreadyAsked));
    let other: HelpRequestId = n
        .app
        .send_ok(Some(&n.mehmet), ask(mine, n.youssef_id, "Kijk je mee?"))
        .await;

    // The leader sees none of it, and can touch none of it.
    let leader = overview(&n, &n.leader).await;
    assert!(leader.as_helper.is_empty() && leader.as_author.is_empty());
    for request in [id, other] {
        assert!(told(&n, &n.leader, request).await.is_empty());
        let err = n
            .app
            .send_err(Some(&n.leader), answer(request, "yes"))
            .await;
        assert_eq!(err, AppError::NotFound);
        let err = n
            .app
            .send_err(Some(&n.leader), WithdrawHelp { request })
            .await;
        assert_eq!(err, AppError::NotFound);
    }
    let err = n
        .app
        .send_err(Some(&n.sanne), HelpForSignal { signal: mine })
        .await;
    assert_eq!(
        err,
        AppError::NotFound,
        "a signal's help page is its author's"
    );
    let err = n
        .app
        .send_err(Some(&n.sanne), ask(mine, n.youssef_id, ""))
        .await;
    assert_eq!(err, AppError::NotFound, "only the author asks");

    // The author takes back the open one; Youssef is told and can no longer answer.
    n.app
        .send_ok(Some(&n.mehmet), WithdrawHelp { request: other })
        .await;
    let youssef = n.youssef_session().await;
    assert_eq!(
        told(&n, &youssef, other).await,
        [NotificationKind::HelpWithdrawn, NotificationKind::HelpAsked]
    );
    let err = n.app.send_err(Some(&youssef), answer(other, "yes")).await;
    assert_eq!(err.at_field("answer"), Some(FieldProblem::NotNow));
}

async fn input_is_checked_at_its_field_and_nothing_is_half_written(backend: Backend) {
    let n = noord(backend).await;
    let mine = signal(&n, &n.mehmet, "private").await;
    let cases = [
        (ask(mine, "", ""), "helper", FieldProblem::Required),
        (
            ask(mine, n.mehmet_id, ""),
            "helper",
            FieldProblem::UnknownChoice,
        ),
        (
            ask(mine, "999999", ""),
            "helper",
            FieldProblem::UnknownChoice,
        ),
        (
            ask(mine, n.sanne_id, &"x".repeat(281)),
            "question",
            FieldProblem::TooLong,
        ),
        (
            ask(mine, n.sanne_id, "mail me: m@x.nl"),
            "question",
            FieldProblem::IdentifyingDetail,
        ),
    ];
    for (args, field, problem) in cases {
        let err = n.app.send_err(Some(&n.mehmet), args).await;
        assert_eq!(err.at_field(field), Some(problem), "{err:?}");
    }
    // Someone of another organisation is not a colleague.
    let other_org = n
        .app
        .id("SELECT id FROM users WHERE organisation_id <> (SELECT organisation_id FROM users WHERE email = 'medewerker@linde.demo') ORDER BY id LIMIT 1")
        .await;
    let err = n
        .app
        .send_err(Some(&n.mehmet), ask(mine, other_org, ""))
        .await;
    assert_eq!(err.at_field("helper"), Some(FieldProblem::UnknownChoice));
    assert_eq!(n.app.count("SELECT COUNT(*) FROM help_requests").await, 0);

    let id: HelpRequestId = n
        .app
        .send_ok(Some(&n.mehmet), ask(mine, n.sanne_id, ""))
        .await;
    let err = n
        .app
        .send_err(Some(&n.sanne), answer(id, "misschien"))
        .await;
    assert_eq!(err.at_field("answer"), Some(FieldProblem::UnknownChoice));
    let err = n.app.send_err(Some(&n.mehmet), answer(id, "yes")).await;
    assert_eq!(
        err.at_field("answer"),
        Some(FieldProblem::NotNow),
        "one does not accept one's own request"
    );
    let pick = |date: &str, time: &str| PickHelpTime {
        request: id,
        date: date.to_owned(),
        time: time.to_owned(),
    };
    let tomorrow = (Utc::now() + chrono::Duration::days(1))
        .with_timezone(&Amsterdam)
        .format("%Y-%m-%d")
        .to_string();
    let err = n
        .app
        .send_err(Some(&n.mehmet), pick(&tomorrow, "10:00"))
        .await;
    assert_eq!(
        err.at_field("date"),
        Some(FieldProblem::NotNow),
        "no time before a yes"
    );
    n.app.send_ok(Some(&n.sanne), answer(id, "yes")).await;
    let err = n
        .app
        .send_err(Some(&n.mehmet), pick("2020-01-06", "10:00"))
        .await;
    assert_eq!(err.at_field("date"), Some(FieldProblem::InThePast));
    let err = n
        .app
        .send_err(Some(&n.mehmet), pick(&tomorrow, "kwart over"))
        .await;
    assert!(err.at_field("time").is_some(), "{err:?}");
    let times = n
        .app
        .count("SELECT COUNT(*) FROM help_requests WHERE starts_at IS NOT NULL")
        .await;
    assert_eq!(times, 0);
}

async fn a_colleague_offers_on_a_team_signal_and_the_author_decides(backend: Backend) {
    let n = noord(backend).await;
    let shared = signal(&n, &n.sanne, "team").await;
    let private = signal(&n, &n.sanne, "private").await;
    let with_leader = signal(&n, &n.sanne, "leader").await;

    let offerable = overview(&n, &n.mehmet).await.offerable;
    let listed: Vec<_> = offerable.iter().map(|s| s.signal).collect();
    assert!(listed.contains(&shared));
    assert!(!listed.contains(&private) && !listed.contains(&with_leader));
    for hidden in [private, with_leader] {
        let err = n
            .app
            .send_err(Some(&n.mehmet), OfferToLookAlong { signal: hidden })
            .await;
        assert_eq!(err, AppError::NotFound);
    }
    let err = n
        .app
        .send_err(Some(&n.sanne), OfferToLookAlong { signal: shared })
        .await;
    assert_eq!(err, AppError::NotFound, "not on one's own");

    let id: HelpRequestId = n
        .app
        .send_ok(Some(&n.mehmet), OfferToLookAlong { signal: shared })
        .await;
    assert_eq!(
        told(&n, &n.sanne, id).await,
        [NotificationKind::HelpOffered]
    );
    let offered = overview(&n, &n.mehmet).await;
    assert!(
        offered
            .offerable
            .iter()
            .any(|s| s.signal == shared && s.offered)
    );
    let err = n.app.send_err(Some(&n.mehmet), answer(id, "yes")).await;
    assert_eq!(
        err.at_field("answer"),
        Some(FieldProblem::NotNow),
        "the author decides"
    );
    let twice = n
        .app
        .send_err(Some(&n.mehmet), OfferToLookAlong { signal: shared })
        .await;
    assert_eq!(twice.at_field("signal"), Some(FieldProblem::AlreadyAsked));

    n.app.send_ok(Some(&n.sanne), answer(id, "yes")).await;
    let mine = item(&overview(&n, &n.mehmet).await.as_helper, id);
    assert_eq!(
        (mine.status, mine.may_pick_time()),
        (HelpStatus::Accepted, true)
    );
    assert_eq!(
        told(&n, &n.mehmet, id).await,
        [NotificationKind::HelpAccepted]
    );
}

async fn racing_requests_stop_at_the_limit(backend: Backend) {
    let n = noord(backend).await;
    let mine = signal(&n, &n.mehmet, "private").await;
    // Four parallel asks of the same colleague: one stands, the rest read "already asked".
    let replies = at_once(&n, (0..4).map(|_| ask(mine, n.sanne_id, "")).collect()).await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "{:?}", bodies(&replies));
    for reply in replies.iter().filter(|r| r.status != StatusCode::OK) {
        let err: AppError = serde_json::from_str(&reply.body).expect("an error");
        assert_eq!(err.at_field("helper"), Some(FieldProblem::AlreadyAsked));
    }

    // Three more colleagues at once, with room for two more open requests.
    let helpers = [n.leader_id, n.youssef_id, n.facilitator_id];
    let replies = at_once(&n, helpers.map(|h| ask(mine, h, "")).to_vec()).await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(ok, 2, "{:?}", bodies(&replies));
    let refused: Vec<AppError> = replies
        .iter()
        .filter(|r| r.status != StatusCode::OK)
        .map(|r| serde_json::from_str(&r.body).expect("an error"))
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].at_field("helper"),
        Some(FieldProblem::AskedEnough)
    );
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM help_requests WHERE signal_id = {mine}"
            ))
            .await,
        3
    );
}

async fn a_case_brought_in_waits_on_the_list_to_plan_with_its_author_presenting(backend: Backend) {
    let n = noord(backend).await;
    let mine = signal(&n, &n.mehmet, "private").await;
    let bring = || BringToIntervision { signal: mine };
    let err = n.app.send_err(Some(&n.sanne), bring()).await;
    assert_eq!(err, AppError::NotFound, "only the author brings it in");
    let board: SessionsBoard = n.app.send_ok(Some(&n.leader), SessionsOverview {}).await;
    let waiting = board.to_plan.len();

    // Three taps at once bring it in once.
    let replies = at_once(&n, vec![bring(), bring(), bring()]).await;
    let won: Vec<_> = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .collect();
    assert_eq!(won.len(), 1, "{:?}", bodies(&replies));
    let proposal: ProposalId = serde_json::from_str(&won[0].body).expect("a proposal id");
    for reply in replies.iter().filter(|r| r.status != StatusCode::OK) {
        let err: AppError = serde_json::from_str(&reply.body).expect("an error");
        assert_eq!(err.at_field("signal"), Some(FieldProblem::AlreadyBroughtIn));
    }
    let page: SignalHelp = n
        .app
        .send_ok(Some(&n.mehmet), HelpForSignal { signal: mine })
        .await;
    assert!(page.brought_in);

    // The leader finds it among the sessions to plan; planning it puts Mehmet in as presenter
    // and links his signal, whose note stays his.
    let board: SessionsBoard = n.app.send_ok(Some(&n.leader), SessionsOverview {}).await;
    assert_eq!(board.to_plan.len(), waiting + 1);
    assert!(board.to_plan.iter().any(|p| p.proposal == proposal));
    let options: PlanningOptions = n
        .app
        .send_ok(
            Some(&n.leader),
            PlannerChoices {
                team: n.team_id,
                proposal: Some(proposal),
            },
        )
        .await;
    let seed = options.from_proposal.expect("planned from the case");
    assert_eq!(seed.presenter, Some(n.mehmet_id));
    assert_eq!(seed.signals, [mine]);
    let reply = n.app.get("/proposals", Some(&n.leader), &[]).await;
    assert!(
        !reply.body.contains("Papegaaiduiker"),
        "the note stays Mehmet's"
    );
    let audited = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'help.bring_in' AND subject = 'proposal:{proposal}'"
        ))
        .await;
    assert_eq!(audited, 1);
}

/// Sends each of `all` as Mehmet at the same moment, through a second router on the same
/// database, as several tabs or servers would.
async fn at_once<S>(n: &Noord, all: Vec<S>) -> Vec<crate::common::Reply>
where
    S: leptos::server_fn::ServerFn + serde::Serialize + Send + 'static,
{
    let app = std::sync::Arc::new(crate::common::TestApp::on(n.app.db.clone()).await);
    let mut racers = tokio::task::JoinSet::new();
    for args in all {
        let (app, me) = (app.clone(), n.mehmet.clone());
        racers.spawn(async move { app.send(Some(&me), args).await });
    }
    racers.join_all().await
}

fn bodies(replies: &[crate::common::Reply]) -> Vec<&str> {
    replies.iter().map(|r| r.body.as_str()).collect()
}

impl Noord {
    /// Youssef, signed in.
    async fn youssef_session(&self) -> String {
        self.app.login("youssef@linde.demo", DEMO_PASSWORD).await
    }
}

on_both_databases!(
    a_colleague_says_yes_and_they_pick_a_time_both_are_free,
    a_no_carries_no_reason_and_nobody_else_sees_a_request,
    input_is_checked_at_its_field_and_nothing_is_half_written,
    a_colleague_offers_on_a_team_signal_and_the_author_decides,
    racing_requests_stop_at_the_limit,
    a_case_brought_in_waits_on_the_list_to_plan_with_its_author_presenting,
);
