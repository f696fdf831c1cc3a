#!/bin/sh
# End-to-end: evidence files on inspection findings — multipart upload,
# type checked by content, size limit, download by managers only, the
# refusal for scrutiny logged, bytes returned unchanged.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
demo_force "$DB" >/dev/null 2>&1 || { fail "demo force"; finish; exit 1; }
start_server "$DB"
PW=demo-password-2026
FID=$(sqlite3 "$DB" "select min(id) from findings")
[ -n "$FID" ] && ok "demo has findings" || fail "demo has findings"
[ "$(login governance)" = 303 ] && ok "governance signs in" || fail "governance signs in"
curl -s -b "$TMP/governance.jar" "$URL/findings/$FID" >"$TMP/page"
check_has "finding page offers an upload" "$TMP/page" 'enctype="multipart/form-data"'
T=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$TMP/page" | head -1)

printf '%%PDF-1.4\n%% fictional board paper\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$TMP/board paper.pdf"
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/governance.jar" -F "csrf=$T" \
	-F "file=@$TMP/board paper.pdf;type=application/pdf" -F "description=Board minutes" "$URL/findings/$FID/evidence")
[ "$code" = 303 ] && ok "pdf attached" || fail "pdf attached" "status $code"
EID=$(sqlite3 "$DB" "select max(id) from evidence where finding_id = $FID")
curl -s -b "$TMP/governance.jar" "$URL/findings/$FID" >"$TMP/page"
check_has "evidence listed" "$TMP/page" "board paper.pdf"
check_has "description listed" "$TMP/page" "Board minutes"
code=$(curl -s -o "$TMP/down.pdf" -D "$TMP/h" -w "%{http_code}" -b "$TMP/governance.jar" "$URL/findings/$FID/evidence/$EID")
[ "$code" = 200 ] && ok "download" || fail "download" "status $code"
cmp -s "$TMP/down.pdf" "$TMP/board paper.pdf" && ok "downloaded bytes unchanged" || fail "downloaded bytes unchanged"
check_has "served under its reference, not the uploader's name" "$TMP/h" "attachment; filename=\"$(printf 'EV%06d' "$EID").pdf\""
check_has "served as pdf" "$TMP/h" "application/pdf"

# A PDF polyglot uploaded as poly.html is still a PDF: it downloads as
# EV….pdf, typed by its bytes, never as an .html file a browser might render.
printf '%%PDF-1.4\n<html><script>alert(1)</script></html>\n%%%%EOF\n' >"$TMP/poly.html"
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/governance.jar" -F "csrf=$T" \
	-F "file=@$TMP/poly.html;type=text/html" "$URL/findings/$FID/evidence")
[ "$code" = 303 ] && ok "polyglot accepted as a pdf" || fail "polyglot accepted as a pdf" "status $code"
PID=$(sqlite3 "$DB" "select max(id) from evidence where finding_id = $FID")
curl -s -o /dev/null -D "$TMP/h2" -b "$TMP/governance.jar" "$URL/findings/$FID/evidence/$PID"
check_has "polyglot downloads as EV….pdf" "$TMP/h2" "attachment; filename=\"$(printf 'EV%06d' "$PID").pdf\""
check_lacks "polyglot download never named .html" "$TMP/h2" "poly"
check_has "polyglot typed by its bytes" "$TMP/h2" "Content-Type: application/pdf"
sqlite3 "$DB" "delete from evidence where id = $PID"

printf 'MZ\220\000\003' >"$TMP/tool.pdf"
curl -s -o "$TMP/bad" -b "$TMP/governance.jar" -F "csrf=$T" -F "file=@$TMP/tool.pdf;type=application/pdf" \
	"$URL/findings/$FID/evidence"
check_has "a file that is not what it claims is refused" "$TMP/bad" "The file must be a PDF"
head -c 6000000 /dev/zero | tr '\0' 'a' >"$TMP/big.txt"
curl -s -o "$TMP/bad" -b "$TMP/governance.jar" -F "csrf=$T" -F "file=@$TMP/big.txt;type=text/plain" \
	"$URL/findings/$FID/evidence"
check_has "an oversize file is refused" "$TMP/bad" "The file must be smaller than 5 MB"
curl -s -o "$TMP/bad" -b "$TMP/governance.jar" -F "csrf=$T" "$URL/findings/$FID/evidence"
check_has "no file chosen" "$TMP/bad" "Choose a file to upload"
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/governance.jar" -F "file=@$TMP/board paper.pdf" \
	"$URL/findings/$FID/evidence")
[ "$code" = 403 ] && ok "upload without CSRF refused" || fail "upload without CSRF refused" "status $code"
n=$(sqlite3 "$DB" "select count(*) from evidence where finding_id = $FID")
[ "$n" = 1 ] && ok "only the valid file was stored" || fail "only the valid file was stored" "n=$n"

# The findings import also takes an uploaded CSV file
before=$(sqlite3 "$DB" "select count(*) from findings")
printf 'inspection,published,kind,reference,text,pillar,owner,due\n"Uploaded thematic",2025-06-01,recommendation,R1,"Forces should act.",,,\n' >"$TMP/up.csv"
code=$(curl -s -o "$TMP/imp" -w "%{http_code}" -b "$TMP/governance.jar" -F "csrf=$T" \
	-F "file=@$TMP/up.csv;type=text/csv" "$URL/findings/import")
[ "$code" = 303 ] && ok "findings CSV file uploaded" || fail "findings CSV file uploaded" "status $code $(grep -o 'govuk-error-message.*' "$TMP/imp" | head -2)"
after=$(sqlite3 "$DB" "select count(*) from findings")
[ "$after" -gt "$before" ] && ok "uploaded findings imported" || fail "uploaded findings imported" "$before -> $after"

[ "$(login scrutiny)" = 303 ] && ok "scrutiny signs in" || fail "scrutiny signs in"
curl -s -b "$TMP/scrutiny.jar" "$URL/findings/$FID" >"$TMP/page"
check_has "scrutiny sees that evidence exists" "$TMP/page" "board paper.pdf"
check_lacks "scrutiny gets no download link" "$TMP/page" "/evidence/$EID\""
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/scrutiny.jar" "$URL/findings/$FID/evidence/$EID")
[ "$code" = 403 ] && ok "scrutiny download refused" || fail "scrutiny download refused" "status $code"
r=$(sqlite3 "$DB" "select count(*) from access_log where action = 'download' and object_type = 'evidence' and outcome = 'refused'")
[ "$r" -ge 1 ] && ok "refused download logged" || fail "refused download logged"
[ "$(login staff)" = 303 ] && ok "staff signs in" || fail "staff signs in"
code=$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/staff.jar" "$URL/findings/$FID/evidence/$EID")
[ "$code" = 403 ] && ok "staff download refused" || fail "staff download refused" "status $code"
check "access log intact" "$BIN" --db "$DB" verify-log
finish
