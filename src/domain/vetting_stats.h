/* vetting_stats.h — disproportionality statistics for vetting decisions
 * (M5): refusal rates by group, the relative rate against a reference group
 * with its 95% confidence interval (log method), and the two-sided Fisher
 * exact p-value of the group-vs-reference 2x2 table. Pure functions and one
 * aggregation pass over the applications; no HTTP, no access rules (the
 * callers in vetting.c check the role). See docs/vetting.md. */
#ifndef PROBITY_VETTING_STATS_H
#define PROBITY_VETTING_STATS_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define DP_CSV_HEADER "group,applications,refused,refusal_rate_pct,relative_rate,rr_ci_low,rr_ci_high,fisher_p,fisher_p_holm,note"
/* The note on a row whose interval used the Haldane-Anscombe correction. */
#define DP_NOTE_CORRECTED "Haldane-Anscombe correction: a cell was zero, so 0.5 was added to each cell for the interval"
#define DP_NOT_DECLARED "Not declared"
#define DP_NCHAR 6
#define DP_NSCOPE 3
#define DP_NGROUND 6
#define DP_MONTHS 12

/* The characteristics, in the order of the import columns. */
extern const char *const dp_characteristics[DP_NCHAR];   /* "ethnicity", "sex", ... */
extern const char *const dp_characteristic_labels[DP_NCHAR];
/* Refusal grounds as stored, and labels. */
extern const char *const dp_grounds[DP_NGROUND];
extern const char *const dp_ground_labels[DP_NGROUND];
/* Scopes: every decided application, those that stopped at initial checks,
 * those decided at full vetting. */
enum dp_scope { DP_ALL, DP_INITIAL, DP_FULL };
extern const char *const dp_scope_labels[DP_NSCOPE];

/* The index of a characteristic name, or -1. */
int dp_characteristic_index(const char *name);

/* Two-sided Fisher exact p-value of [[a, b], [c, d]]: the sum of the
 * probabilities of every table with the same margins that is no more likely
 * than the observed one (relative tolerance 1e-7, as R's fisher.test). */
double fisher_exact_2x2(long a, long b, long c, long d);

/* x rounded to 2 decimals, half away from zero, as hundredths. */
int64_t round_hundredths(double x);
/* num/den rounded to 2 decimals, half away from zero, as hundredths, exactly
 * (integer arithmetic); den > 0, num >= 0. */
int64_t ratio_hundredths(int64_t num, int64_t den);
/* Write hundredths as "12.34" (out at least 32 bytes). */
void hundredths_format(int64_t h, char *out, size_t n);
/* p to 4 significant figures ("0.4857", "1.000", "1.234e-05"). */
void pvalue_format(double p, char *out, size_t n);

/* One group's counts, for one characteristic and scope. */
struct dp_group {
	char name[128];
	long apps;                   /* decided (granted, granted with conditions, refused) */
	long refused;
	long grounds[DP_NGROUND];    /* refusals by ground */
	long m_apps[DP_MONTHS];      /* the 12 months ending in the period's last month (DP_ALL only) */
	long m_refused[DP_MONTHS];
};

/* One computed row of the report table. */
struct dp_row {
	const struct dp_group *g;
	int is_ref;
	int64_t rate;                /* refusal rate %, hundredths */
	int has_rr, has_ci, has_p;
	int64_t rr, lo, hi;          /* hundredths */
	double rr_exact, lo_exact, hi_exact;
	double p;
	int has_holm;
	double p_holm;               /* Holm-adjusted p across the table's non-reference groups */
	int corrected;               /* the interval used the Haldane-Anscombe correction */
	int significant;             /* p_holm < 0.05 and the interval excludes 1 */
	int suppressed;              /* disclosure control: every cell hidden, the group not named */
	int refused_hidden;          /* refused, rate, relative rate, interval and p hidden (applications shown) */
	unsigned char g_hidden[DP_NGROUND];   /* refusals by ground hidden */
	unsigned char m_hidden[DP_MONTHS];    /* the month's rate hidden */
};

struct dp_table {
	struct dp_group *g;
	size_t n, cap;
};

struct dp_report {
	char from[11], to[11];       /* decided in [from, to]; "" open */
	char months[DP_MONTHS][8];   /* "YYYY-MM", oldest first */
	long decided, refused, withdrawn;
	struct dp_table t[DP_NCHAR][DP_NSCOPE];
};

/* Aggregate every application decided in [from, to] ("" = open) in one pass. */
int dp_build(struct store *st, const char *from, const char *to, struct dp_report *r, struct err *e);
/* The same with broad set: ethnicity by its five broad groups (Asian, Black,
 * Mixed, White, Other ethnic group) instead of the values as recorded. */
int dp_build_level(struct store *st, const char *from, const char *to, int broad, struct dp_report *r, struct err *e);
void dp_report_release(struct dp_report *r);

/* Sort t's groups (by name, "Not declared" last), pick the reference
 * (reference, else the largest group; ties by sort order; with min_size > 0
 * the largest group not under it) and compute every row. rows must hold
 * t->n entries. ERR_INPUT when reference names no group. Groups under
 * min_size (min_size > 0) are marked suppressed. *ref is the reference index
 * (-1 when there are no groups). */
int dp_rows(struct dp_table *t, const char *reference, long min_size, struct dp_row *rows, int *ref, struct err *e);

/* Holm-adjusted p (has_holm, p_holm) across the non-reference rows with a
 * p, and significant: p_holm < 0.05 and the interval excludes 1. dp_rows
 * calls it; call again after hiding rows' p. */
void dp_holm(struct dp_row *rows, size_t n);

/* Disclosure control (domain/disclosure.h) on one characteristic's three
 * scope tables, whose rows dp_rows computed: a group under k in a scope is
 * hidden there; a refused count (or the granted remainder) under k hides the
 * group's refused figures and everything computed from them; complementary
 * suppression down each column (totals are known) and across the scopes (all
 * decisions = initial + full) until no hidden cell is alone in a line; a
 * hidden reference hides every relative rate; refusals by ground and the
 * monthly rates follow the same rule. */
void dp_disclose(struct dp_table t[DP_NSCOPE], struct dp_row *rows[DP_NSCOPE], const int ref[DP_NSCOPE], long k);

/* The CLI table: DP_CSV_HEADER and one line per row; a hidden group is left
 * out, hidden cells are "c". */
void dp_csv(struct buf *out, const struct dp_row *rows, size_t n);

/* A plain-English sentence about the rows (suppressed rows are skipped). */
void dp_summary(struct buf *out, const char *characteristic_label, const struct dp_row *rows, size_t n, int ref);

#endif
