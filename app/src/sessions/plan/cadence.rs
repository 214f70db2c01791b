//! A team's intervision cadence ("intervisie elke 6 weken"): a setting of the team leader,
//! shown on the sessions page with the date the next intervision is due and, once that date
//! has passed with nothing planned, a calm nudge. The date is computed purely, from the
//! server's today.

use chrono::{Duration, NaiveDate};
use leptos::form::ActionForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::model::TeamId;
use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use crate::ui::form::{FormError, field_problem, just_saved, problem_text};
use crate::ui::time::dutch_date;

#[cfg(feature = "ssr")]
use crate::error::with_status;

pub const MAX_WEEKS: u32 = 52;

/// A team's cadence as the sessions page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamCadence {
    pub team: TeamId,
    pub team_name: String,
    /// `None`: the team keeps no fixed cadence.
    pub every_weeks: Option<u32>,
    /// The day of the latest intervision held or planned, or the day the team started.
    pub last: NaiveDate,
    /// Whether an intervision is planned from today on (or planned without a time yet).
    pub planned_ahead: bool,
    /// The server's today (Amsterdam), so the browser computes the same as the server.
    pub today: NaiveDate,
    /// Whether the reader leads the team and so may change the cadence.
    pub may_set: bool,
}

/// When the next intervision is due, and whether it is past due with nothing planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CadenceStatus {
    pub every_weeks: u32,
    pub next: NaiveDate,
    pub overdue: bool,
}

/// The next intervision is due `every_weeks` after the last one held or planned. It is
/// overdue only when that day has passed and no intervision is planned.
pub fn cadence_status(
    every_weeks: Option<u32>,
    last: NaiveDate,
    planned_ahead: bool,
    today: NaiveDate,
) -> Option<CadenceStatus> {
    let every_weeks = every_weeks.filter(|w| (1..=MAX_WEEKS).contains(w))?;
    let next = last.checked_add_signed(Duration::weeks(i64::from(every_weeks)))?;
    Some(CadenceStatus {
        every_weeks,
        next,
        overdue: next < today && !planned_ahead,
    })
}

/// The latest intervision day held or planned, never before the team started.
pub fn last_held_or_planned(team_started: NaiveDate, latest: Option<NaiveDate>) -> NaiveDate {
    latest.map_or(team_started, |day| day.max(team_started))
}

/// The cadence as typed: empty is no cadence, otherwise 1 to 52 weeks.
pub fn parse_weeks(raw: &str) -> Result<Option<u32>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|w| (1..=MAX_WEEKS).contains(w))
            .map(Some)
            .ok_or_else(|| AppError::invalid("weeks", FieldProblem::OutOfRange)),
    }
}

/// Sets how often the team holds intervision; `weeks` empty means no fixed cadence. Team
/// leader only.
#[server(prefix = "/api", endpoint = "set_intervision_cadence")]
pub async fn set_intervision_cadence(team: TeamId, weeks: String) -> Result<Option<u32>, AppError> {
    with_status(super::cadence_service::set(team, weeks).await)
}

/// One team's cadence line, with the leader's small form to change it.
#[component]
pub fn CadenceCard(cadence: TeamCadence) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetIntervisionCadence>::new();
    let team = cadence.team;
    // A saved cadence loads the page again, so what is shown is what the server holds.
    let status = cadence_status(
        cadence.every_weeks,
        cadence.last,
        cadence.planned_ahead,
        cadence.today,
    );
    let weeks_problem = field_problem(action, "weeks");
    let saved = just_saved(action);
    view! {
        <section class="card" data-testid="cadence">
            <h2>{t!(i18n, cadence.title)}" · "{cadence.team_name.clone()}</h2>
            <p data-testid="cadence-line">{move || match status {
                Some(s) => t_string!(i18n, cadence.line, weeks = s.every_weeks, date = dutch_date(s.next)).to_string(),
                None => t_string!(i18n, cadence.none).to_string(),
            }}</p>
            {status.filter(|s| s.overdue).map(|_| view! {
                <p class="hint" data-testid="cadence-nudge">
                    {t!(i18n, cadence.nudge)}" "
                    <a href=format!("/teams/{team}/sessions/new")>{t!(i18n, cadence.plan)}</a>
                </p>
            })}
            {cadence.may_set.then(|| view! {
                <ActionForm action>
                    <input type="hidden" name="team" value=team.to_string() />
                    <div class="field" data-invalid=move || weeks_problem.get().is_some().to_string()>
                        <label for=format!("cadence-weeks-{team}")>{t!(i18n, cadence.weeks_label)}</label>
                        <input id=format!("cadence-weeks-{team}") name="weeks" type="number" min="1" max=MAX_WEEKS.to_string()
                            value=cadence.every_weeks.map(|w| w.to_string()).unwrap_or_default()
                            aria-invalid=move || weeks_problem.get().is_some().to_string() />
                        <span class="hint">{t!(i18n, cadence.weeks_hint)}</span>
                        {move || weeks_problem.get().map(|p| view! {
                            <p class="field-error" role="alert" data-testid="error-weeks">{problem_text(i18n, p)}</p>
                        })}
                    </div>
                    <FormError action />
                    <button type="submit" class="secondary" data-testid="cadence-save">{t!(i18n, cadence.save)}</button>
                    {saved.then(|| view! { <span class="success" role="status" data-testid="cadence-saved">" "{t!(i18n, cadence.saved)}</span> })}
                </ActionForm>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_intervision_is_due_n_weeks_after_the_last() {
        let s = cadence_status(Some(6), day("2026-01-05"), false, day("2026-02-01")).unwrap();
        assert_eq!(s.next, day("2026-02-16"));
        assert_eq!(s.every_weeks, 6);
        assert!(!s.overdue);
    }

    #[test]
    fn no_cadence_means_no_date_and_no_nudge() {
        assert_eq!(
            cadence_status(None, day("2026-01-05"), false, day("2027-01-01")),
            None
        );
        assert_eq!(
            cadence_status(Some(0), day("2026-01-05"), false, day("2027-01-01")),
            None
        );
    }

    #[test]
    fn it_is_overdue_only_after_the_day_and_with_nothing_planned() {
        let last = day("2026-01-05");
        let due = day("2026-01-19");
        assert!(
            !cadence_status(Some(2), last, false, due).unwrap().overdue,
            "on the day itself"
        );
        assert!(
            cadence_status(Some(2), last, false, day("2026-01-20"))
                .unwrap()
                .overdue
        );
        assert!(
            !cadence_status(Some(2), last, true, day("2026-03-01"))
                .unwrap()
                .overdue
        );
    }

    #[test]
    fn the_last_intervision_is_never_before_the_team_started() {
        let started = day("2026-03-01");
        assert_eq!(last_held_or_planned(started, None), started);
        assert_eq!(
            last_held_or_planned(started, Some(day("2025-12-01"))),
            started
        );
        assert_eq!(
            last_held_or_planned(started, Some(day("2026-04-01"))),
            day("2026-04-01")
        );
    }

    #[test]
    fn weeks_are_empty_or_one_to_fifty_two() {
        assert_eq!(parse_weeks(" ").unwrap(), None);
        assert_eq!(parse_weeks("1").unwrap(), Some(1));
        assert_eq!(parse_weeks(" 52 ").unwrap(), Some(52));
        for bad in ["0", "53", "-1", "six", "1.5"] {
            assert_eq!(
                parse_weeks(bad).unwrap_err().at_field("weeks"),
                Some(FieldProblem::OutOfRange),
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_status_never_panics_and_is_after_the_last(weeks in proptest::option::of(0u32..100), offset in -400i64..400, planned: bool, raw in ".{0,6}") {
            let last = day("2026-01-01");
            let today = last + Duration::days(offset);
            if let Some(s) = cadence_status(weeks, last, planned, today) {
                proptest::prop_assert!(s.next > last);
                proptest::prop_assert!(!(s.overdue && planned));
            }
            let _ = parse_weeks(&raw);
        }
    }
}
