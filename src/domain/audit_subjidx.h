/* audit_subjidx.h — the audit trail's subject index kept in the database
 * (audit_subject_index, migration 055): written with a batch's segments,
 * read by a subject search to pick the segments and blocks that hold the
 * subject, pruned with the segments. The format is src/audit/subjidx.c's. */
#ifndef PROBITY_DOMAIN_AUDIT_SUBJIDX_H
#define PROBITY_DOMAIN_AUDIT_SUBJIDX_H

#include "audit/subjidx.h"
#include "core/err.h"
#include "store/store.h"
#include <stdint.h>

/* Write batch's index (its marker and parts) for day (YYYY-MM-DD). */
int audit_subjidx_write(struct store *st, int64_t batch, const char *day, const struct subjidx *x, struct err *e);

/* What the index says about one subject. */
struct audit_sx_batch {
	int64_t batch;
	unsigned ubits, pbits;
	size_t hit0, nhit;              /* its postings: hit[hit0 .. hit0 + nhit) */
};
struct audit_sx {
	struct audit_sx_batch *b;       /* the indexed batches, by batch */
	size_t nb;
	uint32_t *hit;                  /* postings, (block << ubits) | bucket, ascending per batch */
	size_t nhit, hcap;
	unsigned char **masks;          /* block masks handed out (freed with it) */
	size_t nmasks;
};

/* Read the index for subject: every indexed batch and where the subject
 * is in each. -1 with e set when a marker or part is damaged. */
int audit_subjidx_find(struct store *st, const char *subject, struct audit_sx *x, struct err *e);
/* For the segment of batch with bucket bits ubits and bucket bucket: -1
 * when the batch has no index (scan it), 0 when the subject is not in it,
 * 1 with *mask (per block: 1 when it may hold the subject; owned by x) and
 * *nmask set; -2 with e set when the index disagrees with the segment. */
int audit_subjidx_blocks(struct audit_sx *x, int64_t batch, int64_t ubits, int64_t bucket,
                         const unsigned char **mask, uint32_t *nmask, struct err *e);
/* 1 when batch has an index (its marker was read), else 0. */
int audit_subjidx_indexed(const struct audit_sx *x, int64_t batch);
void audit_subjidx_free(struct audit_sx *x);
/* Delete the index of the days before before (with the segments). */
int audit_subjidx_prune(struct store *st, const char *before, struct err *e);

#endif
