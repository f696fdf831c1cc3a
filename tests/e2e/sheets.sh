#!/bin/sh
# End-to-end, CLI and HTTP: spreadsheets that round-trip (issue 14) and
# exports that stream, imports as strict as the forms (issue 25). Register
# exports stream (chunked, no length), CSV with a UTF-8 byte-order mark
# unless ?bom=0 or --no-bom, one access-log line each; each register's CSV
# and XLSX export re-imports with nothing changed (gifts, business
# interests); imports take XLSX, dd/mm/yyyy, yes/no/true/false in any case
# and padded identifiers, refuse what the forms refuse, header-only and
# empty files, and name the column in structural errors; trailing blank and
# comma-only lines are ignored; the procurement import takes a file upload.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
"$BIN" --db "$DB" gifts import "$F/gifts-register.csv" >/dev/null
cat >"$TMP/interests.csv" <<'CSV'
staff_number,kind,organisation,description,start_date,status
1003,family_business,The Acme Security Co Ltd,Spouse is a director,2024-01-10,approved
1001,second_job,Acme Security,Guard,2022-01-01,refused
CSV
"$BIN" --db "$DB" interests import "$TMP/interests.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "priya 1003" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
"$BIN" --db "$DB" user role megan +psd >/dev/null
# an XLSX workbook as Excel writes one: shared strings, a date cell (a
# serial number in a date style), a boolean, a row left out, trailing cells
# left out. make_xlsx OUT HEADER-CSV ROW-SPEC...
make_xlsx() {
	python3 - "$@" <<'PY'
import sys, zipfile
out, header, rows = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
strings = []
def s(v):
    if v not in strings: strings.append(v)
    return strings.index(v)
def col(i): return chr(65 + i)
xml = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
xml.append('<row r="1">' + "".join('<c r="%s1" t="s"><v>%d</v></c>' % (col(i), s(h)) for i, h in enumerate(header)) + '</row>')
r = 2
for spec in rows:
    if spec == "SKIP": r += 1; continue
    cells = []
    for i, v in enumerate(spec.split("|")):
        if v == "": continue
        ref = "%s%d" % (col(i), r)
        if v.startswith("D:"): cells.append('<c r="%s" s="1"><v>%s</v></c>' % (ref, v[2:]))
        elif v.startswith("B:"): cells.append('<c r="%s" t="b"><v>%s</v></c>' % (ref, v[2:]))
        elif v.startswith("N:"): cells.append('<c r="%s"><v>%s</v></c>' % (ref, v[2:]))
        else: cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, s(v)))
    xml.append('<row r="%d">%s</row>' % (r, "".join(cells))); r += 1
xml.append('</sheetData></worksheet>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>' % ns)
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/styles.xml", '<styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>' % ns)
    z.writestr("xl/sharedStrings.xml", '<sst %s>%s</sst>' % (ns, "".join("<si><t>%s</t></si>" % v.replace("&", "&amp;").replace("<", "&lt;") for v in strings)))
    z.writestr("xl/worksheets/sheet1.xml", "".join(xml))
PY
}
exports() { q "SELECT COUNT(*) FROM access_log WHERE action = 'export' AND object_type = '$1' AND outcome = 'ok'"; }
gifts() { q "SELECT COUNT(*) FROM gifts"; }

start_server "$DB"
expect "psd login" 303 "$(login megan)"
expect "staff login" 303 "$(login priya)"

# ---- exports stream, with a byte-order mark by default ----
n0=$(exports gift_register)
expect "gifts CSV export" 200 "$(curl -s -D "$TMP/h" -o "$TMP/g.csv" -w '%{http_code}' -b "$TMP/megan.jar" "$URL/gifts/register.csv")"
grep -qi '^transfer-encoding: chunked' "$TMP/h" && ok "the export is streamed (chunked)" || fail "the export is streamed (chunked)" "$(cat "$TMP/h")"
grep -qi '^content-length' "$TMP/h" && fail "a streamed export has no length" || ok "a streamed export has no length"
expect "the CSV starts with a UTF-8 byte-order mark" "efbbbf" "$(head -c 3 "$TMP/g.csv" | od -An -tx1 | tr -d ' \n')"
expect "the header follows it" "reference,date_offered,staff_number" "$(head -1 "$TMP/g.csv" | cut -c4- | cut -d, -f1-3)"
expect "one access-log line per export" $((n0 + 1)) "$(exports gift_register)"
expect "the log line counts the rows" "csv, $(($(wc -l <"$TMP/g.csv") - 1)) rows" "$(q "SELECT detail FROM access_log WHERE action = 'export' ORDER BY id DESC LIMIT 1")"
expect "?bom=0 leaves the mark out" 200 "$(get megan "/gifts/register.csv?bom=0" "$TMP/g0.csv")"
expect "no mark with ?bom=0" "reference,date_offered" "$(head -1 "$TMP/g0.csv" | cut -d, -f1-2)"
expect "gifts XLSX export" 200 "$(get megan /gifts/register.xlsx "$TMP/g.xlsx")"
expect "the XLSX is a zip" "PK" "$(head -c 2 "$TMP/g.xlsx")"
expect "staff are refused the export" 403 "$(get priya /gifts/register.csv "$TMP/r.csv")"
check_lacks "a refusal sends no rows" "$TMP/r.csv" "reference,date_offered"
"$BIN" --db "$DB" export gifts --no-bom -o "$TMP/cli.csv" && ok "CLI export --no-bom" || fail "CLI export --no-bom"
expect "--no-bom leaves the mark out" "reference" "$(head -1 "$TMP/cli.csv" | cut -d, -f1)"
"$BIN" --db "$DB" export gifts -o "$TMP/cli-bom.csv"
expect "the CLI export has the mark by default" "efbbbf" "$(head -c 3 "$TMP/cli-bom.csv" | od -An -tx1 | tr -d ' \n')"
cmp -s "$TMP/cli-bom.csv" "$TMP/g.csv" && ok "CLI and web exports are the same bytes" || fail "CLI and web exports are the same bytes"

# ---- each register's export re-imports with nothing changed ----
g0=$(gifts)
check "gifts CSV export re-imports" "$BIN" --db "$DB" gifts import "$TMP/g.csv"
check_has "nothing created from the CSV export" "$TMP/.out" "0 created, 0 updated, $g0 unchanged"
check "gifts XLSX export re-imports" "$BIN" --db "$DB" gifts import "$TMP/g.xlsx"
check_has "nothing created from the XLSX export" "$TMP/.out" "0 created, 0 updated, $g0 unchanged"
expect "no gift doubled" "$g0" "$(gifts)"
# a row of the export without its reference is a new gift, once
{ head -1 "$TMP/g0.csv"; sed -n 2p "$TMP/g0.csv" | sed 's/^G[0-9]*,/,/; s/,[0-9]*\.[0-9][0-9],/,7.25,/'; } >"$TMP/new.csv"
check "an export row without a reference is imported" "$BIN" --db "$DB" gifts import "$TMP/new.csv"
check_has "it is created" "$TMP/.out" "1 created"
check "and only once" "$BIN" --db "$DB" gifts import "$TMP/new.csv"
check_has "rerun leaves it" "$TMP/.out" "0 created"
{ head -1 "$TMP/g0.csv"; sed -n 2p "$TMP/g0.csv" | sed 's/^G[0-9]*,/BI000001,/'; } >"$TMP/wrongref.csv"
check_fails "another register's reference is refused" "$BIN" --db "$DB" gifts import "$TMP/wrongref.csv"
check_has "named as such" "$TMP/.out" 'wrongref.csv:2: reference: "BI000001" is not a reference of this register'
i0=$(q "SELECT COUNT(*) FROM business_interests")
expect "interests CSV export" 200 "$(get megan /interests/register.csv "$TMP/i.csv")"
expect "interests XLSX export" 200 "$(get megan /interests/register.xlsx "$TMP/i.xlsx")"
check "interests CSV export re-imports" "$BIN" --db "$DB" interests import "$TMP/i.csv"
check_has "no interest created from the CSV" "$TMP/.out" "$i0 rows, 0 created, $i0 unchanged"
check "interests XLSX export re-imports" "$BIN" --db "$DB" interests import "$TMP/i.xlsx"
check_has "no interest created from the XLSX" "$TMP/.out" "$i0 rows, 0 created, $i0 unchanged"
expect "no interest doubled" "$i0" "$(q "SELECT COUNT(*) FROM business_interests")"

# ---- imports: spreadsheet conventions accepted ----
H=staff_number,date_offered,offeror,kind,description,value,accepted,reason
printf '%s\n  1002 ,27/03/2025,Dd Mm Ltd,gift,UK date,5.00,YES,Padded\n1002,2025-03-28,True Ltd,gift,Boolean,5.00,True,x\n,,,,,,,\n\n,,,,,,,\n' "$H" >"$TMP/uk.csv"
check "dd/mm/yyyy, YES, True, padding and trailing blank lines" "$BIN" --db "$DB" gifts import "$TMP/uk.csv"
check_has "two gifts" "$TMP/.out" "2 rows, 2 created"
expect "the UK date is stored as ISO" 1 "$(q "SELECT COUNT(*) FROM gifts WHERE offeror_org = 'Dd Mm Ltd' AND date_offered = '2025-03-27' AND accepted = 1")"
make_xlsx "$TMP/x.xlsx" "$H" "1002|D:45748|Excel Ltd|gift|From Excel|N:12.5|B:1|Kept" SKIP "1001|D:45749|Excel Ltd|hospitality|Lunch|N:30|B:0"
check "an XLSX workbook imports" "$BIN" --db "$DB" gifts import "$TMP/x.xlsx"
check_has "its two rows" "$TMP/.out" "2 rows, 2 created"
expect "the date cell is the date" 1 "$(q "SELECT COUNT(*) FROM gifts WHERE offeror_org = 'Excel Ltd' AND date_offered = '2025-04-01' AND accepted = 1 AND value_pence = 1250")"
expect "the false cell is no, the empty reason kept empty" 1 "$(q "SELECT COUNT(*) FROM gifts WHERE offeror_org = 'Excel Ltd' AND date_offered = '2025-04-02' AND accepted = 0 AND reason = ''")"
make_xlsx "$TMP/xbad.xlsx" "$H" "1002|D:45748|Excel Ltd|gift|Bad|N:12.5|maybe"
check_fails "a bad XLSX cell is refused" "$BIN" --db "$DB" gifts import "$TMP/xbad.xlsx"
check_has "named by the sheet's row and column" "$TMP/.out" 'xbad.xlsx:2: accepted: "maybe" is not yes or no'

# ---- imports: as strict as the forms ----
g1=$(gifts)
printf '%s\n1002,2099-01-01,Future Ltd,gift,X,1.00,yes,x\n' "$H" >"$TMP/future.csv"
check_fails "a date in the future is refused" "$BIN" --db "$DB" gifts import "$TMP/future.csv"
check_has "with the form's words" "$TMP/.out" "future.csv:2: date_offered: Date offered must be today or in the past"
printf '%s\n1002,1900-01-01,Old Ltd,gift,X,1.00,yes,x\n' "$H" >"$TMP/old.csv"
check_fails "a date in 1900 is refused" "$BIN" --db "$DB" gifts import "$TMP/old.csv"
check_has "with the form's words too" "$TMP/.out" "old.csv:2: date_offered: Date offered must be after 1 January 2000"
printf '%s\n1002,2025-01-01,Short Ltd,gift,X,1.00,yes\n' "$H" >"$TMP/short.csv"
check_fails "a short line is refused" "$BIN" --db "$DB" gifts import "$TMP/short.csv"
check_has "naming the missing column" "$TMP/.out" "short.csv:2: reason: missing (the line has 7 columns, expected 8)"
printf '%s\n' "$H" >"$TMP/header.csv"
check_fails "a header-only file is refused" "$BIN" --db "$DB" gifts import "$TMP/header.csv"
check_has "said plainly" "$TMP/.out" "header.csv: the file has a header but no rows to import"
: >"$TMP/empty.csv"
check_fails "an empty file is refused" "$BIN" --db "$DB" gifts import "$TMP/empty.csv"
check_has "named as empty" "$TMP/.out" "empty.csv: the file is empty"
printf '%s\n%s\n' "$H" "$(printf 'x%.0s' $(seq 1 9000))" >"$TMP/long.csv"
check_fails "an over-long field is refused" "$BIN" --db "$DB" gifts import "$TMP/long.csv"
check_has "naming the column" "$TMP/.out" "long.csv:2: staff_number: longer than 8192 bytes"
printf 'staff_number,kind,organisation,description,start_date,status\n1003,second_job,Old Co,Old,01/01/1900,approved\n' >"$TMP/iold.csv"
check_fails "an interest starting in 1900 is refused" "$BIN" --db "$DB" interests import "$TMP/iold.csv"
check_has "with the form's words" "$TMP/.out" 'iold.csv:2: start_date: Start date must be between 1950 and 2100 ("1900-01-01")'
expect "nothing stored from refused files" "$g1" "$(gifts)"
expect "no import logged for refused files" 0 "$(q "SELECT COUNT(*) FROM access_log WHERE action = 'import' AND object_id LIKE '%header.csv'")"

# ---- the procurement import takes a file upload ----
T=$(csrf megan /procurement/import)
printf 'supplier,contract_ref,title,award_date,value,department\nAcme Security Ltd,C-001,Guarding,01/06/2025,120000.00,Estates\n' >"$TMP/c.csv"
expect "procurement CSV upload" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/megan.jar" -H "Origin: $URL" -F "csrf=$T" -F "file=@$TMP/c.csv;type=text/csv" "$URL/procurement/import")"
check_has "the upload is imported" "$TMP/body" "1 rows: 1 new contracts"
make_xlsx "$TMP/c.xlsx" supplier,contract_ref,title,award_date,value,department "Zebra Paints|C-002|Paint|D:45809|N:100|Estates"
expect "procurement XLSX upload" 200 "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/megan.jar" -H "Origin: $URL" -F "csrf=$T" -F "file=@$TMP/c.xlsx" "$URL/procurement/import")"
check_has "the workbook is imported" "$TMP/body" "1 rows: 1 new contracts"
expect "both contracts stored, dates as ISO" "2025-06-01|2025-06-01" "$(q "SELECT award_date FROM contracts ORDER BY contract_ref" | tr '\n' '|' | sed 's/|$//')"
expect "staff cannot upload" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/priya.jar" -H "Origin: $URL" -F "csrf=$(csrf priya)" -F "file=@$TMP/c.csv" "$URL/procurement/import")"
finish
