//! One client: code, weight, domains, who works with them (and who did), and care avoidance
//! as a history of dated observations from several perspectives, never a fixed label.

use crate::shared::route::id_param;
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{AddObservation, AssignClient, CloseClient, UpdateClient, client_detail};
use super::domain_checks::DomainChecks;
use crate::auth::signed_in::SignedIn;
use crate::caseload::model::{AvoidanceLevel, Perspective};
use crate::caseload::text::{level_text, maybe_level_text, perspective_text};
use crate::caseload::views::{ClientFile, ClientStatus};
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loaded;
use crate::ui::time::{dutch_date, today};

#[component]
pub fn ClientPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <ClientView /> } /> }
}

#[component]
fn ClientView() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    // Every form here posts as a page, which comes back rendered anew: the file loads once.
    let observe = ServerAction::<AddObservation>::new();
    let update = ServerAction::<UpdateClient>::new();
    let assign = ServerAction::<AssignClient>::new();
    let close = ServerAction::<CloseClient>::new();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => client_detail(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Loaded data=data error_heading=move || view! { <h1>{t!(i18n, client.title)}</h1> } let:data>
            <Client data observe update assign close />
        </Loaded>
    }
}

#[component]
fn Client(
    data: ClientFile,
    observe: ServerAction<AddObservation>,
    update: ServerAction<UpdateClient>,
    assign: ServerAction<AssignClient>,
    close: ServerAction<CloseClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = data.client.clone();
    let id = c.id;
    let active = c.status == ClientStatus::Active;
    view! {
        <p><A href="/caseload">{t!(i18n, client.back)}</A></p>
        <h1 data-testid="client-code">{c.code.clone()}</h1>
        <div class="grid">
            <section class="card">
                <dl class="facts">
                    <dt>{t!(i18n, caseload.col_weight)}</dt><dd>{c.weight}</dd>
                    <dt>{t!(i18n, caseload.col_domains)}</dt><dd>{c.domains.join(", ")}</dd>
                    <dt>{t!(i18n, caseload.col_primary)}</dt><dd data-testid="primary">{c.primary.clone().map(|p| p.name).unwrap_or_default()}</dd>
                    <dt>{t!(i18n, caseload.col_secondary)}</dt><dd>{c.secondary.clone().map(|p| p.name).unwrap_or_default()}</dd>
                    <dt>{t!(i18n, caseload.col_start)}</dt><dd>{dutch_date(c.start)}</dd>
                    <dt>{t!(i18n, client.status)}</dt><dd>{if active { t_string!(i18n, client.active) } else { t_string!(i18n, client.closed) }}</dd>
                </dl>
                {(!data.note.is_empty()).then(|| view! { <p class="note">{data.note.clone()}</p> })}
            </section>
            <section class="card" data-testid="current-avoidance">
                <h2>{t!(i18n, client.avoidance_now)}</h2>
                <p class="big">{move || maybe_level_text(i18n, c.avoidance)}</p>
                <p class="muted">{t!(i18n, client.avoidance_derived)}</p>
            </section>
        </div>
        <h2>{t!(i18n, client.observations)}</h2>
        <div class="card scroll-x">
            <table data-testid="observations">
                <thead><tr>
                    <th>{t!(i18n, client.date)}</th><th>{t!(i18n, client.level)}</th><th>{t!(i18n, client.perspective)}</th><th>{t!(i18n, client.note)}</th><th>{t!(i18n, client.by)}</th>
                </tr></thead>
                <tbody>
                    {data.observations.iter().map(|o| {
                        let (level, perspective) = (o.level, o.perspective);
                        view! {
                            <tr>
                                <td data-label=move || t_string!(i18n, client.date)>{dutch_date(o.observed_on)}</td>
                                <td data-label=move || t_string!(i18n, client.level)>{move || level_text(i18n, level)}</td>
                                <td data-label=move || t_string!(i18n, client.perspective)>{move || perspective_text(i18n, perspective)}</td>
                                <td data-label=move || t_string!(i18n, client.note)>{o.note.clone()}</td>
                                <td data-label=move || t_string!(i18n, client.by)>{o.recorded_by.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {active.then(|| view! {
            <section class="card">
                <h3>{t!(i18n, client.new_observation)}</h3>
                <ActionForm action=observe attr:class="stack" attr:novalidate="novalidate" attr:data-testid="new-observation">
                    <FormError action=observe />
                    {just_saved(observe).then(|| view! { <p class="form-ok" role="status" data-testid="observation-saved">{t!(i18n, client.observation_saved)}</p> })}
                    <input type="hidden" name="client" value=id.to_string() />
                    <Field label=move || t!(i18n, client.date) name="observed_on" kind="date" value=today().format("%Y-%m-%d").to_string() problem=field_problem(observe, "observed_on") />
                    <div class="field">
                        <label for="field-level">{t!(i18n, client.level)}</label>
                        <select id="field-level" name="level">
                            {AvoidanceLevel::ALL.into_iter().map(|l| view! { <option value=l.number().to_string()>{move || level_text(i18n, l)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="field-perspective">{t!(i18n, client.perspective)}</label>
                        <select id="field-perspective" name="perspective">
                            {Perspective::ALL.into_iter().map(|p| view! { <option value=p.as_str()>{move || perspective_text(i18n, p)}</option> }).collect_view()}
                        </select>
                    </div>
                    <Field label=move || t!(i18n, client.note) name="note" hint=move || t!(i18n, clients.note_hint) problem=field_problem(observe, "note") />
                    <button type="submit">{t!(i18n, client.save_observation)}</button>
                </ActionForm>
            </section>
        })}
        <h2>{t!(i18n, client.history)}</h2>
        <div class="card scroll-x">
            <table data-testid="history">
                <thead><tr><th>{t!(i18n, balance.col_member)}</th><th>{t!(i18n, client.role)}</th><th>{t!(i18n, client.from)}</th><th>{t!(i18n, client.to)}</th></tr></thead>
                <tbody>
                    {data.history.iter().map(|a| view! {
                        <tr>
                            <td>{a.person.name.clone()}</td>
                            <td data-label=move || t_string!(i18n, client.role)>{match a.role { crate::caseload::model::AssignmentRole::Primary => t_string!(i18n, caseload.col_primary), crate::caseload::model::AssignmentRole::Secondary => t_string!(i18n, caseload.col_secondary) }}</td>
                            <td data-label=move || t_string!(i18n, client.from)>{dutch_date(a.from)}</td>
                            <td data-label=move || t_string!(i18n, client.to)>{a.to.map(dutch_date).unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(data.leads && active).then(|| view! { <LeaderTools data=data.clone() update assign close /> })}
        {(data.leads && !active).then(|| view! {
            <p><A href=format!("/clients/{id}/erase") attr:data-testid="erase-client-link">{t!(i18n, erasure.erase_client_link)}</A></p>
        })}
    }
}

#[component]
fn LeaderTools(
    data: ClientFile,
    update: ServerAction<UpdateClient>,
    assign: ServerAction<AssignClient>,
    close: ServerAction<CloseClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = data.client.id;
    let primary = data.client.primary.as_ref().map(|p| p.id);
    let secondary = data.client.secondary.as_ref().map(|p| p.id);
    let members = data.members.clone();
    view! {
        <section class="card">
            <h2>{t!(i18n, client.edit)}</h2>
            <ActionForm action=update attr:class="stack" attr:novalidate="novalidate" attr:data-testid="edit-client">
                <FormError action=update />
                {just_saved(update).then(|| view! { <p class="form-ok" role="status" data-testid="client-saved">{t!(i18n, balance.saved)}</p> })}
                <input type="hidden" name="client" value=id.to_string() />
                <Field label=move || t!(i18n, caseload.col_weight) name="weight" kind="number" value=data.client.weight.to_string() problem=field_problem(update, "weight") />
                <fieldset class="field">
                    <legend>{t!(i18n, caseload.col_domains)}</legend>
                    <DomainChecks domains=data.domains.clone() chosen=data.domain_ids.clone() />
                </fieldset>
                <Field label=move || t!(i18n, clients.note) name="note" value=data.note.clone() hint=move || t!(i18n, clients.note_hint) problem=field_problem(update, "note") />
                <button type="submit">{t!(i18n, balance.save)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, client.assign)}</h2>
            <ActionForm action=assign attr:class="stack" attr:novalidate="novalidate" attr:data-testid="assign-client">
                <FormError action=assign />
                {just_saved(assign).then(|| view! { <p class="form-ok" role="status" data-testid="assign-saved">{t!(i18n, balance.saved)}</p> })}
                <input type="hidden" name="client" value=id.to_string() />
                {[("primary", primary), ("secondary", secondary)].into_iter().map(|(name, current)| {
                    let members = members.clone();
                    view! {
                        <div class="field">
                            <label for=format!("field-{name}")>{if name == "primary" { t_string!(i18n, caseload.col_primary) } else { t_string!(i18n, caseload.col_secondary) }}</label>
                            <select id=format!("field-{name}") name=name>
                                <option value="">{t!(i18n, client.nobody)}</option>
                                {members.into_iter().map(|m| view! { <option value=m.id.to_string() selected=current == Some(m.id)>{m.name}</option> }).collect_view()}
                            </select>
                            {move || field_problem(assign, name).get().map(|p| view! { <p class="field-error" role="alert">{crate::ui::form::problem_text(i18n, p)}</p> })}
                        </div>
                    }
                }).collect_view()}
                <button type="submit">{t!(i18n, balance.save)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, client.close)}</h2>
            <p class="muted">{t!(i18n, client.close_hint)}</p>
            <ActionForm action=close attr:data-testid="close-client">
                <FormError action=close />
                <input type="hidden" name="client" value=id.to_string() />
                <button type="submit" class="secondary">{t!(i18n, client.close)}</button>
            </ActionForm>
        </section>
    }
}
