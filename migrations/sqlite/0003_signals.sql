-- Stuck signals, movement, and the proposals the rule engine makes from a team's limits.
-- A signal's note and what helped belong to its author alone: queries for anyone else never
-- select those columns.

CREATE TABLE stuck_signals (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    client_id INTEGER REFERENCES clients(id),
    intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
    -- Kinds of work, comma-separated codes (role, relationship, ...).
    kinds TEXT NOT NULL DEFAULT '',
    strain TEXT CHECK (strain IN ('context', 'relational', 'energy', 'identity')),
    reaction TEXT CHECK (reaction IN ('carry_on', 'do_more', 'refer', 'withdraw', 'take_over', 'slow_down')),
    moral_dilemma BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'leader', 'team')),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    helped TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stuck_signals_team ON stuck_signals(team_id, created_at);
CREATE INDEX stuck_signals_author ON stuck_signals(author_id, created_at);

CREATE TABLE movements (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    client_id INTEGER NOT NULL REFERENCES clients(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    noted_on DATE NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX movements_client ON movements(client_id, noted_on);
CREATE INDEX movements_team ON movements(team_id);

-- An invitation to talk. `audience_user_id` is the one person a private proposal goes to;
-- NULL means the team leader(s). `evidence` lists the signal ids that counted.
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    kind TEXT NOT NULL,
    proposes TEXT NOT NULL CHECK (proposes IN ('caseload_talk', 'intervision', 'moral_deliberation')),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('member', 'client', 'team')),
    subject_id INTEGER NOT NULL,
    audience_user_id INTEGER NOT NULL,
    measured REAL NOT NULL,
    threshold REAL NOT NULL,
    window_weeks INTEGER,
    evidence TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'snoozed')),
    snoozed_until DATE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX proposals_team ON proposals(team_id, status);
CREATE INDEX proposals_audience ON proposals(audience_user_id, status);
-- At most one live proposal per subject, reason and audience, even when the background job
-- and a write evaluate the same team at once. Team subjects and the leader audience are 0.
CREATE UNIQUE INDEX proposals_one_live ON proposals(team_id, kind, subject_kind, subject_id, audience_user_id)
    WHERE status IN ('open', 'accepted', 'snoozed');

-- Every decision is kept, with its reason.
CREATE TABLE proposal_decisions (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'declined', 'snoozed')),
    reason TEXT NOT NULL DEFAULT '',
    snoozed_until DATE,
    decided_by INTEGER NOT NULL REFERENCES users(id),
    decided_at TEXT NOT NULL
);
CREATE INDEX proposal_decisions_proposal ON proposal_decisions(proposal_id);
