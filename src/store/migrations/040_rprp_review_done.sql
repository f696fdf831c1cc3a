-- 040: a reflective practice review is marked done (docs/complaints.md), so
-- the 12-month review stops being due and its reminder (src/domain/notify.c,
-- kind rprp_review) clears. '' until Professional Standards marks it.
ALTER TABLE complaint_rprp ADD COLUMN reviewed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_rprp ADD COLUMN reviewed_by INTEGER REFERENCES accounts(id);
