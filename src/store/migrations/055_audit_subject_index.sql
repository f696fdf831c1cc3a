-- 055_audit_subject_index.sql — the audit trail's subject index (docs/audit.md,
-- "The subject index"): "who accessed subject S" reads one small part per
-- batch instead of every segment. Per batch (audit_segments.batch) one
-- marker row (pkey 0: the batch's parameters) and the parts (pkey: the top
-- bits of the subject's hash), each with the CRC-32 of its data. Written in
-- the checkpoint's transaction with the batch's segments; batches without
-- a marker (written before) are searched by scanning, as before.
CREATE TABLE audit_subject_index (
	id       INTEGER PRIMARY KEY,
	batch    INTEGER NOT NULL,
	day      TEXT NOT NULL,
	pkey     INTEGER NOT NULL,
	checksum INTEGER NOT NULL,
	data     BLOB NOT NULL
);
CREATE INDEX audit_subject_index_find ON audit_subject_index(pkey, batch);
CREATE INDEX audit_subject_index_day ON audit_subject_index(day);
