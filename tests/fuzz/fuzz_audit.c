/* libFuzzer harness for the audit engine (src/audit/).
 * 1. The streaming reader: the input read as CSV in one large block and in
 *    small blocks handed over a few bytes at a time must give the same
 *    records and the same errors (refills never change what is parsed);
 *    slices stay inside the buffer; line numbers never go back.
 * 2. The whole scan: the input split at NUL bytes into the bodies of
 *    events.csv, staff.csv, associations.csv, vulnerable.csv, watchlist.csv
 *    and assignments.csv (the harness adds the headers) runs through the
 *    reference loaders and the rule engine as `audit scan --rejects` does,
 *    then the alerts must be sorted and unique and both writers succeed.
 * Run with tests/fuzz/run.sh (corpus in tests/fuzz/corpus/audit/). */
#include "audit/engine.h"
#include "audit/reader.h"
#include "audit/scan.h"
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record and error of p[0..n) read with want fields, as text. */
static int dump(const char *p, size_t n, size_t want, size_t block, size_t chunk, struct buf *out)
{
	struct rdr r;
	struct err e = { 0 };
	struct slice f[RDR_MAX_FIELDS];
	int too_long = 0;
	long last = 0;
	buf_reset(out);
	if (rdr_open_mem(&r, "f.csv", p, n, block, chunk, &e))
		abort();
	for (;;) {
		int rc = rdr_next(&r, f, want, &e);
		if (rc == RDR_EOF)
			break;
		assert(rc == RDR_OK || rc == RDR_BAD);
		assert(r.rec_line >= last);
		last = r.rec_line;
		if (rc == RDR_BAD) {
			too_long |= strstr(e.msg, "longer than the") != NULL;
			buf_printf(out, "E %s\n", e.msg);
			continue;
		}
		for (size_t i = 0; i < want; i++) {
			assert(f[i].n <= RDR_FIELD_MAX);
			int in_buf = f[i].p >= r.buf && f[i].p + f[i].n <= r.buf + r.end;
			int in_scratch = f[i].p >= r.scratch && f[i].p + f[i].n <= r.scratch + r.scratch_cap;
			assert(in_buf || in_scratch);
			buf_add(out, f[i].p, f[i].n);
			buf_addc(out, i + 1 < want ? '|' : '\n');
		}
		buf_printf(out, "@%ld\n", r.rec_line);
	}
	rdr_close(&r);
	return too_long;
}

static void reader_check(const uint8_t *data, size_t size)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t want = size ? 1 + data[0] % 4 : 2;
	size_t chunk = size > 1 ? 1 + data[1] % 13 : 1;
	dump((const char *)data, size, want, size + 64, 0, &a);   /* all in one block */
	if (!dump((const char *)data, size, want, 1024, chunk, &b))
		assert(a.n == b.n && memcmp(a.p, b.p, a.n) == 0);
	buf_release(&a);
	buf_release(&b);
}

typedef int (*add_fn)(struct audit *, const struct slice *, int *, struct err *);

static void load(struct audit *a, const char *name, const char *header, size_t nf, add_fn add,
                 const char *body, size_t n)
{
	struct buf t = BUF_INIT;
	struct rdr r;
	struct err e = { 0 };
	struct slice f[RDR_MAX_FIELDS];
	buf_printf(&t, "%s\n", header);
	buf_add(&t, body, n);
	if (rdr_open_mem(&r, name, t.p ? t.p : "", t.n, t.n + 64, 0, &e) == 0 && rdr_header(&r, header, &e) == 0) {
		int rc, bad;
		while ((rc = rdr_next(&r, f, nf, &e)) != RDR_EOF)
			if (rc == RDR_OK)
				add(a, f, &bad, &e);
	}
	rdr_close(&r);
	buf_release(&t);
}

static void scan_check(const uint8_t *data, size_t size)
{
	const char *part[6] = { "", "", "", "", "", "" };
	size_t len[6] = { 0 };
	const char *p = (const char *)data, *end = p + size;
	for (int i = 0; i < 6 && p <= end; i++) {
		const char *z = memchr(p, 0, (size_t)(end - p));
		part[i] = p;
		len[i] = z ? (size_t)(z - p) : (size_t)(end - p);
		p += len[i] + 1;
	}
	struct audit_config cfg;
	audit_config_default(&cfg);
	cfg.explain = 1;
	if (size && (data[0] & 0x80)) {      /* small thresholds make rules fire often */
		cfg.r4_floor = 2;
		cfg.r4_min_days = 1;
		cfg.r4_window = 3;
		cfg.r6_count = 2;
		cfg.r3_days = 2;
		cfg.r3_window = 2;
	}
	struct audit a;
	struct err e = { 0 };
	if (audit_init(&a, &cfg, &e))
		abort();
	load(&a, "staff.csv", "user,person,surname,unit", 4, audit_add_staff, part[1], len[1]);
	load(&a, "associations.csv", "user,subject,relationship,declared_on", 4, audit_add_association, part[2], len[2]);
	load(&a, "vulnerable.csv", "subject,flag", 2, audit_add_vulnerable, part[3], len[3]);
	load(&a, "watchlist.csv", "subject,category", 2, audit_add_watch, part[4], len[4]);
	load(&a, "assignments.csv", "user,reason,from,to", 4, audit_add_assignment, part[5], len[5]);

	struct buf t = BUF_INIT;
	buf_printf(&t, "%s\n", AUDIT_EVENTS_HEADER);
	buf_add(&t, part[0], len[0]);
	struct rdr r;
	struct slice f[EV_NCOLS];
	size_t block = 256 + (size ? data[size - 1] : 0) * 64;
	if (rdr_open_mem(&r, "events.csv", t.p, t.n, block, 0, &e) || rdr_header(&r, AUDIT_EVENTS_HEADER, &e))
		goto out;
	int rc, bad;
	while ((rc = rdr_next(&r, f, EV_NCOLS, &e)) != RDR_EOF) {
		assert(rc == RDR_OK || rc == RDR_BAD);
		if (rc == RDR_OK) {
			int x = audit_event(&a, f, r.rec_line, &bad, &e);
			assert(x == 0 || x == ERR_INPUT);
			if (x == ERR_INPUT)
				assert(bad == EV_TS && rdr_field_col(&r, (size_t)bad) >= 1);
		}
	}
	audit_finish(&a);
	for (uint32_t i = 1; i < a.nalerts; i++) {
		const struct audit_alert *x = &a.alerts[i - 1], *y = &a.alerts[i];
		assert(x->rule <= y->rule);
		if (x->rule == y->rule && x->user == y->user) {
			if (x->rule == AUDIT_R4)
				assert(memcmp(x->ts, y->ts, 10) < 0);
			else if (x->rule == AUDIT_R6)
				assert(memcmp(x->ts, y->ts, 13) < 0);
			else
				assert(x->key != y->key);
		}
	}
	char *mem = NULL;
	size_t memn = 0;
	FILE *m = open_memstream(&mem, &memn);
	assert(m);
	assert(audit_write_alerts(&a, m) == 0);
	assert(audit_write_explain(&a, m) == 0);
	fclose(m);
	free(mem);
out:
	rdr_close(&r);
	buf_release(&t);
	audit_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader_check(data, size);
	scan_check(data, size);
	return 0;
}
