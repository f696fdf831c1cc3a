/* subjidx.c — building and reading the audit trail's subject index (see
 * subjidx.h and docs/audit.md, "The subject index"). */
#include "audit/subjidx.h"
#include "audit/varint.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MARKER_MAGIC "PSX1"
#define VBITS 24                    /* a posting: (block << ubits) | bucket, below 2^24 */

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

uint32_t subjidx_crc(const void *p, size_t n)
{
	return (uint32_t)crc32(0L, (const Bytef *)(p ? p : ""), (uInt)n);
}

uint32_t subjidx_hash(const char *p, size_t n)
{
	return (uint32_t)(hash_u64(hash_bytes(p, n) ^ 0xC2B2AE3D27D4EB4Full) >> 32);
}

uint32_t subjidx_pkey(uint32_t h, unsigned pbits)
{
	return (1u << pbits) | (pbits ? h >> (32 - pbits) : 0);
}

void subjidx_init(struct subjidx *x)
{
	memset(x, 0, sizeof *x);
	buf_init(&x->marker, 0);
	buf_init(&x->data, 0);
}

void subjidx_release(struct subjidx *x)
{
	buf_release(&x->marker);
	buf_release(&x->data);
	free(x->part);
	x->part = NULL;
	x->nparts = 0;
}

/* LSD radix sort of 56-bit keys, 14 bits a pass */
static void sort56(uint64_t *k, uint64_t *tmp, size_t n)
{
	enum { D = 14, R = 1 << D };
	size_t *cnt = xmalloc(R * sizeof *cnt);
	for (int pass = 0; pass < 4; pass++) {
		int sh = pass * D;
		memset(cnt, 0, R * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(k[i] >> sh) & (R - 1)]++;
		size_t at = 0;
		for (size_t d = 0; d < R; d++) {
			size_t c = cnt[d];
			cnt[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(k[i] >> sh) & (R - 1)]++] = k[i];
		memcpy(k, tmp, n * sizeof *k);
	}
	free(cnt);
}

static int close_part(struct subjidx *x, uint32_t pkey, uint32_t count, struct buf *tmp)
{
	size_t off = x->data.n;
	if (put_varint(&x->data, count) || buf_add(&x->data, tmp->p ? tmp->p : "", tmp->n))
		return -1;
	x->part = xrealloc(x->part, (x->nparts + 1) * sizeof *x->part);
	struct subjidx_part *p = &x->part[x->nparts++];
	p->pkey = pkey;
	p->off = off;
	p->len = x->data.n - off;
	p->crc = 0;
	buf_reset(tmp);
	return 0;
}

int subjidx_build(struct subjidx *x, const struct trail_builder *b, unsigned ubits, const uint32_t *cnt,
                  struct err *e)
{
	const int S = EV_SUBJECT - 1;
	uint32_t n = b->n, nu = b->dict[0].n, ns = b->dict[S].n, nbk = ubits ? 1u << ubits : 1;
	uint32_t one[2] = { 0, n };
	if (!ubits)
		cnt = one;
	struct buf tmp = BUF_INIT;
	uint32_t *hs = xmalloc(((size_t)ns + 1) * sizeof *hs);
	uint32_t *loc = xmalloc(((size_t)nu + 1) * sizeof *loc), *order = xmalloc(((size_t)nu + 1) * sizeof *order);
	uint32_t *ustart = xmalloc(((size_t)nu + 1) * sizeof *ustart);
	uint64_t *keys = xmalloc(((size_t)n + 1) * sizeof *keys), *ktmp = xmalloc(((size_t)n + 1) * sizeof *ktmp);
	unsigned char *has = xmalloc((size_t)ns + 1);
	size_t nk = 0;
	int rc = -1;
	subjidx_release(x);
	subjidx_init(x);
	x->ubits = ubits;
	for (uint32_t s = 0; s < ns; s++) {
		size_t len;
		const char *p = intern_str(&b->dict[S], s, &len);
		has[s] = len > 0;
		hs[s] = has[s] ? subjidx_hash(p, len) : 0;
	}
	memset(loc, 0xff, ((size_t)nu + 1) * sizeof *loc);
	for (uint32_t k = 0; k < nbk; k++) {
		uint32_t lo = cnt[k], hi = cnt[k + 1], nl = 0;
		/* where trail_builder_pack puts each row: users in order of first
		 * appearance, each user's rows in their order */
		for (uint32_t r = lo; r < hi; r++) {
			uint32_t u = b->ids[0][r];
			if (loc[u] == UINT32_MAX) {
				loc[u] = nl;
				order[nl] = u;
				ustart[nl++] = 0;
			}
			ustart[loc[u]]++;
		}
		uint32_t at = 0;
		for (uint32_t i = 0; i < nl; i++) {
			uint32_t c = ustart[i];
			ustart[i] = at;
			at += c;
		}
		for (uint32_t r = lo; r < hi; r++) {
			uint32_t pos = ustart[loc[b->ids[0][r]]]++, s = b->ids[S][r];
			uint64_t v = ((uint64_t)(pos / TRAIL_BLOCK) << ubits) | k;
			if (v >= (1u << VBITS)) {
				err_set(e, ERR_INTERNAL, "audit trail subject index: a batch too big to index");
				goto out;
			}
			if (has[s])
				keys[nk++] = (uint64_t)hs[s] << VBITS | v;
		}
		for (uint32_t i = 0; i < nl; i++)
			loc[order[i]] = UINT32_MAX;
	}
	sort56(keys, ktmp, nk);
	size_t nd = 0;
	uint32_t entries = 0;
	for (size_t i = 0; i < nk; i++)
		if (!nd || keys[i] != keys[nd - 1]) {
			if (!nd || keys[i] >> VBITS != keys[nd - 1] >> VBITS)
				entries++;
			keys[nd++] = keys[i];
		}
	unsigned pbits = 0;
	while (pbits < SUBJIDX_PBITS_MAX && (entries >> pbits) > SUBJIDX_PART)
		pbits++;
	x->pbits = pbits;
	x->entries = entries;
	/* per part: the number of subjects, then per subject its hash as the
	 * gap from the one before (the first: from the part's lowest hash) and
	 * its postings, each a varint (value << 1 | more follow), the first as
	 * it is, the next as the gap from the one before minus 1 */
	uint32_t pkey = 0, pcount = 0;
	uint64_t prev_h = 0;
	for (size_t i = 0; i < nd;) {
		uint32_t h = (uint32_t)(keys[i] >> VBITS), k = subjidx_pkey(h, pbits);
		if (k != pkey) {
			if (pcount && close_part(x, pkey, pcount, &tmp))
				goto nomem;
			pkey = k;
			pcount = 0;
			prev_h = pbits ? (uint64_t)(h >> (32 - pbits)) << (32 - pbits) : 0;
		}
		if (put_varint(&tmp, h - prev_h))
			goto nomem;
		prev_h = h;
		pcount++;
		uint64_t pv = 0;
		size_t j = i;
		for (; j < nd && (uint32_t)(keys[j] >> VBITS) == h; j++) {
			uint64_t v = keys[j] & ((1u << VBITS) - 1);
			int more = j + 1 < nd && (uint32_t)(keys[j + 1] >> VBITS) == h;
			if (put_varint(&tmp, ((j == i ? v : v - pv - 1) << 1) | (uint64_t)more))
				goto nomem;
			pv = v;
		}
		i = j;
	}
	if (pcount && close_part(x, pkey, pcount, &tmp))
		goto nomem;
	for (size_t i = 0; i < x->nparts; i++)
		x->part[i].crc = subjidx_crc(x->data.p + x->part[i].off, x->part[i].len);
	unsigned char hdr[6] = { 'P', 'S', 'X', '1', (unsigned char)pbits, (unsigned char)ubits };
	if (buf_add(&x->marker, hdr, sizeof hdr) || put_varint(&x->marker, entries) ||
	    put_varint(&x->marker, x->nparts))
		goto nomem;
	x->marker_crc = subjidx_crc(x->marker.p, x->marker.n);
	rc = 0;
	goto out;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
out:
	buf_release(&tmp);
	free(hs);
	free(loc);
	free(order);
	free(ustart);
	free(keys);
	free(ktmp);
	free(has);
	return rc;
}

static int damaged(struct err *e, const char *what)
{
	err_set(e, ERR_INTERNAL, "audit trail subject index damaged: %s", what);
	return -1;
}

int subjidx_marker_read(const void *p, size_t n, unsigned *pbits, unsigned *ubits, struct err *e)
{
	const unsigned char *q = p, *end = q + n;
	uint64_t entries, parts;
	if (n < 6 || memcmp(q, MARKER_MAGIC, 4) || q[4] > SUBJIDX_PBITS_MAX || q[5] > 16)
		return damaged(e, "bad marker");
	*pbits = q[4];
	*ubits = q[5];
	q += 6;
	if (get_varint(&q, end, &entries) || get_varint(&q, end, &parts) || q != end ||
	    parts > ((uint64_t)1 << *pbits) || parts > entries)
		return damaged(e, "bad marker");
	return 0;
}

int subjidx_part_find(const void *p, size_t n, uint32_t pkey, unsigned pbits, uint32_t h,
                      uint32_t **v, size_t *nv, size_t *cap, struct err *e)
{
	const unsigned char *q = p, *end = q + n;
	uint64_t count;
	if (pkey >> pbits != 1 || get_varint(&q, end, &count) || count == 0 || count > n)
		return damaged(e, "bad part");
	uint64_t lo = pbits ? (uint64_t)(pkey & ((1u << pbits) - 1)) << (32 - pbits) : 0;
	uint64_t hi = lo + ((uint64_t)1 << (32 - pbits)), at = lo;
	for (uint64_t i = 0; i < count; i++) {
		uint64_t d, x;
		if (get_varint(&q, end, &d) || (i && d == 0) || (at += d) >= hi)
			return damaged(e, "bad part");
		uint64_t pv = 0;
		int first = 1, more = 1;
		while (more) {
			if (get_varint(&q, end, &x))
				return damaged(e, "bad part");
			more = (int)(x & 1);
			uint64_t val = first ? x >> 1 : pv + 1 + (x >> 1);
			if (val >= (1u << VBITS))
				return damaged(e, "bad part");
			if (at == h) {
				if (*nv == *cap) {
					*cap = *cap ? 2 * *cap : 16;
					*v = xrealloc(*v, *cap * sizeof **v);
				}
				(*v)[(*nv)++] = (uint32_t)val;
			}
			pv = val;
			first = 0;
		}
	}
	if (q != end)
		return damaged(e, "bad part");
	return 0;
}
