-- Two-factor log-in: an authenticator app (TOTP) per account, with one-time recovery codes.

-- One authenticator per account. It counts once confirmed with a code from the app; until
-- then it is an enrolment in progress. `last_step` is the time step of the last code used, so
-- no code works twice.
CREATE TABLE totp_factors (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    secret TEXT NOT NULL,
    confirmed_at TEXT,
    last_step INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- Recovery codes are stored as hashes only; each works once.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- Who must log in with a second factor: no one yet, the roles that see client data, or everyone.
ALTER TABLE organisations ADD COLUMN second_factor_rule TEXT NOT NULL DEFAULT 'off'
    CHECK (second_factor_rule IN ('off', 'client_roles', 'everyone'));
