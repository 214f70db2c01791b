//! Booking places on a neighbour's slot. An island: who can come along depends on the team
//! chosen in the same form, and the visitors are sent as one list, which a plain form post
//! cannot put together. It opens in place, so the reader's choices stay where they are.

use leptos::prelude::*;

use super::api::BookVisit;
use super::views::VisitingTeam;
use crate::i18n::*;
use crate::shared::ids::{SlotId, TeamId, UserId};
use crate::ui::form::{FormError, problem_text};
use crate::ui::island::{awake, island_i18n, preload_lazy_island};

/// The reminder that no client data is shared on a visit; on the page and in the form.
#[component]
pub fn Secrecy() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice" role="note" data-testid="secrecy">{t!(i18n, visits.secrecy)}</p> }
}

/// The "book" button of one slot and, once pressed, its form. `teams` are the reader's teams
/// other than the host, worked out on the server. A booking made loads the page again, so it
/// shows among the bookings.
#[island(lazy)]
pub fn BookSlot(slot_id: SlotId, teams: Vec<VisitingTeam>) -> impl IntoView {
    preload_lazy_island("book_slot");
    let i18n = island_i18n();
    let open = RwSignal::new(false);
    let ready = awake();
    let teams = StoredValue::new(teams);
    view! {
        <button type="button" class="secondary" data-testid="open-booking" disabled=move || !ready.get()
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>
            {t!(i18n, visits.book)}
        </button>
        {move || open.get().then(|| view! { <BookingForm slot_id teams /> })}
    }
}

#[component]
fn BookingForm(slot_id: SlotId, teams: StoredValue<Vec<VisitingTeam>>) -> impl IntoView {
    let i18n = use_i18n();
    let book = ServerAction::<BookVisit>::new();
    let team = RwSignal::new(teams.with_value(|t| t.first().map(|t| t.team).unwrap_or_default()));
    let chosen = RwSignal::new(Vec::<UserId>::new());
    let question = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = book.value().get() {
            let _ = window().location().reload();
        }
    });
    let problem = move |field: &'static str| {
        move || {
            match book.value().get() {
            Some(Err(err)) => err.at_field(field).map(|p| view! {
                <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p>
            }),
            _ => None,
        }
        }
    };
    // Ids carry the slot: two slots' forms may be open at once.
    let team_id = format!("booking-team-{slot_id}");
    let question_id = format!("booking-question-{slot_id}");
    let people = move |of: TeamId| {
        teams.with_value(|ts| {
            ts.iter()
                .find(|t| t.team == of)
                .map(|t| t.people.clone())
                .unwrap_or_default()
        })
    };
    let send = move |_| {
        book.dispatch(BookVisit {
            slot: slot_id,
            team: team.get_untracked(),
            visitors: chosen
                .get_untracked()
                .iter()
                .map(UserId::to_string)
                .collect::<Vec<_>>()
                .join(","),
            question: question.get_untracked(),
        });
    };
    view! {
        <div class="booking-form" data-testid="booking-form">
            <Secrecy />
            <div class="field">
                <label for=team_id.clone()>{t!(i18n, visits.our_team)}</label>
                <select id=team_id on:change=move |ev| {
                    team.set(event_target_value(&ev).parse().unwrap_or_default());
                    chosen.set(Vec::new());
                }>
                    {teams.with_value(|ts| ts.iter().map(|t| view! {
                        <option value=t.team.to_string()>{t.name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <fieldset>
                <legend>{t!(i18n, visits.who_comes)}</legend>
                {move || people(team.get()).into_iter().map(|p| {
                    let id = p.id;
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                on:change=move |_| chosen.update(|c| if c.contains(&id) { c.retain(|x| *x != id) } else { c.push(id) }) />
                            " "{p.name}
                        </label>
                    }
                }).collect_view()}
                {problem("visitors")}
            </fieldset>
            <div class="field">
                <label for=question_id.clone()>{t!(i18n, visits.kijkvraag)}</label>
                <p class="hint">{t!(i18n, visits.prompt_1)}<br />{t!(i18n, visits.prompt_2)}</p>
                <textarea id=question_id rows="3" maxlength="1000" data-testid="kijkvraag" bind:value=question></textarea>
                {problem("question")}
            </div>
            {problem("slot")}
            <FormError action=book />
            <button type="button" data-testid="book-visit" disabled=move || book.pending().get() on:click=send>
                {t!(i18n, visits.book_now)}
            </button>
        </div>
    }
}
