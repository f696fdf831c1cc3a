-- 006: business interests and secondary employment (M2) and the
-- procurement cross-check (M4).
--
-- A business interest: applied -> (line manager recommends) awaiting_psd ->
-- approved | approved_with_conditions | refused; an approved interest may be
-- withdrawn at an annual review, and its holder may end it. An appeal (of a
-- refusal or of the conditions) is kept on the row: appeal_status '' (none),
-- pending, upheld, overturned; status keeps the decision under appeal until
-- the DCC overturns it. The Annual Integrity Review reads this table.

CREATE TABLE business_interests (
	id               INTEGER PRIMARY KEY,
	person_id        INTEGER NOT NULL REFERENCES people(id),
	kind             TEXT NOT NULL CHECK (kind IN ('second_job', 'own_business', 'property_letting',
	                 'shareholding', 'directorship', 'voluntary', 'family_business')),
	organisation     TEXT NOT NULL,
	description      TEXT NOT NULL,
	hours_per_week   INTEGER NOT NULL DEFAULT 0 CHECK (hours_per_week >= 0 AND hours_per_week <= 168),
	start_date       TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD
	conflict         TEXT NOT NULL DEFAULT '',   -- how it could conflict with police duties
	status           TEXT NOT NULL CHECK (status IN ('applied', 'awaiting_psd', 'approved',
	                 'approved_with_conditions', 'refused', 'withdrawn', 'ended')),
	manager_id       INTEGER REFERENCES people(id),
	manager_recommendation TEXT NOT NULL DEFAULT '' CHECK (manager_recommendation IN ('', 'support', 'do_not_support')),
	manager_comment  TEXT NOT NULL DEFAULT '',
	manager_at       TEXT NOT NULL DEFAULT '',
	psd_account_id   INTEGER REFERENCES accounts(id),
	decision         TEXT NOT NULL DEFAULT '',   -- approved, approved_with_conditions, refused
	conditions       TEXT NOT NULL DEFAULT '',
	decision_reason  TEXT NOT NULL DEFAULT '',
	decided_at       TEXT NOT NULL DEFAULT '',
	appeal_status    TEXT NOT NULL DEFAULT '' CHECK (appeal_status IN ('', 'pending', 'upheld', 'overturned')),
	appeal_of        TEXT NOT NULL DEFAULT '' CHECK (appeal_of IN ('', 'refusal', 'conditions')),
	appeal_grounds   TEXT NOT NULL DEFAULT '',
	appealed_at      TEXT NOT NULL DEFAULT '',
	dcc_account_id   INTEGER REFERENCES accounts(id),
	appeal_reason    TEXT NOT NULL DEFAULT '',
	appeal_decided_at TEXT NOT NULL DEFAULT '',
	review_date      TEXT NOT NULL DEFAULT '',   -- next annual review, YYYY-MM-DD; '' when none is due
	end_date         TEXT NOT NULL DEFAULT '',
	end_reason       TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL,
	created_by       INTEGER REFERENCES accounts(id),
	submit_key       TEXT UNIQUE,
	import_key       TEXT UNIQUE
);
CREATE INDEX business_interests_person ON business_interests(person_id);
CREATE INDEX business_interests_status ON business_interests(status, review_date);
CREATE INDEX business_interests_created ON business_interests(created_at);

-- Each annual review of an approved interest.
CREATE TABLE interest_reviews (
	id          INTEGER PRIMARY KEY,
	interest_id INTEGER NOT NULL REFERENCES business_interests(id),
	outcome     TEXT NOT NULL CHECK (outcome IN ('confirmed', 'conditions_changed', 'withdrawn')),
	conditions  TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	account_id  INTEGER REFERENCES accounts(id),
	reviewed_at TEXT NOT NULL
);
CREATE INDEX interest_reviews_interest ON interest_reviews(interest_id);

-- Procurement's contract list, keyed by contract reference: a later monthly
-- list updates a contract in place. supplier_norm is the normalised name.
CREATE TABLE contracts (
	id            INTEGER PRIMARY KEY,
	supplier      TEXT NOT NULL,
	supplier_norm TEXT NOT NULL,
	contract_ref  TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	award_date    TEXT NOT NULL,
	value_pence   INTEGER NOT NULL DEFAULT 0,
	department    TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL
);
CREATE INDEX contracts_norm ON contracts(supplier_norm);

-- PSD's review of one flag (a contract matched with a gift or an interest).
-- Flags themselves are computed by the cross-check; a review is kept by the
-- flag's identity, so it survives re-running the check.
CREATE TABLE procurement_reviews (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	match       TEXT NOT NULL CHECK (match IN ('gift', 'business_interest')),
	record_id   INTEGER NOT NULL,
	outcome     TEXT NOT NULL CHECK (outcome IN ('no_concern', 'advice_given', 'referred_to_acu')),
	note        TEXT NOT NULL,
	account_id  INTEGER REFERENCES accounts(id),
	reviewed_at TEXT NOT NULL,
	UNIQUE (contract_id, match, record_id)
);

INSERT INTO config(key, value) VALUES
	('interests.review_months', '12'),
	('procurement.window_months', '12'),
	('procurement.match_threshold_pct', '80');
