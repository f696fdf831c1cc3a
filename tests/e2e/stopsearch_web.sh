#!/bin/sh
# End to end over HTTP: the stop and search pages, the CSV and JSON, the
# per-officer list (PSD only), and a dip sample drawn and assessed by a
# scrutiny panel member — each access rule allowed and refused.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
D=$ROOT/data/stop-search
for f in "$D"/*-durham-stop-and-search.csv; do "$BIN" --db "$DB" stopsearch import "$f" --area Durham >/dev/null; done
"$BIN" stopsearch population build --census "$D/census2011-police-5-category-ethnicity-by-force.csv" --force Durham -o "$TMP/pop.csv"
"$BIN" --db "$DB" stopsearch population import "$TMP/pop.csv" >/dev/null
# The force's own records for another area: Derbyshire's public rows plus
# record id, officer (two of them), grounds (blank on every 4th), suspected
# offence, body-worn video and whether the item was found.
{
	printf 'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing,Record ID,Officer staff number,Grounds,Suspected offence,Body-worn video,Item found\n'
	for f in "$D"/*-derbyshire-stop-and-search.csv; do tail -n +2 "$f"; done | tr -d '\r' | awk -F, -v OFS=, '{
		n++; off = ($12 == "Controlled drugs") ? (n % 3 ? "Possession" : "Possession with intent to supply") : "Other"
		g = (n % 4) ? "\"Smell of cannabis, seen passing a wrap\"" : ""
		print $0, "DB" n, (n % 2 ? "5001" : "5002"), g, off, "Yes", ($14 == "True" ? "Yes" : "No")
	}'
} >"$TMP/force.csv"
"$BIN" --db "$DB" stopsearch import "$TMP/force.csv" --area Northshire >"$TMP/imp.out" 2>&1 || fail "force import" "$(cat "$TMP/imp.out")"
# The same months as data.police.uk rows: refused, not "already imported".
"$BIN" --db "$DB" stopsearch import "$D/2019-12-derbyshire-stop-and-search.csv" --area Northshire >"$TMP/mix.out" 2>&1
[ $? != 0 ] && ok "public file over force records refused" || fail "public file over force records refused" "$(cat "$TMP/mix.out")"
grep -q "one source only" "$TMP/mix.out" && ok "says why" || fail "says why" "$(cat "$TMP/mix.out")"
echo "correct-horse-battery" >"$TMP/pw"
for u in "ana psd" "gus governance" "sam scrutiny" "stu staff" "pat pcc" "dee dcc" "adm admin"; do
	set -- $u
	if [ "$2" = staff ]; then "$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" >/dev/null
	else "$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --role "$2" >/dev/null; fi
done
start_server "$DB"


for u in ana gus sam stu pat dee adm; do expect "login $u" 303 "$(login $u)"; done

Q="area=Durham&from=2019-12&to=2020-02"
expect "governance: index" 200 "$(get gus /stopsearch)"
check_has "index lists Durham" "$TMP/body" "Durham"
expect "governance: report" 200 "$(get gus "/stopsearch/report?$Q")"
check_has "report table" "$TMP/body" "Times as likely as White"
check_has "report total" "$TMP/body" ">441<"
check_has "find rate coverage shown" "$TMP/body" "Find rate coverage"
check_has "rates chart is accessible" "$TMP/body" "<title id=\"trend-rt\">"
check_has "ratio chart has a description" "$TMP/body" "<desc id=\"trend-qd\">"
check_has "chart data table" "$TMP/body" "(the chart's data)"
expect "staff: report refused" 403 "$(get stu "/stopsearch/report?$Q")"
for u in ana pat dee adm; do expect "$u: report" 200 "$(get $u "/stopsearch/report?$Q")"; done
expect "staff: index refused" 403 "$(get stu /stopsearch)"
expect "pcc: officers refused" 403 "$(get pat "/stopsearch/officers?area=Northshire")"
expect "admin: officers refused" 403 "$(get adm "/stopsearch/officers?area=Northshire")"
expect "pcc: samples refused" 403 "$(get pat /stopsearch/samples)"
expect "scrutiny: report" 200 "$(get sam "/stopsearch/report?$Q")"
expect "bad month re-shows the form" 200 "$(get gus "/stopsearch/report?area=Durham&from=2019-13&to=2020-02")"
check_has "error summary" "$TMP/body" "There is a problem"

expect "CSV" 200 "$(get gus "/stopsearch/report.csv?$Q" "$TMP/r.csv")"
"$BIN" --db "$DB" stopsearch report --area Durham --from 2019-12 --to 2020-02 -o "$TMP/cli.csv"
cmp -s "$TMP/r.csv" "$TMP/cli.csv" && ok "web CSV = CLI CSV" || fail "web CSV = CLI CSV" "$(diff "$TMP/r.csv" "$TMP/cli.csv" | head)"
expect "JSON" 200 "$(get gus "/api/stopsearch/report?$Q&ethnicity=officer")"
check_has "JSON rows" "$TMP/body" "\"group\":\"Black\""
check_has "JSON ratio as published, a number" "$TMP/body" "\"ratio_to_white\":11.42,"
expect "JSON trend" 200 "$(get gus "/api/stopsearch/trend?$Q")"
check_has "JSON months" "$TMP/body" "\"month\":\"2020-01\""
expect "staff: JSON refused" 403 "$(get stu "/api/stopsearch/report?$Q")"
expect "anonymous JSON refused" 401 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/api/stopsearch/report?$Q")"

NQ="area=Northshire&from=2019-12&to=2020-02"
expect "force figures" 200 "$(get gus "/stopsearch/report?$NQ")"
check_has "find rate by suspected offence" "$TMP/body" "Possession with intent to supply"
check_has "possession share" "$TMP/body" "Drug searches for possession only"
check_lacks "governance sees no officer link" "$TMP/body" "/stopsearch/officers"
expect "governance: officers refused" 403 "$(get gus "/stopsearch/officers?$NQ")"
expect "psd: officers" 200 "$(get ana "/stopsearch/officers?$NQ")"
check_has "officer listed" "$TMP/body" "5001"
check_has "method stated" "$TMP/body" "never a finding of misconduct"
cp "$TMP/body" "$TMP/officers.html"
expect "psd: API officers" 200 "$(get ana "/api/v1/stopsearch/officers?$NQ")"
expect "API officers: officer 5001's counts, z-scores, ratios and find rate as the page shows them, as numbers" "True" "$(python3 -c "
import json, re, html
d = json.load(open('$TMP/body'))
o = [x for x in d['officers'] if x['staff_number'] == '5001'][0]
row = [r for r in re.findall(r'<tr class=\"govuk-table__row\">(.*?)</tr>', open('$TMP/officers.html').read(), re.S) if '5001' in r][0]
cells = [html.unescape(re.sub('<[^>]*>', '', c)).strip() for c in re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)]
f = lambda v: '–' if v is None else '%.2f' % v
rat = ' / '.join(f(o['ratio_to_white'][k]) for k in ('asian', 'black', 'mixed', 'other'))
print(cells[7].startswith('Yes') == o['listed'] and cells[1] == str(o['searches']) and cells[3] == f(o['not_white_z']) and cells[4] == rat and cells[5] == f(o['find_rate_pct']) and cells[6] == f(o['find_z']) and all(isinstance(o[k], (int, float)) for k in ('not_white_z', 'find_z')))")"
expect "API officers logged like the page" 1 "$(sqlite3 "$DB" "select case when count(*) > 0 then 1 else 0 end from access_log where username = 'ana' and outcome = 'ok' and object_type like 'stopsearch%officer%'")"
for u in gus pat adm stu; do
	b=$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_id = '/api/stopsearch/officers' and username = '$u'")
	expect "$u: API officers refused" 403 "$(get $u "/api/v1/stopsearch/officers?$NQ")"
	expect "$u: the refusal logged" "$((b + 1))" "$(sqlite3 "$DB" "select count(*) from access_log where outcome = 'refused' and object_id = '/api/stopsearch/officers' and username = '$u'")"
done
expect "API officers: a bad month names its field" 400 "$(get ana "/api/v1/stopsearch/officers?area=Northshire&from=2020-13")"

# The command line draws the web's sample (not stratified) without storing it.
"$BIN" --db "$DB" stopsearch sample --area Northshire --from 2019-12 --to 2020-02 --size 10 --seed 42 -o "$TMP/smp.csv"
expect "sample CLI: exact header" "record_id,date,legislation,object_of_search,outcome" "$(head -1 "$TMP/smp.csv")"
expect "sample CLI: ten records" 11 "$(wc -l <"$TMP/smp.csv" | tr -d ' ')"
expect "sample CLI: each names its legislation" 10 "$(grep -c ',\(Misuse of Drugs\|Police and Criminal\|Firearms\|Aviation\)' "$TMP/smp.csv")"
expect "sample CLI: same seed, same draw" "$(cat "$TMP/smp.csv")" "$("$BIN" --db "$DB" stopsearch sample --area Northshire --from 2019-12 --to 2020-02 --size 10 --seed 42)"
expect "sample CLI: nothing stored" 0 "$(sqlite3 "$DB" "select count(*) from ss_samples")"
check_fails "sample CLI: the seed is required" "$BIN" --db "$DB" stopsearch sample --area Northshire --from 2019-12 --to 2020-02 --size 10

# Dip sample: scrutiny draws and assesses; psd reads; staff refused.
expect "samples page" 200 "$(get sam /stopsearch/samples)"
T=$(csrf sam /stopsearch/samples)
[ -n "$T" ] && ok "csrf on draw form" || fail "csrf on draw form"
expect "invalid draw re-shown" 400 "$(post sam /stopsearch/samples --data-urlencode "csrf=$T" -d area=Northshire -d from=2019-12 -d to=2020-02 -d size=0)"
check_has "size error" "$TMP/body" "Enter a sample size"
KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
expect "draw" 303 "$(post sam /stopsearch/samples --data-urlencode "csrf=$T" -d area=Northshire -d from=2019-12 -d to=2020-02 -d size=10 -d seed=42 -d stratified=1 -d submit_key=$KEY)"
LOC=$(sed -n 's/^Location: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
expect "double submission: same sample" 303 "$(post sam /stopsearch/samples --data-urlencode "csrf=$T" -d area=Northshire -d from=2019-12 -d to=2020-02 -d size=10 -d seed=42 -d stratified=1 -d submit_key=$KEY)"
LOC2=$(sed -n 's/^Location: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r')
expect "same location" "$LOC" "$LOC2"
expect "sample page" 200 "$(get sam "$LOC")"
check_has "seed recorded" "$TMP/body" "42"
check_lacks "no officer identity in the sample" "$TMP/body" "5001"
check_has "each record names its legislation" "$TMP/body" "Legislation"
expect "assess" 303 "$(post sam "$LOC/assess" --data-urlencode "csrf=$T" -d position=1 -d verdict=yes)"
expect "assess without comment re-shown" 400 "$(post sam "$LOC/assess" --data-urlencode "csrf=$T" -d position=2 -d verdict=no)"
check_has "comment error" "$TMP/body" "Say what was missing"
expect "assess no" 303 "$(post sam "$LOC/assess" --data-urlencode "csrf=$T" -d position=2 -d verdict=no -d "comment=Only says drugs")"
expect "psd reads the sample" 200 "$(get ana "$LOC")"
check_has "result by group" "$TMP/body" "50.00%"
TA=$(csrf ana /stopsearch)
expect "psd cannot assess" 403 "$(post ana "$LOC/assess" --data-urlencode "csrf=$TA" -d position=3 -d verdict=yes)"
expect "staff cannot read samples" 403 "$(get stu "$LOC")"
expect "past samples listed" 200 "$(get gus /stopsearch/samples)"
check_has "sample in list" "$TMP/body" "Sample 1</a>"
check_has "assessed count" "$TMP/body" "2 of 10"
check_lacks "governance cannot draw" "$TMP/body" "Draw the sample"
TG=$(csrf gus /stopsearch)
expect "governance: draw refused" 403 "$(post gus /stopsearch/samples --data-urlencode "csrf=$TG" -d area=Northshire -d from=2019-12 -d to=2020-02 -d size=5)"
# the samples list as JSON (docs/API.md): ss_samples_list, the page's readers, logged like the page
jpy() { python3 -c "import json; d=json.load(open('$TMP/body')); print($1)"; }
for u in sam ana gus; do
	b=$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'stopsearch_sample' and outcome = 'ok'")
	expect "$u: API samples" 200 "$(get $u /api/v1/stopsearch/samples)"
	expect "$u: the sample as the page shows it (2 of 10, 50.00%)" "1 Northshire 2019-12 2020-02 True 10 2 1 1 50.0" \
		"$(jpy '" ".join(str(x) for x in (d["total"], d["items"][0]["area"], d["items"][0]["from"], d["items"][0]["to"], d["items"][0]["stratified"], d["items"][0]["size"], d["items"][0]["assessed"], d["items"][0]["grounds_recorded"], d["items"][0]["grounds_not_recorded"], d["items"][0]["share"]))')"
	expect "$u: API samples logged like the page" "$((b + 1))" "$(q "select count(*) from access_log where username = '$u' and action = 'list' and object_type = 'stopsearch_sample' and outcome = 'ok'")"
done
check_lacks "API samples: no officer identity" "$TMP/body" "5001"
for u in pat dee stu adm; do
	b=$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/stopsearch/samples' and username = '$u'")
	expect "$u: API samples refused" 403 "$(get $u /api/v1/stopsearch/samples)"
	expect "$u: the refusal logged" "$((b + 1))" "$(q "select count(*) from access_log where outcome = 'refused' and object_id = '/api/stopsearch/samples' and username = '$u'")"
done

# Find rates, caveats and disclosure control (issue 15 section 4).
expect "governance: report with find rates" 200 "$(get gus "/stopsearch/report?area=Northshire&from=2019-12&to=2020-02")"
check_has "caveats shown" "$TMP/body" "Read these figures with their caveats"
check_has "find rate by legislation" "$TMP/body" "Find rate by Legislation"
check_has "find rate by ethnicity within object" "$TMP/body" "Find rate by self-defined ethnicity: Controlled drugs"
check_has "Wilson interval column" "$TMP/body" "95% Wilson interval"
check_has "possession versus supply by group" "$TMP/body" "Drug searches by self-defined ethnicity and suspected offence"
check_has "governance may write the narrative" "$TMP/body" "Save the narrative"
check_has "year by year" "$TMP/body" "Rate per 1,000 by year"
check_has "year selector" "$TMP/body" "from=2020-01&amp;to=2020-12"
expect "officer-defined report" 200 "$(get gus "/stopsearch/report?area=Durham&from=2019-12&to=2020-02&ethnicity=officer")"
check_has "officer-defined warning" "$TMP/body" "The officer categories have no Mixed group"
check_has "Mixed not comparable" "$TMP/body" ">not comparable<"
expect "scrutiny: report" 200 "$(get sam "/stopsearch/report?area=Durham&from=2019-12&to=2020-02")"
check_has "scrutiny: small groups withheld" "$TMP/body" "[c]"
check_has "scrutiny: disclosure rule stated" "$TMP/body" "Disclosure control: a figure based on fewer than 10"
check_lacks "scrutiny cannot write the narrative" "$TMP/body" "Save the narrative"
expect "scrutiny: CSV withheld too" 200 "$(get sam "/stopsearch/report.csv?area=Durham&from=2019-12&to=2020-02" "$TMP/s.csv")"
check_has "scrutiny CSV [c]" "$TMP/s.csv" ",[c],"
expect "governance: CSV exact" 200 "$(get gus "/stopsearch/report.csv?area=Durham&from=2019-12&to=2020-02" "$TMP/g.csv")"
check_lacks "governance CSV not withheld" "$TMP/g.csv" "[c]"
NR="area=Northshire&from=2019-12&to=2020-02"
before=$(q "select count(*) from access_log where outcome = 'refused' and object_type = 'request' and object_id = '/stopsearch/narrative'")
for u in sam ana pat dee; do
	expect "$u: narrative refused" 403 "$(post_csrf $u /stopsearch/narrative -d "$NR" -d reasons=x -d action=y)"
done
expect "narrative without text re-shown" 400 "$(post_csrf gus /stopsearch/narrative -d "$NR" -d reasons= -d action=)"
check_has "narrative error summary" "$TMP/body" "explanation of the reasons for the disparities</a>"
expect "governance writes the narrative" 303 "$(post_csrf gus /stopsearch/narrative -d "$NR" \
	--data-urlencode "reasons=Searches follow the night-time economy in the town centre." \
	--data-urlencode "action=Supervisors now review every drug search within a week.")"
expect "narrative refusals logged" "$((before + 4))" "$(q "select count(*) from access_log where outcome = 'refused' and object_type = 'request' and object_id = '/stopsearch/narrative'")"
expect "narrative shown with its period" 200 "$(get sam "/stopsearch/report?$NR")"
check_has "narrative text" "$TMP/body" "Supervisors now review every drug search"

# Publication: aggregates only, small groups suppressed.
check "publish" "$BIN" --db "$DB" publish --out "$TMP/site"
check_has "index links the stop and search pages" "$TMP/site/index.html" "stopsearch/durham.html"
check_has "area page" "$TMP/site/stopsearch/durham.html" "Stop and search: Durham"
check_has "chart published" "$TMP/site/stopsearch/durham.html" "<svg"
check_has "small groups suppressed" "$TMP/site/stopsearch/durham.csv" ",[c],"
check_has "CSV header" "$TMP/site/stopsearch/durham.csv" "group,searches,population,rate_per_1000"
check_has "dip sample results published" "$TMP/site/stopsearch/northshire.html" "Reasonable grounds: dip samples"
check_has "public page carries the caveats" "$TMP/site/stopsearch/northshire.html" "Read these figures with their caveats"
check_has "public page names the population source" "$TMP/site/stopsearch/durham.html" "Populations: "
check_has "public page: find rates within object" "$TMP/site/stopsearch/northshire.html" "Find rate by self-defined ethnicity: Controlled drugs"
check_has "public page: find rate by legislation" "$TMP/site/stopsearch/northshire.html" "Find rate by Legislation"
check_has "public page: 'no further action' linked warning" "$TMP/site/stopsearch/northshire.html" "looks doubtful"
check_has "public page: year by year" "$TMP/site/stopsearch/northshire.html" "Rate per 1,000 by year"
check_has "public page: disclosure rule" "$TMP/site/stopsearch/northshire.html" "Disclosure control: a figure based on fewer than 10"
check_has "public page: narrative published" "$TMP/site/stopsearch/northshire.html" "Supervisors now review every drug search"
for x in 5001 5002 "Smell of cannabis" ">DB1<" "Only says drugs"; do
	check_lacks "published page lacks $x" "$TMP/site/stopsearch/northshire.html" "$x"
done
finish
