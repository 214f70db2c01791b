//! Form pieces that show problems where they are: at the field, in the reader's language.

use leptos::prelude::*;

use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use leptos_i18n::I18nContext;

pub fn problem_text(i18n: I18nContext<Locale>, problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Required => t_string!(i18n, errors.required),
        FieldProblem::TooLong => t_string!(i18n, errors.too_long),
        FieldProblem::InvalidEmail => t_string!(i18n, errors.invalid_email),
        FieldProblem::PasswordTooShort => t_string!(i18n, errors.password_too_short),
        FieldProblem::PasswordsDiffer => t_string!(i18n, errors.passwords_differ),
        FieldProblem::AlreadyTaken => t_string!(i18n, errors.already_taken),
        FieldProblem::UnknownTeam => t_string!(i18n, errors.unknown_team),
        FieldProblem::OutOfRange => t_string!(i18n, errors.out_of_range),
        FieldProblem::IdentifyingDetail => t_string!(i18n, errors.identifying_detail),
        FieldProblem::InvalidCode => t_string!(i18n, errors.invalid_code),
        FieldProblem::UnknownChoice => t_string!(i18n, errors.unknown_choice),
        FieldProblem::InvalidDate => t_string!(i18n, errors.invalid_date),
        FieldProblem::SameMemberTwice => t_string!(i18n, errors.same_member_twice),
        FieldProblem::Stale => t_string!(i18n, errors.stale),
        FieldProblem::Separator => t_string!(i18n, errors.separator),
        FieldProblem::Full => t_string!(i18n, errors.full),
        FieldProblem::InThePast => t_string!(i18n, errors.in_the_past),
        FieldProblem::NotNow => t_string!(i18n, errors.not_now),
        FieldProblem::SameTeam => t_string!(i18n, errors.same_team),
        FieldProblem::StillCarries => t_string!(i18n, errors.still_carries),
        FieldProblem::StillActive => t_string!(i18n, errors.still_active),
        FieldProblem::ClientStillOpen => t_string!(i18n, errors.client_still_open),
        FieldProblem::ConfirmFirst => t_string!(i18n, errors.confirm_first),
        FieldProblem::WrongPassword => t_string!(i18n, errors.wrong_password),
        FieldProblem::CodeShape => t_string!(i18n, errors.code_shape),
        FieldProblem::WrongCode => t_string!(i18n, errors.wrong_code),
        FieldProblem::SecondFactorRequired => t_string!(i18n, errors.second_factor_required),
        FieldProblem::SecondFactorFirst => t_string!(i18n, errors.second_factor_first),
        FieldProblem::PasskeyRefused => t_string!(i18n, errors.passkey_refused),
        FieldProblem::AlreadyAsked => t_string!(i18n, errors.already_asked),
        FieldProblem::AskedEnough => t_string!(i18n, errors.asked_enough),
        FieldProblem::AlreadyBroughtIn => t_string!(i18n, errors.already_brought_in),
    }
}

/// A message for errors that belong to the whole form rather than one field.
pub fn form_error_text(i18n: I18nContext<Locale>, error: &AppError) -> Option<&'static str> {
    Some(match error {
        AppError::Invalid { .. } => return None,
        AppError::WrongCredentials => t_string!(i18n, login.wrong),
        AppError::TooManyAttempts => t_string!(i18n, login.too_many),
        AppError::LinkInvalid => t_string!(i18n, set_password.invalid),
        AppError::Unauthenticated => t_string!(i18n, errors.not_signed_in),
        AppError::Forbidden => t_string!(i18n, errors.forbidden),
        AppError::Transport(_) => t_string!(i18n, errors.transport),
        // Not there, or not the reader's to see: the same words, so neither is revealed.
        AppError::NotFound => t_string!(i18n, errors.not_found),
        AppError::Internal => t_string!(i18n, errors.generic),
    })
}

/// The problem at `field` in the latest result of `action`, if any.
pub fn field_problem<I, O>(
    action: ServerAction<I>,
    field: &'static str,
) -> Signal<Option<FieldProblem>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(err)) => err.at_field(field),
        _ => None,
    })
}

/// A labelled input with its hint and its problem. The input keeps whatever was typed.
#[component]
pub fn Field(
    #[prop(into)] label: ViewFn,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] hint: Option<ViewFn>,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] value: Option<String>,
    /// Sets this input's id apart when one page holds several forms with the same fields.
    #[prop(optional, into)]
    scope: Option<String>,
    problem: Signal<Option<FieldProblem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = match scope {
        Some(scope) => format!("field-{scope}-{name}"),
        None => format!("field-{name}"),
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if problem.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" data-invalid=move || problem.get().is_some().to_string()>
            <label for=id.clone()>{label.run()}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described
            />
            {hint.map(|h| view! { <span class="hint" id=hint_id.clone()>{h.run()}</span> })}
            {move || problem.get().map(|p| view! {
                <p class="field-error" id=error_id.clone() role="alert" data-testid=format!("error-{name}")>
                    {problem_text(i18n, p)}
                </p>
            })}
        </div>
    }
}

/// The form-level error of the latest result of `action`, if any.
#[component]
pub fn FormError<I, O>(action: ServerAction<I>) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || match action.value().get() {
        Some(Err(err)) => form_error_text(i18n, &err).map(
            |text| view! { <p class="form-error" role="alert" data-testid="form-error">{text}</p> },
        ),
        _ => None,
    }
}

/// A labelled input bound to a signal, for forms whose values are also used before submit
/// (intake advice, import). Keeps what was typed, like [`Field`].
#[component]
pub fn BoundField(
    #[prop(into)] label: ViewFn,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] hint: Option<ViewFn>,
    value: RwSignal<String>,
    problem: Signal<Option<FieldProblem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" data-invalid=move || problem.get().is_some().to_string()>
            <label for=id.clone()>{label.run()}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                bind:value=value
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=format!("{hint_id} {error_id}")
            />
            {hint.map(|h| view! { <span class="hint" id=hint_id.clone()>{h.run()}</span> })}
            {move || problem.get().map(|p| view! {
                <p class="field-error" id=error_id.clone() role="alert" data-testid=format!("error-{name}")>
                    {problem_text(i18n, p)}
                </p>
            })}
        </div>
    }
}

/// The first problem at `field` among several actions' latest results.
pub fn either_problem(
    a: Signal<Option<FieldProblem>>,
    b: Signal<Option<FieldProblem>>,
) -> Signal<Option<FieldProblem>> {
    Signal::derive(move || a.get().or_else(|| b.get()))
}

/// Whether the form of `action` was just saved. A form posted as a page comes back to it with
/// the function that succeeded in the address (`__ok`, set by the server's `form_posts`), so
/// the page can say so beside the form. Pages are rendered on the server, where this is read.
pub fn just_saved<I>(_action: ServerAction<I>) -> bool
where
    I: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
{
    leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get("__ok").as_deref() == Some(I::url()))
}
