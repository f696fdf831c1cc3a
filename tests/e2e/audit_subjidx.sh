#!/bin/sh
# audit_subjidx.sh — the audit trail's subject index (docs/audit.md, "The
# subject index"): "who accessed subject S" answered from the index equals
# the same search by scanning (the index deleted) and the selection made
# with awk, for subjects in a few blocks, in every block and in none, with
# other filters beside; batches without an index (written before it) are
# still scanned; damaged index bytes stop the search; prune removes the
# index of the days it removes.
. "$(dirname "$0")/../lib.sh"

DB=$TMP/t.db
# three busy days (each one batch split into 8 user-clustered segments of
# 3 blocks) and a quiet one (one segment); EVERY is in every block
awk 'BEGIN { print "ts,user,system,device,action,record_type,record_id,subject,reason"
	for (d = 1; d <= 3; d++) for (i = 0; i < 20000; i++) { s = int(i * 4.3)
		subj = i % 40 == 0 ? "EVERY" : i % 13 == 0 ? "" : "P" ((i * 31 + d) % 997)
		printf "2026-03-0%dT%02d:%02d:%02dZ,U%d,%s,desktop,view,person,R%d-%d,%s,\n", d, int(s / 3600), int(s / 60) % 60, s % 60,
			(i * 7919 + d) % 301, i % 3 ? "RMS" : "PNC", d, i, subj }
	for (i = 0; i < 100; i++) printf "2026-03-04T10:%02d:%02dZ,U%d,RMS,mobile,view,person,R4-%d,%s,\n", int(i / 60), i % 60, i % 7, i, i % 2 ? "P5" : "Q" i }' >"$TMP/ev.csv"
check "ingest" "$BIN" --db "$DB" audit ingest -q "$TMP/ev.csv"
batches=$(sqlite3 "$DB" "SELECT COUNT(DISTINCT batch) FROM audit_segments")
markers=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_subject_index WHERE pkey = 0")
expect "one index per batch" "$batches" "$markers"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_segments")" -ge 25 ] && ok "busy days split into segments" ||
	fail "busy days split into segments"

# the subjects asked for: in a few blocks, in every block, in none, on the
# quiet day too, and one more than 200 drawn at random
SUBJ="EVERY P5 P0 P996 P500 Q8 Q9 NOPE P9999 P"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do SUBJ="$SUBJ P$(awk -v s=$i 'BEGIN { srand(s); print int(rand() * 1100) }')"; done
search() { # DB NAME ARGS...: the output in $TMP/NAME
	db=$1 name=$2
	shift 2
	"$BIN" --db "$db" audit search "$@" --purpose "index test" -o "$TMP/$name" 2>"$TMP/$name.err"
}
same_all() { # DB TAG: every subject's answer equals awk's
	bad=""
	for s in $SUBJ; do
		search "$1" "$2-$s" --subject "$s" || bad="$bad $s(exit)"
		awk -F, -v s="$s" 'NR == 1 || $8 == s' "$TMP/ev.csv" | cmp -s - "$TMP/$2-$s" || bad="$bad $s"
	done
	search "$1" "$2-pu" --subject P5 --user U17 || bad="$bad P5+U17(exit)"
	awk -F, 'NR == 1 || ($8 == "P5" && $2 == "U17")' "$TMP/ev.csv" | cmp -s - "$TMP/$2-pu" || bad="$bad P5+U17"
	search "$1" "$2-pt" --subject EVERY --system PNC --from 2026-03-02T01 --to 2026-03-03T05:00:00Z || bad="$bad EVERY+time(exit)"
	awk -F, 'NR == 1 || ($8 == "EVERY" && $3 == "PNC" && $1 >= "2026-03-02T01" && $1 <= "2026-03-03T05:00:00Z")' "$TMP/ev.csv" |
		cmp -s - "$TMP/$2-pt" || bad="$bad EVERY+time"
	[ -z "$bad" ] && ok "$2: every subject's events, in stored order" || fail "$2: every subject's events, in stored order" "$bad"
}
same_all "$DB" indexed
n=$(($(wc -l <"$TMP/indexed-EVERY") - 1))
[ "$n" = 1500 ] && ok "a subject in every block: all $n events" || fail "a subject in every block" "$n"
[ "$(wc -l <"$TMP/indexed-NOPE")" = 1 ] && ok "an absent subject: header only" || fail "an absent subject: header only"

# the index answer equals the scan's: the same database without its index
# (as one written before it), and with one batch's index only gone
db_copy "$DB" "$TMP/noidx.db" && cp "$DB.logkey" "$TMP/noidx.db.logkey"
sqlite3 "$TMP/noidx.db" "DELETE FROM audit_subject_index"
same_all "$TMP/noidx.db" scanned
for s in $SUBJ; do cmp -s "$TMP/indexed-$s" "$TMP/scanned-$s" || echo "$s"; done >"$TMP/diff"
[ ! -s "$TMP/diff" ] && ok "index answer = scan answer" || fail "index answer = scan answer" "$(cat "$TMP/diff")"
db_copy "$DB" "$TMP/mixed.db" && cp "$DB.logkey" "$TMP/mixed.db.logkey"
sqlite3 "$TMP/mixed.db" "DELETE FROM audit_subject_index WHERE batch = (SELECT MIN(batch) FROM audit_segments WHERE day = '2026-03-02')"
same_all "$TMP/mixed.db" mixed

# damaged index bytes are refused as a damaged segment is
for what in "pkey > 0:a part" "pkey = 0:a marker"; do
	cond=${what%%:*}
	db_copy "$DB" "$TMP/bad.db" && cp "$DB.logkey" "$TMP/bad.db.logkey"
	if on_pg; then sqlite3 "$TMP/bad.db" "UPDATE audit_subject_index SET data = set_byte(data, 1, 255) WHERE $cond"
	else sqlite3 "$TMP/bad.db" "UPDATE audit_subject_index SET data = CAST(substr(data, 1, 1) || X'FF' || substr(data, 3) AS BLOB) WHERE $cond"; fi
	search "$TMP/bad.db" bad --subject P5 && fail "damaged index: ${what#*:} refused" ||
		check_has "damaged index: ${what#*:} refused" "$TMP/bad.err" "subject index of batch"
	search "$TMP/bad.db" badu --user U17 && ok "damaged index: a user's search still answers (${what#*:})" ||
		fail "damaged index: a user's search still answers (${what#*:})"
	db_drop "$TMP/bad.db"
done
db_copy "$DB" "$TMP/bad.db" && cp "$DB.logkey" "$TMP/bad.db.logkey"
sqlite3 "$TMP/bad.db" "UPDATE audit_subject_index SET batch = batch + 1 WHERE pkey = 0 AND batch = (SELECT MIN(batch) FROM audit_segments)"
search "$TMP/bad.db" bad --subject P5 && fail "damaged index: markers mixed up refused" ||
	check_has "damaged index: markers mixed up refused" "$TMP/bad.err" "subject index"

# prune removes the index of the days it removes
sqlite3 "$DB" "UPDATE config SET value = '$(($(date -u +%s) / 86400 - $(date -u -d 2026-03-03 +%s) / 86400))' WHERE key = 'audit.retention_days'"
"$BIN" --db "$DB" audit prune >/dev/null
left=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_subject_index WHERE day < '2026-03-03'")
expect "prune: the index of old days removed" 0 "$left"
search "$DB" pruned --subject EVERY
awk -F, 'NR == 1 || ($8 == "EVERY" && $1 >= "2026-03-03")' "$TMP/ev.csv" | cmp -s - "$TMP/pruned" &&
	ok "prune: the kept days still answer" || fail "prune: the kept days still answer"

finish
