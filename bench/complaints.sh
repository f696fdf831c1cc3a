#!/bin/sh
# bench/complaints.sh — complaints at scale.
# Makes NC cases (default 200,000) over five years with NA allegations
# (default 500,000) and 10,000 reviews, then times:
#   1. probity complaints import of the three files (target: under 5 s),
#      against the sqlite3 shell's .import of the same files into plain
#      tables;
#   2. probity complaints bulletin over all five years (target: under
#      200 ms, the whole command), against the sqlite3 shell computing the
#      bulletin's counting measures (1, 2, 8, 9, 11's counts, 12) as SQL over
#      the imported tables (the shell has no working-day arithmetic, so
#      probity does more work than the baseline).
# Each line prints the ratio probity / sqlite3 shell. Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
NC=${NC:-200000}
NA=${NA:-500000}
W=$(mktemp -d /tmp/probity-bench-cpl.XXXXXX)
[ -n "$KEEP" ] || trap 'rm -rf "$W"' EXIT
command -v sqlite3 >/dev/null || { echo "bench/complaints.sh needs the sqlite3 shell"; exit 1; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

awk -v nc="$NC" -v na="$NA" -v dir="$W" 'BEGIN {
	srand(20260101)
	split("Delivery of duties and service|Police powers, policies and procedures|Individual behaviours|Discriminatory behaviour|Other", cat, "|")
	split("service_acceptable|service_not_acceptable|no_further_action|reflective_practice|withdrawn", out, "|")
	split("otherwise|local_investigation|directed_investigation|independent_investigation", hand, "|")
	split("complainant_wishes|authority_decides|dissatisfied", why, "|")
	C = dir "/cases.csv"; A = dir "/allegations.csv"; R = dir "/reviews.csv"
	print "case_ref,kind,received,logged,contacted,schedule3,sch3_reason,handling,finalised" > C
	print "case_ref,allegation_ref,subject_staff_number,category,outcome,finalised" > A
	print "case_ref,review_body,requested,completed,result" > R
	split("31 28 31 30 31 30 31 31 30 31 30 31", md, " ")
	for (i = 1; i <= nc; i++) {
		y = 2020 + int(rand() * 5); m = int(rand() * 12) + 1; d = int(rand() * 28) + 1
		rec = sprintf("%04d-%02d-%02d", y, m, d)
		lg = sprintf("%04d-%02d-%02d", y, m, d + (d < 28 ? 1 : 0))
		s3 = rand() < 0.4
		if (s3) { h = hand[int(rand() * 4) + 1]; w = why[int(rand() * 3) + 1]; s = "yes" } else { h = "outside_schedule3"; w = ""; s = "no" }
		fin = (rand() < 0.9) ? sprintf("%04d-%02d-%02d", y + 1, m, d) : ""
		printf "C%07d,complaint,%s,%s,%s,%s,%s,%s,%s\n", i, rec, lg, lg, s, w, h, fin > C
		ref[i] = fin
		if (i <= 10000 && fin != "") printf "C%07d,%s,%s,%04d-%02d-%02d,%s\n", i, (rand() < 0.8 ? "lpb" : "iopc"), fin, y + 1, (m < 12 ? m + 1 : 12), d, (rand() < 0.15 ? "upheld" : "not_upheld") > R
	}
	for (j = 1; j <= na; j++) {
		i = (j <= nc) ? j : int(rand() * nc) + 1
		c = cat[int(rand() * 5) + 1]; if (index(c, ",")) c = "\"" c "\""
		o = ref[i] != "" ? out[int(rand() * 5) + 1] : ""
		printf "C%07d,A%d,,%s,%s,%s\n", i, j, c, o, ref[i] > A
	}
}'

DB=$W/cpl.db
"$BIN" --db "$DB" init >/dev/null
t0=$(now)
/usr/bin/time -f "%U %S" -o "$W/cpu" "$BIN" --db "$DB" complaints import "$W/cases.csv" "$W/allegations.csv" "$W/reviews.csv" >/dev/null
t1=$(now)
CPU=$(awk '{ printf "%.3f", $1 + $2 }' "$W/cpu")
sqlite3 "$W/shell.db" <<SQL
CREATE TABLE c(case_ref TEXT, kind TEXT, received TEXT, logged TEXT, contacted TEXT, schedule3 TEXT, sch3_reason TEXT, handling TEXT, finalised TEXT);
CREATE TABLE a(case_ref TEXT, allegation_ref TEXT, subject TEXT, category TEXT, outcome TEXT, finalised TEXT);
CREATE TABLE r(case_ref TEXT, review_body TEXT, requested TEXT, completed TEXT, result TEXT);
SQL
t2=$(now)
sqlite3 "$W/shell.db" <<SQL
.mode csv
.import --skip 1 $W/cases.csv c
.import --skip 1 $W/allegations.csv a
.import --skip 1 $W/reviews.csv r
SQL
t3=$(now)
echo "import: $NC cases, $NA allegations: probity $(secs "$t0" "$t1") s (target < 5 s), sqlite3 .import $(secs "$t2" "$t3") s, ratio $(ratio "$(secs "$t0" "$t1")" "$(secs "$t2" "$t3")") (probity CPU time $CPU s; load average $(cut -d' ' -f1 /proc/loadavg))"

sqlite3 "$W/shell.db" "CREATE INDEX c_ref ON c(case_ref); CREATE INDEX c_logged ON c(logged); CREATE INDEX a_ref ON a(case_ref); CREATE INDEX a_fin ON a(finalised); CREATE INDEX r_done ON r(completed);"
t4=$(now)
"$BIN" --db "$DB" complaints bulletin --from 2020-01-01 --to 2024-12-31 -o "$W/b.csv"
t5=$(now)
sqlite3 "$W/shell.db" >"$W/shell.out" <<'SQL'
SELECT 'cases_logged', COUNT(*), SUM(schedule3 = 'yes'), SUM(schedule3 = 'no') FROM c WHERE kind = 'complaint' AND logged BETWEEN '2020-01-01' AND '2024-12-31';
SELECT 'allegations_logged', COUNT(*) FROM a JOIN c ON c.case_ref = a.case_ref WHERE c.kind = 'complaint' AND c.logged BETWEEN '2020-01-01' AND '2024-12-31';
SELECT 'by_category', a.category, COUNT(*) FROM a JOIN c ON c.case_ref = a.case_ref WHERE c.kind = 'complaint' AND c.logged BETWEEN '2020-01-01' AND '2024-12-31' GROUP BY a.category;
SELECT 'by_outcome', outcome, COUNT(*) FROM a WHERE finalised BETWEEN '2020-01-01' AND '2024-12-31' GROUP BY outcome;
SELECT 'reviews', review_body, COUNT(*), SUM(result = 'upheld') FROM r JOIN c ON c.case_ref = r.case_ref WHERE c.kind = 'complaint' AND completed BETWEEN '2020-01-01' AND '2024-12-31' GROUP BY review_body;
SELECT 'open12', COUNT(*) FROM c WHERE kind = 'complaint' AND received <> '' AND received <= '2023-12-31' AND (finalised = '' OR finalised > '2024-12-31');
SQL
t6=$(now)
echo "bulletin over five years: probity $(ms "$t4" "$t5") ms (target < 200 ms), sqlite3 shell (counts only) $(ms "$t5" "$t6") ms, ratio $(ratio "$(ms "$t4" "$t5")" "$(ms "$t5" "$t6")")"
grep -E '^(cases_logged,all|allegations_logged,all|open_over_12_months)' "$W/b.csv" | tr '\n' ' '; echo
grep -E '^(cases_logged|allegations_logged|open12)' "$W/shell.out" | tr '\n' ' '; echo
