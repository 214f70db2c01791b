//! Demo diaries and sessions: everyone gets a normal working week (part-timers fewer days,
//! the facilitator pool Tuesdays and Thursdays) and a few days away, so the slot finder has
//! something real to work with. Wijkteam Noord has an intervision planned in two weeks with
//! some answers in, one still without a time, and two held earlier with insights, actions and
//! evaluations (one long enough ago for its effect to show).

use app::shared::ids::TeamId;
use app::shared::ids::{MethodId, SessionId, UserId};
use chrono::{Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;

use app::db::Db;
use app::error::AppError;
use app::on_db;
use app::sessions::availability::model::{Absence, AbsenceReason, Window};
use app::sessions::availability::store::{insert_absence, replace_windows};
use app::sessions::model::{Answer, NewSession, SessionKind};
use app::sessions::outcomes::store::mark_done;
use app::sessions::plan::store::{answer, insert_session};

fn window(weekday: u8, from: (u32, u32), to: (u32, u32)) -> Option<Window> {
    Some(Window {
        weekday,
        starts: NaiveTime::from_hms_opt(from.0, from.1, 0)?,
        ends: NaiveTime::from_hms_opt(to.0, to.1, 0)?,
    })
}

/// A varied but plausible week: most work Monday to Friday, every third person part-time,
/// every fifth keeps Wednesday afternoon free, the facilitator pool Tuesdays and Thursdays.
fn week(person: usize, pool: bool) -> Vec<Window> {
    let days: &[u8] = if pool {
        &[2, 4]
    } else if person.is_multiple_of(3) {
        &[1, 2, 4]
    } else {
        &[1, 2, 3, 4, 5]
    };
    days.iter()
        .flat_map(|&d| {
            if d == 3 && person.is_multiple_of(5) {
                vec![window(d, (8, 30), (12, 30))]
            } else {
                vec![window(d, (8, 30), (17, 0))]
            }
        })
        .flatten()
        .collect()
}

pub async fn seed(db: &Db) -> Result<(), AppError> {
    let people: Vec<(i64, bool)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, in_facilitator_pool FROM users WHERE is_admin = FALSE ORDER BY id").fetch_all(p).await)?;
    let today = Utc::now().with_timezone(&Amsterdam).date_naive();
    for (i, (user, pool)) in people.iter().enumerate() {
        replace_windows(db, UserId(*user), &week(i, *pool)).await?;
        if i % 4 == 1 {
            let first = today + Duration::days(7 + (i % 21) as i64);
            let absence = Absence {
                first_day: first,
                last_day: first + Duration::days((i % 3) as i64),
                reason: if i % 8 == 1 {
                    AbsenceReason::Training
                } else {
                    AbsenceReason::Leave
                },
            };
            insert_absence(db, UserId(*user), &absence).await?;
        }
    }
    noord_sessions(db).await
}

async fn id(db: &Db, sql: &str) -> Result<i64, AppError> {
    let (id,): (i64,) = on_db!(db, p => sqlx::query_as(sql).fetch_one(p).await)?;
    Ok(id)
}

async fn noord_sessions(db: &Db) -> Result<(), AppError> {
    let team = id(db, "SELECT id FROM teams WHERE name = 'Wijkteam Noord'").await?;
    let user = |email: &'static str| format!("SELECT id FROM users WHERE email = '{email}'");
    let leader = id(db, &user("leider@linde.demo")).await?;
    let mehmet = id(db, &user("medewerker@linde.demo")).await?;
    let sanne = id(db, &user("sanne@linde.demo")).await?;
    let youssef = id(db, &user("youssef@linde.demo")).await?;
    let incident = id(db, "SELECT id FROM methods WHERE seed_key = 'incident'").await?;
    let dilemma = id(db, "SELECT id FROM methods WHERE seed_key = 'dilemma'").await?;
    let now = Utc::now();
    // Thursday 10:00, a fortnight ahead: the leader facilitates, Sanne presents.
    let today = now.with_timezone(&Amsterdam).date_naive();
    let ahead =
        (Weekday::Thu.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    let thursday = today + Duration::days(i64::from(ahead) + 14);
    let starts = Amsterdam
        .from_local_datetime(&thursday.and_hms_opt(10, 0, 0).ok_or(AppError::Internal)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc));
    let planned = NewSession {
        kind: SessionKind::Intervision,
        method: MethodId(incident),
        facilitator: UserId(leader),
        presenter: UserId(sanne),
        participants: vec![UserId(mehmet), UserId(youssef)],
        client: None,
        question: "Hoe houd ik contact met een gezin dat steeds afzegt?".to_owned(),
        place: "Wijkcentrum Noord, zaal 2".to_owned(),
        minutes: 60,
        starts_at: starts,
    };
    let id_planned =
        insert_session(db, TeamId(team), &planned, None, &[], UserId(leader), now).await?;
    answer(db, id_planned, UserId(sanne), Answer::Yes, now).await?;
    answer(db, id_planned, UserId(youssef), Answer::Yes, now).await?;

    let to_time = NewSession {
        kind: SessionKind::MoralDeliberation,
        method: MethodId(dilemma),
        facilitator: UserId(leader),
        presenter: UserId(youssef),
        participants: vec![UserId(mehmet), UserId(sanne)],
        client: None,
        question: "Mogen we blijven aanbellen als iemand zegt geen hulp te willen?".to_owned(),
        place: String::new(),
        minutes: 90,
        starts_at: None,
    };
    insert_session(db, TeamId(team), &to_time, None, &[], UserId(leader), now).await?;

    let held = NewSession {
        starts_at: Some(now - Duration::weeks(5)),
        question: "Wat doe ik als een cliënt alleen nog via zijn moeder bereikbaar is?".to_owned(),
        presenter: UserId(mehmet),
        participants: vec![UserId(sanne), UserId(youssef)],
        ..planned
    };
    let id_held = insert_session(db, TeamId(team), &held, None, &[], UserId(leader), now).await?;
    for who in [leader, mehmet, sanne, youssef] {
        answer(db, id_held, UserId(who), Answer::Yes, now).await?;
    }
    mark_done(db, id_held, now, now).await?;
    let follow_up = (now + Duration::weeks(3)).date_naive();
    record_outcome(
        db,
        id_held,
        "Het contact loopt via de moeder; dat is een ingang, geen omweg. Eerst haar vertrouwen.",
        Some(follow_up),
        &[
            (
                mehmet,
                "Samen met moeder een eerste afspraak thuis plannen",
                Some(follow_up),
                false,
            ),
            (
                sanne,
                "Mehmet één keer vergezellen op huisbezoek",
                None,
                true,
            ),
        ],
        &[(4, 5, "ingang"), (5, 4, "geduld"), (3, 4, "moeder")],
    )
    .await?;

    // Held twelve weeks ago, so its eight weeks after have passed and the team sees an effect.
    let earlier = NewSession {
        kind: SessionKind::MoralDeliberation,
        method: MethodId(dilemma),
        starts_at: Some(now - Duration::weeks(12)),
        question: "Hoe lang blijven we aanbellen bij iemand die de deur niet opendoet?".to_owned(),
        presenter: UserId(youssef),
        participants: vec![UserId(mehmet), UserId(sanne)],
        minutes: 90,
        ..held
    };
    let id_earlier =
        insert_session(db, TeamId(team), &earlier, None, &[], UserId(leader), now).await?;
    for who in [leader, mehmet, sanne, youssef] {
        answer(db, id_earlier, UserId(who), Answer::Yes, now).await?;
    }
    mark_done(db, id_earlier, now, now).await?;
    record_outcome(
        db,
        id_earlier,
        "Volhouden is zorg, zolang we het samen dragen en het doel steeds opnieuw wegen.",
        None,
        &[(
            youssef,
            "Elke vier weken met de leider kijken of aanbellen nog past",
            None,
            true,
        )],
        &[
            (4, 4, "samen"),
            (4, 5, "ruimte"),
            (3, 3, "twijfel"),
            (5, 5, "samen"),
        ],
    )
    .await
}

/// Insights, actions (owner, what, due, done) and anonymous evaluations of a held session.
async fn record_outcome(
    db: &Db,
    session: SessionId,
    insights: &str,
    follow_up_on: Option<chrono::NaiveDate>,
    actions: &[(i64, &str, Option<chrono::NaiveDate>, bool)],
    evaluations: &[(u8, u8, &str)],
) -> Result<(), AppError> {
    use app::sessions::outcomes::model::{Evaluation, NewAction, Outcome};
    use app::sessions::outcomes::store as outcomes;
    let now = Utc::now();
    let outcome = Outcome {
        insights: insights.to_owned(),
        follow_up_on,
    };
    outcomes::save_outcome(db, session, &outcome, now).await?;
    for (owner, description, due_on, done) in actions {
        let action = NewAction {
            owner: UserId(*owner),
            description: (*description).to_owned(),
            due_on: *due_on,
        };
        let id = outcomes::insert_action(db, session, &action).await?;
        if *done {
            outcomes::set_action_done(db, id, true, now).await?;
        }
    }
    let people = app::sessions::plan::store::invitees(db, session).await?;
    for ((helped, felt_safe, word), person) in evaluations.iter().zip(people.iter()) {
        let evaluation = Evaluation {
            helped: *helped,
            felt_safe: *felt_safe,
            word: (*word).to_owned(),
        };
        outcomes::evaluate(db, session, person.user, &evaluation).await?;
    }
    Ok(())
}
