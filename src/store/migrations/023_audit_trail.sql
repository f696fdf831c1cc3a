-- 023_audit_trail.sql — the audit trail store: every ingested audit event,
-- kept append-only in compressed columnar segments (src/audit/trail.c), one
-- row per segment, written in the same transaction as the ingest checkpoint
-- that took the events in (so a killed run keeps each event exactly once).
-- See docs/audit.md, "The audit trail store".
CREATE TABLE audit_segments (
	id         INTEGER PRIMARY KEY,
	source     TEXT NOT NULL,            -- the feed: file path, "stdin", "PROBITY access_log", ...
	day        TEXT NOT NULL,            -- YYYY-MM-DD of every event in it (UTC)
	first_ts   TEXT NOT NULL,
	last_ts    TEXT NOT NULL,
	events     INTEGER NOT NULL,
	checksum   INTEGER NOT NULL,         -- CRC-32 of data
	bloom      BLOB NOT NULL,            -- users, subjects, record ids it holds
	data       BLOB NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX audit_segments_day ON audit_segments(day);
CREATE INDEX audit_segments_last ON audit_segments(last_ts);
-- coverage: events per day per system and device, and the last one, kept
-- with the segments (the evidence that every system, mobile included, is
-- monitored)
CREATE TABLE audit_coverage (
	day     TEXT NOT NULL,
	system  TEXT NOT NULL,
	device  TEXT NOT NULL,
	events  INTEGER NOT NULL,
	last_ts TEXT NOT NULL,
	PRIMARY KEY (day, system, device)
);
-- the feeds (one per force system), each with the interval expected
-- between its deliveries (0: none), for the coverage warning
CREATE TABLE audit_feeds (
	name             TEXT PRIMARY KEY,
	interval_seconds INTEGER NOT NULL DEFAULT 0,
	created_at       TEXT NOT NULL
);
-- how long events are kept (whole days), default 7 years
INSERT INTO config(key, value) VALUES ('audit.retention_days', '2557');
-- a system and device silent for longer than this is flagged (hours)
INSERT INTO config(key, value) VALUES ('audit.silence_hours', '24');
