/* trail.c — packing audit events into compressed columnar segments and
 * scanning them back (see trail.h and docs/audit.md). */
#include "audit/trail.h"
#include "audit/varint.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define TRAIL_MAGIC "PTS2"

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

/* p grown to hold need bytes (*cap doubled from first), kept when it does */
static void *reserve(void *p, size_t *cap, size_t need, size_t first)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : first;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(p, c);
}

void trail_builder_init(struct trail_builder *b)
{
	memset(b, 0, sizeof *b);
	for (int i = 0; i < TRAIL_NSTR; i++)
		intern_init(&b->dict[i]);
}

void trail_builder_release(struct trail_builder *b)
{
	ZSTD_freeCCtx(b->zc);
	b->zc = NULL;
	free(b->out);
	free(b->z);
	free(b->t);
	free(b->rlen);
	free(b->place);
	free(b->toff);
	free(b->flen);
	free(b->text);
	for (int i = 0; i < TRAIL_NSTR; i++) {
		intern_release(&b->dict[i]);
		free(b->ids[i]);
		free(b->map[i]);
	}
}

void trail_builder_reset(struct trail_builder *b)
{
	/* the arrays, the dictionaries' tables (the next batch is much like
	 * this one: they need not grow again) and the compression context are
	 * kept for the next segment */
	b->n = b->ninterned = 0;
	free(b->place);
	b->place = NULL;
	b->text_n = 0;
	for (int i = 0; i < TRAIL_NSTR; i++)
		intern_clear(&b->dict[i]);
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
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? 2 * b->cap : 1024;
		b->t = xrealloc(b->t, cap * sizeof *b->t);
		b->rlen = xrealloc(b->rlen, cap * sizeof *b->rlen);
		b->toff = xrealloc(b->toff, cap * sizeof *b->toff);
		b->flen = xrealloc(b->flen, (size_t)cap * TRAIL_NSTR * sizeof *b->flen);
		for (int i = 0; i < TRAIL_NSTR; i++)
			b->ids[i] = xrealloc(b->ids[i], (size_t)(cap + 1) * sizeof *b->ids[i]);
		b->cap = cap;
	}
	/* the texts, each followed by one byte: as the reader leaves them
	 * (one CSV line's fields, a comma apart) they are copied in one go */
	size_t len = 0;
	int span = 1;
	for (int i = 0; i < TRAIL_NSTR; i++) {
		if (f[i + 1].n > UINT16_MAX)
			return -1;
		span &= i == 0 || (uintptr_t)f[i + 1].p == (uintptr_t)f[i].p + f[i].n + 1;
		len += f[i + 1].n + 1;
	}
	if (b->text_n + len > UINT32_MAX)
		return -1;
	/* (16 bytes to spare after the texts: packing copies a short one as 16) */
	b->text = reserve(b->text, &b->text_cap, b->text_n + len + 16, 65536);
	if (b->n == 0) {
		b->first_ts = b->last_ts = t;
		b->day = (int32_t)(t / 86400);
	}
	/* the engine keeps time order; a smaller ts (never expected) is kept as the last */
	if (t > b->last_ts)
		b->last_ts = t;
	uint32_t r = b->n;
	b->t[r] = b->last_ts;
	b->toff[r] = (uint32_t)b->text_n;
	uint16_t *fl = b->flen + (size_t)r * TRAIL_NSTR;
	char *q = b->text + b->text_n;
	for (int i = 0; i < TRAIL_NSTR; i++)
		fl[i] = (uint16_t)f[i + 1].n;
	if (span) {
		memcpy(q, f[1].p, len - 1);
	} else {
		for (int i = 0; i < TRAIL_NSTR; i++) {
			if (f[i + 1].n)
				memcpy(q, f[i + 1].p, f[i + 1].n);
			q += f[i + 1].n;
			*q++ = ',';
		}
	}
	b->text_n += len;
	b->n++;
	return 0;
}

/* the text of column c (not raw) of event r, not yet interned */
static inline const char *pending_text(const struct trail_builder *b, uint32_t r, int c, size_t *n)
{
	const uint16_t *fl = b->flen + (size_t)r * TRAIL_NSTR;
	const char *p = b->text + b->toff[r];
	for (int i = 0; i < c; i++)
		p += fl[i] + 1;
	*n = fl[c];
	return p;
}

#define INTERN_AHEAD 8   /* events ahead whose slots are prefetched */

int trail_builder_intern(struct trail_builder *b, uint32_t upto)
{
	/* the subject's and reason's slots (the columns with many values,
	 * whose look-ups miss the cache) are fetched a few events ahead */
	static const int far[2] = { EV_SUBJECT - 1, EV_REASON - 1 };
	if (upto > b->n)
		upto = b->n;
	for (uint32_t r = b->ninterned; r < upto; r++) {
		if (r + INTERN_AHEAD < upto)
			for (int k = 0; k < 2; k++) {
				size_t n;
				const char *p = pending_text(b, r + INTERN_AHEAD, far[k], &n);
				intern_prefetch(&b->dict[far[k]], p, n);
			}
		const uint16_t *fl = b->flen + (size_t)r * TRAIL_NSTR;
		uint32_t at = b->toff[r];
		for (int i = 0; i < TRAIL_NSTR; i++) {
			if (TRAIL_RAW(i)) {
				b->ids[i][r] = at;
				b->rlen[r] = fl[i];
			} else if (intern_add(&b->dict[i], b->text + at, fl[i], &b->ids[i][r], NULL)) {
				return -1;
			}
			at += fl[i] + 1u;
		}
	}
	if (upto > b->ninterned)
		b->ninterned = upto;
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

/* (both dictionary columns) record ids are nearly one per event: filtering them would triple the
 * filter, which every subject or user search reads; a record search scans */
#define BLOOM_NCOLS 2
static const int bloom_cols[BLOOM_NCOLS] = { EV_USER, EV_SUBJECT };
static const char bloom_kind[BLOOM_NCOLS] = { 'u', 's' };

/* the filter over the users and subjects of the rows packed (loc[c]: their
 * dictionary ids, nloc[c] of them) */
static int pack_bloom(struct trail_builder *b, uint32_t *const loc[TRAIL_NSTR], const uint32_t nloc[TRAIL_NSTR],
                      struct buf *bloom)
{
	size_t keys = 0;
	for (int c = 0; c < BLOOM_NCOLS; c++)
		keys += nloc[bloom_cols[c] - 1];
	unsigned lg = 6;
	while (((uint64_t)1 << lg) < keys * 10 && lg < 40)
		lg++;
	size_t nb = 1 + ((size_t)1 << lg) / 8;
	unsigned char *bits = xcalloc(nb, 1);
	bits[0] = (unsigned char)lg;
	for (int c = 0; c < BLOOM_NCOLS; c++) {
		int k = bloom_cols[c] - 1;
		for (uint32_t i = 0; i < nloc[k]; i++) {
			size_t n;
			const char *str = intern_str(&b->dict[k], loc[k][i], &n);
			if (n)
				bloom_set(bits + 1, lg, bloom_h(bloom_kind[c], str, n));
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

/* Format 2: magic, n, first_ts, rows per block B, number of frames F, F x
 * (raw size, compressed size), then the frames. Frames in order: the times'
 * blocks; per text column its dictionary and its ids' blocks; the stored
 * order; the user index. See docs/audit.md. */
#define HDR1 (4 + 4 + 8 + 4)
#define HDR2 (4 + 4 + 8 + 4 + 4)
#define V1_STREAMS (1 + 2 * TRAIL_NSTR)

static uint32_t nblocks(uint32_t n, uint32_t bs)
{
	return bs ? (n + bs - 1) / bs : 0;
}

static uint32_t fr_ts(int v2, uint32_t nb, uint32_t b)
{
	(void)v2;
	(void)nb;
	return b;
}

static uint32_t fr_dict(int v2, uint32_t nb, int c)
{
	return v2 ? nb + (uint32_t)c * (1 + nb) : 1 + 2 * (uint32_t)c;
}

static uint32_t fr_ids(int v2, uint32_t nb, int c, uint32_t b)
{
	return fr_dict(v2, nb, c) + 1 + b;
}

static uint32_t fr_order(uint32_t nb)
{
	return nb + TRAIL_NSTR * (1 + nb);
}

/* The text of the frame being written: b->out, grown as needed (kept
 * across frames and segments, so packing allocates nothing per frame). */
static unsigned char *out_need(struct trail_builder *b, size_t used, size_t more)
{
	b->out = reserve(b->out, &b->out_cap, used + more, 16384);
	return b->out + used;
}

static inline unsigned char *vput(unsigned char *q, uint64_t v)
{
	while (v >= 0x80) {
		*q++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*q++ = (unsigned char)v;
	return q;
}

/* compress b->out[0..len) into seg as frame i */
static int put_frame(struct trail_builder *b, int level, struct buf *seg, uint32_t i, size_t len, struct err *e)
{
	size_t bound = ZSTD_compressBound(len);
	if (!b->zc && !(b->zc = ZSTD_createCCtx()))
		return err_set(e, ERR_NOMEM, "out of memory");
	if (bound > b->z_cap) {
		b->z = xrealloc(b->z, bound);
		b->z_cap = bound;
	}
	size_t at = seg->n;
	size_t zn = ZSTD_compressCCtx(b->zc, b->z, bound, b->out ? (const void *)b->out : "", len, level);
	if (ZSTD_isError(zn))
		return err_set(e, ERR_INTERNAL, "zstd: %s", ZSTD_getErrorName(zn));
	if (buf_add(seg, b->z, zn) || len > UINT32_MAX || seg->n != at + zn)
		return err_set(e, ERR_NOMEM, "out of memory");
	unsigned char *h = (unsigned char *)seg->p + HDR2 + (size_t)i * 8;
	put_u32(h, (uint32_t)len);
	put_u32(h + 4, (uint32_t)zn);
	return 0;
}

uint32_t trail_user_bucket(const char *p, size_t n, unsigned bits)
{
	return bits ? (uint32_t)(hash_u64(hash_bytes(p, n)) & (((uint64_t)1 << bits) - 1)) : 0;
}

void trail_builder_split(struct trail_builder *b, unsigned bits, uint32_t *cnt)
{
	uint32_t n = b->n, nbk = 1u << bits, nu = b->dict[0].n;
	uint32_t *ub = xmalloc(((size_t)nu + 1) * sizeof *ub), *at = xmalloc((size_t)nbk * sizeof *at);
	uint32_t *dest = xmalloc((n ? n : 1) * sizeof *dest);
	memset(cnt, 0, ((size_t)nbk + 1) * sizeof *cnt);
	for (uint32_t u = 0; u < nu; u++) {
		size_t len;
		const char *p = intern_str(&b->dict[0], u, &len);
		ub[u] = trail_user_bucket(p, len, bits);
	}
	for (uint32_t r = 0; r < n; r++)
		cnt[ub[b->ids[0][r]] + 1]++;
	for (uint32_t k = 0; k < nbk; k++)
		cnt[k + 1] += cnt[k];
	memcpy(at, cnt, (size_t)nbk * sizeof *at);
	for (uint32_t r = 0; r < n; r++)
		dest[r] = at[ub[b->ids[0][r]]]++;
	/* each column moved in one pass, so packing reads the buckets in order */
	size_t cap = b->cap ? b->cap : 1;
	int64_t *t = xmalloc(cap * sizeof *t);
	for (uint32_t r = 0; r < n; r++)
		t[dest[r]] = b->t[r];
	free(b->t);
	b->t = t;
	uint32_t *x = xmalloc(cap * sizeof *x);
	for (uint32_t r = 0; r < n; r++)
		x[dest[r]] = b->rlen[r];
	free(b->rlen);
	b->rlen = x;
	for (int c = 0; c < TRAIL_NSTR; c++) {
		x = xmalloc((cap + 1) * sizeof *x);
		for (uint32_t r = 0; r < n; r++)
			x[dest[r]] = b->ids[c][r];
		free(b->ids[c]);
		b->ids[c] = x;
	}
	uint32_t *pl = xmalloc(cap * sizeof *pl);
	for (uint32_t r = 0; r < n; r++)
		pl[dest[r]] = b->place ? b->place[r] : r;
	free(b->place);
	b->place = pl;
	free(ub);
	free(at);
	free(dest);
}

int trail_builder_pack(struct trail_builder *b, int level, const uint32_t *rows, uint32_t nrows, struct buf *seg,
                       struct buf *bloom, uint32_t *crc, struct err *e)
{
	if (trail_builder_intern(b, b->n))
		return err_set(e, ERR_NOMEM, "out of memory");
	uint32_t n = rows ? nrows : b->n, nb = nblocks(n, TRAIL_BLOCK);
	uint32_t nf = fr_order(nb) + 2;
	uint32_t *map[TRAIL_NSTR] = { 0 }, *loc[TRAIL_NSTR] = { 0 }, nloc[TRAIL_NSTR] = { 0 };
	uint32_t *sel = xmalloc((n ? n : 1) * sizeof *sel), *perm = xmalloc((n ? n : 1) * sizeof *perm);
	uint32_t *uid = xmalloc((n ? n : 1) * sizeof *uid), *start = NULL, *pos = NULL;
	int rc = -1;
	for (uint32_t i = 0; i < n; i++)
		sel[i] = rows ? rows[i] : i;
	/* each dictionary column's ids of these rows, renumbered in order of
	 * first use: a segment's dictionaries hold only its own values */
	for (int c = 0; c < TRAIL_NSTR; c++) {
		if (TRAIL_RAW(c))
			continue;
		uint32_t nd = b->dict[c].n;
		if (b->map_n[c] < nd + 1) {
			b->map[c] = xrealloc(b->map[c], ((size_t)nd + 1) * sizeof *b->map[c]);
			memset(b->map[c] + b->map_n[c], 0xff, ((size_t)nd + 1 - b->map_n[c]) * sizeof *b->map[c]);
			b->map_n[c] = nd + 1;
		}
		map[c] = b->map[c];
		loc[c] = xmalloc(((size_t)(n < nd ? n : nd) + 1) * sizeof *loc[c]);
		for (uint32_t i = 0; i < n; i++) {
			uint32_t g = b->ids[c][sel[i]];
			if (map[c][g] == UINT32_MAX) {
				map[c][g] = nloc[c];
				loc[c][nloc[c]++] = g;
			}
		}
	}
	uint32_t nu = nloc[0];
	for (uint32_t i = 0; i < n; i++)
		uid[i] = map[0][b->ids[0][sel[i]]];
	start = xcalloc((size_t)nu + 1, sizeof *start);
	pos = xmalloc(((size_t)nu + 1) * sizeof *pos);
	/* cluster by user, keeping the stored order within each user */
	for (uint32_t i = 0; i < n; i++)
		start[uid[i] + 1]++;
	for (uint32_t u = 0; u < nu; u++)
		start[u + 1] += start[u];
	memcpy(pos, start, ((size_t)nu + 1) * sizeof *pos);
	for (uint32_t i = 0; i < n; i++)
		perm[pos[uid[i]]++] = i;
	int64_t first = n ? b->t[sel[0]] : b->first_ts;
	buf_reset(seg);
	unsigned char hdr[HDR2];
	memcpy(hdr, TRAIL_MAGIC, 4);
	put_u32(hdr + 4, n);
	put_u32(hdr + 8, (uint32_t)((uint64_t)first & 0xffffffffu));
	put_u32(hdr + 12, (uint32_t)((uint64_t)first >> 32));
	put_u32(hdr + 16, TRAIL_BLOCK);
	put_u32(hdr + 20, nf);
	if (buf_add(seg, hdr, sizeof hdr))
		goto nomem;
	for (uint32_t i = 0; i < nf; i++)
		if (buf_add(seg, "\0\0\0\0\0\0\0\0", 8))
			goto nomem;
	/* times: from the segment's first time at a block's or a user's first
	 * row, else from the row before (the same user's: never negative) */
	for (uint32_t k = 0; k < nb; k++) {
		uint32_t lo = k * TRAIL_BLOCK, hi = n - lo < TRAIL_BLOCK ? n : lo + TRAIL_BLOCK;
		unsigned char *q0 = out_need(b, 0, (size_t)(hi - lo) * 10), *q = q0;
		for (uint32_t i = lo; i < hi; i++) {
			uint32_t r = sel[perm[i]];
			int run = i == lo || uid[perm[i - 1]] != uid[perm[i]];
			q = vput(q, (uint64_t)(b->t[r] - (run ? first : b->t[sel[perm[i - 1]]])));
		}
		if (put_frame(b, level, seg, fr_ts(1, nb, k), (size_t)(q - q0), e))
			goto out;
	}
	for (int c = 0; c < TRAIL_NSTR; c++) {
		size_t used = 0;
		for (uint32_t id = 0; !TRAIL_RAW(c) && id < nloc[c]; id++) {
			size_t len;
			const char *str = intern_str(&b->dict[c], loc[c][id], &len);
			unsigned char *q = vput(out_need(b, used, len + 10), len);
			if (len)
				memcpy(q, str, len);
			used = (size_t)(q + len - b->out);
		}
		if (put_frame(b, level, seg, fr_dict(1, nb, c), used, e))
			goto out;
		const uint32_t *ids = b->ids[c], *mc = map[c];
		for (uint32_t k = 0; k < nb; k++) {
			uint32_t lo = k * TRAIL_BLOCK, hi = n - lo < TRAIL_BLOCK ? n : lo + TRAIL_BLOCK;
			used = 0;
			if (TRAIL_RAW(c)) {
				for (uint32_t i = lo; i < hi; i++) {
					uint32_t r = sel[perm[i]], len = b->rlen[r];
					unsigned char *q = vput(out_need(b, used, (size_t)len + 26), len);
					if (len <= 16)          /* one fixed-size copy (text has 16 bytes to spare) */
						memcpy(q, b->text + ids[r], 16);
					else
						memcpy(q, b->text + ids[r], len);
					used = (size_t)(q + len - b->out);
				}
			} else {
				unsigned char *q0 = out_need(b, 0, (size_t)(hi - lo) * 5), *q = q0;
				for (uint32_t i = lo; i < hi; i++)
					q = vput(q, mc[ids[sel[perm[i]]]]);
				used = (size_t)(q - q0);
			}
			if (put_frame(b, level, seg, fr_ids(1, nb, c, k), used, e))
				goto out;
		}
	}
	/* the stored order: per row its place in the batch (the builder), as
	 * the gap from the same user's row before (a user's first: the place) */
	unsigned char *q0 = out_need(b, 0, (size_t)n * 5 + 1), *q = q0;
	for (uint32_t i = 0; i < n; i++) {
		int run = i == 0 || uid[perm[i - 1]] != uid[perm[i]];
		uint32_t pl = b->place ? b->place[sel[perm[i]]] : sel[perm[i]];
		q = vput(q, pl - (run ? 0 : (b->place ? b->place[sel[perm[i - 1]]] : sel[perm[i - 1]])));
	}
	if (put_frame(b, level, seg, fr_order(nb), (size_t)(q - q0), e))
		goto out;
	q0 = q = out_need(b, 0, (size_t)nu * 5 + 1);
	for (uint32_t u = 0; u < nu; u++)
		q = vput(q, start[u + 1] - start[u]);
	if (put_frame(b, level, seg, fr_order(nb) + 1, (size_t)(q - q0), e))
		goto out;
	if (pack_bloom(b, loc, nloc, bloom))
		goto nomem;
	*crc = (uint32_t)crc32(0L, (const Bytef *)seg->p, (uInt)seg->n);
	rc = 0;
	goto out;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
out:
	for (int c = 0; c < TRAIL_NSTR; c++) {
		for (uint32_t i = 0; map[c] && i < nloc[c]; i++)
			map[c][loc[c][i]] = UINT32_MAX;
		free(loc[c]);
	}
	free(sel);
	free(perm);
	free(uid);
	free(start);
	free(pos);
	return rc;
}

/* ---- reading ---- */

struct col {
	uint32_t *ids;          /* per row (dictionary columns) */
	struct slice *rs;       /* per row (the raw column) */
	char **blk;             /* per block: its decompressed text (the raw column) */
	unsigned char *got;     /* per block: decoded */
	struct slice *dict;     /* per id */
	uint32_t ndict;
	char *dtext;
	int dict_loaded;
};

struct rseg {
	ZSTD_DCtx *zd;
	int own_zd;                     /* zd is this segment's own (else the caller's, trail_match.zd) */
	const unsigned char *p;
	size_t n;
	int v2;
	uint32_t nev, bs, nb, nf;
	int64_t first_ts;
	const unsigned char *ftab;      /* per frame: raw size, compressed size */
	size_t *foff;                   /* per frame: where its bytes start */
	int64_t *t;                     /* per row */
	unsigned char *tgot;            /* per block */
	uint32_t *ustart;               /* format 2: per user id its first row (ndict + 1) */
	struct col col[TRAIL_NSTR];
};

static int damaged(struct err *e, const char *what)
{
	err_set(e, ERR_INTERNAL, "audit trail segment damaged: %s", what);
	return -1;
}

static int frame(struct rseg *s, uint32_t i, char **out, size_t *len, struct err *e)
{
	const unsigned char *h = s->ftab + (size_t)i * 8;
	size_t raw = get_u32(h), z = get_u32(h + 4);
	char *o = xmalloc(raw ? raw : 1);
	size_t got = ZSTD_decompressDCtx(s->zd, o, raw, s->p + s->foff[i], z);
	if (ZSTD_isError(got) || got != raw) {
		free(o);
		return damaged(e, "stream does not decompress");
	}
	*out = o;
	*len = raw;
	return 0;
}

static int open_seg(struct rseg *s, const void *seg, size_t n, struct err *e)
{
	s->p = seg;
	s->n = n;
	if (n >= HDR1 && memcmp(s->p, "PTS1", 4) == 0 && get_u32(s->p + 16) == V1_STREAMS) {
		s->nev = get_u32(s->p + 4);
		s->bs = s->nev ? s->nev : 1;
		s->nf = V1_STREAMS;
		s->ftab = s->p + HDR1;
	} else if (n >= HDR2 && memcmp(s->p, TRAIL_MAGIC, 4) == 0 && get_u32(s->p + 16) > 0) {
		s->v2 = 1;
		s->nev = get_u32(s->p + 4);
		s->bs = get_u32(s->p + 16);
		s->nf = get_u32(s->p + 20);
		s->ftab = s->p + HDR2;
	} else {
		return damaged(e, "bad header");
	}
	s->nb = s->v2 ? nblocks(s->nev, s->bs) : 1;
	s->first_ts = (int64_t)((uint64_t)get_u32(s->p + 8) | (uint64_t)get_u32(s->p + 12) << 32);
	if (s->v2 && s->nf != fr_order(s->nb) + 2)
		return damaged(e, "bad header");
	size_t off = (size_t)(s->ftab - s->p) + (size_t)s->nf * 8;
	if (off > n)
		return damaged(e, "bad header");
	s->foff = xmalloc((size_t)s->nf * sizeof *s->foff);
	for (uint32_t i = 0; i < s->nf; i++) {
		s->foff[i] = off;
		off += get_u32(s->ftab + (size_t)i * 8 + 4);
		if (off > n)
			return damaged(e, "stream past its end");
	}
	if (off != n)
		return damaged(e, "segment size");
	if (!s->zd) {
		s->own_zd = 1;
		if (!(s->zd = ZSTD_createDCtx()))
			return err_set(e, ERR_NOMEM, "out of memory");
	}
	size_t rows = s->nev ? s->nev : 1;
	s->t = xmalloc(rows * sizeof *s->t);
	s->tgot = xcalloc(s->nb ? s->nb : 1, 1);
	for (int c = 0; c < TRAIL_NSTR; c++) {
		struct col *k = &s->col[c];
		k->got = xcalloc(s->nb ? s->nb : 1, 1);
		if (TRAIL_RAW(c)) {
			k->rs = xmalloc(rows * sizeof *k->rs);
			k->blk = xcalloc(s->nb ? s->nb : 1, sizeof *k->blk);
		} else {
			k->ids = xmalloc(rows * sizeof *k->ids);
		}
	}
	return 0;
}

static void rseg_release(struct rseg *s)
{
	if (s->own_zd)
		ZSTD_freeDCtx(s->zd);
	free(s->foff);
	free(s->t);
	free(s->tgot);
	free(s->ustart);
	for (int c = 0; c < TRAIL_NSTR; c++) {
		struct col *k = &s->col[c];
		for (uint32_t b = 0; k->blk && b < s->nb; b++)
			free(k->blk[b]);
		free(k->blk);
		free(k->got);
		free(k->ids);
		free(k->rs);
		free(k->dict);
		free(k->dtext);
	}
}

static uint32_t blk_end(const struct rseg *s, uint32_t b)
{
	uint64_t end = (uint64_t)(b + 1) * s->bs;
	return end < s->nev ? (uint32_t)end : s->nev;
}

static int load_dict(struct rseg *s, int c, struct err *e)
{
	struct col *k = &s->col[c];
	if (k->dict_loaded || TRAIL_RAW(c))
		return 0;
	size_t dn;
	if (frame(s, fr_dict(s->v2, s->nb, c), &k->dtext, &dn, e))
		return -1;
	const unsigned char *p = (const unsigned char *)k->dtext, *end = p + dn;
	size_t cap = 16;
	k->dict = xmalloc(cap * sizeof *k->dict);
	while (p < end) {
		uint64_t len;
		if (get_varint(&p, end, &len) || len > (uint64_t)(end - p))
			return damaged(e, "bad dictionary");
		if (k->ndict == cap) {
			cap *= 2;
			k->dict = xrealloc(k->dict, cap * sizeof *k->dict);
		}
		k->dict[k->ndict].p = (const char *)p;
		k->dict[k->ndict].n = (size_t)len;
		k->ndict++;
		p += len;
	}
	k->dict_loaded = 1;
	return 0;
}

/* Decode block b of column c (dictionary ids, or the raw column's texts). */
static int load_ids(struct rseg *s, int c, uint32_t b, struct err *e)
{
	struct col *k = &s->col[c];
	if (k->got[b])
		return 0;
	if (load_dict(s, c, e))
		return -1;
	char *x;
	size_t xn;
	/* format 1's raw column: its strings are in the ids stream */
	if (frame(s, fr_ids(s->v2, s->nb, c, b), &x, &xn, e))
		return -1;
	const unsigned char *p = (const unsigned char *)x, *end = p + xn;
	for (uint32_t r = b * s->bs; r < blk_end(s, b); r++) {
		uint64_t v;
		if (get_varint(&p, end, &v))
			goto bad;
		if (TRAIL_RAW(c)) {
			if (v > (uint64_t)(end - p))
				goto bad;
			k->rs[r].p = (const char *)p;
			k->rs[r].n = (size_t)v;
			p += v;
		} else {
			if (v >= k->ndict)
				goto bad;
			k->ids[r] = (uint32_t)v;
		}
	}
	if (p != end)
		goto bad;
	if (TRAIL_RAW(c))
		k->blk[b] = x;
	else
		free(x);
	k->got[b] = 1;
	return 0;
bad:
	free(x);
	return damaged(e, "bad column");
}

/* Decode block b's times (format 2 needs the block's users to see where
 * each user's rows start). */
static int load_ts(struct rseg *s, uint32_t b, struct err *e)
{
	if (s->tgot[b])
		return 0;
	if (s->v2 && load_ids(s, 0, b, e))
		return -1;
	char *x;
	size_t xn;
	if (frame(s, fr_ts(s->v2, s->nb, b), &x, &xn, e))
		return -1;
	const unsigned char *p = (const unsigned char *)x, *end = p + xn;
	int64_t t = s->first_ts;
	const uint32_t *u = s->col[0].ids;
	for (uint32_t r = b * s->bs; r < blk_end(s, b); r++) {
		uint64_t d;
		if (get_varint(&p, end, &d)) {
			free(x);
			return damaged(e, "bad times");
		}
		if (s->v2 && r > b * s->bs && u[r] != u[r - 1])
			t = s->first_ts;
		t += (int64_t)d;
		s->t[r] = t;
	}
	free(x);
	s->tgot[b] = 1;
	return 0;
}

/* Format 2: the rows [*lo, *hi) of user id u. */
static int user_rows(struct rseg *s, uint32_t u, uint32_t *lo, uint32_t *hi, struct err *e)
{
	if (!s->ustart) {
		char *x;
		size_t xn;
		if (load_dict(s, 0, e) || frame(s, fr_order(s->nb) + 1, &x, &xn, e))
			return -1;
		uint32_t nu = s->col[0].ndict;
		s->ustart = xmalloc(((size_t)nu + 1) * sizeof *s->ustart);
		const unsigned char *p = (const unsigned char *)x, *end = p + xn;
		uint64_t at = 0;
		s->ustart[0] = 0;
		for (uint32_t i = 0; i < nu; i++) {
			uint64_t v;
			if (get_varint(&p, end, &v) || (at += v) > s->nev) {
				free(x);
				return damaged(e, "bad user index");
			}
			s->ustart[i + 1] = (uint32_t)at;
		}
		free(x);
		if (at != s->nev)
			return damaged(e, "bad user index");
	}
	*lo = s->ustart[u];
	*hi = s->ustart[u + 1];
	return 0;
}

/* Format 2: per stored row its place in the batch (a user's rows are
 * one run: the user index says where each starts). */
static int load_order(struct rseg *s, uint32_t *place, struct err *e)
{
	char *x;
	size_t xn;
	uint32_t lo, hi;
	if (s->nev && user_rows(s, 0, &lo, &hi, e))
		return -1;
	if (frame(s, fr_order(s->nb), &x, &xn, e))
		return -1;
	const unsigned char *p = (const unsigned char *)x, *end = p + xn;
	uint64_t at = 0;
	uint32_t u = 0;
	for (uint32_t r = 0; r < s->nev; r++) {
		uint64_t v;
		int run = 0;
		while (u < s->col[0].ndict && s->ustart[u] == r) {
			run = 1;
			u++;
		}
		if (get_varint(&p, end, &v) || (at = (run ? 0 : at) + v) > UINT32_MAX) {
			free(x);
			return damaged(e, "bad order");
		}
		place[r] = (uint32_t)at;
	}
	free(x);
	return 0;
}

struct kept {
	uint32_t place, row;
};

static int by_place(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	return x->place < y->place ? -1 : x->place > y->place;
}

static void row_fields(struct rseg *s, uint32_t r, char tt[21], struct slice f[EV_NCOLS])
{
	trail_ts_format(s->t[r], tt);
	f[EV_TS].p = tt;
	f[EV_TS].n = 20;
	for (int c = 0; c < TRAIL_NSTR; c++)
		f[c + 1] = TRAIL_RAW(c) ? s->col[c].rs[r] : s->col[c].dict[s->col[c].ids[r]];
}

void *trail_dctx_new(void) { return ZSTD_createDCtx(); }
void trail_dctx_free(void *zd) { ZSTD_freeDCtx(zd); }

int trail_seg_scan(const void *seg, size_t n, const struct trail_match *m, trail_fn fn, void *ctx, struct err *e)
{
	struct rseg s;
	memset(&s, 0, sizeof s);
	s.zd = m->zd;
	unsigned char *keep = NULL, *bhit = NULL;
	uint32_t *place = NULL;
	struct kept *kept = NULL;
	int rc = -1;
	if (open_seg(&s, seg, n, e))
		goto out;
	/* the filtered columns' dictionaries first: a value absent ends it */
	int32_t want[TRAIL_NSTR];
	for (int c = 0; c < TRAIL_NSTR; c++) {
		const char *v = m->f[c + 1];
		want[c] = -1;
		if (!v || !*v)
			continue;
		if (TRAIL_RAW(c)) {
			want[c] = -2;
			continue;
		}
		if (load_dict(&s, c, e))
			goto out;
		size_t vn = strlen(v);
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
	/* format 2 and a user: only that user's rows, one run in stored order */
	uint32_t lo = 0, hi = s.nev;
	int one_user = s.v2 && want[0] >= 0;
	if (one_user && user_rows(&s, (uint32_t)want[0], &lo, &hi, e))
		goto out;
	keep = xcalloc(s.nev ? s.nev : 1, 1);
	bhit = xcalloc(s.nb ? s.nb : 1, 1);
	uint32_t hits = 0;
	for (uint32_t b = lo / s.bs; lo < hi && b < s.nb && b * s.bs < hi; b++) {
		if (m->blocks && (b >= m->nblocks || !m->blocks[b]))
			continue;
		if (load_ts(&s, b, e))
			goto out;
		for (int c = 0; c < TRAIL_NSTR; c++)
			if (want[c] != -1 && load_ids(&s, c, b, e))
				goto out;
		uint32_t r0 = b * s.bs > lo ? b * s.bs : lo, r1 = blk_end(&s, b) < hi ? blk_end(&s, b) : hi;
		for (uint32_t r = r0; r < r1; r++) {
			int ok = s.t[r] >= m->from && s.t[r] <= m->to;
			for (int c = 0; ok && c < TRAIL_NSTR; c++) {
				if (want[c] >= 0 && s.col[c].ids[r] != (uint32_t)want[c])
					ok = 0;
				else if (want[c] == -2 && (s.col[c].rs[r].n != strlen(m->f[c + 1]) ||
				                           memcmp(s.col[c].rs[r].p, m->f[c + 1], s.col[c].rs[r].n)))
					ok = 0;
			}
			keep[r] = (unsigned char)ok;
			bhit[b] |= (unsigned char)ok;
			hits += (uint32_t)ok;
		}
	}
	rc = 0;
	if (!hits)
		goto out;
	/* the other columns of the blocks that hold a match */
	for (uint32_t b = 0; b < s.nb; b++)
		for (int c = 0; bhit[b] && c < TRAIL_NSTR; c++)
			if (load_ids(&s, c, b, e)) {
				rc = -1;
				goto out;
			}
	char tt[21];
	struct slice f[EV_NCOLS];
	/* the places in the batch: asked for (m->place), or to give several
	 * users' rows back in their stored order */
	if (s.v2 && (m->place || !one_user)) {
		place = xmalloc((s.nev ? s.nev : 1) * sizeof *place);
		if (load_order(&s, place, e)) {
			rc = -1;
			goto out;
		}
	}
	kept = xmalloc(hits * sizeof *kept);
	uint32_t nk = 0;
	for (uint32_t r = lo; r < hi; r++)
		if (keep[r]) {
			kept[nk].place = place ? place[r] : r;
			kept[nk++].row = r;
		}
	if (s.v2 && !one_user)
		qsort(kept, nk, sizeof *kept, by_place);
	for (uint32_t i = 0; i < nk; i++) {
		row_fields(&s, kept[i].row, tt, f);
		if (m->place)
			*m->place = kept[i].place;
		if ((rc = fn(ctx, f)) != 0)
			break;
	}
out:
	free(keep);
	free(bhit);
	free(place);
	free(kept);
	rseg_release(&s);
	return rc;
}
