/* retention.h — how long records are kept (docs/deploy.md "Retention").
 *
 * One rule per record type, each a setting in the config table (migration
 * 032; 0 keeps for ever):
 *   gifts   retention.gifts_years_after_leaving: gifts and hospitality
 *           declarations of a person whose leave_date is more than N years
 *           before today, with the PSD reviews of procurement flags and the
 *           AIR answers about them
 *   intel   retention.intel_closed_years: intelligence items closed more than
 *           N years ago, with their subjects, lines of enquiry, interventions
 *           and review thread, and the anonymous report they came from
 *   anon    retention.anon_idle_days: anonymous report threads never taken on
 *           as intelligence, N days after their last message (or receipt)
 * The audit trail's own rule is audit.retention_days (`probity audit prune`).
 * The cut-off is computed from today in C (core/date.h; PROBITY_TODAY in
 * tests). retention_run with apply deletes everything in one transaction
 * and writes one access log row per rule with the count and the cut-off,
 * never the content; without apply it only counts (and logs that the
 * report was read). System or administrator only. */
#ifndef PROBITY_RETENTION_H
#define PROBITY_RETENTION_H

#include "core/err.h"
#include <stdint.h>

struct store;
struct actor;

#define RETENTION_RULES 6

struct retention_line {
	const char *rule;       /* "gifts", "interests", "associations", "circumstances", "intel", "anon" */
	const char *setting;    /* the config key */
	const char *what;       /* what is deleted, for people */
	int64_t keep;           /* the setting's value (years or days); 0: for ever */
	char cutoff[11];        /* records dated before this go; "" when kept for ever */
	long records;           /* the main records due (or deleted) */
};

/* Fill lines[RETENTION_RULES]; when apply, delete what is due. */
int retention_run(struct store *st, const struct actor *who, int apply, struct retention_line *lines,
                  struct err *e);

#endif
