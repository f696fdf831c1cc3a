-- 021: complaints and conduct (M9, docs/complaints.md): cases, allegations
-- with a versioned category scheme kept as data, reflective practice
-- (RPRP), misconduct proceedings, reviews, and the bank holidays the
-- working-day counts skip (editable: `probity complaints holidays FILE`).

-- A category scheme: the 2020 scheme is active; the legacy A–Y codes are
-- kept for history. Admin may add a scheme or categories without code.
CREATE TABLE complaint_schemes (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL UNIQUE,
	version INTEGER NOT NULL DEFAULT 1,
	active  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE complaint_categories (
	id        INTEGER PRIMARY KEY,
	scheme_id INTEGER NOT NULL REFERENCES complaint_schemes(id),
	position  INTEGER NOT NULL,
	code      TEXT NOT NULL DEFAULT '',
	name      TEXT NOT NULL,
	UNIQUE (scheme_id, name)
);

CREATE TABLE complaint_cases (
	id           INTEGER PRIMARY KEY,
	case_ref     TEXT NOT NULL UNIQUE,
	kind         TEXT NOT NULL CHECK (kind IN ('complaint', 'conduct', 'dsi')),
	received     TEXT NOT NULL DEFAULT '',
	logged       TEXT NOT NULL DEFAULT '',
	contacted    TEXT NOT NULL DEFAULT '',
	schedule3    TEXT NOT NULL DEFAULT '' CHECK (schedule3 IN ('', 'yes', 'no')),
	sch3_reason  TEXT NOT NULL DEFAULT '' CHECK (sch3_reason IN ('', 'complainant_wishes', 'authority_decides',
	                                                          'dissatisfied')),
	handling     TEXT NOT NULL DEFAULT '' CHECK (handling IN ('', 'outside_schedule3', 'otherwise',
	                     'local_investigation', 'directed_investigation', 'independent_investigation')),
	finalised    TEXT NOT NULL DEFAULT '',
	iopc_referral TEXT NOT NULL DEFAULT '' CHECK (iopc_referral IN ('', 'mandatory', 'voluntary')),
	referral_date TEXT NOT NULL DEFAULT '',
	referral_decision TEXT NOT NULL DEFAULT '',
	authority    TEXT NOT NULL DEFAULT '',
	investigator_id INTEGER REFERENCES people(id),
	severity     TEXT NOT NULL DEFAULT '' CHECK (severity IN ('', 'none', 'misconduct', 'gross_misconduct')),
	-- The complainant: minimal personal data, PSD only. A complainant who is
	-- a member of the force is linked so separation of duties can see them.
	complainant_name    TEXT NOT NULL DEFAULT '',
	complainant_contact TEXT NOT NULL DEFAULT '',
	contact_preference  TEXT NOT NULL DEFAULT '',
	complainant_person_id INTEGER REFERENCES people(id)
);
-- No date indexes: the bulletin reads the tables once, in order (docs/complaints.md).

CREATE TABLE complaint_allegations (
	id             INTEGER PRIMARY KEY,
	case_id        INTEGER NOT NULL REFERENCES complaint_cases(id),
	allegation_ref TEXT NOT NULL,
	subject_id     INTEGER REFERENCES people(id),
	category_id    INTEGER NOT NULL REFERENCES complaint_categories(id),
	outcome        TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'resolved_outside_schedule3',
	                   'service_acceptable', 'service_not_acceptable', 'unable_to_determine',
	                   'no_further_action', 'reflective_practice', 'management_action',
	                   'misconduct_meeting', 'gross_misconduct_hearing', 'withdrawn', 'discontinued')),
	finalised      TEXT NOT NULL DEFAULT '',
	decided_by     INTEGER REFERENCES accounts(id),
	UNIQUE (case_id, allegation_ref)
);

-- Reflective practice review (Police (Conduct) Regulations 2020 reg 70 report).
CREATE TABLE complaint_rprp (
	allegation_id      INTEGER PRIMARY KEY REFERENCES complaint_allegations(id),
	summary_issue      TEXT NOT NULL,
	summary_discussion TEXT NOT NULL,
	actions            TEXT NOT NULL,   -- one action a line: "YYYY-MM-DD action"
	lessons_officer    TEXT NOT NULL,
	lessons_force      TEXT NOT NULL,
	review_date        TEXT NOT NULL,
	recorded_by        INTEGER REFERENCES accounts(id),
	recorded_at        TEXT NOT NULL
);

-- Misconduct meetings and hearings.
CREATE TABLE complaint_proceedings (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES complaint_cases(id),
	kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'hearing', 'accelerated_hearing')),
	held_on     TEXT NOT NULL,
	venue       TEXT NOT NULL DEFAULT '',
	public      INTEGER NOT NULL DEFAULT 0,
	subject_id  INTEGER NOT NULL REFERENCES people(id),
	name_withheld INTEGER NOT NULL DEFAULT 0,
	allegations TEXT NOT NULL DEFAULT '',   -- the allegations heard, in summary
	finding     TEXT NOT NULL DEFAULT '' CHECK (finding IN ('', 'misconduct', 'gross_misconduct', 'not_proven')),
	outcome     TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'written_warning', 'final_written_warning',
	                'reduction_in_rank', 'dismissal_without_notice', 'referral_to_rprp', 'no_action')),
	outcome_published TEXT NOT NULL DEFAULT '',  -- first published on the public site
	decided_by  INTEGER REFERENCES accounts(id)
);

-- Reviews requested by complainants: lpb (the PCC's office) or iopc.
CREATE TABLE complaint_reviews (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES complaint_cases(id),
	review_body TEXT NOT NULL CHECK (review_body IN ('lpb', 'iopc')),
	requested   TEXT NOT NULL DEFAULT '',
	completed   TEXT NOT NULL DEFAULT '',
	result      TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'upheld', 'not_upheld')),
	recommendations TEXT NOT NULL DEFAULT '',
	UNIQUE (case_id, review_body, requested)
);

CREATE TABLE bank_holidays (
	day   TEXT PRIMARY KEY,
	title TEXT NOT NULL DEFAULT ''
);

INSERT INTO complaint_schemes(id, name, version, active) VALUES
	(1, 'IOPC 2020', 1, 1),
	(2, 'Legacy A-Y (before February 2020)', 1, 0);
INSERT INTO complaint_categories(scheme_id, position, code, name) VALUES
	(1, 1, '', 'Delivery of duties and service'),
	(1, 2, '', 'Police powers, policies and procedures'),
	(1, 3, '', 'Handling of or damage to property/premises'),
	(1, 4, '', 'Access and/or disclosure of information'),
	(1, 5, '', 'Use of police vehicles'),
	(1, 6, '', 'Discriminatory behaviour'),
	(1, 7, '', 'Abuse of position/corruption'),
	(1, 8, '', 'Individual behaviours'),
	(1, 9, '', 'Sexual conduct'),
	(1, 10, '', 'Discreditable conduct'),
	(1, 11, '', 'Other'),
	(2, 1, 'A', 'Serious non-sexual assault'),
	(2, 2, 'B', 'Sexual assault'),
	(2, 3, 'C', 'Other assault'),
	(2, 4, 'D', 'Oppressive conduct or harassment'),
	(2, 5, 'E', 'Unlawful/unnecessary arrest or detention'),
	(2, 6, 'F', 'Discriminatory behaviour'),
	(2, 7, 'G', 'Irregularity in evidence/perjury'),
	(2, 8, 'H', 'Corrupt practice'),
	(2, 9, 'J', 'Mishandling of property'),
	(2, 10, 'K', 'Breach of PACE Code A'),
	(2, 11, 'L', 'Breach of PACE Code B'),
	(2, 12, 'M', 'Breach of PACE Code C'),
	(2, 13, 'N', 'Breach of PACE Code D'),
	(2, 14, 'P', 'Breach of PACE Code E'),
	(2, 15, 'Q', 'Lack of fairness and impartiality'),
	(2, 16, 'R', 'Multiple or unspecified breaches of PACE'),
	(2, 17, 'S', 'Other neglect or failure in duty'),
	(2, 18, 'T', 'Other procedural irregularity'),
	(2, 19, 'U', 'Incivility'),
	(2, 20, 'V', 'Traffic irregularity'),
	(2, 21, 'W', 'Other'),
	(2, 22, 'X', 'Improper disclosure of information'),
	(2, 23, 'Y', 'Other sexual conduct');

INSERT INTO config(key, value) VALUES
	('complaints.hearing_retention_days', '28'),
	('complaints.repeat_subject_allegations', '3'),
	('duty.line_manager.complaints', '1'),
	('complaints.public_text', 'If you are unhappy with the service you have received from the police, or with the behaviour of an officer or member of staff, you can complain. You can complain to the force directly, to the Police and Crime Commissioner''s office, or through the Independent Office for Police Conduct (IOPC) website, which passes your complaint to us.

Every complaint is recorded. Many are resolved quickly, outside the formal process, with an explanation or an apology. Others are handled formally under Schedule 3 of the Police Reform Act 2002, which may mean an investigation. Serious matters are referred to the IOPC.

When an investigation finds that an officer''s behaviour fell short of the standards expected but was not misconduct, the officer takes part in reflective practice: they discuss what happened, what they will do differently, and the force records the lessons. Where misconduct is found, the officer faces a misconduct meeting or hearing. Gross misconduct hearings are normally held in public, and we publish notice of them and their outcomes below.

If you are not satisfied with how your complaint was handled, you can ask for a review. The letter with the outcome of your complaint tells you who reviews it: the Police and Crime Commissioner''s office or the IOPC.');

-- England and Wales bank holidays, 2018–2027 (data/complaints/SOURCES.md).
INSERT INTO bank_holidays(day, title) VALUES
	('2018-01-01', 'New Year''s Day'),
	('2018-03-30', 'Good Friday'),
	('2018-04-02', 'Easter Monday'),
	('2018-05-07', 'Early May bank holiday'),
	('2018-05-28', 'Spring bank holiday'),
	('2018-08-27', 'Summer bank holiday'),
	('2018-12-25', 'Christmas Day'),
	('2018-12-26', 'Boxing Day'),
	('2019-01-01', 'New Year''s Day'),
	('2019-04-19', 'Good Friday'),
	('2019-04-22', 'Easter Monday'),
	('2019-05-06', 'Early May bank holiday'),
	('2019-05-27', 'Spring bank holiday'),
	('2019-08-26', 'Summer bank holiday'),
	('2019-12-25', 'Christmas Day'),
	('2019-12-26', 'Boxing Day'),
	('2020-01-01', 'New Year''s Day'),
	('2020-04-10', 'Good Friday'),
	('2020-04-13', 'Easter Monday'),
	('2020-05-08', 'Early May bank holiday (VE day)'),
	('2020-05-25', 'Spring bank holiday'),
	('2020-08-31', 'Summer bank holiday'),
	('2020-12-25', 'Christmas Day'),
	('2020-12-28', 'Boxing Day (substitute day)'),
	('2021-01-01', 'New Year''s Day'),
	('2021-04-02', 'Good Friday'),
	('2021-04-05', 'Easter Monday'),
	('2021-05-03', 'Early May bank holiday'),
	('2021-05-31', 'Spring bank holiday'),
	('2021-08-30', 'Summer bank holiday'),
	('2021-12-27', 'Christmas Day (substitute day)'),
	('2021-12-28', 'Boxing Day (substitute day)'),
	('2022-01-03', 'New Year''s Day (substitute day)'),
	('2022-04-15', 'Good Friday'),
	('2022-04-18', 'Easter Monday'),
	('2022-05-02', 'Early May bank holiday'),
	('2022-06-02', 'Spring bank holiday'),
	('2022-06-03', 'Platinum Jubilee bank holiday'),
	('2022-08-29', 'Summer bank holiday'),
	('2022-09-19', 'Bank holiday for the State Funeral of Queen Elizabeth II'),
	('2022-12-26', 'Boxing Day'),
	('2022-12-27', 'Christmas Day (substitute day)'),
	('2023-01-02', 'New Year''s Day (substitute day)'),
	('2023-04-07', 'Good Friday'),
	('2023-04-10', 'Easter Monday'),
	('2023-05-01', 'Early May bank holiday'),
	('2023-05-08', 'Bank holiday for the coronation of King Charles III'),
	('2023-05-29', 'Spring bank holiday'),
	('2023-08-28', 'Summer bank holiday'),
	('2023-12-25', 'Christmas Day'),
	('2023-12-26', 'Boxing Day'),
	('2024-01-01', 'New Year''s Day'),
	('2024-03-29', 'Good Friday'),
	('2024-04-01', 'Easter Monday'),
	('2024-05-06', 'Early May bank holiday'),
	('2024-05-27', 'Spring bank holiday'),
	('2024-08-26', 'Summer bank holiday'),
	('2024-12-25', 'Christmas Day'),
	('2024-12-26', 'Boxing Day'),
	('2025-01-01', 'New Year''s Day'),
	('2025-04-18', 'Good Friday'),
	('2025-04-21', 'Easter Monday'),
	('2025-05-05', 'Early May bank holiday'),
	('2025-05-26', 'Spring bank holiday'),
	('2025-08-25', 'Summer bank holiday'),
	('2025-12-25', 'Christmas Day'),
	('2025-12-26', 'Boxing Day'),
	('2026-01-01', 'New Year''s Day'),
	('2026-04-03', 'Good Friday'),
	('2026-04-06', 'Easter Monday'),
	('2026-05-04', 'Early May bank holiday'),
	('2026-05-25', 'Spring bank holiday'),
	('2026-08-31', 'Summer bank holiday'),
	('2026-12-25', 'Christmas Day'),
	('2026-12-28', 'Boxing Day (substitute day)'),
	('2027-01-01', 'New Year''s Day'),
	('2027-03-26', 'Good Friday'),
	('2027-03-29', 'Easter Monday'),
	('2027-05-03', 'Early May bank holiday'),
	('2027-05-31', 'Spring bank holiday'),
	('2027-08-30', 'Summer bank holiday'),
	('2027-12-27', 'Christmas Day (substitute day)'),
	('2027-12-28', 'Boxing Day (substitute day)');
