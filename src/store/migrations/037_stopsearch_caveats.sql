-- 037_stopsearch_caveats.sql — what travels with the stop and search figures
-- (issue 15 §4): the source of each area's population (the public page names
-- the census actually loaded), and the force's narrative per area and period,
-- written by governance and published with the report.
ALTER TABLE ss_population ADD COLUMN source TEXT NOT NULL DEFAULT '';

CREATE TABLE ss_narratives (
	id          INTEGER PRIMARY KEY,
	area        TEXT NOT NULL,
	from_month  TEXT NOT NULL,            -- YYYY-MM
	to_month    TEXT NOT NULL,
	reasons     TEXT NOT NULL,            -- the force's explanation of the disparities
	action      TEXT NOT NULL,            -- the action taken
	written_by  INTEGER REFERENCES accounts(id),
	written_at  TEXT NOT NULL,
	UNIQUE (area, from_month, to_month)
);
