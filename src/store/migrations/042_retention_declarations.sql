-- Retention of the other declarations (docs/deploy.md): business
-- interests, notifiable associations and changes of circumstances of
-- people who left more than N years ago, like gifts (032). 0 keeps them
-- for ever; the force's records retention policy decides.
INSERT INTO config(key, value) VALUES
	('retention.interests_years_after_leaving', '6'),      -- business interests, with their reviews and procurement flags
	('retention.associations_years_after_leaving', '6'),   -- notifiable associations
	('retention.circumstances_years_after_leaving', '6');  -- changes of personal circumstances
