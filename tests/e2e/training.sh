#!/bin/sh
# End-to-end: training and policy acknowledgement (docs/training.md). The
# CLI imports (all-or-nothing, rerun, dry run) and the compliance CSV's exact
# contract against hand-worked dates; over HTTP the person's own record and
# acknowledging a policy version (a new version asks again), the line
# manager's team, the force view for PSD, the training lead and admin with
# filters and CSV/XLSX, attendance, the published share with disclosure
# control; every route refused for the roles without access, refusals and
# lists in the access log. Today is fixed at 2026-01-01.
. "$(dirname "$0")/../lib.sh"
export PROBITY_TODAY=2026-01-01
. "$(dirname "$0")/../registers_lib.sh"
"$BIN" --db "$DB" user add lena --password-file "$TMP/pw" --role training >/dev/null

# --- CLI
check "training --help" "$BIN" training --help
check_has "help names the completions header" "$TMP/.out" "staff_number,course,completed"
check_has "help names the compliance header" "$TMP/.out" "staff_number,course,status,due"
check_fails "an unknown subcommand is refused" "$BIN" --db "$DB" training frobnicate

cat >"$TMP/courses.csv" <<'EOF'
course,applies_to,every_months,within_days_of_start
Code of Ethics induction,all,0,90
Integrity refresher,all,24,180
Abuse of position warning signs,supervisors,24,60
EOF
check "courses dry run" "$BIN" --db "$DB" training courses import --dry-run "$TMP/courses.csv"
check_has "dry run says so" "$TMP/.out" "dry run:"
expect "dry run writes nothing" 0 "$(q "select count(*) from training_courses")"
check "courses import" "$BIN" --db "$DB" training courses import "$TMP/courses.csv"
check_has "three courses created" "$TMP/.out" "3 created"
check "courses rerun" "$BIN" --db "$DB" training courses import "$TMP/courses.csv"
check_has "rerun changes nothing" "$TMP/.out" "0 created, 0 updated, 3 unchanged"
printf 'course,applies_to,every_months,within_days_of_start\nFirst aid,all,12,30\nKnitting,everyone,0,30\n' >"$TMP/bad.csv"
check_fails "bad courses file refused" "$BIN" --db "$DB" training courses import "$TMP/bad.csv"
check_has "error names file, line and column" "$TMP/.out" "bad.csv:3: applies_to:"
expect "nothing of the bad file written" 0 "$(q "select count(*) from training_courses where name = 'First aid'")"

cat >"$TMP/done.csv" <<'EOF'
staff_number,course,completed
1001,Code of Ethics induction,2008-05-01
1001,Integrity refresher,2024-03-01
1001,Abuse of position warning signs,2023-11-30
1002,Code of Ethics induction,2012-10-01
1002,Abuse of position warning signs,2025-02-28
1003,Integrity refresher,2023-12-31
1005,Code of Ethics induction,2015-03-01
1006,Code of Ethics induction,2022-04-01
EOF
check "completions import" "$BIN" --db "$DB" training import "$TMP/done.csv"
check_has "eight completions" "$TMP/.out" "8 created"
check "completions rerun exits 0" "$BIN" --db "$DB" training import "$TMP/done.csv"
check_has "completions rerun changes nothing" "$TMP/.out" "0 created, 0 updated, 8 unchanged"
printf 'staff_number,course,completed\n1003,Code of Ethics induction,2025-01-01\n9999,Code of Ethics induction,2025-01-01\n' >"$TMP/bad2.csv"
check_fails "unknown staff number refused" "$BIN" --db "$DB" training import "$TMP/bad2.csv"
check_has "names the line and column" "$TMP/.out" "bad2.csv:3: staff_number: no person with staff number 9999"
printf 'staff_number,course,completed\n1003,Code of Ethics induction,2025-13-01\n' >"$TMP/bad3.csv"
check_fails "a bad date refused" "$BIN" --db "$DB" training import "$TMP/bad3.csv"
check_has "names the date column" "$TMP/.out" "bad3.csv:2: completed: 2025-13-01 is not a date"
expect "nothing of the bad files written" 8 "$(q "select count(*) from training_completions")"

cat >"$TMP/policies.csv" <<'EOF'
policy,version,published,applies_to,summary
Social media,1,2025-01-01,all,First version
Abuse of position,1,2025-01-01,supervisors,For supervisors
EOF
check "policies import" "$BIN" --db "$DB" training policies import "$TMP/policies.csv"
check_has "two policies" "$TMP/.out" "2 created"

# The exact contract, worked by hand: 1006 left in 2024 (no rows); 1001 and
# 1002 line-manage people in post, so they have the supervisors' course.
check "compliance CSV" "$BIN" --db "$DB" training compliance --as-of 2026-01-01 -o "$TMP/comp.csv"
cat >"$TMP/want.csv" <<'EOF'
staff_number,course,status,due
1001,Code of Ethics induction,complete,
1001,Integrity refresher,complete,2026-03-01
1001,Abuse of position warning signs,overdue,2025-11-30
1002,Code of Ethics induction,complete,
1002,Integrity refresher,overdue,2013-03-02
1002,Abuse of position warning signs,complete,2027-02-28
1003,Code of Ethics induction,overdue,2019-04-14
1003,Integrity refresher,overdue,2025-12-31
1004,Code of Ethics induction,overdue,2021-09-05
1004,Integrity refresher,overdue,2021-12-04
1005,Code of Ethics induction,complete,
1005,Integrity refresher,overdue,2015-08-01
EOF
{ printf '\357\273\277'; cat "$TMP/want.csv"; } >"$TMP/want-bom.csv" # a CSV for Excel: the byte-order mark first
mv "$TMP/want-bom.csv" "$TMP/want.csv"
if cmp -s "$TMP/want.csv" "$TMP/comp.csv"; then ok "compliance CSV is exactly the hand-worked one"; else
	fail "compliance CSV is exactly the hand-worked one" "$(diff "$TMP/want.csv" "$TMP/comp.csv" | head -20)"; fi
check "compliance on an earlier day" "$BIN" --db "$DB" training compliance --as-of 2023-06-01 -o "$TMP/comp2.csv"
check_has "a leaver counted while in post" "$TMP/comp2.csv" "1006,Code of Ethics induction,complete,"
check_has "a completion after the day does not count" "$TMP/comp2.csv" "1003,Integrity refresher,overdue,2019-07-13"
check_fails "a bad --as-of refused" "$BIN" --db "$DB" training compliance --as-of 2026-02-30
check_has "bad --as-of explained" "$TMP/.out" "real date"
expect "the CLI export is logged" 2 "$(q "select count(*) from access_log where action = 'export' and object_type = 'training_compliance' and outcome = 'ok'")"

# --- the web
q "UPDATE units SET kind = 'directorate' WHERE name = 'Response Team A'"
start_server "$DB"
for u in priya tom aisha megan sean vera adam lena; do expect "$u login" 303 "$(login $u)"; done

expect "home page" 200 "$(get priya /)"
check_has "home shows what is to do" "$TMP/body" "Your training and policies"
expect "own training" 200 "$(get priya /training)"
check_has "own courses listed" "$TMP/body" "Integrity refresher"
check_has "due date shown as people read it" "$TMP/body" "31 December 2025"
check_has "policy to acknowledge" "$TMP/body" "I have read and understood the Social media policy"
check_lacks "the supervisors' policy is not hers" "$TMP/body" "Abuse of position, version"
V1=$(q "select v.id from policy_versions v join policies p on p.id = v.policy_id where p.name = 'Social media'")
VS=$(q "select v.id from policy_versions v join policies p on p.id = v.policy_id where p.name = 'Abuse of position'")
expect "acknowledging needs the CSRF token" 403 "$(post priya "/training/policies/$V1/acknowledge" -d x=1)"
expect "acknowledge in one step" 303 "$(post_csrf priya "/training/policies/$V1/acknowledge")"
expect "back to the own page" /training "$(location)"
expect "acknowledgement stored" 1 "$(q "select count(*) from policy_acknowledgements a join people p on p.id = a.person_id where p.staff_number = '1003' and a.version_id = $V1")"
expect "acknowledgement logged" 1 "$(q "select count(*) from access_log where action = 'acknowledge' and object_id = '$V1' and outcome = 'ok' and username = 'priya'")"
expect "own page after" 200 "$(get priya "/training?done=acknowledged")"
check_has "confirmation banner" "$TMP/body" "Policy acknowledged"
check_lacks "no button for an acknowledged version" "$TMP/body" "I have read and understood the Social media policy"
b=$(refused policy_version)
expect "a policy that does not apply is refused" 404 "$(post_csrf priya "/training/policies/$VS/acknowledge")"
expect "that refusal is logged" "$((b + 1))" "$(refused policy_version)"
printf 'policy,version,published,applies_to,summary\nSocial media,2,2025-12-20,all,New rules on personal accounts\n' >"$TMP/v2.csv"
check "a new version imported" "$BIN" --db "$DB" training policies import "$TMP/v2.csv"
expect "own page with the new version" 200 "$(get priya /training)"
check_has "asked to acknowledge again" "$TMP/body" "I have read and understood the Social media policy"
check_has "the new version shown" "$TMP/body" "Social media, version 2"
expect "the old version can no longer be acknowledged" 404 "$(post_csrf priya "/training/policies/$V1/acknowledge")"

# The Annual Integrity Review return shows training and asks for outstanding policies
check "an AIR round" "$BIN" --db "$DB" air open --year 2025 --waves-by month
RET=$(q "select t.id from air_returns t join people p on p.id = t.person_id where p.staff_number = '1003'")
V2=$(q "select v.id from policy_versions v join policies p on p.id = v.policy_id where p.name = 'Social media' and v.version = '2'")
expect "AIR return page" 200 "$(get priya "/air/returns/$RET")"
check_has "AIR return shows her courses" "$TMP/body" "Integrity refresher"
check_has "AIR return asks for the policy" "$TMP/body" "I have read and understood the Social media policy"
expect "acknowledge from the AIR return" 303 "$(post_csrf priya "/training/policies/$V2/acknowledge" --data-urlencode "back=/air/returns/$RET")"
expect "back to the AIR return" "/air/returns/$RET" "$(location)"
expect "version 2 acknowledged" 1 "$(q "select count(*) from policy_acknowledgements a join people p on p.id = a.person_id where p.staff_number = '1003' and a.version_id = $V2")"
expect "the manager sees the return" 200 "$(get tom "/air/returns/$RET")"
check_has "with her training" "$TMP/body" "Integrity refresher"
check_lacks "but not her policy buttons" "$TMP/body" "I have read and understood"
expect "no open redirect" 303 "$(post_csrf priya "/training/policies/$V2/acknowledge" --data-urlencode "back=//evil.example/x")"
expect "an outside back goes to the own page" /training "$(location)"
expect "own list logged" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'list' and object_type = 'training_compliance' and object_id = 'own' and username = 'priya'")"

# Need-to-know: every force and team route refused to staff, logged
b=$(refused training_compliance)
expect "staff: team refused" 403 "$(get priya /training/team)"
expect "staff: force refused" 403 "$(get priya /training/compliance)"
expect "staff: CSV refused" 403 "$(get priya /training/compliance.csv)"
expect "staff: XLSX refused" 403 "$(get priya /training/compliance.xlsx)"
expect "vetting: force refused" 403 "$(get vera /training/compliance)"
expect "manager: force refused" 403 "$(get tom /training/compliance)"
expect "refusals logged" "$((b + 6))" "$(refused training_compliance)"
b=$(refused training_by_unit)
expect "staff: by unit refused" 403 "$(get priya /training/units)"
expect "manager: by unit refused" 403 "$(get tom /training/units)"
expect "by-unit refusals logged" "$((b + 2))" "$(refused training_by_unit)"
b=$(refused policy_acknowledgement)
expect "staff: policy figures refused" 403 "$(get priya /training/policies)"
expect "acu: policy figures refused" 403 "$(get sean /training/policies)"
expect "policy refusals logged" "$((b + 2))" "$(refused policy_acknowledgement)"
b=$(refused training_attendance)
expect "staff: attendance form refused" 403 "$(get priya /training/attendance)"
expect "psd: attendance form refused" 403 "$(get megan /training/attendance)"
expect "staff: recording attendance refused" 403 "$(post_csrf priya /training/attendance --data-urlencode course=1 --data-urlencode date-day=1 --data-urlencode date-month=12 --data-urlencode date-year=2025 --data-urlencode staff_numbers=1003)"
expect "attendance refusals logged" "$((b + 3))" "$(refused training_attendance)"

# The line manager's team: direct reports only
expect "manager's team" 200 "$(get tom /training/team)"
check_has "team lists Priya" "$TMP/body" "Priya Nair"
check_has "team lists Sean" "$TMP/body" "O&#39;Leary"
check_lacks "not the manager himself" "$TMP/body" "(1002)"
check_lacks "not another team" "$TMP/body" "(1005)"
expect "team filter" 200 "$(get tom "/training/team?status=complete")"
check_has "nothing complete in Tom's team" "$TMP/body" "Nobody in your team matches"
expect "team list logged with its filter" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'list' and object_id = 'team' and username = 'tom' and detail like '%status=complete%'")"

# The force: PSD, training lead, admin
ABUSE=$(q "select id from training_courses where name = 'Abuse of position warning signs'")
expect "psd: force view" 200 "$(get megan /training/compliance)"
check_has "force lists everyone in post" "$TMP/body" "<strong>12</strong> course records match"
check_lacks "no leaver" "$TMP/body" "Kowalski"
expect "psd: overdue on abuse of position" 200 "$(get megan "/training/compliance?course=$ABUSE&status=overdue")"
check_has "one overdue supervisor" "$TMP/body" "<strong>1</strong> course record match"
check_has "it is Aisha" "$TMP/body" "Aisha Okafor"
expect "psd exports who is overdue on abuse of position" 200 "$(get megan "/training/compliance.csv?course=$ABUSE&status=overdue" "$TMP/over.csv")"
check_has "export header" "$TMP/over.csv" "staff_number,name,unit,course,status,due,last_completed,joiner_past_window"
check_has "export row" "$TMP/over.csv" "1001,Aisha Okafor,Response Team A,Abuse of position warning signs,Overdue,2025-11-30,2023-11-30,no"
expect "export has one row" 2 "$(wc -l <"$TMP/over.csv" | tr -d ' ')"
expect "export logged" 1 "$(q "select count(*) from access_log where action = 'export' and object_type = 'training_compliance' and username = 'megan'")"
expect "xlsx export" 200 "$(get megan "/training/compliance.xlsx?status=overdue" "$TMP/over.xlsx")"
expect "xlsx is a zip" PK "$(head -c 2 "$TMP/over.xlsx")"
expect "joiners past their window" 200 "$(get lena "/training/compliance?joiners=1")"
check_has "joiners counted" "$TMP/body" "<strong>5</strong> course records match"
check_has "joiners flagged" "$TMP/body" "Joiner past window"
expect "paging" 200 "$(get lena "/training/compliance?per_page=5&page=3")"
check_has "third page has the last two" "$TMP/body" "Megan Hughes"
expect "force list logged with filters" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'list' and object_id = 'force' and username = 'lena' and detail like '%joiners=1%'")"
expect "a bad as-of date is a 400" 400 "$(get megan "/training/compliance?as_of=2026-13-01")"
expect "admin: by unit" 200 "$(get adam /training/units)"
check_has "unit figures" "$TMP/body" "Response Team A"
expect "admin: policies" 200 "$(get adam /training/policies)"
check_has "current version shown" "$TMP/body" "Social media"
expect "psd: who has not acknowledged version 2" 200 "$(get megan "/training/policies/people?version=$V2&status=outstanding")"
check_has "four have not (Priya has)" "$TMP/body" "<strong>4</strong> rows match"
check_lacks "Priya is not listed" "$TMP/body" "(1003)"
# by unit and the policy versions as JSON: the pages' readers, rules and access log
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
for u in adam megan lena; do
	expect "$u: API by unit" 200 "$(get $u /api/v1/training/units)"
	expect "$u: API by unit: Response Team A, its counts adding up" "True" "$(jpy 'any(x["unit"] == "Response Team A" for x in d["items"]) and all(x["courses"] == x["complete"] + x["due"] + x["overdue"] for x in d["items"])')"
	expect "$u: API policies" 200 "$(get $u /api/v1/training/policies)"
	expect "$u: API policies: version 2 has four outstanding, as the list of people" "4" "$(jpy '[p["outstanding"] for p in d["items"] if p["version_id"] == '"$V2"'][0]')"
done
expect "API by unit logged like the page" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'list' and object_type = 'training_by_unit' and username = 'lena'")"
expect "API policies logged like the page" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where action = 'list' and object_type = 'policy_acknowledgement' and object_id = 'force' and username = 'lena'")"
b=$(refused training_by_unit)
for u in priya tom; do expect "$u: API by unit refused" 403 "$(get $u /api/v1/training/units)"; done
expect "API by-unit refusals logged" "$((b + 2))" "$(refused training_by_unit)"
b=$(refused policy_acknowledgement)
for u in priya sean; do expect "$u: API policies refused" 403 "$(get $u /api/v1/training/policies)"; done
expect "API policy refusals logged" "$((b + 2))" "$(refused policy_acknowledgement)"
expect "that list exported" 200 "$(get megan "/training/policies/people.csv?version=$V2&status=outstanding" "$TMP/pol.csv")"
check_has "policy export header" "$TMP/pol.csv" "staff_number,name,unit,policy,version,status,due,acknowledged_at"
check_has "policy export row" "$TMP/pol.csv" "1004,"
b=$(refused policy_acknowledgement)
expect "staff: who has acknowledged refused" 403 "$(get priya /training/policies/people)"
expect "staff: its export refused" 403 "$(get priya /training/policies/people.csv)"
expect "those refusals logged" "$((b + 2))" "$(refused policy_acknowledgement)"

# Attendance at a briefing: the training lead
expect "attendance form" 200 "$(get lena /training/attendance)"
COE=$(q "select id from training_courses where name = 'Code of Ethics induction'")
expect "unknown staff number re-shown" 400 "$(post_csrf lena /training/attendance --data-urlencode course=$COE --data-urlencode date-day=20 --data-urlencode date-month=12 --data-urlencode date-year=2025 --data-urlencode "staff_numbers=1003
4242")"
check_has "error names the number" "$TMP/body" "No person has the staff number 4242"
expect "nothing recorded" 0 "$(q "select count(*) from training_completions where completed_on = '2025-12-20'")"
expect "attendance recorded" 200 "$(post_csrf lena /training/attendance --data-urlencode course=$COE --data-urlencode date-day=20 --data-urlencode date-month=12 --data-urlencode date-year=2025 --data-urlencode "staff_numbers=1003, 1004")"
check_has "confirmation" "$TMP/body" "2 new completions"
expect "two completions stored" 2 "$(q "select count(*) from training_completions where completed_on = '2025-12-20' and source = 'attendance'")"
expect "attendance logged" 1 "$(q "select count(*) from access_log where action = 'create' and object_type = 'training_attendance' and outcome = 'ok'")"
expect "priya's Code of Ethics now complete" 200 "$(get priya /training)"

# Published: four people in the directorate, under k = 10, so withheld
expect "published figures" 200 "$(get vera /training/published)"
check_has "directorate named" "$TMP/body" "Response Team A"
check_has "small figures withheld" "$TMP/body" "Withheld"
check_lacks "no share shown" "$TMP/body" "%</td>"
# ... and on the public site (probity publish): the same figures, withheld the same way, nobody named
check "publish" "$BIN" --db "$DB" publish --out "$TMP/site"
check_has "the site links the training page" "$TMP/site/index.html" 'href="training/index.html"'
check_has "training page: the directorate" "$TMP/site/training/index.html" "Response Team A"
check_has "training CSV: withheld under k" "$TMP/site/training/index.csv" "Response Team A,Code of Ethics induction,[c],[c]"
check_lacks "nobody named on the public page" "$TMP/site/training/index.html" "Priya"
check_lacks "nobody named in the public CSV" "$TMP/site/training/index.csv" "1003"

finish
