#!/bin/sh
# bench/exports.sh — the full gifts register exported over HTTP at ten times
# the demo (500,000 gifts by default), as CSV and XLSX: wall time and how
# much the worker's resident memory grows (the largest VmRSS sampled during
# the export minus VmRSS before),
# beside a baseline run in the same script: the sqlite3 shell writing the
# same rows (the same joins) as CSV to a file, the floor for any exporter.
# The big database is the demo with its gifts copied until there are N, the
# copies inserted in date order as a force's declarations arrive over the
# years (cached under bench/out/). Targets (issue 25): CSV under 3 s, worker RSS
# growth under 50 MB.
#   sh bench/exports.sh                 500,000 gifts
#   EXPORT_BENCH_GIFTS=100000 sh bench/exports.sh
set -e
cd "$(dirname "$0")/.."
N=${EXPORT_BENCH_GIFTS:-500000}
OUT=bench/out
DB=$OUT/exports-$N-v2.db
command -v sqlite3 >/dev/null || { echo "bench/exports.sh: the sqlite3 shell is needed" >&2; exit 1; }
make -s probity
mkdir -p "$OUT"
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
if [ ! -f "$DB.complete" ]; then
	echo "building $DB: the demo, its gifts copied to $N ..."
	rm -f "$DB" "$DB-wal" "$DB-shm"
	./probity --db "$DB" demo >/dev/null
	sqlite3 "$DB" "
	WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 1000)
	INSERT INTO gifts(person_id, date_offered, offeror_org, offeror_person, kind, description, value_pence,
	                  accepted, reason, relationship, status, manager_id, manager_decision, manager_comment,
	                  manager_at, psd_account_id, psd_decision, psd_comment, psd_at, publishable, created_at)
	SELECT person_id, date_offered, offeror_org, offeror_person, kind, description, value_pence + k.n,
	       accepted, reason, relationship, status, manager_id, manager_decision, manager_comment,
	       manager_at, psd_account_id, psd_decision, psd_comment, psd_at, publishable, created_at
	FROM gifts, k WHERE k.n <= ($N / (SELECT COUNT(*) FROM gifts)) + 1
	ORDER BY date_offered, k.n;
	DELETE FROM gifts WHERE id > (SELECT MIN(id) FROM gifts) + $N - 1;
	ANALYZE;"
	touch "$DB.complete"
fi
rows=$(sqlite3 "$DB" "SELECT COUNT(*) FROM gifts")
echo "gifts: $rows"

TMP=$(mktemp -d)
./probity --db "$DB" serve --port 0 >"$TMP/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
URL=""
for _ in $(seq 1 100); do
	URL=$(grep -o 'http://[^ ]*/' "$TMP/serve.log" | head -1)
	[ -n "$URL" ] && curl -s -o /dev/null "${URL}healthz" && break
	sleep 0.1
done
URL=${URL%/}
WORKER=$(pgrep -P "$SERVER" | head -1)
curl -s -c "$TMP/jar" -o "$TMP/login.html" "$URL/login"
hidden=$(grep -o '<input[^>]*type="hidden"[^>]*>' "$TMP/login.html" | while read -r inp; do
	printf '%s=%s&' "$(echo "$inp" | sed -n 's/.* name="\([^"]*\)".*/\1/p')" \
		"$(echo "$inp" | sed -n 's/.* value="\([^"]*\)".*/\1/p')"
done)
curl -s -o /dev/null -c "$TMP/jar" -b "$TMP/jar" -H "Origin: $URL" -d "$hidden" --data-urlencode username=psd \
	--data-urlencode password=demo-password-2026 "$URL/login"
kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/"$WORKER"/status; }

report=""
for fmt in csv xlsx; do
	# VmHWM is no use here (the worker's start-up already peaks higher):
	# sample VmRSS every 50 ms while the export runs, keep the largest
	rss0=$(kb VmRSS)
	( while :; do kb VmRSS; sleep 0.05; done ) >"$TMP/rss.$fmt" 2>/dev/null &
	SAMPLER=$!
	t0=$(now)
	code=$(curl -s -o "$TMP/export.$fmt" -w '%{http_code}' -b "$TMP/jar" "$URL/gifts/register.$fmt") || code="curl $?"
	t1=$(now)
	kill $SAMPLER 2>/dev/null; wait $SAMPLER 2>/dev/null || true
	[ "$code" = 200 ] || { echo "export $fmt answered $code" >&2; exit 1; }
	grow=$(sort -n "$TMP/rss.$fmt" | tail -1 | awk -v a="$rss0" '{ g = $1 - a; printf "%.1f", (g < 0 ? 0 : g) / 1024 }')
	size=$(stat -c %s "$TMP/export.$fmt")
	lines=""
	if [ "$fmt" = csv ]; then lines=", $(($(wc -l <"$TMP/export.csv") - 1)) rows"; csv_s=$(sub "$t0" "$t1"); fi
	report="$report$(printf '%-5s %6.2f s  worker RSS +%5s MB  %6.1f MB%s' "$fmt" "$(sub "$t0" "$t1")" "$grow" \
		"$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')" "$lines")
"
done

# baseline: the same rows and joins straight from the sqlite3 shell to a file
t0=$(now)
sqlite3 -csv -header "$DB" "SELECT g.id, g.date_offered, p.staff_number, p.forenames || ' ' || p.surname,
	COALESCE(u.name, ''), g.offeror_org, g.offeror_person, g.kind, g.description, g.value_pence, g.accepted,
	g.reason, g.relationship, g.status, g.manager_decision, g.manager_comment, g.psd_decision, g.psd_comment
	FROM gifts g JOIN people p ON p.id = g.person_id LEFT JOIN units u ON u.id = p.unit_id
	ORDER BY g.date_offered DESC, g.id DESC" >"$TMP/baseline.csv"
t1=$(now)
base_s=$(sub "$t0" "$t1")
echo "export of the full gifts register ($rows gifts), over HTTP as the psd login:"
printf '%s' "$report"
echo "baseline: sqlite3 shell, same rows to CSV: $base_s s; probity CSV / baseline = $(awk -v a="$csv_s" -v b="$base_s" 'BEGIN { printf "%.2f", a / b }')x"
echo "targets: CSV under 3 s, worker RSS growth under 50 MB"
