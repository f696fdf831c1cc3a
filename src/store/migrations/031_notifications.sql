-- 031: notifications and reminders (issue 22). What needs a person is
-- computed from the records (src/domain/notify.c), so nothing here can go
-- stale: this migration holds only what cannot be computed — e-mail
-- addresses from the HR feed, each account's digest timing, and the outbox
-- of e-mails with their delivery state.

ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE notify_prefs (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
	timing     TEXT NOT NULL DEFAULT 'daily' CHECK (timing IN ('immediate', 'daily', 'weekly')),
	updated_at TEXT NOT NULL
);

-- One row per e-mail to a person (or to an account with no person).
-- msg_key (recipient, event, due period) is unique, so
-- however often `probity notify run` computes the same digest it is queued
-- once; status moves queued -> sending -> sent (or failed after the last
-- retry); a row left in 'sending' by a killed sender is sent again.
CREATE TABLE notify_outbox (
	id          INTEGER PRIMARY KEY,
	msg_key     TEXT NOT NULL UNIQUE,
	person_id   INTEGER REFERENCES people(id),
	account_id  INTEGER REFERENCES accounts(id),
	rcpt        TEXT NOT NULL,
	subject     TEXT NOT NULL,
	body        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_try    TEXT NOT NULL,
	last_error  TEXT NOT NULL DEFAULT '',
	sent_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notify_outbox_due ON notify_outbox(status, next_try);
CREATE INDEX notify_outbox_person ON notify_outbox(person_id, created_at);

CREATE INDEX gifts_status_person ON gifts(status, person_id);
CREATE INDEX air_returns_status ON air_returns(status, wave_id);
CREATE INDEX review_questions_open ON review_questions(response);
CREATE INDEX audit_alerts_status ON audit_alerts(status, assigned_to);
CREATE INDEX audit_decisions_state ON audit_decisions(state);
CREATE INDEX intel_interventions_owner ON intel_interventions(owner_id, end_date);

INSERT INTO config(key, value) VALUES
	('notify.run_minutes', '15'),
	('notify.max_attempts', '8');
