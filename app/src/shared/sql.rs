//! Small helpers for writing SQL that both databases read.

/// Trusted integer ids (never user text) for an `IN (…)` list; `-1` matches nothing.
pub fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        "-1".to_owned()
    } else {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
