/* test_audit_trail.c — the audit trail's segment format (audit/trail.h):
 * events packed and scanned back give exactly the same fields (quoted
 * commas, line breaks, empty and long fields, many distinct values), the
 * filters select exactly what they should, the Bloom filter never misses a
 * user or subject that is there, timestamps round-trip, and a truncated or altered
 * segment is refused rather than misread. Format 2 clusters rows by user:
 * every search still gives the stored order, and a segment written by the
 * format 1 writer is still read. */
#include "audit/trail.h"
#include "core/xalloc.h"
#include "test.h"
#include "trail_v1.h"
#include <zlib.h>
#include <zstd.h>

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
		ev_trail(f, v, i, 37);
		CHECK(trail_builder_add(&b, f, trail_builder_ts(&b, &f[EV_TS])) == 0);
		ev_line(&want, f);
		if (i % 37 == 5 && i % 4 == 0)
			ev_line(&want_u, f);
	}
	CHECK(trail_builder_pack(&b, 3, NULL, 0, &seg, &bloom, &crc, &e) == 0);
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
		ev_trail(f, v, i, 37);
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
	/* altered bytes (the checksum is checked before, by the caller): read
	 * as damaged or as some events, never out of bounds (run under ASan) */
	int damaged_seen = 0;
	for (size_t at = 0; at < seg.n; at += seg.n / 97 + 1) {
		char *x = xmalloc(seg.n);
		memcpy(x, seg.p, seg.n);
		x[at] ^= 0x5a;
		memset(&m, 0, sizeof m);
		m.from = INT64_MIN;
		m.to = INT64_MAX;
		buf_reset(&c.out);
		int r = trail_seg_scan(x, seg.n, &m, collect, &c, &e);
		CHECK(r == -1 || r == 0);
		damaged_seen += r == -1;
		free(x);
	}
	CHECK(damaged_seen > 0);
	buf_release(&c.out);
	buf_release(&seg);
	buf_release(&bloom);
	buf_release(&want);
	buf_release(&want_u);
	trail_builder_release(&b);
}

TEST(format_1_segments_still_read)
{
	struct err e = { 0 };
	struct trail_match m;
	struct buf want = BUF_INIT, want_u = BUF_INIT;
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	for (int i = 0; i < 40; i++) {
		ev_v1(f, v, i);
		ev_line(&want, f);
		if (i % 7 == 3)
			ev_line(&want_u, f);
	}
	memset(&m, 0, sizeof m);
	m.from = INT64_MIN;
	m.to = INT64_MAX;
	struct coll c = { BUF_INIT, 0 };
	CHECK(trail_seg_scan(seg_v1, sizeof seg_v1, &m, collect, &c, &e) == 0);
	CHECK_INT(c.n, 40);
	CHECK(c.out.n == want.n && memcmp(c.out.p, want.p, want.n) == 0);
	buf_reset(&c.out);
	c.n = 0;
	m.f[EV_USER] = "U3";
	CHECK(trail_seg_scan(seg_v1, sizeof seg_v1, &m, collect, &c, &e) == 0);
	CHECK_INT(c.n, 6);
	CHECK(c.out.n == want_u.n && memcmp(c.out.p, want_u.p, want_u.n) == 0);
	buf_release(&c.out);
	buf_release(&want);
	buf_release(&want_u);
}


struct placed {
	uint32_t place, last;
	long n, bad;
};

static int check_place(void *ctx, const struct slice f[EV_NCOLS])
{
	struct placed *x = ctx;
	(void)f;
	x->bad += x->n && x->place <= x->last;
	x->last = x->place;
	x->n++;
	return 0;
}

/* a segment of some of a batch's rows (one user bucket) keeps each row's
 * place in the batch: a search across users merges segments by it */
TEST(subset_segments_keep_places)
{
	struct trail_builder b;
	struct buf seg = BUF_INIT, bloom = BUF_INIT, want = BUF_INIT;
	struct err e = { 0 };
	uint32_t crc, rows[1999], nrows = 0;
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	trail_builder_init(&b);
	for (int i = 0; i < 1999; i++) {
		ev_trail(f, v, i, 37);
		CHECK(trail_builder_add(&b, f, trail_builder_ts(&b, &f[EV_TS])) == 0);
		if (trail_user_bucket(f[EV_USER].p, f[EV_USER].n, 2) == 1) {
			rows[nrows++] = (uint32_t)i;
			ev_line(&want, f);
		}
	}
	CHECK(nrows > 100 && nrows < 1900);
	CHECK(trail_builder_pack(&b, 3, rows, nrows, &seg, &bloom, &crc, &e) == 0);
	struct trail_match m;
	memset(&m, 0, sizeof m);
	m.from = INT64_MIN;
	m.to = INT64_MAX;
	struct coll c = { BUF_INIT, 0 };
	CHECK(trail_seg_scan(seg.p, seg.n, &m, collect, &c, &e) == 0);
	CHECK_INT(c.n, nrows);
	CHECK(c.out.n == want.n && memcmp(c.out.p, want.p, want.n) == 0);
	struct placed x = { 0, 0, 0, 0 };
	m.place = &x.place;
	CHECK(trail_seg_scan(seg.p, seg.n, &m, check_place, &x, &e) == 0);
	CHECK_INT(x.n, nrows);
	CHECK_INT(x.bad, 0);
	CHECK_INT(x.last, rows[nrows - 1]);
	/* the filter holds every user of the bucket, and the segment only them */
	for (int i = 0; i < 37; i++) {
		char u[8];
		snprintf(u, sizeof u, "U%d", i);
		struct coll k = { BUF_INIT, 0 };
		memset(&m, 0, sizeof m);
		m.from = INT64_MIN;
		m.to = INT64_MAX;
		m.f[EV_USER] = u;
		CHECK(trail_seg_scan(seg.p, seg.n, &m, collect, &k, &e) == 0);
		if (trail_user_bucket(u, strlen(u), 2) == 1)
			CHECK(k.n > 0 && trail_bloom_may(bloom.p, bloom.n, 'u', u, strlen(u)));
		else
			CHECK_INT(k.n, 0);
		buf_release(&k.out);
	}
	buf_release(&c.out);
	buf_release(&seg);
	buf_release(&bloom);
	buf_release(&want);
	trail_builder_release(&b);
}

/* What a segment stores, independent of the compressor's level: the header,
 * each frame's size and decompressed bytes, and the Bloom filter, folded
 * into one CRC-32. */
static uint32_t content_crc(uint32_t h, const struct buf *seg, const struct buf *bloom)
{
	const unsigned char *p = (const unsigned char *)seg->p;
	uint32_t nf = (uint32_t)p[20] | (uint32_t)p[21] << 8 | (uint32_t)p[22] << 16 | (uint32_t)p[23] << 24;
	size_t at = 24 + (size_t)nf * 8;
	h = (uint32_t)crc32(h, p, 24);
	for (uint32_t i = 0; i < nf; i++) {
		const unsigned char *t = p + 24 + (size_t)i * 8;
		uint32_t raw = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24;
		uint32_t z = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
		char *o = xmalloc(raw + 1);
		size_t got = ZSTD_decompress(o, raw + 1, p + at, z);
		CHECK(!ZSTD_isError(got) && got == raw);
		h = (uint32_t)crc32(h, t, 4);
		h = (uint32_t)crc32(h, (const unsigned char *)o, raw);
		free(o);
		at += z;
	}
	CHECK(at == seg->n);
	return (uint32_t)crc32(h, (const unsigned char *)bloom->p, (uInt)bloom->n);
}

/* The bytes a batch is stored as do not depend on how the writer gets
 * there (its dictionaries, buffers, compression context or level, the
 * batches it packed before): three batches of one builder, two split by
 * user bucket, give exactly the content the writer of issue 17 part 2 gave
 * (the constant was printed by that code). */
TEST(stored_content_is_unchanged)
{
	struct trail_builder b;
	struct buf seg = BUF_INIT, bloom = BUF_INIT;
	struct err e = { 0 };
	uint32_t crc, h = 0, cnt[5];
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	static const int sizes[3] = { 9000, 5000, 700 }, bits[3] = { 2, 1, 0 };
	trail_builder_init(&b);
	int i = 0;
	for (int k = 0; k < 3; k++) {
		for (int j = 0; j < sizes[k]; j++, i++) {
			ev_trail(f, v, i, 37);
			snprintf(v[1], 64, "U%d", i * 7919 % 523);
			snprintf(v[7], 64, i % 5 ? "P%05d" : "%.0d", i * 31 % 4001);
			snprintf(v[8], 64, "OC%d", i * 13 % 97);
			for (int c = 1; c < EV_NCOLS; c++)
				f[c].n = strlen(v[c]);
			CHECK(trail_builder_add(&b, f, trail_builder_ts(&b, &f[EV_TS])) == 0);
		}
		uint32_t *rows = NULL;
		cnt[0] = 0;
		cnt[1] = b.n;
		if (bits[k]) {
			CHECK(trail_builder_intern(&b, b.n) == 0);
			trail_builder_split(&b, (unsigned)bits[k], cnt);
			rows = xmalloc(b.n * sizeof *rows);
			for (uint32_t r = 0; r < b.n; r++)
				rows[r] = r;
		}
		for (uint32_t q = 0; q < (1u << bits[k]); q++) {
			CHECK(trail_builder_pack(&b, 3, rows ? rows + cnt[q] : NULL, cnt[q + 1] - cnt[q], &seg, &bloom, &crc,
			                         &e) == 0);
			CHECK(crc == (uint32_t)crc32(0, (const unsigned char *)seg.p, (uInt)seg.n));
			h = content_crc(h, &seg, &bloom);
		}
		free(rows);
		trail_builder_reset(&b);
	}
	CHECK(h == 0xe8774120u);
	buf_release(&seg);
	buf_release(&bloom);
	trail_builder_release(&b);
}

/* A column whose every value is empty (no reason, no record id): its
 * dictionary holds no text at all, and the events still come back as they
 * went in (this found a copy from a NULL text under UBSan). */
TEST(all_empty_column)
{
	struct trail_builder b;
	struct buf seg = BUF_INIT, bloom = BUF_INIT, want = BUF_INIT;
	struct err e = { 0 };
	uint32_t crc;
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	trail_builder_init(&b);
	for (int i = 0; i < 300; i++) {
		ev_trail(f, v, i, 37);
		v[6][0] = v[8][0] = 0;
		f[EV_RECORD_ID].n = f[EV_REASON].n = 0;
		CHECK(trail_builder_add(&b, f, trail_builder_ts(&b, &f[EV_TS])) == 0);
		ev_line(&want, f);
	}
	CHECK(trail_builder_pack(&b, 3, NULL, 0, &seg, &bloom, &crc, &e) == 0);
	struct trail_match m;
	memset(&m, 0, sizeof m);
	m.from = INT64_MIN;
	m.to = INT64_MAX;
	struct coll c = { BUF_INIT, 0 };
	CHECK(trail_seg_scan(seg.p, seg.n, &m, collect, &c, &e) == 0);
	CHECK_INT(c.n, 300);
	CHECK(c.out.n == want.n && memcmp(c.out.p, want.p, want.n) == 0);
	buf_release(&c.out);
	buf_release(&seg);
	buf_release(&bloom);
	buf_release(&want);
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

TEST_MAIN(T(round_trip_and_filters), T(timestamps), T(format_1_segments_still_read), T(subset_segments_keep_places),
          T(stored_content_is_unchanged), T(all_empty_column))
