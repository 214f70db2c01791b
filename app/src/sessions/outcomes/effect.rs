//! Did a session help? Pure: the stuck signals on its subject (its client, or else its
//! presenter) in the 8 weeks before and the 8 weeks after.
//!
//! A reader counts only the signals they may see: shared with the team, shared with the leader
//! when they lead the team, or their own. A figure that rests on other people's signals is
//! shown only when at least 3 people contributed to it (the anonymity floor), so a private
//! or leader-only signal never changes a figure someone else sees, and nobody can read a
//! colleague's count from it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::signals::model::Visibility;

pub const EFFECT_WEEKS: i64 = 8;

/// Contributors a figure built on other people's signals needs before it is shown.
pub use crate::signals::trends::ANONYMITY_FLOOR;

/// One stuck signal on a session's subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubjectSignal {
    pub at: DateTime<Utc>,
    pub author: UserId,
    pub visibility: Visibility,
}

/// Who reads an effect figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub user: UserId,
    /// Leads the session's team, and so may see signals shared with the leader.
    pub leads_team: bool,
}

impl Reader {
    pub fn may_see(&self, signal: &SubjectSignal) -> bool {
        signal.author == self.user
            || match signal.visibility {
                Visibility::Team => true,
                Visibility::Leader => self.leads_team,
                Visibility::Private => false,
            }
    }
}

/// The signals `reader` may count, if the figure built on them respects the floor: either they
/// are all the reader's own, or at least [`ANONYMITY_FLOOR`] people wrote them. The team's
/// leader sees every signal shared with them with its author's name already, so for them a
/// count reveals nothing new and the floor does not apply.
pub fn countable(signals: &[SubjectSignal], reader: Reader) -> Option<Vec<DateTime<Utc>>> {
    let seen: Vec<&SubjectSignal> = signals.iter().filter(|s| reader.may_see(s)).collect();
    let authors: BTreeSet<UserId> = seen.iter().map(|s| s.author).collect();
    let only_own = authors.iter().all(|a| *a == reader.user);
    (only_own || reader.leads_team || authors.len() >= ANONYMITY_FLOOR)
        .then(|| seen.iter().map(|s| s.at).collect())
}

/// The signals within the two windows around `held_at`: what one session's figure rests on.
pub fn around(held_at: DateTime<Utc>, signals: &[SubjectSignal]) -> Vec<SubjectSignal> {
    let window = Duration::weeks(EFFECT_WEEKS);
    signals
        .iter()
        .filter(|s| s.at >= held_at - window && s.at < held_at + window)
        .copied()
        .collect()
}

/// One session's effect as `reader` may see it; `None` below the floor.
pub fn effect_for(
    held_at: DateTime<Utc>,
    signals: &[SubjectSignal],
    reader: Reader,
    now: DateTime<Utc>,
) -> Option<SessionEffect> {
    countable(&around(held_at, signals), reader).map(|times| compare(held_at, &times, now))
}

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

/// A team's sessions together, counting only those whose 8 weeks after have passed. Only the
/// counts: fewer stuck moments after a session is no success in itself (naming being stuck is
/// a beginning, not a failure), so nothing here calls a session better or worse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamEffect {
    pub sessions: u32,
    pub before: u32,
    pub after: u32,
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
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn signal(day_n: i64, author: UserId, visibility: Visibility) -> SubjectSignal {
        SubjectSignal {
            at: day(day_n),
            author,
            visibility,
        }
    }

    #[test]
    fn leader_only_signals_count_only_for_the_leader_and_private_ones_only_for_their_author() {
        let held = day(100);
        let signals = [
            signal(90, UserId(1), Visibility::Team),
            signal(91, UserId(2), Visibility::Team),
            signal(92, UserId(3), Visibility::Team),
            signal(93, UserId(4), Visibility::Leader),
            signal(94, UserId(5), Visibility::Private),
        ];
        let member = Reader {
            user: UserId(9),
            leads_team: false,
        };
        let leader = Reader {
            user: UserId(8),
            leads_team: true,
        };
        let author = Reader {
            user: UserId(5),
            leads_team: false,
        };
        let now = day(200);
        assert_eq!(effect_for(held, &signals, member, now).unwrap().before, 3);
        assert_eq!(effect_for(held, &signals, leader, now).unwrap().before, 4);
        assert_eq!(effect_for(held, &signals, author, now).unwrap().before, 4);
    }

    #[test]
    fn a_figure_on_fewer_than_three_other_people_is_not_shown() {
        let held = day(100);
        let two_people = [
            signal(90, UserId(1), Visibility::Team),
            signal(91, UserId(2), Visibility::Team),
        ];
        let presenter = Reader {
            user: UserId(1),
            leads_team: false,
        };
        let facilitator = Reader {
            user: UserId(7),
            leads_team: false,
        };
        assert_eq!(effect_for(held, &two_people, facilitator, day(200)), None);
        assert_eq!(effect_for(held, &two_people, presenter, day(200)), None);
        let own = [
            signal(90, UserId(1), Visibility::Team),
            signal(120, UserId(1), Visibility::Private),
        ];
        assert_eq!(
            effect_for(held, &own, presenter, day(200)),
            Some(SessionEffect {
                before: 1,
                after: 1,
                complete: true
            })
        );
        assert_eq!(effect_for(held, &own, facilitator, day(200)), None);
    }

    proptest! {
        #[test]
        fn what_a_reader_may_not_see_never_changes_their_figure(
            visible in proptest::collection::vec((0i64..200, 1i64..6), 0..20),
            hidden in proptest::collection::vec((0i64..200, 10i64..12, any::<bool>()), 1..10),
            leads in any::<bool>(),
        ) {
            let reader = Reader { user: UserId(99), leads_team: leads };
            let base: Vec<SubjectSignal> = visible.iter().map(|(d, a)| signal(*d, UserId(*a), Visibility::Team)).collect();
            let mut more = base.clone();
            for (d, a, private) in &hidden {
                let visibility = if *private || leads { Visibility::Private } else { Visibility::Leader };
                more.push(signal(*d, UserId(*a), visibility));
            }
            prop_assert_eq!(
                effect_for(day(100), &base, reader, day(300)),
                effect_for(day(100), &more, reader, day(300))
            );
        }

        #[test]
        fn a_shown_figure_rests_on_the_reader_alone_or_on_three_people(
            signals in proptest::collection::vec((0i64..200, 1i64..6, 0usize..3), 0..20),
            reader in 1i64..7,
        ) {
            let signals: Vec<SubjectSignal> = signals.iter()
                .map(|(d, a, v)| signal(*d, UserId(*a), Visibility::ALL[*v]))
                .collect();
            let reader = Reader { user: UserId(reader), leads_team: false };
            if effect_for(day(100), &signals, reader, day(300)).is_some() {
                let authors: BTreeSet<UserId> = around(day(100), &signals).iter()
                    .filter(|s| reader.may_see(s)).map(|s| s.author).collect();
                prop_assert!(authors.len() >= ANONYMITY_FLOOR || authors.iter().all(|a| *a == reader.user));
            }
        }
    }

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
            // A finished window adds its counts as they are; a running one adds nothing yet.
            let counted = if e.complete { (e.before, e.after) } else { (0, 0) };
            prop_assert_eq!((t.before, t.after), counted);
        }
    }
}
