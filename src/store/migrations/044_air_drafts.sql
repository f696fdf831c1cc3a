-- The AIR return as a task list (docs/air.md): the person answers one
-- section at a time and the answers are kept here, form key by form key
-- (r_<register>_<id>, n_<register>_<id>, all_<register>, anything_changed,
-- changes), until the return is submitted, when they become
-- air_return_items and these rows are deleted in the same transaction.
CREATE TABLE air_drafts (
	return_id INTEGER NOT NULL REFERENCES air_returns(id),
	key       TEXT NOT NULL,
	value     TEXT NOT NULL,
	PRIMARY KEY (return_id, key)
);
