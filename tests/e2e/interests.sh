#!/bin/sh
# End-to-end, CLI and HTTP: business interests as their users meet them —
# the importer (all-or-nothing, rerun, dry run, line/column errors), apply
# with validation and double submission, the line manager's recommendation,
# PSD's refusal, the appeal and the DCC overturning it, the annual review,
# ending an interest, need-to-know refusals with their access-log rows, the
# register's filters, sort, CSV/XLSX exports, reviews due, figures, the API,
# and publication of a chief officer's interest only.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "aisha 1001" "tom 1002" "priya 1003" "sean 1004" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
"$BIN" --db "$DB" user role megan +psd >/dev/null
"$BIN" --db "$DB" user add deputy --password-file "$TMP/pw" --role dcc >/dev/null

# ---- the importer ----
H=staff_number,kind,organisation,description,start_date,status
printf '%s\n1003,property_letting,Flat 2 Mill Lane,Letting my old flat,2020-04-01,approved\n1004,voluntary,Food bank,Helper,2022-01-01,ended\n' "$H" >"$TMP/i.csv"
check "import interests" "$BIN" --db "$DB" interests import "$TMP/i.csv"
check_has "import counts" "$TMP/.out" "2 rows, 2 created"
check "rerun imports nothing and exits 0" "$BIN" --db "$DB" interests import "$TMP/i.csv"
check_has "rerun counts" "$TMP/.out" "2 rows, 0 created, 2 unchanged"
[ "$(q 'SELECT COUNT(*) FROM business_interests')" = 2 ] && ok "no duplicates" || fail "no duplicates"
printf '%s\n1003,second_job,Gym,Instructor,2024-01-01,approved\n1003,hobby,X,Y,2024-01-01,approved\n' "$H" >"$TMP/bad.csv"
check_fails "bad kind rejects the file" "$BIN" --db "$DB" interests import "$TMP/bad.csv"
check_has "error names line and column" "$TMP/.out" "bad.csv:3: kind:"
check_has "nothing imported" "$TMP/.out" "nothing was imported"
[ "$(q 'SELECT COUNT(*) FROM business_interests')" = 2 ] && ok "all or nothing" || fail "all or nothing"
printf '%s\n1003,second_job,Gym,Instructor,2024-13-01,approved\n' "$H" >"$TMP/bad2.csv"
check_fails "bad date rejected" "$BIN" --db "$DB" interests import "$TMP/bad2.csv"
check_has "date error names the column" "$TMP/.out" "bad2.csv:2: start_date:"
printf '%s\n1003,second_job,Gym,Instructor,2024-01-01,pending\n' "$H" >"$TMP/bad3.csv"
check_fails "bad status rejected" "$BIN" --db "$DB" interests import "$TMP/bad3.csv"
check_has "status error" "$TMP/.out" "bad3.csv:2: status:"
printf 'staff,kind\n1003,x\n' >"$TMP/bad4.csv"
check_fails "wrong header rejected" "$BIN" --db "$DB" interests import "$TMP/bad4.csv"
check_has "header error" "$TMP/.out" "bad4.csv:1: header"
printf '%s\n1005,directorship,Residents Co,Director,2023-03-01,approved\n' "$H" >"$TMP/dry.csv"
check "dry run" "$BIN" --db "$DB" interests import --dry-run "$TMP/dry.csv"
check_has "dry run reports" "$TMP/.out" "dry run: "
[ "$(q 'SELECT COUNT(*) FROM business_interests')" = 2 ] && ok "dry run writes nothing" || fail "dry run writes nothing"
check "interests --help" "$BIN" interests --help

start_server "$DB"
for u in aisha tom priya sean megan deputy; do expect "login $u" 303 "$(login $u)"; done
TP=$(csrf priya); TT=$(csrf tom); TM=$(csrf megan); TD=$(csrf deputy); TS=$(csrf sean)

# ---- apply ----
expect "application form" 200 "$(get priya /interests/new)"
check_has "form asks for the kind" "$TMP/body" "What kind of interest is it?"
check_has "home card" "$(get priya / "$TMP/home" >/dev/null; echo "$TMP/home")" "My business interests"
expect "invalid application shown again" 400 "$(post priya /interests --data-urlencode "csrf=$TP" \
	--data-urlencode "organisation=<i>Gym</i>" --data-urlencode "hours_per_week=200" --data-urlencode "start_date=2025-02-30")"
check_has "error summary" "$TMP/body" "There is a problem"
check_has "kind error" "$TMP/body" "Select the kind of business interest"
check_has "hours error" "$TMP/body" "Hours a week must be a whole number"
check_has "date error" "$TMP/body" "Start date must be a real date"
check_has "input kept, escaped" "$TMP/body" "&lt;i&gt;Gym&lt;/i&gt;"
KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
apply() {
	post priya /interests --data-urlencode "csrf=$TP" --data-urlencode "submit_key=$KEY" \
		--data-urlencode "kind=second_job" --data-urlencode "organisation=Northgate Door Services Ltd" \
		--data-urlencode "description=Door supervisor at weekends" --data-urlencode "hours_per_week=12" \
		--data-urlencode "start_date=2025-09-01" --data-urlencode "conflict=Licensed venues in my area"
}
n0=$(q "select count(*) from business_interests")
expect "check your answers first" 200 "$(post priya /interests/check --data-urlencode "csrf=$TP" --data-urlencode "submit_key=$KEY" \
	--data-urlencode "kind=second_job" --data-urlencode "organisation=Northgate Door Services Ltd" \
	--data-urlencode "description=Door supervisor at weekends" --data-urlencode "hours_per_week=12" \
	-d "start_date-day=1" -d "start_date-month=9" -d "start_date-year=2025" --data-urlencode "conflict=Licensed venues in my area")"
check_has "the answers to check" "$TMP/body" "Check your answers before sending your application"
check_has "the start date as people read it" "$TMP/body" "1 September 2025"
check_has "sending carries every answer" "$TMP/body" 'name="hours_per_week" value="12"'
expect "nothing stored before it is sent" "$n0" "$(q "select count(*) from business_interests")"
expect "a problem goes back to the form" 400 "$(post priya /interests/check --data-urlencode "csrf=$TP" --data-urlencode "kind=second_job")"
expect "change: the form again, filled" 200 "$(post priya /interests/new --data-urlencode "csrf=$TP" --data-urlencode "organisation=Northgate Door Services Ltd")"
check_has "the organisation kept" "$TMP/body" 'value="Northgate Door Services Ltd"'
expect "apply" 303 "$(apply)"
ID=$(sed -n 's/^[Ll]ocation: \/interests\/\([0-9]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
[ -n "$ID" ] && ok "redirect to the new record" || fail "redirect to the new record" "$(cat "$TMP/headers")"
expect "posted twice" 303 "$(apply)"
[ "$(q "SELECT COUNT(*) FROM business_interests WHERE organisation = 'Northgate Door Services Ltd'")" = 1 ] &&
	ok "double submission makes one record" || fail "double submission makes one record"
expect "without CSRF refused" 403 "$(post priya /interests --data-urlencode "kind=voluntary")"
expect "applicant sees it" 200 "$(get priya "/interests/$ID?done=applied")"
check_has "success banner" "$TMP/body" "Application submitted"
check_has "a confirmation panel with the reference" "$TMP/body" "Your reference<br><strong>BI$(printf '%06d' "$ID")</strong>"
check_has "status awaiting manager" "$TMP/body" "Awaiting line manager"
expect "my interests" 200 "$(get priya /interests/mine)"
check_has "listed as mine" "$TMP/body" "Northgate Door Services Ltd"

# ---- need-to-know ----
expect "peer refused the record" 403 "$(get sean "/interests/$ID")"
[ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'business_interest' AND object_id = '$ID' AND outcome = 'refused' AND username = 'sean'")" -ge 1 ] &&
	ok "refusal is in the access log" || fail "refusal is in the access log"
expect "peer refused the register" 403 "$(get sean /interests/register)"
expect "peer refused the export" 403 "$(get sean /interests/register.csv)"
expect "peer refused the figures" 403 "$(get sean /interests/figures)"
expect "peer refused the API record" 403 "$(get sean "/api/interests/$ID")"
expect "manager's manager (not direct) refused" 403 "$(get aisha "/interests/$ID")"
expect "line manager allowed" 200 "$(get tom "/interests/$ID")"
[ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'business_interest' AND object_id = '$ID' AND outcome = 'ok' AND action = 'view' AND detail = 'line manager'")" -ge 1 ] &&
	ok "manager's view is logged" || fail "manager's view is logged"
expect "team view for the line manager" 200 "$(get tom /interests/team)"
check_has "team view lists the report's interest" "$TMP/body" "Northgate Door Services Ltd"
expect "team view refused to staff" 403 "$(get priya /interests/team)"
expect "team view of someone else's team is empty" 200 "$(get aisha /interests/team)"
check_lacks "not the manager's manager's" "$TMP/body" "Northgate Door Services Ltd"
# the same lists as JSON (docs/API.md): same rules, same access-log rows
nref() { q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND username = '$1'"; }
nlist() { q "SELECT COUNT(*) FROM access_log WHERE username = '$1' AND action = 'list' AND object_type = 'business_interest' AND object_id = '$2' AND outcome = 'ok'"; }
b=$(nlist tom team)
expect "API team for the line manager" 200 "$(get tom /api/v1/interests/team)"
check_has "API team lists the report's interest" "$TMP/body" "Northgate Door Services Ltd"
expect "API team logged like the page" "$((b + 1))" "$(nlist tom team)"
expect "API team of someone else's team" 200 "$(get aisha /api/v1/interests/team)"
check_lacks "API team: not the manager's manager's" "$TMP/body" "Northgate Door Services Ltd"
b=$(nref priya)
expect "API team refused to staff" 403 "$(get priya /api/v1/interests/team)"
expect "API team refusal logged" "$((b + 1))" "$(nref priya)"
expect "PSD allowed" 200 "$(get megan "/interests/$ID")"
expect "DCC allowed" 200 "$(get deputy "/interests/$ID")"
expect "peer cannot recommend" 403 "$(post sean "/interests/$ID/recommend" --data-urlencode "csrf=$TS" --data-urlencode "recommendation=support")"

# ---- recommend, decide, appeal ----
expect "manager's queue" 200 "$(get tom /interests/awaiting)"
check_has "queue lists it" "$TMP/body" "Northgate Door Services Ltd"
expect "API manager's queue" 200 "$(get tom /api/v1/interests/awaiting)"
check_has "API queue lists it" "$TMP/body" "Northgate Door Services Ltd"
expect "API queue logged like the page" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log WHERE username = 'tom' AND action = 'list' AND object_type = 'business_interest' AND object_id = 'awaiting'")"
b=$(nref priya)
expect "API queue refused to staff" 403 "$(get priya /api/v1/interests/awaiting)"
expect "API queue refusal logged" "$((b + 1))" "$(nref priya)"
check_has "recommend form" "$(get tom "/interests/$ID" >/dev/null; echo "$TMP/body")" "Your recommendation as line manager"
check_has "her business interests beside the recommendation" "$TMP/body" "&#39;s business interests, newest first"
check_has "with this one in it" "$TMP/body" "Northgate Door Services Ltd"
expect "recommendation needs a reason when not supported" 400 "$(post tom "/interests/$ID/recommend" --data-urlencode "csrf=$TT" --data-urlencode "recommendation=do_not_support")"
check_has "comment error" "$TMP/body" "Say why you do not support it"
expect "recommend" 303 "$(post tom "/interests/$ID/recommend" --data-urlencode "csrf=$TT" --data-urlencode "recommendation=do_not_support" --data-urlencode "manager_comment=Clashes with night shifts")"
expect "PSD queue" 200 "$(get megan /interests/awaiting)"
check_has "PSD queue lists it" "$TMP/body" "Northgate Door Services Ltd"
expect "PSD opens it" 200 "$(get megan "/interests/$ID")"
check_has "PSD sees the history beside the decision" "$TMP/body" "&#39;s business interests, newest first"
expect "refusal needs a reason" 400 "$(post megan "/interests/$ID/decision" --data-urlencode "csrf=$TM" --data-urlencode "decision=refused")"
check_has "the reason is revealed under Refuse" "$TMP/body" 'value="refused" checked data-aria-controls="conditional-decision-3"'
check_has "shown, as Refuse is chosen" "$TMP/body" 'class="govuk-radios__conditional" id="conditional-decision-3"'
check_has "conditions hidden until chosen" "$TMP/body" 'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-decision-2"'
check_has "reason error" "$TMP/body" "Give the reason for refusing"
expect "manager cannot decide" 403 "$(post tom "/interests/$ID/decision" --data-urlencode "csrf=$TT" --data-urlencode "decision=approved")"
expect "PSD refuses" 303 "$(post megan "/interests/$ID/decision" --data-urlencode "csrf=$TM" --data-urlencode "decision=refused" --data-urlencode "reason=Night-time economy conflict")"
expect "decided twice is a conflict" 409 "$(post megan "/interests/$ID/decision" --data-urlencode "csrf=$TM" --data-urlencode "decision=approved")"
get priya "/interests/$ID" >/dev/null
check_has "applicant sees the refusal" "$TMP/body" "Night-time economy conflict"
check_has "applicant offered an appeal" "$TMP/body" "Appeal against the refusal"
expect "manager cannot appeal" 403 "$(post tom "/interests/$ID/appeal" --data-urlencode "csrf=$TT" --data-urlencode "grounds=x")"
expect "appeal" 303 "$(post priya "/interests/$ID/appeal" --data-urlencode "csrf=$TP" --data-urlencode "grounds=I would only work Sunday daytimes")"
expect "second appeal is a conflict" 409 "$(post priya "/interests/$ID/appeal" --data-urlencode "csrf=$TP" --data-urlencode "grounds=again")"
expect "DCC queue" 200 "$(get deputy /interests/awaiting)"
check_has "DCC queue lists the appeal" "$TMP/body" "Appealed"
expect "PSD cannot decide the appeal" 403 "$(post megan "/interests/$ID/appeal-decision" --data-urlencode "csrf=$TM" --data-urlencode "outcome=upheld" --data-urlencode "appeal_reason=x")"
expect "appeal decision needs a reason" 400 "$(post deputy "/interests/$ID/appeal-decision" --data-urlencode "csrf=$TD" --data-urlencode "outcome=overturned")"
check_has "appeal reason error" "$TMP/body" "Give the reason for your decision"
expect "DCC overturns" 303 "$(post deputy "/interests/$ID/appeal-decision" --data-urlencode "csrf=$TD" --data-urlencode "outcome=overturned" --data-urlencode "appeal_reason=Daytime only is compatible")"
[ "$(q "SELECT status || '/' || appeal_status FROM business_interests WHERE id = $ID")" = "approved/overturned" ] &&
	ok "overturned: approved" || fail "overturned: approved" "$(q "SELECT status, appeal_status FROM business_interests WHERE id = $ID")"
[ -n "$(q "SELECT review_date FROM business_interests WHERE id = $ID AND review_date > date('now')")" ] &&
	ok "approval carries a review date" || fail "approval carries a review date"

# ---- review, reviews due, end ----
q "UPDATE business_interests SET review_date = '2020-01-01' WHERE id = $ID"
expect "reviews due" 200 "$(get megan /interests/reviews)"
check_has "overdue review listed" "$TMP/body" "1 January 2020 (overdue)"
expect "staff refused reviews due" 403 "$(get priya /interests/reviews)"
expect "API reviews due" 200 "$(get megan /api/v1/interests/reviews)"
expect "API: the overdue review" "$ID 2020-01-01" "$(python3 -c "import json; d=json.load(open('$TMP/body')); print(*[(i['id'], i['review_date']) for i in d['items'] if i['id'] == $ID][0])")"
b=$(nref priya)
expect "API reviews due refused to staff" 403 "$(get priya /api/v1/interests/reviews)"
expect "API reviews refusal logged" "$((b + 1))" "$(nref priya)"
expect "withdrawal needs a note" 400 "$(post megan "/interests/$ID/review" --data-urlencode "csrf=$TM" --data-urlencode "outcome=withdrawn")"
check_has "note error" "$TMP/body" "Give the reason for withdrawing approval"
expect "review changes conditions" 303 "$(post megan "/interests/$ID/review" --data-urlencode "csrf=$TM" --data-urlencode "outcome=conditions_changed" --data-urlencode "review_conditions=Sunday daytime only")"
[ "$(q "SELECT status FROM business_interests WHERE id = $ID")" = approved_with_conditions ] && ok "conditions set at review" || fail "conditions set at review"
get priya "/interests/$ID" >/dev/null
check_has "review history shown" "$TMP/body" "conditions changed by Megan Hughes"
expect "manager cannot end it" 403 "$(post tom "/interests/$ID/end" --data-urlencode "csrf=$TT")"
expect "end with a bad date shown again" 400 "$(post priya "/interests/$ID/end" --data-urlencode "csrf=$TP" --data-urlencode "end_date=soon")"
check_has "end date error" "$TMP/body" "End date must be a real date"
expect "holder ends it" 303 "$(post priya "/interests/$ID/end" --data-urlencode "csrf=$TP" --data-urlencode "end_reason=Stopped")"
[ "$(q "SELECT status FROM business_interests WHERE id = $ID")" = ended ] && ok "ended" || fail "ended"

# ---- the register ----
expect "register for PSD" 200 "$(get megan /interests/register)"
check_has "register lists imports" "$TMP/body" "Flat 2 Mill Lane"
expect "register for DCC" 200 "$(get deputy /interests/register)"
expect "filter by organisation" 200 "$(get megan "/interests/register?organisation=mill+lane")"
check_has "filter keeps the match" "$TMP/body" "Flat 2 Mill Lane"
check_lacks "filter drops the rest" "$TMP/body" "Northgate Door Services"
expect "filter by status" 200 "$(get megan "/interests/register?status=ended")"
check_has "ended listed" "$TMP/body" "Northgate Door Services"
check_lacks "approved not listed" "$TMP/body" "Flat 2 Mill Lane"
expect "sort by organisation" 200 "$(get megan "/interests/register?sort=organisation")"
expect "bad date filter shown as an error" 200 "$(get megan "/interests/register?from=2025-99-01")"
check_has "filter error" "$TMP/body" "From must be a date"
expect "a range that ends before it starts" 200 "$(get megan "/interests/register?from-day=1&from-month=6&from-year=2025&to-day=1&to-month=1&to-year=2025")"
check_has "is named" "$TMP/body" '<a href="#to-day">To must be the same as or after From</a>'
expect "CSV export" 200 "$(get megan "/interests/register.csv?status=ended" "$TMP/e.csv")"
head -1 "$TMP/e.csv" | grep -q "^$(printf '\357\273\277')reference,staff_number,name,unit,kind,organisation" && ok "CSV header" || fail "CSV header" "$(head -1 "$TMP/e.csv")"
[ "$(wc -l <"$TMP/e.csv")" = 3 ] && ok "CSV has the filtered rows" || fail "CSV has the filtered rows" "$(cat "$TMP/e.csv")"
expect "XLSX export" 200 "$(get megan /interests/register.xlsx "$TMP/e.xlsx")"
[ "$(head -c 2 "$TMP/e.xlsx")" = PK ] && ok "XLSX is a zip" || fail "XLSX is a zip"
[ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'interest_register' AND action = 'export' AND outcome = 'ok'")" -ge 2 ] &&
	ok "exports logged" || fail "exports logged"
expect "figures" 200 "$(get megan /interests/figures)"
check_has "figures table" "$TMP/body" "Overturned"
expect "figures with a period" 200 "$(get megan "/interests/figures?from=2000-01-01&to=2099-12-31")"
expect "API register for PSD" 200 "$(get megan /api/interests)"
check_has "API JSON" "$TMP/body" '"organisation"'
expect "API mine" 200 "$(get priya /api/interests/mine)"
check_has "API mine lists it" "$TMP/body" "Northgate Door Services Ltd"
expect "API register refused for staff" 403 "$(get priya /api/interests)"
expect "unknown interest" 404 "$(get megan /interests/999999)"
PID=$(q "SELECT id FROM people WHERE staff_number = '1003'")
expect "DCC sees a person's interests" 200 "$(get deputy "/people/$PID/interests")"
check_has "person's interests listed" "$TMP/body" "Northgate Door Services Ltd"
expect "PSD sees a person's interests" 200 "$(get megan "/people/$PID/interests")"
expect "peer refused a person's interests" 403 "$(get sean "/people/$PID/interests")"
for u in deputy megan; do
	expect "API a person's interests ($u)" 200 "$(get $u "/api/v1/people/$PID/interests")"
	expect "API: theirs alone ($u)" "True" "$(python3 -c "import json; d=json.load(open('$TMP/body')); print(d['total'] > 0 and all(i['staff_number'] == '1003' for i in d['items']))")"
done
b=$(nref sean)
expect "API: peer refused a person's interests" 403 "$(get sean "/api/v1/people/$PID/interests")"
expect "API: that refusal logged" "$((b + 1))" "$(nref sean)"

# One reference everywhere: the register page, the CSV and the JSON.
REF=$(printf 'BI%06d' "$ID")
get megan /interests/register "$TMP/ref.html" >/dev/null
get megan /interests/register.csv "$TMP/ref.csv" >/dev/null
get megan "/api/interests/$ID" "$TMP/ref.json" >/dev/null
check_same_ref "interest" "$REF" "$TMP/ref.html" "$TMP/ref.csv" "$TMP/ref.json"

# ---- publication: a chief officer's interest only ----
q "UPDATE people SET chief_officer = 1 WHERE staff_number = '1001'"
printf '%s\n1001,voluntary,Northshire Air Ambulance,Trustee,2024-02-01,approved\n' "$H" >"$TMP/chief.csv"
"$BIN" --db "$DB" interests import "$TMP/chief.csv" >/dev/null
check "publish" "$BIN" --db "$DB" publish --out "$TMP/site"
check_has "chief officer's interest published" "$TMP/site/registers/chief-officers.html" "Northshire Air Ambulance"
check_has "published as CSV" "$TMP/site/registers/chief-officers-interests.csv" "Northshire Air Ambulance"
check_lacks "no one else's interest" "$TMP/site/registers/chief-officers.html" "Flat 2 Mill Lane"
check_lacks "no one else's interest in CSV" "$TMP/site/registers/chief-officers-interests.csv" "Northgate Door"
check_has "index links the registers" "$TMP/site/index.html" "registers/chief-officers.html"
finish
