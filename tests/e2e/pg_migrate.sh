#!/bin/sh
# probity migrate --from FILE.db --to postgresql://… on the demo force: every
# table copied with matching counts and checksums, the access log verifying on
# the target, the server working there (new ids past the copied ones), and
# all or nothing: a second run into a full target, a source whose log does
# not verify, and a row the target's keys refuse each leave the target as it
# was. Run by tests/pg.sh (needs its server: PG_DIR, PG_PORT, PG_USER, PG_BIN);
# elsewhere it runs nothing and says so.
. "$(dirname "$0")/../lib.sh"
if [ -z "$PG_DIR" ]; then
	echo "# needs the PostgreSQL test server: tests/pg.sh runs it"
	finish
	exit 0
fi
BIN=${PROBITY_REAL_BIN:-$BIN}
newdb() {
	"$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$1" || return 1
	echo "postgresql:///$1?host=$PG_DIR&port=$PG_PORT&user=$PG_USER"
}
psqlq() { "$PG_BIN/psql" -X -A -t -q -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" -d "$1" -c "$2"; }

DB=$TMP/force.db
check "demo force made on SQLite" demo_force "$DB"
U=$(newdb migrate_ok_$$) || { fail "target database created"; finish; exit 1; }

"$BIN" migrate --from "$DB" --to "$U" >"$TMP/m.out" 2>"$TMP/m.err"; rcm=$?
expect "migrate exits 0" 0 $rcm
check_has "a line per table with counts and checksums" "$TMP/m.out" "checksum before"
check_lacks "no table differs" "$TMP/m.out" "DIFFERENT"
check_has "the summary names the access log check" "$TMP/m.out" "access log intact on the target"
check_has "progress is shown as tables are copied" "$TMP/m.err" "copied gifts:"
nt=$(sqlite3 "$DB" "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version'")
expect "every table of the file is listed" "$nt" "$(grep -cE '^[a-z_0-9]+ +[0-9]+ +[0-9]+  [0-9a-f]{16}  [0-9a-f]{16}$' "$TMP/m.out")"
# independent counts: sqlite3 on the file, psql on the target
for t in people gifts access_log accounts audit_alerts intel_items complaint_allegations audit_segments; do
	expect "$t rows equal on both sides" "$(sqlite3 "$DB" "SELECT COUNT(*) FROM $t")" "$(psqlq migrate_ok_$$ "SELECT COUNT(*) FROM $t")"
done
expect "a gift's text copied exactly" "$(sqlite3 "$DB" "SELECT description FROM gifts ORDER BY id LIMIT 1")" \
	"$(psqlq migrate_ok_$$ "SELECT description FROM gifts ORDER BY id LIMIT 1")"
"$BIN" --db "$U" --log-key "$DB.logkey" verify-log >"$TMP/v.out" 2>&1
expect "verify-log passes on the target" 0 $?
check_has "verify-log reports the chain intact" "$TMP/v.out" "intact"
# the target is a working Probity: a new account gets an id past the copied ones
maxid=$(psqlq migrate_ok_$$ "SELECT MAX(id) FROM accounts")
echo "a-long-enough-password-2026" >"$TMP/pw"
check "an account added on the target" "$BIN" --db "$U" --log-key "$DB.logkey" user add newperson --password-file "$TMP/pw"
[ "$(psqlq migrate_ok_$$ "SELECT id FROM accounts WHERE username = 'newperson'")" -gt "$maxid" ] &&
	ok "new ids continue past the copied ones" || fail "new ids continue past the copied ones"
check "the log still verifies after the new write" "$BIN" --db "$U" --log-key "$DB.logkey" verify-log

# all or nothing: a target that already holds a force is refused, unchanged
before=$(psqlq migrate_ok_$$ "SELECT COUNT(*) FROM access_log")
check_fails "a second migrate into a full target is refused" "$BIN" migrate --from "$DB" --to "$U"
check_has "the refusal says why" "$TMP/.out" "already holds a force's data"
expect "the full target is unchanged" "$before" "$(psqlq migrate_ok_$$ "SELECT COUNT(*) FROM access_log")"

# a source whose access log was altered is refused before anything is copied
cp "$DB" "$TMP/tampered.db"
cp "$DB.logkey" "$TMP/tampered.db.logkey"
sqlite3 "$TMP/tampered.db" "UPDATE access_log SET detail = 'nothing to see' WHERE id = 5"
U2=$(newdb migrate_tampered_$$)
check_fails "a source with a broken access log is refused" "$BIN" migrate --from "$TMP/tampered.db" --to "$U2"
check_has "the refusal names the row" "$TMP/.out" "does not verify at row 5"
expect "nothing copied from the tampered source" 0 "$(psqlq migrate_tampered_$$ "SELECT COUNT(*) FROM people")"

# a row the target refuses half-way (a gift of nobody: SQLite's shell does not
# enforce keys) rolls the whole copy back
cp "$DB" "$TMP/orphan.db"
cp "$DB.logkey" "$TMP/orphan.db.logkey"
sqlite3 "$TMP/orphan.db" "UPDATE gifts SET person_id = 999999 WHERE id = (SELECT MAX(id) FROM gifts)" 2>"$TMP/orphan.err" ||
	fail "orphan gift planted" "$(cat "$TMP/orphan.err")"
U3=$(newdb migrate_orphan_$$)
check_fails "a row the target's keys refuse fails the migration" "$BIN" migrate --from "$TMP/orphan.db" --to "$U3"
for t in people gifts access_log accounts; do
	expect "nothing of $t left on the target after the failure" 0 "$(psqlq migrate_orphan_$$ "SELECT COUNT(*) FROM $t")"
done
check_fails "--to must be PostgreSQL" "$BIN" migrate --from "$DB" --to "$TMP/other.db"
check "migrate --help" "$BIN" migrate --help
finish
