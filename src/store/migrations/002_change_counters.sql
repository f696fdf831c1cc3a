-- 002: change counters. Each counter goes up, in the same transaction, with
-- every change to the tables a cached view is built from, so a cache entry
-- stamped with the counter is exactly as fresh as the database.

CREATE TABLE change_counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO change_counters(name, value) VALUES ('gifts', 0);

CREATE TRIGGER gifts_ins AFTER INSERT ON gifts BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
CREATE TRIGGER gifts_upd AFTER UPDATE ON gifts BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
CREATE TRIGGER gifts_del AFTER DELETE ON gifts BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
-- The register shows names, units and PSD usernames too.
CREATE TRIGGER gifts_people_upd AFTER UPDATE ON people BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
CREATE TRIGGER gifts_units_upd AFTER UPDATE ON units BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
CREATE TRIGGER gifts_accounts_upd AFTER UPDATE OF username ON accounts BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
CREATE TRIGGER gifts_units_ins AFTER INSERT ON units BEGIN
	UPDATE change_counters SET value = value + 1 WHERE name = 'gifts'; END;
