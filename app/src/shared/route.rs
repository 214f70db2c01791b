//! Reading the route: the team a team page is about.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::shared::ids::TeamId;

/// The `:team` segment of the route, when it is a number.
pub fn team_param() -> Memo<Option<TeamId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("team").and_then(|t| t.parse().ok())))
}
