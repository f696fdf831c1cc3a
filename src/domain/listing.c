/* listing.c — see listing.h. */
#include "domain/listing.h"
#include "core/xalloc.h"
#include "domain/record.h"
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

int list_read_each(struct stmt *s, const struct record_def *d, list_each_fn each, void *ctx, long *total,
                   struct err *e)
{
	void *rec = xmalloc(d->size);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		record_read(d, s, rec);
		if (total)
			*total = (long)stmt_int(s, (int)d->nfields + 1);
		stop = each(ctx, rec);
	}
	stmt_done(s);
	free(rec);
	return !stop && r < 0 ? -1 : 0;
}
