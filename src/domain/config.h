/* config.h — policy settings kept in the config table (thresholds, session
 * lengths), editable by an administrator; defaults come from migrations. */
#ifndef PROBITY_CONFIG_H
#define PROBITY_CONFIG_H

#include "core/err.h"
#include "domain/actor.h"
#include <stdint.h>

struct store;

/* The integer value of key, or def when absent or not a number. */
int64_t config_int(struct store *st, const char *key, int64_t def);
/* Set key (admin only; logged). */
int config_set(struct store *st, const struct actor *who, const char *key, const char *value, struct err *e);
/* Set several keys at once, all or none (admin only; each logged). kv:
 * key, value, key, value, ..., NULL. */
int config_set_all(struct store *st, const struct actor *who, const char *const *kv, struct err *e);

/* The settings, for `probity config list|get` (admin only; the read is
 * logged as a list of config, with the key asked for). cb is called with
 * each key and value (borrowed for the call) in key order; key NULL: all. */
int config_list(struct store *st, const struct actor *who, const char *key,
                void (*cb)(void *ctx, const char *key, const char *value), void *ctx, struct err *e);
/* config_set for `probity config set`, checked: the key must exist (a
 * setting no code reads is refused, so a typo cannot pass), and a setting
 * whose value is a whole number takes only a whole number 0..10^12. The
 * change, or the refusal, is logged. */
int config_update(struct store *st, const struct actor *who, const char *key, const char *value, struct err *e);

#endif
