/* vetting_import.c — `probity vetting import FILE`: a force's historic
 * vetting applications with their self-declared equality data, from the
 * spreadsheets it kept before Probity. All-or-nothing in one transaction;
 * applications are identified by application_id, so a rerun adds nothing.
 * Equality values are kept exactly as the force recorded them ('' = not
 * declared) and go to vetting_equality, apart from the application. */
#include "core/csv.h"
#include "core/date.h"
#include "core/seen.h"
#include "domain/accesslog.h"
#include "domain/csv_import.h"
#include "domain/people.h"
#include "domain/vetting.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_ID, C_KIND, C_LEVEL, C_RECEIVED, C_DECIDED, C_STAGE, C_OUTCOME, C_GROUND, C_EQ0, C_NCOL = C_EQ0 + DP_NCHAR };

static const char *const col_names[C_NCOL] = { "application_id", "applicant_kind", "level", "received", "decided",
	                                       "stage_reached", "outcome", "refusal_ground", "ethnicity", "sex",
	                                       "age_band", "disability", "religion", "sexual_orientation" };

static int one_of(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] && !strcmp(s, set[i]))
			return 1;
	return 0;
}

#define bad(e, c, col, ...) csv_row_error(e, c, col_names[col], __VA_ARGS__)

static int import_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct store *st = im->st;
	struct seen *seen = im->ctx; /* application ids earlier in this file */
	static const char *const stages[] = { "initial", "full" };
	const char *f[C_NCOL];
	for (int i = 0; i < C_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	if (!*f[C_ID])
		return bad(e, c, C_ID, "is empty");
	if (strlen(f[C_ID]) > 40)
		return bad(e, c, C_ID, "\"%.40s...\" is longer than 40 characters", f[C_ID]);
	if (label_index(vetting_kinds, VET_NKIND, f[C_KIND]) < 0)
		return bad(e, c, C_KIND, "\"%.100s\" is not one of recruit, transferee, internal, contractor, volunteer",
		           f[C_KIND]);
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM vetting_levels WHERE code = ?", "t", f[C_LEVEL]) < 0)
		return -1;
	if (!n)
		return bad(e, c, C_LEVEL, "\"%.40s\" is not a configured vetting level (e.g. RV, MV, NPPV2, SC)",
		           f[C_LEVEL]);
	if (!date_valid(f[C_RECEIVED]))
		return bad(e, c, C_RECEIVED, "\"%.40s\" is not a date like 2024-03-31", f[C_RECEIVED]);
	if (!date_valid(f[C_DECIDED]))
		return bad(e, c, C_DECIDED, "\"%.40s\" is not a date like 2024-03-31", f[C_DECIDED]);
	if (strcmp(f[C_DECIDED], f[C_RECEIVED]) < 0)
		return bad(e, c, C_DECIDED, "%s is before the date received", f[C_DECIDED]);
	if (!one_of(f[C_STAGE], stages, 2))
		return bad(e, c, C_STAGE, "\"%.40s\" is not initial or full", f[C_STAGE]);
	int outcome = status_table_index(vetting_outcomes, VET_NOUTCOME, f[C_OUTCOME]);
	if (outcome <= VET_UNDECIDED)
		return bad(e, c, C_OUTCOME, "\"%.60s\" is not one of granted, granted_with_conditions, refused, withdrawn",
		           f[C_OUTCOME]);
	int refused = outcome == VET_REFUSED;
	if (*f[C_GROUND] && !refused)
		return bad(e, c, C_GROUND, "only a refused application has a refusal ground");
	if (*f[C_GROUND] && !one_of(f[C_GROUND], dp_grounds, DP_NGROUND))
		return bad(e, c, C_GROUND,
		           "\"%.60s\" is not one of convictions_cautions, non_conviction_information, financial, "
		           "associations, honesty, other", f[C_GROUND]);
	for (int i = C_EQ0; i < C_NCOL; i++)
		if (!vetting_equality_valid(i - C_EQ0, f[i]))
			return bad(e, c, i, "\"%.100s\" is not in the equality scheme; expected %s", f[i],
			           vetting_equality_expected(i - C_EQ0));
	if (seen_bump(seen, f[C_ID]))
		return bad(e, c, C_ID, "\"%s\" appears earlier in the file", f[C_ID]);
	char now[21];
	time_now_iso(now);
	if (store_exec(st, e,
	               "INSERT INTO vetting_applications(application_ref, applicant_kind, level, received, decided, "
	               "stage_reached, outcome, refusal_ground, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) "
	               "ON CONFLICT(application_ref) DO NOTHING",
	               "ttttttttt", f[C_ID], f[C_KIND], f[C_LEVEL], f[C_RECEIVED], f[C_DECIDED], f[C_STAGE],
	               f[C_OUTCOME], f[C_GROUND], now))
		return -1;
	if (store_changes(st) != 1)
		return 0; /* imported before: unchanged */
	int64_t id = store_last_id(st);
	if (store_exec(st, e,
	               "INSERT INTO vetting_equality(application_id, ethnicity, sex, age_band, disability, religion, "
	               "sexual_orientation) VALUES(?, ?, ?, ?, ?, ?, ?)",
	               "itttttt", id, f[C_EQ0], f[C_EQ0 + 1], f[C_EQ0 + 2], f[C_EQ0 + 3], f[C_EQ0 + 4], f[C_EQ0 + 5]))
		return -1;
	im->n.created++;
	return 0;
}

int vetting_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { VETTING_IMPORT_HEADER, C_NCOL, "vetting_applications", NULL,
		                                     import_row, NULL };
	struct seen seen = { 0 };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &seen };
	int r = csv_import_file(&spec, &im, path, e);
	seen_free(&seen);
	*s = im.n;
	return r;
}
