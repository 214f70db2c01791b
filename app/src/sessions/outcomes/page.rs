//! The follow-up part of a session page, once it has begun: insights and a follow-up date,
//! agreed actions, the anonymous evaluation, and whether it helped. Rendered on the server;
//! every change is a plain form post that loads the session page again.

use crate::shared::ids::{SessionId, SignalId};
use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::i18n::*;
use crate::sessions::outcomes::api::{
    AddAction, EvaluateSession, FinishSession, ResolveLinkedSignal, SaveOutcome, TickAction,
};
use crate::sessions::outcomes::effect::SessionEffect;
use crate::sessions::outcomes::model::{ActionItem, EvaluationSummary, tenths_text};
use crate::sessions::views::{OutcomeRecord, SessionRecord};
use crate::ui::form::{Field, FormError, field_problem, problem_text};

#[component]
pub fn Outcomes(s: SessionRecord, outcome: OutcomeRecord) -> impl IntoView {
    let i18n = use_i18n();
    let id = s.id;
    let done = s.status == crate::sessions::model::SessionStatus::Done;
    let finish = ServerAction::<FinishSession>::new();
    view! {
        <section class="card" data-testid="outcomes">
            <h2>{t!(i18n, outcome.title)}</h2>
            <Insights id may_plan=s.may_plan insights=outcome.insights.clone() follow_up_on=outcome.follow_up_on />
            <Actions s=s.clone() actions=outcome.actions.clone() />
            {(s.may_plan && !done).then(|| view! {
                <ActionForm action=finish>
                    <input type="hidden" name="session" value=id.to_string() />
                    <div class="actions">
                        <button type="submit" data-testid="finish-session">{t!(i18n, outcome.finish)}</button>
                        <span class="hint">{t!(i18n, outcome.finish_hint)}</span>
                    </div>
                    <FormError action=finish />
                </ActionForm>
            })}
        </section>
        <EvaluationCard id may_evaluate=outcome.may_evaluate invited=s.my_answer.is_some() summary=outcome.evaluations.clone() />
        // What was learned and how it was valued come first; the counts are context after them.
        {outcome.effect.map(|e| view! { <section class="card"><EffectLine e /></section> })}
    }
}

#[component]
fn Insights(
    id: SessionId,
    may_plan: bool,
    insights: String,
    follow_up_on: Option<chrono::NaiveDate>,
) -> impl IntoView {
    let i18n = use_i18n();
    if !may_plan {
        return view! {
            <h3>{t!(i18n, outcome.insights)}</h3>
            {if insights.is_empty() {
                view! { <p class="muted">{t!(i18n, outcome.no_insights)}</p> }.into_any()
            } else {
                view! { <p class="prewrap" data-testid="insights">{insights}</p> }.into_any()
            }}
            {follow_up_on.map(|d| view! { <p data-testid="follow-up">{move || t_string!(i18n, outcome.follow_up_on, date = crate::ui::time::dutch_date(d)).to_string()}</p> })}
        }
        .into_any();
    }
    let save = ServerAction::<SaveOutcome>::new();
    let insights_problem = field_problem(save, "insights");
    view! {
        <ActionForm action=save>
            <input type="hidden" name="session" value=id.to_string() />
            <div class="field">
                <label for="field-insights">{t!(i18n, outcome.insights)}</label>
                <textarea id="field-insights" name="insights" rows="4" maxlength="4000" data-testid="insights-input">{insights}</textarea>
                <span class="hint">{t!(i18n, outcome.insights_hint)}</span>
                {move || insights_problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="error-insights">{problem_text(i18n, p)}</p> })}
            </div>
            <Field label=move || t!(i18n, outcome.follow_up) name="follow_up_on" kind="date"
                value=follow_up_on.map(|d| d.to_string()).unwrap_or_default() problem=field_problem(save, "follow_up_on") />
            <FormError action=save />
            <button type="submit" class="secondary" data-testid="save-outcome">{t!(i18n, outcome.save)}</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn Actions(s: SessionRecord, actions: Vec<ActionItem>) -> impl IntoView {
    let i18n = use_i18n();
    let tick = ServerAction::<TickAction>::new();
    let add = ServerAction::<AddAction>::new();
    let owner_problem = field_problem(add, "owner");
    let may_plan = s.may_plan;
    view! {
        <h3>{t!(i18n, outcome.actions)}</h3>
        {if actions.is_empty() {
            view! { <p class="muted">{t!(i18n, outcome.no_actions)}</p> }.into_any()
        } else {
            view! {
                <ul class="actions-list" data-testid="actions">
                    {actions.into_iter().map(|a| {
                        let done = a.done_at.is_some();
                        let action = a.id;
                        view! {
                            <li data-testid="action" data-done=done.to_string()>
                                // Ticking sends the form (data-autosubmit); without the script,
                                // the button beside it does.
                                <ActionForm action=tick attr:class="inline-form">
                                    <input type="hidden" name="action" value=action.to_string() />
                                    <input type="hidden" name="done" value=(!done).to_string() />
                                    <label>
                                        <input type="checkbox" data-testid="action-done" checked=done data-autosubmit="" />
                                        " "{a.description.clone()}
                                    </label>
                                    <noscript>" "<button type="submit" class="secondary small">{t!(i18n, outcome.tick)}</button></noscript>
                                    <FormError action=tick />
                                </ActionForm>
                                <span class="muted">" · "{a.owner_name.clone()}
                                    {a.due_on.map(|d| view! { " · "{move || t_string!(i18n, outcome.due, date = crate::ui::time::dutch_date(d)).to_string()} })}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {may_plan.then(|| view! {
            <ActionForm action=add>
                <input type="hidden" name="session" value=s.id.to_string() />
                <div class="grid three">
                    <div class="field">
                        <label for="field-owner">{t!(i18n, outcome.owner)}</label>
                        <select id="field-owner" name="owner" data-testid="action-owner">
                            <option value="">{t!(i18n, outcome.choose_owner)}</option>
                            {s.invitees.iter().map(|i| view! { <option value=i.user.to_string()>{i.name.clone()}</option> }).collect_view()}
                        </select>
                        {move || owner_problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="error-owner">{problem_text(i18n, p)}</p> })}
                    </div>
                    <Field label=move || t!(i18n, outcome.description) name="description" problem=field_problem(add, "description") />
                    <Field label=move || t!(i18n, outcome.due_on) name="due_on" kind="date" problem=field_problem(add, "due_on") />
                </div>
                <FormError action=add />
                <button type="submit" data-testid="add-action">{t!(i18n, outcome.add_action)}</button>
            </ActionForm>
        })}
    }
}

#[component]
fn EffectLine(e: SessionEffect) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3>{t!(i18n, outcome.effect_title)}</h3>
        <p data-testid="session-effect">
            {move || t_string!(i18n, outcome.effect_line, before = e.before, after = e.after).to_string()}
            {(!e.complete).then(|| view! { " "<span class="muted">{t!(i18n, outcome.effect_running)}</span> })}
        </p>
        <p class="hint">{t!(i18n, outcome.effect_not_a_score)}</p>
        <p class="hint">{t!(i18n, outcome.effect_hint)}</p>
    }
}

#[component]
fn EvaluationCard(
    id: SessionId,
    may_evaluate: bool,
    invited: bool,
    summary: EvaluationSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let evaluate = ServerAction::<EvaluateSession>::new();
    let scale = move |name: &'static str, problem: Signal<Option<crate::error::FieldProblem>>| {
        view! {
            <div class="scale" role="radiogroup" data-testid=format!("scale-{name}")>
                {(1..=5).map(|n| view! {
                    <label class="scale-option"><input type="radio" name=name value=n.to_string() data-testid=format!("{name}-{n}") />" "{n}</label>
                }).collect_view()}
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid=format!("error-{name}")>{problem_text(i18n, p)}</p> })}
        }
    };
    let (count, published) = (summary.count, summary.published);
    view! {
        <section class="card" data-testid="evaluation">
            <h2>{t!(i18n, outcome.evaluation_title)}</h2>
            {match summary.figures {
                Some(f) => {
                    let words = f.words.join(", ");
                    view! {
                        <dl class="facts" data-testid="evaluation-summary">
                            <dt>{t!(i18n, outcome.helped)}</dt>
                            <dd data-testid="eval-helped">{move || tenths_text(f.helped_tenths, i18n.get_locale() == Locale::nl)}" / 5"</dd>
                            <dt>{t!(i18n, outcome.felt_safe)}</dt>
                            <dd data-testid="eval-safe">{move || tenths_text(f.felt_safe_tenths, i18n.get_locale() == Locale::nl)}" / 5"</dd>
                            <dt>{t!(i18n, outcome.words)}</dt>
                            <dd data-testid="eval-words">{words}</dd>
                        </dl>
                        <p class="muted" data-testid="evaluation-count">{move || t_string!(i18n, outcome.evaluation_count, published = published, count = count).to_string()}</p>
                    }.into_any()
                }
                None => view! {
                    <p class="muted" data-testid="evaluation-hidden">{move || t_string!(i18n, outcome.evaluation_floor, count = count).to_string()}</p>
                }.into_any(),
            }}
            {if may_evaluate {
                view! {
                    <ActionForm action=evaluate>
                        <input type="hidden" name="session" value=id.to_string() />
                        <p class="hint">{t!(i18n, outcome.evaluation_anonymous)}</p>
                        <fieldset><legend>{t!(i18n, outcome.q_helped)}</legend>{scale("helped", field_problem(evaluate, "helped"))}</fieldset>
                        <fieldset><legend>{t!(i18n, outcome.q_felt_safe)}</legend>{scale("felt_safe", field_problem(evaluate, "felt_safe"))}</fieldset>
                        <Field label=move || t!(i18n, outcome.q_word) name="word" problem=field_problem(evaluate, "word") />
                        <FormError action=evaluate />
                        <button type="submit" data-testid="send-evaluation">{t!(i18n, outcome.send_evaluation)}</button>
                    </ActionForm>
                }.into_any()
            } else if invited {
                view! { <p data-testid="evaluated">{t!(i18n, outcome.thanks)}</p> }.into_any()
            } else {
                ().into_any()
            }}
        </section>
    }
}

/// The presenter marks one of their own linked signals resolved, with what helped.
#[component]
pub fn ResolveLinked(session: SessionId, signal: SignalId) -> impl IntoView {
    let i18n = use_i18n();
    let resolve = ServerAction::<ResolveLinkedSignal>::new();
    view! {
        <ActionForm action=resolve attr:class="inline-form">
            <input type="hidden" name="session" value=session.to_string() />
            <input type="hidden" name="signal" value=signal.to_string() />
            <input type="text" name="helped" maxlength="500" aria-label=move || t_string!(i18n, outcome.what_helped)
                placeholder=move || t_string!(i18n, outcome.what_helped) data-testid="resolve-helped" />
            <button type="submit" class="secondary" data-testid="resolve-linked">{t!(i18n, outcome.resolve)}</button>
            {move || match resolve.value().get() {
                Some(Err(err)) => err.at_field("helped").map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> }),
                _ => None,
            }}
        </ActionForm>
    }
}
