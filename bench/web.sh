#!/bin/sh
# Web benchmark on the demo force (issue 3's targets):
#   - the PSD register list, filtered, 50 rows a page, as HTML and as JSON:
#     p95 latency (target < 10 ms) at light load;
#   - JSON throughput with wrk, 2 threads, 32 connections (target >= 5,000
#     requests/s, no error responses);
#   - login (argon2id) time (target < 150 ms);
#   - the server's RSS after the run (target < 100 MB);
#   - the same figures for a static file of the same size served by the same
#     server: the ceiling to compare with.
# Run: sh bench/web.sh   (or make bench). Needs wrk (scripts/deps.sh with PROBITY_BENCH=1).
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || PROBITY_BENCH=1 sh scripts/deps.sh
[ -x ./probity ] || make -s probity
DB=$OUT/web-demo.db
if [ ! -f "$DB" ]; then
	echo "bench: creating the demo force in $DB"
	./probity --db "$DB" demo >/dev/null
fi
PASSWORD=$(./probity --db "$DB" demo --help 2>/dev/null | sed -n 's/.*password[^"]*"\([^"]*\)".*/\1/p' | head -1)
[ -n "$PASSWORD" ] || PASSWORD=${DEMO_PASSWORD:-demo-password-2026}
TOKEN=$(./probity --db "$DB" token create psd --label bench)

# An asset root with the real assets plus a static file the size of the JSON page.
ASSETS=$(mktemp -d /tmp/probity-bench-assets.XXXXXX)
ln -s "$ROOT/node_modules" "$ASSETS/node_modules"
mkdir -p "$ASSETS/assets"
cp -r "$ROOT/assets/." "$ASSETS/assets/"
PORT=18080
./probity --db "$DB" serve --port $PORT --assets-root "$ASSETS" --quiet >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$ASSETS"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
BASE=http://127.0.0.1:$PORT
Q='/gifts/register?band=2&sort=-date&page=2'
QJ='/api/gifts?band=2&sort=-date&page=2'
curl -s -H "Authorization: Bearer $TOKEN" "$BASE$QJ" >"$ASSETS/assets/same-size.json"
kill $SERVER; wait $SERVER 2>/dev/null || true
./probity --db "$DB" serve --port $PORT --assets-root "$ASSETS" --quiet >"$OUT/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/healthz" && break; sleep 0.1; done

# login timings
: >"$OUT/login.txt"
LT=$(curl -s -c "$OUT/ljar" "$BASE/login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
for _ in $(seq 1 20); do
	curl -s -o /dev/null -b "$OUT/ljar" -c "$OUT/jar" -w "%{time_total}\n" --data-urlencode "login_token=$LT" \
		--data-urlencode "username=psd" --data-urlencode "password=$PASSWORD" "$BASE/login" >>"$OUT/login.txt"
done
login_p50=$(sort -n "$OUT/login.txt" | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR/2)+1]*1000}')
login_max=$(sort -n "$OUT/login.txt" | tail -1 | awk '{printf "%.1f", $1*1000}')
SESSION=$(awk '$6 == "probity_session" {print $7}' "$OUT/jar" | tail -1)

cat >"$OUT/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
# A variant whose every request has a query string never seen before, so it
# always misses the fragment cache: the cost of the query itself.
sed 's/^done = /local n = 0\nrequest = function() n = n + 1; return wrk.format(nil, wrk.path .. "\&nocache=" .. n) end\ndone = /' \
	"$OUT/p95.lua" >"$OUT/p95-miss.lua"
# run NAME CONNS SECONDS PATH [HEADER]
run() {
	t=2; [ "$2" -lt 2 ] && t=1
	if [ -n "$5" ]; then
		wrk -t$t -c"$2" -d"$3"s -s "$OUT/p95.lua" -H "$5" "$BASE$4" | grep RESULT
	else
		wrk -t$t -c"$2" -d"$3"s -s "$OUT/p95.lua" "$BASE$4" | grep RESULT
	fi
}
html_light=$(run html 1 5 "$Q" "Cookie: probity_session=$SESSION")
json_light=$(run json 1 5 "$QJ" "Authorization: Bearer $TOKEN")
static_light=$(run static 1 5 /assets/app/same-size.json)
json_load=$(run json 32 10 "$QJ" "Authorization: Bearer $TOKEN")
html_load=$(run html 32 10 "$Q" "Cookie: probity_session=$SESSION")
static_load=$(run static 32 10 /assets/app/same-size.json)
json_miss=$(wrk -t2 -c32 -d10s -s "$OUT/p95-miss.lua" -H "Authorization: Bearer $TOKEN" "$BASE$QJ" | grep RESULT)
WORKER=$(pgrep -P $SERVER | head -1)
rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/${WORKER:-$SERVER}/status)

size=$(wc -c <"$ASSETS/assets/same-size.json")
f() { echo "$1" | awk -v k="$2" '{print $(k+1)}'; }
printf '\nProbity web benchmark (demo force, %s bytes of JSON per page, 2 cores)\n\n' "$size"
printf '%-34s %12s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p95 ms" "errors"
for row in "register HTML, 1 connection|$html_light" "register JSON, 1 connection|$json_light" \
           "static file, 1 connection|$static_light" "register HTML, 32 connections|$html_load" \
           "register JSON, 32 connections|$json_load" "static file, 32 connections|$static_load" \
           "JSON, uncached (cache miss), 32 conn.|$json_miss"; do
	name=${row%%|*}; r=${row#*|}
	printf '%-34s %12s %10s %10s %8s\n' "$name" "$(f "$r" 1)" "$(f "$r" 2)" "$(f "$r" 3)" "$(( $(f "$r" 4) + $(f "$r" 5) ))"
done
printf '\nJSON throughput vs static ceiling: %s\n' "$(awk -v a="$(f "$json_load" 1)" -v b="$(f "$static_load" 1)" 'BEGIN {printf "%.2f", a/b}')"
printf 'login (argon2id): median %s ms, max %s ms (target < 150)\n' "$login_p50" "$login_max"
printf 'server RSS after the run: %s MB (target < 100)\n' "$rss"
printf 'targets: p95 < 10 ms (HTML %s, JSON %s); JSON >= 5000 req/s at 32 connections (%s)\n' \
	"$(f "$html_light" 3)" "$(f "$json_light" 3)" "$(f "$json_load" 1)"
