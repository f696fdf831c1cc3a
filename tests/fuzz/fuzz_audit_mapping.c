/* libFuzzer harness for a feed's mapping file and JSON Lines records
 * (src/audit/mapping.c), both untrusted input: the mapping file comes from
 * whoever configures a feed, the records from the force system's export.
 * The input is split at the first NUL into a mapping file's text and one
 * record: the mapping is parsed (a refusal must carry a message); when it
 * is accepted, the record is read as JSON Lines and mapped, and every
 * mapped value must be NUL-terminated within its bound, the time a valid
 * YYYY-MM-DDTHH:MM:SSZ. Run with tests/fuzz/run.sh 300 audit_mapping. */
#include "audit/mapping.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct rec {
	const struct audit_mapping *m;
	char val[EV_NCOLS][MAP_VALUE_MAX * 2];
	int has[EV_NCOLS];
};

static int on_key(void *ctx, const char *key, const char *val)
{
	struct rec *r = ctx;
	for (int k = 0; k < EV_NCOLS; k++)
		if (r->m->column[k][0] && strcmp(r->m->column[k], key) == 0) {
			size_t n = strlen(val);
			if (n >= sizeof r->val[k])
				n = sizeof r->val[k] - 1;
			memcpy(r->val[k], val, n);
			r->val[k][n] = 0;
			r->has[k] = 1;
		}
	return 0;
}

static const char *get(void *ctx, int k)
{
	struct rec *r = ctx;
	return r->has[k] ? r->val[k] : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nul = memchr(p, 0, size);
	size_t mn = nul ? (size_t)(nul - p) : size;
	char *mtext = malloc(mn + 1);
	memcpy(mtext, p, mn);
	mtext[mn] = 0;
	static struct audit_mapping m;
	struct err e = { 0 };
	if (audit_mapping_parse(mtext, &m, &e)) {
		assert(e.msg[0]);
		free(mtext);
		return 0;
	}
	free(mtext);
	const char *recp = nul ? nul + 1 : "";
	size_t rn = nul ? size - mn - 1 : 0;
	static struct rec r;
	memset(&r, 0, sizeof r);
	r.m = &m;
	if (audit_jsonl_object(recp, rn, on_key, &r, &e)) {
		assert(e.msg[0]);
		return 0;
	}
	static char out[EV_NCOLS][MAP_VALUE_MAX];
	int bad = -1;
	if (audit_mapping_event(&m, get, &r, out, &bad, &e)) {
		assert(bad >= 0 && bad < EV_NCOLS && e.msg[0]);
		return 0;
	}
	int32_t day, sod;
	assert(audit_parse_ts(out[EV_TS], strlen(out[EV_TS]), &day, &sod) == 0);
	for (int k = 0; k < EV_NCOLS; k++)
		assert(memchr(out[k], 0, MAP_VALUE_MAX));
	return 0;
}
