-- Asking a colleague to look along at a stuck moment ("Vraag iemand om mee te kijken"), or a
-- colleague offering to ("Ik kijk graag mee"). It is between the signal's author and the
-- helper only: no leader, no team figure reads this table.
--
-- `initiative` says who started it: the author asked, or the helper offered. The other side
-- answers yes or no, and a no carries no reason: there is no column for one. Once accepted,
-- either side may pick a time for a short one-to-one (`starts_at`, `minutes`).
-- A signal that is erased takes its requests along, and a request its notifications.
CREATE TABLE help_requests (
    id INTEGER PRIMARY KEY,
    signal_id INTEGER NOT NULL REFERENCES stuck_signals(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    helper_id INTEGER NOT NULL REFERENCES users(id),
    initiative TEXT NOT NULL CHECK (initiative IN ('asked', 'offered')),
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn')),
    question TEXT NOT NULL DEFAULT '',
    starts_at TEXT,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    created_at TEXT NOT NULL,
    answered_at TEXT,
    CHECK (author_id <> helper_id)
);
-- One request per signal and colleague: asking again after a no would press them.
CREATE UNIQUE INDEX help_requests_once ON help_requests(signal_id, helper_id);
CREATE INDEX help_requests_helper ON help_requests(helper_id, status);
CREATE INDEX help_requests_author ON help_requests(author_id, status);

ALTER TABLE notifications ADD COLUMN help_request_id INTEGER REFERENCES help_requests(id) ON DELETE CASCADE;
CREATE INDEX notifications_help ON notifications(help_request_id);
