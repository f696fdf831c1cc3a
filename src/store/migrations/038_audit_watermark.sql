-- 038 — feeds merged by a watermark (issue 17): a declared feed's events
-- wait in audit_pending until every declared feed has reached their time
-- (the watermark), then go through the rules in global time order; events
-- too late or too far in the future wait in audit_quarantine for an
-- analyst to release or drop. See docs/audit.md ("Feeds and the watermark").
CREATE TABLE audit_pending (
	id          INTEGER PRIMARY KEY,
	feed        TEXT NOT NULL,
	line        INTEGER NOT NULL,        -- the event's line in its delivery
	ts          TEXT NOT NULL,           -- YYYY-MM-DDTHH:MM:SSZ (UTC)
	user        TEXT NOT NULL,
	system      TEXT NOT NULL,
	device      TEXT NOT NULL,
	action      TEXT NOT NULL,
	record_type TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	subject     TEXT NOT NULL,
	reason      TEXT NOT NULL
);
CREATE INDEX audit_pending_ts ON audit_pending(ts, id);
CREATE TABLE audit_quarantine (
	id          INTEGER PRIMARY KEY,
	feed        TEXT NOT NULL,
	why         TEXT NOT NULL,           -- late, future
	detail      TEXT NOT NULL,
	line        INTEGER NOT NULL,
	ts          TEXT NOT NULL,
	user        TEXT NOT NULL,
	system      TEXT NOT NULL,
	device      TEXT NOT NULL,
	action      TEXT NOT NULL,
	record_type TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	subject     TEXT NOT NULL,
	reason      TEXT NOT NULL,
	received_at TEXT NOT NULL
);
-- the latest event time each feed has reached (or declared complete to)
ALTER TABLE audit_feeds ADD COLUMN latest_ts TEXT NOT NULL DEFAULT '';
-- its last delivery and how many events it has sent
ALTER TABLE audit_feeds ADD COLUMN last_delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_feeds ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
-- the feed's mapping file (its own columns, codes, time format and zone), '' for events.csv
ALTER TABLE audit_feeds ADD COLUMN mapping TEXT NOT NULL DEFAULT '';
-- how far behind the watermark the rules run, and how far in the future an
-- event may be before it is quarantined (seconds)
INSERT INTO config(key, value) VALUES ('audit.allowed_lateness_seconds', '0');
INSERT INTO config(key, value) VALUES ('audit.future_tolerance_seconds', '300');
