#!/bin/sh
# Single sign-on with OpenID Connect (docs/deploy.md), against a provider
# the suite starts (tests/oidc/provider.mjs: code flow, PKCE S256, RS256
# ID tokens). A member of staff signs in through it and is matched to her
# account by staff number; the refusals: a bad signature, the wrong
# audience, an expired token, a replayed nonce, alg "none", an unknown
# person, a person who has left, a used callback, another browser's state.
# Rotated provider keys are fetched again. Passwords can be turned off
# except for the break-glass administrator.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/t.db
F=$ROOT/tests/fixtures
"$BIN" --db "$DB" people import "$F/hr.csv" >/dev/null
echo "correct-horse-battery" >"$TMP/pw"
for u in "aisha 1001" "tom 1002" "priya 1003" "megan 1005"; do
	set -- $u
	"$BIN" --db "$DB" user add "$1" --password-file "$TMP/pw" --staff-number "$2" >/dev/null
done
sqlite3 "$DB" "update people set leave_date = '2020-01-31' where staff_number = '1002'"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PP=$(free_port)
SP=$(free_port)
URL=http://127.0.0.1:$SP
IDP=http://127.0.0.1:$PP
echo "s3cret-for-tests" >"$TMP/secret"
chmod 600 "$TMP/secret"
node "$ROOT/tests/oidc/provider.mjs" "$PP" probity-test s3cret-for-tests "$URL/login/sso/callback" >"$TMP/idp.log" 2>&1 &
IDPPID=$!
for _ in $(seq 1 100); do grep -q listening "$TMP/idp.log" && break; sleep 0.1; done
grep -q listening "$TMP/idp.log" && ok "the test identity provider started" || { fail "the test identity provider started" "$(cat "$TMP/idp.log")"; finish; exit 1; }

cat >"$TMP/sso.conf" <<CONF
public_url = $URL
oidc_issuer = $IDP
oidc_client_id = probity-test
oidc_client_secret_file = $TMP/secret
oidc_claim = employee_id
oidc_match = staff_number
CONF
check "config check passes the sign-in settings" "$BIN" --config "$TMP/sso.conf" config check

serve() { # serve [ENV=VALUE...]: (re)start probity on $SP with sso.conf
	[ -n "$SERVER" ] && { kill $SERVER; wait $SERVER 2>/dev/null; }
	env PROBITY_CONFIG="$TMP/sso.conf" "$@" "$BIN" --db "$DB" serve --port "$SP" >"$TMP/serve.log" 2>&1 &
	SERVER=$!
	for _ in $(seq 1 200); do curl -s -o /dev/null "$URL/healthz" && break; sleep 0.1; done
}
trap 'kill $SERVER $IDPPID 2>/dev/null; wait $SERVER $IDPPID 2>/dev/null; rm -rf "$TMP"' EXIT
[ -n "$KEEP" ] && trap "kill \$SERVER \$IDPPID" EXIT
serve
expect "the server started" 200 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/healthz")"

control() { curl -s -o /dev/null -X POST -d "$1" "$IDP/control"; }
hdr() { sed -n "s/^$1: //Ip" "$2" | tr -d '\r' | head -1; }
# sso JAR: the whole round trip as a browser does it; prints the callback's status,
# leaves its Location in $TMP/cb.loc and the callback URL in $TMP/cb.url
sso() {
	curl -s -o /dev/null -D "$TMP/h1" -c "$1" -b "$1" "$URL/login/sso${2:+?next=$2}"
	to_idp=$(hdr Location "$TMP/h1")
	curl -s -o /dev/null -D "$TMP/h2" "$to_idp"
	hdr Location "$TMP/h2" >"$TMP/cb.url"
	curl -s -o "$TMP/body" -D "$TMP/h3" -c "$1" -b "$1" -w "%{http_code}" "$(cat "$TMP/cb.url")"
	hdr Location "$TMP/h3" >"$TMP/cb.loc"
}
reason() { sqlite3 "$DB" "select detail from access_log where action = 'login' order by id desc limit 1"; }

curl -s "$URL/login" >"$TMP/login"
check_has "the sign-in page offers the force account" "$TMP/login" 'href="/login/sso"'

# ---- a good sign-in ----
control '{"claims": {"sub": "u-1003", "employee_id": "1003"}, "mode": "good"}'
expect "sign-in through the provider" 303 "$(sso "$TMP/priya.jar" /gifts/mine)"
expect "back to the page asked for" "/gifts/mine" "$(cat "$TMP/cb.loc")"
hdr Location "$TMP/h1" >"$TMP/authurl"
check_has "the provider is asked with PKCE S256" "$TMP/authurl" "code_challenge_method=S256"
check_has "and a nonce" "$TMP/authurl" "nonce="
check_lacks "the verifier never goes to the browser" "$TMP/h1" "code_verifier"
check_has "the flow's cookie is SameSite=Lax, HttpOnly" "$TMP/h1" "probity_sso="
expect "the session works" 200 "$(curl -s -o "$TMP/page" -w "%{http_code}" -b "$TMP/priya.jar" "$URL/gifts/mine")"
check_has "signed in as Priya" "$TMP/page" "Priya Nair"
expect "the sign-in is access-logged with how" "sso: staff number 1003" "$(sqlite3 "$DB" "select detail from access_log where action = 'login' and outcome = 'ok' and object_id = 'priya' order by id desc limit 1")"
expect "the provider never refused our code exchange (PKCE verifier, secret)" '"token_refused":0' "$(curl -s "$IDP/stats" | grep -o '"token_refused":[0-9]*')"
GOOD_CB=$(cat "$TMP/cb.url")

# ---- refusals ----
refusal() { # NAME MODE CLAIMS EXPECTED-REASON
	control "{\"claims\": $3, \"mode\": \"$2\"}"
	rm -f "$TMP/r.jar"
	expect "$1 is refused" 403 "$(sso "$TMP/r.jar")"
	case "$(reason)" in *"$4"*) ok "$1: logged as $4";; *) fail "$1: logged as $4" "$(reason)";; esac
	[ "$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/r.jar" "$URL/gifts/mine")" = 303 ] &&
		ok "$1: no session" || fail "$1: no session"
}
P='{"sub": "u-1003", "employee_id": "1003"}'
refusal "a token signed with another key" badsig "$P" "signature is not the provider's"
refusal "a token for another client" wrongaud "$P" "wrong audience"
refusal "an expired token" expired "$P" "expired"
refusal "a token with a replayed nonce" oldnonce "$P" "nonce is not this sign-in's"
refusal "an unsigned token (alg none)" none "$P" "is not RS256"
refusal "an unknown person" good '{"sub": "u-9", "employee_id": "9999"}' "no account for the token's person"
refusal "a person who has left" good '{"sub": "u-1002", "employee_id": "1002"}' "the person has left"
refusal "a token without the claim" good '{"sub": "u-1003"}' "has no employee_id claim"

control "{\"claims\": $P, \"mode\": \"good\"}"
expect "a used callback is refused" 403 "$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/priya.jar" "$GOOD_CB")"
case "$(reason)" in *"unknown, used or expired"*) ok "logged as used";; *) fail "logged as used" "$(reason)";; esac
# another browser's state: begin in one jar, come back with another
curl -s -o /dev/null -D "$TMP/h1" -c "$TMP/a.jar" "$URL/login/sso"
curl -s -o /dev/null -D "$TMP/h2" "$(hdr Location "$TMP/h1")"
curl -s -o /dev/null -c "$TMP/b.jar" "$URL/login"
expect "a callback in another browser is refused" 403 "$(curl -s -o /dev/null -w "%{http_code}" -b "$TMP/b.jar" "$(hdr Location "$TMP/h2")")"
case "$(reason)" in *"not this browser's"*) ok "logged as another browser's";; *) fail "logged as another browser's" "$(reason)";; esac

# ---- the provider rotates its keys ----
J0=$(curl -s "$IDP/stats" | sed 's/.*"jwks":\([0-9]*\).*/\1/')
control "{\"claims\": $P, \"mode\": \"rotated\"}"
expect "a token signed with a new key is accepted" 303 "$(sso "$TMP/rot.jar")"
J1=$(curl -s "$IDP/stats" | sed 's/.*"jwks":\([0-9]*\).*/\1/')
[ "$J1" -gt "$J0" ] && ok "after fetching the keys again" || fail "after fetching the keys again" "$J0 -> $J1"

# ---- passwords off, except the break-glass administrator ----
serve PROBITY_LOCAL_LOGIN=off PROBITY_BREAK_GLASS_USER=megan
expect "with passwords off, staff are refused a password sign-in" 403 "$(login priya)"
check_has "and told to use the force account" "$TMP/body" "Sign in with your force account"
expect "the refusal is logged" "local passwords are off" "$(reason)"
expect "the break-glass administrator still signs in with a password" 303 "$(login megan)"
control "{\"claims\": $P, \"mode\": \"good\"}"
expect "single sign-on still works" 303 "$(sso "$TMP/p2.jar")"
check_lacks "the client secret is never logged" "$TMP/serve.log" "s3cret-for-tests"
finish
