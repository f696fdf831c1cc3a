-- 048: the write generation (store_generation): bumped by the store with
-- every committed write to anything but the access log and sessions, so a
-- value derived from many tables (the header's "N things need you") can be
-- kept until something it might depend on changes, in any process.
INSERT INTO change_counters(name, value) VALUES ('writes', 0);
