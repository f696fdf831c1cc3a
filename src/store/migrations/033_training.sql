-- Training and policy acknowledgement (M15, docs/training.md): the course
-- catalogue and completions, the integrity policies with their versions and
-- each person's acknowledgement of a version. Due and overdue are computed
-- in C (src/domain/training.c), never stored.
CREATE TABLE training_courses (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	applies_to   TEXT NOT NULL CHECK (applies_to IN ('all', 'officers', 'staff', 'supervisors')),
	every_months INTEGER NOT NULL CHECK (every_months >= 0),
	within_days  INTEGER NOT NULL CHECK (within_days >= 0),
	position     INTEGER NOT NULL              -- the catalogue's order
);

CREATE TABLE training_completions (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES people(id),
	course_id    INTEGER NOT NULL REFERENCES training_courses(id),
	completed_on TEXT NOT NULL,
	source       TEXT NOT NULL CHECK (source IN ('import', 'attendance')),
	recorded_by  INTEGER REFERENCES accounts(id),
	created_at   TEXT NOT NULL,
	UNIQUE (person_id, course_id, completed_on)
);

CREATE TABLE policies (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	applies_to TEXT NOT NULL CHECK (applies_to IN ('all', 'officers', 'staff', 'supervisors')),
	position   INTEGER NOT NULL
);

CREATE TABLE policy_versions (
	id           INTEGER PRIMARY KEY,
	policy_id    INTEGER NOT NULL REFERENCES policies(id),
	version      TEXT NOT NULL,
	published_on TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	UNIQUE (policy_id, version)
);

CREATE TABLE policy_acknowledgements (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	version_id      INTEGER NOT NULL REFERENCES policy_versions(id),
	acknowledged_at TEXT NOT NULL,
	UNIQUE (person_id, version_id)
);
CREATE INDEX policy_acknowledgements_version ON policy_acknowledgements(version_id);

INSERT INTO config(key, value) VALUES ('training.policy_days', '28');
