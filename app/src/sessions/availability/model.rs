//! A person's weekly availability and absences, as typed, parsed into what the slot finder
//! trusts. Pure; compiled for the browser too.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldProblem};
use crate::sessions::views::WindowRow;
use crate::shared::parse::parse_clock;

/// A weekly window in Amsterdam local time; only constructible with start before end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// 1 is Monday, 7 is Sunday.
    pub weekday: u8,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AbsenceReason {
    Leave,
    Training,
    Other,
}

impl AbsenceReason {
    pub const ALL: [AbsenceReason; 3] = [
        AbsenceReason::Leave,
        AbsenceReason::Training,
        AbsenceReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AbsenceReason::Leave => "leave",
            AbsenceReason::Training => "training",
            AbsenceReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<AbsenceReason> {
        AbsenceReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Whole days away, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absence {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub reason: AbsenceReason,
}

/// No one works more windows than this in a week; more is a typing accident.
pub const MAX_WINDOWS: usize = 28;

/// Parses every row; a problem is reported at its row's field (`starts-2`, `ends-0`, …).
pub fn parse_windows(rows: &[WindowRow]) -> Result<Vec<Window>, AppError> {
    if rows.len() > MAX_WINDOWS {
        return Err(AppError::invalid("windows", FieldProblem::TooLong));
    }
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if !(1..=7).contains(&row.weekday) {
            return Err(AppError::invalid(
                &format!("weekday-{i}"),
                FieldProblem::UnknownChoice,
            ));
        }
        let starts = parse_clock(&format!("starts-{i}"), &row.starts)?;
        let ends = parse_clock(&format!("ends-{i}"), &row.ends)?;
        if ends <= starts {
            return Err(AppError::invalid(
                &format!("ends-{i}"),
                FieldProblem::OutOfRange,
            ));
        }
        out.push(Window {
            weekday: row.weekday,
            starts,
            ends,
        });
    }
    out.sort_by_key(|w| (w.weekday, w.starts));
    Ok(out)
}

/// An absence may be a year long at most: longer is surely a typing accident.
pub fn parse_absence(first: &str, last: &str, reason: &str) -> Result<Absence, AppError> {
    let day = |field: &str, raw: &str| {
        if raw.trim().is_empty() {
            return Err(AppError::invalid(field, FieldProblem::Required));
        }
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid(field, FieldProblem::InvalidDate))
    };
    let first_day = day("first_day", first)?;
    let last_day = if last.trim().is_empty() {
        first_day
    } else {
        day("last_day", last)?
    };
    if last_day < first_day || (last_day - first_day).num_days() > 366 {
        return Err(AppError::invalid("last_day", FieldProblem::OutOfRange));
    }
    let reason = AbsenceReason::parse(reason.trim())
        .ok_or_else(|| AppError::invalid("reason", FieldProblem::UnknownChoice))?;
    Ok(Absence {
        first_day,
        last_day,
        reason,
    })
}

/// A clock time as stored and shown: `09:30`.
pub fn clock(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(weekday: u8, starts: &str, ends: &str) -> WindowRow {
        WindowRow {
            weekday,
            starts: starts.into(),
            ends: ends.into(),
        }
    }

    #[test]
    fn windows_parse_sorted_and_problems_name_their_row() {
        let ok = parse_windows(&[row(3, "13:00", "17:00"), row(1, "08:30", "12:00")]).unwrap();
        assert_eq!((ok[0].weekday, clock(ok[0].starts)), (1, "08:30".into()));
        let err = parse_windows(&[row(1, "09:00", "12:00"), row(2, "12:00", "09:00")]).unwrap_err();
        assert_eq!(err.at_field("ends-1"), Some(FieldProblem::OutOfRange));
        let err = parse_windows(&[row(8, "09:00", "12:00")]).unwrap_err();
        assert_eq!(err.at_field("weekday-0"), Some(FieldProblem::UnknownChoice));
        let err = parse_windows(&[row(1, "9 uur", "12:00")]).unwrap_err();
        assert_eq!(err.at_field("starts-0"), Some(FieldProblem::OutOfRange));
    }

    #[test]
    fn absences_are_whole_days_in_order() {
        let a = parse_absence("2026-12-24", "", "leave").unwrap();
        assert_eq!(a.first_day, a.last_day);
        let err = parse_absence("2026-12-24", "2026-12-20", "leave").unwrap_err();
        assert_eq!(err.at_field("last_day"), Some(FieldProblem::OutOfRange));
        let err = parse_absence("", "", "leave").unwrap_err();
        assert_eq!(err.at_field("first_day"), Some(FieldProblem::Required));
        let err = parse_absence("2026-12-24", "", "holiday").unwrap_err();
        assert_eq!(err.at_field("reason"), Some(FieldProblem::UnknownChoice));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(weekday in any::<u8>(), s in ".{0,8}", e in ".{0,8}", f in ".{0,12}", r in ".{0,10}") {
            let _ = parse_windows(&[row(weekday, &s, &e)]);
            let _ = parse_absence(&f, &s, &r);
        }
    }
}
