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
"$BIN" --db "$DB" demo >"$TMP/demo.out" 2>&1 || { fail "demo" "$(tail -5 "$TMP/demo.out")"; finish; exit 1; }
start_server "$DB"
for u in staff manager psd acu vetting dcc governance admin; do
	expect "$u login" 303 "$(login $u)"
done

# --- every page: no markup shown as text, no repeated id
# markup_as_text FILE: the escaped "<tag" or "</tag" that a browser shows as text
markup_as_text() { grep -o '&lt;/\?[a-zA-Z][a-zA-Z0-9]*[ >/&]' "$1" | head -3; }
dup_ids() { grep -o ' id="[^"]*"' "$1" | sort | uniq -d | head -3; }
crawl() { # USER PATH...
	u=$1; shift
	for p in "$@"; do
		code=$(get "$u" "$p" "$TMP/page")
		[ "$code" = 200 ] || { fail "$u $p: 200" "$code"; continue; }
		m=$(markup_as_text "$TMP/page")
		[ -z "$m" ] && ok "$u $p: no markup shown as text" || fail "$u $p: no markup shown as text" "$m"
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
crawl vetting / /vetting /vetting/compliance /vetting/applications "/vetting/applications/$VAPP"
crawl governance "/inspections/$INSP" /inspections /findings
crawl acu / /intel /audit/alerts
crawl admin / /admin/notifications

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
finish
