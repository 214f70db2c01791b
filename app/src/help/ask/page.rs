//! "Meekijken" (`/help`): what colleagues asked of me, what I asked or was offered, a time to
//! meet once the answer is yes, and the moments colleagues shared that I could look along at.
//! Only the two people of a request ever see it.

use chrono_tz::Europe::Amsterdam;
use leptos::prelude::*;

use super::api::{AnswerHelp, OfferToLookAlong, PickHelpTime, WithdrawHelp, my_help};
use super::model::{HelpRequestId, HelpStatus, Initiative};
use super::text::{status_text, who_line};
use super::views::{HelpItem, HelpOverview, OfferableSignal};
use crate::auth::signed_in::SignedIn;
use crate::error::FieldProblem;
use crate::i18n::*;
use crate::shared::language::in_language;
use crate::signals::text::kinds_text;
use crate::ui::form::{Field, FormError, field_problem, problem_text};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

/// The page's forms, one action each, shared by every request on it.
#[derive(Clone, Copy)]
struct Actions {
    answer: ServerAction<AnswerHelp>,
    withdraw: ServerAction<WithdrawHelp>,
    pick: ServerAction<PickHelpTime>,
    offer: ServerAction<OfferToLookAlong>,
}

#[component]
pub fn HelpPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <HelpView /> } /> }
}

#[component]
fn HelpView() -> impl IntoView {
    let i18n = use_i18n();
    let actions = Actions {
        answer: ServerAction::new(),
        withdraw: ServerAction::new(),
        pick: ServerAction::new(),
        offer: ServerAction::new(),
    };
    let data = Resource::new(|| (), |_| my_help());
    view! {
        <h1>{t!(i18n, help.title)}</h1>
        <p class="muted">{t!(i18n, help.intro)}</p>
        <Loaded data=data let:data>
            <Overview data actions />
        </Loaded>
    }
}

#[component]
fn Overview(data: HelpOverview, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let agreed = data
        .as_helper
        .iter()
        .chain(&data.as_author)
        .any(|i| i.status == HelpStatus::Accepted);
    view! {
        <div class="grid two">
            <section class="card" data-testid="as-helper">
                <h2>{t!(i18n, help.as_helper_title)}</h2>
                <Items items=data.as_helper empty=move || t!(i18n, help.as_helper_empty) actions />
            </section>
            <section class="card" data-testid="as-author">
                <h2>{t!(i18n, help.as_author_title)}</h2>
                <Items items=data.as_author empty=move || t!(i18n, help.as_author_empty) actions />
            </section>
        </div>
        {agreed.then(|| view! { <CheckInSteps /> })}
        <section class="card wide" id="offer" data-testid="offerable">
            <h2>{t!(i18n, help.offer_title)}</h2>
            <p class="muted">{t!(i18n, help.offer_intro)}</p>
            <Offerable signals=data.offerable offer=actions.offer />
        </section>
    }
}

#[component]
fn Items(items: Vec<HelpItem>, #[prop(into)] empty: ViewFn, actions: Actions) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{empty.run()}</p> }.into_any();
    }
    view! {
        <ul class="help-items">
            {items.into_iter().map(|item| view! { <li><Item item actions /></li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Whether the latest post of a row's form was about `id` (or came back from a plain post,
/// which names no request): so a problem shows at the row it belongs to.
fn about(input: Option<HelpRequestId>, id: HelpRequestId) -> bool {
    input.is_none_or(|posted| posted == id)
}

#[component]
fn Item(item: HelpItem, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let who = {
        let item = item.clone();
        move || who_line(i18n, &item)
    };
    let status = {
        let item = item.clone();
        move || status_text(i18n, &item)
    };
    view! {
        <article class="help-item" id=format!("help-{id}") data-testid="help-item" data-status=item.status.as_str()>
            <p><strong>{who}</strong>" "<span class="badge" data-testid="help-status">{status}</span></p>
            {(!item.question.is_empty()).then(|| view! { <blockquote class="question">{item.question.clone()}</blockquote> })}
            <p class="muted">{local_date_time(item.created_at)}</p>
            {item.may_answer().then(|| view! { <AnswerForms id initiative=item.initiative answer=actions.answer /> })}
            {item.may_pick_time().then(|| view! { <TimePicker item=item.clone() pick=actions.pick /> })}
            {item.may_withdraw().then(|| view! { <WithdrawForm id agreed=item.status == HelpStatus::Accepted withdraw=actions.withdraw /> })}
        </article>
    }
}

#[component]
fn AnswerForms(
    id: HelpRequestId,
    initiative: Initiative,
    answer: ServerAction<AnswerHelp>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = field_problem(answer, "answer");
    let mine = move || about(answer.input().get().map(|a| a.request), id);
    view! {
        <div class="actions">
            <ActionForm action=answer attr:class="inline">
                <input type="hidden" name="request" value=id.to_string() />
                <input type="hidden" name="answer" value="yes" />
                <button type="submit" data-testid="help-yes">
                    {match initiative {
                        Initiative::Asked => t!(i18n, help.yes_asked).into_any(),
                        Initiative::Offered => t!(i18n, help.yes_offered).into_any(),
                    }}
                </button>
            </ActionForm>
            <ActionForm action=answer attr:class="inline">
                <input type="hidden" name="request" value=id.to_string() />
                <input type="hidden" name="answer" value="no" />
                <button type="submit" class="secondary" data-testid="help-no">{t!(i18n, help.no)}</button>
            </ActionForm>
        </div>
        <p class="hint">{t!(i18n, help.no_hint)}</p>
        {move || problem.get().filter(|_| mine()).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
        <FormError action=answer />
    }
}

#[component]
fn WithdrawForm(
    id: HelpRequestId,
    agreed: bool,
    withdraw: ServerAction<WithdrawHelp>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = field_problem(withdraw, "request");
    let mine = move || about(withdraw.input().get().map(|w| w.request), id);
    view! {
        <ActionForm action=withdraw attr:class="inline">
            <input type="hidden" name="request" value=id.to_string() />
            <button type="submit" class="link" data-testid="help-withdraw">
                {if agreed { t!(i18n, help.call_off).into_any() } else { t!(i18n, help.withdraw).into_any() }}
            </button>
            {move || problem.get().filter(|_| mine()).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
        </ActionForm>
    }
}

/// The agreed time, the times both are free, and a time of one's own choosing.
#[component]
fn TimePicker(item: HelpItem, pick: ServerAction<PickHelpTime>) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let mine = move || about(pick.input().get().map(|p| p.request), id);
    let at_field = move |field: &'static str| {
        let problem = field_problem(pick, field);
        Signal::derive(move || problem.get().filter(|_| mine()))
    };
    let (date_problem, time_problem) = (at_field("date"), at_field("time"));
    let minutes = item.minutes;
    view! {
        <div class="time-pick" data-testid="time-pick">
            {item.starts_at.map(|at| view! {
                <p data-testid="help-time">{move || t_string!(i18n, help.agreed_at, at = local_date_time(at), minutes = minutes).to_string()}</p>
            })}
            {if item.free_times.is_empty() {
                view! { <p class="muted">{t!(i18n, help.no_free_times)}" "<a href="/availability">{t!(i18n, help.to_availability)}</a></p> }.into_any()
            } else {
                view! {
                    <p>{t!(i18n, help.free_times)}</p>
                    <ul class="chips" data-testid="free-times">
                        {item.free_times.clone().into_iter().map(|at| {
                            let local = at.with_timezone(&Amsterdam);
                            view! {
                                <li>
                                    <ActionForm action=pick attr:class="inline">
                                        <input type="hidden" name="request" value=id.to_string() />
                                        <input type="hidden" name="date" value=local.format("%Y-%m-%d").to_string() />
                                        <input type="hidden" name="time" value=local.format("%H:%M").to_string() />
                                        <button type="submit" class="secondary" data-testid="free-time">{local_date_time(at)}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <details open=move || date_problem.get().is_some() || time_problem.get().is_some()>
                <summary>{t!(i18n, help.own_time)}</summary>
                <ActionForm action=pick attr:class="stack">
                    <input type="hidden" name="request" value=id.to_string() />
                    <Field label=move || t!(i18n, help.date) name="date" kind="date" scope=format!("help-{id}") problem=date_problem />
                    <Field label=move || t!(i18n, help.time) name="time" kind="time" scope=format!("help-{id}") problem=time_problem />
                    <button type="submit">{t!(i18n, help.save_time)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

/// The Korte intervisie steps, for the two to follow when they meet.
#[component]
fn CheckInSteps() -> impl IntoView {
    let i18n = use_i18n();
    let method = crate::sessions::methods::library::SEED
        .iter()
        .find(|m| m.key == "check_in");
    method.map(|m| {
        let total: u32 = m.steps.iter().map(|s| s.4).sum();
        view! {
            <section class="card wide" data-testid="check-in-steps">
                <h2>{move || in_language(i18n, m.name_nl, m.name_en).to_owned()}</h2>
                <p class="muted">{move || t_string!(i18n, help.steps_intro, minutes = total).to_string()}</p>
                <ol>
                    {m.steps.iter().map(|(nl, en, purpose_nl, purpose_en, minutes)| view! {
                        <li>
                            <strong>{move || in_language(i18n, nl, en).to_owned()}</strong>
                            " ("{*minutes}" min) "
                            {move || in_language(i18n, purpose_nl, purpose_en).to_owned()}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

#[component]
fn Offerable(
    signals: Vec<OfferableSignal>,
    offer: ServerAction<OfferToLookAlong>,
) -> impl IntoView {
    let i18n = use_i18n();
    if signals.is_empty() {
        return view! { <p class="muted" data-testid="offerable-empty">{t!(i18n, help.offer_empty)}</p> }.into_any();
    }
    let problem = field_problem(offer, "signal");
    view! {
        <FormError action=offer />
        <ul class="help-items">
            {signals.into_iter().map(|s| {
                let kinds = s.kinds.clone();
                let id = s.signal;
                let mine = move || offer.input().get().is_none_or(|o| o.signal == id);
                view! {
                    <li id=format!("offer-{id}") data-testid="offerable-signal">
                        <p>
                            <strong>{s.author.clone()}</strong>" · "{local_date_time(s.at)}" · "
                            {move || t_string!(i18n, help.intensity, value = s.intensity).to_string()}
                            {(!kinds.is_empty()).then(|| view! { " · "{move || kinds_text(i18n, &kinds)} })}
                        </p>
                        {if s.offered {
                            view! { <p class="muted" data-testid="offered">{t!(i18n, help.offered)}</p> }.into_any()
                        } else {
                            view! {
                                <ActionForm action=offer attr:class="inline">
                                    <input type="hidden" name="signal" value=id.to_string() />
                                    <button type="submit" class="secondary" data-testid="offer-help">{t!(i18n, help.offer)}</button>
                                </ActionForm>
                                {move || problem.get().filter(|_| mine()).map(|p: FieldProblem| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                            }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
