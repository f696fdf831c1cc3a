/* cache.c — a fixed table of CACHE_SLOTS entries, direct-mapped by a hash
 * of the key; a new entry replaces whatever held its slot. A read-write lock
 * lets the worker threads read at once. */
#include "web/cache.h"
#include "core/fnv.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "web/http.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 256
#define CACHE_MAX_BYTES ((size_t)512 << 10)

struct entry {
	char *key;
	int64_t gen;
	char *body;
	size_t n;
};

static struct entry slots[CACHE_SLOTS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;

static size_t slot_of(const char *key)
{
	return (size_t)(fnv1a(key) % CACHE_SLOTS);
}

int cache_get(const char *key, int64_t gen, struct buf *out)
{
	if (gen < 0)
		return 0;
	struct entry *e = &slots[slot_of(key)];
	int hit = 0;
	pthread_rwlock_rdlock(&lock);
	if (e->key && e->gen == gen && strcmp(e->key, key) == 0) {
		hit = buf_add(out, e->body, e->n) == 0;
	}
	pthread_rwlock_unlock(&lock);
	return hit;
}

void cache_put(const char *key, int64_t gen, const char *p, size_t n)
{
	if (gen < 0 || n > CACHE_MAX_BYTES)
		return;
	char *k = xstrdup(key), *b = xmalloc(n ? n : 1);
	memcpy(b, p, n);
	struct entry *e = &slots[slot_of(key)];
	pthread_rwlock_wrlock(&lock);
	char *oldk = e->key, *oldb = e->body;
	e->key = k;
	e->body = b;
	e->n = n;
	e->gen = gen;
	pthread_rwlock_unlock(&lock);
	free(oldk);
	free(oldb);
}

int cache_fragment_logged(struct req *rq, const char *prefix, const char *counter, struct buf *out,
                          int (*fn)(struct req *rq, struct buf *out, struct err *e),
                          int (*on_hit)(struct req *rq, struct err *e), struct err *e)
{
	struct buf key;
	buf_init(&key, 0);
	buf_printf(&key, "%s?%s", prefix, rq->raw_query);
	int64_t gen = store_counter(rq->store, counter);
	int rc = 0;
	size_t start = out->n;
	if (!cache_get(buf_str(&key), gen, out)) {
		rc = fn(rq, out, e);
		if (rc == 0 && !out->oom)
			cache_put(buf_str(&key), gen, out->p + start, out->n - start);
	} else if (on_hit && (rc = on_hit(rq, e)) != 0) {
		out->n = start; /* a view that cannot be logged is not shown */
	}
	buf_release(&key);
	return rc;
}

int cache_fragment(struct req *rq, const char *prefix, const char *counter, struct buf *out,
                   int (*fn)(struct req *rq, struct buf *out, struct err *e), struct err *e)
{
	return cache_fragment_logged(rq, prefix, counter, out, fn, NULL, e);
}
