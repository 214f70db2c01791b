//! A host keeping its own offer (another time, or closing it), and the organisation's ledger
//! that admins see.

use crate::shared::ids::OfferId;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::api::{AddVisitSlot, CloseVisitOffer};
use crate::error::FieldProblem;
use crate::i18n::*;
use crate::ui::form::{Field, FormError};
use crate::visits::model::{Reciprocity, reciprocity};
use crate::visits::views::TeamLedger;

pub fn reciprocity_text(i18n: I18nContext<Locale>, r: Reciprocity) -> &'static str {
    match r {
        Reciprocity::Quiet => t_string!(i18n, visits.r_quiet),
        Reciprocity::OnlyVisits => t_string!(i18n, visits.r_only_visits),
        Reciprocity::OnlyHosts => t_string!(i18n, visits.r_only_hosts),
        Reciprocity::Behind => t_string!(i18n, visits.r_behind),
        Reciprocity::OnTarget => t_string!(i18n, visits.r_on_target),
    }
}

/// Under one of our own offers: add another time, or close it. One action serves every own
/// offer on the page, so a problem shows only at the offer it was sent from.
#[component]
pub fn OwnOffer(
    offer: OfferId,
    add: ServerAction<AddVisitSlot>,
    close: ServerAction<CloseVisitOffer>,
    adding_to: RwSignal<Option<OfferId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scope = format!("offer-{offer}");
    let problem = move |field: &'static str| {
        Signal::derive(move || -> Option<FieldProblem> {
            if adding_to.get() != Some(offer) {
                return None;
            }
            add.value()
                .get()
                .and_then(|r| r.err())
                .and_then(|e| e.at_field(field))
        })
    };
    view! {
        <div class="own-offer" data-testid="own-offer">
            <p class="muted">{t!(i18n, visits.own_offer)}</p>
            <details data-testid="add-slot">
                <summary>{t!(i18n, visits.add_slot)}</summary>
                <ActionForm action=add on:submit=move |_| adding_to.set(Some(offer))>
                    <input type="hidden" name="offer" value=offer.to_string() />
                    <div class="grid two">
                        <Field label=move || t!(i18n, visits.date) name="date" kind="date" scope=scope.clone() problem=problem("date") />
                        <Field label=move || t!(i18n, visits.time) name="time" kind="time" scope=scope.clone() problem=problem("time") />
                        <Field label=move || t!(i18n, visits.minutes) name="minutes" kind="number" value="120".to_owned() scope=scope.clone() problem=problem("minutes") />
                        <Field label=move || t!(i18n, visits.capacity) name="capacity" kind="number" value="3".to_owned() scope=scope.clone() problem=problem("capacity") />
                    </div>
                    {move || (adding_to.get() == Some(offer)).then(|| view! { <FormError action=add /> })}
                    <button type="submit" class="secondary" data-testid="add-slot-now">{t!(i18n, visits.add_slot_now)}</button>
                </ActionForm>
            </details>
            <p>
                <button type="button" class="secondary" data-testid="close-offer"
                    on:click=move |_| { close.dispatch(CloseVisitOffer { offer }); }>
                    {t!(i18n, visits.close_offer)}
                </button>
                " "<span class="muted">{t!(i18n, visits.close_offer_hint)}</span>
            </p>
        </div>
    }
}

/// Every team's ledger, for the organisation's admins.
#[component]
pub fn OrganisationLedger(teams: Vec<TeamLedger>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="organisation-ledger">
            <h2>{t!(i18n, visits.org_ledger)}</h2>
            <p class="muted">{t!(i18n, visits.org_ledger_intro)}</p>
            <table>
                <thead><tr>
                    <th>{t!(i18n, visits.col_team)}</th>
                    <th>{t!(i18n, visits.col_hosted)}</th>
                    <th>{t!(i18n, visits.col_visited)}</th>
                    <th>{t!(i18n, visits.col_target)}</th>
                    <th>{t!(i18n, visits.col_balance)}</th>
                </tr></thead>
                <tbody>
                    {teams.into_iter().map(|t| {
                        let nudge = reciprocity(t.ledger, t.target);
                        view! {
                            <tr data-testid="organisation-ledger-row" data-team=t.team.to_string()
                                data-hosted=t.ledger.hosted.to_string() data-visited=t.ledger.visited.to_string()>
                                <td>{t.name}</td>
                                <td data-label=move || t_string!(i18n, visits.col_hosted)>{t.ledger.hosted}</td>
                                <td data-label=move || t_string!(i18n, visits.col_visited)>{t.ledger.visited}</td>
                                <td data-label=move || t_string!(i18n, visits.col_target)>{format!("{} / {}", t.target.host, t.target.visit)}</td>
                                <td data-label=move || t_string!(i18n, visits.col_balance)>{move || reciprocity_text(i18n, nudge)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
