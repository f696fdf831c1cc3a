#!/bin/sh
# The API contract (docs/API.md, src/web/openapi.json, src/web/api.c) over
# HTTP on the demo force: /api/v1 and the deprecated /api alias, the one list
# envelope with next links, per_page's maximum, changed_since, null for
# missing values, numbers as numbers, the one error shape, the OpenAPI
# document served; and that tests/api/validate.mjs fails on a response the
# document does not describe.
. "$(dirname "$0")/../lib.sh"

DB=$TMP/api.db
demo_force "$DB" >"$TMP/demo.out" 2>&1 || { fail "demo" "$(head -c 400 "$TMP/demo.out")"; finish; exit 1; }
start_server "$DB"
PSD=$("$BIN" --db "$DB" token create psd | tail -1)
ADM=$("$BIN" --db "$DB" token create admin | tail -1)
ACU=$("$BIN" --db "$DB" token create acu | tail -1)
VET=$("$BIN" --db "$DB" token create vetting | tail -1)
# py EXPR: evaluate EXPR with d = the last body as JSON; prints the value
py() { python3 -c "import json,sys; d=json.load(open('$TMP/body')); print($1)"; }
hdr() { grep -i "^$1:" "$TMP/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
areq() { curl -s -o "$TMP/body" -D "$TMP/headers" -w "%{http_code}" -H "Authorization: Bearer $1" "$URL$2"; }

# ---- the version and its alias ----
expect "v1 gifts" 200 "$(areq "$PSD" "/api/v1/gifts?per_page=3")"
cp "$TMP/body" "$TMP/v1.json"
expect "v1 has no Deprecation header" "" "$(hdr Deprecation)"
expect "old name still answers" 200 "$(areq "$PSD" "/api/gifts?per_page=3")"
cmp -s "$TMP/body" "$TMP/v1.json" && ok "old name answers the same body" || fail "old name answers the same body"
expect "old name is marked deprecated" "true" "$(hdr Deprecation)"
expect "old name links to its successor" '</api/v1/gifts?per_page=3>; rel="successor-version"' "$(hdr Link)"
expect "/api/v1x is not the version" 404 "$(areq "$PSD" "/api/v1x/gifts")"

# ---- one envelope on every list ----
for p in /api/v1/gifts /api/v1/interests /api/v1/associations /api/v1/circumstances /api/v1/procurement/flags; do
	expect "$p answers" 200 "$(areq "$PSD" "$p?per_page=2")"
	expect "$p has the envelope" "['items', 'next', 'page', 'per_page', 'total']" "$(py 'sorted(d)')"
	expect "$p honours per_page" "2 2" "$(py 'd["per_page"], len(d["items"])' | tr -d '(),')"
done
for p in /api/v1/accounts /api/v1/air/rounds /api/v1/air/team; do
	expect "$p answers" 200 "$(areq "$ADM" "$p?per_page=1")"
	expect "$p has the envelope" "True" "$(py '{"items", "total", "page", "per_page", "next"} <= set(d)')"
done
expect "accounts: items, not accounts" "False" "$(areq "$ADM" /api/v1/accounts >/dev/null; py '"accounts" in d')"
expect "audit alerts" 200 "$(areq "$ACU" "/api/v1/audit/alerts?per_page=5")"
expect "audit alerts: items and counts_by_rule, per_page honoured" "True True 5" \
	"$(py '"items" in d and "alerts" not in d, "R1" in d["counts_by_rule"], d["per_page"]' | tr -d '(),')"
expect "vetting applications" 200 "$(areq "$VET" "/api/v1/vetting/applications?per_page=7")"
expect "vetting applications honour per_page" "7 7" "$(py 'd["per_page"], len(d["items"])' | tr -d '(),')"
expect "vetting compliance" 200 "$(areq "$VET" "/api/v1/vetting/compliance?per_page=3")"
expect "vetting compliance honours per_page" "3" "$(py 'd["per_page"]')"
expect "intel items" 200 "$(areq "$ACU" "/api/v1/intel/items?per_page=4")"
expect "intel items: 4" "4" "$(py 'len(d["items"])')"
expect "inspections" 200 "$(areq "$ADM" "/api/v1/inspections?per_page=2")"
expect "inspections honour per_page" "2" "$(py 'd["per_page"]')"
iid=$(py 'd["items"][0]["id"]')
expect "an inspection by id" 200 "$(areq "$ADM" "/api/v1/inspections/$iid")"
expect "the inspection is a record" "$iid False" "$(py 'd["id"], "next" in d' | tr -d '(),')"
expect "an AIR return is a record, not a list" 200 "$(areq "$ADM" "/api/v1/air/returns/$(q "SELECT MIN(id) FROM air_returns")")"
expect "a record has no envelope" "False" "$(py '"next" in d')"

# ---- training: the web's lists have their API, with the pages' rules ----
STAFF=$("$BIN" --db "$DB" token create staff | tail -1)
MGR=$("$BIN" --db "$DB" token create manager | tail -1)
expect "training/mine" 200 "$(areq "$STAFF" "/api/v1/training/mine")"
expect "training/mine: own courses" "True" "$(py 'd["total"] > 0 and len({i["staff_number"] for i in d["items"]}) == 1')"
expect "training/team: staff refused" 403 "$(areq "$STAFF" "/api/v1/training/team")"
expect "training/team: a manager" 200 "$(areq "$MGR" "/api/v1/training/team?per_page=2")"
expect "training/compliance: a manager refused" 403 "$(areq "$MGR" "/api/v1/training/compliance")"
expect "training/compliance: admin" 200 "$(areq "$ADM" "/api/v1/training/compliance?status=overdue&per_page=5")"
expect "training/compliance: filtered" "True" "$(py 'all(i["status"] == "overdue" for i in d["items"]) and d["total"] > 0')"
expect "training/policies/people: staff refused" 403 "$(areq "$STAFF" "/api/v1/training/policies/people")"
expect "training/policies/people: admin" 200 "$(areq "$ADM" "/api/v1/training/policies/people?per_page=3")"
# each row's id is its place in the whole list: distinct, and the page's row at that place
expect "training page as HTML" 303 "$(login training demo-password-2026)"
expect "training/compliance page 3" 200 "$(get training "/training/compliance?per_page=5&page=3" "$TMP/tc.html")"
expect "training/compliance API page 3" 200 "$(areq "$ADM" "/api/v1/training/compliance?per_page=5&page=3")"
expect "training rows: ids are their places, 11 to 15" "[11, 12, 13, 14, 15]" "$(py '[i["id"] for i in d["items"]]')"
expect "training rows: the page's rows in the page's order" "True" "$(python3 -c "
import json, re, html
d = json.load(open('$TMP/body'))
body = open('$TMP/tc.html').read().split('<tbody', 1)[1]
rows = [[html.unescape(re.sub('<[^>]*>', '', c)).strip() for c in re.findall(r'<td[^>]*>(.*?)</td>', r, re.S)] for r in re.findall(r'<tr[^>]*>(.*?)</tr>', body, re.S)]
api = [['%s (%s)' % (i['name'], i['staff_number']), i['unit'], i['course']] for i in d['items']]
print(len(rows) == 5 and [r[:3] for r in rows] == api)")"
expect "training/mine ids" 200 "$(areq "$STAFF" "/api/v1/training/mine?per_page=500")"
expect "training/mine: ids distinct, 1 to n" "True" "$(py '[i["id"] for i in d["items"]] == list(range(1, d["total"] + 1)) and d["total"] > 1')"
expect "policy acknowledgements page 2" 200 "$(areq "$ADM" "/api/v1/training/policies/people?per_page=4&page=2")"
expect "policy rows: ids are their places, 5 to 8" "[5, 6, 7, 8]" "$(py '[i["id"] for i in d["items"]]')"
expect "training refusals are logged (team, force)" "2" "$(q "SELECT COUNT(DISTINCT object_id) FROM access_log WHERE outcome = 'refused' AND object_type = 'training_compliance'")"

expect "procurement/contracts: psd" 200 "$(areq "$PSD" "/api/v1/procurement/contracts?per_page=2")"
expect "procurement/contracts: the page's total" "$(q "SELECT COUNT(*) FROM contracts")" "$(py 'd["total"]')"
expect "procurement/contracts: staff refused" 403 "$(areq "$STAFF" "/api/v1/procurement/contracts")"
expect "procurement/contracts: the refusal is logged" "1" "$(q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND object_type = 'contracts'")"

# ---- per_page's maximum, page, and the error shape ----
expect "per_page 500 is allowed" 200 "$(areq "$PSD" "/api/v1/gifts?per_page=500")"
expect "per_page 500: 500 items" "500" "$(py 'len(d["items"])')"
expect "per_page 501 is refused" 400 "$(areq "$PSD" "/api/v1/gifts?per_page=501")"
expect "the one error shape, naming the field" "invalid per_page" "$(py 'd["error"]["code"], d["error"]["field"]' | tr -d "(),'")"
expect "per_page 0 is refused" 400 "$(areq "$PSD" "/api/v1/interests?per_page=0")"
expect "per_page abc is refused" 400 "$(areq "$ACU" "/api/v1/intel/items?per_page=abc")"
expect "page 0 is refused" 400 "$(areq "$PSD" "/api/v1/gifts?page=0")"
expect "page 0 names page" "page" "$(py 'd["error"]["field"]')"
expect "a refusal has the error shape" 403 "$(areq "$ACU" "/api/v1/gifts")"
expect "403: code forbidden, field null" "forbidden None" "$(py 'd["error"]["code"], d["error"]["field"]' | tr -d "(),'")"
expect "unknown path" 404 "$(areq "$PSD" "/api/v1/nothing")"
expect "404: code not_found" "not_found" "$(py 'd["error"]["code"]')"
expect "no credentials" 401 "$(curl -s -o "$TMP/body" -w "%{http_code}" "$URL/api/v1/gifts")"
expect "401: code unauthenticated" "unauthenticated" "$(py 'd["error"]["code"]')"
expect "a bad filter names its field" 400 "$(areq "$PSD" "/api/v1/gifts?from=2026-02-30")"
expect "bad from: field from" "invalid from" "$(py 'd["error"]["code"], d["error"]["field"]' | tr -d "(),'")"

# ---- next links walk the list ----
expect "page 1 of 2 per page" 200 "$(areq "$PSD" "/api/v1/gifts?per_page=2&sort=value")"
next=$(py 'd["next"]')
expect "next is the v1 URL of page 2" "/api/v1/gifts?per_page=2&sort=value&page=2" "$next"
first=$(py 'd["items"][0]["id"]')
expect "following next" 200 "$(areq "$PSD" "$next")"
expect "next gives page 2" "2" "$(py 'd["page"]')"
[ "$(py 'd["items"][0]["id"]')" != "$first" ] && ok "page 2 holds other items" || fail "page 2 holds other items"
total=$(py 'd["total"]')
last=$(( (total + 1) / 2 ))
expect "the last page" 200 "$(areq "$PSD" "/api/v1/gifts?per_page=2&sort=value&page=$last")"
expect "the last page's next is null" "None" "$(py 'd["next"]')"
expect "a whole list is paged too" 200 "$(areq "$ADM" "/api/v1/air/team?per_page=1")"
[ "$(py 'd["total"] > 1 and len(d["items"]) == 1 and d["next"] is not None')" = True ] && ok "whole list: one item, next set" ||
	fail "whole list: one item, next set" "$(head -c 300 "$TMP/body")"

# ---- changed_since ----
since=$(q "SELECT MAX(date_offered) FROM gifts")
want=$(q "SELECT COUNT(*) FROM gifts g WHERE g.date_offered >= '$since' OR g.manager_at >= '$since' OR g.psd_at >= '$since'" 2>/dev/null)
expect "changed_since" 200 "$(areq "$PSD" "/api/v1/gifts?changed_since=$since&per_page=500")"
got=$(py 'd["total"]')
all=$(q "SELECT COUNT(*) FROM gifts")
[ "$got" -gt 0 ] && [ "$got" -lt "$all" ] && ok "changed_since keeps fewer than all ($got of $all)" ||
	fail "changed_since keeps fewer than all" "$got of $all"
[ -z "$want" ] || expect "changed_since counts the declared or decided ones" "$want" "$got"
expect "every item kept changed on or after it" "True" \
	"$(py "all(max(x for x in (i['date_offered'], (i['manager']['at'] or '')[:10], (i['psd']['at'] or '')[:10]) if x) >= '$since' for i in d['items'])")"
expect "changed_since with an offset" 200 "$(areq "$PSD" "/api/v1/gifts?changed_since=${since}T23:30:00-01:00")"
expect "a time's offset moves it to the next UTC day" "True" \
	"$(py "all(max(x for x in (i['date_offered'], (i['manager']['at'] or '')[:10], (i['psd']['at'] or '')[:10]) if x) > '$since' for i in d['items'])")"
expect "changed_since without an offset is refused" 400 "$(areq "$PSD" "/api/v1/gifts?changed_since=${since}T10:00:00")"
expect "changed_since: field named" "changed_since" "$(py 'd["error"]["field"]')"
expect "changed_since not a date" 400 "$(areq "$PSD" "/api/v1/interests?changed_since=2026-02-30")"
expect "changed_since far ahead: nothing" 200 "$(areq "$ACU" "/api/v1/intel/items?changed_since=2099-01-01")"
expect "far ahead: total 0, next null" "0 None" "$(py 'd["total"], d["next"]' | tr -d '(),')"
expect "computed list: everything counts as changed" 200 "$(areq "$ADM" "/api/v1/air/rounds?changed_since=2099-01-01")"
[ "$(py 'd["total"]')" -ge 1 ] && ok "computed list keeps its items" || fail "computed list keeps its items"

# ---- values ----
expect "gifts for values" 200 "$(areq "$PSD" "/api/v1/gifts?per_page=500")"
expect "no empty strings anywhere" "False" "$(grep -c '""' "$TMP/body" | sed 's/^0$/False/;s/^[1-9].*/True/')"
expect "missing values are null" "True" "$(py 'any(i["psd"]["at"] is None for i in d["items"])')"
expect "stop and search" 200 "$(areq "$ADM" "/api/v1/stopsearch/report?area=$(q "SELECT area FROM ss_population LIMIT 1" 2>/dev/null)")"
expect "complaints bulletin" 200 "$(areq "$PSD" "/api/v1/complaints/bulletin")"
expect "bulletin figures are numbers or null" "True" \
	"$(py 'all(r["value"] is None or isinstance(r["value"], (int, float)) for r in d["rows"])')"
expect "disproportionality" 200 "$(areq "$VET" "/api/v1/vetting/disproportionality")"
if grep -Eq '[0-9]\.[0-9]{12,}' "$TMP/body"; then fail "no 17-digit floats" "$(grep -Eo '[0-9]\.[0-9]{12,}' "$TMP/body" | head -3)"; else ok "no 17-digit floats"; fi
expect "times carry their offset" "True" "$(areq "$ADM" /api/v1/accounts >/dev/null; py 'all(i["created_at"].endswith("Z") and "T" in i["created_at"] for i in d["items"])')"

# ---- the OpenAPI document ----
expect "openapi.json served" 200 "$(areq "$PSD" "/api/v1/openapi.json")"
expect "it is OpenAPI 3.1" "3.1.0" "$(py 'd["openapi"]')"
cmp -s "$TMP/body" "$ROOT/src/web/openapi.json" && ok "it is src/web/openapi.json as compiled in" ||
	fail "it is src/web/openapi.json as compiled in"
expect "it needs credentials" 401 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/api/v1/openapi.json")"

# ---- the contract test fails on what the document does not describe ----
if command -v node >/dev/null && [ -d "$ROOT/node_modules/ajv" ]; then
	mkdir -p "$TMP/cap"
	printf '%s' '{"method":"GET","path":"/api/gifts","route":"/api/gifts","v1":true,"status":200,"ctype":"application/json","body":"{\"items\":[],\"total\":0,\"page\":1,\"per_page\":50,\"next\":null}"}' >"$TMP/cap/good.json"
	check "validator passes a described answer" node "$ROOT/tests/api/validate.mjs" "$TMP/cap"
	printf '%s' '{"method":"GET","path":"/api/gifts","route":"/api/gifts","v1":true,"status":200,"ctype":"application/json","body":"{\"total\":0,\"page\":1,\"per_page\":50,\"items\":[{\"id\":1,\"reference\":\"G1\",\"value_pence\":\"12.50\"}]}"}' >"$TMP/cap/bad.json"
	check_fails "validator fails an answer off the schema" node "$ROOT/tests/api/validate.mjs" "$TMP/cap"
	check_has "it names what is wrong" "$TMP/.out" "must have required property 'next'"
	rm "$TMP/cap/bad.json"
	printf '%s' '{"method":"GET","path":"/api/gifts","route":"/api/gifts","v1":false,"status":418,"ctype":"application/json","body":"{}"}' >"$TMP/cap/status.json"
	check_fails "validator fails an undocumented status" node "$ROOT/tests/api/validate.mjs" "$TMP/cap"
	check_has "it names the status" "$TMP/.out" "undocumented status 418"
	rm "$TMP/cap/status.json"
	printf '%s' '{"method":"GET","path":"/api/secret","route":"/api/secret","v1":true,"status":200,"ctype":"application/json","body":"{}"}' >"$TMP/cap/route.json"
	check_fails "validator fails an undocumented route" node "$ROOT/tests/api/validate.mjs" "$TMP/cap"
	check_has "it names the route" "$TMP/.out" "undocumented operation GET /api/v1/secret"
else
	fail "node and ajv are installed (scripts/deps.sh)"
fi
finish
