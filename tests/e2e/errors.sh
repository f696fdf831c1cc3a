#!/bin/sh
# End-to-end: what a user is told when something fails. With the gifts table
# dropped (sqlite3 on a copy of the database), pages and the JSON API answer
# "internal error" — never the SQL text, which goes to the server's log — and
# an input error is still a 4xx naming the problem, not a 500.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
"$BIN" --db "$DB" gifts import "$F/gifts-register.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
"$BIN" --db "$DB" user add priya --password-file "$TMP/pw" --staff-number 1003 >/dev/null
"$BIN" --db "$DB" user add megan --password-file "$TMP/pw" --staff-number 1005 >/dev/null
"$BIN" --db "$DB" user role megan +psd >/dev/null

BROKEN=$TMP/broken.db
db_copy "$DB" "$BROKEN"
[ -f "$DB-wal" ] && cp "$DB-wal" "$BROKEN-wal"
cp "$DB.logkey" "$BROKEN.logkey" # the access log key goes with its database
# the storage error's own words (PostgreSQL's: and what refers to gifts goes too)
GONE="no such table"; GONE_GIFTS="no such table: gifts"; CASCADE=
on_pg && { GONE="does not exist"; GONE_GIFTS='relation "gifts" does not exist'; CASCADE=" CASCADE"; }
if sqlite3 "$BROKEN" "DROP TABLE gifts$CASCADE;" 2>"$TMP/sqlite.err"; then ok "gifts table dropped on a copy"
else fail "gifts table dropped on a copy" "$(cat "$TMP/sqlite.err")"; fi

start_server "$BROKEN"
no_sql() { # NAME FILE: nothing of the storage error reaches the user
	check_lacks "$1: no SQL text" "$2" "$GONE"
	check_lacks "$1: no prepare detail" "$2" "prepare"
}

expect "login still works" 303 "$(login megan)"
expect "login (staff)" 303 "$(login priya)"

for p in /api/gifts /api/gifts/mine /api/gifts/1; do
	expect "GET $p answers 500" 500 "$(get megan "$p")"
	check_has "GET $p says internal error" "$TMP/body" '{"error":{"code":"internal","message":"internal error","field":null}}'
	no_sql "GET $p" "$TMP/body"
done
expect "GET /api/gifts/awaiting answers 500" 500 "$(get megan /api/gifts/awaiting)"
no_sql "GET /api/gifts/awaiting" "$TMP/body"

for p in /gifts/register /gifts/mine /gifts/1; do
	u=megan; [ "$p" = /gifts/mine ] && u=priya
	expect "GET $p answers 500" 500 "$(get $u "$p")"
	check_has "GET $p is the service-problem page" "$TMP/body" "Sorry, there is a problem with the service"
	no_sql "GET $p" "$TMP/body"
done
expect "CSV export answers 500" 500 "$(get megan /gifts/register.csv)"
no_sql "CSV export" "$TMP/body"

# the detail is in the server's log, with the request it belongs to
check_has "storage error logged with its detail" "$TMP/serve.log" "$GONE_GIFTS"
check_has "log line names the request" "$TMP/serve.log" "GET /api/gifts: storage error"

# an input error stays a 4xx with its message (the API and a form)
expect "bad month on the API is 400" 400 "$(get megan '/api/stopsearch/report?area=X&from=2019-13&to=2020-02')"
check_has "bad month names the problem" "$TMP/body" "Enter the first month as YYYY-MM"
check_lacks "bad month is not an internal error" "$TMP/body" "internal error"
T=$(curl -s -b "$TMP/priya.jar" "$URL/gifts/new" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
code=$(curl -s -o "$TMP/body" -b "$TMP/priya.jar" -w "%{http_code}" --data-urlencode "csrf=$T" \
	--data-urlencode "date_offered=2025-02-30" "$URL/gifts")
case $code in 4??|200) ok "invalid declaration is not a 500 ($code)" ;; *) fail "invalid declaration is not a 500" "got $code" ;; esac
check_has "invalid declaration shows the error summary" "$TMP/body" "There is a problem"
finish
