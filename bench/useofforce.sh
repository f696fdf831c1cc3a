#!/bin/sh
# bench/useofforce.sh — use of force at scale (issue 26).
# Makes N records (default 500,000) over two years with a tactic mix like the
# demo's, then times:
#   1. probity useofforce import (target: under 3 s), against the sqlite3
#      shell's .import of the same file into a plain 12-column table;
#   2. probity useofforce report over the two years (target: under 50 ms, the
#      whole command: start, open, report, print), against the sqlite3 shell
#      counting people by group over the imported rows;
#   3. the same with --tactic taser_discharge, against the shell's LIKE scan.
# Each line prints the ratio probity / sqlite3 shell. Not part of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
N=${N:-500000}
W=$(mktemp -d /tmp/probity-bench-uof.XXXXXX)
trap 'rm -rf "$W"' EXIT
command -v sqlite3 >/dev/null || { echo "bench/useofforce.sh needs the sqlite3 shell"; exit 1; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

F=$W/big.csv
echo "incident_ref,date,officer_staff_number,subject_ethnicity,subject_gender,subject_age_band,tactics,reason,subject_injured,officer_injured,outcome,body_worn_video" >"$F"
awk -v n="$N" 'BEGIN {
	srand(20260101)
	split("White White White White White White White White White White White White White Black Asian Mixed Other", g, " ")
	split("handcuffing handcuffing;ground_restraint unarmed_skills handcuffing;unarmed_skills limb_restraints spit_guard;handcuffing irritant_spray", t, " ")
	split("taser_drawn taser_aimed taser_red_dot taser_fired taser_drive_stun", tz, " ")
	for (i = 0; i < n; i++) {
		d = int(rand() * 730); y = 2023 + int(d / 365); dd = d % 365; mo = int(dd / 31) + 1; if (mo > 12) mo = 12
		eth = rand() < 0.02 ? "" : g[int(rand() * 17) + 1]
		tac = t[int(rand() * 7) + 1]
		if (rand() < 0.08) tac = tac ";" tz[int(rand() * 5) + 1]
		printf "B%07d,%04d-%02d-%02d,%d,%s,Male,18-34,%s,Protect self,no,no,Arrested,yes\n", i, y, mo, dd % 28 + 1, 1000 + int(rand() * 400), eth, tac
	}
}' >>"$F"
rows=$(($(wc -l <"$F") - 1))
echo "use of force benchmark: $rows records, $(du -m "$F" | cut -f1) MB, two years"

"$BIN" --db "$W/p.db" init >/dev/null
printf 'area,group,population\nBench,White,900000\nBench,Black,20000\nBench,Asian,40000\nBench,Mixed,15000\nBench,Other,5000\n' >"$W/pop.csv"
"$BIN" --db "$W/p.db" stopsearch population import "$W/pop.csv" >/dev/null
t1=$(now); if [ -x /usr/bin/time ]; then /usr/bin/time -f "%U %S" -o "$W/cpu" "$BIN" --db "$W/p.db" useofforce import "$F" --area Bench >/dev/null; else "$BIN" --db "$W/p.db" useofforce import "$F" --area Bench >/dev/null; fi; t2=$(now)
cat >"$W/import.sql" <<SQL
CREATE TABLE raw(incident_ref, date, officer, eth, gender, age, tactics, reason, si, oi, outcome, bwv);
.mode csv
.import --skip 1 $F raw
SQL
t3=$(now); sqlite3 "$W/s.db" <"$W/import.sql"; t4=$(now)
pi=$(secs "$t1" "$t2"); si=$(secs "$t3" "$t4")
echo "import: probity ${pi}s (target < 3 s), sqlite3 shell .import ${si}s, ratio $(ratio "$pi" "$si")"
[ -f "$W/cpu" ] && echo "import CPU (user, system seconds; wall time includes waiting for a shared CPU): $(cat "$W/cpu")"

t1=$(now); "$BIN" --db "$W/p.db" useofforce report --area Bench --from 2023-01-01 --to 2024-12-31 >"$W/r.csv"; t2=$(now)
t3=$(now); sqlite3 "$W/s.db" "SELECT eth, COUNT(*) FROM raw WHERE date >= '2023-01-01' AND date <= '2024-12-31' GROUP BY eth" >/dev/null; t4=$(now)
pr=$(ms "$t1" "$t2"); sr=$(ms "$t3" "$t4")
echo "report: probity ${pr} ms (target < 50 ms), sqlite3 shell GROUP BY ${sr} ms, ratio $(ratio "$pr" "$sr")"

t1=$(now); "$BIN" --db "$W/p.db" useofforce report --area Bench --from 2023-01-01 --to 2024-12-31 --tactic taser_discharge >/dev/null; t2=$(now)
t3=$(now); sqlite3 "$W/s.db" "SELECT eth, COUNT(*) FROM raw WHERE date >= '2023-01-01' AND date <= '2024-12-31' AND (tactics LIKE '%taser_fired%' OR tactics LIKE '%taser_drive_stun%') GROUP BY eth" >/dev/null; t4=$(now)
pr=$(ms "$t1" "$t2"); sr=$(ms "$t3" "$t4")
echo "report --tactic: probity ${pr} ms, sqlite3 shell LIKE scan ${sr} ms, ratio $(ratio "$pr" "$sr")"
total=$(grep '^Total' "$W/r.csv" | cut -d, -f3)
[ "$total" = "$rows" ] && echo "check: the report's Total is every record ($total)" || echo "check FAILED: Total $total of $rows"
