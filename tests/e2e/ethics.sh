#!/bin/sh
# End-to-end over HTTP and the CLI: the ethics panel (M10). Every route
# allowed and refused by role, refusals in the access log; a dilemma asked
# with a name in confidence (check your answers, reference, a repost makes
# no second one) and one asked anonymously (receipt, no cookie, nothing
# identifying kept: tests/anon_search.py, as for the reporting line); the
# panel never sees who asked in confidence (the chair does); a member who
# raised a dilemma or declared a conflict cannot open it; only the chair
# triages; the agenda cap; no advice without a quorum; the asker reads the
# advice in "my dilemmas" or with the receipt; the force's response; a case
# study published, read and answered; the open part of minutes only for
# the workforce; membership and tenure; the measures against hand-worked
# values, with disclosure control, on the web and from the CLI.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../registers_lib.sh"
for u in chloe ian pam pete; do
	"$BIN" --db "$DB" user add $u --password-file "$TMP/pw" >/dev/null
done
"$BIN" --db "$DB" user add sue --password-file "$TMP/pw" --role scrutiny >/dev/null
"$BIN" --db "$DB" user add gina --password-file "$TMP/pw" --role governance >/dev/null
expect "cli: chair added" 0 "$("$BIN" --db "$DB" ethics member chloe --from 2020-01-01 --independent --chair >/dev/null; echo $?)"
"$BIN" --db "$DB" ethics member ian --from 2016-03-01 --independent >/dev/null   # maximum tenure near its end
"$BIN" --db "$DB" ethics member pam --from 2022-01-01 >/dev/null
"$BIN" --db "$DB" ethics member pete --from 2022-01-01 >/dev/null
"$BIN" --db "$DB" ethics member tom --from 2022-01-01 >/dev/null                  # a member who asks too
"$BIN" --db "$DB" ethics member aisha --from 2022-01-01 >/dev/null
expect "cli: bad term refused" 1 "$("$BIN" --db "$DB" ethics member pam --from 2022-13-01 2>/dev/null; echo $?)"
check_has "cli: help" "$("$BIN" ethics --help >"$TMP/h"; echo "$TMP/h")" "ethics measures --from"
start_server "$DB"
for u in chloe ian pam pete tom aisha megan vera adam sue gina; do expect "$u login" 303 "$(login $u)"; done
logged() { q "select count(*) from access_log where outcome = '$1' and action = '$2' and object_type like 'ethics%'"; }
nref() { q "select count(*) from access_log where outcome = 'refused' and object_type like 'ethics%'"; }

# ---- every page route by role ----
for r in /ethics /ethics/ask /ethics/mine /ethics/cases /ethics/meetings; do
	for u in megan vera sue chloe; do expect "$u: $r" 200 "$(get $u $r)"; done
done
b=$(q "select count(*) from access_log where outcome = 'refused'")
for r in /ethics/panel /ethics/members /ethics/measures /ethics/measures.csv /ethics/force; do
	expect "panel: $r" 200 "$(get pam $r)"
	for u in megan vera; do expect "$u refused $r" 403 "$(get $u $r)"; done
done
expect "scrutiny: measures" 200 "$(get sue /ethics/measures)"
expect "scrutiny refused the dilemmas" 403 "$(get sue /ethics/panel)"
expect "governance: advice to the force" 200 "$(get gina /ethics/force)"
expect "governance refused the dilemmas" 403 "$(get gina /ethics/panel)"
expect "admin: members" 200 "$(get adam /ethics/members)"
expect "admin refused the dilemmas" 403 "$(get adam /ethics/panel)"
expect "refusals logged" "$((b + 13))" "$(q "select count(*) from access_log where outcome = 'refused'")"
check_has "the navigation offers the panel to everyone" "$TMP/body" 'href="/ethics"'
get vera / >/dev/null
check_has "the home page card" "$TMP/body" "Ask the ethics panel"
get pam /ethics/members >/dev/null
check_has "tenure warning for the member of 2016" "$TMP/body" "Maximum tenure near or passed"

# ---- asking with a name, in confidence ----
expect "nothing chosen: 400" 400 "$(post_csrf tom /ethics/ask --data-urlencode "step=check")"
check_has "situation asked for" "$TMP/body" "Describe the situation you want advice on"
check_has "principle asked for" "$TMP/body" "Select at least one principle"
check_has "urgency asked for" "$TMP/body" "Select how soon you need an answer"
check_has "error summary" "$TMP/body" "There is a problem"
check_has "character count" "$TMP/body" "govuk-character-count"
KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ask() { # STEP
	post_csrf tom /ethics/ask --data-urlencode "step=$1" --data-urlencode "submit_key=$KEY" \
		--data-urlencode "situation=My sergeant asked me to leave a colleague's lateness off the duty record." \
		--data-urlencode "principles=courage" --data-urlencode "principles=public_service" \
		--data-urlencode "urgency=routine" --data-urlencode "mode=confidential"
}
expect "check your answers" 200 "$(ask check)"
check_has "answers shown" "$TMP/body" "Check your answers before asking the panel"
expect "nothing stored before sending" 0 "$(q "select count(*) from ethics_dilemmas")"
expect "sent" 200 "$(ask send)"
check_has "confirmation panel with reference" "$TMP/body" "<strong>ETH000001</strong>"
expect "a repost makes no second dilemma" 200 "$(ask send)"
expect "one stored" 1 "$(q "select count(*) from ethics_dilemmas")"
expect "two principles" 2 "$(q "select count(*) from ethics_dilemma_principles where dilemma_id = 1")"
expect "raised by tom, confidential" "confidential" "$(q "select mode from ethics_dilemmas d join accounts a on a.id = d.raiser_id where a.username = 'tom'")"
expect "anonymous refused on the named route" 400 "$(post_csrf megan /ethics/ask --data-urlencode "step=check" \
	--data-urlencode "situation=x" --data-urlencode "principles=courage" --data-urlencode "urgency=routine" \
	--data-urlencode "mode=anonymous")"
check_has "pointed to the anonymous route" "$TMP/body" "use the anonymous route"

# ---- asking anonymously: nothing identifying kept ----
ADDR=127.0.0.79
UA="ZqEthicsProbe/9.9 (distinctive-agent-eth41)"
c() { curl -s --interface $ADDR -A "$UA" "$@"; }
before=$(q "select count(*) from access_log")
sleep 1
T0=$(date -u +%s)
c -D "$TMP/ah1" -o "$TMP/aform" "$URL/ethics/anonymous"
FT=$(sed -n 's/.*name="ftok" value="\([^"]*\)".*/\1/p' "$TMP/aform" | head -1)
c -D "$TMP/ah2" -o "$TMP/acheck" --data-urlencode "ftok=$FT" --data-urlencode "step=check" \
	--data-urlencode "situation=I was offered free gym membership by a supplier to my team." \
	--data-urlencode "principles=respect" --data-urlencode "urgency=quick" "$URL/ethics/anonymous"
c -D "$TMP/ah3" -o "$TMP/asent" --data-urlencode "ftok=$FT" --data-urlencode "step=send" \
	--data-urlencode "situation=I was offered free gym membership by a supplier to my team." \
	--data-urlencode "principles=respect" --data-urlencode "urgency=quick" "$URL/ethics/anonymous"
RECEIPT=$(sed -n 's/.*probity-receipt">\([0-9 ]*\)<.*/\1/p' "$TMP/asent")
T1=$(date -u +%s)
sleep 1 # nothing signed in happens in the seconds searched for
check_has "anonymous: check your answers" "$TMP/acheck" "Nobody: anonymous"
[ -n "$RECEIPT" ] && ok "anonymous: receipt shown" || fail "anonymous: receipt shown" "$(head -c 300 "$TMP/asent")"
check_lacks "anonymous: no cookie on the form" "$TMP/ah1" "Set-Cookie"
check_lacks "anonymous: no cookie on sending" "$TMP/ah3" "Set-Cookie"
expect "anonymous: no access-log row" "$before" "$(q "select count(*) from access_log")"
expect "anonymous: stored without an account" "anonymous||quick" "$(q "select mode, raiser_id, urgency from ethics_dilemmas where id = 2")"
expect "anonymous: without the form token refused" 403 "$(req --data-urlencode "step=send" --data-urlencode "situation=x" \
	--data-urlencode "principles=courage" --data-urlencode "urgency=routine" "$URL/ethics/anonymous")"

# ---- the panel: who sees what ----
expect "panel list" 200 "$(get pam /ethics/panel)"
check_has "both listed" "$TMP/body" "ETH000002"
expect "member opens the confidential dilemma" 200 "$(get pam /ethics/panel/1)"
check_has "the panel sees it is confidential" "$TMP/body" "Confidential: known to the chair"
check_lacks "the panel does not see the name" "$TMP/body" "Tom "
expect "the chair opens it" 200 "$(get chloe /ethics/panel/1)"
check_has "the chair sees the name" "$TMP/body" "$(q "select forenames || ' ' || surname from people where staff_number = '1002'")"
expect "the raiser, a panel member, cannot open his own dilemma" 403 "$(get tom /ethics/panel/1)"
expect "logged as a conflict" 1 "$(q "select count(*) from access_log where object_type = 'ethics_dilemma' and outcome = 'refused' and detail = 'conflict: raiser'")"
get tom /ethics/panel >/dev/null
check_lacks "his own dilemma is not in his panel list" "$TMP/body" "ETH000001"
expect "aisha declares a conflict" 303 "$(post_csrf aisha /ethics/panel/2/conflict)"
expect "then cannot open the item" 403 "$(get aisha /ethics/panel/2)"
get aisha /ethics/panel >/dev/null
check_has "listed as conflicted, not linked" "$TMP/body" "ETH000002 (you declared a conflict)"
expect "conflicted: cannot advise" 403 "$(post_csrf aisha /ethics/panel/2/advice --data-urlencode "advice=x" --data-urlencode "feedback_due=2099-01-01")"
expect "workforce refused the item" 403 "$(get megan /ethics/panel/1)"

# ---- the panel's register: CSV/XLSX and JSON, need-to-know as the panel list ----
S1=$(q "select substr(situation, 1, 20) from ethics_dilemmas where id = 1")
expect "register as CSV" 200 "$(get pam /ethics/panel.csv "$TMP/reg.csv")"
check_has "its header" "$TMP/reg.csv" "reference,raised_on,mode,urgency,status"
check_has "both dilemmas" "$TMP/reg.csv" "ETH000002"
check_lacks "no words of a dilemma" "$TMP/reg.csv" "$S1"
check_lacks "no name" "$TMP/reg.csv" "Tom"
expect "register as XLSX" 200 "$(get pam /ethics/panel.xlsx "$TMP/reg.xlsx")"
expect "an XLSX file" "PK" "$(head -c 2 "$TMP/reg.xlsx")"
expect "the export is logged" 2 "$(q "select count(*) from access_log where action = 'export' and object_type = 'ethics_register' and outcome = 'ok'")"
get tom /ethics/panel.csv "$TMP/reg-tom.csv" >/dev/null
check_lacks "the raiser's own is not in his export" "$TMP/reg-tom.csv" "ETH000001"
expect "JSON list" 200 "$(get aisha /api/ethics/dilemmas)"
check_lacks "a conflicted item is not in her list" "$TMP/body" "ETH000002"
check_has "the other is" "$TMP/body" '"reference":"ETH000001"'
expect "a conflicted item refused as JSON" 403 "$(get aisha /api/ethics/dilemmas/2)"
expect "JSON item" 200 "$(get pam /api/ethics/dilemmas/1)"
check_has "with its status" "$TMP/body" '"status":"received"'
expect "the workforce refused the export" 403 "$(get megan /ethics/panel.csv)"
expect "the workforce refused the JSON" 403 "$(get megan /api/ethics/dilemmas)"

# ---- triage and meetings ----
TODAY=$(date -u +%F)
expect "a member cannot add a meeting" 403 "$(post_csrf pam /ethics/meetings --data-urlencode "held_on=$TODAY")"
expect "the chair adds a meeting" 303 "$(post_csrf chloe /ethics/meetings --data-urlencode "held_on=$TODAY")"
M=$(q "select id from ethics_meetings")
expect "the chair adds another" 303 "$(post_csrf chloe /ethics/meetings --data-urlencode "held_on=2099-03-01")"
M2=$(q "select max(id) from ethics_meetings")
expect "a member cannot triage" 403 "$(post_csrf pam /ethics/panel/1/triage --data-urlencode "action=schedule" --data-urlencode "meeting_id=$M")"
expect "redirect without a reason refused" 400 "$(post_csrf chloe /ethics/panel/1/triage --data-urlencode "action=redirect")"
check_has "reason asked" "$TMP/body" "Give the reason the person who asked will read"
q "insert into config(key, value) values ('ethics.agenda_max', '1')"
expect "scheduled" 303 "$(post_csrf chloe /ethics/panel/1/triage --data-urlencode "action=schedule" --data-urlencode "meeting_id=$M")"
expect "a full agenda refused" 400 "$(post_csrf chloe /ethics/panel/2/triage --data-urlencode "action=schedule" --data-urlencode "meeting_id=$M")"
check_has "agenda cap named" "$TMP/body" "agenda is full"
q "delete from config where key = 'ethics.agenda_max'"
expect "quick-time" 303 "$(post_csrf chloe /ethics/panel/2/triage --data-urlencode "action=quick")"
get tom /ethics/mine/1 >/dev/null
check_has "the raiser sees it scheduled with the date" "$TMP/body" "Scheduled for the meeting on"
get tom / >/dev/null
check_has "and on his home page" "$TMP/body" "Your questions to the ethics panel"

# ---- advice needs a quorum ----
advise() { # USER ID
	post_csrf $1 /ethics/panel/$2/advice --data-urlencode "advice=Record the lateness as it happened; raise it with the inspector." \
		--data-urlencode "feedback_due=2099-01-31" --data-urlencode "force_advice=Remind sergeants that duty records are evidence."
}
expect "no advice without a quorum" 400 "$(advise pam 1)"
check_has "quorum named" "$TMP/body" "not quorate"
member() { q "select m.id from ethics_members m join accounts a on a.id = m.account_id where a.username = '$1'"; }
expect "a member cannot record attendance" 403 "$(post_csrf pam /ethics/meetings/$M/attendance --data-urlencode "member=$(member pam)")"
expect "four present" 303 "$(post_csrf chloe /ethics/meetings/$M/attendance --data-urlencode "member=$(member chloe)" \
	--data-urlencode "member=$(member pam)" --data-urlencode "member=$(member pete)" --data-urlencode "member=$(member tom)")"
expect "still not quorate (4, 1 independent)" 400 "$(advise pam 1)"
expect "five present, two independent" 303 "$(post_csrf chloe /ethics/meetings/$M/attendance --data-urlencode "member=$(member chloe)" \
	--data-urlencode "member=$(member ian)" --data-urlencode "member=$(member pam)" --data-urlencode "member=$(member pete)" \
	--data-urlencode "member=$(member tom)")"
get pam /ethics/meetings/$M >/dev/null
check_has "quorum shown" "$TMP/body" "Quorate"
expect "the raiser cannot advise on his own" 403 "$(advise tom 1)"
expect "logged as separation of duties" 1 "$(q "select count(*) from access_log where object_type = 'ethics_dilemma' and action = 'advise' and outcome = 'refused' and detail like 'separation of duties%'")"
expect "quick-time advice is the chair's" 403 "$(advise pam 2)"
expect "advice without a date refused" 400 "$(post_csrf pam /ethics/panel/1/advice --data-urlencode "advice=x")"
expect "advice given" 303 "$(advise pam 1)"
expect "quick-time advice by the chair" 303 "$(post_csrf chloe /ethics/panel/2/advice --data-urlencode "advice=Decline the membership politely and declare the offer." \
	--data-urlencode "feedback_due=2099-01-31")"
expect "the panel asks the anonymous raiser" 303 "$(post_csrf chloe /ethics/panel/2/ask --data-urlencode "text=Was the offer made to the whole team?")"

# ---- the asker reads the advice ----
expect "my dilemma" 200 "$(get tom /ethics/mine/1)"
check_has "the advice, to the raiser" "$TMP/body" "Record the lateness as it happened"
check_has "with its date" "$TMP/body" "Advice due back by"
expect "another's dilemma is not found" 404 "$(get megan /ethics/mine/1)"
expect "not the raiser: logged" 1 "$(q "select count(*) from access_log where object_type = 'ethics_dilemma' and outcome = 'refused' and detail = 'not the raiser'")"
expect "the raiser answers" 303 "$(post_csrf tom /ethics/mine/1/reply --data-urlencode "text=Thank you.")"
before=$(q "select count(*) from access_log")
sleep 1
T2=$(date -u +%s)
FT=$(c "$URL/ethics/anonymous/reply" | sed -n 's/.*name="ftok" value="\([^"]*\)".*/\1/p' | head -1)
c -o "$TMP/athread" --data-urlencode "ftok=$FT" --data-urlencode "receipt=$RECEIPT" "$URL/ethics/anonymous/reply"
check_has "the receipt opens the advice" "$TMP/athread" "Decline the membership politely"
check_has "and the panel's question" "$TMP/athread" "Was the offer made to the whole team?"
c -o "$TMP/areply" --data-urlencode "ftok=$FT" --data-urlencode "receipt=$RECEIPT" --data-urlencode "text=Yes, to all six of us." \
	"$URL/ethics/anonymous/reply/send"
check_has "the anonymous raiser answers" "$TMP/areply" "Your answer has been sent to the panel"
c -o "$TMP/abad" --data-urlencode "ftok=$FT" --data-urlencode "receipt=1111 2222 3333 4444 5555 6666 7777" "$URL/ethics/anonymous/reply"
check_has "a wrong receipt opens nothing" "$TMP/abad" "No dilemma has this receipt"
T3=$(date -u +%s)
sleep 1
expect "reading and answering with the receipt: no access-log row" "$before" "$(q "select count(*) from access_log")"

# ---- the force's response ----
expect "the panel cannot record the force's response" 403 "$(post_csrf pam /ethics/force/1 --data-urlencode "response=accepted")"
expect "partly without reasons refused" 400 "$(post_csrf gina /ethics/force/1 --data-urlencode "response=partly")"
expect "governance records it" 303 "$(post_csrf gina /ethics/force/1 --data-urlencode "response=accepted" \
	--data-urlencode "change=Duty record guidance reissued" --data-urlencode "done_on=$TODAY")"
expect "response stored" "accepted|$TODAY" "$(q "select force_response, force_done_on from ethics_dilemmas where id = 1")"
expect "the advice to the force is tracked as a finding" "open|Ethics panel: advice to the force" "$(q "select f.status, i.title from ethics_dilemmas d join findings f on f.id = d.force_finding_id join inspections i on i.id = f.inspection_id where d.id = 1")"

# ---- case studies ----
expect "a member cannot publish" 403 "$(post_csrf pam /ethics/panel/1/publish --data-urlencode "title=t" --data-urlencode "case_situation=s")"
expect "published by the chair" 303 "$(post_csrf chloe /ethics/panel/1/publish --data-urlencode "title=The missing lateness" \
	--data-urlencode "case_situation=A supervisor asks an officer to leave a colleague's lateness off a record." \
	--data-urlencode "include_advice=yes")"
expect "the workforce reads it" 200 "$(get megan /ethics/cases/1)"
check_has "its advice" "$TMP/body" "Record the lateness as it happened"
check_lacks "not the asker's own words" "$TMP/body" "My sergeant asked me"
expect "listed" 200 "$(get vera /ethics/cases)"
check_has "the list" "$TMP/body" "The missing lateness"
expect "did this help: yes" 303 "$(post_csrf megan /ethics/cases/1/helped --data-urlencode "helped=yes")"
expect "did this help: only yes or no" 400 "$(post_csrf megan /ethics/cases/1/helped --data-urlencode "helped=maybe")"
expect "kept without who answered" "1|1" "$(q "select count(*), sum(helped) from ethics_case_responses")"
expect "the read counted" 1 "$(q "select reads from ethics_cases")"
expect "a member cannot put it on the public site" 403 "$(post_csrf pam /ethics/cases/1/public --data-urlencode "public=1")"
pubsite() { "$BIN" --db "$DB" publish --out "$TMP/site" >/dev/null 2>&1; }
check "publish, internal only" pubsite
check_lacks "an internal case study is not on the public site" "$TMP/site/ethics/index.html" "The missing lateness"
expect "public: only 1 or 0" 400 "$(post_csrf chloe /ethics/cases/1/public --data-urlencode "public=yes")"
expect "the chair puts it on the public site" 303 "$(post_csrf chloe /ethics/cases/1/public --data-urlencode "public=1")"
expect "logged" 1 "$(q "select count(*) from access_log where action = 'publish' and object_type = 'ethics_case' and outcome = 'ok'")"
check "publish" pubsite
check_has "on the public site" "$TMP/site/ethics/index.html" "The missing lateness"
check_has "with the advice included" "$TMP/site/ethics/index.html" "Record the lateness as it happened"
check_lacks "never the asker's own words" "$TMP/site/ethics/index.html" "My sergeant asked me"
check_has "the site's index links it" "$TMP/site/index.html" "ethics/index.html"

# ---- minutes: the open part for everyone, the closed part for the panel ----
expect "a member cannot write the minutes" 403 "$(post_csrf pam /ethics/meetings/$M/minutes --data-urlencode "open_minutes=x")"
expect "the chair writes the minutes" 303 "$(post_csrf chloe /ethics/meetings/$M/minutes \
	--data-urlencode "open_minutes=The panel discussed honesty in duty records." \
	--data-urlencode "closed_minutes=Closed: the sergeant's team was named in discussion.")"
expect "action logged" 303 "$(post_csrf chloe /ethics/meetings/$M/actions --data-urlencode "action_text=Write to the Chief Inspector" \
	--data-urlencode "owner=Chair" --data-urlencode "due_on=2099-02-01")"
expect "the workforce reads the meeting" 200 "$(get megan /ethics/meetings/$M)"
check_has "the open part" "$TMP/body" "honesty in duty records"
check_lacks "not the closed part" "$TMP/body" "sergeant's team was named"
check_lacks "nor the agenda" "$TMP/body" "ETH000001"
expect "the panel reads it all" 200 "$(get pam /ethics/meetings/$M)"
check_has "the closed part" "$TMP/body" "team was named in discussion"
check_has "the agenda" "$TMP/body" "ETH000001"
check_has "the numbered action" "$TMP/body" "Write to the Chief Inspector"

# ---- measures against hand-worked values ----
# dilemma 1 asked 10 days before its advice, dilemma 2 4 days before: median 7.0, p90 (nearest rank) 10
q "update ethics_dilemmas set raised_on = '2026-01-05', advised_on = '2026-01-15' where id = 1"
q "update ethics_dilemmas set raised_on = '2026-02-10', advised_on = '2026-02-14' where id = 2"
"$BIN" --db "$DB" ethics measures --from 2026-01-01 --to 2026-03-31 -o "$TMP/m.csv"
check_has "CSV header" "$TMP/m.csv" "measure,group,value"
check_has "k=10: the count of dilemmas is withheld" "$TMP/m.csv" "raised,all,"
check_lacks "k=10: no median from two" "$TMP/m.csv" "days_to_advice_median,all,7"
q "insert into config(key, value) values ('disclosure.k', '1')"
"$BIN" --db "$DB" ethics measures --from 2026-01-01 --to 2026-03-31 -o "$TMP/m.csv"
check_has "raised" "$TMP/m.csv" "raised,all,2"
check_has "raised by quarter and mode" "$TMP/m.csv" "raised,2026-Q1 anonymous,1"
check_has "median days to advice" "$TMP/m.csv" "days_to_advice_median,all,7.0"
check_has "90th percentile" "$TMP/m.csv" "days_to_advice_p90,all,10"
check_has "quick-time separately" "$TMP/m.csv" "days_to_advice_median,quick-time,4"
check_has "answered" "$TMP/m.csv" "answer_returned_pct,all,100.0"
check_has "themes" "$TMP/m.csv" "theme,2026-Q1 Courage,1"
check_has "advice to the force accepted" "$TMP/m.csv" "force_advice,accepted,1"
expect "measures on the web" 200 "$(get sue "/ethics/measures?from=2026-01-01&to=2026-03-31")"
check_has "a chart" "$TMP/body" "<svg class=\"probity-chart\""
check_has "with its table" "$TMP/body" "Days from asking to advice (median)"
expect "the same CSV on the web" 200 "$(get pam "/ethics/measures.csv?from=2026-01-01&to=2026-03-31" "$TMP/w.csv")"
check "web and CLI CSV agree" cmp "$TMP/m.csv" "$TMP/w.csv"
expect "measures read logged" 1 "$(q "select count(*) from access_log where object_type = 'ethics_measure' and detail = 'from=2026-01-01 to=2026-03-31' and account_id = (select id from accounts where username = 'sue')")"

# ---- a corruption concern to the counter-corruption unit ----
expect "no consent yet: the chair is refused" 409 "$(post_csrf chloe /ethics/panel/1/acu --data-urlencode "sanitised=A supplier offers officers cash")"
expect "nobody consents for the raiser" 404 "$(post_csrf pam /ethics/mine/1/acu-consent)"
expect "the raiser consents" 303 "$(post_csrf tom /ethics/mine/1/acu-consent)"
expect "consent logged" 1 "$(q "select count(*) from access_log where action = 'consent' and outcome = 'ok'")"
expect "a member cannot pass it" 403 "$(post_csrf pam /ethics/panel/1/acu --data-urlencode "sanitised=x")"
expect "nothing sanitised: 400" 400 "$(post_csrf chloe /ethics/panel/1/acu --data-urlencode "sanitised=")"
expect "the chair passes it" 303 "$(post_csrf chloe /ethics/panel/1/acu --data-urlencode "sanitised=A supplier offers officers cash")"
expect "an intelligence item, named, with no owner" "named||A supplier offers officers cash" "$(q "select source_type, coalesce(cast(owner_id as text), ''), sanitised_text from intel_items where id = (select intel_item_id from ethics_dilemmas where id = 1)")"
get tom /ethics/mine/1 >/dev/null
check_has "the raiser is told" "$TMP/body" "passed your concern to the counter-corruption unit"
expect "once only" 409 "$(post_csrf chloe /ethics/panel/1/acu --data-urlencode "sanitised=again")"
S2=$(q "select situation from ethics_dilemmas where id = 2")
expect "anonymous: passed as a sanitised report, no consent asked" 303 "$(post_csrf chloe /ethics/panel/2/acu --data-urlencode "sanitised=A cash concern, sanitised")"
expect "anonymous: the sanitised report alone" "anonymous|A cash concern, sanitised" "$(q "select source_type, original_text from intel_items where id = (select intel_item_id from ethics_dilemmas where id = 2)")"
expect "anonymous: none of the raiser's words" 0 "$(q "select count(*) from intel_items where original_text = '$(printf '%s' "$S2" | sed "s/'/''/g")'")"

# ---- the lists as JSON (docs/API.md): my dilemmas, the panel's queue, the
# advice to the force, case studies; same rules and access log as the pages ----
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
apilist() { q "select count(*) from access_log where action = 'list' and outcome = 'ok' and object_type = '$1' and object_id = '$2' and username = '$3'"; }
apiref() { q "select count(*) from access_log where outcome = 'refused' and object_type = 'request' and object_id = '$1' and username = '$2'"; }
n0=$(apilist ethics_dilemma mine tom)
expect "api: my dilemmas" 200 "$(get tom /api/v1/ethics/mine)"
expect "api: my dilemmas are his own, asked in confidence" "['ETH000001'] confidential" "$(jpy '[i["reference"] for i in d["items"]], d["items"][0]["mode"]')"
expect "api: my dilemmas logged as the page's list" "$((n0 + 1))" "$(apilist ethics_dilemma mine tom)"
expect "api: another's dilemmas are not in her list" 200 "$(get megan /api/v1/ethics/mine)"
expect "api: megan has none" 0 "$(jpy 'd["total"]')"
expect "api: the panel's queue (member)" 200 "$(get pam /api/v1/ethics/panel)"
expect "api: both dilemmas, neither conflicted" "ETH000001 False ETH000002 False" "$(jpy '" ".join("%s %s" % (i["reference"], i["conflicted"]) for i in sorted(d["items"], key=lambda i: i["id"]))')"
expect "api: the queue logged as the page's list" 1 "$(apilist ethics_dilemma panel pam | awk '{print ($1 > 0)}')"
expect "api: the queue (conflicted member)" 200 "$(get aisha /api/v1/ethics/panel)"
expect "api: her conflicted item listed without its principles" "True None" "$(jpy '[(i["conflicted"], i["principles"]) for i in d["items"] if i["reference"] == "ETH000002"][0]' | tr -d "(),'")"
expect "api: the queue (the raiser, a member)" 200 "$(get tom /api/v1/ethics/panel)"
check_lacks "api: his own dilemma is not in his queue" "$TMP/body" "ETH000001"
expect "api: status filter" 200 "$(get pam "/api/v1/ethics/panel?status=advised")"
expect "api: only advised" "True" "$(jpy 'd["total"] >= 1 and all(i["status"] == "advised" for i in d["items"])')"
for u in megan gina sue vera; do
	expect "api: $u refused the queue" 403 "$(get $u /api/v1/ethics/panel)"
	expect "api: $u's refusal logged" 1 "$(apiref /api/ethics/panel $u)"
done
for u in gina pam; do
	expect "api: advice to the force ($u)" 200 "$(get $u /api/v1/ethics/force)"
	expect "api: the force's response ($u)" "ETH000001 accepted $TODAY" "$(jpy '" ".join((d["items"][0]["reference"], d["items"][0]["response"], d["items"][0]["done_on"]))')"
	expect "api: advice to the force logged ($u)" 1 "$(apilist ethics_force_advice all $u | awk '{print ($1 > 0)}')"
done
check_lacks "api: advice to the force carries no situation" "$TMP/body" "My sergeant asked me"
for u in megan vera; do
	expect "api: $u refused the advice to the force" 403 "$(get $u /api/v1/ethics/force)"
	expect "api: $u's refusal logged" 1 "$(apiref /api/ethics/force $u)"
done
for u in megan vera sue; do
	expect "api: case studies ($u)" 200 "$(get $u /api/v1/ethics/cases)"
	expect "api: the published case study ($u)" "The missing lateness" "$(jpy 'd["items"][0]["title"]')"
	expect "api: case studies logged ($u)" 1 "$(apilist ethics_case all $u | awk '{print ($1 > 0)}')"
done
expect "api: case studies need an account" 401 "$(curl -s -o "$TMP/body" -w "%{http_code}" "$URL/api/v1/ethics/cases")"
expect "api: case studies changed since tomorrow" 200 "$(get megan "/api/v1/ethics/cases?changed_since=2099-01-01")"
expect "api: none" "0 []" "$(jpy 'd["total"], d["items"]' | tr -d '(),')"
expect "api: per_page over the maximum" 400 "$(get megan "/api/v1/ethics/cases?per_page=501")"
expect "api: meetings (the workforce)" 200 "$(get megan /api/v1/ethics/meetings)"
expect "api: meetings without attendance or quorum for the workforce" "2 True" "$(jpy 'd["total"], all(m["present"] is None and m["quorum_met"] is None for m in d["items"])' | tr -d '(),')"
expect "api: meetings (the panel)" 200 "$(get pam /api/v1/ethics/meetings)"
expect "api: the quorate meeting, for the panel" "5 True" "$(jpy '[(m["present"], m["quorum_met"]) for m in d["items"] if m["id"] == '"$M"'][0]' | tr -d '(),')"
expect "api: meetings logged like the page" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where username = 'pam' and action = 'list' and object_type = 'ethics_meeting' and object_id = 'panel'")"
for u in pam adam; do
	expect "api: members ($u)" 200 "$(get $u /api/v1/ethics/members)"
	expect "api: the chair and the tenure warning ($u)" "chloe-chair ian-warned" "$(jpy '" ".join(sorted([m["name"].split()[0].lower() + "-chair" for m in d["items"] if m["chair"]] + [m["name"].split()[0].lower() + "-warned" for m in d["items"] if m["tenure_warning"]]))')"
	expect "api: members logged ($u)" 1 "$(apilist ethics_member all $u | awk '{print ($1 > 0)}')"
done
for u in megan vera sue; do
	expect "api: $u refused the members" 403 "$(get $u /api/v1/ethics/members)"
	expect "api: $u's refusal logged" 1 "$(apiref /api/ethics/members $u)"
done

# ---- anonymity: nothing identifying anywhere ----
check "anonymous, asking: nothing identifying in the tables, database, WAL or server log" \
	python3 "$ROOT/tests/anon_search.py" "$DB" "$ADDR" "$UA" "$RECEIPT" "$T0" "$T1" "$DB" "$DB-wal" "$DB-shm" "$TMP/serve.log"
cat "$TMP/.out"
check "anonymous, reading and answering: nothing identifying" \
	python3 "$ROOT/tests/anon_search.py" "$DB" "$ADDR" "$UA" "$RECEIPT" "$T2" "$T3" "$DB" "$DB-wal" "$DB-shm" "$TMP/serve.log"
check_fails "the search does find a signed-in visitor's address" \
	python3 "$ROOT/tests/anon_search.py" "$DB" 127.0.0.1 "$UA" "$RECEIPT" "$T0" "$T0" "$TMP/serve.log"
check_lacks "no sanitizer report" "$TMP/serve.log" "runtime error"
finish
