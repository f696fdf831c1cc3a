/* config.c — policy settings in the config table. */
#include "domain/config.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include <stdlib.h>

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
