#!/bin/sh
# End to end, the command line of use of force (issue 26): the import's
# errors (file:line: column: problem, nothing imported), --dry-run, a rerun
# that changes nothing, a corrected file that updates; the report against
# hand-worked values (docs/use-of-force.md: rates, ratios and the Katz
# interval, a group with no people, --tactic with the taser-discharge group,
# a row outside the period left out); the Home Office table's import.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/uof.db
check "init" "$BIN" --db "$DB" init
H="incident_ref,date,officer_staff_number,subject_ethnicity,subject_gender,subject_age_band,tactics,reason,subject_injured,officer_injured,outcome,body_worn_video"
row() { # ref date eth tactics
	echo "$1,$2,PC100,$3,Male,18-24,$4,Protect self,no,no,Arrested,yes"
}
{
	echo "$H"
	for i in 1 2 3 4 5 6 7 8; do row "U$i" 2024-01-1$((i % 9)) White handcuffing; done
	row U9 2024-02-01 White "handcuffing;taser_fired"
	row U9 2024-02-01 White "taser_fired"        # a second person in the same incident
	for i in 1 2 3; do row "B$i" 2024-03-0$i Black ground_restraint; done
	row B4 2024-03-04 Black "taser_drive_stun"
	row B5 2024-03-05 Black "taser_fired;taser_drive_stun"
	row B6 2024-03-06 Black "taser_aimed;taser_fired"
	row M1 2024-04-01 Mixed unarmed_skills
	row O1 2024-04-02 Other "handcuffing"
	row O2 2024-04-03 Other "spit_guard;handcuffing"
	row N1 2024-04-04 "" handcuffing
	row X1 2023-12-31 Black handcuffing          # outside the period
} >"$TMP/uof.csv"
printf 'area,group,population\nTestshire,White,1000\nTestshire,Black,200\nTestshire,Asian,300\nTestshire,Mixed,100\nTestshire,Other,50\n' >"$TMP/pop.csv"
check "population import (stop and search's)" "$BIN" --db "$DB" stopsearch population import "$TMP/pop.csv"

"$BIN" --db "$DB" useofforce import "$TMP/uof.csv" --area Testshire --dry-run >"$TMP/dry.out" 2>&1
check_has "dry run counts" "$TMP/dry.out" "dry run: $TMP/uof.csv: 21 rows for Testshire, 21 created"
"$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 --to 2024-12-31 >"$TMP/r0.csv"
check_has "dry run wrote nothing" "$TMP/r0.csv" "Total,1650,0,0.00,,,"

check "import" "$BIN" --db "$DB" useofforce import "$TMP/uof.csv" --area Testshire
"$BIN" --db "$DB" useofforce import "$TMP/uof.csv" --area Testshire >"$TMP/rerun.out" 2>&1
[ $? = 0 ] && ok "rerun exits 0" || fail "rerun exits 0" "$(cat "$TMP/rerun.out")"
check_has "rerun changes nothing" "$TMP/rerun.out" "21 rows for Testshire, 0 created, 0 updated, 21 unchanged"

check "report" "$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 --to 2024-12-31 -o "$TMP/r.csv"
cat >"$TMP/want.csv" <<'W'
group,population,people,rate_per_1000,ratio_to_white,ratio_ci_low,ratio_ci_high
White,1000,10,10.00,1.00,,
Black,200,6,30.00,3.00,1.10,8.16
Asian,300,0,0.00,0.00,,
Mixed,100,1,10.00,1.00,0.13,7.73
Other,50,2,40.00,4.00,0.90,17.77
Not reported,,1,,,,
Total,1650,20,12.12,,,
W
cmp -s "$TMP/r.csv" "$TMP/want.csv" && ok "report: hand-worked values (no people: Asian; outside the period left out)" \
	|| fail "report: hand-worked values" "$(diff "$TMP/want.csv" "$TMP/r.csv")"

check "report --tactic taser_discharge" "$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 \
	--to 2024-12-31 --tactic taser_discharge -o "$TMP/t.csv"
cat >"$TMP/want_t.csv" <<'W'
group,population,people,rate_per_1000,ratio_to_white,ratio_ci_low,ratio_ci_high
White,1000,2,2.00,1.00,,
Black,200,3,15.00,7.50,1.26,44.60
Asian,300,0,0.00,0.00,,
Mixed,100,0,0.00,0.00,,
Other,50,0,0.00,0.00,,
Not reported,,0,,,,
Total,1650,5,3.03,,,
W
cmp -s "$TMP/t.csv" "$TMP/want_t.csv" && ok "report --tactic: a person counted once however many discharges" \
	|| fail "report --tactic" "$(diff "$TMP/want_t.csv" "$TMP/t.csv")"
"$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 --to 2024-12-31 --tactic taser_aimed >"$TMP/ta.csv"
check_has "report --tactic taser_aimed: one Black person" "$TMP/ta.csv" "Black,200,1,5.00,"
check_fails "report: unknown tactic refused" "$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 \
	--to 2024-12-31 --tactic crossbow
check_fails "report: bad date refused" "$BIN" --db "$DB" useofforce report --area Testshire --from 2024-02-30 --to 2024-12-31

# A corrected file: one row's ethnicity changes; counts follow.
sed 's/^N1,2024-04-04,PC100,,/N1,2024-04-04,PC100,Asian,/' "$TMP/uof.csv" >"$TMP/fix.csv"
"$BIN" --db "$DB" useofforce import "$TMP/fix.csv" --area Testshire >"$TMP/fix.out" 2>&1
check_has "corrected file updates one row" "$TMP/fix.out" "0 created, 1 updated, 20 unchanged"
"$BIN" --db "$DB" useofforce report --area Testshire --from 2024-01-01 --to 2024-12-31 >"$TMP/r2.csv"
check_has "corrected row moves to its group" "$TMP/r2.csv" "Asian,300,1,3.33,0.33,0.04,2.59"
check_has "and leaves Not reported" "$TMP/r2.csv" "Not reported,,0,,,,"

# Errors: file:line: column: problem, and nothing imported.
bad() { # name, line to append, expected message
	{ echo "$H"; row G1 2024-05-01 White handcuffing; echo "$2"; } >"$TMP/bad.csv"
	"$BIN" --db "$DB" useofforce import "$TMP/bad.csv" --area Testshire >"$TMP/bad.out" 2>&1
	[ $? = 1 ] && ok "bad $1 refused" || fail "bad $1 refused" "$(cat "$TMP/bad.out")"
	check_has "bad $1 names line and column" "$TMP/bad.out" "$TMP/bad.csv:3: $3"
}
bad "date" "G2,2024-13-01,PC1,White,Male,18-24,handcuffing,r,no,no,o,yes" "date: '2024-13-01' is not a date"
bad "ethnicity" "G2,2024-05-01,PC1,Purple,Male,18-24,handcuffing,r,no,no,o,yes" "subject_ethnicity: 'Purple'"
bad "tactic" "G2,2024-05-01,PC1,White,Male,18-24,handcuffing;crossbow,r,no,no,o,yes" "tactics: 'crossbow' is not a configured tactic"
bad "repeated tactic" "G2,2024-05-01,PC1,White,Male,18-24,baton;baton,r,no,no,o,yes" "tactics: 'baton' is given twice"
bad "yes/no" "G2,2024-05-01,PC1,White,Male,18-24,baton,r,maybe,no,o,yes" "subject_injured: 'maybe' is not yes, no or blank"
bad "staff number" "G2,2024-05-01,,White,Male,18-24,baton,r,no,no,o,yes" "officer_staff_number: must be 1 to 30"
bad "width" "G2,2024-05-01" "officer_staff_number: missing (the line has 2 columns, expected 12)"
"$BIN" --db "$DB" useofforce report --area Testshire --from 2024-05-01 --to 2024-05-01 >"$TMP/r3.csv"
check_has "nothing of a refused file imported" "$TMP/r3.csv" "Total,1650,0,"
printf 'incident_ref,date\n' >"$TMP/hdr.csv"
check_fails "wrong header refused" "$BIN" --db "$DB" useofforce import "$TMP/hdr.csv" --area Testshire
check_fails "import without --area is a usage error" "$BIN" --db "$DB" useofforce import "$TMP/uof.csv"
"$BIN" useofforce --help >"$TMP/help.out" 2>&1
check_has "--help names the header" "$TMP/help.out" "$H"

# The Home Office table (copied into data/use-of-force with its source).
N=$ROOT/data/use-of-force
"$BIN" --db "$DB" useofforce national import "$N/homeoffice-use-of-force-by-ethnicity-force-2019-20.csv" >"$TMP/nat.out" 2>&1
check_has "national 2019-20: year from the file name" "$TMP/nat.out" "rows for 2019-20"
"$BIN" --db "$DB" useofforce national import "$N/homeoffice-use-of-force-by-ethnicity-force-2018-19.csv" >"$TMP/nat2.out" 2>&1
check_has "national 2018-19 (the wider layout)" "$TMP/nat2.out" "rows for 2018-19"
cp "$N/homeoffice-use-of-force-by-ethnicity-force-2019-20.csv" "$TMP/table.csv"
check_fails "national: no year in the name and none given" "$BIN" --db "$DB" useofforce national import "$TMP/table.csv"
check "national: --year" "$BIN" --db "$DB" useofforce national import "$TMP/table.csv" --year 2019-20
finish
