#!/bin/sh
# High availability on PostgreSQL 15, demonstrated (issue 24, docs/deploy.md):
# a primary and a streaming standby on loopback (initdb, pg_basebackup -R),
# synchronous replication (synchronous_standby_names = '*',
# synchronous_commit = on), Probity serving from the primary while a client
# declares gifts and a line manager records decisions over HTTP; the
# primary's postmaster is killed with SIGKILL at a random moment and the
# standby promoted. Then: every request that got a success response is
# there, none twice; the access log's hash chain verifies (verify-log); the
# server that was running (given both hosts with
# target_session_attrs=read-write) reconnects and writes on the promoted
# server; a server started against the promoted server alone works; a
# password in the URI is never printed. An `audit ingest` (checkpoint every
# 97 events, 1 ms pause per event) runs against the primary, in a database
# of its own, when it is killed: on the promoted standby it resumes from its
# checkpoint and the alerts, their explanation rows and the daily counts
# equal an uninterrupted ingest's (none lost, none doubled), as
# tests/e2e/audit_ingest.sh proves for SIGKILLs on SQLite. Needs Debian's postgresql-15
# (PG_BIN); runs as an unprivileged user (postgres or nobody under root).
# tests/pg.sh runs it (about 30 s); elsewhere it runs nothing and says so;
# by hand: PG_FAILOVER=1 PROBITY_BIN=$PWD/probity sh tests/e2e/pg_failover.sh
. "$(dirname "$0")/../lib.sh"
if [ -z "$PG_DIR" ] && [ -z "$PG_FAILOVER" ]; then
	echo "# needs PostgreSQL 15: tests/pg.sh runs it"
	finish
	exit 0
fi
BIN=${PROBITY_REAL_BIN:-$BIN}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/initdb" ] || { fail "postgresql: $PG_BIN/initdb not found"; finish; exit 1; }
F=$ROOT/tests/fixtures
W=$(mktemp -d /tmp/probity-failover.XXXXXX)
chmod 755 "$W"
P1=$((21000 + $$ % 9000)); P2=$((P1 + 1))
if [ "$(id -u)" = 0 ]; then
	U=postgres
	id "$U" >/dev/null 2>&1 || U=nobody
	chown "$U" "$W"
	as_pg() { su -s /bin/sh "$U" -c "$*"; }
else
	U=$(id -un)
	as_pg() { sh -c "$*"; }
fi
CLIENT= INGEST=
cleanup() {
	[ -z "$CLIENT" ] || kill "$CLIENT" 2>/dev/null
	[ -z "$INGEST" ] || kill -9 "$INGEST" 2>/dev/null
	[ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
	for d in primary standby; do
		[ -f "$W/$d/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl -D $W/$d -m immediate stop" >/dev/null 2>&1
	done
	rm -rf "$W" "$TMP"
}
trap cleanup EXIT
psql_at() { timeout 20 "$PG_BIN/psql" -X -A -t -q -h "$W" -p "$1" -U "$U" -d probity -c "$2"; }
# psql_in PORT DB: the SQL on standard input, every statement's rows
psql_in() { timeout 60 "$PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -h "$W" -p "$1" -U "$U" -d "$2" -f -; }

# ---- the primary and its synchronous standby ----
as_pg "$PG_BIN/initdb -D $W/primary -U $U -A trust --locale=C -E UTF8" >"$W/initdb.log" 2>&1 ||
	{ fail "initdb" "$(tail -5 "$W/initdb.log")"; finish; exit 1; }
cat >>"$W/primary/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$W'
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
EOF
as_pg "$PG_BIN/pg_ctl -D $W/primary -l $W/primary.log -w -o '-p $P1' start" >/dev/null 2>&1 ||
	{ fail "primary started" "$(tail -5 "$W/primary.log")"; finish; exit 1; }
ok "primary started"
as_pg "timeout 20 $PG_BIN/createdb -h $W -p $P1 -U $U probity"
check "standby cloned with pg_basebackup -R" as_pg "$PG_BIN/pg_basebackup -h $W -p $P1 -U $U -D $W/standby -R -X stream -c fast"
chmod 700 "$W/standby" 2>/dev/null
as_pg "$PG_BIN/pg_ctl -D $W/standby -l $W/standby.log -w -o '-p $P2' start" >/dev/null 2>&1 ||
	{ fail "standby started" "$(tail -5 "$W/standby.log")"; finish; exit 1; }
ok "standby started"
# synchronous from now on (set before a standby exists, every commit would wait)
psql_at "$P1" "ALTER SYSTEM SET synchronous_standby_names = '*'" && psql_at "$P1" "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 100); do
	[ "$(psql_at "$P1" "SELECT sync_state FROM pg_stat_replication")" = sync ] && break
	sleep 0.1
done
expect "the standby streams synchronously" sync "$(psql_at "$P1" "SELECT sync_state FROM pg_stat_replication")"
expect "the standby is in recovery" t "$(psql_at "$P2" "SELECT pg_is_in_recovery()")"

# ---- Probity on the primary: people, accounts, a client writing ----
DB1="postgresql:///probity?host=$W&port=$P1&user=$U"
DB2="postgresql:///probity?host=$W&port=$P2&user=$U"
export PROBITY_LOG_KEY="$W/logkey"
# a password in the URI (trust authentication ignores it) is never printed
"$BIN" --db "postgresql://$U:failover-secret@/probity?host=$W&port=$P1" init >"$TMP/init.out" 2>&1
check_lacks "init does not print the URI's password" "$TMP/init.out" "failover-secret"
check_has "init prints the URI with the password masked" "$TMP/init.out" "postgresql://$U:***@/probity"
"$BIN" --db "$DB1" people import "$F/hr.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "tom 1002" "priya 1003"; do
	set -- $u
	"$BIN" --db "$DB1" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
# ---- the audit engine's reference data, in a database of its own ----
AD=$ROOT/tests/fixtures/audit/gen-s11-u120-d60
NEV=$(($(wc -l <"$AD/events.csv") - 1))
# audit_setup PORT DB: the fixture's people and reference data (tests/e2e/audit_ingest.sh's setup_db)
audit_setup() {
	as_pg "timeout 20 $PG_BIN/createdb -h $W -p $1 -U $U $2" || return 1
	a="postgresql:///$2?host=$W&port=$1&user=$U"
	awk -F, 'NR==1{print "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date";next}
	         {print $1",Test,"$3",staff,,"$4",,,2020-01-01,"}' "$AD/staff.csv" >"$TMP/apeople.csv"
	"$BIN" --db "$a" people import "$TMP/apeople.csv" >/dev/null &&
	"$BIN" --db "$a" audit import staff "$AD/staff.csv" >/dev/null &&
	"$BIN" --db "$a" audit import vulnerable "$AD/vulnerable.csv" >/dev/null &&
	"$BIN" --db "$a" audit import watchlist "$AD/watchlist.csv" >/dev/null &&
	"$BIN" --db "$a" audit import assignments "$AD/assignments.csv" >/dev/null || return 1
	tail -n +2 "$AD/associations.csv" | while IFS=, read -r u s rel d; do
		echo "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category,
		      relationship, declared_on, created_at) SELECT id, 'Associate', '$s', 'family_link', '$rel', '$d',
		      '2026-01-01' FROM people WHERE staff_number = '$u';"
	done | psql_in "$1" "$2" >/dev/null
}
# afacts PORT DB: what must not depend on the failover (audit_ingest.sh's facts)
afacts() {
	psql_in "$1" "$2" <<'SQL'
SELECT rule, "user", key, first_ts, rule_version, system, device, count, detail FROM audit_alerts ORDER BY rule, "user", key;
SELECT a.rule, a."user", a.key, e.ts, e.line, e.system, e.device, e.action, e.record_id, e.reason, e.covered, e.detail FROM audit_alert_events e JOIN audit_alerts a ON a.id = e.alert_id ORDER BY 1, 2, 3, 4, 5;
SELECT "user", day, events FROM audit_daily ORDER BY "user", day;
SQL
}
checkpointed() { echo "SELECT COALESCE(MAX(events), 0) FROM audit_sources;" | psql_in "$1" audit 2>/dev/null; }
check "audit reference data on the primary" audit_setup "$P1" audit
A2="postgresql:///audit?host=$W&port=$P2&user=$U"

# the server is given both hosts: libpq connects to whichever takes writes
start_server "postgresql:///probity?host=$W,$W&port=$P1,$P2&user=$U&target_session_attrs=read-write"
trap cleanup EXIT
for u in tom priya; do expect "$u login" 303 "$(login $u)"; done
TP=$(csrf priya /gifts/new); TT=$(csrf tom /)
# The client: declare a gift (a unique description) and, when it was
# confirmed, have the line manager approve it; each confirmed request is
# written to a file the moment its success response arrives.
: >"$W/declared"; : >"$W/decided"
(
	i=0
	while :; do
		i=$((i + 1))
		c=$(curl -s -o /dev/null -D "$W/h.$i" -b "$TMP/priya.jar" -w "%{http_code}" --max-time 5 \
			--data-urlencode "csrf=$TP" --data-urlencode "submit_key=$(printf '%064x' "$i")" \
			--data-urlencode "accepted=yes" --data-urlencode "kind=hospitality" --data-urlencode "date_offered=2025-05-01" \
			--data-urlencode "offeror_org=Failover Catering Ltd" --data-urlencode "description=Failover lunch $i" \
			--data-urlencode "value=20.00" --data-urlencode "reason=Represented the force" "$URL/gifts")
		# confirmed: 303 to the new record (not, say, to the sign-in page when the session could not be read)
		id=$(sed -n 's/^[Ll]ocation: \/gifts\/\([0-9][0-9]*\).*/\1/p' "$W/h.$i" | tr -d '\r')
		[ "$c" = 303 ] && [ -n "$id" ] || continue
		echo "Failover lunch $i" >>"$W/declared"
		c=$(curl -s -o /dev/null -D "$W/d.$i" -b "$TMP/tom.jar" -w "%{http_code}" --max-time 5 --data-urlencode "csrf=$TT" \
			-d decision=approved --data-urlencode "comment=Fine" "$URL/gifts/$id/decision")
		[ "$c" = 303 ] && grep -qi "^location: /gifts/awaiting?done=decided" "$W/d.$i" && echo "$id" >>"$W/decided"
		rm -f "$W/d.$i"
		rm -f "$W/h.$i"
	done
) &
CLIENT=$!
# the ingest, 1 ms an event: 7,000 events take longer than the writing before the kill
"$BIN" --db "postgresql:///audit?host=$W&port=$P1&user=$U" audit ingest -q --checkpoint-events 97 --throttle 1 \
	"$AD/events.csv" 2>"$TMP/ingest.err" &
INGEST=$!
# a random moment: between 2 and 5 seconds of writing, once the ingest has checkpointed
sleep "$(awk -v s="$$" 'BEGIN { srand(s); printf "%.1f", 2 + rand() * 3 }')"
for _ in $(seq 1 100); do [ "$(checkpointed "$P1")" -gt 0 ] 2>/dev/null && break; sleep 0.1; done
kill -9 "$(head -1 "$W/primary/postmaster.pid")"
ok "primary killed with SIGKILL"
sleep 1
kill "$CLIENT" 2>/dev/null; wait "$CLIENT" 2>/dev/null; CLIENT=
kill -9 "$INGEST" 2>/dev/null; wait "$INGEST" 2>/dev/null; INGEST=
nd=$(wc -l <"$W/declared" | tr -d ' '); nc=$(wc -l <"$W/decided" | tr -d ' ')
expect "declarations were confirmed before the kill" 1 "$([ "$nd" -gt 0 ] && echo 1 || echo 0)"

# ---- promote the standby; nothing confirmed lost, nothing twice ----
check "standby promoted" as_pg "$PG_BIN/pg_ctl -D $W/standby -w promote"
for _ in $(seq 1 100); do [ "$(psql_at "$P2" "SELECT pg_is_in_recovery()")" = f ] && break; sleep 0.1; done
expect "the promoted server takes writes" f "$(psql_at "$P2" "SELECT pg_is_in_recovery()")"
psql_at "$P2" "SELECT description FROM gifts WHERE description LIKE 'Failover lunch %'" | sort >"$W/present"
lost=$(sort "$W/declared" | comm -23 - "$W/present" | wc -l | tr -d ' ')
expect "every confirmed declaration ($nd) is on the promoted server" 0 "$lost"
expect "none twice" 0 "$(psql_at "$P2" "SELECT COUNT(*) FROM (SELECT description FROM gifts WHERE description LIKE 'Failover lunch %' GROUP BY description HAVING COUNT(*) > 1) d")"
psql_at "$P2" "SELECT id FROM gifts WHERE description LIKE 'Failover lunch %' AND manager_decision = 'approved'" | sort >"$W/approved"
expect "every confirmed decision ($nc) is on the promoted server" 0 "$(sort "$W/decided" | comm -23 - "$W/approved" | wc -l | tr -d ' ')"
check "the access log's hash chain verifies on the promoted server" "$BIN" --db "$DB2" verify-log

# ---- the audit ingest resumes on the promoted server from its checkpoint ----
off=$(checkpointed "$P2")
[ "${off:-0}" -gt 0 ] && [ "$off" -lt "$NEV" ] && ok "the ingest was killed mid-way (checkpoint $off of $NEV events)" ||
	fail "the ingest was killed mid-way" "checkpoint ${off:-none} of $NEV events: $(cat "$TMP/ingest.err")"
check "the ingest resumes on the promoted server" "$BIN" --db "$A2" audit ingest -q "$AD/events.csv"
"$BIN" --db "$A2" audit alerts -o "$TMP/fo-alerts.csv"
if cmp -s "$TMP/fo-alerts.csv" "$AD/expected_alerts.csv"; then ok "alerts after the failover = a clean scan's"; else
	fail "alerts after the failover = a clean scan's" "$(diff "$TMP/fo-alerts.csv" "$AD/expected_alerts.csv" | head)"; fi
audit_setup "$P2" audit_clean || fail "clean ingest: setup"
"$BIN" --db "postgresql:///audit_clean?host=$W&port=$P2&user=$U" audit ingest -q "$AD/events.csv" ||
	fail "clean ingest on the promoted server"
afacts "$P2" audit >"$TMP/fo.facts"; afacts "$P2" audit_clean >"$TMP/clean.facts"
[ -s "$TMP/clean.facts" ] && cmp -s "$TMP/fo.facts" "$TMP/clean.facts" &&
	ok "counts, explanations, daily totals = an uninterrupted ingest's (none lost, none doubled)" ||
	fail "counts, explanations, daily totals = an uninterrupted ingest's" "$(diff "$TMP/fo.facts" "$TMP/clean.facts" | head)"
expect "every event counted once" "$NEV" "$(echo "SELECT SUM(events) FROM audit_daily;" | psql_in "$P2" audit)"
"$BIN" --db "$A2" audit ingest "$AD/events.csv" 2>"$TMP/rerun.err"
check_has "a rerun takes in nothing" "$TMP/rerun.err" "0 events, 0 alerts"

# ---- the same Probity server, not restarted, on the promoted server ----
TP=$(csrf priya /gifts/new); TT=$(csrf tom /)
for _ in 1 2 3 4 5 6 7 8 9 10; do
	c=$(post priya /gifts --data-urlencode "csrf=$TP" \
		--data-urlencode "submit_key=$(printf '%064x' 999999)" --data-urlencode "accepted=yes" --data-urlencode "kind=gift" \
		--data-urlencode "date_offered=2025-06-01" --data-urlencode "offeror_org=After Failover Ltd" \
		--data-urlencode "description=After the failover" --data-urlencode "value=15.00" --data-urlencode "reason=Courtesy")
	[ "$c" = 303 ] && break
	sleep 1
	TP=$(csrf priya /gifts/new)
done
expect "a declaration on the promoted server, through the server that was running (it reconnected)" 303 "$c"
ID=$(location); ID=${ID##*/}
expect "a decision on the promoted server" 303 "$(post tom "/gifts/$ID/decision" --data-urlencode "csrf=$TT" -d decision=approved --data-urlencode "comment=Fine")"
expect "stored once" 1 "$(psql_at "$P2" "SELECT COUNT(*) FROM gifts WHERE description = 'After the failover' AND manager_decision = 'approved'")"
check "verify-log after new writes" "$BIN" --db "$DB2" verify-log
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null
start_server "$DB2"
trap cleanup EXIT
expect "a server started on the promoted server alone: sign-in" 303 "$(login priya)"
expect "and the declaration is there" 200 "$(get priya "/gifts/$ID")"
echo "failover: $nd declarations and $nc decisions confirmed before the primary was killed; the ingest had checkpointed $off of $NEV events"
finish
