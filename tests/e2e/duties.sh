#!/bin/sh
# tests/e2e/duties.sh — separation of duties over HTTP (src/domain/duty.h).
#
# Part 1, MATRIX: for each demo login's role and each read and decision
# route, on a record of which that login is the subject and on another
# person's record, the expected outcome: A allowed (200/303), D refused
# (403), - not applicable (scrutiny and pcc have no staff record, so are the
# subject of nothing). Decision routes are posted with one required field
# missing, so an allowed cell answers with the form's error (nothing
# changes) and a refused one with 403: the matrix never moves a record on.
#
# Part 2, DECISIONS: every decision route, tried first by the person the
# record is about (403, and an access-log row naming separation of duties)
# and then by someone else holding the right role (allowed, and done). A new
# decision route is one line in the table. Before it, the issue's
# reproductions as pages: the form is not offered to the subject.
#
# Fixture: `probity demo` (the twelve role logins), five extra role accounts
# without a staff record (psd2, acu2, vetting2, dcc2, gov2: "someone else
# with the right role"), and p0, a member of the manager login's team, as
# the "other person". Declarations are made over HTTP by their subjects;
# states a record would reach only after days of workflow (awaiting PSD, a
# submitted AIR return, a finding proposed complete, an ICT alert) are set
# in the database, as the demo generator does.
. "$(dirname "$0")/../lib.sh"

DB=$TMP/duties.db
PW=demo-password-2026
XPW=duties-extra-account-2026!

if demo_force "$DB" >"$TMP/demo.out" 2>&1; then ok "demo force built"; else
	fail "demo force built" "$(head -c 400 "$TMP/demo.out")"; finish; exit 1; fi
printf '%s\n' "$XPW" >"$TMP/xpw"
for a in "psd2 psd" "acu2 acu" "vetting2 vetting" "dcc2 dcc" "gov2 governance" "reviewer2 reviewer"; do
	set -- $a
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/xpw" --role "$2" >/dev/null 2>&1 ||
		fail "account $1" "$("$BIN" --db "$DB" user add "$1" --password-file "$TMP/xpw" --role "$2" 2>&1)"
done
# p0: a member of the manager login's team who is no login of the demo
P0SN=$(q "SELECT p.staff_number FROM people p WHERE p.manager_id = (SELECT person_id FROM accounts WHERE username = 'manager')
          AND p.id NOT IN (SELECT person_id FROM accounts WHERE person_id IS NOT NULL) AND p.leave_date = '' ORDER BY p.id LIMIT 1")
"$BIN" --db "$DB" user add p0 --password-file "$TMP/xpw" --staff-number "$P0SN" >/dev/null 2>&1
[ -n "$P0SN" ] && ok "another person in the manager's team" || fail "another person in the manager's team"
start_server "$DB"

# ---- HTTP helpers: tests/lib.sh (post_csrf adds the session's CSRF token) ----
trim() { printf '%s' "$1" | sed 's/^ *//; s/ *$//'; }
newid() { sed -n 's/^[Ll]ocation: [^?]*\/\([0-9][0-9]*\).*/\1/p' "$TMP/headers" | tr -d '\r' | head -1; }
sod_rows() { q "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND detail LIKE 'separation of duties%'"; }
val() { eval "printf '%s' \"\${$1_$2}\""; }

ROLES="staff manager psd acu vetting reviewer dcc governance ethics scrutiny pcc admin"
PEOPLE="staff manager psd acu vetting reviewer dcc governance ethics admin p0"
for u in $ROLES; do expect "sign in $u" 303 "$(login "$u" "$PW")"; done
for u in psd2 acu2 vetting2 dcc2 gov2 reviewer2 p0; do expect "sign in $u" 303 "$(login "$u" "$XPW")"; done

# ---- records: each person-login (and p0) is the subject of one of each kind ----
CID=$(q "SELECT MIN(id) FROM contracts")
FINDINGS=$(q "SELECT id FROM findings ORDER BY id LIMIT 11" | tr '\n' ' ')
F_repro=$(q "SELECT id FROM findings ORDER BY id LIMIT 1 OFFSET 11")
n=0
for u in $PEOPLE; do
	n=$((n + 1))
	eval "P_$u=\$(q \"SELECT person_id FROM accounts WHERE username = '$u'\")"
	pid=$(val P "$u")
	eval "SN_$u=\$(q \"SELECT staff_number FROM people WHERE id = $pid\")"
	for g in G1 G2; do
		post_csrf "$u" /gifts -d accepted=yes -d kind=hospitality -d date_offered=2026-01-05 -d value=500.00 \
			--data-urlencode "offeror_org=Duties Catering $g" -d "description=Dinner" -d "reason=Launch event" >/dev/null
		eval "${g}_$u=$(newid)"
	done
	for i in I1 I2; do
		post_csrf "$u" /interests -d kind=second_job --data-urlencode "organisation=Duties $i Services $u" \
			-d "description=Weekend work" -d hours_per_week=8 -d start_date=2026-01-01 -d "conflict=None" >/dev/null
		eval "${i}_$u=$(newid)"
	done
	post_csrf "$u" /associations --data-urlencode "associate_name=Associate of $u" -d associate_ref=P765432 \
		-d category=criminal_record -d "relationship=Neighbour" -d contact_frequency=Monthly -d began_on=2012-09-01 >/dev/null
	eval "A_$u=$(newid)"
	post_csrf "$u" /circumstances -d kind=criminal_justice -d cj_subtype=arrest -d subject=self -d "details=Arrested" \
		-d event_date=2026-01-02 -d referral=none >/dev/null
	eval "C_$u=$(newid)"
	eval "T_$u=\$(q \"SELECT COALESCE(task_id, 0) FROM circumstances WHERE id = $(val C "$u")\")"
	maker=admin; [ "$u" = admin ] && maker=vetting
	post_csrf "$maker" /vetting/applications --data-urlencode "applicant_name=Applicant $u" -d "staff_number=$(val SN "$u")" \
		-d kind=internal -d level=MV -d received=2026-01-05 >/dev/null
	eval "V_$u=$(newid)"
	q "INSERT INTO audit_alerts(rule, user, key, first_ts, rule_version, count, detail, created_at)
	   VALUES(4, '$(val SN "$u")', 'duties-$u', '2026-01-05T10:00:00', 1, 90, 'volume', '2026-01-05T12:00:00Z')"
	eval "AL_$u=\$(q \"SELECT id FROM audit_alerts WHERE key = 'duties-$u'\")"
	f=$(echo "$FINDINGS" | cut -d' ' -f$n)
	eval "F_$u=$f"
	q "UPDATE findings SET owner_person_id = $pid, status = 'proposed_complete' WHERE id = $f;
	   INSERT INTO finding_status_history(finding_id, status, at, account_id, by_name, note, evidence, board, board_date,
	     caveat, rationale, risk_accepted, revisit)
	   VALUES($f, 'proposed_complete', '2026-01-06T09:00:00Z', (SELECT id FROM accounts WHERE username = 'gov2'),
	     'gov2', '', 'Evidence', '', '', '', '', '', '')"
	eval "R_$u=\$(q \"SELECT COALESCE(MAX(id), 0) FROM air_returns WHERE person_id = $pid\")"
	q "UPDATE air_returns SET status = 'submitted', anything_changed = 0, submitted_at = '2026-01-06T09:00:00Z'
	   WHERE id = $(val R "$u")"
	# an intelligence item about them, awaiting the reviewer login's review (owner and creator: acu2)
	q "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, owner_id, created_by,
	     status, reviewer_id, proposed_outcome, created_at)
	   VALUES('INTD-$u', '2026-01-05', 'named', '3x5x2', '1AP', 'systems', (SELECT id FROM accounts WHERE username = 'acu2'),
	     (SELECT id FROM accounts WHERE username = 'acu2'), 'awaiting_review', (SELECT id FROM accounts WHERE username = 'reviewer'),
	     'Advice', '2026-01-05T10:00:00Z');
	   INSERT INTO intel_subjects(item_id, person_id) SELECT id, $pid FROM intel_items WHERE reference = 'INTD-$u'"
	eval "IN_$u=\$(q \"SELECT id FROM intel_items WHERE reference = 'INTD-$u'\")"
	q "UPDATE gifts SET status = 'awaiting_psd' WHERE id = $(val G2 "$u");
	   UPDATE business_interests SET status = 'awaiting_psd' WHERE id = $(val I2 "$u")"
done
bad=""
for u in $PEOPLE; do for k in G1 G2 I1 I2 A C T V AL F R IN; do
	case "$(val $k "$u")" in ''|0|*[!0-9]*) bad="$bad ${k}_$u";; esac
done; done
[ -z "$bad" ] && ok "every login is the subject of one record of each kind" || fail "fixture records" "$bad"
# complaint cases: D-<login> has one allegation about that login (or p0); D-psd is under review by the PCC's office
{ echo "case_ref,kind,received,logged,contacted,schedule3,sch3_reason,handling,finalised"
  for u in $PEOPLE; do echo "D-$u,complaint,2026-01-02,2026-01-05,,yes,complainant_wishes,local_investigation,"; done
} >"$TMP/dcases.csv"
{ echo "case_ref,allegation_ref,subject_staff_number,category,outcome,finalised"
  for u in $PEOPLE; do echo "D-$u,A1,$(val SN "$u"),Other,,"; done
} >"$TMP/dalleg.csv"
printf 'case_ref,review_body,requested,completed,result\nD-psd,lpb,2026-01-10,,\n' >"$TMP/dreviews.csv"
check "complaint cases about each login" "$BIN" --db "$DB" complaints import "$TMP/dcases.csv" "$TMP/dalleg.csv" "$TMP/dreviews.csv"
# risk: a tasking meeting (chaired by acu2) with every login on its agenda, and an open intervention about each
q "INSERT INTO risk_meetings(held_on, chair_id, created_at) VALUES('2026-01-12', (SELECT id FROM accounts WHERE username = 'acu2'), '2026-01-12T10:00:00Z')"
RM=$(q "SELECT MAX(id) FROM risk_meetings")
for u in $PEOPLE; do
	q "INSERT INTO risk_agenda(meeting_id, person_id, reason) VALUES($RM, $(val P "$u"), 'added');
	   INSERT INTO risk_interventions(person_id, meeting_id, kind, owner_id, due_date, review_date, created_by, created_at)
	   VALUES($(val P "$u"), $RM, 'counselling', (SELECT id FROM accounts WHERE username = 'psd2'), '2026-02-01', '2026-03-01',
	     (SELECT id FROM accounts WHERE username = 'acu2'), '2026-01-12T10:00:00Z')"
	eval "RI_$u=\$(q \"SELECT MAX(id) FROM risk_interventions WHERE person_id = $(val P "$u")\")"
done

# ---- part 1: the role x route x record matrix ----
# Route ids: .r a read (GET), .d a decision posted with a required field
# missing. Columns, in order: staff manager psd acu vetting reviewer dcc
# governance ethics scrutiny pcc admin. own: the login's own record; other:
# p0's (a member of the manager login's team). C: 409, out of turn (the
# line manager, who has decided, at the PSD step).
route() { # route-id subject -> method path form
	u=$2
	case "$1" in
	gift.r) echo "GET /gifts/$(val G1 "$u")";;
	gift.manager.d) echo "POST /gifts/$(val G1 "$u")/decision decision=refused";;
	gift.psd.d) echo "POST /gifts/$(val G2 "$u")/decision decision=refused";;
	interest.r) echo "GET /interests/$(val I1 "$u")";;
	interest.recommend.d) echo "POST /interests/$(val I1 "$u")/recommend recommendation=do_not_support";;
	interest.psd.d) echo "POST /interests/$(val I2 "$u")/decision decision=refused";;
	assoc.r) echo "GET /associations/$(val A "$u")";;
	assoc.assess.d) echo "POST /associations/$(val A "$u")/assessment risk=high";;
	circ.r) echo "GET /circumstances/$(val C "$u")";;
	task.close.d) echo "POST /vetting/tasks/$(val T "$u")/close outcome=";;
	vapp.r) echo "GET /vetting/applications/$(val V "$u")";;
	vapp.create.d) echo "POST /vetting/applications staff_number=$(val SN "$u")";;
	vapp.stages.d) echo "POST /vetting/applications/$(val V "$u")/stages initial_done=notadate";;
	vapp.decide.d) echo "POST /vetting/applications/$(val V "$u")/decision outcome=granted";;
	vapp.equality.r) echo "GET /vetting/applications/$(val V "$u")/equality";;
	clearance.r) echo "GET /vetting/people/$(val P "$u")";;
	clearance.add.d) echo "POST /vetting/people/$(val P "$u")/clearances level=";;
	alert.r) echo "GET /audit/alerts/$(val AL "$u")";;
	alert.decide.d) echo "POST /audit/alerts/$(val AL "$u")/decision decision=nfa";;
	alert.mute.d) echo "POST /audit/alerts/$(val AL "$u")/mute until=";;
	flag.r) echo "GET /procurement/flags/$CID/gift/$(val G1 "$u")";;
	flag.review.d) echo "POST /procurement/flags/$CID/gift/$(val G1 "$u")/review outcome=no_concern";;
	finding.r) echo "GET /findings/$(val F "$u")";;
	finding.signoff.d) echo "POST /findings/$(val F "$u")/status status=signed_off";;
	air.r) echo "GET /air/returns/$(val R "$u")";;
	air.signoff.d) echo "POST /air/returns/$(val R "$u")/signoff conversation=";;
	intel.r) echo "GET /intel/items/$(val IN "$u")";;
	complaint.r) echo "GET /complaints/case?ref=D-$u";;
	risk.r) echo "GET /risk/people/$(val P "$u")";;
	risk.decide.d) echo "POST /risk/meetings/$RM/decisions person_id=$(val P "$u") decision=";;
	risk.close.d) echo "POST /risk/interventions/$(val RI "$u")/close status=completed outcome=";;
	esac
}
cells=0
mismatch=0
while read -r rid own other; do
	case "$rid" in ''|\#*) continue;; esac
	i=0
	for u in $ROLES; do
		i=$((i + 1))
		for which in own other; do
			if [ "$which" = own ]; then want=$(echo "$own" | cut -c$i); subj=$u; else want=$(echo "$other" | cut -c$i); subj=p0; fi
			[ "$want" = - ] && continue
			set -f; set -- $(route "$rid" "$subj"); set +f
			m=$1; p=$2; shift 2
			if [ "$m" = GET ]; then code=$(get "$u" "$p"); else
				args=""; for kv in "$@"; do args="$args --data-urlencode $kv"; done
				# shellcheck disable=SC2086
				code=$(post_csrf "$u" "$p" $args)
			fi
			# 400 is let in too: the handler re-showed the form with its errors
			case "$code" in 200|303|400) got=A;; 403) got=D;; 409) got=C;; *) got="?$code";; esac
			cells=$((cells + 1))
			if [ "$got" != "$want" ]; then
				mismatch=$((mismatch + 1))
				fail "matrix $rid as $u on $which record" "expected $want, got $got ($m $p)"
			fi
		done
	done
done <<'EOF'
# route              own           other
#                    smpavrdgespca smpavrdgespca
gift.r               AAAAAAAAA--A  DAADDDDDDDDA
gift.manager.d       DDDDDDDDD--D  DADDDDDDDDDD
gift.psd.d           DDDDDDDDD--D  DCADDDDDDDDD
interest.r           AAAAAAAAA--A  DAADDDADDDDA
interest.recommend.d DDDDDDDDD--D  DADDDDDDDDDD
interest.psd.d       DDDDDDDDD--D  DDADDDDDDDDD
assoc.r              AAAAAAAAA--A  DDAADDDDDDDD
assoc.assess.d       DDDDDDDDD--D  DDADDDDDDDDD
circ.r               AAAAAAAAA--A  DDADADDDDDDD
task.close.d         DDDDDDDDD--D  DDDDADDDDDDA
vapp.r               DDDDDDDDD--D  DDDDADDDDDDA
vapp.create.d        DDDDDDDDD--D  DDDDADDDDDDA
vapp.stages.d        DDDDDDDDD--D  DDDDADDDDDDA
vapp.decide.d        DDDDDDDDD--D  DDDDADDDDDDA
vapp.equality.r      DDDDDDDDD--D  DDDDDDDDDDDD
clearance.r          DDDDADDDD--A  DDDDADDDDDDA
clearance.add.d      DDDDDDDDD--D  DDDDADDDDDDA
alert.r              DDDADDDDD--D  DDDADDDDDDDD
alert.decide.d       DDDDDDDDD--D  DDDADDDDDDDD
alert.mute.d         DDDDDDDDD--D  DDDADDDDDDDD
flag.r               DDAADDDDD--A  DDAADDDDDDDA
flag.review.d        DDDDDDDDD--D  DDADDDDDDDDD
finding.r            DDDDDDAAD--A  DDDDDDAADAAA
finding.signoff.d    DDDDDDDDD--D  DDDDDDAADDDD
air.r                AAAAAAAAA--A  DAADADDDDDDA
air.signoff.d        DDDDDDDDD--D  DADDDDDDDDDD
intel.r              DDDDDDDDD--D  DDDADADDDDDD
complaint.r          DDDDDDDDD--D  DDADDDDDDDDD
risk.r               DDDDDDDDD--D  DDAADDDDDDDD
risk.decide.d        DDDDDDDDD--D  DDAADDDDDDDD
risk.close.d         DDDDDDDDD--D  DDAADDDDDDDD
EOF
[ "$mismatch" = 0 ] && ok "matrix: $cells cells as expected" || fail "matrix: $mismatch of $cells cells differ"
# ---- the issue's reproductions, as pages: the form is not offered ----
q "UPDATE findings SET status = 'in_progress' WHERE id = $F_repro"
expect "governance proposes a finding complete" 303 "$(post_csrf governance "/findings/$F_repro/status" -d status=proposed_complete -d evidence=Done -d confirm=yes)"
get governance "/findings/$F_repro" >/dev/null
check_lacks "the proposer is not offered the sign-off" "$TMP/body" 'value="signed_off"'
get dcc "/findings/$F_repro" >/dev/null
check_has "another board member is offered it" "$TMP/body" 'value="signed_off"'
expect "the proposer's sign-off is refused" 403 "$(post_csrf governance "/findings/$F_repro/status" -d status=signed_off -d board=Board -d board_date=2026-02-01 -d confirm=yes)"
get vetting "/vetting/tasks?status=open&page=1" >/dev/null
check_lacks "her own task offers no close" "$TMP/body" "/vetting/tasks/$T_vetting/close"
get acu "/audit/alerts/$AL_staff" >/dev/null
check_has "another's alert offers the decision" "$TMP/body" "/audit/alerts/$AL_staff/decision"
get acu "/audit/alerts/$AL_acu" >/dev/null
check_lacks "her own alert offers no decision" "$TMP/body" "/audit/alerts/$AL_acu/decision"
check_lacks "nor a mute" "$TMP/body" "/audit/alerts/$AL_acu/mute"
get psd "/procurement/flags/$CID/gift/$G2_psd" >/dev/null
check_lacks "the flag on her own gift offers no review" "$TMP/body" "/review"
get psd "/procurement/flags/$CID/gift/$G2_staff" >/dev/null
check_has "a flag on another's gift offers the review" "$TMP/body" "/review"

# ---- part 2: decision routes, as the subject (403 + log row) then as another with the role ----
# name | record owner | subject | other with the role | path (@ = the record id) | form
while IFS='|' read -r name owner subj other path form; do
	case "$name" in ''|\#*) continue;; esac
	name=$(trim "$name"); owner=$(trim "$owner"); subj=$(trim "$subj"); other=$(trim "$other"); path=$(trim "$path")
	set -f; set -- $form; set +f
	args=""
	for kv in "$@"; do args="$args --data-urlencode $kv"; done
	id=""
	case "$path" in *@G1*) id=$(val G1 "$owner");; *@G2*) id=$(val G2 "$owner");; *@I2*) id=$(val I2 "$owner");;
	*@I1*) id=$(val I1 "$owner");; *@AL*) id=$(val AL "$owner");; *@A*) id=$(val A "$owner");;
	*@T*) id=$(val T "$owner");; *@V*) id=$(val V "$owner");; *@F*) id=$(val F "$owner");; *@R*) id=$(val R "$owner");; *@P*) id=$(val P "$owner");; esac
	p=$(echo "$path" | sed "s/@[A-Z0-9]*/$id/; s/{cid}/$CID/; s/{sn}/$(val SN "$owner")/")
	args=$(echo "$args" | sed "s/{sn}/$(val SN "$owner")/g")
	before=$(sod_rows)
	# shellcheck disable=SC2086
	expect "$name: refused to the subject ($subj)" 403 "$(post_csrf "$subj" "$p" $args)"
	expect "$name: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
	# shellcheck disable=SC2086
	code=$(post_csrf "$other" "$p" $args)
	case "$code" in 200|303) ok "$name: allowed to $other";; *) fail "$name: allowed to $other" "HTTP $code $(head -c 300 "$TMP/body")";; esac
done <<'EOF'
# the line manager's step on the report's gift; the PSD step on the PSD officer's own
gift manager decision  |staff |staff |manager |/gifts/@G1/decision |decision=approved comment=Fine
gift PSD decision      |psd   |psd   |psd2    |/gifts/@G2/decision |decision=approved comment=Fine
procurement flag review|psd   |psd   |psd2    |/procurement/flags/{cid}/gift/@G1/review |outcome=no_concern note=Checked
interest recommendation|staff |staff |manager |/interests/@I1/recommend |recommendation=support manager_comment=Fine
interest PSD decision  |psd   |psd   |psd2    |/interests/@I2/decision |decision=approved
interest review        |psd   |psd   |psd2    |/interests/@I2/review |outcome=confirmed
association assessment |psd   |psd   |psd2    |/associations/@A/assessment |risk=low review_date=2027-06-01
vetting task close     |vetting |vetting |vetting2 |/vetting/tasks/@T/close |outcome=Reviewed
vetting application    |vetting |vetting |vetting2 |/vetting/applications |applicant_name=Self staff_number={sn} kind=internal level=MV received=2026-01-05
application stages     |vetting |vetting |vetting2 |/vetting/applications/@V/stages |initial_done=2026-01-10
application decision   |vetting |vetting |vetting2 |/vetting/applications/@V/decision |outcome=refused stage=full ground=honesty rationale=Undisclosed decided=2026-01-20
application appeal     |vetting |vetting |vetting2 |/vetting/applications/@V/appeal |appeal_received=2026-01-25 grounds=Spent
clearance              |vetting |vetting |vetting2 |/vetting/people/@P/clearances |level=MV granted=2026-01-01
ICT alert decision     |acu   |acu   |acu2    |/audit/alerts/@AL/decision |decision=nfa note=Legitimate
ICT rule mute          |acu   |acu   |acu2    |/audit/alerts/@AL/mute |until=2027-01-01 mute_reason=Project
finding sign-off       |governance |governance |dcc |/findings/@F/status |status=signed_off board=Force_board board_date=2026-02-01 confirm=yes
AIR sign-off           |staff |staff |manager |/air/returns/@R/signoff |conversation=Discussed
EOF

# the interest appeal and the vetting appeal are decided by the DCC: the DCC's own
q "UPDATE business_interests SET status = 'refused', appeal_status = 'pending', appeal_of = 'refusal',
   appeal_grounds = 'x' WHERE id = $I1_dcc"
before=$(sod_rows)
expect "interest appeal decision: refused to the subject (dcc)" 403 "$(post_csrf dcc "/interests/$I1_dcc/appeal-decision" -d outcome=upheld -d appeal_reason=x)"
expect "interest appeal decision: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
expect "interest appeal decision: allowed to dcc2" 303 "$(post_csrf dcc2 "/interests/$I1_dcc/appeal-decision" -d outcome=upheld -d appeal_reason=Proportionate)"
expect "dcc's application refused" 303 "$(post_csrf vetting2 "/vetting/applications/$V_dcc/decision" -d outcome=refused -d stage=full -d ground=honesty -d rationale=x -d decided=2026-01-20)"
expect "dcc's appeal lodged" 303 "$(post_csrf vetting2 "/vetting/applications/$V_dcc/appeal" -d appeal_received=2026-01-25 -d grounds=x)"
before=$(sod_rows)
expect "vetting appeal decision: refused to the subject (dcc)" 403 "$(post_csrf dcc "/vetting/applications/$V_dcc/appeal/decision" -d appeal_outcome=upheld -d reason=x -d appeal_decided=2026-02-01)"
expect "vetting appeal decision: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
expect "vetting appeal decision: allowed to dcc2" 303 "$(post_csrf dcc2 "/vetting/applications/$V_dcc/appeal/decision" -d appeal_outcome=upheld -d reason=Sound -d appeal_decided=2026-02-01)"

# an intelligence item's closure is reviewed by neither its owner, its creator nor a subject
q "UPDATE intel_items SET created_by = (SELECT id FROM accounts WHERE username = 'reviewer') WHERE id = $IN_p0"
before=$(sod_rows)
expect "intel closure review: refused to its creator (reviewer)" 403 "$(post_csrf reviewer "/intel/items/$IN_p0/review" -d decision=approve)"
expect "intel closure review: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
q "UPDATE intel_items SET reviewer_id = (SELECT id FROM accounts WHERE username = 'reviewer2') WHERE id = $IN_p0"
expect "intel closure review: allowed to reviewer2" 303 "$(post_csrf reviewer2 "/intel/items/$IN_p0/review" -d decision=approve)"
# risk: a tasking decision and an intervention's closure about the ACU officer, by her (403 + log row), then by acu2
before=$(sod_rows)
expect "risk decision: refused to the subject (acu)" 403 "$(post_csrf acu "/risk/meetings/$RM/decisions" -d "person_id=$P_acu" -d decision=Plan)"
expect "risk decision: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
expect "risk decision: allowed to acu2" 303 "$(post_csrf acu2 "/risk/meetings/$RM/decisions" -d "person_id=$P_acu" -d decision=Plan)"
before=$(sod_rows)
expect "risk intervention close: refused to the subject (acu)" 403 "$(post_csrf acu "/risk/interventions/$RI_acu/close" -d status=completed -d outcome=Done -d substantiated=no)"
expect "risk intervention close: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
expect "risk intervention close: allowed to acu2" 303 "$(post_csrf acu2 "/risk/interventions/$RI_acu/close" -d status=completed -d outcome=Done -d substantiated=no)"
# complaints: every decision on a case about the PSD officer, by them (403 + log row), then by psd2 (or the pcc for its review)
while IFS='|' read -r name other path form; do
	case "$name" in ''|\#*) continue;; esac
	name=$(trim "$name"); other=$(trim "$other"); path=$(trim "$path")
	PRID=$(q "SELECT COALESCE(MAX(x.id), 0) FROM complaint_proceedings x JOIN complaint_cases c ON c.id = x.case_id WHERE c.case_ref = 'D-psd'")
	p=$(echo "$path" | sed "s/@PR/$PRID/")
	set -f; set -- $(echo "$form" | sed "s/{sn}/$SN_psd/g"); set +f
	args=""
	for kv in "$@"; do args="$args --data-urlencode $kv"; done
	before=$(sod_rows)
	# shellcheck disable=SC2086
	expect "$name: refused to the subject (psd)" 403 "$(post_csrf psd "$p" $args)"
	expect "$name: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
	# shellcheck disable=SC2086
	expect "$name: allowed to $other" 303 "$(post_csrf "$other" "$p" $args)"
done <<'EOF'
complaint outcome       |psd2 |/complaints/case/decide |ref=D-psd allegation=A1 outcome=no_further_action
reflective practice     |psd2 |/complaints/case/rprp |ref=D-psd rprp_allegation=A1 summary_issue=Late summary_discussion=Talked actions=2027-01-01_Course lessons_officer=Plan lessons_force=Brief
RPRP review done        |psd2 |/complaints/case/rprp/reviewed |ref=D-psd rprp_allegation=A1
learning recommendation |psd2 |/complaints/case/learning |ref=D-psd origin=local text=Brief_the_team
misconduct proceedings  |psd2 |/complaints/case/proceedings |ref=D-psd kind=meeting held_on=2026-03-01 venue=HQ subject={sn} allegations=Late public=0 withheld=0
proceedings outcome     |psd2 |/complaints/proceedings/@PR/decide |ref=D-psd finding=misconduct outcome=written_warning
complaint review (PCC)  |pcc  |/complaints/case/review |ref=D-psd body=lpb completed=2026-02-01 result=upheld
EOF
# use of force: a body-worn video dip-sample record is assessed by the scrutiny panel, never by the
# officer who used the force (a panel member who is also that officer: 403 + log row; the panel login: done)
UOFS=$(q "SELECT MAX(id) FROM uof_samples")
UOFP=$(q "SELECT MIN(position) FROM uof_sample_items WHERE sample_id = $UOFS")
UOFSN=$(q "SELECT r.officer_staff_number FROM uof_sample_items i JOIN uof_records r ON r.id = i.record_id WHERE i.sample_id = $UOFS AND i.position = $UOFP")
"$BIN" --db "$DB" user add uofofficer --password-file "$TMP/xpw" --staff-number "$UOFSN" --role scrutiny >/dev/null 2>&1
expect "uof officer login" 303 "$(PW=$XPW login uofofficer)"
before=$(sod_rows)
expect "use of force dip sample: refused to the officer involved" 403 "$(post_csrf uofofficer "/useofforce/samples/$UOFS/assess" -d position=$UOFP -d verdict=proportionate)"
expect "use of force dip sample: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
expect "use of force dip sample: allowed to another panel member" 303 "$(post_csrf scrutiny "/useofforce/samples/$UOFS/assess" -d position=$UOFP -d verdict=proportionate)"


# the ethics panel: a member never triages, advises on or publishes a dilemma they raised
"$BIN" --db "$DB" user add ethics2 --password-file "$TMP/xpw" --role ethics_panel >/dev/null 2>&1
expect "sign in ethics2" 303 "$(login ethics2 "$XPW")"
expect "the chair asks the panel" 200 "$(post_csrf ethics /ethics/ask -d step=send -d "situation=Should I accept a speaking fee?" \
	-d principles=public_service -d urgency=routine -d mode=named)"
ED=$(q "SELECT MAX(d.id) FROM ethics_dilemmas d JOIN accounts a ON a.id = d.raiser_id WHERE a.username = 'ethics'")
before=$(sod_rows)
expect "ethics triage: refused to the raiser (ethics, the chair)" 403 "$(post_csrf ethics "/ethics/panel/$ED/triage" -d action=quick)"
expect "ethics triage: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
EM=$(q "SELECT t.meeting_id FROM ethics_attendance t JOIN ethics_members m ON m.id = t.member_id GROUP BY t.meeting_id
	HAVING COUNT(*) >= 5 AND SUM(m.independent) >= 2 ORDER BY t.meeting_id LIMIT 1")
q "UPDATE ethics_dilemmas SET status = 'scheduled', meeting_id = $EM WHERE id = $ED"
before=$(sod_rows)
expect "ethics advice: refused to the raiser (ethics)" 403 "$(post_csrf ethics "/ethics/panel/$ED/advice" -d advice=Fine -d feedback_due=2099-01-01)"
expect "ethics advice: the refusal is in the access log" $((before + 1)) "$(sod_rows)"
expect "ethics advice: allowed to ethics2" 303 "$(post_csrf ethics2 "/ethics/panel/$ED/advice" -d advice=Fine -d feedback_due=2099-01-01)"
before=$(sod_rows)
expect "ethics case study: refused to the raiser (ethics)" 403 "$(post_csrf ethics "/ethics/panel/$ED/publish" -d title=T -d case_situation=S)"
expect "ethics case study: the refusal is in the access log" $((before + 1)) "$(sod_rows)"

finish
