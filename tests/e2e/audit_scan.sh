#!/bin/sh
# audit_scan.sh — `probity audit scan` end to end: byte-identical alerts on
# the fixtures (generated workloads and hand-made edge cases, whose expected
# alerts came from the benchmark's reference checker), -o and the default
# output, --explain, errors naming file:line:column, --rejects and the exit
# codes (0 clean, 1 error, 2 usage, 3 lines rejected).
. "$(dirname "$0")/../lib.sh"
FIX=$ROOT/tests/fixtures/audit
H="ts,user,system,device,action,record_type,record_id,subject,reason"

# --- every fixture gives exactly the expected alerts
for d in "$FIX"/*/; do
	d=${d%/}
	n=$(basename "$d")
	if "$BIN" audit scan -q "$d" -o "$TMP/$n.csv" >"$TMP/$n.err" 2>&1; then
		if cmp -s "$TMP/$n.csv" "$d/expected_alerts.csv"; then ok "alerts identical: $n"
		else fail "alerts identical: $n" "$(diff "$TMP/$n.csv" "$d/expected_alerts.csv" | head -10)"; fi
	else
		fail "alerts identical: $n" "exit $?: $(head -c 400 "$TMP/$n.err")"
	fi
done

# --- default output DIR/alerts.csv, and no stray temporary files
cp -r "$FIX/edge-coverage" "$TMP/cov"
check "default output runs" "$BIN" audit scan -q "$TMP/cov"
if cmp -s "$TMP/cov/alerts.csv" "$FIX/edge-coverage/expected_alerts.csv"; then ok "default output is DIR/alerts.csv"
else fail "default output is DIR/alerts.csv"; fi
if ls "$TMP/cov" | grep -q tmp; then fail "no temporary files left" "$(ls "$TMP/cov")"; else ok "no temporary files left"; fi

"$BIN" audit scan -q "$FIX/edge-r6" -o - >"$TMP/stdout.csv" 2>&1
if cmp -s "$TMP/stdout.csv" "$FIX/edge-r6/expected_alerts.csv"; then ok "-o - writes to standard output"
else fail "-o - writes to standard output" "$(head -c 300 "$TMP/stdout.csv")"; fi

# --- help and argument errors
"$BIN" audit scan --help >"$TMP/help" 2>&1; rc=$?
[ $rc = 0 ] && ok "scan --help exits 0" || fail "scan --help exits 0" "exit $rc"
check_has "help names --rejects" "$TMP/help" "--rejects FILE"
check_has "help documents exit 3" "$TMP/help" "3 scan complete but some event lines were rejected"
"$BIN" audit --help >"$TMP/help2" 2>&1
check_has "audit --help lists scan" "$TMP/help2" "scan DIR"
"$BIN" --help >"$TMP/help3" 2>&1
check_has "probity --help lists audit" "$TMP/help3" "audit "
usage() { # name, args...
	n=$1; shift
	"$BIN" "$@" >"$TMP/u.out" 2>&1; rc=$?
	if [ $rc = 2 ]; then ok "$n"; else fail "$n" "exit $rc: $(head -c 300 "$TMP/u.out")"; fi
}
usage "no subcommand is a usage error" audit
usage "unknown subcommand is a usage error" audit frobnicate
usage "scan without DIR is a usage error" audit scan
usage "unknown option is a usage error" audit scan --fast "$FIX/edge-empty"
usage "-o without a file is a usage error" audit scan "$FIX/edge-empty" -o
usage "two directories is a usage error" audit scan "$FIX/edge-empty" "$FIX/edge-r6"
usage "same file for two outputs is a usage error" audit scan "$FIX/edge-empty" -o "$TMP/a" --explain "$TMP/a"
"$BIN" audit scan "$TMP/does-not-exist" >"$TMP/ne.out" 2>&1; rc=$?
[ $rc = 1 ] && ok "missing directory exits 1" || fail "missing directory exits 1" "exit $rc"
check_has "missing directory is named" "$TMP/ne.out" "does-not-exist: not a directory"
mkdir -p "$TMP/norefs"; printf '%s\n' "$H" >"$TMP/norefs/events.csv"
"$BIN" audit scan -q "$TMP/norefs" >"$TMP/nr.out" 2>&1; rc=$?
[ $rc = 1 ] && ok "missing reference file exits 1" || fail "missing reference file exits 1" "exit $rc"
check_has "missing reference file is named" "$TMP/nr.out" "staff.csv: No such file or directory"

# --- bad event lines: file:line:column, exit 1, nothing written
# bad DIR NAME: copies edge-empty's reference files, events from stdin
bad() {
	mkdir -p "$TMP/$1"
	cp "$FIX"/edge-empty/[!e]*.csv "$TMP/$1/"
	cat >"$TMP/$1/events.csv"
}
G1="2026-01-01T10:00:00Z,U1,PNC,desktop,view,person,N1,W1,"
G2="2026-01-01T11:00:00Z,U1,PNC,desktop,view,person,N1,W1,"
bad_case() { # name, dir, expected message
	echo "keep" >"$TMP/$2/alerts.csv"
	"$BIN" audit scan -q "$TMP/$2" >"$TMP/$2.out" 2>&1; rc=$?
	[ $rc = 1 ] && ok "$1: exit 1" || fail "$1: exit 1" "exit $rc"
	check_has "$1: message" "$TMP/$2.out" "$3"
	if [ "$(cat "$TMP/$2/alerts.csv")" = keep ]; then ok "$1: alerts file untouched"
	else fail "$1: alerts file untouched"; fi
}
printf '%s\n%s\n2026-01-01T1:00:00Z,U1,PNC,desktop,view,person,N1,,\n' "$H" "$G1" | bad badts
bad_case "bad timestamp" badts "badts/events.csv:3:1: timestamp \"2026-01-01T1:00:00Z\" is not a valid"
printf '%s\n%s\n2026-02-30T10:00:00Z,U1,PNC,desktop,view,person,N1,,\n' "$H" "$G1" | bad baddate
bad_case "impossible date" baddate "baddate/events.csv:3:1: timestamp \"2026-02-30T10:00:00Z\""
printf '%s\n%s\n%s\n' "$H" "$G2" "$G1" | bad order
bad_case "out of time order" order "order/events.csv:3:1: out of time order: 2026-01-01T10:00:00Z is before the previous event's 2026-01-01T11:00:00Z"
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desktop,view,person,N1\n' "$H" "$G1" | bad few
bad_case "too few fields" few "few/events.csv:3:51: 7 fields, expected 9"
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desktop,view,person,N1,,,x\n' "$H" "$G1" | bad many
bad_case "too many fields" many "many/events.csv:3:53: more than 9 fields"
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desktop,view,person,N1,"P1,\n' "$H" "$G1" | bad unterm
bad_case "unterminated quote" unterm "unterm/events.csv:3:52: field 8: unterminated quoted field"
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desktop,view,person,"N1"x,,\n' "$H" "$G1" | bad after
bad_case "text after a closing quote" after "after/events.csv:3:53: field 7: text after the closing quote"
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desk"top,view,person,N1,,\n' "$H" "$G1" | bad quote
bad_case "quote in an unquoted field" quote "quote/events.csv:3:33: field 4: quote inside an unquoted field"
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desktop,view,person,N\3771,,\n' "$H" "$G1" | bad utf8
bad_case "invalid UTF-8" utf8 "utf8/events.csv:3:50: invalid UTF-8"
long=$(head -c 9000 /dev/zero | tr '\0' 'x')
printf '%s\n%s\n2026-01-01T12:00:00Z,U1,PNC,desktop,view,person,%s,,\n' "$H" "$G1" "$long" | bad long
bad_case "over-long field" long "long/events.csv:3:8241: field 7 longer than 8192 bytes"
printf '%s\n%s\n\n' "$H" "$G1" | bad blank
bad_case "empty line" blank "blank/events.csv:3:1: empty line"
printf '%s\n%s\n' "ts,user,system,device,action,record_type,record_id,subject" "$G1" | bad header
bad_case "wrong header" header "header/events.csv:1:"
printf 'user,reason,from,to\nU1,OC1,2026-01-01,2026-1-5\n' >"$TMP/badts/assignments.csv"
printf '%s\n%s\n' "$H" "$G1" >"$TMP/badts/events.csv"
bad_case "bad date in assignments" badts "badts/assignments.csv:2:19: to date \"2026-1-5\" is not a valid YYYY-MM-DD date"

# --- --rejects: bad lines are copied out, the scan goes on, exit 3
cp -r "$FIX/edge-coverage" "$TMP/rej"
awk 'NR == 3 { print "2026-01-04T10:00:00Z,U1,PNC,desktop,view,person,N1,W1,\"OC1" }
     NR == 5 { print "not-a-time,U1,PNC,desktop,view,person,N1,W1,"; print "2026-01-01T00:00:00Z,U1,PNC,desktop,view,person,N1,W2," }
     { print }
     END { printf "2026-02-01T00:00:00Z,U1,PNC,desktop,view,person,N1,W1,\"x\"y" }' \
	"$FIX/edge-coverage/events.csv" >"$TMP/rej/events.csv"
"$BIN" audit scan -q "$TMP/rej" -o "$TMP/rej.csv" --rejects "$TMP/rej.bad" >"$TMP/rej.out" 2>&1; rc=$?
[ $rc = 3 ] && ok "rejects: exit 3" || fail "rejects: exit 3" "exit $rc: $(head -c 300 "$TMP/rej.out")"
if cmp -s "$TMP/rej.csv" "$FIX/edge-coverage/expected_alerts.csv"; then ok "rejects: alerts as without the bad lines"
else fail "rejects: alerts as without the bad lines" "$(diff "$TMP/rej.csv" "$FIX/edge-coverage/expected_alerts.csv")"; fi
[ "$(wc -l <"$TMP/rej.bad")" = 5 ] && ok "rejects: header and 4 bad lines" || fail "rejects: header and 4 bad lines" "$(cat "$TMP/rej.bad")"
check_has "rejects: file starts with the header" "$TMP/rej.bad" "$H"
check_has "rejects: unterminated quote line kept" "$TMP/rej.bad" ',W1,"OC1'
check_has "rejects: out-of-order line kept" "$TMP/rej.bad" "2026-01-01T00:00:00Z,U1,PNC"
check_has "rejects: last line without a line end kept" "$TMP/rej.bad" '"x"y'
check_has "rejects: unterminated quote blamed" "$TMP/rej.out" "rej/events.csv:3:55: field 9: unterminated quote? The quoted field opened here runs on to line 22"
check_has "rejects: reasons on stderr" "$TMP/rej.out" "rej/events.csv:6:1: timestamp \"not-a-time\""
check_has "rejects: count on stderr" "$TMP/rej.out" "4 lines of"
"$BIN" audit scan -q "$FIX/edge-r6" -o "$TMP/r6.csv" --rejects "$TMP/r6.bad" >/dev/null 2>&1; rc=$?
[ $rc = 0 ] && ok "rejects: clean input exits 0" || fail "rejects: clean input exits 0" "exit $rc"
[ "$(cat "$TMP/r6.bad")" = "$H" ] && ok "rejects: clean input gives a header-only file" || fail "rejects: clean input gives a header-only file"

# --- --explain
"$BIN" audit scan -q "$FIX/edge-r4" -o "$TMP/r4.csv" --explain "$TMP/r4.explain" >/dev/null 2>&1
check_has "explain: header" "$TMP/r4.explain" "rule,name,user,key,first_ts,line,ts,detail"
check_has "explain: R4 count, median, threshold" "$TMP/r4.explain" "R4,volume_spike,F_even,2026-01-09,2026-01-09T09:02:02Z,6321,2026-01-09T09:02:02Z,\"search/view events on 2026-01-09: 123; median of the previous 8 active days: 30.5; threshold max(100, 4 x median) = 122"
check_has "explain: R4 whole-day count" "$TMP/r4.explain" "search/view events on 2026-01-08: 500"
"$BIN" audit scan -q "$FIX/edge-r3-window" -o "$TMP/r3.csv" --explain "$TMP/r3.explain" >/dev/null 2>&1
check_has "explain: R3 first day" "$TMP/r3.explain" "R3,vulnerable_fixation,U1,V1,2026-01-30T10:00:00Z,5,2026-01-01T10:00:00Z,vulnerable subject (da_victim): uncovered access on distinct day 1 of 3 within 2026-01-01..2026-01-30"
check_has "explain: R3 second day" "$TMP/r3.explain" ",19,2026-01-15T10:00:00Z,vulnerable subject (da_victim): uncovered access on distinct day 2 of 3"
"$BIN" audit scan -q "$FIX/edge-r6" -o "$TMP/r6.csv" --explain "$TMP/r6.explain" >/dev/null 2>&1
check_has "explain: R6 hour count" "$TMP/r6.explain" "R6,bulk_output,U_eq,2026-01-02T14,2026-01-02T14:30:00Z,210,2026-01-02T14:30:00Z,print/export events in hour 2026-01-02T14: 75"
"$BIN" audit scan -q "$FIX/edge-coverage" -o "$TMP/c.csv" --explain "$TMP/c.explain" >/dev/null 2>&1
check_has "explain: R5 names the missing assignment" "$TMP/c.explain" "reason OC1, but U1's assignments to it do not cover 2026-01-12"
check_has "explain: R2 names the colleague" "$TMP/c.explain" "uncovered access to the person record of staff member U5"
cmp -s "$TMP/c.csv" "$FIX/edge-coverage/expected_alerts.csv" && ok "explain: alerts unchanged" || fail "explain: alerts unchanged"

# --- output errors
"$BIN" audit scan -q "$FIX/edge-r6" -o "$TMP/no/such/dir/a.csv" >"$TMP/od.out" 2>&1; rc=$?
[ $rc = 1 ] && ok "unwritable output exits 1" || fail "unwritable output exits 1" "exit $rc"
check_has "unwritable output is named" "$TMP/od.out" "cannot write $TMP/no/such/dir/a.csv"
"$BIN" audit scan -q "$TMP/cov" -o "$TMP/cov/events.csv" >"$TMP/same.out" 2>&1; rc=$?
[ $rc = 1 ] && ok "output over the input is refused" || fail "output over the input is refused" "exit $rc"

# --- progress is quiet for short scans and with -q
"$BIN" audit scan "$FIX/edge-r6" -o "$TMP/p.csv" >"$TMP/p.out" 2>&1
[ ! -s "$TMP/p.out" ] && ok "short scan prints nothing" || fail "short scan prints nothing" "$(cat "$TMP/p.out")"

finish
