/* audit_subjidx.c — the audit trail's subject index in the database: a
 * batch's marker and parts written in the checkpoint's transaction beside
 * its segments, read back for "who accessed subject S" (one part per batch,
 * found by the subject hash's top bits), pruned with the segments. A marker
 * or part that fails its checksum or does not parse stops the search, as a
 * damaged segment does. */
#include "domain/audit_subjidx.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

int audit_subjidx_write(struct store *st, int64_t batch, const char *day, const struct subjidx *x, struct err *e)
{
	static const char sql[] =
		"INSERT INTO audit_subject_index(batch, day, pkey, checksum, data) VALUES (?, ?, ?, ?, ?)";
	if (store_exec(st, e, sql, "itiib", batch, day, (int64_t)0, (int64_t)x->marker_crc, x->marker.p, x->marker.n))
		return -1;
	for (size_t i = 0; i < x->nparts; i++) {
		const struct subjidx_part *p = &x->part[i];
		if (store_exec(st, e, sql, "itiib", batch, day, (int64_t)p->pkey, (int64_t)p->crc, x->data.p + p->off,
		               p->len))
			return -1;
	}
	return 0;
}

int audit_subjidx_prune(struct store *st, const char *before, struct err *e)
{
	return store_exec(st, e, "DELETE FROM audit_subject_index WHERE day < ?", "t", before);
}

struct part {
	int64_t batch;
	uint32_t pkey;
	void *data;
	size_t n;
};

static int by_batch(const void *a, const void *b)
{
	const struct audit_sx_batch *x = a, *y = b;
	return x->batch < y->batch ? -1 : x->batch > y->batch;
}

static int part_by_batch(const void *a, const void *b)
{
	const struct part *x = a, *y = b;
	return x->batch < y->batch ? -1 : x->batch > y->batch;
}

static struct audit_sx_batch *find_batch(const struct audit_sx *x, int64_t batch)
{
	struct audit_sx_batch k = { batch, 0, 0, 0, 0 };
	return x->nb ? bsearch(&k, x->b, x->nb, sizeof *x->b, by_batch) : NULL;
}

int audit_subjidx_indexed(const struct audit_sx *x, int64_t batch) { return find_batch(x, batch) != NULL; }

int audit_subjidx_find(struct store *st, const char *subject, struct audit_sx *x, struct err *e)
{
	memset(x, 0, sizeof *x);
	uint32_t h = subjidx_hash(subject, strlen(subject));
	int64_t k[SUBJIDX_PBITS_MAX + 1];
	for (unsigned p = 0; p <= SUBJIDX_PBITS_MAX; p++)
		k[p] = subjidx_pkey(h, p);
	/* the markers (pkey 0) and, per pbits a batch may have, the part that
	 * would hold the subject */
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT batch, pkey, checksum, data FROM audit_subject_index "
	                "WHERE pkey IN (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                "iiiiiiiiiiiiiiiii", k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8], k[9], k[10], k[11],
	                k[12], k[13], k[14], k[15], k[16]))
		return -1;
	struct part *pt = NULL;
	size_t npt = 0, ptcap = 0, bcap = 0;
	int r, rc = -1;
	while ((r = stmt_next(s, e)) > 0) {
		int64_t batch = stmt_int(s, 0), pkey = stmt_int(s, 1), crc = stmt_int(s, 2);
		size_t dn;
		const void *d = stmt_blob(s, 3, &dn);
		if (subjidx_crc(d, dn) != (uint32_t)crc) {
			err_set(e, ERR_INTERNAL, "audit trail subject index of batch %lld fails its checksum: the store is damaged",
			        (long long)batch);
			goto out;
		}
		if (pkey == 0) {
			if (x->nb == bcap) {
				bcap = bcap ? 2 * bcap : 64;
				x->b = xrealloc(x->b, bcap * sizeof *x->b);
			}
			struct audit_sx_batch *b = &x->b[x->nb];
			if (subjidx_marker_read(d, dn, &b->pbits, &b->ubits, e))
				goto out;
			b->batch = batch;
			b->hit0 = 0;
			b->nhit = 0;
			x->nb++;
		} else {
			if (npt == ptcap) {
				ptcap = ptcap ? 2 * ptcap : 64;
				pt = xrealloc(pt, ptcap * sizeof *pt);
			}
			pt[npt].batch = batch;
			pt[npt].pkey = (uint32_t)pkey;
			pt[npt].data = xmalloc(dn ? dn : 1);
			memcpy(pt[npt].data, d, dn);
			pt[npt++].n = dn;
		}
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	if (x->nb)
		qsort(x->b, x->nb, sizeof *x->b, by_batch);
	for (size_t i = 1; i < x->nb; i++)
		if (x->b[i].batch == x->b[i - 1].batch) {
			err_set(e, ERR_INTERNAL, "audit trail subject index damaged: batch %lld has two markers",
			        (long long)x->b[i].batch);
			goto out;
		}
	if (npt)
		qsort(pt, npt, sizeof *pt, part_by_batch);
	for (size_t i = 0; i < npt; i++) {
		struct audit_sx_batch *b = find_batch(x, pt[i].batch);
		unsigned pbits = b ? b->pbits : 0;
		if (!b || pt[i].pkey != subjidx_pkey(h, pbits) || (i && pt[i].batch == pt[i - 1].batch)) {
			err_set(e, ERR_INTERNAL, "audit trail subject index damaged: batch %lld has a part it should not",
			        (long long)pt[i].batch);
			goto out;
		}
		size_t at = x->nhit;
		if (subjidx_part_find(pt[i].data, pt[i].n, pt[i].pkey, pbits, h, &x->hit, &x->nhit, &x->hcap, e))
			goto out;
		b->hit0 = at;
		b->nhit = x->nhit - at;
	}
	rc = 0;
out:
	stmt_done(s);
	for (size_t i = 0; i < npt; i++)
		free(pt[i].data);
	free(pt);
	if (rc)
		audit_subjidx_free(x);
	return rc;
}

int audit_subjidx_blocks(struct audit_sx *x, int64_t batch, int64_t ubits, int64_t bucket,
                         const unsigned char **mask, uint32_t *nmask, struct err *e)
{
	struct audit_sx_batch *b = find_batch(x, batch);
	if (!b)
		return -1;
	if ((int64_t)b->ubits != ubits) {
		err_set(e, ERR_INTERNAL, "audit trail subject index of batch %lld does not match its segments: the store is "
		        "damaged", (long long)batch);
		return -2;
	}
	uint32_t m = (1u << b->ubits) - 1, top = 0;
	int any = 0;
	for (size_t i = b->hit0; i < b->hit0 + b->nhit; i++)
		if ((int64_t)(x->hit[i] & m) == bucket) {
			any = 1;
			top = x->hit[i] >> b->ubits;
		}
	if (!any)
		return 0;
	unsigned char *k = xcalloc((size_t)top + 1, 1);
	for (size_t i = b->hit0; i < b->hit0 + b->nhit; i++)
		if ((int64_t)(x->hit[i] & m) == bucket)
			k[x->hit[i] >> b->ubits] = 1;
	x->masks = xrealloc(x->masks, (x->nmasks + 1) * sizeof *x->masks);
	x->masks[x->nmasks++] = k;
	*mask = k;
	*nmask = top + 1;
	return 1;
}

void audit_subjidx_free(struct audit_sx *x)
{
	for (size_t i = 0; i < x->nmasks; i++)
		free(x->masks[i]);
	free(x->masks);
	free(x->b);
	free(x->hit);
	memset(x, 0, sizeof *x);
}
