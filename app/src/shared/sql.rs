//! Small helpers for writing SQL that both databases read.

/// Trusted integer ids (never user text) for an `IN (…)` list; `-1` matches nothing.
pub fn id_list<Id: Into<i64> + Copy>(ids: &[Id]) -> String {
    if ids.is_empty() {
        "-1".to_owned()
    } else {
        ids.iter()
            .map(|&id| id.into().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
