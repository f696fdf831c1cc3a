#!/bin/sh
# audit_web.sh — the ACU's triage of audit alerts over HTTP: the queue with
# filters, sort and counts; an alert page that explains itself (rule, events,
# activity chart, association / vulnerable flag); decisions, referrals,
# mutes; access logging of every view; the JSON API; and the ACU-only rule
# (ACU allowed, PSD and staff refused, pages and API).
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
D=$ROOT/tests/fixtures/audit/gen-s11-u120-d60

awk -F, 'NR==1{print "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date";next}
         {print $1",Test,"$3",staff,,"$4",,,2020-01-01,"}' "$D/staff.csv" >"$TMP/people.csv"
"$BIN" --db "$DB" people import "$TMP/people.csv" >/dev/null
"$BIN" --db "$DB" audit import staff "$D/staff.csv" >/dev/null
for k in vulnerable watchlist assignments; do "$BIN" --db "$DB" audit import $k "$D/$k.csv" >/dev/null; done
tail -n +2 "$D/associations.csv" | while IFS=, read -r u s rel d; do
	echo "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, relationship,
	      declared_on, created_at) SELECT id, 'Associate Name', '$s', 'family_link', '$rel', '$d', '2026-01-01'
	      FROM people WHERE staff_number = '$u';"
done | sqlite3 "$DB"
"$BIN" --db "$DB" audit ingest -q "$D/events.csv"
echo "correct-horse-battery" >"$TMP/pw"
"$BIN" --db "$DB" user add analyst --password-file "$TMP/pw" --staff-number U10061 >/dev/null
"$BIN" --db "$DB" user role analyst +acu >/dev/null
"$BIN" --db "$DB" user add standards --password-file "$TMP/pw" --staff-number U10071 >/dev/null
"$BIN" --db "$DB" user role standards +psd >/dev/null
"$BIN" --db "$DB" user add checker --password-file "$TMP/pw" --staff-number U11435 >/dev/null
"$BIN" --db "$DB" user role checker +reviewer >/dev/null

start_server "$DB"

expect "acu login" 303 "$(login analyst)"
expect "psd login" 303 "$(login standards)"
expect "reviewer login" 303 "$(login checker)"

# ACU only
expect "queue: acu allowed" 200 "$(get analyst /audit/alerts)"
expect "queue: psd refused" 403 "$(get standards /audit/alerts)"
R1=$(q "SELECT id FROM audit_alerts WHERE rule = 1 ORDER BY id LIMIT 1")
R3=$(q "SELECT id FROM audit_alerts WHERE rule = 3 ORDER BY id LIMIT 1")
R4=$(q "SELECT id FROM audit_alerts WHERE rule = 4 ORDER BY id LIMIT 1")
expect "alert page: psd refused" 403 "$(get standards /audit/alerts/$R1)"
expect "referrals: psd refused" 403 "$(get standards /audit/referrals)"
expect "api: psd refused" 403 "$(get standards /api/audit/alerts)"
expect "api alert: psd refused" 403 "$(get standards /api/audit/alerts/$R1)"
expect "anonymous sent to login" 303 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/audit/alerts")"
expect "home: acu card" 200 "$(get analyst /)"
check_has "home links the queue" "$TMP/body" 'href="/audit/alerts"'
check_has "home: alerts to triage" "$TMP/body" "$(q "SELECT COUNT(*) FROM audit_alerts WHERE status = 'new'") ICT audit alerts to triage"
get standards / >/dev/null
check_lacks "home: no card for psd" "$TMP/body" 'href="/audit/alerts"'

# the queue
before=$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alerts'")
get analyst /audit/alerts >/dev/null
check_has "queue: total" "$TMP/body" "18 alerts"
expect "queue view written to the access log" "$((before + 1))" "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alerts'")"
check_has "queue: counts per rule" "$TMP/body" "Alerts per rule"
check_has "queue: counts per week, saying weeks without alerts are left out" "$TMP/body" "Alerts per week (the latest 12 weeks with any)"
check_has "queue: user shown" "$TMP/body" "U24129"
expect "filter by rule" 200 "$(get analyst "/audit/alerts?rule=3")"
check_has "rule filter applies" "$TMP/body" "3 alerts"
get analyst "/audit/alerts?device=mobile" >/dev/null
n=$(q "SELECT COUNT(*) FROM audit_alerts WHERE device = 'mobile'")
check_has "device filter applies" "$TMP/body" "$n alerts"
get analyst "/audit/alerts?system=RMS&from=2026-02-01" >/dev/null
n=$(q "SELECT COUNT(*) FROM audit_alerts WHERE system = 'RMS' AND first_ts >= '2026-02-01'")
check_has "system and date filters apply" "$TMP/body" "$n alert"
unit=$(q "SELECT p.unit_id FROM people p WHERE p.staff_number = 'U24129'")
get analyst "/audit/alerts?unit=$unit" >/dev/null
n=$(q "SELECT COUNT(*) FROM audit_alerts a JOIN people p ON p.staff_number = a.user WHERE p.unit_id = $unit")
check_has "unit filter applies" "$TMP/body" "$n alert"
expect "bad date shown as an error" 200 "$(get analyst "/audit/alerts?from=2026-02-30")"
check_has "bad date message" "$TMP/body" "The from date must be a real date"
check_has "bad date: the page title says there is an error" "$TMP/body" "<title>Error: Audit alerts"
get analyst "/audit/alerts?user=U00000" >/dev/null
check_has "no alerts: the empty state" "$TMP/body" "No alerts match these filters."
check_lacks "no alerts: nothing to download" "$TMP/body" "Download these alerts"
expect "sort by rule" 200 "$(get analyst "/audit/alerts?sort=-rule")"
first=$(grep -o 'R[1-6] [A-Z][a-z]' "$TMP/body" | sed -n '7p')
case "$first" in "R6 "*) ok "sorted descending by rule";; *) fail "sorted descending by rule" "$first";; esac
get analyst "/audit/alerts?page=2" >/dev/null
check_has "past the last page: total kept" "$TMP/body" "18 alerts"
check_has "past the last page: says so" "$TMP/body" "There is no page 2: this list has 1 page. <a class=\"govuk-link\" href=\"/audit/alerts?page&#61;1\">Go to the first page</a>"
check_lacks "past the last page: no empty table" "$TMP/body" "<caption class=\"govuk-table__caption govuk-table__caption--m\">Alerts</caption>"

# one alert explains itself; the view is access-logged
before=$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alert' AND object_id = '$R1' AND outcome = 'ok'")
expect "R1 alert page" 200 "$(get analyst /audit/alerts/$R1)"
after=$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alert' AND object_id = '$R1' AND outcome = 'ok'")
expect "view written to the access log" "$((before + 1))" "$after"
check_has "rule in plain words" "$TMP/body" "declared an association"
check_has "declared association shown" "$TMP/body" "Associate Name (Family link"
check_has "events table" "$TMP/body" "Covered by an assignment"
check_has "event's system shown" "$TMP/body" "$(q "SELECT system FROM audit_alerts WHERE id = $R1")"
check_has "activity chart is SVG" "$TMP/body" "<svg"
check_has "chart has a title" "$TMP/body" '<title id="chart-title">'
check_has "chart has a description" "$TMP/body" '<desc id="chart-desc">'
check_has "chart data as a table" "$TMP/body" "Events per day as a table"
check_has "rule version shown" "$TMP/body" "Rule version"
check_lacks "rule version: no empty settings shown as (-)" "$TMP/body" "1 (-)"
get analyst /audit/alerts/$R3 >/dev/null
flag=$(q "SELECT v.flag FROM audit_alerts a JOIN audit_vulnerable v ON v.subject = a.key WHERE a.id = $R3")
check_has "R3: vulnerable flag" "$TMP/body" "$flag"
check_has "R3: the three days" "$TMP/body" "distinct day 1 of 3"
check_has "R3: the caption names the rule in words" "$TMP/body" "R3 Vulnerable person</span>"
check_lacks "R3: not the rule's internal name" "$TMP/body" "vulnerable_fixation"
check_lacks "R3: every day's event shown in full" "$TMP/body" "not kept"
expect "R3: three events behind it, each with its system" 3 "$(q "SELECT COUNT(*) FROM audit_alert_events WHERE alert_id = $R3 AND system != ''")"
get analyst /audit/alerts/$R4 >/dev/null
check_has "R4: the day's count" "$TMP/body" "Search and view events that day"
R4DAY=$(q "SELECT key FROM audit_alerts WHERE id = $R4")
check_has "R4: the day as people read it" "$TMP/body" "$(date -d "$R4DAY" '+%-d %B %Y')"
check_lacks "R4: not the ISO day" "$TMP/body" ">$R4DAY<"
R6=$(q "SELECT id FROM audit_alerts WHERE rule = 6 ORDER BY id LIMIT 1")
get analyst /audit/alerts/$R6 >/dev/null
check_has "R6: the hour as people read it" "$TMP/body" "The hour from $(TZ=Europe/London date -d "$(q "SELECT key FROM audit_alerts WHERE id = $R6"):00:00Z" '+%-d %B %Y at')"
check_lacks "R6: not the raw UTC hour" "$TMP/body" ":00 to "
expect "missing alert" 404 "$(get analyst /audit/alerts/99999)"
before=$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_alert' AND outcome = 'refused'")
get standards /api/audit/alerts/$R1 >/dev/null
expect "API refusal is 403 JSON" 1 "$(grep -c '"error"' "$TMP/body")"

# decisions
T=$(csrf analyst /audit/alerts/$R1)
[ -n "$T" ] && ok "csrf token on the decision form" || fail "csrf token on the decision form"
expect "no further action needs a reason" 400 "$(post analyst /audit/alerts/$R1/decision --data-urlencode "csrf=$T" --data-urlencode "decision=nfa")"
check_has "error summary" "$TMP/body" "Give the reason for no further action"
expect "no decision chosen" 400 "$(post analyst /audit/alerts/$R1/decision --data-urlencode "csrf=$T" --data-urlencode "note=x")"
check_has "decision error" "$TMP/body" "Select a decision"
expect "without csrf refused" 403 "$(post analyst /audit/alerts/$R1/decision --data-urlencode "decision=advice" --data-urlencode "note=x")"
expect "advice given" 303 "$(post analyst /audit/alerts/$R1/decision --data-urlencode "csrf=$T" --data-urlencode "decision=advice" --data-urlencode "note=Reminded of the policy <b>now</b>")"
expect "status advice" advice "$(q "SELECT status FROM audit_alerts WHERE id = $R1")"
get analyst /audit/alerts/$R1 >/dev/null
check_has "decision shown, escaped" "$TMP/body" "Reminded of the policy &lt;b&gt;now&lt;/b&gt;"
expect "psd cannot decide" 403 "$(post standards /audit/alerts/$R1/decision --data-urlencode "csrf=$(csrf standards /)" --data-urlencode "decision=nfa" --data-urlencode "note=x")"
expect "refer" 303 "$(post analyst /audit/alerts/$R3/decision --data-urlencode "csrf=$T" --data-urlencode "decision=referred" --data-urlencode "note=Repeated look-ups of a victim")"
expect "referral created" 1 "$(q "SELECT COUNT(*) FROM audit_referrals WHERE alert_id = $R3")"
expect "referral list" 200 "$(get analyst /audit/referrals)"
check_has "referral listed" "$TMP/body" "Repeated look-ups of a victim"
expect "decided alerts logged" 2 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'decide' AND object_type = 'audit_alert' AND outcome = 'ok'")"
get analyst "/audit/alerts?status=referred" >/dev/null
check_has "status filter" "$TMP/body" "1 alert"

# mutes: on R5 they need a reviewer's countersignature; in force they hide
# only alerts raised afterwards, never one already there
R5=$(q "SELECT id FROM audit_alerts WHERE rule = 5 ORDER BY id LIMIT 1")
R5U=$(q "SELECT user FROM audit_alerts WHERE id = $R5")
expect "mute needs a future date and a reason" 400 "$(post analyst /audit/alerts/$R5/mute --data-urlencode "csrf=$T" --data-urlencode "until=2020-01-01")"
check_has "mute date error" "$TMP/body" "The end date must be today or in the future"
check_has "mute reason error" "$TMP/body" "Give the reason for muting"
until=$(date -u -d "+30 days" +%Y-%m-%d)
expect "mute" 303 "$(post analyst /audit/alerts/$R5/mute --data-urlencode "csrf=$T" --data-urlencode "until=$until" --data-urlencode "mute_reason=Press office role")"
expect "R5 mute awaits countersignature" pending "$(q "SELECT state FROM audit_mutes WHERE user = '$R5U' AND rule = 5")"
get analyst /audit/alerts/$R5 >/dev/null
check_has "the mute is listed" "$TMP/body" "Press office role"
check_has "the mute awaits countersignature" "$TMP/body" "Awaiting countersignature by a reviewer"
expect "countersign list: acu (not reviewer) refused" 403 "$(get analyst /audit/countersign)"
expect "countersign list: reviewer" 200 "$(get checker /audit/countersign)"
check_has "countersign list shows the mute" "$TMP/body" "Press office role"
expect "countersign API: reviewer" 200 "$(get checker /api/v1/audit/countersign)"
expect "countersign API: the pending mute, as the page" "mute 5 $R5U None" "$(python3 -c "import json; d=json.load(open('$TMP/body')); print(*[(p['kind'], p['rule'], p['user'], p['alert_id']) for p in d['items'] if p['kind'] == 'mute' and p['id'] == $(q "SELECT id FROM audit_mutes WHERE user = '$R5U' AND rule = 5")][0])")"
expect "countersign API: logged like the page" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log WHERE username = 'checker' AND action = 'list' AND object_type = 'audit_countersign' AND outcome = 'ok'")"
b=$(q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND object_id = '/api/audit/countersign'")
for u in analyst standards; do expect "countersign API: $u refused" 403 "$(get $u /api/v1/audit/countersign)"; done
expect "countersign API: refusals logged" "$((b + 2))" "$(q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND object_id = '/api/audit/countersign'")"
MID=$(q "SELECT id FROM audit_mutes WHERE user = '$R5U' AND rule = 5")
CT=$(csrf checker /audit/countersign)
expect "acu cannot countersign" 403 "$(post analyst /audit/countersign --data-urlencode "csrf=$T" --data-urlencode "kind=mute" --data-urlencode "id=$MID" --data-urlencode "accept=yes")"
expect "refusing needs a note" 400 "$(post checker /audit/countersign --data-urlencode "csrf=$CT" --data-urlencode "kind=mute" --data-urlencode "id=$MID" --data-urlencode "accept=no")"
sleep 1
expect "reviewer countersigns the mute" 303 "$(post checker /audit/countersign --data-urlencode "csrf=$CT" --data-urlencode "kind=mute" --data-urlencode "id=$MID" --data-urlencode "accept=yes")"
expect "mute in force" in_force "$(q "SELECT state FROM audit_mutes WHERE id = $MID")"
get analyst /audit/alerts >/dev/null
check_has "the undecided alert is not hidden by the mute" "$TMP/body" "18 alerts"
get analyst /audit/alerts/$R5 >/dev/null
check_has "the mute is in force" "$TMP/body" "In force"
# a new R5 alert for the same user after the mute is hidden; one by a user
# not in the HR data is flagged
sleep 1
W=$(awk -F, 'NR > 1 { print $1 }' "$D/watchlist.csv" | while read -r w; do grep -q "^$w," "$D/vulnerable.csv" || { echo "$w"; break; }; done)
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n2026-06-01T10:00:00Z,%s,PNC,desktop,view,person,NX1,%s,\n2026-06-01T10:05:00Z,X99999,PNC,mobile,view,person,NX1,%s,\n' "$R5U" "$W" "$W" |
	"$BIN" --db "$DB" audit ingest -q - 2>/dev/null
expect "new alerts raised" 2 "$(q "SELECT COUNT(*) FROM audit_alerts WHERE key = '$W' AND first_ts LIKE '2026-06-01%'")"
get analyst /audit/alerts >/dev/null
check_has "the new alert is hidden by the mute" "$TMP/body" "19 alerts"
check_has "the queue shows what mutes hide" "$TMP/body" "Hidden by mutes: 1 alert (R5: 1)"
check_has "not in HR flagged in the queue" "$TMP/body" "Not a member of staff in Probity"
get analyst "/audit/alerts?muted=yes" >/dev/null
check_has "muted alerts on request" "$TMP/body" "20 alerts"
check_has "marked as muted" "$TMP/body" ">Muted<"
NEW=$(q "SELECT id FROM audit_alerts WHERE user = '$R5U' AND key = '$W'")
get analyst /audit/alerts/$NEW >/dev/null
check_has "alert page says muted" "$TMP/body" ">Muted<"
NOHR=$(q "SELECT id FROM audit_alerts WHERE user = 'X99999'")
get analyst /audit/alerts/$NOHR >/dev/null
check_has "alert page: not a member of staff" "$TMP/body" "Not a member of staff in Probity"

# decisions keep their history; NFA on R1 waits for a reviewer's countersignature
expect "R1: change to no further action" 303 "$(post analyst /audit/alerts/$R1/decision --data-urlencode "csrf=$T" --data-urlencode "decision=nfa" --data-urlencode "note=Family emergency, explained")"
expect "R1 NFA pending, advice still in force" "advice|2|pending" "$(q "SELECT a.status, (SELECT COUNT(*) FROM audit_decisions WHERE alert_id = a.id), (SELECT state FROM audit_decisions WHERE alert_id = a.id ORDER BY id DESC LIMIT 1) FROM audit_alerts a WHERE a.id = $R1")"
get analyst /audit/alerts/$R1 >/dev/null
check_has "history: the first decision kept" "$TMP/body" "Reminded of the policy"
check_has "history: the new one awaiting" "$TMP/body" "Awaiting countersignature"
expect "no other decision while one awaits" 400 "$(post analyst /audit/alerts/$R1/decision --data-urlencode "csrf=$T" --data-urlencode "decision=advice" --data-urlencode "note=x")"
DID=$(q "SELECT MAX(id) FROM audit_decisions WHERE alert_id = $R1")
expect "reviewer countersigns the NFA" 303 "$(post checker /audit/countersign --data-urlencode "csrf=$CT" --data-urlencode "kind=decision" --data-urlencode "id=$DID" --data-urlencode "accept=yes")"
expect "R1 now NFA, both decisions kept" "nfa|2" "$(q "SELECT status, (SELECT COUNT(*) FROM audit_decisions WHERE alert_id = $R1) FROM audit_alerts WHERE id = $R1")"
expect "countersignature logged" 2 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'countersign' AND outcome = 'ok'")"
# NFA on R4 takes effect at once (not in audit.countersign_rules)
R4b=$(q "SELECT id FROM audit_alerts WHERE rule = 4 ORDER BY id DESC LIMIT 1")
expect "R4 NFA" 303 "$(post analyst /audit/alerts/$R4b/decision --data-urlencode "csrf=$T" --data-urlencode "decision=nfa" --data-urlencode "note=Planned operation")"
expect "R4 NFA in force" "nfa|in_force" "$(q "SELECT a.status, d.state FROM audit_alerts a JOIN audit_decisions d ON d.alert_id = a.id WHERE a.id = $R4b")"
# any decision about a chief officer waits for a reviewer; the proposer cannot countersign it
R6=$(q "SELECT id FROM audit_alerts WHERE rule = 6 ORDER BY id LIMIT 1")
q "UPDATE people SET chief_officer = 1 WHERE staff_number = (SELECT user FROM audit_alerts WHERE id = $R6)"
expect "advice about a chief officer" 303 "$(post analyst /audit/alerts/$R6/decision --data-urlencode "csrf=$T" --data-urlencode "decision=advice" --data-urlencode "note=Spoke to them")"
expect "chief officer: pending" "new|pending" "$(q "SELECT a.status, d.state FROM audit_alerts a JOIN audit_decisions d ON d.alert_id = a.id WHERE a.id = $R6")"
"$BIN" --db "$DB" user role analyst +reviewer >/dev/null
D6=$(q "SELECT id FROM audit_decisions WHERE alert_id = $R6")
expect "the proposer cannot countersign" 403 "$(post analyst /audit/countersign --data-urlencode "csrf=$T" --data-urlencode "kind=decision" --data-urlencode "id=$D6" --data-urlencode "accept=yes")"
"$BIN" --db "$DB" user role analyst -reviewer >/dev/null
expect "the refusal logged" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'countersign' AND outcome = 'refused' AND object_id = '$D6'")"

# coverage: every system and device, events per day, the last received;
# a system silent for longer than audit.silence_hours is flagged
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n%s,U10602,HANDHELD,mobile,search,vehicle,AB12CDE,,\n%s,U10602,HANDHELD,mobile,view,vehicle,AB12CDE,,\n' "$now" "$now" |
	"$BIN" --db "$DB" audit ingest -q - 2>/dev/null
expect "coverage: psd refused" 403 "$(get standards /audit/coverage)"
expect "coverage: acu" 200 "$(get analyst /audit/coverage)"
tr -d '\n' <"$TMP/body" >"$TMP/cov"
check_has "coverage: a row per system and device" "$TMP/cov" "<td class=\"govuk-table__cell\">PNC</td><td class=\"govuk-table__cell\">mobile</td>"
# the last event as people read it ("6 December 2026 at 8:12pm", UK time), not the UTC stamp
grep -qE "<td class=\"govuk-table__cell\">HANDHELD</td><td class=\"govuk-table__cell\">mobile</td><td class=\"govuk-table__cell\">[0-9]{1,2} [A-Z][a-z]+ [0-9]{4} at [^<]*</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">2</td>" "$TMP/cov" &&
	ok "coverage: today's events counted" || fail "coverage: today's events counted" "$(grep -o 'HANDHELD</td>.\{0,300\}' "$TMP/cov")"
check_lacks "coverage: no raw UTC stamp" "$TMP/cov" "${now%??????}"
check_lacks "coverage: the chart's title reads its first day as a date" "$TMP/cov" "Events per day from 20"
check_has "coverage: a silent system flagged" "$TMP/body" ">Silent<"
expect "coverage: logged" 1 "$(q "SELECT COUNT(*) FROM access_log l JOIN accounts a ON a.id = l.account_id WHERE a.username = 'analyst' AND l.object_type = 'audit_coverage' AND l.detail = 'days=90'")"
"$BIN" --db "$DB" audit feed add handheld --interval 1h >/dev/null
"$BIN" --db "$DB" audit feed add pnc-daily --interval 1d >/dev/null
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n%s,U10602,HANDHELD,mobile,view,vehicle,AB12CDF,,\n' "$now" >"$TMP/hh.csv"
"$BIN" --db "$DB" audit ingest -q --feed handheld "$TMP/hh.csv" 2>/dev/null
get analyst /audit/coverage >/dev/null
tr -d '\n' <"$TMP/body" >"$TMP/cov"
check_has "coverage: a delivering feed" "$TMP/cov" "handheld</td><td class=\"govuk-table__cell\">1 hour</td>"
check_has "coverage: a feed that sent nothing" "$TMP/cov" "Nothing received yet"
check_has "coverage: it holds the watermark back, and says so (one event: singular)" "$TMP/cov" "Feed pnc-daily has sent nothing yet and holds the watermark back: 1 event from other feeds waits"
check_lacks "coverage: never '1 events'" "$TMP/cov" " 1 events"
check_has "coverage: the feed's latest event time is labelled as such" "$TMP/cov" ">Latest event time</th>"
"$BIN" --db "$DB" audit feed add handheld --interval 15m >/dev/null
get analyst /audit/coverage >/dev/null
tr -d '\n' <"$TMP/body" >"$TMP/cov"
check_has "coverage: an interval under an hour in minutes" "$TMP/cov" "handheld</td><td class=\"govuk-table__cell\">15 minutes</td>"
"$BIN" --db "$DB" audit feed add handheld --interval 1h >/dev/null
get analyst / >/dev/null
check_has "home: a silent system warned" "$TMP/body" "No audit events from PNC (desktop) for"
check_has "home: a silent feed warned" "$TMP/body" "The pnc-daily audit feed is silent: nothing has been received from it yet"
check_lacks "home: a delivering feed not warned" "$TMP/body" "The handheld audit feed is silent"
check_lacks "home: a live system not warned" "$TMP/body" "No audit events from HANDHELD"

# R2 names whose record it was; assignee; CSV of the queue
R2=$(q "SELECT id FROM audit_alerts WHERE rule = 2 ORDER BY id LIMIT 1")
R2N=$(q "SELECT p.forenames || ' ' || p.surname FROM people p JOIN audit_alerts a ON a.key = p.person_ref WHERE a.id = $R2")
get analyst /audit/alerts/$R2 >/dev/null
check_has "R2 names the colleague" "$TMP/body" "$R2N ("
expect "assign to me" 303 "$(post analyst /audit/alerts/$R4/assign --data-urlencode "csrf=$T" --data-urlencode "to=me")"
expect "assigned" analyst "$(q "SELECT acc.username FROM audit_alerts a JOIN accounts acc ON acc.id = a.assigned_to WHERE a.id = $R4")"
expect "psd cannot assign" 403 "$(post standards /audit/alerts/$R4/assign --data-urlencode "csrf=$(csrf standards /)" --data-urlencode "to=me")"
expect "queue csv" 200 "$(get analyst "/audit/alerts.csv?muted=yes" "$TMP/q.csv")"
expect "queue csv: every alert" 21 "$(wc -l <"$TMP/q.csv" | tr -d ' ')"
check_has "queue csv: assignee" "$TMP/q.csv" ",analyst"
expect "queue csv: psd refused" 403 "$(get standards /audit/alerts.csv)"
U2=$(q "SELECT id FROM audit_alerts WHERE user = 'U24129' AND rule = 1")
get analyst /audit/alerts/$U2 >/dev/null
check_has "the user's other alerts" "$TMP/body" "All alerts for U24129 (2)"

# JSON
expect "api list" 200 "$(get analyst "/api/audit/alerts?rule=1")"
check_has "api total" "$TMP/body" '"total":4'
check_has "api rule" "$TMP/body" '"rule":"R1"'
check_has "api counts per rule" "$TMP/body" '"counts_by_rule":{"R1":4,"R2":0,"R3":0,"R4":0,"R5":0,"R6":0}'
expect "api alert" 200 "$(get analyst /api/audit/alerts/$R3)"
check_has "api events" "$TMP/body" '"events":['
check_has "api plain words" "$TMP/body" '"rule_plain"'

# Probity's own access log as a monitored system: PSD opens a colleague's
# record without a reason -> after `audit self`, an R2 alert on system PROBITY
PID=$(q "SELECT id FROM people WHERE staff_number = 'U24129'")
REF=$(q "SELECT person_ref FROM people WHERE id = $PID")
expect "psd views a person record" 200 "$(get standards /people/$PID/gifts)"
"$BIN" --db "$DB" audit self >"$TMP/self.out" 2>&1
n=$(sed -n 's/^audit self: \([0-9]*\) access log reads taken in.*/\1/p' "$TMP/self.out")
[ "${n:-0}" -gt 0 ] && ok "access log reads taken in ($n)" || fail "access log reads taken in" "$(cat "$TMP/self.out")"
# feeds are declared (above): Probity's own events wait for the watermark
# like a feed's (pnc-daily has sent nothing) instead of moving the clock to now
expect "Probity's own events wait for the watermark" 0 "$(q "SELECT COUNT(*) FROM audit_alerts WHERE system = 'PROBITY'")"
t=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n' >"$TMP/pnc.csv"
check_fails "--until in the future refused" "$BIN" --db "$DB" audit ingest -q --feed pnc-daily --until 2099-01-01T00:00:00Z "$TMP/pnc.csv"
"$BIN" --db "$DB" audit ingest -q --feed pnc-daily --until "$t" "$TMP/pnc.csv"
"$BIN" --db "$DB" audit ingest -q --feed handheld --until "$t" "$TMP/hh.csv"
expect "R2 alert from Probity's own log" 1 "$(q "SELECT COUNT(*) FROM audit_alerts WHERE rule = 2 AND user = 'U10071' AND key = '$REF' AND system = 'PROBITY'")"
"$BIN" --db "$DB" audit self >"$TMP/self2.out" 2>&1
check_has "audit self takes each row once" "$TMP/self2.out" "audit self: 0 access log reads"

# the audit trail: ACU only, a purpose required (400 without), each search
# logged with its purpose and filters, results = the CLI's, CSV download
S=$(awk -F, 'NR>1 && $8!="" {print $8}' "$D/events.csv" | sort | uniq -c | sort -rn | awk 'NR==1{print $2}')
nS=$(awk -F, -v s="$S" 'NR>1 && $8==s' "$D/events.csv" | wc -l)
expect "trail: psd refused" 403 "$(get standards "/audit/trail?subject=$S&purpose=x")"
expect "trail csv: psd refused" 403 "$(get standards "/audit/trail.csv?subject=$S&purpose=x")"
expect "trail: refusals logged" 2 "$(q "SELECT COUNT(*) FROM access_log l JOIN accounts a ON a.id = l.account_id WHERE a.username = 'standards' AND l.object_id LIKE '/audit/trail%' AND l.outcome = 'refused'")"
expect "trail form: acu allowed" 200 "$(get analyst /audit/trail)"
check_lacks "trail form: no search without asking" "$TMP/body" "event"s"</h2>"
expect "trail: no purpose is 400" 400 "$(get analyst "/audit/trail?subject=$S")"
check_has "trail: purpose error in summary" "$TMP/body" 'href="#purpose"'
expect "trail: search with purpose" 200 "$(get analyst "/audit/trail?subject=$S&purpose=Complaint+CC-17")"
check_has "trail: count shown" "$TMP/body" "$nS events</h2>"
grep -q 'govuk-table__cell">[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T' "$TMP/body" && fail "trail: times in UK form, not raw UTC stamps" ||
	ok "trail: times in UK form, not raw UTC stamps"
expect "trail: logged with purpose and filters" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND detail LIKE 'purpose=Complaint CC-17 subject=$S %'")"
expect "trail: bad from is 400" 400 "$(get analyst "/audit/trail?from=2026-02-31&purpose=x")"
expect "trail: to before from is 400" 400 "$(get analyst "/audit/trail?from=2026-02-10&to=2026-02-01&purpose=x")"
check_has "trail: to before from says what to do" "$TMP/body" "To must be on or after From"
check_has "trail: the To hint says a day is included whole" "$TMP/body" "a day includes all of it"
expect "trail: from and to the same day is a search" 200 "$(get analyst "/audit/trail?from=2026-02-01&to=2026-02-01&purpose=x")"
expect "trail csv: acu download" 200 "$(get analyst "/audit/trail.csv?subject=$S&purpose=Complaint+CC-17" "$TMP/trail.csv")"
[ "$(($(wc -l <"$TMP/trail.csv") - 1))" = "$nS" ] && ok "trail csv: every matching event" || fail "trail csv: every matching event"
check_has "trail csv: events.csv header" "$TMP/trail.csv" "ts,user,system,device,action,record_type,record_id,subject,reason"
expect "trail csv: a logged search too" 2 "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND detail LIKE 'purpose=Complaint CC-17 subject=$S %'")"
expect "trail: page 2" 200 "$(get analyst "/audit/trail?system=RMS&purpose=p&page=2")"
check_has "trail: paged" "$TMP/body" "govuk-pagination"
# the same search as JSON (docs/API.md): ACU only, the purpose required
# (400 naming it) and logged with the filters, the domain's paging, and
# changed_since as the event time
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
for u in standards checker; do
	expect "api trail: $u refused" 403 "$(get $u "/api/v1/audit/trail?subject=$S&purpose=x")"
	expect "api trail: $u's refusal logged" 1 "$(q "SELECT COUNT(*) FROM access_log l JOIN accounts a ON a.id = l.account_id WHERE a.username = '$u' AND l.object_id = '/api/audit/trail' AND l.outcome = 'refused'")"
done
b=$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events'")
expect "api trail: no purpose is 400" 400 "$(get analyst "/api/v1/audit/trail?subject=$S")"
expect "api trail: the error names purpose" "invalid purpose" "$(jpy 'd["error"]["code"], d["error"]["field"]' | tr -d "(),'")"
expect "api trail: a blank purpose is 400 too" 400 "$(get analyst "/api/v1/audit/trail?subject=$S&purpose=+++")"
expect "api trail: no search without a purpose" "$b" "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events'")"
expect "api trail: search with purpose" 200 "$(get analyst "/api/v1/audit/trail?subject=$S&purpose=Complaint+CC-18&per_page=500")"
expect "api trail: every matching event, the subject's" "$nS True" "$(jpy 'd["total"], all(i["subject"] == "'"$S"'" for i in d["items"])' | tr -d '(),')"
expect "api trail: logged with purpose and filters" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND detail LIKE 'purpose=Complaint CC-18 subject=$S %'")"
expect "api trail: the CSV's events in its order" "$(sed -n 2p "$TMP/trail.csv" | cut -d, -f1)" "$(jpy 'd["items"][0]["ts"]')"
if [ "$nS" -ge 7 ]; then
	expect "api trail: page 2 of 3 a page" 200 "$(get analyst "/api/v1/audit/trail?subject=$S&purpose=p&per_page=3&page=2")"
	expect "api trail: page 2 starts at the 4th event" "$(sed -n 5p "$TMP/trail.csv" | cut -d, -f1) 3 /api/v1/audit/trail?subject=$S&purpose=p&per_page=3&page=3" \
		"$(jpy '" ".join(str(x) for x in (d["items"][0]["ts"], len(d["items"]), d["next"]))')"
	since=$(sed -n 5p "$TMP/trail.csv" | cut -d, -f1)
	want=$(awk -F, -v s="$S" -v t="$since" 'NR>1 && $8==s && $1>=t' "$D/events.csv" | wc -l)
	expect "api trail: changed_since" 200 "$(get analyst "/api/v1/audit/trail?subject=$S&purpose=p&changed_since=$since&per_page=500")"
	expect "api trail: changed_since keeps the events at or after it" "$want True" "$(jpy 'd["total"], all(i["ts"] >= "'"$since"'" for i in d["items"])' | tr -d '(),')"
else
	fail "api trail: the subject has enough events to page" "$nS"
fi
expect "api trail: per_page over the maximum" 400 "$(get analyst "/api/v1/audit/trail?subject=$S&purpose=p&per_page=501")"

# the events behind an R4 alert come from the store: the user's whole day
R4U=$(q "SELECT user FROM audit_alerts WHERE id = $R4")
R4D=$(q "SELECT key FROM audit_alerts WHERE id = $R4")
nday=$(awk -F, -v u="$R4U" -v d="$R4D" 'NR>1 && $2==u && substr($1,1,10)==d' "$D/events.csv" | wc -l)
nlog=$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND detail LIKE 'purpose=evidence for alert A$R4 %'")
expect "R4 alert page" 200 "$(get analyst /audit/alerts/$R4)"
check_has "R4: the day's events from the trail" "$TMP/body" "Every event of this user on the day: $nday events"
expect "R4: evidence search logged" $((nlog + 1)) "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND detail LIKE 'purpose=evidence for alert A$R4 %'")"
R1S=$(q "SELECT key FROM audit_alerts WHERE id = $R1")
R1D=$(q "SELECT substr(first_ts, 1, 10) FROM audit_alerts WHERE id = $R1")
nsub=$(awk -F, -v s="$R1S" -v d="$R1D" 'BEGIN{ cmd="date -u -d \"" d " -29 days\" +%F"; cmd | getline f } NR>1 && $8==s && substr($1,1,10)>=f && substr($1,1,10)<=d' "$D/events.csv" | wc -l)
expect "R1 alert page" 200 "$(get analyst /audit/alerts/$R1)"
check_has "R1: the subject's accessors in the window" "$TMP/body" "up to the alert: $nsub event"

# the pseudonymised queue (audit.pseudonymise = 1): users shown as codes
# (a keyed hash: recomputed here from the log key), names and staff numbers
# absent from the HTML, until an analyst reveals one alert's user with a
# reason (logged; refused without a reason or to non-ACU roles); the
# reviewer sees who revealed whom
PU=$(q "SELECT user FROM audit_alerts WHERE id = $R1")
PN=$(q "SELECT forenames || ' ' || surname FROM people WHERE staff_number = '$PU'")
check "pseudonymise: the setting" "$BIN" --db "$DB" config set audit.pseudonymise 1
CODE=$(python3 -c '
import hashlib, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
k = hashlib.blake2b(b"probity audit pseudonym v1", digest_size=32, key=key).digest()
h = hashlib.blake2b(sys.argv[2].encode(), digest_size=16, key=k).digest()
print("U-%02X%02X-%02X%02X" % (h[0], h[1], h[2], h[3]))' "$DB.logkey" "$PU")
expect "queue: acu" 200 "$(get analyst "/audit/alerts?rule=1&muted=yes")"
check_has "pseudonymised queue: the user's code" "$TMP/body" "$CODE"
check_lacks "pseudonymised queue: no staff number" "$TMP/body" "$PU"
check_lacks "pseudonymised queue: no name" "$TMP/body" "$PN"
expect "pseudonymised alert page" 200 "$(get analyst /audit/alerts/$R1)"
check_has "pseudonymised alert: the code" "$TMP/body" "$CODE"
check_lacks "pseudonymised alert: no staff number (summary, evidence, other alerts)" "$TMP/body" "$PU"
check_lacks "pseudonymised alert: no name" "$TMP/body" "$PN"
check_lacks "pseudonymised alert: no accessor's staff number in the evidence" "$TMP/body" ">U1"
check_has "pseudonymised alert: the reveal form" "$TMP/body" "/audit/alerts/$R1/reveal"
PD=$(q "SELECT id FROM audit_alerts WHERE detail LIKE '%, but ' || user || ' has %' ORDER BY id LIMIT 1")
PDU=$(q "SELECT user FROM audit_alerts WHERE id = $PD")
expect "pseudonymised alert whose explanation names its user" 200 "$(get analyst /audit/alerts/$PD)"
check_lacks "pseudonymised alert: the explanations name a code instead" "$TMP/body" "$PDU"
check_has "pseudonymised alert: the explanation kept" "$TMP/body" "has no assignment to it"
get analyst "/audit/alerts.csv?rule=1&muted=yes" "$TMP/pq.csv" >/dev/null
check_lacks "pseudonymised queue CSV: no staff number" "$TMP/pq.csv" "$PU"
expect "pseudonymised API list" 200 "$(get analyst "/api/audit/alerts?rule=1&muted=yes")"
check_has "pseudonymised API: the code" "$TMP/body" "$CODE"
check_lacks "pseudonymised API: no staff number" "$TMP/body" "$PU"
expect "pseudonymised queue: filter by code" 200 "$(get analyst "/audit/alerts?user=$CODE&muted=yes")"
check_has "pseudonymised queue: the code's alerts" "$TMP/body" "/audit/alerts/$R1?back"
# sorted by user, the pseudonymised queue is in the codes' order (the
# staff numbers' order would let the order reveal them)
get analyst "/audit/alerts.csv?muted=yes&sort=user" "$TMP/ps.csv" >/dev/null
tail -n +2 "$TMP/ps.csv" | cut -d, -f4 >"$TMP/ps.codes"
tail -n +2 "$TMP/ps.csv" | cut -d, -f4 | LC_ALL=C sort -c 2>/dev/null && [ "$(wc -l <"$TMP/ps.codes")" -gt 3 ] &&
	ok "pseudonymised queue by user: in the codes' order" || fail "pseudonymised queue by user: in the codes' order" "$(head -5 "$TMP/ps.codes")"
get analyst "/audit/alerts.csv?muted=yes&sort=-user" "$TMP/ps2.csv" >/dev/null
tail -n +2 "$TMP/ps2.csv" | cut -d, -f4 | LC_ALL=C sort -c -r 2>/dev/null &&
	ok "pseudonymised queue by user, descending: the codes' order" || fail "pseudonymised queue by user, descending: the codes' order"
bystaff=$(q "SELECT user FROM audit_alerts ORDER BY user" | python3 -c '
import hashlib, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
k = hashlib.blake2b(b"probity audit pseudonym v1", digest_size=32, key=key).digest()
for u in sys.stdin.read().split():
    h = hashlib.blake2b(u.encode(), digest_size=16, key=k).digest()
    print("U-%02X%02X-%02X%02X" % (h[0], h[1], h[2], h[3]))' "$DB.logkey" | uniq)
[ "$bystaff" != "$(uniq "$TMP/ps.codes")" ] && ok "pseudonymised queue by user: not the staff numbers' order" ||
	fail "pseudonymised queue by user: not the staff numbers' order"
T=$(csrf analyst /audit/alerts/$R1)
expect "reveal: without a reason" 400 "$(post analyst /audit/alerts/$R1/reveal --data-urlencode "csrf=$T" --data-urlencode "reason= ")"
check_has "reveal: the reason asked for" "$TMP/body" "Enter the reason you need to know who this alert is about"
check_lacks "reveal: nothing shown without a reason" "$TMP/body" "$PN"
expect "reveal: psd refused" 403 "$(post_csrf standards /audit/alerts/$R1/reveal --data-urlencode "reason=curious")"
expect "reveal: reviewer (not ACU) refused" 403 "$(post_csrf checker /audit/alerts/$R1/reveal --data-urlencode "reason=curious")"
expect "reveal: none recorded by the refusals" 0 "$(q "SELECT COUNT(*) FROM audit_reveals")"
expect "reveal: with a reason" 303 "$(post analyst /audit/alerts/$R1/reveal --data-urlencode "csrf=$T" --data-urlencode "reason=Complaint CC-99 names this officer")"
expect "reveal: recorded" 1 "$(q "SELECT COUNT(*) FROM audit_reveals v JOIN accounts a ON a.id = v.account_id WHERE v.alert_id = $R1 AND a.username = 'analyst' AND v.reason = 'Complaint CC-99 names this officer'")"
expect "reveal: access-logged with the reason" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'reveal' AND object_type = 'audit_alert' AND object_id = '$R1' AND outcome = 'ok' AND detail = 'reason=Complaint CC-99 names this officer'")"
get analyst /audit/alerts/$R1 >/dev/null
check_has "revealed: the staff number" "$TMP/body" "$PU"
check_has "revealed: the name" "$TMP/body" "$PN"
R1B=$(q "SELECT id FROM audit_alerts WHERE user = '$PU' AND id <> $R1 ORDER BY id LIMIT 1")
if [ -n "$R1B" ]; then
	get analyst /audit/alerts/$R1B >/dev/null
	check_has "reveal: per alert (another alert of the same user still offers the reveal)" "$TMP/body" "/audit/alerts/$R1B/reveal"
	tr -d '\n' <"$TMP/body" | sed 's/<h2 class="govuk-heading-m">All alerts for.*//' >"$TMP/r1b"
	check_lacks "reveal: per alert (its summary and evidence still coded)" "$TMP/r1b" "$PN"
fi
expect "reveals: the reviewer sees them" 200 "$(get checker /audit/reveals)"
check_has "reveals: who, whom and why" "$TMP/body" "Complaint CC-99 names this officer"
check_has "reveals: the analyst" "$TMP/body" ">analyst<"
expect "reveals: not the ACU" 403 "$(get analyst /audit/reveals)"
check "pseudonymise: off again" "$BIN" --db "$DB" config set audit.pseudonymise 0
get analyst "/audit/alerts?rule=1&muted=yes" >/dev/null
check_has "not pseudonymised: staff numbers back" "$TMP/body" "$PU"

# the quarantine on the web: the ACU lists it, releases an event (refused
# while it is still in the future, as the command line) and drops one (a
# reason, a confirmation page, CSRF); staff and PSD refused; all logged
"$BIN" --db "$DB" user add plainstaff --password-file "$TMP/pw" --staff-number U11966 >/dev/null
expect "staff login" 303 "$(login plainstaff)"
"$BIN" --db "$DB" audit feed add qweb >/dev/null
soon=$(date -u -d '+20 minutes' +%Y-%m-%dT%H:%M:%SZ)
far=$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M:%SZ)
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n%s,U10602,HANDHELD,mobile,view,vehicle,QWSOON,,\n%s,U10602,HANDHELD,mobile,view,vehicle,QWFAR,,\n' "$soon" "$far" >"$TMP/qweb.csv"
"$BIN" --db "$DB" audit ingest -q --feed qweb "$TMP/qweb.csv" 2>/dev/null
QS=$(q "SELECT id FROM audit_quarantine WHERE record_id = 'QWSOON'")
QF=$(q "SELECT id FROM audit_quarantine WHERE record_id = 'QWFAR'")
[ -n "$QS" ] && [ -n "$QF" ] && ok "quarantine: two future events held" || fail "quarantine: two future events held"
expect "quarantine page: acu allowed" 200 "$(get analyst /audit/quarantine)"
tr -d '\n' <"$TMP/body" >"$TMP/qp"
check_has "quarantine page: the event, its feed and reason" "$TMP/qp" "<td class=\"govuk-table__cell\">qweb</td><td class=\"govuk-table__cell\">In the future"
check_has "quarantine page: its time, in UK time" "$TMP/qp" "$(TZ=Europe/London date -d "$far" '+%-d %B %Y at ')"
check_lacks "quarantine page: not the raw UTC stamp" "$TMP/qp" "$far"
expect "quarantine page: logged" 1 "$(q "SELECT COUNT(*) FROM access_log l JOIN accounts a ON a.id = l.account_id WHERE a.username = 'analyst' AND l.action = 'list' AND l.object_type = 'audit_quarantine' AND l.detail = 'offset=0'")"
expect "quarantine page: psd refused" 403 "$(get standards /audit/quarantine)"
expect "quarantine page: staff refused" 403 "$(get plainstaff /audit/quarantine)"
get analyst /audit/coverage >/dev/null
check_has "coverage: links the quarantine" "$TMP/body" 'href="/audit/quarantine"'
expect "release: a future event refused" 400 "$(post_csrf analyst /audit/quarantine/$QF/release)"
check_has "release: says why" "$TMP/body" "is still more than 300s in the future"
expect "release: psd refused" 403 "$(post_csrf standards /audit/quarantine/$QS/release)"
expect "release: staff refused" 403 "$(post_csrf plainstaff /audit/quarantine/$QS/release)"
expect "release: without the CSRF token refused" 403 "$(post analyst /audit/quarantine/$QS/release --data-urlencode "x=1")"
expect "release: nothing released by the refusals" 2 "$(q "SELECT COUNT(*) FROM audit_quarantine WHERE feed = 'qweb'")"
q "UPDATE config SET value = '3600' WHERE key = 'audit.future_tolerance_seconds'"
expect "release: an event whose time has come (within the tolerance)" 303 "$(post_csrf analyst /audit/quarantine/$QS/release)"
expect "release: it waits for the merge" "1|0" "$(q "SELECT (SELECT COUNT(*) FROM audit_pending WHERE record_id = 'QWSOON') || '|' || (SELECT COUNT(*) FROM audit_quarantine WHERE id = $QS)")"
expect "release: logged" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'update' AND object_type = 'audit_quarantine' AND object_id = '$QS' AND outcome = 'ok'")"
expect "drop: confirmation page" 200 "$(get analyst /audit/quarantine/$QF/drop)"
check_has "drop: confirmation names the event" "$TMP/body" "Drop quarantined event Q$QF?"
check_has "drop: the confirmation shows its record" "$TMP/body" "QWFAR"
check_lacks "drop: the confirmation has no raw UTC stamp" "$TMP/body" "$far"
expect "drop: confirmation psd refused" 403 "$(get standards /audit/quarantine/$QF/drop)"
expect "drop: without a reason" 400 "$(post_csrf analyst /audit/quarantine/$QF/drop --data-urlencode "reason=")"
check_has "drop: the reason asked for" "$TMP/body" "Say why the event is dropped"
expect "drop: without the CSRF token refused" 403 "$(post analyst /audit/quarantine/$QF/drop --data-urlencode "reason=clock wrong")"
expect "drop: staff refused" 403 "$(post_csrf plainstaff /audit/quarantine/$QF/drop --data-urlencode "reason=clock wrong")"
expect "drop: psd refused" 403 "$(post_csrf standards /audit/quarantine/$QF/drop --data-urlencode "reason=clock wrong")"
expect "drop: still there after the refusals" 1 "$(q "SELECT COUNT(*) FROM audit_quarantine WHERE id = $QF")"
expect "drop: with a reason" 303 "$(post_csrf analyst /audit/quarantine/$QF/drop --data-urlencode "reason=handheld clock three hours fast")"
expect "drop: gone" 0 "$(q "SELECT COUNT(*) FROM audit_quarantine WHERE id = $QF")"
expect "drop: logged with the reason and the event" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'delete' AND object_type = 'audit_quarantine' AND object_id = '$QF' AND detail LIKE 'dropped (handheld clock three hours fast) feed=qweb why=future%record=QWFAR%'")"
expect "quarantine: the refusals logged" 1 "$([ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'request' AND object_id LIKE '/audit/quarantine%' AND outcome = 'refused'")" -ge 9 ] && echo 1)"
q "UPDATE config SET value = '300' WHERE key = 'audit.future_tolerance_seconds'"

finish
