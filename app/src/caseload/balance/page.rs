//! Team balance for the leader: one row per member, a chart of load against capacity, the
//! team's totals, rebalancing suggestions, and the team's capacity settings and limits.

use crate::shared::ids::{TeamId, UserId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{AddDomain, ApplyMove, SaveTeamSettings, SetCapacity, team_balance};
use super::filter::{BalanceToolbar, SORTS};
use crate::auth::signed_in::SignedIn;
use crate::caseload::text::{breach_text, maybe_level_text};
use crate::caseload::views::{BalanceOverview, BalanceRow, LimitView, MoveView, PlanView};
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::teams::limits::LimitKind;
use crate::ui::charts::{LoadBar, LoadChart};
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loaded;

#[component]
pub fn TeamBalancePage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <BalanceView /> } /> }
}

#[component]
fn BalanceView() -> impl IntoView {
    let i18n = use_i18n();
    let team = team_param();
    // Each of these forms posts as a page, which comes back rendered anew: the balance loads once.
    let apply = ServerAction::<ApplyMove>::new();
    let settings = ServerAction::<SaveTeamSettings>::new();
    let capacity = ServerAction::<SetCapacity>::new();
    let domain = ServerAction::<AddDomain>::new();
    let view_as = ListView::from_query();
    let data = Resource::new(
        move || team.get(),
        |team| async move {
            match team {
                Some(team) => team_balance(team).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Loaded data=data error_heading=move || view! { <h1>{t!(i18n, balance.title)}</h1> } let:data>
            <Balance data view_as=view_as.clone() apply settings capacity domain />
        </Loaded>
    }
}

/// How the leader reads the list: the order and the filters from the address
/// (`?sort=name&q=meh&over=1`), so sorting and filtering work as links and a plain form.
#[derive(Clone, Debug, PartialEq)]
struct ListView {
    sort: String,
    needle: String,
    only_over: bool,
}

impl ListView {
    fn from_query() -> Self {
        let query = use_query_map();
        query.with_untracked(|q| {
            let sort = q
                .get("sort")
                .filter(|s| SORTS.contains(&s.as_str()))
                .unwrap_or_else(|| SORTS[0].to_owned());
            Self {
                sort,
                needle: q.get("q").unwrap_or_default().trim().to_owned(),
                only_over: q.get("over").is_some_and(|v| !v.is_empty()),
            }
        })
    }

    fn apply(&self, rows: &[BalanceRow]) -> Vec<BalanceRow> {
        let needle = self.needle.to_lowercase();
        let mut rows: Vec<BalanceRow> = rows
            .iter()
            .filter(|r| !self.only_over || !r.figures.breaches.is_empty())
            .filter(|r| needle.is_empty() || r.person.name.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        match self.sort.as_str() {
            "name" => rows.sort_by(|a, b| a.person.name.cmp(&b.person.name)),
            "avoiders" => rows.sort_by_key(|r| std::cmp::Reverse(r.figures.avoiders)),
            "variety" => rows.sort_by(|a, b| a.figures.variety.total_cmp(&b.figures.variety)),
            _ => rows.sort_by(|a, b| b.figures.ratio.total_cmp(&a.figures.ratio)),
        }
        rows
    }
}

#[component]
fn Balance(
    data: BalanceOverview,
    view_as: ListView,
    apply: ServerAction<ApplyMove>,
    settings: ServerAction<SaveTeamSettings>,
    capacity: ServerAction<SetCapacity>,
    domain: ServerAction<AddDomain>,
) -> impl IntoView {
    let i18n = use_i18n();
    let visible = view_as.apply(&data.rows);
    let limits = data.shared_limits.clone();
    let t = data.totals.clone();
    let team = data.team.id;
    let chart_label = t_string!(i18n, balance.chart).to_string();
    let bars = visible
        .iter()
        .map(|r| LoadBar {
            label: r.person.name.clone(),
            load: r.figures.load,
            capacity: r.figures.capacity,
            ceiling: r.ceiling,
            over: !r.figures.breaches.is_empty(),
        })
        .collect();
    view! {
        <h1>{t!(i18n, balance.title)}" · "{data.team.name.clone()}</h1>
        {data.leads.then(|| view! {
            <p class="actions">
                <A href=format!("/teams/{team}/clients")>{t!(i18n, balance.to_clients)}</A>
                <A href=format!("/teams/{team}/import")>{t!(i18n, balance.to_import)}</A>
                <a href=format!("/teams/{team}/caseload.csv") download="caseload.csv" rel="external">{t!(i18n, balance.export)}</a>
            </p>
        })}
        <div class="totals" data-testid="totals">
            <div class="card"><strong>{format!("{:.0} / {:.0}", t.load, t.capacity)}</strong><span>{t!(i18n, balance.total_load, pct = format!("{:.0}", t.ratio * 100.0))}</span></div>
            <div class="card"><strong>{t.clients}</strong><span>{t!(i18n, balance.total_clients)}</span></div>
            <div class="card"><strong>{t.avoiders}</strong><span>{t!(i18n, balance.total_avoiders)}</span></div>
            <div class="card"><strong>{t.unassigned}</strong><span>{t!(i18n, balance.total_unassigned)}</span></div>
            <div class="card"><strong data-testid="members-over">{t.members_over}</strong><span>{t!(i18n, balance.total_over)}</span></div>
        </div>
        <section class="card">
            <h2>{t!(i18n, balance.chart)}</h2>
            <p class="muted">{t!(i18n, balance.chart_legend)}</p>
            <LoadChart bars label=chart_label />
        </section>
        <section class="card">
            <BalanceToolbar sort=view_as.sort.clone() q=view_as.needle.clone() over=view_as.only_over />
            <div class="scroll-x">
                <table data-testid="balance">
                    <thead>
                        <tr>
                            <th>{t!(i18n, balance.col_member)}</th>
                            <th>{t!(i18n, balance.col_load)}</th>
                            <th>{t!(i18n, balance.col_clients)}</th>
                            <th>{t!(i18n, balance.col_avoiders)}</th>
                            <th>{t!(i18n, balance.col_variety)}</th>
                            <th>{t!(i18n, balance.col_limits)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {visible.into_iter().map(|row| view! { <MemberRow row limits=limits.clone() team leads=data.leads /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {data.plan.clone().map(|plan| view! { <Suggestions plan team apply /> })}
        {data.leads.then(|| view! { <Settings data=data.clone() settings capacity domain /> })}
    }
}

#[component]
fn MemberRow(
    row: BalanceRow,
    limits: Vec<(UserId, LimitView)>,
    team: TeamId,
    /// The reader leads the team, and may hand a member's clients over.
    leads: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = row.figures;
    let mine: Vec<LimitView> = limits
        .into_iter()
        .filter(|(u, _)| *u == row.person.id)
        .map(|(_, l)| l)
        .collect();
    let breaches = f.breaches.clone();
    let over = !breaches.is_empty();
    view! {
        <tr data-testid=format!("member-{}", row.person.name) data-over=over.to_string()>
            <td>{row.person.name.clone()}<br /><span class="muted">{format!("{:.2} fte", row.fte)}</span>
                {row.capacity_override.map(|_| view! { " " <span class="pill">{t!(i18n, balance.override_pill)}</span> })}
                {(leads && f.clients > 0).then(|| view! {
                    <br /><A href=format!("/teams/{team}/handover/{}", row.person.id) attr:class="quiet" attr:data-testid="handover-link">{t!(i18n, balance.hand_over)}</A>
                })}
            </td>
            <td data-label=move || t_string!(i18n, balance.col_load)>{format!("{:.1} / {:.1}", f.load, f.capacity)}<br /><strong>{format!("{:.0}%", f.ratio * 100.0)}</strong></td>
            <td data-label=move || t_string!(i18n, balance.col_clients)>{f.clients}</td>
            <td data-label=move || t_string!(i18n, balance.col_avoiders)>{f.avoiders}</td>
            <td data-label=move || t_string!(i18n, balance.col_variety)>{format!("{:.0}%", f.variety * 100.0)}</td>
            <td data-label=move || t_string!(i18n, balance.col_limits)>
                {if breaches.is_empty() {
                    view! { <span class="muted">{t!(i18n, balance.within)}</span> }.into_any()
                } else {
                    view! { <ul class="breaches">{breaches.iter().map(|b| view! { <li>{breach_text(i18n, b, &mine)}</li> }).collect_view()}</ul> }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn Suggestions(plan: PlanView, team: TeamId, apply: ServerAction<ApplyMove>) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.plan.clone();
    // A short list first: the cheapest moves lead; the rest is one click away, in a <details>
    // that opens without any script.
    const SHORT_LIST: usize = 5;
    let total = plan.moves.len();
    let mut first = plan.moves;
    let rest = first.split_off(total.min(SHORT_LIST));
    let move_item = move |m: MoveView| {
        view! {
            <li class="move" data-testid=format!("move-{}", m.code)>
                <span>{t!(i18n, balance.move_text, code = m.code.clone(), from = m.from.name.clone(), to = m.to.name.clone())}</span>
                <span class="muted">{t!(i18n, balance.move_cost,
                    cost = format!("{:.1}", m.cost),
                    months = m.months_together,
                    level = maybe_level_text(i18n, m.avoidance))}</span>
                {m.to_was_secondary.then(|| view! { <span class="pill">{t!(i18n, balance.knows_client)}</span> })}
                <ActionForm action=apply attr:class="inline">
                    <input type="hidden" name="team" value=team.to_string() />
                    <input type="hidden" name="client" value=m.client.to_string() />
                    <input type="hidden" name="from" value=m.from.id.to_string() />
                    <input type="hidden" name="to" value=m.to.id.to_string() />
                    <button type="submit">{t!(i18n, balance.apply)}</button>
                </ActionForm>
            </li>
        }
    };
    view! {
        <section class="card" data-testid="suggestions">
            <h2>{t!(i18n, balance.suggestions)}</h2>
            <p class="muted">{t!(i18n, balance.suggestions_why)}</p>
            {if total == 0 {
                view! { <p data-testid="no-moves">{t!(i18n, balance.no_moves)}</p> }.into_any()
            } else {
                view! {
                    <p data-testid="plan-summary">{t!(i18n, balance.plan_summary,
                        count = total,
                        before = format!("{:.0}", p.max_ratio_before * 100.0),
                        after = format!("{:.0}", p.max_ratio_after * 100.0),
                        breaches_before = p.breaches_before,
                        breaches_after = p.breaches_after)}</p>
                    <FormError action=apply />
                    {apply.value().get_untracked().and_then(|r| r.err()).and_then(|e| e.at_field("move")).map(|_| view! {
                        <p class="form-error" role="alert">{t!(i18n, errors.stale)}</p>
                    })}
                    {just_saved(apply).then(|| view! { <p class="form-ok" role="status" data-testid="move-applied">{t!(i18n, balance.move_applied)}</p> })}
                    <ol class="moves">
                        {first.into_iter().map(move_item).collect_view()}
                    </ol>
                    {(!rest.is_empty()).then(|| view! {
                        <details class="more-moves">
                            // A summary is a button to the reader; saying so lets every tool see it.
                            <summary role="button" class="button secondary">{t!(i18n, balance.show_all, count = total)}</summary>
                            <ol class="moves" start=(SHORT_LIST + 1).to_string()>
                                {rest.into_iter().map(move_item).collect_view()}
                            </ol>
                        </details>
                    })}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Settings(
    data: BalanceOverview,
    settings: ServerAction<SaveTeamSettings>,
    capacity: ServerAction<SetCapacity>,
    domain: ServerAction<AddDomain>,
) -> impl IntoView {
    let i18n = use_i18n();
    let team = data.team.id;
    let limit = |kind: LimitKind| data.limits.iter().find(|l| l.kind == kind).cloned();
    let load = limit(LimitKind::LoadPerFte);
    let avoiders = limit(LimitKind::AvoidersPerMember);
    let share = limit(LimitKind::AvoiderSharePerMember);
    let num = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    view! {
        <section class="card" data-testid="team-settings">
            <h2>{t!(i18n, balance.settings)}</h2>
            <ActionForm action=settings attr:class="stack" attr:novalidate="novalidate">
                <FormError action=settings />
                {just_saved(settings).then(|| view! { <p class="form-ok" role="status" data-testid="settings-saved">{t!(i18n, balance.saved)}</p> })}
                <input type="hidden" name="team" value=team.to_string() />
                <Field label=move || t!(i18n, balance.norm) name="norm_per_fte" hint=move || t!(i18n, balance.norm_hint) value=format!("{}", data.policy.norm_per_fte) problem=field_problem(settings, "norm_per_fte") />
                <Field label=move || t!(i18n, balance.fraction) name="secondary_fraction" hint=move || t!(i18n, balance.fraction_hint) value=format!("{}", data.policy.secondary_fraction) problem=field_problem(settings, "secondary_fraction") />
                <Field label=move || t!(i18n, balance.limit_load) name="load_per_fte" value=num(load.as_ref().map(|l| l.threshold)) problem=field_problem(settings, "load_per_fte") />
                <label class="check"><input type="checkbox" name="load_per_fte_on" value="on" checked=load.as_ref().is_some_and(|l| l.active) />{t!(i18n, balance.limit_on)}</label>
                <Field label=move || t!(i18n, balance.limit_avoiders) name="avoiders_per_member" value=num(avoiders.as_ref().map(|l| l.threshold)) problem=field_problem(settings, "avoiders_per_member") />
                <label class="check"><input type="checkbox" name="avoiders_per_member_on" value="on" checked=avoiders.as_ref().is_some_and(|l| l.active) />{t!(i18n, balance.limit_on)}</label>
                <Field label=move || t!(i18n, balance.limit_share) name="avoider_share" value=num(share.as_ref().map(|l| l.threshold)) problem=field_problem(settings, "avoider_share") />
                <label class="check"><input type="checkbox" name="avoider_share_on" value="on" checked=share.as_ref().is_some_and(|l| l.active) />{t!(i18n, balance.limit_on)}</label>
                <label class="check"><input type="checkbox" name="members_see_balance" value="on" checked=data.members_see_balance />{t!(i18n, balance.members_see)}</label>
                <button type="submit">{t!(i18n, balance.save)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, balance.capacity)}</h2>
            <p class="muted">{t!(i18n, balance.capacity_hint)}</p>
            <ActionForm action=capacity attr:class="inline" attr:novalidate="novalidate" attr:data-testid="capacity-form">
                <FormError action=capacity />
                {just_saved(capacity).then(|| view! { <p class="form-ok" role="status" data-testid="capacity-saved">{t!(i18n, balance.saved)}</p> })}
                <input type="hidden" name="team" value=team.to_string() />
                <div class="field">
                    <label for="field-user">{t!(i18n, balance.col_member)}</label>
                    <select id="field-user" name="user">
                        {data.rows.iter().map(|r| view! { <option value=r.person.id.to_string()>{r.person.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=move || t!(i18n, balance.points) name="points" hint=move || t!(i18n, balance.points_hint) problem=field_problem(capacity, "points") />
                <button type="submit">{t!(i18n, balance.save)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, balance.domains)}</h2>
            <p>{data.domains.iter().map(|d| view! { <span class="pill">{d.name.clone()}</span> }).collect_view()}</p>
            <ActionForm action=domain attr:class="inline" attr:novalidate="novalidate">
                <FormError action=domain />
                {just_saved(domain).then(|| view! { <p class="form-ok" role="status" data-testid="domain-saved">{t!(i18n, balance.saved)}</p> })}
                <input type="hidden" name="team" value=team.to_string() />
                <Field label=move || t!(i18n, balance.new_domain) name="name" problem=field_problem(domain, "name") />
                <button type="submit">{t!(i18n, balance.add_domain)}</button>
            </ActionForm>
        </section>
    }
}
