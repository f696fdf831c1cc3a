#!/bin/sh
# End-to-end, CLI and HTTP: the notifiable associations and changes of
# circumstances registers round-trip (issue 14). Each register's CSV and
# XLSX export re-imports with "0 created, 0 updated" and the database byte
# for byte unchanged; editing one row of the export updates exactly that
# record; a row without a reference is added once however often its file is
# imported; a reference no record has is refused (never created under
# another number); an error anywhere writes nothing; --dry-run writes
# nothing; only PSD imports, never its own declaration, and setting an
# assessment by import obeys separation of duties (not a line report's).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/registers_lib.sh"
# tom (priya's and sean's line manager) is PSD too
"$BIN" --db "$DB" user role tom +psd >/dev/null
NEXT_YEAR=$(date -u -d '+1 year' +%F)
# dump OUT: the whole database (sqlite3's .dump); on PostgreSQL (tests/pg.sh,
# whose sqlite3 stand-in has no .dump) every table an import here may write
dump() {
	sqlite3 "$DB" .dump >"$1" 2>/dev/null && grep -q '^CREATE TABLE' "$1" && return
	for t in notifiable_associations circumstances vetting_tasks inspections findings finding_status_history \
		intel_items intel_subjects access_log; do
		q "SELECT * FROM $t ORDER BY 1, 2" | sed "s/^/$t: /"
	done >"$1"
}
# same_data NAME: as same_db, but for files refused by a rule (whose
# refusal is itself logged): nothing but access-log lines added
same_data() { dump "$TMP/after.sql"; grep -v '^INSERT INTO access_log\|^access_log: ' "$TMP/before.sql" >"$TMP/b"; grep -v '^INSERT INTO access_log\|^access_log: ' "$TMP/after.sql" >"$TMP/a"; cmp -s "$TMP/b" "$TMP/a" && ok "$1" || fail "$1" "$(diff "$TMP/b" "$TMP/a" | head -5)"; }
same_db() { dump "$TMP/after.sql"; cmp -s "$TMP/before.sql" "$TMP/after.sql" && ok "$1" || fail "$1" "$(diff "$TMP/before.sql" "$TMP/after.sql" | head -5)"; }
# set_cell IN OUT REFERENCE COLUMN VALUE: the export IN with one cell changed
set_cell() {
	python3 - "$@" <<'PY'
import csv, sys
src, out, ref, col, val = sys.argv[1:6]
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
i = rows[0].index(col)
hit = [r for r in rows[1:] if r[0] == ref]
assert len(hit) == 1, ref
hit[0][i] = val
with open(out, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
PY
}
imp() { "$BIN" --db "$DB" "$@"; }

start_server "$DB"
expect "psd login" 303 "$(login megan)"
expect "staff login" 303 "$(login priya)"

# ======== notifiable associations ========
AH=reference,declared_on,staff_number,name,unit,associate_name,associate_ref,category,relationship,contact_frequency,began_on,status,risk,advice,review_date,assessed_by
cat >"$TMP/legacy.csv" <<CSV
$AH
,02/03/2024,1003,,,Terry Crook,P1234567,criminal_record,School friend,Monthly,01/09/2012,declared,,,,
,2024-05-01,1004,,,Jan Scribe,,journalist,Neighbour,Weekly,2020-01-01,assessed,low,,$NEXT_YEAR,
,2023-01-01,1001,,,Old Friend,,other,Old friend,Never now,2010-01-01,ended,,,,
CSV
check "a register without references imports (as PSD)" imp associations import --as megan "$TMP/legacy.csv"
check_has "three associations added" "$TMP/.out" "3 rows, 3 created, 0 updated, 0 unchanged"
expect "the UK dates stored as ISO" "2024-03-02|2012-09-01" "$(q "SELECT declared_on || '|' || began_on FROM notifiable_associations WHERE associate_name = 'Terry Crook'")"
expect "the imported assessment is Megan's" 1 "$(q "SELECT COUNT(*) FROM notifiable_associations a JOIN accounts c ON c.id = a.assessed_by WHERE a.associate_name = 'Jan Scribe' AND c.username = 'megan' AND a.risk = 'low'")"
check "the same file again" imp associations import --as megan "$TMP/legacy.csv"
check_has "adds nothing" "$TMP/.out" "3 rows, 0 created, 0 updated, 3 unchanged"
PT=$(csrf priya /associations/new)
expect "priya declares one on the form" 303 "$(post priya /associations --data-urlencode "csrf=$PT" --data-urlencode "associate_name=Form Person" --data-urlencode "associate_ref=P7654321" --data-urlencode "category=criminal_record" --data-urlencode "relationship=Cousin " --data-urlencode "contact_frequency= Yearly" --data-urlencode "began_on=2015-06-01")"
na=$(q "SELECT COUNT(*) FROM notifiable_associations")
expect "four associations" 4 "$na"

expect "associations CSV export" 200 "$(get megan /associations/register.csv "$TMP/a.csv")"
expect "associations XLSX export" 200 "$(get megan /associations/register.xlsx "$TMP/a.xlsx")"
expect "the export's header is the import's" "$AH" "$(head -1 "$TMP/a.csv" | sed 's/^\xef\xbb\xbf//')"
dump "$TMP/before.sql"
check "the CSV export re-imports" imp associations import --as megan "$TMP/a.csv"
check_has "nothing created or updated from the CSV" "$TMP/.out" "$na rows, 0 created, 0 updated, $na unchanged"
check "the XLSX export re-imports" imp associations import "$TMP/a.xlsx"
check_has "nothing created or updated from the XLSX" "$TMP/.out" "$na rows, 0 created, 0 updated, $na unchanged"
same_db "the database is byte for byte unchanged by both"
get megan /associations/register.csv "$TMP/a2.csv" >/dev/null
cmp -s "$TMP/a.csv" "$TMP/a2.csv" && ok "and the export again is the same bytes" || fail "and the export again is the same bytes"

FORM=NA$(printf %06d "$(q "SELECT id FROM notifiable_associations WHERE associate_name = 'Form Person'")")
JAN=NA$(printf %06d "$(q "SELECT id FROM notifiable_associations WHERE associate_name = 'Jan Scribe'")")
set_cell "$TMP/a.csv" "$TMP/edit.csv" "$FORM" relationship "Cousin, seen at weddings"
dump "$TMP/before.sql"
check "--dry-run with an edited row" imp associations import --as megan --dry-run "$TMP/edit.csv"
check_has "says what it would do" "$TMP/.out" "dry run: $TMP/edit.csv: $na rows, 0 created, 1 updated"
same_db "and writes nothing"
check "an edited row imports" imp associations import --as megan "$TMP/edit.csv"
check_has "exactly one updated" "$TMP/.out" "$na rows, 0 created, 1 updated, $((na - 1)) unchanged"
get megan /associations/register.csv "$TMP/a3.csv" >/dev/null
expect "the export differs in that one line" 1 "$(diff "$TMP/a.csv" "$TMP/a3.csv" | grep -c '^>')"
expect "with the new text" 1 "$(diff "$TMP/a.csv" "$TMP/a3.csv" | grep -c "^> $FORM,.*\"Cousin, seen at weddings\"")"
expect "the change is logged against the record" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'update' AND object_type = 'association' AND CAST(object_id AS INTEGER) = $(q "SELECT id FROM notifiable_associations WHERE associate_name = 'Form Person'")")"

# an assessment by import: the form's rules, separation of duties
set_cell "$TMP/a3.csv" "$TMP/as1.csv" "$FORM" status assessed
set_cell "$TMP/as1.csv" "$TMP/as2.csv" "$FORM" risk medium
set_cell "$TMP/as2.csv" "$TMP/as3.csv" "$FORM" review_date "$NEXT_YEAR"
dump "$TMP/before.sql"
check_fails "a medium risk without advice is refused" imp associations import --as megan "$TMP/as3.csv"
check_has "with the assessment form's words, naming line and column" "$TMP/.out" "as3.csv:$(grep -n "^$FORM," "$TMP/as3.csv" | cut -d: -f1): advice: Give the advice or conditions for a medium risk"
check_has "and nothing imported" "$TMP/.out" "nothing was imported"
set_cell "$TMP/as3.csv" "$TMP/as4.csv" "$FORM" advice "Do not discuss work"
check_fails "tom, PSD but priya's line manager, cannot assess her association" imp associations import --as tom "$TMP/as4.csv"
check_has "refused by separation of duties, naming the row" "$TMP/.out" "as4.csv:$(grep -n "^$FORM," "$TMP/as4.csv" | cut -d: -f1): risk:"
same_data "nothing written by either refusal (but the refusal logged)"
expect "the refusal is in the access log" 1 "$(q "SELECT COUNT(*) FROM access_log a JOIN accounts c ON c.id = a.account_id WHERE c.username = 'tom' AND a.action = 'import' AND a.object_type = 'association' AND a.outcome = 'refused'")"
check "megan may assess it by import" imp associations import --as megan "$TMP/as4.csv"
check_has "one updated" "$TMP/.out" "0 created, 1 updated"
expect "assessed medium by megan, the decision logged" "assessed|medium|megan|1" "$(q "SELECT a.status || '|' || a.risk || '|' || c.username || '|' || (SELECT COUNT(*) FROM access_log l WHERE l.action = 'decide' AND l.object_type = 'association' AND l.detail = 'medium') FROM notifiable_associations a JOIN accounts c ON c.id = a.assessed_by WHERE a.associate_name = 'Form Person'")"

# own declarations: tom adds one for megan; megan may not change it by import
printf '%s\n,2025-01-01,1005,,,Megan Contact,,other,Friend,Rarely,2019-01-01,declared,,,,\n' "$AH" >"$TMP/meg.csv"
check "tom adds an association for megan" imp associations import --as tom "$TMP/meg.csv"
printf '%s\n,2025-01-01,1005,,,Self Made,,other,Friend,Rarely,2019-01-01,declared,,,,\n' "$AH" >"$TMP/own.csv"
check_fails "megan cannot import her own declaration" imp associations import --as megan "$TMP/own.csv"
check_has "named as her own" "$TMP/.out" "own.csv:2: staff_number: 1005 is your own staff number"
get megan /associations/register.csv "$TMP/a4.csv" >/dev/null
MEG=NA$(printf %06d "$(q "SELECT id FROM notifiable_associations WHERE associate_name = 'Megan Contact'")")
set_cell "$TMP/a4.csv" "$TMP/own2.csv" "$MEG" contact_frequency "Never"
check_fails "nor change it" imp associations import --as megan "$TMP/own2.csv"
check_has "named as her own too" "$TMP/.out" "staff_number: 1005 is your own staff number"

# references: the key
dump "$TMP/before.sql"
set_cell "$TMP/a4.csv" "$TMP/ghost.csv" "$FORM" reference NA999999
check_fails "a reference no association has is refused" imp associations import --as megan "$TMP/ghost.csv"
check_has "naming it" "$TMP/.out" 'reference: no record has the reference "NA999999" (leave the reference empty to add a new one)'
set_cell "$TMP/a4.csv" "$TMP/other.csv" "$FORM" reference CC000001
check_fails "another register's reference is refused" imp associations import --as megan "$TMP/other.csv"
check_has "as not this register's" "$TMP/.out" 'reference: "CC000001" is not a reference of this register'
set_cell "$TMP/a4.csv" "$TMP/move.csv" "$FORM" staff_number 1004
check_fails "moving an association to another person is refused" imp associations import --as megan "$TMP/move.csv"
check_has "as a move" "$TMP/.out" "cannot move an association to another person"
# an error anywhere: a good edit, then a bad row further down
set_cell "$TMP/a4.csv" "$TMP/good.csv" "$FORM" contact_frequency "Every day"
set_cell "$TMP/good.csv" "$TMP/mixed.csv" "$JAN" category spies
check_fails "a good edit and a bad row" imp associations import --as megan "$TMP/mixed.csv"
check_has "the bad row named" "$TMP/.out" "mixed.csv:$(grep -n "^$JAN," "$TMP/mixed.csv" | cut -d: -f1): category: Select one of the categories listed"
set_cell "$TMP/a4.csv" "$TMP/future.csv" "$FORM" began_on 2099-01-01
check_fails "a beginning in the future is refused" imp associations import --as megan "$TMP/future.csv"
check_has "with the form's words" "$TMP/.out" "began_on: When it began must be today or in the past"
set_cell "$TMP/a4.csv" "$TMP/unassess.csv" "$JAN" status declared
check_fails "an assessment cannot be withdrawn" imp associations import --as megan "$TMP/unassess.csv"
same_data "nothing written by any refused file"
check_fails "staff cannot import" imp associations import --as priya "$TMP/a4.csv"
check_has "said so" "$TMP/.out" "Only Professional Standards can import notifiable associations"
expect "the refusal logged" 1 "$(q "SELECT COUNT(*) FROM access_log a JOIN accounts c ON c.id = a.account_id WHERE c.username = 'priya' AND a.action = 'import' AND a.outcome = 'refused'")"
"$BIN" associations import --help >"$TMP/help" && ok "associations import --help" || fail "associations import --help"
check_has "the help names the columns" "$TMP/help" "$AH"

# ======== changes of circumstances ========
CH=reference,declared_on,staff_number,name,unit,kind,subtype,subject,other_person,event_date,details,referral,vetting_task
cat >"$TMP/clegacy.csv" <<CSV
$CH
,03/11/2025,1003,,,financial_difficulty,ccj,,,01/11/2025,County court judgment,both,
,2025-06-01,1004,,,partner_or_coresident,,,,,,,
CSV
check_fails "the form's rules: a partner needs a name" imp circumstances import --as megan "$TMP/clegacy.csv"
check_has "naming line and column" "$TMP/.out" "clegacy.csv:3: other_person: Enter the name of your partner or the person living with you"
t0=$(q "SELECT COUNT(*) FROM vetting_tasks")
cat >"$TMP/clegacy.csv" <<CSV
$CH
,03/11/2025,1003,,,financial_difficulty,ccj,,,01/11/2025,County court judgment,both,
,2025-06-01,1004,,,partner_or_coresident,,,Sam Lee,2025-05-30,Moved in,,
,2025-02-01,1001,,,criminal_justice,caution,family,Alex Doe,2025-01-20,Brother cautioned,,
CSV
check "a register without references imports" imp circumstances import --as megan "$TMP/clegacy.csv"
check_has "three declarations added" "$TMP/.out" "3 rows, 3 created, 0 updated, 0 unchanged"
expect "each raised its vetting task, as the form does" $((t0 + 3)) "$(q "SELECT COUNT(*) FROM vetting_tasks")"
expect "and the referral is logged, as the form logs it" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'create' AND object_type = 'early_intervention_referral' AND detail = 'both'")"
check "the same file again" imp circumstances import --as megan "$TMP/clegacy.csv"
check_has "adds nothing" "$TMP/.out" "3 rows, 0 created, 0 updated, 3 unchanged"
m=3
expect "circumstances CSV export" 200 "$(get megan /circumstances/register.csv "$TMP/c.csv")"
expect "circumstances XLSX export" 200 "$(get megan /circumstances/register.xlsx "$TMP/c.xlsx")"
expect "the export's header is the import's" "$CH" "$(head -1 "$TMP/c.csv" | sed 's/^\xef\xbb\xbf//')"
dump "$TMP/before.sql"
check "the CSV export re-imports" imp circumstances import --as megan "$TMP/c.csv"
check_has "nothing created or updated from the CSV" "$TMP/.out" "$m rows, 0 created, 0 updated, $m unchanged"
check "the XLSX export re-imports" imp circumstances import "$TMP/c.xlsx"
check_has "nothing created or updated from the XLSX" "$TMP/.out" "$m rows, 0 created, 0 updated, $m unchanged"
same_db "the database is byte for byte unchanged by both"
get megan /circumstances/register.csv "$TMP/c2.csv" >/dev/null
cmp -s "$TMP/c.csv" "$TMP/c2.csv" && ok "and the export again is the same bytes" || fail "and the export again is the same bytes"
SAM=CC$(printf %06d "$(q "SELECT id FROM circumstances WHERE other_person = 'Sam Lee'")")
ALEX=CC$(printf %06d "$(q "SELECT id FROM circumstances WHERE other_person = 'Alex Doe'")")
set_cell "$TMP/c.csv" "$TMP/cedit.csv" "$SAM" details "Moved in; shares the mortgage"
check "an edited row imports" imp circumstances import --as megan "$TMP/cedit.csv"
check_has "exactly one updated" "$TMP/.out" "$m rows, 0 created, 1 updated, $((m - 1)) unchanged"
get megan /circumstances/register.csv "$TMP/c3.csv" >/dev/null
expect "the export differs in that one line" 1 "$(diff "$TMP/c.csv" "$TMP/c3.csv" | grep -c '^>')"
expect "with the new text" 1 "$(diff "$TMP/c.csv" "$TMP/c3.csv" | grep -c "^> $SAM,.*Moved in; shares the mortgage")"
dump "$TMP/before.sql"
set_cell "$TMP/c3.csv" "$TMP/cghost.csv" "$SAM" reference CC999999
check_fails "a reference no declaration has is refused" imp circumstances import --as megan "$TMP/cghost.csv"
check_has "naming it" "$TMP/.out" 'no record has the reference "CC999999"'
set_cell "$TMP/c3.csv" "$TMP/csub.csv" "$SAM" subtype ccj
check_fails "a subtype the kind does not have is refused" imp circumstances import --as megan "$TMP/csub.csv"
check_has "named" "$TMP/.out" "subtype: only financial_difficulty and criminal_justice have a subtype"
set_cell "$TMP/c3.csv" "$TMP/cgood.csv" "$SAM" details "Another good edit"
set_cell "$TMP/cgood.csv" "$TMP/cmixed.csv" "$ALEX" subject cousin
check_fails "a good edit and a bad row" imp circumstances import --as megan "$TMP/cmixed.csv"
check_has "the bad row named" "$TMP/.out" "cmixed.csv:$(grep -n "^$ALEX," "$TMP/cmixed.csv" | cut -d: -f1): subject: Select whether it was you or a family member"
printf '%s\n,2025-06-01,1005,,,address,,,,2025-05-30,New flat,,\n' "$CH" >"$TMP/cown.csv"
check_fails "megan cannot import her own declaration" imp circumstances import --as megan "$TMP/cown.csv"
check_has "named as her own" "$TMP/.out" "cown.csv:2: staff_number: 1005 is your own staff number"
check_fails "vetting cannot import (PSD administers it)" imp circumstances import --as vera "$TMP/c3.csv"
check_has "said so" "$TMP/.out" "Only Professional Standards can import declared changes of circumstances"
same_data "nothing written by any refused file"
# once vetting has assessed a declaration it is closed to import
q "UPDATE vetting_tasks SET status = 'closed' WHERE id = (SELECT task_id FROM circumstances WHERE other_person = 'Sam Lee')"
get megan /circumstances/register.csv "$TMP/c4.csv" >/dev/null
check "an export with an assessed declaration re-imports" imp circumstances import --as megan "$TMP/c4.csv"
check_has "unchanged" "$TMP/.out" "0 created, 0 updated, $m unchanged"
set_cell "$TMP/c4.csv" "$TMP/cclosed.csv" "$SAM" details "Changed after assessment"
check_fails "but cannot change it" imp circumstances import --as megan "$TMP/cclosed.csv"
check_has "said so" "$TMP/.out" "reference: vetting has assessed $SAM"
"$BIN" circumstances import --help >"$TMP/help" && ok "circumstances import --help" || fail "circumstances import --help"
check_has "the help names the columns" "$TMP/help" "$CH"
# ======== inspection findings ========
"$BIN" --db "$DB" user add gina --password-file "$TMP/pw" --role governance >/dev/null
expect "governance login" 303 "$(login gina)"
check "the findings fixture imports" imp findings import "$F/findings.csv"
nf=$(q "SELECT COUNT(*) FROM findings")
expect "findings CSV export" 200 "$(get gina /findings.csv "$TMP/f.csv")"
expect "findings XLSX export" 200 "$(get gina /findings.xlsx "$TMP/f.xlsx")"
dump "$TMP/before.sql"
check "the findings CSV export re-imports" imp findings import "$TMP/f.csv"
check_has "nothing created or updated from the CSV" "$TMP/.out" "$nf rows, 0 created, 0 updated, $nf unchanged"
check "the findings XLSX export re-imports" imp findings import "$TMP/f.xlsx"
check_has "nothing created or updated from the XLSX" "$TMP/.out" "$nf rows, 0 created, 0 updated, $nf unchanged"
T=$(csrf gina /findings/import)
expect "the XLSX export uploads on the import page" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/gina.jar" -H "Origin: $URL" -F "csrf=$T" -F "dry_run=yes" -F "file=@$TMP/f.xlsx" "$URL/findings/import")"
check_has "and would change nothing" "$TMP/body" "$nf rows: 0 would be created, 0 updated, $nf unchanged."
same_db "the database is byte for byte unchanged"
get gina /findings.csv "$TMP/f2.csv" >/dev/null
cmp -s "$TMP/f.csv" "$TMP/f2.csv" && ok "and the export again is the same bytes" || fail "and the export again is the same bytes"
# edit one finding's text (a finding's key is its inspection and its report reference)
python3 - "$TMP/f.csv" "$TMP/fedit.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for r in rows[1:]:
    if r[3] == "AFI 2": r[4] = "The force should monitor vetting decisions, by ethnicity and sex."; r[6] = "Tom Fletcher"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
check "an edited export row imports" imp findings import "$TMP/fedit.csv"
check_has "exactly one updated" "$TMP/.out" "$nf rows, 0 created, 1 updated, $((nf - 1)) unchanged"
expect "its text and owner (named as the export names them) changed" "The force should monitor vetting decisions, by ethnicity and sex.|1002" "$(q "SELECT f.text || '|' || p.staff_number FROM findings f JOIN people p ON p.id = f.owner_person_id WHERE f.reference = 'AFI 2'")"
get gina /findings.csv "$TMP/f3.csv" >/dev/null
expect "the export differs in that one line" 1 "$(diff "$TMP/f.csv" "$TMP/f3.csv" | grep -c '^>')"
# a reference the report does not have yet is a new finding of that report (findings are the report's own)
python3 - "$TMP/f3.csv" "$TMP/fnew.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
r = [v for v in rows[1] ]; r[3] = "AFI 99"; r[4] = "A new area for improvement."
rows.append(r)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
check "a new report reference in the export" imp findings import "$TMP/fnew.csv"
check_has "is created, once" "$TMP/.out" "1 created, 0 updated"
dump "$TMP/before.sql"
python3 - "$TMP/fnew.csv" "$TMP/fbad.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
rows[1][4] = "A good edit first"; rows[-1][2] = "suggestion"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
check_fails "a good edit and a bad row" imp findings import "$TMP/fbad.csv"
check_has "the bad row named" "$TMP/.out" "fbad.csv:$(wc -l <"$TMP/fbad.csv" | tr -d ' '): kind:"
python3 - "$TMP/fnew.csv" "$TMP/fwho.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
rows[1][6] = "Nobody Known"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
check_fails "an owner no one is called" imp findings import "$TMP/fwho.csv"
check_has "named" "$TMP/.out" 'owner: no person with staff number "Nobody Known" or that name'
same_db "nothing written by either"
# ======== intelligence items ========
IH=reference,received,source_type,grading_scheme,grade,category,subject_staff_numbers,summary,status,closed,outcome
printf '%s\nINT7001,2024-04-02,named,5x5x5,B24,Inappropriate association,1001,Old item,closed,2024-09-01,Advice\nINT7002,2025-05-02,partner,3x5x2,1AP,Sexual misconduct,1001,Open item,open,,\nINT7003,2025-06-02,anonymous,3x5x2,2BC,Misusing force systems,,Another,open,,\n' "$IH" >"$TMP/intel.csv"
check "intelligence items import" imp intel import "$TMP/intel.csv"
expect "acu login" 303 "$(login sean)"
expect "items CSV export" 200 "$(get sean /intel/items.csv "$TMP/i.csv")"
expect "items XLSX export" 200 "$(get sean /intel/items.xlsx "$TMP/i.xlsx")"
ni=$(q "SELECT COUNT(*) FROM intel_items")
dump "$TMP/before.sql"
check "the items CSV export re-imports" imp intel import "$TMP/i.csv"
check_has "nothing created or updated from the CSV" "$TMP/.out" "$ni rows, 0 created, 0 updated, $ni unchanged"
check "the items XLSX export re-imports" imp intel import "$TMP/i.xlsx"
check_has "nothing created or updated from the XLSX" "$TMP/.out" "$ni rows, 0 created, 0 updated, $ni unchanged"
same_db "the database is byte for byte unchanged"
get sean /intel/items.csv "$TMP/i2.csv" >/dev/null
cmp -s "$TMP/i.csv" "$TMP/i2.csv" && ok "and the export again is the same bytes" || fail "and the export again is the same bytes"
set_cell "$TMP/i.csv" "$TMP/iedit.csv" INT7002 grade 2BP
check "a regraded row imports" imp intel import "$TMP/iedit.csv"
check_has "exactly one updated" "$TMP/.out" "$ni rows, 0 created, 1 updated, $((ni - 1)) unchanged"
expect "the item regraded" "2BP" "$(q "SELECT grade FROM intel_items WHERE reference = 'INT7002'")"
expect "the change logged" 1 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'update' AND object_type = 'intel_item' AND detail = 'regraded by import'")"
get sean /intel/items.csv "$TMP/i3.csv" >/dev/null
expect "the export differs in that one line" 1 "$(diff "$TMP/i.csv" "$TMP/i3.csv" | grep -c '^>')"
dump "$TMP/before.sql"
set_cell "$TMP/i3.csv" "$TMP/iclosed.csv" INT7001 grade C33
check_fails "a closed item cannot be regraded" imp intel import "$TMP/iclosed.csv"
check_has "said so" "$TMP/.out" "reference: INT7001 is closed: it cannot be regraded now"
set_cell "$TMP/i3.csv" "$TMP/istatus.csv" INT7003 status closed
check_fails "an item is not closed by import" imp intel import "$TMP/istatus.csv"
check_has "said so" "$TMP/.out" "status: an item is closed through its closure review, not by import"
set_cell "$TMP/i3.csv" "$TMP/ighost.csv" INT7003 reference INT7999
check_fails "a reference no item has is refused" imp intel import "$TMP/ighost.csv"
check_has "naming it" "$TMP/.out" 'reference: no item has the reference "INT7999"'
set_cell "$TMP/i3.csv" "$TMP/igood.csv" INT7002 grade 3CC
set_cell "$TMP/igood.csv" "$TMP/ibad.csv" INT7003 grade 9ZZ
check_fails "a good regrade and a bad grade" imp intel import "$TMP/ibad.csv"
check_has "the bad row named" "$TMP/.out" "ibad.csv:$(grep -n '^INT7003,' "$TMP/ibad.csv" | cut -d: -f1): grade: A 3x5x2 grade is its three codes"
same_db "nothing written by any refused file"
finish
