//! The leader's limits editor, with a live preview computed in the browser by the same pure
//! rule function the server runs: "with these limits, today N proposals would be made".

use crate::shared::ids::TeamId;
use leptos::prelude::*;

use super::api::{SaveLimits, limits_editor};
use super::model::{LimitKind, Proposes};
use super::rules::{RuleSnapshot, evaluate};
use super::text::{limit_name, proposes_text, unit_text};
use super::views::{LimitInput, LimitsOverview, parse_limit_rows};
use crate::auth::signed_in::SignedIn;
use crate::error::AppError;
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::ui::form::{FormError, problem_text};
use crate::ui::status::Loaded;

#[component]
pub fn LimitsEditorPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <LimitsEditorView /> } /> }
}

#[component]
fn LimitsEditorView() -> impl IntoView {
    let i18n = use_i18n();
    let team = team_param();
    let data = Resource::new(
        move || team.get(),
        |team| async move {
            match team {
                Some(team) => limits_editor(team).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <h1>{t!(i18n, limit_editor.title)}</h1>
        <p class="muted">{t!(i18n, limit_editor.intro)}</p>
        <Loaded data=data let:data>
            {team.get_untracked().map(|team| view! { <Editor team data /> })}
        </Loaded>
    }
}

#[derive(Clone, Copy)]
struct RowState {
    kind: LimitKind,
    threshold: RwSignal<String>,
    window: RwSignal<String>,
    proposes: RwSignal<String>,
    active: RwSignal<bool>,
}

impl RowState {
    fn input(&self) -> LimitInput {
        LimitInput {
            kind: self.kind.as_str().to_owned(),
            threshold: self.threshold.get(),
            window_weeks: self.window.get(),
            proposes: self.proposes.get(),
            active: self.active.get(),
        }
    }
}

#[component]
fn Editor(team: TeamId, data: LimitsOverview) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLimits>::new();
    let rows: Vec<RowState> = data
        .limits
        .iter()
        .map(|l| {
            let input = LimitInput::from_limit(l);
            RowState {
                kind: l.kind,
                threshold: RwSignal::new(input.threshold),
                window: RwSignal::new(input.window_weeks),
                proposes: RwSignal::new(input.proposes),
                active: RwSignal::new(input.active),
            }
        })
        .collect();
    let rows = StoredValue::new(rows);
    let inputs = Memo::new(move |_| {
        rows.with_value(|rs| rs.iter().map(RowState::input).collect::<Vec<_>>())
    });
    let saved_inputs = RwSignal::new(inputs.get_untracked());
    let snapshot = StoredValue::new(data.snapshot.clone());
    let now = data.now;
    // The same parse and the same rule function as the server, run here on every keystroke.
    let preview = Memo::new(move |_| {
        parse_limit_rows(&inputs.get())
            .map(|limits| snapshot.with_value(|s: &RuleSnapshot| evaluate(s, &limits, now)))
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved_inputs.set(inputs.get_untracked());
        }
    });
    let dirty = move || inputs.get() != saved_inputs.get();
    let problem = move |field: String| {
        let local = preview.with(|p| p.as_ref().err().and_then(|e| e.at_field(&field)));
        let remote = match save.value().get() {
            Some(Err(e)) => e.at_field(&field),
            _ => None,
        };
        local.or(remote)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveLimits {
            team,
            rows: inputs.get_untracked(),
        });
    };
    view! {
        <p class="muted">{data.team_name.clone()}</p>
        <section class="card preview" aria-live="polite" data-testid="limits-preview">
            <h2>{t!(i18n, limit_editor.preview_title)}</h2>
            {move || match preview.get() {
                Ok(findings) => {
                    let count = findings.len();
                    let per = |p: Proposes| findings.iter().filter(|f| f.proposes == p).count();
                    let parts: Vec<(Proposes, usize)> = Proposes::ALL.into_iter().map(|p| (p, per(p))).filter(|(_, n)| *n > 0).collect();
                    view! {
                        <p data-testid="preview-count" data-count=count.to_string()>{t_string!(i18n, limit_editor.preview, count = count).to_string()}</p>
                        <ul class="inline-list">
                            {parts.into_iter().map(|(p, n)| view! { <li>{n}"× "{move || proposes_text(i18n, p)}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
                Err(_) => view! { <p data-testid="preview-count" data-count="">"—"</p> }.into_any(),
            }}
            <p class="hint">{t!(i18n, limit_editor.preview_private)}</p>
        </section>
        <form class="card" on:submit=submit novalidate data-testid="limits-form">
            <FormError action=save />
            <div class="scroll-x">
                <table class="limit-table">
                    <thead><tr>
                        <th>{t!(i18n, limit_editor.col_active)}</th>
                        <th>{t!(i18n, limit_editor.col_limit)}</th>
                        <th>{t!(i18n, limit_editor.col_threshold)}</th>
                        <th>{t!(i18n, limit_editor.col_window)}</th>
                        <th>{t!(i18n, limit_editor.col_proposes)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.get_value().into_iter().map(|row| {
                            let kind = row.kind;
                            let code = kind.as_str();
                            let (min, max) = kind.bounds();
                            let has_number = min != max;
                            let threshold_field = format!("{code}.threshold");
                            let window_field = format!("{code}.window_weeks");
                            let tf = threshold_field.clone();
                            let wf = window_field.clone();
                            view! {
                                <tr data-testid=format!("limit-{code}")>
                                    <td><input type="checkbox" id=format!("active-{code}") aria-label=move || limit_name(i18n, kind)
                                        prop:checked=move || row.active.get() on:change=move |ev| row.active.set(event_target_checked(&ev)) /></td>
                                    <td><label for=format!("threshold-{code}")>{move || limit_name(i18n, kind)}</label></td>
                                    <td data-label=move || t_string!(i18n, limit_editor.col_threshold)>
                                        {if has_number {
                                            view! {
                                                <input id=format!("threshold-{code}") class="narrow" inputmode="decimal" data-testid=format!("threshold-{code}")
                                                    aria-invalid=move || problem(tf.clone()).is_some().to_string()
                                                    prop:value=move || row.threshold.get() on:input=move |ev| row.threshold.set(event_target_value(&ev)) />
                                                " "<span class="muted">{move || unit_text(i18n, kind.unit())}</span>
                                                {move || problem(threshold_field.clone()).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                                            }.into_any()
                                        } else {
                                            view! { <span class="muted">{move || unit_text(i18n, kind.unit())}</span> }.into_any()
                                        }}
                                    </td>
                                    <td data-label=move || t_string!(i18n, limit_editor.col_window)>
                                        {kind.needs_window().then(|| view! {
                                            <input class="narrow" inputmode="numeric" aria-label=move || t_string!(i18n, limit_editor.col_window)
                                                data-testid=format!("window-{code}")
                                                aria-invalid=move || problem(wf.clone()).is_some().to_string()
                                                prop:value=move || row.window.get() on:input=move |ev| row.window.set(event_target_value(&ev)) />
                                            {move || problem(window_field.clone()).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                                        })}
                                    </td>
                                    <td data-label=move || t_string!(i18n, limit_editor.col_proposes)>
                                        <select aria-label=move || t_string!(i18n, limit_editor.col_proposes)
                                            prop:value=move || row.proposes.get() on:change=move |ev| row.proposes.set(event_target_value(&ev))>
                                            {kind.allowed_proposals().iter().map(|p| {
                                                let p = *p;
                                                view! { <option value=p.as_str() selected=move || row.proposes.get() == p.as_str()>{move || proposes_text(i18n, p)}</option> }
                                            }).collect_view()}
                                        </select>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <button type="submit" data-testid="save-limits" disabled=move || save.pending().get()>{t!(i18n, limit_editor.save)}</button>
                {move || if dirty() {
                    view! { <span class="muted" data-testid="limits-unsaved">{t!(i18n, limit_editor.unsaved)}</span> }.into_any()
                } else if matches!(save.value().get(), Some(Ok(()))) {
                    view! { <span class="saved" role="status" data-testid="limits-saved">{t!(i18n, limit_editor.saved)}</span> }.into_any()
                } else {
                    ().into_any()
                }}
            </div>
        </form>
    }
}
