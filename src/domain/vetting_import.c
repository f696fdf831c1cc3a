/* vetting_import.c — `probity vetting import FILE`: a force's historic
 * vetting applications with their self-declared equality data, from the
 * spreadsheets it kept before Probity. All-or-nothing in one transaction;
 * applications are identified by application_id, so a rerun adds nothing.
 * Equality values are kept exactly as the force recorded them ('' = not
 * declared) and go to vetting_equality, apart from the application. */
#include "core/csv.h"
#include "core/date.h"
#include "domain/accesslog.h"
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

/* Application ids seen earlier in this file: open addressing on a hash. */
struct idset {
	char **keys;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* 1 when s was already present, 0 when added, -1 out of memory. */
static int idset_add(struct idset *set, const char *s)
{
	if (set->n * 2 >= set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1024;
		char **k = calloc(cap, sizeof *k);
		if (!k)
			return -1;
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->keys[i])
				continue;
			size_t j = hash_str(set->keys[i]) % cap;
			while (k[j])
				j = (j + 1) % cap;
			k[j] = set->keys[i];
		}
		free(set->keys);
		set->keys = k;
		set->cap = cap;
	}
	size_t j = hash_str(s) % set->cap;
	while (set->keys[j]) {
		if (!strcmp(set->keys[j], s))
			return 1;
		j = (j + 1) % set->cap;
	}
	set->keys[j] = strdup(s);
	if (!set->keys[j])
		return -1;
	set->n++;
	return 0;
}

static void idset_free(struct idset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
}

static int one_of(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] && !strcmp(s, set[i]))
			return 1;
	return 0;
}

static int bad(struct err *e, const struct csv *c, int col, const char *fmt, const char *v)
{
	char msg[300];
	snprintf(msg, sizeof msg, fmt, v);
	return err_set(e, ERR_INPUT, "%s:%ld: %s: %s", c->name, c->line, col_names[col], msg);
}

static int import_row(struct store *st, const struct csv *c, struct idset *seen, long *created, struct err *e)
{
	static const char *const kinds[] = { "recruit", "transferee", "internal", "contractor", "volunteer" };
	static const char *const outcomes[] = { "granted", "granted_with_conditions", "refused", "withdrawn" };
	static const char *const stages[] = { "initial", "full" };
	const char *f[C_NCOL];
	for (int i = 0; i < C_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	if (!*f[C_ID])
		return bad(e, c, C_ID, "%sis empty", "");
	if (strlen(f[C_ID]) > 40)
		return bad(e, c, C_ID, "\"%.40s...\" is longer than 40 characters", f[C_ID]);
	if (!one_of(f[C_KIND], kinds, 5))
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
	if (!one_of(f[C_OUTCOME], outcomes, 4))
		return bad(e, c, C_OUTCOME, "\"%.60s\" is not one of granted, granted_with_conditions, refused, withdrawn",
		           f[C_OUTCOME]);
	int refused = !strcmp(f[C_OUTCOME], "refused");
	if (*f[C_GROUND] && !refused)
		return bad(e, c, C_GROUND, "%sonly a refused application has a refusal ground", "");
	if (*f[C_GROUND] && !one_of(f[C_GROUND], dp_grounds, DP_NGROUND))
		return bad(e, c, C_GROUND,
		           "\"%.60s\" is not one of convictions_cautions, non_conviction_information, financial, "
		           "associations, honesty, other", f[C_GROUND]);
	for (int i = C_EQ0; i < C_NCOL; i++)
		if (strlen(f[i]) > 100)
			return bad(e, c, i, "%slonger than 100 characters", "");
	int dup = idset_add(seen, f[C_ID]);
	if (dup < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (dup)
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
	(*created)++;
	return 0;
}

int vetting_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	struct csv c;
	struct idset seen = { 0 };
	memset(s, 0, sizeof *s);
	if (csv_open_file(&c, path, e)) {
		csv_close(&c); /* a file refused after reading (NUL byte, bad UTF-8) still holds its data */
		return -1;
	}
	if (csv_expect_header(&c, VETTING_IMPORT_HEADER, e) || store_begin(st, e)) {
		csv_close(&c);
		return -1;
	}
	int r;
	long created = 0;
	while ((r = csv_next(&c, e)) == 1) {
		if (c.nf == 1 && !*csv_field(&c, 0))
			continue;
		if (c.nf != C_NCOL) {
			err_set(e, ERR_INPUT, "%s:%ld: has %zu columns, expected %d", c.name, c.line, c.nf, C_NCOL);
			r = -1;
			break;
		}
		if (import_row(st, &c, &seen, &created, e)) {
			r = -1;
			break;
		}
		s->rows++;
	}
	idset_free(&seen);
	if (r < 0) {
		store_rollback(st);
		csv_close(&c);
		memset(s, 0, sizeof *s);
		return -1;
	}
	s->created = created;
	s->unchanged = s->rows - created;
	char detail[96];
	snprintf(detail, sizeof detail, "%ld rows: %ld created", s->rows, s->created);
	if (dry_run) {
		store_rollback(st);
	} else if ((created && alog_write(st, NULL, "import", "vetting_applications", c.name, "ok", detail, e)) ||
	           store_commit(st, e)) {
		store_rollback(st);
		csv_close(&c);
		return -1;
	}
	csv_close(&c);
	return 0;
}
