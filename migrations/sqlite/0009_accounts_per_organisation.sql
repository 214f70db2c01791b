-- An email address is unique within an organisation, not across them: a professional may work
-- for two care organisations, and an admin creating an account must learn nothing about
-- another organisation's accounts. SQLite cannot drop a column constraint, so the table is
-- rebuilt under deferred foreign keys: the rows are set aside, the table is made anew with the
-- same ids, and every row that refers to an account finds it again before the commit.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE kept_users AS SELECT id, organisation_id, email, display_name, password_hash,
    is_admin, in_facilitator_pool, active, created_at, session_epoch FROM users;
DROP TABLE users;
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    in_facilitator_pool BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    session_epoch INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organisation_id, email)
);
INSERT INTO users (id, organisation_id, email, display_name, password_hash, is_admin,
    in_facilitator_pool, active, created_at, session_epoch)
SELECT id, organisation_id, email, display_name, password_hash, is_admin,
    in_facilitator_pool, active, created_at, session_epoch FROM kept_users;
DROP TABLE kept_users;
CREATE INDEX users_organisation ON users(organisation_id);
CREATE INDEX users_email ON users(email);
