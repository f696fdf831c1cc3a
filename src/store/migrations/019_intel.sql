-- 019: counter-corruption intelligence (M6) and the anonymous two-way
-- reporting line. See docs/intelligence.md. The rules that must hold
-- whatever route writes a row are CHECKs here as well as in
-- src/domain/intel.c: no item without a category and a grade, "Other"
-- needs a reason, a line not pursued needs a rationale, and an item made
-- in Probity is closed only by a review by someone other than its owner
-- and its creator.

-- The 12 national corruption-related intelligence categories (HMICFRS
-- glossary). Stable keys; names are what users and the import see.
CREATE TABLE intel_categories (
	key      TEXT PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL
);
INSERT INTO intel_categories(key, name, position) VALUES
	('infiltration', 'Infiltration', 1),
	('disclosure', 'Disclosure of information', 2),
	('perverting', 'Perverting the course of justice', 3),
	('sexual', 'Sexual misconduct', 4),
	('drugs', 'Controlled drug use and supply', 5),
	('theft_fraud', 'Theft and fraud', 6),
	('systems', 'Misusing force systems', 7),
	('authority', 'Abuse of authority', 8),
	('association', 'Inappropriate association', 9),
	('vulnerability', 'Vulnerability', 10),
	('assist_offender', 'Commit, incite, aid and abet, or assist an offender in committing a crime', 11),
	('other', 'Other (not categorised elsewhere)', 12);

CREATE TABLE intel_items (
	id              INTEGER PRIMARY KEY,
	reference       TEXT NOT NULL UNIQUE,          -- INT + number
	received        TEXT NOT NULL,                 -- YYYY-MM-DD
	source_type     TEXT NOT NULL CHECK (source_type IN ('anonymous', 'named', 'line_manager', 'complaint',
	                    'partner', 'ict_audit', 'other_force', 'external_line', 'open_internet')),
	grading_scheme  TEXT NOT NULL CHECK (grading_scheme IN ('3x5x2', '5x5x5')),
	grade           TEXT NOT NULL CHECK (grade <> ''),
	category        TEXT NOT NULL REFERENCES intel_categories(key),
	category_reason TEXT NOT NULL DEFAULT '',
	original_text   TEXT NOT NULL DEFAULT '',      -- restricted: the ACU only
	sanitised_text  TEXT NOT NULL DEFAULT '',      -- what may be shared
	owner_id        INTEGER REFERENCES accounts(id),
	created_by      INTEGER REFERENCES accounts(id),
	status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'awaiting_review', 'closed')),
	reviewer_id     INTEGER REFERENCES accounts(id),   -- the reviewer the closure is sent to
	proposed_outcome TEXT NOT NULL DEFAULT '',
	proposed_on     TEXT NOT NULL DEFAULT '',
	outcome         TEXT NOT NULL DEFAULT '',
	closed          TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD
	reviewed_by     INTEGER REFERENCES accounts(id),   -- who approved the closure
	alert_id        INTEGER REFERENCES audit_alerts(id),
	report_id       INTEGER,                       -- anon_reports(id) it came from
	imported        INTEGER NOT NULL DEFAULT 0,    -- from the force's earlier register
	created_at      TEXT NOT NULL,
	CHECK (grading_scheme <> '3x5x2' OR (length(grade) = 3 AND substr(grade, 1, 1) IN ('1', '2', '3')
	       AND substr(grade, 2, 1) IN ('A', 'B', 'C', 'D', 'E') AND substr(grade, 3, 1) IN ('P', 'C'))),
	CHECK (category <> 'other' OR trim(category_reason) <> ''),
	CHECK (status <> 'closed' OR imported = 1 OR reviewed_by IS NOT NULL),
	CHECK (reviewed_by IS NULL OR ((owner_id IS NULL OR reviewed_by <> owner_id)
	       AND (created_by IS NULL OR reviewed_by <> created_by)))
);
-- Covering indexes for the dashboard's aggregates and the quality sample's
-- draw (bench/intel.sh: 100,000 items).
CREATE INDEX intel_items_received ON intel_items(received, category);
CREATE INDEX intel_items_status ON intel_items(status, received);
CREATE INDEX intel_items_source ON intel_items(source_type);
CREATE INDEX intel_items_closed ON intel_items(status, closed);

-- The people the item is about (more than one allowed).
CREATE TABLE intel_subjects (
	item_id   INTEGER NOT NULL REFERENCES intel_items(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (item_id, person_id)
);
CREATE INDEX intel_subjects_person ON intel_subjects(person_id);

-- Lines of enquiry. kind 'ict_audit': a query over the audit data Probity
-- holds, its parameters and its result kept with the line.
CREATE TABLE intel_lines (
	id          INTEGER PRIMARY KEY,
	item_id     INTEGER NOT NULL REFERENCES intel_items(id),
	description TEXT NOT NULL,
	owner_id    INTEGER REFERENCES accounts(id),
	due         TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pursued', 'not_pursued')),
	rationale   TEXT NOT NULL DEFAULT '',
	result      TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL DEFAULT 'general' CHECK (kind IN ('general', 'ict_audit')),
	audit_mode  TEXT NOT NULL DEFAULT '',          -- 'user' (the subject's accesses) or 'record' (who accessed)
	audit_target TEXT NOT NULL DEFAULT '',
	audit_from  TEXT NOT NULL DEFAULT '',
	audit_to    TEXT NOT NULL DEFAULT '',
	audit_count INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL,
	CHECK (status <> 'not_pursued' OR trim(rationale) <> '')
);
CREATE INDEX intel_lines_item ON intel_lines(item_id);
CREATE INDEX intel_lines_status ON intel_lines(status, rationale);

CREATE TABLE intel_interventions (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES intel_items(id),
	kind       TEXT NOT NULL CHECK (kind IN ('counselling', 'debt_advice', 'ethical_interview',
	               'restricted_access', 'supervisory_plan', 'management_action', 'misconduct_referral',
	               'iopc_referral', 'criminal_investigation')),
	owner_id   INTEGER REFERENCES accounts(id),
	start_date TEXT NOT NULL,
	due_date   TEXT NOT NULL DEFAULT '',
	end_date   TEXT NOT NULL DEFAULT '',
	outcome    TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX intel_interventions_item ON intel_interventions(item_id);
CREATE INDEX intel_interventions_due ON intel_interventions(end_date, due_date);

-- The review thread: proposals, returns with questions, replies,
-- approvals and reopenings, in order. History is never rewritten.
CREATE TABLE intel_thread (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES intel_items(id),
	kind       TEXT NOT NULL CHECK (kind IN ('proposal', 'return', 'reply', 'approval', 'reopen')),
	author_id  INTEGER REFERENCES accounts(id),
	body       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX intel_thread_item ON intel_thread(item_id);

-- The anonymous line. Nothing here identifies the reporter: no account,
-- address, user agent or time finer than the day; the receipt only as an
-- argon2id hash (with this installation's salt, anon.salt in config).
CREATE TABLE anon_reports (
	id           INTEGER PRIMARY KEY,
	receipt_hash TEXT NOT NULL UNIQUE,
	received     TEXT NOT NULL,                    -- YYYY-MM-DD only
	category     TEXT REFERENCES intel_categories(key),
	status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'converted')),
	item_id      INTEGER REFERENCES intel_items(id),
	last_seq     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE anon_messages (
	report_id INTEGER NOT NULL REFERENCES anon_reports(id),
	seq       INTEGER NOT NULL,                    -- order within the report
	author    TEXT NOT NULL CHECK (author IN ('reporter', 'acu')),
	day       TEXT NOT NULL,                       -- YYYY-MM-DD only
	body      TEXT NOT NULL,
	PRIMARY KEY (report_id, seq)
);
CREATE TABLE anon_attachments (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES anon_reports(id),
	seq       INTEGER NOT NULL,                    -- the message it came with
	ctype     TEXT NOT NULL CHECK (ctype IN ('image/jpeg', 'image/png')),
	data      BLOB NOT NULL                        -- metadata stripped
);
CREATE INDEX anon_attachments_report ON anon_attachments(report_id);

INSERT INTO config(key, value) VALUES ('anon.reports_per_hour', '10');
