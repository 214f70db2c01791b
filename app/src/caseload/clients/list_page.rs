//! The team's clients for the leader, and placing a new client with intake advice: members
//! ranked by fit with the reasons in words, assigned with one click.

use crate::shared::ids::{DomainId, TeamId};
use leptos::prelude::*;
use leptos_router::components::A;

use leptos_router::hooks::use_query_map;

use super::api::{CreateClient, team_clients};
use super::domain_checks::DomainChecks;
use crate::auth::signed_in::SignedIn;
use crate::caseload::balance::api::intake_advice;
use crate::caseload::clients::my_page::ClientTable;
use crate::caseload::model::AvoidanceLevel;
use crate::caseload::text::{level_text, reason_text};
use crate::caseload::views::{ClientList, Domain, IntakeResult};
use crate::error::AppError;
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::ui::form::{
    Field, FormError, either_problem, field_problem, form_error_text, just_saved, problem_text,
};
use crate::ui::status::{Loaded, Loading};
use crate::ui::time::today;

#[component]
pub fn TeamClientsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <ClientsView /> } /> }
}

#[component]
fn ClientsView() -> impl IntoView {
    let i18n = use_i18n();
    let team = team_param();
    // Placing posts as a page, which comes back rendered anew: the list loads once.
    let create = ServerAction::<CreateClient>::new();
    let data = Resource::new(
        move || team.get(),
        |team| async move {
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

/// What the intake form was filled in with, from the address: asking for advice is a GET of
/// this page, so the advice is worked out on the server and the form comes back as it was.
#[derive(Clone, Debug, Default)]
struct IntakeQuery {
    asked: bool,
    code: String,
    weight: String,
    domains: Vec<DomainId>,
    avoidance: String,
    start: String,
    note: String,
}

impl IntakeQuery {
    fn read(domains: &[Domain], placed: bool) -> Self {
        let fresh = Self {
            weight: "3".to_owned(),
            start: today().format("%Y-%m-%d").to_string(),
            ..Self::default()
        };
        // A placed client clears the form for the next one.
        if placed {
            return fresh;
        }
        use_query_map().with_untracked(|q| {
            if q.get("weight").is_none() {
                return fresh;
            }
            Self {
                asked: true,
                code: q.get("code").unwrap_or_default(),
                weight: q.get("weight").unwrap_or_default(),
                // Each box is sent as `domain_<id>`, with the script or without it.
                domains: domains
                    .iter()
                    .filter(|d| q.get(&format!("domain_{}", d.id)).is_some())
                    .map(|d| d.id)
                    .collect(),
                avoidance: q.get("avoidance").unwrap_or_default(),
                start: q.get("start").unwrap_or(fresh.start),
                note: q.get("note").unwrap_or_default(),
            }
        })
    }

    fn domain_list(&self) -> String {
        self.domains
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// One form: "ask advice" sends it to this page (GET), and each "place" button posts the same
/// fields to `create_client` (`formmethod`/`formaction`), so a place button always sends what
/// is in the form now, and a refused code comes back at its field.
#[component]
fn Intake(team: TeamId, domains: Vec<Domain>, create: ServerAction<CreateClient>) -> impl IntoView {
    let i18n = use_i18n();
    let placed = just_saved(create);
    let asked = IntakeQuery::read(&domains, placed);
    let advice = Resource::new(|| (), {
        let asked = asked.clone();
        move |_| {
            let asked = asked.clone();
            async move {
                if !asked.asked {
                    return None;
                }
                let domains = asked.domain_list();
                Some(intake_advice(team, asked.weight, domains, asked.avoidance).await)
            }
        }
    });
    let domains = StoredValue::new(domains);
    view! {
        <section class="card" data-testid="intake">
            <h2>{t!(i18n, intake.title)}</h2>
            <p class="muted">{t!(i18n, intake.intro)}</p>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    let asked = asked.clone();
                    Suspend::new(async move {
                        let result = advice.await;
                        view! { <IntakeForm team domains=domains.get_value() asked result create placed /> }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn IntakeForm(
    team: TeamId,
    domains: Vec<Domain>,
    asked: IntakeQuery,
    result: Option<Result<IntakeResult, AppError>>,
    create: ServerAction<CreateClient>,
    placed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let advice_error = result.as_ref().and_then(|r| r.as_ref().err().cloned());
    let problem = {
        let advice_error = advice_error.clone();
        move |field: &'static str| {
            let asked_problem = advice_error.as_ref().and_then(|e| e.at_field(field));
            either_problem(field_problem(create, field), Signal::stored(asked_problem))
        }
    };
    let domains_problem = problem("domains");
    let place_url = <CreateClient as leptos::server_fn::ServerFn>::url();
    let domain_names = domains.clone();
    view! {
        <form method="get" class="stack" novalidate>
            <FormError action=create />
            {advice_error.as_ref().and_then(|e| form_error_text(i18n, e)).map(|text| view! {
                <p class="form-error" role="alert">{text}</p>
            })}
            {placed.then(|| view! { <p class="form-ok" role="status" data-testid="placed">{t!(i18n, intake.placed)}</p> })}
            // For the place buttons' post; asking for advice carries them along unused.
            <input type="hidden" name="team" value=team.to_string() />
            <input type="hidden" name="secondary" value="" />
            <Field label=move || t!(i18n, caseload.col_code) name="code" hint=move || t!(i18n, intake.code_hint) value=asked.code.clone() problem=problem("code") />
            <Field label=move || t!(i18n, caseload.col_weight) name="weight" kind="number" hint=move || t!(i18n, intake.weight_hint) value=asked.weight.clone() problem=problem("weight") />
            <fieldset class="field">
                <legend>{t!(i18n, caseload.col_domains)}</legend>
                <DomainChecks domains chosen=asked.domains.clone() />
                {move || domains_problem.get().map(|p| view! {
                    <p class="field-error" role="alert" data-testid="error-domains">{problem_text(i18n, p)}</p>
                })}
            </fieldset>
            <div class="field">
                <label for="field-avoidance">{t!(i18n, caseload.col_avoidance)}</label>
                <select id="field-avoidance" name="avoidance">
                    <option value="">{t!(i18n, avoidance.unknown)}</option>
                    {AvoidanceLevel::ALL.into_iter().map(|l| {
                        let value = l.number().to_string();
                        let selected = value == asked.avoidance;
                        view! { <option value=value selected=selected>{move || level_text(i18n, l)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Field label=move || t!(i18n, caseload.col_start) name="start" kind="date" value=asked.start.clone() problem=problem("start") />
            <Field label=move || t!(i18n, clients.note) name="note" hint=move || t!(i18n, clients.note_hint) value=asked.note.clone() problem=problem("note") />
            <div class="row">
                <button type="submit" data-testid="ask-advice">{t!(i18n, intake.ask)}</button>
                <button type="submit" class="secondary" formmethod="post" formaction=place_url name="primary" value="">{t!(i18n, intake.unassigned)}</button>
            </div>
            {result.and_then(|r| r.ok()).map(|result| view! {
                <ol class="advice" data-testid="advice">
                    {result.advice.into_iter().map(|(person, a)| {
                        let reasons: Vec<String> = a.reasons.iter().map(|r| reason_text(i18n, r, &domain_names, &[])).collect();
                        view! {
                            <li class="card" data-fits=a.fits.to_string() data-testid=format!("advice-{}", person.name)>
                                <strong>{person.name.clone()}</strong>
                                {(!a.fits).then(|| view! { " " <span class="pill off">{t!(i18n, intake.blocked)}</span> })}
                                <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                {a.fits.then(|| view! {
                                    <button type="submit" formmethod="post" formaction=place_url name="primary" value=person.id.to_string()>
                                        {t!(i18n, intake.assign, name = person.name.clone())}
                                    </button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
        </form>
    }
}
