#!/bin/sh
# End-to-end over HTTP: notifiable associations — declare (validation,
# escaping, double submission), need-to-know (declarer, PSD and ACU only; not
# the line manager; refusals logged), PSD assessment, the register's filters,
# reviews due and CSV export, ending an association, CSRF.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../registers_lib.sh"
start_server "$DB"

for u in priya tom aisha megan sean vera; do expect "$u login" 303 "$(login $u)"; done
PT=$(csrf priya)
expect "declaration form" 200 "$(get priya /associations/new)"
check_has "form says the manager will not see it" "$TMP/body" "your line manager will not"

expect "invalid declaration re-shown" 400 "$(post priya /associations --data-urlencode "csrf=$PT" --data-urlencode "associate_name=<script>x</script>" --data-urlencode "associate_ref=P12 34" --data-urlencode "began_on=2030-01-01")"
check_has "error summary" "$TMP/body" "There is a problem"
check_has "category error" "$TMP/body" "Select why this association is notifiable"
check_has "ref error" "$TMP/body" "Person id must be letters and digits only"
check_has "date error" "$TMP/body" "When it began must be today or in the past"
check_has "input kept, escaped" "$TMP/body" "&lt;script&gt;x&lt;/script&gt;"
check_lacks "no raw markup" "$TMP/body" "<script>x</script>"

KEY=1111111111111111111111111111111111111111111111111111111111111111
declare_assoc() {
	post priya /associations --data-urlencode "csrf=$PT" --data-urlencode "submit_key=$1" \
		--data-urlencode "associate_name=$2" --data-urlencode "associate_ref=P7654321" \
		--data-urlencode "category=criminal_record" --data-urlencode "relationship=School friend" \
		--data-urlencode "contact_frequency=Monthly" --data-urlencode "began_on=2012-09-01"
}
expect "declare" 303 "$(declare_assoc $KEY "Terry Crook")"
LOC=$(location); ID=${LOC##*/}
case "$ID" in ''|*[!0-9]*) fail "association id" "$LOC";; *) ok "association id";; esac
expect "double submission" 303 "$(declare_assoc $KEY "Terry Crook")"
expect "double submission makes one record" "$LOC" "$(location)"
expect "one row" 1 "$(q "select count(*) from notifiable_associations where associate_name = 'Terry Crook'")"
expect "associate ref kept for audit R1" P7654321 "$(q "select associate_ref from notifiable_associations where id = $ID")"
expect "declarer sees it" 200 "$(get priya "$LOC?done=declared")"
check_has "success banner" "$TMP/body" "Association declared"
expect "my associations" 200 "$(get priya /associations/mine)"
check_has "listed in mine" "$TMP/body" "Terry Crook"

# Need-to-know: the line manager is refused, and so is another manager and vetting
b=$(refused association)
expect "line manager refused" 403 "$(get tom "/associations/$ID")"
expect "other manager refused" 403 "$(get aisha "/associations/$ID")"
expect "vetting refused" 403 "$(get vera "/associations/$ID")"
expect "refusals logged" "$((b + 3))" "$(refused association)"
expect "staff cannot see the register" 403 "$(get priya /associations/register)"
expect "manager cannot see the register" 403 "$(get tom /associations/register)"
expect "staff cannot export" 403 "$(get priya /associations/register.csv)"
expect "manager's own list lacks it" 200 "$(get tom /associations/mine)"
check_lacks "not in the manager's list" "$TMP/body" "Terry Crook"

# PSD and ACU see it (views logged)
b=$(q "select count(*) from access_log where object_type = 'association' and object_id = '$ID' and outcome = 'ok' and action = 'view'")
expect "psd sees it" 200 "$(get megan "/associations/$ID")"
check_has "assessment form for psd" "$TMP/body" "Record assessment"
check_has "the declarer's associations beside the assessment" "$TMP/body" "&#39;s notifiable associations, newest first"
check_has "review date suggested a year on" "$TMP/body" "name=\"review_date-year\" type=\"text\" inputmode=\"numeric\" value=\"$(date -u -d "+12 months" +%Y)\""
check_has "review date suggested: its month" "$TMP/body" "name=\"review_date-month\" type=\"text\" inputmode=\"numeric\" value=\"$(date -u -d "+12 months" +%-m)\""
expect "acu sees it" 200 "$(get sean "/associations/$ID")"
check_lacks "no assessment form for acu" "$TMP/body" "Record assessment"
check_lacks "no history without an assessment to make" "$TMP/body" "notifiable associations, newest first"
expect "views logged" "$((b + 2))" "$(q "select count(*) from access_log where object_type = 'association' and object_id = '$ID' and outcome = 'ok' and action = 'view'")"

# Assessment: PSD only; advice needed for medium/high
MT=$(csrf megan); ST=$(csrf sean)
expect "acu cannot assess" 403 "$(post sean "/associations/$ID/assessment" --data-urlencode "csrf=$ST" -d risk=low -d review_date=2030-01-01)"
expect "assessment without CSRF refused" 403 "$(post megan "/associations/$ID/assessment" -d risk=low)"
expect "high without advice re-shown" 400 "$(post megan "/associations/$ID/assessment" --data-urlencode "csrf=$MT" -d risk=high -d review_date=2001-01-01)"
check_has "advice error" "$TMP/body" "Give the advice or conditions for a high risk"
check_has "review date error" "$TMP/body" "Review date must be today or later"
REV=$(date -u -d "+10 days" +%Y-%m-%d)
expect "psd assesses" 303 "$(post megan "/associations/$ID/assessment" --data-urlencode "csrf=$MT" -d risk=high --data-urlencode "advice=No discussion of police work" -d "review_date=$REV")"
expect "assessed" "assessed|high" "$(q "select status || '|' || risk from notifiable_associations where id = $ID")"
get priya "/associations/$ID" >/dev/null
check_has "declarer sees the advice" "$TMP/body" "No discussion of police work"

# A second, unassessed association for the filters
declare_assoc 2222222222222222222222222222222222222222222222222222222222222222 "Jan Scribe" >/dev/null
q "update notifiable_associations set category = 'journalist' where associate_name = 'Jan Scribe'"

expect "register" 200 "$(get megan /associations/register)"
check_has "register lists both" "$TMP/body" "Jan Scribe"
check_has "reviews due shown" "$TMP/body" "1 review is due"
get megan "/associations/register?category=journalist" >/dev/null
check_has "category filter keeps" "$TMP/body" "Jan Scribe"
check_lacks "category filter drops" "$TMP/body" "Terry Crook"
get megan "/associations/register?risk=none" >/dev/null
check_has "unassessed filter" "$TMP/body" "Jan Scribe"
check_lacks "unassessed filter drops" "$TMP/body" "Terry Crook"
get megan "/associations/register?due=1" >/dev/null
check_has "reviews due filter" "$TMP/body" "Terry Crook"
check_lacks "reviews due drops unassessed" "$TMP/body" "Jan Scribe"
get megan "/associations/register?q=p7654321&sort=-name&per_page=1" >/dev/null
check_has "search by person id" "$TMP/body" "Terry Crook"
check_has "paged" "$TMP/body" "govuk-pagination"
expect "acu register" 200 "$(get sean /associations/register)"
expect "csv export" 200 "$(get megan "/associations/register.csv?category=criminal_record" "$TMP/x.csv")"
check_has "csv header" "$TMP/x.csv" "reference,declared_on,staff_number,name,unit,associate_name,associate_ref"
expect "csv has exactly the filtered rows" 1 "$(($(wc -l <"$TMP/x.csv") - 1))"
check_has "csv row" "$TMP/x.csv" "Terry Crook"
expect "export logged" 1 "$(q "select count(*) from access_log where action = 'export' and object_type = 'association_register' and outcome = 'ok'")"
expect "xlsx export" 200 "$(get sean "/associations/register.xlsx" "$TMP/x.xlsx")"
head -c 2 "$TMP/x.xlsx" | grep -q PK && ok "xlsx is a spreadsheet" || fail "xlsx is a spreadsheet"
expect "staff cannot export xlsx" 403 "$(get priya /associations/register.xlsx)"

# Ending: the declarer can; the manager cannot
TT=$(csrf tom)
expect "manager cannot end it" 403 "$(post tom "/associations/$ID/end" --data-urlencode "csrf=$TT")"
expect "declarer ends it" 303 "$(post priya "/associations/$ID/end" --data-urlencode "csrf=$PT" --data-urlencode "note=Moved away")"
expect "ended" ended "$(q "select status from notifiable_associations where id = $ID")"
expect "ended cannot be assessed" 409 "$(post megan "/associations/$ID/assessment" --data-urlencode "csrf=$MT" -d risk=low -d "review_date=$REV")"

# JSON API: the same rules
TM=$("$BIN" --db "$DB" token create megan); TP=$("$BIN" --db "$DB" token create priya); TTOK=$("$BIN" --db "$DB" token create tom)
expect "api register for psd" 200 "$(api "$TM" "/api/associations?category=journalist")"
check_has "api total" "$TMP/body" '"total":1,'
check_has "api item" "$TMP/body" "Jan Scribe"
expect "api register refused to staff" 403 "$(api "$TP" /api/associations)"
check_has "api refusal is JSON" "$TMP/body" '"error"'
expect "api mine" 200 "$(api "$TP" /api/associations/mine)"
check_has "api mine lists own" "$TMP/body" "Terry Crook"
expect "api one refused to the line manager" 403 "$(api "$TTOK" "/api/associations/$ID")"
expect "api one for the declarer" 200 "$(api "$TP" "/api/associations/$ID")"
check_has "api one has the ref" "$TMP/body" '"associate_ref":"P7654321"'
expect "api without credentials" 401 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/api/associations")"

expect "home card for staff" 200 "$(get priya /)"
check_has "declare card" "$TMP/body" "Declare a notifiable association"
get megan / >/dev/null
check_has "register card for psd" "$TMP/body" "Notifiable associations register"

# One reference everywhere: the register page, the CSV and the JSON.
REF=$(printf 'NA%06d' "$ID")
get megan /associations/register "$TMP/ref.html" >/dev/null
get megan /associations/register.csv "$TMP/ref.csv" >/dev/null
api "$TM" "/api/associations/$ID" >/dev/null; cp "$TMP/body" "$TMP/ref.json"
check_same_ref "association" "$REF" "$TMP/ref.html" "$TMP/ref.csv" "$TMP/ref.json"
get megan "/associations/$ID" >/dev/null
check_has "association page title has the reference" "$TMP/body" "Association $REF"
check "access log intact" "$BIN" --db "$DB" verify-log
finish
