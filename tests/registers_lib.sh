# registers_lib.sh — setup shared by tests/e2e/associations.sh, circumstances.sh and
# air.sh: the HR fixture, accounts with roles, a server, and curl helpers.
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

login() {
	curl -s -o /dev/null -c "$TMP/$1.jar" -b "$TMP/$1.jar" -w "%{http_code}" \
		--data-urlencode "login_token=$(login_token "$TMP/$1.jar")" --data-urlencode "username=$1" --data-urlencode "password=correct-horse-battery" "$URL/login"
}
get() { curl -s -o "${3:-$TMP/body}" -b "$TMP/$1.jar" -w "%{http_code}" "$URL$2"; }
csrf() { curl -s -b "$TMP/$1.jar" "$URL/" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
post() {
	u=$1; p=$2; shift 2
	curl -s -o "$TMP/body" -D "$TMP/headers" -b "$TMP/$u.jar" -w "%{http_code}" "$@" "$URL$p"
}
expect() { [ "$2" = "$3" ] && ok "$1" || fail "$1" "expected $2, got $3"; }
location() { sed -n 's/^[Ll]ocation: \([^?]*\).*/\1/p' "$TMP/headers" | tr -d '\r'; }
q() { sqlite3 "$DB" "$1"; }
refused() { q "select count(*) from access_log where outcome = 'refused' and object_type = '$1'"; }
