#!/bin/sh
# End-to-end over HTTP: the Annual Integrity Review — opening a round (web
# and CLI, admin only), waves by month and by unit, the person's pre-filled
# return (validation, submission), the line manager's view (never the
# associations), sign-off, the records updated and the clearance checked
# (a vetting task raised), tracking by wave and unit, overdue lists, and the
# home-page reminders. Today is fixed at 2026-06-15.
. "$(dirname "$0")/../lib.sh"
export PROBITY_TODAY=2026-06-15
. "$(dirname "$0")/../registers_lib.sh"

check "air --help" "$BIN" --db "$DB" air --help
check_fails "air open needs --year" "$BIN" --db "$DB" air open --waves-by unit
check "air open by unit (CLI)" "$BIN" --db "$DB" air open --year 2027 --waves-by unit
check_fails "a second round for the year is refused" "$BIN" --db "$DB" air open --year 2027 --waves-by month
"$BIN" --db "$DB" air status --year 2027 >"$TMP/status.txt"
check_has "air status prints waves" "$TMP/status.txt" "wave	label	opens	due	people"
expect "every current person has a 2027 return" 5 "$(q "select count(*) from air_returns t join air_rounds r on r.id = t.round_id where r.year = 2027")"
q "update air_rounds set status = 'closed' where year = 2027"

start_server "$DB"
for u in priya tom aisha megan vera adam; do expect "$u login" 303 "$(login $u)"; done
PT=$(csrf priya); TT=$(csrf tom); AT=$(csrf adam)

# Opening: admin only
expect "staff cannot open a round" 403 "$(post priya /air/rounds --data-urlencode "csrf=$PT" -d year=2026 -d waves_by=month)"
expect "manager cannot see rounds" 403 "$(get tom /air)"
expect "bad round re-shown" 400 "$(post adam /air/rounds --data-urlencode "csrf=$AT" -d year=26 -d waves_by=week)"
check_has "year error" "$TMP/body" "Year must be a year like 2026"
check_has "waves error" "$TMP/body" "Select whether to roll out by unit or by month"
expect "admin opens 2026 by month" 303 "$(post adam /air/rounds --data-urlencode "csrf=$AT" -d year=2026 -d waves_by=month)"
RID=$(location); RID=${RID##*/}
expect "twelve waves" 12 "$(q "select count(*) from air_waves where round_id = $RID")"
expect "duplicate year re-shown" 400 "$(post adam /air/rounds --data-urlencode "csrf=$AT" -d year=2026 -d waves_by=unit)"
check_has "duplicate explained" "$TMP/body" "There is already a round for 2026"

# Priya (joined in January) has entries to review
expect "declare an association" 303 "$(post priya /associations --data-urlencode "csrf=$PT" --data-urlencode "associate_name=Terry Crook" \
	-d category=criminal_record --data-urlencode "relationship=School friend" -d contact_frequency=Monthly -d began_on=2012-09-01)"
AID=$(q "select id from notifiable_associations where associate_name = 'Terry Crook'")
q "insert into gifts(person_id, date_offered, offeror_org, kind, description, value_pence, accepted, status, created_at) select id, '2026-02-01', 'Acme Training Ltd', 'gift', 'Branded mug', 500, 1, 'approved', '2026-02-01T00:00:00Z' from people where staff_number = '1003'"
GID=$(q "select id from gifts where offeror_org = 'Acme Training Ltd'")

expect "home shows the reminder" 200 "$(get priya /)"
check_has "overdue reminder" "$TMP/body" "Your annual integrity review was due on 12 February 2026"
expect "my review redirects" 303 "$(curl -s -o /dev/null -D "$TMP/headers" -b "$TMP/priya.jar" -w "%{http_code}" "$URL/air/mine")"
RET=$(location); RET=${RET##*/}
expect "return page" 200 "$(get priya "/air/returns/$RET")"
check_has "overdue tag" "$TMP/body" "Overdue"
get priya "/air/returns/$RET/sections/association" >/dev/null
check_has "pre-filled association" "$TMP/body" "Terry Crook"
get priya "/air/returns/$RET/sections/gift" >/dev/null
check_has "pre-filled gift" "$TMP/body" "Acme Training Ltd"

# The line manager never sees the associations; others are refused
expect "manager sees the return" 200 "$(get tom "/air/returns/$RET")"
check_has "manager sees the gift" "$TMP/body" "Acme Training Ltd"
check_lacks "manager does not see associations" "$TMP/body" "Terry Crook"
b=$(refused air_return)
expect "another manager refused" 403 "$(get aisha "/air/returns/$RET")"
expect "refusal logged" "$((b + 1))" "$(refused air_return)"

# Submission: every entry answered
expect "manager cannot submit" 403 "$(post tom "/air/returns/$RET/submit" --data-urlencode "csrf=$TT" -d anything_changed=no)"
expect "incomplete return re-shown" 400 "$(post priya "/air/returns/$RET/submit" --data-urlencode "csrf=$PT" -d "r_gift_$GID=confirmed")"
check_has "entry error" "$TMP/body" "Say whether this entry is still correct"
check_has "changed error" "$TMP/body" "Say whether anything else has changed"
expect "ended needs a note" 400 "$(post priya "/air/returns/$RET/submit" --data-urlencode "csrf=$PT" -d "r_gift_$GID=confirmed" -d "r_association_$AID=ended" -d anything_changed=no)"
check_has "note error" "$TMP/body" "Say what has changed or ended"

# The task list: one section at a time, saved as she goes, then check and submit
expect "the return is a task list" 200 "$(get priya "/air/returns/$RET")"
check_has "a task per register with entries" "$TMP/body" "/air/returns/$RET/sections/gift"
check_has "the associations task" "$TMP/body" "/air/returns/$RET/sections/association"
check_lacks "no task for a register without entries" "$TMP/body" "/sections/circumstance"
check_has "check and submit cannot start yet" "$TMP/body" "Cannot start yet"
check_lacks "no one-page form of every entry" "$TMP/body" "r_gift_$GID"
expect "checking answers before the sections are done goes back to the list" 303 "$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/priya.jar" "$URL/air/returns/$RET/check")"
expect "the gifts section" 200 "$(get priya "/air/returns/$RET/sections/gift")"
check_has "lists the gift" "$TMP/body" "Acme Training Ltd"
check_has "asks once for all of them" "$TMP/body" "Yes, all still correct"
expect "a section needs an answer" 400 "$(post priya "/air/returns/$RET/sections/gift" --data-urlencode "csrf=$PT")"
check_has "said which" "$TMP/body" "Say whether every entry is still as recorded"
expect "all gifts still correct in one step" 303 "$(post priya "/air/returns/$RET/sections/gift" --data-urlencode "csrf=$PT" -d all_gift=yes)"
expect "saved as a draft" confirmed "$(q "select value from air_drafts where return_id = $RET and key = 'r_gift_$GID'")"
expect "an ended association needs a note" 400 "$(post priya "/air/returns/$RET/sections/association" --data-urlencode "csrf=$PT" -d all_association=no -d "r_association_$AID=ended")"
check_has "the note's error" "$TMP/body" "Say what has changed or ended"
expect "nothing saved from a refused section" 0 "$(q "select count(*) from air_drafts where return_id = $RET and key like '%association%'")"
b=$(refused air_return)
expect "the line manager cannot answer her sections" 403 "$(post tom "/air/returns/$RET/sections/gift" --data-urlencode "csrf=$TT" -d all_gift=yes)"
expect "nor open them" 403 "$(get tom "/air/returns/$RET/sections/gift")"
expect "both refusals logged" "$((b + 2))" "$(refused air_return)"
expect "an unknown section" 404 "$(get priya "/air/returns/$RET/sections/pets")"
expect "the association ended, with a note" 303 "$(post priya "/air/returns/$RET/sections/association" --data-urlencode "csrf=$PT" -d all_association=no -d "r_association_$AID=ended" --data-urlencode "n_association_$AID=We fell out last year")"
get priya "/air/returns/$RET" >/dev/null
expect "two sections completed" 2 "$(grep -o '<div class="govuk-task-list__status" id="task-[0-9]-status">Completed' "$TMP/body" | wc -l | tr -d ' ')"
expect "anything else: yes needs what" 400 "$(post priya "/air/returns/$RET/sections/other" --data-urlencode "csrf=$PT" -d anything_changed=yes)"
check_has "what changed is asked" "$TMP/body" "Describe what has changed"
expect "anything else changed" 303 "$(post priya "/air/returns/$RET/sections/other" --data-urlencode "csrf=$PT" -d anything_changed=yes --data-urlencode "changes=Started a part-time course")"
get priya "/air/returns/$RET" >/dev/null
check_has "check and submit can start" "$TMP/body" "/air/returns/$RET/check"
expect "check your answers" 200 "$(get priya "/air/returns/$RET/check")"
check_has "shows the association's answer" "$TMP/body" "Ended: We fell out last year"
check_has "shows what else changed" "$TMP/body" "Yes: Started a part-time course"
check_has "a change link per section" "$TMP/body" "/air/returns/$RET/sections/association"
check_has "the declaration before submitting" "$TMP/body" "By submitting this review you confirm"
expect "submit" 303 "$(post priya "/air/returns/$RET/submit" --data-urlencode "csrf=$PT")"
expect "the saved answers are the return's" "gift confirmed|association ended We fell out last year" "$(q "select register || ' ' || response || case when note <> '' then ' ' || note else '' end from air_return_items where return_id = $RET order by register desc" | tr '\n' '|' | sed 's/|$//')"
expect "the drafts are gone" 0 "$(q "select count(*) from air_drafts where return_id = $RET")"
expect "the confirmation" 200 "$(get priya "/air/returns/$RET?done=submitted")"
check_has "a confirmation panel with the reference" "$TMP/body" "Your reference<br><strong>AIR$(printf '%06d' "$RET")</strong>"
expect "submitted" submitted "$(q "select status from air_returns where id = $RET")"
expect "cannot submit twice" 409 "$(post priya "/air/returns/$RET/submit" --data-urlencode "csrf=$PT" -d anything_changed=no)"

# Sign-off by the line manager, with the clearance check
q "update posts set vetting_level = 'MV' where id = (select post_id from people where staff_number = '1003')"
q "insert into clearances(person_id, level, granted, expiry, status, created_at) select id, 'RV', '2019-01-01', '2029-01-01', 'active', '2019-01-01T00:00:00Z' from people where staff_number = '1003'"
get tom / >/dev/null
check_has "manager's home reminder" "$TMP/body" "1 waiting for your sign-off"
expect "team list" 200 "$(get tom /air/team)"
check_has "team lists priya" "$TMP/body" "Priya Nair"
get tom "/air/returns/$RET" >/dev/null
check_has "sign-off form" "$TMP/body" "Sign off the review"
check_lacks "manager still cannot see associations" "$TMP/body" "Terry Crook"
expect "psd cannot sign off" 403 "$(post megan "/air/returns/$RET/signoff" --data-urlencode "csrf=$(csrf megan)" -d conversation=x)"
expect "conversation required" 400 "$(post tom "/air/returns/$RET/signoff" --data-urlencode "csrf=$TT")"
check_has "conversation error" "$TMP/body" "Record the integrity conversation"
expect "sign off" 303 "$(post tom "/air/returns/$RET/signoff" --data-urlencode "csrf=$TT" --data-urlencode "conversation=Discussed the course and the association; no concerns.")"
expect "completed, below post" "completed|below_post" "$(q "select status || '|' || clearance_result from air_returns where id = $RET")"
expect "vetting task for the clearance" 1 "$(q "select count(*) from vetting_tasks where kind = 'air_clearance_below_post' and source_id = $RET")"
expect "vetting task for the changes" 1 "$(q "select count(*) from vetting_tasks where kind = 'air_return' and source_id = $RET")"
expect "association ended by the return" ended "$(q "select status from notifiable_associations where id = $AID")"
expect "cannot sign twice" 409 "$(post tom "/air/returns/$RET/signoff" --data-urlencode "csrf=$TT" -d conversation=again)"
get priya "/air/returns/$RET" >/dev/null
check_has "person sees the outcome" "$TMP/body" "Clearance below the post"
check_has "person sees their answers" "$TMP/body" "We fell out last year"
# Who sees the free text and the conversation (docs/air.md): the person, the
# line manager and PSD do; vetting and admin see status and clearance only
for u in priya tom megan; do
	expect "$u opens the completed return" 200 "$(get $u "/air/returns/$RET")"
	check_has "$u sees what else changed" "$TMP/body" "Started a part-time course"
	check_has "$u sees the conversation" "$TMP/body" "Discussed the course and the association"
done
for u in vera adam; do
	expect "$u opens the completed return" 200 "$(get $u "/air/returns/$RET")"
	check_has "$u sees the clearance result" "$TMP/body" "Clearance below the post"
	check_lacks "$u does not see the person's free text" "$TMP/body" "Started a part-time course"
	check_lacks "$u does not see the conversation" "$TMP/body" "Discussed the course"
	check_lacks "$u sees no conversation row" "$TMP/body" "Integrity conversation"
done
get megan "/associations/$AID" >/dev/null
check_has "PSD sees the review note on the association" "$TMP/body" "2026: Ended. We fell out last year"

# JSON API
TA=$("$BIN" --db "$DB" token create adam); TP=$("$BIN" --db "$DB" token create priya); TTOK=$("$BIN" --db "$DB" token create tom)
expect "api round for admin" 200 "$(api "$TA" "/api/air/rounds/$RID")"
check_has "api waves" "$TMP/body" '"waves":['
check_has "api units" "$TMP/body" '"unit":"Response Team A"'
expect "api rounds refused to staff" 403 "$(api "$TP" /api/air/rounds)"
expect "api overdue" 200 "$(api "$TA" "/api/air/rounds/$RID/overdue")"
check_has "api overdue lists aisha" "$TMP/body" "Aisha Okafor"
expect "api team" 200 "$(api "$TTOK" /api/air/team)"
check_has "api team lists priya" "$TMP/body" "Priya Nair"
expect "api return for the manager" 200 "$(api "$TTOK" "/api/air/returns/$RET")"
check_has "api return has the gift" "$TMP/body" "Acme Training Ltd"
check_lacks "api return hides associations from the manager" "$TMP/body" "Terry Crook"
expect "api return for the person" 200 "$(api "$TP" "/api/air/returns/$RET")"
check_has "api return shows the person their association" "$TMP/body" "Terry Crook"

# Joiners: admin only, rerunnable
cat >"$TMP/joiner.csv" <<'CSV'
staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date
1007,Nia,Joiner,officer,Constable,Response Team A,Response Constable,1002,2026-05-20,
CSV
"$BIN" --db "$DB" people import "$TMP/joiner.csv" >/dev/null
expect "staff cannot add joiners" 403 "$(post priya "/air/rounds/$RID/joiners" --data-urlencode "csrf=$PT")"
expect "admin adds joiners" 303 "$(post adam "/air/rounds/$RID/joiners" --data-urlencode "csrf=$AT")"
expect "joiner in the May wave" "May (service anniversary)" "$(q "select w.label from air_returns t join air_waves w on w.id = t.wave_id join people p on p.id = t.person_id where t.round_id = $RID and p.staff_number = '1007'")"
expect "adding again adds nothing" 303 "$(post adam "/air/rounds/$RID/joiners" --data-urlencode "csrf=$AT")"
expect "one return each" 6 "$(q "select count(*) from air_returns where round_id = $RID")"
"$BIN" --db "$DB" air add-joiners --year 2026 >"$TMP/j.txt"
check_has "CLI add-joiners rerun adds nothing" "$TMP/j.txt" "added 0 joiners"

# Tracking: by wave and unit, overdue list
expect "round page" 200 "$(get vera "/air/rounds/$RID")"
check_has "by wave" "$TMP/body" "Completion by wave"
check_has "january wave" "$TMP/body" "January (service anniversary)"
check_has "by unit" "$TMP/body" "Response Team A"
expect "overdue list" 200 "$(get adam "/air/rounds/$RID/overdue")"
check_has "aisha overdue (April wave)" "$TMP/body" "Aisha Okafor"
check_lacks "priya completed, not overdue" "$TMP/body" "Priya Nair"
expect "staff cannot track" 403 "$(get priya "/air/rounds/$RID")"
expect "staff cannot see overdue" 403 "$(get priya "/air/rounds/$RID/overdue")"
"$BIN" --db "$DB" air status --year 2026 >"$TMP/status.txt"
check_has "CLI status shows the completion" "$TMP/status.txt" "January (service anniversary)	2026-01-01	2026-02-12	1	0	0	1	0"

# Closing: admin only; the reminders go
expect "staff cannot close" 403 "$(post priya "/air/rounds/$RID/close" --data-urlencode "csrf=$PT")"
get aisha / >/dev/null
check_has "aisha's reminder while open" "$TMP/body" "Your annual integrity review was due on 13 May 2026"
expect "admin closes the round" 303 "$(post adam "/air/rounds/$RID/close" --data-urlencode "csrf=$AT")"
expect "closed" closed "$(q "select status from air_rounds where id = $RID")"
expect "closing twice conflicts" 409 "$(post adam "/air/rounds/$RID/close" --data-urlencode "csrf=$AT")"
get aisha / >/dev/null
check_lacks "no reminder once closed" "$TMP/body" "Your annual integrity review"

check "access log intact" "$BIN" --db "$DB" verify-log
finish
