#!/bin/sh
# End-to-end: cheap reads stay logged and signed-in rightly (issue 24/25
# performance). A burst of concurrent reads — pages and the JSON API, on
# every server thread at once — leaves one access-log row for every 200
# answer (the group commit returns only once a request's row is committed)
# and a chain `probity verify-log` passes. Sign-ins are kept per server
# connection, so a role removed from another process, a sign-out, a revoked
# token and a disabled account must each take effect at the very next
# request on every thread: checked with several requests after each change,
# allowed before and after, refused while it holds.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/registers_lib.sh"
start_server "$DB"
expect "megan (psd) signs in" 303 "$(login megan)"
TOKEN=$("$BIN" --db "$DB" token create megan --label burst)
rows() { q "select count(*) from access_log where username = 'megan' and action = 'list' and object_type = 'gift'"; }

# --- a burst: 8 clients at once, pages and API, each query never seen before
before=$(rows)
pids=
for c in 1 2 3 4 5 6 7 8; do
	(
		for i in $(seq 1 15); do
			if [ $((i % 2)) = 0 ]; then
				curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $TOKEN" \
					"$URL/api/gifts?page=1&offeror=c$c-$i"
			else
				curl -s -o /dev/null -w "%{http_code}\n" -b "$TMP/megan.jar" "$URL/gifts/register?offeror=c$c-$i"
			fi
		done >"$TMP/burst.$c"
	) &
	pids="$pids $!"
done
wait $pids
answered=$(cat "$TMP"/burst.* | grep -c '^200$')
other=$(cat "$TMP"/burst.* | grep -vc '^200$')
expect "every request of the burst answered 200" "0" "$other"
expect "every 200 answer has its access-log row ($answered answers)" "$answered" "$(($(rows) - before))"
check "verify-log passes after the burst" "$BIN" --db "$DB" verify-log

# --- kept sign-ins: each change takes effect at the next request, on every thread
many() { # N USER PATH -> the distinct status codes of N requests
	for _ in $(seq 1 "$1"); do get "$2" "$3" /dev/null; echo; done | sort -u | tr '\n' ' ' | sed 's/ $//'
}
many_api() { # N TOKEN PATH
	for _ in $(seq 1 "$1"); do api "$2" "$3"; echo; done | sort -u | tr '\n' ' ' | sed 's/ $//'
}
expect "the register opens on every thread (kept)" 200 "$(many 12 megan /gifts/register)"
"$BIN" --db "$DB" user role megan -psd >/dev/null
expect "psd role removed by another process: refused at the next request" 403 "$(many 8 megan /gifts/register)"
"$BIN" --db "$DB" user role megan +psd >/dev/null
expect "psd role given back: allowed at the next request" 200 "$(many 8 megan /gifts/register)"

T=$("$BIN" --db "$DB" token create megan --label kept)
expect "an API token answers on every thread (kept)" 200 "$(many_api 12 "$T" /api/gifts)"
TID=$("$BIN" --db "$DB" token list megan | awk '/kept/ { print $1; exit }')
"$BIN" --db "$DB" token revoke "$TID" >/dev/null
expect "token revoked by another process: refused at the next request" 401 "$(many_api 8 "$T" /api/gifts)"

expect "the register opens again (kept)" 200 "$(many 12 megan /gifts/register)"
C=$(csrf megan)
expect "megan signs out" 303 "$(post megan /logout --data-urlencode "csrf=$C")"
expect "after the sign-out the old cookie is refused at the next request" 303 "$(many 8 megan /gifts/register)"

expect "megan signs in again" 303 "$(login megan)"
expect "the register opens (kept)" 200 "$(many 12 megan /gifts/register)"
"$BIN" --db "$DB" user disable megan >/dev/null
expect "account disabled by another process: refused at the next request" 303 "$(many 8 megan /gifts/register)"
check "verify-log passes at the end" "$BIN" --db "$DB" verify-log
finish
