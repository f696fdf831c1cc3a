#!/bin/sh
# bench/ethics.sh — the ethics panel's measures of impact at scale.
# Fills a database with N dilemmas (default 5,000 over ten years: half
# named, a quarter confidential, a quarter anonymous; a fifth quick-time;
# 90% advised; one or two principles each), 40 quarterly meetings with
# attendance, 200 case studies with answers, in the sqlite3 shell; then
# times over HTTP as a panel member (the best of 5 runs, the whole request:
# sign-in lookup, role, access log, disclosure control, charts and tables)
# the measures page /ethics/measures for the ten years (target under 50 ms),
# against the sqlite3 shell running the same aggregations (best of 5, the
# whole shell process). Prints the ratio probity / sqlite3 shell.
# Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
N=${N:-5000}
W=$(mktemp -d /tmp/probity-bench-ethics.XXXXXX)
command -v sqlite3 >/dev/null || { echo "bench/ethics.sh needs the sqlite3 shell"; exit 1; }
DB=$W/e.db
"$BIN" --db "$DB" init >/dev/null
printf 'bench-password-2026\n' >"$W/pw"
"$BIN" --db "$DB" user add member --password-file "$W/pw" >/dev/null
"$BIN" --db "$DB" ethics member member --from 2015-01-01 --independent --chair >/dev/null
TODAY=$(date -u +%F)
FROM=$(date -u -d "-10 years" +%F)
t0=$(date +%s.%N)
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14)
INSERT INTO accounts(username, pwhash, disabled, created_at) SELECT 'panel' || i, '!', 1, '$TODAY' FROM n;
INSERT INTO ethics_members(account_id, independent, chair, term_start)
  SELECT id, CASE WHEN id % 3 = 0 THEN 1 ELSE 0 END, 0, '2015-01-01' FROM accounts WHERE username LIKE 'panel%';
WITH RECURSIVE q(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM q WHERE k < 39)
INSERT INTO ethics_meetings(held_on, created_at) SELECT date('$TODAY', '-' || (k * 91 + 5) || ' days'), '$TODAY' FROM q;
INSERT INTO ethics_attendance(meeting_id, member_id) SELECT g.id, m.id FROM ethics_meetings g, ethics_members m
  WHERE (g.id + m.id) % 3 <> 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO ethics_dilemmas(mode, raiser_id, receipt_hash, raised_on, situation, urgency, status, advice, advised_on,
  force_advice, force_response)
SELECT CASE WHEN i % 4 IN (0, 1) THEN 'named' WHEN i % 4 = 2 THEN 'confidential' ELSE 'anonymous' END,
  CASE WHEN i % 4 = 3 THEN NULL ELSE (SELECT id FROM accounts WHERE username = 'member') END,
  CASE WHEN i % 4 = 3 THEN printf('%064d', i) ELSE NULL END,
  date('$TODAY', '-' || (i * 3650 / $N) || ' days'), 'A bench dilemma', CASE WHEN i % 5 = 0 THEN 'quick' ELSE 'routine' END,
  CASE WHEN i % 10 = 0 THEN 'received' ELSE 'advised' END, CASE WHEN i % 10 = 0 THEN '' ELSE 'Advice' END,
  CASE WHEN i % 10 = 0 THEN NULL ELSE date('$TODAY', '-' || (i * 3650 / $N) || ' days', '+' || (i % 40) || ' days') END,
  CASE WHEN i % 7 = 0 THEN 'Review the policy' ELSE '' END,
  CASE WHEN i % 7 = 0 AND i % 2 = 0 THEN 'accepted' ELSE NULL END
FROM n;
INSERT INTO ethics_dilemma_principles(dilemma_id, principle)
  SELECT id, CASE id % 3 WHEN 0 THEN 'courage' WHEN 1 THEN 'respect' ELSE 'public_service' END FROM ethics_dilemmas;
INSERT INTO ethics_dilemma_principles(dilemma_id, principle)
  SELECT id, 'courage' FROM ethics_dilemmas WHERE id % 3 = 1 AND id % 2 = 0;
INSERT INTO ethics_cases(dilemma_id, title, situation, advice, published_on, reads)
  SELECT id, 'Case ' || id, 'Situation', advice, advised_on, 100 FROM ethics_dilemmas WHERE status = 'advised' AND id % 22 = 1;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 10)
INSERT INTO ethics_case_responses(case_id, day, helped) SELECT c.id, c.published_on, (c.id + k.j) % 2 FROM ethics_cases c, k;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
echo "ethics benchmark: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM ethics_dilemmas') dilemmas over ten years, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM ethics_meetings') meetings, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM ethics_cases') case studies (made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"

"$BIN" --db "$DB" serve --port 0 --threads 1 >"$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; [ -n "$KEEPDB" ] && cp "$DB" "$KEEPDB" && cp "$DB.logkey" "$KEEPDB.logkey"; rm -rf "$W"' EXIT
URL=""
for _ in $(seq 1 200); do
	URL=$(grep -o 'http://[^ ]*/' "$W/serve.log" | head -1)
	[ -n "$URL" ] && curl -s -o /dev/null "${URL}healthz" && break
	sleep 0.1
done
URL=${URL%/}
LT=$(curl -s -c "$W/jar" -b "$W/jar" "$URL/login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -c "$W/jar" -b "$W/jar" --data-urlencode "login_token=$LT" --data-urlencode username=member \
	--data-urlencode password=bench-password-2026 "$URL/login"
P="/ethics/measures?from=$FROM&to=$TODAY"
code=$(curl -s -o "$W/page" -b "$W/jar" -w '%{http_code}' "$URL$P")
[ "$code" = 200 ] || { echo "bench/ethics.sh: $P answered $code (not signed in?)"; exit 1; }

best_http() { # path -> best of 5 in ms
	for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$W/jar" -w '%{time_total}\n' "$URL$1"; done |
		sort -n | head -1 | awk '{ printf "%.1f", $1 * 1000 }'
}
best_shell() { # sql file -> best of 5 in ms
	for _ in 1 2 3 4 5; do
		a=$(date +%s.%N); sqlite3 "$DB" <"$1" >/dev/null; b=$(date +%s.%N)
		awk -v a="$a" -v b="$b" 'BEGIN { print (b - a) * 1000 }'
	done | sort -n | head -1 | awk '{ printf "%.1f", $1 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
cat >"$W/m.sql" <<SQL
SELECT mode, strftime('%Y', raised_on), (CAST(strftime('%m', raised_on) AS INTEGER) + 2) / 3, COUNT(*) FROM ethics_dilemmas
  WHERE raised_on BETWEEN '$FROM' AND '$TODAY' GROUP BY 1, 2, 3;
SELECT urgency, julianday(advised_on) - julianday(raised_on) AS d FROM ethics_dilemmas
  WHERE raised_on BETWEEN '$FROM' AND '$TODAY' AND advised_on IS NOT NULL ORDER BY 1, 2;
SELECT COUNT(*) FROM ethics_dilemmas WHERE raised_on BETWEEN '$FROM' AND '$TODAY' AND status IN ('advised', 'redirected', 'declined');
SELECT p.name, strftime('%Y', d.raised_on), (CAST(strftime('%m', d.raised_on) AS INTEGER) + 2) / 3, COUNT(*)
  FROM ethics_dilemmas d JOIN ethics_dilemma_principles dp ON dp.dilemma_id = d.id JOIN ethics_principles p ON p.key = dp.principle
  WHERE d.raised_on BETWEEN '$FROM' AND '$TODAY' GROUP BY 1, 2, 3;
SELECT COALESCE(force_response, 'awaiting'), COUNT(*) FROM ethics_dilemmas WHERE trim(force_advice) <> '' GROUP BY 1;
SELECT COUNT(*), SUM(reads) FROM ethics_cases;
SELECT helped, COUNT(*) FROM ethics_case_responses GROUP BY 1;
SELECT g.id, COUNT(*), SUM(m.independent) FROM ethics_meetings g JOIN ethics_attendance t ON t.meeting_id = g.id
  JOIN ethics_members m ON m.id = t.member_id GROUP BY 1;
SQL
pm=$(best_http "$P"); sm=$(best_shell "$W/m.sql")
echo "measures page: probity $pm ms (target < 50 ms, whole HTTP request, ten years) · sqlite3 shell $sm ms · ratio $(ratio "$pm" "$sm")"
pc=$(best_http "/ethics/measures.csv?from=$FROM&to=$TODAY")
echo "measures CSV:  probity $pc ms · sqlite3 shell $sm ms · ratio $(ratio "$pc" "$sm")"
