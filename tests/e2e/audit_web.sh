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

start_server "$DB"

expect "acu login" 303 "$(login analyst)"
expect "psd login" 303 "$(login standards)"

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
get standards / >/dev/null
check_lacks "home: no card for psd" "$TMP/body" 'href="/audit/alerts"'

# the queue
before=$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alerts'")
get analyst /audit/alerts >/dev/null
check_has "queue: total" "$TMP/body" "18 alerts"
expect "queue view written to the access log" "$((before + 1))" "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alerts'")"
check_has "queue: counts per rule" "$TMP/body" "Alerts per rule"
check_has "queue: counts per week" "$TMP/body" "Alerts per week"
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
expect "sort by rule" 200 "$(get analyst "/audit/alerts?sort=-rule")"
first=$(grep -o 'R[1-6] [A-Z][a-z]' "$TMP/body" | sed -n '7p')
case "$first" in "R6 "*) ok "sorted descending by rule";; *) fail "sorted descending by rule" "$first";; esac
get analyst "/audit/alerts?page=2" >/dev/null
check_has "past the last page: total kept" "$TMP/body" "18 alerts"

# one alert explains itself; the view is access-logged
before=$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alert' AND object_id = '$R1' AND outcome = 'ok'")
expect "R1 alert page" 200 "$(get analyst /audit/alerts/$R1)"
after=$(q "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND object_type = 'audit_alert' AND object_id = '$R1' AND outcome = 'ok'")
expect "view written to the access log" "$((before + 1))" "$after"
check_has "rule in plain words" "$TMP/body" "declared an association"
check_has "declared association shown" "$TMP/body" "Associate Name (family_link"
check_has "events table" "$TMP/body" "Covered by an assignment"
check_has "event's system shown" "$TMP/body" "$(q "SELECT system FROM audit_alerts WHERE id = $R1")"
check_has "activity chart is SVG" "$TMP/body" "<svg"
check_has "chart has a title" "$TMP/body" '<title id="chart-title">'
check_has "chart has a description" "$TMP/body" '<desc id="chart-desc">'
check_has "chart data as a table" "$TMP/body" "Events per day as a table"
check_has "rule version shown" "$TMP/body" "Rule version"
get analyst /audit/alerts/$R3 >/dev/null
flag=$(q "SELECT v.flag FROM audit_alerts a JOIN audit_vulnerable v ON v.subject = a.key WHERE a.id = $R3")
check_has "R3: vulnerable flag" "$TMP/body" "$flag"
check_has "R3: the three days" "$TMP/body" "distinct day 1 of 3"
check_lacks "R3: every day's event shown in full" "$TMP/body" "not kept"
expect "R3: three events behind it, each with its system" 3 "$(q "SELECT COUNT(*) FROM audit_alert_events WHERE alert_id = $R3 AND system != ''")"
get analyst /audit/alerts/$R4 >/dev/null
check_has "R4: the day's count" "$TMP/body" "Search and view events that day"
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

# mutes: stored, hidden from the queue, shown with muted=yes
R5=$(q "SELECT id FROM audit_alerts WHERE rule = 5 ORDER BY id LIMIT 1")
expect "mute needs a future date and a reason" 400 "$(post analyst /audit/alerts/$R5/mute --data-urlencode "csrf=$T" --data-urlencode "until=2020-01-01")"
check_has "mute date error" "$TMP/body" "The end date must be today or in the future"
check_has "mute reason error" "$TMP/body" "Give the reason for muting"
until=$(date -u -d "+30 days" +%Y-%m-%d)
expect "mute" 303 "$(post analyst /audit/alerts/$R5/mute --data-urlencode "csrf=$T" --data-urlencode "until=$until" --data-urlencode "mute_reason=Press office role")"
get analyst /audit/alerts >/dev/null
check_has "muted alert hidden from the queue" "$TMP/body" "17 alerts"
get analyst "/audit/alerts?muted=yes" >/dev/null
check_has "muted alerts on request" "$TMP/body" "18 alerts"
check_has "marked as muted" "$TMP/body" ">Muted<"
expect "muted alert still stored" 1 "$(q "SELECT COUNT(*) FROM audit_alerts WHERE id = $R5")"
get analyst /audit/alerts/$R5 >/dev/null
check_has "alert page says muted" "$TMP/body" ">Muted<"
check_has "the mute is listed" "$TMP/body" "Press office role"
check_has "the mute is in force" "$TMP/body" "In force"
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
expect "R2 alert from Probity's own log" 1 "$(q "SELECT COUNT(*) FROM audit_alerts WHERE rule = 2 AND user = 'U10071' AND key = '$REF' AND system = 'PROBITY'")"
"$BIN" --db "$DB" audit self >"$TMP/self2.out" 2>&1
check_has "audit self takes each row once" "$TMP/self2.out" "audit self: 0 access log reads"

finish
