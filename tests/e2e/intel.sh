#!/bin/sh
# End-to-end over HTTP and the CLI: counter-corruption intelligence. Every
# route allowed and refused by role (refusals in the access log); an item
# cannot be saved without a category and a grade (web, API, import); "Other"
# needs a reason; a line not pursued needs a rationale; closure only through
# a reviewer who is not the owner, creator or a subject, with a return and
# an approval; an ACU analyst never sees an item about themselves; the
# anonymous line's thread read by the ACU, answered by the reporter and
# turned into an item; the quality sample; CSRF.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../registers_lib.sh"
"$BIN" --db "$DB" user role priya +acu >/dev/null      # an ACU analyst who will be a subject
"$BIN" --db "$DB" user role aisha +reviewer >/dev/null  # a reviewer who line-manages tom
"$BIN" --db "$DB" user add dina --password-file "$TMP/pw" --role reviewer >/dev/null  # the reviewing detective inspector
"$BIN" --db "$DB" user role tom +reviewer >/dev/null    # a reviewer who is a subject
"$BIN" --db "$DB" user role sean +reviewer >/dev/null   # the creator, also a reviewer
start_server "$DB"
for u in priya tom aisha dina megan sean vera adam; do expect "$u login" 303 "$(login $u)"; done
ST=$(csrf sean); AT=$(csrf dina); PT=$(csrf priya)
logged() { q "select count(*) from access_log where outcome = '$1' and action = '$2'"; }

# ---- every page route by role ----
b=$(q "select count(*) from access_log where outcome = 'refused'")
for r in /intel /intel/items /intel/items/new /intel/sample /intel/reports; do
	expect "acu: $r" 200 "$(get sean $r)"
	for u in megan vera adam; do expect "$u refused $r" 403 "$(get $u $r)"; done
done
expect "reviewer: item list" 200 "$(get dina /intel/items)"
expect "intake form" 200 "$(get sean /intel/items/new)"
check_has "intake: character count at the domain's limit" "$TMP/body" 'data-module="govuk-character-count" data-maxlength="10000"'
for r in /intel /intel/items/new /intel/sample /intel/reports; do expect "reviewer refused $r" 403 "$(get dina $r)"; done
expect "refusals logged" "$((b + 19))" "$(q "select count(*) from access_log where outcome = 'refused'")"

# ---- intake: category and grade required ----
expect "item without category or grade refused" 400 "$(post sean /intel/items --data-urlencode "csrf=$ST" \
	--data-urlencode "received=2026-01-10" --data-urlencode "source_type=named" --data-urlencode "summary=text")"
check_has "category named" "$TMP/body" "Select the national corruption category"
check_has "grade named" "$TMP/body" "Grade the intelligence"
expect "nothing stored" 0 "$(q "select count(*) from intel_items")"
expect "Other without a reason refused" 400 "$(post sean /intel/items --data-urlencode "csrf=$ST" \
	--data-urlencode "received=2026-01-10" --data-urlencode "source_type=named" --data-urlencode "grading_scheme=3x5x2" \
	--data-urlencode "grade=1" --data-urlencode "grade_assessment=A" --data-urlencode "grade_handling=P" \
	--data-urlencode "category=other" --data-urlencode "summary=text")"
check_has "reason asked" "$TMP/body" "Say why no other category fits"
new_item() { # subjects summary
	post sean /intel/items --data-urlencode "csrf=$ST" --data-urlencode "received=2026-01-10" \
		--data-urlencode "source_type=line_manager" --data-urlencode "grading_scheme=3x5x2" --data-urlencode "grade=2" \
		--data-urlencode "grade_assessment=B" --data-urlencode "grade_handling=C" --data-urlencode "category=systems" \
		--data-urlencode "subject_staff_numbers=$1" --data-urlencode "summary=$2" --data-urlencode "sanitised=Sanitised: $2"
}
expect "item created" 303 "$(new_item 1002 "Tom looked up his neighbour on PNC")"
ID=$(q "select id from intel_items where original_text like 'Tom looked%'")
expect "reference INT + number" INT000001 "$(q "select reference from intel_items where id = $ID")"
expect "grade stored as codes" 2BC "$(q "select grade from intel_items where id = $ID")"
expect "item about priya created" 303 "$(new_item 1003 "Priya disclosed an address")"
PID=$(q "select id from intel_items where original_text like 'Priya%'")

# ---- the subject never sees the item, even in the ACU ----
b=$(q "select count(*) from access_log where outcome = 'refused' and detail = 'need to know: subject'")
expect "acu analyst refused her own item" 403 "$(get priya /intel/items/$PID)"
expect "subject refusal logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and detail = 'need to know: subject'")"
expect "acu analyst's list" 200 "$(get priya /intel/items)"

check_lacks "her item not listed" "$TMP/body" "INT000002"
check_has "others listed" "$TMP/body" "INT000001"
# ---- the items register: CSV and XLSX for the ACU, without the exporter's own items ----
expect "acu: items CSV" 200 "$(get priya /intel/items.csv)"
check_has "CSV header" "$TMP/body" "reference,received,source_type,grading_scheme,grade,category,status,owner,closed"
check_has "tom's item exported" "$TMP/body" "INT000001,2026-01-10,line_manager,3x5x2,2BC,Misusing force systems,open"
check_lacks "priya's own item not in her export" "$TMP/body" "INT000002"
expect "acu: items XLSX" 200 "$(get sean /intel/items.xlsx)"
expect "reviewer refused the export" 403 "$(get dina /intel/items.csv)"
expect "export logged" 2 "$(q "select count(*) from access_log where action = 'export' and object_type = 'intel_item' and outcome = 'ok'")"
expect "export refusal logged" 1 "$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/intel/items.csv'")"
expect "subject refused the other item too" 403 "$(get tom /intel/items/$ID)"
expect "acu sees the item" 200 "$(get sean /intel/items/$ID)"
check_has "original text for the acu" "$TMP/body" "Tom looked up his neighbour"
expect "view logged" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'view' and object_type = 'intel_item' and object_id = '$ID' and outcome = 'ok'")"
expect "reviewer not sent it refused" 403 "$(get dina /intel/items/$ID)"

# ---- lines of enquiry ----
expect "line added" 303 "$(post sean /intel/items/$ID/lines --data-urlencode "csrf=$ST" --data-urlencode "description=Speak to the neighbour")"
LID=$(q "select id from intel_lines where item_id = $ID")
expect "not pursued without rationale refused" 400 "$(post sean /intel/items/$ID/lines/$LID --data-urlencode "csrf=$ST" --data-urlencode "status=not_pursued" --data-urlencode "rationale=  ")"
check_has "rationale asked" "$TMP/body" "Write why this line of enquiry is not pursued"
expect "line still open" open "$(q "select status from intel_lines where id = $LID")"
expect "not pursued with rationale" 303 "$(post sean /intel/items/$ID/lines/$LID --data-urlencode "csrf=$ST" --data-urlencode "status=not_pursued" --data-urlencode "rationale=Neighbour moved abroad")"
printf 'ts,user,system,device,action,record_type,record_id,subject,reason\n2026-01-03T10:00:00Z,1002,PNC,WS1,view,person,P7654321,P7654321,\n2026-01-04T10:00:00Z,1003,Niche,WS2,view,person,P7654321,P7654321,\n' >"$TMP/events.csv"
check "events into the audit trail" "$BIN" --db "$DB" audit ingest -q "$TMP/events.csv"
expect "ICT audit check: a person's accesses" 303 "$(post sean /intel/items/$ID/audit-check --data-urlencode "csrf=$ST" --data-urlencode "mode=user" --data-urlencode "target=1002" --data-urlencode "from=2025-01-01" --data-urlencode "to=2026-01-31")"
expect "ICT audit check: who looked up a person" 303 "$(post sean /intel/items/$ID/audit-check --data-urlencode "csrf=$ST" --data-urlencode "mode=subject" --data-urlencode "target=P7654321" --data-urlencode "from=2026-01-01" --data-urlencode "to=2026-01-31")"
q "select result from intel_lines where kind = 'ict_audit' and item_id = $ID order by id" >"$TMP/ict.txt"
check_has "result kept: one access by 1002" "$TMP/ict.txt" "1 event found in the audit trail from 2025-01-01 to 2026-01-31."
check_has "the event itself" "$TMP/ict.txt" "2026-01-03T10:00:00Z 1002 PNC view person P7654321"
check_has "two people looked the person up" "$TMP/ict.txt" "2026-01-04T10:00:00Z 1003 Niche view person P7654321"
expect "the search is access-logged with the item as purpose" 2 "$(q "select count(*) from access_log where object_type = 'audit_events' and detail like 'purpose=ICT audit check, a line of enquiry on intelligence item INT%'")"
expect "intervention" 303 "$(post sean /intel/items/$ID/interventions --data-urlencode "csrf=$ST" --data-urlencode "kind=ethical_interview" --data-urlencode "start_date=2026-01-20" --data-urlencode "due_date=2026-02-20")"
VID=$(q "select id from intel_interventions where item_id = $ID")
expect "intervention end needs an outcome" 400 "$(post sean /intel/items/$ID/interventions/$VID --data-urlencode "csrf=$ST" --data-urlencode "end_date=2026-02-10")"
expect "intervention ended" 303 "$(post sean /intel/items/$ID/interventions/$VID --data-urlencode "csrf=$ST" --data-urlencode "end_date=2026-02-10" --data-urlencode "outcome=Interview held; advice accepted")"
expect "intervention outcome kept" "2026-02-10|Interview held; advice accepted" "$(q "select end_date, outcome from intel_interventions where id = $VID")"
expect "reviewer cannot add lines" 403 "$(post dina /intel/items/$ID/lines --data-urlencode "csrf=$AT" --data-urlencode "description=x")"

# ---- closure through review ----
expect "no review before a proposal" 403 "$(post dina /intel/items/$ID/review --data-urlencode "csrf=$AT" --data-urlencode "decision=approve")"
expect "creator cannot be the reviewer" 400 "$(post sean /intel/items/$ID/closure --data-urlencode "csrf=$ST" --data-urlencode "outcome=Advice given" --data-urlencode "reviewer=sean")"
check_has "conflict named" "$TMP/body" "That reviewer cannot review this item"
expect "subject cannot be the reviewer" 400 "$(post sean /intel/items/$ID/closure --data-urlencode "csrf=$ST" --data-urlencode "outcome=Advice given" --data-urlencode "reviewer=tom")"
expect "form lists only dina" 200 "$(get sean /intel/items/$ID)"
check_has "dina offered" "$TMP/body" "value=\"dina\""
check_lacks "tom not offered" "$TMP/body" "value=\"tom\""
check_lacks "tom's line manager not offered" "$TMP/body" "value=\"aisha\""
expect "line manager of the subject cannot be the reviewer" 400 "$(post sean /intel/items/$ID/closure --data-urlencode "csrf=$ST" --data-urlencode "outcome=Advice given" --data-urlencode "reviewer=aisha")"
expect "proposed to dina" 303 "$(post sean /intel/items/$ID/closure --data-urlencode "csrf=$ST" --data-urlencode "outcome=Advice given" --data-urlencode "reviewer=dina")"
expect "awaiting review" awaiting_review "$(q "select status from intel_items where id = $ID")"
expect "no new lines while awaiting review" 409 "$(post sean /intel/items/$ID/lines --data-urlencode "csrf=$ST" --data-urlencode "description=x")"
expect "reviewer sees it now" 200 "$(get dina /intel/items/$ID)"
check_lacks "not the restricted text" "$TMP/body" "as received (restricted)"
check_has "the sanitised text" "$TMP/body" "Sanitised: Tom looked"
check_has "review form" "$TMP/body" "Record review"
expect "sean (creator, a reviewer) cannot review" 403 "$(post sean /intel/items/$ID/review --data-urlencode "csrf=$ST" --data-urlencode "decision=approve")"
expect "return needs questions" 400 "$(post dina /intel/items/$ID/review --data-urlencode "csrf=$AT" --data-urlencode "decision=return")"
expect "returned" 303 "$(post dina /intel/items/$ID/review --data-urlencode "csrf=$AT" --data-urlencode "decision=return" --data-urlencode "note=Was the PNC audit checked?")"
expect "open again" open "$(q "select status from intel_items where id = $ID")"
expect "answer" 303 "$(post sean /intel/items/$ID/reply --data-urlencode "csrf=$ST" --data-urlencode "body=Yes: see the ICT audit check")"
expect "proposed again" 303 "$(post sean /intel/items/$ID/closure --data-urlencode "csrf=$ST" --data-urlencode "outcome=Advice given; PNC access reviewed" --data-urlencode "reviewer=dina")"
expect "approved" 303 "$(post dina /intel/items/$ID/review --data-urlencode "csrf=$AT" --data-urlencode "decision=approve")"
expect "closed by dina" "closed|dina" "$(q "select status, a.username from intel_items i join accounts a on a.id = i.reviewed_by where i.id = $ID")"
expect "thread kept" "proposal,return,reply,proposal,approval" "$(q "select group_concat(kind) from (select kind from intel_thread where item_id = $ID order by id)")"
expect "closing by SQL without review is impossible" 1 "$(q "update intel_items set status = 'closed' where id = $PID" 2>&1 | grep -ci 'check constraint')"

# ---- quality sample ----
expect "sample" 200 "$(get sean "/intel/sample?from=2026-01-01&to=2099-12-31&n=60&seed=7")"
check_has "drawn" "$TMP/body" "1 of 1 closed items"
check_has "reviewed share" "$TMP/body" "1 of 1 (100%); 0 fail"
expect "sample csv" 200 "$(get sean "/intel/sample.csv?from=2026-01-01&to=2099-12-31&n=60&seed=7")"
check_has "csv row" "$TMP/body" "INT000001,"

# ---- API ----
TS=$("$BIN" --db "$DB" token create sean); TM=$("$BIN" --db "$DB" token create megan); TP=$("$BIN" --db "$DB" token create priya)
api() { t=$1; shift; curl -s -o "$TMP/body" -w "%{http_code}" -H "Authorization: Bearer $t" "$@"; }
expect "api list" 200 "$(api $TS "$URL/api/intel/items?category=systems&status=closed")"
check_has "api lists the closed item" "$TMP/body" '"reference":"INT000001"'
expect "api list filtered out" 200 "$(api $TS "$URL/api/intel/items?category=sexual")"
check_lacks "no sexual misconduct items" "$TMP/body" "INT0000"
expect "api item" 200 "$(api $TS "$URL/api/intel/items/$ID")"
expect "api refuses psd" 403 "$(api $TM "$URL/api/intel/items")"
expect "api refuses the subject" 403 "$(api $TP "$URL/api/intel/items/$PID")"
expect "api post without category and grade" 422 "$(api $TS -X POST -H 'Content-Type: application/json' --data '{"received":"2026-02-01","source_type":"external_line","summary":"x","grading_scheme":"3x5x2","grade":"9Z"}' "$URL/api/intel/items")"
check_has "422 names category" "$TMP/body" '"field":"category"'
check_has "422 names grade" "$TMP/body" '"field":"grade"'
expect "api post valid" 201 "$(api $TS -X POST -H 'Content-Type: application/json' --data '{"received":"2026-02-01","source_type":"external_line","summary":"Crimestoppers report","grading_scheme":"3x5x2","grade":"2CP","category":"Theft and fraud"}' "$URL/api/intel/items")"
check_has "api gives the reference" "$TMP/body" '"reference":"INT000003"'
expect "api post refused to psd" 403 "$(api $TM -X POST -H 'Content-Type: application/json' --data '{}' "$URL/api/intel/items")"

# ---- import ----
H="reference,received,source_type,grading_scheme,grade,category,subject_staff_numbers,summary,status,closed,outcome"
printf '%s\nINT9001,2023-04-02,named,5x5x5,B24,Inappropriate association,1001,Old item,closed,2023-09-01,Advice\nINT9002,2023-05-02,named,3x5x2,1AP,,,No category,open,,\n' "$H" >"$TMP/bad.csv"
check_fails "import without a category refused" "$BIN" --db "$DB" intel import "$TMP/bad.csv"
check_has "error names line and column" "$TMP/.out" "bad.csv:3: category:"
expect "all or nothing" 0 "$(q "select count(*) from intel_items where reference like 'INT9%'")"
printf '%s\nINT9001,2023-04-02,named,5x5x5,B24,Inappropriate association,1001,Old item,closed,2023-09-01,Advice\nINT9002,2023-05-02,partner,3x5x2,1AP,Sexual misconduct,1002;1004,Open item,open,,\n' "$H" >"$TMP/good.csv"
check "dry run" "$BIN" --db "$DB" intel import --dry-run "$TMP/good.csv"
expect "dry run writes nothing" 0 "$(q "select count(*) from intel_items where reference like 'INT9%'")"
check "import" "$BIN" --db "$DB" intel import "$TMP/good.csv"
check_has "two created" "$TMP/.out" "2 created"
check "rerun" "$BIN" --db "$DB" intel import "$TMP/good.csv"
check_has "rerun creates nothing" "$TMP/.out" "0 created"
expect "legacy grade kept verbatim" "5x5x5|B24" "$(q "select grading_scheme, grade from intel_items where reference = 'INT9001'")"
expect "two subjects" 2 "$(q "select count(*) from intel_subjects s join intel_items i on i.id = s.item_id where reference = 'INT9002'")"

# ---- the anonymous line into the ACU's queue ----
curl -s -o "$TMP/form" "$URL/report"
FT=$(sed -n 's/.*name="ftok" value="\([^"]*\)".*/\1/p' "$TMP/form")
expect "report without the form token refused" 403 "$(curl -s -o /dev/null -w '%{http_code}' -F "text=x" "$URL/report")"
expect "empty report refused" 400 "$(curl -s -o "$TMP/body" -w '%{http_code}' -F "ftok=$FT" -F "text= " "$URL/report")"
printf '%%PDF-1.4 fake' >"$TMP/x.pdf"
expect "pdf refused" 400 "$(curl -s -o "$TMP/body" -w '%{http_code}' -F "ftok=$FT" -F "text=See attached" -F "file=@$TMP/x.pdf" "$URL/report")"
check_has "pdf message" "$TMP/body" "PDF files cannot be attached"
python3 - "$TMP/big.png" <<'PY'
import os, struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 0, 0, 0, 0))
                              + chunk(b'IDAT', os.urandom(300000)) + chunk(b'IEND', b''))
PY
expect "a report with a 300 kB picture (above the sign-in form's body limit)" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' -F "ftok=$FT" -F "text=Photo of the ledger" -F "file=@$TMP/big.png" "$URL/report")"
expect "the picture is kept" 1 "$(q "select count(*) from anon_attachments where length(data) > 300000")"
expect "report sent" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' -F "ftok=$FT" -F "text=A detective takes cash from a garage owner" -F "category=theft_fraud" "$URL/report")"
RECEIPT=$(sed -n 's/.*probity-receipt">\([0-9 ]*\)<.*/\1/p' "$TMP/body")
expect "receipt is 28 digits" 28 "$(printf %s "$RECEIPT" | tr -d ' ' | wc -c)"
RID=$(q "select max(id) from anon_reports")
expect "queue" 200 "$(get sean /intel/reports)"
check_has "report listed" "$TMP/body" "A detective takes cash"
expect "report page" 200 "$(get sean /intel/reports/$RID)"
expect "report read logged" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where object_type = 'anon_report' and object_id = '$RID' and action = 'view'")"
expect "reviewer refused the report" 403 "$(get dina /intel/reports/$RID)"
expect "question asked" 303 "$(post sean /intel/reports/$RID/messages --data-urlencode "csrf=$ST" --data-urlencode "text=Which garage?")"
expect "wrong receipt" 400 "$(curl -s -o "$TMP/body" -w '%{http_code}' --data-urlencode "ftok=$FT" --data-urlencode "receipt=1234 5678 9012 3456 7890 1234 5678" "$URL/report/reply")"
check_has "no report for it" "$TMP/body" "No report has this receipt"
expect "reporter reads the question" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' --data-urlencode "ftok=$FT" --data-urlencode "receipt=$RECEIPT" "$URL/report/reply")"
check_has "question shown" "$TMP/body" "Which garage?"
check_has "answered" "$TMP/body" "has answered"
check_lacks "never who" "$TMP/body" "sean"
expect "reporter answers" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' --data-urlencode "ftok=$FT" --data-urlencode "receipt=$RECEIPT" --data-urlencode "text=Kwik Fit on the ring road" "$URL/report/reply/send")"
expect "three messages in order" "reporter,acu,reporter" "$(q "select group_concat(author) from (select author from anon_messages where report_id = $RID order by seq)")"
expect "convert form pre-filled" 200 "$(get sean "/intel/items/new?report=$RID")"
check_has "text pre-filled" "$TMP/body" "Kwik Fit on the ring road"
expect "converted" 303 "$(post sean /intel/items --data-urlencode "csrf=$ST" --data-urlencode "report_id=$RID" --data-urlencode "received=$(date -u +%F)" \
	--data-urlencode "source_type=anonymous" --data-urlencode "grading_scheme=3x5x2" --data-urlencode "grade=2" --data-urlencode "grade_assessment=C" \
	--data-urlencode "grade_handling=C" --data-urlencode "category=theft_fraud" --data-urlencode "summary=Cash from a garage owner" --data-urlencode "sanitised=Cash from a business")"
expect "report marked converted" converted "$(q "select status from anon_reports where id = $RID")"
# the queue as JSON (docs/API.md): ACU only, the list logged like the page's
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
b=$(q "select count(*) from access_log where action = 'list' and object_type = 'anon_report' and object_id = 'all' and outcome = 'ok'")
expect "api: the reports' queue" 200 "$(get sean /api/v1/intel/reports)"
expect "api: the report, converted, as the queue shows it" "converted 3 True theft_fraud" \
	"$(jpy '" ".join(str(r[k]) for r in d["items"] if r["id"] == '"$RID"' for k in ("status", "messages", "awaiting_answer", "category"))')"
expect "api: the item it became" "$(q "select item_id from anon_reports where id = $RID")" "$(jpy '[r["item_id"] for r in d["items"] if r["id"] == '"$RID"'][0]')"
expect "api: the queue view is logged" "$((b + 1))" "$(q "select count(*) from access_log where action = 'list' and object_type = 'anon_report' and object_id = 'all' and outcome = 'ok'")"
check_lacks "api: no receipt" "$TMP/body" "$(printf %s "$RECEIPT" | tr -d ' ' | cut -c1-12)"
expect "queue (page) view logged too" 1 "$(get sean /intel/reports >/dev/null; q "select case when count(*) > $((b + 1)) then 1 else 0 end from access_log where action = 'list' and object_type = 'anon_report' and outcome = 'ok'")"
for u in dina megan tom; do
	b=$(q "select count(*) from access_log where outcome = 'refused' and username = '$u'")
	expect "api: $u refused the reports" 403 "$(get $u /api/v1/intel/reports)"
	expect "api: $u's refusal logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and username = '$u'")"
done

# ---- an ICT alert's referral is intake ----
q "INSERT INTO audit_alerts(rule, user, key, first_ts, rule_version, count, detail, status, created_at)
   VALUES(1, '1002', 'P1234567', '2026-01-05T10:00:00Z', 1, 0, 'Looked up a declared associate', 'referred', '2026-01-05T12:00:00Z');
   INSERT INTO audit_referrals(alert_id, summary, created_at) VALUES((SELECT MAX(id) FROM audit_alerts), 'Check', '2026-01-05T12:00:00Z')"
AID=$(q "SELECT MAX(id) FROM audit_alerts")
expect "referral list" 200 "$(get sean /audit/referrals)"
check_has "referral links to intake" "$TMP/body" "/intel/items/new?alert=$AID"
expect "intake pre-filled from the alert" 200 "$(get sean "/intel/items/new?alert=$AID")"
check_has "alert text pre-filled" "$TMP/body" "Looked up a declared associate"
check_has "subject pre-filled" "$TMP/body" 'value="1002"'
expect "item from the alert" 303 "$(post sean /intel/items --data-urlencode "csrf=$ST" --data-urlencode "alert_id=$AID" --data-urlencode "received=2026-01-06" \
	--data-urlencode "source_type=ict_audit" --data-urlencode "grading_scheme=3x5x2" --data-urlencode "grade=1" --data-urlencode "grade_assessment=A" \
	--data-urlencode "grade_handling=P" --data-urlencode "category=systems" --data-urlencode "subject_staff_numbers=1002" --data-urlencode "summary=Alert $AID")"
expect "referral closed by the item" closed "$(q "SELECT status FROM audit_referrals WHERE alert_id = $AID")"
expect "item keeps the alert" 1 "$(q "SELECT COUNT(*) FROM intel_items WHERE alert_id = $AID")"
expect "api: referrals" 200 "$(get sean /api/v1/audit/referrals)"
expect "api: the referral, closed by the item" "closed 1 1002" "$(jpy '" ".join(str(r[k]) for r in d["items"] if r["alert_id"] == '"$AID"' for k in ("status", "rule", "user"))')"
expect "api: referrals logged like the page" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where username = 'sean' and action = 'list' and object_type = 'audit_referral' and outcome = 'ok'")"
for u in dina megan; do
	b=$(q "select count(*) from access_log where outcome = 'refused' and username = '$u'")
	expect "api: $u refused the referrals" 403 "$(get $u /api/v1/audit/referrals)"
	expect "api: $u's refusal logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and username = '$u'")"
done

# ---- every other route refused to a role without it, each refusal logged ----
MT=$(csrf megan)
b=$(q "select count(*) from access_log where outcome = 'refused'")
for r in /intel/items /intel/items/$ID/lines /intel/items/$ID/lines/$LID /intel/items/$ID/audit-check \
	/intel/items/$ID/interventions /intel/items/$ID/interventions/$VID /intel/items/$ID/closure /intel/items/$ID/review \
	/intel/items/$ID/reply /intel/items/$ID/reopen /intel/reports/$RID/messages; do
	expect "psd refused POST $r" 403 "$(post megan $r --data-urlencode "csrf=$MT" --data-urlencode "x=1")"
done
for r in /intel/items/$ID /intel/sample.csv /intel/reports/$RID /intel/reports/$RID/attachments/1; do
	expect "psd refused GET $r" 403 "$(get megan $r)"
done
expect "fifteen refusals logged" "$((b + 15))" "$(q "select count(*) from access_log where outcome = 'refused'")"
expect "staff without a role refused the dashboard" 403 "$(get tom /intel)"

# ---- CSRF ----
expect "post without CSRF refused" 403 "$(post sean /intel/items --data-urlencode "received=2026-01-10")"
check_lacks "the server never crashed" "$TMP/serve.log" "restarting"
check_lacks "no sanitizer report" "$TMP/serve.log" "runtime error"
finish
