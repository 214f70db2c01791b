//! Retention periods (AVG article 5(1)(e), storage limitation): how long an organisation keeps
//! what it no longer needs, and from which moment on each kind of record goes. Pure, so the
//! settings form and the daily job read the same rules.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldProblem};

/// The kinds of record with a retention period, each with its unit and its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kept {
    /// Closed clients, counted from the day they were closed. They go with every record that
    /// names them; their signals and sessions stay without the link.
    ClosedClients,
    /// The text of signal notes and of what helped; the signal itself stays as a count.
    SignalNotes,
    /// Login attempts with the typed address and the network address, and ended sign-ins.
    LoginAttempts,
    Notifications,
    /// What was said in a session (question, insights, step notes, preparation); that it
    /// happened, who was there and its anonymous evaluation stay.
    SessionNotes,
    /// The access log (NEN 7513).
    AccessLog,
}

impl Kept {
    pub const ALL: [Kept; 6] = [
        Kept::ClosedClients,
        Kept::SignalNotes,
        Kept::LoginAttempts,
        Kept::Notifications,
        Kept::SessionNotes,
        Kept::AccessLog,
    ];

    /// The form field and column suffix.
    pub fn field(self) -> &'static str {
        match self {
            Kept::ClosedClients => "closed_clients_months",
            Kept::SignalNotes => "signal_notes_months",
            Kept::LoginAttempts => "login_attempts_days",
            Kept::Notifications => "notifications_months",
            Kept::SessionNotes => "session_notes_months",
            Kept::AccessLog => "access_log_months",
        }
    }

    pub fn in_days(self) -> bool {
        self == Kept::LoginAttempts
    }

    /// The shortest and longest period an organisation may choose. The access log is kept at
    /// least a year, so that a complaint about who looked can still be answered.
    pub fn bounds(self) -> (u32, u32) {
        match self {
            Kept::LoginAttempts => (1, 365),
            Kept::AccessLog => (12, 240),
            _ => (1, 240),
        }
    }

    pub fn default_period(self) -> u32 {
        match self {
            Kept::ClosedClients => 12,
            Kept::SignalNotes => 12,
            Kept::LoginAttempts => 30,
            Kept::Notifications => 6,
            Kept::SessionNotes => 24,
            Kept::AccessLog => 60,
        }
    }
}

/// An organisation's periods: months, except login attempts in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPeriods {
    pub closed_clients_months: u32,
    pub signal_notes_months: u32,
    pub login_attempts_days: u32,
    pub notifications_months: u32,
    pub session_notes_months: u32,
    pub access_log_months: u32,
}

impl Default for RetentionPeriods {
    fn default() -> Self {
        RetentionPeriods {
            closed_clients_months: Kept::ClosedClients.default_period(),
            signal_notes_months: Kept::SignalNotes.default_period(),
            login_attempts_days: Kept::LoginAttempts.default_period(),
            notifications_months: Kept::Notifications.default_period(),
            session_notes_months: Kept::SessionNotes.default_period(),
            access_log_months: Kept::AccessLog.default_period(),
        }
    }
}

impl RetentionPeriods {
    pub fn get(&self, kept: Kept) -> u32 {
        match kept {
            Kept::ClosedClients => self.closed_clients_months,
            Kept::SignalNotes => self.signal_notes_months,
            Kept::LoginAttempts => self.login_attempts_days,
            Kept::Notifications => self.notifications_months,
            Kept::SessionNotes => self.session_notes_months,
            Kept::AccessLog => self.access_log_months,
        }
    }

    fn set(&mut self, kept: Kept, period: u32) {
        let slot = match kept {
            Kept::ClosedClients => &mut self.closed_clients_months,
            Kept::SignalNotes => &mut self.signal_notes_months,
            Kept::LoginAttempts => &mut self.login_attempts_days,
            Kept::Notifications => &mut self.notifications_months,
            Kept::SessionNotes => &mut self.session_notes_months,
            Kept::AccessLog => &mut self.access_log_months,
        };
        *slot = period;
    }

    /// Reads the form: each field a whole number within its bounds. The first field that is
    /// not is the problem reported.
    pub fn parse(typed: impl Fn(Kept) -> String) -> Result<RetentionPeriods, AppError> {
        let mut periods = RetentionPeriods::default();
        for kept in Kept::ALL {
            periods.set(kept, parse_period(kept, &typed(kept))?);
        }
        Ok(periods)
    }

    /// The moments before which each kind of record goes, seen from `now`.
    pub fn cutoffs(&self, now: DateTime<Utc>) -> Cutoffs {
        let before = |kept: Kept| cutoff(now, kept, self.get(kept));
        Cutoffs {
            closed_clients: before(Kept::ClosedClients).date_naive(),
            signal_notes: before(Kept::SignalNotes),
            login_attempts: before(Kept::LoginAttempts),
            notifications: before(Kept::Notifications),
            session_notes: before(Kept::SessionNotes),
            access_log: before(Kept::AccessLog),
        }
    }
}

fn parse_period(kept: Kept, typed: &str) -> Result<u32, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(AppError::invalid(kept.field(), FieldProblem::Required));
    }
    let (low, high) = kept.bounds();
    match typed.parse::<u32>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        _ => Err(AppError::invalid(kept.field(), FieldProblem::OutOfRange)),
    }
}

/// `now` less the period, in calendar months (or days); at the earliest possible date when the
/// subtraction would leave the calendar.
fn cutoff(now: DateTime<Utc>, kept: Kept, period: u32) -> DateTime<Utc> {
    let back = if kept.in_days() {
        now.checked_sub_days(Days::new(u64::from(period)))
    } else {
        now.checked_sub_months(Months::new(period))
    };
    back.unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Records older than these go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    /// Clients closed before this day.
    pub closed_clients: NaiveDate,
    pub signal_notes: DateTime<Utc>,
    pub login_attempts: DateTime<Utc>,
    pub notifications: DateTime<Utc>,
    pub session_notes: DateTime<Utc>,
    pub access_log: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn typed_all(value: &str) -> impl Fn(Kept) -> String + '_ {
        move |_| value.to_owned()
    }

    #[test]
    fn the_defaults_are_within_their_bounds() {
        for kept in Kept::ALL {
            let (low, high) = kept.bounds();
            assert!((low..=high).contains(&kept.default_period()), "{kept:?}");
        }
    }

    #[test]
    fn an_empty_field_is_required_and_named() {
        let err = RetentionPeriods::parse(|k| {
            if k == Kept::Notifications {
                " ".into()
            } else {
                "12".into()
            }
        })
        .unwrap_err();
        assert_eq!(
            err.at_field("notifications_months"),
            Some(FieldProblem::Required)
        );
    }

    #[test]
    fn the_access_log_is_kept_at_least_a_year() {
        let err = RetentionPeriods::parse(typed_all("6")).unwrap_err();
        assert_eq!(
            err.at_field("access_log_months"),
            Some(FieldProblem::OutOfRange)
        );
        assert!(RetentionPeriods::parse(typed_all("12")).is_ok());
    }

    #[test]
    fn months_are_calendar_months_and_attempts_days() {
        let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        let cut = RetentionPeriods::default().cutoffs(now);
        // A month before 31 March is the last day of February.
        assert_eq!(
            cut.notifications,
            Utc.with_ymd_and_hms(2025, 9, 30, 12, 0, 0).unwrap()
        );
        assert_eq!(
            cut.closed_clients,
            NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
        );
        assert_eq!(
            cut.login_attempts,
            Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
        );
        assert_eq!(
            cut.access_log,
            Utc.with_ymd_and_hms(2021, 3, 31, 12, 0, 0).unwrap()
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_keeps_only_periods_in_bounds(typed in ".{0,8}") {
            if let Ok(periods) = RetentionPeriods::parse(typed_all(&typed)) {
                for kept in Kept::ALL {
                    let (low, high) = kept.bounds();
                    prop_assert!((low..=high).contains(&periods.get(kept)));
                }
            }
        }

        #[test]
        fn a_longer_period_never_removes_more(short in 1u32..=240, extra in 0u32..=240, secs in 0i64..4_000_000_000) {
            let now = Utc.timestamp_opt(secs, 0).unwrap();
            let long = (short + extra).min(240);
            for kept in Kept::ALL {
                prop_assert!(cutoff(now, kept, long) <= cutoff(now, kept, short));
                prop_assert!(cutoff(now, kept, short) < now);
            }
        }
    }
}
