/* listing.h — what every register's list shares: one fixed statement per
 * sort order (picked by key, never built from input), the page size and
 * offset, and one page of record ids from a statement whose columns are
 * (id, COUNT(*) OVER ()). */
#ifndef PROBITY_LISTING_H
#define PROBITY_LISTING_H

#include "core/err.h"
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct stmt;
struct buf;

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

/* A page of whole records from s, whose columns are d's field list, one
 * integer more (e.g. the holder's manager), then the count of all matches
 * (COUNT(*) OVER (), or 0 where the caller counts): each row read into one
 * record (record_read) and handed to each(ctx, rec) until it returns
 * non-zero; *total from the count column when there is a row; s finished.
 * 0, or -1 (e set). */
struct store;
struct record_def;
/* A count kept on st's connection (one store_memo for every list, the last
 * few keys) with the write generation: the slot for key (the list's name
 * and its filter's text),
 * holding -1 until the caller counts and stores it there; NULL when the
 * connection keeps nothing (it has uncommitted writes of its own). */
int64_t *list_count_kept(struct store *st, const char *key);
typedef int (*list_each_fn)(void *ctx, const void *rec);
int list_read_each(struct stmt *s, const struct record_def *d, list_each_fn each, void *ctx, long *total,
                   struct err *e);
/* The typed side of list_read_each for a module whose rows go to a
 * ROW_FN(ctx, rec): defines struct list_each_ctx and the static
 * list_each_one. */
#define LIST_EACH_ADAPTER(ROW_FN)                                                 \
	struct list_each_ctx { ROW_FN fn; void *ctx; };                           \
	static int list_each_one(void *ctx, const void *rec)                      \
	{                                                                         \
		struct list_each_ctx *x = ctx;                                    \
		return x->fn(x->ctx, rec);                                        \
	}

/* ---- a statement per filter shape (docs/postgresql.md) ----
 * A list whose optional filters are each written "?N = '' OR term" has
 * no generic plan on PostgreSQL that serves them all, so every execution
 * is planned afresh. A shape is the set of filters set (one bit each); its
 * statement has those as plain terms and the others as tests of their
 * "none" value, which keep every parameter referenced. The module builds a
 * shape's text once and keeps it (shape_keep) for the process's life, so
 * both backends' statement caches (keyed by the text's address) keep it. */
struct shape_term {
	unsigned bit;          /* the filter's bit in the shape */
	const char *set, *none; /* its term when set, and when not */
};
/* Appends t[0..n)'s terms for shape to b, joined by AND (" AND " first
 * when and_first). */
void shape_terms(struct buf *b, const struct shape_term *t, size_t n, unsigned shape, int and_first);
/* Keeps b's text (taken) in *slot unless another thread kept one there
 * first, and returns the one kept; NULL when b could not be taken. */
const char *shape_keep(_Atomic(const char *) *slot, struct buf *b);

#endif
