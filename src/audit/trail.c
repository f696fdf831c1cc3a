/* trail.c — packing audit events into compressed columnar segments and
 * scanning them back (see trail.h and docs/audit.md). */
#include "audit/trail.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define TRAIL_MAGIC "PTS1"

static int put_varint(struct buf *b, uint64_t v)
{
	char t[10];
	size_t n = 0;
	while (v >= 0x80) {
		t[n++] = (char)(v | 0x80);
		v >>= 7;
	}
	t[n++] = (char)v;
	return buf_add(b, t, n);
}

static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int sh = 0; sh < 64 && *p < end; sh += 7) {
		unsigned c = *(*p)++;
		x |= (uint64_t)(c & 0x7f) << sh;
		if (!(c & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int64_t trail_ts_parse(const char *s, size_t n, int up)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (n < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d))
		return -1;
	char day[11];
	memcpy(day, s, 10);
	day[10] = 0;
	if (!date_valid(day))
		return -1;
	int64_t span = 86400;
	if (n > 10) {
		if (n < 13 || s[10] != 'T' || digits(s + 11, 2, &h) || h > 23)
			return -1;
		span = 3600;
		if (n > 13) {
			if (n != 20 || s[13] != ':' || s[16] != ':' || s[19] != 'Z' || digits(s + 14, 2, &mi) ||
			    digits(s + 17, 2, &se) || mi > 59 || se > 59)
				return -1;
			span = 1;
		}
	}
	int64_t t = (int64_t)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return up ? t + span - 1 : t;
}

void trail_ts_format(int64_t t, char out[21])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t r = t - days * 86400;
	int y, m, d;
	civil_from_days((long)days, &y, &m, &d);
	snprintf(out, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m, d, (int)(r / 3600), (int)(r / 60 % 60),
	         (int)(r % 60));
}

void trail_builder_init(struct trail_builder *b)
{
	memset(b, 0, sizeof *b);
	buf_init(&b->ts, 0);
	for (int i = 0; i < TRAIL_NSTR; i++) {
		intern_init(&b->dict[i]);
		buf_init(&b->ids[i], 0);
	}
}

void trail_builder_release(struct trail_builder *b)
{
	ZSTD_freeCCtx(b->zc);
	b->zc = NULL;
	buf_release(&b->ts);
	for (int i = 0; i < TRAIL_NSTR; i++) {
		intern_release(&b->dict[i]);
		buf_release(&b->ids[i]);
	}
}

void trail_builder_reset(struct trail_builder *b)
{
	void *zc = b->zc;
	b->zc = NULL;
	trail_builder_release(b);
	trail_builder_init(b);
	b->zc = zc;
}

int64_t trail_builder_ts(struct trail_builder *b, const struct slice *ts)
{
	const char *p = ts->p;
	if (ts->n == 20 && b->hour[0] && memcmp(p, b->hour, 13) == 0)
		return b->hour_t + ((p[14] - '0') * 10 + (p[15] - '0')) * 60 + (p[17] - '0') * 10 + (p[18] - '0');
	int64_t t = trail_ts_parse(p, ts->n, 0);
	if (t >= 0 && ts->n == 20) {
		memcpy(b->hour, p, 13);
		b->hour_t = t - t % 3600;
	}
	return t;
}

int trail_builder_add(struct trail_builder *b, const struct slice f[EV_NCOLS], int64_t t)
{
	if (b->n == 0) {
		b->first_ts = b->last_ts = t;
		b->day = (int32_t)(t / 86400);
	}
	/* the engine keeps time order; a smaller ts (never expected) is kept as 0 */
	uint64_t delta = t >= b->last_ts ? (uint64_t)(t - b->last_ts) : 0;
	if (t > b->last_ts)
		b->last_ts = t;
	if (put_varint(&b->ts, delta))
		return -1;
	for (int i = 0; i < TRAIL_NSTR; i++) {
		uint32_t id;
		if (TRAIL_RAW(i)) {
			if (put_varint(&b->ids[i], f[i + 1].n) || buf_add(&b->ids[i], f[i + 1].p, f[i + 1].n))
				return -1;
		} else if (intern_add(&b->dict[i], f[i + 1].p, f[i + 1].n, &id, NULL) || put_varint(&b->ids[i], id)) {
			return -1;
		}
	}
	b->n++;
	return 0;
}

static uint64_t bloom_h(char kind, const char *p, size_t n)
{
	return hash_u64(hash_bytes(p, n) ^ ((uint64_t)(unsigned char)kind * 0x9E3779B97F4A7C15ull));
}

/* bloom: byte 0 = log2 of the bit count, then the bits; 4 probes */
static void bloom_set(unsigned char *bits, unsigned lg, uint64_t h)
{
	uint64_t h2 = (h >> 32) | 1, m = ((uint64_t)1 << lg) - 1;
	for (int k = 0; k < 4; k++) {
		uint64_t x = (h + (uint64_t)k * h2) & m;
		bits[x >> 3] |= (unsigned char)(1u << (x & 7));
	}
}

int trail_bloom_may(const void *bloom, size_t n, char kind, const char *p, size_t len)
{
	const unsigned char *b = bloom;
	if (n < 1)
		return 1;
	unsigned lg = b[0];
	if (lg < 6 || lg > 40 || n != 1 + ((size_t)1 << lg) / 8)
		return 1;
	uint64_t h = bloom_h(kind, p, len), h2 = (h >> 32) | 1, m = ((uint64_t)1 << lg) - 1;
	for (int k = 0; k < 4; k++) {
		uint64_t x = (h + (uint64_t)k * h2) & m;
		if (!(b[1 + (x >> 3)] & (1u << (x & 7))))
			return 0;
	}
	return 1;
}

/* record ids are nearly one per event: filtering them would triple the
 * filter, which every subject or user search reads; a record search scans */
#define BLOOM_NCOLS 2
static const int bloom_cols[BLOOM_NCOLS] = { EV_USER, EV_SUBJECT };
static const char bloom_kind[BLOOM_NCOLS] = { 'u', 's' };

static int pack_bloom(struct trail_builder *b, struct buf *bloom)
{
	size_t keys = 0;
	for (int c = 0; c < BLOOM_NCOLS; c++)
		keys += TRAIL_RAW(bloom_cols[c] - 1) ? b->n : b->dict[bloom_cols[c] - 1].n;
	unsigned lg = 6;
	while (((uint64_t)1 << lg) < keys * 10 && lg < 40)
		lg++;
	size_t nb = 1 + ((size_t)1 << lg) / 8;
	unsigned char *bits = xcalloc(nb, 1);
	bits[0] = (unsigned char)lg;
	for (int c = 0; c < BLOOM_NCOLS; c++) {
		const struct intern *in = &b->dict[bloom_cols[c] - 1];
		if (TRAIL_RAW(bloom_cols[c] - 1)) {
			const struct buf *r = &b->ids[bloom_cols[c] - 1];
			const unsigned char *p = (const unsigned char *)r->p, *end = p + r->n;
			uint64_t n;
			while (p < end && !get_varint(&p, end, &n) && n <= (uint64_t)(end - p)) {
				if (n)
					bloom_set(bits + 1, lg, bloom_h(bloom_kind[c], (const char *)p, (size_t)n));
				p += n;
			}
			continue;
		}
		for (uint32_t id = 0; id < in->n; id++) {
			size_t n;
			const char *s = intern_str(in, id, &n);
			if (n)
				bloom_set(bits + 1, lg, bloom_h(bloom_kind[c], s, n));
		}
	}
	buf_reset(bloom);
	int rc = buf_add(bloom, bits, nb);
	free(bits);
	return rc;
}

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define HDR_SIZE (4 + 4 + 8 + 4)

int trail_builder_pack(struct trail_builder *b, int level, struct buf *seg, struct buf *bloom, uint32_t *crc,
                       struct err *e)
{
	struct buf raw[TRAIL_NSTREAMS];
	int rc = -1;
	for (int i = 0; i < TRAIL_NSTREAMS; i++)
		buf_init(&raw[i], 0);
	/* stream 0: ts; then per string column its dictionary and its ids */
	for (int c = 0; c < TRAIL_NSTR; c++) {
		struct intern *in = &b->dict[c];
		struct buf *d = &raw[1 + 2 * c];
		for (uint32_t id = 0; id < in->n; id++) {
			size_t n;
			const char *s = intern_str(in, id, &n);
			if (put_varint(d, n) || buf_add(d, s, n))
				goto nomem;
		}
	}
	buf_reset(seg);
	unsigned char hdr[HDR_SIZE + TRAIL_NSTREAMS * 8], *h = hdr;
	memcpy(h, TRAIL_MAGIC, 4);
	put_u32(h + 4, b->n);
	put_u32(h + 8, (uint32_t)((uint64_t)b->first_ts & 0xffffffffu));
	put_u32(h + 12, (uint32_t)((uint64_t)b->first_ts >> 32));
	put_u32(h + 16, TRAIL_NSTREAMS);
	if (buf_add(seg, hdr, sizeof hdr))
		goto nomem;
	for (int i = 0; i < TRAIL_NSTREAMS; i++) {
		const struct buf *src = i == 0 ? &b->ts : (i % 2 ? &raw[i] : &b->ids[(i - 1) / 2]);
		size_t bound = ZSTD_compressBound(src->n);
		char *z = xmalloc(bound);
		if (!b->zc && !(b->zc = ZSTD_createCCtx())) {
			free(z);
			goto nomem;
		}
		size_t zn = ZSTD_compressCCtx(b->zc, z, bound, src->p ? src->p : "", src->n, level);
		if (ZSTD_isError(zn)) {
			free(z);
			err_set(e, ERR_INTERNAL, "zstd: %s", ZSTD_getErrorName(zn));
			goto out;
		}
		h = (unsigned char *)seg->p + HDR_SIZE + (size_t)i * 8;
		put_u32(h, (uint32_t)src->n);
		put_u32(h + 4, (uint32_t)zn);
		int bad = buf_add(seg, z, zn);
		free(z);
		if (bad)
			goto nomem;
	}
	if (pack_bloom(b, bloom))
		goto nomem;
	*crc = (uint32_t)crc32(0L, (const Bytef *)seg->p, (uInt)seg->n);
	rc = 0;
	goto out;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
out:
	for (int i = 0; i < TRAIL_NSTREAMS; i++)
		buf_release(&raw[i]);
	return rc;
}

/* ---- reading ---- */

struct col {
	uint32_t *ids;          /* per event */
	struct slice *dict;     /* per id */
	uint32_t ndict;
	char *dtext;
	int loaded;
};

struct rseg {
	ZSTD_DCtx *zd;
	const unsigned char *p;
	size_t n;
	uint32_t nev;
	int64_t first_ts;
	struct col col[TRAIL_NSTR];
};

static int damaged(struct err *e, const char *what)
{
	err_set(e, ERR_INTERNAL, "audit trail segment damaged: %s", what);
	return -1;
}

static int stream(struct rseg *s, int i, char **out, size_t *len, struct err *e)
{
	const unsigned char *h = s->p + HDR_SIZE + (size_t)i * 8;
	size_t off = HDR_SIZE + TRAIL_NSTREAMS * 8;
	for (int j = 0; j < i; j++)
		off += get_u32(s->p + HDR_SIZE + (size_t)j * 8 + 4);
	size_t raw = get_u32(h), z = get_u32(h + 4);
	if (off + z > s->n)
		return damaged(e, "stream past its end");
	char *o = xmalloc(raw ? raw : 1);
	size_t got = s->zd ? ZSTD_decompressDCtx(s->zd, o, raw, s->p + off, z) : ZSTD_decompress(o, raw, s->p + off, z);
	if (ZSTD_isError(got) || got != raw) {
		free(o);
		return damaged(e, "stream does not decompress");
	}
	*out = o;
	*len = raw;
	return 0;
}

static int load_col(struct rseg *s, int c, struct err *e)
{
	struct col *k = &s->col[c];
	if (k->loaded)
		return 0;
	char *ids = NULL;
	size_t dn, in;
	if (stream(s, 1 + 2 * c, &k->dtext, &dn, e))
		return -1;
	if (stream(s, 2 + 2 * c, &ids, &in, e))
		return -1;
	if (TRAIL_RAW(c)) {         /* the strings are in the ids stream, one per event */
		free(k->dtext);
		k->dtext = ids;
		dn = in;
		ids = NULL;
		in = 0;
	}
	const unsigned char *p = (const unsigned char *)k->dtext, *end = p + dn;
	size_t cap = 16;
	k->dict = xmalloc(cap * sizeof *k->dict);
	while (p < end) {
		uint64_t len;
		if (get_varint(&p, end, &len) || len > (uint64_t)(end - p))
			goto bad;
		if (k->ndict == cap) {
			cap *= 2;
			k->dict = xrealloc(k->dict, cap * sizeof *k->dict);
		}
		k->dict[k->ndict].p = (const char *)p;
		k->dict[k->ndict].n = (size_t)len;
		k->ndict++;
		p += len;
	}
	k->ids = xmalloc((s->nev ? s->nev : 1) * sizeof *k->ids);
	if (TRAIL_RAW(c)) {
		if (k->ndict != s->nev)
			goto bad;
		for (uint32_t i = 0; i < s->nev; i++)
			k->ids[i] = i;
		k->loaded = 1;
		return 0;
	}
	p = (const unsigned char *)ids;
	end = p + in;
	for (uint32_t i = 0; i < s->nev; i++) {
		uint64_t v;
		if (get_varint(&p, end, &v) || v >= k->ndict)
			goto bad;
		k->ids[i] = (uint32_t)v;
	}
	free(ids);
	k->loaded = 1;
	return 0;
bad:
	free(ids);
	return damaged(e, "bad column");
}

static void rseg_release(struct rseg *s)
{
	ZSTD_freeDCtx(s->zd);
	for (int c = 0; c < TRAIL_NSTR; c++) {
		free(s->col[c].ids);
		free(s->col[c].dict);
		free(s->col[c].dtext);
	}
}

int trail_seg_scan(const void *seg, size_t n, const struct trail_match *m, trail_fn fn, void *ctx, struct err *e)
{
	struct rseg s;
	memset(&s, 0, sizeof s);
	s.p = seg;
	s.n = n;
	s.zd = ZSTD_createDCtx();
	char *ts = NULL;
	size_t tn;
	int64_t *times = NULL;
	unsigned char *keep = NULL;
	int rc = -1;
	if (n < HDR_SIZE + TRAIL_NSTREAMS * 8 || memcmp(s.p, TRAIL_MAGIC, 4) ||
	    get_u32(s.p + 16) != TRAIL_NSTREAMS) {
		damaged(e, "bad header");
		goto out;
	}
	s.nev = get_u32(s.p + 4);
	s.first_ts = (int64_t)((uint64_t)get_u32(s.p + 8) | (uint64_t)get_u32(s.p + 12) << 32);
	/* the filtered columns first: a value absent from a dictionary ends it */
	int32_t want[TRAIL_NSTR];
	for (int c = 0; c < TRAIL_NSTR; c++) {
		const char *v = m->f[c + 1];
		want[c] = -1;
		if (!v || !*v)
			continue;
		if (load_col(&s, c, e))
			goto out;
		size_t vn = strlen(v);
		if (TRAIL_RAW(c)) {
			want[c] = -2;
			continue;
		}
		for (uint32_t i = 0; i < s.col[c].ndict; i++)
			if (s.col[c].dict[i].n == vn && memcmp(s.col[c].dict[i].p, v, vn) == 0) {
				want[c] = (int32_t)i;
				break;
			}
		if (want[c] < 0) {
			rc = 0;
			goto out;
		}
	}
	if (stream(&s, 0, &ts, &tn, e))
		goto out;
	times = xmalloc((s.nev ? s.nev : 1) * sizeof *times);
	keep = xcalloc(s.nev ? s.nev : 1, 1);
	const unsigned char *p = (const unsigned char *)ts, *end = p + tn;
	int64_t t = s.first_ts;
	uint32_t hits = 0;
	for (uint32_t i = 0; i < s.nev; i++) {
		uint64_t d;
		if (get_varint(&p, end, &d)) {
			damaged(e, "bad times");
			goto out;
		}
		t += (int64_t)d;
		times[i] = t;
		int ok = t >= m->from && t <= m->to;
		for (int c = 0; ok && c < TRAIL_NSTR; c++) {
			if (want[c] >= 0 && s.col[c].ids[i] != (uint32_t)want[c])
				ok = 0;
			else if (want[c] == -2 && (s.col[c].dict[i].n != strlen(m->f[c + 1]) ||
			                           memcmp(s.col[c].dict[i].p, m->f[c + 1], s.col[c].dict[i].n)))
				ok = 0;
		}
		keep[i] = (unsigned char)ok;
		hits += (uint32_t)ok;
	}
	if (hits)
		for (int c = 0; c < TRAIL_NSTR; c++)
			if (load_col(&s, c, e))
				goto out;
	rc = 0;
	for (uint32_t i = 0; hits && i < s.nev; i++) {
		if (!keep[i])
			continue;
		char tt[21];
		struct slice f[EV_NCOLS];
		trail_ts_format(times[i], tt);
		f[EV_TS].p = tt;
		f[EV_TS].n = 20;
		for (int c = 0; c < TRAIL_NSTR; c++)
			f[c + 1] = s.col[c].dict[s.col[c].ids[i]];
		if ((rc = fn(ctx, f)) != 0)
			break;
	}
out:
	free(ts);
	free(times);
	free(keep);
	rseg_release(&s);
	return rc;
}
