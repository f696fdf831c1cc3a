-- 034: use of force fairness (M12, issue 26). See docs/use-of-force.md.
-- uof_records: one row per person subjected to force in an incident, keyed
-- by area, incident reference and the row's place among that incident's rows
-- in the file (seq), so a corrected file updates in place; tags holds its
-- tactics and tactic groups as ';a;b;taser_discharge;' for filtering by
-- tactic (LIKE '%;name;%'). uof_counts: people by area, day, group
-- and tactic ('' = any), kept in step by the importer, which the report sums.
-- uof_national: the Home Office's published table by force, type of force,
-- tactic and officer-perceived ethnicity, by financial year.

CREATE TABLE uof_records (
	id           INTEGER PRIMARY KEY,
	area         TEXT NOT NULL,
	incident_ref TEXT NOT NULL,
	seq          INTEGER NOT NULL,        -- 1 for the incident's first row in the file, 2 ...
	date         TEXT NOT NULL,           -- YYYY-MM-DD
	officer_staff_number TEXT NOT NULL,
	grp          INTEGER NOT NULL,        -- 0 Asian 1 Black 2 Mixed 3 Other 4 White 6 Not reported
	gender       TEXT NOT NULL,
	age_band     TEXT NOT NULL,
	tactics      TEXT NOT NULL,           -- as imported, ';'-separated
	tags         TEXT NOT NULL,           -- ';' + the tactics and their tactic groups + ';'
	reason       TEXT NOT NULL,
	subject_injured INTEGER,              -- 1/0, NULL not recorded
	officer_injured INTEGER,
	outcome      TEXT NOT NULL,
	bwv          INTEGER,                 -- body-worn video on: 1/0, NULL not recorded
	UNIQUE (area, incident_ref, seq)
);
CREATE INDEX uof_records_date ON uof_records(area, date);

CREATE TABLE uof_counts (
	area   TEXT NOT NULL,
	day    TEXT NOT NULL,
	tactic TEXT NOT NULL,                 -- '' any tactic
	grp    INTEGER NOT NULL,
	people INTEGER NOT NULL,
	PRIMARY KEY (area, tactic, day, grp)
);

CREATE TABLE uof_national (
	year      TEXT NOT NULL,              -- financial year, e.g. 2019-20
	force     TEXT NOT NULL,              -- as published, e.g. Total England and Wales, Derbyshire
	type      TEXT NOT NULL,
	tactic    TEXT NOT NULL,
	white     INTEGER NOT NULL,
	black     INTEGER NOT NULL,
	asian     INTEGER NOT NULL,
	mixed     INTEGER NOT NULL,
	other     INTEGER NOT NULL,           -- 2018-19: Chinese and Other
	not_reported INTEGER NOT NULL,        -- 2018-19: Don't know and Not reported
	total     INTEGER NOT NULL,
	PRIMARY KEY (year, force, type, tactic)
);

-- Dip samples with body-worn video (scrutiny panel).
CREATE TABLE uof_samples (
	id          INTEGER PRIMARY KEY,
	area        TEXT NOT NULL,
	from_date   TEXT NOT NULL,
	to_date     TEXT NOT NULL,
	size        INTEGER NOT NULL,
	asked       INTEGER NOT NULL,
	seed        TEXT NOT NULL,
	strata      TEXT NOT NULL,            -- '', 'group' or 'tactic'
	tactic      TEXT NOT NULL,            -- '' any
	drawn_by    INTEGER REFERENCES accounts(id),
	drawn_at    TEXT NOT NULL,
	submit_key  TEXT UNIQUE
);

CREATE TABLE uof_sample_items (
	sample_id   INTEGER NOT NULL REFERENCES uof_samples(id),
	position    INTEGER NOT NULL,
	record_id   INTEGER NOT NULL REFERENCES uof_records(id),
	grp         INTEGER NOT NULL,
	verdict     TEXT,                     -- proportionate, not, nei; NULL not yet assessed
	comment     TEXT NOT NULL DEFAULT '',
	assessed_by INTEGER REFERENCES accounts(id),
	assessed_at TEXT,
	PRIMARY KEY (sample_id, position)
);

INSERT INTO config(key, value) VALUES ('useofforce.tactics',
	'handcuffing;limb_restraints;ground_restraint;unarmed_skills;spit_guard;irritant_spray;baton;taser_drawn;taser_aimed;taser_red_dot;taser_arced;taser_fired;taser_drive_stun;firearm_aimed;firearm_fired;dog_deployed;other')
	ON CONFLICT(key) DO NOTHING;
