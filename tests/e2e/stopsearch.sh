#!/bin/sh
# End to end: import the copied data.police.uk files of one force (Durham,
# three months), build its population from the copied census file, and check
# the report's counts against counts taken independently with awk from the
# CSV files themselves (these files hold no quoted fields, so splitting on
# commas is exact). Also: reruns add nothing, an LF copy is recognised, a bad
# file names its line and column and imports nothing, --dry-run writes nothing,
# and the published cross-check ratio for Durham (officer-defined, 2011
# police-style populations: 11.42, 5.68-22.92) is reproduced.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/ss.db
D=$ROOT/data/stop-search
check "init" "$BIN" --db "$DB" init

for f in "$D"/*-durham-stop-and-search.csv; do
	check "import $(basename "$f")" "$BIN" --db "$DB" stopsearch import "$f" --area Durham
done
"$BIN" --db "$DB" stopsearch import "$D/2019-12-durham-stop-and-search.csv" --area Durham >"$TMP/rerun.out" 2>&1
[ $? = 0 ] && ok "rerun exits 0" || fail "rerun exits 0" "$(cat "$TMP/rerun.out")"
check_has "rerun adds nothing" "$TMP/rerun.out" "already imported"
tr -d '\r' <"$D/2020-01-durham-stop-and-search.csv" >"$TMP/lf.csv"
"$BIN" --db "$DB" stopsearch import "$D/2019-12-durham-stop-and-search.csv" --area "County Durham" >"$TMP/other.out" 2>&1
[ $? != 0 ] && ok "same file under another area name refused" || fail "same file under another area name refused" "$(cat "$TMP/other.out")"
check_has "refusal names the first area" "$TMP/other.out" "already imported for the area 'Durham'"
"$BIN" --db "$DB" stopsearch import "$TMP/lf.csv" --area Durham >"$TMP/lf.out" 2>&1
[ $? = 0 ] && ok "LF copy exits 0" || fail "LF copy exits 0" "$(cat "$TMP/lf.out")"
check_has "LF copy recognised by area and months" "$TMP/lf.out" "already has every month"

check "population build" "$BIN" stopsearch population build --census "$D/census2011-police-5-category-ethnicity-by-force.csv" \
	--force Durham -o "$TMP/pop.csv"
check_has "population: Other includes Chinese" "$TMP/pop.csv" "Durham,Other,3030"
printf 'area,group,population\nDurham,White,605364\nDurham,Purple,12\n' >"$TMP/badpop.csv"
"$BIN" --db "$DB" stopsearch population import "$TMP/badpop.csv" >"$TMP/badpop.out" 2>&1
[ $? != 0 ] && ok "bad population refused" || fail "bad population refused"
check_has "population error names line and column" "$TMP/badpop.out" "badpop.csv:3: group: 'Purple'"
check_fails "population build: unknown force" "$BIN" stopsearch population build --census "$D/census2011-police-5-category-ethnicity-by-force.csv" --force Atlantis
"$BIN" stopsearch population build --census "$D/census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv" \
	--lookup "$D/ons-lad-to-csp-to-police-force-area-lookup-dec2016.csv" --force Derbyshire >"$TMP/p21.csv" 2>"$TMP/p21.err"
check_has "2021: group with a suppressed cell left out, and said" "$TMP/p21.err" "so White is left out"
check_has "2021: the suppressed cell named" "$TMP/p21.err" "census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv:"
check_has "2021: the --blank-as-zero choice in the same message" "$TMP/p21.err" "White is left out and its population is unknown; run again with --blank-as-zero"
check_lacks "2021: no White row" "$TMP/p21.csv" "White"
check "2021: Durham" "$BIN" stopsearch population build --census "$D/census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv" \
	--lookup "$D/ons-lad-to-csp-to-police-force-area-lookup-dec2016.csv" --force Durham -o "$TMP/p21d.csv"
check_has "2021: Durham Black (County Durham + Darlington)" "$TMP/p21d.csv" "Durham,Black,2440"
check "population import" "$BIN" --db "$DB" stopsearch population import "$TMP/pop.csv"

check "report self-defined" "$BIN" --db "$DB" stopsearch report --area Durham --from 2019-12 --to 2020-02 -o "$TMP/self.csv"
check "report officer-defined" "$BIN" --db "$DB" stopsearch report --area Durham --from 2019-12 --to 2020-02 \
	--ethnicity officer -o "$TMP/officer.csv"
check_has "header" "$TMP/self.csv" \
	"group,searches,population,rate_per_1000,ratio_to_white,ratio_ci_low,ratio_ci_high,arrests,arrest_rate_pct,linked_outcomes,linked_outcome_rate_pct,drug_searches,drug_linked_outcome_rate_pct"
groups=$(cut -d, -f1 "$TMP/self.csv" | tr '\n' '|')
[ "$groups" = "group|Asian|Black|Mixed|Other|White|Not stated|Not recorded|Total|" ] && ok "row order" || fail "row order" "$groups"
check_has "Durham officer-defined Black ratio as published" "$TMP/officer.csv" "Black,8,1058,7.56,11.42,5.68,22.92,"

# Independent counts: searches, arrests, linked, drug searches by group, from the files.
independent() { # $1 = 9 (self-defined) or 10 (officer-defined)
	for f in "$D"/*-durham-stop-and-search.csv; do tail -n +2 "$f"; done | tr -d '\r' | awk -F, -v col="$1" '
	{
		v = $col; g = "Not recorded"
		if (col == 9) {
			if (v == "Other ethnic group - Not stated") g = "Not stated"
			else if (v ~ /^White/) g = "White"
			else if (v ~ /^Black\//) g = "Black"
			else if (v ~ /^Asian\//) g = "Asian"
			else if (v ~ /^Mixed\//) g = "Mixed"
			else if (v ~ /^Other ethnic group/) g = "Other"
		} else if (v != "") g = v
		n[g]++; n["Total"]++
		if ($13 == "Arrest") { a[g]++; a["Total"]++ }
		if ($14 == "True") { l[g]++; l["Total"]++ }
		if ($12 == "Controlled drugs") { d[g]++; d["Total"]++ }
	}
	END {
		split("Asian Black Mixed Other White Total", gs, " ")
		for (i = 1; i <= 6; i++) printf "%s,%d,%d,%d,%d\n", gs[i], n[gs[i]], a[gs[i]], l[gs[i]], d[gs[i]]
		printf "Not stated,%d,%d,%d,%d\nNot recorded,%d,%d,%d,%d\n", n["Not stated"], a["Not stated"], l["Not stated"], d["Not stated"], n["Not recorded"], a["Not recorded"], l["Not recorded"], d["Not recorded"]
	}' | sort
}
for basis in self officer; do
	col=9; [ $basis = officer ] && col=10
	independent $col >"$TMP/indep-$basis.txt"
	tail -n +2 "$TMP/$basis.csv" | awk -F, '{ printf "%s,%s,%s,%s,%s\n", $1, $2, $8, $10, $12 }' | sort >"$TMP/rep-$basis.txt"
	if cmp -s "$TMP/indep-$basis.txt" "$TMP/rep-$basis.txt"; then ok "counts match awk ($basis-defined)"
	else fail "counts match awk ($basis-defined)" "$(diff "$TMP/indep-$basis.txt" "$TMP/rep-$basis.txt" | head -20)"; fi
done
total=$(for f in "$D"/*-durham-stop-and-search.csv; do tail -n +2 "$f"; done | grep -c .)
grep -q "^Total,$total," "$TMP/self.csv" && ok "total = $total rows in the files" || fail "total" "$(grep Total "$TMP/self.csv")"

# Bad input: named line and column, nothing imported; dry run writes nothing.
cp "$D/2019-12-derbyshire-stop-and-search.csv" "$TMP/bad.csv"
sed -i '5s/Misuse of Drugs Act 1971 (section 23),\([^,]*\),\([^,]*\),True/Misuse of Drugs Act 1971 (section 23),\1,\2,Maybe/' "$TMP/bad.csv"
sed -n 5p "$TMP/bad.csv" | grep -q Maybe || sed -i '5s/,True,/,Maybe,/' "$TMP/bad.csv"
"$BIN" --db "$DB" stopsearch import "$TMP/bad.csv" --area Derbyshire >"$TMP/bad.out" 2>&1
[ $? != 0 ] && ok "bad file refused" || fail "bad file refused"
check_has "error names line and column" "$TMP/bad.out" "bad.csv:5: "
check_has "nothing imported" "$TMP/bad.out" "nothing was imported"
check "dry run" "$BIN" --db "$DB" stopsearch import "$D/2019-12-derbyshire-stop-and-search.csv" --area Derbyshire --dry-run
"$BIN" --db "$DB" stopsearch report --area Derbyshire --from 2019-12 --to 2019-12 -o "$TMP/derby.csv"
check_has "dry run wrote nothing" "$TMP/derby.csv" "Total,0,"
check_fails "report needs valid months" "$BIN" --db "$DB" stopsearch report --area Durham --from 2019-13 --to 2020-02
check_fails "import needs --area" "$BIN" --db "$DB" stopsearch import "$D/2019-12-durham-stop-and-search.csv"
check "help" "$BIN" stopsearch --help
finish
