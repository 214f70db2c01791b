//! Did a session help? Pure: the stuck signals on its subject (its client, or else its
//! presenter) in the 8 weeks before and the 8 weeks after. Only signals shared beyond their
//! author are counted, so a private signal never changes a figure someone else sees.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub const EFFECT_WEEKS: i64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEffect {
    pub before: u32,
    pub after: u32,
    /// Whether the 8 weeks after have fully passed; until then `after` is still growing.
    pub complete: bool,
}

pub fn compare(
    held_at: DateTime<Utc>,
    signals: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> SessionEffect {
    let window = Duration::weeks(EFFECT_WEEKS);
    let count = |from: DateTime<Utc>, to: DateTime<Utc>| {
        signals.iter().filter(|t| **t >= from && **t < to).count() as u32
    };
    SessionEffect {
        before: count(held_at - window, held_at),
        after: count(held_at, (held_at + window).min(now)),
        complete: now >= held_at + window,
    }
}

/// A team's sessions together, counting only those whose 8 weeks after have passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamEffect {
    pub sessions: u32,
    pub before: u32,
    pub after: u32,
    /// Sessions after which fewer signals came.
    pub fewer: u32,
    pub same: u32,
    pub more: u32,
    /// Sessions whose 8 weeks after are still running.
    pub still_running: u32,
}

pub fn summarise(effects: &[SessionEffect]) -> TeamEffect {
    effects.iter().fold(TeamEffect::default(), |mut t, e| {
        if !e.complete {
            t.still_running += 1;
            return t;
        }
        t.sessions += 1;
        t.before += e.before;
        t.after += e.after;
        match e.after.cmp(&e.before) {
            std::cmp::Ordering::Less => t.fewer += 1,
            std::cmp::Ordering::Equal => t.same += 1,
            std::cmp::Ordering::Greater => t.more += 1,
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap() + Duration::days(n)
    }

    #[test]
    fn signals_are_counted_in_the_eight_weeks_either_side() {
        let held = day(100);
        let signals = [
            day(40),
            day(44),
            day(99),
            day(100),
            day(150),
            day(156),
            day(157),
        ];
        // 44 and 99 are inside before (56 days back is day 44); 100 and 150 inside after.
        let e = compare(held, &signals, day(200));
        assert_eq!(
            e,
            SessionEffect {
                before: 2,
                after: 2,
                complete: true
            }
        );
        let running = compare(held, &signals, day(120));
        assert_eq!(
            running,
            SessionEffect {
                before: 2,
                after: 1,
                complete: false
            }
        );
    }

    #[test]
    fn the_team_summary_counts_only_finished_windows() {
        let t = summarise(&[
            SessionEffect {
                before: 4,
                after: 1,
                complete: true,
            },
            SessionEffect {
                before: 2,
                after: 2,
                complete: true,
            },
            SessionEffect {
                before: 0,
                after: 3,
                complete: true,
            },
            SessionEffect {
                before: 9,
                after: 0,
                complete: false,
            },
        ]);
        assert_eq!(
            t,
            TeamEffect {
                sessions: 3,
                before: 6,
                after: 6,
                fewer: 1,
                same: 1,
                more: 1,
                still_running: 1
            }
        );
    }

    proptest! {
        #[test]
        fn counts_stay_within_the_signals_and_ignore_order(
            offsets in proptest::collection::vec(-120i64..120, 0..40),
            now in 0i64..200,
        ) {
            let mut signals: Vec<_> = offsets.iter().map(|d| day(*d)).collect();
            let e = compare(day(0), &signals, day(now));
            prop_assert!(e.before + e.after <= signals.len() as u32);
            signals.reverse();
            prop_assert_eq!(compare(day(0), &signals, day(now)), e);
            let t = summarise(&[e]);
            prop_assert_eq!(t.sessions + t.still_running, 1);
            prop_assert_eq!(t.fewer + t.same + t.more, t.sessions);
        }
    }
}
