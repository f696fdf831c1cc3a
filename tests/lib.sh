# tests/lib.sh — shared helpers for the end-to-end scripts in tests/e2e/.
# Source it; it sets $BIN (the probity binary under test, from PROBITY_BIN),
# $ROOT, a scratch directory $TMP removed on exit, and:
#   ok NAME / fail NAME [DETAIL]   record one result line for tests/run.sh
#   check NAME CMD...              run CMD; ok if it exits 0, else fail
#   check_fails NAME CMD...        ok if CMD exits non-zero
#   check_has NAME FILE TEXT       ok if FILE contains TEXT (fixed string)
#   check_lacks NAME FILE TEXT     ok if FILE does not contain TEXT
#   finish                         print the counts; exit non-zero on a failure
#   expect NAME WANT GOT           ok if GOT equals WANT
# and, once start_server has set $URL, the HTTP helpers (each prints the
# status code; USER's session is the cookie jar $TMP/USER.jar):
#   login USER [PASSWORD]          sign in afresh ($PW, else correct-horse-battery),
#                                  sending back the sign-in form's hidden fields
#   get USER PATH [OUT]            GET PATH as USER into OUT (default $TMP/body)
#   csrf USER [PATH]               print the CSRF token on USER's page PATH (default /)
#   post USER PATH CURL-ARGS...    POST as USER; body $TMP/body, headers $TMP/headers
#   post_csrf USER PATH CURL-ARGS... the same, adding USER's session token (read
#                                  once from csrf USER, kept until the next login)
#   api TOKEN PATH                 GET PATH with a Bearer token into $TMP/body
#   req CURL-ARGS...               any request; body $TMP/body, headers $TMP/headers
#   location                       the Location of the last post/req, without its query
#   q SQL                          one query on $DB with sqlite3
#   refused OBJECT_TYPE            refusals in the access log for that object type
#   login_token JAR                (after start_server) fetch the sign-in form into
#                                  cookie jar JAR and print its form token, which
#                                  POST /login needs with the cookie
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
# the machine's /etc/probity/probity.conf (an installed package) must not change a test
export PROBITY_CONFIG=${PROBITY_CONFIG:-/dev/null}
TMP=$(mktemp -d /tmp/probity-e2e.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
E2E_PASSED=0
E2E_FAILED=0

ok() { echo "ok $1"; E2E_PASSED=$((E2E_PASSED + 1)); }
fail() { echo "FAIL $1"; [ -z "$2" ] || echo "  $2"; E2E_FAILED=$((E2E_FAILED + 1)); }
check() { n=$1; shift; if "$@" >"$TMP/.out" 2>&1; then ok "$n"; else fail "$n" "$(head -c 600 "$TMP/.out")"; fi; }
check_fails() { n=$1; shift; if "$@" >"$TMP/.out" 2>&1; then fail "$n" "expected failure: $*"; else ok "$n"; fi; }
check_has() { if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1" "$2 lacks: $3 -- $(head -c 400 "$2")"; fi; }
check_lacks() { if grep -qF -- "$3" "$2"; then fail "$1" "$2 has: $3"; else ok "$1"; fi; }
finish() { echo "$E2E_PASSED passed, $E2E_FAILED failed"; [ "$E2E_FAILED" = 0 ]; }

# start_server DB: start "$BIN serve" on a free port in the background;
# sets $URL (no trailing slash) and $SERVER (its pid), stops it on exit.
start_server() {
	"$BIN" --db "$1" serve --port 0 >"$TMP/serve.log" 2>&1 &
	SERVER=$!
	trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
	URL=""
	for _ in $(seq 1 200); do
		URL=$(grep -o 'http://[^ ]*/' "$TMP/serve.log" | head -1)
		[ -n "$URL" ] && curl -s -o /dev/null "${URL}healthz" && break
		sleep 0.1
	done
	URL=${URL%/}
	[ -n "$URL" ] && ok "server started" || { fail "server started" "$(cat "$TMP/serve.log")"; finish; exit 1; }
}

expect() { [ "$2" = "$3" ] && ok "$1" || fail "$1" "expected $2, got $3"; }

req() { curl -s -o "$TMP/body" -D "$TMP/headers" -w "%{http_code}" "$@"; }
login() {
	rm -f "$TMP/$1.jar" "$TMP/$1.csrf"
	curl -s -c "$TMP/$1.jar" -o "$TMP/login.html" "$URL/login"
	_hidden=$(grep -o '<input[^>]*type="hidden"[^>]*>' "$TMP/login.html" | while read -r inp; do
		printf '%s=%s&' "$(echo "$inp" | sed -n 's/.* name="\([^"]*\)".*/\1/p')" \
			"$(echo "$inp" | sed -n 's/.* value="\([^"]*\)".*/\1/p')"
	done)
	req -c "$TMP/$1.jar" -b "$TMP/$1.jar" -H "Origin: $URL" ${_hidden:+-d "$_hidden"} --data-urlencode "username=$1" \
		--data-urlencode "password=${2:-${PW:-correct-horse-battery}}" "$URL/login"
}
get() { curl -s -o "${3:-$TMP/body}" -b "$TMP/$1.jar" -w "%{http_code}" "$URL$2"; }
csrf() { curl -s -b "$TMP/$1.jar" "$URL${2:-/}" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
post() {
	_pu=$1; _pp=$2; shift 2
	curl -s -o "$TMP/body" -D "$TMP/headers" -b "$TMP/$_pu.jar" -w "%{http_code}" "$@" "$URL$_pp"
}
post_csrf() {
	_pu=$1; _pp=$2; shift 2
	[ -s "$TMP/$_pu.csrf" ] || csrf "$_pu" >"$TMP/$_pu.csrf"
	curl -s -o "$TMP/body" -D "$TMP/headers" -b "$TMP/$_pu.jar" -w "%{http_code}" \
		--data-urlencode "csrf=$(cat "$TMP/$_pu.csrf")" "$@" "$URL$_pp"
}
api() { curl -s -o "$TMP/body" -w "%{http_code}" -H "Authorization: Bearer $1" "$URL$2"; }
location() { sed -n 's/^[Ll]ocation: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r'; }
q() { sqlite3 "$DB" "$1"; }
# On PostgreSQL (tests/pg.sh sets PROBITY_E2E_PG) every --db FILE is a
# database of its own (tests/pg_wrap.sh) and sqlite3 runs its SQL there
# (tests/pg_sqlite3.py); what copies or removes the file itself goes through:
#   on_pg                          true when the script runs on PostgreSQL
#   db_copy FROM TO                the database FILE copied (createdb --template on PG)
#   db_drop FILE...                on PostgreSQL: drop the files' databases (rm the files yourself)
#   skip_on_pg REASON              on PostgreSQL: say why, count nothing, exit 0
on_pg() { [ -n "$PROBITY_E2E_PG" ]; }
pg_dbname() { printf 'e2e_%s' "$(printf '%s' "$1" | md5sum | cut -c1-16)"; }
db_copy() {
	if on_pg; then
		"$PG_BIN/dropdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" --if-exists "$(pg_dbname "$2")" 2>/dev/null &&
		{ "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" -T "$(pg_dbname "$1")" "$(pg_dbname "$2")" 2>/dev/null ||
		{ # a server still holds a connection to it: dump and restore
			"$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$(pg_dbname "$2")" &&
			"$PG_BIN/pg_dump" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$(pg_dbname "$1")" |
				"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" -d "$(pg_dbname "$2")" >/dev/null; }; }
	else
		cp "$1" "$2"
	fi
}
db_drop() {
	on_pg || return 0
	for _f; do
		"$PG_BIN/dropdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$(pg_dbname "$_f")" 2>/dev/null
	done
}
skip_on_pg() {
	on_pg || return 0
	echo "# SKIPPED on PostgreSQL: $1"
	finish
	exit 0
}
refused() { q "select count(*) from access_log where outcome = 'refused' and object_type = '$1'"; }
# demo_force FILE: the demo force (probity demo) into the new database FILE,
# the generator's output on stdout. Under tests/run.sh (PROBITY_DEMO_CACHE)
# on SQLite the generator runs once per binary and day into a template and
# each call copies it with its key file: the generator is deterministic for
# its seed and day, so the copy is what it would make again (tests/e2e/demo.sh
# runs the generator itself). On PostgreSQL tests/pg_wrap.sh does the same.
demo_force() {
	_dc=${PROBITY_DEMO_CACHE:+$PROBITY_DEMO_CACHE/$(printf '%s' "$BIN" | md5sum | cut -c1-12)-${PROBITY_TODAY:-$(date -u +%F)}}
	if [ -n "$_dc" ] && ! on_pg && [ -z "$PROBITY_LOG_KEY" ] && [ ! -e "$1" ]; then
		if mkdir -p "$PROBITY_DEMO_CACHE" && mkdir "$_dc" 2>/dev/null; then
			"$BIN" --db "$_dc/demo.db" demo >"$_dc/out" 2>&1
			echo $? >"$_dc/rc.part" && mv "$_dc/rc.part" "$_dc/rc"
		fi
		_i=0
		while [ ! -f "$_dc/rc" ] && [ $_i -lt 6000 ]; do sleep 0.1; _i=$((_i + 1)); done
		if [ "$(cat "$_dc/rc" 2>/dev/null)" = 0 ] && cp "$_dc/demo.db" "$1" && cp -p "$_dc/demo.db.logkey" "$1.logkey"; then
			sed "s|$_dc/demo.db|$1|g" "$_dc/out"
			return 0
		fi
		rm -f "$1" "$1.logkey"
	fi
	"$BIN" --db "$1" demo
}
# login_token JAR: GET /login into cookie jar JAR; print the form's login_token.
login_token() {
	curl -s -c "$1" -b "$1" "$URL/login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' | head -1
}

# check_same_ref NAME REF PAGE CSV JSON: one record's reference REF is spelled
# the same on a register page (as a link's text), in its CSV export and in
# its JSON (files).
check_same_ref() {
	check_has "$1: reference on the page" "$3" ">$2<"
	check_has "$1: reference in the CSV" "$4" "$2,"
	check_has "$1: reference in the JSON" "$5" "\"reference\":\"$2\""
}
