-- 025_equality_links.sql — one-time links through which an applicant enters
-- their own equality information without an account (blind vetting: the
-- vetting unit sends the link and never sees what is entered). Only a keyed
-- hash of the token is stored; a link is used once and expires.
CREATE TABLE vetting_equality_links (
	token_hash     TEXT PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES vetting_applications(id),
	created_at     TEXT NOT NULL,
	created_by     INTEGER NOT NULL,
	expires        TEXT NOT NULL,            -- YYYY-MM-DD, last day it works
	used_at        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vetting_equality_links_app ON vetting_equality_links(application_id);
