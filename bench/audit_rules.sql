-- audit_rules.sql — SPEC.md's rules R1-R6 in SQL (SQLite), the baseline that
-- bench/audit.sh times against `probity audit scan`. Expects the tables
-- events, staff, associations, vulnerable, watchlist and assignments loaded
-- from the CSV files (all columns TEXT, empty fields as ''), and leaves the
-- alerts, sorted as alerts.csv, in the table alerts(rule, user, key, first_ts).

CREATE INDEX IF NOT EXISTS assignments_ur ON assignments(user, reason);

-- Subjects that can raise R1, R2, R3 or R5.
CREATE TEMP TABLE special(subject TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO special SELECT person FROM staff WHERE person <> '';
INSERT OR IGNORE INTO special SELECT subject FROM vulnerable WHERE subject <> '';
INSERT OR IGNORE INTO special SELECT subject FROM watchlist WHERE subject <> '';
INSERT OR IGNORE INTO special SELECT subject FROM associations WHERE subject <> '';

-- Uncovered accesses to special subjects: no assignment row of the same
-- user and reason holds the event's day (an empty reason is never covered).
CREATE TEMP TABLE su AS
SELECT e.ts, e.user, e.subject, substr(e.ts, 1, 10) AS day
FROM events e CROSS JOIN special s ON s.subject = e.subject
WHERE NOT (e.reason <> '' AND EXISTS (
	SELECT 1 FROM assignments a
	WHERE a.user = e.user AND a.reason = e.reason
	  AND a."from" <= substr(e.ts, 1, 10) AND substr(e.ts, 1, 10) <= a."to"));

CREATE INDEX temp.su_usd ON su(user, subject, day);

CREATE TEMP TABLE alerts(rule TEXT, user TEXT, key TEXT, first_ts TEXT);

-- R1: the user's own declared association.
INSERT INTO alerts
SELECT 'R1', su.user, su.subject, MIN(su.ts)
FROM su JOIN (SELECT DISTINCT user, subject FROM associations) a
  ON a.user = su.user AND a.subject = su.subject
GROUP BY su.user, su.subject;

-- R2: the person of any staff member (own or a colleague's).
INSERT INTO alerts
SELECT 'R2', user, subject, MIN(ts) FROM su
WHERE subject IN (SELECT person FROM staff WHERE person <> '')
GROUP BY user, subject;

-- R5: the watch list.
INSERT INTO alerts
SELECT 'R5', user, subject, MIN(ts) FROM su
WHERE subject IN (SELECT subject FROM watchlist)
GROUP BY user, subject;

-- R3: the first distinct day whose 30-day window (D-29 .. D) holds three
-- distinct days, i.e. the day two distinct days before it is at most 29
-- days earlier; first_ts is the first uncovered access that day.
INSERT INTO alerts
SELECT 'R3', user, subject, (SELECT MIN(ts) FROM su s2
                             WHERE s2.user = f.user AND s2.subject = f.subject AND s2.day = f.day)
FROM (
	SELECT user, subject, day, ROW_NUMBER() OVER (PARTITION BY user, subject ORDER BY day) AS k
	FROM (
		SELECT user, subject, day,
		       julianday(day) - julianday(LAG(day, 2) OVER (PARTITION BY user, subject ORDER BY day)) AS span
		FROM (SELECT DISTINCT user, subject, day FROM su
		      WHERE subject IN (SELECT subject FROM vulnerable))
	)
	WHERE span <= 29
) f
WHERE k = 1;

-- R4: daily search/view counts; T = max(100, 4 x median of the previous
-- (at most 28) active days, needing at least 7); fires when count > T, at
-- the (T+1)-th search/view event of the day.
CREATE TEMP TABLE daily AS
SELECT user, day, c, ROW_NUMBER() OVER (PARTITION BY user ORDER BY day) AS rn
FROM (SELECT user, substr(ts, 1, 10) AS day, COUNT(*) AS c FROM events
      WHERE action IN ('search', 'view') GROUP BY user, substr(ts, 1, 10));

CREATE TEMP TABLE spikes AS
SELECT user, day, c, MAX(100, 2 * med2) AS t
FROM (
	SELECT user, day, c,
	       SUM(CASE WHEN k = (m - 1) / 2 + 1 THEN hc ELSE 0 END) +
	       SUM(CASE WHEN k = m / 2 + 1 THEN hc ELSE 0 END) AS med2
	FROM (
		SELECT d.user, d.day, d.c, h.c AS hc,
		       ROW_NUMBER() OVER (PARTITION BY d.user, d.day ORDER BY h.c) AS k,
		       COUNT(*) OVER (PARTITION BY d.user, d.day) AS m
		FROM daily d JOIN daily h ON h.user = d.user AND h.rn BETWEEN d.rn - 28 AND d.rn - 1
		WHERE d.rn > 7
	)
	GROUP BY user, day
)
WHERE c > MAX(100, 2 * med2);

CREATE INDEX temp.spikes_ud ON spikes(user, day);

INSERT INTO alerts
SELECT 'R4', user, day, ts FROM (
	SELECT e.user, s.day, s.t, e.ts,
	       ROW_NUMBER() OVER (PARTITION BY e.user, s.day ORDER BY e.ts) AS n
	FROM events e CROSS JOIN spikes s ON s.user = e.user AND s.day = substr(e.ts, 1, 10)
	WHERE e.action IN ('search', 'view')
)
WHERE n = t + 1;

-- R6: the 50th print/export event of a user in one clock hour.
INSERT INTO alerts
SELECT 'R6', user, hour, ts FROM (
	SELECT user, substr(ts, 1, 13) AS hour, ts,
	       ROW_NUMBER() OVER (PARTITION BY user, substr(ts, 1, 13) ORDER BY ts) AS n
	FROM events WHERE action IN ('print', 'export')
)
WHERE n = 50;
