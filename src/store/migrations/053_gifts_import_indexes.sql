-- 053: fewer indexes for an import of many gifts to keep up to date under
-- the write lock (issue 25: each index on gifts cost about 1.5 s of CPU per
-- 500,000 imported rows at ten times the demo; docs/scale.md has the
-- figures and the statements each index serves).
-- gifts_offeror served no statement: the offeror filter is a substring
-- search and the risk and procurement reads go by person or by date.
DROP INDEX gifts_offeror;
-- gifts_status_person serves the lists and the header's count of gifts
-- waiting for a manager or for PSD; it now holds only those (a few thousand
-- of half a million), so a declaration recorded by an import, or decided,
-- leaves it. A statement asking for status = 'awaiting_manager' (or
-- 'awaiting_psd') still reaches it; every other status is served by
-- gifts_status (the register sorted by status) as before.
DROP INDEX gifts_status_person;
CREATE INDEX gifts_status_person ON gifts(status, person_id)
	WHERE status = 'awaiting_manager' OR status = 'awaiting_psd';
