#!/bin/sh
# tests/e2e/ux.sh — the defects a user trips over, on the demo force: no
# page shows markup as text (an escaped "<tag" in what people read) or
# repeats an id; a person's gifts or interests page refuses whoever may not
# see them instead of saying "No declarations"; a declined offer is recorded,
# never approved or refused; the manager's approval that goes on to PSD says
# so; decisions name the person, not the login; a lapsed clearance is one
# compliance issue, not two; an overturned vetting refusal does not read
# "Refused".
. "$(dirname "$0")/../lib.sh"
PW=demo-password-2026
DB=$TMP/ux.db
demo_force "$DB" >"$TMP/demo.out" 2>&1 || { fail "demo" "$(tail -5 "$TMP/demo.out")"; finish; exit 1; }
start_server "$DB"
for u in staff manager psd acu vetting dcc governance admin; do
	expect "$u login" 303 "$(login $u)"
done

# --- every page: no markup shown as text, no repeated id
# markup_as_text FILE: the escaped "<tag" or "</tag" that a browser shows as text
markup_as_text() { grep -o '&lt;/\?[a-zA-Z][a-zA-Z0-9]*[ >/&]' "$1" | head -3; }
dup_ids() { grep -o ' id="[^"]*"' "$1" | sort | uniq -d | head -3; }
# reserved FILE: a GOV.UK-reserved asset the page refers to (GDS Transport, the crown)
reserved() { grep -o 'GDS Transport\|/assets/fonts/\|govuk-crest\|govuk-icon-[a-z0-9]*\|govuk-frontend\.min\.css\|/assets/images/favicon' "$1" | head -3; }
crawl() { # USER PATH...
	u=$1; shift
	for p in "$@"; do
		code=$(get "$u" "$p" "$TMP/page")
		[ "$code" = 200 ] || { fail "$u $p: 200" "$code"; continue; }
		r=$(reserved "$TMP/page")
		[ -z "$r" ] && ok "$u $p: no GOV.UK-reserved asset" || fail "$u $p: no GOV.UK-reserved asset" "$r"
		grep -q 'href="/accessibility">Accessibility statement' "$TMP/page" && grep -q 'href="/privacy">Privacy notice' "$TMP/page" &&
			grep -q '>Feedback</a>' "$TMP/page" && ok "$u $p: footer links" || fail "$u $p: footer links"
		m=$(markup_as_text "$TMP/page")
		[ -z "$m" ] && ok "$u $p: no markup shown as text" || fail "$u $p: no markup shown as text" "$m"
		# every limited text box counts its characters (the pasted CSV and staff number lists have no limit)
		t=$(grep -o '<textarea class="[^"]*" id="[^"]*" name="[^"]*"' "$TMP/page" | grep -v 'govuk-js-character-count' |
			grep -v 'name="csv"\|name="staff_numbers"' | head -2)
		[ -z "$t" ] && ok "$u $p: character counts" || fail "$u $p: character counts" "$t"
		# dates as people read them: no raw UTC stamp, no ISO date standing alone as text
		i=$(sed 's/<div id="[^"]*-hint" class="govuk-hint">[^<]*<\/div>//g; s/<[^>]*>/\n/g' "$TMP/page" | grep -o '^ *[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\(T[0-9:]*Z\?\)\? *$\|[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]' | head -2)
		[ -z "$i" ] && ok "$u $p: UK dates" || fail "$u $p: UK dates" "$i"
		grep -q 'type="date"' "$TMP/page" && fail "$u $p: dates entered in the GOV.UK date input" || ok "$u $p: dates entered in the GOV.UK date input"
		d=$(dup_ids "$TMP/page")
		[ -z "$d" ] && ok "$u $p: ids unique" || fail "$u $p: ids unique" "$d"
	done
}
APPEALED=$(q "SELECT id FROM business_interests WHERE appeal_status = 'pending' ORDER BY id LIMIT 1")
INSP=$(q "SELECT id FROM inspections ORDER BY id LIMIT 1")
VAPP=$(q "SELECT application_id FROM vetting_appeals ORDER BY id LIMIT 1")
[ -n "$APPEALED" ] && ok "demo has an interest under appeal" || fail "demo has an interest under appeal"
crawl staff / /gifts/mine /gifts/new /interests/mine /associations/new /circumstances/new /training /ethics
crawl manager / /gifts/awaiting /gifts/team /interests/awaiting /air/team
crawl psd / /gifts/register /interests/register /interests/register?status=appealed /associations/register \
	/circumstances/register /complaints /risk
crawl dcc / "/interests/$APPEALED" /interests/register?status=appealed /vetting/appeals
CLEARED=$(q "SELECT person_id FROM clearances GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT 1")
crawl vetting / /vetting /vetting/compliance /vetting/applications "/vetting/applications/$VAPP" "/vetting/people/$CLEARED" /vetting/leavers
crawl governance "/inspections/$INSP" /inspections /findings
# a response record for a report without recommendations says "None" once, with no empty
# "Action on each recommendation" section; one with recommendations keeps it
NOREC=$(q "SELECT i.id FROM inspections i WHERE i.source = 'inspection' AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.inspection_id = i.id AND f.kind = 'recommendation') ORDER BY i.id LIMIT 1")
REC=$(q "SELECT i.id FROM inspections i WHERE i.source = 'inspection' AND EXISTS (SELECT 1 FROM findings f WHERE f.inspection_id = i.id AND f.kind = 'recommendation') ORDER BY i.id LIMIT 1")
expect "a response record without recommendations" 200 "$(get governance "/inspections/$NOREC/response")"
check_lacks "no empty recommendations section" "$TMP/body" "Action on each recommendation"
expect "a response record with recommendations" 200 "$(get governance "/inspections/$REC/response")"
check_has "its recommendations section" "$TMP/body" "Action on each recommendation"
# an inspection's graded judgments and the grade choices read in sentence case ("Requires improvement")
JI=$(q "SELECT inspection_id FROM judgments ORDER BY id LIMIT 1")
expect "an inspection with graded judgments" 200 "$(get governance "/inspections/$JI")"
g=$(grep -o 'govuk-table__cell">\(outstanding\|good\|adequate\|requires improvement\|inadequate\)<\|<option value="[^"]*">[a-z][^<]*scale' "$TMP/body" | head -2)
[ -z "$g" ] && ok "grades in sentence case" || fail "grades in sentence case" "$g"
check_has "a grade shown" "$TMP/body" 'govuk-table__cell">Good</td>'
SAMPLE=$(q "SELECT id FROM ss_samples ORDER BY id LIMIT 1" 2>/dev/null)
ALERT=$(q "SELECT id FROM audit_alerts ORDER BY id LIMIT 1")
crawl acu / /intel /audit/alerts "/audit/alerts/$ALERT" /audit/trail /audit/coverage
crawl psd /complaints/bulletin
crawl admin / /admin/notifications

# --- a register's count reads with thousands separated, as the values do
expect "psd's register" 200 "$(get psd /gifts/register)"
n=$(q "SELECT COUNT(*) FROM gifts")
[ "$n" -ge 1000 ] && ok "the demo has over 1,000 declarations" || fail "the demo has over 1,000 declarations" "$n"
check_has "the count has its comma" "$TMP/body" "<strong>$(printf '%d,%03d' $((n / 1000)) $((n % 1000)))</strong> declarations match"

# --- a person's history pages refuse whoever may not see them (logged)
P=$(q "SELECT person_id FROM gifts GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT 1")
for u in vetting acu; do
	before=$(q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND object_type = 'person_gift_history' AND object_id = '$P'")
	expect "$u refused a person's gifts" 403 "$(get $u "/people/$P/gifts")"
	check_lacks "$u is not told there are none" "$TMP/body" "No declarations"
	expect "$u's refusal logged" $((before + 1)) "$(q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND object_type = 'person_gift_history' AND object_id = '$P'")"
	expect "$u refused a person's interests" 403 "$(get $u "/people/$P/interests")"
done
expect "psd sees the person's gifts" 200 "$(get psd "/people/$P/gifts")"
check_has "psd sees their declarations" "$TMP/body" "Declarations ($(q "SELECT COUNT(*) FROM gifts WHERE person_id = $P"))"
STAFF=$(q "SELECT person_id FROM accounts WHERE username = 'staff'")
expect "staff sees their own gifts" 200 "$(get staff "/people/$STAFF/gifts")"
expect "their manager sees them" 200 "$(get manager "/people/$STAFF/gifts")"
expect "their manager sees their interests" 200 "$(get manager "/people/$STAFF/interests")"

# --- a declined offer is recorded: nothing to approve or refuse
T=$(csrf staff /gifts/new)
declare_gift() { # ACCEPTED VALUE
	post staff /gifts --data-urlencode "csrf=$T" -d "accepted=$1" -d kind=hospitality -d date_offered-day=2 \
		-d date_offered-month=12 -d date_offered-year=2026 --data-urlencode "offeror_org=Uxbridge Events Ltd" \
		--data-urlencode "description=Dinner at an awards night" -d "value=$2" --data-urlencode "reason=Policy"
}
expect "declare a declined offer" 303 "$(declare_gift no 80)"
DEC=$(location); DEC=${DEC##*/}
expect "a declined offer is recorded" recorded "$(q "SELECT status FROM gifts WHERE id = $DEC")"
expect "the declarer's confirmation" 200 "$(get staff "/gifts/$DEC?done=declared")"
check_has "says there is nothing to decide" "$TMP/body" "You declined the offer, so there is nothing to decide"
check_lacks "not that the manager will review it" "$TMP/body" "Your line manager has been asked to review it"
expect "the manager opens it" 200 "$(get manager "/gifts/$DEC")"
check_lacks "no decision form for a declined offer" "$TMP/body" "Record decision"
TM=$(csrf manager /gifts/awaiting)
expect "approving a declined offer refused" 409 "$(post manager "/gifts/$DEC/decision" --data-urlencode "csrf=$TM" -d decision=approved)"
expect "still recorded, no decision" "recorded|" "$(q "SELECT status || '|' || manager_decision FROM gifts WHERE id = $DEC")"

# --- the manager's approval over the threshold goes to PSD, and says so
expect "declare an accepted offer over the threshold" 303 "$(declare_gift yes 80)"
ACC=$(location); ACC=${ACC##*/}
expect "manager approves" 303 "$(post manager "/gifts/$ACC/decision" --data-urlencode "csrf=$TM" -d decision=approved)"
sed -n 's/^[Ll]ocation: //p' "$TMP/headers" | tr -d '\r' >"$TMP/loc"
expect "it went to PSD" awaiting_psd "$(q "SELECT status FROM gifts WHERE id = $ACC")"
expect "the banner page" 200 "$(get manager "$(cat "$TMP/loc")")"
check_has "the banner says it went to PSD" "$TMP/body" "gone to Professional Standards"
check_lacks "not that the declarer can see a decision" "$TMP/body" "The declarer can now see your decision"
TP=$(csrf psd /gifts/register)
expect "psd approves" 303 "$(post psd "/gifts/$ACC/decision" --data-urlencode "csrf=$TP" -d decision=approved)"
PSDNAME=$(q "SELECT p.forenames || ' ' || p.surname FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.username = 'psd'")
expect "the declarer opens it" 200 "$(get staff "/gifts/$ACC")"
check_has "the PSD decision names the person" "$TMP/body" "$PSDNAME: approved"
check_lacks "not the login" "$TMP/body" ">psd: approved"

# --- vetting: a lapsed clearance is one issue; an overturned refusal is not "Refused"
LAPSED=$(q "SELECT c.person_id FROM clearances c JOIN people p ON p.id = c.person_id JOIN posts po ON po.id = p.post_id
	WHERE c.status = 'lapsed' AND c.level = po.vetting_level AND (p.leave_date = '' OR p.leave_date > '2026-12-06')
	AND NOT EXISTS (SELECT 1 FROM clearances v WHERE v.person_id = c.person_id AND v.status = 'active') LIMIT 1")
SN=$(q "SELECT staff_number FROM people WHERE id = $LAPSED")
: >"$TMP/all"
for pg in 1 2 3 4 5 6 7 8 9 10; do get vetting "/vetting/compliance?page=$pg" "$TMP/pg" >/dev/null; cat "$TMP/pg" >>"$TMP/all"; done
expect "a lapsed clearance is listed once ($SN)" 1 "$(grep -c "($SN)" "$TMP/all")"
OVER=$(q "SELECT application_id FROM vetting_appeals WHERE outcome = 'overturned' LIMIT 1")
expect "an overturned refusal's page" 200 "$(get vetting "/vetting/applications/$OVER")"
check_has "reads overturned on appeal" "$TMP/body" ">Refusal overturned on appeal</strong>"
check_lacks "not Refused" "$TMP/body" ">Refused</strong>"
# --- every role's navigation reaches its registers
expect "psd home" 200 "$(get psd /)"
for l in /gifts/register /interests/register /associations/register /circumstances/register /procurement /air /complaints; do
	check_has "psd's navigation links $l" "$TMP/body" "class=\"govuk-service-navigation__link\" href=\"$l\""
done
expect "vetting home" 200 "$(get vetting /)"
check_has "vetting's navigation links the circumstances register" "$TMP/body" 'href="/circumstances/register"'
check_lacks "staff's navigation has no registers" "$(get staff / >/dev/null; echo "$TMP/body")" 'govuk-service-navigation__link" href="/procurement"'

# --- the circumstances form asks for a name only under the answer that needs one
expect "circumstances form" 200 "$(get staff /circumstances/new)"
tr -d '\n' <"$TMP/body" | grep -o 'id="conditional-kind">.\{0,600\}' >"$TMP/reveal"
check_has "the partner's name is revealed under the partner answer" "$TMP/reveal" 'name="partner_name"'
check_lacks "no name box for everyone" "$TMP/body" "Name of the person concerned"
tr -d '\n' <"$TMP/body" | grep -o 'id="conditional-subject-2">.\{0,600\}' >"$TMP/reveal"
check_has "the family member's name is revealed under that answer" "$TMP/reveal" 'name="other_person"'
TS=$(csrf staff /circumstances/new)
expect "a partner without a name is re-shown" 400 "$(post staff /circumstances --data-urlencode "csrf=$TS" -d kind=partner_or_coresident -d details=)"
expect "the summary in the page's order" '#partner_name #event_date #details' \
	"$(grep -o '<a href="#[a-z_-]*">' "$TMP/body" | sed 's/<a href="\(#[^"]*\)">/\1/' | grep -v main-content | tr '\n' ' ' | sed 's/ $//')"
check_has "the name is asked for under its answer" "$TMP/body" 'href="#partner_name">Enter the name of your partner'
expect "a partner with their name" 303 "$(post staff /circumstances --data-urlencode "csrf=$TS" -d kind=partner_or_coresident \
	--data-urlencode "partner_name=Sam Lee" -d event_date-day=1 -d event_date-month=11 -d event_date-year=2026 -d details=Moved-in)"
expect "the name is stored" "Sam Lee" "$(q "SELECT other_person FROM circumstances ORDER BY id DESC LIMIT 1")"

# --- Probity's brand: no GOV.UK-reserved asset is served, ours are
G=$ROOT/node_modules/govuk-frontend/dist/govuk
n=0
for f in $(cd "$G/assets" && find . -type f | sed 's|^\./||'); do
	for url in "/assets/$f" "/assets/govuk/assets/$f"; do
		c=$(curl -s -o /dev/null -w "%{http_code}" "$URL$url")
		[ "$c" = 404 ] || fail "GOV.UK asset $url not served" "$c"
		n=$((n + 1))
	done
done
[ "$n" -ge 20 ] && ok "none of GOV.UK's $n font, crown and manifest URLs is served" || fail "GOV.UK's assets listed" "$n"
expect "GOV.UK's own stylesheet not served" 404 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/assets/govuk/govuk-frontend.min.css")"
expect "Probity's stylesheet" 200 "$(curl -s -o "$TMP/css" -w "%{http_code}" "$URL/assets/app/probity.css")"
r=$(reserved "$TMP/css"); [ -z "$r" ] && ok "the stylesheet refers to no GOV.UK-reserved asset" || fail "the stylesheet refers to no GOV.UK-reserved asset" "$r"
check_lacks "no font files at all" "$TMP/css" "@font-face"
check_has "the system font stack" "$TMP/css" "system-ui"
for a in /favicon.ico /assets/app/images/favicon.svg /assets/app/images/probity-icon-180.png /assets/app/manifest.json \
	/assets/brand.css /assets/brand/logo.svg; do
	expect "Probity's $a" 200 "$(curl -s -o /dev/null -w "%{http_code}" "$URL$a")"
done
expect "the manifest" 200 "$(curl -s -o "$TMP/manifest" -w "%{http_code}" "$URL/assets/app/manifest.json")"
r=$(reserved "$TMP/manifest"); [ -z "$r" ] && ok "the manifest names Probity's icons" || fail "the manifest names Probity's icons" "$r"
expect "the home page" 200 "$(get staff /)"
check_has "the title names the service" "$TMP/body" "– Probity</title>"
check_has "the header names it the same" "$TMP/body" 'class="govuk-service-navigation__link">Probity</a>'
check_has "the header names the force" "$TMP/body" "$(q "SELECT name FROM units WHERE kind = 'force'")</a>"
for p in /accessibility /privacy /feedback; do
	expect "$p without signing in" 200 "$(req "$URL$p")"
done
check_has "the feedback page" "$TMP/body" "Give feedback on Probity"
req "$URL/accessibility" >/dev/null
check_has "the accessibility statement names the standard" "$TMP/body" "Web Content Accessibility Guidelines version 2.2"
req "$URL/privacy" >/dev/null
check_has "the privacy notice names the controller" "$TMP/body" "is the controller"

# --- the public site: the same brand and footer
check "publish" "$BIN" --db "$DB" publish --out "$TMP/site"
for f in index.html accessibility.html privacy.html assets/probity.css assets/app.css assets/brand.css assets/logo.svg \
	assets/images/favicon.svg; do
	[ -s "$TMP/site/$f" ] && ok "site has $f" || fail "site has $f"
done
r=$(cat "$TMP/site"/*.html "$TMP/site/assets/probity.css" | reserved /dev/stdin)
[ -z "$r" ] && ok "the site refers to no GOV.UK-reserved asset" || fail "the site refers to no GOV.UK-reserved asset" "$r"
[ ! -e "$TMP/site/assets/fonts" ] && ok "no fonts written" || fail "no fonts written"
check_has "the site's footer links its accessibility statement" "$TMP/site/index.html" 'href="accessibility.html">Accessibility statement'
check_has "and its privacy notice" "$TMP/site/index.html" 'href="privacy.html">Privacy notice'
check_has "the site's privacy notice is about published records" "$TMP/site/privacy.html" "set no cookies"

# --- a force's own name, colour and logo from the configuration
kill "$SERVER"; wait "$SERVER" 2>/dev/null
printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#fff"/></svg>' >"$TMP/logo.svg"
export PROBITY_FORCE_NAME="Eastshire Constabulary" PROBITY_BRAND_COLOUR="#7a2452" PROBITY_BRAND_LOGO="$TMP/logo.svg"
check "config check takes the brand" "$BIN" config check
start_server "$DB"
expect "sign-in page" 200 "$(req "$URL/login")"
check_has "the configured force name in the header" "$TMP/body" "Eastshire Constabulary</a>"
check_has "the theme colour" "$TMP/body" 'name="theme-color" content="#7a2452"'
expect "brand.css" 200 "$(req "$URL/assets/brand.css")"
check_has "sets the accent colour" "$TMP/body" "--govuk-brand-colour:#7a2452"
expect "the configured logo" 200 "$(req "$URL/assets/brand/logo.svg")"
check_has "is the force's file" "$TMP/body" '<circle cx="5"'
kill "$SERVER"; wait "$SERVER" 2>/dev/null
PROBITY_BRAND_COLOUR="blue" timeout 20 "$BIN" --db "$DB" serve --port 0 >"$TMP/bad.out" 2>&1
expect "a bad colour stops serve" 1 "$?"
check_has "naming the key and the form" "$TMP/bad.out" "brand_colour blue: give a colour as #rrggbb"
check_fails "config --check refuses a bad colour" env PROBITY_BRAND_COLOUR=blue "$BIN" config check
finish
