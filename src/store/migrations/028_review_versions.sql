-- 028: panel reviews published as numbered, frozen versions (issue 16), as
-- the PCC's response records are (027). A change after publication marks
-- the review changed: a draft to publish again as the next version.
ALTER TABLE reviews ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE review_versions (
	review_id      INTEGER NOT NULL REFERENCES reviews(id),
	version        INTEGER NOT NULL CHECK (version >= 1),
	published_at   TEXT NOT NULL,            -- the date this version was published
	account_id     INTEGER REFERENCES accounts(id),
	by_name        TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '', -- what changed since the previous version
	topic          TEXT NOT NULL,
	scope          TEXT NOT NULL,
	method         TEXT NOT NULL,
	found          TEXT NOT NULL,
	further_review TEXT NOT NULL,
	members        TEXT NOT NULL,            -- one per line
	PRIMARY KEY (review_id, version)
);
CREATE TABLE review_version_questions (
	review_id     INTEGER NOT NULL,
	version       INTEGER NOT NULL,
	number        INTEGER NOT NULL,
	question      TEXT NOT NULL,
	response      TEXT NOT NULL,
	response_date TEXT NOT NULL,
	PRIMARY KEY (review_id, version, number),
	FOREIGN KEY (review_id, version) REFERENCES review_versions(review_id, version)
);
CREATE TABLE review_version_actions (
	review_id INTEGER NOT NULL,
	version   INTEGER NOT NULL,
	number    INTEGER NOT NULL,
	action    TEXT NOT NULL,
	owner     TEXT NOT NULL,
	due       TEXT NOT NULL,
	done      INTEGER NOT NULL,
	PRIMARY KEY (review_id, version, number),
	FOREIGN KEY (review_id, version) REFERENCES review_versions(review_id, version)
);
CREATE TRIGGER review_versions_frozen BEFORE UPDATE ON review_versions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER review_versions_kept BEFORE DELETE ON review_versions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be deleted'); END;
CREATE TRIGGER review_version_questions_frozen BEFORE UPDATE ON review_version_questions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER review_version_questions_kept BEFORE DELETE ON review_version_questions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be deleted'); END;
CREATE TRIGGER review_version_actions_frozen BEFORE UPDATE ON review_version_actions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER review_version_actions_kept BEFORE DELETE ON review_version_actions
BEGIN SELECT RAISE(ABORT, 'a published version cannot be deleted'); END;

-- Any change to a published review, its questions, actions, members or
-- examined findings makes it a draft again.
CREATE TRIGGER reviews_changed AFTER UPDATE OF topic, scope, method, found, further_review ON reviews
WHEN NEW.version > 0 AND (OLD.topic IS NOT NEW.topic OR OLD.scope IS NOT NEW.scope OR OLD.method IS NOT NEW.method
	OR OLD.found IS NOT NEW.found OR OLD.further_review IS NOT NEW.further_review)
BEGIN UPDATE reviews SET changed = 1 WHERE id = NEW.id; END;
CREATE TRIGGER review_questions_ins_changed AFTER INSERT ON review_questions
BEGIN UPDATE reviews SET changed = 1 WHERE id = NEW.review_id AND version > 0; END;
CREATE TRIGGER review_questions_upd_changed AFTER UPDATE ON review_questions
BEGIN UPDATE reviews SET changed = 1 WHERE id = NEW.review_id AND version > 0; END;
CREATE TRIGGER review_actions_ins_changed AFTER INSERT ON review_actions
BEGIN UPDATE reviews SET changed = 1 WHERE id = NEW.review_id AND version > 0; END;
CREATE TRIGGER review_actions_upd_changed AFTER UPDATE ON review_actions
BEGIN UPDATE reviews SET changed = 1 WHERE id = NEW.review_id AND version > 0; END;
CREATE TRIGGER review_findings_ins_changed AFTER INSERT ON review_findings
BEGIN UPDATE reviews SET changed = 1 WHERE id = NEW.review_id AND version > 0; END;

-- Reviews published before versions existed become version 1.
INSERT INTO review_versions(review_id, version, published_at, topic, scope, method, found, further_review, members)
	SELECT r.id, 1, r.published_at, r.topic, r.scope, r.method, r.found, r.further_review,
	       COALESCE((SELECT group_concat(name, char(10)) FROM (SELECT name FROM review_members m
	                 WHERE m.review_id = r.id ORDER BY name)), '')
	FROM reviews r WHERE r.published = 1;
INSERT INTO review_version_questions(review_id, version, number, question, response, response_date)
	SELECT q.review_id, 1, (SELECT COUNT(*) FROM review_questions x WHERE x.review_id = q.review_id AND x.id <= q.id),
	       q.question, q.response, q.response_date
	FROM review_questions q JOIN reviews r ON r.id = q.review_id WHERE r.published = 1;
INSERT INTO review_version_actions(review_id, version, number, action, owner, due, done)
	SELECT a.review_id, 1, (SELECT COUNT(*) FROM review_actions x WHERE x.review_id = a.review_id AND x.id <= a.id),
	       a.action, a.owner, a.due, a.done
	FROM review_actions a JOIN reviews r ON r.id = a.review_id WHERE r.published = 1;
UPDATE reviews SET version = 1 WHERE published = 1;
