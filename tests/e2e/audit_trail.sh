#!/bin/sh
# audit_trail.sh — the audit trail store (docs/audit.md): every ingested
# event kept and searchable by subject, record, user, system, action, device
# and time; `audit search` writes events.csv rows that `audit scan` accepts;
# the purpose is required and logged; a damaged segment is detected; prune
# removes whole segments past the retention period.
. "$(dirname "$0")/../lib.sh"

D=$ROOT/tests/fixtures/audit/gen-s11-u120-d60
DB=$TMP/t.db
"$BIN" --db "$DB" init >/dev/null 2>&1
check "ingest" "$BIN" --db "$DB" audit ingest -q "$D/events.csv"

# every event back, byte for byte, in order
"$BIN" --db "$DB" audit search --purpose "round trip" >"$TMP/all.csv"
cmp -s "$TMP/all.csv" "$D/events.csv" && ok "search without filters = events.csv" || fail "search without filters = events.csv"

# filters against the same selection made with awk (exact match, inclusive days)
S=$(awk -F, 'NR>1 && $8!="" {print $8}' "$D/events.csv" | sort | uniq -c | sort -rn | awk 'NR==1{print $2}')
U=$(sed -n 2p "$D/events.csv" | cut -d, -f2)
R=$(awk -F, 'NR==50 {print $7}' "$D/events.csv")
sel() { awk -F, "NR==1 || ($1)" "$D/events.csv"; }
"$BIN" --db "$DB" audit search --subject "$S" --purpose "complaint 1" >"$TMP/s.csv"
sel "\$8==\"$S\"" | cmp -s - "$TMP/s.csv" && ok "who accessed subject $S ($(($(wc -l <"$TMP/s.csv") - 1)) events)" || fail "by subject"
"$BIN" --db "$DB" audit search --user "$U" --from 2026-01-10 --to 2026-02-09 --purpose "complaint 2" >"$TMP/u.csv"
sel "\$2==\"$U\" && substr(\$1,1,10)>=\"2026-01-10\" && substr(\$1,1,10)<=\"2026-02-09\"" | cmp -s - "$TMP/u.csv" &&
	ok "what user $U did in 30 days" || fail "by user and days"
"$BIN" --db "$DB" audit search --record "$R" --purpose "complaint 3" >"$TMP/r.csv"
sel "\$7==\"$R\"" | cmp -s - "$TMP/r.csv" && ok "by record id" || fail "by record id"
"$BIN" --db "$DB" audit search --system PNC --device mobile --action print --purpose "p" >"$TMP/x.csv"
sel '$3=="PNC" && $4=="mobile" && $5=="print"' | cmp -s - "$TMP/x.csv" && ok "by system, device and action" || fail "by system, device and action"
"$BIN" --db "$DB" audit search --from 2026-01-05T10:00:00Z --to 2026-01-05T10:59:59Z --purpose "p" >"$TMP/h.csv"
sel 'substr($1,1,13)=="2026-01-05T10"' | cmp -s - "$TMP/h.csv" && ok "by time to the second" || fail "by time to the second"
"$BIN" --db "$DB" audit search --subject NOBODY --purpose "p" >"$TMP/n.csv"
[ "$(wc -l <"$TMP/n.csv")" = 1 ] && ok "no match: header only" || fail "no match: header only"

# the output feeds audit scan: same alerts as the original directory
mkdir "$TMP/re" && cp "$D"/staff.csv "$D"/associations.csv "$D"/vulnerable.csv "$D"/watchlist.csv "$D"/assignments.csv "$TMP/re/"
"$BIN" --db "$DB" audit search --purpose "rescan" -o "$TMP/re/events.csv" 2>/dev/null
"$BIN" audit scan -q "$TMP/re" -o "$TMP/re/alerts.csv"
cmp -s "$TMP/re/alerts.csv" "$D/expected_alerts.csv" && ok "search output rescanned = expected alerts" || fail "search output rescanned"

# purpose required; every search logged with its purpose and filters
"$BIN" --db "$DB" audit search --subject "$S" >/dev/null 2>"$TMP/np.err"
[ $? = 2 ] && ok "no --purpose: usage error" || fail "no --purpose: usage error"
check_fails "blank purpose refused" "$BIN" --db "$DB" audit search --subject "$S" --purpose "  "
check_fails "bad --from refused" "$BIN" --db "$DB" audit search --from 2026-13-01 --purpose p
n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND detail LIKE 'purpose=complaint 1 subject=$S %'")
[ "$n" = 1 ] && ok "search logged with purpose and filters" || fail "search logged with purpose and filters" "$n"

# compression: the store is far smaller than the CSV
bytes=$(sqlite3 "$DB" "SELECT SUM(length(data) + length(bloom)) FROM audit_segments")
csv=$(wc -c <"$D/events.csv")
[ "$bytes" -lt $((csv / 2)) ] && ok "store $bytes bytes for a $csv-byte CSV" || fail "store size" "$bytes vs $csv"

# a damaged segment fails its checksum
db_copy "$DB" "$TMP/bad.db" && cp "$DB.logkey" "$TMP/bad.db.logkey"
if on_pg; then sqlite3 "$TMP/bad.db" "UPDATE audit_segments SET data = set_byte(data, 40, 0) WHERE id = 3"
else sqlite3 "$TMP/bad.db" "UPDATE audit_segments SET data = CAST(substr(data, 1, 40) || X'00' || substr(data, 42) AS BLOB) WHERE id = 3"; fi
"$BIN" --db "$TMP/bad.db" audit search --purpose p >/dev/null 2>"$TMP/bad.err"
check_has "damaged segment detected" "$TMP/bad.err" "fails its checksum"

# prune: whole days past the retention period, reported
sqlite3 "$DB" "UPDATE config SET value = '$(($(date -u +%s) / 86400 - $(date -u -d 2026-02-01 +%s) / 86400))' WHERE key = 'audit.retention_days'"
before=$(sqlite3 "$DB" "SELECT SUM(events) FROM audit_segments WHERE day < '2026-02-01'")
"$BIN" --db "$DB" audit prune >"$TMP/prune.out"
check_has "prune reports what it removed" "$TMP/prune.out" "($before events) of days before 2026-02-01"
"$BIN" --db "$DB" audit search --purpose "after prune" >"$TMP/after.csv"
sel 'substr($1,1,10)>="2026-02-01"' | cmp -s - "$TMP/after.csv" && ok "prune removed exactly the old days" || fail "prune removed exactly the old days"
"$BIN" --db "$DB" audit prune >"$TMP/prune2.out"
check_has "prune again removes nothing" "$TMP/prune2.out" "removed 0 segments"

# feeds: declared with an interval, events stored under the feed's name
# (waiting for the watermark while another feed has sent nothing),
# an undeclared feed refused, the list says which are silent
check "feed add" "$BIN" --db "$DB" audit feed add rms-hourly --interval 1h
check "feed add (nothing sent)" "$BIN" --db "$DB" audit feed add pnc-daily --interval 1d
check_fails "feed: bad interval" "$BIN" --db "$DB" audit feed add x --interval 5w
check_fails "feed: bad name" "$BIN" --db "$DB" audit feed add "a b"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n%s,U1,RMS,desktop,view,person,N1,P1,\n' "$now" >"$TMP/f.csv"
check_fails "ingest: undeclared feed refused" "$BIN" --db "$DB" audit ingest -q --feed nosuch "$TMP/f.csv"
check "ingest --feed" "$BIN" --db "$DB" audit ingest -q --feed rms-hourly "$TMP/f.csv"
# pnc-daily has sent nothing: the event waits for the watermark, under its feed's name
expect_src=$(sqlite3 "$DB" "SELECT feed, ts FROM audit_pending")
[ "$expect_src" = "rms-hourly|$now" ] && ok "stored under the feed's name" || fail "stored under the feed's name" "$expect_src"
"$BIN" --db "$DB" audit feed list >"$TMP/feeds.out"
check_has "feed list: silent feed" "$TMP/feeds.out" "pnc-daily	interval 86400s	last delivery never	last event none	0 events	SILENT"
check_has "feed list: delivering feed" "$TMP/feeds.out" "rms-hourly	interval 3600s"
check_lacks "feed list: delivering feed not silent" "$TMP/feeds.out" "$now	1 events	SILENT"

# a busy day is split into user-clustered segments (format 2): every search
# still gives its events in stored order, ties within a second included
awk 'BEGIN { print "ts,user,system,device,action,record_type,record_id,subject,reason"
	for (i = 0; i < 20000; i++) { s = int(i / 7)
		printf "2026-03-01T%02d:%02d:%02dZ,U%d,%s,desktop,view,person,R%d,P%d,\n", int(s / 3600), int(s / 60) % 60, s % 60, (i * 7919) % 301, i % 3 ? "RMS" : "PNC", i, i % 997 } }' >"$TMP/big.csv"
"$BIN" --db "$TMP/big.db" audit ingest -q "$TMP/big.csv" 2>/dev/null
[ "$(sqlite3 "$TMP/big.db" "SELECT MIN(ubits) || ' ' || COUNT(*) || ' ' || COUNT(DISTINCT batch) FROM audit_segments")" = "3 8 1" ] &&
	ok "busy day: one batch in 8 user-clustered segments" || fail "busy day: one batch in 8 user-clustered segments" "$(sqlite3 "$TMP/big.db" "SELECT ubits, ubucket, batch, events FROM audit_segments")"
"$BIN" --db "$TMP/big.db" audit search --purpose "round trip" -o "$TMP/big.out" 2>/dev/null
cmp -s "$TMP/big.csv" "$TMP/big.out" && ok "busy day: every event back in stored order, byte for byte" || fail "busy day: every event back in stored order, byte for byte"
"$BIN" --db "$TMP/big.db" audit search --user U17 --purpose "p" -o "$TMP/big.u" 2>/dev/null
awk -F, 'NR == 1 || $2 == "U17"' "$TMP/big.csv" | cmp -s - "$TMP/big.u" && ok "busy day: one user's events, from one segment" || fail "busy day: one user's events, from one segment"
"$BIN" --db "$TMP/big.db" audit search --subject P5 --system PNC --purpose "p" -o "$TMP/big.s" 2>/dev/null
awk -F, 'NR == 1 || ($8 == "P5" && $3 == "PNC")' "$TMP/big.csv" | cmp -s - "$TMP/big.s" && ok "busy day: a subject across the segments, merged in stored order" || fail "busy day: a subject across the segments, merged in stored order"

finish
