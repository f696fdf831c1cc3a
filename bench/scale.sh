#!/bin/sh
# A force ten times the demo (issue 25): every main page and API list
# measured uncached at demo size and at `probity demo --scale 10` (about
# 35,000 people and 500,000 declarations), side by side:
#   - p50 and p95 latency at 1 connection, requests/s at 1 and at 32
#     connections (wrk; every request carries a query string never seen
#     before, so the fragment cache never answers: the cost of the query);
#   - the worker's RSS after the runs;
#   - a 500,000-row gifts import into the 10x force: rows/s, and how long
#     the write lock was held (a probe tries to take it every 20 ms);
# Targets at 10x: personal lists p95 <= 5 ms, every list p95 <= 20 ms and
# >= 1,000 requests/s at 32 connections; import lock < 3 s, >= 200,000 rows/s.
# Run: sh bench/scale.sh   (or make bench). Needs wrk (scripts/deps.sh with
# PROBITY_BENCH=1 installs it). SCALE_SECONDS=N sets each run's length (2);
# SCALE_PAGES replaces the pages (LABEL USER PATH a line).
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || PROBITY_BENCH=1 sh scripts/deps.sh
[ -x ./probity ] || make -s probity
BIN=${PROBITY_BIN:-./probity}
SECS=${SCALE_SECONDS:-2}
PW=${DEMO_PASSWORD:-demo-password-2026}
PORT=${SCALE_PORT:-18106}
BASE=http://127.0.0.1:$PORT

build() { # DB SCALE
	if [ ! -f "$1" ]; then
		echo "bench: building the demo force at scale $2 in $1"
		"$BIN" --db "$1" demo --scale "$2" | sed -n '1,6p'
	fi
}
SCALE_DB1=${SCALE_DB1:-$OUT/scale-1.db} SCALE_DB10=${SCALE_DB10:-$OUT/scale-10.db}
build "$SCALE_DB1" 1
build "$SCALE_DB10" 10

cat >"$OUT/scale.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "nocache=" .. n)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

# the pages: LABEL USER PATH (USER "tok" means the psd API token)
PAGES='
mine staff /gifts/mine
awaiting manager /gifts/awaiting
team manager /gifts/team
team-status manager /gifts/team?status=approved
team-from manager /gifts/team?from=2026-06-01&sort=-value
api-team manager /api/gifts/team
api-mine staff /api/gifts/mine
api-awaiting manager /api/gifts/awaiting
register psd /gifts/register?sort=-date
register-band psd /gifts/register?band=2&sort=-value
register-page9 psd /gifts/register?sort=date&page=9
register-page5000 psd /gifts/register?sort=-date&page=5000
register-from psd /gifts/register?from=2026-01-01&sort=-date
api-register tok /api/gifts?sort=-date
interests psd /interests/register
associations psd /associations/register
circumstances psd /circumstances/register
api-associations tok /api/associations
vetting-compliance vetting /vetting/compliance
api-compliance vetting /api/vetting/compliance
vetting-apps vetting /vetting/applications
air-progress vetting /air/rounds/1
intel-items acu /intel/items
complaints psd /complaints
'
[ -z "${SCALE_PAGES:-}" ] || PAGES=$SCALE_PAGES # the same form: LABEL USER PATH a line

login() { # USER JAR
	curl -s -c "$2" -o "$OUT/login.html" "$BASE/login" || true
	LT=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$OUT/login.html" | head -1)
	curl -s -o /dev/null -b "$2" -c "$2" -H "Origin: $BASE" --data-urlencode "login_token=$LT" \
		--data-urlencode "username=$1" --data-urlencode "password=$PW" "$BASE/login" || true
}

measure() { # DB TAG: one line per page in $OUT/scale-TAG.txt
	DBF=$1 TAG=$2
	TOKEN=$("$BIN" --db "$DBF" token create psd --label "bench $(date +%s)")
	"$BIN" --db "$DBF" serve --port $PORT --quiet >"$OUT/scale-serve-$TAG.log" 2>&1 &
	SERVER=$!
	trap 'kill $SERVER 2>/dev/null' EXIT
	for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/healthz" && break; sleep 0.1; done
	for u in staff manager psd vetting acu; do login $u "$OUT/jar-$u"; done
	WORKER=$(ps -o pid= --ppid $SERVER | tr -d ' ' | head -1)
	: >"$OUT/scale-$TAG.txt"
	echo "$PAGES" | while read -r label user path; do
		[ -n "$label" ] || continue
		if [ "$user" = tok ]; then H="Authorization: Bearer $TOKEN"
		else H="Cookie: probity_session=$(awk '$6 == "probity_session" {print $7}' "$OUT/jar-$user" | tail -1)"; fi
		cpu0=$(awk '{print $14 + $15}' "/proc/$WORKER/stat" 2>/dev/null || echo 0)
		code=$(curl -s -o /dev/null -w "%{http_code}" -H "$H" "$BASE$path" || true)
		one=$(wrk -t1 -c1 -d"$SECS"s -s "$OUT/scale.lua" -H "$H" "$BASE$path" | grep RESULT)
		many=$(wrk -t2 -c32 -d"$SECS"s -s "$OUT/scale.lua" -H "$H" "$BASE$path" | grep RESULT)
		cpu1=$(awk '{print $14 + $15}' "/proc/$WORKER/stat" 2>/dev/null || echo 0)
		# label status p50 p95 rps1 rps32 non2xx+errors cpu-ms-per-request (the worker's user+sys over
		# both runs) socket-errors-at-32
		echo "$label $code $(echo "$one" | awk '{print $3, $4, $2}') $(echo "$many" | awk '{print $2, $5 + $6}')" \
			"$(echo "$one $many" | awk -v c="$cpu1" -v d="$cpu0" -v s="$SECS" -v hz="$(getconf CLK_TCK)" \
				'{ n = ($2 + $8) * s; printf("%.2f %d", (n > 0 ? (c - d) * 1000 / hz / n : 0), $12) }')" \
			>>"$OUT/scale-$TAG.txt"
	done
	RSS=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$WORKER/status" 2>/dev/null || echo "?")
	echo "rss $RSS" >>"$OUT/scale-$TAG.txt"
	kill $SERVER
	wait $SERVER 2>/dev/null || true
	trap - EXIT
}

measure "$SCALE_DB1" 1
measure "$SCALE_DB10" 10

echo
echo "Uncached, 2 cores: p50/p95 in ms at 1 connection, requests/s at 1 and 32 connections"
echo "(cpu: the worker's user+sys CPU ms per request over both runs; the machine is shared, so latency moves with load, cpu less)"
printf '%-20s | %-40s | %-40s\n' "" "demo size" "10x"
printf '%-20s | %6s %6s %6s %7s %5s %5s | %6s %6s %6s %7s %5s %5s\n' page status p50 p95 "rps@1" "@32" cpu status p50 p95 "rps@1" "@32" cpu
awk 'NR == FNR { a[$1] = $0; next }
	$1 == "rss" { r10 = $2; next }
	{ split(a[$1], d, " ");
	  printf "%-20s | %6s %6s %6s %7s %5s %5s | %6s %6s %6s %7s %5s %5s%s\n", $1, d[2], d[3], d[4], d[5], d[6], d[8], $2, $3, $4, $5, $6, $8,
	    ($7 + d[7] > 0 ? "  (" d[7] "/" $7 " non-2xx/errors)" : "") }
	END { }' "$OUT/scale-1.txt" "$OUT/scale-10.txt"
echo "worker RSS after the runs: demo $(awk '$1 == "rss" {print $2}' "$OUT/scale-1.txt") MB, 10x $(awk '$1 == "rss" {print $2}' "$OUT/scale-10.txt") MB"

# --- a 500,000-row gifts import into a copy of the 10x force (SCALE_IMPORT=0: skip)
[ "${SCALE_IMPORT:-1}" = 0 ] && exit 0
IMP=$OUT/scale-import.db
rm -f "$IMP" "$IMP-wal" "$IMP-shm"
sqlite3 "$OUT/scale-10.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null # the copy is then the whole database
cp "$OUT/scale-10.db" "$IMP"
cp "$OUT/scale-10.db.logkey" "$IMP.logkey"
python3 - "$IMP" "$OUT/scale-gifts.csv" <<'PY'
import random, sqlite3, sys
staff = [r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT staff_number FROM people")]
random.seed(25)
with open(sys.argv[2], "w") as f:
    f.write("staff_number,date_offered,offeror,kind,description,value,accepted,reason\n")
    for i in range(500000):
        f.write("%s,2024-%02d-%02d,Supplier %d Ltd,gift,Item %d,%d.50,yes,\n" % (
            random.choice(staff), 1 + i % 12, 1 + i % 28, i % 997, i, 5 + i % 300))
PY
# the probe: how long could a writer not take the lock?
python3 - "$IMP" "$OUT/scale-lock.txt" <<'PY' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
held, longest, since, end = 0.0, 0.0, None, time.time() + 900
while time.time() < end and not os.path.exists(sys.argv[2] + ".stop"):
    t = time.time()
    try:
        c.execute("BEGIN IMMEDIATE"); c.execute("ROLLBACK")
        if since is not None:
            longest = max(longest, t - since); held += t - since; since = None
    except sqlite3.OperationalError:
        if since is None: since = t
    time.sleep(0.02)
if since is not None:
    longest = max(longest, time.time() - since); held += time.time() - since
open(sys.argv[2], "w").write("%.2f %.2f\n" % (longest, held))
PY
PROBE=$!
rm -f "$OUT/scale-lock.txt.stop"
t0=$(date +%s.%N)
rc=0
# PROBITY_IMPORT_TIMING: the import prints its check and lock-held times,
# wall and CPU (the CPU figures are the ones a loaded machine moves least)
timed() { if [ -x /usr/bin/time ]; then /usr/bin/time -f "gifts import CPU: %U s user, %S s system, %M KB peak" "$@"; else "$@"; fi; }
PROBITY_IMPORT_TIMING=1 timed "$BIN" --db "$IMP" gifts import "$OUT/scale-gifts.csv" || rc=$?
t1=$(date +%s.%N)
touch "$OUT/scale-lock.txt.stop"
wait $PROBE
[ $rc = 0 ] || { echo "bench: the import failed (status $rc)"; exit 1; }
awk -v a="$t0" -v b="$t1" -v lock="$(cat "$OUT/scale-lock.txt")" 'BEGIN {
	split(lock, l, " ");
	printf "gifts import, 500,000 rows into the 10x force: %.1f s (%.0f rows/s); write lock held %.1f s at most (target < 3 s)\n",
	  b - a, 500000 / (b - a), l[1] }'
rm -f "$IMP" "$IMP-wal" "$IMP-shm" "$IMP.logkey" "$OUT/scale-lock.txt.stop"
