//! The HTML shell (with its Content-Security-Policy) and the router.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::account::page::AccountPage;
use crate::audit::page::AccessLogPage;
use crate::auth::pages::{LoginPage, SetPasswordPage};
use crate::auth::second_factor::page::{
    AppSetupPage, EnrolAtLoginPage, LoginCodePage, RecoveryCodesPage,
};
use crate::auth::signed_in::WithCurrentUser;
use crate::caseload::balance::page::TeamBalancePage;
use crate::caseload::clients::list_page::TeamClientsPage;
use crate::caseload::clients::my_page::MyCaseloadPage;
use crate::caseload::clients::page::ClientPage;
use crate::caseload::handover::page::HandoverPage;
use crate::caseload::import::page::ImportPage;
use crate::help::ask::page::HelpPage;
use crate::help::ask::signal_page::SignalHelpPage;
use crate::home::pages::HomePage;
use crate::i18n::*;
use crate::limits::editor_page::LimitsEditorPage;
use crate::limits::pages::ProposalsPage;
use crate::notifications::pages::NotificationsPage;
use crate::organisation::page::OrganisationSettingsPage;
use crate::privacy::archive::page::ArchivePage;
use crate::privacy::erasure::page::{AccountErasurePage, ClientErasurePage};
use crate::privacy::retention::page::RetentionPage;
use crate::sessions::availability::page::AvailabilityPage;
use crate::sessions::methods::library_page::MethodLibraryPage;
use crate::sessions::methods::page::MethodFormPage;
use crate::sessions::plan::list_page::SessionsPage;
use crate::sessions::plan::plan_page::PlanSessionPage;
use crate::sessions::plan::session_page::SessionPage;
use crate::sessions::runner::page::RunnerPage;
use crate::shell::layout::Frame;
use crate::signals::pages::MySignalsPage;
use crate::signals::team_page::TeamSignalsPage;
use crate::teams::pages::AdminPage;
use crate::teams::people::page::PersonAdminPage;
use crate::ui::language::{LANGUAGE_COOKIE, language_cookie};
use crate::ui::status::NotFound;
use crate::visits::pages::VisitsPage;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    crate::ui::island::provide_chunk_preloads();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options) />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The stylesheet's address. A release build names its files after their content (cargo-leptos
/// writes the hashes beside the binary), so browsers may keep them for good; the shell is only
/// rendered on the server, which reads the hashes once.
fn stylesheet_href(options: &LeptosOptions) -> String {
    #[cfg(feature = "ssr")]
    {
        static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        HREF.get_or_init(|| {
            let hash = options
                .hash_files
                .then(|| {
                    let exe = std::env::current_exe().ok()?;
                    let hashes = std::fs::read_to_string(exe.parent()?.join(&*options.hash_file));
                    hashes.ok()?.lines().find_map(|line| {
                        let (file, hash) = line.split_once(':')?;
                        (file.trim() == "css").then(|| hash.trim().to_owned())
                    })
                })
                .flatten();
            match hash {
                Some(hash) => format!(
                    "/{}/{}.{hash}.css",
                    options.site_pkg_dir, options.output_name
                ),
                None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
            }
        })
        .clone()
    }
    #[cfg(not(feature = "ssr"))]
    format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
}

/// Allows the hydration script by its per-request nonce, WebAssembly compilation, and
/// nothing from elsewhere.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider cookie_name=LANGUAGE_COOKIE cookie_options=language_cookie()>
            <AppInner />
        </I18nContextProvider>
    }
}

/// Every page: the current user loaded once, then the frame around the page itself.
#[component]
fn Page(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <WithCurrentUser>
            <Frame>{children.read_value()()}</Frame>
        </WithCurrentUser>
    }
}

#[component]
fn AppInner() -> impl IntoView {
    view! {
        // The product name is the same in every language; a static title also avoids reading
        // the i18n context while leptos_meta renders the head after the page (which could race
        // with the page's disposal under load).
        <Title text="Draagkracht" />
        <Router>
            <Routes fallback=|| view! { <Page><NotFound /></Page> }>
                <Route path=path!("/") view=|| view! { <Page><HomePage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/login") view=|| view! { <Page><LoginPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/login/code") view=|| view! { <Page><LoginCodePage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/login/enrol") view=|| view! { <Page><EnrolAtLoginPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/account") view=|| view! { <Page><AccountPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/account/two-factor") view=|| view! { <Page><AppSetupPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/account/recovery-codes") view=|| view! { <Page><RecoveryCodesPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin") view=|| view! { <Page><AdminPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin/access-log") view=|| view! { <Page><AccessLogPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin/organisation") view=|| view! { <Page><OrganisationSettingsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/:id") view=|| view! { <Page><PersonAdminPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/:id/erase") view=|| view! { <Page><AccountErasurePage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin/retention") view=|| view! { <Page><RetentionPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/admin/archive") view=|| view! { <Page><ArchivePage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/caseload") view=|| view! { <Page><MyCaseloadPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/clients/:id") view=|| view! { <Page><ClientPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/clients/:id/erase") view=|| view! { <Page><ClientErasurePage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/balance") view=|| view! { <Page><TeamBalancePage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/clients") view=|| view! { <Page><TeamClientsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/handover/:user") view=|| view! { <Page><HandoverPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/import") view=|| view! { <Page><ImportPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/signals") view=|| view! { <Page><MySignalsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/help") view=|| view! { <Page><HelpPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/help/signals/:id") view=|| view! { <Page><SignalHelpPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/proposals") view=|| view! { <Page><ProposalsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/limits") view=|| view! { <Page><LimitsEditorPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/signals") view=|| view! { <Page><TeamSignalsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/sessions") view=|| view! { <Page><SessionsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/sessions/:id") view=|| view! { <Page><SessionPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/sessions/:id/run") view=|| view! { <Page><RunnerPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/teams/:team/sessions/new") view=|| view! { <Page><PlanSessionPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/methods") view=|| view! { <Page><MethodLibraryPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/methods/new") view=|| view! { <Page><MethodFormPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/methods/:id/edit") view=|| view! { <Page><MethodFormPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/notifications") view=|| view! { <Page><NotificationsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/visits") view=|| view! { <Page><VisitsPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/availability") view=|| view! { <Page><AvailabilityPage /></Page> } ssr=SsrMode::Async />
                <Route path=path!("/set-password/:token") view=|| view! { <Page><SetPasswordPage /></Page> } ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
