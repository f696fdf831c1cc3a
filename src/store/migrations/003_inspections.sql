-- 003: inspections and scrutiny (M11): inspections with graded judgments,
-- findings tracked to completion with a status history and dated updates,
-- independent panel reviews, and the PCC's response records with the
-- 56-day statutory clock (s.55(5A) Police Act 1996).

-- The inspectorate's grading scales, as data: PEEL used four points until
-- 2020/21 and five (adding "adequate") since 2021/22.
CREATE TABLE grade_scales (
	scale   TEXT NOT NULL,
	grade   TEXT NOT NULL,
	ordinal INTEGER NOT NULL,            -- 1 is best
	PRIMARY KEY (scale, grade)
);
INSERT INTO grade_scales(scale, grade, ordinal) VALUES
	('peel-2021', 'outstanding', 1), ('peel-2021', 'good', 2), ('peel-2021', 'adequate', 3),
	('peel-2021', 'requires improvement', 4), ('peel-2021', 'inadequate', 5),
	('peel-2014', 'outstanding', 1), ('peel-2014', 'good', 2),
	('peel-2014', 'requires improvement', 3), ('peel-2014', 'inadequate', 4);

CREATE TABLE inspections (
	id             INTEGER PRIMARY KEY,
	title          TEXT NOT NULL UNIQUE,
	inspectorate   TEXT NOT NULL DEFAULT 'HM Inspectorate of Constabulary and Fire & Rescue Services',
	kind           TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('peel', 'thematic', 'other')),
	fieldwork_from TEXT NOT NULL DEFAULT '',
	fieldwork_to   TEXT NOT NULL DEFAULT '',
	published      TEXT NOT NULL,           -- report publication: the 56-day clock starts here
	summary        TEXT NOT NULL DEFAULT '',
	grade          TEXT NOT NULL DEFAULT '', -- overall grade, if the report gives one
	created_at     TEXT NOT NULL
);
CREATE INDEX inspections_published ON inspections(published);

-- A graded judgment per pillar or question; carried_over marks a grade
-- carried from an earlier inspection.
CREATE TABLE judgments (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	ordinal       INTEGER NOT NULL DEFAULT 0,
	pillar        TEXT NOT NULL,
	question      TEXT NOT NULL DEFAULT '',  -- '' for the pillar's own grade
	scale         TEXT NOT NULL,
	grade         TEXT NOT NULL,
	carried_over  INTEGER NOT NULL DEFAULT 0 CHECK (carried_over IN (0, 1)),
	FOREIGN KEY (scale, grade) REFERENCES grade_scales(scale, grade)
);
CREATE INDEX judgments_inspection ON judgments(inspection_id, ordinal);

CREATE TABLE findings (
	id              INTEGER PRIMARY KEY,
	inspection_id   INTEGER NOT NULL REFERENCES inspections(id),
	kind            TEXT NOT NULL CHECK (kind IN ('recommendation', 'area_for_improvement', 'cause_of_concern')),
	national        INTEGER NOT NULL DEFAULT 0 CHECK (national IN (0, 1)),  -- addressed to all forces
	reference       TEXT NOT NULL,           -- "Recommendation 1", "AFI 2"...
	text            TEXT NOT NULL,
	pillar          TEXT NOT NULL DEFAULT '',
	owner_person_id INTEGER REFERENCES people(id),
	owner_unit_id   INTEGER REFERENCES units(id),
	due             TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	                ('open', 'in_progress', 'proposed_complete', 'signed_off', 'closed', 'non_compliant')),
	status_at       TEXT NOT NULL,           -- when the status last changed
	caveat          TEXT NOT NULL DEFAULT '', -- signed off: the board's caveat ("work continues")
	revisit         TEXT NOT NULL DEFAULT '', -- non-compliant: the date to revisit
	created_at      TEXT NOT NULL,
	UNIQUE (inspection_id, reference)
);
CREATE INDEX findings_status ON findings(status);
CREATE INDEX findings_owner ON findings(owner_unit_id);

-- Links between findings: a national recommendation repeating an earlier one.
CREATE TABLE finding_links (
	finding_id INTEGER NOT NULL REFERENCES findings(id),
	related_id INTEGER NOT NULL REFERENCES findings(id),
	note       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (finding_id, related_id),
	CHECK (finding_id <> related_id)
);

-- Every status a finding has had: who, when, and what the status needs
-- (evidence; the board, its date and any caveat; the rationale, the risk
-- accepted and the revisit date).
CREATE TABLE finding_status_history (
	id           INTEGER PRIMARY KEY,
	finding_id   INTEGER NOT NULL REFERENCES findings(id),
	status       TEXT NOT NULL,
	at           TEXT NOT NULL,
	account_id   INTEGER REFERENCES accounts(id),
	by_name      TEXT NOT NULL DEFAULT '',   -- who made the change (staff view only)
	note         TEXT NOT NULL DEFAULT '',
	evidence     TEXT NOT NULL DEFAULT '',
	board        TEXT NOT NULL DEFAULT '',
	board_date   TEXT NOT NULL DEFAULT '',
	caveat       TEXT NOT NULL DEFAULT '',   -- e.g. "work continues"
	rationale    TEXT NOT NULL DEFAULT '',
	risk_accepted TEXT NOT NULL DEFAULT '',
	revisit      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_status_history_finding ON finding_status_history(finding_id, id);

-- Dated force updates, all kept.
CREATE TABLE finding_updates (
	id           INTEGER PRIMARY KEY,
	finding_id   INTEGER NOT NULL REFERENCES findings(id),
	update_date  TEXT NOT NULL,
	text         TEXT NOT NULL,
	link         TEXT NOT NULL DEFAULT '',   -- a related record (a path or reference)
	account_id   INTEGER REFERENCES accounts(id),
	by_name      TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	submit_key   TEXT UNIQUE                 -- one update per form, however often posted
);
CREATE INDEX finding_updates_finding ON finding_updates(finding_id, update_date);

-- Independent panel reviews.
CREATE TABLE reviews (
	id             INTEGER PRIMARY KEY,
	topic          TEXT NOT NULL,
	scope          TEXT NOT NULL DEFAULT '',  -- what was looked at and why it matters
	method         TEXT NOT NULL DEFAULT '',  -- meetings, documents, who attended
	found          TEXT NOT NULL DEFAULT '',  -- what was found
	further_review TEXT NOT NULL DEFAULT '',  -- date for further review or checking completion
	published      INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	published_at   TEXT NOT NULL DEFAULT '',
	created_by     INTEGER REFERENCES accounts(id),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);

CREATE TABLE review_members (
	review_id INTEGER NOT NULL REFERENCES reviews(id),
	name      TEXT NOT NULL,
	PRIMARY KEY (review_id, name)
);

CREATE TABLE review_findings (
	review_id  INTEGER NOT NULL REFERENCES reviews(id),
	finding_id INTEGER NOT NULL REFERENCES findings(id),
	PRIMARY KEY (review_id, finding_id)
);

CREATE TABLE review_questions (
	id            INTEGER PRIMARY KEY,
	review_id     INTEGER NOT NULL REFERENCES reviews(id),
	question      TEXT NOT NULL,
	asked_at      TEXT NOT NULL,
	response      TEXT NOT NULL DEFAULT '',
	response_date TEXT NOT NULL DEFAULT '',
	responded_by  INTEGER REFERENCES accounts(id)
);
CREATE INDEX review_questions_review ON review_questions(review_id, id);

CREATE TABLE review_actions (
	id        INTEGER PRIMARY KEY,
	review_id INTEGER NOT NULL REFERENCES reviews(id),
	action    TEXT NOT NULL,
	owner     TEXT NOT NULL,                  -- an office, e.g. "Head of Professional Standards"
	due       TEXT NOT NULL DEFAULT '',
	done      INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);
CREATE INDEX review_actions_review ON review_actions(review_id, id);

-- The PCC's response record, one per inspection.
CREATE TABLE response_records (
	inspection_id   INTEGER PRIMARY KEY REFERENCES inspections(id),
	force_name      TEXT NOT NULL DEFAULT '',
	pcc_name        TEXT NOT NULL DEFAULT '',
	chief_constable TEXT NOT NULL DEFAULT '',
	pcc_statement   TEXT NOT NULL DEFAULT '',
	cc_response     TEXT NOT NULL DEFAULT '',
	published       INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	published_at    TEXT NOT NULL DEFAULT '',   -- the date the PCC published
	updated_at      TEXT NOT NULL
);

INSERT INTO config(key, value) VALUES
	('inspections.update_interval_days', '90'),   -- an open finding without an update for longer is overdue
	('inspections.response_days', '56'),          -- s.55(5A): PCC comments within 56 days of publication
	('inspections.review_horizon_days', '90');    -- "upcoming" review and revisit dates
