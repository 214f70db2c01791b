//! The passkey parts of the pages: the button of the log-in's second step, adding a passkey
//! (from one's account, or at log-in when a second factor is required), and the list of one's
//! passkeys with a way to remove each. The ceremonies need the browser, so the first two are
//! islands; without the page's script their buttons stay disabled and the code form works.

use leptos::prelude::*;

use super::api::RemovePasskey;
#[cfg(feature = "hydrate")]
use super::model::NextPage;
use super::views::PasskeyView;
use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, form_error_text, just_saved, problem_text};
use crate::ui::island::{awake, island_i18n, preload_lazy_island};
use crate::ui::time::local_date;

/// Where a ceremony stands, as the island shows it. Only the browser moves it on.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Progress {
    Idle,
    Busy,
    /// A problem at the name field, or with the passkey itself.
    Refused(AppError),
    Unsupported,
    Cancelled,
    AlreadyThere,
    Failed,
}

impl Progress {
    fn field(&self, field: &str) -> Option<FieldProblem> {
        match self {
            Progress::Refused(error) => error.at_field(field),
            _ => None,
        }
    }
}

/// What the island says about where the ceremony stands; nothing while idle.
#[component]
fn ProgressNote(progress: RwSignal<Progress>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let text = match progress.get() {
            Progress::Idle => return None,
            Progress::Busy => {
                return Some(
                    view! { <p class="muted" role="status">{t!(i18n, passkey.busy)}</p> }
                        .into_any(),
                );
            }
            Progress::Refused(error) => match (error.at_field("passkey"), &error) {
                (Some(problem), _) => problem_text(i18n, problem),
                (None, AppError::Invalid { .. }) => return None,
                (None, other) => form_error_text(i18n, other).unwrap_or_default(),
            },
            Progress::Unsupported => t_string!(i18n, passkey.unsupported),
            Progress::Cancelled => t_string!(i18n, passkey.cancelled),
            Progress::AlreadyThere => t_string!(i18n, passkey.already_there),
            Progress::Failed => t_string!(i18n, passkey.failed),
        };
        Some(
            view! { <p class="form-error" role="alert" data-testid="passkey-problem">{text}</p> }
                .into_any(),
        )
    }
}

/// Runs a ceremony in the browser: on success the page that follows loads in full (the
/// sign-in changed); otherwise the island shows why not.
#[cfg(feature = "hydrate")]
fn run(
    progress: RwSignal<Progress>,
    ceremony: impl std::future::Future<Output = Result<NextPage, Progress>> + 'static,
) {
    leptos::task::spawn_local(async move {
        match ceremony.await {
            Ok(next) => {
                let _ = window().location().assign(next.path());
            }
            Err(shown) => progress.set(shown),
        }
    });
}

/// The second step of a log-in with one of one's passkeys.
#[island(lazy)]
pub fn PasskeyLogin() -> impl IntoView {
    preload_lazy_island("passkey_login");
    let i18n = island_i18n();
    let ready = awake();
    let progress = RwSignal::new(Progress::Idle);
    let on_click = move |_| {
        progress.set(Progress::Busy);
        #[cfg(feature = "hydrate")]
        run(progress, log_in());
    };
    view! {
        <div class="stack" data-testid="passkey-login">
            <p>{t!(i18n, passkey.login_intro)}</p>
            <button type="button" data-testid="use-passkey"
                disabled=move || !ready.get() || progress.get() == Progress::Busy
                on:click=on_click>
                {t!(i18n, passkey.login_button)}
            </button>
            <ProgressNote progress />
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn log_in() -> Result<NextPage, Progress> {
    use super::api::{log_in_with_passkey, passkey_login_options};
    let options = passkey_login_options().await.map_err(Progress::Refused)?;
    let answer = super::browser::get(&options).await.map_err(shown)?;
    log_in_with_passkey(answer).await.map_err(Progress::Refused)
}

#[cfg(feature = "hydrate")]
fn shown(problem: super::browser::BrowserProblem) -> Progress {
    use super::browser::BrowserProblem;
    match problem {
        BrowserProblem::Unsupported => Progress::Unsupported,
        BrowserProblem::Cancelled => Progress::Cancelled,
        BrowserProblem::AlreadyThere => Progress::AlreadyThere,
        BrowserProblem::Failed => Progress::Failed,
    }
}

/// Adds a passkey: a name to tell it apart, and the browser makes it.
#[island(lazy)]
pub fn AddPasskey() -> impl IntoView {
    preload_lazy_island("add_passkey");
    let i18n = island_i18n();
    let ready = awake();
    let progress = RwSignal::new(Progress::Idle);
    let name = NodeRef::<leptos::html::Input>::new();
    let on_click = move |_| {
        progress.set(Progress::Busy);
        #[cfg(feature = "hydrate")]
        {
            let typed = name.get_untracked().map(|i| i.value()).unwrap_or_default();
            run(progress, register(typed));
        }
    };
    let name_problem = Signal::derive(move || progress.with(|p| p.field("name")));
    view! {
        <div class="stack" data-testid="add-passkey">
            <PasskeyNameField name name_problem />
            <p>
                <button type="button" data-testid="make-passkey"
                    disabled=move || !ready.get() || progress.get() == Progress::Busy
                    on:click=on_click>
                    {t!(i18n, passkey.add_button)}
                </button>
            </p>
            <ProgressNote progress />
        </div>
    }
}

/// The name field of a new passkey; the island reads it when its button is pressed.
#[component]
fn PasskeyNameField(
    name: NodeRef<leptos::html::Input>,
    name_problem: Signal<Option<FieldProblem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" data-invalid=move || name_problem.get().is_some().to_string()>
            <label for="field-passkey-name">{t!(i18n, passkey.name)}</label>
            <input id="field-passkey-name" name="name" type="text" autocomplete="off" node_ref=name
                aria-invalid=move || name_problem.get().is_some().to_string()
                aria-describedby="field-passkey-name-hint" />
            <span class="hint" id="field-passkey-name-hint">{t!(i18n, passkey.name_hint)}</span>
            {move || name_problem.get().map(|p| view! {
                <p class="field-error" role="alert" data-testid="error-name">{problem_text(i18n, p)}</p>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn register(name: String) -> Result<NextPage, Progress> {
    use super::api::{passkey_registration_options, register_passkey};
    // A name that is too long is refused before the browser is asked for anything.
    if let Err(problem) = super::model::PasskeyName::parse(&name) {
        return Err(Progress::Refused(AppError::invalid("name", problem)));
    }
    let options = passkey_registration_options()
        .await
        .map_err(Progress::Refused)?;
    let answer = super::browser::create(&options).await.map_err(shown)?;
    register_passkey(name, answer)
        .await
        .map_err(Progress::Refused)
}

/// One's passkeys, each with when it was added and last used, and a way to remove it.
/// `removable` is false when it is the last second factor the organisation requires.
#[component]
pub fn PasskeyList(passkeys: Vec<PasskeyView>, removable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let remove = ServerAction::<RemovePasskey>::new();
    view! {
        {just_saved(remove).then(|| view! { <p class="form-ok" role="status" data-testid="passkey-removed">{t!(i18n, passkey.removed)}</p> })}
        <ul class="stack plain" data-testid="passkeys">
            {passkeys.into_iter().map(|p| {
                let used = match p.last_used_at {
                    Some(at) => t_string!(i18n, passkey.last_used, date = local_date(at)).to_string(),
                    None => t_string!(i18n, passkey.never_used).to_string(),
                };
                let scope = format!("passkey-{}", p.id);
                view! {
                    <li class="card" data-testid="passkey">
                        <strong>{p.name.clone()}</strong>
                        <p class="muted">{t!(i18n, passkey.added_on, date = local_date(p.created_at))} " · " {used}</p>
                        {removable.then(|| view! {
                            <details>
                                <summary>{t!(i18n, passkey.remove_title)}</summary>
                                <ActionForm action=remove attr:class="stack" attr:novalidate="novalidate" attr:data-testid="remove-passkey">
                                    <FormError action=remove />
                                    <p class="muted">{t!(i18n, passkey.remove_hint)}</p>
                                    <input type="hidden" name="passkey" value=p.id.to_string() />
                                    <Field label=move || t!(i18n, account.current_password) name="current_password" kind="password" autocomplete="current-password" scope=scope.clone() problem=field_problem(remove, "current_password") />
                                    <button type="submit" class="danger">{t!(i18n, passkey.remove_submit)}</button>
                                </ActionForm>
                            </details>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
