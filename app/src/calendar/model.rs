//! Sessions and neighbour visits as iCalendar (RFC 5545), for a download each and a private
//! feed per person.
//! Times are written in Europe/Amsterdam local time with a TZID, so a calendar app shows 13:30
//! whatever the season; the VTIMEZONE that such a TZID requires is included.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, Event, EventLike, EventStatus,
};

const TZID: &str = "Europe/Amsterdam";

/// The Netherlands' rules since 1996: summer time from the last Sunday of March at 02:00 to the
/// last Sunday of October at 03:00. Calendar apps use this block to read the local times below.
const AMSTERDAM_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/Amsterdam\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

/// Whether an entry will take place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    /// Asked for, not yet confirmed (a visit the host has not answered).
    Tentative,
    Confirmed,
    Cancelled,
}

/// One session or visit as a calendar entry. Titles are already in the reader's language.
///
/// Outside calendar services poll the private feed, so an entry carries a title, a time, a
/// place and a link, and nothing more: no case question, no kijkvraag, no client code. There is
/// deliberately no field for them.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEntry {
    /// Unique within this installation and stable over changes, e.g. `session-12`, `visit-3`.
    pub uid: String,
    pub title: String,
    /// Where the entry lives in the app; the details are there, behind the log-in.
    pub link: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub status: EntryStatus,
    pub updated_at: DateTime<Utc>,
}

/// A calendar with these sessions; `host` makes the UIDs globally unique.
pub fn calendar(name: &str, host: &str, entries: &[CalendarEntry], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name(name).timezone(TZID);
    if let Ok(zone) = AMSTERDAM_VTIMEZONE.parse::<CalendarComponent>() {
        cal.push(zone);
    }
    for entry in entries {
        cal.push(event(host, entry, now));
    }
    cal.done().to_string()
}

fn event(host: &str, entry: &CalendarEntry, now: DateTime<Utc>) -> Event {
    let local = |at: DateTime<Utc>| CalendarDateTime::WithTimezone {
        date_time: at.with_timezone(&Amsterdam).naive_local(),
        tzid: TZID.to_owned(),
    };
    let ends = entry.starts_at + Duration::minutes(i64::from(entry.minutes));
    let mut event = Event::new();
    event
        .uid(&format!("{}@{host}", entry.uid))
        .timestamp(now)
        .last_modified(entry.updated_at)
        // A later change must win in calendar apps; seconds since a fixed day always grow.
        .sequence(sequence(entry.updated_at))
        .summary(&entry.title)
        .description(&entry.link)
        .add_property("URL", &entry.link)
        .starts(local(entry.starts_at))
        .ends(local(ends))
        .status(match entry.status {
            EntryStatus::Tentative => EventStatus::Tentative,
            EntryStatus::Confirmed => EventStatus::Confirmed,
            EntryStatus::Cancelled => EventStatus::Cancelled,
        });
    if !entry.place.is_empty() {
        event.location(&entry.place);
    }
    event.done()
}

fn sequence(updated_at: DateTime<Utc>) -> u32 {
    let since = updated_at.timestamp() - 1_767_225_600; // 2026-01-01
    u32::try_from(since.max(0) / 60).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use icalendar::parser::{read_calendar, unfold};

    fn entry(session: i64, start: DateTime<Utc>) -> CalendarEntry {
        CalendarEntry {
            uid: format!("session-{session}"),
            title: "Intervisie · Incidentmethode".into(),
            link: format!("https://draagkracht.test/sessions/{session}"),
            place: "Zaal 2, Wijkcentrum".into(),
            starts_at: start,
            minutes: 60,
            status: EntryStatus::Confirmed,
            updated_at: Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_session_reads_back_in_amsterdam_time_with_its_timezone() {
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 12, 30, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2027, 6, 1, 11, 30, 0).unwrap();
        let text = calendar(
            "Draagkracht",
            "draagkracht.test",
            &[entry(1, winter), entry(2, summer)],
            winter,
        );
        let unfolded = unfold(&text);
        let parsed = read_calendar(&unfolded).expect("a valid calendar");
        let names: Vec<String> = parsed
            .components
            .iter()
            .map(|c| c.name.to_string())
            .collect();
        assert_eq!(names, ["VTIMEZONE", "VEVENT", "VEVENT"]);
        let zone = &parsed.components[0];
        assert_eq!(zone.find_prop("TZID").map(|p| p.val.as_str()), Some(TZID));
        assert_eq!(zone.components.len(), 2, "summer and winter rules");
        let starts: Vec<String> = parsed.components[1..]
            .iter()
            .map(|e| {
                let p = e.find_prop("DTSTART").expect("a start");
                let tz = p
                    .params
                    .iter()
                    .find(|x| x.key == "TZID")
                    .and_then(|x| x.val.as_ref())
                    .map(|v| v.as_str().to_owned());
                format!("{}|{}", tz.unwrap_or_default(), p.val.as_str())
            })
            .collect();
        // 12:30 UTC in winter and 11:30 UTC in summer are both 13:30 in Amsterdam.
        assert_eq!(
            starts,
            [
                "Europe/Amsterdam|20261201T133000",
                "Europe/Amsterdam|20270601T133000"
            ]
        );
        let event = &parsed.components[1];
        assert_eq!(
            event.find_prop("UID").map(|p| p.val.as_str()),
            Some("session-1@draagkracht.test")
        );
        assert_eq!(
            event.find_prop("DTEND").map(|p| p.val.as_str()),
            Some("20261201T143000")
        );
        assert!(text.contains("\r\n"), "lines end in CRLF");
        assert!(text.lines().all(|l| l.len() <= 75), "long lines are folded");
    }

    #[test]
    fn a_cancelled_session_says_so() {
        let mut e = entry(3, Utc.with_ymd_and_hms(2026, 12, 1, 12, 30, 0).unwrap());
        e.status = EntryStatus::Cancelled;
        let text = calendar("x", "h", &[e], Utc::now());
        let unfolded = unfold(&text);
        let parsed = read_calendar(&unfolded).unwrap();
        assert_eq!(
            parsed.components[1]
                .find_prop("STATUS")
                .map(|p| p.val.as_str()),
            Some("CANCELLED")
        );
    }
}
