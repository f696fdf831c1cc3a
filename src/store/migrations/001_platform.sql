-- 001: organisation, accounts, sessions, configuration, access log,
-- and the gifts and hospitality register.

CREATE TABLE units (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE,
	kind      TEXT NOT NULL DEFAULT 'team'
	          CHECK (kind IN ('force', 'directorate', 'area', 'department', 'team')),
	parent_id INTEGER REFERENCES units(id)
);

CREATE TABLE posts (
	id            INTEGER PRIMARY KEY,
	title         TEXT NOT NULL,
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	vetting_level TEXT NOT NULL DEFAULT '',   -- required level, used by vetting (M5)
	UNIQUE (title, unit_id)
);

CREATE TABLE people (
	id           INTEGER PRIMARY KEY,
	staff_number TEXT NOT NULL UNIQUE,
	forenames    TEXT NOT NULL,
	surname      TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('officer', 'staff', 'special', 'volunteer')),
	rank         TEXT NOT NULL DEFAULT '',
	unit_id      INTEGER REFERENCES units(id),
	post_id      INTEGER REFERENCES posts(id),
	manager_id   INTEGER REFERENCES people(id),
	start_date   TEXT NOT NULL DEFAULT '',
	leave_date   TEXT NOT NULL DEFAULT '',
	person_ref   TEXT NOT NULL DEFAULT '',    -- the person's own id in force systems (audit R2)
	chief_officer INTEGER NOT NULL DEFAULT 0  -- chief officers' declarations are publishable
);
CREATE INDEX people_manager ON people(manager_id);
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_surname ON people(surname);

-- Protected characteristics: read by equality reporting only, never by
-- decision pages. Kept apart so a query that joins people cannot reach them.
CREATE TABLE protected_characteristics (
	person_id  INTEGER PRIMARY KEY REFERENCES people(id),
	ethnicity  TEXT NOT NULL DEFAULT 'prefer not to say',
	sex        TEXT NOT NULL DEFAULT 'prefer not to say',
	religion   TEXT NOT NULL DEFAULT 'prefer not to say',
	disability TEXT NOT NULL DEFAULT 'prefer not to say',
	sexual_orientation TEXT NOT NULL DEFAULT 'prefer not to say'
);

CREATE TABLE accounts (
	id           INTEGER PRIMARY KEY,
	username     TEXT NOT NULL UNIQUE,
	person_id    INTEGER REFERENCES people(id),
	pwhash       TEXT NOT NULL,
	disabled     INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,   -- unix time
	created_at   TEXT NOT NULL
);

CREATE TABLE account_roles (
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	role       TEXT NOT NULL,
	PRIMARY KEY (account_id, role)
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,              -- hex of a keyed hash of the cookie token
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	csrf       TEXT NOT NULL,
	created    INTEGER NOT NULL,
	expires    INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	label      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE config (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO config(key, value) VALUES
	('gifts.psd_threshold_pence', '5000'),
	('gifts.record_threshold_pence', '0'),
	('gifts.max_value_pence', '10000000'),
	('session.idle_seconds', '28800'),
	('login.max_failures', '5'),
	('login.lockout_seconds', '900');

-- Hash-chained log of every view or change of a sensitive record.
-- hash = SHA-256(prev hash || the row's fields); verify-log recomputes it.
CREATE TABLE access_log (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	account_id  INTEGER,
	username    TEXT NOT NULL,
	action      TEXT NOT NULL,      -- view, create, update, decide, export, login, refused...
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	outcome     TEXT NOT NULL,      -- ok, refused, failed
	detail      TEXT NOT NULL DEFAULT '',
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
);

CREATE TABLE gifts (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	date_offered    TEXT NOT NULL,
	offeror_org     TEXT NOT NULL DEFAULT '',
	offeror_person  TEXT NOT NULL DEFAULT '',
	kind            TEXT NOT NULL CHECK (kind IN ('gift', 'hospitality', 'other')),
	description     TEXT NOT NULL,
	value_pence     INTEGER NOT NULL CHECK (value_pence >= 0),
	accepted        INTEGER NOT NULL CHECK (accepted IN (0, 1)),
	reason          TEXT NOT NULL DEFAULT '',
	relationship    TEXT NOT NULL DEFAULT '',   -- any business relationship with the offeror
	status          TEXT NOT NULL CHECK (status IN
	                ('awaiting_manager', 'awaiting_psd', 'approved', 'refused', 'recorded')),
	manager_id      INTEGER REFERENCES people(id),
	manager_decision TEXT NOT NULL DEFAULT '',
	manager_comment TEXT NOT NULL DEFAULT '',
	manager_at      TEXT NOT NULL DEFAULT '',
	psd_account_id  INTEGER REFERENCES accounts(id),
	psd_decision    TEXT NOT NULL DEFAULT '',
	psd_comment     TEXT NOT NULL DEFAULT '',
	psd_at          TEXT NOT NULL DEFAULT '',
	publishable     INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT NOT NULL,
	created_by      INTEGER REFERENCES accounts(id),
	submit_key      TEXT UNIQUE,                -- one record per form, however often posted
	import_key      TEXT UNIQUE                 -- one record per imported row, however often imported
);
CREATE INDEX gifts_person ON gifts(person_id, date_offered);
CREATE INDEX gifts_date ON gifts(date_offered);
CREATE INDEX gifts_status ON gifts(status, date_offered);
CREATE INDEX gifts_offeror ON gifts(offeror_org);
