//! The slot finder respects everyone's diary, and a new time asks everyone again.

use app::sessions::plan::api::AddAbsence;
use app::sessions::plan::api::AnswerInvitation;
use app::sessions::plan::api::ScheduleSession;
use app::sessions::plan::api::SessionDetail;
use app::sessions::plan::api::SuggestSlots;
use axum::http::StatusCode;
use serde_json::json;

use crate::common::Backend;
use crate::fixtures::noord;
use app::error::{AppError, FieldProblem};
use app::sessions::model::Answer;
use app::sessions::views::{SessionRecord, SlotChoice};
use draagkracht::demo::DEMO_PASSWORD;

use super::plan_by_hand;

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

on_both_databases!(the_slot_finder_respects_diaries_and_a_new_time_asks_everyone_again,);
