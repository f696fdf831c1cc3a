-- 040: a reflective practice review is marked done (docs/complaints.md), so
-- the 12-month review stops being due and its reminder (src/domain/notify.c,
-- kind rprp_review) clears. '' until Professional Standards marks it.
ALTER TABLE complaint_rprp ADD COLUMN reviewed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_rprp ADD COLUMN reviewed_by INTEGER REFERENCES accounts(id);

-- Learning sources (src/domain/inspections.h learning_add): recommendations
-- that are not an inspection's findings — complaints' learning
-- recommendations, the ethics panel's advice to the force — tracked as
-- findings of a row with source 'learning', which has no report and which
-- the 56-day response clock ignores.
ALTER TABLE inspections ADD COLUMN source TEXT NOT NULL DEFAULT 'inspection' CHECK (source IN ('inspection', 'learning'));
-- The ethics panel's advice to the force, as its finding in the learning
-- source "Ethics panel: advice to the force" (src/domain/ethics.c).
ALTER TABLE ethics_dilemmas ADD COLUMN force_finding_id INTEGER REFERENCES findings(id);
-- A corruption concern passed from a dilemma to the counter-corruption unit
-- (src/domain/ethics.c ethics_pass_to_acu): the day a named or confidential
-- raiser consented, and the intelligence item it became.
ALTER TABLE ethics_dilemmas ADD COLUMN acu_consent_on TEXT;
ALTER TABLE ethics_dilemmas ADD COLUMN intel_item_id INTEGER REFERENCES intel_items(id);
-- A case study the chair has also put on the public site (probity publish).
ALTER TABLE ethics_cases ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));
-- A panel review's further review marked held (src/domain/reviews.c), so it
-- leaves the reviews due and its reminder (kind review_further).
ALTER TABLE reviews ADD COLUMN further_done_on TEXT NOT NULL DEFAULT '';
