-- 026_stopsearch_sample_powers.sql — dip samples draw only searches whose
-- power needs reasonable grounds; a sample that was asked to include the
-- others (section 60, section 47A...) says so.
ALTER TABLE ss_samples ADD COLUMN include_no_grounds INTEGER NOT NULL DEFAULT 0;
INSERT INTO config(key, value) VALUES ('stopsearch.sample_exclude', '(section 60);(section 47A)')
	ON CONFLICT(key) DO NOTHING;
