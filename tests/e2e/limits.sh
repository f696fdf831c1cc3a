#!/bin/sh
# End-to-end: the server's resource limits before sign-in (issue 13, item 7)
# and the security headers on its 414/431 answers (item 8). Slow, aborted and
# greedy clients (tests/e2e/limits_client.py) must not starve /healthz, nor
# make the worker process hold their bodies; a signed-in upload still works.
# Lines starting "# " are the figures docs/web.md quotes.
. "$(dirname "$0")/../lib.sh"
# a thousand held connections need descriptors at both ends
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
CLIENT="python3 $ROOT/tests/e2e/limits_client.py"
LIMIT_MS=100
DB=$TMP/t.db
demo_force "$DB" >/dev/null 2>&1 || { fail "demo force"; finish; exit 1; }
start_server "$DB"
PORT=${URL##*:}
worker_of() { grep -l "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status 2>/dev/null | head -1 | cut -d/ -f3; }
WORKER=$(worker_of "$SERVER")
[ -n "$WORKER" ] && ok "worker process found" || fail "worker process found"
val() { sed -n "s/^$1 //p" "$2"; }
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
FID=$(sqlite3 "$DB" "select min(id) from findings")

$CLIENT probe "$PORT" 5 >"$TMP/idle"
echo "# healthz idle: $(val healthz_ms "$TMP/idle") ms (median of 5)"

# ---- 24 anonymous 8 MiB multipart bodies: refused before they are buffered ----
curl -s -o /dev/null "$URL/login"
before=$(kb "$WORKER" VmRSS)
reset=0
echo 5 >"/proc/$WORKER/clear_refs" 2>/dev/null && reset=1
(
	peak=0
	while [ ! -f "$TMP/bodies.done" ]; do
		r=$(kb "$WORKER" VmRSS)
		[ "${r:-0}" -gt "$peak" ] && peak=$r
		echo "$peak" >"$TMP/peak"
		sleep 0.02
	done
) &
SAMPLER=$!
$CLIENT bodies "$PORT" "$FID" >"$TMP/bodies"
touch "$TMP/bodies.done"
wait $SAMPLER
peak=$(cat "$TMP/peak")
if [ $reset = 1 ]; then
	hwm=$(kb "$WORKER" VmHWM)
	[ "$hwm" -gt "$peak" ] && peak=$hwm
fi
grow=$(((peak - before) / 1024))
echo "# worker RSS before $((before / 1024)) MiB, peak during 24 x 8 MiB anonymous bodies $((peak / 1024)) MiB (+$grow MiB)"
statuses=$(val statuses "$TMP/bodies")
[ "$grow" -le 4 ] && ok "24 anonymous 8 MiB bodies grow the worker by at most 4 MiB" ||
	fail "24 anonymous 8 MiB bodies grow the worker by at most 4 MiB" "+$grow MiB; statuses $statuses"
# upload route: 303 to sign in; sign-in form: 413, or closed once a chunked body passes 16 KiB
want=303,303,303,303,303,303,303,303,303,303,303,303,413,413,413,413,413,413,closed,closed,closed,closed,closed,closed
[ "$statuses" = "$want" ] && ok "anonymous bodies refused before they are read" ||
	fail "anonymous bodies refused before they are read" "$statuses"

# ---- 414 and 431 carry the security headers of every other response ----
printf 'GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >"$TMP/req-normal"
printf 'GET /%s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' "$(head -c 9000 /dev/zero | tr '\0' a)" >"$TMP/req-414"
printf 'GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Big: %s\r\n\r\n' \
	"$(head -c 40000 /dev/zero | tr '\0' a)" >"$TMP/req-431"
for r in normal 414 431; do $CLIENT raw "$PORT" "$TMP/req-$r" >"$TMP/head-$r"; done
check_has "normal response is 200" "$TMP/head-normal" "HTTP/1.1 200"
check_has "a 9,000-byte address gets 414" "$TMP/head-414" "HTTP/1.1 414"
check_has "40 KB of headers get 431" "$TMP/head-431" "HTTP/1.1 431"
for h in Content-Security-Policy X-Content-Type-Options Referrer-Policy X-Frame-Options \
	Cross-Origin-Opener-Policy Cross-Origin-Resource-Policy Cache-Control; do
	line=$(grep -i "^$h:" "$TMP/head-normal")
	[ -n "$line" ] || fail "normal response has $h"
	for r in 414 431; do
		grep -qxF "$line" "$TMP/head-$r" && ok "$r has $h" || fail "$r has $h" "$(cat "$TMP/head-$r")"
	done
done

# ---- a signed-in upload on an upload route still works; other routes keep 1 MiB ----
PW=demo-password-2026
code=$(curl -s -o /dev/null -c "$TMP/gov.jar" -b "$TMP/gov.jar" -w "%{http_code}" --data-urlencode "username=governance" \
	--data-urlencode "login_token=$(login_token "$TMP/gov.jar")" --data-urlencode "password=$PW" "$URL/login")
[ "$code" = 303 ] && ok "governance signs in" || fail "governance signs in" "status $code"
curl -s -b "$TMP/gov.jar" "$URL/findings/$FID" >"$TMP/page"
T=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$TMP/page" | head -1)
printf '%%PDF-1.4\n%% fictional\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$TMP/paper.pdf"
head -c 3000000 /dev/zero | tr '\0' ' ' >>"$TMP/paper.pdf"
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/gov.jar" -F "csrf=$T" \
	-F "file=@$TMP/paper.pdf;type=application/pdf" -F "description=Limits" "$URL/findings/$FID/evidence")
[ "$code" = 303 ] && ok "signed-in 3 MB upload on an upload route" || fail "signed-in 3 MB upload on an upload route" "status $code"
n=$(sqlite3 "$DB" "select count(*) from evidence where finding_id = $FID and description = 'Limits'")
[ "$n" = 1 ] && ok "uploaded file stored" || fail "uploaded file stored" "n=$n"
head -c 2000000 /dev/zero | tr '\0' a >"$TMP/two.txt"
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/gov.jar" -F "csrf=$T" -F "text=@$TMP/two.txt" \
	"$URL/findings/$FID/updates")
[ "$code" = 413 ] && ok "2 MB multipart on a route without uploads: 413" || fail "2 MB multipart on a route without uploads: 413" "status $code"

# ---- 5,000 signed-in uploads aborted mid-body: their memory goes back (issue 25) ----
GOVSESSION=$(awk '$6 == "probity_session" {print $7}' "$TMP/gov.jar" | tail -1)
before=$(kb "$WORKER" VmRSS)
$CLIENT aborted "$PORT" 5000 "$FID" "probity_session=$GOVSESSION" >"$TMP/aborted"
sleep 1
after=$(kb "$WORKER" VmRSS)
grow=$(((after - before) / 1024))
echo "# worker RSS before $((before / 1024)) MiB, after $(val aborted "$TMP/aborted") aborted signed-in uploads $((after / 1024)) MiB (+$grow MiB)"
[ "$(val aborted "$TMP/aborted")" -ge 4500 ] && ok "aborted uploads sent" || fail "aborted uploads sent" "$(cat "$TMP/aborted")"
if [ "$PROBITY_BUILD" = asan ]; then
	echo "# (RSS not checked under the sanitizer: its quarantine keeps freed memory by design)"
else
	[ "$grow" -le 8 ] && ok "5,000 aborted uploads leave the worker within 8 MiB of where it started" ||
		fail "5,000 aborted uploads leave the worker within 8 MiB of where it started" "+$grow MiB"
fi

# ---- 1,000 slow clients ----
$CLIENT slow "$PORT" >"$TMP/slow"
ms=$(val healthz_ms "$TMP/slow")
echo "# 1,000 slow clients: healthz $ms ms (median of 5); held from one address $(val held_single "$TMP/slow")/400, from twelve $(val held_spread "$TMP/slow")/600"
below "$ms" $LIMIT_MS && ok "healthz within ${LIMIT_MS} ms beside 1,000 slow clients" ||
	fail "healthz within ${LIMIT_MS} ms beside 1,000 slow clients" "$(cat "$TMP/slow")"
h=$(val held_single "$TMP/slow")
[ "${h:-999}" -le 64 ] && ok "one address holds at most 64 connections" || fail "one address holds at most 64 connections" "held $h"
h=$(val held_spread "$TMP/slow")
[ "${h:-0}" -ge 590 ] && ok "connections under the per-address limit are kept" || fail "connections under the per-address limit are kept" "held $h"

# ---- 1,500 connections closed mid-request ----
$CLIENT closed "$PORT" >"$TMP/closed"
d=$(val healthz_during_ms "$TMP/closed")
a=$(val healthz_after_ms "$TMP/closed")
echo "# 1,500 connections closed mid-request: healthz $d ms during, $a ms after (medians)"
below "$d" $LIMIT_MS && ok "healthz within ${LIMIT_MS} ms while 1,500 connections close mid-request" ||
	fail "healthz within ${LIMIT_MS} ms while 1,500 connections close mid-request" "$(cat "$TMP/closed")"
below "$a" $LIMIT_MS && ok "healthz within ${LIMIT_MS} ms after" || fail "healthz within ${LIMIT_MS} ms after" "$(cat "$TMP/closed")"
[ "$(worker_of "$SERVER")" = "$WORKER" ] && ok "the worker never restarted" ||
	fail "the worker never restarted" "$(grep restarting "$TMP/serve.log")"
code=$(curl -s -o /dev/null -b "$TMP/gov2.jar" -w "%{http_code}" --data-urlencode "username=governance" \
	--data-urlencode "login_token=$(login_token "$TMP/gov2.jar")" --data-urlencode "password=$PW" "$URL/login")
[ "$code" = 303 ] && ok "sign-in still answered (no anonymous slot leaked by aborted bodies)" ||
	fail "sign-in still answered (no anonymous slot leaked by aborted bodies)" "status $code"

# ---- idle timeout and the cap on anonymous bodies (a second server, small limits) ----
"$BIN" --db "$DB" serve --port 0 --quiet --conn-timeout 2 --max-anon-bodies 4 >"$TMP/serve2.log" 2>&1 &
SERVER2=$!
trap 'kill $SERVER $SERVER2 2>/dev/null; wait $SERVER $SERVER2 2>/dev/null; rm -rf "$TMP"' EXIT
PORT2=""
for _ in $(seq 1 100); do
	PORT2=$(sed -n 's|.*http://[^:]*:\([0-9]*\)/.*|\1|p' "$TMP/serve2.log" | head -1)
	[ -n "$PORT2" ] && break
	sleep 0.1
done
[ -n "$PORT2" ] && ok "server with --conn-timeout and --max-anon-bodies started" ||
	{ fail "server with --conn-timeout and --max-anon-bodies started" "$(cat "$TMP/serve2.log")"; finish; exit 1; }
$CLIENT timeout "$PORT2" >"$TMP/timeout"
s=$(val closed_after_s "$TMP/timeout")
awk -v s="$s" 'BEGIN { exit !(s >= 1.5 && s <= 4.5) }' && ok "an idle half request is closed after --conn-timeout 2" ||
	fail "an idle half request is closed after --conn-timeout 2" "after $s s"
$CLIENT anon "$PORT2" 4 >"$TMP/anon"
[ "$(val busy_status "$TMP/anon")" = 503 ] && ok "a 5th anonymous body beside 4 held ones: 503" ||
	fail "a 5th anonymous body beside 4 held ones: 503" "$(cat "$TMP/anon")"
[ "$(val busy_retry_after "$TMP/anon")" = 1 ] && ok "503 says Retry-After" || fail "503 says Retry-After"
[ "$(val busy_csp "$TMP/anon")" = 1 ] && ok "503 carries the security headers" || fail "503 carries the security headers"
[ "$(val get_status "$TMP/anon")" = 200 ] && ok "the sign-in page still loads (GETs are not capped)" ||
	fail "the sign-in page still loads (GETs are not capped)" "$(cat "$TMP/anon")"
s=$(val after_status "$TMP/anon")
[ -n "$s" ] && [ "$s" != 503 ] && ok "anonymous body accepted once the held ones close" ||
	fail "anonymous body accepted once the held ones close" "status $s"

# both servers stop cleanly, and nothing above upset the sanitizers (ASan build)
kill -TERM $SERVER $SERVER2
wait $SERVER
r1=$?
wait $SERVER2
r2=$?
[ "$r1$r2" = 00 ] && ok "SIGTERM stops both servers cleanly" || fail "SIGTERM stops both servers cleanly" "exit $r1 $r2"
if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$TMP/serve.log" "$TMP/serve2.log"; then
	fail "servers ran clean under the sanitizers" "$(grep -h -A12 'AddressSanitizer\|LeakSanitizer\|runtime error' "$TMP/serve.log" "$TMP/serve2.log" | head -40)"
else
	ok "servers ran clean under the sanitizers"
fi

"$BIN" serve --help >"$TMP/help"
for o in --max-conns --max-conns-per-ip --conn-timeout --max-anon-bodies; do
	check_has "serve --help documents $o" "$TMP/help" "  $o "
done
finish
