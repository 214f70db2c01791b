//! What the access log can be asked: the admin's filter, read from the page's address.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::error::{AppError, FieldProblem};
use crate::shared::parse::parse_date;

/// The actions an admin filters on, each a prefix of the recorded action names: `client`
/// covers opening (`client.view`), creating, changing, closing and assigning a client.
pub const ACTION_GROUPS: &[&str] = &[
    "client",
    "caseload",
    "export",
    "membership",
    "second_factor",
    "account",
    "organisation",
    "signal",
];

/// At most this many entries are shown or exported at once; a narrower filter shows the rest.
pub const MAX_ENTRIES: i64 = 1000;

/// A valid filter: every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogFilter {
    pub person: Option<UserId>,
    pub client_code: Option<String>,
    pub action: Option<&'static str>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl LogFilter {
    /// Reads the filter as the form sends it; an empty field means "any".
    pub fn parse(
        person: &str,
        client_code: &str,
        action: &str,
        from: &str,
        to: &str,
    ) -> Result<LogFilter, AppError> {
        let person = match person.trim() {
            "" => None,
            p => Some(UserId(p.parse().map_err(|_| {
                AppError::invalid("person", FieldProblem::UnknownChoice)
            })?)),
        };
        let client_code = match client_code.trim() {
            "" => None,
            c if c.chars().count() > 40 => {
                return Err(AppError::invalid("client", FieldProblem::TooLong));
            }
            c => Some(c.to_owned()),
        };
        let action = match action.trim() {
            "" => None,
            a => Some(
                ACTION_GROUPS
                    .iter()
                    .copied()
                    .find(|g| *g == a)
                    .ok_or(AppError::invalid("action", FieldProblem::UnknownChoice))?,
            ),
        };
        let date = |field: &str, text: &str| match text.trim() {
            "" => Ok(None),
            t => parse_date(field, t).map(Some),
        };
        let (from, to) = (date("from", from)?, date("to", to)?);
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(AppError::invalid("to", FieldProblem::OutOfRange));
        }
        Ok(LogFilter {
            person,
            client_code,
            action,
            from,
            to,
        })
    }
}

impl LogFilter {
    /// The period as moments: from the first day's start to the end of the last day. Without
    /// a bound, from 1970 or until 9999 (written out, so both databases compare them alike).
    pub fn period(&self) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        let first = self
            .from
            .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date"));
        let last = self
            .to
            .unwrap_or(NaiveDate::from_ymd_opt(9998, 12, 31).expect("a date"));
        (start(first), start(last + chrono::Duration::days(1)))
    }
}

/// The client an entry is about: its subject is `client:<id>`, alone or followed by more.
pub fn client_of(subject: &str) -> Option<i64> {
    let rest = subject.strip_prefix("client:")?;
    rest.split(' ').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn an_empty_filter_asks_for_everything() {
        assert_eq!(
            LogFilter::parse("", " ", "", "", ""),
            Ok(LogFilter::default())
        );
    }

    #[test]
    fn each_part_is_read_or_named_at_its_field() {
        let f = LogFilter::parse("7", "K-0142", "client", "2026-03-01", "2026-03-31").unwrap();
        assert_eq!(f.person, Some(UserId(7)));
        assert_eq!(f.client_code.as_deref(), Some("K-0142"));
        assert_eq!(f.action, Some("client"));
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 3, 1));
        let at = |r: Result<LogFilter, AppError>| r.unwrap_err();
        assert_eq!(
            at(LogFilter::parse("x", "", "", "", "")).at_field("person"),
            Some(FieldProblem::UnknownChoice)
        );
        assert_eq!(
            at(LogFilter::parse("", "", "drop", "", "")).at_field("action"),
            Some(FieldProblem::UnknownChoice)
        );
        assert_eq!(
            at(LogFilter::parse("", "", "", "gisteren", "")).at_field("from"),
            Some(FieldProblem::InvalidDate)
        );
        assert_eq!(
            at(LogFilter::parse("", "", "", "2026-03-02", "2026-03-01")).at_field("to"),
            Some(FieldProblem::OutOfRange)
        );
    }

    #[test]
    fn an_entry_names_its_client_by_the_subject() {
        assert_eq!(client_of("client:42"), Some(42));
        assert_eq!(client_of("client:42 from:3 to:4"), Some(42));
        assert_eq!(client_of("team:42"), None);
        assert_eq!(client_of("client:"), None);
    }

    #[test]
    fn a_period_covers_whole_days() {
        let f = LogFilter::parse("", "", "", "2026-03-01", "2026-03-01").unwrap();
        let (from, to) = f.period();
        assert_eq!(to - from, chrono::Duration::days(1));
    }

    proptest! {
        #[test]
        fn any_input_is_read_or_refused_without_panic(p in ".{0,12}", c in ".{0,50}", a in ".{0,12}", f in ".{0,12}", t in ".{0,12}") {
            if let Ok(filter) = LogFilter::parse(&p, &c, &a, &f, &t) {
                if let Some(action) = filter.action { prop_assert!(ACTION_GROUPS.contains(&action)); }
                if let (Some(f), Some(t)) = (filter.from, filter.to) { prop_assert!(f <= t); }
            }
        }
    }
}
