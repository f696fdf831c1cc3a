#!/bin/sh
# The anonymous line keeps nothing that identifies the reporter. A report
# (with a picture carrying a text chunk) and an answer are sent from a
# distinctive loopback address (127.0.0.77) with a distinctive user agent
# at known seconds; then every table of the database (every column, as text
# and as hex), the database file, its WAL and every file the server wrote
# (its stdout and stderr among them) are searched for the address (as text
# and as its four bytes), the user agent, the receipt (with and without its
# spaces) and the times of day of those seconds: none may appear. The same
# server does log an ordinary page from another address, so the search
# would find a logged address. No cookie is set on /report.
. "$(dirname "$0")/../lib.sh"
SRV=$TMP/srv
mkdir -p "$SRV"
DB=$SRV/anon.db
"$BIN" --db "$DB" init >/dev/null
"$BIN" --db "$DB" serve --port 0 >"$SRV/stdout" 2>"$SRV/stderr" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
URL=""
for _ in $(seq 1 200); do
	URL=$(grep -ho 'http://[^ ]*/' "$SRV/stdout" "$SRV/stderr" | head -1)
	[ -n "$URL" ] && curl -s -o /dev/null "${URL}healthz" && break
	sleep 0.1
done
URL=${URL%/}
[ -n "$URL" ] && ok "server started" || { fail "server started"; finish; exit 1; }
ADDR=127.0.0.77
UA="ZqAnonProbe/7.7 (distinctive-agent-qx93)"
c() { curl -s --interface $ADDR -A "$UA" "$@"; }

# the control: an ordinary page from another distinctive address is logged
curl -s -o /dev/null --interface 127.0.0.78 "$URL/login"
check_has "an ordinary page's address is logged" "$SRV/stderr" "127.0.0.78"

python3 - "$TMP/pic.png" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 0, 0, 0, 0))
       + chunk(b'tEXt', b'Author\x00Reporter Real Name') + chunk(b'tIME', b'\x07\xea\x0c\x06\x0a\x0b\x0c')
       + chunk(b'IDAT', zlib.compress(b'\x00\x00')) + chunk(b'IEND', b''))
open(sys.argv[1], 'wb').write(png)
PY
sleep 1
T0=$(date -u +%s)
c -D "$TMP/h1" -o "$TMP/form" "$URL/report"
FT=$(sed -n 's/.*name="ftok" value="\([^"]*\)".*/\1/p' "$TMP/form")
# check your report first: the answers come back in hidden fields only, the
# picture is chosen on this page, and nothing is kept (the search below
# covers this step too)
c -D "$TMP/h1c" -o "$TMP/check" --data-urlencode "ftok=$FT" --data-urlencode "text=The custody sergeant sells addresses" \
	-d category=disclosure "$URL/report/check"
N_CHECK=$(sqlite3 "$DB" "select count(*) from anon_reports")
c -D "$TMP/h2" -o "$TMP/sent" -F "ftok=$FT" -F "text=The custody sergeant sells addresses" -F "category=disclosure" \
	-F "file=@$TMP/pic.png;type=image/png" "$URL/report"
RECEIPT=$(sed -n 's/.*probity-receipt">\([0-9 ]*\)<.*/\1/p' "$TMP/sent")
c -D "$TMP/h3" -o "$TMP/reply" --data-urlencode "ftok=$FT" --data-urlencode "receipt=$RECEIPT" \
	--data-urlencode "text=It happened twice" "$URL/report/reply/send"
T1=$(date -u +%s)
sleep 1
[ -n "$RECEIPT" ] && ok "receipt shown" || fail "receipt shown" "$(head -c 300 "$TMP/sent")"
check_has "answer taken" "$TMP/reply" "Your answer has been sent"
check_lacks "no cookie on the form" "$TMP/h1" "Set-Cookie"
check_has "the form goes on to check the report" "$TMP/form" 'action="/report/check"'
check_has "check your report before sending" "$TMP/check" "Check your report before sending it"
check_has "the text carried in a hidden field" "$TMP/check" 'name="text" value="The custody sergeant sells addresses"'
check_has "the picture chosen on the check page, sent multipart" "$TMP/check" 'action="/report" enctype="multipart/form-data"'
check_has "with its file input" "$TMP/check" 'type="file"'
check_lacks "the answers never in a URL" "$TMP/check" 'action="/report?'
check_lacks "no cookie on checking" "$TMP/h1c" "Set-Cookie"
expect() { [ "$2" = "$3" ] && ok "$1" || fail "$1" "expected $2, got $3"; }
expect "nothing kept by checking" 0 "$N_CHECK"
expect "a bad form token cannot check" 403 "$(c -o /dev/null -w '%{http_code}' -d ftok=forged -d text=x "$URL/report/check")"
expect "an empty report goes back to the form" 400 "$(c -o "$TMP/empty" -w '%{http_code}' --data-urlencode "ftok=$FT" -d text= "$URL/report/check")"
check_has "with its error" "$TMP/empty" "Tell us what you want to report"
expect "change: the form again, filled" 200 "$(c -o "$TMP/change" -w '%{http_code}' --data-urlencode "ftok=$FT" --data-urlencode "text=The custody sergeant sells addresses" "$URL/report/change")"
check_has "the text kept" "$TMP/change" "The custody sergeant sells addresses"
echo "not a picture" >"$TMP/bad.png"
expect "a picture that is not one: the check page again" 400 "$(c -o "$TMP/badpic" -w '%{http_code}' -F "ftok=$FT" -F "text=Another report" -F "file=@$TMP/bad.png;type=image/png" "$URL/report")"
check_has "to choose another, with the error" "$TMP/badpic" "<title>Error: Check your report before sending it"
check_has "the text still carried" "$TMP/badpic" 'name="text" value="Another report"'
check_lacks "no cookie on sending" "$TMP/h2" "Set-Cookie"
check_lacks "no cookie on the reply" "$TMP/h3" "Set-Cookie"
expect() { [ "$2" = "$3" ] && ok "$1" || fail "$1" "expected $2, got $3"; }
expect "stored" 2 "$(sqlite3 "$DB" "select count(*) from anon_messages")"
expect "picture kept" 1 "$(sqlite3 "$DB" "select count(*) from anon_attachments")"
expect "its text chunk removed" 0 "$(sqlite3 "$DB" "select instr(data, 'Reporter Real Name') + instr(data, 'tIME') from anon_attachments")"

# search while the server runs (the WAL is there), and again after it stops
search() { # [ADDRESS]: tests/anon_search.py over every file the server wrote and the database
	python3 "$ROOT/tests/anon_search.py" "$DB" "${1:-$ADDR}" "$UA" "$RECEIPT" "$T0" "$T1" $(find "$SRV" -type f)
}
check_fails "the search finds a logged address (the control's)" search 127.0.0.78
check_has "found in stderr" "$TMP/.out" "FOUND address in file stderr"
# (on PostgreSQL the database's relation files stand for the file and its WAL)
on_pg || { [ -f "$DB-wal" ] && ok "the WAL is there to search" || fail "the WAL is there to search"; }
check "nothing identifying while running (tables, db, WAL, stdout, stderr)" search
cat "$TMP/.out"
kill $SERVER; wait $SERVER 2>/dev/null
check "nothing identifying after the server stopped" search
check_lacks "the server never crashed" "$SRV/stderr" "restarting"
check_lacks "no sanitizer report" "$SRV/stderr" "runtime error"
cat "$TMP/.out"
finish
