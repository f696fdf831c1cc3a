#!/bin/sh
# bench/audit.sh — `probity audit scan` against the same rules in SQLite.
# Generates the reference workload with the benchmark's gen.py (1M and 10M
# events, cached under bench/out/), times the scan (best of 3 runs, peak RSS
# from /usr/bin/time -v), then loads the same CSV files into an in-memory
# SQLite database with the sqlite3 shell and runs bench/audit_rules.sql,
# checks both alerts files are byte-identical (cmp), and prints the figures
# side by side. Needs ../shared/audit-bench (not part of a user's clone).
#   sh bench/audit.sh                 1M and 10M events
#   AUDIT_BENCH_SIZES="100000" sh bench/audit.sh
set -e
cd "$(dirname "$0")/.."
GEN=../shared/audit-bench/gen.py
OUT=bench/out
SIZES=${AUDIT_BENCH_SIZES:-"1000000 10000000"}
SEED=${AUDIT_BENCH_SEED:-1}
[ -f "$GEN" ] || { echo "bench/audit.sh: $GEN not found" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench/audit.sh: the sqlite3 shell is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/audit.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
make -s probity
mkdir -p "$OUT"
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
report=""

for n in $SIZES; do
	d=$OUT/audit-$n-s$SEED
	if [ ! -f "$d/.complete" ]; then
		echo "generating $n events (seed $SEED) into $d ..."
		rm -rf "$d"
		python3 "$GEN" --events "$n" --seed "$SEED" --out "$d" 2>"$OUT/gen-$n.log"
		touch "$d/.complete"
	fi
	bytes=$(stat -c %s "$d/events.csv")
	cat "$d"/*.csv >/dev/null   # both contenders start from a warm page cache

	# --- probity: best of 3
	best=""
	for i in 1 2 3; do
		t0=$(now)
		/usr/bin/time -v ./probity audit scan -q "$d" -o "$d/alerts.probity.csv" 2>"$d/time.txt"
		t=$(sub "$t0" "$(now)")
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
			rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$d/time.txt")
		fi
	done

	# --- SQLite: load the CSV files, run the rules, write alerts.csv
	echo "sqlite3: $n events ..."
	t0=$(now)
	sqlite3 :memory: >"$d/sqlite.times" <<SQL
PRAGMA cache_size = -1048576;
CREATE TABLE events(ts TEXT, user TEXT, system TEXT, device TEXT, action TEXT, record_type TEXT,
                    record_id TEXT, subject TEXT, reason TEXT);
CREATE TABLE staff(user TEXT, person TEXT, surname TEXT, unit TEXT);
CREATE TABLE associations(user TEXT, subject TEXT, relationship TEXT, declared_on TEXT);
CREATE TABLE vulnerable(subject TEXT, flag TEXT);
CREATE TABLE watchlist(subject TEXT, category TEXT);
CREATE TABLE assignments(user TEXT, reason TEXT, "from" TEXT, "to" TEXT);
.import --csv --skip 1 $d/events.csv events
.import --csv --skip 1 $d/staff.csv staff
.import --csv --skip 1 $d/associations.csv associations
.import --csv --skip 1 $d/vulnerable.csv vulnerable
.import --csv --skip 1 $d/watchlist.csv watchlist
.import --csv --skip 1 $d/assignments.csv assignments
.system date +%s.%N
.read bench/audit_rules.sql
.headers off
.mode list
.separator , "\n"
.output $d/alerts.sqlite.csv
SELECT 'rule,user,key,first_ts';
SELECT rule, user, key, first_ts FROM alerts ORDER BY rule, user, key;
.output stdout
SQL
	t2=$(now)
	t1=$(tail -1 "$d/sqlite.times")
	load=$(sub "$t0" "$t1")
	rules=$(sub "$t1" "$t2")
	total=$(sub "$t0" "$t2")
	if cmp "$d/alerts.probity.csv" "$d/alerts.sqlite.csv"; then same=identical; else same=DIFFERENT; fi
	alerts=$(($(wc -l <"$d/alerts.probity.csv") - 1))
	line=$(awk -v n="$n" -v b="$bytes" -v t="$best" -v rss="$rss" -v l="$load" -v r="$rules" \
	           -v tot="$total" -v s="$same" -v a="$alerts" 'BEGIN {
		printf "%-9s %7.0f MB %8.3f s %7.2fM/s %7.2f GB/s %7.1f MB | %7.1f s %7.1f s %7.1f s | %6.1fx %6.1fx | %d alerts %s",
		       n, b / 1e6, t, n / t / 1e6, b / t / 1e9, rss / 1024, l, r, tot, r / t, tot / t, a, s }')
	report="$report$line
"
	[ "$same" = identical ] || { echo "$line"; echo "bench/audit.sh: alerts differ for $n events" >&2; exit 1; }
done

echo
echo "                       probity audit scan (best of 3)             | SQLite (in memory)          | SQLite / probity"
echo "events    csv size       time     events/s    parse   peak RSS |    load   rules   total | rules  total"
printf "%s" "$report"
