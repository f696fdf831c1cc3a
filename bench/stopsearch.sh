#!/bin/sh
# bench/stopsearch.sh — stop and search at scale.
# Makes N records (default 1,000,000) by resampling the copied data.police.uk
# rows in data/stop-search/ (random rows, dates moved across 120 months,
# 2015-01 to 2024-12), then times:
#   1. probity stopsearch import (target: under 3 s), against the sqlite3
#      shell's .import of the same file into a plain 15-column table;
#   2. probity stopsearch report for all 120 months (target: under 100 ms,
#      the whole command: start, open, report, print), against the sqlite3
#      shell doing the report's GROUP BY (searches, arrests, linked outcomes,
#      drug searches by self-defined group) over the imported rows.
# Each line prints the ratio probity / sqlite3 shell. Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
N=${N:-1000000}
W=$(mktemp -d /tmp/probity-bench-ss.XXXXXX)
trap 'rm -rf "$W"' EXIT
command -v sqlite3 >/dev/null || { echo "bench/stopsearch.sh needs the sqlite3 shell"; exit 1; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# The copied files hold no quoted fields, so lines can be resampled as text.
F=$W/big.csv
head -1 "$ROOT/data/stop-search/2019-12-durham-stop-and-search.csv" | tr -d '\r' >"$F"
for f in "$ROOT"/data/stop-search/*-stop-and-search.csv; do tail -n +2 "$f"; done | tr -d '\r' >"$W/pool.csv"
awk -v n="$N" -F, -v OFS=, 'BEGIN { srand(20260101) }
	{ pool[NR] = $0 }
	END {
		for (i = 0; i < n; i++) {
			split(pool[int(rand() * NR) + 1], f, ",")
			m = int(rand() * 120); y = 2015 + int(m / 12); mo = m % 12 + 1
			f[2] = sprintf("%04d-%02d-%02dT%02d:%02d:00+00:00", y, mo, int(rand() * 28) + 1, int(rand() * 24), int(rand() * 60))
			line = f[1]; for (k = 2; k <= 15; k++) line = line "," f[k]
			print line
		}
	}' "$W/pool.csv" >>"$F"
rows=$(($(wc -l <"$F") - 1))
echo "stop and search benchmark: $rows records, $(du -m "$F" | cut -f1) MB, 120 months"

# 1. Import
t0=$(now); "$BIN" --db "$W/p.db" init >/dev/null; t1=$(now)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "%U %S" -o "$W/cpu" "$BIN" --db "$W/p.db" stopsearch import "$F" --area Bench >/dev/null
else
	"$BIN" --db "$W/p.db" stopsearch import "$F" --area Bench >/dev/null
fi
t2=$(now)
cat >"$W/import.sql" <<EOF
CREATE TABLE raw(type, date, operation, operation_name, latitude, longitude, gender, age_range, self_ethnicity,
  officer_ethnicity, legislation, object, outcome, linked, removal);
.mode csv
.import --skip 1 $F raw
EOF
t3=$(now); sqlite3 "$W/s.db" <"$W/import.sql"; t4=$(now)
pi=$(secs "$t1" "$t2"); si=$(secs "$t3" "$t4")
echo "import:  probity $pi s (target < 3 s) · sqlite3 shell .import $si s · ratio $(ratio "$pi" "$si")"
[ -f "$W/cpu" ] && echo "         probity CPU time $(awk '{ printf "%.2f s (user %s + system %s)", $1 + $2, $1, $2 }' "$W/cpu"); load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"

# 2. Report for all months
t0=$(now)
"$BIN" --db "$W/p.db" stopsearch report --area Bench --from 2015-01 --to 2024-12 -o "$W/report.csv"
t1=$(now)
cat >"$W/report.sql" <<'EOF'
SELECT CASE
	WHEN self_ethnicity = '' THEN 'Not recorded'
	WHEN self_ethnicity = 'Other ethnic group - Not stated' THEN 'Not stated'
	WHEN self_ethnicity LIKE 'White%' THEN 'White'
	WHEN self_ethnicity LIKE 'Black/%' THEN 'Black'
	WHEN self_ethnicity LIKE 'Asian/%' THEN 'Asian'
	WHEN self_ethnicity LIKE 'Mixed/%' THEN 'Mixed'
	ELSE 'Other' END AS g,
	COUNT(*), SUM(outcome = 'Arrest'), SUM(linked = 'True'), SUM(object = 'Controlled drugs'),
	SUM(object = 'Controlled drugs' AND linked = 'True')
FROM raw WHERE substr(date, 1, 7) BETWEEN '2015-01' AND '2024-12' GROUP BY g ORDER BY g;
EOF
t2=$(now); sqlite3 -csv "$W/s.db" <"$W/report.sql" >"$W/shell.csv"; t3=$(now)
pr=$(ms "$t0" "$t1"); sr=$(ms "$t2" "$t3")
echo "report:  probity $pr ms (target < 100 ms) · sqlite3 shell GROUP BY $sr ms · ratio $(ratio "$pr" "$sr")"

# The two agree on the counts (group, searches, arrests, linked, drug searches).
tail -n +2 "$W/report.csv" | grep -v '^Total' | awk -F, '{ printf "%s,%s,%s,%s,%s\n", $1, $2, $8, $10, $12 }' | sort >"$W/a"
awk -F, '{ printf "%s,%s,%s,%s,%s\n", $1, $2, $3, $4, $5 }' "$W/shell.csv" | tr -d '"' | sort >"$W/b"
grep -v ',0,0,0,0$' "$W/a" >"$W/a2" || true
if cmp -s "$W/a2" "$W/b"; then echo "counts: probity and the sqlite3 shell agree"; else echo "counts DIFFER:"; diff "$W/a2" "$W/b"; exit 1; fi
