#!/bin/sh
# bench/training.sh — training compliance at force scale (docs/training.md).
# Makes NP people (default 35,000) in a line-management tree, a catalogue of
# 10 courses (once-only, recurring, officers, staff, supervisors) and about
# 500,000 completions, then times:
#   1. probity training import of the completions, against the sqlite3
#      shell's .import of the same file into a plain table;
#   2. probity training compliance (the whole command: open, compute, write
#      the CSV; target under 200 ms), best of 5, against the sqlite3 shell
#      running only the SQL part (people in post joined to their latest
#      completion per course), which does less work than probity.
# Each line prints the ratio probity / sqlite3 shell. Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
NP=${NP:-35000}
W=$(mktemp -d /tmp/probity-bench-training.XXXXXX)
[ -n "$KEEP" ] || trap 'rm -rf "$W"' EXIT
command -v sqlite3 >/dev/null || { echo "bench/training.sh needs the sqlite3 shell"; exit 1; }

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

awk -v np="$NP" -v dir="$W" 'BEGIN {
	srand(20260101)
	H = dir "/hr.csv"; C = dir "/courses.csv"; T = dir "/done.csv"
	print "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date" > H
	for (i = 1; i <= np; i++) {
		r = rand(); k = r < 0.6 ? "officer" : r < 0.9 ? "staff" : r < 0.95 ? "special" : "volunteer"
		m = (i % 8 == 1) ? (i == 1 ? "" : 100001) : 100000 + i - (i - 1) % 8
		y = 2000 + int(rand() * 26); start[i] = y
		sd = sprintf("%04d-%02d-%02d", y, int(rand() * 12) + 1, int(rand() * 28) + 1)
		lv = (i % 8 != 1 && rand() < 0.02) ? sprintf("%04d-12-31", y) : ""
		printf "%d,Given%d,Family%d,%s,,Unit %d,,%s,%s,%s\n", 100000 + i, i, i, k, i % 300, m, sd, lv > H
	}
	print "course,applies_to,every_months,within_days_of_start" > C
	split("all all all supervisors officers staff all officers all supervisors", ap, " ")
	split("0 24 36 24 12 0 12 0 24 36", ev, " ")
	for (c = 1; c <= 10; c++) printf "Course %d,%s,%d,%d\n", c, ap[c], ev[c], 30 + c * 10 > C
	print "staff_number,course,completed" > T
	for (i = 1; i <= np; i++)
		for (c = 1; c <= 10; c++) {
			if (rand() < 0.15) continue
			n = ev[c] ? 1 + int(rand() * 2) : 1
			for (j = 0; j < n; j++)
				printf "%d,Course %d,%04d-%02d-%02d\n", 100000 + i, c, 2026 - int(rand() * (2026 - start[i])) - 1 + (j ? 0 : 0), int(rand() * 12) + 1, int(rand() * 28) + 1 > T
		}
}'
DB=$W/t.db
"$BIN" --db "$DB" init >/dev/null
"$BIN" --db "$DB" people import "$W/hr.csv" >/dev/null
"$BIN" --db "$DB" training courses import "$W/courses.csv" >/dev/null
NT=$(($(wc -l <"$W/done.csv") - 1))
t0=$(now)
"$BIN" --db "$DB" training import "$W/done.csv" >"$W/import.out"
t1=$(now)
sqlite3 "$W/shell.db" "CREATE TABLE t(staff_number TEXT, course TEXT, completed TEXT);"
t2=$(now)
sqlite3 "$W/shell.db" ".mode csv" ".import --skip 1 $W/done.csv t"
t3=$(now)
echo "import: $NT completion rows: probity $(ms "$t0" "$t1") ms, sqlite3 .import $(ms "$t2" "$t3") ms, ratio $(ratio "$(ms "$t0" "$t1")" "$(ms "$t2" "$t3")") ($(cat "$W/import.out"))"

best_p=999999; best_s=999999; best_c=999999
for _ in 1 2 3 4 5; do
	t0=$(now)
	/usr/bin/time -f "%U %S" -o "$W/cpu" "$BIN" --db "$DB" training compliance --as-of 2026-01-01 -o "$W/comp.csv"
	t1=$(now)
	c=$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$W/cpu")
	best_c=$(awk -v a="$c" -v b="$best_c" 'BEGIN { print (a < b) ? a : b }')
	sqlite3 "$DB" "SELECT p.staff_number, t.course_id, MAX(t.completed_on) FROM people p
		LEFT JOIN training_completions t ON t.person_id = p.id AND t.completed_on <= '2026-01-01'
		WHERE p.start_date <= '2026-01-01' AND (p.leave_date = '' OR p.leave_date > '2026-01-01')
		GROUP BY p.staff_number, t.course_id ORDER BY p.staff_number" >"$W/shell.csv"
	t2=$(now)
	p=$(ms "$t0" "$t1"); s=$(ms "$t1" "$t2")
	best_p=$(awk -v a="$p" -v b="$best_p" 'BEGIN { print (a < b) ? a : b }')
	best_s=$(awk -v a="$s" -v b="$best_s" 'BEGIN { print (a < b) ? a : b }')
done
ROWS=$(($(wc -l <"$W/comp.csv") - 1))
echo "compliance: $NP people, 10 courses, $ROWS rows: probity $best_p ms (target < 200 ms; CPU time $best_c ms), sqlite3 shell SQL part $best_s ms, ratio $(ratio "$best_p" "$best_s") (best of 5; load average $(cut -d' ' -f1 /proc/loadavg))"
