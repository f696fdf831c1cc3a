-- 061_audit_segments_batch.sql — the audit trail's candidate segments found
-- without reading the whole segment list (docs/audit.md, "Fewer fixed
-- costs"): "who accessed subject S" asks for the segments of the batches and
-- user buckets its subject index names, "what did user U do" for the user's
-- bucket at each split of a batch; both from the index alone, as
-- audit_segments_find is read (the columns a search needs, after the keys).
CREATE INDEX audit_segments_batch ON audit_segments(batch, ubucket, last_ts, first_ts, ubits, checksum);
CREATE INDEX audit_segments_bucket ON audit_segments(ubits, ubucket, last_ts, first_ts, batch, checksum);
