//! The session runner's clock, pure so the browser and the server agree on it. The state is
//! kept on the server (so a reload mid-session picks up where it was); the browser only
//! ticks the display.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldProblem};

/// Where a running session is: which step, since when, and how much time was added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunState {
    pub step: usize,
    pub step_started_at: DateTime<Utc>,
    pub extra_seconds: i64,
    pub started_at: DateTime<Utc>,
}

/// What the facilitator can do with the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunCommand {
    Start,
    Next,
    Previous,
    /// Adds minutes to the current step.
    Extend(u32),
}

/// The most a single extension may add: a step that needs more is a different conversation.
pub const MAX_EXTENSION_MINUTES: u32 = 30;

impl RunCommand {
    pub fn parse(raw: &str) -> Result<RunCommand, AppError> {
        let bad = || AppError::invalid("command", FieldProblem::UnknownChoice);
        match raw.trim() {
            "start" => Ok(RunCommand::Start),
            "next" => Ok(RunCommand::Next),
            "previous" => Ok(RunCommand::Previous),
            other => {
                let minutes: u32 = other
                    .strip_prefix("extend:")
                    .ok_or_else(bad)?
                    .parse()
                    .map_err(|_| bad())?;
                if (1..=MAX_EXTENSION_MINUTES).contains(&minutes) {
                    Ok(RunCommand::Extend(minutes))
                } else {
                    Err(AppError::invalid("command", FieldProblem::OutOfRange))
                }
            }
        }
    }
}

/// The state after a command. Starting a running session changes nothing (a second screen
/// pressing start must not reset the clock); moving past either end stays at the end. A new
/// step starts its own clock without the previous step's extension.
pub fn apply(
    state: Option<RunState>,
    command: RunCommand,
    steps: usize,
    now: DateTime<Utc>,
) -> Result<RunState, AppError> {
    if steps == 0 {
        return Err(AppError::invalid("command", FieldProblem::Stale));
    }
    let Some(state) = state else {
        return match command {
            RunCommand::Start => Ok(RunState {
                step: 0,
                step_started_at: now,
                extra_seconds: 0,
                started_at: now,
            }),
            _ => Err(AppError::invalid("command", FieldProblem::Stale)),
        };
    };
    let step = state.step.min(steps - 1);
    let moved = |to: usize| RunState {
        step: to,
        step_started_at: if to == step {
            state.step_started_at
        } else {
            now
        },
        extra_seconds: if to == step { state.extra_seconds } else { 0 },
        started_at: state.started_at,
    };
    Ok(match command {
        RunCommand::Start => state,
        RunCommand::Next => moved((step + 1).min(steps - 1)),
        RunCommand::Previous => moved(step.saturating_sub(1)),
        RunCommand::Extend(minutes) => RunState {
            extra_seconds: state.extra_seconds + i64::from(minutes) * 60,
            ..state
        },
    })
}

/// Seconds left in the current step; negative once it runs over.
pub fn remaining_seconds(state: &RunState, step_minutes: u32, now: DateTime<Utc>) -> i64 {
    let allowed = i64::from(step_minutes) * 60 + state.extra_seconds;
    allowed - (now - state.step_started_at).num_seconds()
}

/// Seconds since the session started.
pub fn elapsed_seconds(state: &RunState, now: DateTime<Utc>) -> i64 {
    (now - state.started_at).num_seconds().max(0)
}

/// `m:ss`, with a leading `+` once a step runs over, so overtime reads as time added rather
/// than as an alarm.
pub fn clock_text(seconds: i64) -> String {
    let sign = if seconds < 0 { "+" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

/// The planned length of a method in minutes.
pub fn planned_minutes(step_minutes: &[u32]) -> u32 {
    step_minutes.iter().sum()
}

/// How far the server's clock is ahead of the browser's, so the countdown does not depend on
/// a well-set laptop clock.
pub fn clock_offset(server_now: DateTime<Utc>, browser_now: DateTime<Utc>) -> Duration {
    server_now - browser_now
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap()
    }

    fn command() -> impl Strategy<Value = RunCommand> {
        prop_oneof![
            Just(RunCommand::Start),
            Just(RunCommand::Next),
            Just(RunCommand::Previous),
            (1..=MAX_EXTENSION_MINUTES).prop_map(RunCommand::Extend),
        ]
    }

    #[test]
    fn a_session_starts_at_its_first_step_and_only_by_start() {
        let s = apply(None, RunCommand::Start, 4, at(0)).unwrap();
        assert_eq!((s.step, s.started_at, s.extra_seconds), (0, at(0), 0));
        assert!(apply(None, RunCommand::Next, 4, at(0)).is_err());
        assert!(apply(None, RunCommand::Start, 0, at(0)).is_err());
    }

    #[test]
    fn next_starts_a_fresh_clock_and_extension_adds_time() {
        let s = apply(None, RunCommand::Start, 3, at(0)).unwrap();
        let s = apply(Some(s), RunCommand::Extend(5), 3, at(100)).unwrap();
        assert_eq!(remaining_seconds(&s, 10, at(100)), 10 * 60 + 5 * 60 - 100);
        let s = apply(Some(s), RunCommand::Next, 3, at(200)).unwrap();
        assert_eq!(
            (s.step, s.extra_seconds, s.step_started_at),
            (1, 0, at(200))
        );
        assert_eq!(remaining_seconds(&s, 10, at(260)), 540);
        assert_eq!(elapsed_seconds(&s, at(260)), 260);
    }

    #[test]
    fn starting_twice_keeps_the_running_clock() {
        let s = apply(None, RunCommand::Start, 3, at(0)).unwrap();
        let s = apply(Some(s), RunCommand::Next, 3, at(50)).unwrap();
        assert_eq!(apply(Some(s), RunCommand::Start, 3, at(90)).unwrap(), s);
    }

    #[test]
    fn commands_parse_and_bad_ones_are_refused() {
        assert_eq!(
            RunCommand::parse("extend:5").unwrap(),
            RunCommand::Extend(5)
        );
        assert_eq!(RunCommand::parse(" next ").unwrap(), RunCommand::Next);
        for bad in ["", "extend:0", "extend:31", "extend:x", "jump", "extend:-1"] {
            assert!(RunCommand::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_clock_reads_as_minutes_and_seconds() {
        assert_eq!(clock_text(300), "5:00");
        assert_eq!(clock_text(59), "0:59");
        assert_eq!(clock_text(-75), "+1:15");
        assert_eq!(clock_text(0), "0:00");
    }

    proptest! {
        #[test]
        fn the_step_always_stays_within_the_method(
            steps in 1usize..12,
            commands in proptest::collection::vec(command(), 1..40),
        ) {
            let mut state = apply(None, RunCommand::Start, steps, at(0)).unwrap();
            for (i, c) in commands.into_iter().enumerate() {
                let now = at(i as i64 * 30);
                let before = state;
                state = apply(Some(state), c, steps, now).unwrap();
                prop_assert!(state.step < steps);
                prop_assert_eq!(state.started_at, at(0));
                prop_assert!(state.extra_seconds >= 0);
                match c {
                    RunCommand::Extend(m) => prop_assert_eq!(
                        remaining_seconds(&state, 5, now),
                        remaining_seconds(&before, 5, now) + i64::from(m) * 60
                    ),
                    RunCommand::Next if before.step + 1 < steps => prop_assert_eq!(state.step, before.step + 1),
                    RunCommand::Previous if before.step > 0 => prop_assert_eq!(state.step, before.step - 1),
                    _ => prop_assert_eq!(state.step, before.step),
                }
            }
        }

        #[test]
        fn the_countdown_never_runs_backwards(minutes in 1u32..60, a in 0i64..10_000, b in 0i64..10_000) {
            let s = apply(None, RunCommand::Start, 1, at(0)).unwrap();
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(remaining_seconds(&s, minutes, at(early)) >= remaining_seconds(&s, minutes, at(late)));
        }
    }
}
