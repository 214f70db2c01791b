-- Turen bij de Buren: teams that accept visits, their offers and slots, bookings with a
-- kijkvraag, requests, and the reflections afterwards.

-- Whether teams of other organisations see a team is `organisations.visible_to_neighbours`,
-- set by the organisation's admin; what the team does is `teams.kind_of_work`.

-- A team's entry in the neighbours directory, and its yearly target.
CREATE TABLE visit_profiles (
    team_id INTEGER PRIMARY KEY REFERENCES teams(id),
    accepts_visits BOOLEAN NOT NULL DEFAULT TRUE,
    region TEXT NOT NULL DEFAULT '',
    what_to_see TEXT NOT NULL DEFAULT '',
    contact_id INTEGER REFERENCES users(id),
    host_target INTEGER NOT NULL DEFAULT 2 CHECK (host_target >= 0),
    visit_target INTEGER NOT NULL DEFAULT 2 CHECK (visit_target >= 0)
);

CREATE TABLE visit_requests (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    wish TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    closed_at TEXT
);

CREATE TABLE visit_offers (
    id INTEGER PRIMARY KEY,
    host_team_id INTEGER NOT NULL REFERENCES teams(id),
    theme TEXT NOT NULL,
    what_to_see TEXT NOT NULL,
    location TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    -- The request this offer answers, if any.
    request_id INTEGER REFERENCES visit_requests(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX visit_offers_host ON visit_offers(host_team_id);

-- `taken` counts the visitors of bookings that hold places; it never exceeds `capacity`.
CREATE TABLE visit_slots (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES visit_offers(id),
    starts_at TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    taken INTEGER NOT NULL DEFAULT 0,
    CHECK (taken >= 0 AND taken <= capacity)
);
CREATE INDEX visit_slots_offer ON visit_slots(offer_id, starts_at);

CREATE TABLE visit_bookings (
    id INTEGER PRIMARY KEY,
    slot_id INTEGER NOT NULL REFERENCES visit_slots(id),
    visiting_team_id INTEGER NOT NULL REFERENCES teams(id),
    question TEXT NOT NULL,
    places INTEGER NOT NULL CHECK (places > 0),
    status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
    reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX visit_bookings_slot ON visit_bookings(slot_id);
CREATE INDEX visit_bookings_team ON visit_bookings(visiting_team_id);

CREATE TABLE visit_visitors (
    booking_id INTEGER NOT NULL REFERENCES visit_bookings(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (booking_id, user_id)
);

-- One reflection per side; shared with the whole organisation only when both sides agree.
CREATE TABLE visit_reflections (
    booking_id INTEGER NOT NULL REFERENCES visit_bookings(id),
    side TEXT NOT NULL CHECK (side IN ('host', 'visitor')),
    struck TEXT NOT NULL,
    take_away TEXT NOT NULL,
    share_wider BOOLEAN NOT NULL DEFAULT FALSE,
    written_by INTEGER NOT NULL REFERENCES users(id),
    written_at TEXT NOT NULL,
    PRIMARY KEY (booking_id, side)
);

-- A proposal may now propose a neighbour visit. SQLite cannot change a CHECK in place, so the
-- table is rebuilt; the rows that refer to it are set aside and put back in the same
-- transaction, so no foreign key is ever broken.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE kept_decisions AS SELECT * FROM proposal_decisions;
CREATE TEMP TABLE kept_session_links AS SELECT id, proposal_id FROM sessions WHERE proposal_id IS NOT NULL;
DELETE FROM proposal_decisions;
UPDATE sessions SET proposal_id = NULL WHERE proposal_id IS NOT NULL;
CREATE TABLE proposals_rebuilt (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    kind TEXT NOT NULL,
    proposes TEXT NOT NULL CHECK (proposes IN ('caseload_talk', 'intervision', 'moral_deliberation', 'neighbour_visit')),
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
INSERT INTO proposals_rebuilt SELECT * FROM proposals;
DROP TABLE proposals;
ALTER TABLE proposals_rebuilt RENAME TO proposals;
CREATE INDEX proposals_team ON proposals(team_id, status);
CREATE INDEX proposals_audience ON proposals(audience_user_id, status);
CREATE UNIQUE INDEX proposals_one_live ON proposals(team_id, kind, subject_kind, subject_id, audience_user_id)
    WHERE status IN ('open', 'accepted', 'snoozed');
INSERT INTO proposal_decisions SELECT * FROM kept_decisions;
UPDATE sessions SET proposal_id = (SELECT k.proposal_id FROM kept_session_links k WHERE k.id = sessions.id)
    WHERE id IN (SELECT id FROM kept_session_links);
DROP TABLE kept_decisions;
DROP TABLE kept_session_links;
