//! The limits editor's preview (`preview_limits`): worked out on the server over what the
//! leader may see, with the limits as typed; it saves nothing, and only the leader asks.

use app::limits::api::{LimitsEditor, PreviewLimits};
use app::limits::rules::evaluate;
use app::limits::views::{LimitInput, LimitsOverview, LimitsPreview, parse_limit_rows};
use axum::http::StatusCode;
use chrono::Utc;

use crate::common::Backend;
use crate::fixtures::{Noord, noord};
use app::error::{AppError, FieldProblem};

async fn editor(n: &Noord) -> LimitsOverview {
    n.app
        .send_ok(Some(&n.leader), LimitsEditor { team: n.team_id })
        .await
}

async fn preview(n: &Noord, who: Option<&str>, rows: &[LimitInput]) -> crate::common::Reply {
    let args = PreviewLimits {
        team: n.team_id,
        rows: rows.to_vec(),
    };
    n.app
        .call_json(
            "preview_limits",
            who,
            serde_json::to_value(args).expect("json"),
        )
        .await
}

/// What the rules find with these limits over what the leader sees of the team, as saving
/// them and opening the editor again would show.
fn found(overview: &LimitsOverview, rows: &[LimitInput]) -> LimitsPreview {
    let limits = parse_limit_rows(rows).expect("valid rows");
    LimitsPreview::of(&evaluate(&overview.snapshot, &limits, Utc::now()))
}

async fn written(n: &Noord) -> [i64; 3] {
    [
        n.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.limits'")
            .await,
        n.app.count("SELECT COUNT(*) FROM proposals").await,
        n.app.count("SELECT COUNT(*) FROM team_limits").await,
    ]
}

async fn the_preview_counts_what_the_limits_as_typed_would_find(backend: Backend) {
    let n = noord(backend).await;
    let before = editor(&n).await;
    let as_saved: Vec<LimitInput> = before.limits.iter().map(LimitInput::from_limit).collect();
    // Every limit on, at its lowest: the rules find the most they can.
    let lowest: Vec<LimitInput> = before
        .limits
        .iter()
        .map(|l| LimitInput {
            threshold: format!("{}", l.kind.bounds().0),
            active: true,
            ..LimitInput::from_limit(l)
        })
        .collect();
    let writes = written(&n).await;

    let mut counts = Vec::new();
    for rows in [&as_saved, &lowest] {
        let reply = preview(&n, Some(&n.leader), rows).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let previewed: LimitsPreview = serde_json::from_str(&reply.body).expect("a preview");
        assert_eq!(previewed, found(&before, rows));
        assert_eq!(
            previewed.count,
            previewed.per.iter().map(|(_, n)| n).sum::<usize>()
        );
        counts.push(previewed.count);
    }
    assert!(
        counts[1] > counts[0],
        "the limits as typed count, not the saved ones: {counts:?}"
    );
    assert_eq!(written(&n).await, writes, "a preview saves nothing");
    assert_eq!(editor(&n).await.limits, before.limits);

    // Saved, the editor finds just what the preview said.
    let reply = n
        .app
        .call_json(
            "save_limits",
            Some(&n.leader),
            serde_json::json!({ "team": n.team_id, "rows": lowest }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let after = editor(&n).await;
    let saved: Vec<LimitInput> = after.limits.iter().map(LimitInput::from_limit).collect();
    assert_eq!(found(&after, &saved).count, counts[1]);

    // A problem in a row is reported at its field.
    let typed = before
        .limits
        .iter()
        .position(|l| l.kind.bounds().0 < l.kind.bounds().1)
        .expect("a limit with a threshold to type");
    let mut wrong = as_saved.clone();
    wrong[typed].threshold = "veel".to_owned();
    let reply = preview(&n, Some(&n.leader), &wrong).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let err: AppError = serde_json::from_str(&reply.body).expect("an error");
    assert_eq!(
        err.at_field(&format!("{}.threshold", wrong[typed].kind)),
        Some(FieldProblem::OutOfRange),
        "{err:?}"
    );
}

/// A member of the team may not see what the team's limits would find, and asking saves
/// nothing.
async fn only_the_leader_previews_limits(backend: Backend) {
    let n = noord(backend).await;
    let before = editor(&n).await;
    let lowest: Vec<LimitInput> = before
        .limits
        .iter()
        .map(|l| LimitInput {
            threshold: format!("{}", l.kind.bounds().0),
            active: true,
            ..LimitInput::from_limit(l)
        })
        .collect();
    let writes = written(&n).await;
    for who in [&n.mehmet, &n.sanne] {
        let reply = preview(&n, Some(who), &lowest).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        let err: AppError = serde_json::from_str(&reply.body).expect("an error");
        assert_eq!(err, AppError::Forbidden);
    }
    let reply = preview(&n, None, &lowest).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    assert_eq!(written(&n).await, writes);
    assert_eq!(editor(&n).await.limits, before.limits);
}

on_both_databases!(
    the_preview_counts_what_the_limits_as_typed_would_find,
    only_the_leader_previews_limits,
);
