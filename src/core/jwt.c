/* jwt.c — RS256 JWT signature checks (jwt.h). Decoding with libsodium's
 * base64url, RSA with OpenSSL 3's EVP interface. */
#include "core/jwt.h"
#include "core/xalloc.h"
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <string.h>

/* base64url (no padding) of s[0..n) into a new buffer; NULL when malformed. */
static unsigned char *b64url(const char *s, size_t n, size_t *out_len)
{
	size_t cap = n * 3 / 4 + 4;
	unsigned char *p = xmalloc(cap);
	const char *end;
	if (sodium_base642bin(p, cap, s, n, NULL, out_len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    end != s + n) {
		free(p);
		return NULL;
	}
	return p;
}

static json_t *b64url_json(const char *s, size_t n)
{
	size_t len;
	unsigned char *p = b64url(s, n, &len);
	if (!p)
		return NULL;
	json_t *j = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES, NULL);
	free(p);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static EVP_PKEY *rsa_key(const json_t *jwk)
{
	const char *n64 = json_string_value(json_object_get(jwk, "n"));
	const char *e64 = json_string_value(json_object_get(jwk, "e"));
	if (!n64 || !e64)
		return NULL;
	size_t nl = 0, el = 0;
	unsigned char *nb = b64url(n64, strlen(n64), &nl), *eb = b64url(e64, strlen(e64), &el);
	BIGNUM *n = nb ? BN_bin2bn(nb, (int)nl, NULL) : NULL, *ex = eb ? BN_bin2bn(eb, (int)el, NULL) : NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	if (!n || !ex || !bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, ex) || !(params = OSSL_PARAM_BLD_to_param(bld)))
		goto out;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 || EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		key = NULL;
	if (key && EVP_PKEY_get_bits(key) < 2048) {
		EVP_PKEY_free(key);
		key = NULL;
	}
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(ex);
	free(nb);
	free(eb);
	return key;
}

/* The JWK for kid (NULL: the only RSA signing key), or NULL. */
static const json_t *find_key(const json_t *jwks, const char *kid)
{
	const json_t *keys = json_object_get(jwks, "keys"), *found = NULL;
	size_t i, rsa = 0;
	json_t *k;
	json_array_foreach(keys, i, k)
	{
		const char *kty = json_string_value(json_object_get(k, "kty"));
		const char *use = json_string_value(json_object_get(k, "use"));
		const char *kk = json_string_value(json_object_get(k, "kid"));
		if (!kty || strcmp(kty, "RSA") != 0 || (use && strcmp(use, "sig") != 0))
			continue;
		rsa++;
		if (kid ? kk && strcmp(kk, kid) == 0 : 1)
			found = k;
	}
	return kid || rsa == 1 ? found : NULL;
}

int jwt_verify_rs256(const char *token, const json_t *jwks, json_t **claims, int *kid_unknown, struct err *e)
{
	*claims = NULL;
	*kid_unknown = 0;
	int rc = -1;
	json_t *hdr = NULL, *body = NULL;
	unsigned char *sig = NULL;
	EVP_PKEY *key = NULL;
	EVP_MD_CTX *md = NULL;
	size_t len = token ? strnlen(token, JWT_MAX + 1) : 0;
	if (len == 0 || len > JWT_MAX)
		return err_set(e, ERR_INPUT, "the token is empty or too long");
	const char *d1 = memchr(token, '.', len);
	const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token)) : NULL;
	if (!d1 || !d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - token))) {
		err_set(e, ERR_INPUT, "the token is not three dot-separated parts");
		goto out;
	}
	if (!(hdr = b64url_json(token, (size_t)(d1 - token)))) {
		err_set(e, ERR_INPUT, "the token's header is not base64url JSON");
		goto out;
	}
	const char *alg = json_string_value(json_object_get(hdr, "alg"));
	if (!alg || strcmp(alg, "RS256") != 0) {
		err_set(e, ERR_INPUT, "the token's algorithm %.20s is not RS256", alg ? alg : "(none)");
		goto out;
	}
	json_t *kidj = json_object_get(hdr, "kid");
	if (kidj && !json_is_string(kidj)) {
		err_set(e, ERR_INPUT, "the token's kid is not a string");
		goto out;
	}
	const json_t *jwk = find_key(jwks, json_string_value(kidj));
	if (!jwk) {
		*kid_unknown = 1;
		err_set(e, ERR_INPUT, "no key of the provider matches the token's kid");
		goto out;
	}
	if (!(key = rsa_key(jwk))) {
		err_set(e, ERR_INPUT, "the provider's key is not a usable RSA key of 2048 bits or more");
		goto out;
	}
	size_t siglen = 0;
	if (!(sig = b64url(d2 + 1, len - (size_t)(d2 + 1 - token), &siglen)) || siglen == 0) {
		err_set(e, ERR_INPUT, "the token's signature is not base64url");
		goto out;
	}
	md = EVP_MD_CTX_new();
	if (!md || EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestVerify(md, sig, siglen, (const unsigned char *)token, (size_t)(d2 - token)) != 1) {
		err_set(e, ERR_INPUT, "the token's signature is not the provider's");
		goto out;
	}
	if (!(body = b64url_json(d1 + 1, (size_t)(d2 - d1 - 1)))) {
		err_set(e, ERR_INPUT, "the token's claims are not base64url JSON");
		goto out;
	}
	*claims = body;
	body = NULL;
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	free(sig);
	json_decref(hdr);
	json_decref(body);
	return rc;
}
