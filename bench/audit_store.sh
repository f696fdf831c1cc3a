#!/bin/sh
# bench/audit_store.sh — the audit trail store (docs/audit.md): ingest
# throughput with the store against the engine alone (`audit scan`), the
# store's size per event against the CSV, and the two questions an ACU asks
# ("who accessed subject S", "what did user U do in 30 days") as p95 over
# 20 warm searches through `probity audit search` (process start, purpose
# logged, CSV written to /dev/null: end to end). Baseline, in the same
# script: the same events in a SQLite table with indexes on subject and on
# (user, ts), loaded with the sqlite3 shell's .import, the same two queries
# through the sqlite3 shell. Ratios printed.
#   sh bench/audit_store.sh                          10M events
#   AUDIT_STORE_SIZES="1000000 10000000 100000000" sh bench/audit_store.sh
#   AUDIT_STORE_BASELINE=0 ...                       without the SQLite baseline
#                                                    (its load takes ~10 min at 100M)
# Data from ../shared/audit-bench/gen.py (AUDIT_BENCH_GEN to override),
# cached in bench/out/audit-N-s1; sizes of 50M and more are deleted after
# the run (100M is about 8 GB of CSV).
set -e
cd "$(dirname "$0")/.."
OUT=bench/out
SIZES=${AUDIT_STORE_SIZES:-"10000000"}
SEED=1
GEN=${AUDIT_BENCH_GEN:-../shared/audit-bench/gen.py}
[ -f "$GEN" ] || GEN=/work/shared/audit-bench/gen.py
command -v sqlite3 >/dev/null || { echo "bench/audit_store.sh: the sqlite3 shell is needed" >&2; exit 1; }
make -s probity
mkdir -p "$OUT"
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }
# p95 of the numbers on stdin (seconds), in ms
p95() { sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.95 + 0.999); if (i > NR) i = NR; printf "%.1f", v[i] * 1000 }'; }
report=""
for n in $SIZES; do
	d=$OUT/audit-$n-s$SEED
	if [ ! -f "$d/.complete" ]; then
		rm -rf "$d"
		python3 "$GEN" --events "$n" --seed "$SEED" --out "$d" 2>/dev/null
		touch "$d/.complete"
	fi
	csv=$(wc -c <"$d/events.csv")
	db=$OUT/store-$n.db
	rm -f "$db" "$db"-* "$db.logkey"
	awk -F, 'NR==1{print "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date";next}
	         {print $1",Bench,"$3",staff,,"$4",,,2020-01-01,"}' "$d/staff.csv" >"$OUT/store-people.csv"
	./probity --db "$db" people import "$OUT/store-people.csv" >/dev/null
	./probity --db "$db" audit import staff "$d/staff.csv" >/dev/null
	for k in vulnerable watchlist assignments; do ./probity --db "$db" audit import $k "$d/$k.csv" >/dev/null; done
	tail -n +2 "$d/associations.csv" | awk -F, '{ printf "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, relationship, declared_on, created_at) SELECT id, '"'"'A'"'"', '"'"'%s'"'"', '"'"'family_link'"'"', '"'"'%s'"'"', '"'"'%s'"'"', '"'"'2026-01-01'"'"' FROM people WHERE staff_number = '"'"'%s'"'"';\n", $2, $3, $4, $1 }' | sqlite3 "$db"
	cat "$d/events.csv" >/dev/null

	# the engine alone, then ingest with the store (single feed)
	t0=$(now); /usr/bin/time -f "%U %S" -o "$OUT/store-cpu" ./probity audit scan -q "$d" -o "$OUT/store-scan.csv"; ts=$(sub "$t0" "$(now)")
	tsc=$(awk '{ print $1 + $2 }' "$OUT/store-cpu")
	t0=$(now); /usr/bin/time -f "%U %S" -o "$OUT/store-cpu" ./probity --db "$db" audit ingest -q "$d/events.csv"; ti=$(sub "$t0" "$(now)")
	tic=$(awk '{ print $1 + $2 }' "$OUT/store-cpu")
	./probity --db "$db" audit alerts -o "$OUT/store-alerts.csv"
	cmp -s "$OUT/store-alerts.csv" "$OUT/store-scan.csv" && same=identical || same=DIFFERENT
	bytes=$(sqlite3 "$db" "SELECT SUM(length(data) + length(bloom)) FROM audit_segments")
	# the subject index (migration 055): its bytes, and a row's overhead (the
	# rowid, batch, day, pkey and checksum, its two index entries) as 40 bytes
	ibytes=$(sqlite3 "$db" "SELECT COALESCE(SUM(length(data)), 0) + 40 * COUNT(*) FROM audit_subject_index")
	bytes=$((bytes + ibytes))
	segs=$(sqlite3 "$db" "SELECT COUNT(*) FROM audit_segments")

	# the questions: 20 subjects drawn at random from those in the events (a
	# victim's complaint names any person) and 20 users, each asked once to
	# warm, then timed; and the busiest subject of all on its own
	awk -F, 'NR > 1 && $8 != "" { print $8 }' "$d/events.csv" | sort | uniq -c | sort -rn >"$OUT/store-subjcounts"
	busiest=$(awk 'NR == 1 { print $2 }' "$OUT/store-subjcounts")
	awk 'BEGIN { srand(1) } { print rand() "\t" $2 }' "$OUT/store-subjcounts" | sort -n | head -20 | cut -f2 >"$OUT/store-subjects"
	awk -F, 'NR > 1 { print $1 }' "$d/staff.csv" | awk 'NR % 7 == 1' | head -20 >"$OUT/store-users"
	: >"$OUT/store-qs"; : >"$OUT/store-qu"; : >"$OUT/store-cs"; : >"$OUT/store-cu"; : >"$OUT/store-bs"; : >"$OUT/store-bu"
	for pass in warm timed; do
		while read -r s; do
			t0=$(now); /usr/bin/time -f "%U %S" -o "$OUT/store-cpu" ./probity --db "$db" audit search --subject "$s" --purpose "bench" -o /dev/null 2>/dev/null
			if [ $pass = timed ]; then sub "$t0" "$(now)" >>"$OUT/store-qs"; awk '{ print $1 + $2 }' "$OUT/store-cpu" >>"$OUT/store-cs"; fi
		done <"$OUT/store-subjects"
		while read -r u; do
			t0=$(now); /usr/bin/time -f "%U %S" -o "$OUT/store-cpu" ./probity --db "$db" audit search --user "$u" --from 2026-02-01 --to 2026-03-02 --purpose "bench" -o /dev/null 2>/dev/null
			if [ $pass = timed ]; then sub "$t0" "$(now)" >>"$OUT/store-qu"; awk '{ print $1 + $2 }' "$OUT/store-cpu" >>"$OUT/store-cu"; fi
		done <"$OUT/store-users"
	done
	hits=$(./probity --db "$db" audit search --subject "$busiest" --purpose bench 2>/dev/null | wc -l)
	t0=$(now); ./probity --db "$db" audit search --subject "$busiest" --purpose bench -o /dev/null 2>/dev/null; qb=$(sub "$t0" "$(now)")
	qs=$(p95 <"$OUT/store-qs"); qu=$(p95 <"$OUT/store-qu"); cs=$(p95 <"$OUT/store-cs"); cu=$(p95 <"$OUT/store-cu")
	# the same subjects without the subject index (every batch scanned, as
	# a store written before it is), warm
	sqlite3 "$db" "DELETE FROM audit_subject_index"
	: >"$OUT/store-qx"; : >"$OUT/store-cx"
	while read -r s; do
		t0=$(now); /usr/bin/time -f "%U %S" -o "$OUT/store-cpu" ./probity --db "$db" audit search --subject "$s" --purpose "bench" -o /dev/null 2>/dev/null
		sub "$t0" "$(now)" >>"$OUT/store-qx"; awk '{ print $1 + $2 }' "$OUT/store-cpu" >>"$OUT/store-cx"
	done <"$OUT/store-subjects"
	qx=$(p95 <"$OUT/store-qx"); cx=$(p95 <"$OUT/store-cx")

	# baseline: a SQLite table with indexes on subject and (user, ts)
	bdb=$OUT/store-baseline-$n.db
	rm -f "$bdb"
	if [ "${AUDIT_STORE_BASELINE:-1}" = 0 ]; then
		tb=0 bsize=0 bs=0 bu=0 bb=0
	else
	t0=$(now)
	sqlite3 "$bdb" <<SQL
PRAGMA journal_mode = WAL;
CREATE TABLE events (ts TEXT, user TEXT, system TEXT, device TEXT, action TEXT, record_type TEXT, record_id TEXT, subject TEXT, reason TEXT);
.mode csv
.import --skip 1 $d/events.csv events
CREATE INDEX events_subject ON events(subject);
CREATE INDEX events_user_ts ON events(user, ts);
SQL
	tb=$(sub "$t0" "$(now)")
	bsize=$(wc -c <"$bdb")
	for pass in warm timed; do
		while read -r s; do
			t0=$(now); sqlite3 -csv "$bdb" "SELECT * FROM events WHERE subject = '$s' ORDER BY rowid" >/dev/null
			if [ $pass = timed ]; then sub "$t0" "$(now)" >>"$OUT/store-bs"; fi
		done <"$OUT/store-subjects"
		while read -r u; do
			t0=$(now); sqlite3 -csv "$bdb" "SELECT * FROM events WHERE user = '$u' AND ts >= '2026-02-01' AND ts < '2026-03-03' ORDER BY ts, rowid" >/dev/null
			if [ $pass = timed ]; then sub "$t0" "$(now)" >>"$OUT/store-bu"; fi
		done <"$OUT/store-users"
	done
	bs=$(p95 <"$OUT/store-bs"); bu=$(p95 <"$OUT/store-bu")
	t0=$(now); sqlite3 -csv "$bdb" "SELECT * FROM events WHERE subject = '$busiest' ORDER BY rowid" >/dev/null; bb=$(sub "$t0" "$(now)")
	rm -f "$bdb" "$bdb"-*
	fi

	line=$(awk -v n="$n" -v ts="$ts" -v ti="$ti" -v csv="$csv" -v bytes="$bytes" -v segs="$segs" -v qs="$qs" -v qu="$qu" \
	           -v tb="$tb" -v bsize="$bsize" -v bs="$bs" -v bu="$bu" -v same="$same" -v hits="$hits" -v qb="$qb" -v bb="$bb" -v cs="$cs" -v cu="$cu" -v tsc="$tsc" -v tic="$tic" -v ibytes="$ibytes" -v qx="$qx" -v cx="$cx" 'BEGIN {
		printf "%d events (CSV %.1f bytes/event)\n", n, csv / n
		printf "  engine only (audit scan)    %7.2f s  %6.2fM events/s   (CPU %.2f s: %.2fM events/s)\n", ts, n / ts / 1e6, tsc, n / (tsc > 0 ? tsc : 0.01) / 1e6
		printf "  ingest with the store       %7.2f s  %6.2fM events/s   (CPU %.2f s: %.2fM events/s; alerts %s)\n", ti, n / ti / 1e6, tic, n / (tic > 0 ? tic : 0.01) / 1e6, same
		printf "  SQLite table load+indexes   %7.2f s  %6.2fM events/s   store ingest is %.1fx faster\n", tb, n / tb / 1e6, tb / ti
		printf "  size: store %.1f bytes/event (%d segments; the subject index %.1f of them) | SQLite %.1f bytes/event | %.1fx smaller\n", bytes / n, segs, ibytes / n, bsize / n, bsize / bytes
		printf "  who accessed subject S (p95 of 20 random subjects):      store %.1f ms (CPU %.1f ms) | SQLite %.1f ms | ratio %.2f\n", qs, cs, bs, bs / qs
		printf "    the same without the subject index (scan):             store %.1f ms (CPU %.1f ms)\n", qx, cx
		printf "  the busiest subject (%d events):                          store %.1f ms | SQLite %.1f ms | ratio %.2f\n", hits - 1, qb * 1000, bb * 1000, bb / qb
		printf "  what did user U do in 30 days (p95 of 20):               store %.1f ms (CPU %.1f ms) | SQLite %.1f ms | ratio %.2f\n", qu, cu, bu, bu / qu
		printf "  (store times are end to end: process start, the purpose written to the access log in a committed\n"
		printf "   transaction, the search, CSV to /dev/null; SQLite times are the sqlite3 shell, nothing logged)\n"
	}')
	echo "$line"
	report="$report$line
"
	rm -f "$db" "$db"-* "$db.logkey"
	[ "$n" -lt 50000000 ] || rm -rf "$d"
done
echo
echo "audit trail store vs a SQLite table (same events, same machine, same run):"
printf '%s' "$report"
echo "targets: ingest >= 2M events/s; <= 16 bytes/event; both queries p95 <= 100 ms (at 100M events)"
