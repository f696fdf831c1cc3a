-- 011: one account per person; sensitive role grants that wait for a second
-- administrator; API token expiry and last use; a session's absolute
-- lifetime. (Issue 13: accounts, sign-in, API tokens.)

-- One account per person (accounts without a person stay unlimited: NULLs
-- are distinct). An existing database holding two accounts for one person
-- stops here: disable and unlink one (probity user) before upgrading.
CREATE UNIQUE INDEX accounts_one_per_person ON accounts(person_id);

CREATE TABLE role_grants (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	role         TEXT NOT NULL,
	requested_by INTEGER NOT NULL REFERENCES accounts(id),
	requested_at TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
	decided_by   INTEGER REFERENCES accounts(id),
	decided_at   TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX role_grants_one_pending ON role_grants(account_id, role) WHERE status = 'pending';

ALTER TABLE api_tokens ADD COLUMN expires INTEGER NOT NULL DEFAULT 0;      -- unix time
ALTER TABLE api_tokens ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;    -- unix time; 0 never
-- tokens made before expiry existed get the default 90 days from creation
UPDATE api_tokens SET expires = CAST(EXTRACT(EPOCH FROM CAST(created_at AS timestamptz)) AS BIGINT) + 7776000;
CREATE INDEX api_tokens_account ON api_tokens(account_id);

INSERT INTO config(key, value) VALUES
	('session.absolute_seconds', '43200'),
	('api.token_days', '90');
