/* listing.c — see listing.h. */
#include "domain/listing.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "domain/record.h"
#include "store/store.h"
#include <stdio.h>
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

#define COUNT_KEPT_SLOTS 16
struct count_kept {
	int64_t gen, count;
	char key[600];
};

static int count_kept_owner;

int64_t *list_count_kept(struct store *st, const char *key)
{
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &count_kept_owner, free) : NULL;
	if (!slot)
		return NULL;
	if (!*slot)
		*slot = xcalloc(COUNT_KEPT_SLOTS + 1, sizeof(struct count_kept)); /* [0].gen: the next to reuse */
	struct count_kept *v = *slot;
	for (int i = 1; i <= COUNT_KEPT_SLOTS; i++)
		if (v[i].gen == gen && v[i].count >= 0 && !strcmp(v[i].key, key))
			return &v[i].count;
	struct count_kept *m = &v[1 + v[0].gen++ % COUNT_KEPT_SLOTS];
	m->gen = gen;
	m->count = -1;
	snprintf(m->key, sizeof m->key, "%s", key);
	return &m->count;
}

void shape_terms(struct buf *b, const struct shape_term *t, size_t n, unsigned shape, int and_first)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s ", i || and_first ? "AND " : "", shape & t[i].bit ? t[i].set : t[i].none);
}

const char *shape_keep(_Atomic(const char *) *slot, struct buf *b)
{
	char *text = buf_take(b, NULL);
	if (!text)
		return NULL;
	const char *expected = NULL;
	if (atomic_compare_exchange_strong(slot, &expected, text))
		return text;
	free(text); /* another thread kept one first */
	return expected;
}
