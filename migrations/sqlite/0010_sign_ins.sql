-- Each log-in is a sign-in its person can see and end: on which device, from which address,
-- and when it was last active. A session names its sign-in; a session whose sign-in is gone
-- is no longer signed in, on every server. A sign-in of an older session epoch has ended
-- with all the account's sessions (a new password, deactivation).
CREATE TABLE sign_ins (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    epoch INTEGER NOT NULL,
    device TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sign_ins_user ON sign_ins(user_id);

-- The language a person chose, so it follows them to another device at log-in.
ALTER TABLE users ADD COLUMN language TEXT;
