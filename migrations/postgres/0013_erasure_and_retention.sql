-- Erasure and retention (AVG articles 5 and 17).
--
-- An erased account keeps its row, so the work it did (sessions it led, clients it handed
-- over) stays attributed to "oud-medewerker"; erased_at marks it and keeps it from returning.
ALTER TABLE users ADD COLUMN erased_at TIMESTAMPTZ;

-- Each organisation sets how long it keeps what it no longer needs; the README explains the
-- defaults. A daily job applies them.
ALTER TABLE organisations ADD COLUMN retention_closed_clients_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE organisations ADD COLUMN retention_signal_notes_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE organisations ADD COLUMN retention_login_attempts_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE organisations ADD COLUMN retention_notifications_months INTEGER NOT NULL DEFAULT 6;
ALTER TABLE organisations ADD COLUMN retention_session_notes_months INTEGER NOT NULL DEFAULT 24;
ALTER TABLE organisations ADD COLUMN retention_access_log_months INTEGER NOT NULL DEFAULT 60;

CREATE INDEX clients_closed ON clients(status, end_date);
CREATE INDEX login_attempts_time ON login_attempts(attempted_at);
CREATE INDEX notifications_created ON notifications(created_at);
-- Erasing a client (by hand or by retention) finds what names it without reading every row.
CREATE INDEX stuck_signals_client ON stuck_signals(client_id);
CREATE INDEX sessions_client ON sessions(client_id);
CREATE INDEX proposals_subject ON proposals(subject_kind, subject_id);
CREATE INDEX audit_log_at ON audit_log(at);
