#!/bin/sh
# End-to-end: the access log cannot be cut or rewritten unseen (issue 13).
# The key file (DB.logkey, 0600) is made at start; the server writes an
# anchor line; reads of one's own record, list views with their filters
# (the cached register too) and the refusals that used to leave no row are
# logged; `verify-log --anchor` fails on the last 500 rows cut off, on a row
# deleted with the later rows recomputed (old unkeyed formula, wrong key)
# and on an edit, naming what is wrong; an intact log passes.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/registers_lib.sh"
"$BIN" --db "$DB" user add panel --password-file "$TMP/pw" --role scrutiny >/dev/null
"$BIN" --db "$DB" user add opcc --password-file "$TMP/pw" --role pcc >/dev/null
KEYF="$DB.logkey"
start_server "$DB"

[ -f "$KEYF" ] && ok "log key made beside the database" || fail "log key made beside the database"
expect "log key readable only by the service" 600 "$(stat -c %a "$KEYF")"
grep -q 'log-anchor seq=[0-9]* mac=[0-9a-f]\{64\}' "$TMP/serve.log" && ok "server writes an anchor line" ||
	fail "server writes an anchor line" "$(cat "$TMP/serve.log")"
expect "start row begins the keyed chain" 1 "$(q "select count(*) from access_log where action = 'log.keyed'")"

for u in priya megan adam panel opcc; do expect "login $u" 303 "$(login $u)"; done
rows() { q "select count(*) from access_log where $1"; }

# a read of one's own record
T=$(csrf priya)
expect "priya declares" 303 "$(post priya /gifts --data-urlencode "csrf=$T" --data-urlencode "accepted=yes" \
	--data-urlencode "kind=hospitality" --data-urlencode "date_offered=2025-05-01" \
	--data-urlencode "offeror_org=Northgate Catering Ltd" --data-urlencode "description=Dinner" \
	--data-urlencode "value=20.00" --data-urlencode "reason=Represented the force")"
ID=$(location); ID=${ID##*/}
b=$(rows "action = 'view' and object_type = 'gift' and object_id = '$ID' and username = 'priya' and detail = 'own'")
expect "own declaration opens" 200 "$(get priya "/gifts/$ID")"
expect "own read logged" $((b + 1)) "$(rows "action = 'view' and object_type = 'gift' and object_id = '$ID' and username = 'priya' and detail = 'own'")"
b=$(rows "action = 'list' and object_type = 'gift' and object_id = 'mine' and username = 'priya'")
expect "own list opens" 200 "$(get priya /gifts/mine)"
expect "own list logged" $((b + 1)) "$(rows "action = 'list' and object_type = 'gift' and object_id = 'mine' and username = 'priya'")"

# a list view with its filters, served fresh and then from the fragment cache
REG='/gifts/register?status=submitted&offeror=Northgate'
f="action = 'list' and object_type = 'gift' and object_id = 'register' and username = 'megan' and detail like '%offeror=Northgate%status=submitted%'"
b=$(rows "$f")
expect "register opens" 200 "$(get megan "$REG")"
expect "register opens again (cached)" 200 "$(get megan "$REG")"
expect "both register views logged with their filters" $((b + 2)) "$(rows "$f")"
b=$(rows "action = 'list' and object_type = 'account' and username = 'adam' and detail like 'q=pri %'")
expect "accounts list opens" 200 "$(get adam "/admin/accounts?q=pri")"
expect "accounts list logged with its search" $((b + 1)) "$(rows "action = 'list' and object_type = 'account' and username = 'adam' and detail like 'q=pri %'")"
b=$(rows "action = 'list' and object_type = 'association' and object_id = 'register'")
expect "association register opens" 200 "$(get megan "/associations/register?risk=none")"
expect "association register logged" $((b + 1)) "$(rows "action = 'list' and object_type = 'association' and object_id = 'register' and detail like '%risk=none%'")"

# refusals that used to leave no row
for u in panel opcc; do
	for p in /gifts/new /associations/new /circumstances/new /interests/new; do
		b=$(rows "outcome = 'refused' and username = '$u' and object_id = '$p'")
		expect "$u refused $p" 403 "$(get $u $p)"
		expect "$u refusal of $p logged" $((b + 1)) "$(rows "outcome = 'refused' and username = '$u' and object_id = '$p'")"
	done
done
for p in /procurement/settings /procurement/import; do
	b=$(rows "outcome = 'refused' and username = 'priya' and object_id = '$p'")
	expect "staff refused $p" 403 "$(get priya $p)"
	expect "refusal of $p logged" $((b + 1)) "$(rows "outcome = 'refused' and username = 'priya' and object_id = '$p'")"
done
b=$(rows "outcome = 'refused' and username = 'priya' and object_id = '/procurement/import'")
expect "staff refused an empty import post" 403 "$(post priya /procurement/import --data-urlencode "csrf=$T" --data-urlencode "csv=")"
expect "refused import post logged" $((b + 1)) "$(rows "outcome = 'refused' and username = 'priya' and object_id = '/procurement/import'")"

# enough rows to cut 500 of them
for _ in $(seq 1 520); do curl -s -o /dev/null -b "$TMP/megan.jar" "$URL$REG"; done
"$BIN" --db "$DB" log anchor >"$TMP/anchor" 2>&1
check_has "log anchor prints the head" "$TMP/anchor" "log-anchor seq="
kill $SERVER; wait $SERVER 2>/dev/null
grep 'log-anchor' "$TMP/serve.log" >>"$TMP/anchor" # the server's lines are anchors too
check "intact log passes with its anchors" "$BIN" --db "$DB" verify-log --anchor "$TMP/anchor"
HEAD=$(sed -n 's/.*seq=\([0-9]*\).*/\1/p' "$TMP/anchor" | head -1)

# a copy of the database and its key: copy NAME
copy() { db_copy "$DB" "$TMP/$1.db"; cp "$KEYF" "$TMP/$1.db.logkey"; chmod 600 "$TMP/$1.db.logkey"; }

copy cut
sqlite3 "$TMP/cut.db" "delete from access_log where id > $((HEAD - 500))"
check "cut log alone still chains (why anchors are needed)" "$BIN" --db "$TMP/cut.db" verify-log
"$BIN" --db "$TMP/cut.db" verify-log --anchor "$TMP/anchor" >"$TMP/v" 2>&1 && fail "last 500 rows cut: caught" || ok "last 500 rows cut: caught"
check_has "names the cut" "$TMP/v" "the log was cut: the anchor names row $HEAD but the log ends at row $((HEAD - 500))"

# delete row D, renumber, recompute the rest: $1 db, $2 "sha256" or a hex key
recompute() {
	db=$1; D=$((HEAD - 3))
	sqlite3 "$db" "delete from access_log where id = $D; update access_log set id = id - 1 where id > $D"
	prev=$(sqlite3 "$db" "select hash from access_log where id = $((D - 1))")
	max=$(sqlite3 "$db" "select max(id) from access_log")
	for id in $(seq $D $max); do
		sqlite3 -separator "$(printf '\037')" -newline "$(printf '\037')" "$db" \
			"select id, at, account_id, username, action, object_type, object_id, outcome, detail from access_log where id = $id" >"$TMP/row"
		if [ "$2" = sha256 ]; then
			h=$({ printf '%s\037' "$prev"; cat "$TMP/row"; } | sha256sum | cut -c1-64)
		else
			h=$({ printf '%s\037' "$prev"; cat "$TMP/row"; } | openssl dgst -sha512 -mac HMAC -macopt "hexkey:$2" | sed 's/.*= //' | cut -c1-64)
		fi
		sqlite3 "$db" "update access_log set prev_hash = '$prev', hash = '$h' where id = $id"
		prev=$h
	done
}
copy old
recompute "$TMP/old.db" sha256
"$BIN" --db "$TMP/old.db" verify-log >"$TMP/v" 2>&1 && fail "row deleted, rest recomputed unkeyed: caught" || ok "row deleted, rest recomputed unkeyed: caught"
check_has "names the recomputed row" "$TMP/v" "row $((HEAD - 3)) was altered or recomputed"
copy wrong
recompute "$TMP/wrong.db" "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$BIN" --db "$TMP/wrong.db" verify-log >"$TMP/v" 2>&1 && fail "row deleted, rest recomputed with a wrong key: caught" || ok "row deleted, rest recomputed with a wrong key: caught"
check_has "names the row" "$TMP/v" "row $((HEAD - 3))"
copy right # the formula is right: with the real key the recomputation passes the chain, not the anchor
recompute "$TMP/right.db" "$(tr -d '\n' <"$KEYF")"
check "recomputed with the real key chains" "$BIN" --db "$TMP/right.db" verify-log
check_fails "recomputed with the real key: caught by the anchor" "$BIN" --db "$TMP/right.db" verify-log --anchor "$TMP/anchor"

copy edit
sqlite3 "$TMP/edit.db" "update access_log set detail = 'nothing to see' where id = 5"
"$BIN" --db "$TMP/edit.db" verify-log --anchor "$TMP/anchor" >"$TMP/v" 2>&1 && fail "edit caught" || ok "edit caught"
check_has "names the edited row" "$TMP/v" "row 5 was altered"

copy nokey
rm "$TMP/nokey.db.logkey"
"$BIN" --db "$TMP/nokey.db" verify-log >"$TMP/v" 2>&1 && fail "missing key refused" || ok "missing key refused"
check_has "says the key is missing" "$TMP/v" "is missing"
check_fails "no write without the key" "$BIN" --db "$TMP/nokey.db" init
[ ! -f "$TMP/nokey.db.logkey" ] && ok "no new key made over keyed rows" || fail "no new key made over keyed rows"
copy open
chmod 644 "$TMP/open.db.logkey"
"$BIN" --db "$TMP/open.db" init >"$TMP/v" 2>&1 && fail "key readable by others refused" || ok "key readable by others refused"
check_has "says how to fix it" "$TMP/v" "chmod 600"
check "key given by --log-key" "$BIN" --db "$TMP/nokey.db" --log-key "$KEYF" verify-log
finish
