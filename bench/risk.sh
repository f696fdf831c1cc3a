#!/bin/sh
# bench/risk.sh — the tactical risk picture at the scale of a large force.
# Fills a database with N people (default 35,000; ranks and units mixed)
# and, in the sqlite3 shell, a year of every source the indicators read:
# allegations (3 each for 2% of people), associations (5%, a fifth of them
# high risk), financial difficulty and arrests (3% and 1%), R1/R3 ICT alerts
# (1%), gifts (10% of people, up to 6 each from a few offerors), refused
# interests (0.5%) and intelligence items (2%). Then times (best of 5):
#   1. `probity risk report` — every person's indicators, score, level and
#      peer percentile as CSV, the whole process (target under 1 s);
#   2. one person's picture over HTTP as an ACU account, the whole request
#      (sign-in lookup, role and self checks, the person's indicators, the
#      percentile against the day's snapshot, every source, the access log,
#      HTML) (target under 20 ms), after the day's first picture, which
#      makes the snapshot (timed on its own);
# each against the sqlite3 shell computing the same scores as one SQL query
# (the whole shell process). Prints the ratio probity / sqlite3 shell.
# Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
N=${N:-35000}
W=$(mktemp -d /tmp/probity-bench-risk.XXXXXX)
command -v sqlite3 >/dev/null || { echo "bench/risk.sh needs the sqlite3 shell"; exit 1; }
DB=$W/r.db
"$BIN" --db "$DB" init >/dev/null
printf 'bench-password-2026\n' >"$W/pw"
printf 'staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date\n' >"$W/hr.csv"
seq 1 "$N" | awk '{ r = ($1 % 10 < 7) ? "Constable" : ($1 % 10 < 9) ? "Sergeant" : "Inspector";
	printf "%d,First%d,Last%d,officer,%s,Unit %d,,,2015-01-01,\n", 100000 + $1, $1, $1, r, $1 % 200 }' >>"$W/hr.csv"
"$BIN" --db "$DB" people import "$W/hr.csv" >/dev/null
"$BIN" --db "$DB" user add analyst --password-file "$W/pw" --role acu >/dev/null
TODAY=$(date -u +%F)
t0=$(date +%s.%N)
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE d AS SELECT id, id % 1000 AS k FROM people;
INSERT INTO complaint_cases(case_ref, kind, received)
  SELECT 'B' || d.id || '-' || j.j, 'complaint', date('$TODAY', '-' || ((d.id * 7 + j.j * 53) % 360) || ' days')
  FROM d, (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3) j WHERE d.k < 20;
INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id)
  SELECT c.id, 'A1', CAST(substr(c.case_ref, 2, instr(c.case_ref, '-') - 2) AS INTEGER), (SELECT MIN(id) FROM complaint_categories)
  FROM complaint_cases c WHERE c.case_ref LIKE 'B%';
INSERT INTO notifiable_associations(person_id, associate_name, category, declared_on, status, risk, created_at)
  SELECT id, 'Associate ' || id, 'criminal_record', date('$TODAY', '-' || (id % 300) || ' days'), 'assessed',
    CASE WHEN k < 10 THEN 'high' ELSE 'low' END, '$TODAY' FROM d WHERE k < 50;
INSERT INTO circumstances(person_id, kind, subtype, subject, details, event_date, declared_on, referral, created_at)
  SELECT id, CASE WHEN k < 80 THEN 'financial_difficulty' ELSE 'criminal_justice' END,
    CASE WHEN k < 80 THEN 'ccj' ELSE 'arrest' END, CASE WHEN k < 80 THEN '' ELSE 'self' END, 'Bench',
    date('$TODAY', '-' || (id % 330) || ' days'), date('$TODAY', '-' || (id % 330) || ' days'),
    CASE WHEN k < 80 THEN 'declined' ELSE '' END, '$TODAY' FROM d WHERE k >= 50 AND k < 90;
INSERT INTO audit_alerts(rule, user, key, first_ts, rule_version, status, created_at)
  SELECT CASE WHEN p.id % 2 = 0 THEN 1 ELSE 3 END, p.staff_number, 'K' || p.id,
    date('$TODAY', '-' || (p.id % 200) || ' days') || 'T10:00:00Z', 1, 'new', '$TODAY'
  FROM people p JOIN d ON d.id = p.id WHERE d.k >= 90 AND d.k < 100;
INSERT INTO gifts(person_id, date_offered, offeror_org, kind, description, value_pence, accepted, status, created_at)
  SELECT d.id, date('$TODAY', '-' || ((d.id + g.g * 41) % 360) || ' days'), 'Offeror ' || (d.id % 7 + g.g % 2), 'hospitality',
    'Lunch', 2000, 1, 'recorded', '$TODAY'
  FROM d, (SELECT 1 AS g UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) g
  WHERE d.k >= 100 AND d.k < 200 AND g.g <= 1 + d.id % 6;
INSERT INTO business_interests(person_id, kind, organisation, description, status, decided_at, created_at)
  SELECT id, 'own_business', 'Firm ' || id, 'Bench', 'refused', date('$TODAY', '-300 days') || 'T10:00:00Z', '$TODAY'
  FROM d WHERE k >= 200 AND k < 205;
INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, created_at)
  SELECT 'INTB' || id, date('$TODAY', '-' || (id % 250) || ' days'), 'named', '3x5x2', '2BP', 'systems', '$TODAY'
  FROM d WHERE (k >= 200 AND k < 225);
INSERT INTO intel_subjects(item_id, person_id) SELECT i.id, CAST(substr(i.reference, 5) AS INTEGER) FROM intel_items i;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
echo "risk benchmark: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM people') people; $(sqlite3 "$DB" 'SELECT COUNT(*) FROM complaint_allegations') allegations, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM gifts') gifts, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM circumstances') circumstances, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM intel_items') intelligence items (made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"

best_cmd() { # command... -> best of 5 in ms
	for _ in 1 2 3 4 5; do
		a=$(date +%s.%N); "$@" >/dev/null; b=$(date +%s.%N)
		awk -v a="$a" -v b="$b" 'BEGIN { print (b - a) * 1000 }'
	done | sort -n | head -1 | awk '{ printf "%.1f", $1 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
FROM=$(date -u -d "$TODAY - 365 days" +%F)
FROM2=$(date -u -d "$TODAY - 730 days" +%F)
# the same rules as one statement: each indicator's count per person (per offeror for gifts) against its
# threshold, weights summed (the default configuration)
cat >"$W/score.sql" <<SQL
WITH al AS (SELECT al.subject_id AS pid FROM complaint_allegations al JOIN complaint_cases c ON c.id = al.case_id
            WHERE c.received BETWEEN '$FROM' AND '$TODAY' GROUP BY al.subject_id HAVING COUNT(*) >= 3),
 ah AS (SELECT DISTINCT person_id AS pid FROM notifiable_associations WHERE risk = 'high' AND status <> 'ended' AND declared_on <= '$TODAY'),
 fi AS (SELECT DISTINCT person_id AS pid FROM circumstances c WHERE kind = 'financial_difficulty' AND declared_on BETWEEN '$FROM' AND '$TODAY'
        AND NOT EXISTS (SELECT 1 FROM risk_interventions v WHERE v.person_id = c.person_id AND v.kind IN ('debt_advice', 'welfare_referral')
        AND v.status = 'completed' AND v.closed_on >= c.declared_on)),
 ar AS (SELECT DISTINCT person_id AS pid FROM circumstances WHERE kind = 'criminal_justice' AND subject = 'self' AND declared_on BETWEEN '$FROM' AND '$TODAY'),
 ic AS (SELECT DISTINCT p.id AS pid FROM audit_alerts a JOIN people p ON p.staff_number = a.user WHERE a.rule IN (1, 3) AND a.status <> 'nfa'
        AND substr(a.first_ts, 1, 10) BETWEEN '$FROM' AND '$TODAY'),
 gi AS (SELECT DISTINCT person_id AS pid FROM (SELECT person_id, lower(trim(offeror_org)) FROM gifts WHERE offeror_org <> ''
        AND date_offered BETWEEN '$FROM' AND '$TODAY' GROUP BY 1, 2 HAVING COUNT(*) >= 4)),
 bi AS (SELECT DISTINCT bi.person_id AS pid FROM business_interests bi JOIN intel_subjects s ON s.person_id = bi.person_id
        JOIN intel_items i ON i.id = s.item_id WHERE bi.status = 'refused' AND i.received > substr(bi.decided_at, 1, 10)
        AND i.received BETWEEN '$FROM2' AND '$TODAY'),
 it AS (SELECT DISTINCT s.person_id AS pid FROM intel_subjects s JOIN intel_items i ON i.id = s.item_id WHERE i.received BETWEEN '$FROM' AND '$TODAY'),
 sc AS (SELECT p.id, p.staff_number, p.rank,
        3 * (p.id IN (SELECT pid FROM al)) + 4 * (p.id IN (SELECT pid FROM ah)) + 3 * (p.id IN (SELECT pid FROM fi))
        + 3 * (p.id IN (SELECT pid FROM ar)) + 4 * (p.id IN (SELECT pid FROM ic)) + 4 * (p.id IN (SELECT pid FROM bi))
        + 2 * (p.id IN (SELECT pid FROM gi)) + 3 * (p.id IN (SELECT pid FROM it)) AS score FROM people p WHERE p.leave_date = '')
SELECT staff_number, score, CAST(100 * (RANK() OVER (PARTITION BY rank ORDER BY score) - 1) / COUNT(*) OVER (PARTITION BY rank) AS INTEGER)
FROM sc ORDER BY score DESC, staff_number;
SQL
"$BIN" --db "$DB" risk report -o "$W/report.csv"
sqlite3 -csv "$DB" <"$W/score.sql" >"$W/shell.csv"
same=$(awk -F, 'NR > 1 && $4 > 0 { n++ } END { print n + 0 }' "$W/report.csv")
shell=$(awk -F, '$2 > 0 { n++ } END { print n + 0 }' "$W/shell.csv")
echo "people with a score above 0: probity $same · sqlite3 shell $shell"
pr=$(best_cmd "$BIN" --db "$DB" risk report -o "$W/r2.csv"); sr=$(best_cmd sh -c "sqlite3 '$DB' <'$W/score.sql'")
echo "whole force:   probity risk report $pr ms (target < 1000 ms, whole process) · sqlite3 shell $sr ms · ratio $(ratio "$pr" "$sr")"

"$BIN" --db "$DB" serve --port 0 --threads 1 >"$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$W"' EXIT
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
P=$(sqlite3 "$DB" "SELECT id FROM people WHERE id % 1000 = 5 AND rank = 'Constable' LIMIT 1")
first=$(curl -s -o /dev/null -b "$W/jar" -w '%{http_code} %{time_total}' "${URL}risk/people/$P")
[ "${first%% *}" = 200 ] || { echo "bench/risk.sh: /risk/people/$P answered ${first%% *}"; exit 1; }
echo "first picture of the day (scores the whole force into the day's snapshot): $(echo "${first#* }" | awk '{ printf "%.1f", $1 * 1000 }') ms"
ph=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$W/jar" -w '%{time_total}\n' "${URL}risk/people/$P"; done |
	sort -n | head -1 | awk '{ printf "%.1f", $1 * 1000 }')
echo "one person:    /risk/people/$P $ph ms (target < 20 ms, whole HTTP request; percentile against the snapshot's $(sqlite3 "$DB" "SELECT COUNT(*) FROM people WHERE rank = 'Constable'") peers) · sqlite3 shell (whole force) $sr ms · ratio $(ratio "$ph" "$sr")"
