//! Trends over stuck signals: what a team may see week by week, which clients keep coming back,
//! and a professional's own history. Pure, compiled for the browser too.
//!
//! Weeks are ISO weeks (Monday to Sunday) of the Dutch calendar: a signal belongs to the day it
//! was logged in Europe/Amsterdam, the same day `crate::ui::time::today` gives.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::balance::model::ClientId;
use crate::signals::model::{KindOfWork, SignalFact, Strain, Visibility};

/// Team-level figures are shown only when at least this many people contributed.
pub const ANONYMITY_FLOOR: usize = 3;

/// The longest window a trend covers (ten years); longer requests are cut to this.
pub const MAX_WEEKS: u32 = 520;

/// The Monday of the week `date` falls in. Dates in the calendar's first days, where that
/// Monday does not exist, give the calendar's first day.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back))
        .unwrap_or(NaiveDate::MIN)
}

/// The Dutch calendar day a signal was logged on.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Amsterdam).date_naive()
}

/// The Mondays of the last `weeks` weeks, oldest first, ending with the week of `today`.
fn window(weeks: u32, today: NaiveDate) -> Vec<NaiveDate> {
    let last = week_start(today);
    let mut starts: Vec<NaiveDate> = (0..weeks.min(MAX_WEEKS))
        .map_while(|i| last.checked_sub_days(Days::new(7 * u64::from(i))))
        .collect();
    starts.reverse();
    starts
}

/// What a group of signals adds up to. A signal with several kinds counts once for each kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCounts {
    pub total: u32,
    /// Every kind, in `KindOfWork::ALL` order, zeros included.
    pub by_kind: Vec<(KindOfWork, u32)>,
    /// Every strain, in `Strain::ALL` order, zeros included.
    pub by_strain: Vec<(Strain, u32)>,
    pub moral_dilemmas: u32,
}

impl WeekCounts {
    pub fn zero() -> WeekCounts {
        WeekCounts {
            total: 0,
            by_kind: KindOfWork::ALL.iter().map(|k| (*k, 0)).collect(),
            by_strain: Strain::ALL.iter().map(|s| (*s, 0)).collect(),
            moral_dilemmas: 0,
        }
    }

    pub fn kind(&self, kind: KindOfWork) -> u32 {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    pub fn strain(&self, strain: Strain) -> u32 {
        self.by_strain
            .iter()
            .find(|(s, _)| *s == strain)
            .map_or(0, |(_, n)| *n)
    }

    fn add(&mut self, signal: &SignalFact) {
        self.total = self.total.saturating_add(1);
        for (kind, n) in &mut self.by_kind {
            // `contains`, not a loop over `signal.kinds`: a kind listed twice counts once.
            if signal.kinds.contains(kind) {
                *n = n.saturating_add(1);
            }
        }
        for (strain, n) in &mut self.by_strain {
            if signal.strain == Some(*strain) {
                *n = n.saturating_add(1);
            }
        }
        if signal.moral_dilemma {
            self.moral_dilemmas = self.moral_dilemmas.saturating_add(1);
        }
    }

    fn merge(&mut self, other: &WeekCounts) {
        self.total = self.total.saturating_add(other.total);
        for ((_, n), (_, m)) in self.by_kind.iter_mut().zip(&other.by_kind) {
            *n = n.saturating_add(*m);
        }
        for ((_, n), (_, m)) in self.by_strain.iter_mut().zip(&other.by_strain) {
            *n = n.saturating_add(*m);
        }
        self.moral_dilemmas = self.moral_dilemmas.saturating_add(other.moral_dilemmas);
    }
}

/// One week of the team trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekBar {
    /// The Monday.
    pub week_start: NaiveDate,
    /// The week's figures; `None` when fewer than `ANONYMITY_FLOOR` people contributed. A week
    /// without any signal is shown as zeros: it reveals nothing about anyone.
    pub shown: Option<WeekCounts>,
    /// True exactly when `shown` is `None`: some signals exist but too few people logged them.
    /// How many people is deliberately not told.
    pub contributors_hidden: bool,
}

/// The team's stuck signals over the last weeks, with the anonymity floor applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamTrend {
    /// Oldest week first, ending with the current week.
    pub weeks: Vec<WeekBar>,
    /// The sum of the shown weeks; `None` when weeks are hidden and the shown weeks hold no
    /// signals, so there is nothing to add up.
    pub totals_shown: Option<WeekCounts>,
    /// Whether `totals_shown` covers every week of the window (no week is hidden).
    pub totals_cover_all_weeks: bool,
    pub hidden_weeks: u32,
}

#[derive(Default)]
struct Bucket {
    counts: Option<WeekCounts>,
    authors: BTreeSet<UserId>,
}

impl Bucket {
    fn add(&mut self, signal: &SignalFact) {
        self.counts.get_or_insert_with(WeekCounts::zero).add(signal);
        self.authors.insert(signal.author);
    }
}

/// The team trend over the last `weeks` weeks ending with the week of `today`. `signals` are
/// those the viewer may know exist; private ones are dropped here anyway.
pub fn weekly_team_trend(signals: &[SignalFact], weeks: u32, today: NaiveDate) -> TeamTrend {
    let mut buckets: BTreeMap<NaiveDate, Bucket> = window(weeks, today)
        .into_iter()
        .map(|monday| (monday, Bucket::default()))
        .collect();
    for signal in signals
        .iter()
        .filter(|s| s.visibility != Visibility::Private)
    {
        if let Some(bucket) = buckets.get_mut(&week_start(local_day(signal.at))) {
            bucket.add(signal);
        }
    }

    // The period totals are always the sum of the shown weeks, never of every signal. Were they
    // the full sum, "total minus the shown weeks" would give a hidden week's figures back by
    // subtraction; and comparing a 4-week with a 5-week window would do the same for the oldest
    // week. Summing only shown weeks makes every total built from figures already on screen.
    let mut totals = WeekCounts::zero();
    let mut total_authors = BTreeSet::new();
    let mut hidden_weeks = 0u32;
    let bars = buckets
        .into_iter()
        .map(|(week_start, bucket)| match bucket.counts {
            None => WeekBar {
                week_start,
                shown: Some(WeekCounts::zero()),
                contributors_hidden: false,
            },
            Some(counts) if bucket.authors.len() >= ANONYMITY_FLOOR => {
                totals.merge(&counts);
                total_authors.extend(bucket.authors);
                WeekBar {
                    week_start,
                    shown: Some(counts),
                    contributors_hidden: false,
                }
            }
            Some(_) => {
                hidden_weeks += 1;
                WeekBar {
                    week_start,
                    shown: None,
                    contributors_hidden: true,
                }
            }
        })
        .collect();
    let nothing_at_all = hidden_weeks == 0 && totals.total == 0;
    let totals_shown = (nothing_at_all || total_authors.len() >= ANONYMITY_FLOOR).then_some(totals);
    TeamTrend {
        weeks: bars,
        totals_shown,
        totals_cover_all_weeks: hidden_weeks == 0,
        hidden_weeks,
    }
}

/// A client who keeps coming back in stuck signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatedClient {
    pub client: ClientId,
    pub signals: u32,
    /// How many different people logged them.
    pub authors: u32,
    pub latest: DateTime<Utc>,
    pub moral_dilemmas: u32,
}

/// Clients with at least `min_signals` signals logged at or after `since`, resolved ones
/// included (it is history). Most signals first, then the most recent, then by client.
/// Private signals are dropped even if the caller passed them.
pub fn repeated_clients(
    signals: &[SignalFact],
    since: DateTime<Utc>,
    min_signals: u32,
) -> Vec<RepeatedClient> {
    let mut by_client: BTreeMap<ClientId, (RepeatedClient, BTreeSet<UserId>)> = BTreeMap::new();
    for signal in signals
        .iter()
        .filter(|s| s.visibility != Visibility::Private && s.at >= since)
    {
        let Some(client) = signal.client else {
            continue;
        };
        let (entry, authors) = by_client.entry(client).or_insert_with(|| {
            (
                RepeatedClient {
                    client,
                    signals: 0,
                    authors: 0,
                    latest: signal.at,
                    moral_dilemmas: 0,
                },
                BTreeSet::new(),
            )
        });
        entry.signals = entry.signals.saturating_add(1);
        entry.latest = entry.latest.max(signal.at);
        if signal.moral_dilemma {
            entry.moral_dilemmas = entry.moral_dilemmas.saturating_add(1);
        }
        authors.insert(signal.author);
    }
    let mut repeated: Vec<RepeatedClient> = by_client
        .into_values()
        .map(|(mut entry, authors)| {
            entry.authors = u32::try_from(authors.len()).unwrap_or(u32::MAX);
            entry
        })
        .filter(|entry| entry.signals >= min_signals)
        .collect();
    repeated.sort_by(|a, b| {
        b.signals
            .cmp(&a.signals)
            .then(b.latest.cmp(&a.latest))
            .then(a.client.cmp(&b.client))
    });
    repeated
}

/// One week of a professional's own signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalWeek {
    pub week_start: NaiveDate,
    pub count: u32,
    pub resolved: u32,
    pub moral_dilemmas: u32,
}

/// `author`'s own signals per week over the last `weeks` weeks ending with the week of `today`,
/// oldest first. Every visibility counts and no floor applies: it is their own data.
pub fn personal_history(
    signals: &[SignalFact],
    author: UserId,
    weeks: u32,
    today: NaiveDate,
) -> Vec<PersonalWeek> {
    let mut history: Vec<PersonalWeek> = window(weeks, today)
        .into_iter()
        .map(|week_start| PersonalWeek {
            week_start,
            count: 0,
            resolved: 0,
            moral_dilemmas: 0,
        })
        .collect();
    for signal in signals.iter().filter(|s| s.author == author) {
        let monday = week_start(local_day(signal.at));
        if let Ok(i) = history.binary_search_by(|w| w.week_start.cmp(&monday)) {
            let week = &mut history[i];
            week.count = week.count.saturating_add(1);
            if signal.resolved {
                week.resolved = week.resolved.saturating_add(1);
            }
            if signal.moral_dilemma {
                week.moral_dilemmas = week.moral_dilemmas.saturating_add(1);
            }
        }
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::ids::SignalId;
    use chrono::{Duration, TimeZone, Weekday};
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// Noon UTC: the same day in Amsterdam, winter or summer.
    fn noon(day: NaiveDate) -> DateTime<Utc> {
        Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).expect("valid time"))
    }

    fn fact(id: i64, author: UserId, at: DateTime<Utc>, visibility: Visibility) -> SignalFact {
        SignalFact {
            id: SignalId(id),
            author,
            client: None,
            at,
            visibility,
            moral_dilemma: false,
            resolved: false,
            kinds: vec![],
            strain: None,
        }
    }

    fn team(id: i64, author: UserId, day: NaiveDate) -> SignalFact {
        fact(id, author, noon(day), Visibility::Team)
    }

    fn about(client: ClientId, signal: SignalFact) -> SignalFact {
        SignalFact {
            client: Some(client),
            ..signal
        }
    }

    // 2026-03-02 is a Monday; 2026-03-08 the Sunday of that week.
    const MONDAY: (i32, u32, u32) = (2026, 3, 2);

    fn monday() -> NaiveDate {
        date(MONDAY.0, MONDAY.1, MONDAY.2)
    }

    #[test]
    fn week_starts_on_monday_and_ends_on_sunday() {
        assert_eq!(monday().weekday(), Weekday::Mon);
        for offset in 0..7 {
            let day = monday() + Duration::days(offset);
            assert_eq!(week_start(day), monday(), "{day}");
        }
        assert_eq!(week_start(monday() - Duration::days(1)), date(2026, 2, 23));
        assert_eq!(week_start(monday() + Duration::days(7)), date(2026, 3, 9));
        // An ISO week that crosses the new year.
        assert_eq!(week_start(date(2026, 1, 1)), date(2025, 12, 29));
        assert_eq!(
            week_start(NaiveDate::MIN).weekday(),
            NaiveDate::MIN.weekday()
        );
    }

    #[test]
    fn signals_fall_in_the_dutch_day_they_were_logged() {
        // Sunday 23:30 UTC is Monday 00:30 in Amsterdam: the next week.
        let late_sunday = Utc.with_ymd_and_hms(2026, 3, 8, 23, 30, 0).unwrap();
        assert_eq!(local_day(late_sunday), date(2026, 3, 9));
        let signals: Vec<_> = (1..=3)
            .map(|a| fact(a, UserId(a), late_sunday, Visibility::Team))
            .collect();
        let trend = weekly_team_trend(&signals, 2, date(2026, 3, 9));
        assert_eq!(trend.weeks[0].shown.as_ref().map(|c| c.total), Some(0));
        assert_eq!(trend.weeks[1].shown.as_ref().map(|c| c.total), Some(3));
    }

    #[test]
    fn the_window_is_the_last_weeks_ending_with_the_week_of_today() {
        let sunday = monday() + Duration::days(6);
        let trend = weekly_team_trend(&[], 3, sunday);
        let mondays: Vec<_> = trend.weeks.iter().map(|w| w.week_start).collect();
        assert_eq!(
            mondays,
            vec![date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2)]
        );
        let outside = [
            team(1, UserId(1), date(2026, 2, 15)),
            team(2, UserId(2), date(2026, 2, 15)),
            team(3, UserId(3), date(2026, 2, 15)),
            team(4, UserId(1), date(2026, 3, 9)),
            team(5, UserId(2), date(2026, 3, 9)),
            team(6, UserId(3), date(2026, 3, 9)),
        ];
        assert_eq!(weekly_team_trend(&outside, 3, sunday), trend);
    }

    #[test]
    fn three_distinct_authors_show_a_week_two_do_not() {
        let two = [
            team(1, UserId(1), monday()),
            team(2, UserId(2), monday()),
            team(3, UserId(2), monday()),
        ];
        let trend = weekly_team_trend(&two, 1, monday());
        assert_eq!(trend.weeks[0].shown, None);
        assert!(trend.weeks[0].contributors_hidden);
        assert_eq!(trend.hidden_weeks, 1);

        let three = [
            team(1, UserId(1), monday()),
            team(2, UserId(2), monday()),
            team(3, UserId(3), monday()),
        ];
        let trend = weekly_team_trend(&three, 1, monday());
        assert_eq!(trend.weeks[0].shown.as_ref().map(|c| c.total), Some(3));
        assert!(!trend.weeks[0].contributors_hidden);
        assert_eq!(trend.hidden_weeks, 0);
        assert!(trend.totals_cover_all_weeks);
        assert_eq!(trend.totals_shown.map(|c| c.total), Some(3));
    }

    #[test]
    fn one_author_with_ten_signals_stays_hidden() {
        let signals: Vec<_> = (0..10).map(|i| team(i, UserId(7), monday())).collect();
        let trend = weekly_team_trend(&signals, 1, monday());
        assert_eq!(trend.weeks[0].shown, None);
        assert_eq!(trend.totals_shown, None);
        assert!(!trend.totals_cover_all_weeks);
    }

    #[test]
    fn a_hidden_week_carries_no_numbers_at_all() {
        let signals = [team(1, UserId(1), monday()), team(2, UserId(2), monday())];
        let bar = &weekly_team_trend(&signals, 1, monday()).weeks[0];
        let json = serde_json::to_value(bar).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "week_start": "2026-03-02",
                "shown": null,
                "contributors_hidden": true,
            })
        );
    }

    #[test]
    fn an_empty_week_is_shown_as_zeros() {
        let trend = weekly_team_trend(&[], 2, monday());
        for week in &trend.weeks {
            assert_eq!(week.shown, Some(WeekCounts::zero()));
            assert!(!week.contributors_hidden);
        }
        assert_eq!(trend.totals_shown, Some(WeekCounts::zero()));
        assert!(trend.totals_cover_all_weeks);
    }

    #[test]
    fn private_signals_are_ignored_in_team_figures() {
        let signals = [
            team(1, UserId(1), monday()),
            team(2, UserId(2), monday()),
            fact(3, UserId(3), noon(monday()), Visibility::Private),
        ];
        let trend = weekly_team_trend(&signals, 1, monday());
        assert_eq!(
            trend.weeks[0].shown, None,
            "the private third does not count"
        );

        let signals = [
            team(1, UserId(1), monday()),
            fact(2, UserId(2), noon(monday()), Visibility::Leader),
            team(3, UserId(3), monday()),
            fact(4, UserId(3), noon(monday()), Visibility::Private),
        ];
        let trend = weekly_team_trend(&signals, 1, monday());
        assert_eq!(trend.weeks[0].shown.as_ref().map(|c| c.total), Some(3));
    }

    #[test]
    fn counts_break_down_by_every_kind_and_strain_in_order() {
        let signals = [
            SignalFact {
                kinds: vec![KindOfWork::Emotion, KindOfWork::Role, KindOfWork::Emotion],
                strain: Some(Strain::Energy),
                moral_dilemma: true,
                ..team(1, UserId(1), monday())
            },
            SignalFact {
                kinds: vec![KindOfWork::Emotion],
                strain: Some(Strain::Identity),
                ..team(2, UserId(2), monday())
            },
            team(3, UserId(3), monday()),
        ];
        let counts = weekly_team_trend(&signals, 1, monday()).weeks[0]
            .shown
            .clone()
            .expect("three people");
        assert_eq!(counts.total, 3);
        assert_eq!(counts.moral_dilemmas, 1);
        let kinds: Vec<_> = counts.by_kind.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, KindOfWork::ALL.to_vec());
        let strains: Vec<_> = counts.by_strain.iter().map(|(s, _)| *s).collect();
        assert_eq!(strains, Strain::ALL.to_vec());
        assert_eq!(
            counts.kind(KindOfWork::Emotion),
            2,
            "a repeated kind counts once"
        );
        assert_eq!(counts.kind(KindOfWork::Role), 1);
        assert_eq!(counts.kind(KindOfWork::Teamwork), 0);
        assert_eq!(counts.strain(Strain::Energy), 1);
        assert_eq!(counts.strain(Strain::Identity), 1);
        assert_eq!(counts.strain(Strain::Context), 0);
    }

    #[test]
    fn a_hidden_week_keeps_the_totals_to_the_shown_weeks() {
        let last_week = monday() - Duration::days(7);
        let signals = [
            team(1, UserId(1), last_week),
            team(2, UserId(2), last_week),
            team(3, UserId(3), last_week),
            team(4, UserId(1), monday()),
            team(5, UserId(2), monday()),
        ];
        let trend = weekly_team_trend(&signals, 2, monday());
        assert_eq!(trend.weeks[0].shown.as_ref().map(|c| c.total), Some(3));
        assert_eq!(trend.weeks[1].shown, None);
        assert_eq!(trend.hidden_weeks, 1);
        assert!(!trend.totals_cover_all_weeks);
        assert_eq!(
            trend.totals_shown.map(|c| c.total),
            Some(3),
            "not 5: that would give away the hidden week by subtraction"
        );
    }

    #[test]
    fn three_people_spread_over_hidden_weeks_give_no_totals() {
        let signals = [
            team(1, UserId(1), monday() - Duration::days(14)),
            team(2, UserId(2), monday() - Duration::days(7)),
            team(3, UserId(3), monday()),
        ];
        let trend = weekly_team_trend(&signals, 3, monday());
        assert_eq!(trend.hidden_weeks, 3);
        assert_eq!(trend.totals_shown, None);
    }

    #[test]
    fn zero_weeks_is_an_empty_trend_and_long_windows_are_capped() {
        let trend = weekly_team_trend(&[team(1, UserId(1), monday())], 0, monday());
        assert!(trend.weeks.is_empty());
        assert_eq!(trend.totals_shown, Some(WeekCounts::zero()));
        assert_eq!(
            weekly_team_trend(&[], u32::MAX, monday()).weeks.len(),
            MAX_WEEKS as usize
        );
        assert_eq!(
            personal_history(&[], UserId(1), u32::MAX, monday()).len(),
            MAX_WEEKS as usize
        );
        // Near the start of the calendar the window is simply shorter.
        assert!(weekly_team_trend(&[], 10, NaiveDate::MIN).weeks.len() <= 1);
    }

    #[test]
    fn repeated_clients_are_sorted_by_count_then_latest_then_client() {
        let day = |d: i64| noon(monday() + Duration::days(d));
        let signals = [
            about(ClientId(30), fact(1, UserId(1), day(0), Visibility::Team)),
            about(ClientId(30), fact(2, UserId(2), day(1), Visibility::Leader)),
            about(ClientId(10), fact(3, UserId(1), day(0), Visibility::Team)),
            about(ClientId(10), fact(4, UserId(1), day(2), Visibility::Team)),
            about(ClientId(20), fact(5, UserId(3), day(0), Visibility::Team)),
            about(ClientId(20), fact(6, UserId(3), day(2), Visibility::Team)),
            about(ClientId(40), fact(7, UserId(1), day(0), Visibility::Team)),
            about(ClientId(40), fact(8, UserId(2), day(0), Visibility::Team)),
            about(ClientId(40), fact(9, UserId(3), day(0), Visibility::Team)),
            about(ClientId(50), fact(10, UserId(1), day(3), Visibility::Team)),
        ];
        let repeated = repeated_clients(&signals, day(0), 2);
        let order: Vec<_> = repeated.iter().map(|r| r.client).collect();
        assert_eq!(
            order,
            vec![ClientId(40), ClientId(10), ClientId(20), ClientId(30)],
            "50 has only one signal"
        );
        assert_eq!(repeated[0].signals, 3);
        assert_eq!(repeated[0].authors, 3);
        assert_eq!(repeated[1].authors, 1);
        assert_eq!(repeated[1].latest, day(2));
        assert_eq!(repeated[3].authors, 2);
    }

    #[test]
    fn repeated_clients_skip_private_clientless_and_older_signals() {
        let since = noon(monday());
        let signals = [
            about(ClientId(1), fact(1, UserId(1), since, Visibility::Team)),
            about(ClientId(1), fact(2, UserId(1), since, Visibility::Private)),
            about(
                ClientId(1),
                fact(3, UserId(2), since - Duration::seconds(1), Visibility::Team),
            ),
            fact(4, UserId(1), since, Visibility::Team),
            fact(5, UserId(1), since, Visibility::Team),
        ];
        let repeated = repeated_clients(&signals, since, 1);
        assert_eq!(repeated.len(), 1);
        assert_eq!(repeated[0].signals, 1);
        assert!(repeated_clients(&signals, since, 2).is_empty());
    }

    #[test]
    fn resolved_signals_still_count_as_history() {
        let since = noon(monday());
        let signals = [
            about(
                ClientId(5),
                SignalFact {
                    resolved: true,
                    moral_dilemma: true,
                    ..fact(1, UserId(1), since, Visibility::Team)
                },
            ),
            about(
                ClientId(5),
                fact(2, UserId(2), since + Duration::hours(1), Visibility::Leader),
            ),
        ];
        let repeated = repeated_clients(&signals, since, 2);
        assert_eq!(
            repeated,
            vec![RepeatedClient {
                client: ClientId(5),
                signals: 2,
                authors: 2,
                latest: since + Duration::hours(1),
                moral_dilemmas: 1,
            }]
        );
    }

    #[test]
    fn personal_history_counts_only_own_signals_of_every_visibility() {
        let last_week = monday() - Duration::days(7);
        let signals = [
            fact(1, UserId(1), noon(monday()), Visibility::Private),
            SignalFact {
                resolved: true,
                ..fact(2, UserId(1), noon(monday()), Visibility::Leader)
            },
            SignalFact {
                moral_dilemma: true,
                ..fact(3, UserId(1), noon(last_week), Visibility::Team)
            },
            fact(4, UserId(2), noon(monday()), Visibility::Team),
            fact(
                5,
                UserId(1),
                noon(monday() - Duration::days(21)),
                Visibility::Team,
            ),
        ];
        let history = personal_history(&signals, UserId(1), 3, monday() + Duration::days(6));
        assert_eq!(
            history,
            vec![
                PersonalWeek {
                    week_start: date(2026, 2, 16),
                    count: 0,
                    resolved: 0,
                    moral_dilemmas: 0,
                },
                PersonalWeek {
                    week_start: last_week,
                    count: 1,
                    resolved: 0,
                    moral_dilemmas: 1,
                },
                PersonalWeek {
                    week_start: monday(),
                    count: 2,
                    resolved: 1,
                    moral_dilemmas: 0,
                },
            ],
            "no floor on one's own data; another's signal and older ones stay out"
        );
    }

    const WINDOW_DAYS: i64 = 10 * 7;

    fn base() -> DateTime<Utc> {
        noon(monday()) - Duration::days(WINDOW_DAYS)
    }

    fn visibility() -> impl Strategy<Value = Visibility> {
        prop_oneof![
            Just(Visibility::Private),
            Just(Visibility::Leader),
            Just(Visibility::Team)
        ]
    }

    fn signal() -> impl Strategy<Value = SignalFact> {
        (
            (
                any::<i64>(),
                0i64..6,
                proptest::option::of(0i64..5),
                0i64..(WINDOW_DAYS + 7) * 86_400,
                visibility(),
            ),
            (
                any::<bool>(),
                any::<bool>(),
                proptest::sample::subsequence(KindOfWork::ALL.to_vec(), 0..=3),
                proptest::option::of(proptest::sample::select(Strain::ALL.to_vec())),
            ),
        )
            .prop_map(
                |((id, author, client, secs, visibility), (moral, resolved, kinds, strain))| {
                    SignalFact {
                        id: SignalId(id),
                        author: UserId(author),
                        client: client.map(ClientId),
                        at: base() + Duration::seconds(secs),
                        visibility,
                        moral_dilemma: moral,
                        resolved,
                        kinds,
                        strain,
                    }
                },
            )
    }

    fn signals() -> impl Strategy<Value = Vec<SignalFact>> {
        proptest::collection::vec(signal(), 0..60)
    }

    fn today() -> impl Strategy<Value = NaiveDate> {
        (0i64..WINDOW_DAYS + 14).prop_map(|d| base().date_naive() + Duration::days(d))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn no_week_is_shown_with_fewer_than_the_floor_of_people(
            signals in signals(), weeks in 0u32..14, today in today(),
        ) {
            let trend = weekly_team_trend(&signals, weeks, today);
            prop_assert_eq!(trend.weeks.len(), weeks as usize);
            for bar in &trend.weeks {
                let in_week: Vec<_> = signals
                    .iter()
                    .filter(|s| s.visibility != Visibility::Private)
                    .filter(|s| week_start(local_day(s.at)) == bar.week_start)
                    .collect();
                let people: BTreeSet<_> = in_week.iter().map(|s| s.author).collect();
                prop_assert_eq!(bar.contributors_hidden, bar.shown.is_none());
                match &bar.shown {
                    Some(counts) if counts.total > 0 => {
                        prop_assert!(people.len() >= ANONYMITY_FLOOR);
                        prop_assert_eq!(counts.total as usize, in_week.len());
                    }
                    Some(_) => prop_assert!(in_week.is_empty()),
                    None => prop_assert!(!in_week.is_empty() && people.len() < ANONYMITY_FLOOR),
                }
            }
        }

        #[test]
        fn period_totals_are_the_sum_of_the_shown_weeks(
            signals in signals(), weeks in 0u32..14, today in today(),
        ) {
            let trend = weekly_team_trend(&signals, weeks, today);
            let mut sum = WeekCounts::zero();
            for counts in trend.weeks.iter().filter_map(|w| w.shown.as_ref()) {
                sum.merge(counts);
            }
            let hidden = trend.weeks.iter().filter(|w| w.shown.is_none()).count();
            prop_assert_eq!(trend.hidden_weeks as usize, hidden);
            prop_assert_eq!(trend.totals_cover_all_weeks, hidden == 0);
            if let Some(totals) = &trend.totals_shown {
                prop_assert_eq!(totals, &sum);
                if trend.totals_cover_all_weeks {
                    let in_window = signals
                        .iter()
                        .filter(|s| s.visibility != Visibility::Private)
                        .filter(|s| trend.weeks.iter().any(|w| w.week_start == week_start(local_day(s.at))))
                        .count();
                    prop_assert_eq!(totals.total as usize, in_window);
                }
            } else {
                prop_assert!(hidden > 0 && sum.total == 0);
            }
        }

        #[test]
        fn a_longer_window_adds_only_what_its_oldest_week_shows(
            signals in signals(), weeks in 0u32..12, today in today(),
        ) {
            let short = weekly_team_trend(&signals, weeks, today);
            let long = weekly_team_trend(&signals, weeks + 1, today);
            prop_assert_eq!(&long.weeks[1..], &short.weeks[..]);
            let oldest = long.weeks[0].shown.as_ref().map_or(0, |c| c.total);
            let long_total = long.totals_shown.as_ref().map_or(0, |c| c.total);
            let short_total = short.totals_shown.as_ref().map_or(0, |c| c.total);
            prop_assert_eq!(long_total, short_total + oldest);
        }

        #[test]
        fn results_do_not_depend_on_input_order(
            (signals, shuffled) in signals().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
            weeks in 0u32..14, today in today(), since_secs in 0i64..WINDOW_DAYS * 86_400,
            min_signals in 0u32..4, author in 0i64..6,
        ) {
            let since = base() + Duration::seconds(since_secs);
            prop_assert_eq!(
                weekly_team_trend(&signals, weeks, today),
                weekly_team_trend(&shuffled, weeks, today)
            );
            prop_assert_eq!(
                repeated_clients(&signals, since, min_signals),
                repeated_clients(&shuffled, since, min_signals)
            );
            prop_assert_eq!(
                personal_history(&signals, UserId(author), weeks, today),
                personal_history(&shuffled, UserId(author), weeks, today)
            );
        }

        #[test]
        fn repeated_clients_are_sorted_and_meet_the_minimum(
            signals in signals(), since_secs in 0i64..WINDOW_DAYS * 86_400, min_signals in 0u32..4,
        ) {
            let since = base() + Duration::seconds(since_secs);
            let repeated = repeated_clients(&signals, since, min_signals);
            for pair in repeated.windows(2) {
                let key = |r: &RepeatedClient| (std::cmp::Reverse(r.signals), std::cmp::Reverse(r.latest), r.client);
                prop_assert!(key(&pair[0]) < key(&pair[1]));
            }
            for r in &repeated {
                prop_assert!(r.signals >= min_signals.max(1));
                prop_assert!(r.authors >= 1 && r.authors <= r.signals);
                prop_assert!(r.latest >= since && r.moral_dilemmas <= r.signals);
            }
        }

        #[test]
        fn a_private_signal_changes_no_team_figure(
            signals in signals(), extra in signal(), weeks in 0u32..14, today in today(),
            since_secs in 0i64..WINDOW_DAYS * 86_400, min_signals in 0u32..4,
        ) {
            let since = base() + Duration::seconds(since_secs);
            let mut with_private = signals.clone();
            with_private.push(SignalFact { visibility: Visibility::Private, ..extra });
            prop_assert_eq!(
                weekly_team_trend(&signals, weeks, today),
                weekly_team_trend(&with_private, weeks, today)
            );
            prop_assert_eq!(
                repeated_clients(&signals, since, min_signals),
                repeated_clients(&with_private, since, min_signals)
            );
        }

        #[test]
        fn personal_history_counts_every_own_signal_in_the_window(
            signals in signals(), weeks in 0u32..14, today in today(), author in 0i64..6,
        ) {
            let history = personal_history(&signals, UserId(author), weeks, today);
            prop_assert_eq!(history.len(), weeks as usize);
            let own_in_window = signals
                .iter()
                .filter(|s| s.author == UserId(author))
                .filter(|s| history.iter().any(|w| w.week_start == week_start(local_day(s.at))))
                .count();
            prop_assert_eq!(history.iter().map(|w| w.count as usize).sum::<usize>(), own_in_window);
            for week in &history {
                prop_assert_eq!(week.week_start.weekday(), Weekday::Mon);
                prop_assert!(week.resolved <= week.count && week.moral_dilemmas <= week.count);
            }
        }

        #[test]
        fn nothing_panics_on_any_dates(
            signals in signals(), weeks in any::<u32>(), days in -100_000i64..100_000,
            since_secs in any::<i32>(), min_signals in any::<u32>(), author in any::<i64>(),
        ) {
            let today = monday() + Duration::days(days);
            let since = base() + Duration::seconds(i64::from(since_secs));
            let _ = weekly_team_trend(&signals, weeks, today);
            let _ = repeated_clients(&signals, since, min_signals);
            let _ = personal_history(&signals, UserId(author), weeks, today);
            prop_assert_eq!(week_start(today).weekday(), Weekday::Mon);
        }
    }
}
