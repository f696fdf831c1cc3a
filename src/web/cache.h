/* cache.h — a small shared cache of rendered fragments (HTML or JSON).
 * An entry is keyed by a string (the route and its raw query string) and
 * stamped with a change counter read from the database in the same request
 * (store_counter); a lookup with a different counter misses, so a cached
 * fragment is never staler than the database. Only views whose output
 * depends on nothing but the key and the database may be cached — the
 * caller checks access before asking. Thread-safe. */
#ifndef PROBITY_CACHE_H
#define PROBITY_CACHE_H

#include "core/buf.h"
#include <stdint.h>

/* Append the cached bytes for key at counter gen to out: 1 on a hit, 0 on a miss. */
int cache_get(const char *key, int64_t gen, struct buf *out);
/* Remember p[0..n) for key at counter gen (fragments over 512 KiB are not kept). */
void cache_put(const char *key, int64_t gen, const char *p, size_t n);

struct req;
struct err;
/* Append to out the fragment for prefix + "?" + rq's raw query string, cached
 * under the change counter named counter (store_counter): on a miss build it
 * with fn (appending to out) and keep it when fn returns 0. Returns fn's
 * status, or 0 on a hit. */
int cache_fragment(struct req *rq, const char *prefix, const char *counter, struct buf *out,
                   int (*fn)(struct req *rq, struct buf *out, struct err *e), struct err *e);
/* As cache_fragment, and on a hit call on_hit (which writes the access log
 * row fn's domain call would have written): a cached view is still logged.
 * When on_hit fails nothing is appended and its status is returned. */
int cache_fragment_logged(struct req *rq, const char *prefix, const char *counter, struct buf *out,
                          int (*fn)(struct req *rq, struct buf *out, struct err *e),
                          int (*on_hit)(struct req *rq, struct err *e), struct err *e);

#endif
