-- 010: evidence files attached to inspection findings. Files are kept in
-- the database (so a backup holds them and a transaction covers them),
-- with their detected type, size and SHA-256.
CREATE TABLE evidence (
	id          INTEGER PRIMARY KEY,
	finding_id  INTEGER NOT NULL REFERENCES findings(id),
	filename    TEXT NOT NULL,
	ctype       TEXT NOT NULL,          -- detected from the content, never the browser's claim
	size        INTEGER NOT NULL,
	sha256      TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	data        BLOB NOT NULL,
	account_id  INTEGER REFERENCES accounts(id),
	created_at  TEXT NOT NULL
);
CREATE INDEX evidence_finding ON evidence(finding_id);
INSERT INTO config(key, value) VALUES ('evidence.max_bytes', '5242880');
