/* jwt.h — checking the signature of a JSON Web Token (RFC 7519) signed
 * with RS256 against a JSON Web Key Set (RFC 7517), for OpenID Connect ID
 * tokens. Only RS256 is accepted: "none", HMAC and every other algorithm
 * are refused, so a token cannot choose a weaker check than ours. RSA keys
 * under 2048 bits are refused. The signature is checked by OpenSSL's
 * libcrypto; the claims (iss, aud, exp, nonce) are the caller's to check
 * (domain/oidc.c). The token is untrusted input: tests/fuzz/fuzz_jwt.c. */
#ifndef PROBITY_JWT_H
#define PROBITY_JWT_H

#include "core/err.h"
#include <jansson.h>
#include <stddef.h>

#define JWT_MAX 16384   /* longer tokens are refused before any decoding */

/* Verify token against the keys of jwks (an object with a "keys" array of
 * RSA JWKs: kty "RSA", n, e, optional kid, use "sig" or none). The key is
 * the one whose kid equals the header's, or the only RSA key when the
 * header names none. 0 and *claims (owned: json_decref) when the
 * signature is good; ERR_INPUT saying why when not (*claims NULL);
 * *kid_unknown set when the header's kid matched no key (so the caller may
 * fetch the keys afresh once: providers rotate them). */
int jwt_verify_rs256(const char *token, const json_t *jwks, json_t **claims, int *kid_unknown, struct err *e);

#endif
