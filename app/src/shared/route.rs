//! Reading the route: the record a page is about.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::shared::ids::TeamId;

/// The `:team` segment of the route, when it is a number.
pub fn team_param() -> Memo<Option<TeamId>> {
    id_param("team")
}

/// The segment `name` of the route as a record id, when it reads as one.
pub fn id_param<T>(name: &'static str) -> Memo<Option<T>>
where
    T: std::str::FromStr + Clone + Send + Sync + PartialEq + 'static,
{
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|t| t.parse().ok())))
}
