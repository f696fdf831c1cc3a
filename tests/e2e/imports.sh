#!/bin/sh
# End-to-end: the HR feed and the gifts register imports through the real
# CLI — all-or-nothing, rerunnable, errors naming line and column.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures

check "people import creates everyone" "$BIN" --db "$DB" people import "$F/hr.csv"
n=$(sqlite3 "$DB" "select count(*) from people")
[ "$n" = 6 ] && ok "six people imported" || fail "six people imported" "got $n"
m=$(sqlite3 "$DB" "select m.staff_number from people p join people m on m.id = p.manager_id where p.staff_number = '1003'")
[ "$m" = 1002 ] && ok "line manager linked by staff number" || fail "line manager linked" "got $m"
q=$(sqlite3 "$DB" "select forenames from people where staff_number = '1004'")
[ "$q" = 'Sean "Jack"' ] && ok "quoted field with doubled quotes" || fail "quoted field" "got $q"

"$BIN" --db "$DB" people import "$F/hr.csv" >"$TMP/rerun" 2>&1
check_has "people rerun changes nothing" "$TMP/rerun" "6 rows, 0 created, 0 updated, 6 unchanged"

# An update by staff number
sed 's/1003,Priya,Nair,officer,Constable/1003,Priya,Nair,officer,Sergeant/' "$F/hr.csv" >"$TMP/hr2.csv"
"$BIN" --db "$DB" people import "$TMP/hr2.csv" >"$TMP/upd" 2>&1
check_has "people update by staff number" "$TMP/upd" "0 created, 1 updated, 5 unchanged"

# A bad date rejects the whole file and names line and column
cp "$F/hr.csv" "$TMP/bad.csv"
echo '1007,New,Person,officer,Constable,Response Team B,,1002,2019-02-30,' >>"$TMP/bad.csv"
"$BIN" --db "$DB" people import "$TMP/bad.csv" >"$TMP/bad.out" 2>&1 && fail "bad date exits non-zero" || ok "bad date exits non-zero"
check_has "bad date names line and column" "$TMP/bad.out" "bad.csv:8: start_date: 2019-02-30 is not a date"
n=$(sqlite3 "$DB" "select count(*) from people where staff_number = '1007'")
[ "$n" = 0 ] && ok "rejected file wrote nothing" || fail "rejected file wrote nothing"
u=$(sqlite3 "$DB" "select count(*) from units where name = 'Response Team B'")
[ "$u" = 0 ] && ok "rejected file created no unit" || fail "rejected file created no unit"

printf 'staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date\n2001,A,B,officer,,U,,9999,2020-01-01,\n' >"$TMP/mgr.csv"
"$BIN" --db "$DB" people import "$TMP/mgr.csv" >"$TMP/mgr.out" 2>&1
check_has "unknown line manager rejected" "$TMP/mgr.out" "mgr.csv:2: line_manager: no person with staff number 9999"
printf 'staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date\n1001,Aisha,Okafor,officer,Inspector,Response Team A,Response Inspector,1003,2008-04-01,\n' >"$TMP/loop.csv"
"$BIN" --db "$DB" people import "$TMP/loop.csv" >"$TMP/loop.out" 2>&1
check_has "line management loop rejected" "$TMP/loop.out" "makes a loop in line management"
printf 'staff_number,forenames,surname\n1,a,b\n' >"$TMP/hdr.csv"
"$BIN" --db "$DB" people import "$TMP/hdr.csv" >"$TMP/hdr.out" 2>&1
check_has "wrong header rejected" "$TMP/hdr.out" "hdr.csv:1: header is"
"$BIN" --db "$DB" people import --dry-run "$TMP/hr2.csv" >"$TMP/dry.out" 2>&1
check_has "dry run reports" "$TMP/dry.out" "dry run:"
cat "$F/hr.csv" | "$BIN" --db "$DB" people import - >"$TMP/stdin.out" 2>&1
check_has "people import from stdin" "$TMP/stdin.out" "6 rows"

# Gifts register
check "gifts import" "$BIN" --db "$DB" gifts import "$F/gifts-register.csv"
n=$(sqlite3 "$DB" "select count(*) from gifts")
[ "$n" = 4 ] && ok "four gifts imported, identical rows kept" || fail "four gifts imported" "got $n"
v=$(sqlite3 "$DB" "select value_pence from gifts where description like 'Dinner%'")
[ "$v" = 8500 ] && ok "value stored in pence" || fail "value in pence" "got $v"
"$BIN" --db "$DB" gifts import "$F/gifts-register.csv" >"$TMP/g2" 2>&1
check_has "gifts rerun imports nothing" "$TMP/g2" "4 rows, 0 created"
n=$(sqlite3 "$DB" "select count(*) from gifts")
[ "$n" = 4 ] && ok "rerun left four gifts" || fail "rerun left four gifts" "got $n"
printf 'staff_number,date_offered,offeror,kind,description,value,accepted,reason\n1003,2025-03-01,X,gift,Pen,-3,yes,\n' >"$TMP/neg.csv"
"$BIN" --db "$DB" gifts import "$TMP/neg.csv" >"$TMP/neg.out" 2>&1 && fail "negative value rejected" || ok "negative value rejected"
check_has "negative value names column" "$TMP/neg.out" "neg.csv:2: value:"

# Export
check "export csv" "$BIN" --db "$DB" export gifts -o "$TMP/g.csv"
check_has "export has header" "$TMP/g.csv" "reference,date_offered,staff_number"
check_has "export quotes commas" "$TMP/g.csv" '"Smith & Sons, Builders"'
check "export xlsx" "$BIN" --db "$DB" export gifts --format xlsx -o "$TMP/g.xlsx"
head -c 2 "$TMP/g.xlsx" | grep -q PK && ok "xlsx is a zip" || fail "xlsx is a zip"
"$BIN" --db "$DB" export gifts --accepted no -o "$TMP/declined.csv"
n=$(($(wc -l <"$TMP/declined.csv") - 1))
[ "$n" = 1 ] && ok "export filter declined" || fail "export filter declined" "got $n"

# Accounts and the log
echo "correct-horse-battery" >"$TMP/pw"
check "user add" "$BIN" --db "$DB" user add priya --password-file "$TMP/pw" --staff-number 1003
check_fails "duplicate user refused" "$BIN" --db "$DB" user add priya --password-file "$TMP/pw"
echo short >"$TMP/short"
check_fails "short password refused" "$BIN" --db "$DB" user add bob --password-file "$TMP/short"
check "role grant" "$BIN" --db "$DB" user role priya +psd
check_fails "unknown role refused" "$BIN" --db "$DB" user role priya +wizard
check "disable" "$BIN" --db "$DB" user disable priya
"$BIN" --db "$DB" user list >"$TMP/list"
check_has "list shows disabled" "$TMP/list" "disabled"
check "token create" "$BIN" --db "$DB" token create priya
check "verify-log intact" "$BIN" --db "$DB" verify-log
sqlite3 "$DB" "update access_log set detail = 'tampered' where id = 2"
"$BIN" --db "$DB" verify-log >"$TMP/v" 2>&1 && fail "verify-log catches an edit" || ok "verify-log catches an edit"
check_has "verify-log names the row" "$TMP/v" "row 2"
finish
