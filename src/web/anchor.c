/* anchor.c — the worker's wait loop, which also anchors the access log
 * (see anchor.h). One line per interval: cheap enough to leave always on. */
#include "web/anchor.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "store/store.h"
#include <errno.h>
#include <stdio.h>
#include <time.h>

void anchor_now(struct store_pool *pool)
{
	struct err e = { 0 };
	struct alog_anchor a;
	struct store *st = store_pool_get(pool);
	int rc = alog_head(st, &a, &e);
	store_pool_put(pool, st);
	char line[160];
	if (rc) {
		fprintf(stderr, "probity: log-anchor failed: %s\n", e.msg);
		return;
	}
	alog_anchor_line(&a, line, sizeof line);
	fprintf(stderr, "%s\n", line);
}

void anchor_wait(struct store_pool *pool, const sigset_t *set)
{
	struct store *st = store_pool_get(pool);
	int64_t minutes = config_int(st, "log.anchor_minutes", 15);
	store_pool_put(pool, st);
	if (minutes < 1 || minutes > 24 * 60)
		minutes = 15;
	for (;;) {
		struct timespec ts = { (time_t)minutes * 60, 0 };
		if (sigtimedwait(set, NULL, &ts) > 0)
			break;
		if (errno == EAGAIN)
			anchor_now(pool);
	}
}
