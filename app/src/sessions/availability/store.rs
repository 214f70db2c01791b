//! SQL for availability and absences, and the bridge from the database to the pure slot
//! finder. Callers have already authorised; every query is filtered on the person.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use crate::auth::model::UserId;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::sessions::availability::model::{Absence, Window, clock};
use crate::sessions::availability::slots::{self, Busy, Person, SlotRequest, WeeklyWindow};
use crate::sessions::model::SessionId;
use crate::sessions::plan::store;
use crate::sessions::views::{AbsenceRow, AvailabilityDiary, SlotChoice, WindowRow};
use crate::{execute, on_db};

/// How far ahead the finder looks, and how soon the first slot may be: a day's notice.
const HORIZON_WEEKS: i64 = 8;
const NOTICE_HOURS: i64 = 24;

/// The times at which all of `people` are free for `minutes`, between `from` and `until`:
/// at most `limit`, earliest first among equals. For meetings that are not a session (a
/// one-to-one between two colleagues).
pub async fn free_together(
    db: &Db,
    people: &[UserId],
    minutes: u32,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    let (Some(&first), Some(&last)) = (people.first(), people.last()) else {
        return Ok(Vec::new());
    };
    let request = SlotRequest::new(
        first,
        last,
        people,
        people.len().saturating_sub(2),
        Duration::minutes(i64::from(minutes.div_ceil(15) * 15)),
        from,
        until,
    )
    .map_err(|err| {
        tracing::warn!(error = %err, "slot request refused");
        AppError::Internal
    })?;
    let diaries = diaries(db, people, None, from, until).await?;
    Ok(slots::find_slots(&request, &diaries, limit)
        .into_iter()
        .filter(|slot| slot.unavailable.is_empty())
        .map(|slot| slot.start)
        .collect())
}

pub async fn load_own(db: &Db, user: UserId) -> Result<AvailabilityDiary, AppError> {
    let windows: Vec<(i64, String, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT weekday, starts, ends FROM availability_windows WHERE user_id = $1 ORDER BY weekday, starts")
        .bind(user).fetch_all(p).await)?;
    let absences: Vec<(i64, NaiveDate, NaiveDate, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, first_day, last_day, reason FROM absences WHERE user_id = $1 ORDER BY first_day, id")
        .bind(user).fetch_all(p).await)?;
    Ok(AvailabilityDiary {
        windows: windows
            .into_iter()
            .map(|(weekday, starts, ends)| WindowRow {
                weekday: u8::try_from(weekday).unwrap_or(0),
                starts,
                ends,
            })
            .collect(),
        absences: absences
            .into_iter()
            .map(|(id, first_day, last_day, reason)| AbsenceRow {
                id,
                first_day,
                last_day,
                reason,
            })
            .collect(),
        calendar_feed: crate::calendar::feed::has_token(db, user).await?,
    })
}

/// Replaces the person's weekly windows, all or nothing.
pub async fn replace_windows(db: &Db, user: UserId, windows: &[Window]) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("DELETE FROM availability_windows WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
        for w in windows {
            sqlx::query("INSERT INTO availability_windows (user_id, weekday, starts, ends) VALUES ($1, $2, $3, $4)")
                .bind(user).bind(i64::from(w.weekday)).bind(clock(w.starts)).bind(clock(w.ends))
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

pub async fn insert_absence(db: &Db, user: UserId, a: &Absence) -> Result<AbsenceRow, AppError> {
    let (id,): (i64,) = on_db!(db, p => sqlx::query_as(
        "INSERT INTO absences (user_id, first_day, last_day, reason) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user).bind(a.first_day).bind(a.last_day).bind(a.reason.as_str()).fetch_one(p).await)?;
    Ok(AbsenceRow {
        id,
        first_day: a.first_day,
        last_day: a.last_day,
        reason: a.reason.as_str().to_owned(),
    })
}

/// Someone else's absence is simply not found.
pub async fn delete_absence(db: &Db, user: UserId, id: i64) -> Result<(), AppError> {
    let gone = execute!(
        db,
        "DELETE FROM absences WHERE id = $1 AND user_id = $2",
        id,
        user
    )?;
    if gone == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The diaries of these people between `from` and `until`, leaving out `session` itself so
/// that rescheduling does not collide with the old time. Three queries for everyone at once.
/// Busy times are their planned sessions and their agreed one-to-ones (help between two
/// colleagues, which is not a session but takes the same hour).
pub async fn diaries(
    db: &Db,
    users: &[UserId],
    session: Option<SessionId>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Person>, AppError> {
    let ids = crate::shared::sql::id_list(users);
    let windows: Vec<(UserId, i64, String, String)> = on_db!(db, p => sqlx::query_as(&format!(
        "SELECT user_id, weekday, starts, ends FROM availability_windows WHERE user_id IN ({ids})"))
        .fetch_all(p).await)?;
    let absences: Vec<(UserId, NaiveDate, NaiveDate)> = on_db!(db, p => sqlx::query_as(&format!(
        "SELECT user_id, first_day, last_day FROM absences WHERE user_id IN ({ids}) AND last_day >= $1 AND first_day <= $2"))
        .bind(from.date_naive()).bind(until.date_naive()).fetch_all(p).await)?;
    let booked: Vec<(UserId, DateTime<Utc>, i64)> = on_db!(db, p => sqlx::query_as(&format!(
        "SELECT sp.user_id, s.starts_at, s.minutes FROM sessions s JOIN session_participants sp ON sp.session_id = s.id \
         WHERE sp.user_id IN ({ids}) AND sp.answer <> 'no' AND s.status = 'planned' AND ($1 IS NULL OR s.id <> $1) \
         AND s.starts_at IS NOT NULL AND s.starts_at < $2 \
         UNION ALL SELECT h.author_id, h.starts_at, h.minutes FROM help_requests h \
         WHERE h.author_id IN ({ids}) AND h.status = 'accepted' AND h.starts_at IS NOT NULL AND h.starts_at < $2 \
         UNION ALL SELECT h.helper_id, h.starts_at, h.minutes FROM help_requests h \
         WHERE h.helper_id IN ({ids}) AND h.status = 'accepted' AND h.starts_at IS NOT NULL AND h.starts_at < $2"))
        .bind(session).bind(until).fetch_all(p).await)?;
    Ok(users
        .iter()
        .map(|&user| Person {
            user,
            weekly: windows
                .iter()
                .filter(|w| w.0 == user)
                .filter_map(|(_, day, starts, ends)| weekly_window(*day, starts, ends))
                .collect(),
            absences: absences
                .iter()
                .filter(|a| a.0 == user)
                .map(|&(_, first, last)| slots::Absence { first, last })
                .collect(),
            busy: booked
                .iter()
                .filter(|b| b.0 == user)
                .map(|&(_, start, minutes)| Busy {
                    start,
                    end: start + Duration::minutes(minutes),
                })
                .filter(|b| b.end > from)
                .collect(),
        })
        .collect())
}

fn weekly_window(day: i64, starts: &str, ends: &str) -> Option<WeeklyWindow> {
    let weekday = match day {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    };
    let time = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
    Some(WeeklyWindow {
        weekday,
        start: time(starts)?,
        end: time(ends)?,
    })
}

/// At least half of the other participants, rounded up: a session with half the group
/// missing is a different session.
pub fn quorum(others: usize) -> usize {
    others.div_ceil(2)
}

/// The finder's five best slots for a session, named for the planner.
pub async fn suggest(
    db: &Db,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<Vec<SlotChoice>, AppError> {
    let detail = store::session_detail(db, session, UserId(0), true).await?;
    let others: Vec<UserId> = detail
        .invitees
        .iter()
        .map(|i| i.user)
        .filter(|u| *u != detail.facilitator.id && *u != detail.presenter.id)
        .collect();
    let from = now + Duration::hours(NOTICE_HOURS);
    let until = from + Duration::weeks(HORIZON_WEEKS);
    // A length off the quarter-hour grid is planned as the next whole quarter.
    let minutes = i64::from(detail.minutes).div_euclid(15) * 15
        + if detail.minutes % 15 == 0 { 0 } else { 15 };
    let request = SlotRequest::new(
        detail.facilitator.id,
        detail.presenter.id,
        &others,
        quorum(others.len()),
        Duration::minutes(minutes),
        from,
        until,
    )
    .map_err(|err| {
        tracing::warn!(%session, error = %err, "slot request refused");
        AppError::invalid("minutes", crate::error::FieldProblem::OutOfRange)
    })?;
    let everyone: Vec<UserId> = detail.invitees.iter().map(|i| i.user).collect();
    let people = diaries(db, &everyone, Some(session), from, until).await?;
    let name = |user: UserId| {
        detail
            .invitees
            .iter()
            .find(|i| i.user == user)
            .map(|i| i.name.clone())
            .unwrap_or_default()
    };
    Ok(slots::find_slots(&request, &people, slots::DEFAULT_LIMIT)
        .into_iter()
        .map(|slot| SlotChoice {
            starts_at: slot.start,
            ends_at: slot.end,
            attending: slot.attendance() as u32,
            invited: everyone.len() as u32,
            missing: slot.unavailable.iter().map(|u| name(*u)).collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_is_half_rounded_up() {
        assert_eq!([quorum(0), quorum(1), quorum(4), quorum(5)], [0, 1, 2, 3]);
    }

    #[test]
    fn stored_windows_are_read_back() {
        let w = weekly_window(2, "08:30", "12:00").unwrap();
        assert_eq!(w.weekday, Weekday::Tue);
        assert!(weekly_window(9, "08:30", "12:00").is_none());
        assert!(weekly_window(1, "8 uur", "12:00").is_none());
    }
}
