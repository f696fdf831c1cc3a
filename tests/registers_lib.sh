# registers_lib.sh — setup shared by tests/e2e/associations.sh, circumstances.sh and
# air.sh: the HR fixture and accounts with roles (the curl helpers are in
# tests/lib.sh).
# Source after tests/lib.sh.
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
# aisha: inspector, manages tom and megan; tom: sergeant, manages priya and sean
for u in "aisha 1001" "tom 1002" "priya 1003" "sean 1004" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
"$BIN" --db "$DB" user add vera --password-file "$TMP/pw" --role vetting >/dev/null
"$BIN" --db "$DB" user add adam --password-file "$TMP/pw" --role admin >/dev/null
"$BIN" --db "$DB" user role megan +psd >/dev/null
"$BIN" --db "$DB" user role sean +acu >/dev/null

