#!/bin/sh
# End-to-end over HTTP: the gifts and hospitality register as its users
# meet it — declare, validation, double submission, line-manager and PSD
# decisions, need-to-know refusals (and their access-log rows), CSRF, the
# PSD register's filters and exports, and the JSON API.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
"$BIN" --db "$DB" gifts import "$F/gifts-register.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "aisha 1001" "tom 1002" "priya 1003" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
"$BIN" --db "$DB" user role megan +psd >/dev/null

start_server "$DB"

# login USER: a cookie jar $TMP/USER.jar
# get USER PATH [OUTFILE]: prints the status
# csrf USER: the session's CSRF token, read from the declaration form
# post USER PATH DATA...: prints the status; body in $TMP/body, headers in $TMP/headers

expect "staff login" 303 "$(login priya)"
expect "wrong password refused" 200 "$(curl -s -o "$TMP/body" -w "%{http_code}" -b "$TMP/w.jar" --data-urlencode "login_token=$(login_token "$TMP/w.jar")" -d username=priya -d password=wrong-password-x "$URL/login" | sed 's/^4../200/')"
check_has "wrong password message" "$TMP/body" "Incorrect username or password"
expect "declaration form" 200 "$(get priya /gifts/new)"
check_has "form is GOV.UK" "$TMP/body" "govuk-form-group"
T=$(csrf priya)
[ -n "$T" ] && ok "csrf token on forms" || fail "csrf token on forms"

# Validation: every problem listed, input kept
expect "invalid declaration is shown again" 400 "$(post priya /gifts --data-urlencode "csrf=$T" --data-urlencode "offeror_org=Acme <b>Ltd</b>" --data-urlencode "date_offered=2025-02-30" --data-urlencode "value=-4")"
check_has "error summary" "$TMP/body" "There is a problem"
check_has "date error" "$TMP/body" "Date offered must be a real date"
check_has "value error" "$TMP/body" "Estimated value must be an amount"
check_has "input kept and escaped" "$TMP/body" "Acme &lt;b&gt;Ltd&lt;/b&gt;"
check_lacks "no raw markup from input" "$TMP/body" "<b>Ltd</b>"

KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
declare_gift() {
	post priya /gifts --data-urlencode "csrf=$T" --data-urlencode "submit_key=$1" --data-urlencode "accepted=yes" \
		--data-urlencode "kind=hospitality" --data-urlencode "date_offered=2025-05-01" \
		--data-urlencode "offeror_org=Northgate Catering Ltd" --data-urlencode "description=Dinner at launch event" \
		--data-urlencode "value=$2" --data-urlencode "reason=Represented the force"
}
# Check your answers before sending: nothing is stored until it is sent
n0=$(q "select count(*) from gifts")
check_answers() {
	post priya /gifts/check --data-urlencode "csrf=$T" --data-urlencode "submit_key=$KEY" --data-urlencode "accepted=yes" \
		--data-urlencode "kind=hospitality" -d "date_offered-day=1" -d "date_offered-month=5" -d "date_offered-year=2025" \
		--data-urlencode "offeror_org=Northgate Catering Ltd" --data-urlencode "description=Dinner at launch event" \
		--data-urlencode "value=$1" --data-urlencode "reason=Represented the force"
}
expect "the form goes on to check your answers" 200 "$(check_answers 120.00)"
check_has "the answers to check" "$TMP/body" "Check your answers before sending your declaration"
check_has "the date as people read it" "$TMP/body" "1 May 2025"
check_has "the value" "$TMP/body" "£120.00"
check_has "an optional answer left out says so" "$TMP/body" "Not given"
check_has "a change button per answer" "$TMP/body" 'action="/gifts/new#offeror_org"'
check_has "the send button" "$TMP/body" "Send declaration"
check_has "the answers carried to the send" "$TMP/body" 'name="date_offered" value="2025-05-01"'
# Back keeps the answers: it posts them to the form, as Change does, rather
# than linking to an empty form
tr -d '\n' <"$TMP/body" | sed 's/<main.*//' | grep -o '<form method="post" action="/gifts/new" novalidate>.*Back</button>' >"$TMP/back"
check_has "Back posts the answers to the form" "$TMP/back" 'name="offeror_org" value="Northgate Catering Ltd"'
check_has "as a back link" "$TMP/back" 'class="govuk-back-link probity-back-button">Back</button>'
check_lacks "not a link to an empty form" "$TMP/body" '<a href="/gifts/new" class="govuk-back-link">'
expect "nothing stored yet" "$n0" "$(q "select count(*) from gifts")"
expect "a problem goes back to the form" 400 "$(check_answers lots)"
check_has "with its error" "$TMP/body" "Estimated value"
expect "change: the form again, filled" 200 "$(post priya /gifts/new --data-urlencode "csrf=$T" --data-urlencode "submit_key=$KEY" -d accepted=yes -d kind=hospitality -d date_offered=2025-05-01 --data-urlencode "offeror_org=Northgate Catering Ltd")"
check_has "the organisation kept" "$TMP/body" 'value="Northgate Catering Ltd"'
check_has "the date's day kept" "$TMP/body" 'name="date_offered-day" type="text" inputmode="numeric" value="1"'
check_has "the same one-time key" "$TMP/body" "value=\"$KEY\""
expect "declare" 303 "$(declare_gift $KEY 120.00)"
LOC=$(sed -n 's/^[Ll]ocation: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
ID=${LOC##*/}
case "$ID" in ''|*[!0-9]*) fail "declaration id" "$LOC";; *) ok "declaration id";; esac
expect "double submission" 303 "$(declare_gift $KEY 120.00)"
LOC2=$(sed -n 's/^[Ll]ocation: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
expect "double submission makes one record" "$LOC" "$LOC2"
expect "declarer sees it" 200 "$(get priya "$LOC?done=declared")"
check_has "success banner" "$TMP/body" "Declaration submitted"
check_has "a confirmation panel with the reference" "$TMP/body" "Your reference<br><strong>G$(printf '%06d' "$ID")</strong>"
check_has "status awaiting manager" "$TMP/body" "Awaiting line manager"
expect "my declarations" 200 "$(get priya /gifts/mine)"
check_has "listed in mine" "$TMP/body" "Northgate Catering Ltd"
check_has "dates shown as people read them" "$TMP/body" "1 May 2025"


# Need-to-know: a manager of another team is refused, and the refusal is logged
expect "other manager login" 303 "$(login aisha)"
before=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_type = 'gift' and object_id = '$ID'")
expect "other person's declaration refused" 403 "$(get aisha "/gifts/$ID")"
after=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_type = 'gift' and object_id = '$ID'")
expect "refusal written to the access log" "$((before + 1))" "$after"
expect "staff cannot see the register" 403 "$(get priya /gifts/register)"
expect "staff cannot export" 403 "$(get priya /gifts/register.csv)"

# The line manager decides; above the threshold it goes on to PSD
expect "manager login" 303 "$(login tom)"
expect "manager awaiting list" 200 "$(get tom /gifts/awaiting)"
check_has "awaiting lists the declaration" "$TMP/body" "Northgate Catering Ltd"
expect "manager opens it" 200 "$(get tom "/gifts/$ID")"
check_has "decision form shown" "$TMP/body" "Record decision"
check_has "her history beside the decision" "$TMP/body" "Priya Nair&#39;s gifts and hospitality, newest first"
check_has "with each declaration's outcome" "$TMP/body" "Awaiting line manager"
expect "the history is a logged list view of her declarations" 1 "$(sqlite3 "$DB" "select count(*) from access_log where username = 'tom' and action = 'list' and object_type = 'gift' and detail like '%person=%' and detail not like '%person=0 %'")"
TT=$(csrf tom)
expect "decision without CSRF refused" 403 "$(post tom "/gifts/$ID/decision" -d decision=approved)"
rows=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and detail like '%CSRF%'")
[ "$rows" -ge 1 ] && ok "CSRF refusal logged" || fail "CSRF refusal logged" "rows=$rows"
expect "refusal needs a comment" 400 "$(post tom "/gifts/$ID/decision" --data-urlencode "csrf=$TT" -d decision=refused)"
check_has "comment error" "$TMP/body" "Give a reason for refusing"
# Opened from a filtered list, the decision returns to that list, filters kept
BACK='%2Fgifts%2Fteam%3Fstatus%3Dawaiting_manager%26sort%3D-date'
expect "opened from the filtered team list" 200 "$(get tom "/gifts/$ID?back=$BACK")"
check_has "the decision form carries the list" "$TMP/body" "action=\"/gifts/$ID/decision?back&#61;$BACK\""
expect "a refusal without a comment keeps the list" 400 "$(post tom "/gifts/$ID/decision?back=$BACK" --data-urlencode "csrf=$TT" -d decision=refused)"
check_has "on the form shown again" "$TMP/body" "action=\"/gifts/$ID/decision?back&#61;$BACK\""
expect "manager approves" 303 "$(post tom "/gifts/$ID/decision?back=$BACK" --data-urlencode "csrf=$TT" -d decision=approved --data-urlencode "comment=Fine")"
expect "back to the filtered list with its banner" "/gifts/team?status=awaiting_manager&sort=-date&done=to_psd" "$(sed -n 's/^[Ll]ocation: //p' "$TMP/headers" | tr -d '\r')"
expect "the list it returns to" 200 "$(get tom "/gifts/team?status=awaiting_manager&sort=-date&done=to_psd")"
check_has "says the approval went on to PSD" "$TMP/body" "Approval recorded"
get tom "/gifts/team?sort=date&done=decided" >/dev/null
check_has "a list's rows link back to it" "$TMP/body" "%2Fgifts%2Fteam%3Fsort%3Ddate\""
check_lacks "without its banner" "$TMP/body" "done%3D"
st=$(sqlite3 "$DB" "select status from gifts where id = $ID")
expect "over threshold goes to PSD" awaiting_psd "$st"
expect "manager cannot decide twice" 409 "$(post tom "/gifts/$ID/decision" --data-urlencode "csrf=$TT" -d decision=approved)"

expect "psd login" 303 "$(login megan)"
MT=$(csrf megan)
expect "psd awaiting" 200 "$(get megan /gifts/awaiting)"
check_has "psd queue lists it" "$TMP/body" "Northgate Catering Ltd"
expect "psd opens it" 200 "$(get megan "/gifts/$ID")"
check_has "PSD sees her history too" "$TMP/body" "Priya Nair&#39;s gifts and hospitality, newest first"
get priya "/gifts/$ID" >/dev/null
check_lacks "the declarer does not get the history" "$TMP/body" "gifts and hospitality, newest first"
expect "psd refuses" 303 "$(post megan "/gifts/$ID/decision?back=%2F%2Fevil.example%2Fgifts%2Fregister" --data-urlencode "csrf=$MT" -d decision=refused --data-urlencode "comment=Supplier bidding for catering contract")"
expect "a back= that is not a list of ours: the awaiting list" "/gifts/awaiting?done=decided" "$(sed -n 's/^[Ll]ocation: //p' "$TMP/headers" | tr -d '\r')"
expect "final status" refused "$(sqlite3 "$DB" "select status from gifts where id = $ID")"
get priya "/gifts/$ID" >/dev/null
check_has "declarer sees PSD reason" "$TMP/body" "Supplier bidding for catering contract"

# The register: filters, search, sort, paging, exports
expect "register" 200 "$(get megan "/gifts/register")"
check_has "register lists imported" "$TMP/body" "Harbour Caf"
expect "register search" 200 "$(get megan "/gifts/register?offeror=harbour")"
check_has "search finds" "$TMP/body" "Harbour Caf"
check_lacks "search filters out" "$TMP/body" "Smith &amp; Sons"
get megan "/gifts/register?accepted=no&band=2" >/dev/null
check_has "declined £25-£100" "$TMP/body" "Smith &amp; Sons"
check_lacks "band excludes small" "$TMP/body" "Harbour Caf"
get megan "/gifts/register?from=2025-01-01&to=2025-01-31" >/dev/null
check_has "date range" "$TMP/body" "Smith &amp; Sons"
check_lacks "date range excludes" "$TMP/body" "Harbour Caf"
get megan "/gifts/register?from=2025-02-31" >/dev/null
check_has "bad filter date explained" "$TMP/body" "From must be a date"
get megan "/gifts/register?sort=-value&per_page=1" >/dev/null
check_has "sorted by value, one per page" "$TMP/body" "Northgate Catering"
check_has "pagination" "$TMP/body" "govuk-pagination"
expect "csv export" 200 "$(get megan "/gifts/register.csv?accepted=no" "$TMP/x.csv")"
n=$(($(wc -l <"$TMP/x.csv") - 1))
expect "csv export has exactly the filtered rows" 1 "$n"
check_has "csv header" "$TMP/x.csv" "reference,date_offered,staff_number,name"
expect "xlsx export" 200 "$(get megan "/gifts/register.xlsx" "$TMP/x.xlsx")"
head -c 2 "$TMP/x.xlsx" | grep -q PK && ok "xlsx is a spreadsheet" || fail "xlsx is a spreadsheet"
P=$(sqlite3 "$DB" "select id from people where staff_number = '1003'")
expect "person history" 200 "$(get megan "/people/$P/gifts")"
check_has "history lists their gifts" "$TMP/body" "Harbour Caf"
expect "staff cannot open another's history" 403 "$(get priya "/people/$(sqlite3 "$DB" "select id from people where staff_number = '1005'")/gifts")"

# JSON API
expect "api without credentials is 401" 401 "$(curl -s -o "$TMP/body" -w "%{http_code}" "$URL/api/gifts")"
check_has "api 401 is JSON" "$TMP/body" '"error"'
TOK=$("$BIN" --db "$DB" token create megan)
expect "api with bearer token" 200 "$(curl -s -o "$TMP/body" -w "%{http_code}" -H "Authorization: Bearer $TOK" "$URL/api/gifts?accepted=no")"
check_has "api total" "$TMP/body" '"total":1,'
TOKP=$("$BIN" --db "$DB" token create priya)
expect "api register refused to staff" 403 "$(curl -s -o "$TMP/body" -w "%{http_code}" -H "Authorization: Bearer $TOKP" "$URL/api/gifts")"
expect "api mine for staff" 200 "$(curl -s -o "$TMP/body" -w "%{http_code}" -H "Authorization: Bearer $TOKP" "$URL/api/gifts/mine")"
check_has "api mine lists own" "$TMP/body" "Harbour"
expect "api bad token is 401" 401 "$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer 00" "$URL/api/gifts")"
# the team's list and a person's history as JSON: the pages' rules and access-log rows
jl() { sqlite3 "$DB" "select count(*) from access_log where username = '$1' and action = 'list' and object_type = 'gift' and object_id = '$2' and outcome = 'ok'"; }
b=$(jl tom team)
expect "api team for the line manager" 200 "$(get tom /api/v1/gifts/team)"
check_has "api team lists his report's declaration" "$TMP/body" "Harbour"
expect "api team logged like the page" "$((b + 1))" "$(jl tom team)"
b=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_id = '/api/gifts/team' and username = 'priya'")
expect "api team refused to staff" 403 "$(get priya /api/v1/gifts/team)"
expect "api team refusal logged" "$((b + 1))" "$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_id = '/api/gifts/team' and username = 'priya'")"
for u in megan tom; do
	expect "api person history ($u)" 200 "$(get $u "/api/v1/people/$P/gifts")"
	check_has "api person history lists their gifts ($u)" "$TMP/body" "Harbour"
	expect "api person history: theirs alone ($u)" "True" "$(python3 -c "import json; d=json.load(open('$TMP/body')); print(d['total'] > 0 and all(i['staff_number'] == '1003' for i in d['items']))")"
done
expect "api person history logged with the person" 1 "$(sqlite3 "$DB" "select case when count(*) > 0 then 1 else 0 end from access_log where username = 'megan' and action = 'list' and object_type = 'gift' and detail like '%person=$P %'")"
P5=$(sqlite3 "$DB" "select id from people where staff_number = '1005'")
b=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_type in ('person', 'person_gift_history') and object_id = '$P5' and username = 'priya'")
expect "api: staff cannot open another's history" 403 "$(get priya "/api/v1/people/$P5/gifts")"
expect "api: that refusal logged" "$((b + 1))" "$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_type in ('person', 'person_gift_history') and object_id = '$P5' and username = 'priya'")"
expect "api: a manager of another team cannot either" 403 "$(get aisha "/api/v1/people/$P/gifts")"

# Settings: admin only
expect "settings refused to psd" 403 "$(get megan /gifts/settings)"

# One reference everywhere: the register page, the CSV and the JSON.
REF=$(printf 'G%06d' "$ID")
get megan /gifts/register "$TMP/ref.html" >/dev/null
get megan /gifts/register.csv "$TMP/ref.csv" >/dev/null
curl -s -o "$TMP/ref.json" -H "Authorization: Bearer $TOK" "$URL/api/gifts/$ID"
check_same_ref "gift" "$REF" "$TMP/ref.html" "$TMP/ref.csv" "$TMP/ref.json"

# The GOV.UK date input: day, month and year boxes, joined into one date;
# a missing or wrong box is named, marked, and linked from the summary
parts() { # DAY MONTH YEAR [KEY]: post a declaration dated by its three boxes
	post priya /gifts --data-urlencode "csrf=$T" --data-urlencode "submit_key=${4:-}" --data-urlencode "accepted=no" \
		--data-urlencode "kind=gift" --data-urlencode "date_offered-day=$1" --data-urlencode "date_offered-month=$2" \
		--data-urlencode "date_offered-year=$3" --data-urlencode "offeror_org=Dateline Ltd" \
		--data-urlencode "description=A diary" --data-urlencode "value=5" --data-urlencode "reason=Declined as policy"
}
expect "date without a month re-shown" 400 "$(parts 4 "" 2025)"
check_has "the missing month is named" "$TMP/body" "Date offered must include a month"
check_has "the summary links to the month box" "$TMP/body" 'href="#date_offered-month"'
check_has "the month box is marked" "$TMP/body" 'govuk-input--error govuk-input--width-2" id="date_offered-month"'
check_lacks "the day box is not marked" "$TMP/body" 'govuk-input--error govuk-input--width-2" id="date_offered-day"'
check_has "the day typed is kept" "$TMP/body" 'name="date_offered-day" type="text" inputmode="numeric" value="4"'
expect "29 February 2025 re-shown" 400 "$(parts 29 2 2025)"
check_has "not a real date" "$TMP/body" "Date offered must be a real date</a>"
check_has "the summary links to the day box" "$TMP/body" 'href="#date_offered-day"'
expect "a month in words re-shown" 400 "$(parts 4 May 2025)"
check_has "a month in words is not a real date" "$TMP/body" "Date offered must be a real date"
expect "a two-digit year re-shown" 400 "$(parts 4 12 25)"
check_has "a two-digit year is named" "$TMP/body" "Year must include 4 numbers"
check_has "the summary links to the year box" "$TMP/body" 'href="#date_offered-year"'
expect "no date at all re-shown" 400 "$(parts "" "" "")"
check_has "an empty date asks for one" "$TMP/body" "Enter the date the offer was made"
K2=abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd
expect "declare with the three boxes" 303 "$(parts 4 12 2025 $K2)"
L3=$(sed -n 's/^[Ll]ocation: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
expect "the boxes are stored as one date" 2025-12-04 "$(sqlite3 "$DB" "select date_offered from gifts where id = ${L3##*/}")"
expect "the declaration page" 200 "$(get priya "$L3")"
check_has "the date is shown as 4 December 2025" "$TMP/body" "4 December 2025"
check_lacks "no ISO date on the page" "$TMP/body" ">2025-12-04<"
check_has "declared on is a UK time" "$TMP/body" "$(date -u +%Y) at "
# a filter's date boxes (GET) are joined the same way
expect "register filtered by date boxes" 200 "$(get megan "/gifts/register?from-day=4&from-month=12&from-year=2025&to-day=4&to-month=12&to-year=2025")"
check_has "the gift on 4 December 2025 is listed" "$TMP/body" "Dateline Ltd"
check_lacks "the gift on 1 May 2025 is not" "$TMP/body" "Northgate Catering Ltd"
check_has "the filter's boxes keep the date" "$TMP/body" 'name="from-month" type="text" inputmode="numeric" value="12"'
get megan "/gifts/register?from-day=4&from-month=&from-year=2025" >/dev/null
check_has "a filter's missing month is named in the summary" "$TMP/body" '<a href="#from-month">From must include a month</a>'
check_has "and by the boxes" "$TMP/body" 'Error:</span> From must include a month'
# The Offer filter's "any" choice reads like the others (and fits its box)
check_has "the Offer filter's any choice" "$TMP/body" '<option value="">Any offer</option>'
# To before From: said, not an empty register
get megan "/gifts/register?from-day=4&from-month=12&from-year=2025&to-day=1&to-month=5&to-year=2025" >/dev/null
check_has "a range that ends before it starts is named" "$TMP/body" '<a href="#to-day">To must be the same as or after From</a>'
check_lacks "not an empty register" "$TMP/body" "No declarations match"
check_has "the From date still filters" "$TMP/body" "Dateline Ltd"

# Character counts show the limit the domain enforces
expect "declaration form for counts" 200 "$(get priya /gifts/new)"
# a declined offer is recorded, not reviewed: the introduction says which is reviewed
check_has "the introduction" "$TMP/body" "Your line manager will review any offer you accepted."
# the person is optional only when the organisation is given: the label says so
check_has "the person's hint" "$TMP/body" '<div id="offeror_person-hint" class="govuk-hint">Needed if you left the organisation blank</div>'
check_lacks "not marked optional outright" "$TMP/body" "Person who made the offer (optional)"
check_has "description has a character count" "$TMP/body" 'govuk-character-count" data-module="govuk-character-count" data-maxlength="1000"'
check_has "the count's message" "$TMP/body" 'id="description-info" class="govuk-hint govuk-character-count__message">You can enter up to 1000 characters'
check_has "relationship counts to 500" "$TMP/body" 'data-maxlength="500">'
long=$(printf '%1001s' '' | tr ' ' x)
expect "1001 characters re-shown" 400 "$(post priya /gifts --data-urlencode "csrf=$T" --data-urlencode "description=$long")"
check_has "the domain refuses over the count's limit" "$TMP/body" "Description must be 1000 characters or fewer"

# The error summary follows the form's order
expect "empty declaration re-shown" 400 "$(post priya /gifts --data-urlencode "csrf=$T" -d date_offered-day= -d date_offered-month= -d date_offered-year=)"
order=$(grep -o 'href="#[a-z_-]*"' "$TMP/body" | grep -v main-content | tr '\n' ' ')
expect "error summary in field order" 'href="#accepted" href="#kind" href="#date_offered-day" href="#offeror_org" href="#description" href="#value" href="#reason" ' "$order"

check "access log intact after the session" "$BIN" --db "$DB" verify-log
finish
