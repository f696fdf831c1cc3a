/* mapping.h — a feed's mapping file: how a force system's own audit export
 * (its CSV columns or JSON Lines keys, its action and system codes, its
 * time format and zone) becomes events.csv's nine fields, so a native
 * export is taken in without a converter. No SQL here: the domain keeps
 * each feed's mapping text (audit_feeds.mapping) and calls this for every
 * record. The format is in docs/audit.md ("Mapping files"). */
#ifndef PROBITY_AUDIT_MAPPING_H
#define PROBITY_AUDIT_MAPPING_H

#include "audit/engine.h"
#include "core/err.h"
#include <stddef.h>

#define MAP_MAX_VALUES 64
#define MAP_TEXT_MAX 128
#define MAP_VALUE_MAX 1024           /* a mapped value, NUL included */

struct map_value {
	int field;                      /* EV_* */
	char from[MAP_TEXT_MAX], to[MAP_TEXT_MAX];
};

struct audit_mapping {
	int jsonl;                      /* JSON Lines, else CSV with a header line */
	char column[EV_NCOLS][MAP_TEXT_MAX];  /* the native column or key, "" when fixed */
	char fixed[EV_NCOLS][MAP_TEXT_MAX];   /* the constant value when no column */
	struct map_value values[MAP_MAX_VALUES];
	int nvalues;
	char time_format[64];           /* strptime format, "" for YYYY-MM-DDTHH:MM:SSZ */
	char time_zone[64];             /* e.g. Europe/London, "" for UTC */
};

/* Parse a mapping file's text: lines "format = csv|jsonl", "column FIELD =
 * NAME", "fixed FIELD = VALUE", "map FIELD NATIVE = VALUE", "time format =
 * FMT", "time zone = ZONE", blank lines and # comments. ts, user, system,
 * device and action need a column or a fixed value. 0, or ERR_INPUT with e set
 * ("mapping:LINE: ..."). */
int audit_mapping_parse(const char *text, struct audit_mapping *m, struct err *e);

/* Where each field's column is in a CSV header (names[0..n)): idx[k] the
 * column index, -1 when fixed. 0, or ERR_INPUT (a column missing) with e set. */
int audit_mapping_columns(const struct audit_mapping *m, const char *const *names, size_t n, int idx[EV_NCOLS],
                          struct err *e);

/* Turn one native record into the nine fields: get(ctx, k) gives field k's
 * native value (from its column or key; NULL when absent). out[k] receives
 * the mapped value (values mapped, the time converted to UTC
 * YYYY-MM-DDTHH:MM:SSZ). 0, or ERR_INPUT with e set and *bad the field. */
int audit_mapping_event(const struct audit_mapping *m, const char *(*get)(void *ctx, int k), void *ctx,
                        char out[EV_NCOLS][MAP_VALUE_MAX], int *bad, struct err *e);

/* One JSON Lines record: a flat object of strings, numbers, true, false or
 * null. Calls fn for each key and its value as text (strings unescaped,
 * others as written; null as ""). 0, or ERR_INPUT with e set (what is wrong and
 * the byte column). */
int audit_jsonl_object(const char *p, size_t n, int (*fn)(void *ctx, const char *key, const char *val), void *ctx,
                       struct err *e);

#endif
