#!/bin/sh
# bench/intel.sh — counter-corruption intelligence at scale.
# Fills a database with N items (default 100,000; three years, the demo's
# category mix roughly, 90% closed and reviewed, one subject each) and 4 lines
# of enquiry per item (400,000; a fifth not pursued, each with a rationale)
# in the sqlite3 shell, then times over HTTP as an ACU account (the best of
# 5 runs, the whole request: sign-in lookup, need-to-know, access log, HTML):
#   1. the dashboard /intel (target under 50 ms);
#   2. the quality sample of 60 over all closed items (target under 50 ms);
# each against the sqlite3 shell running the same aggregations (best of 5,
# the whole shell process). Prints the ratio probity / sqlite3 shell.
# Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
N=${N:-100000}
W=$(mktemp -d /tmp/probity-bench-intel.XXXXXX)
command -v sqlite3 >/dev/null || { echo "bench/intel.sh needs the sqlite3 shell"; exit 1; }
DB=$W/i.db
"$BIN" --db "$DB" init >/dev/null
printf 'bench-password-2026\n' >"$W/pw"
printf 'staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date\n' >"$W/hr.csv"
seq 1 2000 | awk '{ printf "%d,First%d,Last%d,officer,Constable,Bench Team,,,2015-01-01,\n", 10000 + $1, $1, $1 }' >>"$W/hr.csv"
"$BIN" --db "$DB" people import "$W/hr.csv" >/dev/null
"$BIN" --db "$DB" user add analyst --password-file "$W/pw" --role acu >/dev/null
"$BIN" --db "$DB" user add di --password-file "$W/pw" --role reviewer >/dev/null
TODAY=$(date -u +%F)
ANALYST=$(sqlite3 "$DB" "SELECT id FROM accounts WHERE username = 'analyst'")
DI=$(sqlite3 "$DB" "SELECT id FROM accounts WHERE username = 'di'")
t0=$(date +%s.%N)
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, original_text, sanitised_text,
  owner_id, created_by, status, outcome, closed, reviewer_id, reviewed_by, created_at)
SELECT printf('INT%07d', i), date('$TODAY', '-' || (i % 1095) || ' days'),
  CASE i % 4 WHEN 0 THEN 'anonymous' WHEN 1 THEN 'named' WHEN 2 THEN 'line_manager' ELSE 'ict_audit' END,
  '3x5x2', '2BP',
  CASE i % 20 WHEN 0 THEN 'infiltration' WHEN 1 THEN 'theft_fraud' WHEN 2 THEN 'drugs' WHEN 3 THEN 'authority'
    WHEN 4 THEN 'vulnerability' WHEN 5 THEN 'perverting' WHEN 6 THEN 'association' WHEN 7 THEN 'association'
    WHEN 8 THEN 'sexual' WHEN 9 THEN 'sexual' WHEN 10 THEN 'disclosure' WHEN 11 THEN 'disclosure'
    WHEN 12 THEN 'assist_offender' ELSE 'systems' END,
  'Original text of a bench item', 'Sanitised text', $ANALYST, $ANALYST,
  CASE WHEN i % 10 = 0 THEN 'open' ELSE 'closed' END, CASE WHEN i % 10 = 0 THEN '' ELSE 'No further action' END,
  CASE WHEN i % 10 = 0 THEN '' ELSE min('$TODAY', date('$TODAY', '-' || (i % 1095) || ' days', '+30 days')) END,
  CASE WHEN i % 10 = 0 THEN NULL ELSE $DI END, CASE WHEN i % 10 = 0 THEN NULL ELSE $DI END,
  '$TODAY' || 'T09:00:00Z'
FROM n;
INSERT INTO intel_subjects(item_id, person_id) SELECT id, (SELECT MIN(id) FROM people) + id % 2000 FROM intel_items;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 4)
INSERT INTO intel_lines(item_id, description, status, rationale, result, created_at)
SELECT i.id, 'Line ' || k.j, CASE WHEN (i.id + k.j) % 5 = 0 THEN 'not_pursued' ELSE 'pursued' END,
  CASE WHEN (i.id + k.j) % 5 = 0 THEN 'Disproportionate' ELSE '' END, CASE WHEN (i.id + k.j) % 5 = 0 THEN '' ELSE 'Done' END,
  i.created_at FROM intel_items i, k;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
echo "intelligence benchmark: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM intel_items') items, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM intel_lines') lines of enquiry (made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"

"$BIN" --db "$DB" serve --port 0 --threads 1 >"$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; [ -n "$KEEPDB" ] && cp "$DB" "$KEEPDB"; rm -rf "$W"' EXIT
URL=""
for _ in $(seq 1 200); do
	URL=$(grep -o 'http://[^ ]*/' "$W/serve.log" | head -1)
	[ -n "$URL" ] && curl -s -o /dev/null "${URL}healthz" && break
	sleep 0.1
done
URL=${URL%/}/
LT=$(curl -s -c "$W/jar" -b "$W/jar" "${URL}login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -c "$W/jar" -b "$W/jar" --data-urlencode "login_token=$LT" --data-urlencode username=analyst \
	--data-urlencode password=bench-password-2026 "${URL}login"
code=$(curl -s -o /dev/null -b "$W/jar" -w '%{http_code}' "${URL}intel")
[ "$code" = 200 ] || { echo "bench/intel.sh: /intel answered $code (not signed in?)"; exit 1; }
[ -z "$DEBUG" ] || { curl -s -b "$W/jar" -w "%{http_code} %{time_total}\n" -o "$W/page" "${URL}intel"; grep -o "<dd[^>]*>[^<]*" "$W/page" | head -5; }

best_http() { # path -> best of 5 in ms
	for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$W/jar" -w '%{time_total}\n' "${URL%/}$1"; done |
		sort -n | head -1 | awk '{ printf "%.1f", $1 * 1000 }'
}
best_shell() { # sql file -> best of 5 in ms
	for _ in 1 2 3 4 5; do
		a=$(date +%s.%N); sqlite3 "$DB" <"$1" >/dev/null; b=$(date +%s.%N)
		awk -v a="$a" -v b="$b" 'BEGIN { print (b - a) * 1000 }'
	done | sort -n | head -1 | awk '{ printf "%.1f", $1 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

FROM=$(date -u -d "-11 months" +%Y-%m-01)
cat >"$W/dash.sql" <<SQL
SELECT category, substr(received, 1, 7), COUNT(*) FROM intel_items WHERE received >= '$FROM' GROUP BY 1, 2;
SELECT source_type, COUNT(*) FROM intel_items GROUP BY 1;
SELECT COUNT(*), SUM(received > date('now', '-30 days')), SUM(received <= date('now', '-30 days') AND received > date('now', '-90 days')),
  SUM(received <= date('now', '-90 days') AND received > date('now', '-180 days')), SUM(received <= date('now', '-180 days'))
  FROM intel_items WHERE status IN ('open', 'awaiting_review');
SELECT COUNT(*), SUM(trim(rationale) = '') FROM intel_lines WHERE status = 'not_pursued';
SELECT COUNT(*), MIN(proposed_on) FROM intel_items WHERE status = 'awaiting_review';
SELECT SUM(due_date >= date('now')), SUM(due_date < date('now')) FROM intel_interventions WHERE end_date = '' AND due_date <> '';
SQL
cat >"$W/sample.sql" <<SQL
SELECT reference, closed, grade, category <> '', sanitised_text <> '',
  NOT EXISTS (SELECT 1 FROM intel_lines l WHERE l.item_id = i.id AND l.status = 'not_pursued' AND trim(l.rationale) = ''),
  reviewed_by IS NOT NULL AND reviewed_by <> owner_id
FROM intel_items i WHERE id IN (SELECT id FROM intel_items WHERE status = 'closed' ORDER BY random() LIMIT 60);
SQL
pd=$(best_http /intel); sd=$(best_shell "$W/dash.sql")
echo "dashboard:      probity $pd ms (target < 50 ms, whole HTTP request) · sqlite3 shell $sd ms · ratio $(ratio "$pd" "$sd")"
ps=$(best_http "/intel/sample?from=2000-01-01&to=2099-12-31&n=60&seed=7"); ss=$(best_shell "$W/sample.sql")
echo "quality sample: probity $ps ms (target < 50 ms, whole HTTP request, 60 of $(sqlite3 "$DB" "SELECT COUNT(*) FROM intel_items WHERE status = 'closed'") closed) · sqlite3 shell $ss ms · ratio $(ratio "$ps" "$ss")"
