//! The leader's limits editor, with a live preview: "with these limits, today N proposals would
//! be made". The page is rendered on the server; the table and its preview are one island,
//! since they react to every keystroke. The rows are parsed in the browser (so a problem shows
//! at once), but the preview itself is worked out by the server (`preview_limits`): the rules
//! engine and the team's figures stay out of the browser.

use std::time::Duration;

use crate::shared::ids::TeamId;
use leptos::prelude::*;

use super::api::{SaveLimits, limits_editor, preview_limits};
use super::model::{LimitKind, Proposes};
use super::text::{limit_name, proposes_text, unit_text};
use super::views::{LimitInput, LimitsPreview, parse_limit_rows};
use crate::auth::signed_in::SignedIn;
use crate::error::AppError;
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::ui::form::{FormError, problem_text};
use crate::ui::island::{island_i18n, preload_lazy_island};
use crate::ui::status::Loaded;

/// How long typing pauses before the server is asked for a new preview.
const PREVIEW_PAUSE: Duration = Duration::from_millis(200);

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
            {team.get_untracked().map(|team| {
                let rows: Vec<LimitInput> = data.limits.iter().map(LimitInput::from_limit).collect();
                // The first preview is rendered with the page; only changes ask the server.
                let preview = parse_limit_rows(&rows)
                    .ok()
                    .map(|limits| LimitsPreview::of(&super::rules::evaluate(&data.snapshot, &limits, data.now)));
                view! {
                    <p class="muted">{data.team_name.clone()}</p>
                    <LimitsEditor team rows preview />
                }
            })}
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

/// The limits table and its preview. `rows` are the saved limits as the editor shows them;
/// `preview` is what they propose today, worked out by the server for the page. Saving does
/// not load the page again: the editor says "saved" in place.
#[island(lazy)]
pub fn LimitsEditor(
    team: TeamId,
    rows: Vec<LimitInput>,
    preview: Option<LimitsPreview>,
) -> impl IntoView {
    preload_lazy_island("limits_editor");
    let i18n = island_i18n();
    let save = ServerAction::<SaveLimits>::new();
    let rows: Vec<RowState> = rows
        .into_iter()
        .filter_map(|input| {
            Some(RowState {
                kind: LimitKind::parse(&input.kind)?,
                threshold: RwSignal::new(input.threshold),
                window: RwSignal::new(input.window_weeks),
                proposes: RwSignal::new(input.proposes),
                active: RwSignal::new(input.active),
            })
        })
        .collect();
    let rows = StoredValue::new(rows);
    let inputs = Memo::new(move |_| {
        rows.with_value(|rs| rs.iter().map(RowState::input).collect::<Vec<_>>())
    });
    let saved_inputs = RwSignal::new(inputs.get_untracked());
    // Parsed here on every keystroke, so a problem shows at its field at once.
    let parsed = Memo::new(move |_| parse_limit_rows(&inputs.get()).map(|_| ()));
    let preview = RwSignal::new(preview);
    // The preview follows the latest rows only: an answer to rows since changed is dropped.
    let asked = StoredValue::new(0u64);
    Effect::watch(
        move || inputs.get(),
        move |rows: &Vec<LimitInput>, _, _| {
            let mine = asked.get_value() + 1;
            asked.set_value(mine);
            if parse_limit_rows(rows).is_err() {
                preview.set(None);
                return;
            }
            let rows = rows.clone();
            set_timeout(
                move || {
                    if asked.get_value() != mine {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        let answer = preview_limits(team, rows).await;
                        if asked.get_value() == mine {
                            preview.set(answer.ok());
                        }
                    });
                },
                PREVIEW_PAUSE,
            );
        },
        false,
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved_inputs.set(inputs.get_untracked());
        }
    });
    let dirty = move || inputs.get() != saved_inputs.get();
    let problem = move |field: String| {
        let local = parsed.with(|p| p.as_ref().err().and_then(|e| e.at_field(&field)));
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
        <section class="card preview" aria-live="polite" data-testid="limits-preview">
            <h2>{t!(i18n, limit_editor.preview_title)}</h2>
            {move || match preview.get() {
                Some(LimitsPreview { count, per }) => view! {
                    <p data-testid="preview-count" data-count=count.to_string()>{t_string!(i18n, limit_editor.preview, count = count).to_string()}</p>
                    <ul class="inline-list">
                        {per.into_iter().map(|(p, n): (Proposes, usize)| view! { <li>{n}"× "{proposes_text(i18n, p)}</li> }).collect_view()}
                    </ul>
                }.into_any(),
                None => view! { <p data-testid="preview-count" data-count="">"—"</p> }.into_any(),
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
                                    <td><input type="checkbox" id=format!("active-{code}") aria-label=limit_name(i18n, kind)
                                        prop:checked=move || row.active.get() on:change=move |ev| row.active.set(event_target_checked(&ev)) /></td>
                                    <td><label for=format!("threshold-{code}")>{limit_name(i18n, kind)}</label></td>
                                    <td data-label=t_string!(i18n, limit_editor.col_threshold)>
                                        {if has_number {
                                            view! {
                                                <input id=format!("threshold-{code}") class="narrow" inputmode="decimal" data-testid=format!("threshold-{code}")
                                                    aria-invalid=move || problem(tf.clone()).is_some().to_string()
                                                    prop:value=move || row.threshold.get() on:input=move |ev| row.threshold.set(event_target_value(&ev)) />
                                                " "<span class="muted">{unit_text(i18n, kind.unit())}</span>
                                                {move || problem(threshold_field.clone()).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                                            }.into_any()
                                        } else {
                                            view! { <span class="muted">{unit_text(i18n, kind.unit())}</span> }.into_any()
                                        }}
                                    </td>
                                    <td data-label=t_string!(i18n, limit_editor.col_window)>
                                        {kind.needs_window().then(|| view! {
                                            <input class="narrow" inputmode="numeric" aria-label=t_string!(i18n, limit_editor.col_window)
                                                data-testid=format!("window-{code}")
                                                aria-invalid=move || problem(wf.clone()).is_some().to_string()
                                                prop:value=move || row.window.get() on:input=move |ev| row.window.set(event_target_value(&ev)) />
                                            {move || problem(window_field.clone()).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                                        })}
                                    </td>
                                    <td data-label=t_string!(i18n, limit_editor.col_proposes)>
                                        <select aria-label=t_string!(i18n, limit_editor.col_proposes)
                                            prop:value=move || row.proposes.get() on:change=move |ev| row.proposes.set(event_target_value(&ev))>
                                            {kind.allowed_proposals().iter().map(|p| {
                                                let p = *p;
                                                view! { <option value=p.as_str() selected=move || row.proposes.get() == p.as_str()>{proposes_text(i18n, p)}</option> }
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
