/* versions.h — what the versioned records (PCC response records and panel
 * reviews) share about publication: a published version's row as lists
 * show it, and the rule for publishing another one. Each record keeps its
 * own frozen copies (response_versions, review_versions); this is only
 * the part whose logic is the same. */
#ifndef PROBITY_VERSIONS_H
#define PROBITY_VERSIONS_H

#include "core/err.h"

struct stmt;

/* One published version of a record. */
struct record_version {
	int version;
	char published_at[11];
	char by[200];               /* "" unless who may see staff names (and always on the public site) */
	char note[301];             /* what changed since the previous version */
};
typedef int (*record_version_fn)(void *ctx, const struct record_version *v);

/* Call fn for each row of s, a query selecting (version, published_at,
 * by_name, note); by is left empty unless names. Finishes s (stmt_done).
 * Returns 0, or -1 with e set; a non-zero fn stops without error. */
int versions_read(struct stmt *s, int names, record_version_fn fn, void *ctx, struct err *e);

/* The rule for publishing version+1 of a record: once published, only a
 * changed record is published again, with a note (when note is not NULL)
 * of at most 300 characters saying what changed. Adds to problems. */
void version_check_publish(int version, int changed, const char *note, struct errlist *problems);

#endif
