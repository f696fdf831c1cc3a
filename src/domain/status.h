/* status.h — a record type's statuses as one table. Each record type with a
 * status keeps one array of struct status_def, indexed by its own enum
 * (enum gift_status: GIFT_AWAITING_MANAGER, ...), in its module: the value
 * stored in the database, the label people read, the GOV.UK tag colour it is
 * shown in and the label of its option in a register's status filter. The
 * labels, the tags, the filter options and the tests of a record's status
 * all come from that one table, so a new status is one line. */
#ifndef PROBITY_STATUS_H
#define PROBITY_STATUS_H

#include <stddef.h>

struct status_def {
	const char *value;  /* as stored, e.g. "awaiting_psd" */
	const char *label;  /* as shown, e.g. "Awaiting PSD" */
	const char *colour; /* GOV.UK tag colour: grey, green, turquoise, blue, light-blue, purple, pink, red, orange, yellow */
	const char *filter; /* the filter option's label; NULL: label */
};

/* A kind, category or reason with the label people read (no tag colour):
 * one table per set, so the validation and the labels read the same list. */
struct label_def {
	const char *value;  /* as stored, e.g. "journalist" */
	const char *label;  /* as shown, e.g. "Journalist" */
};
#define LABELS_N(t) (sizeof(t) / sizeof((t)[0]))

/* The index in t[0..n) of value, or -1 (also for NULL). */
int label_index(const struct label_def *t, size_t n, const char *value);
/* value's label in t, or dflt when t does not hold it. */
const char *label_of(const struct label_def *t, size_t n, const char *value, const char *dflt);

/* The index in t[0..n) of value, or -1 (also for NULL). */
int status_table_index(const struct status_def *t, size_t n, const char *value);
/* value's label in t, or value itself when t does not hold it. */
const char *status_table_label(const struct status_def *t, size_t n, const char *value);
/* value's tag colour in t, or "grey". */
const char *status_table_colour(const struct status_def *t, size_t n, const char *value);

#endif
