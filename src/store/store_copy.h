/* store_copy.h — move a force's whole database from one store to another
 * (`probity migrate --from FILE.db --to postgresql://…`): every table in one
 * transaction on the target, then the row count and a checksum of every
 * table computed the same way on both sides, committed only when all match.
 * Lives in the store layer because it works on tables and columns, not on
 * any one record: no domain rule applies to a byte-for-byte copy. */
#ifndef PROBITY_STORE_COPY_H
#define PROBITY_STORE_COPY_H

#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

struct store;

struct store_copy_table {
	char name[64];
	int64_t rows_from, rows_to;
	uint64_t sum_from, sum_to; /* order-independent: the sum of the rows' keyed hashes */
};

struct store_copy_report {
	struct store_copy_table *t;
	size_t n;
	int differ;   /* tables whose count or checksum differ */
	double secs_copy, secs_keys, secs_check; /* from the start: the COPYs; then the keys and indexes
	                                          * made; then both sides read back and compared */
	char **sql;   /* statement texts the stores cached (freed by store_copy_free, after the stores close) */
	size_t nsql;
};

/* Called as each table is copied (done rows of total) and once per table
 * checked (total -1). */
typedef void (*store_copy_progress)(void *arg, const char *table, int64_t done, int64_t total);
/* Before the commit, with the target's transaction open: 0 to commit, -1
 * (e set) to roll everything back (the access log's chain is checked here). */
typedef int (*store_copy_check)(void *arg, struct store *to, struct err *e);

/* Copy every table of from into to. to must be PostgreSQL, at the same
 * schema version, and hold no force's data yet (no people, accounts or
 * access log rows). All or nothing: on any error, a differing table, or a
 * failed check, the target is left as it was. 0 when committed; -1 with e
 * set otherwise (r still lists what was compared). */
int store_copy(struct store *from, struct store *to, store_copy_progress progress, store_copy_check check, void *arg,
               struct store_copy_report *r, struct err *e);
/* Release r; call after closing both stores. */
void store_copy_free(struct store_copy_report *r);

#endif
