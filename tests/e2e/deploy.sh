#!/bin/sh
# Running as a service (docs/deploy.md): /healthz touches the database and
# answers 503 when it cannot, /readyz also checks migrations and free disk
# space; one JSON log line per request with a request id (also sent as
# X-Request-Id) and the route's pattern, never the path's personal data;
# the client address taken from X-Forwarded-For only when the peer is a
# configured trusted proxy; systemd's readiness notification.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
"$BIN" --db "$DB" init >/dev/null 2>&1
printf 'trusted_proxies = 127.0.0.1\n' >"$TMP/p.conf"

# a stand-in for systemd's notification socket
cat >"$TMP/notify.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
try:
    print(s.recv(4096).decode(), flush=True)
except Exception as e:
    print("no message:", e, flush=True)
PY
python3 "$TMP/notify.py" "$TMP/notify.sock" >"$TMP/notify.out" 2>&1 &
NPID=$!
for _ in $(seq 1 50); do [ -S "$TMP/notify.sock" ] && break; sleep 0.1; done

NOTIFY_SOCKET=$TMP/notify.sock PROBITY_CONFIG=$TMP/p.conf start_server "$DB"
wait $NPID
check_has "the worker tells systemd it is ready" "$TMP/notify.out" "READY=1"

expect "/healthz answers" 200 "$(req "$URL/healthz")"
check_has "/healthz says ok" "$TMP/body" "ok"
RID=$(sed -n 's/^X-Request-Id: \([0-9a-f]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
[ ${#RID} = 16 ] && ok "a request id is sent as X-Request-Id" || fail "a request id is sent as X-Request-Id" "$(cat "$TMP/headers")"
expect "/readyz answers" 200 "$(req "$URL/readyz")"
check_has "/readyz says ready" "$TMP/body" "ready"
sleep 0.2
check_has "the request's JSON log line has its id and route" "$TMP/serve.log" "\"request_id\":\"$RID\""
grep "\"request_id\":\"$RID\"" "$TMP/serve.log" >"$TMP/line"
check_has "the log line names the route" "$TMP/line" '"route":"/healthz"'
check_has "the log line has the status" "$TMP/line" '"status":200'
check_has "the log line has the method" "$TMP/line" '"method":"GET"'
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]' "$TMP/serve.log" &&
	ok "every request line is JSON" || fail "every request line is JSON"

req "$URL/people/1234?surname=Smithson" >/dev/null
req "$URL/login?next=/intel/Smithson" >/dev/null
sleep 0.2
check_lacks "no path or query with personal data is logged" "$TMP/serve.log" "Smithson"
check_has "a routed page logs its pattern" "$TMP/serve.log" '"route":"/login"'

# X-Forwarded-For: believed from the trusted proxy (the peer 127.0.0.1 here)
req -H "X-Forwarded-For: 203.0.113.9" "$URL/healthz" >/dev/null
req -H "X-Forwarded-For: 198.51.100.1, 203.0.113.10" "$URL/healthz" >/dev/null
req -H "X-Forwarded-For: 203.0.113.11, 127.0.0.1" "$URL/healthz" >/dev/null
req -H "X-Forwarded-For: 203.0.113.12" -H "X-Request-Id: proxy-req-42" "$URL/healthz" >/dev/null
sleep 0.2
check_has "the client behind a trusted proxy is logged" "$TMP/serve.log" '"client":"203.0.113.9"'
check_has "the right-most address (what our proxy appended) is the client" "$TMP/serve.log" '"client":"203.0.113.10"'
check_lacks "an address the client wrote itself is not believed" "$TMP/serve.log" '"client":"198.51.100.1"'
check_has "trusted proxies in the chain are skipped" "$TMP/serve.log" '"client":"203.0.113.11"'
check_has "a trusted proxy's request id is kept" "$TMP/serve.log" '"request_id":"proxy-req-42"'

# /healthz and /readyz touch the database
sqlite3 "$DB" "DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)"
expect "/readyz fails while a migration is pending" 503 "$(req "$URL/readyz")"
check_has "/readyz says why" "$TMP/body" "schema version"
expect "/healthz still answers" 200 "$(req "$URL/healthz")"
sqlite3 "$DB" "DROP TABLE schema_version"
expect "/healthz fails when the database cannot answer" 503 "$(req "$URL/healthz")"
kill $SERVER; wait $SERVER 2>/dev/null

# without trusted proxies the peer is the client, whatever the header says
DB2=$TMP/t2.db
"$BIN" --db "$DB2" init >/dev/null 2>&1
"$BIN" --db "$DB2" serve --port 0 --min-free-mb-unused 2>/dev/null && fail "unknown options are refused" || ok "unknown options are refused"
PROBITY_MIN_FREE_MB=1000000 start_server "$DB2"
req -H "X-Forwarded-For: 203.0.113.99" "$URL/healthz" >/dev/null
if on_pg; then
	# the database's disk is the PostgreSQL server's, not this machine's (docs/deploy.md)
	expect "/readyz on PostgreSQL does not look at the local disk" 200 "$(req "$URL/readyz")"
else
	expect "/readyz fails when the disk is nearly full" 503 "$(req "$URL/readyz")"
	check_has "/readyz names the free space" "$TMP/body" "under min_free_mb"
fi
sleep 0.2
check_lacks "X-Forwarded-For from an untrusted peer is ignored" "$TMP/serve.log" "203.0.113.99"
check_has "the peer is logged instead" "$TMP/serve.log" '"client":"127.0.0.1"'
finish
