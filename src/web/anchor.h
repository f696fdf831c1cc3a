/* anchor.h — the server's access log anchors: while it runs, the worker
 * writes the log's head to its structured log (stderr) at start-up and every
 * log.anchor_minutes (config, default 15), so a copy of the head lives
 * outside the database (shipped to the SIEM with the server log) and
 * `probity verify-log --anchor` can prove nothing was cut since. */
#ifndef PROBITY_WEB_ANCHOR_H
#define PROBITY_WEB_ANCHOR_H

#include <signal.h>

struct store_pool;

/* Write one anchor line now: at start-up, before the daemon answers, so the
 * line is in the log by the time anyone can reach the server. */
void anchor_now(struct store_pool *pool);

/* Wait for one of the signals in set (blocked by the caller), writing an
 * anchor line every interval meanwhile. */
void anchor_wait(struct store_pool *pool, const sigset_t *set);

#endif
