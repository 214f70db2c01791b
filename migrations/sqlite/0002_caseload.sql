-- Caseload mix: the team's settings and domains, clients (pseudonymous codes only), assignment
-- history, care-avoidance observations, personal limits and team limits (as data rows, so the
-- rule engine can read them). Dates are calendar dates; timestamps are UTC written by the app.

ALTER TABLE teams ADD COLUMN norm_per_fte REAL NOT NULL DEFAULT 30.0;
ALTER TABLE teams ADD COLUMN secondary_fraction REAL NOT NULL DEFAULT 0.5;
ALTER TABLE teams ADD COLUMN members_see_balance BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE memberships ADD COLUMN capacity_override REAL;

CREATE TABLE domains (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    name TEXT NOT NULL,
    UNIQUE (team_id, name)
);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    code TEXT NOT NULL,
    weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 5),
    start_date DATE NOT NULL,
    end_date DATE,
    status TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (team_id, code)
);
CREATE INDEX clients_team ON clients(team_id, status);

CREATE TABLE client_domains (
    client_id INTEGER NOT NULL REFERENCES clients(id),
    domain_id INTEGER NOT NULL REFERENCES domains(id),
    PRIMARY KEY (client_id, domain_id)
);

-- History: the current assignment has no end. A client has at most one current primary and
-- one current secondary professional.
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('primary', 'secondary')),
    from_date DATE NOT NULL,
    to_date DATE,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX assignments_client ON assignments(client_id);
CREATE INDEX assignments_user ON assignments(user_id);
CREATE UNIQUE INDEX assignments_one_current ON assignments(client_id, role) WHERE to_date IS NULL;

CREATE TABLE avoidance_observations (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    observed_on DATE NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    perspective TEXT NOT NULL CHECK (perspective IN ('professional', 'family', 'third_party', 'client')),
    note TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX avoidance_client ON avoidance_observations(client_id, observed_on);

CREATE TABLE personal_limits (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    team_id INTEGER NOT NULL REFERENCES teams(id),
    kind TEXT NOT NULL CHECK (kind IN ('domain', 'avoiders', 'clients')),
    domain_id INTEGER REFERENCES domains(id),
    min_level INTEGER,
    max_count INTEGER NOT NULL CHECK (max_count >= 0),
    shared BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);
CREATE INDEX personal_limits_user ON personal_limits(user_id, team_id);

-- One row per limit a team sets. `threshold` is the number the rule compares against,
-- `window_weeks` the period for time-based kinds, `proposes` the session kind it suggests.
CREATE TABLE team_limits (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    kind TEXT NOT NULL,
    threshold REAL NOT NULL,
    window_weeks INTEGER,
    proposes TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TEXT NOT NULL,
    UNIQUE (team_id, kind)
);
