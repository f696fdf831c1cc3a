#!/bin/sh
# End to end over HTTP (issue 26): the use of force pages, each route allowed
# and refused for every role with the access-log rows it writes; the
# disclosure-controlled view for scrutiny and the PCC ([c], never the small
# group's count); officers for PSD only; a body-worn video dip sample drawn
# and assessed by scrutiny (no officer identity on it); and publication
# (aggregates only: no incident references, staff numbers or comments).
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
H="incident_ref,date,officer_staff_number,subject_ethnicity,subject_gender,subject_age_band,tactics,reason,subject_injured,officer_injured,outcome,body_worn_video"
{
	echo "$H"
	i=0
	for g in $(seq 80 | sed 's/.*/White/') $(seq 25 | sed 's/.*/Black/') $(seq 12 | sed 's/.*/Asian/') Mixed Mixed Mixed; do
		i=$((i + 1))
		t=handcuffing
		[ $((i % 5)) = 0 ] && t="handcuffing;taser_fired"
		echo "INC-$i,2024-0$((i % 9 + 1))-1$((i % 9)),77$((i % 3)),$g,Male,18-34,$t,Protect self,no,no,Arrested,yes"
	done
} >"$TMP/uof.csv"
"$BIN" --db "$DB" useofforce import "$TMP/uof.csv" --area Testshire >"$TMP/imp.out" 2>&1 || fail "import" "$(cat "$TMP/imp.out")"
printf 'area,group,population\nTestshire,White,100000\nTestshire,Black,5000\nTestshire,Asian,8000\nTestshire,Mixed,3000\nTestshire,Other,1000\n' >"$TMP/pop.csv"
"$BIN" --db "$DB" stopsearch population import "$TMP/pop.csv" >/dev/null
"$BIN" --db "$DB" useofforce national import "$ROOT/data/use-of-force/homeoffice-use-of-force-by-ethnicity-force-2019-20.csv" >/dev/null
printf 'area,group,population\nEngland and Wales,White,48209395\nEngland and Wales,Black,1864890\nEngland and Wales,Asian,4213531\nEngland and Wales,Mixed,1224400\nEngland and Wales,Other,563696\n' >"$TMP/ew.csv"
"$BIN" --db "$DB" stopsearch population import "$TMP/ew.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "ana psd" "gus governance" "sam scrutiny" "stu staff" "pat pcc" "dee dcc" "adm admin" "eve equality"; do
	set -- $u
	if [ "$2" = staff ]; then "$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" >/dev/null
	else "$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --role "$2" >/dev/null; fi
done
start_server "$DB"
for u in ana gus sam stu pat dee adm eve; do expect "login $u" 303 "$(login $u)"; done

Q="area=Testshire&from=2024-01-01&to=2024-12-31"
# The report: full for governance, PSD, DCC; controlled for scrutiny, PCC; refused for the rest.
for u in gus ana dee; do
	expect "$u: report" 200 "$(get $u "/useofforce/report?$Q")"
	check_has "$u: small group shown in full" "$TMP/body" ">3<"
done
check_has "report table" "$TMP/body" "Times as likely as White"
check_has "taser discharge row" "$TMP/body" "Taser discharged (fired or drive stun)"
check_has "Home Office table beside it" "$TMP/body" "England and Wales, 2019-20 (Home Office)"
check_has "injuries and body-worn video" "$TMP/body" "Body-worn video on"
check_has "accessible trend chart" "$TMP/body" "<title id=\"trend-rt\">Use of force rate per 1,000 people"
check_has "chart data table" "$TMP/body" "(the chart's data)"
for u in sam pat; do
	expect "$u: report (disclosure-controlled)" 200 "$(get $u "/useofforce/report?$Q")"
	check_has "$u: small group withheld" "$TMP/body" "[c]"
	check_lacks "$u: small group's count not shown" "$TMP/body" ">3<"
	check_lacks "$u: no officer link" "$TMP/body" "/useofforce/officers"
done
for u in stu adm eve; do
	expect "$u: index refused" 403 "$(get $u /useofforce)"
	expect "$u: report refused" 403 "$(get $u "/useofforce/report?$Q")"
	expect "$u: CSV refused" 403 "$(get $u "/useofforce/report.csv?$Q")"
done
expect "refusals logged" 1 "$([ "$(q "select count(*) from access_log where outcome = 'refused' and object_id like '/useofforce%'")" -ge 9 ] && echo 1 || echo 0)"
expect "report views logged with the query" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where object_type = 'useofforce_report' and outcome = 'ok' and detail like 'Testshire 2024-01-01..2024-12-31%'")"
expect "bad date re-shows the form" 400 "$(get gus "/useofforce/report?area=Testshire&from=2024-02-30&to=2024-12-31")"
check_has "error summary" "$TMP/body" "There is a problem"
expect "unknown tactic re-shows the form" 400 "$(get gus "/useofforce/report?$Q&tactic=crossbow")"
expect "tactic report" 200 "$(get gus "/useofforce/report?$Q&tactic=taser_discharge")"
expect "CSV" 200 "$(get gus "/useofforce/report.csv?$Q" "$TMP/r.csv")"
"$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 --to 2024-12-31 -o "$TMP/cli.csv"
cmp -s "$TMP/r.csv" "$TMP/cli.csv" && ok "web CSV = CLI CSV" || fail "web CSV = CLI CSV" "$(diff "$TMP/r.csv" "$TMP/cli.csv" | head)"
expect "scrutiny CSV" 200 "$(get sam "/useofforce/report.csv?$Q" "$TMP/s.csv")"
check_has "scrutiny CSV: Mixed withheld" "$TMP/s.csv" "Mixed,3000,[c],,,,"

# Officers: PSD only.
expect "psd: officers" 200 "$(get ana "/useofforce/officers?$Q")"
check_has "officers named by staff number" "$TMP/body" "770"
check_has "never a finding" "$TMP/body" "never a finding of misconduct"
for u in gus sam pat dee stu; do expect "$u: officers refused" 403 "$(get $u "/useofforce/officers?$Q")"; done

# The JSON API: the same rules as the pages.
for u in gus ana dee; do
	expect "$u: API report" 200 "$(get $u "/api/useofforce/report?$Q")"
	check_has "$u: API report exact" "$TMP/body" "\"disclosure_controlled\":false"
done
check_has "API report rows in order, White first" "$TMP/body" "\"rows\":[{\"group\":\"White\""
check_has "API Mixed people exact for governance" "$TMP/body" "\"group\":\"Mixed\",\"population\":3000,\"people\":3,"
for u in sam pat; do
	expect "$u: API report (disclosure-controlled)" 200 "$(get $u "/api/useofforce/report?$Q")"
	check_has "$u: API says controlled" "$TMP/body" "\"disclosure_controlled\":true"
	check_has "$u: API Mixed withheld, not zero" "$TMP/body" "\"group\":\"Mixed\",\"population\":3000,\"people\":null"
done
for u in stu adm eve; do expect "$u: API report refused" 403 "$(get $u "/api/useofforce/report?$Q")"; done
expect "API bad date" 400 "$(get gus "/api/useofforce/report?area=Testshire&from=2024-02-30&to=2024-12-31")"
expect "psd: API officers" 200 "$(get ana "/api/useofforce/officers?$Q")"
check_has "API officers by staff number" "$TMP/body" "\"staff_number\":\"770"
expect "API officers: z-scores are numbers, not text" "True" "$(python3 -c "import json; d=json.load(open('$TMP/body')); print(len(d['officers']) > 0 and all(o[k] is None or isinstance(o[k], (int, float)) for o in d['officers'] for k in ('not_white_z', 'taser_z')) and any(isinstance(o['taser_z'], (int, float)) for o in d['officers']))")"
for u in gus sam pat dee stu; do expect "$u: API officers refused" 403 "$(get $u "/api/useofforce/officers?$Q")"; done

# Body-worn video dip samples.
for u in pat dee stu; do expect "$u: samples refused" 403 "$(get $u /useofforce/samples)"; done
expect "scrutiny: samples" 200 "$(get sam /useofforce/samples)"
T=$(csrf sam /useofforce/samples)
expect "invalid draw re-shown" 400 "$(post sam /useofforce/samples --data-urlencode "csrf=$T" -d area=Testshire -d from-day=1 -d from-month=1 -d from-year=2024 -d to-day=31 -d to-month=12 -d to-year=2024 -d size=0)"
check_has "size error" "$TMP/body" "Enter a sample size"
KEY=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
expect "draw" 303 "$(post sam /useofforce/samples --data-urlencode "csrf=$T" -d area=Testshire -d from-day=1 -d from-month=1 -d from-year=2024 -d to-day=31 -d to-month=12 -d to-year=2024 -d size=10 -d seed=7 -d strata=group -d submit_key=$KEY)"
LOC=$(location)
expect "double submission: same sample" 303 "$(post sam /useofforce/samples --data-urlencode "csrf=$T" -d area=Testshire -d from-day=1 -d from-month=1 -d from-year=2024 -d to-day=31 -d to-month=12 -d to-year=2024 -d size=10 -d seed=7 -d strata=group -d submit_key=$KEY)"
expect "same location" "$LOC" "$(location)"
expect "sample page" 200 "$(get sam "$LOC")"
check_has "incident reference for finding the footage" "$TMP/body" "incident INC-"
# the officer's number as a word of the page's text (a random token in an attribute may hold the digits)
sed 's/<[^>]*>/ /g' "$TMP/body" | grep -qw 770 && fail "no officer identity in the sample" || ok "no officer identity in the sample"
expect "assess" 303 "$(post sam "$LOC/assess" --data-urlencode "csrf=$T" -d position=1 -d verdict=proportionate)"
expect "not proportionate without comment re-shown" 400 "$(post sam "$LOC/assess" --data-urlencode "csrf=$T" -d position=2 -d verdict=not)"
check_has "comment error" "$TMP/body" "Say what on the video"
expect "assess not proportionate" 303 "$(post sam "$LOC/assess" --data-urlencode "csrf=$T" -d position=2 -d verdict=not -d "comment=Knee on the neck after handcuffing")"
expect "psd reads the sample" 200 "$(get ana "$LOC")"
check_has "Wilson interval" "$TMP/body" "50.00% (9.45% to 90.55%)"
TA=$(csrf ana /useofforce)
expect "psd cannot assess" 403 "$(post ana "$LOC/assess" --data-urlencode "csrf=$TA" -d position=3 -d verdict=proportionate)"
TG=$(csrf gus /useofforce)
expect "governance: draw refused" 403 "$(post gus /useofforce/samples --data-urlencode "csrf=$TG" -d area=Testshire -d size=5)"
expect "governance reads past samples" 200 "$(get gus /useofforce/samples)"
check_has "assessed count" "$TMP/body" "2 of 10"
check_lacks "governance cannot draw" "$TMP/body" "Draw the sample"
expect "sample views logged" 1 "$(q "select case when count(*) > 0 then 1 else 0 end from access_log where object_type = 'useofforce_sample' and action = 'view' and outcome = 'ok'")"
expect "assessments logged" 2 "$(q "select count(*) from access_log where object_type = 'useofforce_sample' and action = 'assess' and outcome = 'ok'")"
# the samples list as JSON (docs/API.md): uof_samples_list, the page's readers, logged like the page
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
for u in sam ana gus; do
	b=$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'useofforce_sample' and outcome = 'ok'")
	expect "$u: API samples" 200 "$(get $u /api/v1/useofforce/samples)"
	expect "$u: the sample as the page shows it (2 of 10, 50.00% from 9.45% to 90.55%)" "1 10 2 1 1 50.0 9.45 90.55 group" \
		"$(jpy '" ".join(str(x) for x in (d["total"], d["items"][0]["size"], d["items"][0]["assessed"], d["items"][0]["proportionate"], d["items"][0]["not_proportionate"], d["items"][0]["share"], d["items"][0]["interval"]["low"], d["items"][0]["interval"]["high"], d["items"][0]["strata"]))')"
	expect "$u: API samples logged like the page" "$((b + 1))" "$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'useofforce_sample' and outcome = 'ok'")"
done
check_lacks "API samples: no officer identity" "$TMP/body" "770"
for u in pat dee stu adm eve; do
	b=$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/useofforce/samples' and username = '$u'")
	expect "$u: API samples refused" 403 "$(get $u /api/v1/useofforce/samples)"
	expect "$u: the refusal logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/useofforce/samples' and username = '$u'")"
done

# Publication: aggregates through the disclosure rule.
check "publish" "$BIN" --db "$DB" publish --out "$TMP/site"
check_has "index links the use of force page" "$TMP/site/index.html" "useofforce/testshire.html"
check_has "small group withheld" "$TMP/site/useofforce/testshire.csv" "Mixed,3000,[c],,,,"
check_has "dip sample results published" "$TMP/site/useofforce/testshire.html" "Body-worn video dip samples"
for x in INC- 770 "Knee on the neck"; do
	check_lacks "published page lacks $x" "$TMP/site/useofforce/testshire.html" "$x"
done
finish
