-- Deployment (docs/deploy.md): retention rules, and single sign-on flows.
-- Retention rules (docs/deploy.md): how long records are kept, per record
-- type, applied by `probity retention apply` (the daily timer). 0 keeps
-- them for ever. These defaults are a starting point: the force's own
-- records retention policy decides, and `probity config set` changes them
-- (access-logged). The audit trail's rule is audit.retention_days (005).
INSERT INTO config(key, value) VALUES
	('retention.gifts_years_after_leaving', '6'),  -- declarations of people who left more than N years ago
	('retention.intel_closed_years', '6'),         -- intelligence items closed more than N years ago, with their lines, interventions, thread and the anonymous report they came from
	('retention.anon_idle_days', '365');           -- anonymous report threads never taken on as intelligence, N days after their last message

-- Single sign-on (OpenID Connect, domain/oidc.c): one row per sign-in
-- started, until its callback uses it (once) or it is ten minutes old. The
-- state is also in the browser's cookie; nonce and the PKCE verifier never
-- leave the server except to the provider's token endpoint.
CREATE TABLE oidc_flows (
	state    TEXT PRIMARY KEY,
	nonce    TEXT NOT NULL,
	verifier TEXT NOT NULL,
	next     TEXT NOT NULL DEFAULT '',
	created  INTEGER NOT NULL              -- unix time
);
