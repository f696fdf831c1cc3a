/* versions.c — the publication rule and version list shared by response
 * records (inspections.c) and panel reviews (reviews.c); see versions.h. */
#include "domain/versions.h"
#include "domain/validate.h"
#include "store/store.h"
#include <string.h>

int versions_read(struct stmt *s, int names, record_version_fn fn, void *ctx, struct err *e)
{
	struct record_version v;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&v, 0, sizeof v);
		v.version = (int)stmt_int(s, 0);
		copy(v.published_at, sizeof v.published_at, stmt_text(s, 1));
		if (names)
			copy(v.by, sizeof v.by, stmt_text(s, 2));
		copy(v.note, sizeof v.note, stmt_text(s, 3));
		stop = fn(ctx, &v);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

void version_check_publish(int version, int changed, const char *note, struct errlist *problems)
{
	if (version > 0 && !changed)
		errlist_add(problems, "publish", "Nothing has changed since version %d was published", version);
	else if (version > 0 && note && !*note)
		errlist_add(problems, "note", "Say briefly what changed since version %d", version);
	if (note)
		check_len(problems, "note", "What changed", note, 300);
}
