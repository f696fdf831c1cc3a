#!/bin/sh
# End-to-end, CLI and HTTP: the procurement cross-check — the contract
# importer (exact header, column mapping, all-or-nothing, rerun, dry run,
# line/column errors), `procurement check` (window, threshold, exact CSV
# header and order), the flags page, one flag side by side, PSD's review,
# the import form, the flags CSV, and access refusals with their log rows.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "aisha 1001" "tom 1002" "priya 1003" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
"$BIN" --db "$DB" user role megan +psd >/dev/null
"$BIN" --db "$DB" user add acu1 --password-file "$TMP/pw" --role acu >/dev/null
"$BIN" --db "$DB" user add root --password-file "$TMP/pw" --role admin >/dev/null

cat >"$TMP/gifts.csv" <<'EOF'
staff_number,date_offered,offeror,kind,description,value,accepted,reason
1002,2025-03-01,ACME Security Limited,hospitality,Dinner,80.00,yes,Networking
1003,2023-01-01,Acme Security Ltd,gift,Pen,5.00,no,Declined
1001,2025-05-01,Acme Foods,gift,Hamper,40.00,no,Declined
EOF
"$BIN" --db "$DB" gifts import "$TMP/gifts.csv" >/dev/null
cat >"$TMP/interests.csv" <<'EOF'
staff_number,kind,organisation,description,start_date,status
1003,family_business,The Acme Security Co Ltd,Spouse is a director,2024-01-10,approved
1001,second_job,Acme Security,Guard,2022-01-01,refused
EOF
"$BIN" --db "$DB" interests import "$TMP/interests.csv" >/dev/null

# ---- import ----
H=supplier,contract_ref,title,award_date,value,department
printf '%s\n"Acme Security Ltd",C-001,Guarding,2025-06-01,"120,000.00",Estates\nAcme Foods,C-002,Canteen,2025-06-01,5000,Estates\nZebra Paints,C-003,Paint,2025-06-01,100,Estates\n' "$H" >"$TMP/c.csv"
check "dry run" "$BIN" --db "$DB" procurement import --dry-run "$TMP/c.csv"
check_has "dry run reports" "$TMP/.out" "dry run: "
[ "$(q 'SELECT COUNT(*) FROM contracts')" = 0 ] && ok "dry run writes nothing" || fail "dry run writes nothing"
check "import contracts" "$BIN" --db "$DB" procurement import "$TMP/c.csv"
check_has "import counts" "$TMP/.out" "3 rows, 3 created"
check "rerun exits 0" "$BIN" --db "$DB" procurement import "$TMP/c.csv"
check_has "rerun adds nothing" "$TMP/.out" "3 rows, 0 created, 0 updated, 3 unchanged"
[ "$(q 'SELECT COUNT(*) FROM contracts')" = 3 ] && ok "no duplicates" || fail "no duplicates"
printf '%s\nNew Ltd,C-010,X,2025-06-01,1,D\nBad Ltd,C-011,X,2025-06-31,1,D\n' "$H" >"$TMP/bad.csv"
check_fails "bad date rejects the file" "$BIN" --db "$DB" procurement import "$TMP/bad.csv"
check_has "error names line and column" "$TMP/.out" "bad.csv:3: award_date:"
[ "$(q "SELECT COUNT(*) FROM contracts WHERE contract_ref = 'C-010'")" = 0 ] && ok "all or nothing" || fail "all or nothing"
printf '%s\n,C-012,X,2025-06-01,1,D\n' "$H" >"$TMP/bad2.csv"
check_fails "missing supplier rejected" "$BIN" --db "$DB" procurement import "$TMP/bad2.csv"
check_has "supplier error" "$TMP/.out" "bad2.csv:2: supplier:"
printf 'supplier,ref\nX,Y\n' >"$TMP/bad3.csv"
check_fails "wrong header rejected" "$BIN" --db "$DB" procurement import "$TMP/bad3.csv"
check_has "header error" "$TMP/.out" "bad3.csv:1: header"
printf 'Vendor,Ref,Awarded,Amount\nNorthgate Catering Ltd,M-1,2025-01-01,99.50\n' >"$TMP/other.csv"
check "import with a column mapping" "$BIN" --db "$DB" procurement import --map supplier=Vendor --map contract_ref=Ref \
	--map award_date=Awarded --map value=Amount "$TMP/other.csv"
[ "$(q "SELECT value_pence FROM contracts WHERE contract_ref = 'M-1'")" = 9950 ] && ok "mapped columns read" || fail "mapped columns read"
check_fails "mapping to a missing column" "$BIN" --db "$DB" procurement import --map supplier=Nope "$TMP/other.csv"
check_has "mapping error" "$TMP/.out" 'no column "Nope"'
check "procurement --help" "$BIN" procurement --help

# ---- check ----
check "check to a file" "$BIN" --db "$DB" procurement check -o "$TMP/flags.csv"
cat >"$TMP/want.csv" <<'EOF'
supplier,contract_ref,award_date,match,matched_name,staff_number,record_date,score
Acme Security Ltd,C-001,2025-06-01,gift,ACME Security Limited,1002,2025-03-01,1.00
Acme Security Ltd,C-001,2025-06-01,business_interest,The Acme Security Co Ltd,1003,2024-01-10,0.85
Acme Foods,C-002,2025-06-01,gift,Acme Foods,1001,2025-05-01,1.00
EOF
if cmp -s "$TMP/flags.csv" "$TMP/want.csv"; then ok "flags CSV exact"; else fail "flags CSV exact" "$(diff "$TMP/want.csv" "$TMP/flags.csv")"; fi
"$BIN" --db "$DB" procurement check --window-months 36 >"$TMP/flags36.csv"
check_has "wider window finds the older gift" "$TMP/flags36.csv" "C-001,2025-06-01,gift,Acme Security Ltd,1003,2023-01-01,1.00"
check_lacks "refused interest never flagged" "$TMP/flags36.csv" "second_job"
"$BIN" --db "$DB" procurement check --threshold 0.95 >"$TMP/flags95.csv"
check_lacks "strict threshold drops the near match" "$TMP/flags95.csv" "business_interest"
check_fails "bad window rejected" "$BIN" --db "$DB" procurement check --window-months 0
check_fails "bad threshold rejected" "$BIN" --db "$DB" procurement check --threshold 2

# ---- HTTP ----
start_server "$DB"
for u in priya megan acu1 root; do expect "login $u" 303 "$(login $u)"; done
TM=$(csrf megan); TP=$(csrf priya); TA=$(csrf acu1); TR=$(csrf root)

expect "staff refused the flags" 403 "$(get priya /procurement)"
[ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'procurement_check' AND outcome = 'refused' AND username = 'priya'")" -ge 1 ] &&
	ok "refusal logged" || fail "refusal logged"
expect "staff refused contracts" 403 "$(get priya /procurement/contracts)"
expect "staff refused the flags CSV" 403 "$(get priya /procurement/flags.csv)"
expect "flags for PSD" 200 "$(get megan /procurement)"
check_has "home card for PSD" "$(get megan / "$TMP/home" >/dev/null; echo "$TMP/home")" "Procurement cross-check"
check_has "flag listed" "$TMP/body" "ACME Security Limited"
check_has "score shown" "$TMP/body" "0.85"
check_has "not yet reviewed" "$TMP/body" "Not reviewed"
check_lacks "no match for another company" "$TMP/body" "Zebra"
expect "flags for ACU" 200 "$(get acu1 /procurement)"
CID=$(q "SELECT id FROM contracts WHERE contract_ref = 'C-001'")
GID=$(q "SELECT id FROM gifts WHERE date_offered = '2025-03-01'")
BID=$(q "SELECT id FROM business_interests WHERE organisation = 'The Acme Security Co Ltd'")
expect "gift flag side by side" 200 "$(get megan "/procurement/flags/$CID/gift/$GID")"
check_has "contract side" "$TMP/body" "Guarding"
check_has "gift side" "$TMP/body" "Dinner"
check_has "who received it" "$TMP/body" "Tom Fletcher"
expect "interest flag side by side" 200 "$(get megan "/procurement/flags/$CID/business_interest/$BID")"
check_has "interest side" "$TMP/body" "Spouse is a director"
expect "staff refused a flag" 403 "$(get priya "/procurement/flags/$CID/gift/$GID")"
expect "unknown flag" 404 "$(get megan "/procurement/flags/$CID/gift/999999")"
expect "review needs a note" 400 "$(post megan "/procurement/flags/$CID/gift/$GID/review" --data-urlencode "csrf=$TM" --data-urlencode "outcome=referred_to_acu")"
check_has "note error" "$TMP/body" "Enter a note"
expect "ACU cannot review" 403 "$(post acu1 "/procurement/flags/$CID/gift/$GID/review" --data-urlencode "csrf=$TA" --data-urlencode "outcome=no_concern" --data-urlencode "note=x")"
expect "PSD reviews" 303 "$(post megan "/procurement/flags/$CID/gift/$GID/review" --data-urlencode "csrf=$TM" --data-urlencode "outcome=referred_to_acu" --data-urlencode "note=Dinner three months before the award")"
[ "$(q "SELECT outcome FROM procurement_reviews WHERE contract_id = $CID AND record_id = $GID")" = referred_to_acu ] &&
	ok "review stored" || fail "review stored"
get megan "/procurement?show=reviewed" >/dev/null
check_has "reviewed filter shows it" "$TMP/body" "Referred to ACU"
check_lacks "reviewed filter hides the rest" "$TMP/body" "Acme Foods"
get megan "/procurement?show=open" >/dev/null
check_has "open filter shows the rest" "$TMP/body" "Acme Foods"
expect "flags CSV" 200 "$(get megan /procurement/flags.csv "$TMP/web.csv")"
cmp -s "$TMP/web.csv" "$TMP/want.csv" && ok "web CSV equals the CLI's" || fail "web CSV equals the CLI's" "$(diff "$TMP/want.csv" "$TMP/web.csv")"
expect "contracts list" 200 "$(get megan /procurement/contracts)"
check_has "contracts listed" "$TMP/body" "C-002"

# Web import: all-or-nothing, mapping, dry run, refused for staff.
expect "import form" 200 "$(get megan /procurement/import)"
expect "staff refused the import form" 403 "$(get priya /procurement/import)"
expect "staff refused the import" 403 "$(post priya /procurement/import --data-urlencode "csrf=$TP" --data-urlencode "csv=x")"
NEWCSV=$(printf '%s\nKestrel Digital Systems Ltd,W-1,ICT,2025-07-01,10,ICT\nBad,W-2,X,not-a-date,1,D\n' "$H")
expect "bad web import shown again" 400 "$(post megan /procurement/import --data-urlencode "csrf=$TM" --data-urlencode "csv=$NEWCSV")"
check_has "web import error names the line" "$TMP/body" "contracts.csv:3: award_date"
[ "$(q "SELECT COUNT(*) FROM contracts WHERE contract_ref = 'W-1'")" = 0 ] && ok "web import all or nothing" || fail "web import all or nothing"
GOOD=$(printf 'Who,Ref,When\nKestrel Digital Systems Ltd,W-1,2025-07-01\n')
expect "web import dry run" 200 "$(post megan /procurement/import --data-urlencode "csrf=$TM" --data-urlencode "csv=$GOOD" \
	--data-urlencode "map_supplier=Who" --data-urlencode "map_contract_ref=Ref" --data-urlencode "map_award_date=When" --data-urlencode "dry_run=yes")"
check_has "dry run said so" "$TMP/body" "Checked only"
[ "$(q "SELECT COUNT(*) FROM contracts WHERE contract_ref = 'W-1'")" = 0 ] && ok "web dry run writes nothing" || fail "web dry run writes nothing"
expect "web import with mapping" 200 "$(post megan /procurement/import --data-urlencode "csrf=$TM" --data-urlencode "csv=$GOOD" \
	--data-urlencode "map_supplier=Who" --data-urlencode "map_contract_ref=Ref" --data-urlencode "map_award_date=When")"
check_has "web import result" "$TMP/body" "1 new contracts"
[ "$(q "SELECT COUNT(*) FROM contracts WHERE contract_ref = 'W-1'")" = 1 ] && ok "web import stored" || fail "web import stored"
[ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'contracts' AND action = 'import' AND username = 'megan'")" -ge 1 ] &&
	ok "web import logged" || fail "web import logged"

# Settings (admin): window, threshold, review interval.
expect "settings for admin" 200 "$(get root /procurement/settings)"
expect "settings refused to PSD" 403 "$(get megan /procurement/settings)"
expect "settings save refused to PSD" 403 "$(post megan /procurement/settings --data-urlencode "csrf=$TM" --data-urlencode "window_months=36" --data-urlencode "threshold_pct=80" --data-urlencode "review_months=12")"
[ "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'config' AND outcome = 'refused' AND username = 'megan'")" -ge 1 ] &&
	ok "settings refusal logged" || fail "settings refusal logged"
expect "bad settings shown again" 400 "$(post root /procurement/settings --data-urlencode "csrf=$TR" --data-urlencode "window_months=0" --data-urlencode "threshold_pct=30" --data-urlencode "review_months=x")"
check_has "window error" "$TMP/body" "Enter the window as a whole number"
check_has "threshold error" "$TMP/body" "Enter the threshold as a whole number from 50 to 100"
[ "$(q "SELECT value FROM config WHERE key = 'procurement.window_months'")" = 12 ] && ok "bad settings change nothing" || fail "bad settings change nothing"
expect "settings saved" 303 "$(post root /procurement/settings --data-urlencode "csrf=$TR" --data-urlencode "window_months=36" --data-urlencode "threshold_pct=80" --data-urlencode "review_months=6")"
[ "$(q "SELECT value FROM config WHERE key = 'procurement.window_months'")" = 36 ] && ok "window saved" || fail "window saved"
[ "$(q "SELECT value FROM config WHERE key = 'interests.review_months'")" = 6 ] && ok "review interval saved" || fail "review interval saved"
"$BIN" --db "$DB" procurement check >"$TMP/flags-cfg.csv"
check_has "configured window used by the check" "$TMP/flags-cfg.csv" "C-001,2025-06-01,gift,Acme Security Ltd,1003,2023-01-01,1.00"
# JSON API of the flags: PSD allowed, staff refused, no credentials 401
TOKM=$("$BIN" --db "$DB" token create megan)
TOKP=$("$BIN" --db "$DB" token create priya)
expect "flags API for PSD" 200 "$(curl -s -o "$TMP/api" -w "%{http_code}" -H "Authorization: Bearer $TOKM" "$URL/api/procurement/flags?match=gift")"
check_has "flags API lists a flag" "$TMP/api" '"contract_ref":"C-001"'
check_lacks "flags API filter by match" "$TMP/api" '"match":"business_interest"'
expect "flags API refused to staff" 403 "$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $TOKP" "$URL/api/procurement/flags")"
expect "flags API needs credentials" 401 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/api/procurement/flags")"
finish
