-- An email address is unique within an organisation, not across them: a professional may work
-- for two care organisations, and an admin creating an account must learn nothing about
-- another organisation's accounts.
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD CONSTRAINT users_organisation_id_email_key UNIQUE (organisation_id, email);
CREATE INDEX users_email ON users(email);
