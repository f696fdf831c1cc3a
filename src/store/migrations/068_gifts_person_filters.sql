-- 068: a team's list with a filter on status, value, acceptance or offeror
-- (or sorted by one of them) reads each team member's declarations through
-- gifts_person; those columns were only in the gift rows, so every one of
-- the team's declarations was read from the table for each page (issue 25:
-- 1,585 rows and 5.5-6.6 ms of CPU a page for the bench's team at ten times
-- the demo). gifts_person now holds them after its two keys, so the team's
-- statements read the index alone until the page's own rows (about 0.8 ms);
-- same index count, so an import keeps the same number of indexes up to date
-- (docs/scale.md has the figures).
DROP INDEX gifts_person;
CREATE INDEX gifts_person ON gifts(person_id, date_offered, status, value_pence, accepted, offeror_org, offeror_person);
