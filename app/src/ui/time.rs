//! Times are stored in UTC and shown in Europe/Amsterdam, whatever the server's or browser's
//! own time zone.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;

/// "21-11-2026 14:05" — the Dutch day-month-year order, used in both languages since the teams
/// work in the Netherlands.
pub fn local_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Amsterdam)
        .format("%d-%m-%Y %H:%M")
        .to_string()
}

pub fn local_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&Amsterdam).format("%d-%m-%Y").to_string()
}

/// Today's date in the Netherlands.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&Amsterdam).date_naive()
}

/// A calendar date the Dutch way: 01-03-2026.
pub fn dutch_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn summer_and_winter_time_are_applied() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        assert_eq!(local_date_time(winter), "15-01-2026 13:00");
        assert_eq!(local_date_time(summer), "15-07-2026 14:00");
    }

    #[test]
    fn late_evening_utc_is_the_next_day_in_amsterdam() {
        let at = Utc.with_ymd_and_hms(2026, 3, 31, 22, 30, 0).unwrap();
        assert_eq!(local_date(at), "01-04-2026");
    }
}
