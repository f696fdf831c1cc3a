-- 054_register_pages.sql: the associations and circumstances registers walk
-- their rows by date declared and stop after the page, and read their
-- unfiltered count from row_counts (migration 039) instead of filtering and
-- sorting every row for each page (issue 25: 5-8 ms of CPU a page at ten
-- times the demo). domain/associations.c and circumstances.c read them.
CREATE INDEX associations_declared ON notifiable_associations(declared_on, id);
CREATE INDEX circumstances_declared ON circumstances(declared_on, id);
INSERT INTO row_counts(name, value) SELECT 'notifiable_associations', COUNT(*) FROM notifiable_associations;
INSERT INTO row_counts(name, value) SELECT 'circumstances', COUNT(*) FROM circumstances;
CREATE TRIGGER associations_count_ins AFTER INSERT ON notifiable_associations BEGIN
	UPDATE row_counts SET value = value + 1 WHERE name = 'notifiable_associations'; END;
CREATE TRIGGER associations_count_del AFTER DELETE ON notifiable_associations BEGIN
	UPDATE row_counts SET value = value - 1 WHERE name = 'notifiable_associations'; END;
CREATE TRIGGER circumstances_count_ins AFTER INSERT ON circumstances BEGIN
	UPDATE row_counts SET value = value + 1 WHERE name = 'circumstances'; END;
CREATE TRIGGER circumstances_count_del AFTER DELETE ON circumstances BEGIN
	UPDATE row_counts SET value = value - 1 WHERE name = 'circumstances'; END;
-- The intelligence list finds its page, and counts, through one index that
-- holds every column its filters read (each item's row, with its texts,
-- spans pages: the list read and copied all of them for every page).
CREATE INDEX intel_items_list ON intel_items(received, category, status, reviewer_id);
-- Repeat subjects (the complaints page): a year's cases by date received,
-- then each case's allegations by subject, without reading every
-- allegation and its subject's row.
CREATE INDEX complaint_cases_received ON complaint_cases(received);
CREATE INDEX complaint_allegations_case_subject ON complaint_allegations(case_id, subject_id);
