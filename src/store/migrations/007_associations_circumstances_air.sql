-- 007: changes of personal circumstances and the Annual Integrity Review
-- (M2/M3). Notifiable associations live in 004 (shared with ICT audit
-- monitoring); this migration only adds what they need for the review.

-- A declared change of personal circumstances. Each one raises a vetting
-- task (task_id) in the same transaction. Financial difficulty may carry an
-- early-intervention referral chosen by the declarer.
CREATE TABLE circumstances (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES people(id),
	kind         TEXT NOT NULL CHECK (kind IN
	             ('partner_or_coresident', 'address', 'name', 'financial_difficulty', 'criminal_justice', 'other')),
	subtype      TEXT NOT NULL DEFAULT '' CHECK (subtype IN
	             ('', 'ccj', 'iva', 'bankruptcy', 'unmanageable_debt', 'arrest', 'charge', 'conviction', 'caution')),
	subject      TEXT NOT NULL DEFAULT '' CHECK (subject IN ('', 'self', 'family')),
	other_person TEXT NOT NULL DEFAULT '',   -- the partner, co-resident or family member concerned
	details      TEXT NOT NULL,
	event_date   TEXT NOT NULL,              -- YYYY-MM-DD: when the change happened
	declared_on  TEXT NOT NULL,              -- YYYY-MM-DD
	referral     TEXT NOT NULL DEFAULT '' CHECK (referral IN ('', 'debt_advice', 'welfare', 'both', 'declined')),
	task_id      INTEGER REFERENCES vetting_tasks(id),
	created_at   TEXT NOT NULL,
	submit_key   TEXT UNIQUE
);
CREATE INDEX circumstances_person ON circumstances(person_id, declared_on);
CREATE INDEX circumstances_kind ON circumstances(kind, declared_on);

-- An AIR round: one a year, rolled out in waves (by unit or by month).
CREATE TABLE air_rounds (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL UNIQUE,
	waves_by   TEXT NOT NULL CHECK (waves_by IN ('unit', 'month')),
	status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	opened_by  INTEGER REFERENCES accounts(id),
	opened_at  TEXT NOT NULL
);

-- A wave: a slice of the force with its own window. unit_id is set for a
-- wave by unit; month (1-12) for a wave by month (people whose service
-- anniversary falls in that month).
CREATE TABLE air_waves (
	id        INTEGER PRIMARY KEY,
	round_id  INTEGER NOT NULL REFERENCES air_rounds(id),
	number    INTEGER NOT NULL,
	label     TEXT NOT NULL,
	unit_id   INTEGER REFERENCES units(id),
	month     INTEGER NOT NULL DEFAULT 0,
	opens_on  TEXT NOT NULL,
	due_on    TEXT NOT NULL,
	UNIQUE (round_id, number)
);

-- One person's return in a round. status: pending (waiting for the person),
-- submitted (waiting for the line manager's integrity conversation),
-- completed (signed off; records updated; clearance checked).
CREATE TABLE air_returns (
	id               INTEGER PRIMARY KEY,
	round_id         INTEGER NOT NULL REFERENCES air_rounds(id),
	wave_id          INTEGER NOT NULL REFERENCES air_waves(id),
	person_id        INTEGER NOT NULL REFERENCES people(id),
	status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'submitted', 'completed')),
	anything_changed INTEGER NOT NULL DEFAULT -1 CHECK (anything_changed IN (-1, 0, 1)),
	changes          TEXT NOT NULL DEFAULT '',
	submitted_at     TEXT NOT NULL DEFAULT '',
	manager_person   INTEGER REFERENCES people(id),
	conversation     TEXT NOT NULL DEFAULT '',
	signed_at        TEXT NOT NULL DEFAULT '',
	completed_at     TEXT NOT NULL DEFAULT '',
	clearance_result TEXT NOT NULL DEFAULT '',   -- ok, no_requirement, below_post, lapsed, expiring
	clearance_detail TEXT NOT NULL DEFAULT '',
	UNIQUE (round_id, person_id)
);
CREATE INDEX air_returns_wave ON air_returns(wave_id, status);
CREATE INDEX air_returns_person ON air_returns(person_id);

-- What the person said about each pre-filled register entry.
CREATE TABLE air_return_items (
	id         INTEGER PRIMARY KEY,
	return_id  INTEGER NOT NULL REFERENCES air_returns(id),
	register   TEXT NOT NULL CHECK (register IN ('gift', 'business_interest', 'association', 'circumstance')),
	record_id  INTEGER NOT NULL,
	response   TEXT NOT NULL CHECK (response IN ('confirmed', 'changed', 'ended')),
	note       TEXT NOT NULL DEFAULT '',
	UNIQUE (return_id, register, record_id)
);

CREATE INDEX associations_review ON notifiable_associations(status, review_date);

INSERT INTO config(key, value) VALUES
	('air.due_days', '42'),
	('air.expiry_warning_days', '90'),
	('associations.review_months', '12');
