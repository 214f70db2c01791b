-- Foundation: organisations, teams, accounts, memberships, one-time links, login attempts, audit.
-- Timestamps are written by the application in UTC (never DEFAULT CURRENT_TIMESTAMP), so both
-- databases store and compare them the same way.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    visible_to_neighbours BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    in_facilitator_pool BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);
CREATE INDEX users_organisation ON users(organisation_id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    kind_of_work TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE memberships (
    team_id INTEGER NOT NULL REFERENCES teams(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('leader', 'member', 'facilitator')),
    fte REAL NOT NULL DEFAULT 1.0,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    account_key TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    attempted_at TEXT NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts(account_key, attempted_at);
CREATE INDEX login_attempts_client ON login_attempts(client_addr, attempted_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    actor_user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX audit_log_organisation ON audit_log(organisation_id, at);
