-- 027: the PCC's response records (M11, issue 16): s.55(5B) explanations
-- per recommendation, and versioned publication — each publication freezes
-- a numbered version that no statement can change afterwards.

-- s.55(5B) Police Act 1996: for each recommendation of the report, the
-- action taken, the action proposed (with a date), or why none. The draft.
CREATE TABLE response_explanations (
	finding_id    INTEGER PRIMARY KEY REFERENCES findings(id),
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	action        TEXT NOT NULL CHECK (action IN ('taken', 'proposed', 'none')),
	proposed_date TEXT NOT NULL DEFAULT '',   -- action proposed: by when
	text          TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE INDEX response_explanations_inspection ON response_explanations(inspection_id);

-- The current draft: version is the last version published (0: never);
-- changed is 1 when the draft differs from that version.
ALTER TABLE response_records ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response_records ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
-- A historic report (imported) whose comments were published outside
-- Probity: the date they were published, which stops the 56-day clock.
ALTER TABLE response_records ADD COLUMN published_elsewhere TEXT NOT NULL DEFAULT '';

-- Published versions: written once, never updated or deleted.
CREATE TABLE response_versions (
	inspection_id   INTEGER NOT NULL REFERENCES inspections(id),
	version         INTEGER NOT NULL CHECK (version >= 1),
	published_at    TEXT NOT NULL,            -- the date this version was published
	account_id      INTEGER REFERENCES accounts(id),
	by_name         TEXT NOT NULL DEFAULT '', -- who published it (staff view only)
	note            TEXT NOT NULL DEFAULT '', -- what changed since the previous version
	force_name      TEXT NOT NULL,
	pcc_name        TEXT NOT NULL,
	chief_constable TEXT NOT NULL,
	pcc_statement   TEXT NOT NULL,
	cc_response     TEXT NOT NULL,
	PRIMARY KEY (inspection_id, version)
);
CREATE TABLE response_version_explanations (
	inspection_id INTEGER NOT NULL,
	version       INTEGER NOT NULL,
	finding_id    INTEGER NOT NULL REFERENCES findings(id),
	reference     TEXT NOT NULL,
	recommendation TEXT NOT NULL,
	action        TEXT NOT NULL,
	proposed_date TEXT NOT NULL,
	text          TEXT NOT NULL,
	PRIMARY KEY (inspection_id, version, finding_id),
	FOREIGN KEY (inspection_id, version) REFERENCES response_versions(inspection_id, version)
);
-- The findings as published with the version: status, caveat and the
-- latest dated force update at the time.
CREATE TABLE response_version_findings (
	inspection_id INTEGER NOT NULL,
	version       INTEGER NOT NULL,
	finding_id    INTEGER NOT NULL REFERENCES findings(id),
	kind          TEXT NOT NULL,
	reference     TEXT NOT NULL,
	pillar        TEXT NOT NULL,
	text          TEXT NOT NULL,
	status        TEXT NOT NULL,
	caveat        TEXT NOT NULL,
	update_date   TEXT NOT NULL,
	update_text   TEXT NOT NULL,
	PRIMARY KEY (inspection_id, version, finding_id),
	FOREIGN KEY (inspection_id, version) REFERENCES response_versions(inspection_id, version)
);
CREATE TRIGGER response_version_findings_frozen BEFORE UPDATE ON response_version_findings
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER response_version_findings_kept BEFORE DELETE ON response_version_findings
BEGIN SELECT RAISE(ABORT, 'a published version cannot be deleted'); END;
CREATE TRIGGER response_versions_frozen BEFORE UPDATE ON response_versions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER response_versions_kept BEFORE DELETE ON response_versions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be deleted'); END;
CREATE TRIGGER response_version_explanations_frozen BEFORE UPDATE ON response_version_explanations
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER response_version_explanations_kept BEFORE DELETE ON response_version_explanations
BEGIN SELECT RAISE(ABORT, 'a published version cannot be deleted'); END;

-- Records published before versions existed become version 1.
INSERT INTO response_versions(inspection_id, version, published_at, note, force_name, pcc_name, chief_constable,
                              pcc_statement, cc_response)
	SELECT inspection_id, 1, published_at, '', force_name, pcc_name, chief_constable, pcc_statement, cc_response
	FROM response_records WHERE published = 1;
INSERT INTO response_version_findings(inspection_id, version, finding_id, kind, reference, pillar, text, status,
                                      caveat, update_date, update_text)
	SELECT f.inspection_id, 1, f.id, f.kind, f.reference, f.pillar, f.text, f.status, f.caveat,
	       COALESCE(u.update_date, ''), COALESCE(u.text, '')
	FROM findings f JOIN response_records r ON r.inspection_id = f.inspection_id AND r.published = 1
	LEFT JOIN finding_updates u ON u.id = (SELECT x.id FROM finding_updates x WHERE x.finding_id = f.id
	                                       ORDER BY x.update_date DESC, x.id DESC LIMIT 1);
UPDATE response_records SET version = 1 WHERE published = 1;

-- The tracker (issue 16): "signed off with work continuing" needs a
-- follow-up date; the finding comes back to the dashboard when it passes.
ALTER TABLE findings ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';
ALTER TABLE finding_status_history ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';

-- The findings import's stable reference for an inspection: the title and
-- publication date it was first created with ("title|YYYY-MM-DD"). A
-- rename keeps it, so re-importing the original file matches the renamed
-- inspection instead of creating a duplicate.
ALTER TABLE inspections ADD COLUMN import_ref TEXT;
UPDATE inspections SET import_ref = title || '|' || published;
CREATE UNIQUE INDEX inspections_import_ref ON inspections(import_ref);
