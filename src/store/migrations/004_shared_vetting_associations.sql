-- 004: tables several capabilities share, defined once so each can build
-- on them: vetting levels and clearances (owned by vetting, M5; read by the
-- Annual Integrity Review, M3), the vetting work queue (fed by the AIR and
-- by declared changes of circumstances, M2/M3; worked by vetting, M5), and
-- the notifiable associations register (owned by the registers, M2; read by
-- ICT audit monitoring's rule R1, M8).

-- Levels as configuration: a higher rank in the same family satisfies a
-- lower requirement. renewal_months 0 = no fixed renewal.
CREATE TABLE vetting_levels (
	code           TEXT PRIMARY KEY,
	name           TEXT NOT NULL,
	family         TEXT NOT NULL CHECK (family IN ('police', 'national_security')),
	rank           INTEGER NOT NULL,
	renewal_months INTEGER NOT NULL DEFAULT 0
);
INSERT INTO vetting_levels(code, name, family, rank, renewal_months) VALUES
	('RV',    'Recruit vetting',                         'police', 2, 120),
	('MV',    'Management vetting',                      'police', 3, 84),
	('NPPV1', 'Non-police personnel vetting level 1',    'police', 1, 36),
	('NPPV2', 'Non-police personnel vetting level 2',    'police', 2, 60),
	('NPPV3', 'Non-police personnel vetting level 3',    'police', 3, 84),
	('CTC',   'Counter-terrorist check',                 'national_security', 1, 84),
	('SC',    'Security check',                          'national_security', 2, 84),
	('DV',    'Developed vetting',                       'national_security', 3, 84);

CREATE TABLE clearances (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	level      TEXT NOT NULL REFERENCES vetting_levels(code),
	granted    TEXT NOT NULL,                 -- YYYY-MM-DD
	expiry     TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD, '' when none
	status     TEXT NOT NULL DEFAULT 'active'
	           CHECK (status IN ('active', 'lapsed', 'withdrawn', 'suspended')),
	aftercare  TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX clearances_person ON clearances(person_id, status);
CREATE INDEX clearances_expiry ON clearances(status, expiry);

-- The vetting work queue. kind says where a task came from; source/source_id
-- point at the record that raised it (e.g. 'circumstance', 42).
CREATE TABLE vetting_tasks (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	kind       TEXT NOT NULL CHECK (kind IN
	           ('change_of_circumstances', 'air_clearance_below_post', 'air_clearance_lapsed',
	            'air_clearance_expiring', 'air_return', 'other')),
	source     TEXT NOT NULL DEFAULT '',
	source_id  INTEGER NOT NULL DEFAULT 0,
	detail     TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	outcome    TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	closed_by  INTEGER REFERENCES accounts(id),
	closed_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vetting_tasks_open ON vetting_tasks(status, created_at);
CREATE INDEX vetting_tasks_person ON vetting_tasks(person_id);

-- Notifiable associations, declared by staff and assessed by PSD. The
-- associate can be linked to a person id in force systems (associate_ref):
-- ICT audit monitoring uses that link to find lookups of declared associates.
CREATE TABLE notifiable_associations (
	id               INTEGER PRIMARY KEY,
	person_id        INTEGER NOT NULL REFERENCES people(id),
	associate_name   TEXT NOT NULL,
	associate_ref    TEXT NOT NULL DEFAULT '',   -- person id in force systems, '' when unknown
	category         TEXT NOT NULL CHECK (category IN
	                 ('criminal_record', 'under_investigation', 'journalist', 'private_investigator',
	                  'former_officer', 'organised_crime', 'family_link', 'other')),
	relationship     TEXT NOT NULL DEFAULT '',
	contact_frequency TEXT NOT NULL DEFAULT '',
	began_on         TEXT NOT NULL DEFAULT '',
	declared_on      TEXT NOT NULL,              -- YYYY-MM-DD
	status           TEXT NOT NULL DEFAULT 'declared'
	                 CHECK (status IN ('declared', 'assessed', 'ended')),
	risk             TEXT NOT NULL DEFAULT '' CHECK (risk IN ('', 'low', 'medium', 'high')),
	advice           TEXT NOT NULL DEFAULT '',
	review_date      TEXT NOT NULL DEFAULT '',
	assessed_by      INTEGER REFERENCES accounts(id),
	assessed_at      TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL,
	submit_key       TEXT UNIQUE
);
CREATE INDEX associations_person ON notifiable_associations(person_id);
CREATE INDEX associations_ref ON notifiable_associations(associate_ref);
