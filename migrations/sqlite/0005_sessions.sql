-- Sessions (bijeenkomsten): the method library, planning with availability, invitations,
-- preparation, the runner's state, outcomes, anonymous evaluations, calendar feeds and
-- in-app notifications.

-- How often the team wants intervision, in weeks; NULL when it has no cadence.
ALTER TABLE teams ADD COLUMN intervision_every_weeks INTEGER;

-- A method is data. Seeded methods carry a `seed_key` and belong to nobody; a team's or
-- organisation's own methods carry their owner.
CREATE TABLE methods (
    id INTEGER PRIMARY KEY,
    seed_key TEXT UNIQUE,
    organisation_id INTEGER REFERENCES organisations(id),
    team_id INTEGER REFERENCES teams(id),
    kind TEXT NOT NULL CHECK (kind IN ('intervision', 'moral_deliberation')),
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    roles TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE method_steps (
    method_id INTEGER NOT NULL REFERENCES methods(id),
    position INTEGER NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    purpose_nl TEXT NOT NULL,
    purpose_en TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    PRIMARY KEY (method_id, position)
);

-- `starts_at` is NULL while no time has been chosen yet.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    kind TEXT NOT NULL CHECK (kind IN ('intervision', 'moral_deliberation')),
    method_id INTEGER NOT NULL REFERENCES methods(id),
    facilitator_id INTEGER NOT NULL REFERENCES users(id),
    presenter_id INTEGER NOT NULL REFERENCES users(id),
    client_id INTEGER REFERENCES clients(id),
    question TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    starts_at TEXT,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    proposal_id INTEGER REFERENCES proposals(id),
    insights TEXT NOT NULL DEFAULT '',
    follow_up_on DATE,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sessions_team ON sessions(team_id, starts_at);
CREATE UNIQUE INDEX sessions_proposal ON sessions(proposal_id) WHERE proposal_id IS NOT NULL;

-- Everyone invited, the facilitator and presenter included; `answer` is pending, yes or no.
CREATE TABLE session_participants (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    answer TEXT NOT NULL CHECK (answer IN ('pending', 'yes', 'no')),
    answered_at TEXT,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX session_participants_user ON session_participants(user_id);

CREATE TABLE session_signals (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    signal_id INTEGER NOT NULL REFERENCES stuck_signals(id),
    PRIMARY KEY (session_id, signal_id)
);

CREATE TABLE session_preparations (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    prompt INTEGER NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (session_id, prompt)
);

-- The runner's state lives here, so a reload (or another server) picks up where it was.
CREATE TABLE session_runs (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    step INTEGER NOT NULL,
    step_started_at TEXT NOT NULL,
    extra_seconds INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL
);

CREATE TABLE session_step_notes (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    position INTEGER NOT NULL,
    notes TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE session_actions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    owner_id INTEGER NOT NULL REFERENCES users(id),
    description TEXT NOT NULL,
    due_on DATE,
    done_at TEXT
);
CREATE INDEX session_actions_owner ON session_actions(owner_id, done_at);

-- Who evaluated and what they said are kept apart, so an answer cannot be traced to a person.
CREATE TABLE session_evaluators (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (session_id, user_id)
);
CREATE TABLE session_evaluations (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    helped INTEGER NOT NULL CHECK (helped BETWEEN 1 AND 5),
    felt_safe INTEGER NOT NULL CHECK (felt_safe BETWEEN 1 AND 5),
    word TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_evaluations_session ON session_evaluations(session_id);

-- Weekly availability in Amsterdam local time; weekday 1 is Monday. Times are 'HH:MM'.
CREATE TABLE availability_windows (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts TEXT NOT NULL,
    ends TEXT NOT NULL
);
CREATE INDEX availability_windows_user ON availability_windows(user_id);

CREATE TABLE absences (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    first_day DATE NOT NULL,
    last_day DATE NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('leave', 'training', 'other'))
);
CREATE INDEX absences_user ON absences(user_id, last_day);

-- A private calendar feed per person; only the hash of its token is kept.
CREATE TABLE calendar_tokens (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions(id),
    created_at TEXT NOT NULL,
    read_at TEXT,
    emailed_at TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);
-- A reminder is sent once per person and session.
CREATE UNIQUE INDEX notifications_one_reminder ON notifications(user_id, session_id, kind) WHERE kind = 'reminder';
