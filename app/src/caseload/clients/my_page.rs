//! "My caseload" for the professional: clients, load against capacity, the mix, and the
//! person's own limits (private unless they share them).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::audit::page::WhoOpenedMyClients;
use crate::auth::signed_in::SignedIn;
use crate::caseload::balance::api::{
    AddPersonalLimit, DeletePersonalLimit, SharePersonalLimit, my_caseload,
};
use crate::caseload::model::AvoidanceLevel;
use crate::caseload::text::{level_text, limit_text, maybe_level_text};
use crate::caseload::views::{CaseloadOverview, ClientRow};
use crate::i18n::*;
use crate::ui::charts::Gauge;
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loaded;
use crate::ui::time::dutch_date;

#[component]
pub fn MyCaseloadPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <MyCaseloadView /> } /> }
}

#[component]
fn MyCaseloadView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Each form posts as a page, which comes back rendered anew: the caseload loads once.
    let add = ServerAction::<AddPersonalLimit>::new();
    let share = ServerAction::<SharePersonalLimit>::new();
    let delete = ServerAction::<DeletePersonalLimit>::new();
    let team = query.with_untracked(|q| q.get("team").and_then(|t| t.parse().ok()));
    let data = Resource::new(|| (), move |_| my_caseload(team));
    view! {
        <h1>{t!(i18n, caseload.title)}</h1>
        <Loaded data=data let:data>
            <Caseload data add share delete />
        </Loaded>
        <WhoOpenedMyClients />
    }
}

#[component]
fn Caseload(
    data: CaseloadOverview,
    add: ServerAction<AddPersonalLimit>,
    share: ServerAction<SharePersonalLimit>,
    delete: ServerAction<DeletePersonalLimit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = data.figures.clone();
    let gauge_label = t_string!(
        i18n,
        caseload.gauge,
        load = format!("{:.1}", f.load),
        capacity = format!("{:.1}", f.capacity)
    )
    .to_string();
    let team_id = data.team.id;
    let domains = data.domains.clone();
    let by_domain: Vec<(String, u32)> = f
        .by_domain
        .iter()
        .map(|(d, n)| {
            let name = data
                .domains
                .iter()
                .find(|x| x.id == *d)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            (name, *n)
        })
        .collect();
    let teams = data.teams.clone();
    let max_domain = by_domain.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    view! {
        {(teams.len() > 1).then(|| view! {
            <nav class="team-switch" aria-label=move || t_string!(i18n, caseload.teams)>
                {teams.into_iter().map(|t| view! {
                    <A href=format!("/caseload?team={}", t.id) attr:aria-current=(t.id == team_id).then_some("page")>{t.name.clone()}</A>
                }).collect_view()}
            </nav>
        })}
        <p class="muted">{t!(i18n, caseload.team, team = data.team.name.clone())}</p>
        <div class="grid">
            <section class="card" data-testid="my-load">
                <h2>{t!(i18n, caseload.load)}</h2>
                <Gauge ratio=f.ratio label=gauge_label.clone() />
                <p data-testid="load-text">{gauge_label}</p>
                {data.ceiling.map(|c| view! { <p class="muted">{t!(i18n, caseload.ceiling, ceiling = format!("{c:.0}"))}</p> })}
            </section>
            <section class="card" data-testid="mix-domains">
                <h2>{t!(i18n, caseload.mix_domains)}</h2>
                {if by_domain.is_empty() {
                    view! { <p class="muted">{t!(i18n, caseload.no_domains)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mix">
                            {by_domain.into_iter().map(|(name, n)| view! {
                                <li><span>{name}</span><meter min="0" max=max_domain.to_string() value=n.to_string()></meter><span>{n}</span></li>
                            }).collect_view()}
                        </ul>
                        <p class="muted">{t!(i18n, caseload.variety, pct = format!("{:.0}", f.variety * 100.0))}</p>
                    }.into_any()
                }}
            </section>
            <section class="card" data-testid="mix-levels">
                <h2>{t!(i18n, caseload.mix_levels)}</h2>
                <ul class="mix">
                    {AvoidanceLevel::ALL.into_iter().map(|l| {
                        let n = f.by_level[l.number() as usize];
                        view! { <li><span>{move || level_text(i18n, l)}</span><meter min="0" max=f.clients.max(1).to_string() value=n.to_string()></meter><span>{n}</span></li> }
                    }).collect_view()}
                </ul>
                <p class="muted">{t!(i18n, caseload.avoiders, count = f.avoiders)}</p>
            </section>
        </div>
        <h2>{t!(i18n, caseload.clients)}</h2>
        <ClientTable clients=data.clients.clone() />
        <h2>{t!(i18n, caseload.my_limits)}</h2>
        <p class="muted">{t!(i18n, caseload.limits_private)}</p>
        <FormError action=share />
        <FormError action=delete />
        <ul class="limits" data-testid="my-limits">
            {data.limits.iter().map(|l| {
                let id = l.id;
                let shared = l.shared;
                let over = l.count > l.max;
                let text = limit_text(i18n, l);
                view! {
                    <li class="card" data-over=over.to_string()>
                        <strong>{text}</strong>
                        <meter min="0" max=l.max.max(1).to_string() value=l.count.to_string()></meter>
                        <span>{t!(i18n, caseload.limit_count, count = l.count, max = l.max)}</span>
                        {over.then(|| view! { <p class="invite" role="status">{t!(i18n, caseload.limit_over)}</p> })}
                        <span class="pill">{if shared { t_string!(i18n, caseload.shared) } else { t_string!(i18n, caseload.private) }}</span>
                        <ActionForm action=share attr:class="inline">
                            <input type="hidden" name="limit" value=id.to_string() />
                            <input type="hidden" name="shared" value=(!shared).to_string() />
                            <button type="submit" class="quiet">
                                {if shared { t_string!(i18n, caseload.unshare) } else { t_string!(i18n, caseload.share) }}
                            </button>
                        </ActionForm>
                        <ActionForm action=delete attr:class="inline">
                            <input type="hidden" name="limit" value=id.to_string() />
                            <button type="submit" class="quiet">{t!(i18n, caseload.remove)}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
        <section class="card">
            <h3>{t!(i18n, caseload.new_limit)}</h3>
            <ActionForm action=add attr:class="inline" attr:novalidate="novalidate" attr:data-testid="new-limit">
                <FormError action=add />
                {just_saved(add).then(|| view! { <p class="form-ok" role="status" data-testid="limit-added">{t!(i18n, caseload.limit_added)}</p> })}
                <input type="hidden" name="team" value=team_id.to_string() />
                <div class="field">
                    <label for="field-kind">{t!(i18n, caseload.limit_kind)}</label>
                    <select id="field-kind" name="kind">
                        <option value="avoiders:2">{t!(i18n, caseload.kind_avoiders2)}</option>
                        <option value="avoiders:3">{t!(i18n, caseload.kind_avoiders3)}</option>
                        <option value="clients">{t!(i18n, caseload.kind_clients)}</option>
                        {domains.into_iter().map(|d| view! {
                            <option value=format!("domain:{}", d.id)>{t!(i18n, caseload.kind_domain, domain = d.name.clone())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field label=move || t!(i18n, caseload.limit_max) name="max" kind="number" problem=field_problem(add, "max") />
                <label class="check"><input type="checkbox" name="shared" value="on" />{t!(i18n, caseload.share_with_leader)}</label>
                <button type="submit">{t!(i18n, caseload.add_limit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ClientTable(clients: Vec<ClientRow>) -> impl IntoView {
    let i18n = use_i18n();
    if clients.is_empty() {
        return view! { <p class="muted">{t!(i18n, caseload.no_clients)}</p> }.into_any();
    }
    view! {
        <div class="card scroll-x">
            <table data-testid="clients">
                <thead>
                    <tr>
                        <th>{t!(i18n, caseload.col_code)}</th>
                        <th>{t!(i18n, caseload.col_weight)}</th>
                        <th>{t!(i18n, caseload.col_domains)}</th>
                        <th>{t!(i18n, caseload.col_avoidance)}</th>
                        <th>{t!(i18n, caseload.col_primary)}</th>
                        <th>{t!(i18n, caseload.col_secondary)}</th>
                        <th>{t!(i18n, caseload.col_start)}</th>
                    </tr>
                </thead>
                <tbody>
                    {clients.into_iter().map(|c| { let row_id = format!("client-{}", c.code); view! {
                        <tr data-testid=row_id>
                            <td><A href=format!("/clients/{}", c.id)>{c.code.clone()}</A></td>
                            <td data-label=move || t_string!(i18n, caseload.col_weight)>{c.weight}</td>
                            <td data-label=move || t_string!(i18n, caseload.col_domains)>{c.domains.join(", ")}</td>
                            <td data-label=move || t_string!(i18n, caseload.col_avoidance)>{move || maybe_level_text(i18n, c.avoidance)}</td>
                            <td data-label=move || t_string!(i18n, caseload.col_primary)>{c.primary.map(|p| p.name).unwrap_or_default()}</td>
                            <td data-label=move || t_string!(i18n, caseload.col_secondary)>{c.secondary.map(|p| p.name).unwrap_or_default()}</td>
                            <td data-label=move || t_string!(i18n, caseload.col_start)>{dutch_date(c.start)}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
