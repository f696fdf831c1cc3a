#!/bin/sh
# audit_ingest.sh — `probity audit ingest`: exactly-once alerts across
# SIGKILLs, growing input files, the reference data imports and the rule
# thresholds as configuration.
#
# Kill test: the ingest runs with a checkpoint every 97 events and a pause of
# 1 ms every 10 events (so a run over the fixture takes ~0.7 s) and is
# killed with SIGKILL after a random delay, again and again, then allowed to
# finish. The stored alerts must equal expected_alerts.csv (check.py's, which
# `probity audit scan` matches byte for byte), the daily event counts must
# add up to the number of events exactly, and every alert must have its
# explanation rows exactly once — none lost, none doubled.
. "$(dirname "$0")/../lib.sh"

FIX=$ROOT/tests/fixtures/audit

# setup_db DIR DB: people and reference data of fixture DIR in a fresh DB.
setup_db() {
	awk -F, 'NR==1{print "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date";next}
	         {print $1",Test,"$3",staff,,"$4",,,2020-01-01,"}' "$1/staff.csv" >"$TMP/people.csv"
	"$BIN" --db "$2" people import "$TMP/people.csv" >/dev/null &&
	"$BIN" --db "$2" audit import staff "$1/staff.csv" >/dev/null &&
	"$BIN" --db "$2" audit import vulnerable "$1/vulnerable.csv" >/dev/null &&
	"$BIN" --db "$2" audit import watchlist "$1/watchlist.csv" >/dev/null &&
	"$BIN" --db "$2" audit import assignments "$1/assignments.csv" >/dev/null || return 1
	# the notifiable associations register (M2) holds the associations
	tail -n +2 "$1/associations.csv" | while IFS=, read -r u s rel d; do
		echo "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category,
		      relationship, declared_on, created_at) SELECT id, 'Associate', '$s', 'family_link', '$rel', '$d',
		      '2026-01-01' FROM people WHERE staff_number = '$u';"
	done | sqlite3 "$2"
}

# facts DB: what must not depend on kills (alerts with counts and details,
# explanation rows, daily totals).
facts() {
	sqlite3 "$1" "SELECT rule, user, key, first_ts, rule_version, system, device, count, detail FROM audit_alerts ORDER BY rule, user, key;
	              SELECT a.rule, a.user, a.key, e.ts, e.line, e.system, e.device, e.action, e.record_id, e.reason, e.covered, e.detail FROM audit_alert_events e JOIN audit_alerts a ON a.id = e.alert_id ORDER BY 1, 2, 3, 4, 5;
	              SELECT user, day, events FROM audit_daily ORDER BY user, day;"
}

for fx in gen-s11-u120-d60 gen-s22-u60-d21; do
	D=$FIX/$fx
	nev=$(($(wc -l <"$D/events.csv") - 1))
	# a clean, uninterrupted ingest
	setup_db "$D" "$TMP/clean.db" || fail "$fx: setup"
	check "$fx: clean ingest" "$BIN" --db "$TMP/clean.db" audit ingest -q "$D/events.csv"
	"$BIN" --db "$TMP/clean.db" audit alerts -o "$TMP/clean.csv"
	if cmp -s "$TMP/clean.csv" "$D/expected_alerts.csv"; then ok "$fx: clean ingest = scan's alerts"; else
		fail "$fx: clean ingest = scan's alerts" "$(diff "$TMP/clean.csv" "$D/expected_alerts.csv" | head)"; fi
	"$BIN" audit scan -q "$D" -o "$TMP/scan.csv"
	if cmp -s "$TMP/clean.csv" "$TMP/scan.csv"; then ok "$fx: ingest = probity audit scan"; else fail "$fx: ingest = probity audit scan"; fi
	facts "$TMP/clean.db" >"$TMP/clean.facts"

	# killed again and again
	setup_db "$D" "$TMP/kill.db" || fail "$fx: setup"
	kills=0 midway=0 done=0 i=0
	seed=$(date +%s)
	while [ $i -lt 40 ]; do
		i=$((i + 1))
		"$BIN" --db "$TMP/kill.db" audit ingest -q --checkpoint-events 97 --throttle 10 "$D/events.csv" 2>"$TMP/ingest.err" &
		pid=$!
		if [ $kills -lt 8 ]; then
			# wait until this run has checkpointed past where the last one
			# stopped (start-up time varies with the build and the machine's
			# load), then kill it a random moment later
			before=$(sqlite3 "$TMP/kill.db" "SELECT COALESCE(MAX(events), 0) FROM audit_sources" 2>/dev/null || echo 0)
			w=0
			while [ $w -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
				now=$(sqlite3 "$TMP/kill.db" "SELECT COALESCE(MAX(events), 0) FROM audit_sources" 2>/dev/null || echo 0)
				[ "${now:-0}" -gt "${before:-0}" ] && break
				sleep 0.02
				w=$((w + 1))
			done
			sleep "$(awk -v s="$seed" -v i="$i" 'BEGIN { srand(s * 100 + i); printf "%.3f", rand() * 0.05 }')"
			if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
		fi
		if wait "$pid"; then done=1; break; fi
		off=$(sqlite3 "$TMP/kill.db" "SELECT COALESCE(MAX(events), 0) FROM audit_sources")
		[ "$off" -gt 0 ] && [ "$off" -lt "$nev" ] && midway=$((midway + 1))
	done
	echo "  $fx: seed $seed, $kills SIGKILLs, $midway left a partial checkpoint"
	[ $done = 1 ] && ok "$fx: ingest finished after kills" || fail "$fx: ingest finished after kills" "$(cat "$TMP/ingest.err")"
	[ $midway -ge 2 ] && ok "$fx: kills landed mid-way ($midway)" || fail "$fx: kills landed mid-way ($midway of $kills)"
	"$BIN" --db "$TMP/kill.db" audit alerts -o "$TMP/kill.csv"
	if cmp -s "$TMP/kill.csv" "$D/expected_alerts.csv"; then ok "$fx: alerts after kills = clean scan's"; else
		fail "$fx: alerts after kills = clean scan's" "$(diff "$TMP/kill.csv" "$D/expected_alerts.csv" | head)"; fi
	facts "$TMP/kill.db" >"$TMP/kill.facts"
	if cmp -s "$TMP/kill.facts" "$TMP/clean.facts"; then ok "$fx: counts, explanations, daily totals = clean run's"; else
		fail "$fx: counts, explanations, daily totals = clean run's" "$(diff "$TMP/kill.facts" "$TMP/clean.facts" | head)"; fi
	total=$(sqlite3 "$TMP/kill.db" "SELECT SUM(events) FROM audit_daily")
	[ "$total" = "$nev" ] && ok "$fx: every event counted once ($total)" || fail "$fx: every event counted once" "$total != $nev"
	# the audit trail holds every event exactly once, in order
	"$BIN" --db "$TMP/kill.db" audit search --purpose "kill test" -o "$TMP/kill-trail.csv" 2>/dev/null
	if cmp -s "$TMP/kill-trail.csv" "$D/events.csv"; then ok "$fx: audit trail after kills = events.csv"; else
		fail "$fx: audit trail after kills = events.csv" "$(diff "$TMP/kill-trail.csv" "$D/events.csv" | head -5)"; fi
	# a rerun over the same file takes nothing in
	"$BIN" --db "$TMP/kill.db" audit ingest "$D/events.csv" 2>"$TMP/rerun.err"
	check_has "$fx: rerun takes in nothing" "$TMP/rerun.err" "0 events, 0 alerts"
	rm -f "$TMP/clean.db"* "$TMP/kill.db"*
done

# Two ingests at once: one of them is refused at its next checkpoint (the
# other's state would be overwritten); rerunning completes the work.
D=$FIX/gen-s11-u120-d60
setup_db "$D" "$TMP/two.db" || fail "two: setup"
"$BIN" --db "$TMP/two.db" audit ingest -q --checkpoint-events 97 --throttle 4 "$D/events.csv" 2>"$TMP/a.err" &
pa=$!
sleep 0.2
"$BIN" --db "$TMP/two.db" audit ingest -q --checkpoint-events 97 "$D/events.csv" 2>"$TMP/b.err"
rb=$?
wait $pa
ra=$?
refused=$(cat "$TMP/a.err" "$TMP/b.err" | grep -c "another audit ingest changed")
[ "$refused" = 1 ] && [ $((ra + rb)) -ge 1 ] && ok "concurrent ingest refused once" ||
	fail "concurrent ingest refused once" "ra=$ra rb=$rb $(cat "$TMP/a.err" "$TMP/b.err")"
"$BIN" --db "$TMP/two.db" audit ingest -q "$D/events.csv"
"$BIN" --db "$TMP/two.db" audit alerts -o "$TMP/two.csv"
if cmp -s "$TMP/two.csv" "$D/expected_alerts.csv"; then ok "two: alerts = scan's after rerun"; else
	fail "two: alerts = scan's after rerun" "$(diff "$TMP/two.csv" "$D/expected_alerts.csv" | head)"; fi
total=$(sqlite3 "$TMP/two.db" "SELECT SUM(events) FROM audit_daily")
[ "$total" = 7000 ] && ok "two: every event counted once" || fail "two: every event counted once" "$total"

# An association declared during a long-running ingest counts from the next
# checkpoint on: the look-up before it raises nothing, the one after raises R1.
D=$FIX/gen-s11-u120-d60
setup_db "$D" "$TMP/live.db" || fail "live: setup"
mkfifo "$TMP/live.fifo"
"$BIN" --db "$TMP/live.db" audit ingest -q --checkpoint-events 1 - <"$TMP/live.fifo" 2>"$TMP/live.err" &
pl=$!
{
	echo "ts,user,system,device,action,record_type,record_id,subject,reason"
	echo "2026-03-01T10:00:00Z,U10061,RMS,desktop,view,person,N1,PX0001,"
	sleep 1
	sqlite3 -cmd ".timeout 5000" "$TMP/live.db" "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category,
		relationship, declared_on, created_at) SELECT id, 'New Associate', 'PX0001', 'family_link', 'brother',
		'2026-03-01', '2026-03-01' FROM people WHERE staff_number = 'U10061'"
	echo "2026-03-02T10:00:00Z,U10071,RMS,desktop,view,person,N2,,"
	sleep 1
	echo "2026-03-03T10:00:00Z,U10061,RMS,mobile,search,person,N1,PX0001,"
} >"$TMP/live.fifo"
wait $pl && ok "live: ingest from a pipe" || fail "live: ingest from a pipe" "$(cat "$TMP/live.err")"
expect_live=$(sqlite3 "$TMP/live.db" "SELECT first_ts FROM audit_alerts WHERE rule = 1 AND user = 'U10061' AND key = 'PX0001'")
[ "$expect_live" = "2026-03-03T10:00:00Z" ] && ok "live: association declared later counts for later events only" ||
	fail "live: association declared later counts for later events only" "got '$expect_live'"

# A log that grows: three appends, the last line first written without its
# line end (held back until it is complete).
D=$FIX/gen-s33-u97-d45
setup_db "$D" "$TMP/grow.db" || fail "grow: setup"
n=$(wc -l <"$D/events.csv")
head -n 2000 "$D/events.csv" >"$TMP/grow.csv"
sed -n "2001p" "$D/events.csv" | tr -d '\n' >>"$TMP/grow.csv"
"$BIN" --db "$TMP/grow.db" audit ingest "$TMP/grow.csv" 2>"$TMP/grow.err"
check_has "grow: unfinished last line held back" "$TMP/grow.err" "1999 events"
check_has "grow: says so" "$TMP/grow.err" "unfinished last line"
echo >>"$TMP/grow.csv"
sed -n "2002,4000p" "$D/events.csv" >>"$TMP/grow.csv"
"$BIN" --db "$TMP/grow.db" audit ingest "$TMP/grow.csv" 2>"$TMP/grow.err"
check_has "grow: second part" "$TMP/grow.err" "2000 events"
sed -n "4001,${n}p" "$D/events.csv" >>"$TMP/grow.csv"
"$BIN" --db "$TMP/grow.db" audit ingest "$TMP/grow.csv" 2>/dev/null
"$BIN" --db "$TMP/grow.db" audit alerts -o "$TMP/grow-alerts.csv"
if cmp -s "$TMP/grow-alerts.csv" "$D/expected_alerts.csv"; then ok "grow: alerts = scan's"; else
	fail "grow: alerts = scan's" "$(diff "$TMP/grow-alerts.csv" "$D/expected_alerts.csv" | head)"; fi
"$BIN" --db "$TMP/grow.db" audit search --purpose "grow test" >"$TMP/grow-trail.csv"
if cmp -s "$TMP/grow-trail.csv" "$D/events.csv"; then ok "grow: audit trail = events.csv"; else fail "grow: audit trail = events.csv"; fi
# a half-written last line that is short (too few fields so far) is held
# back as well: with --skip-bad it is not rejected and lost, without it the
# run does not fail; once complete it is taken in like any other
for mode in --skip-bad --no-skip; do
	setup_db "$D" "$TMP/short$mode.db" || fail "short $mode: setup"
	head -n 3000 "$D/events.csv" >"$TMP/short.csv"
	sed -n "3001p" "$D/events.csv" | cut -c1-25 | tr -d '\n' >>"$TMP/short.csv"
	opt=; [ $mode = --skip-bad ] && opt=--skip-bad
	"$BIN" --db "$TMP/short$mode.db" audit ingest $opt "$TMP/short.csv" 2>"$TMP/short.err"
	rc=$?
	[ $rc = 0 ] && ok "short last line $mode: exit 0" || fail "short last line $mode: exit 0" "exit $rc: $(cat "$TMP/short.err")"
	check_has "short last line $mode: held back" "$TMP/short.err" "2999 events"
	check_lacks "short last line $mode: not rejected" "$TMP/short.err" "rejected"
	sed -n "3001p" "$D/events.csv" | cut -c26- >>"$TMP/short.csv"
	sed -n "3002,${n}p" "$D/events.csv" >>"$TMP/short.csv"
	"$BIN" --db "$TMP/short$mode.db" audit ingest $opt "$TMP/short.csv" 2>/dev/null
	"$BIN" --db "$TMP/short$mode.db" audit alerts -o "$TMP/short-alerts.csv"
	cmp -s "$TMP/short-alerts.csv" "$D/expected_alerts.csv" && ok "short last line $mode: alerts = scan's" || fail "short last line $mode: alerts = scan's"
	total=$(sqlite3 "$TMP/short$mode.db" "SELECT SUM(events) FROM audit_daily")
	[ "$total" = $((n - 1)) ] && ok "short last line $mode: every event counted ($total)" || fail "short last line $mode: every event counted" "$total"
done

# standard input
setup_db "$D" "$TMP/stdin.db" || fail "stdin: setup"
"$BIN" --db "$TMP/stdin.db" audit ingest -q - <"$D/events.csv"
"$BIN" --db "$TMP/stdin.db" audit alerts -o "$TMP/stdin.csv"
if cmp -s "$TMP/stdin.csv" "$D/expected_alerts.csv"; then ok "stdin: alerts = scan's"; else fail "stdin: alerts = scan's"; fi

# bad input: stops at the bad line, keeping what came before; the file is
# named with line and column
printf '%s\n%s\n%s\n' "$(head -n 1 "$D/events.csv")" "2026-01-01T00:00:00Z,U1,RMS,desktop,view,person,N1,," \
	"2026-01-01T00:00:0xZ,U1,RMS,desktop,view,person,N1,," >"$TMP/bad.csv"
check_fails "bad timestamp stops the ingest" "$BIN" --db "$TMP/bad.db" audit ingest -q "$TMP/bad.csv"
"$BIN" --db "$TMP/bad.db" audit ingest -q "$TMP/bad.csv" 2>"$TMP/bad.err"
[ "$(sqlite3 "$TMP/bad.db" "SELECT events FROM audit_sources")" = 1 ] && ok "events before the bad line kept" || fail "events before the bad line kept"
check_has "bad line named with line and column" "$TMP/bad.err" "bad.csv:3:1: "

# imports: all or nothing, rerunnable, dry run, line/column errors
DB=$TMP/imp.db
printf 'subject,flag\nP1,domestic_abuse_victim\nP2,child_at_risk\n' >"$TMP/v.csv"
check "import vulnerable" "$BIN" --db "$DB" audit import vulnerable "$TMP/v.csv"
"$BIN" --db "$DB" audit import vulnerable "$TMP/v.csv" >"$TMP/v.out"
check_has "import rerun changes nothing" "$TMP/v.out" "2 rows, 0 created, 0 updated, 2 unchanged"
printf 'subject,flag\nP3,x\n,y\n' >"$TMP/v2.csv"
"$BIN" --db "$DB" audit import vulnerable "$TMP/v2.csv" 2>"$TMP/v2.err"
check_has "import error names line and column" "$TMP/v2.err" "v2.csv:3: subject: is empty"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_vulnerable")" = 2 ] && ok "import all or nothing" || fail "import all or nothing"
printf 'user,reason,from,to\nU1,OC1,2026-01-01,2026-01-31\nU1,OC2,2026-02-30,2026-03-01\n' >"$TMP/as.csv"
"$BIN" --db "$DB" audit import assignments "$TMP/as.csv" 2>"$TMP/as.err"
check_has "assignment bad date" "$TMP/as.err" "as.csv:3: from:"
printf 'user,reason,from\nU1,OC1,2026-01-01\n' >"$TMP/as2.csv"
check_fails "assignment header checked" "$BIN" --db "$DB" audit import assignments "$TMP/as2.csv"
printf 'subject,category\nP9,journalist\n' >"$TMP/w.csv"
"$BIN" --db "$DB" audit import watchlist --dry-run "$TMP/w.csv" >"$TMP/w.out"
check_has "dry run reports" "$TMP/w.out" "dry run: "
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_watchlist")" = 0 ] && ok "dry run writes nothing" || fail "dry run writes nothing"

# rules are data: R6 at 40 a new version; alerts are stamped with it
D=$FIX/edge-r6
setup_db "$D" "$TMP/cfg.db" 2>/dev/null || true
sqlite3 "$TMP/cfg.db" "UPDATE config SET value = '3' WHERE key = 'audit.r6_count'"
"$BIN" --db "$TMP/cfg.db" audit ingest -q "$D/events.csv"
v=$(sqlite3 "$TMP/cfg.db" "SELECT version || ' ' || params FROM audit_rule_versions WHERE rule = 6 ORDER BY version DESC LIMIT 1")
[ "$v" = "1 count=3" ] && ok "R6 threshold from config" || fail "R6 threshold from config" "$v"
sqlite3 "$TMP/cfg.db" "UPDATE config SET value = '2' WHERE key = 'audit.r6_count'"
"$BIN" --db "$TMP/cfg.db" audit ingest -q "$D/events.csv"
v=$(sqlite3 "$TMP/cfg.db" "SELECT MAX(version) FROM audit_rule_versions WHERE rule = 6")
[ "$v" = 2 ] && ok "changed threshold is a new rule version" || fail "changed threshold is a new rule version" "$v"
sqlite3 "$TMP/cfg.db" "UPDATE config SET value = '0' WHERE key = 'audit.r6_count'"
check_fails "invalid threshold refused" "$BIN" --db "$TMP/cfg.db" audit ingest -q "$D/events.csv"

finish
