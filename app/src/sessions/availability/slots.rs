//! The slot finder: proposes the best times for a session, given everyone's weekly availability,
//! absences and existing bookings. Pure and deterministic, so the planner can re-run it on every
//! reschedule and the browser can run the same code for a live preview.
//!
//! How it works: the horizon is cut into real quarter hours (UTC quarter hours, which are also
//! local quarter hours because Amsterdam's offset has been a whole number of hours since 1940).
//! Each quarter gets its local date and wall-clock time, so weekly windows keep meaning "09:00 on
//! a Tuesday" across the DST change, a 23- or 25-hour day simply has 92 or 100 quarters, and the
//! 02:00 hour of the autumn change is offered twice. Per person the free quarters become a
//! bitset; runs of free quarters as long as the session are then found with shifts, so the whole
//! search is a handful of word operations per person per day.
//!
//! When is somebody free for a slot? For every quarter of it, the local wall-clock quarter lies
//! inside their weekly windows for that weekday (touching or overlapping windows join), the
//! local date is not inside one of their absences, and the slot overlaps none of their busy
//! ranges. Somebody without any weekly window, or missing from the people given, is never free:
//! the planner must not guess that an unknown diary is empty.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Timelike,
    Utc, Weekday,
};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;

/// Slots start on this grid and last a whole number of steps.
pub const STEP_MINUTES: i64 = 15;
/// A longer horizon is a planning mistake, and refusing it keeps the work bounded.
pub const MAX_HORIZON_DAYS: i64 = 366;
/// How many proposals the planner shows.
pub const DEFAULT_LIMIT: usize = 5;

const STEP_SECS: i64 = STEP_MINUTES * 60;
const DAY_SECS: i64 = 86_400;
const NANOS: u64 = 1_000_000_000;
const STEP_NANOS: u64 = STEP_SECS as u64 * NANOS;
const QUARTERS_PER_DAY: u32 = (DAY_SECS / STEP_SECS) as u32;

/// A recurring stretch of availability on one weekday, in Amsterdam wall-clock time. It ends on
/// the same day: a window whose end is not after its start covers nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyWindow {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Whole days away (leave, training), both ends included, as local dates. An absence whose last
/// day is before its first covers nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absence {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Absence {
    fn covers(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

/// Time already booked elsewhere (another session), half-open: a booking that ends at 10:00
/// leaves a 10:00 slot free. One whose end is not after its start blocks nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// One person's diary as far as the finder needs it. When a user appears twice in the people
/// given, the first entry counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub user: UserId,
    pub weekly: Vec<WeeklyWindow>,
    pub absences: Vec<Absence>,
    pub busy: Vec<Busy>,
}

/// Why a request cannot be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SlotRequestError {
    #[error("a session lasts a whole number of quarter hours, from 15 minutes up to a day")]
    Duration,
    #[error("the horizon is shorter than the session")]
    HorizonTooShort,
    #[error("the horizon spans more than {MAX_HORIZON_DAYS} days")]
    HorizonTooLong,
    #[error("a quorum of {quorum} asks for more than the {invited} participants invited")]
    QuorumTooLarge { quorum: usize, invited: usize },
}

/// What to search for. Built by [`SlotRequest::new`] only, so a request that reaches the finder
/// always has a usable duration, a bounded horizon and a quorum that can be met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotRequest {
    facilitator: UserId,
    presenter: UserId,
    participants: Vec<UserId>,
    quorum: usize,
    quarters: u32,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
}

impl SlotRequest {
    /// `participants` are everybody else invited; the facilitator and presenter are dropped from
    /// it and duplicates removed, so the caller may pass the whole team. `quorum` counts those
    /// other participants only: the facilitator and presenter must always be free. The
    /// facilitator may also present; they then count once. Slots start at or after `from` and
    /// end at or before `until`.
    pub fn new(
        facilitator: UserId,
        presenter: UserId,
        participants: &[UserId],
        quorum: usize,
        duration: TimeDelta,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Self, SlotRequestError> {
        let quarters = quarters_in(duration).ok_or(SlotRequestError::Duration)?;
        let span = until.signed_duration_since(from);
        if span < duration {
            return Err(SlotRequestError::HorizonTooShort);
        }
        if span > TimeDelta::days(MAX_HORIZON_DAYS) {
            return Err(SlotRequestError::HorizonTooLong);
        }
        let mut others: Vec<UserId> = participants
            .iter()
            .copied()
            .filter(|&p| p != facilitator && p != presenter)
            .collect();
        others.sort_unstable();
        others.dedup();
        if quorum > others.len() {
            return Err(SlotRequestError::QuorumTooLarge {
                quorum,
                invited: others.len(),
            });
        }
        Ok(SlotRequest {
            facilitator,
            presenter,
            participants: others,
            quorum,
            quarters,
            from,
            until,
        })
    }

    pub fn facilitator(&self) -> UserId {
        self.facilitator
    }

    pub fn presenter(&self) -> UserId {
        self.presenter
    }

    /// The other participants, sorted, without the facilitator and presenter.
    pub fn participants(&self) -> &[UserId] {
        &self.participants
    }

    pub fn quorum(&self) -> usize {
        self.quorum
    }

    pub fn duration(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.quarters) * STEP_MINUTES)
    }

    pub fn from(&self) -> DateTime<Utc> {
        self.from
    }

    pub fn until(&self) -> DateTime<Utc> {
        self.until
    }

    /// The people who must be free, counted once when the facilitator presents.
    fn required(&self) -> Vec<UserId> {
        if self.facilitator == self.presenter {
            vec![self.facilitator]
        } else {
            vec![self.facilitator, self.presenter]
        }
    }
}

fn quarters_in(duration: TimeDelta) -> Option<u32> {
    let secs = duration.num_seconds();
    let whole = duration.subsec_nanos() == 0 && secs % STEP_SECS == 0;
    (whole && secs > 0 && secs <= DAY_SECS).then_some((secs / STEP_SECS) as u32)
}

/// A proposed time. `free` holds everybody who can come (facilitator and presenter included),
/// `unavailable` the invited participants who cannot; both sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub free: Vec<UserId>,
    pub unavailable: Vec<UserId>,
}

impl Slot {
    /// How many people can come; what slots are ranked on first.
    pub fn attendance(&self) -> usize {
        self.free.len()
    }
}

/// The best `limit` slots: most attendance first, then earliest. Proposals never overlap each
/// other (each is picked greedily in rank order, skipping any that overlaps one already picked):
/// five variations on the same morning would give the planner one real choice, not five.
///
/// To reschedule a session, leave that session out of everyone's busy ranges and run this again.
pub fn find_slots(request: &SlotRequest, people: &[Person], limit: usize) -> Vec<Slot> {
    if limit == 0 {
        return Vec::new();
    }
    let Some(grid) = Grid::new(request.from, request.until, request.quarters) else {
        return Vec::new();
    };
    let mut by_user: BTreeMap<UserId, &Person> = BTreeMap::new();
    for person in people {
        by_user.entry(person.user).or_insert(person);
    }
    let starts_of = |user: UserId| by_user.get(&user).map(|p| grid.starts(p));

    let mut common: Option<Vec<u64>> = None;
    for user in request.required() {
        let Some(starts) = starts_of(user) else {
            return Vec::new();
        };
        common = Some(match common {
            None => starts,
            Some(so_far) => and(&so_far, &starts),
        });
    }
    let Some(common) = common else {
        return Vec::new();
    };
    let participants: Vec<(UserId, Vec<u64>)> = request
        .participants
        .iter()
        .filter_map(|&user| starts_of(user).map(|starts| (user, starts)))
        .collect();

    let picked = pick(
        ranked(&common, &participants, request.quorum),
        request.quarters as usize,
        limit,
    );
    let required = request.required();
    picked
        .into_iter()
        .filter_map(|start| grid.slot(start, request, &required, &participants))
        .collect()
}

/// Every start where the required people are free and the quorum is met, as (attendance among
/// participants, start), best first.
fn ranked(
    common: &[u64],
    participants: &[(UserId, Vec<u64>)],
    quorum: usize,
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize)> = ones(common)
        .map(|start| {
            let present = participants
                .iter()
                .filter(|(_, starts)| bit(starts, start))
                .count();
            (present, start)
        })
        .filter(|&(present, _)| present >= quorum)
        .collect();
    candidates.sort_unstable_by_key(|&(present, start)| (Reverse(present), start));
    candidates
}

/// Greedy in rank order: a candidate is taken unless it overlaps one already taken.
fn pick(ranked: Vec<(usize, usize)>, quarters: usize, limit: usize) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::with_capacity(limit);
    for (_, start) in ranked {
        if chosen.len() == limit {
            break;
        }
        if chosen.iter().all(|&c| c.abs_diff(start) >= quarters) {
            chosen.push(start);
        }
    }
    chosen
}

/// The horizon as real quarter hours, with the local calendar laid over them.
struct Grid {
    /// The first quarter, counted from the Unix epoch.
    first: i64,
    /// How many quarters the horizon holds.
    len: usize,
    /// Slot length in quarters.
    quarters: u32,
    segments: Vec<Segment>,
}

/// Consecutive quarters on one local date at one UTC offset, so wall-clock time advances with
/// them quarter by quarter.
struct Segment {
    /// Index of the first quarter in the horizon.
    at: usize,
    len: usize,
    date: NaiveDate,
    /// Wall-clock seconds since local midnight at the first quarter.
    secs: u32,
}

/// Local date, wall-clock seconds and UTC offset of one instant.
#[derive(Clone, Copy)]
struct Local {
    date: NaiveDate,
    secs: u32,
    offset: i32,
}

impl Grid {
    /// `None` when not even one slot fits between `from` and `until`.
    fn new(from: DateTime<Utc>, until: DateTime<Utc>, quarters: u32) -> Option<Grid> {
        let first = quarter_ceil(from);
        let end = until.timestamp().div_euclid(STEP_SECS);
        let len = usize::try_from(end.checked_sub(first)?).ok()?;
        if len < quarters as usize {
            return None;
        }
        Some(Grid {
            first,
            len,
            quarters,
            segments: segments(first, len),
        })
    }

    fn words(&self) -> usize {
        self.len.div_ceil(64)
    }

    /// The quarters at which `person` can start a slot.
    fn starts(&self, person: &Person) -> Vec<u64> {
        runs(&self.free(person), self.quarters as usize)
    }

    fn free(&self, person: &Person) -> Vec<u64> {
        let mut bits = vec![0u64; self.words()];
        if person.weekly.is_empty() {
            return bits;
        }
        let week = Week::of(&person.weekly);
        for segment in &self.segments {
            if person.absences.iter().any(|a| a.covers(segment.date)) {
                continue;
            }
            let day = &week.days[segment.date.weekday().num_days_from_monday() as usize];
            insert(&mut bits, segment.at, day.quarters(segment), segment.len);
        }
        for busy in person.busy.iter().filter(|b| b.start < b.end) {
            let from = busy.start.timestamp().div_euclid(STEP_SECS) - self.first;
            let to = quarter_ceil(busy.end) - self.first;
            let clamp = |q: i64| q.clamp(0, self.len as i64) as usize;
            clear(&mut bits, clamp(from), clamp(to));
        }
        bits
    }

    fn slot(
        &self,
        start: usize,
        request: &SlotRequest,
        required: &[UserId],
        participants: &[(UserId, Vec<u64>)],
    ) -> Option<Slot> {
        let secs = (self.first + start as i64).checked_mul(STEP_SECS)?;
        let start_at = DateTime::from_timestamp(secs, 0)?;
        let mut free: Vec<UserId> = required.to_vec();
        free.extend(
            participants
                .iter()
                .filter(|(_, starts)| bit(starts, start))
                .map(|&(user, _)| user),
        );
        free.sort_unstable();
        let unavailable = request
            .participants
            .iter()
            .copied()
            .filter(|user| !free.contains(user))
            .collect();
        Some(Slot {
            start: start_at,
            end: start_at + request.duration(),
            free,
            unavailable,
        })
    }
}

/// Splits the horizon at local midnights and offset changes. Two lookups per day, a few more on
/// a DST day; everything else is arithmetic.
fn segments(first: i64, len: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < len {
        let Some(here) = local_at(first + at as i64) else {
            at += 1;
            continue;
        };
        let rest_of_day = (DAY_SECS as u32 - here.secs).div_ceil(STEP_SECS as u32) as usize;
        let mut take = rest_of_day.min(len - at);
        let same =
            |q: usize| local_at(first + (at + q) as i64).is_some_and(|l| l.offset == here.offset);
        if !same(take - 1) {
            // The offset changes today: find the first quarter on the new offset.
            let (mut lo, mut hi) = (0, take - 1);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if same(mid) { lo = mid } else { hi = mid }
            }
            take = hi;
        }
        out.push(Segment {
            at,
            len: take,
            date: here.date,
            secs: here.secs,
        });
        at += take;
    }
    out
}

/// Local time of the quarter `quarter` (counted from the epoch), or `None` at the edge of what
/// chrono can represent. Avoids `DateTime::naive_local`, which panics there.
fn local_at(quarter: i64) -> Option<Local> {
    let utc = DateTime::from_timestamp(quarter.checked_mul(STEP_SECS)?, 0)?.naive_utc();
    let offset = Amsterdam.offset_from_utc_datetime(&utc).fix();
    let local: NaiveDateTime = utc.checked_add_offset(offset)?;
    Some(Local {
        date: local.date(),
        secs: local.num_seconds_from_midnight(),
        offset: offset.local_minus_utc(),
    })
}

/// The first quarter boundary at or after `t`.
fn quarter_ceil(t: DateTime<Utc>) -> i64 {
    // A fraction of a second moves the ceiling exactly as a whole extra second would.
    let secs = t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0);
    secs.div_euclid(STEP_SECS) + i64::from(secs.rem_euclid(STEP_SECS) != 0)
}

/// One person's weekly windows, merged per weekday.
struct Week {
    days: [Day; 7],
}

#[derive(Default)]
struct Day {
    /// Merged windows in nanoseconds since midnight, sorted, not touching.
    windows: Vec<(u64, u64)>,
    /// Bit q: the wall-clock quarter starting at q × 15 min is covered.
    mask: u128,
}

impl Week {
    fn of(windows: &[WeeklyWindow]) -> Week {
        let mut days: [Day; 7] = Default::default();
        for (index, day) in days.iter_mut().enumerate() {
            let mut spans: Vec<(u64, u64)> = windows
                .iter()
                .filter(|w| w.weekday.num_days_from_monday() as usize == index)
                .map(|w| (time_nanos(w.start), time_nanos(w.end)))
                .filter(|(start, end)| start < end)
                .collect();
            spans.sort_unstable();
            for (start, end) in spans {
                match day.windows.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => day.windows.push((start, end)),
                }
            }
            day.mask = day.windows.iter().fold(0, |mask, &(start, end)| {
                let first = start.div_ceil(STEP_NANOS).min(u64::from(QUARTERS_PER_DAY));
                let last = (end / STEP_NANOS).min(u64::from(QUARTERS_PER_DAY));
                mask | (low(last as u32) & !low(first as u32))
            });
        }
        Week { days }
    }
}

impl Day {
    /// Covered quarters of `segment`, bit j for its j-th quarter.
    fn quarters(&self, segment: &Segment) -> u128 {
        if segment.secs.is_multiple_of(STEP_SECS as u32) {
            (self.mask >> (segment.secs / STEP_SECS as u32)) & low(segment.len as u32)
        } else {
            // Wall clock off the quarter grid (Amsterdam before 1940): check each quarter.
            (0..segment.len).fold(0, |bits, j| {
                let start = u64::from(segment.secs) * NANOS + j as u64 * STEP_NANOS;
                let covered = self
                    .windows
                    .iter()
                    .any(|&(a, b)| a <= start && start + STEP_NANOS <= b);
                bits | (u128::from(covered) << j)
            })
        }
    }
}

fn time_nanos(t: NaiveTime) -> u64 {
    u64::from(t.num_seconds_from_midnight()) * NANOS + u64::from(t.nanosecond())
}

/// The lowest `n` bits set.
fn low(n: u32) -> u128 {
    if n >= 128 {
        u128::MAX
    } else {
        (1u128 << n) - 1
    }
}

/// ORs the lowest `len` bits of `chunk` into `bits` from bit `at`.
fn insert(bits: &mut [u64], mut at: usize, mut chunk: u128, mut len: usize) {
    while len > 0 {
        let (word, offset) = (at / 64, at % 64);
        let take = (64 - offset).min(len);
        let part = (chunk as u64) & (low(take as u32) as u64);
        if let Some(w) = bits.get_mut(word) {
            *w |= part << offset;
        }
        chunk = chunk.checked_shr(take as u32).unwrap_or(0);
        at += take;
        len -= take;
    }
}

/// Clears bits `from..to`.
fn clear(bits: &mut [u64], from: usize, to: usize) {
    let to = to.min(bits.len() * 64);
    let mut at = from;
    while at < to {
        let (word, offset) = (at / 64, at % 64);
        let take = (64 - offset).min(to - at);
        if let Some(w) = bits.get_mut(word) {
            *w &= !((low(take as u32) as u64) << offset);
        }
        at += take;
    }
}

/// Bit i of the result is bit i + `by` of `bits`: where a run starting `by` later stands.
fn shifted(bits: &[u64], by: usize) -> Vec<u64> {
    let (words, offset) = (by / 64, by % 64);
    (0..bits.len())
        .map(|i| {
            let here = bits.get(i + words).copied().unwrap_or(0);
            let next = bits.get(i + words + 1).copied().unwrap_or(0);
            if offset == 0 {
                here
            } else {
                (here >> offset) | (next << (64 - offset))
            }
        })
        .collect()
}

fn and(a: &[u64], b: &[u64]) -> Vec<u64> {
    a.iter().zip(b).map(|(x, y)| x & y).collect()
}

/// Bit i is set where bits i..i + n are all set: starts of runs of length `n`, found by doubling
/// (runs of 1, 2, 4, … combined along the binary digits of `n`) in O(log n) passes.
fn runs(bits: &[u64], n: usize) -> Vec<u64> {
    let mut result: Option<Vec<u64>> = None;
    let mut power = bits.to_vec();
    let (mut size, mut covered, mut rest) = (1, 0, n);
    while rest > 0 {
        if rest & 1 == 1 {
            let part = shifted(&power, covered);
            result = Some(match result {
                None => part,
                Some(r) => and(&r, &part),
            });
            covered += size;
        }
        rest >>= 1;
        if rest > 0 {
            power = and(&power, &shifted(&power, size));
            size *= 2;
        }
    }
    result.unwrap_or_else(|| vec![0; bits.len()])
}

fn bit(bits: &[u64], index: usize) -> bool {
    bits.get(index / 64)
        .is_some_and(|w| w >> (index % 64) & 1 == 1)
}

/// Indexes of the set bits, ascending.
fn ones(bits: &[u64]) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(i, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let b = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                i * 64 + b
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WEEKDAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Amsterdam
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn window(weekday: Weekday, start: (u32, u32), end: (u32, u32)) -> WeeklyWindow {
        WeeklyWindow {
            weekday,
            start: at(start.0, start.1),
            end: at(end.0, end.1),
        }
    }

    fn person(user: UserId, weekly: Vec<WeeklyWindow>) -> Person {
        Person {
            user,
            weekly,
            absences: vec![],
            busy: vec![],
        }
    }

    /// Monday to Friday, 09:00–17:00.
    fn office(user: UserId) -> Person {
        person(
            user,
            WEEKDAYS[..5]
                .iter()
                .map(|&d| window(d, (9, 0), (17, 0)))
                .collect(),
        )
    }

    fn request(
        (facilitator, presenter): (UserId, UserId),
        participants: &[UserId],
        quorum: usize,
        minutes: i64,
        (from, until): (DateTime<Utc>, DateTime<Utc>),
    ) -> SlotRequest {
        SlotRequest::new(
            facilitator,
            presenter,
            participants,
            quorum,
            TimeDelta::minutes(minutes),
            from,
            until,
        )
        .unwrap()
    }

    fn starts(slots: &[Slot]) -> Vec<DateTime<Utc>> {
        slots.iter().map(|s| s.start).collect()
    }

    #[test]
    fn nine_oclock_local_stays_nine_oclock_across_the_spring_change() {
        let me = person(
            UserId(1),
            WEEKDAYS
                .iter()
                .map(|&d| window(d, (9, 0), (10, 30)))
                .collect(),
        );
        let horizon = (utc(2026, 3, 26, 0, 0), utc(2026, 3, 31, 0, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 90, horizon),
            &[me],
            10,
        );
        // CET is UTC+1 until Sunday 29 March 02:00, CEST (UTC+2) after.
        assert_eq!(
            starts(&found),
            vec![
                utc(2026, 3, 26, 8, 0),
                utc(2026, 3, 27, 8, 0),
                utc(2026, 3, 28, 8, 0),
                utc(2026, 3, 29, 7, 0),
                utc(2026, 3, 30, 7, 0),
            ]
        );
        assert!(
            found
                .iter()
                .all(|s| s.end - s.start == TimeDelta::minutes(90))
        );
    }

    #[test]
    fn the_repeated_autumn_hour_is_offered_twice() {
        let me = person(UserId(1), vec![window(Weekday::Sun, (2, 0), (3, 0))]);
        let horizon = (utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 60, horizon),
            &[me],
            5,
        );
        // 02:00 CEST and 02:00 CET, an hour apart in real time.
        assert_eq!(
            starts(&found),
            vec![utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 1, 0)]
        );
    }

    #[test]
    fn the_missing_spring_hour_is_skipped_in_real_time() {
        let me = person(UserId(1), vec![window(Weekday::Sun, (1, 0), (4, 0))]);
        let horizon = (utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 60, horizon),
            &[me],
            5,
        );
        // 01:00–03:00 local is one real hour; 03:00–04:00 is the second.
        assert_eq!(
            starts(&found),
            vec![utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 1, 0)]
        );
        assert_eq!(found[0].end.with_timezone(&Amsterdam).hour(), 3);
    }

    #[test]
    fn an_absence_day_is_excluded() {
        let mut me = office(UserId(1));
        me.absences.push(Absence {
            first: NaiveDate::from_ymd_opt(2026, 6, 16).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 6, 16).unwrap(),
        });
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 18, 0, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 8 * 60, horizon),
            &[me],
            5,
        );
        assert_eq!(
            starts(&found),
            vec![local(2026, 6, 15, 9, 0), local(2026, 6, 17, 9, 0)]
        );
    }

    #[test]
    fn no_slots_when_the_quorum_cannot_be_met() {
        let morning = person(UserId(3), vec![window(Weekday::Mon, (9, 0), (12, 0))]);
        let afternoon = person(UserId(4), vec![window(Weekday::Mon, (13, 0), (17, 0))]);
        let people = [office(UserId(1)), office(UserId(2)), morning, afternoon];
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 16, 0, 0));
        assert!(
            find_slots(
                &request(
                    (UserId(1), UserId(2)),
                    &[UserId(3), UserId(4)],
                    2,
                    60,
                    horizon
                ),
                &people,
                5
            )
            .is_empty()
        );
        let one = find_slots(
            &request(
                (UserId(1), UserId(2)),
                &[UserId(3), UserId(4)],
                1,
                60,
                horizon,
            ),
            &people,
            5,
        );
        assert_eq!(one.len(), 5);
        assert!(
            one.iter()
                .all(|s| s.attendance() == 3 && s.unavailable.len() == 1)
        );
    }

    #[test]
    fn more_attendance_ranks_before_earliness() {
        let late = person(UserId(3), vec![window(Weekday::Mon, (14, 0), (17, 0))]);
        let people = [
            office(UserId(1)),
            office(UserId(2)),
            late,
            office(UserId(4)),
        ];
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 16, 0, 0));
        let found = find_slots(
            &request(
                (UserId(1), UserId(2)),
                &[UserId(3), UserId(4)],
                1,
                60,
                horizon,
            ),
            &people,
            5,
        );
        assert_eq!(
            starts(&found),
            [14, 15, 16, 9, 10]
                .map(|h| local(2026, 6, 15, h, 0))
                .to_vec()
        );
        assert_eq!(
            found[0].free,
            vec![UserId(1), UserId(2), UserId(3), UserId(4)]
        );
        assert_eq!(found[3].free, vec![UserId(1), UserId(2), UserId(4)]);
        assert_eq!(found[3].unavailable, vec![UserId(3)]);
    }

    #[test]
    fn a_booking_blocks_only_what_it_overlaps() {
        let mut me = person(UserId(1), vec![window(Weekday::Mon, (9, 0), (12, 0))]);
        me.busy.push(Busy {
            start: local(2026, 6, 15, 9, 0),
            end: local(2026, 6, 15, 10, 0),
        });
        me.busy.push(Busy {
            start: local(2026, 6, 15, 11, 0),
            end: local(2026, 6, 15, 11, 1),
        });
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 16, 0, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 60, horizon),
            &[me],
            5,
        );
        assert_eq!(starts(&found), vec![local(2026, 6, 15, 10, 0)]);
    }

    #[test]
    fn touching_and_overlapping_windows_join() {
        let me = person(
            UserId(1),
            vec![
                window(Weekday::Mon, (9, 0), (9, 7)),
                window(Weekday::Mon, (9, 7), (9, 40)),
                window(Weekday::Mon, (9, 30), (10, 0)),
                window(Weekday::Mon, (10, 30), (9, 0)),
            ],
        );
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 16, 0, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 60, horizon),
            &[me],
            5,
        );
        assert_eq!(starts(&found), vec![local(2026, 6, 15, 9, 0)]);
    }

    #[test]
    fn slots_start_on_the_grid_and_not_before_from() {
        let horizon = (local(2026, 6, 15, 9, 7), local(2026, 6, 15, 17, 0));
        let found = find_slots(
            &request((UserId(1), UserId(1)), &[], 0, 45, horizon),
            &[office(UserId(1))],
            1,
        );
        assert_eq!(starts(&found), vec![local(2026, 6, 15, 9, 15)]);
    }

    #[test]
    fn nobody_unknown_or_without_windows_is_free() {
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 22, 0, 0));
        let people = [office(UserId(1)), person(UserId(2), vec![])];
        assert!(
            find_slots(
                &request((UserId(1), UserId(2)), &[], 0, 60, horizon),
                &people,
                5
            )
            .is_empty()
        );
        assert!(
            find_slots(
                &request((UserId(1), UserId(3)), &[], 0, 60, horizon),
                &people,
                5
            )
            .is_empty()
        );
        let found = find_slots(
            &request(
                (UserId(1), UserId(1)),
                &[UserId(2), UserId(3)],
                0,
                60,
                horizon,
            ),
            &people,
            5,
        );
        assert!(
            found
                .iter()
                .all(|s| s.free == [UserId(1)] && s.unavailable == [UserId(2), UserId(3)])
        );
    }

    #[test]
    fn a_facilitator_who_presents_counts_once_and_leaves_the_participants() {
        let horizon = (local(2026, 6, 15, 0, 0), local(2026, 6, 16, 0, 0));
        let asked = request(
            (UserId(1), UserId(1)),
            &[UserId(1), UserId(2), UserId(2)],
            1,
            60,
            horizon,
        );
        assert_eq!(asked.participants(), [UserId(2)]);
        let found = find_slots(&asked, &[office(UserId(1)), office(UserId(2))], 5);
        assert!(
            found
                .iter()
                .all(|s| s.free == [UserId(1), UserId(2)] && s.attendance() == 2)
        );
    }

    #[test]
    fn bad_requests_are_refused() {
        let from = utc(2026, 6, 15, 0, 0);
        let new = |quorum, minutes, days| {
            SlotRequest::new(
                UserId(1),
                UserId(2),
                &[UserId(3), UserId(4)],
                quorum,
                TimeDelta::minutes(minutes),
                from,
                from + TimeDelta::days(days),
            )
        };
        assert!(new(2, 90, 7).is_ok());
        assert_eq!(new(0, 50, 7), Err(SlotRequestError::Duration));
        assert_eq!(new(0, 0, 7), Err(SlotRequestError::Duration));
        assert_eq!(new(0, -15, 7), Err(SlotRequestError::Duration));
        assert_eq!(new(0, 25 * 60, 7), Err(SlotRequestError::Duration));
        assert_eq!(new(0, 90, 0), Err(SlotRequestError::HorizonTooShort));
        assert_eq!(new(0, 90, 400), Err(SlotRequestError::HorizonTooLong));
        assert_eq!(
            new(3, 90, 7),
            Err(SlotRequestError::QuorumTooLarge {
                quorum: 3,
                invited: 2
            })
        );
        assert!(
            find_slots(
                &new(0, 60, 7).unwrap(),
                &[office(UserId(1)), office(UserId(2))],
                0
            )
            .is_empty()
        );
    }

    // ---- Property tests, checked against a naive reading of the raw inputs ----

    fn nanos(t: NaiveTime) -> u64 {
        u64::from(t.num_seconds_from_midnight()) * 1_000_000_000 + u64::from(t.nanosecond())
    }

    /// Whether the union of the person's windows on `weekday` covers `[from, to)`.
    fn windows_cover(person: &Person, weekday: Weekday, from: u64, to: u64) -> bool {
        let mut reached = from;
        while reached < to {
            let further = person
                .weekly
                .iter()
                .filter(|w| w.weekday == weekday)
                .filter(|w| nanos(w.start) <= reached && reached < nanos(w.end))
                .map(|w| nanos(w.end))
                .max();
            match further {
                Some(end) => reached = end,
                None => return false,
            }
        }
        true
    }

    /// The definition, quarter by quarter of real time, straight from the inputs.
    fn naive_free(
        people: &[Person],
        user: UserId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> bool {
        let Some(person) = people.iter().find(|p| p.user == user) else {
            return false;
        };
        if person
            .busy
            .iter()
            .any(|b| b.start < b.end && b.start < end && start < b.end)
        {
            return false;
        }
        let mut t = start;
        while t < end {
            let wall = t.with_timezone(&Amsterdam);
            let date = wall.date_naive();
            if person
                .absences
                .iter()
                .any(|a| a.first <= date && date <= a.last)
            {
                return false;
            }
            let from = nanos(wall.time());
            if !windows_cover(person, wall.weekday(), from, from + 900 * 1_000_000_000) {
                return false;
            }
            t += TimeDelta::minutes(15);
        }
        true
    }

    /// Tries every grid start, ranks, and picks greedily: the whole specification, slowly.
    fn brute_force(request: &SlotRequest, people: &[Person], limit: usize) -> Vec<Slot> {
        let duration = request.duration();
        let mut required = vec![request.facilitator(), request.presenter()];
        required.dedup();
        let secs = request.from().timestamp().div_euclid(900) * 900;
        let mut start = DateTime::from_timestamp(secs, 0).unwrap();
        while start < request.from() {
            start += TimeDelta::minutes(15);
        }
        let mut candidates = Vec::new();
        while start + duration <= request.until() {
            let end = start + duration;
            if required.iter().all(|&u| naive_free(people, u, start, end)) {
                let (came, missed): (Vec<UserId>, Vec<UserId>) = request
                    .participants()
                    .iter()
                    .partition(|&&u| naive_free(people, u, start, end));
                if came.len() >= request.quorum() {
                    let mut free = required.clone();
                    free.extend(came);
                    free.sort_unstable();
                    candidates.push(Slot {
                        start,
                        end,
                        free,
                        unavailable: missed,
                    });
                }
            }
            start += TimeDelta::minutes(15);
        }
        candidates.sort_by_key(|s| (Reverse(s.attendance()), s.start));
        let mut chosen: Vec<Slot> = Vec::new();
        for slot in candidates {
            if chosen.len() < limit
                && chosen
                    .iter()
                    .all(|c| c.end <= slot.start || slot.end <= c.start)
            {
                chosen.push(slot);
            }
        }
        chosen
    }

    #[derive(Debug, Clone)]
    struct Case {
        request: SlotRequest,
        people: Vec<Person>,
        limit: usize,
    }

    fn arb_time() -> impl Strategy<Value = NaiveTime> {
        prop_oneof![
            4 => (0u32..96).prop_map(|q| NaiveTime::from_num_seconds_from_midnight_opt(q * 900, 0).unwrap()),
            1 => (0u32..86_400, prop_oneof![Just(0u32), 0u32..1_000_000_000])
                .prop_map(|(s, n)| NaiveTime::from_num_seconds_from_midnight_opt(s, n).unwrap()),
        ]
    }

    fn arb_window() -> impl Strategy<Value = WeeklyWindow> {
        let working = (0usize..7, 28u32..44, 52u32..72).prop_map(|(d, a, b)| WeeklyWindow {
            weekday: WEEKDAYS[d],
            start: NaiveTime::from_num_seconds_from_midnight_opt(a * 900, 0).unwrap(),
            end: NaiveTime::from_num_seconds_from_midnight_opt(b * 900, 0).unwrap(),
        });
        let any_window =
            (0usize..7, arb_time(), arb_time(), any::<bool>()).prop_map(|(d, a, b, sorted)| {
                let (start, end) = if sorted { (a.min(b), a.max(b)) } else { (a, b) };
                WeeklyWindow {
                    weekday: WEEKDAYS[d],
                    start,
                    end,
                }
            });
        prop_oneof![2 => working, 1 => any_window]
    }

    fn arb_person(user: UserId, origin: DateTime<Utc>) -> impl Strategy<Value = Person> {
        let day = origin.date_naive();
        let absence = (0i64..8, -1i64..3).prop_map(move |(d, len)| Absence {
            first: day + TimeDelta::days(d),
            last: day + TimeDelta::days(d + len),
        });
        let busy = (
            0i64..8 * 1440,
            -30i64..240,
            prop_oneof![3 => Just(0i64), 1 => 0i64..60],
        )
            .prop_map(move |(minute, len, sec)| {
                let start = origin + TimeDelta::minutes(minute) + TimeDelta::seconds(sec);
                Busy {
                    start,
                    end: start + TimeDelta::minutes(len),
                }
            });
        // Mostly a routine on most days, as people have, plus odd extra windows.
        let routine = (
            prop::collection::vec(prop::bool::weighted(0.9), 7),
            28u32..44,
            52u32..72,
            prop::collection::vec(arb_window(), 0..3),
        )
            .prop_map(|(days, a, b, extra)| {
                let quarter =
                    |q: u32| NaiveTime::from_num_seconds_from_midnight_opt(q * 900, 0).unwrap();
                WEEKDAYS
                    .iter()
                    .zip(days)
                    .filter(|(_, works)| *works)
                    .map(|(&weekday, _)| WeeklyWindow {
                        weekday,
                        start: quarter(a),
                        end: quarter(b),
                    })
                    .chain(extra)
                    .collect::<Vec<_>>()
            });
        let weekly = prop_oneof![5 => routine, 1 => prop::collection::vec(arb_window(), 0..7)];
        (
            weekly,
            prop::collection::vec(absence, 0..3),
            prop::collection::vec(busy, 0..7),
        )
            .prop_map(move |(weekly, absences, busy)| Person {
                user,
                weekly,
                absences,
                busy,
            })
    }

    fn arb_case() -> impl Strategy<Value = Case> {
        let origin = prop_oneof![
            Just(utc(2026, 3, 26, 0, 0)),
            Just(utc(2026, 10, 22, 0, 0)),
            Just(utc(2026, 6, 10, 0, 0)),
        ];
        origin.prop_flat_map(|origin| {
            let people = (1..=6)
                .map(|u| prop::option::weighted(0.9, arb_person(UserId(u), origin)))
                .collect::<Vec<_>>();
            (
                people,
                1i64..=2,
                1i64..=3,
                prop::collection::vec(1i64..=6, 0..7),
                prop_oneof![0usize..2, 0usize..6],
                1i64..=8,
                (
                    0i64..4 * 86_400,
                    prop_oneof![3 => Just(0i64), 1 => 0i64..900],
                ),
                prop_oneof![1 => 0i64..86_400, 3 => 86_400i64..4 * 86_400],
                prop_oneof![1 => Just(0usize), 6 => 1usize..7],
            )
                .prop_map(
                    move |(
                        people,
                        f,
                        p,
                        invited,
                        quorum,
                        quarters,
                        (offset, jitter),
                        extra,
                        limit,
                    )| {
                        let (f, p) = (UserId(f), UserId(p));
                        let invited: Vec<UserId> = invited.into_iter().map(UserId).collect();
                        let others: std::collections::BTreeSet<UserId> = invited
                            .iter()
                            .copied()
                            .filter(|&u| u != f && u != p)
                            .collect();
                        let from = origin + TimeDelta::seconds(offset - offset % 60 + jitter);
                        let duration = TimeDelta::minutes(quarters * 15);
                        let request = SlotRequest::new(
                            f,
                            p,
                            &invited,
                            quorum.min(others.len()),
                            duration,
                            from,
                            from + duration + TimeDelta::seconds(extra),
                        )
                        .unwrap();
                        Case {
                            request,
                            people: people.into_iter().flatten().collect(),
                            limit,
                        }
                    },
                )
        })
    }

    fn arb_datetime() -> impl Strategy<Value = DateTime<Utc>> {
        prop_oneof![
            (
                -8_300_000_000_000i64..8_300_000_000_000,
                0u32..2_000_000_000
            ),
            (1_700_000_000i64..1_900_000_000, Just(0u32)),
        ]
        .prop_filter_map("in chrono's range", |(s, n)| DateTime::from_timestamp(s, n))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn matches_a_brute_force_search_on_the_raw_inputs(case in arb_case()) {
            let found = find_slots(&case.request, &case.people, case.limit);
            prop_assert_eq!(found, brute_force(&case.request, &case.people, case.limit));
        }

        #[test]
        fn required_people_and_a_quorum_are_free_in_every_slot(case in arb_case()) {
            let Case { request, people, limit } = &case;
            for slot in find_slots(request, people, *limit) {
                for user in [request.facilitator(), request.presenter()] {
                    prop_assert!(slot.free.contains(&user));
                    prop_assert!(naive_free(people, user, slot.start, slot.end));
                }
                let came = request.participants().iter().filter(|u| slot.free.contains(u)).count();
                prop_assert!(came >= request.quorum());
                for &user in &slot.free {
                    prop_assert!(naive_free(people, user, slot.start, slot.end), "{} in {:?}", user, slot);
                }
                for &user in &slot.unavailable {
                    prop_assert!(!naive_free(people, user, slot.start, slot.end));
                }
            }
        }

        #[test]
        fn nobody_counted_as_free_is_double_booked(case in arb_case()) {
            for slot in find_slots(&case.request, &case.people, case.limit) {
                for person in case.people.iter().filter(|p| slot.free.contains(&p.user)) {
                    prop_assert!(person
                        .busy
                        .iter()
                        .all(|b| b.end <= b.start || b.end <= slot.start || slot.end <= b.start));
                }
            }
        }

        #[test]
        fn slots_are_ranked_disjoint_on_the_grid_and_inside_the_horizon(case in arb_case()) {
            let Case { request, people, limit } = &case;
            let found = find_slots(request, people, *limit);
            prop_assert!(found.len() <= *limit);
            prop_assert!(found
                .windows(2)
                .all(|w| (Reverse(w[0].attendance()), w[0].start) < (Reverse(w[1].attendance()), w[1].start)));
            for (i, slot) in found.iter().enumerate() {
                prop_assert!(request.from() <= slot.start && slot.end <= request.until());
                prop_assert_eq!(slot.end - slot.start, request.duration());
                let wall = slot.start.with_timezone(&Amsterdam);
                prop_assert!(wall.minute() % 15 == 0 && wall.second() == 0 && wall.nanosecond() == 0);
                prop_assert!(found[..i].iter().all(|o| o.end <= slot.start || slot.end <= o.start));
            }
        }

        #[test]
        fn the_same_input_gives_the_same_output(case in arb_case()) {
            let first = find_slots(&case.request, &case.people, case.limit);
            prop_assert_eq!(&first, &find_slots(&case.request, &case.people, case.limit));
            let reversed: Vec<Person> = case.people.iter().rev().cloned().collect();
            prop_assert_eq!(&first, &find_slots(&case.request, &reversed, case.limit));
        }

        #[test]
        fn another_booking_never_raises_the_best_attendance(
            case in arb_case(),
            who in 0usize..6,
            minute in 0i64..8 * 1440,
            len in 1i64..240,
        ) {
            let best = |people: &[Person]| {
                find_slots(&case.request, people, case.limit.max(1)).first().map_or(0, Slot::attendance)
            };
            let before = best(&case.people);
            let mut people = case.people.clone();
            if let Some(person) = people.get_mut(who) {
                let start = case.request.from() + TimeDelta::minutes(minute);
                person.busy.push(Busy { start, end: start + TimeDelta::minutes(len) });
            }
            prop_assert!(best(&people) <= before);
        }

        #[test]
        fn finds_a_slot_whenever_a_brute_force_search_does(case in arb_case()) {
            let naive = brute_force(&case.request, &case.people, 1);
            let found = find_slots(&case.request, &case.people, 1);
            prop_assert_eq!(naive.is_empty(), found.is_empty());
            prop_assert_eq!(
                naive.first().map(Slot::attendance),
                found.first().map(Slot::attendance)
            );
        }

        #[test]
        fn arbitrary_input_never_panics(
            from in arb_datetime(),
            span in 0i64..400 * 86_400,
            minutes in -30i64..1_600,
            (f, p) in (0i64..4, 0i64..4),
            invited in prop::collection::vec(0i64..6, 0..6),
            quorum in 0usize..6,
            people in prop::collection::vec(
                (
                    0i64..6,
                    prop::collection::vec(
                        (0usize..7, (0u32..86_400, 0u32..2_000_000_000), (0u32..86_400, 0u32..2_000_000_000)),
                        0..4,
                    ),
                    prop::collection::vec((-400_000i32..4_000_000, -3i64..400), 0..3),
                    prop::collection::vec((arb_datetime(), -1_000i64..100_000), 0..4),
                ),
                0..6,
            ),
            limit in 0usize..8,
        ) {
            let until = from.checked_add_signed(TimeDelta::seconds(span)).unwrap_or(from);
            let people: Vec<Person> = people
                .into_iter()
                .map(|(user, weekly, absences, busy)| Person {
                    user: UserId(user),
                    weekly: weekly
                        .into_iter()
                        .filter_map(|(d, (s1, n1), (s2, n2))| {
                            Some(WeeklyWindow {
                                weekday: WEEKDAYS[d],
                                start: NaiveTime::from_num_seconds_from_midnight_opt(s1, n1)?,
                                end: NaiveTime::from_num_seconds_from_midnight_opt(s2, n2)?,
                            })
                        })
                        .collect(),
                    absences: absences
                        .into_iter()
                        .filter_map(|(day, len)| {
                            let first = NaiveDate::from_num_days_from_ce_opt(day)?;
                            Some(Absence { first, last: first.checked_add_signed(TimeDelta::days(len))? })
                        })
                        .collect(),
                    busy: busy
                        .into_iter()
                        .map(|(start, len)| Busy {
                            start,
                            end: start.checked_add_signed(TimeDelta::seconds(len)).unwrap_or(start),
                        })
                        .collect(),
                })
                .collect();
            let invited: Vec<UserId> = invited.into_iter().map(UserId).collect();
            if let Ok(request) =
                SlotRequest::new(UserId(f), UserId(p), &invited, quorum, TimeDelta::minutes(minutes), from, until)
            {
                let found = find_slots(&request, &people, limit);
                prop_assert!(found.len() <= limit);
            }
        }
    }
}
