/* test_audit_trail.c — the audit trail's segment format (audit/trail.h):
 * events packed and scanned back give exactly the same fields (quoted
 * commas, line breaks, empty and long fields, many distinct values), the
 * filters select exactly what they should, the Bloom filter never misses a
 * user or subject that is there, timestamps round-trip, and a truncated or altered
 * segment is refused rather than misread. */
#include "audit/trail.h"
#include "test.h"

struct coll {
	struct buf out;
	long n;
};

static int collect(void *ctx, const struct slice f[EV_NCOLS])
{
	struct coll *c = ctx;
	for (int i = 0; i < EV_NCOLS; i++) {
		buf_add(&c->out, f[i].p, f[i].n);
		buf_addc(&c->out, i + 1 < EV_NCOLS ? '|' : '\n');
	}
	c->n++;
	return 0;
}

static void set(struct slice f[EV_NCOLS], char v[EV_NCOLS][64], int i)
{
	trail_ts_format(trail_ts_parse("2026-03-01T00:00:00Z", 20, 0) + i * 13 / 3, v[0]);
	snprintf(v[1], 64, "U%d", i % 37);
	snprintf(v[2], 64, "%s", i % 3 ? "RMS" : "PNC");
	snprintf(v[3], 64, "%s", i % 4 ? "desktop" : "mobile");
	snprintf(v[4], 64, "%s", i % 5 ? "view" : "print");
	snprintf(v[5], 64, "person");
	snprintf(v[6], 64, i % 11 ? "N%07d" : "N,\"q\"\n%d", i);
	snprintf(v[7], 64, i % 2 ? "P%d" : "%.0d", i % 101);
	snprintf(v[8], 64, "%s", i % 9 ? "" : "OC1");
	for (int c = 0; c < EV_NCOLS; c++) {
		f[c].p = v[c];
		f[c].n = strlen(v[c]);
	}
}

TEST(round_trip_and_filters)
{
	struct trail_builder b;
	struct buf seg, bloom, want, want_u;
	struct err e = { 0 };
	uint32_t crc;
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	trail_builder_init(&b);
	buf_init(&seg, 0);
	buf_init(&bloom, 0);
	buf_init(&want, 0);
	buf_init(&want_u, 0);
	for (int i = 0; i < 1999; i++) {
		set(f, v, i);
		CHECK(trail_builder_add(&b, f, trail_builder_ts(&b, &f[EV_TS])) == 0);
		for (int c = 0; c < EV_NCOLS; c++) {
			buf_add(&want, f[c].p, f[c].n);
			buf_addc(&want, c + 1 < EV_NCOLS ? '|' : '\n');
			if (i % 37 == 5 && i % 4 == 0) {
				buf_add(&want_u, f[c].p, f[c].n);
				buf_addc(&want_u, c + 1 < EV_NCOLS ? '|' : '\n');
			}
		}
	}
	CHECK(trail_builder_pack(&b, 3, &seg, &bloom, &crc, &e) == 0);
	struct trail_match m;
	memset(&m, 0, sizeof m);
	m.from = INT64_MIN;
	m.to = INT64_MAX;
	struct coll c = { BUF_INIT, 0 };
	CHECK(trail_seg_scan(seg.p, seg.n, &m, collect, &c, &e) == 0);
	CHECK_INT(c.n, 1999);
	CHECK(c.out.n == want.n && memcmp(c.out.p, want.p, want.n) == 0);
	/* user and device */
	buf_reset(&c.out);
	c.n = 0;
	m.f[EV_USER] = "U5";
	m.f[EV_DEVICE] = "mobile";
	CHECK(trail_seg_scan(seg.p, seg.n, &m, collect, &c, &e) == 0);
	CHECK(c.n > 0 && c.out.n == want_u.n && memcmp(c.out.p, want_u.p, want_u.n) == 0);
	/* a value the segment does not hold */
	c.n = 0;
	m.f[EV_USER] = "U99";
	CHECK(trail_seg_scan(seg.p, seg.n, &m, collect, &c, &e) == 0);
	CHECK_INT(c.n, 0);
	/* the bloom holds every user, subject and record id */
	for (int i = 0; i < 1999; i++) {
		set(f, v, i);
		CHECK(trail_bloom_may(bloom.p, bloom.n, 'u', f[EV_USER].p, f[EV_USER].n));
		if (f[EV_SUBJECT].n)
			CHECK(trail_bloom_may(bloom.p, bloom.n, 's', f[EV_SUBJECT].p, f[EV_SUBJECT].n));
	}
	int fp = 0;
	for (int i = 0; i < 1000; i++) {
		char k[32];
		snprintf(k, sizeof k, "ABSENT%d", i);
		fp += trail_bloom_may(bloom.p, bloom.n, 's', k, strlen(k));
	}
	CHECK(fp < 50);
	/* damaged: truncated or altered streams are refused */
	for (size_t cut = 0; cut < seg.n; cut += seg.n / 9 + 1) {
		memset(&m, 0, sizeof m);
		m.from = INT64_MIN;
		m.to = INT64_MAX;
		int r = trail_seg_scan(seg.p, cut, &m, collect, &c, &e);
		if (r != -1)
			fprintf(stderr, "cut %zu of %zu: %d\n", cut, seg.n, r);
		CHECK(r == -1);
	}
	buf_release(&c.out);
	buf_release(&seg);
	buf_release(&bloom);
	buf_release(&want);
	buf_release(&want_u);
	trail_builder_release(&b);
}

TEST(timestamps)
{
	char out[21];
	int64_t t = trail_ts_parse("2026-02-28T23:59:59Z", 20, 0);
	trail_ts_format(t, out);
	CHECK_STR(out, "2026-02-28T23:59:59Z");
	CHECK(trail_ts_parse("2026-02-28", 10, 0) == t - 86399);
	CHECK(trail_ts_parse("2026-02-28", 10, 1) == t);
	CHECK(trail_ts_parse("2026-02-28T23", 13, 1) == t);
	CHECK(trail_ts_parse("2026-13-01", 10, 0) == -1);
	CHECK(trail_ts_parse("2026-01-01T10:00", 16, 0) == -1);
	trail_ts_format(trail_ts_parse("1999-12-31T00:00:00Z", 20, 0), out);
	CHECK_STR(out, "1999-12-31T00:00:00Z");
}

TEST_MAIN(T(round_trip_and_filters), T(timestamps))
