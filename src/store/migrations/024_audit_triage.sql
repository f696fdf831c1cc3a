-- 024_audit_triage.sql — triage an inspector would trust (docs/audit.md):
-- every decision on an alert kept as its own row (a change of decision is a
-- new row, never an overwrite; audit_alerts.status is the decision in
-- force), countersignature by the reviewer role for NFA and mutes on the
-- rules in audit.countersign_rules and for any decision or mute about a
-- chief officer, mutes that hide only alerts raised after they took
-- effect, and an assignee per alert.
CREATE TABLE audit_decisions (
	id               INTEGER PRIMARY KEY,
	alert_id         INTEGER NOT NULL REFERENCES audit_alerts(id),
	decision         TEXT NOT NULL CHECK (decision IN ('nfa', 'advice', 'referred')),
	note             TEXT NOT NULL DEFAULT '',
	decided_by       INTEGER REFERENCES accounts(id),
	decided_at       TEXT NOT NULL,
	-- in_force: took effect when made; pending: awaiting countersignature;
	-- countersigned: took effect when countersigned; rejected: never took effect
	state            TEXT NOT NULL CHECK (state IN ('in_force', 'pending', 'countersigned', 'rejected')),
	why_countersign  TEXT NOT NULL DEFAULT '',
	countersigned_by INTEGER REFERENCES accounts(id),
	countersigned_at TEXT NOT NULL DEFAULT '',
	countersign_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_decisions_alert ON audit_decisions(alert_id, id);
INSERT INTO audit_decisions(alert_id, decision, note, decided_by, decided_at, state)
	SELECT id, status, decision_note, decided_by, decided_at, 'in_force' FROM audit_alerts WHERE status <> 'new';

ALTER TABLE audit_alerts ADD COLUMN assigned_to INTEGER REFERENCES accounts(id);

-- a mute hides alerts raised after effective_at (never one already there);
-- pending until countersigned where that is required
ALTER TABLE audit_mutes ADD COLUMN state TEXT NOT NULL DEFAULT 'in_force';
ALTER TABLE audit_mutes ADD COLUMN effective_at TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_mutes ADD COLUMN why_countersign TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_mutes ADD COLUMN countersigned_by INTEGER REFERENCES accounts(id);
ALTER TABLE audit_mutes ADD COLUMN countersigned_at TEXT NOT NULL DEFAULT '';
UPDATE audit_mutes SET effective_at = created_at;

-- the rules whose NFA decisions and mutes need the reviewer role's countersignature
INSERT INTO config(key, value) VALUES ('audit.countersign_rules', '1,3,5');
