//! Help with one of one's own stuck moments (`/help/signals/:id`): ask a colleague from the
//! team or the organisation's facilitator pool to look along, and see whom one asked.

use leptos::prelude::*;

use super::api::{AskColleague, BringToIntervision, help_for_signal};
use super::model::QUESTION_MAX;
use super::text::status_text;
use super::views::SignalHelp;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::shared::route::id_param;
use crate::signals::text::{kinds_text, visibility_text};
use crate::ui::form::{Field, FormError, field_problem, just_saved, problem_text};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

#[component]
pub fn SignalHelpPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <SignalHelpView /> } /> }
}

#[component]
fn SignalHelpView() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let ask = ServerAction::<AskColleague>::new();
    let bring = ServerAction::<BringToIntervision>::new();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => help_for_signal(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <p><a href="/signals">{t!(i18n, help.back_to_signals)}</a></p>
        <Loaded data=data error_heading=move || view! { <h1>{t!(i18n, help.signal_title)}</h1> } let:data>
            <SignalHelpBody data ask bring />
        </Loaded>
    }
}

#[component]
fn SignalHelpBody(
    data: SignalHelp,
    ask: ServerAction<AskColleague>,
    bring: ServerAction<BringToIntervision>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = data.kinds.clone();
    let visibility = data.visibility;
    let helper_problem = field_problem(ask, "helper");
    view! {
        <h1>{t!(i18n, help.signal_title)}</h1>
        <div class="grid two">
            <section class="card">
                <dl class="facts">
                    <dt>{t!(i18n, signals.col_date)}</dt><dd>{local_date_time(data.at)}</dd>
                    <dt>{t!(i18n, signals.col_client)}</dt><dd>{data.client_code.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>{t!(i18n, signals.col_intensity)}</dt><dd>{data.intensity}</dd>
                    <dt>{t!(i18n, signals.col_kinds)}</dt><dd>{move || kinds_text(i18n, &kinds)}</dd>
                    <dt>{t!(i18n, signals.col_visibility)}</dt><dd>{move || visibility_text(i18n, visibility)}</dd>
                </dl>
                <p class="muted">{t!(i18n, help.note_stays)}</p>
            </section>
            <section class="card">
                <h2>{t!(i18n, help.ask_title)}</h2>
                <p class="muted">{t!(i18n, help.ask_intro)}</p>
                {just_saved(ask).then(|| view! { <p class="form-ok" role="status" data-testid="help-asked">{t!(i18n, help.asked)}</p> })}
                <ActionForm action=ask attr:class="stack" attr:data-testid="ask-form">
                    <FormError action=ask />
                    <input type="hidden" name="signal" value=data.signal.to_string() />
                    <div class="field" data-invalid=move || helper_problem.get().is_some().to_string()>
                        <label for="field-helper">{t!(i18n, help.helper)}</label>
                        <select id="field-helper" name="helper" aria-invalid=move || helper_problem.get().is_some().to_string()
                            aria-describedby="field-helper-error">
                            <option value="">{t!(i18n, help.pick_colleague)}</option>
                            {data.colleagues.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                        {move || helper_problem.get().map(|p| view! {
                            <p class="field-error" id="field-helper-error" role="alert" data-testid="error-helper">{problem_text(i18n, p)}</p>
                        })}
                    </div>
                    <Field label=move || t!(i18n, help.question) name="question"
                        hint=move || t_string!(i18n, help.question_hint, max = QUESTION_MAX).to_string()
                        problem=field_problem(ask, "question") />
                    <button type="submit" data-testid="ask-submit">{t!(i18n, help.ask_submit)}</button>
                </ActionForm>
            </section>
        </div>
        <BringIn signal=data.signal brought_in=data.brought_in bring />
        <section class="card wide" data-testid="signal-requests">
            <h2>{t!(i18n, help.asked_so_far)}</h2>
            {if data.requests.is_empty() {
                view! { <p class="muted">{t!(i18n, help.none_yet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="help-items">
                        {data.requests.into_iter().map(|item| {
                            let status = {
                                let item = item.clone();
                                move || status_text(i18n, &item)
                            };
                            view! {
                                <li data-testid="signal-request">
                                    <a href=format!("/help#help-{}", item.id)>{item.other.clone()}</a>
                                    " "<span class="badge">{status}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p><a href="/help">{t!(i18n, help.to_overview)}</a></p>
        </section>
    }
}

/// "Breng in bij intervisie": on the team's list of sessions to plan, with oneself presenting.
#[component]
fn BringIn(
    signal: crate::signals::model::SignalId,
    brought_in: bool,
    bring: ServerAction<BringToIntervision>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = field_problem(bring, "signal");
    view! {
        <section class="card wide" data-testid="bring-in">
            <h2>{t!(i18n, help.bring_title)}</h2>
            {if brought_in {
                view! { <p class="form-ok" role="status" data-testid="brought-in">{t!(i18n, help.brought_in)}</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{t!(i18n, help.bring_intro)}</p>
                    <ActionForm action=bring attr:class="inline">
                        <FormError action=bring />
                        <input type="hidden" name="signal" value=signal.to_string() />
                        <button type="submit" class="secondary" data-testid="bring-submit">{t!(i18n, help.bring_submit)}</button>
                        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
