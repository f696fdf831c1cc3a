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
		# --throttle 3: a run lasts 2-3 s, long enough for the progress
		# poll (slow where sqlite3 is the PostgreSQL shim) to see a
		# checkpoint and kill it before the end, so the kills land mid-way
		"$BIN" --db "$TMP/kill.db" audit ingest -q --checkpoint-events 97 --throttle 3 "$D/events.csv" 2>"$TMP/ingest.err" &
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
	db_drop "$TMP/clean.db" "$TMP/kill.db"
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

# Feeds merged by a watermark, killed again and again. The fixture's events
# split by system into one feed each; the hourly feeds deliver their first
# part, then their second (complete to the last event), and only then does
# the daily PNC export arrive, in two deliveries. Every run is SIGKILLed at
# random moments first and then allowed to finish. Before PNC has sent
# anything it holds the watermark back (nothing goes through the rules);
# afterwards the alerts equal one scan over all feeds merged, every event
# is counted and kept once, nothing waits and nothing is quarantined.
D=$FIX/gen-s11-u120-d60
setup_db "$D" "$TMP/feeds.db" || fail "feeds: setup"
last=$(tail -n 1 "$D/events.csv" | cut -d, -f1)
mid=2026-01-31T00:00:00Z
systems=$(tail -n +2 "$D/events.csv" | cut -d, -f3 | sort -u)
for s in $systems; do
	"$BIN" --db "$TMP/feeds.db" audit feed add "$s" --interval 1d >/dev/null
	awk -F, -v s="$s" -v m="$mid" 'NR == 1 || ($3 == s && $1 < m)' "$D/events.csv" >"$TMP/feed-$s.part1"
	awk -F, -v s="$s" -v m="$mid" 'NR > 1 && $3 == s && $1 >= m' "$D/events.csv" >"$TMP/feed-$s.part2"
	: >"$TMP/feed-$s.csv"
done
fkills=0 fseed=$(date +%s)
# deliver FEED PART [--until TS]: append the part to the feed's file and
# ingest it, SIGKILLing the first runs at random moments
deliver() {
	cat "$TMP/feed-$1.$2" >>"$TMP/feed-$1.csv"
	f=$1
	shift 2
	k=0 tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		"$BIN" --db "$TMP/feeds.db" audit ingest -q --checkpoint-events 97 --throttle 3 --feed "$f" "$@" \
			"$TMP/feed-$f.csv" 2>"$TMP/feeds.err" &
		p=$!
		if [ $k -lt 2 ]; then
			sleep "$(awk -v s="$fseed$fkills$tries" 'BEGIN { srand(s); printf "%.2f", 0.02 + rand() * 0.25 }')"
			if kill -9 $p 2>/dev/null; then
				wait $p 2>/dev/null
				k=$((k + 1)) fkills=$((fkills + 1))
				continue
			fi
		fi
		wait $p && return 0
	done
	fail "feeds: delivery of $f" "$(cat "$TMP/feeds.err")"
	return 1
}
for s in $systems; do [ "$s" = PNC ] || deliver "$s" part1; done
for s in $systems; do [ "$s" = PNC ] || deliver "$s" part2 --until "$last"; done
n=$(sqlite3 "$TMP/feeds.db" "SELECT COUNT(*) FROM audit_alerts")
w=$(sqlite3 "$TMP/feeds.db" "SELECT COUNT(*) FROM audit_pending")
[ "$n" = 0 ] && [ "$w" = "$(awk -F, 'NR > 1 && $3 != "PNC"' "$D/events.csv" | wc -l)" ] &&
	ok "feeds: a feed that has sent nothing holds the watermark back ($w events wait)" ||
	fail "feeds: a feed that has sent nothing holds the watermark back" "alerts $n waiting $w"
"$BIN" --db "$TMP/feeds.db" audit ingest --feed CAD "$TMP/feed-CAD.csv" 2>"$TMP/feeds.err"
check_has "feeds: the ingest says which feed holds it back" "$TMP/feeds.err" "feed PNC has sent nothing yet"
deliver PNC part1 && ok "feeds: the late daily file is taken in without errors"
deliver PNC part2 --until "$last"
echo "  feeds: $fkills SIGKILLs"
[ $fkills -ge 8 ] && ok "feeds: runs killed ($fkills)" || fail "feeds: runs killed ($fkills)"
"$BIN" --db "$TMP/feeds.db" audit alerts -o "$TMP/feeds.csv"
if cmp -s "$TMP/feeds.csv" "$D/expected_alerts.csv"; then ok "feeds: alerts after kills = one scan over all feeds merged"; else
	fail "feeds: alerts after kills = one scan over all feeds merged" "$(diff "$TMP/feeds.csv" "$D/expected_alerts.csv" | head)"; fi
total=$(sqlite3 "$TMP/feeds.db" "SELECT SUM(events) FROM audit_daily")
[ "$total" = 7000 ] && ok "feeds: every event counted once" || fail "feeds: every event counted once" "$total"
r=$(sqlite3 "$TMP/feeds.db" "SELECT (SELECT COUNT(*) FROM audit_pending) || ' ' || (SELECT COUNT(*) FROM audit_quarantine)")
[ "$r" = "0 0" ] && ok "feeds: nothing waits, nothing quarantined" || fail "feeds: nothing waits, nothing quarantined" "$r"
"$BIN" --db "$TMP/feeds.db" audit search --purpose "feeds test" -o "$TMP/feeds-trail.csv" 2>/dev/null
if [ "$(tail -n +2 "$TMP/feeds-trail.csv" | sort)" = "$(tail -n +2 "$D/events.csv" | sort)" ] &&
	tail -n +2 "$TMP/feeds-trail.csv" | cut -d, -f1 | sort -c; then
	ok "feeds: audit trail holds every event once, in time order"
else
	fail "feeds: audit trail holds every event once, in time order"
fi

# Quarantine: an event dated 2030 does not move the clock (the feed's later
# real events still go through), one earlier than the rules' clock is too
# late; list, release (refused while still in the future), drop (a reason
# required), all logged.
Q=$TMP/q.db
setup_db "$FIX/gen-s22-u60-d21" "$Q" || fail "quarantine: setup"
"$BIN" --db "$Q" audit feed add A >/dev/null
"$BIN" --db "$Q" audit feed add B >/dev/null
H="ts,user,system,device,action,record_type,record_id,subject,reason"
printf '%s\n%s\n%s\n%s\n' "$H" "2026-01-01T10:00:00Z,U1,RMS,desktop,view,person,N1,," \
	"2030-01-01T00:00:00Z,U1,RMS,mobile,view,person,N2,," "2026-01-01T11:00:00Z,U1,RMS,desktop,view,person,N3,," >"$TMP/qa.csv"
printf '%s\n%s\n' "$H" "2026-01-01T10:30:00Z,U2,PNC,desktop,search,person,N4,," >"$TMP/qb.csv"
check "quarantine: a delivery with a future event is taken in" "$BIN" --db "$Q" audit ingest -q --feed A "$TMP/qa.csv"
"$BIN" --db "$Q" audit ingest --feed B --until 2026-01-01T12:00:00Z "$TMP/qb.csv" 2>"$TMP/q.err"
check_has "quarantine: watermark from the feeds' latest events" "$TMP/q.err" "watermark 2026-01-01T11:00:00Z: 3 events through the rules"
[ "$(sqlite3 "$Q" "SELECT SUM(events) FROM audit_daily")" = 3 ] && ok "quarantine: the 2030 event did not stop the later real ones" ||
	fail "quarantine: the 2030 event did not stop the later real ones"
printf '%s\n' "2026-01-01T09:00:00Z,U1,RMS,desktop,view,person,N5,," >>"$TMP/qa.csv"
"$BIN" --db "$Q" audit ingest -q --feed A "$TMP/qa.csv" 2>"$TMP/q.err"
check_has "quarantine: a late event is reported" "$TMP/q.err" "audit ingest: 1 event quarantined"
"$BIN" --db "$Q" audit quarantine list >"$TMP/q.list"
check_has "quarantine: list shows the future event" "$TMP/q.list" "future,"
check_has "quarantine: list shows the late event" "$TMP/q.list" "late,before the rules' clock 2026-01-01T11:00:00Z"
fid=$(grep ',future,' "$TMP/q.list" | cut -d, -f1)
lid=$(grep ',late,' "$TMP/q.list" | cut -d, -f1)
"$BIN" --db "$Q" audit quarantine release "$fid" 2>"$TMP/q.err"
[ $? = 1 ] && ok "quarantine: release of a future event refused" || fail "quarantine: release of a future event refused"
check_has "quarantine: says why" "$TMP/q.err" "still more than 300s in the future"
"$BIN" --db "$Q" audit quarantine release "$lid" 2>"$TMP/q.err"
check_has "quarantine: release of a late event refused" "$TMP/q.err" "before the rules' clock"
"$BIN" --db "$Q" audit quarantine drop "$lid" 2>/dev/null
[ $? = 2 ] && ok "quarantine: drop needs a reason" || fail "quarantine: drop needs a reason"
check "quarantine: drop" "$BIN" --db "$Q" audit quarantine drop "$lid" --reason "duplicate of N3"
sqlite3 "$Q" "UPDATE config SET value = '200000000' WHERE key = 'audit.future_tolerance_seconds'"
check "quarantine: release once within the tolerance" "$BIN" --db "$Q" audit quarantine release "$fid"
r=$(sqlite3 "$Q" "SELECT (SELECT COUNT(*) FROM audit_quarantine) || ' ' || (SELECT COUNT(*) FROM audit_pending WHERE ts = '2030-01-01T00:00:00Z')")
[ "$r" = "0 1" ] && ok "quarantine: released event waits for the watermark" || fail "quarantine: released event waits for the watermark" "$r"
r=$(sqlite3 "$Q" "SELECT action || ':' || outcome FROM access_log WHERE object_type = 'audit_quarantine' ORDER BY id" | tr '\n' ' ')
[ "$r" = "list:ok update:refused update:refused delete:ok update:ok " ] || [ "$r" = "list:ok delete:ok update:ok " ] &&
	ok "quarantine: list, drop and release logged" || fail "quarantine: list, drop and release logged" "$r"
check_fails "--until without --feed is refused" "$BIN" --db "$Q" audit ingest --until 2026-01-01T00:00:00Z "$TMP/qa.csv"
printf '%s\n%s\n' "2026-01-01T08:00:00Z,U1,RMS,desktop,view,person,N6,," "2026-01-01T08:30:00Z,U1,RMS,desktop,view,person,N7,," >>"$TMP/qa.csv"
"$BIN" --db "$Q" audit ingest -q --feed A "$TMP/qa.csv" 2>"$TMP/q.err"
check_has "quarantine: two late events are reported in the plural" "$TMP/q.err" "audit ingest: 2 events quarantined"

# Mapping files: RMS sends its own CSV (its column names, one-letter action
# and device codes, local French time as dd/mm/yyyy HH:MM:SS), PND sends
# JSON Lines; both mapped onto the event fields, merged with the other
# feeds by the watermark: the alerts equal the scan's. The RMS file arrives
# in two parts, the first ending in a half-written line (held back).
D=$FIX/gen-s11-u120-d60
M=$TMP/map.db
setup_db "$D" "$M" || fail "mapping: setup"
python3 - "$D/events.csv" "$TMP" <<'PY'
import csv, json, sys, datetime, zoneinfo
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
paris = zoneinfo.ZoneInfo("Europe/Paris")
op = {"search": "Q", "view": "V", "print": "P", "export": "X", "update": "U"}
with open(sys.argv[2] + "/rms-native.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["Event Time", "Officer", "Terminal", "Op", "Record, type", "Record no", "Person", "Occurrence", "Extra"])
    for r in rows:
        if r["system"] != "RMS":
            continue
        t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        w.writerow([t.astimezone(paris).strftime("%d/%m/%Y %H:%M:%S"), r["user"], r["device"][0].upper(),
                    op[r["action"]], r["record_type"], r["record_id"], r["subject"], r["reason"], "x"])
with open(sys.argv[2] + "/pnd.jsonl", "w") as f:
    for r in rows:
        if r["system"] == "PND":
            f.write(json.dumps({"at": r["ts"], "uid": r["user"], "dev": r["device"], "verb": r["action"],
                                "type": r["record_type"], "ref": r["record_id"], "nominal": r["subject"] or None,
                                "occ": r["reason"], "n": 1}) + "\n")
PY
cat >"$TMP/rms.map" <<'MAP'
# RMS's own audit export
column ts = Event Time
time format = %d/%m/%Y %H:%M:%S
time zone = Europe/Paris
column user = Officer
fixed system = RMS
column device = Terminal
map device D = desktop
map device M = mobile
column action = Op
map action Q = search
map action V = view
map action P = print
map action X = export
map action U = update
column record_type = Record, type
column record_id = Record no
column subject = Person
column reason = Occurrence
MAP
cat >"$TMP/pnd.map" <<'MAP'
format = jsonl
column ts = at
column user = uid
fixed system = PND
column device = dev
column action = verb
column record_type = type
column record_id = ref
column subject = nominal
column reason = occ
MAP
printf 'column user = Officer\nfixed system = RMS\n' >"$TMP/bad.map"
"$BIN" --db "$M" audit feed add RMS --mapping "$TMP/bad.map" 2>"$TMP/map.err"
check_has "mapping: an incomplete mapping file is refused" "$TMP/map.err" "ts needs a column"
check "mapping: RMS feed with its mapping" "$BIN" --db "$M" audit feed add RMS --mapping "$TMP/rms.map"
check "mapping: PND feed (JSON Lines)" "$BIN" --db "$M" audit feed add PND --mapping "$TMP/pnd.map"
for s in $(tail -n +2 "$D/events.csv" | cut -d, -f3 | sort -u); do
	[ "$s" = RMS ] || [ "$s" = PND ] || { "$BIN" --db "$M" audit feed add "$s" >/dev/null
		awk -F, -v s="$s" 'NR == 1 || $3 == s' "$D/events.csv" >"$TMP/map-$s.csv"
		"$BIN" --db "$M" audit ingest -q --feed "$s" --until "$last" "$TMP/map-$s.csv"; }
done
half=$(($(wc -l <"$TMP/rms-native.csv") / 2))
head -n "$half" "$TMP/rms-native.csv" >"$TMP/rms.csv"
sed -n "$((half + 1))p" "$TMP/rms-native.csv" | cut -c1-30 | tr -d '\n' >>"$TMP/rms.csv"
"$BIN" --db "$M" audit ingest --feed RMS "$TMP/rms.csv" 2>"$TMP/map.err"
check_has "mapping: first part taken in, the unfinished line held back" "$TMP/map.err" "$((half - 1)) events"
sed -n "$((half + 1))p" "$TMP/rms-native.csv" | cut -c31- >>"$TMP/rms.csv"
sed -n "$((half + 2)),\$p" "$TMP/rms-native.csv" >>"$TMP/rms.csv"
check "mapping: second part" "$BIN" --db "$M" audit ingest -q --feed RMS --until "$last" "$TMP/rms.csv"
check "mapping: JSON Lines" "$BIN" --db "$M" audit ingest -q --feed PND --until "$last" "$TMP/pnd.jsonl"
"$BIN" --db "$M" audit alerts -o "$TMP/map.csv"
if cmp -s "$TMP/map.csv" "$D/expected_alerts.csv"; then ok "mapping: alerts from native exports = the scan's"; else
	fail "mapping: alerts from native exports = the scan's" "$(diff "$TMP/map.csv" "$D/expected_alerts.csv" | head)"; fi
"$BIN" --db "$M" audit search --purpose "mapping test" -o "$TMP/map-trail.csv" 2>/dev/null
if [ "$(tail -n +2 "$TMP/map-trail.csv" | sort)" = "$(tail -n +2 "$D/events.csv" | sort)" ]; then
	ok "mapping: every event stored as events.csv has it (times in UTC, codes as words)"; else
	fail "mapping: every event stored as events.csv has it" "$(diff "$TMP/map-trail.csv" "$D/events.csv" | head -4)"; fi
"$BIN" --db "$M" audit feed add X2 --mapping "$TMP/rms.map" >/dev/null
printf 'Officer,When\nU1,01/01/2026 10:00:00\n' >"$TMP/x2.csv"
"$BIN" --db "$M" audit ingest --feed X2 "$TMP/x2.csv" 2>"$TMP/map.err"
check_has "mapping: a missing column is named" "$TMP/map.err" "the header has no column 'Event Time'"

finish
