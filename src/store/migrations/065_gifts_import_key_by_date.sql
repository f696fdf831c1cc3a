-- 065: a gift's import key (domain/gifts.c, import_key) now starts with the
-- row's date offered and ':' before the hash of its fields, so the keys of
-- one date sit side by side in the import_key index and a large import,
-- written in date order, fills that index in order instead of at random
-- (issue 25: 1 s of the 4.3 s of CPU under the write lock for 500,000 rows
-- at ten times the demo). The keys already stored take the same form, so a
-- file imported before is still recognised, row for row, when imported
-- again. Only the import's own keys (64 hex digits) change; the demo's
-- 'demo-legacy-' keys are left as they are.
UPDATE gifts SET import_key = date_offered || ':' || import_key
	WHERE import_key IS NOT NULL AND length(import_key) = 64;
