#!/bin/sh
# End-to-end over HTTP: changes of personal circumstances — declare
# (conditional validation), the vetting task raised with it, the
# early-intervention referral, need-to-know (declarer, vetting, PSD; not the
# line manager; refusals logged), the vetting list's filters and CSV export.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../registers_lib.sh"
start_server "$DB"

for u in priya tom megan sean vera; do expect "$u login" 303 "$(login $u)"; done
PT=$(csrf priya)
expect "declaration form" 200 "$(get priya /circumstances/new)"
check_has "referral offered" "$TMP/body" "early-intervention referral"
# conditional reveals: the financial and arrest questions sit under their answer, hidden until chosen
check_has "financial questions revealed by their answer" "$TMP/body" 'value="financial_difficulty" data-aria-controls="conditional-kind-4"'
check_has "hidden until chosen" "$TMP/body" 'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-kind-4"'
check_has "arrest questions revealed by their answer" "$TMP/body" 'value="criminal_justice" data-aria-controls="conditional-kind-5"'

expect "financial difficulty without detail re-shown" 400 "$(post priya /circumstances --data-urlencode "csrf=$PT" -d kind=financial_difficulty -d event_date-day= -d event_date-month= -d event_date-year=)"
check_has "subtype error" "$TMP/body" "Select the kind of financial difficulty"
check_has "referral error" "$TMP/body" "Select whether you would like an early-intervention referral"
check_has "details error" "$TMP/body" "Describe the change"
check_has "the chosen answer's questions are shown" "$TMP/body" 'class="govuk-radios__conditional" id="conditional-kind-4"'
# the error summary follows the page: kind's questions, date, name, details
order=$(grep -o 'href="#[a-z_-]*"' "$TMP/body" | grep -v main-content | head -5 | tr '\n' ' ')
expect "error summary in field order" 'href="#fin_subtype" href="#referral" href="#event_date-day" href="#details" ' "$order"
expect "family arrest needs a name" 400 "$(post priya /circumstances --data-urlencode "csrf=$PT" -d kind=criminal_justice -d cj_subtype=arrest -d subject=family -d details=x -d event_date=2026-01-02)"
check_has "name error" "$TMP/body" "Enter the family member"
expect "no task for rejected input" 0 "$(q "select count(*) from vetting_tasks")"

KEY=3333333333333333333333333333333333333333333333333333333333333333
declare_fin() {
	post priya /circumstances --data-urlencode "csrf=$PT" --data-urlencode "submit_key=$KEY" -d kind=financial_difficulty \
		-d fin_subtype=ccj -d referral=both --data-urlencode "details=County court judgment for a credit card debt" \
		-d event_date=2025-11-03
}
expect "declare" 303 "$(declare_fin)"
LOC=$(location); ID=${LOC##*/}
case "$ID" in ''|*[!0-9]*) fail "declaration id" "$LOC";; *) ok "declaration id";; esac
expect "double submission" 303 "$(declare_fin)"
expect "one record" 1 "$(q "select count(*) from circumstances")"
expect "vetting task raised with it" "change_of_circumstances|circumstance|$ID|open" "$(q "select kind || '|' || source || '|' || source_id || '|' || status from vetting_tasks")"
expect "task linked" 1 "$(q "select count(*) from circumstances c join vetting_tasks t on t.id = c.task_id where c.id = $ID")"
expect "referral recorded" both "$(q "select referral from circumstances where id = $ID")"
expect "referral logged" 1 "$(q "select count(*) from access_log where object_type = 'early_intervention_referral' and object_id = '$ID'")"
expect "declarer sees it" 200 "$(get priya "$LOC?done=declared")"
check_has "referral banner" "$TMP/body" "Your referral has been recorded"
check_has "with vetting" "$TMP/body" "Waiting for the vetting unit"

expect "partner" 303 "$(post priya /circumstances --data-urlencode "csrf=$PT" -d kind=partner_or_coresident --data-urlencode "other_person=Sam Lee" -d details=Moved-in -d event_date=2026-01-10)"
PID=$(location); PID=${PID##*/}
expect "two tasks" 2 "$(q "select count(*) from vetting_tasks where kind = 'change_of_circumstances'")"

b=$(refused circumstance)
expect "line manager refused" 403 "$(get tom "/circumstances/$ID")"
expect "acu refused" 403 "$(get sean "/circumstances/$ID")"
expect "refusals logged" "$((b + 2))" "$(refused circumstance)"
expect "staff cannot list" 403 "$(get priya /circumstances/register)"
expect "manager cannot export" 403 "$(get tom /circumstances/register.csv)"
expect "vetting sees it" 200 "$(get vera "/circumstances/$ID")"
check_has "vetting sees details" "$TMP/body" "County court judgment"
expect "psd sees it" 200 "$(get megan "/circumstances/$ID")"

expect "vetting list" 200 "$(get vera /circumstances/register)"
check_has "lists the declarer" "$TMP/body" "Priya Nair"
get vera "/circumstances/register?referral=1" >/dev/null
check_has "referral filter keeps" "$TMP/body" "County court judgment"
check_lacks "referral filter drops" "$TMP/body" ">$(printf 'CC%06d' "$PID")<"
get vera "/circumstances/register?kind=partner_or_coresident" >/dev/null
check_has "kind filter" "$TMP/body" ">$(printf 'CC%06d' "$PID")<"
check_lacks "kind filter drops" "$TMP/body" "County court judgment"
get vera "/circumstances/register?sort=kind&per_page=1" >/dev/null
check_has "paged" "$TMP/body" "govuk-pagination"
expect "csv" 200 "$(get vera "/circumstances/register.csv?kind=financial_difficulty" "$TMP/x.csv")"
check_has "csv header" "$TMP/x.csv" "reference,declared_on,staff_number,name"
expect "csv rows" 1 "$(($(wc -l <"$TMP/x.csv") - 1))"
expect "xlsx" 200 "$(get megan "/circumstances/register.xlsx" "$TMP/x.xlsx")"
head -c 2 "$TMP/x.xlsx" | grep -q PK && ok "xlsx is a spreadsheet" || fail "xlsx is a spreadsheet"
expect "manager cannot export xlsx" 403 "$(get tom /circumstances/register.xlsx)"

TV=$("$BIN" --db "$DB" token create vera); TTOK=$("$BIN" --db "$DB" token create tom); TP=$("$BIN" --db "$DB" token create priya)
expect "api list for vetting" 200 "$(api "$TV" "/api/circumstances?referral=1")"
check_has "api total" "$TMP/body" '"total":1,'
check_has "api task" "$TMP/body" '"vetting_task":{'
expect "api list refused to the manager" 403 "$(api "$TTOK" /api/circumstances)"
expect "api one refused to the manager" 403 "$(api "$TTOK" "/api/circumstances/$ID")"
expect "api mine" 200 "$(api "$TP" /api/circumstances/mine)"
check_has "api mine lists both" "$TMP/body" '"total":2,'

expect "mine" 200 "$(get priya /circumstances/mine)"
check_has "mine lists" "$TMP/body" "County court judgment"
# One reference everywhere: the register page, the CSV and the JSON.
REF=$(printf 'CC%06d' "$ID")
get vera /circumstances/register "$TMP/ref.html" >/dev/null
get vera /circumstances/register.csv "$TMP/ref.csv" >/dev/null
api "$TV" "/api/circumstances/$ID" >/dev/null; cp "$TMP/body" "$TMP/ref.json"
check_same_ref "circumstance" "$REF" "$TMP/ref.html" "$TMP/ref.csv" "$TMP/ref.json"
get vera "/circumstances/$ID" >/dev/null
check_has "circumstance page title has the reference" "$TMP/body" "Declaration $REF"
check "access log intact" "$BIN" --db "$DB" verify-log
finish
