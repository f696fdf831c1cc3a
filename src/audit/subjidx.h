/* subjidx.h — the audit trail's subject index: "who accessed subject S"
 * must not read every segment of every day (segments are clustered by user,
 * so a subject's accesses are spread over all of them). When a batch is
 * sealed its subjects are indexed: per subject (a 32-bit hash) the user
 * buckets (segments) and, inside each, the 1,024-row blocks that hold it,
 * cut into parts by the hash's top bits so a search reads one small part
 * per batch and decompresses only those blocks. A hash is a filter (the scan
 * still compares the subject), so a collision costs a block, never a wrong
 * answer. No SQL here: src/domain/audit_subjidx.c keeps the parts; the
 * format is in docs/audit.md ("The subject index"). */
#ifndef PROBITY_AUDIT_SUBJIDX_H
#define PROBITY_AUDIT_SUBJIDX_H

#include "audit/trail.h"
#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

#define SUBJIDX_PBITS_MAX 16        /* parts: 2^pbits per batch at most */
#define SUBJIDX_PART 512            /* subjects per part, about */

struct subjidx_part {
	uint32_t pkey;                  /* subjidx_pkey of its subjects */
	uint32_t crc;                   /* CRC-32 of its bytes */
	size_t off, len;                /* its bytes in data */
};

/* The index of one batch: a marker (its parameters) and its parts. */
struct subjidx {
	unsigned pbits, ubits;
	uint32_t entries;               /* distinct subject hashes */
	struct buf marker, data;
	uint32_t marker_crc;
	struct subjidx_part *part;
	size_t nparts;
};

void subjidx_init(struct subjidx *x);
void subjidx_release(struct subjidx *x);
/* Index the builder's events as the batch's segments hold them: ubits 0,
 * one segment of all the rows; else split (trail_builder_split), bucket
 * k's rows cnt[k] .. cnt[k + 1]. Each segment clusters its rows by user
 * (users in order of first appearance, each user's rows in order), as
 * trail_builder_pack does. 0, or -1 with e set. */
int subjidx_build(struct subjidx *x, const struct trail_builder *b, unsigned ubits, const uint32_t *cnt,
                  struct err *e);

/* A subject's hash, and the key of the part that holds it when a batch is
 * cut into 2^pbits parts (pkey 0 is the batch's marker). */
uint32_t subjidx_hash(const char *p, size_t n);
uint32_t subjidx_pkey(uint32_t h, unsigned pbits);

/* Read a marker: its pbits and ubits. -1 with e set when damaged. */
int subjidx_marker_read(const void *p, size_t n, unsigned *pbits, unsigned *ubits, struct err *e);
/* Add to v[0..*nv) (grown as needed) the postings of hash h in the part
 * p[0..n) of key pkey: per segment and block, (block << ubits) | bucket,
 * ascending. Every byte is checked; -1 with e set when damaged. */
int subjidx_part_find(const void *p, size_t n, uint32_t pkey, unsigned pbits, uint32_t h,
                      uint32_t **v, size_t *nv, size_t *cap, struct err *e);

uint32_t subjidx_crc(const void *p, size_t n);

#endif
