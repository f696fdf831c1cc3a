/* health.h — what /healthz and /readyz ask of the database, for a load
 * balancer or systemd's watchdog and an ICT team's monitoring. No access
 * log: nothing about a person is read. */
#ifndef PROBITY_HEALTH_H
#define PROBITY_HEALTH_H

#include "core/err.h"
#include <stddef.h>

struct store;

/* Live: the database answers a query. 0, or -1 with why in e. */
int health_live(struct store *st, struct err *e);
/* Ready: live, the schema is this binary's latest (no migration pending),
 * and the database's file system has at least min_free_mb MiB free
 * (0: not checked). 0, or -1 naming the first failed check in e. */
int health_ready(struct store *st, int min_free_mb, struct err *e);

#endif
