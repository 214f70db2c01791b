//! The leader's view of stuck signals in the team: weekly counts by kind of work and by
//! strain, drawn only for weeks where at least three people contributed, the clients that
//! keep coming back, and the signals shared with the leader. Never a note.

use leptos::prelude::*;

use super::api::team_signals;
use super::model::{KindOfWork, Strain};
use super::pages::SharedList;
use super::text::{kind_text, strain_text};
use super::trends::{TeamTrend, WeekBar, WeekCounts};
use super::views::TeamSignalsOverview;
use crate::auth::signed_in::SignedIn;
use crate::error::AppError;
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::ui::status::Loaded;
use crate::ui::time::{dutch_date, local_date};

#[component]
pub fn TeamSignalsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <TeamSignalsView /> } /> }
}

#[component]
fn TeamSignalsView() -> impl IntoView {
    let i18n = use_i18n();
    let team = team_param();
    let data = Resource::new(
        move || team.get(),
        |team| async move {
            match team {
                Some(team) => team_signals(team).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <h1>{t!(i18n, team_signals.title)}</h1>
        <p class="muted">{t!(i18n, team_signals.intro)}</p>
        <Loaded data=data let:data>
            <Overview data />
        </Loaded>
    }
}

#[component]
fn Overview(data: TeamSignalsOverview) -> impl IntoView {
    let i18n = use_i18n();
    let trend = data.trend.clone();
    let t2 = data.trend.clone();
    let hidden = trend.hidden_weeks;
    let totals = trend.totals_shown.clone().map(|t| t.total);
    view! {
        <p class="muted">{data.team_name.clone()}</p>
        <div class="grid two">
            <section class="card">
                <h2>{t!(i18n, team_signals.by_kind)}</h2>
                <TrendChart trend series=KindOfWork::ALL.len() segment=move |w: &WeekCounts, i| w.kind(KindOfWork::ALL[i])
                    name=move |i| kind_text(i18n, KindOfWork::ALL[i]) testid="trend-kind" />
            </section>
            <section class="card">
                <h2>{t!(i18n, team_signals.by_strain)}</h2>
                <TrendChart trend=t2 series=Strain::ALL.len() segment=move |w: &WeekCounts, i| w.strain(Strain::ALL[i])
                    name=move |i| strain_text(i18n, Strain::ALL[i]) testid="trend-strain" />
            </section>
        </div>
        <p data-testid="trend-summary">
            {(hidden > 0).then(|| view! { <span data-testid="hidden-weeks">{move || t_string!(i18n, team_signals.hidden_explained, count = hidden).to_string()}</span>" " })}
            {match totals {
                Some(total) => view! { <span>{move || t_string!(i18n, team_signals.totals, count = total).to_string()}</span> }.into_any(),
                None => view! { <span>{t!(i18n, team_signals.totals_hidden)}</span> }.into_any(),
            }}
        </p>
        <section class="card">
            <h2>{t!(i18n, team_signals.repeated_title)}</h2>
            {if data.repeated.is_empty() {
                view! { <p class="muted">{t!(i18n, team_signals.repeated_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="repeated" data-testid="repeated-clients">
                        {data.repeated.iter().map(|(r, code)| {
                            let (count, authors) = (r.signals, r.authors);
                            view! {
                                <li>
                                    <strong>{code.clone()}</strong>": "
                                    {move || t_string!(i18n, team_signals.repeated_line, count = count, authors = authors).to_string()}
                                    " · "{local_date(r.latest)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card">
            <h2>{t!(i18n, team_signals.shared_title)}</h2>
            <SharedList signals=data.shared.clone() />
        </section>
    }
}

/// Weekly stacked bars. A hidden week is drawn as an empty, dashed slot labelled "hidden",
/// so the reader sees that something is withheld and why, not a misleading zero.
#[component]
fn TrendChart<S, N>(
    trend: TeamTrend,
    series: usize,
    segment: S,
    name: N,
    testid: &'static str,
) -> impl IntoView
where
    S: Fn(&WeekCounts, usize) -> u32 + Copy + Send + Sync + 'static,
    N: Fn(usize) -> &'static str + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 180.0;
    const BOTTOM: f64 = 160.0;
    let weeks = trend.weeks;
    let slot = WIDTH / weeks.len().max(1) as f64;
    let total = move |w: &WeekCounts| (0..series).map(|i| segment(w, i)).sum::<u32>();
    let max = weeks
        .iter()
        .filter_map(|w| w.shown.as_ref().map(total))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = move |n: u32| n as f64 / max * (BOTTOM - 12.0);
    let bars = weeks
        .into_iter()
        .enumerate()
        .map(|(i, WeekBar { week_start, shown, .. })| {
            let x = i as f64 * slot + 4.0;
            let w = slot - 8.0;
            let label = dutch_date(week_start)[..5].to_string();
            let title = move || t_string!(i18n, team_signals.week_of, date = dutch_date(week_start)).to_string();
            match shown {
                Some(counts) => {
                    let mut y = BOTTOM;
                    let rects = (0..series)
                        .filter_map(|s| {
                            let n = segment(&counts, s);
                            (n > 0).then(|| {
                                let h = scale(n);
                                y -= h;
                                view! {
                                    <rect class=format!("seg s{s}") x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{w:.1}") height=format!("{h:.1}")>
                                        <title>{move || format!("{}: {n}", name(s))}</title>
                                    </rect>
                                }
                            })
                        })
                        .collect_view();
                    let sum = total(&counts);
                    view! {
                        <g data-testid="trend-week" data-hidden="false" data-total=sum.to_string()>
                            <title>{title}</title>
                            {rects}
                            <text class="bar-value" x=format!("{:.1}", x + w / 2.0) y=format!("{:.1}", y - 3.0) text-anchor="middle">{sum}</text>
                            <text class="axis" x=format!("{:.1}", x + w / 2.0) y=format!("{:.1}", BOTTOM + 14.0) text-anchor="middle">{label}</text>
                        </g>
                    }
                    .into_any()
                }
                None => view! {
                    <g data-testid="trend-week" data-hidden="true">
                        <title>{title}</title>
                        <rect class="hidden-week" x=format!("{x:.1}") y="40" width=format!("{w:.1}") height=format!("{:.1}", BOTTOM - 40.0) />
                        <text class="axis" x=format!("{:.1}", x + w / 2.0) y="100" text-anchor="middle" transform=format!("rotate(-90 {:.1} 100)", x + w / 2.0)>
                            {move || t_string!(i18n, team_signals.hidden_week)}
                        </text>
                        <text class="axis" x=format!("{:.1}", x + w / 2.0) y=format!("{:.1}", BOTTOM + 14.0) text-anchor="middle">{label}</text>
                    </g>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <svg class="trend" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" data-testid=testid
            aria-label=move || t_string!(i18n, team_signals.chart_label)>
            <line class="axis-line" x1="0" x2=format!("{WIDTH}") y1=format!("{BOTTOM}") y2=format!("{BOTTOM}") />
            {bars}
        </svg>
        <ul class="legend">
            {(0..series).map(|s| view! { <li><span class=format!("swatch s{s}")></span>{move || name(s)}</li> }).collect_view()}
        </ul>
    }
}
