#!/bin/sh
# tests/e2e/conventions.sh — GOV.UK conventions on the demo force (issue 14):
# the home page's work cards count what needs the reader, from the one
# notification model, and the count moves when a decision is made; a
# record opened from a filtered register list goes back to that list, and
# a hostile back= is ignored; changes of circumstances, complaint cases and
# intelligence items are checked before they are sent, with nothing stored
# until then, and confirmed with their reference.
. "$(dirname "$0")/../lib.sh"
PW=demo-password-2026
DB=$TMP/conv.db
demo_force "$DB" >"$TMP/demo.out" 2>&1 || { fail "demo" "$(tail -5 "$TMP/demo.out")"; finish; exit 1; }
start_server "$DB"
for u in staff manager psd acu vetting equality governance; do
	expect "$u login" 303 "$(login $u)"
done
count_text() { grep -o '<strong class="probity-count">[0-9]*</strong> [^<]*' "$TMP/body" | sed 's/<[^>]*>//g' | head -1; }

# --- 1. counts on the home page's work cards
MGR=$(q "SELECT person_id FROM accounts WHERE username = 'manager'")
N=$(q "SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id = $MGR AND g.person_id <> $MGR")
expect "manager's home" 200 "$(get manager /)"
[ "$N" -gt 1 ] && ok "the demo manager has gifts to decide ($N)" || fail "the demo manager has gifts to decide" "$N"
expect "the card counts the gifts awaiting the manager" "$N gifts awaiting your decision" "$(count_text)"
check_has "the count is read with the card's link" "$TMP/body" 'href="/gifts/awaiting" aria-describedby="card-count-'
head=$(grep -o '[0-9]* things\? need you' "$TMP/body" | head -1)
[ -n "$head" ] && ok "the header's count is there too" || fail "the header's count is there too"
GID=$(q "SELECT g.id FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id = $MGR AND g.person_id <> $MGR AND g.value_pence < 5000 ORDER BY g.id LIMIT 1")
[ -z "$GID" ] && GID=$(q "SELECT g.id FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id = $MGR AND g.person_id <> $MGR ORDER BY g.id LIMIT 1")
T=$(csrf manager "/gifts/$GID")
expect "the manager decides one" 303 "$(post manager "/gifts/$GID/decision" --data-urlencode "csrf=$T" -d decision=approved --data-urlencode "comment=Fine")"
get manager / >/dev/null
M=$((N - 1))
if [ "$M" = 1 ]; then want="1 gift awaiting your decision"; else want="$M gifts awaiting your decision"; fi
expect "the count falls by one after the decision" "$want" "$(count_text)"
expect "staff home" 200 "$(get staff /)"
check_lacks "nothing awaiting a member of staff's decision: no gift count" "$TMP/body" "awaiting your decision"
expect "equality home (nothing needs them)" 200 "$(get equality /)"
check_lacks "an account with nothing to do shows no count" "$TMP/body" 'class="probity-count"'
expect "acu home" 200 "$(get acu /)"
A=$(grep -o '<strong class="probity-count">[0-9]*</strong> alerts\? to triage' "$TMP/body" | head -1)
[ -n "$A" ] && ok "the ACU's alerts card counts alerts to triage" || fail "the ACU's alerts card counts alerts to triage"

# --- 3. check your answers: nothing stored until sent, then a confirmation panel
# a change of circumstances
T=$(csrf staff /circumstances/new)
get staff /circumstances/new >/dev/null
check_has "the circumstances form goes on to check your answers" "$TMP/body" 'action="/circumstances/check"'
n0=$(q "SELECT COUNT(*) FROM circumstances")
circ() { # PATH [DETAILS]
	post staff "$1" --data-urlencode "csrf=$T" -d submit_key=c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00 \
		-d kind=address -d event_date-day=3 -d event_date-month=2 -d event_date-year=2026 --data-urlencode "details=${2-12 Oak Lane, Northtown}"
}
expect "circumstances: check your answers" 200 "$(circ /circumstances/check)"
check_has "circumstances: the answers to check" "$TMP/body" "Check your answers before sending your declaration"
check_has "circumstances: the date as people read it" "$TMP/body" "3 February 2026"
check_has "circumstances: a change button" "$TMP/body" 'action="/circumstances/new#details"'
check_has "circumstances: answers carried in hidden fields" "$TMP/body" 'name="event_date" value="2026-02-03"'
expect "circumstances: nothing stored yet" "$n0" "$(q "SELECT COUNT(*) FROM circumstances")"
expect "circumstances: a problem goes back to the form" 400 "$(circ /circumstances/check '')"
check_has "circumstances: with its error" "$TMP/body" "Describe the change"
expect "circumstances: change shows the form filled" 200 "$(post staff /circumstances/new --data-urlencode "csrf=$T" -d kind=address --data-urlencode "details=12 Oak Lane, Northtown")"
check_has "circumstances: the description kept" "$TMP/body" "12 Oak Lane, Northtown"
expect "circumstances: sent" 303 "$(circ /circumstances)"
CID=$(q "SELECT MAX(id) FROM circumstances")
expect "circumstances: one stored" "$((n0 + 1))" "$(q "SELECT COUNT(*) FROM circumstances")"
get staff "$(sed -n 's/^[Ll]ocation: //p' "$TMP/headers" | tr -d '\r')" >/dev/null
check_has "circumstances: a confirmation panel" "$TMP/body" "govuk-panel--confirmation"
check_has "circumstances: with the reference" "$TMP/body" "Your reference"
expect "circumstances: someone with no staff record cannot check" 403 "$(post equality /circumstances/check --data-urlencode "csrf=$(csrf equality /)" -d kind=address)"

# a complaint case (PSD)
CAT=$(q "SELECT c.name FROM complaint_categories c JOIN complaint_schemes s ON s.id = c.scheme_id WHERE s.active = 1 ORDER BY c.id LIMIT 1")
T=$(csrf psd /complaints/new)
get psd /complaints/new >/dev/null
check_has "the case form goes on to check your answers" "$TMP/body" 'action="/complaints/check"'
n0=$(q "SELECT COUNT(*) FROM complaint_cases")
case_post() { # PATH [KIND]
	post psd "$1" --data-urlencode "csrf=$T" -d "kind=${2-conduct}" -d received=2026-01-05 -d handling=local_investigation \
		--data-urlencode "category=$CAT"
}
expect "case: check your answers" 200 "$(case_post /complaints/check)"
check_has "case: the answers to check" "$TMP/body" "Check your answers before recording the case"
check_has "case: the date as people read it" "$TMP/body" "5 January 2026"
check_has "case: answers carried in hidden fields" "$TMP/body" 'name="received" value="2026-01-05"'
expect "case: nothing stored yet" "$n0" "$(q "SELECT COUNT(*) FROM complaint_cases")"
expect "case: a problem goes back to the form" 400 "$(case_post /complaints/check nonsense)"
expect "case: change shows the form" 200 "$(post psd /complaints/new --data-urlencode "csrf=$T" -d kind=conduct -d received=2026-01-05)"
expect "case: recorded" 303 "$(case_post /complaints/cases)"
expect "case: one stored" "$((n0 + 1))" "$(q "SELECT COUNT(*) FROM complaint_cases")"
get psd "$(sed -n 's/^[Ll]ocation: //p' "$TMP/headers" | tr -d '\r')" >/dev/null
check_has "case: a confirmation panel with the reference" "$TMP/body" "Your reference<br><strong>CPL-"
expect "case: staff cannot check a case" 403 "$(post staff /complaints/check --data-urlencode "csrf=$(csrf staff /)" -d kind=conduct)"

# an intelligence item (ACU)
T=$(csrf acu /intel/items/new)
get acu /intel/items/new >/dev/null
check_has "the intake form goes on to check your answers" "$TMP/body" 'action="/intel/items/check"'
n0=$(q "SELECT COUNT(*) FROM intel_items")
item() { # PATH [CATEGORY]
	post acu "$1" --data-urlencode "csrf=$T" -d received=2026-01-07 -d source_type=named -d grading_scheme=3x5x2 \
		-d grade=2 -d grade_assessment=B -d grade_handling=C -d "category=${2-systems}" \
		--data-urlencode "summary=Seen checking a neighbour on the PNC" --data-urlencode "sanitised=Possible misuse of force systems"
}
expect "intel: check your answers" 200 "$(item /intel/items/check)"
check_has "intel: the answers to check" "$TMP/body" "Check your answers before recording the intelligence"
check_has "intel: the date as people read it" "$TMP/body" "7 January 2026"
check_has "intel: answers carried in hidden fields" "$TMP/body" 'name="summary" value="Seen checking a neighbour on the PNC"'
expect "intel: nothing stored yet" "$n0" "$(q "SELECT COUNT(*) FROM intel_items")"
expect "intel: a problem goes back to the form" 400 "$(item /intel/items/check nonsense)"
expect "intel: change shows the form filled" 200 "$(post acu /intel/items/new --data-urlencode "csrf=$T" -d category=systems --data-urlencode "summary=Seen checking a neighbour on the PNC")"
check_has "intel: the summary kept" "$TMP/body" "Seen checking a neighbour on the PNC"
expect "intel: recorded" 303 "$(item /intel/items)"
expect "intel: one stored" "$((n0 + 1))" "$(q "SELECT COUNT(*) FROM intel_items")"
get acu "$(sed -n 's/^[Ll]ocation: //p' "$TMP/headers" | tr -d '\r')" >/dev/null
check_has "intel: a confirmation panel with the reference" "$TMP/body" "Your reference"
expect "intel: the vetting unit cannot check an item" 403 "$(post vetting /intel/items/check --data-urlencode "csrf=$(csrf vetting /)" -d category=systems)"

# --- 2. back links that return to the filtered, sorted, paged list
# first_link FILE PREFIX: the first record link in a list page, as a browser reads it
first_link() { grep -o "href=\"$2[0-9][0-9]*?back[^\"]*\"" "$1" | head -1 | sed 's/^href="//; s/"$//; s/&#61;/=/g; s/&amp;/\&/g'; }
back_of() { grep -o '<a href="[^"]*" class="govuk-back-link"' "$TMP/body" | sed 's/^<a href="//; s/" class.*//; s/&#61;/=/g; s/&amp;/\&/g'; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
back_check() { # NAME USER LIST PREFIX DEFAULT (a shell pattern)
	expect "$1: the filtered list" 200 "$(get "$2" "$3")"
	link=$(first_link "$TMP/body" "$4")
	[ -n "$link" ] && ok "$1: its rows link with back=" || { fail "$1: its rows link with back=" "$(grep -o "href=\"$4[^\"]*\"" "$TMP/body" | head -2)"; return; }
	expect "$1: the record" 200 "$(get "$2" "$link")"
	expect "$1: back goes to the same filters, sort and page" "$3" "$(back_of)"
	rec=${link%%\?*}
	for bad in 'https://evil.example/' '//evil.example' 'javascript:alert(1)' "$3\"><script>alert(1)</script>" "${3%%\?*}/../../admin" 'https://evil.example/?/gifts/register'; do
		get "$2" "$rec?back=$(enc "$bad")" >/dev/null
		got=$(back_of)
		case "$got" in $5) ok "$1: a hostile back= is ignored ($bad)" ;; *) fail "$1: a hostile back= is ignored ($bad)" "got $got" ;; esac
	done
	check_lacks "$1: nothing of a hostile back= on the page" "$TMP/body" "evil.example"
}
back_check "gifts register" psd "/gifts/register?status=approved&sort=-date&page=2" /gifts/ /
back_check "associations register" psd "/associations/register?sort=-declared&page=1&per_page=10" /associations/ /associations/register
back_check "circumstances register" vetting "/circumstances/register?kind=address&sort=-declared" /circumstances/ /circumstances/register
back_check "interests register" psd "/interests/register?sort=-applied&page=2" /interests/ /
back_check "intelligence items" acu "/intel/items?status=open&sort=-received&page=2" /intel/items/ /intel/items
back_check "audit alerts" acu "/audit/alerts?status=new&sort=-score" /audit/alerts/ /audit/alerts
back_check "vetting applications" vetting "/vetting/applications?page=2" /vetting/applications/ /vetting/applications
back_check "findings" governance "/findings?status=open&page=1" /findings/ '/inspections/[0-9]*'
get psd "/gifts/register?status=approved" >/dev/null
link=$(first_link "$TMP/body" /gifts/)
get psd "${link%%\?*}?back=$(enc /interests/register?page=2)" >/dev/null
expect "a gift's back link never names another page's list" / "$(back_of)"
finish
