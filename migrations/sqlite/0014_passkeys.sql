-- Passkeys (WebAuthn) as a second factor; a person may register several.

-- `credential` is the passkey as the WebAuthn library keeps it (JSON: the public key, its
-- algorithm and signature counter); `credential_id` is its id in base64url, unique across
-- accounts. `user_handle` is the random id the authenticator stores for the account, the same
-- for all of one person's passkeys.
CREATE TABLE passkeys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    credential_id TEXT NOT NULL UNIQUE,
    user_handle TEXT NOT NULL,
    credential TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX passkeys_user ON passkeys(user_id);

-- A registration or log-in with a passkey in progress: the challenge the browser signs. It is
-- taken out (deleted) by the request that finishes it, so each challenge is answered once,
-- however many requests race with the same answer.
CREATE TABLE passkey_ceremonies (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('register', 'log_in')),
    state TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX passkey_ceremonies_user ON passkey_ceremonies(user_id);
