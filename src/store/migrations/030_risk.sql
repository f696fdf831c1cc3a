-- 030: the tactical risk picture and the tasking meeting (M7, docs/risk.md).
-- The indicators themselves are rules in src/domain/risk.c; what an
-- administrator may change about each (on/off, weight, window, threshold)
-- and the Warning and Critical levels are config rows (domain/config.h),
-- every change logged and kept as a numbered version in risk_config_versions.

INSERT INTO config(key, value) VALUES
	('risk.level.warning', '5'),
	('risk.level.critical', '8'),
	('risk.meeting_days', '30'),
	('risk.psd_sees_acu_only', '1'),
	('risk.allegations.on', '1'), ('risk.allegations.weight', '3'),
	('risk.allegations.window_days', '365'), ('risk.allegations.threshold', '3'),
	('risk.association_high.on', '1'), ('risk.association_high.weight', '4'),
	('risk.association_high.window_days', '0'), ('risk.association_high.threshold', '1'),
	('risk.financial.on', '1'), ('risk.financial.weight', '3'),
	('risk.financial.window_days', '365'), ('risk.financial.threshold', '1'),
	('risk.arrest.on', '1'), ('risk.arrest.weight', '3'),
	('risk.arrest.window_days', '365'), ('risk.arrest.threshold', '1'),
	('risk.ict_alert.on', '1'), ('risk.ict_alert.weight', '4'),
	('risk.ict_alert.window_days', '365'), ('risk.ict_alert.threshold', '1'),
	('risk.vetting.on', '1'), ('risk.vetting.weight', '3'),
	('risk.vetting.window_days', '0'), ('risk.vetting.threshold', '1'),
	('risk.interest_continuing.on', '1'), ('risk.interest_continuing.weight', '4'),
	('risk.interest_continuing.window_days', '730'), ('risk.interest_continuing.threshold', '1'),
	('risk.gifts_offeror.on', '1'), ('risk.gifts_offeror.weight', '2'),
	('risk.gifts_offeror.window_days', '365'), ('risk.gifts_offeror.threshold', '4'),
	('risk.intel.on', '1'), ('risk.intel.weight', '3'),
	('risk.intel.window_days', '365'), ('risk.intel.threshold', '1');

-- Each change of the risk settings: a new version number and what was set.
CREATE TABLE risk_config_versions (
	id         INTEGER PRIMARY KEY,
	version    INTEGER NOT NULL,
	key        TEXT NOT NULL,
	value      TEXT NOT NULL,
	changed_by INTEGER REFERENCES accounts(id),
	changed_at TEXT NOT NULL
);
CREATE INDEX risk_config_versions_version ON risk_config_versions(version);

-- A tactical (tasking and coordination) meeting.
CREATE TABLE risk_meetings (
	id         INTEGER PRIMARY KEY,
	held_on    TEXT NOT NULL,                 -- YYYY-MM-DD
	chair_id   INTEGER NOT NULL REFERENCES accounts(id),
	notes      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX risk_meetings_held ON risk_meetings(held_on);

CREATE TABLE risk_attendees (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES risk_meetings(id),
	department TEXT NOT NULL CHECK (department IN ('acu', 'psd', 'vetting', 'hr_welfare', 'occupational_health')),
	name       TEXT NOT NULL
);
CREATE INDEX risk_attendees_meeting ON risk_attendees(meeting_id);

-- The agenda: built when the meeting is made (the reason and the score
-- then), editable by the chair (people added; removed ones kept, marked).
CREATE TABLE risk_agenda (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES risk_meetings(id),
	person_id  INTEGER NOT NULL REFERENCES people(id),
	reason     TEXT NOT NULL CHECK (reason IN ('critical', 'new_warning', 'review_due', 'added')),
	score      INTEGER NOT NULL DEFAULT 0,
	level      TEXT NOT NULL DEFAULT '',
	indicators TEXT NOT NULL DEFAULT '',      -- the names that held, ';'-separated
	removed    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (meeting_id, person_id)
);
CREATE INDEX risk_agenda_person ON risk_agenda(person_id);

-- A decision about one person at a meeting.
CREATE TABLE risk_decisions (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES risk_meetings(id),
	person_id  INTEGER NOT NULL REFERENCES people(id),
	decision   TEXT NOT NULL CHECK (trim(decision) <> ''),
	decided_by INTEGER NOT NULL REFERENCES accounts(id),
	created_at TEXT NOT NULL
);
CREATE INDEX risk_decisions_person ON risk_decisions(person_id);
CREATE INDEX risk_decisions_meeting ON risk_decisions(meeting_id);

-- An early intervention about one person, with its owner, due and review
-- dates and its outcome. (Interventions decided on an intelligence item
-- stay in intel_interventions; the picture shows both.)
CREATE TABLE risk_interventions (
	id             INTEGER PRIMARY KEY,
	person_id      INTEGER NOT NULL REFERENCES people(id),
	meeting_id     INTEGER REFERENCES risk_meetings(id),
	kind           TEXT NOT NULL CHECK (kind IN ('counselling', 'debt_advice', 'welfare_referral',
	                   'occupational_health', 'ethical_interview', 'supervisory_plan', 'restricted_access',
	                   'management_action', 'intelligence_development', 'misconduct_referral')),
	detail         TEXT NOT NULL DEFAULT '',
	owner_id       INTEGER NOT NULL REFERENCES accounts(id),
	due_date       TEXT NOT NULL,
	review_date    TEXT NOT NULL,
	status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'not_completed')),
	score_at_start INTEGER NOT NULL DEFAULT 0,
	indicators_at_start TEXT NOT NULL DEFAULT '',
	outcome        TEXT NOT NULL DEFAULT '',
	substantiated  TEXT NOT NULL DEFAULT '' CHECK (substantiated IN ('', 'yes', 'no')),
	score_at_review INTEGER,
	indicators_at_review TEXT NOT NULL DEFAULT '',
	closed_on      TEXT NOT NULL DEFAULT '',
	closed_by      INTEGER REFERENCES accounts(id),
	created_by     INTEGER NOT NULL REFERENCES accounts(id),
	created_at     TEXT NOT NULL,
	CHECK (status = 'open' OR (trim(outcome) <> '' AND substantiated <> '' AND closed_on <> ''))
);
CREATE INDEX risk_interventions_person ON risk_interventions(person_id);
CREATE INDEX risk_interventions_due ON risk_interventions(status, due_date);

-- One person's allegations found by index (the picture, an intervention's score).
CREATE INDEX risk_allegations_subject ON complaint_allegations(subject_id);

-- The peers' scores of the day, for the picture's percentile: made by the
-- first picture viewed on a day (or after the indicators' settings change,
-- sig being the settings), replacing the last. score_psd leaves out the
-- ACU-only indicators (PSD's view when risk.psd_sees_acu_only is 0).
CREATE TABLE risk_snapshot_days (
	day     TEXT PRIMARY KEY,
	sig     TEXT NOT NULL,
	made_at TEXT NOT NULL
);
CREATE TABLE risk_snapshot (
	day       TEXT NOT NULL,
	person_id INTEGER NOT NULL,
	peer      TEXT NOT NULL,       -- rank '|' kind of unit
	score     INTEGER NOT NULL,
	score_psd INTEGER NOT NULL,
	PRIMARY KEY (day, person_id)
);
CREATE INDEX risk_snapshot_peer ON risk_snapshot(day, peer, score);
CREATE INDEX risk_snapshot_peer_psd ON risk_snapshot(day, peer, score_psd);
