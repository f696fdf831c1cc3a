#!/bin/sh
# Retention rules (docs/deploy.md): on the demo force, with "today" moved
# to 2031-06-01, `retention report` counts what each rule would delete
# (the same counts an independent query gives) and deletes nothing;
# `retention apply` deletes exactly that in one transaction, records the
# counts (never content) in the access log, leaves everything else, and
# keeps a rule set to 0 for ever.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
demo_force "$DB" >/dev/null 2>&1 || { fail "demo"; finish; exit 1; }
export PROBITY_TODAY=2031-06-01
# three people with an interest, an association and a circumstance left in 2024
for t in business_interests notifiable_associations circumstances; do
	q "update people set leave_date = '2024-03-31' where id = (select min(person_id) from $t where person_id in (select id from people where leave_date = ''))"
done
G=2025-06-01   # 6 years for declarations after leaving and closed intelligence
A=2030-06-01   # 365 days for idle anonymous threads

GIFTS_DUE="select count(*) from gifts g join people p on p.id = g.person_id where p.leave_date <> '' and p.leave_date < '$G'"
INTEL_DUE="select count(*) from intel_items where status = 'closed' and closed <> '' and closed < '$G'"
LEFT="(select id from people where leave_date <> '' and leave_date < '$G')"
BI_DUE="select count(*) from business_interests where person_id in $LEFT"
NA_DUE="select count(*) from notifiable_associations where person_id in $LEFT"
CC_DUE="select count(*) from circumstances where person_id in $LEFT"
ANON_DUE="select count(*) from anon_reports r where r.status <> 'converted' and r.item_id is null and coalesce((select max(day) from anon_messages m where m.report_id = r.id), r.received) < '$A'"
gd=$(q "$GIFTS_DUE"); id=$(q "$INTEL_DUE"); ad=$(q "$ANON_DUE")
gifts=$(q "select count(*) from gifts"); intel=$(q "select count(*) from intel_items"); anon=$(q "select count(*) from anon_reports")
[ "$gd" -gt 0 ] && [ "$id" -gt 0 ] && [ "$ad" -gt 0 ] && ok "the demo has records due under each rule" || fail "the demo has records due under each rule" "$gd $id $ad"

bd=$(q "$BI_DUE"); nd=$(q "$NA_DUE"); cd_=$(q "$CC_DUE")
[ $((bd + nd + cd_)) -gt 0 ] && ok "the demo has other declarations of old leavers" || fail "the demo has other declarations of old leavers" "$bd $nd $cd_"
others=$(q "select (select count(*) from business_interests) + (select count(*) from notifiable_associations) + (select count(*) from circumstances)")
"$BIN" --db "$DB" retention report >"$TMP/report" 2>&1 || fail "retention report runs" "$(cat "$TMP/report")"
check_has "report: declarations due" "$TMP/report" "gifts         due $gd:"
check_has "report: business interests due" "$TMP/report" "interests     due $bd:"
check_has "report: associations due" "$TMP/report" "associations  due $nd:"
check_has "report: circumstances due" "$TMP/report" "circumstances due $cd_:"
check_has "report: intelligence due" "$TMP/report" "intel         due $id:"
check_has "report: anonymous threads due" "$TMP/report" "anon          due $ad:"
check_has "report: the cut-off is shown" "$TMP/report" "before $G"
expect "report deletes nothing" "$gifts $intel $anon" "$(q "select count(*) from gifts") $(q "select count(*) from intel_items") $(q "select count(*) from anon_reports")"
expect "reading the report is access-logged" 1 "$(q "select count(*) from access_log where action = 'list' and object_type = 'retention'")"

db_copy "$DB" "$TMP/keep.db"; cp "$DB.logkey" "$TMP/keep.db.logkey"
converted_kept=$(q "select count(*) from anon_reports r where r.item_id is not null and r.item_id not in (select id from intel_items where status = 'closed' and closed <> '' and closed < '$G')")
"$BIN" --db "$DB" retention apply >"$TMP/apply" 2>&1 || fail "retention apply runs" "$(cat "$TMP/apply")"
check_has "apply says what it deleted" "$TMP/apply" "gifts         deleted $gd:"
expect "no declaration of an old leaver is left" 0 "$(q "$GIFTS_DUE")"
expect "every other declaration is kept" $((gifts - gd)) "$(q "select count(*) from gifts")"
expect "no interest, association or circumstance of an old leaver is left" "0 0 0" "$(q "$BI_DUE") $(q "$NA_DUE") $(q "$CC_DUE")"
expect "every other one is kept" $((others - bd - nd - cd_)) "$(q "select (select count(*) from business_interests) + (select count(*) from notifiable_associations) + (select count(*) from circumstances)")"
expect "no review or AIR answer of a deleted declaration is left" 0 "$(q "select (select count(*) from interest_reviews where interest_id not in (select id from business_interests)) + (select count(*) from air_return_items i where (i.register = 'business_interest' and i.record_id not in (select id from business_interests)) or (i.register = 'association' and i.record_id not in (select id from notifiable_associations)) or (i.register = 'circumstance' and i.record_id not in (select id from circumstances)))")"
expect "no intelligence closed before the cut-off is left" 0 "$(q "$INTEL_DUE")"
expect "every other intelligence item is kept" $((intel - id)) "$(q "select count(*) from intel_items")"
expect "no subject, line, intervention or thread row of a deleted item is left" 0 "$(q "select (select count(*) from intel_subjects where item_id not in (select id from intel_items)) + (select count(*) from intel_lines where item_id not in (select id from intel_items)) + (select count(*) from intel_interventions where item_id not in (select id from intel_items)) + (select count(*) from intel_thread where item_id not in (select id from intel_items))")"
expect "no idle anonymous thread is left" 0 "$(q "$ANON_DUE")"
expect "anonymous reports taken on as live intelligence are kept" "$converted_kept" "$(q "select count(*) from anon_reports where item_id is not null")"
expect "no message or picture of a deleted report is left" 0 "$(q "select (select count(*) from anon_messages where report_id not in (select id from anon_reports)) + (select count(*) from anon_attachments where report_id not in (select id from anon_reports))")"
expect "the access log has one row per rule" 6 "$(q "select count(*) from access_log where action = 'retention' and outcome = 'ok'")"
expect "with the count and cut-off, nothing more" "deleted=$gd before=$G retention.gifts_years_after_leaving=6" "$(q "select detail from access_log where action = 'retention' and object_type = 'gifts'")"
check "the access log still verifies" "$BIN" --db "$DB" verify-log
"$BIN" --db "$DB" retention apply >"$TMP/again" 2>&1
check_has "applying again deletes nothing more" "$TMP/again" "gifts         deleted 0:"

# a rule set to 0 keeps for ever
"$BIN" --db "$TMP/keep.db" config set retention.intel_closed_years 0 >/dev/null
"$BIN" --db "$TMP/keep.db" retention apply >"$TMP/apply0" 2>&1
check_has "a rule set to 0 says so" "$TMP/apply0" "intel         kept for ever"
expect "and deletes nothing" "$intel" "$(sqlite3 "$TMP/keep.db" "select count(*) from intel_items")"
expect "while the other rules still apply" 0 "$(sqlite3 "$TMP/keep.db" "$GIFTS_DUE")"
check_fails "a retention period must be a number" "$BIN" --db "$TMP/keep.db" config set retention.anon_idle_days "a year"
finish
