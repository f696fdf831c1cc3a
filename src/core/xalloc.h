/* xalloc.h — allocation that cannot return NULL.
 * Probity's records are built in place (a struct gift is several KB); a
 * caller that forgets to check malloc writes through NULL, and one that does
 * check leaves a half-built record behind. So every allocation goes through
 * these: on failure they print what was asked for to stderr and abort(); the
 * supervisor (systemd, or the demo's restart loop) starts a fresh worker.
 * Plain malloc/realloc stays only where running out is an expected,
 * handled outcome: buf.c's capped buffers (sticky oom flag) and csv.c's copy
 * of an uploaded file (a file too big is reported to the user). */
#ifndef PROBITY_XALLOC_H
#define PROBITY_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller owns and releases with free(). A request for
 * 0 bytes returns a unique, freeable pointer. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* An array p of n items of size bytes with room for *cap, given room for one
 * more: when full, the room doubles (first items when there was none). */
void *xgrow(void *p, size_t n, size_t *cap, size_t first, size_t size);

#endif
