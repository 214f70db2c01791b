-- The background rule job reads every team's recent signals at once; without this index it
-- reads all signals ever written.
CREATE INDEX stuck_signals_created ON stuck_signals(created_at);
