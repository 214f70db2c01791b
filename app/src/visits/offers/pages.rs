//! A host keeping its own offer (another time, or closing it), and the organisation's ledger
//! that admins see.

use crate::shared::ids::OfferId;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::api::{AddVisitSlot, CloseVisitOffer};
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem};
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

/// Under one of our own offers: add another time, or close it. Plain forms: one action serves
/// every own offer on the page, and the server renders its problem at each of them; once the
/// page is interactive, only the form that was sent is swapped for the server's version.
#[component]
pub fn OwnOffer(
    offer: OfferId,
    add: ServerAction<AddVisitSlot>,
    close: ServerAction<CloseVisitOffer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scope = format!("offer-{offer}");
    let problem = move |field: &'static str| field_problem(add, field);
    // Without the script a failed post comes back as a new page: keep the form open there.
    let failed = add.value().with_untracked(|v| matches!(v, Some(Err(_))));
    view! {
        <div class="own-offer" data-testid="own-offer">
            <p class="muted">{t!(i18n, visits.own_offer)}</p>
            <details data-testid="add-slot" open=failed>
                <summary>{t!(i18n, visits.add_slot)}</summary>
                <ActionForm action=add>
                    <input type="hidden" name="offer" value=offer.to_string() />
                    <div class="grid two">
                        <Field label=move || t!(i18n, visits.date) name="date" kind="date" scope=scope.clone() problem=problem("date") />
                        <Field label=move || t!(i18n, visits.time) name="time" kind="time" scope=scope.clone() problem=problem("time") />
                        <Field label=move || t!(i18n, visits.minutes) name="minutes" kind="number" value="120".to_owned() scope=scope.clone() problem=problem("minutes") />
                        <Field label=move || t!(i18n, visits.capacity) name="capacity" kind="number" value="3".to_owned() scope=scope.clone() problem=problem("capacity") />
                    </div>
                    <FormError action=add />
                    <button type="submit" class="secondary" data-testid="add-slot-now">{t!(i18n, visits.add_slot_now)}</button>
                </ActionForm>
            </details>
            <ActionForm action=close>
                <input type="hidden" name="offer" value=offer.to_string() />
                <p>
                    <button type="submit" class="secondary" data-testid="close-offer">{t!(i18n, visits.close_offer)}</button>
                    " "<span class="muted">{t!(i18n, visits.close_offer_hint)}</span>
                </p>
                <FormError action=close />
            </ActionForm>
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
