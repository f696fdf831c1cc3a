-- The pseudonymised audit queue (docs/audit.md, "The pseudonymised queue"), and user-clustered audit trail segments (at the end).
--
-- with audit.pseudonymise = 1 the ACU's alert queue and alert pages show
-- each user as a stable code (a keyed hash of the staff number) until an
-- analyst reveals the user of one alert with a stated reason. Each reveal
-- is kept here (and written to the access log) so the reviewer role can see
-- who revealed whom, on which alert, and why; a reveal holds for that
-- analyst on that alert only.
CREATE TABLE audit_reveals (
	id          INTEGER PRIMARY KEY,
	alert_id    INTEGER NOT NULL REFERENCES audit_alerts(id),
	account_id  INTEGER NOT NULL REFERENCES accounts(id),
	reason      TEXT NOT NULL,
	revealed_at TEXT NOT NULL
);
CREATE INDEX audit_reveals_alert ON audit_reveals(alert_id, account_id);
INSERT INTO config(key, value) VALUES ('audit.pseudonymise', '0');

-- The audit trail store, format 2 (docs/audit.md, "The audit trail store"):
-- a batch of events (one day of one checkpoint) big enough is split into
-- user-clustered segments, one per user bucket (2^ubits buckets, this one
-- ubucket), so "what did user U do" reads only U's bucket; the segments of
-- one batch share `batch` so a search merges them back into stored order.
-- Segments written before (batch 0) are each their own batch.
ALTER TABLE audit_segments ADD COLUMN ubits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_segments ADD COLUMN ubucket INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_segments ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
-- A search first reads which segments may match from this index alone
-- (SQLite stores the columns added above after the segment's data, and
-- reading them from the table would walk every page of every segment).
CREATE INDEX audit_segments_find ON audit_segments(last_ts, first_ts, ubits, ubucket, batch, checksum);
