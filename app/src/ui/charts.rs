//! Small SVG charts, drawn on the server and in the browser alike. Colours come from the
//! style sheet through classes (the Content-Security-Policy allows no inline styles).

use leptos::prelude::*;

/// Load against capacity as a half-circle gauge. The arc is full at 150 % so that an
/// overloaded caseload still shows how far over it is.
#[component]
pub fn Gauge(ratio: f64, #[prop(into)] label: String) -> impl IntoView {
    const FULL_AT: f64 = 1.5;
    let filled = (ratio / FULL_AT).clamp(0.0, 1.0) * 100.0;
    let marker = 100.0 / FULL_AT;
    // The 100 % tick on the arc: angle from the left end, radius 80 around (100, 100).
    let angle = std::f64::consts::PI * (1.0 - marker / 100.0);
    let (tx, ty) = (100.0 + 80.0 * angle.cos(), 100.0 - 80.0 * angle.sin());
    let (ix, iy) = (100.0 + 66.0 * angle.cos(), 100.0 - 66.0 * angle.sin());
    let class = if ratio > 1.0 {
        "gauge-fill over"
    } else {
        "gauge-fill"
    };
    let title = label.clone();
    view! {
        <svg class="gauge" viewBox="0 0 200 115" role="img" aria-label=label.clone()>
            <title>{title}</title>
            <path class="gauge-track" d="M 20 100 A 80 80 0 0 1 180 100" pathLength="100" />
            <path class=class d="M 20 100 A 80 80 0 0 1 180 100" pathLength="100" stroke-dasharray=format!("{filled:.1} 100") />
            <line class="gauge-tick" x1=format!("{ix:.1}") y1=format!("{iy:.1}") x2=format!("{tx:.1}") y2=format!("{ty:.1}") />
            <text class="gauge-text" x="100" y="96" text-anchor="middle">{format!("{:.0}%", ratio * 100.0)}</text>
        </svg>
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBar {
    pub label: String,
    pub load: f64,
    pub capacity: f64,
    pub ceiling: Option<f64>,
    pub over: bool,
}

/// One row per member: the bar is the load, the solid line is capacity (100 %), the dashed
/// line the team's load limit. Readable at a glance: the longest bars stick out past the line.
#[component]
pub fn LoadChart(bars: Vec<LoadBar>, #[prop(into)] label: String) -> impl IntoView {
    const ROW: f64 = 26.0;
    const LEFT: f64 = 170.0;
    const WIDTH: f64 = 420.0;
    let max = bars
        .iter()
        .flat_map(|b| [b.load, b.capacity, b.ceiling.unwrap_or(0.0)])
        .fold(1.0_f64, f64::max)
        * 1.05;
    let x = move |v: f64| LEFT + (v / max) * WIDTH;
    let height = ROW * bars.len() as f64 + 24.0;
    let title = label.clone();
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = 8.0 + i as f64 * ROW;
            let class = if bar.over { "bar over" } else { "bar" };
            let title = format!(
                "{}: {:.1} / {:.1} ({:.0}%)",
                bar.label,
                bar.load,
                bar.capacity,
                if bar.capacity > 0.0 { bar.load / bar.capacity * 100.0 } else { 0.0 }
            );
            view! {
                <g data-testid="chart-row" data-over=bar.over.to_string()>
                    <title>{title}</title>
                    <text class="bar-label" x=format!("{:.1}", LEFT - 8.0) y=format!("{:.1}", y + 14.0) text-anchor="end">{bar.label.clone()}</text>
                    <rect class=class x=format!("{LEFT:.1}") y=format!("{y:.1}") width=format!("{:.1}", x(bar.load) - LEFT) height="18" rx="3" />
                    <line class="capacity-line" x1=format!("{:.1}", x(bar.capacity)) x2=format!("{:.1}", x(bar.capacity)) y1=format!("{:.1}", y - 2.0) y2=format!("{:.1}", y + 20.0) />
                    {bar.ceiling.map(|c| view! {
                        <line class="ceiling-line" x1=format!("{:.1}", x(c)) x2=format!("{:.1}", x(c)) y1=format!("{:.1}", y - 2.0) y2=format!("{:.1}", y + 20.0) />
                    })}
                    <text class="bar-value" x=format!("{:.1}", x(bar.load.max(bar.capacity)) + 6.0) y=format!("{:.1}", y + 14.0)>
                        {format!("{:.0}%", if bar.capacity > 0.0 { bar.load / bar.capacity * 100.0 } else { 0.0 })}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="load-chart" viewBox=format!("0 0 {} {height:.0}", LEFT + WIDTH + 60.0) role="img" aria-label=label.clone() data-testid="load-chart">
            <title>{title}</title>
            {rows}
        </svg>
    }
}
