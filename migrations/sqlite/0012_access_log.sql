-- NEN 7513: the audit trail is also the access log. Each entry names the address the request came
-- from and, when it is about a client, that client, so the log can be read per client. Entries
-- are only ever added; nothing in the app changes or removes one, apart from the retention
-- period.
ALTER TABLE audit_log ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client_id INTEGER;
UPDATE audit_log SET client_id = CAST(substr(subject, 8) AS INTEGER) WHERE subject LIKE 'client:%';
CREATE INDEX audit_log_client ON audit_log(client_id, at);
