//! The dependency rule of `docs/ARCHITECTURE.md`, read from the source.
//!
//! - The foundation (errors, the database, the app state, shared helpers and widgets) uses no
//!   capability.
//! - Capabilities form a ladder: each may use those below it, never one above it, so there is
//!   no cycle between them.
//! - From another capability only the public face may be used: models, DTOs (`views`), texts,
//!   server functions and pages; never a store or a service.
//! - The few entry points named in [`ENTRY_POINTS`] are the exceptions: server-side ways in
//!   that any capability may call, each for a stated reason.
//! - The shell (the router and the page frame) may use every capability's pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules every capability may use; they use no capability themselves.
const FOUNDATION: &[&str] = &["error", "i18n", "db", "state", "jobs", "shared", "ui"];

/// Capabilities from the bottom of the ladder up.
const LADDER: &[&str] = &[
    "auth",
    // Who did what to which record; every capability records there.
    "audit",
    "notifications",
    // One's own account: password, sign-ins, language; a changed password is told.
    "account",
    "calendar",
    "teams",
    // The organisation's settings: neighbours, facilitator pool, second factors.
    "organisation",
    "caseload",
    "signals",
    "limits",
    "sessions",
    // Getting a colleague's help: asking someone to look along, offering to.
    "help",
    "visits",
    // Data rights: one's own data as a download, erasure, retention.
    "privacy",
    "home",
];

/// At the top: the router and the page frame around every page.
const SHELL: &str = "shell";

/// Server-side parts of a capability that others may call, each for a named reason in
/// `docs/ARCHITECTURE.md`.
const ENTRY_POINTS: &[&str] = &[
    // Every server function authorises through one helper.
    "auth::guard",
    // Tokens for links and feeds are made and hashed one way.
    "auth::links",
    // Passwords are hashed one way.
    "auth::password",
    // An admin sees and resets a person's second factors.
    "auth::second_factor::admin",
    // Anyone may tell a person something.
    "notifications::notify",
    // Whether a person has a feed, and whose a feed token is.
    "calendar::feed",
    // A team's name and people.
    "teams::directory",
    // A team's clients by code, its caseload as the rules see it, a new team's domains.
    "caseload::directory",
    // The signal facts the rules read.
    "signals::facts",
    // After a write, the rules look again.
    "limits::refresh",
    // The proposals sessions plan from, and a case a person brings in.
    "limits::proposals",
    // The slot finder, for a one-to-one that is no session.
    "sessions::availability::finder",
];

/// Path segments that mark a capability's private, server-side inside.
const PRIVATE: &[&str] = &["store", "service", "server"];

/// Uses that break the rule today, each to be removed as the shape is finished (issue 14).
/// The test fails on any use not listed here, and on a listed one that is gone, so the list
/// stays true and only shrinks.
const NOT_YET: &[(&str, &str)] = &[];

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a source file belongs to: `caseload/clients/api.rs` is `caseload`.
fn owner(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .expect("a path inside src")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_string()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads one path (`a::b::c`) from the start of `text`, and its group (`a::{b, c::d}`) if it
/// has one, adding every full path to `out`.
fn read_paths(prefix: &str, text: &str, out: &mut Vec<String>) {
    let mut path = prefix.to_string();
    let mut rest = text;
    loop {
        let ident: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        if ident.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            read_paths(&path, group[start..i].trim_start(), out);
                            return;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            read_paths(&path, group[start..i].trim_start(), out);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
            }
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&ident);
        rest = &rest[ident.len()..];
        match rest.strip_prefix("::") {
            Some(more) => rest = more,
            None => break,
        }
    }
    if !path.is_empty() && path != "self" {
        out.push(path.trim_end_matches("::self").to_string());
    }
}

/// Every `crate::…` path a file names outside its comments.
fn crate_paths(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut from = 0;
        while let Some(at) = line[from..].find("crate::") {
            let start = from + at;
            let before = line[..start].chars().next_back();
            from = start + "crate::".len();
            if before.is_some_and(|c| is_ident(c) || c == '$') {
                continue;
            }
            read_paths("", &line[from..], &mut out);
        }
    }
    out
}

/// The macros `execute!` and `on_db!` are the database's.
fn target(path: &str) -> String {
    let first = path.split("::").next().unwrap_or_default();
    match first {
        "execute" | "on_db" => "db".to_string(),
        other => other.to_string(),
    }
}

/// A store or a service, also when named for its part (`cadence_service`).
fn is_private(segment: &str) -> bool {
    PRIVATE.contains(&segment) || PRIVATE.iter().any(|p| segment.ends_with(&format!("_{p}")))
}

/// An entry point may be called from anywhere, down the ladder or up: it is the named way in.
fn is_entry_point(path: &str) -> bool {
    ENTRY_POINTS
        .iter()
        .any(|e| path == *e || path.starts_with(&format!("{e}::")))
}

fn rank(module: &str) -> Option<usize> {
    if FOUNDATION.contains(&module) {
        return Some(0);
    }
    if module == SHELL {
        return Some(LADDER.len() + 1);
    }
    LADDER.iter().position(|c| *c == module).map(|i| i + 1)
}

/// Each use of another module that the rule forbids, as `(from, path)`.
fn violations() -> BTreeSet<(String, String)> {
    let root = source_root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let relative = file.strip_prefix(&root).expect("inside src");
        let from = owner(relative);
        if from == "lib" || from == "layering" {
            continue;
        }
        let from_rank = rank(&from).unwrap_or_else(|| panic!("{from} is on no rung of the ladder"));
        let source = std::fs::read_to_string(&file).expect("source file");
        for path in crate_paths(&source) {
            let to = target(&path);
            if to == from {
                continue;
            }
            let Some(to_rank) = rank(&to) else { continue };
            if is_entry_point(&path) {
                continue;
            }
            let upward = to_rank > from_rank;
            let inner = path.split("::").skip(1).any(is_private);
            if upward || inner {
                found.insert((from.clone(), shorten(&path)));
            }
        }
    }
    found
}

/// A path up to its private part or, for an upward use, its module: what the rule is about.
fn shorten(path: &str) -> String {
    let parts: Vec<&str> = path.split("::").collect();
    let end = parts
        .iter()
        .position(|s| is_private(s))
        .map(|i| i + 1)
        .unwrap_or(parts.len().min(3));
    parts[..end].join("::")
}

#[test]
fn capabilities_use_only_what_is_below_them_and_public() {
    let found = violations();
    let known: BTreeSet<(String, String)> = NOT_YET
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        new.is_empty(),
        "uses that break the dependency rule (see docs/ARCHITECTURE.md):\n{}",
        new.iter()
            .map(|(a, b)| format!("    (\"{a}\", \"{b}\"),"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        gone.is_empty(),
        "fixed, so take these out of NOT_YET: {gone:?}"
    );
}

/// Reads every capability-to-capability use, leaving out the listed ones still to fix, and
/// finds no cycle: the ladder is real.
#[test]
fn there_is_no_cycle_between_capabilities() {
    let root = source_root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let known: BTreeSet<(&str, &str)> = NOT_YET.iter().copied().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let from = owner(file.strip_prefix(&root).expect("inside src"));
        let source = std::fs::read_to_string(&file).expect("source file");
        for path in crate_paths(&source) {
            let to = target(&path);
            let short = shorten(&path);
            if to != from
                && LADDER.contains(&to.as_str())
                && LADDER.contains(&from.as_str())
                && !known.contains(&(from.as_str(), short.as_str()))
                && !is_entry_point(&path)
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        trail: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = trail.iter().position(|n| n == node) {
            let mut cycle = trail[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        trail.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, trail, done) {
                return Some(cycle);
            }
        }
        trail.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for start in LADDER {
        let cycle = visit(start, &edges, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "a cycle between capabilities: {}",
            cycle.unwrap_or_default().join(" -> ")
        );
    }
}

#[test]
fn paths_are_read_with_their_groups() {
    let found = crate_paths(
        "use crate::{execute, on_db};\nuse crate::a::{b::C, d::{e, f}};\n// crate::x::y\nlet _ = $crate::db::x; crate::sessions::plan::store::x(1);",
    );
    assert_eq!(
        found,
        vec![
            "execute",
            "on_db",
            "a::b::C",
            "a::d::e",
            "a::d::f",
            "sessions::plan::store::x"
        ]
    );
}
