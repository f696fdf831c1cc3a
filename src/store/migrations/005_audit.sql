-- 005: ICT audit monitoring (M8): continuous ingest into Probity and triage
-- by the counter-corruption unit. See docs/audit.md.

-- Rule thresholds (SPEC.md's defaults). Changing one starts a new version
-- of that rule at the next ingest run (audit_rule_versions).
INSERT INTO config(key, value) VALUES
	('audit.r3_days', '3'),
	('audit.r3_window_days', '30'),
	('audit.r4_floor', '100'),
	('audit.r4_multiplier', '4'),
	('audit.r4_min_days', '7'),
	('audit.r4_history_days', '28'),
	('audit.r6_count', '50');

-- Reference data imported by CSV (probity audit import ...). Staff come from
-- people (staff_number, person_ref); associations from
-- notifiable_associations.
CREATE TABLE audit_vulnerable (
	subject TEXT PRIMARY KEY,
	flag    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_watchlist (
	subject  TEXT PRIMARY KEY,
	category TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_assignments (
	id        INTEGER PRIMARY KEY,
	user      TEXT NOT NULL,
	reason    TEXT NOT NULL,
	from_date TEXT NOT NULL,
	to_date   TEXT NOT NULL,
	UNIQUE (user, reason, from_date, to_date)
);

-- One row per (rule, version): the thresholds in force for that version.
CREATE TABLE audit_rule_versions (
	rule       INTEGER NOT NULL,
	version    INTEGER NOT NULL,
	params     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (rule, version)
);

-- The engine's state and the input offsets, written in the same
-- transaction as the alerts raised since the previous checkpoint.
CREATE TABLE audit_state (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	state      BLOB NOT NULL,
	events     INTEGER NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE audit_sources (
	name       TEXT PRIMARY KEY,        -- the input file's absolute path
	offset     INTEGER NOT NULL,        -- bytes consumed
	line       INTEGER NOT NULL,        -- physical line of the next record
	events     INTEGER NOT NULL,
	updated_at TEXT NOT NULL
);

-- Alerts. key: the subject (R1, R2, R3, R5), day (R4) or hour (R6).
-- system/device: of the event that completed the condition.
CREATE TABLE audit_alerts (
	id           INTEGER PRIMARY KEY,
	rule         INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 6),
	user         TEXT NOT NULL,
	key          TEXT NOT NULL,
	first_ts     TEXT NOT NULL,
	rule_version INTEGER NOT NULL,
	system       TEXT NOT NULL DEFAULT '',
	device       TEXT NOT NULL DEFAULT '',
	count        INTEGER NOT NULL DEFAULT 0,   -- R4: the day's search/view count; R6: the hour's output
	detail       TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'nfa', 'advice', 'referred')),
	decision_note TEXT NOT NULL DEFAULT '',
	decided_by   INTEGER REFERENCES accounts(id),
	decided_at   TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	UNIQUE (rule, user, key)
);
CREATE INDEX audit_alerts_ts ON audit_alerts(first_ts);
CREATE INDEX audit_alerts_user ON audit_alerts(user, rule);

-- The events behind an alert, kept at ingest (raw events are not kept).
CREATE TABLE audit_alert_events (
	id          INTEGER PRIMARY KEY,
	alert_id    INTEGER NOT NULL REFERENCES audit_alerts(id),
	ts          TEXT NOT NULL,
	line        INTEGER NOT NULL,
	system      TEXT NOT NULL DEFAULT '',
	device      TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL DEFAULT '',
	record_type TEXT NOT NULL DEFAULT '',
	record_id   TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	covered     TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_alert_events_alert ON audit_alert_events(alert_id);

-- R3's earlier days: the first uncovered access to a vulnerable person
-- each day, kept while it can still count towards R3 (its window), so the
-- alert can show those events in full.
CREATE TABLE audit_r3_evidence (
	user        TEXT NOT NULL,
	subject     TEXT NOT NULL,
	ts          TEXT NOT NULL,
	line        INTEGER NOT NULL,
	system      TEXT NOT NULL DEFAULT '',
	device      TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL DEFAULT '',
	record_type TEXT NOT NULL DEFAULT '',
	record_id   TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_r3_evidence_pair ON audit_r3_evidence(user, subject);
CREATE INDEX audit_r3_evidence_ts ON audit_r3_evidence(ts);

-- Events per user and day (all actions), for the activity chart.
CREATE TABLE audit_daily (
	user   TEXT NOT NULL,
	day    TEXT NOT NULL,
	events INTEGER NOT NULL,
	PRIMARY KEY (user, day)
);

-- Mutes: alerts of rule for user whose day falls in from..until are stored
-- but hidden from the queue by default. Expire by themselves.
CREATE TABLE audit_mutes (
	id         INTEGER PRIMARY KEY,
	rule       INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 6),
	user       TEXT NOT NULL,
	from_date  TEXT NOT NULL,
	until_date TEXT NOT NULL,
	reason     TEXT NOT NULL,
	created_by INTEGER REFERENCES accounts(id),
	created_at TEXT NOT NULL
);
CREATE INDEX audit_mutes_user ON audit_mutes(user, rule);

-- Referrals for investigation (until the counter-corruption intelligence
-- capability owns them).
CREATE TABLE audit_referrals (
	id         INTEGER PRIMARY KEY,
	alert_id   INTEGER NOT NULL UNIQUE REFERENCES audit_alerts(id),
	summary    TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	created_by INTEGER REFERENCES accounts(id),
	created_at TEXT NOT NULL
);
