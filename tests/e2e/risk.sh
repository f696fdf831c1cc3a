#!/bin/sh
# End-to-end over HTTP and the CLI: the tactical risk picture (docs/risk.md).
# Every route allowed to the ACU and PSD and refused to everyone else, each
# refusal and each view in the access log; nobody sees their own picture;
# an indicator lists its evidence and rule; PSD sees that an ACU-only
# indicator holds but not its evidence; the report's header and order
# (CLI and /api/risk for ACU tokens only); a tasking meeting's agenda, its
# chair's edits, decisions and interventions under separation of duties
# (a line manager cannot decide about their report; nobody closes an
# intervention about themselves); validation with the fields named; the
# learning pack; CSRF.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../registers_lib.sh"
# aisha (1001) manages tom (1002) and is ACU too; sean (1004) ACU; megan (1005) PSD; priya staff; vera vetting; adam admin
"$BIN" --db "$DB" user role aisha +acu >/dev/null
TODAY=$(date -u +%Y-%m-%d)
D30=$(date -u -d "$TODAY - 30 days" +%Y-%m-%d)
D60=$(date -u -d "$TODAY - 60 days" +%Y-%m-%d)
D90=$(date -u -d "$TODAY - 90 days" +%Y-%m-%d)
DUE=$(date -u -d "$TODAY + 30 days" +%Y-%m-%d)
REV=$(date -u -d "$TODAY + 60 days" +%Y-%m-%d)
TOM=$(q "select id from people where staff_number = '1002'")
SEAN=$(q "select id from people where staff_number = '1004'")
PRIYA=$(q "select id from people where staff_number = '1003'")
CAT=$(q "select min(id) from complaint_categories")
# tom: three allegations in the year (3) and a high-risk association (4): 7, Warning
q "insert into complaint_cases(case_ref, kind, received) values ('CO/E1', 'complaint', '$D30'), ('CO/E2', 'complaint', '$D60'), ('CO/E3', 'conduct', '$D90');
   insert into complaint_allegations(case_id, allegation_ref, subject_id, category_id) select id, 'A1', $TOM, $CAT from complaint_cases;
   insert into notifiable_associations(person_id, associate_name, category, declared_on, status, risk, created_at)
     values ($TOM, 'Vic Vole', 'organised_crime', '$D60', 'assessed', 'high', '$D60');
   insert into intel_items(reference, received, source_type, grading_scheme, grade, category, created_at)
     values ('INT777', '$D30', 'named', '3x5x2', '1AP', 'association', '$D30');
   insert into intel_subjects(item_id, person_id) select id, $TOM from intel_items where reference = 'INT777';
   insert into notifiable_associations(person_id, associate_name, category, declared_on, status, risk, created_at)
     values ($SEAN, 'Sid Snake', 'organised_crime', '$D60', 'assessed', 'high', '$D60');"
start_server "$DB"
for u in aisha tom priya sean megan vera adam; do expect "$u login" 303 "$(login $u)"; done

# ---- every page route by role, refusals logged ----
b=$(q "select count(*) from access_log where outcome = 'refused'")
for r in /risk /risk/meetings /risk/learning /risk/report.csv /risk/interventions/new; do
	for u in sean megan; do expect "$u: $r" 200 "$(get $u $r)"; done
	for u in priya vera adam; do expect "$u refused $r" 403 "$(get $u $r)"; done
done
expect "role refusals logged" "$((b + 15))" "$(q "select count(*) from access_log where outcome = 'refused'")"
expect "indicators page for the administrator" 200 "$(get adam /risk/indicators)"
check_has "rule words with their numbers" "$TMP/body" "3 or more complaint or conduct allegations received in the last 365 days"
expect "indicators page refused to staff" 403 "$(get priya /risk/indicators)"

# ---- the picture ----
b=$(q "select count(*) from access_log where action = 'view' and object_type = 'risk_picture' and outcome = 'refused'")
for u in priya vera adam; do expect "$u refused tom's picture" 403 "$(get $u /risk/people/$TOM)"; done
expect "sean refused his own picture" 403 "$(get sean /risk/people/$SEAN)"
expect "picture refusals logged" "$((b + 4))" "$(q "select count(*) from access_log where action = 'view' and object_type = 'risk_picture' and outcome = 'refused'")"
expect "own-picture refusal named" 1 "$(q "select count(*) from access_log where object_type = 'risk_picture' and object_id = '$SEAN' and detail = 'own risk picture'")"
b=$(q "select count(*) from access_log where action = 'view' and object_type = 'risk_picture' and object_id = '$TOM' and outcome = 'ok'")
expect "acu sees tom's picture" 200 "$(get sean /risk/people/$TOM)"
check_has "score and level" "$TMP/body" "Score 10"
check_has "critical" "$TMP/body" "Critical"
check_has "the rule in words" "$TMP/body" "3 or more complaint or conduct allegations received in the last 365 days"
check_has "intelligence evidence for the ACU" "$TMP/body" "INT777"
check_has "not a finding" "$TMP/body" "Nothing on this page is a finding"
check_has "peer percentile" "$TMP/body" "Higher than"
expect "psd sees tom's picture" 200 "$(get megan /risk/people/$TOM)"
check_has "the evidence links the case for PSD" "$TMP/body" "/complaints/case?ref=CO%2FE1"
check_has "psd told an ACU-only indicator holds" "$TMP/body" "Its evidence is visible to the anti-corruption unit only"
check_lacks "psd does not see the intelligence reference" "$TMP/body" "INT777"
check_has "the source says what it does not show" "$TMP/body" "Intelligence: visible to the anti-corruption unit only"
expect "views logged" "$((b + 2))" "$(q "select count(*) from access_log where action = 'view' and object_type = 'risk_picture' and object_id = '$TOM' and outcome = 'ok'")"
"$BIN" --db "$DB" risk set psd_sees_acu_only 0 >/dev/null
get megan /risk/people/$TOM >/dev/null
check_lacks "configured off: psd not told" "$TMP/body" "Subject of intelligence"
check_has "psd's score leaves it out" "$TMP/body" "Score 7"
"$BIN" --db "$DB" risk set psd_sees_acu_only 1 >/dev/null
expect "settings versions kept" 2 "$(q "select count(distinct version) from risk_config_versions")"

# ---- the settings form: administrators only, validated, versioned, refusals logged ----
# settings_form [KEY...]: the form's fields as it shows them (text values and
# checked radios), as curl -d arguments, leaving out KEYs
settings_form() {
	grep -o '<input[^>]*>' "$TMP/body" | sed -n -e 's/.* name="\([a-z_.]*\)" type="text" value="\([0-9]*\)".*/\1=\2/p' \
		-e 's/.* name="\([a-z_.]*\)" type="radio" value="\([01]\)" checked.*/\1=\2/p' |
		grep -v -e "^x=" $(for k in "$@"; do printf -- '-e ^%s= ' "$k"; done) | sed 's/^/-d /'
}
b=$(q "select count(*) from access_log where outcome = 'refused'")
for u in sean megan priya; do expect "$u refused the settings form" 403 "$(get $u /risk/settings)"; done
expect "settings form refusals logged" "$((b + 3))" "$(q "select count(*) from access_log where outcome = 'refused'")"
expect "settings form for the administrator" 200 "$(get adam /risk/settings)"
check_has "each indicator's weight asked" "$TMP/body" "Weight of Repeated allegations"
check_has "the version in force" "$TMP/body" "Version 2."
ADC=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$TMP/body" | head -1)
FORM=$(settings_form allegations.weight level.critical intel.on)
SEC=$(csrf sean /risk)
expect "settings change by the ACU refused" 403 "$(post sean /risk/settings --data-urlencode "csrf=$SEC" $FORM -d allegations.weight=9 -d level.critical=8 -d intel.on=1)"
expect "settings change without CSRF refused" 403 "$(post adam /risk/settings $FORM -d allegations.weight=9 -d level.critical=8 -d intel.on=1)"
b=$(q "select count(*) from access_log where object_type = 'risk_settings' and outcome = 'refused' and detail = 'invalid'")
expect "invalid settings shown again" 400 "$(post adam /risk/settings --data-urlencode "csrf=$ADC" $FORM -d allegations.weight=lots -d level.critical=2 -d intel.on=)"
check_has "error summary" "$TMP/body" "There is a problem"
check_has "weight named" "$TMP/body" "Weight of Repeated allegations must be a whole number from 0 to 1000000"
check_has "on/off named" "$TMP/body" "Select Whether Subject of intelligence is on"
check_has "input kept" "$TMP/body" 'value="lots"'
check_has "linked to the field" "$TMP/body" 'href="#allegations.weight"'
expect "invalid attempt logged" "$((b + 1))" "$(q "select count(*) from access_log where object_type = 'risk_settings' and outcome = 'refused' and detail = 'invalid'")"
expect "critical below warning refused" 400 "$(post adam /risk/settings --data-urlencode "csrf=$ADC" $FORM -d allegations.weight=3 -d level.critical=2 -d intel.on=1)"
check_has "levels named" "$TMP/body" "Critical level must be the same as the warning level or more"
expect "nothing stored by refused changes" 2 "$(q "select count(distinct version) from risk_config_versions")"
expect "settings saved" 303 "$(post adam /risk/settings --data-urlencode "csrf=$ADC" $FORM -d allegations.weight=6 -d level.critical=8 -d intel.on=1)"
expect "one new version with only what changed" "3|allegations.weight|6" "$(q "select version || '|' || key || '|' || value from risk_config_versions where version = (select max(version) from risk_config_versions)")"
expect "in force" 6 "$(q "select value from config where key = 'risk.allegations.weight'")"
expect "saving unchanged makes no version" 303 "$(post adam /risk/settings --data-urlencode "csrf=$ADC" $FORM -d allegations.weight=6 -d level.critical=8 -d intel.on=1)"
expect "still version 3" 3 "$(q "select max(version) from risk_config_versions")"
"$BIN" --db "$DB" risk set allegations.weight 3 >/dev/null

# ---- the list, the report and the API ----
expect "list" 200 "$(get sean /risk)"
check_has "tom listed" "$TMP/body" "/risk/people/$TOM"
expect "list logged with its filters" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'list' and object_type = 'risk_scores' and detail like '%min_level=warning%'")"
"$BIN" --db "$DB" risk report -o "$TMP/report.csv"
expect "report header" "staff_number,name,unit,score,level,peer_percentile,indicators" "$(head -1 "$TMP/report.csv")"
expect "report order: tom (10) before sean (4)" "1002 1004" "$(awk -F, 'NR>1 && $4>0 {printf "%s ", $1}' "$TMP/report.csv" | sed 's/ $//')"
check_has "report row" "$TMP/report.csv" "1002,Tom Fletcher,Response Team A,10,critical,"
"$BIN" --db "$DB" risk report --min-level critical -o "$TMP/crit.csv"
expect "critical only" 2 "$(wc -l <"$TMP/crit.csv" | tr -d ' ')"
check_fails "bad level refused" "$BIN" --db "$DB" risk report --min-level severe
TS=$("$BIN" --db "$DB" token create sean); TM=$("$BIN" --db "$DB" token create megan)
expect "api for an ACU token" 200 "$(api "$TS" /api/risk)"
check_has "api CSV header" "$TMP/body" "staff_number,name,unit,score,level,peer_percentile,indicators"
expect "api refused to a PSD token" 403 "$(api "$TM" /api/risk)"

# ---- the tasking meeting ----
SC=$(csrf sean /risk/meetings); AC=$(csrf aisha /risk/meetings); MC=$(csrf megan /risk/meetings)
expect "meeting without a date" 400 "$(post sean /risk/meetings --data-urlencode "csrf=$SC")"
check_has "date asked" "$TMP/body" "Enter the date of the meeting"
expect "meeting without CSRF refused" 403 "$(post sean /risk/meetings --data-urlencode "held_on=$TODAY")"
expect "meeting held" 303 "$(post sean /risk/meetings --data-urlencode "csrf=$SC" --data-urlencode "held_on=$TODAY")"
M=$(q "select max(id) from risk_meetings")
expect "tom on the agenda at Critical" critical "$(q "select reason from risk_agenda where meeting_id = $M and person_id = $TOM")"
expect "meeting page" 200 "$(get sean /risk/meetings/$M)"
check_has "why on the agenda" "$TMP/body" "At Critical"
check_lacks "sean does not see himself on the agenda" "$TMP/body" "/risk/people/$SEAN?"
expect "meeting page refused to staff" 403 "$(get priya /risk/meetings/$M)"
expect "not the chair: agenda edit refused" 403 "$(post megan /risk/meetings/$M/agenda --data-urlencode "csrf=$MC" --data-urlencode "staff_number=1003")"
expect "chair adds priya" 303 "$(post sean /risk/meetings/$M/agenda --data-urlencode "csrf=$SC" --data-urlencode "staff_number=1003")"
expect "not the chair: notes refused" 403 "$(post megan /risk/meetings/$M/notes --data-urlencode "csrf=$MC" --data-urlencode "notes=Mine")"
expect "chair saves notes" 303 "$(post sean /risk/meetings/$M/notes --data-urlencode "csrf=$SC" --data-urlencode "notes=Reviewed the agenda")"
expect "notes kept" "Reviewed the agenda" "$(q "select notes from risk_meetings where id = $M")"
expect "chair adds an attendee" 303 "$(post sean /risk/meetings/$M/attendees --data-urlencode "csrf=$SC" --data-urlencode "department=hr_welfare" --data-urlencode "name=Hana Hart")"
expect "attendee without a department" 400 "$(post sean /risk/meetings/$M/attendees --data-urlencode "csrf=$SC" --data-urlencode "name=X")"
check_has "department asked" "$TMP/body" "Select the department"
b=$(q "select count(*) from access_log where outcome = 'refused' and detail like 'separation of duties%'")
expect "tom's line manager cannot decide about him" 403 "$(post aisha /risk/meetings/$M/decisions --data-urlencode "csrf=$AC" --data-urlencode "person_id=$TOM" --data-urlencode "decision=Plan")"
expect "the refusal logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and detail like 'separation of duties%'")"
expect "psd decides about tom" 303 "$(post megan /risk/meetings/$M/decisions --data-urlencode "csrf=$MC" --data-urlencode "person_id=$TOM" --data-urlencode "decision=Ethical interview and a supervisory plan")"
expect "empty decision" 400 "$(post megan /risk/meetings/$M/decisions --data-urlencode "csrf=$MC" --data-urlencode "person_id=$PRIYA" --data-urlencode "decision=")"

# ---- the tasking meetings as JSON (docs/API.md): risk_meetings_list, ACU and PSD, logged like the page ----
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
for u in sean aisha megan; do
	b=$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'risk_meeting' and outcome = 'ok'")
	expect "api: meetings ($u)" 200 "$(get $u /api/v1/risk/meetings)"
	expect "api: the meeting, as the page, chaired by sean with its decision ($u)" "$M $TODAY sean 1" \
		"$(jpy '" ".join(str(m[k]) for m in d["items"] if m["id"] == '"$M"' for k in ("id", "held_on", "chair", "decisions"))')"
	expect "api: logged like the page ($u)" "$((b + 1))" "$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'risk_meeting' and outcome = 'ok'")"
done
for u in priya vera adam tom; do
	b=$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/risk/meetings' and username = '$u'")
	expect "api: meetings refused ($u)" 403 "$(get $u /api/v1/risk/meetings)"
	expect "api: the refusal logged ($u)" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/risk/meetings' and username = '$u'")"
done
expect "api: learning as the page" 200 "$(get megan "/risk/learning?from=$D90&to=$DUE" "$TMP/learn.html")"
expect "api: learning" 200 "$(get megan "/api/v1/risk/learning?from=$D90&to=$DUE")"
expect "api: learning: every indicator and the page's figures (withheld as null)" "True" "$(python3 -c "
import json, re, html
d = json.load(open('$TMP/body'))
rows = [[html.unescape(re.sub('<[^>]*>', '', c)).strip() for c in re.findall(r'<td[^>]*>(.*?)</td>', r, re.S)] for r in re.findall(r'<tr class=\"govuk-table__row\">(.*?)</tr>', open('$TMP/learn.html').read(), re.S)]
rows = [r for r in rows if r]
api = d['indicators'] + [d['any']]
cell = lambda a, k: 'withheld' if k in a['withheld'] and a[k] is None else str(a[k])
pct = lambda a: '–' if a['precision_pct'] is None else '%d%%' % a['precision_pct']
print(len(rows) == len(api) and all(r == [a['name']] + [cell(a, k) for k in ('flagged', 'intervened', 'substantiated')] + [pct(a)] for r, a in zip(rows, api)))")"
for u in priya vera adam; do
	b=$(q "select count(*) from access_log where outcome = 'refused' and username = '$u'")
	expect "api: learning refused ($u)" 403 "$(get $u /api/v1/risk/learning)"
	expect "api: learning refusal logged ($u)" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and username = '$u'")"
done
expect "api: meetings held since tomorrow" 200 "$(get sean "/api/v1/risk/meetings?changed_since=2099-01-01")"
expect "api: none" 0 "$(jpy 'd["total"]')"

# ---- interventions ----
expect "intervention with nothing filled in" 400 "$(post sean /risk/interventions --data-urlencode "csrf=$SC" --data-urlencode "person_id=$TOM" --data-urlencode "meeting_id=$M")"
check_has "kind named" "$TMP/body" "Select the kind of intervention"
check_has "owner named" "$TMP/body" "Enter the owner"
check_has "due date named" "$TMP/body" "Enter the due date"
expect "nobody records an intervention about themselves" 403 "$(post sean /risk/interventions --data-urlencode "csrf=$SC" --data-urlencode "person_id=$SEAN" --data-urlencode "kind=counselling" --data-urlencode "owner=megan" --data-urlencode "due_date=$DUE" --data-urlencode "review_date=$REV")"
expect "owner cannot be the subject" 400 "$(post megan /risk/interventions --data-urlencode "csrf=$MC" --data-urlencode "person_id=$SEAN" --data-urlencode "kind=counselling" --data-urlencode "owner=sean" --data-urlencode "due_date=$DUE" --data-urlencode "review_date=$REV")"
expect "intervention recorded" 303 "$(post sean /risk/interventions --data-urlencode "csrf=$SC" --data-urlencode "person_id=$TOM" --data-urlencode "meeting_id=$M" --data-urlencode "kind=ethical_interview" --data-urlencode "owner=megan" --data-urlencode "due_date=$DUE" --data-urlencode "review_date=$REV")"
IV=$(q "select max(id) from risk_interventions")
expect "score kept with it" 10 "$(q "select score_at_start from risk_interventions where id = $IV")"
expect "intervention page" 200 "$(get megan /risk/interventions/$IV)"
check_has "close form offered" "$TMP/body" "Record the outcome"
expect "intervention refused to staff" 403 "$(get priya /risk/interventions/$IV)"
get aisha /risk/interventions/$IV >/dev/null
check_lacks "line manager not offered the close" "$TMP/body" "Record the outcome"
expect "line manager cannot close it" 403 "$(post aisha /risk/interventions/$IV/close --data-urlencode "csrf=$AC" --data-urlencode "status=completed" --data-urlencode "outcome=Done" --data-urlencode "substantiated=no")"
expect "close without an outcome" 400 "$(post megan /risk/interventions/$IV/close --data-urlencode "csrf=$MC" --data-urlencode "status=completed")"
check_has "outcome asked" "$TMP/body" "Describe the outcome"
expect "psd closes it" 303 "$(post megan /risk/interventions/$IV/close --data-urlencode "csrf=$MC" --data-urlencode "status=completed" --data-urlencode "outcome=Admitted; supervisory plan agreed" --data-urlencode "substantiated=yes")"
expect "closed with its outcome" "completed|yes" "$(q "select status || '|' || substantiated from risk_interventions where id = $IV")"
expect "closing again refused" 409 "$(post megan /risk/interventions/$IV/close --data-urlencode "csrf=$MC" --data-urlencode "status=completed" --data-urlencode "outcome=Again" --data-urlencode "substantiated=yes")"
# an intervention about sean: he cannot close it
q "insert into risk_interventions(person_id, kind, owner_id, due_date, review_date, created_by, created_at)
   values ($SEAN, 'counselling', (select id from accounts where username = 'megan'), '$DUE', '$REV', (select id from accounts where username = 'megan'), '${TODAY}T09:00:00Z')"
IV2=$(q "select max(id) from risk_interventions")
expect "nobody closes an intervention about themselves" 403 "$(post sean /risk/interventions/$IV2/close --data-urlencode "csrf=$SC" --data-urlencode "status=completed" --data-urlencode "outcome=Done" --data-urlencode "substantiated=no")"
expect "sean cannot read it either" 403 "$(get sean /risk/interventions/$IV2)"

# ---- learning what works ----
expect "learning page" 200 "$(get sean "/risk/learning?from=$D30&to=$TODAY")"
check_has "withheld under k" "$TMP/body" "withheld"
q "insert into config(key, value) values ('disclosure.k', '1') on conflict(key) do update set value = '1'"
expect "learning pack CSV" 200 "$(get sean "/risk/learning.csv?from=$D30&to=$TODAY" "$TMP/learn.csv")"
check_has "allegations: tom flagged, intervened, substantiated" "$TMP/learn.csv" "Repeated allegations,1,1,1,100"
expect "learning refused to staff" 403 "$(get priya /risk/learning)"

finish
