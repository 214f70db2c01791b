-- Trust: ending an account's sessions, and background jobs that run once across servers.

-- Raised whenever an account's sessions must end (a new password link, a password set through a
-- link, deactivation or reactivation); a session remembers the epoch it was made in.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- A decided proposal is finished: only open and snoozed ones are live, so that when the
-- situation comes back after an acceptance the rules can make a new proposal.
DROP INDEX proposals_one_live;
CREATE UNIQUE INDEX proposals_one_live ON proposals(team_id, kind, subject_kind, subject_id, audience_user_id)
    WHERE status IN ('open', 'snoozed');

-- Evaluations are kept only as sums per session, so that no stored answer can be tied to the
-- person who gave it (not by order, not by transaction). What readers see is published in
-- steps of three: `published_*` is the tally as it was at the last multiple of three.
CREATE TABLE session_evaluation_tallies (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    given_count INTEGER NOT NULL DEFAULT 0,
    helped_sum INTEGER NOT NULL DEFAULT 0,
    felt_safe_sum INTEGER NOT NULL DEFAULT 0,
    words TEXT NOT NULL DEFAULT '[]',
    published_count INTEGER NOT NULL DEFAULT 0,
    published_helped_sum INTEGER NOT NULL DEFAULT 0,
    published_felt_safe_sum INTEGER NOT NULL DEFAULT 0,
    published_words TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO session_evaluation_tallies (session_id, given_count, helped_sum, felt_safe_sum, words)
SELECT e.session_id, COUNT(*), SUM(e.helped), SUM(e.felt_safe),
       (SELECT json_group_array(w.word) FROM (SELECT word FROM session_evaluations x
            WHERE x.session_id = e.session_id AND x.word <> '' ORDER BY x.word) w)
FROM session_evaluations e GROUP BY e.session_id;
-- What was already shown (three or more) stays shown.
UPDATE session_evaluation_tallies SET published_count = given_count, published_helped_sum = helped_sum,
    published_felt_safe_sum = felt_safe_sum, published_words = words WHERE given_count >= 3;
DROP TABLE session_evaluations;

-- Background jobs run once per tick across all app servers: the first to move `last_run_at`
-- forward runs it.
CREATE TABLE job_runs (
    job TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL
);

-- Notification emails: claimed for a while (a crashed sender's claim runs out and another
-- server sends it), retried with a growing delay after a failure.
ALTER TABLE notifications ADD COLUMN email_claimed_at TEXT;
ALTER TABLE notifications ADD COLUMN email_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN email_retry_at TEXT;
