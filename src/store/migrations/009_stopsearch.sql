-- 009: stop and search fairness (M12). See docs/stop-search.md.
-- ss_files: one row per imported file, recognised again by its content hash
-- (BLAKE2b-256) or by its area and months. ss_searches: one row per search,
-- exactly as published (identical rows are separate searches), plus the
-- force's own fields when the file was the force's fuller record (the
-- published columns through ss_profiles, below). ss_counts: the per area, month,
-- ethnicity basis and group totals the report reads, kept in step with
-- ss_searches by the importer in the same transaction.

CREATE TABLE ss_files (
	id          INTEGER PRIMARY KEY,
	area        TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	name        TEXT NOT NULL,
	months      TEXT NOT NULL,            -- "2019-12,2020-01"
	rows        INTEGER NOT NULL,
	kind        TEXT NOT NULL,            -- public, force
	imported_at TEXT NOT NULL,
	UNIQUE (area, content_hash)
);

CREATE TABLE ss_file_months (
	area    TEXT NOT NULL,
	month   TEXT NOT NULL,
	file_id INTEGER NOT NULL REFERENCES ss_files(id),
	PRIMARY KEY (area, month)
);

-- The published columns other than Date, Latitude and Longitude take few
-- distinct combinations (type, legislation, object, outcome...): each
-- combination is stored once, exactly as in the file, and a search refers to
-- it. This keeps a million searches small enough to import in seconds.
CREATE TABLE ss_profiles (
	id            INTEGER PRIMARY KEY,
	pkey          TEXT NOT NULL UNIQUE,   -- the twelve values joined by U+001F
	type          TEXT NOT NULL,
	operation     TEXT NOT NULL,
	operation_name TEXT NOT NULL,
	gender        TEXT NOT NULL,
	age_range     TEXT NOT NULL,
	self_ethnicity TEXT NOT NULL,
	officer_ethnicity TEXT NOT NULL,
	legislation   TEXT NOT NULL,
	object        TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	linked        TEXT NOT NULL,
	removal       TEXT NOT NULL
);

CREATE TABLE ss_searches (
	id            INTEGER PRIMARY KEY,
	file_id       INTEGER NOT NULL,       -- ss_files(id), written in the same transaction (not declared: a
	                                      -- foreign-key check per row costs a million lookups per million rows)
	area          TEXT NOT NULL,
	month         TEXT NOT NULL,
	self_group    INTEGER NOT NULL,       -- 0 Asian 1 Black 2 Mixed 3 Other 4 White 5 Not stated 6 Not recorded
	officer_group INTEGER NOT NULL,
	date          TEXT NOT NULL,          -- as published
	latitude      TEXT NOT NULL,
	longitude     TEXT NOT NULL,
	profile       INTEGER NOT NULL,       -- ss_profiles(id) (checked by the importer, as file_id)
	-- the force's own record (NULL for the public format)
	record_id     TEXT,
	officer_staff_number TEXT,
	grounds       TEXT,
	suspected_offence TEXT,               -- possession, supply, weapon, stolen, going_equipped, other, unknown
	bwv           INTEGER,                -- body-worn video on: 1/0, NULL not recorded
	item_found    INTEGER                 -- 1/0
);
-- The force's own records are read by area and month (find rates, officers,
-- dip samples); the public rows are only ever read through ss_counts.
CREATE INDEX ss_searches_force ON ss_searches(area, month) WHERE record_id IS NOT NULL;

CREATE TABLE ss_counts (
	area     TEXT NOT NULL,
	month    TEXT NOT NULL,
	basis    INTEGER NOT NULL,            -- 0 self-defined, 1 officer-defined
	grp      INTEGER NOT NULL,            -- as self_group
	searches INTEGER NOT NULL,
	arrests  INTEGER NOT NULL,
	linked   INTEGER NOT NULL,
	drugs    INTEGER NOT NULL,
	drugs_linked INTEGER NOT NULL,
	linked_known INTEGER NOT NULL,        -- "Outcome linked..." not blank (coverage)
	PRIMARY KEY (area, basis, month, grp)
);

CREATE TABLE ss_population (
	area       TEXT NOT NULL,
	grp        TEXT NOT NULL,             -- Asian, Black, Mixed, Other, White
	population INTEGER NOT NULL,
	PRIMARY KEY (area, grp)
);

-- Reasonable-grounds dip samples (scrutiny panel).
CREATE TABLE ss_samples (
	id          INTEGER PRIMARY KEY,
	area        TEXT NOT NULL,
	from_month  TEXT NOT NULL,
	to_month    TEXT NOT NULL,
	size        INTEGER NOT NULL,         -- drawn (may be below the size asked when fewer records exist)
	asked       INTEGER NOT NULL,
	seed        TEXT NOT NULL,            -- decimal uint64: the draw is reproducible from it
	stratified  INTEGER NOT NULL,
	drawn_by    INTEGER REFERENCES accounts(id),
	drawn_at    TEXT NOT NULL,
	submit_key  TEXT UNIQUE
);

CREATE TABLE ss_sample_items (
	sample_id   INTEGER NOT NULL REFERENCES ss_samples(id),
	position    INTEGER NOT NULL,
	search_id   INTEGER NOT NULL REFERENCES ss_searches(id),
	grp         INTEGER NOT NULL,         -- self-defined group at drawing
	verdict     TEXT,                     -- yes, no, nei (not enough information); NULL not yet assessed
	comment     TEXT NOT NULL DEFAULT '',
	assessed_by INTEGER REFERENCES accounts(id),
	assessed_at TEXT,
	PRIMARY KEY (sample_id, position)
);

INSERT INTO config(key, value) VALUES
	('stopsearch.publish_min_searches', '10'),    -- publication: a group with fewer searches is suppressed
	('stopsearch.officer_min_searches', '20'),    -- per-officer comparison: fewer searches are not compared
	('stopsearch.officer_z', '3');                -- per-officer comparison: |z| at or above this is listed
