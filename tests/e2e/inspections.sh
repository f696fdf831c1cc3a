#!/bin/sh
# End-to-end: inspections and scrutiny (M11) — the findings import on the
# CLI (line/column errors, all-or-nothing, rerun, dry run), the HTTP
# workflow (governance adds an update and moves a finding's status with a
# confirmation step, the DCC signs it off, scrutiny raises a question and
# governance answers it, the PCC sees the 56-day deadline and publishes),
# need-to-know (scrutiny sees no staff names; staff are refused and logged),
# the JSON API, and `probity publish` read back from its HTML and CSV.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
"$BIN" --db "$DB" user add gov --password-file "$TMP/pw" --staff-number 1003 >/dev/null
"$BIN" --db "$DB" user role gov +governance >/dev/null
"$BIN" --db "$DB" user add deputy --password-file "$TMP/pw" --staff-number 1004 >/dev/null
"$BIN" --db "$DB" user role deputy +dcc >/dev/null
"$BIN" --db "$DB" user add panel --password-file "$TMP/pw" >/dev/null
"$BIN" --db "$DB" user role panel +scrutiny >/dev/null
"$BIN" --db "$DB" user add opcc --password-file "$TMP/pw" >/dev/null
"$BIN" --db "$DB" user role opcc +pcc >/dev/null
"$BIN" --db "$DB" user add priya --password-file "$TMP/pw" --staff-number 1005 >/dev/null

# ---- CLI import ----
check "findings --help" "$BIN" findings --help
check_has "help names the header" "$TMP/.out" "inspection,published,kind,reference,text,pillar,owner,due"
check_fails "bad kind rejected" "$BIN" --db "$DB" findings import "$F/findings-bad.csv"
check_has "error names file, line and column" "$TMP/.out" "findings-bad.csv:3: kind:"
n=$(sqlite3 "$DB" "select count(*) from findings")
[ "$n" = 0 ] && ok "nothing imported from a bad file" || fail "nothing imported from a bad file" "$n rows"
printf 'inspection,published,kind,reference,text,pillar,owner,due\nX,2020-01-01,recommendation,R1,t,,9999,\n' >"$TMP/owner.csv"
check_fails "unknown owner rejected" "$BIN" --db "$DB" findings import "$TMP/owner.csv"
check_has "owner error" "$TMP/.out" "owner.csv:2: owner: no person with staff number \"9999\""
printf 'inspection,published,kind,reference,text,pillar,owner,due\nX,2020-01-01,recommendation,R1,t,,,\nX,2020-01-01,recommendation,R1,u,,,\n' >"$TMP/dup.csv"
check_fails "duplicate reference rejected" "$BIN" --db "$DB" findings import "$TMP/dup.csv"
check_has "duplicate names the earlier line" "$TMP/.out" "dup.csv:3: reference: R1 of \"X\" is already on line 2"
printf 'inspection,published,kind,text\n' >"$TMP/hdr.csv"
check_fails "wrong header rejected" "$BIN" --db "$DB" findings import "$TMP/hdr.csv"
check "dry run" "$BIN" --db "$DB" findings import --dry-run "$F/findings.csv"
check_has "dry run counts" "$TMP/.out" "dry run: "
n=$(sqlite3 "$DB" "select count(*) from findings")
[ "$n" = 0 ] && ok "dry run writes nothing" || fail "dry run writes nothing" "$n rows"
check "import" "$BIN" --db "$DB" findings import "$F/findings.csv"
check_has "import counts" "$TMP/.out" "4 rows, 4 created, 0 updated, 0 unchanged"
check "rerun exits 0" "$BIN" --db "$DB" findings import "$F/findings.csv"
check_has "rerun creates nothing" "$TMP/.out" "4 rows, 0 created, 0 updated, 4 unchanged"
[ "$(sqlite3 "$DB" "select count(*) from inspections")" = 2 ] && ok "inspections created once" || fail "inspections created once"
[ "$(sqlite3 "$DB" "select published from inspections where title like 'PEEL%'")" = 2020-02-07 ] &&
	ok "inspection published date" || fail "inspection published date"
printf 'inspection,published,kind,reference,text,pillar,owner,due\n"A national thematic on abuse of position",2019-09-28,recommendation,R2,t,,,\n' >"$TMP/pub.csv"
check_fails "published date conflict rejected" "$BIN" --db "$DB" findings import "$TMP/pub.csv"
check_has "published conflict message" "$TMP/.out" "pub.csv:2: published:"
INSP=$(sqlite3 "$DB" "select id from inspections where title like 'PEEL%'")
FID=$(sqlite3 "$DB" "select f.id from findings f where reference = 'AFI 1' and inspection_id = $INSP")

# ---- publish with nothing published ----
check "publish empty" "$BIN" --db "$DB" publish --out "$TMP/site0"
check_has "index written when nothing is published" "$TMP/site0/index.html" "Nothing has been published yet"
check_has "index links Probity's stylesheet" "$TMP/site0/index.html" "assets/probity.css"

# ---- the web workflow ----
start_server "$DB"

for u in gov deputy panel opcc priya; do expect "login $u" 303 "$(login $u)"; done

expect "governance lists inspections" 200 "$(get gov /inspections)"
check_has "inspection listed" "$TMP/body" "PEEL 2018/19: An inspection of Testshire Police"
expect "inspection page" 200 "$(get gov "/inspections/$INSP")"
check_has "findings on the inspection" "$TMP/body" "AFI 3"
expect "finding page" 200 "$(get gov "/findings/$FID")"
check_has "governance sees the owner's name" "$TMP/body" "Aisha Okafor"

# an update, twice posted with the same key: one update
KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
expect "invalid update shown again" 400 "$(post_csrf gov "/findings/$FID/updates" --data-urlencode "date=2020-02-30" --data-urlencode "text=")"
check_has "update errors listed" "$TMP/body" "Enter the update"
expect "add update" 303 "$(post_csrf gov "/findings/$FID/updates" --data-urlencode "submit_key=$KEY" --data-urlencode "date=2020-06-01" --data-urlencode "text=Ethics Panel <set up> with an independent chair")"
expect "repost of update" 303 "$(post_csrf gov "/findings/$FID/updates" --data-urlencode "submit_key=$KEY" --data-urlencode "date=2020-06-01" --data-urlencode "text=Ethics Panel <set up> with an independent chair")"
[ "$(sqlite3 "$DB" "select count(*) from finding_updates where finding_id = $FID")" = 1 ] && ok "double post makes one update" || fail "double post makes one update"
get gov "/findings/$FID" >/dev/null
check_has "update shown escaped" "$TMP/body" "Ethics Panel &lt;set up&gt;"

# status: open -> in progress, with a confirmation step
expect "status change asks to confirm" 200 "$(post_csrf gov "/findings/$FID/status" -d status=in_progress)"
check_has "confirmation page" "$TMP/body" "Confirm the change"
[ "$(sqlite3 "$DB" "select status from findings where id = $FID")" = open ] && ok "nothing changed before confirming" || fail "nothing changed before confirming"
expect "confirmed" 303 "$(post_csrf gov "/findings/$FID/status" -d status=in_progress -d confirm=yes)"
expect "not allowed transition refused" 409 "$(post_csrf gov "/findings/$FID/status" -d status=closed -d confirm=yes)"
expect "proposed complete needs evidence" 400 "$(post_csrf gov "/findings/$FID/status" -d status=proposed_complete -d confirm=yes)"
check_has "evidence error" "$TMP/body" "Describe the evidence"
expect "proposed complete" 303 "$(post_csrf gov "/findings/$FID/status" -d status=proposed_complete --data-urlencode "evidence=Terms of reference and minutes" -d confirm=yes)"
expect "sign-off needs the board" 400 "$(post_csrf deputy "/findings/$FID/status" -d status=signed_off -d confirm=yes)"
check_has "board error" "$TMP/body" "Enter the board that signed it off"
expect "the proposer cannot sign off" 403 "$(post_csrf gov "/findings/$FID/status" -d status=signed_off --data-urlencode "board=Service Improvement and Performance Board" -d board_date=2021-03-15 -d confirm=yes)"
expect "proposer refusal logged" 1 "$(sqlite3 "$DB" "select count(*) from access_log where username = 'gov' and object_type = 'finding' and object_id = '$FID' and outcome = 'refused' and detail like 'separation of duties%'")"
expect "work continuing needs a follow-up date" 400 "$(post_csrf deputy "/findings/$FID/status" -d status=signed_off --data-urlencode "board=Service Improvement and Performance Board" -d board_date=2021-03-15 --data-urlencode "caveat=Complete, with work continuing" -d confirm=yes)"
check_has "follow-up error" "$TMP/body" "Enter the date to follow up the work that continues"
expect "dcc signs off" 303 "$(post_csrf deputy "/findings/$FID/status" -d status=signed_off --data-urlencode "board=Service Improvement and Performance Board" -d board_date=2021-03-15 --data-urlencode "caveat=Complete, with work continuing" -d follow_up=2021-09-30 -d confirm=yes)"
expect "follow-up stored" "2021-09-30" "$(sqlite3 "$DB" "select follow_up from findings where id = $FID")"
expect "the sign-off records who recorded it, not the proposer" "deputy|gov" "$(sqlite3 "$DB" "select (select a.username from finding_status_history h join accounts a on a.id = h.account_id where h.finding_id = $FID and h.status = 'signed_off' order by h.id desc limit 1) || '|' || (select a.username from finding_status_history h join accounts a on a.id = h.account_id where h.finding_id = $FID and h.status = 'proposed_complete' order by h.id desc limit 1)")"
expect "follow-up list" 200 "$(get gov "/findings?view=follow_up")"
check_has "follow-up flagged in the list" "$TMP/body" "Follow-up due 30 September 2021"
expect "dashboard" 200 "$(get gov /inspections/dashboard)"
check_has "dashboard links follow-ups" "$TMP/body" "/findings?view=follow_up\">1 follow-up date reached"
check_has "dashboard links past due" "$TMP/body" "/findings?view=past_due"
expect "findings list offers the filtered export" 200 "$(get gov "/findings?view=follow_up")"
check_has "export link keeps the filter" "$TMP/body" "/findings.csv?view&#61;follow_up"
expect "findings csv" 200 "$(get gov "/findings.csv?view=follow_up" "$TMP/f.csv")"
check_has "csv header" "$TMP/f.csv" "inspection,published,kind,reference,text,pillar,owner,owner_office"
check_has "csv has the filtered finding" "$TMP/f.csv" "AFI 1"
check_lacks "csv filter applied" "$TMP/f.csv" "AFI 2"
check_has "governance export names the owner" "$TMP/f.csv" "Aisha Okafor"
expect "panel csv" 200 "$(get panel "/findings.csv" "$TMP/p.csv")"
check_has "panel csv has all findings" "$TMP/p.csv" "AFI 2"
check_lacks "panel csv has no owner names" "$TMP/p.csv" "Okafor"
expect "findings xlsx" 200 "$(get gov "/findings.xlsx?status=active" "$TMP/f.xlsx")"
[ "$(head -c 2 "$TMP/f.xlsx")" = PK ] && ok "xlsx is a workbook" || fail "xlsx is a workbook"
expect "staff cannot export findings" 403 "$(get priya "/findings.csv" "$TMP/x.csv")"
expect "export logged" 1 "$(sqlite3 "$DB" "select count(*) from access_log where username = 'gov' and action = 'export' and object_type = 'finding' and object_id = 'csv'")"
expect "status signed off" "signed_off" "$(sqlite3 "$DB" "select status from findings where id = $FID")"
[ "$(sqlite3 "$DB" "select count(*) from finding_status_history where finding_id = $FID")" = 4 ] && ok "history kept" || fail "history kept"
expect "continuing list" 200 "$(get gov "/findings?view=continuing")"
check_has "signed off with work continuing listed" "$TMP/body" "Complete, with work continuing"
expect "dashboard" 200 "$(get gov /inspections/dashboard)"
check_has "dashboard by owner" "$TMP/body" "Open findings by owner and age"

# need-to-know
expect "staff refused inspections" 403 "$(get priya /inspections)"
expect "staff refused a finding" 403 "$(get priya "/findings/$FID")"
expect "staff refused the API" 403 "$(get priya /api/findings)"
n=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and username = 'priya'")
[ "$n" -ge 3 ] && ok "refusals logged" || fail "refusals logged" "$n"
expect "scrutiny reads the finding" 200 "$(get panel "/findings/$FID")"
check_lacks "scrutiny sees no owner name" "$TMP/body" "Aisha Okafor"
check_has "scrutiny sees the office" "$TMP/body" "Response Inspector"
check_lacks "scrutiny sees no author name" "$TMP/body" "Priya Nair"
expect "scrutiny cannot change status" 403 "$(post_csrf panel "/findings/$FID/status" -d status=closed -d confirm=yes)"
expect "api as scrutiny" 200 "$(get panel "/api/findings/$FID")"
check_lacks "api hides names from scrutiny" "$TMP/body" "Okafor"
expect "api as governance" 200 "$(get gov "/api/findings/$FID")"
check_has "api history" "$TMP/body" "\"status\":\"signed_off\""
expect "api inspections" 200 "$(get gov /api/inspections)"
check_has "api deadline" "$TMP/body" "\"response_deadline\":\"2020-04-02\""
check_has "api comments_due" "$TMP/body" "\"comments_due\":\"2020-04-02\""

# panel review: scrutiny asks, governance answers
expect "scrutiny starts a review" 303 "$(post_csrf panel /reviews --data-urlencode "topic=How does the force promote ethical behaviour?" --data-urlencode "scope=Ethical concerns" -d further_review=2020-05-01 --data-urlencode "members=Dr Morgan Hale")"
RID=$(sqlite3 "$DB" "select max(id) from reviews")
expect "governance cannot create reviews" 403 "$(post_csrf gov /reviews --data-urlencode "topic=x")"
expect "scrutiny asks" 303 "$(post_csrf panel "/reviews/$RID/questions" --data-urlencode "question=How will the force judge impact?")"
QID=$(sqlite3 "$DB" "select max(id) from review_questions")
expect "scrutiny cannot answer" 403 "$(post_csrf panel "/reviews/$RID/questions/$QID/answer" --data-urlencode "response=x")"
expect "governance answers" 303 "$(post_csrf gov "/reviews/$RID/questions/$QID/answer" --data-urlencode "response=Analysts track complaint trends")"
expect "scrutiny sees the thread" 200 "$(get panel "/reviews/$RID")"
check_has "answer in the thread" "$TMP/body" "Analysts track complaint trends"
expect "scrutiny links a finding" 303 "$(post_csrf panel "/reviews/$RID/findings" -d "finding=$FID")"
expect "scrutiny adds an action" 303 "$(post_csrf panel "/reviews/$RID/actions" --data-urlencode "action=Observe the Ethics Panel" --data-urlencode "owner=Panel chair" -d due=2020-07-01)"
get panel / >/dev/null
check_has "scrutiny home shows reviews due" "$TMP/body" "1 panel review due for follow-up"
expect "second review stays a draft" 303 "$(post_csrf panel /reviews --data-urlencode "topic=DRAFT-REVIEW-TOPIC")"
expect "review confirmation page" 200 "$(get panel "/reviews/$RID/publish")"
check_has "confirmation offers version 1" "$TMP/body" "Publish version 1 of the review"
expect "review confirmation refused to governance" 403 "$(get gov "/reviews/$RID/publish")"
expect "scrutiny publishes the first" 303 "$(post_csrf panel "/reviews/$RID/publish")"
expect "governance cannot mark the further review held" 403 "$(post_csrf gov "/reviews/$RID/further-done")"
expect "scrutiny marks the further review held" 303 "$(post_csrf panel "/reviews/$RID/further-done")"
expect "held: once" 409 "$(post_csrf panel "/reviews/$RID/further-done")"
get panel / >/dev/null
check_lacks "held: no longer due on the scrutiny home" "$TMP/body" "1 panel review due for follow-up"
# the reviews list as JSON (docs/API.md): reviews_list, the page's readers, logged like the page
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
for u in panel gov deputy opcc; do
	b=$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'review' and object_id = 'all'")
	expect "api: reviews ($u)" 200 "$(get $u /api/v1/reviews)"
	expect "api: both reviews ($u)" 2 "$(jpy 'd["total"]')"
	expect "api: logged like the page ($u)" "$((b + 1))" "$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'review' and object_id = 'all'")"
done
expect "api: the published review's counts, as the page" "1 1 1 True 2020-05-01 True" \
	"$(jpy '" ".join(str(x) for r in d["items"] if r["id"] == '"$RID"' for x in (r["questions"], r["answered"], r["actions_open"], r["published"], r["further_review"], r["further_done_on"] is not None))')"
expect "api: the draft" "False None" "$(jpy '[(r["published"], r["published_at"]) for r in d["items"] if r["topic"] == "DRAFT-REVIEW-TOPIC"][0]' | tr -d "(),'")"
expect "api: due for follow-up" 200 "$(get panel "/api/v1/reviews?due=1")"
expect "api: the held one is no longer due" 0 "$(jpy 'len([r for r in d["items"] if r["id"] == '"$RID"'])')"
b=$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/reviews'")
expect "api: reviews refused to staff" 403 "$(get priya /api/v1/reviews)"
expect "api: the refusal is logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/reviews'")"

# PCC response record and the 56-day clock
expect "pcc sees the record" 200 "$(get opcc "/inspections/$INSP/response")"
check_has "deadline shown" "$TMP/body" "2 April 2020"
check_has "overdue flagged" "$TMP/body" "past the 56-day deadline"
get opcc / >/dev/null
check_has "pcc home flags overdue" "$TMP/body" "PCC response records past the 56-day deadline"
expect "publish confirmation page" 200 "$(get opcc "/inspections/$INSP/response/publish")"
check_has "confirmation lists what is missing" "$TMP/body" "cannot be published yet"
expect "confirmation refused to governance" 403 "$(get gov "/inspections/$INSP/response/publish")"
expect "publish needs a statement" 400 "$(post_csrf opcc "/inspections/$INSP/response/publish")"
check_has "statement error" "$TMP/body" "Write the Commissioner"
expect "pcc writes" 303 "$(post_csrf opcc "/inspections/$INSP/response" --data-urlencode "pcc_name=Commissioner Alex Marlowe" --data-urlencode "pcc_statement=I welcome the report.")"
expect "dcc writes the force response" 303 "$(post_csrf deputy "/inspections/$INSP/response" --data-urlencode "force_name=Testshire Police" --data-urlencode "chief_constable=Chief Constable Jordan Ashby" --data-urlencode "cc_response=We accept the findings.")"
expect "governance cannot publish" 403 "$(post_csrf gov "/inspections/$INSP/response/publish")"
expect "pcc publishes" 303 "$(post_csrf opcc "/inspections/$INSP/response/publish")"
get opcc "/inspections/$INSP/response" >/dev/null
check_has "pcc statement kept after force edit" "$TMP/body" "I welcome the report."
get panel "/inspections/$INSP" >/dev/null
check_has "the clock says whose publication it was" "$TMP/body" "(Comments published) — 56 days"
get panel /inspections >/dev/null
check_has "the list's clock too" "$TMP/body" ">Comments published</strong>"

# the record's layout follows the published records (seed 003)
before() { # before NAME FILE FIRST SECOND: FIRST appears before SECOND in FILE
	a=$(grep -bo -- "$3" "$2" | head -1 | cut -d: -f1); b=$(grep -bo -- "$4" "$2" | head -1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] && ok "$1" || fail "$1" "'$3' at ${a:-none}, '$4' at ${b:-none}"
}
expect "an earlier dated update" 303 "$(post_csrf gov "/findings/$FID/updates" --data-urlencode "date=2020-05-01" --data-urlencode "text=EARLIER-UPDATE")"
expect "pcc writes a bulleted statement" 303 "$(post_csrf opcc "/inspections/$INSP/response" --data-urlencode "pcc_name=Commissioner Alex Marlowe" --data-urlencode "pcc_statement=I welcome the report.

- FIRST-POINT
- SECOND-POINT")"
get opcc "/inspections/$INSP/response" >/dev/null
before "layout: version before force" "$TMP/body" ">Version<" ">Force<"
before "layout: chief constable before the title" "$TMP/body" ">Chief Constable<" ">Title of inspection<"
before "layout: summary before the grade" "$TMP/body" "Summary of inspection" ">Grade<"
before "layout: areas for improvement before the statements" "$TMP/body" "Areas for improvement" "Commissioner's statement"
check_has "layout: pillar heading" "$TMP/body" "<h3 class=\"govuk-heading-s govuk-!-margin-bottom-2\">Legitimacy</h3>"
before "all force updates, newest first" "$TMP/body" "Ethics Panel &lt;set up&gt;" "EARLIER-UPDATE"
check_has "bullets kept" "$TMP/body" "<li>FIRST-POINT</li><li>SECOND-POINT</li>"

expect "governance cannot record an outside publication" 403 "$(post_csrf gov "/inspections/$INSP/response/elsewhere" -d published_elsewhere=2020-03-30)"
expect "a record published in Probity is not published elsewhere" 409 "$(post_csrf opcc "/inspections/$INSP/response/elsewhere" -d published_elsewhere=2020-03-30)"

# s.55(5B): an explanation per recommendation before publication
TH=$(sqlite3 "$DB" "select id from inspections where title like 'A national thematic%'")
REC=$(sqlite3 "$DB" "select id from findings where inspection_id = $TH and kind = 'recommendation'")
expect "pcc writes the thematic statement" 303 "$(post_csrf opcc "/inspections/$TH/response" --data-urlencode "pcc_statement=STATEMENT-ONE")"
expect "publish refused without explanations" 400 "$(post_csrf opcc "/inspections/$TH/response/publish")"
check_has "refusal names the recommendation" "$TMP/body" "why none for each recommendation (s.55(5B)): Recommendation 1"
get opcc "/inspections/$TH/response/publish" >/dev/null
check_has "confirmation names the recommendation" "$TMP/body" "Recommendation 1"
expect "governance cannot explain" 403 "$(post_csrf gov "/inspections/$TH/response/explain" -d "finding_id=$REC" -d action=taken --data-urlencode "text=x")"
expect "explain refusal logged" 1 "$(sqlite3 "$DB" "select count(*) from access_log where username = 'gov' and object_type = 'request' and object_id = '/inspections/$TH/response/explain' and outcome = 'refused'")"
expect "proposed action needs a date" 400 "$(post_csrf opcc "/inspections/$TH/response/explain" -d "finding_id=$REC" -d action=proposed --data-urlencode "text=We will set vetting levels")"
check_has "date error shown" "$TMP/body" "Enter the date by which the proposed action will be taken"
expect "pcc explains" 303 "$(post_csrf opcc "/inspections/$TH/response/explain" -d "finding_id=$REC" -d action=proposed -d proposed_date=2020-06-30 --data-urlencode "text=EXPLANATION-ONE")"
get opcc "/inspections/$TH/response/publish" >/dev/null
check_has "confirmation offers version 1" "$TMP/body" "Publish version 1 of the"
expect "pcc publishes version 1" 303 "$(post_csrf opcc "/inspections/$TH/response/publish")"
expect "a force update after version 1" 303 "$(post_csrf gov "/findings/$REC/updates" --data-urlencode "date=2020-07-01" --data-urlencode "text=POST-PUBLICATION-UPDATE")"
expect "pcc changes the statement" 303 "$(post_csrf opcc "/inspections/$TH/response" --data-urlencode "pcc_statement=STATEMENT-TWO")"
get opcc "/inspections/$TH/response" >/dev/null
check_has "draft marked as changed" "$TMP/body" "changes not yet published"
check_has "version history shown" "$TMP/body" "Published versions"
check "publish site with version 1" "$BIN" --db "$DB" publish --out "$TMP/site1"
check_has "site shows version 1 while the change is a draft" "$TMP/site1/inspections/$TH.html" "STATEMENT-ONE"
check_lacks "draft not on the site" "$TMP/site1/inspections/$TH.html" "STATEMENT-TWO"
check_has "site shows the s.55(5B) explanation" "$TMP/site1/inspections/$TH.html" "EXPLANATION-ONE"
check_lacks "version 1 keeps the findings as published" "$TMP/site1/inspections/$TH.html" "POST-PUBLICATION-UPDATE"
expect "republish needs a note" 400 "$(post_csrf opcc "/inspections/$TH/response/publish")"
check_has "note error" "$TMP/body" "Say briefly what changed since version 1"
expect "pcc publishes version 2" 303 "$(post_csrf opcc "/inspections/$TH/response/publish" --data-urlencode "note=NOTE-TWO")"
expect "nothing to republish" 400 "$(post_csrf opcc "/inspections/$TH/response/publish" --data-urlencode "note=again")"
expect "a force update after version 2" 303 "$(post_csrf gov "/findings/$REC/updates" --data-urlencode "date=2020-08-01" --data-urlencode "text=THIRD-UPDATE")"
get opcc "/inspections/$TH/response" >/dev/null
check_has "a new force update is a change to publish" "$TMP/body" "changes not yet published"
expect "versions stored" "1|STATEMENT-ONE 2|STATEMENT-TWO" "$(sqlite3 "$DB" "select version || '|' || pcc_statement from response_versions where inspection_id = $TH order by version" | tr '\n' ' ' | sed 's/ $//')"

# editing an inspection's details
expect "edit form" 200 "$(get gov "/inspections/$INSP/edit")"
check_has "edit form is filled in" "$TMP/body" "PEEL 2018/19: An inspection of Testshire Police"
expect "edit refused to the panel" 403 "$(get panel "/inspections/$INSP/edit")"
expect "invalid edit shown again" 400 "$(post_csrf gov "/inspections/$INSP/edit" --data-urlencode "title=" --data-urlencode "kind=peel" --data-urlencode "published=2020-02-07")"
check_has "edit error" "$TMP/body" "There is a problem"
T0=$(sqlite3 "$DB" "select title, published from inspections where id = $INSP")
expect "edit saved" 303 "$(post_csrf gov "/inspections/$INSP/edit" --data-urlencode "title=PEEL 2018/19: An inspection of Testshire Police" --data-urlencode "kind=peel" --data-urlencode "published=2020-02-07" --data-urlencode "grade=Good" --data-urlencode "summary=Edited summary")"
expect "edit kept the title" "$T0" "$(sqlite3 "$DB" "select title, published from inspections where id = $INSP")"
expect "edit changed the summary" "Edited summary" "$(sqlite3 "$DB" "select summary from inspections where id = $INSP")"

# editing a finding and linking a related one
expect "finding edit form" 200 "$(get gov "/findings/$FID/edit")"
check_has "finding edit form filled in" "$TMP/body" "AFI 1"
expect "finding edit refused to the panel" 403 "$(get panel "/findings/$FID/edit")"
expect "finding edit with a clash shown again" 400 "$(post_csrf gov "/findings/$FID/edit" --data-urlencode "kind=area_for_improvement" --data-urlencode "reference=AFI 2" --data-urlencode "text=x")"
check_has "reference clash explained" "$TMP/body" "already has a finding AFI 2"
expect "finding edit saved" 303 "$(post_csrf gov "/findings/$FID/edit" --data-urlencode "kind=area_for_improvement" --data-urlencode "reference=AFI 1" --data-urlencode "text=Edited finding text" --data-urlencode "pillar=Legitimacy" --data-urlencode "due=2027-03-31")"
expect "finding text changed" "Edited finding text|2027-03-31" "$(sqlite3 "$DB" "select text, due from findings where id = $FID")"
OTHER=$(sqlite3 "$DB" "select min(id) from findings where id <> $FID")
expect "link a related finding" 303 "$(post_csrf gov "/findings/$FID/links" --data-urlencode "related=$OTHER" --data-urlencode "note=Repeats it")"
get gov "/findings/$OTHER" >/dev/null
check_has "link shown on the other finding" "$TMP/body" "AFI 1"
expect "link refused to the panel" 403 "$(post_csrf panel "/findings/$FID/links" --data-urlencode "related=$OTHER")"

# web import
expect "web import page" 200 "$(get gov /findings/import)"
expect "web import bad" 400 "$(post_csrf gov /findings/import --data-urlencode "csv@$F/findings-bad.csv")"
check_has "web import names the line" "$TMP/body" "pasted:3: kind:"

# ---- publish ----
check "publish" "$BIN" --db "$DB" publish --out "$TMP/site"
check_has "publish counts" "$TMP/.out" "published 3 records"
check_has "publish names the stylesheet it copied as Probity's" "$TMP/.out" "with Probity's stylesheet and assets"
check_has "index lists the response record" "$TMP/site/index.html" "PEEL 2018/19: An inspection of Testshire Police"
check_has "the index's introduction covers the other records too" "$TMP/site/index.html" "and the other records listed below"
check_has "index lists the review" "$TMP/site/index.html" "How does the force promote ethical behaviour?"
check_lacks "draft review not published" "$TMP/site/index.html" "DRAFT-REVIEW-TOPIC"
check_has "record page" "$TMP/site/inspections/$INSP.html" "I welcome the report."
check_has "record's dates as people read them" "$TMP/site/inspections/$INSP.html" "Report published</dt><dd class=\"govuk-summary-list__value\">7 February 2020</dd>"
check_lacks "record's dates not ISO" "$TMP/site/inspections/$INSP.html" ">2020-02-07<"
check_has "record has the latest force update" "$TMP/site/inspections/$INSP.html" "Ethics Panel &lt;set up&gt;"
check_lacks "the site shows only the latest update" "$TMP/site/inspections/$INSP.html" "EARLIER-UPDATE"
before "site layout: title before the summary" "$TMP/site/inspections/$INSP.html" "Title of inspection" "Summary of inspection"
check_has "record has the caveat" "$TMP/site/inspections/$INSP.html" "Complete, with work continuing"
check_lacks "no owner name on the site" "$TMP/site/inspections/$INSP.html" "Okafor"
check_lacks "no author name on the site" "$TMP/site/inspections/$INSP.html" "Priya Nair"
check_has "review page" "$TMP/site/reviews/$RID.html" "Analysts track complaint trends"
check_has "review page lists the findings examined" "$TMP/site/reviews/$RID.html" ": AFI 1 ("
check_has "findings csv" "$TMP/site/findings.csv" "inspection,published,kind,reference,pillar,text,status"
check_has "csv has the status" "$TMP/site/findings.csv" "signed_off"
check_lacks "csv has no unpublished findings" "$TMP/site0/findings.csv" "Chief constables should set a vetting level"
check_lacks "csv has no names" "$TMP/site/findings.csv" "Okafor"
if grep -rl "Nair\|Okafor\|Fletcher" "$TMP/site" >/dev/null 2>&1; then fail "no staff names anywhere on the site"; else ok "no staff names anywhere on the site"; fi
check_has "current version on the site" "$TMP/site/inspections/$TH.html" "STATEMENT-TWO"
check_has "current version numbered" "$TMP/site/inspections/$TH.html" "Version 2, published"
check_has "earlier version linked" "$TMP/site/inspections/$TH.html" "href=\"$TH/v1.html\""
check_has "earlier version kept at its address" "$TMP/site/inspections/$TH/v1.html" "STATEMENT-ONE"
check_lacks "earlier version unchanged" "$TMP/site/inspections/$TH/v1.html" "STATEMENT-TWO"
check_has "version 2 has the later force update" "$TMP/site/inspections/$TH.html" "POST-PUBLICATION-UPDATE"
check_lacks "version 1's findings unchanged" "$TMP/site/inspections/$TH/v1.html" "POST-PUBLICATION-UPDATE"
check_has "the change note is public" "$TMP/site/inspections/$TH.html" "NOTE-TWO"

# a published review changed: a draft until published again as version 2
expect "panel asks after publication" 303 "$(post_csrf panel "/reviews/$RID/questions" --data-urlencode "question=UNANSWERED-Q")"
get panel "/reviews/$RID" >/dev/null
check_has "review marked changed" "$TMP/body" "changes not yet published"
expect "review confirmation" 200 "$(get panel "/reviews/$RID/publish")"
check_has "confirmation lists the unanswered question" "$TMP/body" "Question 2: UNANSWERED-Q"
expect "review republish needs a note" 400 "$(post_csrf panel "/reviews/$RID/publish")"
expect "review version 2" 303 "$(post_csrf panel "/reviews/$RID/publish" --data-urlencode "note=REVIEW-NOTE-TWO")"
check "publish the site again" "$BIN" --db "$DB" publish --out "$TMP/site2"
check_has "review version 2 on the site" "$TMP/site2/reviews/$RID.html" "UNANSWERED-Q"
check_has "review change note" "$TMP/site2/reviews/$RID.html" "REVIEW-NOTE-TWO"
check_lacks "review version 1 unchanged" "$TMP/site2/reviews/$RID/v1.html" "UNANSWERED-Q"
check_has "review version 1 kept" "$TMP/site2/reviews/$RID/v1.html" "Analysts track complaint trends"
check "access log intact" "$BIN" --db "$DB" verify-log
finish
