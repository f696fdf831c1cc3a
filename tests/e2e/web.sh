#!/bin/sh
# End-to-end over HTTP: the web platform itself — health check, 404/405/401
# answers, security headers on every response, sign-in and lockout, sessions
# and CSRF refusals (with their access-log rows), role refusals, the admin
# account pages and API, static assets, oversized and malformed requests,
# and the supervisor restarting a worker that dies.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
echo "correct-horse-battery" >"$TMP/pw"
"$BIN" --db "$DB" user add ada --password-file "$TMP/pw" --role admin >/dev/null
"$BIN" --db "$DB" user add sam --password-file "$TMP/pw" --role psd >/dev/null
"$BIN" --db "$DB" user add lou --password-file "$TMP/pw" --role psd >/dev/null

"$BIN" --db "$DB" serve --port 0 --assets-root "$ROOT" >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 1 100); do
	URL=$(grep -o 'http://[^ ]*/' "$TMP/serve.out" | head -1)
	[ -n "$URL" ] && curl -s -o /dev/null "${URL}healthz" && break
	sleep 0.1
done
URL=${URL%/}
[ -n "$URL" ] && ok "server prints its URL and starts" || { fail "server started" "$(cat "$TMP/serve.err")"; finish; exit 1; }

# req [CURL ARGS...] URL: prints the status; body in $TMP/body, headers in $TMP/headers
log_count() { sqlite3 "$DB" "SELECT COUNT(*) FROM access_log WHERE $1"; }

# --- public endpoints, errors, headers ---
expect "healthz is 200" 200 "$(req "$URL/healthz")"
check_has "healthz says ok" "$TMP/body" "ok"
expect "unknown page is 404 (anonymous)" 404 "$(req "$URL/no/such/page")"
check_has "404 is a GOV.UK page" "$TMP/body" "Page not found"
check_has "404 is HTML" "$TMP/headers" "text/html"
for h in "Content-Security-Policy: default-src 'self'; script-src 'self'" "X-Content-Type-Options: nosniff" \
	"Referrer-Policy: no-referrer" "X-Frame-Options: DENY" "Cache-Control: no-store"; do
	check_has "security header: ${h%%:*}" "$TMP/headers" "$h"
done
check_has "CSP forbids framing" "$TMP/headers" "frame-ancestors 'none'"
check_lacks "no inline scripts" "$TMP/body" "<script>"
expect "unknown API path without credentials is 401" 401 "$(req "$URL/api/anything")"
check_has "401 is JSON" "$TMP/headers" "application/json"
check_has "401 has an error" "$TMP/body" '{"error":'
check_lacks "401 is not a redirect" "$TMP/headers" "Location:"
expect "known API path without credentials is 401" 401 "$(req "$URL/api/accounts")"
expect "bad bearer token is 401" 401 "$(req -H "Authorization: Bearer 0000000000000000000000000000000000000000000000000000000000000000" "$URL/api/accounts")"
expect "anonymous page redirects to login" 303 "$(req "$URL/admin/accounts?q=x")"
check_has "login keeps where you were going" "$TMP/headers" "Location: /login?next=%2Fadmin%2Faccounts%3Fq%3Dx"
expect "wrong method is 405" 405 "$(req -X DELETE "$URL/login")"
expect "login page" 200 "$(req "$URL/login")"
check_has "login page is GOV.UK" "$TMP/body" "govuk-template__body"
check_has "login page loads our script as a module" "$TMP/body" '<script type="module" src="/assets/app/app.js"></script>'

# --- static assets ---
expect "Probity's CSS served" 200 "$(req "$URL/assets/app/probity.css")"
check_has "CSS content type" "$TMP/headers" "Content-Type: text/css"
check_has "CSS is GOV.UK Frontend's, built" "$TMP/body" ".govuk-template"
check_lacks "in the system font, not GDS Transport" "$TMP/body" "GDS Transport"
expect "GOV.UK JS served" 200 "$(req "$URL/assets/govuk/govuk-frontend.min.js")"
check_has "JS content type" "$TMP/headers" "text/javascript"
expect "GOV.UK's own stylesheet not served" 404 "$(req "$URL/assets/govuk/govuk-frontend.min.css")"
expect "GDS Transport not served" 404 "$(req "$URL/$(grep -o 'assets/fonts/bold[^)]*woff2' "$ROOT/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css" | head -1)")"
expect "our app.js served" 200 "$(req "$URL/assets/app/app.js")"
check_has "app.js sets the js-enabled class" "$TMP/body" "js-enabled"
expect "favicon" 200 "$(req "$URL/favicon.ico")"
ETAG=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/headers")
expect "unchanged asset is 304" 304 "$(req -H "If-None-Match: $ETAG" "$URL/favicon.ico")"
expect "no directory traversal" 404 "$(req --path-as-is "$URL/assets/../../../../etc/passwd")"
expect "no encoded traversal" 404 "$(req --path-as-is "$URL/assets/app/..%2F..%2FMakefile")"
expect "unknown asset is 404" 404 "$(req "$URL/assets/app/nope.js")"

# --- sign in, lockout ---
expect "wrong password is refused" 401 "$(login sam wrong-password-123)"
check_has "wrong password message" "$TMP/body" "Incorrect username or password"
check_has "error summary links to the field" "$TMP/body" 'href="#username"'
check_has "username kept" "$TMP/body" 'value="sam"'
expect "empty form is refused" 400 "$(req -b "$TMP/e.jar" --data-urlencode "login_token=$(login_token "$TMP/e.jar")" -d username= -d password= "$URL/login")"
check_has "asks for the username" "$TMP/body" "Enter your username"
expect "sign in" 303 "$(login sam)"
check_has "session cookie is HttpOnly and SameSite=Strict" "$TMP/headers" "probity_session="
check_has "cookie flags" "$TMP/headers" "HttpOnly; SameSite=Strict"
check_has "sign in goes home" "$TMP/headers" "Location: /"
expect "signed-in home page" 200 "$(req -b "$TMP/sam.jar" "$URL/")"
check_has "home shows the register card to psd" "$TMP/body" 'href="/gifts/register"'
check_lacks "home hides accounts from psd" "$TMP/body" 'href="/admin/accounts"'
expect "unknown page is 404 (signed in)" 404 "$(req -b "$TMP/sam.jar" "$URL/no/such/page")"
check_has "signed-in 404 keeps the navigation" "$TMP/body" "Sign out"
expect "unknown API path signed in is 404 JSON" 404 "$(req -b "$TMP/sam.jar" "$URL/api/anything")"
check_has "404 JSON" "$TMP/body" '{"error":{"code":"not_found","message":"not found","field":null}}'
expect "next is followed when local" 303 "$(req -b "$TMP/n.jar" --data-urlencode "login_token=$(login_token "$TMP/n.jar")" --data-urlencode username=lou --data-urlencode password=correct-horse-battery --data-urlencode "next=/gifts/register?x=1" "$URL/login")"
check_has "local next" "$TMP/headers" "Location: /gifts/register?x=1"
expect "next to another site is ignored" 303 "$(req -b "$TMP/n.jar" --data-urlencode "login_token=$(login_token "$TMP/n.jar")" --data-urlencode username=lou --data-urlencode password=correct-horse-battery --data-urlencode "next=//evil.example/" "$URL/login")"
check_has "off-site next goes home" "$TMP/headers" "Location: /"

for i in 1 2 3 4 5; do login lou wrong-password-123 >/dev/null; done
expect "locked account is refused" 401 "$(login lou)"
check_has "lockout message" "$TMP/body" "locked"
[ "$(log_count "action = 'login' AND username = 'lou' AND detail LIKE '%locked%'")" -ge 1 ] &&
	ok "lockout is in the access log" || fail "lockout is in the access log"

# --- CSRF ---
B=$(log_count "action = 'csrf' AND outcome = 'refused'")
expect "POST without CSRF token is 403" 403 "$(req -b "$TMP/sam.jar" -X POST "$URL/logout")"
expect "POST with a wrong CSRF token is 403" 403 "$(req -b "$TMP/sam.jar" -d csrf=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef "$URL/logout")"
expect "CSRF refusals are in the access log" $((B + 2)) "$(log_count "action = 'csrf' AND outcome = 'refused'")"
[ "$(log_count "action = 'csrf' AND username = 'sam' AND object_id = '/logout'")" -ge 2 ] &&
	ok "CSRF log row names who and what" || fail "CSRF log row names who and what"

# --- roles ---
B=$(log_count "action = 'access' AND outcome = 'refused'")
expect "admin pages refused to non-admin" 403 "$(req -b "$TMP/sam.jar" "$URL/admin/accounts")"
check_has "403 is a GOV.UK page" "$TMP/body" "You do not have permission"
expect "admin API refused to non-admin" 403 "$(req -b "$TMP/sam.jar" "$URL/api/accounts")"
check_has "403 JSON" "$TMP/body" '{"error":{"code":"forbidden","message":"forbidden","field":null}}'
expect "role refusals are in the access log" $((B + 2)) "$(log_count "action = 'access' AND outcome = 'refused'")"

# --- admin account pages ---
expect "admin signs in" 303 "$(login ada)"
expect "accounts list" 200 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts")"
check_has "list shows accounts" "$TMP/body" ">sam</a>"
expect "search" 200 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts?q=LO")"
check_has "search finds lou" "$TMP/body" ">lou</a>"
check_lacks "search leaves out sam" "$TMP/body" ">sam</a>"
T=$(csrf ada)
[ -n "$T" ] && ok "forms carry the CSRF token" || fail "forms carry the CSRF token"
expect "create form" 200 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts/new")"
expect "invalid account is shown again" 400 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" --data-urlencode "username=<b>x" --data-urlencode "password=short" --data-urlencode "roles=psd" "$URL/admin/accounts")"
check_has "invalid: error summary" "$TMP/body" "There is a problem"
check_has "invalid: password message" "$TMP/body" "at least 12 characters"
check_has "invalid: username message too" "$TMP/body" "Username must be 2 to 60"
check_has "invalid: username kept, escaped" "$TMP/body" 'value="&lt;b&gt;x"'
check_has "invalid: role kept" "$TMP/body" 'value="psd" checked'
expect "create account" 303 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" --data-urlencode "username=kim" --data-urlencode "password=another-long-password" --data-urlencode "roles=acu" --data-urlencode "roles=vetting" "$URL/admin/accounts")"
LOC=$(sed -n 's/^Location: \(.*\)\r$/\1/p' "$TMP/headers")
ID=$(echo "$LOC" | sed -n 's|^/admin/accounts/\([0-9]*\)?done=created-pending$|\1|p')
[ -n "$ID" ] && ok "create redirects to the account" || fail "create redirects to the account" "$LOC"
expect "account page" 200 "$(req -b "$TMP/ada.jar" "$URL$LOC")"
check_has "success banner" "$TMP/body" "Account created"
check_has "sensitive roles wait for a second administrator" "$TMP/body" "Role grants waiting for a second administrator"
expect "duplicate username refused" 400 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" --data-urlencode "username=kim" --data-urlencode "password=another-long-password" "$URL/admin/accounts")"
check_has "duplicate message" "$TMP/body" "already an account called kim"
expect "new account signs in" 303 "$(login kim another-long-password)"
expect "change roles" 303 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" --data-urlencode "roles=governance" "$URL/admin/accounts/$ID/roles")"
expect "roles changed" 200 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts/$ID")"
check_has "roles now governance only" "$TMP/body" "<dd class=\"govuk-summary-list__value\">Governance and planning</dd>"
ADA=$(sqlite3 "$DB" "SELECT id FROM accounts WHERE username = 'ada'")
expect "cannot change own roles" 403 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" --data-urlencode "roles=psd" "$URL/admin/accounts/$ADA/roles")"
check_has "own roles message" "$TMP/body" "cannot change your own roles"
expect "reset password" 303 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" --data-urlencode "password=brand-new-password" "$URL/admin/accounts/$ID/password")"
expect "old password no longer works" 401 "$(login kim another-long-password)"
expect "new password works" 303 "$(login kim brand-new-password)"
expect "disable asks first" 200 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts/$ID/disable")"
check_has "are you sure" "$TMP/body" "Are you sure you want to disable kim?"
expect "disable" 303 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" "$URL/admin/accounts/$ID/disable")"
expect "disabled account's session ends" 303 "$(req -b "$TMP/kim.jar" "$URL/")"
expect "disabled account cannot sign in" 401 "$(login kim brand-new-password)"
expect "enable" 303 "$(req -b "$TMP/ada.jar" --data-urlencode "csrf=$T" "$URL/admin/accounts/$ID/enable")"
expect "enabled account signs in" 303 "$(login kim brand-new-password)"
expect "unknown account is 404" 404 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts/99999")"
[ "$(log_count "action = 'admin' AND username = 'ada'")" -ge 5 ] &&
	ok "admin changes are logged with who did them" || fail "admin changes are logged with who did them"

# --- JSON API: session and bearer ---
expect "accounts API with the session" 200 "$(req -b "$TMP/ada.jar" "$URL/api/accounts")"
check_has "API lists accounts" "$TMP/body" '"username":"kim"'
TOKEN=$("$BIN" --db "$DB" token create ada --label e2e | grep -o '[0-9a-f]\{64\}' | head -1)
expect "accounts API with a bearer token" 200 "$(req -H "Authorization: Bearer $TOKEN" "$URL/api/accounts?q=sam")"
check_has "bearer API filters" "$TMP/body" '"total":1'

# --- sign out ---
expect "sign out" 303 "$(req -b "$TMP/ada.jar" -c "$TMP/ada.jar" --data-urlencode "csrf=$T" "$URL/logout")"
check_has "sign out clears the cookie" "$TMP/headers" "Max-Age=0"
expect "signed out session no longer works" 303 "$(req -b "$TMP/ada.jar" "$URL/admin/accounts")"

# --- hostile and broken requests ---
expect "body over 1 MiB is 413" 413 "$(head -c 1100000 /dev/zero | tr '\0' a | req -H "Content-Type: application/x-www-form-urlencoded" --data-binary @- "$URL/login")"
expect "NUL in a form field is 400" 400 "$(req -d "username=a%00b&password=x" "$URL/login")"
expect "bad UTF-8 in the query is 400" 400 "$(req "$URL/admin/accounts?q=%ff")"
printf 'GARBAGE\r\n\r\n' | timeout 5 curl -s -o /dev/null telnet://"${URL#http://}" 2>/dev/null
printf 'GET /%s HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n' "$(head -c 300 /dev/zero | tr '\0' '%')" |
	timeout 5 curl -s -o /dev/null telnet://"${URL#http://}" 2>/dev/null
expect "server survives malformed requests" 200 "$(req "$URL/healthz")"

# --- a worker that dies is replaced ---
WORKER=$(grep -l "^PPid:[[:space:]]*$SERVER\$" /proc/[0-9]*/status 2>/dev/null | head -1 | cut -d/ -f3)
if [ -n "$WORKER" ]; then
	kill -KILL "$WORKER"
	for i in $(seq 1 50); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" = 200 ] && break
		sleep 0.1
	done
	expect "a crashed worker is restarted" 200 "$(req "$URL/healthz")"
	check_has "the restart is logged" "$TMP/serve.err" "restarting"
	expect "sessions survive the restart" 200 "$(req -b "$TMP/sam.jar" "$URL/")"
else
	fail "a crashed worker is restarted" "no worker process under $SERVER"
fi

# --- a busy port is a clear error, not a silent second server ---
PORT=${URL##*:}
check_fails "a port in use is refused" timeout 10 "$BIN" --db "$DB" serve --port "$PORT"
check_has "the refusal says why" "$TMP/.out" "Address already in use"

# --- concurrent requests, signed in and not ---
seq 1 200 | xargs -P 8 -I{} sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -b "$1" "$2/$3"' _ "$TMP/sam.jar" "$URL" "{}" >"$TMP/par1"
seq 1 200 | xargs -P 8 -I{} curl -s -o /dev/null -w "%{http_code}\n" -b "$TMP/sam.jar" "$URL/" >"$TMP/par2"
expect "concurrent unknown pages are all 404" 200 "$(grep -c '^404$' "$TMP/par1")"
expect "concurrent signed-in pages are all 200" 200 "$(grep -c '^200$' "$TMP/par2")"

# --- the access log is intact, and the server stops cleanly ---
check "access log chain verifies" "$BIN" --db "$DB" verify-log
kill -TERM $SERVER
wait $SERVER
expect "SIGTERM stops the server cleanly" 0 "$?"
if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$TMP/serve.err"; then
	fail "server ran clean under the sanitizers" "$(grep -A12 'AddressSanitizer\|LeakSanitizer\|runtime error' "$TMP/serve.err" | head -40)"
else
	ok "server ran clean under the sanitizers"
fi
finish
