/* listing.c — see listing.h. */
#include "domain/listing.h"
#include "core/xalloc.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

const char *list_sql_for(const struct list_sql *t, size_t n, const char *sort, const char *dflt)
{
	const char *sql = dflt;
	for (size_t i = 0; sort && i < n; i++)
		if (!strcmp(sort, t[i].key))
			sql = t[i].sql;
	return sql;
}

int64_t list_limit(int per_page)
{
	return per_page > 0 ? (per_page > 500 ? 500 : per_page) : per_page < 0 ? 1000000000 : 50;
}

int64_t list_offset(int per_page, int page)
{
	return per_page < 0 ? 0 : (int64_t)((page > 0 ? page : 1) - 1) * list_limit(per_page);
}

int list_read_ids(struct stmt *s, int64_t **ids, size_t *n, long *total, struct err *e)
{
	size_t cap = 0;
	int r;
	*ids = NULL;
	*n = 0;
	while ((r = stmt_next(s, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = stmt_int(s, 0);
		*total = (long)stmt_int(s, 1);
	}
	stmt_done(s);
	if (r < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int list_load_each(struct stmt *s, struct store *st, size_t size, list_load_fn load, list_each_fn each, void *ctx,
                   long *total, struct err *e)
{
	int64_t *ids;
	size_t n;
	int r = list_read_ids(s, &ids, &n, total, e);
	void *rec = xmalloc(size);
	int stop = 0;
	for (size_t i = 0; r == 0 && !stop && i < n; i++) {
		memset(rec, 0, size);
		if (load(st, ids[i], rec, e))
			r = -1;
		else
			stop = each(ctx, rec);
	}
	free(rec);
	free(ids);
	return r < 0 ? -1 : 0;
}
