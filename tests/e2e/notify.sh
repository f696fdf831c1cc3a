#!/bin/sh
# End-to-end: notifications and reminders (issue 22). The model from the
# records (need-to-know: a line manager is never told of a team member's
# association), escalation after the configured days, the home page list and
# header count, preferences, the admin page; the e-mail digests received by a
# real SMTP server (python3-aiosmtpd), with no sensitive string planted in
# the records in any message, each message exactly once across reruns and
# across a SIGKILL of the sender at each point of a send.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
export PROBITY_TODAY=2026-12-07

# HR feed with the optional email column
{ printf '%s,email\n' "$(head -1 "$ROOT/tests/fixtures/hr.csv")"
  tail -n +2 "$ROOT/tests/fixtures/hr.csv" | awk -F, '{ n = $2; gsub(/[^A-Za-z]/, "", n); print $0 "," tolower(n) "@example.org" }'
} >"$TMP/hr.csv"
check "people import with email" "$BIN" --db "$DB" people import "$TMP/hr.csv"
expect "email stored" "tom@example.org" "$(q "select email from people where staff_number = '1002'")"
printf '%s\n' "$(head -1 "$TMP/hr.csv")" "2001,Bad,Mail,officer,PC,Response Team A,,,2020-01-01,,not an address" >"$TMP/bad.csv"
check_fails "bad address refused" "$BIN" --db "$DB" people import "$TMP/bad.csv"
check_has "bad address named" "$TMP/.out" "email"
check "import without email keeps addresses" "$BIN" --db "$DB" people import "$ROOT/tests/fixtures/hr.csv"
expect "address kept" "tom@example.org" "$(q "select email from people where staff_number = '1002'")"

echo "correct-horse-battery" >"$TMP/pw"
for u in "aisha 1001" "tom 1002" "priya 1003" "sean 1004" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
"$BIN" --db "$DB" user add adam --password-file "$TMP/pw" --role admin >/dev/null
"$BIN" --db "$DB" user role megan +psd >/dev/null
"$BIN" --db "$DB" user role aisha +reviewer >/dev/null
"$BIN" --db "$DB" user role sean +acu >/dev/null

# Records with sensitive strings planted in them
pid() { q "select id from people where staff_number = '$1'"; }
acc() { q "select id from accounts where username = '$1'"; }
PRIYA=$(pid 1003); SEAN=$(pid 1004)
q "insert into gifts(person_id, date_offered, offeror_org, offeror_person, kind, description, value_pence, accepted, status, created_at)
   values($PRIYA, '2026-11-30', 'SECRET-OFFEROR-ORG', 'SECRET-OFFEROR-PERSON', 'gift', 'SECRET-GIFT-TEXT', 2500, 1, 'awaiting_manager', '2026-12-01T10:00:00Z')"
GIFT=$(q "select id from gifts where offeror_org = 'SECRET-OFFEROR-ORG'")
q "insert into notifiable_associations(person_id, associate_name, category, relationship, declared_on, created_at)
   values($PRIYA, 'SECRET-ASSOCIATE-NAME', 'organised_crime', 'SECRET-RELATIONSHIP', '2026-12-02', '2026-12-02T09:00:00Z')"
q "insert into business_interests(person_id, kind, organisation, description, status, created_at)
   values($SEAN, 'own_business', 'SECRET-BUSINESS-ORG', 'SECRET-BUSINESS-TEXT', 'awaiting_psd', '2026-12-03T09:00:00Z')"
q "insert into air_rounds(year, waves_by, opened_at) values(2026, 'unit', '2026-10-01T00:00:00Z')"
q "insert into air_waves(round_id, number, label, opens_on, due_on) values(1, 1, 'Wave 1', '2026-10-01', '2026-11-30')"
q "insert into air_returns(round_id, wave_id, person_id, changes) values(1, 1, $PRIYA, 'SECRET-AIR-CHANGES')"
CAT=$(q "select key from intel_categories order by key limit 1")
q "insert into anon_reports(receipt_hash, received, status) values('SECRET-RECEIPT', '2026-12-03', 'new')"
q "insert into intel_items(reference, received, source_type, grading_scheme, grade, category, original_text, sanitised_text, owner_id, created_by, status, reviewer_id, proposed_outcome, proposed_on, report_id, created_at)
   values('INT9001', '2026-12-03', 'anonymous', '3x5x2', '1AP', '$CAT', 'SECRET-INTEL-TEXT', 'SECRET-SANITISED', $(acc sean), $(acc sean), 'awaiting_review', $(acc aisha), 'SECRET-OUTCOME', '2026-12-04', 1, '2026-12-03T09:00:00Z')"

# ---- the model: who is told what ----
list() { "$BIN" --db "$DB" notify list --user "$1" 2>/dev/null; }
list tom >"$TMP/tom.txt"
check_has "manager: gift to decide" "$TMP/tom.txt" "gift_manager	2026-12-14	0	/gifts/$GIFT"
check_lacks "manager never told of the association" "$TMP/tom.txt" "association"
check_has "manager: team member's overdue AIR escalated" "$TMP/tom.txt" "team:air_return	2026-11-30	7	/air/team"
list priya >"$TMP/priya.txt"
check_has "staff: own AIR return overdue" "$TMP/priya.txt" "air_return	2026-11-30	7	/air/mine"
check_lacks "declarant not asked to decide own gift" "$TMP/priya.txt" "gift_"
list megan >"$TMP/megan.txt"
check_has "psd: association to assess" "$TMP/megan.txt" "association_assess"
check_has "psd: interest to decide" "$TMP/megan.txt" "interest_psd"
check_lacks "psd not asked about team air (not her team)" "$TMP/megan.txt" "air_"
list sean >"$TMP/sean.txt"
check_lacks "holder not asked to decide own interest" "$TMP/sean.txt" "interest_psd"
list aisha >"$TMP/aisha.txt"
check_has "reviewer: closure to review" "$TMP/aisha.txt" "intel_review	2026-12-17	0	/intel/items/"
check_lacks "second-line manager: escalation goes to the line manager only" "$TMP/aisha.txt" "team:air_return"
PROBITY_TODAY=2026-12-03 list tom >"$TMP/tom3.txt"
check_lacks "no escalation before the configured days" "$TMP/tom3.txt" "team:air_return"

# ---- web: home page list, header count, preferences, admin ----
start_server "$DB"
for u in tom priya megan adam; do expect "$u login" 303 "$(login $u)"; done
expect "tom home" 200 "$(get tom /)"
check_has "home: things that need you" "$TMP/body" "Things that need you"
check_has "home: links the gift" "$TMP/body" "href=\"/gifts/$GIFT\""
check_has "home: overdue tag" "$TMP/body" "Overdue</strong> 7 days"
check_has "header count" "$TMP/body" "2 things need you"
check_lacks "home: no names from records" "$TMP/body" "SECRET-"
expect "priya notifications page" 200 "$(get priya /notifications)"
check_has "header count on every page" "$TMP/body" "1 thing needs you"
check_has "preference form" "$TMP/body" "How often do you want e-mails?"
expect "list view logged" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log a join accounts c on c.id = a.account_id where c.username = 'priya' and a.action = 'list' and a.object_type = 'notifications'")"
expect "bad preference" 400 "$(post_csrf priya /notifications/preferences --data-urlencode "timing=hourly")"
check_has "bad preference named" "$TMP/body" "Select how often you want e-mails"
expect "weekly chosen" 303 "$(post_csrf priya /notifications/preferences --data-urlencode "timing=weekly")"
expect "preference stored" weekly "$(q "select timing from notify_prefs p join accounts a on a.id = p.account_id where a.username = 'priya'")"
expect "no csrf refused" 403 "$(post priya /notifications/preferences --data-urlencode "timing=daily")"
b=$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/admin/notifications'")
expect "admin page refused to a manager" 403 "$(get tom /admin/notifications)"
expect "admin page refused to staff" 403 "$(get priya /admin/notifications)"
expect "window change refused to a manager" 403 "$(post_csrf tom /admin/notifications --data-urlencode "kind=air_return" --data-urlencode "before_days=0" --data-urlencode "escalate_days=0")"
expect "refusals logged" $((b + 3)) "$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/admin/notifications'")"
expect "not signed in: sent to sign in" 303 "$(req "$URL/notifications")"
expect "the list is for the signed-in only: nothing shown" 0 "$(grep -c "Things that need you" "$TMP/body")"
# the same list as JSON (docs/API.md): notify_list, own tasks only, logged like the page
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
nl() { q "select count(*) from access_log a join accounts c on c.id = a.account_id where c.username = '$1' and a.action = 'list' and a.object_type = 'notifications'"; }
b=$(nl priya)
expect "api: priya's things that need her" 200 "$(get priya /api/v1/notifications)"
expect "api: her own overdue AIR return, as the page" "1 air_return 2026-11-30 7 /air/mine False" \
	"$(jpy '" ".join(str(x) for x in (d["total"], d["items"][0]["kind"], d["items"][0]["due"], d["items"][0]["overdue_days"], d["items"][0]["href"], d["items"][0]["team"]))')"
expect "api: the list is logged like the page" "$((b + 1))" "$(nl priya)"
expect "api: tom's" 200 "$(get tom /api/v1/notifications)"
expect "api: the header's count" 2 "$(jpy 'd["total"]')"
check_has "api: the gift to decide" "$TMP/body" "\"href\":\"/gifts/$GIFT\""
expect "api: the team escalation" "True" "$(jpy 'any(i["team"] and i["kind"] == "air_return" for i in d["items"])')"
check_lacks "api: no names from records" "$TMP/body" "SECRET-"
expect "api: megan's (psd)" 200 "$(get megan /api/v1/notifications)"
check_lacks "api: never another's list" "$TMP/body" "\"href\":\"/air/mine\""
expect "api: not signed in" 401 "$(req "$URL/api/v1/notifications")"
expect "api: changed since a later day" 200 "$(get tom "/api/v1/notifications?changed_since=2099-01-01")"
expect "api: nothing arose since" 0 "$(jpy 'd["total"]')"
expect "api: a bad changed_since names its field" 400 "$(get tom "/api/v1/notifications?changed_since=2026-13-01")"
expect "api: field changed_since" changed_since "$(jpy 'd["error"]["field"]')"
expect "admin page" 200 "$(get adam /admin/notifications)"
check_has "admin: windows" "$TMP/body" "Annual integrity review to sign off"
expect "bad window" 400 "$(post_csrf adam /admin/notifications --data-urlencode "kind=air_return" --data-urlencode "before_days=0" --data-urlencode "escalate_days=-3")"
check_has "bad window named" "$TMP/body" "Days overdue before escalation must be a whole number"
expect "window set" 303 "$(post_csrf adam /admin/notifications --data-urlencode "kind=air_return" --data-urlencode "before_days=0" --data-urlencode "escalate_days=30")"
list tom >"$TMP/tom30.txt"
check_lacks "escalation follows the admin's window" "$TMP/tom30.txt" "team:air_return"
# The header count is kept between page views until something is written
# (issue 25): a web write and another process's write show at once; the
# page views' own access-log rows do not count as writes.
expect "tom home after the window change" 200 "$(get tom /)"
check_has "header count follows a web write at once" "$TMP/body" "1 thing needs you"
expect "tom home again" 200 "$(get tom /notifications)"
check_has "header count unchanged by page views" "$TMP/body" "1 thing needs you"
check "window set by another process (CLI)" "$BIN" --db "$DB" config set notify.air_return.escalate_days 7
expect "tom home after the CLI write" 200 "$(get tom /)"
check_has "header count follows another process's write at once" "$TMP/body" "2 things need you"
q "update config set value = '7' where key = 'notify.air_return.escalate_days'"

# ---- e-mail through a real SMTP server ----
MAIL=$TMP/mail; mkdir -p "$MAIL"
"$PY" "$ROOT/tests/e2e/smtp_sink.py" "$MAIL" 2>"$TMP/sink.log" &
SINK=$!
trap 'kill $SINK 2>/dev/null; kill $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 100); do [ -s "$MAIL/port" ] && break; sleep 0.1; done
[ -s "$MAIL/port" ] && ok "smtp server started" || fail "smtp server started" "$(cat "$TMP/sink.log")"
export PROBITY_SMTP_URL="smtp://127.0.0.1:$(cat "$MAIL/port")" PROBITY_MAIL_FROM="Probity <probity@force.example>"
nmail() { ls "$MAIL" | grep -c '\.eml$'; }
run() { "$BIN" --db "$DB" notify run "$@" >"$TMP/run.out" 2>&1; }
check "notify run" run
check_has "run says what it sent" "$TMP/run.out" "sent 4, to retry 0, failed 0"
expect "four digests (tom, priya, megan, aisha)" 4 "$(nmail)"
for who in tom priya megan aisha; do
	expect "one message to $who" 1 "$(grep -l "^X-Rcpt: $who@example.org" "$MAIL"/*.eml | wc -l)"
done
expect "nobody else" 0 "$(grep -L -e "^X-Rcpt: tom@" -e "^X-Rcpt: priya@" -e "^X-Rcpt: megan@" -e "^X-Rcpt: aisha@" "$MAIL"/*.eml | wc -l)"
cat "$MAIL"/*.eml >"$TMP/all.eml"
check_lacks "no planted string in any message" "$TMP/all.eml" "SECRET-"
for s in Priya Nair Sean O\'Leary Kowalski organised_crime "organised crime" INT9001; do
	check_lacks "no '$s' in any message" "$TMP/all.eml" "$s"
done
T=$(grep -l "^X-Rcpt: tom@" "$MAIL"/*.eml)
check_has "tom: count and kind" "$T" "- 1 gift or hospitality declaration to decide"
check_has "tom: escalation" "$T" "- 1 overdue annual integrity review return in your team"
check_lacks "tom: nothing about associations" "$T" "association"
check_has "tom: link" "$T" "Sign in to see them: http://localhost:8080/"
check_has "from header, with its display name" "$T" "From: Probity <probity@force.example>"
check_has "message id from the key, at the sender's domain" "$T" "Message-ID: <daily.p"
M=$(grep -l "^X-Rcpt: megan@" "$MAIL"/*.eml)
check_has "psd: association count" "$M" "- 1 notifiable association to assess"
P=$(grep -l "^X-Rcpt: priya@" "$MAIL"/*.eml)
check_has "weekly reader with an overdue task is still sent the daily" "$P" "(1 overdue)"
expect "outbox says sent" 4 "$(q "select count(*) from notify_outbox where status = 'sent'")"
check "rerun" run
check_has "rerun queues nothing" "$TMP/run.out" "queued 0 messages"
expect "rerun sends nothing again" 4 "$(nmail)"

# ---- a SIGKILL at each point of a send: nothing lost, nothing doubled ----
# Each phase runs on a new day, so each day's four digests are new messages.
killrun() {   # killrun PHASE DAY: stop the sender at message 2's PHASE, SIGKILL it, run again
	before=$(nmail)
	: >"$TMP/k.err"   # emptied before the sender starts, so the wait below sees only its own line
	PROBITY_TODAY=$2 PROBITY_NOTIFY_PAUSE=2:$1 "$BIN" --db "$DB" notify run >"$TMP/k.out" 2>"$TMP/k.err" &
	K=$!
	for _ in $(seq 1 1200); do grep -q "notify: paused" "$TMP/k.err" && break; sleep 0.05; done
	grep -q "notify: paused" "$TMP/k.err" && ok "$1: sender paused" || fail "$1: sender paused" "$(cat "$TMP/k.err" "$TMP/k.out")"
	kill -9 $K; wait $K 2>/dev/null
	case $1 in sent) want=2;; *) want=1;; esac
	for _ in $(seq 1 1200); do [ "$(nmail)" -ge $((before + want)) ] && break; sleep 0.05; done
	expect "$1: delivered before the kill" $((before + want)) "$(nmail)"
	PROBITY_TODAY=$2 "$BIN" --db "$DB" notify run >"$TMP/k2.out" 2>&1
	expect "$1: all delivered after the rerun" $((before + 4)) "$(nmail)"
	for who in tom priya megan aisha; do
		n=$(grep -l "^X-Rcpt: $who@example.org" "$MAIL"/*.eml | xargs grep -l "Message-ID: <daily.[ap][0-9]*.$2@" | wc -l)
		expect "$1: $who's digest for $2 exactly once" 1 "$n"
	done
	expect "$1: none left in the outbox" 0 "$(q "select count(*) from notify_outbox where status <> 'sent'")"
}
killrun claimed 2026-12-08
killrun body 2026-12-09
killrun sent 2026-12-10

# ---- failures retried with back-off and shown to the administrator ----
PROBITY_TODAY=2026-12-11 run --smtp-url "smtp://127.0.0.1:1"
check_has "unreachable relay: retried later" "$TMP/run.out" "sent 0, to retry 4, failed 0"
expect "back-off: not due again at once" 0 "$(q "select count(*) from notify_outbox where status = 'queued' and next_try <= '$(date -u +%Y-%m-%dT%H:%M:%SZ)'")"
expect "admin page shows the failures" 200 "$(get adam /admin/notifications)"
check_has "admin: retrying listed" "$TMP/body" "tom@example.org"
check_has "admin: counts" "$TMP/body" "4 queued"
q "update notify_outbox set next_try = '2000-01-01T00:00:00Z' where status = 'queued'"
PROBITY_TODAY=2026-12-11 run
check_has "retried once the relay is back" "$TMP/run.out" "sent 4, to retry 0, failed 0"
check_lacks "still nothing sensitive" "$TMP/all.eml" "SECRET-"
# ---- serve --smtp-url runs the sender beside the web server ----
before=$(nmail)
PROBITY_TODAY=2026-12-12 "$BIN" --db "$DB" serve --port 0 --quiet --smtp-url "$PROBITY_SMTP_URL" \
	--mail-from probity@force.example >"$TMP/serve2.log" 2>&1 &
S2=$!
for _ in $(seq 1 1200); do [ "$(nmail)" -ge $((before + 4)) ] && break; sleep 0.05; done
expect "serve sends the day's digests in the background" $((before + 4)) "$(nmail)"
check_has "serve logs what it sent" "$TMP/serve2.log" "probity: notify: queued 4, sent 4"
kill $S2; wait $S2 2>/dev/null
cat "$MAIL"/*.eml | grep -c "SECRET-" >"$TMP/secret.count"
expect "no planted string in any of the messages" 0 "$(cat "$TMP/secret.count")"
# ---- the sources wired later: ethics, risk, vetting appeals, dip samples, RPRP ----
"$BIN" --db "$DB" user add dee --password-file "$TMP/pw" --role dcc >/dev/null
"$BIN" --db "$DB" user add sam --password-file "$TMP/pw" --role scrutiny >/dev/null
"$BIN" --db "$DB" user role aisha +ethics_panel >/dev/null
q "insert into ethics_members(account_id, independent, chair, term_start) values($(acc aisha), 1, 1, '2020-01-01')"
q "insert into ethics_dilemmas(mode, raiser_id, raised_on, situation, urgency, status, last_seq)
   values('named', $(acc priya), '2026-12-01', 'SECRET-DILEMMA', 'routine', 'received', 1)"
D=$(q "select id from ethics_dilemmas where situation = 'SECRET-DILEMMA'")
q "insert into ethics_messages(dilemma_id, seq, author, day, body) values($D, 1, 'panel', '2026-12-02', 'SECRET-QUESTION')"
q "insert into ethics_dilemmas(mode, raiser_id, raised_on, situation, urgency, status)
   values('named', $(acc aisha), '2026-12-01', 'SECRET-OWN-DILEMMA', 'routine', 'received')"
q "insert into risk_interventions(person_id, kind, detail, owner_id, due_date, review_date, created_by, created_at)
   values($PRIYA, 'counselling', 'SECRET-INTERVENTION', $(acc megan), '2026-12-10', '2027-03-01', $(acc megan), 'x')"
RI=$(q "select id from risk_interventions where detail = 'SECRET-INTERVENTION'")
q "insert into vetting_applications(application_ref, person_id, applicant_name, applicant_kind, level, received, outcome, created_at)
   values('VA-SECRET', $PRIYA, 'SECRET-APPLICANT', 'internal', (select min(code) from vetting_levels), '2026-10-01', 'refused', 'x')"
VA=$(q "select id from vetting_applications where application_ref = 'VA-SECRET'")
q "insert into vetting_appeals(application_id, received, grounds, created_at) values($VA, '2026-12-01', 'SECRET-GROUNDS', 'x')"
q "insert into uof_records(id, area, incident_ref, seq, date, officer_staff_number, grp, gender, age_band, tactics, tags, reason, outcome)
   values(1, 'A', 'SECRET-INCIDENT', 1, '2026-11-01', '1003', 4, 'M', '18-24', 'x', ';x;', 'r', 'o')"
q "insert into uof_samples(id, area, from_date, to_date, size, asked, seed, strata, tactic, drawn_at)
   values(1, 'A', '2026-11-01', '2026-11-30', 1, 1, 's', '', '', '2026-12-02T10:00:00Z')"
q "insert into uof_sample_items(sample_id, position, record_id, grp) values(1, 1, 1, 4)"
q "insert into complaint_cases(case_ref, kind, received, logged) values('CO-SECRET', 'complaint', '2025-12-01', '2025-12-01')"
q "insert into complaint_allegations(case_id, allegation_ref, subject_id, category_id, outcome)
   values((select id from complaint_cases where case_ref = 'CO-SECRET'), 'A1', $PRIYA, (select min(id) from complaint_categories), 'reflective_practice')"
q "insert into complaint_rprp(allegation_id, summary_issue, summary_discussion, actions, lessons_officer, lessons_force, review_date, recorded_at)
   values((select max(id) from complaint_allegations), 'SECRET-RPRP', 'd', '2026-01-01 x', 'o', 'f', '2026-12-20', 'x')"
list aisha >"$TMP/chair.txt"
check_has "ethics chair: dilemma to triage" "$TMP/chair.txt" "ethics_triage	2026-12-14	0	/ethics/panel/$D"
expect "ethics chair: not the dilemma she raised" 1 "$(grep -c ethics_triage "$TMP/chair.txt")"
list priya >"$TMP/priya2.txt"
check_has "named asker: the panel's question" "$TMP/priya2.txt" "ethics_question	2026-12-15	0	/ethics/mine/$D"
check_lacks "subject: not told of the intervention about her" "$TMP/priya2.txt" "risk_"
check_lacks "subject: not told of her appeal's decision queue" "$TMP/priya2.txt" "vetting_appeal"
check_lacks "subject: not told of her RPRP review" "$TMP/priya2.txt" "rprp_review"
list megan >"$TMP/megan2.txt"
check_has "owner: intervention due" "$TMP/megan2.txt" "risk_intervention_due	2026-12-10	0	/risk/interventions/$RI"
check_has "psd: RPRP review due" "$TMP/megan2.txt" "rprp_review	2026-12-20	0	/complaints"
list dee >"$TMP/dee.txt"
check_has "dcc: vetting appeal to decide" "$TMP/dee.txt" "vetting_appeal	2026-12-28	0	/vetting/applications/$VA"
list sam >"$TMP/sam.txt"
check_has "scrutiny: dip sample to assess" "$TMP/sam.txt" "uof_sample	-	0	/useofforce/samples/1"
list tom >"$TMP/tom2.txt"
for k in ethics_ risk_ vetting_appeal uof_sample rprp_review; do
	check_lacks "manager: no $k" "$TMP/tom2.txt" "$k"
done
expect "rprp review done refused to a manager" 403 "$(post_csrf tom /complaints/case/rprp/reviewed --data-urlencode "ref=CO-SECRET" --data-urlencode "rprp_allegation=A1")"
expect "rprp review marked done by psd" 303 "$(post_csrf megan /complaints/case/rprp/reviewed --data-urlencode "ref=CO-SECRET" --data-urlencode "rprp_allegation=A1")"
expect "rprp review done logged" 1 "$(q "select count(*) from access_log where action = 'review' and object_type = 'complaint_case' and outcome = 'ok'")"
list megan >"$TMP/megan3.txt"
check_lacks "psd: RPRP review gone once done" "$TMP/megan3.txt" "rprp_review"
PROBITY_TODAY=2026-12-13 run
check_has "the new sources' digests sent" "$TMP/run.out" "failed 0"
cat "$MAIL"/*.eml >"$TMP/all.eml"
check_lacks "no planted string from the new sources in any message" "$TMP/all.eml" "SECRET-"
check_has "a new kind's count line" "$TMP/all.eml" "- 1 ethics dilemma to triage"
finish
