/* oidc.c — OpenID Connect sign-in (oidc.h). The provider's discovery
 * document and keys are fetched on first use and kept for the process
 * (under one mutex, held while a token is checked: sign-ins are rare). */
#include "domain/oidc.h"
#include "core/buf.h"
#include "core/conffile.h"
#include "core/date.h"
#include "core/jwt.h"
#include "domain/accesslog.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "store/store.h"
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLOW_SECONDS 600
#define SKEW 60
#define ANSWER_MAX ((size_t)1 << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int loaded;
	char issuer[512], authorize[1024], token[1024], jwks_uri[1024];
	json_t *jwks;
	time_t jwks_at;
} prov;
static char secret[512];

static const char *conf_or(const char *key, const char *def)
{
	const char *v = conf_get(key);
	return v && *v ? v : def;
}

int oidc_enabled(void)
{
	return conf_or("oidc_issuer", NULL) != NULL;
}

/* https, or http on the loopback address (a provider run by the tests). */
static int url_allowed(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://127.0.0.1:", 17) == 0 ||
	       strncmp(u, "http://127.0.0.1/", 17) == 0 || strncmp(u, "http://localhost:", 17) == 0;
}

int oidc_init(struct err *e)
{
	if (!oidc_enabled())
		return 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const char *iss = conf_get("oidc_issuer"), *id = conf_or("oidc_client_id", NULL);
	const char *sf = conf_or("oidc_client_secret_file", NULL), *match = conf_or("oidc_match", "username");
	if (!url_allowed(iss))
		return err_set(e, ERR_INPUT, "oidc_issuer must be an https URL");
	if (!id || !sf)
		return err_set(e, ERR_INPUT, "oidc_issuer needs oidc_client_id and oidc_client_secret_file");
	if (strcmp(match, "username") != 0 && strcmp(match, "staff_number") != 0)
		return err_set(e, ERR_INPUT, "oidc_match must be username or staff_number");
	FILE *f = fopen(sf, "r");
	if (!f || !fgets(secret, sizeof secret, f)) {
		if (f)
			fclose(f);
		return err_set(e, ERR_IO, "cannot read the client secret from %s", sf);
	}
	fclose(f);
	secret[strcspn(secret, "\r\n")] = 0;
	if (!*secret)
		return err_set(e, ERR_INPUT, "%s is empty", sf);
	return 0;
}

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	return buf_add(b, p, size * n) ? 0 : size * n;
}

/* GET url (post NULL) or POST the form post; the JSON answer into *out. */
static int fetch(const char *url, const char *post, json_t **out, struct err *e)
{
	*out = NULL;
	if (!url_allowed(url))
		return err_set(e, ERR_INPUT, "the provider's address %.200s is not https", url);
	struct buf b;
	buf_init(&b, ANSWER_MAX);
	CURL *c = curl_easy_init();
	long status = 0;
	int rc = -1;
	if (!c) {
		err_set(e, ERR_NOMEM, "cannot start an HTTP client");
		goto out;
	}
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (post)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
	CURLcode r = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (r != CURLE_OK) {
		err_set(e, ERR_IO, "the identity provider did not answer (%s): %s", url, curl_easy_strerror(r));
		goto out;
	}
	json_t *j = json_loadb(b.p ? b.p : "", b.n, 0, NULL);
	if (status != 200 || !json_is_object(j)) {
		const char *why = json_string_value(json_object_get(j, "error"));
		err_set(e, ERR_IO, "the identity provider answered %ld%s%.100s from %s", status, why ? ": " : "",
		        why ? why : "", url);
		json_decref(j);
		goto out;
	}
	*out = j;
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static int copy_url(json_t *d, const char *k, char *out, size_t n, struct err *e)
{
	const char *v = json_string_value(json_object_get(d, k));
	if (!v || strlen(v) >= n || !url_allowed(v))
		return err_set(e, ERR_IO, "the provider's discovery document has no usable %s", k);
	snprintf(out, n, "%s", v);
	return 0;
}

/* Load the discovery document (once) and the keys (once, or again when
 * refresh: a token from the provider's own token endpoint named a key we do
 * not have, so it has rotated them). Call with lock held. */
static int provider_load(int refresh, struct err *e)
{
	if (!prov.loaded) {
		char url[1100];
		const char *iss = conf_get("oidc_issuer");
		size_t n = strlen(iss);
		snprintf(url, sizeof url, "%.*s/.well-known/openid-configuration", (int)(n && iss[n - 1] == '/' ? n - 1 : n),
		         iss);
		json_t *d;
		if (fetch(url, NULL, &d, e))
			return -1;
		int bad = copy_url(d, "issuer", prov.issuer, sizeof prov.issuer, e) ||
		          copy_url(d, "authorization_endpoint", prov.authorize, sizeof prov.authorize, e) ||
		          copy_url(d, "token_endpoint", prov.token, sizeof prov.token, e) ||
		          copy_url(d, "jwks_uri", prov.jwks_uri, sizeof prov.jwks_uri, e);
		json_decref(d);
		if (bad)
			return -1;
		prov.loaded = 1;
	}
	if (!prov.jwks || refresh) {
		json_t *k;
		if (fetch(prov.jwks_uri, NULL, &k, e))
			return -1;
		json_decref(prov.jwks);
		prov.jwks = k;
		prov.jwks_at = time(NULL);
	}
	return 0;
}

static void b64url(const unsigned char *p, size_t n, char *out, size_t out_n)
{
	sodium_bin2base64(out, out_n, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void challenge_of(const char *verifier, char out[64])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	b64url(h, sizeof h, out, 64);
}

/* append "&k=v" (v percent-encoded) to b */
static void param(struct buf *b, const char *k, const char *v)
{
	char *esc = curl_easy_escape(NULL, v, 0);
	buf_adds(b, b->n ? "&" : "");
	buf_adds(b, k);
	buf_adds(b, "=");
	buf_adds(b, esc ? esc : "");
	curl_free(esc);
}

int oidc_begin(struct store *st, const char *redirect_uri, const char *next, char state[OIDC_STATE_LEN + 1],
               char *url, size_t url_n, struct err *e)
{
	unsigned char r[32];
	char nonce[OIDC_STATE_LEN + 1], verifier[64], challenge[64];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(state, OIDC_STATE_LEN + 1, r, sizeof r);
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(nonce, sizeof nonce, r, sizeof r);
	randombytes_buf(r, sizeof r);
	b64url(r, sizeof r, verifier, sizeof verifier);
	challenge_of(verifier, challenge);
	pthread_mutex_lock(&lock);
	int rc = provider_load(0, e);
	char authorize[1024];
	snprintf(authorize, sizeof authorize, "%s", prov.authorize);
	pthread_mutex_unlock(&lock);
	if (rc)
		return -1;
	int64_t now = time_now_unix();
	store_exec(st, NULL, "DELETE FROM oidc_flows WHERE created < ?", "i", now - FLOW_SECONDS);
	if (store_exec(st, e, "INSERT INTO oidc_flows(state, nonce, verifier, next, created) VALUES(?, ?, ?, ?, ?)",
	               "tttti", state, nonce, verifier, next ? next : "", now))
		return -1;
	struct buf q;
	buf_init(&q, 8192);
	param(&q, "response_type", "code");
	param(&q, "client_id", conf_get("oidc_client_id"));
	param(&q, "redirect_uri", redirect_uri);
	param(&q, "scope", conf_or("oidc_scopes", "openid profile"));
	param(&q, "state", state);
	param(&q, "nonce", nonce);
	param(&q, "code_challenge", challenge);
	param(&q, "code_challenge_method", "S256");
	int n = snprintf(url, url_n, "%s%c%s", authorize, strchr(authorize, '?') ? '&' : '?', buf_str(&q));
	int oom = q.oom;
	buf_release(&q);
	if (oom || n < 0 || (size_t)n >= url_n)
		return err_set(e, ERR_INTERNAL, "the sign-in address is too long");
	return 0;
}

static int refuse(struct store *st, const char *who, const char *outcome, const char *why, struct err *e)
{
	char detail[300];
	snprintf(detail, sizeof detail, "sso: %s", why);
	alog_write(st, NULL, "login", "account", who ? who : "", outcome, detail, NULL);
	return err_set(e, ERR_DENIED, "Your sign-in with your force account did not work. Try again, or ask your "
	                              "system administrator.");
}

/* The claims every ID token must pass (oidc.h); NULL when they do, else why. */
static const char *claims_problem(json_t *c, const char *issuer, const char *client_id, const char *nonce)
{
	const char *iss = json_string_value(json_object_get(c, "iss"));
	if (!iss || strcmp(iss, issuer) != 0)
		return "wrong issuer";
	json_t *aud = json_object_get(c, "aud");
	int ours = 0;
	if (json_is_string(aud)) {
		ours = strcmp(json_string_value(aud), client_id) == 0;
	} else if (json_is_array(aud)) {
		size_t i;
		json_t *a;
		json_array_foreach(aud, i, a) ours |= json_is_string(a) && strcmp(json_string_value(a), client_id) == 0;
		const char *azp = json_string_value(json_object_get(c, "azp"));
		if (ours && json_array_size(aud) > 1 && (!azp || strcmp(azp, client_id) != 0))
			return "audience has others and azp is not ours";
	}
	if (!ours)
		return "wrong audience";
	int64_t now = time_now_unix();
	json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
	if (!json_is_integer(exp) || json_integer_value(exp) + SKEW < now)
		return "expired";
	if (iat && (!json_is_integer(iat) || json_integer_value(iat) - SKEW > now))
		return "issued in the future";
	const char *n = json_string_value(json_object_get(c, "nonce"));
	if (!n || strcmp(n, nonce) != 0)
		return "nonce is not this sign-in's (a replayed token)";
	return NULL;
}

int oidc_finish(struct store *st, const char *redirect_uri, const char *state, const char *cookie_state,
                const char *code, const char *error, struct actor *out, char *next, size_t next_n, struct err *e)
{
	char nonce[OIDC_STATE_LEN + 1] = "", verifier[64] = "", claim[256] = "";
	json_t *tok = NULL, *claims = NULL;
	struct buf body;
	buf_init(&body, 16384);
	int rc = -1;
	next[0] = 0;
	if (!state || strlen(state) != OIDC_STATE_LEN || !cookie_state || !token_equal(state, cookie_state)) {
		rc = refuse(st, NULL, "refused", "state missing or not this browser's", e);
		goto out;
	}
	struct stmt *q;
	if (store_query(st, &q, e, "SELECT nonce, verifier, next FROM oidc_flows WHERE state = ? AND created >= ?",
	                "ti", state, time_now_unix() - FLOW_SECONDS))
		goto out;
	int r = stmt_next(q, e);
	if (r == 1) {
		snprintf(nonce, sizeof nonce, "%s", stmt_text(q, 0));
		snprintf(verifier, sizeof verifier, "%s", stmt_text(q, 1));
		snprintf(next, next_n, "%s", stmt_text(q, 2));
	}
	stmt_done(q);
	if (r < 0)
		goto out;
	/* used once, whatever happens next */
	if (store_exec(st, e, "DELETE FROM oidc_flows WHERE state = ?", "t", state))
		goto out;
	if (r == 0) {
		rc = refuse(st, NULL, "refused", "unknown, used or expired sign-in state", e);
		goto out;
	}
	if (error || !code || !*code) {
		char why[200];
		snprintf(why, sizeof why, "the provider refused: %.100s", error ? error : "no code");
		rc = refuse(st, NULL, "refused", why, e);
		goto out;
	}
	param(&body, "grant_type", "authorization_code");
	param(&body, "code", code);
	param(&body, "redirect_uri", redirect_uri);
	param(&body, "code_verifier", verifier);
	param(&body, "client_id", conf_get("oidc_client_id"));
	param(&body, "client_secret", secret);
	pthread_mutex_lock(&lock);
	char token_url[1024];
	int lr = provider_load(0, e);
	snprintf(token_url, sizeof token_url, "%s", prov.token);
	pthread_mutex_unlock(&lock);
	if (lr || body.oom || fetch(token_url, buf_str(&body), &tok, e))
		goto out;
	const char *idt = json_string_value(json_object_get(tok, "id_token"));
	if (!idt) {
		rc = refuse(st, NULL, "failed", "the token endpoint sent no id_token", e);
		goto out;
	}
	struct err je = { 0 };
	int unknown_kid = 0;
	pthread_mutex_lock(&lock);
	int bad = jwt_verify_rs256(idt, prov.jwks, &claims, &unknown_kid, &je);
	if (bad && unknown_kid && provider_load(1, e) == 0) /* the provider may have rotated its keys */
		bad = jwt_verify_rs256(idt, prov.jwks, &claims, &unknown_kid, &je);
	const char *problem = bad ? je.msg : claims_problem(claims, prov.issuer, conf_get("oidc_client_id"), nonce);
	char why[300];
	snprintf(why, sizeof why, "%s", problem ? problem : "");
	pthread_mutex_unlock(&lock);
	if (problem) {
		rc = refuse(st, NULL, "refused", why, e);
		goto out;
	}
	const char *claim_name = conf_or("oidc_claim", "preferred_username");
	json_t *cv = json_object_get(claims, claim_name);
	if (json_is_string(cv))
		snprintf(claim, sizeof claim, "%s", json_string_value(cv));
	else if (json_is_integer(cv))
		snprintf(claim, sizeof claim, "%lld", (long long)json_integer_value(cv));
	if (!claim[0]) {
		snprintf(why, sizeof why, "the token has no %.64s claim", claim_name);
		rc = refuse(st, NULL, "refused", why, e);
		goto out;
	}
	int by_staff = strcmp(conf_or("oidc_match", "username"), "staff_number") == 0;
	int64_t id = 0, disabled = 0;
	char leave[11] = "", today[11];
	date_today(today);
	if (store_query(st, &q, e,
	                by_staff ? "SELECT a.id, a.disabled, p.leave_date FROM accounts a JOIN people p ON p.id = a.person_id "
	                           "WHERE p.staff_number = ?"
	                         : "SELECT a.id, a.disabled, COALESCE(p.leave_date, '') FROM accounts a "
	                           "LEFT JOIN people p ON p.id = a.person_id WHERE a.username = ?",
	                "t", claim))
		goto out;
	if ((r = stmt_next(q, e)) == 1) {
		id = stmt_int(q, 0);
		disabled = stmt_int(q, 1);
		snprintf(leave, sizeof leave, "%s", stmt_text(q, 2));
	}
	stmt_done(q);
	if (r < 0)
		goto out;
	snprintf(why, sizeof why, "%s %.100s", by_staff ? "staff number" : "username", claim);
	if (id == 0) {
		rc = refuse(st, claim, "failed", "no account for the token's person", e);
		goto out;
	}
	if (disabled || (leave[0] && strcmp(leave, today) <= 0)) {
		rc = refuse(st, claim, "refused", disabled ? "account disabled" : "the person has left", e);
		goto out;
	}
	if (actor_load(st, id, out, e))
		goto out;
	char detail[200];
	snprintf(detail, sizeof detail, "sso: %s", why);
	alog_write(st, out, "login", "account", out->username, "ok", detail, NULL);
	rc = 0;
out:
	buf_release(&body);
	json_decref(tok);
	json_decref(claims);
	return rc;
}

int oidc_password_allowed(struct store *st, const char *username, struct err *e)
{
	const char *local = conf_or("local_login", "on"), *bg = conf_or("break_glass_user", NULL);
	if (strcmp(local, "off") != 0 || (bg && username && strcmp(username, bg) == 0))
		return 0;
	alog_write(st, NULL, "login", "account", username ? username : "", "refused", "local passwords are off", NULL);
	return err_set(e, ERR_DENIED, "Sign in with your force account: passwords are not used here");
}
