#!/bin/sh
# Backups that restore, the configuration file, serving from any directory
# (docs/deploy.md). A backup is taken while a member of staff declares gifts
# over HTTP; it verifies against its manifest, a restore is refused while
# the database is served, and a restore into a fresh directory has the
# manifest's tables and an intact access log. A changed byte, a missing key
# or an existing target are refused.
. "$(dirname "$0")/../lib.sh"
skip_on_pg "probity backup and restore copy the SQLite file; a PostgreSQL force backs up with pg_basebackup and WAL archiving (docs/deploy.md), and tests/e2e/pg_failover.sh proves the streaming copy"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
"$BIN" --db "$DB" gifts import "$F/gifts-register.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
"$BIN" --db "$DB" user add priya --password-file "$TMP/pw" --staff-number 1003 >/dev/null

# ---- the configuration file ----
cat >"$TMP/good.conf" <<CONF
# a comment
database = $DB
port = 8123
trusted_proxies = 127.0.0.1, ::1
smtp_url = smtp://relay.example:25
CONF
check "config check passes a good file" "$BIN" --config "$TMP/good.conf" config check
"$BIN" --config "$TMP/good.conf" config show >"$TMP/show" 2>&1
check_has "config show: a key from the file" "$TMP/show" "port = 8123	# from the file"
check_has "config show: the database from the file" "$TMP/show" "# database in use: $DB"
PROBITY_PORT=9001 "$BIN" --config "$TMP/good.conf" config show >"$TMP/show" 2>&1
check_has "config show: the environment overrides the file" "$TMP/show" "port = 9001	# from the environment"
PROBITY_CONFIG=$TMP/good.conf "$BIN" config show >"$TMP/show" 2>&1
check_has "PROBITY_CONFIG names the file" "$TMP/show" "port = 8123"
printf 'port = 99999\nbogus_key = 1\nlisten = not-an-address\n' >"$TMP/bad.conf"
"$BIN" --config "$TMP/bad.conf" config check >"$TMP/out" 2>&1 && fail "config check refuses a bad file" || ok "config check refuses a bad file"
check_has "config check names an unknown key" "$TMP/out" "bogus_key: not a configuration key"
check_has "config check names a bad port" "$TMP/out" "port = 99999: is not a port number"
check_has "config check names a bad address" "$TMP/out" "listen = not-an-address: is not an IPv4 or IPv6 address"
printf 'port 8080\n' >"$TMP/bad2.conf"
"$BIN" --config "$TMP/bad2.conf" config show >"$TMP/out" 2>&1 && fail "a malformed line stops every command" || ok "a malformed line stops every command"
check_has "the malformed line is named" "$TMP/out" "bad2.conf:1: expected key = value"
"$BIN" --config "$TMP/missing.conf" config show >"$TMP/out" 2>&1 && fail "a named file that is missing is an error" || ok "a named file that is missing is an error"

# ---- the settings in the database ----
check "config set: a number setting" "$BIN" --db "$DB" config set session.idle_seconds 600
expect "config get reads it back" 600 "$("$BIN" --db "$DB" config get session.idle_seconds)"
check_fails "config set refuses a non-number for a number" "$BIN" --db "$DB" config set session.idle_seconds soon
check_fails "config set refuses an unknown key" "$BIN" --db "$DB" config set session.idel_seconds 60
expect "the unknown key was not stored" 0 "$(q "select count(*) from config where key = 'session.idel_seconds'")"
expect "config set is access-logged" 1 "$(q "select count(*) from access_log where action = 'update' and object_type = 'config' and object_id = 'session.idle_seconds' and outcome = 'ok' and detail = '600'")"
expect "config set refusals are access-logged" 2 "$(q "select count(*) from access_log where object_type = 'config' and outcome = 'refused'")"
"$BIN" --db "$DB" config list >"$TMP/list"
check_has "config list shows the settings" "$TMP/list" "login.max_failures = 5"
expect "config list and get are access-logged" 2 "$(q "select count(*) from access_log where action = 'list' and object_type = 'config'")"

# ---- served from a directory with no assets in it ----
cd "$TMP" || exit 1
start_server "$DB"
expect "Probity's stylesheet is served from the binary" 200 "$(curl -s -o "$TMP/css" -w "%{http_code}" "$URL/assets/app/probity.css")"
check "the stylesheet is the one make built" cmp "$TMP/css" "$ROOT/build/gen/probity.css"
expect "the GOV.UK script is served" 200 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/assets/govuk/govuk-frontend.min.js")"
expect "our own stylesheet is served" 200 "$(curl -s -o "$TMP/appcss" -w "%{http_code}" "$URL/assets/app/app.css")"
check "ours is assets/app.css" cmp "$TMP/appcss" "$ROOT/assets/app.css"

# ---- a backup under load ----
expect "login" 303 "$(login priya)"
T=$(csrf priya)
BEFORE=$(q "select count(*) from gifts")
N=60
(
	i=0
	while [ $i -lt $N ]; do
		curl -s -o /dev/null -b "$TMP/priya.jar" --data-urlencode "csrf=$T" \
			--data-urlencode "submit_key=$(printf '%064d' $i)" --data-urlencode "accepted=yes" \
			--data-urlencode "kind=hospitality" --data-urlencode "date_offered=2025-05-01" \
			--data-urlencode "offeror_org=Load Test Ltd" --data-urlencode "description=Lunch" \
			--data-urlencode "value=12.00" --data-urlencode "reason=Meeting" "$URL/gifts"
		i=$((i + 1))
	done
) &
LOAD=$!
# wait until the load is under way, then back up while it runs
for _ in $(seq 1 100); do [ "$(q "select count(*) from gifts")" -gt "$BEFORE" ] && break; sleep 0.05; done
mkdir -p "$TMP/backups"
"$BIN" --db "$DB" backup "$TMP/backups/b1.db" >"$TMP/out" 2>&1 && ok "backup while serving and writing" || fail "backup while serving and writing" "$(cat "$TMP/out")"
wait $LOAD
AFTER=$(q "select count(*) from gifts")
expect "every declaration during the backup was stored" $((BEFORE + N)) "$AFTER"
INB=$(sed -n 's/^  *"gifts": \([0-9]*\).*/\1/p' "$TMP/backups/b1.db.manifest")
[ -n "$INB" ] && [ "$INB" -gt "$BEFORE" ] && ok "the backup holds declarations made while serving" || fail "the backup holds declarations made while serving" "before $BEFORE, backup $INB, after $AFTER"
check_has "the manifest has the checksum" "$TMP/backups/b1.db.manifest" "\"sha256\": \"$(sha256sum "$TMP/backups/b1.db" | cut -c1-64)\""
check_has "the manifest has the access log's head" "$TMP/backups/b1.db.manifest" "\"log_head\""
expect "taking the backup is access-logged" 1 "$(q "select count(*) from access_log where action = 'backup' and object_type = 'database' and outcome = 'ok'")"
check "backup --verify passes" "$BIN" --db "$DB" backup --verify "$TMP/backups/b1.db"
check_fails "a backup never overwrites a file" "$BIN" --db "$DB" backup "$TMP/backups/b1.db"
"$BIN" --db "$DB" restore --force "$TMP/backups/b1.db" >"$TMP/out" 2>&1 && fail "restore refuses a database being served" || ok "restore refuses a database being served"
check_has "it says why" "$TMP/out" "in use by a running probity serve"
expect "the served database is untouched" "$AFTER" "$(q "select count(*) from gifts")"

# ---- tampering and missing pieces ----
cp "$TMP/backups/b1.db" "$TMP/bad.db"
cp "$TMP/backups/b1.db.manifest" "$TMP/bad.db.manifest"
printf 'X' | dd of="$TMP/bad.db" bs=1 seek=5000 conv=notrunc 2>/dev/null
"$BIN" --db "$DB" backup --verify "$TMP/bad.db" >"$TMP/out" 2>&1 && fail "a changed byte fails --verify" || ok "a changed byte fails --verify"
check_has "it names the checksum" "$TMP/out" "SHA-256 is not the manifest's"
cp "$TMP/backups/b1.db" "$TMP/nomanifest.db"
check_fails "a copy without its manifest fails --verify" "$BIN" --db "$DB" backup --verify "$TMP/nomanifest.db"
mkdir "$TMP/fresh"
"$BIN" --db "$TMP/fresh/r.db" restore "$TMP/backups/b1.db" >"$TMP/out" 2>&1 && fail "restore without the log key is refused" || ok "restore without the log key is refused"
[ -e "$TMP/fresh/r.db" ] && fail "nothing restored without the key" || ok "nothing restored without the key"

# ---- the restore ----
cp "$DB.logkey" "$TMP/fresh/r.db.logkey"
"$BIN" --db "$TMP/fresh/r.db" restore "$TMP/backups/b1.db" >"$TMP/out" 2>&1 && ok "restore into a fresh directory" || fail "restore into a fresh directory" "$(cat "$TMP/out")"
check "the restored access log verifies" "$BIN" --db "$TMP/fresh/r.db" verify-log
rq() { sqlite3 "$TMP/fresh/r.db" "$1"; }
expect "the restored gifts are the backup's" "$INB" "$(rq "select count(*) from gifts")"
for t in people accounts config sessions; do
	want=$(sed -n "s/^  *\"$t\": \([0-9]*\).*/\1/p" "$TMP/backups/b1.db.manifest")
	expect "restored $t match the manifest" "$want" "$(rq "select count(*) from $t")"
done
expect "the restore is the restored log's newest row" "restore" "$(rq "select action from access_log order by id desc limit 1")"
check_fails "restore refuses an existing database without --force" "$BIN" --db "$TMP/fresh/r.db" restore "$TMP/backups/b1.db"
check "restore --force replaces one not in use" "$BIN" --db "$TMP/fresh/r.db" restore --force "$TMP/backups/b1.db"
check "and it still verifies" "$BIN" --db "$TMP/fresh/r.db" verify-log

# ---- backup_dir and backup_keep ----
printf 'database = %s\nbackup_dir = %s\nbackup_keep = 2\n' "$DB" "$TMP/backups" >"$TMP/keep.conf"
for _ in 1 2 3; do "$BIN" --config "$TMP/keep.conf" backup >/dev/null 2>&1 || fail "backup into backup_dir"; sleep 1.1; done
expect "backup_dir keeps the newest backup_keep" 2 "$(ls "$TMP/backups" | grep -c '^probity-.*\.db$')"
expect "with their manifests" 2 "$(ls "$TMP/backups" | grep -c '^probity-.*\.db\.manifest$')"
finish
