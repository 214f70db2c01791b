//! Benchmark for the session slot finder on a deterministic synthetic team: a facilitator, a
//! presenter and 15 participants, an 8-week horizon across the spring DST change, a 90-minute
//! session on the 15-minute grid, and the quorum the planner uses (half the participants,
//! rounded up). The target is under 5 ms per search.
//!
//! Diaries look like a care team's: most people work Monday to Friday from about 08:30 to
//! 17:00, some part-timers three or four days, some have a free afternoon; everyone has a few
//! days off (now and then a week of leave) and 3–6 existing bookings a week, some of them off
//! the quarter-hour grid.
//!
//! `cargo bench -p app --features ssr --bench slots`

use app::shared::ids::UserId;
use std::hint::black_box;

use app::sessions::availability::slots::{
    Absence, Busy, DEFAULT_LIMIT, Person, SlotRequest, WeeklyWindow, find_slots,
};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;
use criterion::{Criterion, criterion_group};

/// A tiny deterministic generator (SplitMix64), so the benches need no `rand`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.below(1_000_000) as f64) < p * 1_000_000.0
    }
}

const WORKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];
const WEEKS: i64 = 8;
const PARTICIPANTS: i64 = 15;

/// Monday 9 March 2026, 08:00 in Amsterdam; the clocks go forward three weeks later.
fn first_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 9).expect("a real date")
}

fn from() -> DateTime<Utc> {
    local(first_monday(), 8 * 60)
}

fn local(day: NaiveDate, minutes: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0).expect("in a day");
    Amsterdam
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .expect("office hours exist on every day")
        .with_timezone(&Utc)
}

fn clock(minutes: u32) -> NaiveTime {
    NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0).expect("in a day")
}

/// Which workdays someone works: everyone, or a part-timer's three or four.
fn working_days(r: &mut Rng) -> Vec<Weekday> {
    let mut days = WORKDAYS.to_vec();
    let off = match r.below(10) {
        0..6 => 0,
        6..9 => 1,
        _ => 2,
    };
    for _ in 0..off {
        days.remove(r.below(days.len() as u64) as usize);
    }
    days
}

fn diary(user: i64, r: &mut Rng) -> Person {
    let starts = [8 * 60, 8 * 60 + 30, 9 * 60][r.below(3) as usize];
    let ends = [16 * 60 + 30, 17 * 60, 17 * 60 + 30][r.below(3) as usize];
    let days = working_days(r);
    let free_afternoon = r
        .chance(0.3)
        .then(|| days[r.below(days.len() as u64) as usize]);
    let weekly = days
        .iter()
        .map(|&weekday| WeeklyWindow {
            weekday,
            start: clock(starts),
            end: clock(if Some(weekday) == free_afternoon {
                12 * 60 + 30
            } else {
                ends
            }),
        })
        .collect();
    let day = |offset: u64| first_monday() + TimeDelta::days(offset as i64);
    let mut absences: Vec<Absence> = (0..2 + r.below(3))
        .map(|_| {
            let d = day(r.below(WEEKS as u64 * 7));
            Absence { first: d, last: d }
        })
        .collect();
    if r.chance(0.15) {
        let monday = day(7 * r.below(WEEKS as u64));
        absences.push(Absence {
            first: monday,
            last: monday + TimeDelta::days(4),
        });
    }
    let busy = (0..WEEKS as u64)
        .flat_map(|week| {
            (0..3 + r.below(4))
                .map(|_| {
                    let day = day(week * 7 + r.below(5));
                    let jitter = if r.chance(0.2) { 5 } else { 0 };
                    let minutes = 8 * 60 + 30 + 15 * r.below(30) as u32 + jitter;
                    let start = local(day, minutes);
                    Busy {
                        start,
                        end: start + TimeDelta::minutes(30 * (1 + r.below(4) as i64)),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Person {
        user: UserId(user),
        weekly,
        absences,
        busy,
    }
}

/// Facilitator 1, presenter 2, participants 3–17.
fn team() -> (SlotRequest, Vec<Person>) {
    let mut r = Rng(2026);
    let people: Vec<Person> = (1..=PARTICIPANTS + 2).map(|u| diary(u, &mut r)).collect();
    let participants: Vec<UserId> = (3..=PARTICIPANTS + 2).map(UserId).collect();
    let request = SlotRequest::new(
        UserId(1),
        UserId(2),
        &participants,
        participants.len().div_ceil(2),
        TimeDelta::minutes(90),
        from(),
        from() + TimeDelta::weeks(WEEKS),
    )
    .expect("a valid request");
    (request, people)
}

/// What the synthetic data looks like and what the finder proposes.
fn describe(request: &SlotRequest, people: &[Person]) {
    let started = std::time::Instant::now();
    let found = find_slots(request, people, DEFAULT_LIMIT);
    let took = started.elapsed();
    let busy: usize = people.iter().map(|p| p.busy.len()).sum();
    let absent: usize = people.iter().map(|p| p.absences.len()).sum();
    let proposals: Vec<String> = found
        .iter()
        .map(|s| {
            format!(
                "{} ({}/{})",
                s.start.with_timezone(&Amsterdam).format("%a %d %b %H:%M"),
                s.attendance(),
                request.participants().len() + 2
            )
        })
        .collect();
    eprintln!(
        "slots: {} people, {busy} bookings, {absent} absences; quorum {}; proposals: {}; \
         one run: {took:.1?}",
        people.len(),
        request.quorum(),
        proposals.join(", "),
    );
}

fn bench_find_slots(c: &mut Criterion) {
    let (request, people) = team();
    let mut group = c.benchmark_group("slots");
    group.bench_function("find_slots 15 participants, 8 weeks, 15 min", |b| {
        b.iter(|| find_slots(black_box(&request), black_box(&people), DEFAULT_LIMIT))
    });
    group.finish();
}

criterion_group!(benches, bench_find_slots);

fn main() {
    let (request, people) = team();
    describe(&request, &people);
    benches();
    Criterion::default().configure_from_args().final_summary();
}
