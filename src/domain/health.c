/* health.c — the checks behind /healthz and /readyz (health.h). */
#include "domain/health.h"
#include "store/store.h"
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

int health_live(struct store *st, struct err *e)
{
	return store_ping(st, e);
}

int health_ready(struct store *st, int min_free_mb, struct err *e)
{
	if (health_live(st, e))
		return -1;
	int have = store_version(st), want = store_version_latest();
	if (have != want)
		return err_set(e, ERR_DB, "schema version %d, this binary's is %d: run probity init", have, want);
	if (min_free_mb > 0 && strstr(store_path(st), "://") == NULL) {
		char dir[1024];
		snprintf(dir, sizeof dir, "%s", store_path(st));
		struct statvfs sv;
		if (statvfs(dirname(dir), &sv))
			return err_set(e, ERR_IO, "cannot read the free space beside the database");
		unsigned long long mb = (unsigned long long)sv.f_bavail * sv.f_frsize >> 20;
		if (mb < (unsigned long long)min_free_mb)
			return err_set(e, ERR_IO, "%llu MiB free beside the database, under min_free_mb %d", mb,
			               min_free_mb);
	}
	return 0;
}
