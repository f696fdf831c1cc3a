-- 048: the write generation (store_generation): bumped by the store with
-- every committed write to anything but the access log and sessions, so a
-- value derived from many tables (the header's "N things need you") can be
-- kept until something it might depend on changes, in any process.
INSERT INTO change_counters(name, value) VALUES ('writes', 0);
-- The vetting compliance view's unit filter walks units by parent (it built
-- an automatic index for that on every run).
CREATE INDEX units_parent ON units(parent_id);
-- The header's count finds the reviews a reader signs off by their named
-- signer (notify.c, air_signoff's reader statement).
CREATE INDEX air_returns_manager ON air_returns(manager_person);
-- The register sorted by value, and filtered by a value band, walks the
-- gifts by value and stops after the page (it sorted every gift: 0.7 s at
-- ten times the demo).
CREATE INDEX gifts_value ON gifts(value_pence, date_offered);
-- The vetting applications list walks them by date received and stops
-- after the page.
CREATE INDEX vetting_applications_received ON vetting_applications(received, id);
