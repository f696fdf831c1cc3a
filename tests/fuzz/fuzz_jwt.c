/* libFuzzer harness for src/core/jwt.c, which reads the ID token an
 * identity provider sends (untrusted: base64url, JSON, RSA). Invariants:
 *   - it never crashes, leaks or reads past the token, whatever the bytes;
 *   - random bytes never pass as signed by the key (no input is accepted:
 *     the harness holds no private key, so a 0 return is a bug);
 *   - on refusal no claims are returned.
 * The input is used as the token, and (after a first NUL) as the JWKS too,
 * so malformed key sets are tried as well.
 * Run: sh tests/fuzz/run.sh 300 jwt (or make fuzz). */
#include "core/jwt.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_jwks[] =
	"{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"e\":\"AQAB\",\"n\":\"zaG8YHqECmPIQ16_q-UhdjXKZnykEDcq5hucKJThqf7rPWPkVQfF"
	"lCzhHh571Enb6xkBj9sUr56nIZhYpSuzoFjkpXk6CnoDClRj8ExIgNDysJh3EHzKhzvx-_j5Xats9phCJg7YchPlTBAhwBIekx-ARnXDzLbJCUuRG"
	"nwc4tAmm3bxm-X20Y7q4NHZ0EaRCyvr6vttXiLDDhABMazLQ8L5RgbL7s1nXy2WRxoRp1_Ci2xURni7EtATuAynp77d27yu6aFuA7KUaqqyUxPbf"
	"kjm_BJSkKCHwG98ltVlSNvO9-WGRbrmAwy7Hr5YkEpJ9YlInAv8wujJ-8tc_6DrFw\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	size_t tl = strlen(s);
	json_t *jwks = NULL;
	if (tl < size) /* the rest after a NUL: a key set to try */
		jwks = json_loadb(s + tl + 1, size - tl - 1, 0, NULL);
	if (!jwks)
		jwks = json_loads(fixed_jwks, 0, NULL);
	json_t *claims = (json_t *)1;
	int unknown = 0;
	struct err e = { 0 };
	int rc = jwt_verify_rs256(s, jwks, &claims, &unknown, &e);
	assert(rc != 0 || json_is_object(claims));
	if (rc)
		assert(claims == NULL && e.msg[0]);
	/* with the fixed key nothing the fuzzer makes can carry its signature */
	if (tl == size)
		assert(rc != 0);
	json_decref(claims);
	json_decref(jwks);
	free(s);
	return 0;
}
