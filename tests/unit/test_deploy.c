/* Unit tests for running as a service: the configuration file
 * (core/conffile), the client address behind trusted proxies
 * (web/request.c forwarded_client), and the ID token signature check of
 * single sign-on (core/jwt), with keys made here by OpenSSL. */
#include "test.h"
#include "core/conffile.h"
#include "core/jwt.h"
#include "web/http.h"
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static int load(const char *text, struct err *e)
{
	snprintf(path, sizeof path, "/tmp/probity-conf-%d", (int)getpid());
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	int rc = conffile_load(path, e);
	unlink(path);
	return rc;
}

TEST(test_conf_reads_keys_comments_and_blanks)
{
	struct err e = { 0 };
	CHECK_INT(load("# Probity\n\ndatabase = /var/lib/probity/probity.db\n  port=8080  \r\n"
	               "mail_from = Probity <probity@force.example> # not a comment\n", &e), 0);
	CHECK_STR(conf_get("database"), "/var/lib/probity/probity.db");
	CHECK_STR(conf_get("port"), "8080");
	CHECK_STR(conf_get("mail_from"), "Probity <probity@force.example> # not a comment");
	CHECK(conf_get("listen") == NULL);
	CHECK_INT((int)conf_count(), 3);
	CHECK_STR(conf_key(1), "port");
	CHECK(conf_key(3) == NULL);
	CHECK_STR(conf_source("port"), "file");
}

TEST(test_conf_environment_overrides_the_file)
{
	struct err e = { 0 };
	CHECK_INT(load("port = 8080\n", &e), 0);
	setenv("PROBITY_PORT", "9090", 1);
	setenv("PROBITY_PUBLIC_URL", "https://probity.example", 1);
	CHECK_STR(conf_get("port"), "9090");
	CHECK_STR(conf_source("port"), "environment");
	CHECK_STR(conf_get("public_url"), "https://probity.example");
	unsetenv("PROBITY_PORT");
	unsetenv("PROBITY_PUBLIC_URL");
	CHECK_STR(conf_get("port"), "8080");
	char env[64];
	conf_env_name("smtp_url", env, sizeof env);
	CHECK_STR(env, "PROBITY_SMTP_URL");
}

TEST(test_conf_refuses_bad_lines_and_keeps_nothing)
{
	struct err e = { 0 };
	CHECK(load("port = 1\nno equals sign\n", &e) != 0);
	CHECK_HAS(e.msg, ":2: expected key = value");
	CHECK(conf_get("port") == NULL); /* nothing half-loaded */
	CHECK(load("Port = 1\n", &e) != 0);
	CHECK_HAS(e.msg, "is not a key");
	CHECK(load("port = 1\nport = 2\n", &e) != 0);
	CHECK_HAS(e.msg, ":2: port is set twice");
	CHECK(conffile_load("/nonexistent/probity.conf", &e) != 0);
	CHECK_INT(e.code, ERR_IO);
}

TEST(test_forwarded_client_believes_only_trusted_proxies)
{
	char out[64];
	const char *trusted = "10.0.0.5, 10.0.0.6 ::1";
	forwarded_client("192.0.2.1", "203.0.113.9", trusted, out, sizeof out);
	CHECK_STR(out, "192.0.2.1"); /* the peer is not a proxy: its header is ignored */
	forwarded_client("10.0.0.5", "203.0.113.9", trusted, out, sizeof out);
	CHECK_STR(out, "203.0.113.9");
	forwarded_client("10.0.0.5", "198.51.100.7, 203.0.113.9", trusted, out, sizeof out);
	CHECK_STR(out, "203.0.113.9"); /* the left entry is the client's own claim */
	forwarded_client("10.0.0.5", "203.0.113.9, 10.0.0.6", trusted, out, sizeof out);
	CHECK_STR(out, "203.0.113.9"); /* a chain of trusted proxies */
	forwarded_client("10.0.0.5", "203.0.113.9, not-an-address", trusted, out, sizeof out);
	CHECK_STR(out, "10.0.0.5"); /* malformed: keep what is known */
	forwarded_client("10.0.0.5", NULL, trusted, out, sizeof out);
	CHECK_STR(out, "10.0.0.5");
	forwarded_client("::1", " 2001:db8::1 ", trusted, out, sizeof out);
	CHECK_STR(out, "2001:db8::1");
	forwarded_client("10.0.0.5", "203.0.113.9", NULL, out, sizeof out);
	CHECK_STR(out, "10.0.0.5"); /* no proxies configured */
}

static void b64u(const unsigned char *p, size_t n, char *out, size_t cap)
{
	sodium_bin2base64(out, cap, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A JWKS with pkey's public half under kid. */
static json_t *jwks_of(EVP_PKEY *pkey, const char *kid)
{
	BIGNUM *n = NULL, *e = NULL;
	EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n);
	EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e);
	unsigned char nb[1024], eb[16];
	char n64[1500], e64[32];
	int nl = BN_bn2bin(n, nb), el = BN_bn2bin(e, eb);
	b64u(nb, (size_t)nl, n64, sizeof n64);
	b64u(eb, (size_t)el, e64, sizeof e64);
	BN_free(n);
	BN_free(e);
	json_t *k = json_pack("{s:s, s:s, s:s}", "kty", "RSA", "n", n64, "e", e64);
	if (kid)
		json_object_set_new(k, "kid", json_string(kid));
	return json_pack("{s:[o]}", "keys", k);
}

/* header.payload.signature, signed with pkey (RS256) whatever the header says. */
static void make_token(EVP_PKEY *pkey, const char *header, const char *payload, char *out, size_t cap)
{
	char h[512], p[1024];
	b64u((const unsigned char *)header, strlen(header), h, sizeof h);
	b64u((const unsigned char *)payload, strlen(payload), p, sizeof p);
	snprintf(out, cap, "%s.%s", h, p);
	unsigned char sig[512];
	size_t sl = sizeof sig;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pkey);
	EVP_DigestSign(md, sig, &sl, (const unsigned char *)out, strlen(out));
	EVP_MD_CTX_free(md);
	size_t l = strlen(out);
	out[l++] = '.';
	b64u(sig, sl, out + l, cap - l);
}

TEST(test_jwt_accepts_only_rs256_signed_by_the_providers_key)
{
	CHECK(sodium_init() >= 0);
	EVP_PKEY *key = EVP_RSA_gen(2048), *other = EVP_RSA_gen(2048), *weak = EVP_RSA_gen(1024);
	json_t *jwks = jwks_of(key, "k1"), *weak_jwks = jwks_of(weak, "k1"), *claims = NULL;
	char tok[4096];
	int unknown = 0;
	struct err e = { 0 };
	const char *body = "{\"sub\":\"u1\",\"nonce\":\"n\"}";

	make_token(key, "{\"alg\":\"RS256\",\"kid\":\"k1\"}", body, tok, sizeof tok);
	CHECK_INT(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e), 0);
	CHECK_STR(json_string_value(json_object_get(claims, "sub")), "u1");
	json_decref(claims);

	make_token(key, "{\"alg\":\"RS256\"}", body, tok, sizeof tok); /* no kid, one key */
	CHECK_INT(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e), 0);
	json_decref(claims);

	make_token(other, "{\"alg\":\"RS256\",\"kid\":\"k1\"}", body, tok, sizeof tok);
	CHECK(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e) != 0);
	CHECK_HAS(e.msg, "signature is not the provider's");
	CHECK(claims == NULL);

	make_token(key, "{\"alg\":\"RS256\",\"kid\":\"k1\"}", body, tok, sizeof tok);
	char *dot = strchr(tok, '.');
	dot[3] = dot[3] == 'A' ? 'B' : 'A'; /* one character of the claims changed */
	CHECK(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e) != 0);

	make_token(key, "{\"alg\":\"HS256\",\"kid\":\"k1\"}", body, tok, sizeof tok);
	CHECK(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e) != 0);
	CHECK_HAS(e.msg, "is not RS256");
	make_token(key, "{\"alg\":\"none\",\"kid\":\"k1\"}", body, tok, sizeof tok);
	CHECK(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e) != 0);

	make_token(key, "{\"alg\":\"RS256\",\"kid\":\"k9\"}", body, tok, sizeof tok);
	CHECK(jwt_verify_rs256(tok, jwks, &claims, &unknown, &e) != 0);
	CHECK_INT(unknown, 1);

	make_token(weak, "{\"alg\":\"RS256\",\"kid\":\"k1\"}", body, tok, sizeof tok);
	CHECK(jwt_verify_rs256(tok, weak_jwks, &claims, &unknown, &e) != 0);
	CHECK_HAS(e.msg, "2048 bits");

	CHECK(jwt_verify_rs256("a.b", jwks, &claims, &unknown, &e) != 0);
	CHECK(jwt_verify_rs256("a.b.c.d", jwks, &claims, &unknown, &e) != 0);
	CHECK(jwt_verify_rs256("", jwks, &claims, &unknown, &e) != 0);
	json_decref(jwks);
	json_decref(weak_jwks);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	EVP_PKEY_free(weak);
}

TEST_MAIN(T(test_jwt_accepts_only_rs256_signed_by_the_providers_key), T(test_conf_reads_keys_comments_and_blanks), T(test_conf_environment_overrides_the_file),
          T(test_conf_refuses_bad_lines_and_keeps_nothing), T(test_forwarded_client_believes_only_trusted_proxies))
