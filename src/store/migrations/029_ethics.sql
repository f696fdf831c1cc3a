-- 029: ethics dilemmas and the ethics panel (M10). See docs/ethics.md.
-- A dilemma is raised named, confidential (the chair sees the name, the
-- panel does not) or anonymous (no account, only the argon2id hash of the
-- receipt from src/domain/anon.h, and the day). The rules that must hold
-- whatever route writes a row are CHECKs here as well as in
-- src/domain/ethics.c.

-- The Code of Ethics principles a dilemma is tagged with: configuration
-- (the 2024 Code's three; a force may add the 2014 Code's nine).
CREATE TABLE ethics_principles (
	key      TEXT PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL
);
INSERT INTO ethics_principles(key, name, position) VALUES
	('courage', 'Courage', 1),
	('respect', 'Respect and Empathy', 2),
	('public_service', 'Public Service', 3);

-- Panel membership: terms, independence, the chair.
CREATE TABLE ethics_members (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
	independent INTEGER NOT NULL DEFAULT 0 CHECK (independent IN (0, 1)),
	chair       INTEGER NOT NULL DEFAULT 0 CHECK (chair IN (0, 1)),
	term_start  TEXT NOT NULL,                 -- YYYY-MM-DD
	term_end    TEXT,                          -- NULL: open-ended
	CHECK (term_end IS NULL OR term_end >= term_start)
);

CREATE TABLE ethics_meetings (
	id             INTEGER PRIMARY KEY,
	held_on        TEXT NOT NULL,              -- YYYY-MM-DD
	open_minutes   TEXT NOT NULL DEFAULT '',   -- may be shared with the workforce
	closed_minutes TEXT NOT NULL DEFAULT '',   -- the panel only
	created_at     TEXT NOT NULL
);
CREATE INDEX ethics_meetings_held ON ethics_meetings(held_on);

CREATE TABLE ethics_attendance (
	meeting_id INTEGER NOT NULL REFERENCES ethics_meetings(id),
	member_id  INTEGER NOT NULL REFERENCES ethics_members(id),
	PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE ethics_dilemmas (
	id              INTEGER PRIMARY KEY,
	mode            TEXT NOT NULL CHECK (mode IN ('named', 'confidential', 'anonymous')),
	raiser_id       INTEGER REFERENCES accounts(id),   -- NULL exactly when anonymous
	receipt_hash    TEXT UNIQUE,                       -- anonymous only
	raised_on       TEXT NOT NULL,                     -- YYYY-MM-DD, never a time
	situation       TEXT NOT NULL,
	urgency         TEXT NOT NULL CHECK (urgency IN ('routine', 'quick')),
	status          TEXT NOT NULL DEFAULT 'received'
	                CHECK (status IN ('received', 'scheduled', 'quick_time', 'advised', 'redirected', 'declined')),
	triage_note     TEXT NOT NULL DEFAULT '',          -- why redirected or declined, told to the raiser
	redirect_to     TEXT NOT NULL DEFAULT '',          -- where (grievance, ACU...)
	meeting_id      INTEGER REFERENCES ethics_meetings(id),
	advice          TEXT NOT NULL DEFAULT '',
	advised_on      TEXT,                              -- YYYY-MM-DD
	feedback_due    TEXT,                              -- the date the panel set for the advice
	force_advice    TEXT NOT NULL DEFAULT '',          -- advice to the force (policy, training, practice)
	force_response  TEXT CHECK (force_response IN ('accepted', 'partly', 'not_accepted')),
	force_reason    TEXT NOT NULL DEFAULT '',
	force_change    TEXT NOT NULL DEFAULT '',
	force_done_on   TEXT,                              -- the resulting change completed
	last_seq        INTEGER NOT NULL DEFAULT 0,
	submit_key      TEXT,
	CHECK ((mode = 'anonymous' AND raiser_id IS NULL AND receipt_hash IS NOT NULL)
	       OR (mode <> 'anonymous' AND raiser_id IS NOT NULL AND receipt_hash IS NULL)),
	CHECK (status <> 'advised' OR (trim(advice) <> '' AND advised_on IS NOT NULL)),
	CHECK (status NOT IN ('redirected', 'declined') OR trim(triage_note) <> ''),
	CHECK (status <> 'scheduled' OR meeting_id IS NOT NULL)
);
CREATE INDEX ethics_dilemmas_raiser ON ethics_dilemmas(raiser_id);
CREATE INDEX ethics_dilemmas_raised ON ethics_dilemmas(raised_on);
CREATE INDEX ethics_dilemmas_meeting ON ethics_dilemmas(meeting_id);

CREATE TABLE ethics_dilemma_principles (
	dilemma_id INTEGER NOT NULL REFERENCES ethics_dilemmas(id),
	principle  TEXT NOT NULL REFERENCES ethics_principles(key),
	PRIMARY KEY (dilemma_id, principle)
);

-- The two-way thread between the raiser and the panel: ordered by a
-- sequence number, dated by the day only (as the anonymous line's).
CREATE TABLE ethics_messages (
	dilemma_id INTEGER NOT NULL REFERENCES ethics_dilemmas(id),
	seq        INTEGER NOT NULL,
	author     TEXT NOT NULL CHECK (author IN ('raiser', 'panel')),
	day        TEXT NOT NULL,
	body       TEXT NOT NULL,
	PRIMARY KEY (dilemma_id, seq)
);

-- A member who declared a conflict on a dilemma: excluded from the item.
CREATE TABLE ethics_conflicts (
	dilemma_id  INTEGER NOT NULL REFERENCES ethics_dilemmas(id),
	account_id  INTEGER NOT NULL REFERENCES accounts(id),
	declared_on TEXT NOT NULL,
	PRIMARY KEY (dilemma_id, account_id)
);

-- The numbered action log of a meeting.
CREATE TABLE ethics_actions (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES ethics_meetings(id),
	num        INTEGER NOT NULL,
	text       TEXT NOT NULL,
	owner      TEXT NOT NULL,
	due_on     TEXT NOT NULL,
	done_on    TEXT,
	UNIQUE (meeting_id, num)
);

-- "What would you do?": an anonymised case study written from chosen
-- fields, read by every signed-in person.
CREATE TABLE ethics_cases (
	id           INTEGER PRIMARY KEY,
	dilemma_id   INTEGER NOT NULL UNIQUE REFERENCES ethics_dilemmas(id),
	title        TEXT NOT NULL,
	situation    TEXT NOT NULL,
	advice       TEXT NOT NULL,
	published_on TEXT NOT NULL,
	reads        INTEGER NOT NULL DEFAULT 0
);
-- "Did this help you?": the answer and the day, never who.
CREATE TABLE ethics_case_responses (
	id      INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES ethics_cases(id),
	day     TEXT NOT NULL,
	helped  INTEGER NOT NULL CHECK (helped IN (0, 1))
);
CREATE INDEX ethics_case_responses_case ON ethics_case_responses(case_id);
