/* listing.h — what every register's list shares: one fixed statement per
 * sort order (picked by key, never built from input), the page size and
 * offset, and one page of record ids from a statement whose columns are
 * (id, COUNT(*) OVER ()). */
#ifndef PROBITY_LISTING_H
#define PROBITY_LISTING_H

#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

struct stmt;

/* One sort order of a list: its key (?sort=KEY) and its statement. */
struct list_sql {
	const char *key, *sql;
};

/* The statement of t[0..n) whose key is sort; dflt when sort is NULL or no key matches. */
const char *list_sql_for(const struct list_sql *t, size_t n, const char *sort, const char *dflt);
/* Rows a page for per_page: 50 by default (0), at most 500, -1 all rows. */
int64_t list_limit(int per_page);
/* The first row of page (1-based; below 1 is page 1); 0 for all rows (per_page -1). */
int64_t list_offset(int per_page, int page);

/* Read every row of s into a new array *ids (*n of them; free it), set
 * *total from the count column when there is a row, and finish s.
 * 0, or -1 (e set; *ids NULL, *n 0). */
int list_read_ids(struct stmt *s, int64_t **ids, size_t *n, long *total, struct err *e);

/* A register's page of records: the ids as list_read_ids (s finished), each
 * loaded into one zeroed record of size bytes by load(st, id, rec, e) and
 * handed to each(ctx, rec) until it returns non-zero. 0, or -1 (e set). */
struct store;
typedef int (*list_load_fn)(struct store *st, int64_t id, void *rec, struct err *e);
typedef int (*list_each_fn)(void *ctx, const void *rec);
int list_load_each(struct stmt *s, struct store *st, size_t size, list_load_fn load, list_each_fn each, void *ctx,
                   long *total, struct err *e);
/* The typed side of list_load_each for a module whose records load with
 * LOAD(st, id, rec, &manager, e) and go to a ROW_FN(ctx, rec): defines
 * struct list_each_ctx and the static list_load_one and list_each_one. */
#define LIST_LOAD_ADAPTERS(ROW_FN, LOAD)                                          \
	struct list_each_ctx { ROW_FN fn; void *ctx; };                           \
	static int list_load_one(struct store *st, int64_t id, void *rec, struct err *e) \
	{                                                                         \
		int64_t mgr;                                                      \
		return LOAD(st, id, rec, &mgr, e);                                \
	}                                                                         \
	static int list_each_one(void *ctx, const void *rec)                      \
	{                                                                         \
		struct list_each_ctx *x = ctx;                                    \
		return x->fn(x->ctx, rec);                                        \
	}

#endif
