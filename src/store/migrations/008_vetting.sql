-- 008: vetting (M5). Builds on 004 (vetting_levels, clearances,
-- vetting_tasks): applications with their stages and blind decisions,
-- the applicant's self-declared equality data (kept apart, read only by
-- equality reporting), appeals to the DCC, and leavers recorded for the
-- barred and advisory lists.

CREATE TABLE vetting_applications (
	id               INTEGER PRIMARY KEY,
	application_ref  TEXT NOT NULL UNIQUE,       -- the force's application id (imports) or 'VA' + number
	person_id        INTEGER REFERENCES people(id),  -- internal applicants; NULL for recruits and contractors
	applicant_name   TEXT NOT NULL DEFAULT '',
	applicant_kind   TEXT NOT NULL CHECK (applicant_kind IN
	                 ('recruit', 'transferee', 'internal', 'contractor', 'volunteer')),
	level            TEXT NOT NULL REFERENCES vetting_levels(code),
	post             TEXT NOT NULL DEFAULT '',
	received         TEXT NOT NULL,              -- YYYY-MM-DD
	initial_done     TEXT NOT NULL DEFAULT '',   -- initial vetting checks completed
	full_started     TEXT NOT NULL DEFAULT '',   -- full vetting started
	stage_reached    TEXT NOT NULL DEFAULT 'initial' CHECK (stage_reached IN ('initial', 'full')),
	outcome          TEXT NOT NULL DEFAULT '' CHECK (outcome IN
	                 ('', 'granted', 'granted_with_conditions', 'refused', 'withdrawn')),
	decided          TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD
	refusal_ground   TEXT NOT NULL DEFAULT '' CHECK (refusal_ground IN
	                 ('', 'convictions_cautions', 'non_conviction_information', 'financial', 'associations',
	                  'honesty', 'other')),
	conditions       TEXT NOT NULL DEFAULT '',
	rationale        TEXT NOT NULL DEFAULT '',
	decided_by       INTEGER REFERENCES accounts(id),
	created_at       TEXT NOT NULL,
	created_by       INTEGER REFERENCES accounts(id),
	submit_key       TEXT UNIQUE
);
CREATE INDEX vetting_applications_decided ON vetting_applications(decided);
CREATE INDEX vetting_applications_open ON vetting_applications(outcome, received);

-- Self-declared equality data, one row per application, stored apart so no
-- decision query reaches it. '' = not declared; otherwise the force's own
-- label (including "Prefer not to say").
CREATE TABLE vetting_equality (
	application_id     INTEGER PRIMARY KEY REFERENCES vetting_applications(id),
	ethnicity          TEXT NOT NULL DEFAULT '',
	sex                TEXT NOT NULL DEFAULT '',
	age_band           TEXT NOT NULL DEFAULT '',
	disability         TEXT NOT NULL DEFAULT '',
	religion           TEXT NOT NULL DEFAULT '',
	sexual_orientation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE vetting_appeals (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL UNIQUE REFERENCES vetting_applications(id),
	received       TEXT NOT NULL,                -- YYYY-MM-DD
	grounds        TEXT NOT NULL,
	outcome        TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'upheld', 'overturned')),
	reason         TEXT NOT NULL DEFAULT '',
	decided        TEXT NOT NULL DEFAULT '',     -- YYYY-MM-DD
	decided_by     INTEGER REFERENCES accounts(id),
	created_at     TEXT NOT NULL,
	created_by     INTEGER REFERENCES accounts(id)
);

-- Leavers dismissed or leaving under investigation, for notification to the
-- College of Policing's barred list or advisory list.
CREATE TABLE vetting_leavers (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES people(id),
	reason      TEXT NOT NULL CHECK (reason IN ('dismissed', 'left_under_investigation')),
	list        TEXT NOT NULL CHECK (list IN ('barred', 'advisory')),
	left_on     TEXT NOT NULL,                   -- YYYY-MM-DD
	notified_on TEXT NOT NULL DEFAULT '',        -- YYYY-MM-DD, '' until notified
	notes       TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	created_by  INTEGER REFERENCES accounts(id),
	UNIQUE (person_id, list)
);

INSERT INTO config(key, value) VALUES
	('vetting.expiring_days', '90'),
	('vetting.suppress_under', '10');
