//! The retention page (`/admin/retention`): the organisation's periods, what each means, the
//! default beside each, and when the daily job last applied them.

use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{SaveRetention, retention_settings};
use super::model::Kept;
use super::views::RetentionView;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loaded;
use crate::ui::time::dutch_date;

#[component]
pub fn RetentionPage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <Retention /> } /> }
}

#[component]
fn Retention() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| retention_settings());
    view! {
        <p><A href="/admin/organisation">{t!(i18n, retention.back)}</A></p>
        <h1>{t!(i18n, retention.title)}</h1>
        <p class="muted">{t!(i18n, retention.intro)}</p>
        <Loaded data let:view>
            <RetentionForm view />
        </Loaded>
    }
}

fn label(i18n: leptos_i18n::I18nContext<Locale>, kept: Kept) -> &'static str {
    match kept {
        Kept::ClosedClients => t_string!(i18n, retention.closed_clients),
        Kept::SignalNotes => t_string!(i18n, retention.signal_notes),
        Kept::LoginAttempts => t_string!(i18n, retention.login_attempts),
        Kept::Notifications => t_string!(i18n, retention.notifications),
        Kept::SessionNotes => t_string!(i18n, retention.session_notes),
        Kept::AccessLog => t_string!(i18n, retention.access_log),
    }
}

fn meaning(i18n: leptos_i18n::I18nContext<Locale>, kept: Kept) -> &'static str {
    match kept {
        Kept::ClosedClients => t_string!(i18n, retention.closed_clients_hint),
        Kept::SignalNotes => t_string!(i18n, retention.signal_notes_hint),
        Kept::LoginAttempts => t_string!(i18n, retention.login_attempts_hint),
        Kept::Notifications => t_string!(i18n, retention.notifications_hint),
        Kept::SessionNotes => t_string!(i18n, retention.session_notes_hint),
        Kept::AccessLog => t_string!(i18n, retention.access_log_hint),
    }
}

/// "Standaard: 12 maanden (1 tot 240)."
fn bounds_text(i18n: leptos_i18n::I18nContext<Locale>, kept: Kept, default: u32) -> String {
    let (low, high) = kept.bounds();
    if kept.in_days() {
        t_string!(
            i18n,
            retention.default_days,
            default = default,
            low = low,
            high = high
        )
        .to_string()
    } else {
        t_string!(
            i18n,
            retention.default_months,
            default = default,
            low = low,
            high = high
        )
        .to_string()
    }
}

#[component]
fn RetentionForm(view: RetentionView) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRetention>::new();
    let fields = Kept::ALL.map(|kept| {
        let hint = format!(
            "{} {}",
            meaning(i18n, kept),
            bounds_text(i18n, kept, view.defaults.get(kept))
        );
        view! {
            <Field
                label=move || label(i18n, kept)
                name=kept.field()
                kind="number"
                value=view.periods.get(kept).to_string()
                hint=move || hint.clone()
                problem=field_problem(save, kept.field())
            />
        }
    });
    view! {
        <section class="card">
            <ActionForm action=save attr:class="stack" attr:novalidate="novalidate" attr:data-testid="retention-form">
                <FormError action=save />
                {just_saved(save).then(|| view! { <p class="form-ok" role="status" data-testid="retention-saved">{t!(i18n, retention.saved)}</p> })}
                {fields.into_iter().collect_view()}
                <button type="submit">{t!(i18n, retention.save)}</button>
            </ActionForm>
        </section>
        <section class="card" data-testid="retention-last">
            <h2>{t!(i18n, retention.last_title)}</h2>
            {match view.last_applied {
                Some((at, what)) => view! {
                    <p>{t!(i18n, retention.last_at, date = dutch_date(at.date_naive()))}</p>
                    <p class="muted"><code>{what}</code></p>
                }.into_any(),
                None => view! { <p class="muted">{t!(i18n, retention.never)}</p> }.into_any(),
            }}
        </section>
    }
}
