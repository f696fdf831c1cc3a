/* config.c — policy settings in the config table. */
#include "domain/config.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

int64_t config_int(struct store *st, const char *key, int64_t def)
{
	char v[64];
	if (store_text(st, NULL, v, sizeof v, "SELECT value FROM config WHERE key = ?", "t", key) != 1)
		return def;
	char *end;
	long long n = strtoll(v, &end, 10);
	return end == v || *end ? def : (int64_t)n;
}

int config_set(struct store *st, const struct actor *who, const char *key, const char *value, struct err *e)
{
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "update", "config", key, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can change settings");
	}
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO config(key, value) VALUES(?, ?) "
	                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", "tt", key, value) ||
	    alog_write(st, who, "update", "config", key, "ok", value, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int config_set_all(struct store *st, const struct actor *who, const char *const *kv, struct err *e)
{
	if (!actor_has(who, ROLE_ADMIN))
		return config_set(st, who, kv[0] ? kv[0] : "", "", e); /* refused and logged there */
	if (store_begin(st, e))
		return -1;
	for (; kv[0] && kv[1]; kv += 2)
		if (config_set(st, who, kv[0], kv[1], e)) {
			store_rollback(st);
			return -1;
		}
	return store_commit(st, e);
}

int config_list(struct store *st, const struct actor *who, const char *key,
                void (*cb)(void *ctx, const char *key, const char *value), void *ctx, struct err *e)
{
	if (alog_require(st, who, ROLE_ADMIN, "list", "config", 0, "Only an administrator can read settings", e))
		return -1;
	if (alog_list(st, who, "config", key ? key : "all", e, "key=%s", key ? key : ""))
		return -1;
	struct stmt *q;
	if (store_query(st, &q, e, "SELECT key, value FROM config WHERE ?1 = '' OR key = ?1 ORDER BY key", "t",
	                key ? key : ""))
		return -1;
	int r, n = 0;
	while ((r = stmt_next(q, e)) == 1) {
		cb(ctx, stmt_text(q, 0), stmt_text(q, 1));
		n++;
	}
	stmt_done(q);
	if (r < 0)
		return -1;
	if (key && n == 0)
		return err_set(e, ERR_NOTFOUND, "no setting %s", key);
	return 0;
}

/* A whole number with no sign, spaces or leading junk, up to 10^12. */
static int whole(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 13)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return strtoll(v, NULL, 10) <= 1000000000000LL;
}

int config_update(struct store *st, const struct actor *who, const char *key, const char *value, struct err *e)
{
	char old[4096];
	if (!actor_has(who, ROLE_ADMIN))
		return config_set(st, who, key, value, e); /* refused and logged there */
	int r = store_text(st, e, old, sizeof old, "SELECT value FROM config WHERE key = ?", "t", key);
	if (r < 0)
		return -1;
	if (r == 0) {
		alog_write(st, who, "update", "config", key, "refused", "no such setting", NULL);
		return err_field(e, ERR_INPUT, "key", "There is no setting %s (probity config list shows them)", key);
	}
	if ((whole(old) && !whole(value)) || strlen(value) > 4000) {
		alog_write(st, who, "update", "config", key, "refused", "bad value", NULL);
		return err_field(e, ERR_INPUT, "value", whole(old) ? "%s takes a whole number from 0 to 10^12"
		                                                   : "%s takes at most 4000 characters", key);
	}
	return config_set(st, who, key, value, e);
}
