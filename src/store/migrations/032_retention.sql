-- Retention rules (docs/deploy.md): how long records are kept, per record
-- type, applied by `probity retention apply` (the daily timer). 0 keeps
-- them for ever. These defaults are a starting point: the force's own
-- records retention policy decides, and `probity config set` changes them
-- (access-logged). The audit trail's rule is audit.retention_days (005).
INSERT INTO config(key, value) VALUES
	('retention.gifts_years_after_leaving', '6'),  -- declarations of people who left more than N years ago
	('retention.intel_closed_years', '6'),         -- intelligence items closed more than N years ago, with their lines, interventions, thread and the anonymous report they came from
	('retention.anon_idle_days', '365');           -- anonymous report threads never taken on as intelligence, N days after their last message
