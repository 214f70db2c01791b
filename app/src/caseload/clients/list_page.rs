//! The team's clients for the leader, and placing a new client with intake advice: members
//! ranked by fit with the reasons in words, assigned with one click.

use crate::shared::ids::{DomainId, TeamId};
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{CreateClient, team_clients};
use crate::auth::signed_in::SignedIn;
use crate::caseload::balance::api::IntakeAdvice as AdviceAction;
use crate::caseload::clients::my_page::ClientTable;
use crate::caseload::model::AvoidanceLevel;
use crate::caseload::text::{level_text, reason_text};
use crate::caseload::views::{ClientList, Domain};
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::ui::form::{BoundField, FormError, either_problem, field_problem, success_count};
use crate::ui::status::Loaded;
use crate::ui::time::today;

#[component]
pub fn TeamClientsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <ClientsView /> } /> }
}

#[component]
fn ClientsView() -> impl IntoView {
    let i18n = use_i18n();
    let team = team_param();
    let create = ServerAction::<CreateClient>::new();
    let create_done = success_count(create);
    let data = Resource::new(
        move || (team.get(), create_done.get()),
        |(team, _)| async move {
            match team {
                Some(team) => team_clients(team).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Loaded data=data error_heading=move || view! { <h1>{t!(i18n, clients.title)}</h1> } let:data>
            <Clients data create />
        </Loaded>
    }
}

#[component]
fn Clients(data: ClientList, create: ServerAction<CreateClient>) -> impl IntoView {
    let i18n = use_i18n();
    let team = data.team.id;
    view! {
        <h1>{t!(i18n, clients.title)}" · "{data.team.name.clone()}</h1>
        <p class="actions">
            <A href=format!("/teams/{team}/balance")>{t!(i18n, clients.to_balance)}</A>
            <A href=format!("/teams/{team}/import")>{t!(i18n, balance.to_import)}</A>
            <a href=format!("/teams/{team}/caseload.csv") download="caseload.csv" rel="external">{t!(i18n, balance.export)}</a>
        </p>
        <Intake team domains=data.domains.clone() create />
        <h2>{t!(i18n, clients.all, count = data.clients.len())}</h2>
        <ClientTable clients=data.clients />
    }
}

#[component]
fn Intake(team: TeamId, domains: Vec<Domain>, create: ServerAction<CreateClient>) -> impl IntoView {
    let i18n = use_i18n();
    let advise = ServerAction::<AdviceAction>::new();
    let code = RwSignal::new(String::new());
    let weight = RwSignal::new("3".to_owned());
    let start = RwSignal::new(today().format("%Y-%m-%d").to_string());
    let avoidance = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<DomainId>::new());
    let domain_list = move || {
        chosen
            .get()
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let ask = move || {
        advise.dispatch(AdviceAction {
            team,
            weight: weight.get(),
            domains: domain_list(),
            avoidance: avoidance.get(),
        });
    };
    let place = move |primary: String| {
        create.dispatch(CreateClient {
            team,
            code: code.get(),
            weight: weight.get(),
            domains: domain_list(),
            start: start.get(),
            primary,
            secondary: String::new(),
            avoidance: avoidance.get(),
            note: note.get(),
        });
    };
    // A placed client clears the form for the next one.
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            code.set(String::new());
            note.set(String::new());
            advise.value().set(None);
        }
    });
    let problem =
        move |field| either_problem(field_problem(create, field), field_problem(advise, field));
    let domain_names = StoredValue::new(domains.clone());
    view! {
        <section class="card" data-testid="intake">
            <h2>{t!(i18n, intake.title)}</h2>
            <p class="muted">{t!(i18n, intake.intro)}</p>
            <form class="stack" novalidate on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <FormError action=create />
                {move || matches!(create.value().get(), Some(Ok(_))).then(|| view! { <p class="form-ok" role="status" data-testid="placed">{t!(i18n, intake.placed)}</p> })}
                <BoundField label=move || t!(i18n, caseload.col_code) name="code" hint=move || t!(i18n, intake.code_hint) value=code problem=problem("code") />
                <BoundField label=move || t!(i18n, caseload.col_weight) name="weight" kind="number" hint=move || t!(i18n, intake.weight_hint) value=weight problem=problem("weight") />
                <fieldset class="field">
                    <legend>{t!(i18n, caseload.col_domains)}</legend>
                    <div class="checks">
                        {domains.into_iter().map(|d| {
                            let id = d.id;
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=move || chosen.get().contains(&id) on:change=move |_| chosen.update(|c| if let Some(i) = c.iter().position(|x| *x == id) { c.remove(i); } else { c.push(id); }) />
                                    {d.name}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="field">
                    <label for="field-avoidance">{t!(i18n, caseload.col_avoidance)}</label>
                    <select id="field-avoidance" bind:value=avoidance>
                        <option value="">{t!(i18n, avoidance.unknown)}</option>
                        {AvoidanceLevel::ALL.into_iter().map(|l| view! { <option value=l.number().to_string()>{move || level_text(i18n, l)}</option> }).collect_view()}
                    </select>
                </div>
                <BoundField label=move || t!(i18n, caseload.col_start) name="start" kind="date" value=start problem=problem("start") />
                <BoundField label=move || t!(i18n, clients.note) name="note" hint=move || t!(i18n, clients.note_hint) value=note problem=problem("note") />
                <div class="row">
                    <button type="submit" data-testid="ask-advice">{t!(i18n, intake.ask)}</button>
                    <button type="button" class="secondary" on:click=move |_| place(String::new())>{t!(i18n, intake.unassigned)}</button>
                </div>
            </form>
            {move || advise.value().get().and_then(|r| r.ok()).map(|result| view! {
                <ol class="advice" data-testid="advice">
                    {result.advice.into_iter().map(|(person, a)| {
                        let id = person.id.to_string();
                        let reasons: Vec<String> = a.reasons.iter().map(|r| reason_text(i18n, r, &domain_names.get_value(), &[])).collect();
                        view! {
                            <li class="card" data-fits=a.fits.to_string() data-testid=format!("advice-{}", person.name)>
                                <strong>{person.name.clone()}</strong>
                                {(!a.fits).then(|| view! { " " <span class="pill off">{t!(i18n, intake.blocked)}</span> })}
                                <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                {a.fits.then(|| {
                                    let id = id.clone();
                                    view! { <button type="button" on:click=move |_| place(id.clone())>{t!(i18n, intake.assign, name = person.name.clone())}</button> }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}
