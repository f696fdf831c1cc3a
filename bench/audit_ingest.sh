#!/bin/sh
# bench/audit_ingest.sh — `probity audit ingest` throughput with a checkpoint
# every second (the issue's target: at least 1M events/s), against the batch
# `probity audit scan` of the same directory as the baseline, in the same
# script. Uses the workload of bench/audit.sh (bench/out/audit-N-s1,
# generated there with ../shared/audit-bench/gen.py when missing), loads its
# reference data into a fresh database (people, person ids, associations,
# vulnerable, watch list, assignments), then ingests events.csv once and
# checks the stored alerts equal the scan's alerts.csv (cmp).
#   sh bench/audit_ingest.sh                  1M events
#   AUDIT_BENCH_SIZES="1000000 10000000" sh bench/audit_ingest.sh
set -e
cd "$(dirname "$0")/.."
OUT=bench/out
SIZES=${AUDIT_BENCH_SIZES:-"1000000"}
SEED=${AUDIT_BENCH_SEED:-1}
GEN=../shared/audit-bench/gen.py
command -v sqlite3 >/dev/null || { echo "bench/audit_ingest.sh: the sqlite3 shell is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/audit_ingest.sh: /usr/bin/time is needed" >&2; exit 1; }
make -s probity
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
report=""
for n in $SIZES; do
	d=$OUT/audit-$n-s$SEED
	if [ ! -f "$d/.complete" ]; then
		[ -f "$GEN" ] || { echo "bench/audit_ingest.sh: $d missing and $GEN not found" >&2; exit 1; }
		rm -rf "$d"
		python3 "$GEN" --events "$n" --seed "$SEED" --out "$d" 2>/dev/null
		touch "$d/.complete"
	fi
	db=$OUT/ingest-$n.db
	rm -f "$db" "$db-wal" "$db-shm"
	awk -F, 'NR==1{print "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date";next}
	         {print $1",Bench,"$3",staff,,"$4",,,2020-01-01,"}' "$d/staff.csv" >"$OUT/ingest-people.csv"
	./probity --db "$db" people import "$OUT/ingest-people.csv" >/dev/null
	./probity --db "$db" audit import staff "$d/staff.csv" >/dev/null
	for k in vulnerable watchlist assignments; do ./probity --db "$db" audit import $k "$d/$k.csv" >/dev/null; done
	tail -n +2 "$d/associations.csv" | awk -F, '{ printf "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, relationship, declared_on, created_at) SELECT id, '"'"'A'"'"', '"'"'%s'"'"', '"'"'family_link'"'"', '"'"'%s'"'"', '"'"'%s'"'"', '"'"'2026-01-01'"'"' FROM people WHERE staff_number = '"'"'%s'"'"';\n", $2, $3, $4, $1 }' | sqlite3 "$db"
	cat "$d/events.csv" >/dev/null
	cp "$db" "$db.fast"    # the same set-up, for a run checkpointing every 0.1 s

	t0=$(now)
	./probity audit scan -q "$d" -o "$OUT/ingest-scan.csv"
	ts=$(sub "$t0" "$(now)")

	t0=$(now)
	/usr/bin/time -v ./probity --db "$db" audit ingest --checkpoint-seconds 1 --checkpoint-events 100000000 "$d/events.csv" 2>"$OUT/ingest-time.txt"
	ti=$(sub "$t0" "$(now)")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/ingest-time.txt")
	cpu=$(awk -F': ' '/User time|System time/ { c += $2 } END { print c }' "$OUT/ingest-time.txt")
	bpe=$(sqlite3 "$db" "SELECT COALESCE(SUM(length(data) + length(bloom)), 0) * 1.0 / $n FROM audit_segments")
	ck=$(grep -o '[0-9]* checkpoints' "$OUT/ingest-time.txt" || true)
	t0=$(now)
	./probity --db "$db.fast" audit ingest --checkpoint-seconds 0.1 --checkpoint-events 100000000 "$d/events.csv" 2>"$OUT/ingest-fast.txt"
	tf=$(sub "$t0" "$(now)")
	ckf=$(grep -o '[0-9]* checkpoints' "$OUT/ingest-fast.txt" || true)
	rm -f "$db.fast"*
	./probity --db "$db" audit alerts -o "$OUT/ingest-alerts.csv"
	if cmp -s "$OUT/ingest-alerts.csv" "$OUT/ingest-scan.csv"; then same=identical; else same=DIFFERENT; fi
	line=$(awk -v n="$n" -v ts="$ts" -v ti="$ti" -v rss="$rss" -v same="$same" -v ck="$ck" -v tf="$tf" -v ckf="$ckf" -v cpu="$cpu" -v bpe="$bpe" 'BEGIN {
		printf "%9d events: scan %.2f s (%.2fM/s) | ingest %.2f s (%.2fM events/s, CPU %.2f s: %.2fM events/s, %s, peak RSS %.0f MB, store %.1f bytes/event) | ingest/scan time %.1fx | checkpoint every 0.1 s: %.2fM events/s (%s) | alerts %s",
		n, ts, n / ts / 1e6, ti, n / ti / 1e6, cpu, n / (cpu > 0 ? cpu : 0.01) / 1e6, ck, rss / 1024, bpe, ti / ts, n / tf / 1e6, ckf, same }')
	echo "$line"
	report="$report$line
"
done
echo
echo "audit ingest (checkpoint every second) vs audit scan, same input:"
printf '%s' "$report"
echo "target: ingest >= 1M events/s with checkpoints every second (with the store: 2M events/s, <= 16 bytes/event)"
