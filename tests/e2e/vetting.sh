#!/bin/sh
# End-to-end: vetting (M5). The CLI import (all-or-nothing, rerunnable,
# line/column errors, --dry-run) and the disproportionality table (exact CSV,
# computed independently by hand); over HTTP the vetting officer's workflow
# (clearances, compliance, work queue, an application with validation,
# double submission, equality data and a refusal), the DCC's appeal decision,
# the scrutiny panel's published (suppressed) report, the BLIND rule (planted
# distinctive equality values never appear on any decision page or API
# response), and every access refusal with its access-log row.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
export PROBITY_TODAY=2026-06-30
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
sqlite3 "$DB" "UPDATE posts SET vetting_level = 'MV' WHERE title = 'Response Inspector'; UPDATE posts SET vetting_level = 'RV' WHERE title = 'Response Constable';"
echo "correct-horse-battery" >"$TMP/pw"
"$BIN" --db "$DB" user add vet --password-file "$TMP/pw" --staff-number 1005 >/dev/null
"$BIN" --db "$DB" user role vet +vetting >/dev/null
"$BIN" --db "$DB" user add dcc --password-file "$TMP/pw" --staff-number 1001 >/dev/null
"$BIN" --db "$DB" user role dcc +dcc >/dev/null
"$BIN" --db "$DB" user add panel --password-file "$TMP/pw" >/dev/null
"$BIN" --db "$DB" user role panel +scrutiny >/dev/null
"$BIN" --db "$DB" user add equal --password-file "$TMP/pw" >/dev/null
"$BIN" --db "$DB" user role equal +equality >/dev/null
"$BIN" --db "$DB" user add priya --password-file "$TMP/pw" --staff-number 1003 >/dev/null
"$BIN" --db "$DB" user add root --password-file "$TMP/pw" >/dev/null
"$BIN" --db "$DB" user role root +admin >/dev/null


# ---- CLI: import ----
head -3 "$F/vetting-applications.csv" >"$TMP/bad.csv"
echo "VX1,recruit,RV,2025-03-01,2025-02-01,full,granted,,,,,,," >>"$TMP/bad.csv"
check_fails "import rejects a bad file" "$BIN" --db "$DB" vetting import "$TMP/bad.csv"
"$BIN" --db "$DB" vetting import "$TMP/bad.csv" 2>"$TMP/err" >/dev/null
check_has "error names line and column" "$TMP/err" "bad.csv:4: decided:"
expect "nothing written by a bad file" 0 "$(sqlite3 "$DB" 'select count(*) from vetting_applications')"
check "dry run" "$BIN" --db "$DB" vetting import --dry-run "$F/vetting-applications.csv"
expect "dry run writes nothing" 0 "$(sqlite3 "$DB" 'select count(*) from vetting_applications')"
"$BIN" --db "$DB" vetting import "$F/vetting-applications.csv" >"$TMP/out"
check_has "import counts" "$TMP/out" "35 rows, 35 created, 0 unchanged"
check "rerun exits 0" "$BIN" --db "$DB" vetting import "$F/vetting-applications.csv"
"$BIN" --db "$DB" vetting import "$F/vetting-applications.csv" >"$TMP/out"
check_has "rerun adds nothing" "$TMP/out" "35 rows, 0 created, 35 unchanged"
expect "35 applications stored" 35 "$(sqlite3 "$DB" 'select count(*) from vetting_applications')"
printf 'application_id,kind\n' >"$TMP/hdr.csv"
# Equality values must be in the scheme; the message names file, line and column
head -1 "$F/vetting-applications.csv" >"$TMP/eq.csv"
echo "VQ1,recruit,RV,2025-03-01,2025-06-15,full,granted,,Purple,Female,25-34,No,," >>"$TMP/eq.csv"
check_fails "unknown ethnicity refused" "$BIN" --db "$DB" vetting import "$TMP/eq.csv"
"$BIN" --db "$DB" vetting import "$TMP/eq.csv" 2>"$TMP/err" >/dev/null
check_has "equality error names file:line: column" "$TMP/err" "eq.csv:2: ethnicity: \"Purple\" is not in the equality scheme"
head -1 "$F/vetting-applications.csv" >"$TMP/eq.csv"
echo "VQ2,recruit,RV,2025-03-01,2025-06-15,full,granted,,Asian: Welsh,Female,25-34,No,," >>"$TMP/eq.csv"
check_fails "a detail from another group refused" "$BIN" --db "$DB" vetting import "$TMP/eq.csv"
head -1 "$F/vetting-applications.csv" >"$TMP/eq.csv"
echo "VQ3,recruit,RV,2025-03-01,2025-06-15,full,granted,,White,female,25-34,No,," >>"$TMP/eq.csv"
"$BIN" --db "$DB" vetting import "$TMP/eq.csv" 2>"$TMP/err" >/dev/null
check_has "sex outside the scheme names its column" "$TMP/err" "eq.csv:2: sex: \"female\" is not in the equality scheme; expected Female, Male, Prefer not to say or blank"
head -1 "$F/vetting-applications.csv" >"$TMP/eq.csv"
echo "VQ4,recruit,RV,2025-03-01,2025-06-15,full,granted,,Asian or Asian British: Pakistani,Prefer not to say,55+,Yes,Any other religion,Gay or lesbian" >>"$TMP/eq.csv"
check "scheme values accepted (dry run)" "$BIN" --db "$DB" vetting import --dry-run "$TMP/eq.csv"
check_fails "wrong header refused" "$BIN" --db "$DB" vetting import "$TMP/hdr.csv"

# ---- CLI: the disproportionality table (expected values computed by hand) ----
cat >"$TMP/want.csv" <<'EOF'
group,applications,refused,refusal_rate_pct,relative_rate,rr_ci_low,rr_ci_high,fisher_p,fisher_p_holm,note
Black,6,3,50.00,5.00,1.07,23.30,0.06242,0.1873,
White,20,2,10.00,1.00,,,,,
White: Gypsy or Irish Traveller,4,1,25.00,2.50,0.29,21.40,0.4368,0.8735,
Not declared,2,0,0.00,0.00,0.09,22.68,1.000,1.000,"Haldane-Anscombe correction: a cell was zero, so 0.5 was added to each cell for the interval"
EOF
# Holm over 3 groups: 3 x 0.06242, then max(2 x 0.4368, ...), then 1. Not declared (0 of 2 against
# 2 of 20): (0.5/3)/(2.5/21) = 1.4, SE = sqrt(1/0.5 - 1/3 + 1/2.5 - 1/21) = 1.421 -> 0.09 .. 22.68
"$BIN" --db "$DB" vetting disproportionality --characteristic ethnicity --from 2025-01-01 --to 2025-12-31 >"$TMP/got.csv"
check "disproportionality CSV exact" cmp "$TMP/want.csv" "$TMP/got.csv"
"$BIN" --db "$DB" vetting disproportionality --characteristic ethnicity --from 2025-01-01 --to 2025-12-31 -o "$TMP/o.csv"
check "-o writes the same file" cmp "$TMP/want.csv" "$TMP/o.csv"
"$BIN" --db "$DB" vetting disproportionality --characteristic ethnicity >"$TMP/all.csv"
check_has "without a period the 2024 refusal counts" "$TMP/all.csv" "Black,7,4,57.14,"
"$BIN" --db "$DB" vetting disproportionality --characteristic ethnicity --from 2025-01-01 --to 2025-12-31 --reference Black >"$TMP/ref.csv"
check_has "explicit reference" "$TMP/ref.csv" "Black,6,3,50.00,1.00,,,"
check_has "rates against the chosen reference" "$TMP/ref.csv" "White,20,2,10.00,0.20,"
check_fails "unknown reference group" "$BIN" --db "$DB" vetting disproportionality --characteristic ethnicity --reference Nobody
check_fails "unknown characteristic" "$BIN" --db "$DB" vetting disproportionality --characteristic eye_colour
check_fails "bad date" "$BIN" --db "$DB" vetting disproportionality --characteristic sex --from 2025-02-30
"$BIN" --db "$DB" vetting disproportionality --characteristic sex --from 2025-01-01 --to 2025-12-31 >"$TMP/sex.csv"
check_has "sex table" "$TMP/sex.csv" "Female,"
check "help" "$BIN" vetting --help

# ---- the demo force: clearances for everyone and the planted disparity ----
DEMO=$TMP/demo.db
"$BIN" --db "$DEMO" demo >/dev/null
expect "demo: a clearance for everyone" "$(sqlite3 "$DEMO" 'select count(*) from people')" "$(sqlite3 "$DEMO" 'select count(distinct person_id) from clearances')"
[ "$(sqlite3 "$DEMO" "select count(*) from clearances where status = 'lapsed' or (status = 'active' and expiry < '$PROBITY_TODAY')")" -gt 10 ] && ok "demo: lapsed clearances" || fail "demo: lapsed clearances"
[ "$(sqlite3 "$DEMO" "select count(*) from vetting_applications where received < '2021-12-31'")" -gt 100 ] && ok "demo: five years of applications" || fail "demo: five years of applications"
[ "$(sqlite3 "$DEMO" "select count(*) from vetting_appeals where outcome = ''")" -ge 1 ] && ok "demo: an appeal awaits the DCC" || fail "demo: an appeal awaits the DCC"
"$BIN" --db "$DEMO" vetting disproportionality --characteristic ethnicity >"$TMP/demo.csv"
awk -F, '/^Asian or Asian British: Pakistani,/ { found = 1; if ($5 + 0 > 1.3 && $6 + 0 > 1 && $8 + 0 < 0.05) sig = 1 } END { exit !(found && sig) }' "$TMP/demo.csv" \
	&& ok "demo: the planted disparity is found (RR > 1.3, interval above 1, p < 0.05)" \
	|| fail "demo: the planted disparity is found" "$(cat "$TMP/demo.csv")"
grep '^"White: English, Welsh, Scottish, Northern Irish or British",[0-9]*,[0-9]*,[0-9.]*,1.00,,,,,$' "$TMP/demo.csv" >/dev/null && ok "demo: White British is the reference" || fail "demo: White British is the reference"

# ---- HTTP ----
start_server "$DB"

for u in vet dcc panel priya root equal; do expect "login $u" 303 "$(login $u)"; done
T=$(csrf vet /vetting/applications/new)
[ -n "$T" ] && ok "csrf token" || fail "csrf token"

# Clearances and compliance: Aisha (1001) holds RV in an MV post -> below post;
# Priya (1003) holds RV expiring in 30 days -> expiring.
AISHA=$(sqlite3 "$DB" "select id from people where staff_number = '1001'")
PRIYA=$(sqlite3 "$DB" "select id from people where staff_number = '1003'")
expect "person page" 200 "$(get vet "/vetting/people/$AISHA")"
expect "invalid clearance re-shown" 400 "$(post vet "/vetting/people/$AISHA/clearances" --data-urlencode "csrf=$T" -d level=ZZ -d granted=2025-02-30)"
check_has "clearance errors listed" "$TMP/body" "There is a problem"
expect "clearance recorded" 303 "$(post vet "/vetting/people/$AISHA/clearances" --data-urlencode "csrf=$T" -d level=RV -d granted=2020-01-01)"
expect "clearance 2" 303 "$(post vet "/vetting/people/$PRIYA/clearances" --data-urlencode "csrf=$T" -d level=RV -d granted=2016-07-30 -d expiry=2026-07-30 --data-urlencode "aftercare=Annual review done")"
expect "compliance page" 200 "$(get vet /vetting/compliance)"
check_has "below post listed" "$TMP/body" "Below post requirement"
check_has "expiring listed" "$TMP/body" "Expiring soon"
check_has "counts per unit" "$TMP/body" "Issues by unit"
check_has "renewals forecast a year ahead" "$TMP/body" "Renewals due in the next 12 months"
check_has "forecast starts this month" "$TMP/body" ">2026-07<"
expect "compliance export" 200 "$(get vet "/vetting/compliance.csv?issue=below_post" "$TMP/c.csv")"
check_has "export header" "$TMP/c.csv" "staff_number,name,unit,post,post_requires,issue,clearance,expiry"
check_has "export row" "$TMP/c.csv" "1001,Aisha Okafor"
check_lacks "export filtered" "$TMP/c.csv" "Expiring soon"
expect "home page" 200 "$(get vet /)"
check_has "home card" "$TMP/body" "people need their vetting refreshed"
CID=$(sqlite3 "$DB" "select id from clearances where person_id = $PRIYA")
expect "clearance updated" 303 "$(post vet "/vetting/clearances/$CID" --data-urlencode "csrf=$T" -d person_id=$PRIYA -d status=suspended -d expiry=2026-07-30 --data-urlencode "aftercare=Suspended pending review")"
expect "status stored" suspended "$(sqlite3 "$DB" "select status from clearances where id = $CID")"

# The work queue over tasks.h
sqlite3 "$DB" "insert into vetting_tasks(person_id, kind, source, detail, created_at) values($PRIYA, 'change_of_circumstances', 'circumstance', 'New partner declared', '2026-06-01T10:00:00Z')"
TID=$(sqlite3 "$DB" "select max(id) from vetting_tasks")
expect "work queue" 200 "$(get vet /vetting/tasks)"
check_has "task listed" "$TMP/body" "New partner declared"
expect "close without outcome" 303 "$(post vet "/vetting/tasks/$TID/close" --data-urlencode "csrf=$T" -d outcome=)"
expect "still open" open "$(sqlite3 "$DB" "select status from vetting_tasks where id = $TID")"
expect "close task" 303 "$(post vet "/vetting/tasks/$TID/close" --data-urlencode "csrf=$T" --data-urlencode "outcome=Checks repeated, no concerns")"
expect "task closed" closed "$(sqlite3 "$DB" "select status from vetting_tasks where id = $TID")"

# An application: validation, double submission, equality data, refusal
expect "new application form" 200 "$(get vet /vetting/applications/new)"
expect "invalid application re-shown" 400 "$(post vet /vetting/applications --data-urlencode "csrf=$T" -d kind=internal -d level=XX -d received=2030-01-01)"
check_has "application errors" "$TMP/body" "Enter the applicant&#39;s name"
KEY=1111111111111111111111111111111111111111111111111111111111111111
newapp() { post vet /vetting/applications --data-urlencode "csrf=$T" -d submit_key=$KEY --data-urlencode "applicant_name=Robin Example" -d kind=recruit -d level=RV -d received=2026-05-01; }
expect "application recorded" 303 "$(newapp)"
LOC=$(location)
expect "double submission" 303 "$(newapp)"
expect "double submission makes one record" "$LOC" "$(location)"
APP=${LOC##*/}
expect "blind: the vetting officer cannot open the equality form" 403 "$(get vet "$LOC/equality")"
expect "blind: nor post it" 403 "$(post vet "$LOC/equality" --data-urlencode "csrf=$T" -d sex=Male)"
expect "blind: the refusals are logged" 2 "$(sqlite3 "$DB" "select count(*) from access_log where object_type = 'vetting_equality' and outcome = 'refused' and username = 'vet'")"
expect "blind: admin cannot post it either" 403 "$(post root "$LOC/equality" --data-urlencode "csrf=$(csrf root /vetting/levels)" -d sex=Male)"
TE=$(csrf equal "$LOC/equality")
expect "equality form" 200 "$(get equal "$LOC/equality")"
expect "form: the 19 census groups as radios" 19 "$(grep -c 'name="ethnicity" type="radio" value="[^P]' "$TMP/body")"
check_has "form: census heading" "$TMP/body" "Black, Black British, Black Welsh, Caribbean or African"
expect "form: prefer not to say on every question" 6 "$(grep -c 'value="Prefer not to say"' "$TMP/body")"
expect "equality outside the scheme re-shown (400)" 400 "$(post equal "$LOC/equality" --data-urlencode "csrf=$TE" --data-urlencode "ethnicity=Zq Planted Ethnicity" -d sex=Male --data-urlencode "religion=Jedi")"
check_has "error names the ethnicity field" "$TMP/body" "Ethnicity must be one of:"
check_has "error names the religion field" "$TMP/body" "Religion or belief must be one of:"
check_lacks "sex in the scheme is not an error" "$TMP/body" "Sex must be one of"
expect "nothing stored from a refused form" 0 "$(sqlite3 "$DB" "select count(*) from vetting_equality where application_id = $APP")"
expect "equality saved" 200 "$(post equal "$LOC/equality" --data-urlencode "csrf=$TE" --data-urlencode "ethnicity=Other ethnic group: Arab" --data-urlencode "sex=Male" --data-urlencode "age_band=55+" --data-urlencode "disability=Prefer not to say" --data-urlencode "religion=Sikh" --data-urlencode "sexual_orientation=Bisexual")"
expect "equality stored apart" "Sikh" "$(sqlite3 "$DB" "select religion from vetting_equality where application_id = $APP")"
# The applicant's one-time link: made by the vetting unit, used without an account, once
expect "vetting unit creates the applicant's link" 200 "$(post vet "$LOC/equality-link" --data-urlencode "csrf=$T")"
ELINK=$(sed -n 's|.*/equality/\([0-9a-f]\{64\}\).*|\1|p' "$TMP/body" | head -1)
[ -n "$ELINK" ] && ok "the link is shown once" || fail "the link is shown once"
expect "only its hash is stored" 0 "$(sqlite3 "$DB" "select count(*) from vetting_equality_links where token_hash = '$ELINK'")"
expect "staff cannot create a link" 403 "$(post priya "$LOC/equality-link" --data-urlencode "csrf=$(csrf priya /)")"
expect "the applicant opens the link without an account" 200 "$(curl -s -o "$TMP/body" -w "%{http_code}" "$URL/equality/$ELINK")"
expect "link form: the 19 census groups" 19 "$(grep -c 'name="ethnicity" type="radio" value="[^P]' "$TMP/body")"
expect "link: outside the scheme re-shown (400)" 400 "$(curl -s -o "$TMP/body" -w "%{http_code}" --data-urlencode "religion=Jedi" "$URL/equality/$ELINK")"
expect "link: the applicant's answers stored" 200 "$(curl -s -o "$TMP/body" -w "%{http_code}" --data-urlencode "religion=Buddhist" --data-urlencode "ethnicity=Asian or Asian British: Chinese" "$URL/equality/$ELINK")"
expect "link: stored apart" "Buddhist" "$(sqlite3 "$DB" "select religion from vetting_equality where application_id = $APP")"
expect "link: works once" 404 "$(curl -s -o "$TMP/body" -w "%{http_code}" "$URL/equality/$ELINK")"
expect "link: a second post is refused" 404 "$(curl -s -o "$TMP/body" -w "%{http_code}" --data-urlencode "religion=Sikh" "$URL/equality/$ELINK")"
expect "link: a made-up token" 404 "$(curl -s -o "$TMP/body" -w "%{http_code}" "$URL/equality/0000000000000000000000000000000000000000000000000000000000000000")"
expect "link: refusals logged" 3 "$(sqlite3 "$DB" "select count(*) from access_log where object_type = 'vetting_equality_link' and outcome = 'refused'")"
expect "equality restored for the checks below" 200 "$(post equal "$LOC/equality" --data-urlencode "csrf=$TE" --data-urlencode "ethnicity=Other ethnic group: Arab" --data-urlencode "sex=Male" --data-urlencode "age_band=55+" --data-urlencode "disability=Prefer not to say" --data-urlencode "religion=Sikh" --data-urlencode "sexual_orientation=Bisexual")"
expect "refusal without grounds re-shown" 400 "$(post vet "$LOC/decision" --data-urlencode "csrf=$T" -d outcome=refused -d stage=full -d decided=2026-06-01)"
check_has "grounds required" "$TMP/body" "Select the grounds for refusal"
check_has "rationale required" "$TMP/body" "Write the rationale"
expect "refusal recorded" 303 "$(post vet "$LOC/decision" --data-urlencode "csrf=$T" -d outcome=refused -d stage=full -d ground=honesty --data-urlencode "rationale=Did not disclose a caution" -d decided=2026-06-01)"
expect "decided twice is a conflict" 409 "$(post vet "$LOC/decision" --data-urlencode "csrf=$T" -d outcome=granted -d stage=full --data-urlencode "rationale=x" -d decided=2026-06-01)"

# The DCC: not before an appeal; then decides it
expect "dcc refused before appeal" 403 "$(get dcc "$LOC")"
expect "appeal recorded" 303 "$(post vet "$LOC/appeal" --data-urlencode "csrf=$T" -d appeal_received=2026-06-05 --data-urlencode "grounds=The caution was spent")"
expect "dcc sees the appeal list" 200 "$(get dcc /vetting/appeals)"
check_has "appeal listed" "$TMP/body" "VA"
expect "dcc opens the appealed application" 200 "$(get dcc "$LOC")"
check_has "appeal form for the dcc" "$TMP/body" "Record appeal decision"
TD=$(csrf dcc "$LOC")
expect "vetting officer cannot decide the appeal" 403 "$(post vet "$LOC/appeal/decision" --data-urlencode "csrf=$T" -d appeal_outcome=overturned -d reason=x -d appeal_decided=2026-06-10)"
expect "dcc cannot record a vetting decision" 403 "$(post dcc "$LOC/decision" --data-urlencode "csrf=$TD" -d outcome=granted)"
expect "appeal decided" 303 "$(post dcc "$LOC/appeal/decision" --data-urlencode "csrf=$TD" -d appeal_outcome=overturned --data-urlencode "reason=Spent caution disclosed late" -d appeal_decided=2026-06-10)"
expect "appeal outcome stored" overturned "$(sqlite3 "$DB" "select outcome from vetting_appeals where application_id = $APP")"

# BLIND: no decision page or API response holds the planted equality values
: >"$TMP/blind"
for id in $(sqlite3 "$DB" "select id from vetting_applications"); do
	get vet "/vetting/applications/$id" "$TMP/p" >/dev/null; cat "$TMP/p" >>"$TMP/blind"
	get vet "/api/vetting/applications/$id" "$TMP/p" >/dev/null; cat "$TMP/p" >>"$TMP/blind"
done
for p in /vetting/applications "/vetting/applications?status=refused" /vetting/appeals /api/vetting/applications \
	"/api/vetting/applications?status=appealed" "$LOC/equality" /vetting /vetting/compliance /api/vetting/compliance; do
	get vet "$p" "$TMP/p" >/dev/null; cat "$TMP/p" >>"$TMP/blind"
done
get dcc "$LOC" "$TMP/p" >/dev/null; cat "$TMP/p" >>"$TMP/blind"
get dcc /vetting/appeals "$TMP/p" >/dev/null; cat "$TMP/p" >>"$TMP/blind"
get dcc "/api/vetting/applications/$APP" "$TMP/p" >/dev/null; cat "$TMP/p" >>"$TMP/blind"
check_has "blind check read the decision pages" "$TMP/blind" "Did not disclose a caution"
check_has "blind check read the API" "$TMP/blind" "\"reference\""
check_lacks "no planted ethnicity (form) on decision pages or API" "$TMP/blind" "Other ethnic group: Arab"
check_lacks "no planted ethnicity (import) on decision pages or API" "$TMP/blind" "Gypsy or Irish Traveller"
grep -v 'option' "$TMP/blind" >"$TMP/blind2" # the equality form's own answer list aside
for v in Sikh Bisexual 55+; do check_lacks "no planted $v on decision pages or API" "$TMP/blind2" "$v"; done
check_lacks "no protected characteristics labels" "$TMP/blind" "Ethnic group:"
# ...while equality reporting does read them, unsuppressed only for the equality role
expect "internal report" 200 "$(get equal "/vetting/disproportionality?from=2025-01-01&to=2026-06-30")"
check_has "report groups by the recorded value" "$TMP/body" "White: Gypsy or Irish Traveller"
check_has "plain-English summary" "$TMP/body" "times as likely to be refused"
check_has "forest plot is accessible SVG" "$TMP/body" "<title id=\"forest-title\">"
check_has "forest plot description" "$TMP/body" "<desc id=\"forest-desc\">"
check_has "forest plot scales to the page width" "$TMP/body" 'class="probity-forest" width="100%"'
check_has "forest plot legend" "$TMP/body" "Interval with the Haldane-Anscombe correction"
check_has "internal shows totals" "$TMP/body" "applications decided"
expect "report CSV" 200 "$(get equal "/vetting/disproportionality.csv?from=2025-01-01&to=2025-12-31" "$TMP/r.csv")"
check_has "report CSV row" "$TMP/r.csv" "ethnicity,all,Black,6,3,50.00,5.00,1.07,23.30,0.06242,"
check_has "report CSV: Holm-adjusted p and the correction note" "$TMP/r.csv" "ethnicity,all,Not declared,2,0,0.00,0.00,0.09,22.68,1.000,,1.000,\"Haldane-Anscombe"
expect "report XLSX" 200 "$(get vet "/vetting/disproportionality.xlsx" "$TMP/r.xlsx")"
[ "$(head -c 2 "$TMP/r.xlsx")" = "PK" ] && ok "xlsx is a zip" || fail "xlsx is a zip"
expect "report SVG" 200 "$(get vet "/vetting/disproportionality.svg" "$TMP/r.svg")"
check_has "svg download" "$TMP/r.svg" "<svg xmlns="
expect "timeliness" 200 "$(get vet "/vetting/timeliness?from=2025-01-01&to=2026-06-30")"
check_has "timeliness by month" "$TMP/body" "2025-06"
cp "$TMP/body" "$TMP/timeliness.html"
for u in vet dcc root; do
	expect "$u: API timeliness" 200 "$(get $u "/api/v1/vetting/timeliness?from=2025-01-01&to=2026-06-30")"
	expect "$u: API timeliness: the page's rows" "True" "$(python3 -c "
import json, re, html
d = json.load(open('$TMP/body'))
rows = [[html.unescape(re.sub('<[^>]*>', '', c)).strip() for c in re.findall(r'<td[^>]*>(.*?)</td>', r, re.S)] for r in re.findall(r'<tr class=\"govuk-table__row\">(.*?)</tr>', open('$TMP/timeliness.html').read(), re.S)]
rows = [r for r in rows if r]
api = [[i['month'], i['level'], 'Full vetting' if i['stage'] == 'full' else 'Initial checks', str(i['decisions']), '%.1f' % i['median_days'], '%.1f' % i['p90_days']] for i in d['items']]
print(len(rows) > 0 and rows == api)")"
done
expect "API timeliness: a bad date names its field" 400 "$(get vet "/api/v1/vetting/timeliness?from=2025-02-30")"
expect "API timeliness: field from" from "$(python3 -c "import json; print(json.load(open('$TMP/body'))['error']['field'])")"
for u in panel priya equal; do
	b=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and username = '$u'")
	expect "$u: API timeliness refused" 403 "$(get $u /api/v1/vetting/timeliness)"
	expect "$u: the refusal logged" "$((b + 1))" "$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and username = '$u'")"
done

# The deciders get disclosure control too: a one-day period names nobody
for u in vet dcc; do
	expect "$u: one-day report" 200 "$(get $u "/vetting/disproportionality.csv?from=2025-03-01&to=2025-03-01" "$TMP/d.csv")"
	expect "$u: one-day report names no group" 1 "$(wc -l <"$TMP/d.csv" | tr -d ' ')"
	expect "$u: report page" 200 "$(get $u "/vetting/disproportionality?from=2025-01-01&to=2025-12-31")"
	check_has "$u: disclosure control applied" "$TMP/body" "Disclosure control applied"
	check_lacks "$u: no totals" "$TMP/body" "applications decided"
done
expect "equality: the view everyone else gets" 200 "$(get equal "/vetting/disproportionality.csv?from=2025-01-01&to=2025-12-31&view=published" "$TMP/q.csv")"
check_lacks "equality: published view hides small counts" "$TMP/q.csv" "Black,6,3"

# Scrutiny: the published view only, small groups suppressed
expect "scrutiny report" 200 "$(get panel "/vetting/disproportionality?from=2025-01-01&to=2025-12-31")"
check_has "published view" "$TMP/body" "Disclosure control applied"
check_has "suppressed cell" "$TMP/body" ">c<"
check_lacks "no totals for scrutiny" "$TMP/body" "applications decided"
expect "scrutiny CSV" 200 "$(get panel "/vetting/disproportionality.csv?from=2025-01-01&to=2025-12-31" "$TMP/s.csv")"
check_lacks "scrutiny CSV: a group with every figure hidden is not named" "$TMP/s.csv" "Black"
check_lacks "scrutiny CSV hides small counts" "$TMP/s.csv" "Black,6,3"
check_lacks "scrutiny CSV: White (20 decided, 2 refused, under 10 at full vetting) hidden in every scope" "$TMP/s.csv" "White"
expect "scrutiny report API" 200 "$(get panel "/api/vetting/disproportionality?characteristic=ethnicity&from=2025-01-01&to=2025-12-31" "$TMP/s.json")"
check_has "API published flag" "$TMP/s.json" '"published":true'
check_lacks "API names no hidden group" "$TMP/s.json" '"group":"Black"'
check_lacks "API hides the small count" "$TMP/s.json" '"applications":6,'
expect "internal report API" 200 "$(get equal "/api/vetting/disproportionality?characteristic=ethnicity&from=2025-01-01&to=2025-12-31" "$TMP/v.json")"
check_has "API internal rows" "$TMP/v.json" '"relative_rate":5.0'
expect "staff: report API refused" 403 "$(get priya /api/vetting/disproportionality)"
expect "scrutiny cannot use a suppressed reference" 200 "$(get panel "/vetting/disproportionality?from=2025-01-01&to=2025-12-31&reference=Black")"
check_has "suppressed reference refused" "$TMP/body" "too small to publish"

# Leavers and levels
expect "leavers" 200 "$(get vet /vetting/leavers)"
expect "leaver recorded" 303 "$(post vet /vetting/leavers --data-urlencode "csrf=$T" -d staff_number=1006 -d reason=dismissed -d list=barred -d left_on=2024-03-01)"
LID=$(sqlite3 "$DB" "select id from vetting_leavers")
expect "notification recorded" 303 "$(post vet "/vetting/leavers/$LID/notified" --data-urlencode "csrf=$T" -d notified_on=2024-03-05)"
expect "notified date stored" 2024-03-05 "$(sqlite3 "$DB" "select notified_on from vetting_leavers")"
# the work queue and the leavers as JSON (docs/API.md): the pages' rules and access log
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
nref() { sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and username = '$1'"; }
for u in vet root; do
	expect "$u: API work queue (open, as the page)" 200 "$(get $u /api/v1/vetting/tasks)"
	expect "$u: the closed task is not open" 0 "$(jpy 'len([t for t in d["items"] if t["id"] == '"$TID"'])')"
	expect "$u: API work queue, closed" 200 "$(get $u "/api/v1/vetting/tasks?status=closed")"
	expect "$u: the closed task with its outcome" "closed Checks repeated, no concerns" "$(jpy '" ".join([(t["status"] + " " + t["outcome"]) for t in d["items"] if t["id"] == '"$TID"'])')"
	expect "$u: API queue logged like the page" 1 "$(sqlite3 "$DB" "select case when count(*) > 0 then 1 else 0 end from access_log where username = '$u' and action = 'list' and object_type = 'vetting_task' and detail like 'status=closed %'")"
	expect "$u: API leavers" 200 "$(get $u /api/v1/vetting/leavers)"
	expect "$u: the leaver, notified" "1006 dismissed barred 2024-03-01 2024-03-05" "$(jpy '" ".join(d["items"][0][k] for k in ("staff_number", "reason", "list", "left_on", "notified_on"))')"
	expect "$u: API leavers logged like the page" 1 "$(sqlite3 "$DB" "select case when count(*) > 0 then 1 else 0 end from access_log where username = '$u' and action = 'list' and object_type = 'vetting_leaver'")"
done
expect "API work queue: a bad status names its field" 400 "$(get vet "/api/v1/vetting/tasks?status=shut")"
expect "API work queue: field status" status "$(jpy 'd["error"]["field"]')"
expect "API work queue changed since the task closed" 200 "$(get vet "/api/v1/vetting/tasks?status=&changed_since=$(date -u +%F)")"
expect "API work queue: the task closed today counts as changed" 1 "$(jpy 'len([t for t in d["items"] if t["id"] == '"$TID"'])')"
for u in priya dcc panel; do
	for p in tasks leavers; do
		b=$(nref $u)
		expect "$u: API $p refused" 403 "$(get $u /api/v1/vetting/$p)"
		expect "$u: API $p refusal logged" "$((b + 1))" "$(nref $u)"
	done
done
expect "vetting start page" 200 "$(get vet /vetting)"
check_has "start page counts" "$TMP/body" "0 not yet notified"
expect "levels page" 200 "$(get vet /vetting/levels)"
TR=$(csrf root /vetting/levels)
expect "vetting officer cannot edit levels" 403 "$(post vet /vetting/levels/SC --data-urlencode "csrf=$T" -d name=x -d family=national_security -d rank=2 -d renewal=120)"
expect "admin edits a level" 303 "$(post root /vetting/levels/SC --data-urlencode "csrf=$TR" --data-urlencode "name=Security check" -d family=national_security -d rank=2 -d renewal=120)"
expect "renewal stored" 120 "$(sqlite3 "$DB" "select renewal_months from vetting_levels where code = 'SC'")"
expect "invalid settings re-shown" 400 "$(post root /vetting/settings --data-urlencode "csrf=$TR" -d expiring_days=0 -d suppress_under=x)"
check_has "settings errors" "$TMP/body" "Enter a whole number of days"
expect "admin changes settings" 303 "$(post root /vetting/settings --data-urlencode "csrf=$TR" -d expiring_days=60 -d suppress_under=5)"
expect "window stored" 60 "$(sqlite3 "$DB" "select value from config where key = 'vetting.expiring_days'")"
expect "vetting officer cannot change settings" 403 "$(post vet /vetting/settings --data-urlencode "csrf=$T" -d expiring_days=30 -d suppress_under=5)"
expect "admin adds a level" 303 "$(post root /vetting/levels --data-urlencode "csrf=$TR" -d code=ESC --data-urlencode "name=Enhanced security check" -d family=national_security -d rank=2 -d renewal=84)"

# Access refusals, each in the access log
expect "staff: vetting home refused" 403 "$(get priya /vetting)"
expect "staff: compliance refused" 403 "$(get priya /vetting/compliance)"
expect "staff: application refused" 403 "$(get priya "$LOC")"
expect "staff: report refused" 403 "$(get priya /vetting/disproportionality)"
expect "staff: API refused" 403 "$(get priya "/api/vetting/applications/$APP")"
expect "scrutiny: application refused" 403 "$(get panel "$LOC")"
expect "scrutiny: compliance refused" 403 "$(get panel /vetting/compliance)"
expect "scrutiny: API refused" 403 "$(get panel /api/vetting/applications)"
OTHER=$(sqlite3 "$DB" "select min(id) from vetting_applications")
expect "dcc: unappealed application refused" 403 "$(get dcc "/vetting/applications/$OTHER")"
expect "dcc: unappealed application refused by the API" 403 "$(get dcc "/api/vetting/applications/$OTHER")"
[ "$(refused vetting_application)" -ge 2 ] && ok "application refusals logged" || fail "application refusals logged"
expect "appeal refusal logged" 1 "$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_id = '$LOC/appeal/decision'")"
expect "anonymous sent to login" 303 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/vetting/compliance")"
expect "decision logged" 1 "$(sqlite3 "$DB" "select count(*) from access_log where action = 'decide' and object_type = 'vetting_application' and outcome = 'ok'")"
expect "no CSRF, no change" 403 "$(post vet "$LOC/equality" -d ethnicity=x | sed 's/^400$/403/')"
check "access log chain intact" "$BIN" --db "$DB" verify-log

finish
