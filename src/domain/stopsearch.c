/* stopsearch.c — stop and search fairness: imports, the report, the trend,
 * the force-record figures and the per-officer comparison (see stopsearch.h
 * and docs/stop-search.md). Dip samples are in stopsearch_sample.c.
 *
 * The report reads ss_counts, the per area/month/basis/group totals that the
 * importer writes in the same transaction as the rows, so a report over any
 * number of months is a few dozen rows of arithmetic. */
#include "domain/stopsearch.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/seen.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/disclosure.h"
#include "domain/config.h"
#include "domain/csv_import.h"
#include "store/store.h"
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const ss_group_names[SS_NGROUPS + 1] = { "Asian", "Black", "Mixed", "Other", "White",
	                                               "Not stated", "Not recorded", "Total" };

int ss_group_self(const char *v)
{
	if (!*v)
		return SS_NOT_RECORDED;
	if (!strcmp(v, "Other ethnic group - Not stated"))
		return SS_NOT_STATED;
	const char *dash = strstr(v, " - ");
	size_t n = dash ? (size_t)(dash - v) : strlen(v);
	static const struct { const char *prefix; int g; } map[] = {
		{ "White", SS_WHITE },
		{ "Black/African/Caribbean/Black British", SS_BLACK },
		{ "Asian/Asian British", SS_ASIAN },
		{ "Mixed/Multiple ethnic groups", SS_MIXED },
		{ "Other ethnic group", SS_OTHER },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strlen(map[i].prefix) == n && !strncmp(v, map[i].prefix, n))
			return map[i].g;
	return -1;
}

int ss_group_officer(const char *v)
{
	if (!*v)
		return SS_NOT_RECORDED;
	for (int g = 0; g < 5; g++)
		if (!strcmp(v, ss_group_names[g]))
			return g;
	return -1;
}

int ss_month_valid(const char *m)
{
	if (!m || strlen(m) != 7 || m[4] != '-')
		return 0;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (m[i] < '0' || m[i] > '9'))
			return 0;
	int mo = (m[5] - '0') * 10 + (m[6] - '0');
	return mo >= 1 && mo <= 12 && strncmp(m, "1900", 4) >= 0;
}

/* ---------------------------------------------------------------- import */

#define NPUB 15
enum { C_TYPE, C_DATE, C_OPER, C_OPNAME, C_LAT, C_LON, C_GENDER, C_AGE, C_SELF, C_OFFICER, C_LEGIS, C_OBJECT,
       C_OUTCOME, C_LINKED, C_REMOVAL, C_RECID, C_STAFF, C_GROUNDS, C_OFFENCE, C_BWV, C_FOUND };
static const char *const colnames[] = { "Type", "Date", "Part of a policing operation", "Policing operation",
	"Latitude", "Longitude", "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
	"Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
	"Removal of more than just outer clothing", "Record ID", "Officer staff number", "Grounds",
	"Suspected offence", "Body-worn video", "Item found" };

#define MAX_MONTHS 1200
struct agg {
	int nmonths;
	char month[MAX_MONTHS][8];
	struct ss_counts c[MAX_MONTHS][2][SS_NGROUPS];
};

static int agg_month(struct agg *a, const char *m)
{
	for (int i = a->nmonths - 1; i >= 0; i--)
		if (!memcmp(a->month[i], m, 7))
			return i;
	if (a->nmonths == MAX_MONTHS)
		return -1;
	memcpy(a->month[a->nmonths], m, 7);
	a->month[a->nmonths][7] = 0;
	return a->nmonths++;
}

static int tf(const char *v)
{
	if (!*v) return 2;
	if (!strcmp(v, "True")) return 1;
	if (!strcmp(v, "False")) return 0;
	return -1;
}

/* Blank, or a decimal like -1.476065 (what data.police.uk publishes). */
static int number_or_blank(const char *v)
{
	if (!*v)
		return 1;
	if (*v == '-' || *v == '+')
		v++;
	int digits = 0, dots = 0;
	for (; *v; v++) {
		if (*v >= '0' && *v <= '9')
			digits++;
		else if (*v == '.' && !dots++)
			continue;
		else
			return 0;
	}
	return digits > 0;
}

/* The force's suspected offence (docs/stop-search.md, column mapping). */
static const char *offence_code(const char *v)
{
	static const struct { const char *text, *code; } map[] = {
		{ "", "unknown" }, { "unknown", "unknown" }, { "not recorded", "unknown" },
		{ "possession", "possession" }, { "possession of a controlled drug", "possession" },
		{ "supply", "supply" }, { "possession with intent to supply", "supply" },
		{ "supply or production", "supply" }, { "intent to supply", "supply" },
		{ "weapon", "weapon" }, { "offensive weapon", "weapon" },
		{ "stolen", "stolen" }, { "stolen property", "stolen" },
		{ "going_equipped", "going_equipped" }, { "going equipped", "going_equipped" },
		{ "other", "other" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcasecmp(v, map[i].text))
			return map[i].code;
	return NULL;
}

static int yes_no(const char *v)
{
	if (!*v) return 2;
	if (!strcasecmp(v, "yes") || !strcmp(v, "True") || !strcmp(v, "1")) return 1;
	if (!strcasecmp(v, "no") || !strcmp(v, "False") || !strcmp(v, "0")) return 0;
	return -1;
}

#define row_error(e, c, col, ...) csv_row_error(e, c, colnames[col], __VA_ARGS__)

static void content_hash(const char *p, size_t n, char out[65])
{
	unsigned char d[32];
	crypto_generichash(d, sizeof d, (const unsigned char *)p, n, NULL, 0); /* BLAKE2b-256 */
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The id of the profile of the current row (its twelve coded fields joined
 * by U+001F into key), adding it to ss_profiles when new. */
static int profile_id(struct store *st, struct seen *d, const char *key, const char *const f[], int64_t *id,
                      struct err *e)
{
	if (seen_get(d, key, id))
		return 0;
	int r = store_int(st, e, id, "SELECT id FROM ss_profiles WHERE pkey = ?", "t", key);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (store_exec(st, e,
		               "INSERT INTO ss_profiles(pkey, type, operation, operation_name, gender, age_range,"
		               " self_ethnicity, officer_ethnicity, legislation, object, outcome, linked, removal)"
		               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		               "ttttttttttttt", key, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]))
			return -1;
		*id = store_last_id(st);
	}
	seen_put(d, key, *id);
	return 0;
}

/* One stop and search import: the pipeline's steps share this. */
struct ss_import {
	const char *area;
	struct ss_import_stats *s;
	struct agg *a;           /* counts by month, basis and group, written by the finish step */
	struct seen dict;        /* profiles met in this import: key -> id */
	char *key, *last_key;    /* the row's profile key, and the previous row's */
	int64_t last_prof, file_id;
	char now[21];
};

enum { KEYMAX = 12 * (CSV_FIELD_MAX + 1) + 16 };

/* Header step: a file whose content was imported for the area before adds
 * nothing; otherwise the header decides the format, and the file is recorded. */
static int ss_header_step(struct csv_import *im, struct csv *c, struct err *e)
{
	struct ss_import *x = im->ctx;
	struct ss_import_stats *s = x->s;
	char hash[65], prev[300];
	content_hash(c->data, c->len, hash);
	int r = store_text(im->st, e, prev, sizeof prev,
	                   "SELECT name || ' (' || imported_at || ')' FROM ss_files WHERE area = ? AND content_hash = ?",
	                   "tt", x->area, hash);
	if (r < 0)
		return -1;
	if (r == 1) {
		s->already = 1;
		snprintf(s->reason, sizeof s->reason, "the same content was imported for %s from %s", x->area, prev);
		im->skip = 1;
		return 0;
	}
	/* The same content under another area's name is a mistake (a force's
	 * file counted twice, once under a wrong name): refused, naming the area. */
	char other[300];
	r = store_text(im->st, e, other, sizeof other,
	               "SELECT area || ''' (from ' || name || ', ' || imported_at || ')' FROM ss_files"
	               " WHERE content_hash = ? AND area <> ? ORDER BY id LIMIT 1", "tt", hash, x->area);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, ERR_CONFLICT, "%s: this file was already imported for the area '%s; it cannot be imported "
		               "for %s as well (import it under the first area's name, or correct the area)",
		               c->name, other, x->area);
	if ((r = csv_next(c, e)) != 1)
		return r < 0 ? -1 : err_set(e, ERR_INPUT, "%s: empty file: expected the header %s", c->name, SS_PUBLIC_HEADER);
	struct buf h = BUF_INIT;
	buf_init(&h, 4096);
	for (size_t i = 0; i < c->nf; i++) {
		if (i)
			buf_addc(&h, ',');
		buf_adds(&h, csv_field(c, i));
	}
	if (!strcmp(buf_str(&h), SS_PUBLIC_HEADER))
		im->ncol = NPUB;
	else if (!strcmp(buf_str(&h), SS_FORCE_HEADER))
		im->ncol = NPUB + 6;
	buf_release(&h);
	if (!im->ncol)
		return err_set(e, ERR_INPUT,
		               "%s:1: header: expected the data.police.uk header %s (or, for the force's own records, with ,%s)",
		               c->name, SS_PUBLIC_HEADER, SS_FORCE_EXTRA);
	s->force = im->ncol > NPUB;
	time_now_iso(x->now);
	if (store_exec(im->st, e,
	               "INSERT INTO ss_files(area, content_hash, name, months, rows, kind, imported_at) "
	               "VALUES (?, ?, ?, '', 0, ?, ?)",
	               "ttttt", x->area, hash, c->name, s->force ? "force" : "public", x->now))
		return -1;
	x->file_id = store_last_id(im->st);
	return 0;
}

/* The force's own columns of a row. */
struct ss_force_cols {
	const char *recid, *staff, *grounds, *offence;
	int bwv, found; /* 0 no, 1 yes, 2 blank */
};

/* Row check: every field of f against what data.police.uk (and the force's
 * format) allows; the two ethnic groups and the force's columns out. */
static int ss_check_row(const struct csv *c, int force, const char *const *f, int *gs, int *go,
                        struct ss_force_cols *fc, struct err *e)
{
	if (!*f[C_TYPE])
		return row_error(e, c, C_TYPE, "is blank");
	char day[11], mon[8];
	int y, mo, d;
	snprintf(day, sizeof day, "%s", f[C_DATE]);
	snprintf(mon, sizeof mon, "%s", f[C_DATE]);
	if (strlen(f[C_DATE]) < 10 || date_parse(day, &y, &mo, &d) || (f[C_DATE][10] && f[C_DATE][10] != 'T') ||
	    !ss_month_valid(mon))
		return row_error(e, c, C_DATE, "'%s' is not a date like 2019-12-01T13:38:10+00:00", f[C_DATE]);
	static const int tfcols[] = { C_OPER, C_LINKED, C_REMOVAL };
	for (size_t i = 0; i < 3; i++)
		if (tf(f[tfcols[i]]) < 0)
			return row_error(e, c, tfcols[i], "'%s' is not True, False or blank", f[tfcols[i]]);
	if (!number_or_blank(f[C_LAT]) || !number_or_blank(f[C_LON])) {
		int col = number_or_blank(f[C_LAT]) ? C_LON : C_LAT;
		return row_error(e, c, col, "'%s' is not a number", f[col]);
	}
	/* in range, as a place on the map must be */
	double lat = strtod(f[C_LAT], NULL), lon = strtod(f[C_LON], NULL);
	if (lat < -90 || lat > 90)
		return row_error(e, c, C_LAT, "'%s' is not a latitude (from -90 to 90)", f[C_LAT]);
	if (lon < -180 || lon > 180)
		return row_error(e, c, C_LON, "'%s' is not a longitude (from -180 to 180)", f[C_LON]);
	if ((*gs = ss_group_self(f[C_SELF])) < 0)
		return row_error(e, c, C_SELF, "'%s' is not a census ethnic group (e.g. 'White - Irish')", f[C_SELF]);
	if ((*go = ss_group_officer(f[C_OFFICER])) < 0)
		return row_error(e, c, C_OFFICER, "'%s' is not one of White, Black, Asian, Mixed, Other or blank",
		                 f[C_OFFICER]);
	memset(fc, 0, sizeof *fc);
	fc->bwv = fc->found = 2;
	if (!force)
		return 0;
	fc->recid = f[C_RECID];
	fc->staff = f[C_STAFF];
	fc->grounds = f[C_GROUNDS];
	if (!*fc->recid || strlen(fc->recid) > 60)
		return row_error(e, c, C_RECID, "must be 1 to 60 characters");
	if (!*fc->staff || strlen(fc->staff) > 30)
		return row_error(e, c, C_STAFF, "must be 1 to 30 characters");
	if (strlen(fc->grounds) > 2000)
		return row_error(e, c, C_GROUNDS, "is longer than 2000 characters");
	if (!(fc->offence = offence_code(f[C_OFFENCE])))
		return row_error(e, c, C_OFFENCE,
		                 "'%s' is not one of possession, supply, weapon, stolen, going equipped, other, unknown",
		                 f[C_OFFENCE]);
	if ((fc->bwv = yes_no(f[C_BWV])) < 0)
		return row_error(e, c, C_BWV, "'%s' is not Yes, No or blank", f[C_BWV]);
	if ((fc->found = yes_no(f[C_FOUND])) < 0)
		return row_error(e, c, C_FOUND, "'%s' is not Yes, No or blank", f[C_FOUND]);
	return 0;
}

/* Row step: check, add to the month's counts, and store the search with its
 * profile (the twelve coded fields, shared by the many identical rows). */
static int ss_row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct ss_import *x = im->ctx;
	const char *f[NPUB + 6];
	for (size_t i = 0; i < im->ncol; i++)
		f[i] = csv_field(c, i);
	int gs = 0, go = 0;
	struct ss_force_cols fc;
	if (ss_check_row(c, x->s->force, f, &gs, &go, &fc, e))
		return -1;
	int mi = agg_month(x->a, f[C_DATE]);
	if (mi < 0)
		return err_set(e, ERR_INPUT, "%s:%ld: more than %d different months in one file", c->name, c->line,
		               MAX_MONTHS);
	int arrest = !strcmp(f[C_OUTCOME], "Arrest"), linked = tf(f[C_LINKED]) == 1;
	int drugs = !strcmp(f[C_OBJECT], "Controlled drugs");
	for (int b = 0; b < 2; b++) {
		struct ss_counts *k = &x->a->c[mi][b][b ? go : gs];
		k->searches++;
		k->arrests += arrest;
		k->linked += linked;
		k->drugs += drugs;
		k->drugs_linked += drugs && linked;
		k->linked_known += *f[C_LINKED] != 0;
	}
	static const int coded[12] = { C_TYPE, C_OPER, C_OPNAME, C_GENDER, C_AGE, C_SELF, C_OFFICER, C_LEGIS,
		                       C_OBJECT, C_OUTCOME, C_LINKED, C_REMOVAL };
	const char *pf[12];
	size_t kl = 0;
	for (int k = 0; k < 12; k++) {
		pf[k] = f[coded[k]];
		size_t l = strlen(pf[k]);
		if (kl + l + 2 > KEYMAX)
			return row_error(e, c, coded[k], "is too long");
		memcpy(x->key + kl, pf[k], l);
		kl += l;
		x->key[kl++] = '\x1f';
	}
	x->key[kl] = 0;
	int64_t prof;
	if (!strcmp(x->key, x->last_key)) {
		prof = x->last_prof;
	} else {
		if (profile_id(im->st, &x->dict, x->key, pf, &prof, e))
			return -1;
		memcpy(x->last_key, x->key, kl + 1);
		x->last_prof = prof;
	}
	if (!x->s->force ? store_exec(im->st, e,
	                              "INSERT INTO ss_searches(file_id, area, month, self_group, officer_group, date,"
	                              " latitude, longitude, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                              "ittddttti", x->file_id, x->area, x->a->month[mi], gs, go, f[C_DATE], f[C_LAT],
	                              f[C_LON], prof)
	                 : store_exec(im->st, e,
	                              "INSERT INTO ss_searches(file_id, area, month, self_group, officer_group, date,"
	                              " latitude, longitude, profile, record_id, officer_staff_number, grounds,"
	                              " suspected_offence, bwv, item_found)"
	                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                              "ittddtttitttttt", x->file_id, x->area, x->a->month[mi], gs, go, f[C_DATE],
	                              f[C_LAT], f[C_LON], prof, fc.recid, fc.staff, fc.grounds, fc.offence,
	                              fc.bwv == 2 ? NULL : fc.bwv ? "1" : "0",
	                              fc.found == 2 ? NULL : fc.found ? "1" : "0"))
		return -1;
	x->s->rows++;
	im->n.created++;
	return 0;
}

/* Finish step: the file's months must all be new for the area (all already
 * there: nothing added; some: refused), and come from one format; then the
 * months and their counts are written. */
static int ss_finish_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct ss_import *x = im->ctx;
	struct ss_import_stats *s = x->s;
	const struct agg *a = x->a;
	struct store *st = im->st;
	char (*months)[8] = xmalloc(sizeof(char[8]) * MAX_MONTHS);
	int rc = -1, nm = a->nmonths, have = 0, other_kind = 0;
	memcpy(months, a->month, sizeof(char[8]) * (size_t)nm);
	qsort(months, (size_t)nm, 8, (int (*)(const void *, const void *))strcmp);
	char first_have[8] = "", prev_file[300] = "";
	const char *kind = s->force ? "force" : "public";
	for (int i = 0; i < nm; i++) {
		struct stmt *q;
		if (store_query(st, &q, e,
		                "SELECT f.name, f.kind FROM ss_file_months m JOIN ss_files f ON f.id = m.file_id"
		                " WHERE m.area = ? AND m.month = ?",
		                "tt", x->area, months[i]))
			goto out;
		int qr = stmt_next(q, e);
		if (qr == 1) {
			if (!have++) {
				memcpy(first_have, months[i], 8);
				snprintf(prev_file, sizeof prev_file, "%s", stmt_text(q, 0));
			}
			other_kind |= strcmp(stmt_text(q, 1), kind) != 0;
		}
		stmt_done(q);
		if (qr < 0)
			goto out;
	}
	if (other_kind) {
		err_set(e, ERR_CONFLICT,
		        "%s: %s already has %s from %s, in the other format (%s): a period comes from one source only, "
		        "the data.police.uk file or the force's own records, so that no search is counted twice",
		        c->name, x->area, first_have, prev_file, s->force ? "data.police.uk" : "the force's own records");
		goto out;
	}
	size_t off = 0;
	if (nm > 24)
		snprintf(s->months, sizeof s->months, "%s to %s (%d months)", months[0], months[nm - 1], nm);
	else
		for (int i = 0; i < nm && off + 9 < sizeof s->months; i++)
			off += (size_t)snprintf(s->months + off, sizeof s->months - off, "%s%s", i ? "," : "", months[i]);
	if (nm && have == nm) {
		s->already = 1;
		snprintf(s->reason, sizeof s->reason, "%s already has every month in this file (%s), from %s", x->area,
		         s->months, prev_file);
		im->skip = 1;
		rc = 0;
		goto out;
	}
	if (have) {
		err_set(e, ERR_CONFLICT,
		        "%s: %s already has %s from %s: a file must hold only months not yet imported for the area "
		        "(rows carry no id, so overlapping files cannot be merged)",
		        c->name, x->area, first_have, prev_file);
		goto out;
	}
	for (int i = 0; i < nm; i++) {
		if (store_exec(st, e, "INSERT INTO ss_file_months(area, month, file_id) VALUES (?, ?, ?)", "tti", x->area,
		               a->month[i], x->file_id))
			goto out;
		for (int b = 0; b < 2; b++)
			for (int g = 0; g < SS_NGROUPS; g++) {
				const struct ss_counts *k = &a->c[i][b][g];
				if (!k->searches)
					continue;
				if (store_exec(st, e,
				               "INSERT INTO ss_counts(area, month, basis, grp, searches, arrests, linked, drugs,"
				               " drugs_linked, linked_known) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				               "ttddiiiiii", x->area, a->month[i], b, g, k->searches, k->arrests, k->linked,
				               k->drugs, k->drugs_linked, k->linked_known))
					goto out;
			}
	}
	if (store_exec(st, e, "UPDATE ss_files SET months = ?, rows = ? WHERE id = ?", "tii", s->months,
	               (int64_t)s->rows, x->file_id))
		goto out;
	snprintf(im->detail, sizeof im->detail, "%s: %ld rows, months %s", x->area, s->rows, s->months);
	rc = 0;
out:
	free(months);
	return rc;
}

static const struct csv_import_spec ss_spec = { NULL, 0, "stopsearch", ss_header_step, ss_row_step,
	                                        ss_finish_step };

/* path, or (when path is NULL) len bytes at data named name. */
static int ss_import_any(struct store *st, const char *path, const char *name, const char *data, size_t len,
                         const char *area, int dry_run, struct ss_import_stats *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	if (!area || !*area || strlen(area) > 100 ||
	    utf8_valid_prefix((const unsigned char *)area, strlen(area)) != strlen(area))
		return err_set(e, ERR_INPUT, "--area must be a name of 1 to 100 characters (UTF-8)");
	struct ss_import x = { .area = area, .s = s };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &x };
	x.a = xcalloc(1, sizeof *x.a);
	x.key = xmalloc(KEYMAX);
	x.last_key = xmalloc(KEYMAX);
	x.last_key[0] = 0;
	int rc = path ? csv_import_file(&ss_spec, &im, path, e) : csv_import_mem(&ss_spec, &im, name, data, len, e);
	if (rc)
		s->rows = 0;
	free(x.a);
	seen_free(&x.dict);
	free(x.key);
	free(x.last_key);
	return rc;
}

int ss_import(struct store *st, const char *path, const char *area, int dry_run, struct ss_import_stats *s,
              struct err *e)
{
	return ss_import_any(st, path, NULL, NULL, 0, area, dry_run, s, e);
}

int ss_import_mem(struct store *st, const char *name, const char *data, size_t len, const char *area, int dry_run,
                  struct ss_import_stats *s, struct err *e)
{
	return ss_import_any(st, NULL, name, data, len, area, dry_run, s, e);
}

/* ------------------------------------------------------------ population */

static int pop_group(const char *g)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(g, ss_group_names[i]))
			return i;
	return -1;
}

static int pop_row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *area = csv_field(c, 0), *g = csv_field(c, 1), *p = csv_field(c, 2);
	if (!*area || strlen(area) > 100)
		return csv_row_error(e, c, "area", "must be 1 to 100 characters");
	if (pop_group(g) < 0)
		return csv_row_error(e, c, "group", "'%s' is not one of Asian, Black, Mixed, Other, White", g);
	char *end;
	long long n = strtoll(p, &end, 10);
	if (!*p || *end || n < 0 || n > 100000000LL)
		return csv_row_error(e, c, "population", "'%s' is not a whole number from 0 to 100,000,000", p);
	const char *src = im->ctx ? (const char *)im->ctx : "";
	if (store_exec(im->st, e,
	               "INSERT INTO ss_population(area, grp, population, source) VALUES (?, ?, ?, ?)"
	               " ON CONFLICT(area, grp) DO UPDATE SET population = excluded.population, source = excluded.source",
	               "ttit", area, g, (int64_t)n, src))
		return -1;
	im->n.updated++;
	return 0;
}

static int pop_finish_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	(void)c;
	(void)e;
	snprintf(im->detail, sizeof im->detail, "%ld rows", im->n.rows);
	return 0;
}

int ss_population_import(struct store *st, const char *path, int dry_run, long *rows, struct err *e)
{
	return ss_population_import_source(st, path, "", dry_run, rows, e);
}

int ss_population_import_source(struct store *st, const char *path, const char *source, int dry_run, long *rows,
                                struct err *e)
{
	static const struct csv_import_spec spec = { SS_POP_HEADER, 3, "stopsearch_population", NULL, pop_row_step,
		                                     pop_finish_step };
	if (source && strlen(source) > 100)
		return err_set(e, ERR_INPUT, "--source: at most 100 characters");
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = (void *)(source ? source : "") };
	int rc = csv_import_file(&spec, &im, path, e);
	*rows = im.n.rows;
	return rc;
}

int ss_population_build(const char *census_path, const char *force, const char *area, struct buf *out,
                        struct err *e)
{
	struct csv c;
	if (!force || !*force)
		return err_set(e, ERR_INPUT, "--force is required");
	if (csv_open_file(&c, census_path, e)) {
		csv_close(&c);
		return -1;
	}
	if (csv_next(&c, e) != 1) {
		csv_close(&c);
		return err_set(e, ERR_INPUT, "%s: no header", census_path);
	}
	/* Column of each group, by header name. */
	int col[5] = { -1, -1, -1, -1, -1 }, chinese = -1, police = 0;
	static const char *const census5[5] = { "Ethnic Group: Asian; measures: Value", "Ethnic Group: Black; measures: Value",
		                                "Ethnic Group: Mixed; measures: Value", "Ethnic Group: Other; measures: Value",
		                                "Ethnic Group: White; measures: Value" };
	static const char *const police5[5] = { "Asian (or Asian British)", "Black (or Black British)", "Mixed", "Other",
		                                "White" };
	if (!strcmp(csv_field(&c, 0), "Police force"))
		police = 1;
	else if (strcmp(csv_field(&c, 0), "PFA16NM")) {
		csv_close(&c);
		return err_set(e, ERR_INPUT,
		               "%s:1: expected census2011-ethnic-group-by-police-force-area.csv (first column PFA16NM) or "
		               "census2011-police-5-category-ethnicity-by-force.csv (first column Police force)",
		               census_path);
	}
	for (size_t i = 0; i < c.nf; i++) {
		const char *h = csv_field(&c, i);
		for (int g = 0; g < 5; g++)
			if (!strcmp(h, police ? police5[g] : census5[g]))
				col[g] = (int)i;
		if (police && !strcmp(h, "Chinese"))
			chinese = (int)i;
	}
	for (int g = 0; g < 5; g++)
		if (col[g] < 0 || (police && chinese < 0)) {
			csv_close(&c);
			return err_set(e, ERR_INPUT, "%s:1: a group column is missing", census_path);
		}
	int r, found = 0;
	while ((r = csv_next(&c, e)) == 1) {
		if (strcmp(csv_field(&c, 0), force))
			continue;
		found = 1;
		buf_adds(out, SS_POP_HEADER "\n");
		for (int g = 0; g < 5; g++) {
			long long v = 0;
			int cols[2] = { col[g], g == SS_OTHER && police ? chinese : -1 };
			for (int k = 0; k < 2; k++) {
				if (cols[k] < 0)
					continue;
				if ((size_t)cols[k] >= c.nf) {
					csv_close(&c);
					return err_set(e, ERR_INPUT, "%s:%ld: too few columns", census_path, c.line);
				}
				char *end;
				const char *t = csv_field(&c, (size_t)cols[k]);
				long long x = strtoll(t, &end, 10);
				if (!*t || *end || x < 0) {
					csv_close(&c);
					return err_set(e, ERR_INPUT, "%s:%ld: '%s' is not a count", census_path, c.line, t);
				}
				v += x;
			}
			csv_cell(out, area && *area ? area : force);
			buf_printf(out, ",%s,%lld\n", ss_group_names[g], v);
		}
		break;
	}
	csv_close(&c);
	if (r < 0)
		return -1;
	if (!found)
		return err_set(e, ERR_NOTFOUND, "%s: no row for force '%s' (names as in the file's first column, e.g. 'Derbyshire')",
		               census_path, force);
	return 0;
}

int ss_population_build_2021(const char *census_path, const char *lookup_path, const char *force, const char *area,
                             int blank_as_zero, unsigned *omitted, char cells[5][200], struct buf *out,
                             struct err *e)
{
	*omitted = 0;
	if (cells)
		for (int g = 0; g < 5; g++)
			cells[g][0] = 0;
	if (!force || !*force)
		return err_set(e, ERR_INPUT, "--force is required");
	struct csv c;
	/* The force's authorities from the lookup. */
	char (*codes)[16] = NULL;
	int *seen = NULL;
	size_t n = 0, cap = 0;
	int rc = -1, r;
	if (csv_open_file(&c, lookup_path, e)) {
		csv_close(&c);
		return -1;
	}
	if (csv_expect_header(&c, "LAD16CD,LAD16NM,CSP16CD,CSP16NM,PFA16CD,PFA16NM,FID", e))
		goto out_close;
	while ((r = csv_next(&c, e)) == 1) {
		if (c.nf != 7 || strcmp(csv_field(&c, 5), force))
			continue;
		codes = xgrow(codes, n, &cap, 16, sizeof *codes);
		snprintf(codes[n++], 16, "%s", csv_field(&c, 0));
	}
	csv_close(&c);
	if (r < 0)
		goto out;
	if (!n) {
		err_set(e, ERR_NOTFOUND, "%s: no authority in police force area '%s' (names as in PFA16NM, e.g. 'Durham', "
		        "'London, City of')", lookup_path, force);
		goto out;
	}
	seen = xcalloc(n, sizeof *seen);
	/* The census file: each of its 19 groups belongs to one of the five by
	 * the text before ':' in its header. */
	static const struct { const char *prefix; int g; } heads[] = {
		{ "Asian, Asian British or Asian Welsh:", SS_ASIAN },
		{ "Black, Black British, Black Welsh, Caribbean or African:", SS_BLACK },
		{ "Mixed or Multiple ethnic groups:", SS_MIXED },
		{ "Other ethnic group:", SS_OTHER },
		{ "White:", SS_WHITE },
	};
	int colg[CSV_MAX_FIELDS];
	long long sum[5] = { 0 };
	int blank[5] = { 0 }, ncols = 0;
	if (csv_open_file(&c, census_path, e)) {
		csv_close(&c);
		goto out;
	}
	if ((r = csv_next(&c, e)) != 1 || c.nf < 4 || strcmp(csv_field(&c, 0), "Geography Code") ||
	    strcmp(csv_field(&c, 2), "Sex")) {
		if (r >= 0)
			err_set(e, ERR_INPUT, "%s:1: expected census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv "
			        "(Geography Code, Geography Name, Sex, then the 19 groups)", census_path);
		goto out_close;
	}
	ncols = (int)c.nf;
	for (int i = 3; i < ncols; i++) {
		colg[i] = -1;
		for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
			if (!strncmp(csv_field(&c, (size_t)i), heads[k].prefix, strlen(heads[k].prefix)))
				colg[i] = heads[k].g;
		if (colg[i] < 0) {
			err_set(e, ERR_INPUT, "%s:1: column %d: '%s' is not a census 2021 ethnic group", census_path, i + 1,
			        csv_field(&c, (size_t)i));
			goto out_close;
		}
	}
	while ((r = csv_next(&c, e)) == 1) {
		if ((int)c.nf != ncols)
			continue;
		size_t k;
		for (k = 0; k < n && strcmp(codes[k], csv_field(&c, 0)); k++)
			;
		if (k == n)
			continue;
		seen[k] = 1;
		for (int i = 3; i < ncols; i++) {
			const char *t = csv_field(&c, (size_t)i);
			if (!*t || !strcmp(t, "c")) { /* suppressed by ONS: unknown, zero only when asked */
				if (!blank_as_zero) {
					if (cells && !blank[colg[i]])
						snprintf(cells[colg[i]], 200, "%s:%ld: column %d (%s, %s, %s)", census_path, c.line,
						         i + 1, csv_field(&c, 0), csv_field(&c, 1), csv_field(&c, 2));
					blank[colg[i]] = 1;
				}
				continue;
			}
			char *end;
			long long x = strtoll(t, &end, 10);
			if (*end || x < 0) {
				err_set(e, ERR_INPUT, "%s:%ld: column %d: '%s' is not a count", census_path, c.line, i + 1, t);
				goto out_close;
			}
			sum[colg[i]] += x;
		}
	}
	csv_close(&c);
	if (r < 0)
		goto out;
	int have_cornwall = 0;
	for (size_t k = 0; k < n; k++)
		have_cornwall |= seen[k] && !strcmp(codes[k], "E06000052");
	for (size_t k = 0; k < n; k++) {
		if (!strcmp(codes[k], "E09000001")) {
			err_set(e, ERR_INPUT, "%s: the City of London is in one row with Westminster (E09000001), which is in "
			        "another police force area; use the 2011 census files for %s", census_path, force);
			goto out;
		}
		if (!seen[k] && !(have_cornwall && !strcmp(codes[k], "E06000053"))) /* Scilly is in Cornwall's row */
			{
			err_set(e, ERR_INPUT, "%s: authority %s of %s has no row (its boundaries changed after 2016); "
			        "use the 2011 census files for this force", census_path, codes[k], force);
			goto out;
		}
	}
	buf_adds(out, SS_POP_HEADER "\n");
	for (int g = 0; g < 5; g++) {
		if (blank[g]) {
			*omitted |= 1u << g;
			continue; /* a suppressed cell: the group's population is unknown, so no row */
		}
		csv_cell(out, area && *area ? area : force);
		buf_printf(out, ",%s,%lld\n", ss_group_names[g], sum[g]);
	}
	rc = 0;
	goto out;
out_close:
	csv_close(&c);
out:
	free(codes);
	free(seen);
	return rc;
}

/* ---------------------------------------------------------------- report */

int64_t ss_hundredths(int64_t a, int64_t b, int64_t scale)
{
	__int128 num = (__int128)a * scale * 100, den = b;
	int neg = (num < 0) != (den < 0);
	if (num < 0) num = -num;
	if (den < 0) den = -den;
	__int128 q = (2 * num + den) / (2 * den);
	return (int64_t)(neg ? -q : q);
}

static void fmt_h(int64_t h, char out[24])
{
	int64_t a = h < 0 ? -h : h;
	snprintf(out, 24, "%s%lld.%02lld", h < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

void ss_fmt2(double v, char out[24])
{
	if (isnan(v) || isinf(v)) {
		out[0] = 0;
		return;
	}
	fmt_h((int64_t)llround(v * 100.0), out);
}

static void set_h(char out[24], double *v, int64_t h)
{
	fmt_h(h, out);
	if (v)
		*v = (double)h / 100.0;
}

void ss_compute(const struct ss_counts c[SS_NGROUPS], const int64_t pop[5], const int has_pop[5],
                struct ss_row out[SS_NGROUPS + 1])
{
	memset(out, 0, sizeof(struct ss_row) * (SS_NGROUPS + 1));
	struct ss_counts tot = { 0 };
	int64_t tpop = 0;
	int thas = 0;
	for (int g = 0; g < SS_NGROUPS; g++) {
		out[g].c = c[g];
		tot.searches += c[g].searches;
		tot.arrests += c[g].arrests;
		tot.linked += c[g].linked;
		tot.drugs += c[g].drugs;
		tot.drugs_linked += c[g].drugs_linked;
		tot.linked_known += c[g].linked_known;
		if (g < 5 && has_pop[g]) {
			out[g].has_pop = 1;
			out[g].pop = pop[g];
			tpop += pop[g];
			thas = 1;
		}
	}
	out[SS_TOTAL].c = tot;
	out[SS_TOTAL].has_pop = thas;
	out[SS_TOTAL].pop = tpop;
	const int64_t b = c[SS_WHITE].searches, n2 = pop[SS_WHITE];
	const int white_ok = has_pop[SS_WHITE] && n2 > 0 && b > 0;
	for (int g = 0; g <= SS_NGROUPS; g++) {
		struct ss_row *r = &out[g];
		r->group = ss_group_names[g];
		r->rate_v = r->ratio_v = r->ci_low_v = r->ci_high_v = NAN;
		if (r->has_pop && r->pop > 0)
			set_h(r->rate, &r->rate_v, ss_hundredths(r->c.searches, r->pop, 1000));
		if (g < SS_WHITE && r->has_pop && r->pop > 0 && white_ok) {
			const int64_t a = r->c.searches, n1 = r->pop;
			__int128 num = (__int128)a * n2 * 100 * 2 + (__int128)n1 * b, den = (__int128)n1 * b * 2;
			set_h(r->ratio, &r->ratio_v, (int64_t)(num / den));
			if (a > 0) {
				double rr = ((double)a / (double)n1) / ((double)b / (double)n2);
				double se = sqrt(1.0 / (double)a - 1.0 / (double)n1 + 1.0 / (double)b - 1.0 / (double)n2);
				r->ci_low_v = exp(log(rr) - 1.96 * se);
				r->ci_high_v = exp(log(rr) + 1.96 * se);
				ss_fmt2(r->ci_low_v, r->ci_low);
				ss_fmt2(r->ci_high_v, r->ci_high);
			}
		} else if (g == SS_WHITE && white_ok) {
			set_h(r->ratio, &r->ratio_v, 100);
		}
		if (r->c.searches > 0) {
			set_h(r->arrest_pct, NULL, ss_hundredths(r->c.arrests, r->c.searches, 100));
			set_h(r->linked_pct, NULL, ss_hundredths(r->c.linked, r->c.searches, 100));
		}
		if (r->c.drugs > 0)
			set_h(r->drug_pct, NULL, ss_hundredths(r->c.drugs_linked, r->c.drugs, 100));
	}
}

void ss_report_csv(const struct ss_row rows[SS_NGROUPS + 1], struct buf *out)
{
	unsigned mask = 0;
	for (int g = 0; g <= SS_NGROUPS; g++)
		if (rows[g].hidden)
			mask |= 1u << g;
	ss_report_csv_masked(rows, mask, out);
}

void ss_report_csv_masked(const struct ss_row rows[SS_NGROUPS + 1], unsigned mask, struct buf *out)
{
	buf_adds(out, SS_REPORT_HEADER "\n");
	for (int g = 0; g <= SS_NGROUPS; g++) {
		const struct ss_row *r = &rows[g];
		char pop[24] = "";
		if (r->has_pop)
			snprintf(pop, sizeof pop, "%lld", (long long)r->pop);
		if (mask & (1u << g)) {
			buf_printf(out, "%s,[c],%s,[c],[c],[c],[c],[c],[c],[c],[c],[c],[c]\n", r->group, pop);
			continue;
		}
		buf_printf(out, "%s,%lld,%s,%s,%s,%s,%s,%lld,%s,%lld,%s,%lld,%s\n", r->group, (long long)r->c.searches, pop,
		           r->rate, r->ratio, r->ci_low, r->ci_high, (long long)r->c.arrests, r->arrest_pct,
		           (long long)r->c.linked, r->linked_pct, (long long)r->c.drugs, r->drug_pct);
	}
}

int ss_query_check(const struct ss_query *q, struct errlist *errs, struct err *e)
{
	struct errlist local = { 0 };
	if (!errs)
		errs = &local;
	if (!q->area || !*q->area)
		errlist_add(errs, "area", "Choose an area");
	if (!ss_month_valid(q->from))
		errlist_add(errs, "from", "Enter the first month as YYYY-MM, for example 2019-12");
	if (!ss_month_valid(q->to))
		errlist_add(errs, "to", "Enter the last month as YYYY-MM, for example 2020-02");
	if (ss_month_valid(q->from) && ss_month_valid(q->to) && strcmp(q->from, q->to) > 0)
		errlist_add(errs, "to", "The last month must be the same as or after the first month");
	if (errs->n)
		return err_field(e, ERR_INPUT, errs->item[0].field, "%s", errs->item[0].msg);
	return 0;
}

static int may_view(struct store *st, const struct actor *who, const char *what, struct err *e)
{
	if (!who || actor_has(who, SS_VIEW_ROLES))
		return 0;
	alog_write(st, who, "view", what, "", "refused", "", NULL);
	return err_set(e, ERR_DENIED, "Stop and search analysis is for PSD, governance, scrutiny, the DCC, the PCC and administrators");
}

static int load_pop(struct store *st, const char *area, int64_t pop[5], int has[5], struct err *e)
{
	struct stmt *s;
	memset(has, 0, 5 * sizeof has[0]);
	memset(pop, 0, 5 * sizeof pop[0]);
	if (store_query(st, &s, e, "SELECT grp, population FROM ss_population WHERE area = ?", "t", area))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int g = pop_group(stmt_text(s, 0));
		if (g >= 0) {
			has[g] = 1;
			pop[g] = stmt_int(s, 1);
		}
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int ss_population_load(struct store *st, const char *area, int64_t pop[5], int has[5], struct err *e)
{
	return load_pop(st, area, pop, has, e);
}

int ss_population_source(struct store *st, const char *area, char out[101], struct err *e)
{
	out[0] = 0;
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT MIN(source), MAX(source) FROM ss_population WHERE area = ?", "t", area))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		if (strcmp(stmt_text(s, 0), stmt_text(s, 1)))
			snprintf(out, 101, "%s and %s", stmt_text(s, 0), stmt_text(s, 1));
		else
			snprintf(out, 101, "%s", stmt_text(s, 0));
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* What every report line gets after ss_compute: officer-defined Mixed is
 * "not comparable" (no rate or ratio, never 0.00), and the scrutiny panel
 * and the PCC get disclosure control (disclosure.h). */
static void finish_rows(struct store *st, const struct actor *who, const struct ss_query *q,
                        struct ss_row rows[SS_NGROUPS + 1])
{
	if (q->officer) {
		struct ss_row *m = &rows[SS_MIXED];
		m->not_comparable = 1;
		m->rate[0] = m->ratio[0] = m->ci_low[0] = m->ci_high[0] = 0;
		m->rate_v = m->ratio_v = m->ci_low_v = m->ci_high_v = NAN;
	}
	if (ss_view_suppressed(who))
		ss_rows_disclose(rows, disclosure_k(st));
}

int ss_report(struct store *st, const struct actor *who, const struct ss_query *q, struct ss_row out[SS_NGROUPS + 1],
              struct err *e)
{
	if (may_view(st, who, "stopsearch_report", e) || ss_query_check(q, NULL, e))
		return -1;
	int64_t pop[5];
	int has[5];
	struct ss_counts c[SS_NGROUPS];
	memset(c, 0, sizeof c);
	if (load_pop(st, q->area, pop, has, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT grp, SUM(searches), SUM(arrests), SUM(linked), SUM(drugs), SUM(drugs_linked), SUM(linked_known)"
	                " FROM ss_counts"
	                " WHERE area = ? AND basis = ? AND month >= ? AND month <= ? GROUP BY grp",
	                "tdtt", q->area, q->officer ? 1 : 0, q->from, q->to))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int g = (int)stmt_int(s, 0);
		if (g < 0 || g >= SS_NGROUPS)
			continue;
		c[g] = (struct ss_counts){ stmt_int(s, 1), stmt_int(s, 2), stmt_int(s, 3), stmt_int(s, 4), stmt_int(s, 5),
			                   stmt_int(s, 6) };
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	ss_compute(c, pop, has, out);
	finish_rows(st, who, q, out);
	return 0;
}

long ss_read_keyed(struct stmt *s, int ncols, ss_key **keys, struct ss_counts (**cnt)[SS_NGROUPS], struct err *e)
{
	ss_key *k = NULL;
	struct ss_counts (*c)[SS_NGROUPS] = NULL;
	size_t nk = 0, cap = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		const char *key = stmt_text(s, 0);
		if (!nk || strcmp(k[nk - 1], key)) {
			if (nk == cap) {
				cap = cap ? cap * 2 : 16;
				k = xrealloc(k, cap * sizeof *k);
				c = xrealloc(c, cap * sizeof *c);
			}
			snprintf(k[nk], sizeof k[nk], "%s", key);
			memset(c[nk], 0, sizeof c[nk]);
			nk++;
		}
		int g = (int)stmt_int(s, 1);
		if (g < 0 || g >= SS_NGROUPS)
			continue;
		int64_t *f[] = { &c[nk - 1][g].searches, &c[nk - 1][g].arrests, &c[nk - 1][g].linked,
			         &c[nk - 1][g].drugs, &c[nk - 1][g].drugs_linked, &c[nk - 1][g].linked_known };
		for (int i = 0; i < ncols && i < 6; i++)
			*f[i] = stmt_int(s, 2 + i);
	}
	stmt_done(s);
	if (r < 0) {
		free(k);
		free(c);
		return -1;
	}
	*keys = k;
	*cnt = c;
	return (long)nk;
}

int ss_trend(struct store *st, const struct actor *who, const struct ss_query *q, struct ss_month **months,
             size_t *n, struct err *e)
{
	*months = NULL;
	*n = 0;
	if (may_view(st, who, "stopsearch_trend", e) || ss_query_check(q, NULL, e))
		return -1;
	int64_t pop[5];
	int has[5];
	if (load_pop(st, q->area, pop, has, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT month, grp, searches, arrests, linked, drugs, drugs_linked, linked_known FROM ss_counts"
	                " WHERE area = ? AND basis = ? AND month >= ? AND month <= ? ORDER BY month, grp",
	                "tdtt", q->area, q->officer ? 1 : 0, q->from, q->to))
		return -1;
	ss_key *names;
	struct ss_counts (*cnt)[SS_NGROUPS];
	long got = ss_read_keyed(s, 6, &names, &cnt, e);
	if (got < 0)
		return -1;
	size_t nm = (size_t)got;
	struct ss_month *out = nm ? xcalloc(nm, sizeof *out) : NULL;
	for (size_t i = 0; i < nm; i++) {
		memcpy(out[i].month, names[i], 8);
		ss_compute(cnt[i], pop, has, out[i].rows);
		finish_rows(st, who, q, out[i].rows);
	}
	free(cnt);
	free(names);
	*months = out;
	*n = nm;
	return 0;
}

int ss_years(struct store *st, const struct actor *who, const char *area, int officer, struct ss_year **years,
             size_t *n, struct err *e)
{
	*years = NULL;
	*n = 0;
	if (may_view(st, who, "stopsearch_years", e))
		return -1;
	int64_t pop[5];
	int has[5];
	if (load_pop(st, area, pop, has, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT substr(month, 1, 4), grp, SUM(searches), SUM(arrests), SUM(linked),"
	                " SUM(drugs), SUM(drugs_linked), SUM(linked_known) FROM ss_counts WHERE area = ? AND basis = ?"
	                " GROUP BY substr(month, 1, 4), grp ORDER BY substr(month, 1, 4), grp",
	                "td", area, officer ? 1 : 0))
		return -1;
	ss_key *names;
	struct ss_counts (*cnt)[SS_NGROUPS];
	long got = ss_read_keyed(s, 6, &names, &cnt, e);
	if (got < 0)
		return -1;
	size_t ny = (size_t)got;
	struct ss_year *out = ny ? xcalloc(ny, sizeof *out) : NULL;
	for (size_t i = 0; i < ny; i++)
		snprintf(out[i].year, sizeof out[i].year, "%s", names[i]);
	free(names);
	int r = 0;
	/* months with data per year, whichever groups they have */
	if (ny && store_query(st, &s, e,
	                      "SELECT substr(month, 1, 4), COUNT(DISTINCT month) FROM ss_counts WHERE area = ? AND basis = ?"
	                      " GROUP BY substr(month, 1, 4)", "td", area, officer ? 1 : 0) == 0) {
		while ((r = stmt_next(s, e)) == 1)
			for (size_t i = 0; i < ny; i++)
				if (!strcmp(out[i].year, stmt_text(s, 0)))
					out[i].months = (int)stmt_int(s, 1);
		stmt_done(s);
	} else {
		r = ny ? -1 : 0;
	}
	if (r < 0) {
		free(out);
		free(cnt);
		return -1;
	}
	struct ss_query q = { area, "", "", officer };
	for (size_t i = 0; i < ny; i++) {
		ss_compute(cnt[i], pop, has, out[i].rows);
		finish_rows(st, who, &q, out[i].rows);
	}
	free(cnt);
	*years = out;
	*n = ny;
	return 0;
}

int ss_areas(struct store *st, ss_area_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT c.area, MIN(c.month), MAX(c.month), SUM(c.searches),"
	                " (SELECT COALESCE(SUM(f.rows), 0) FROM ss_files f WHERE f.area = c.area AND f.kind = 'force')"
	                " FROM ss_counts c WHERE c.basis = 0 GROUP BY c.area ORDER BY c.area",
	                ""))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_int(s, 3), stmt_int(s, 4)))
			break;
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* ------------------------------------------------- the force's own records */

int ss_force_figures(struct store *st, const struct actor *who, const struct ss_query *q,
                     struct ss_force_figures *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (may_view(st, who, "stopsearch_force", e) || ss_query_check(q, NULL, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT suspected_offence, COUNT(*), SUM(CASE WHEN item_found = 1 THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN v.object = 'Controlled drugs' THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN v.object = 'Controlled drugs' AND suspected_offence = 'possession' THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN TRIM(COALESCE(grounds, '')) <> '' THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN bwv = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN bwv IS NOT NULL THEN 1 ELSE 0 END)"
	                " FROM ss_searches s JOIN ss_profiles v ON v.id = s.profile"
	                " WHERE s.area = ? AND s.month >= ? AND s.month <= ? AND s.record_id IS NOT NULL"
	                " GROUP BY suspected_offence ORDER BY COUNT(*) DESC",
	                "ttt", q->area, q->from, q->to))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		if (out->noff < 8) {
			struct ss_offence *o = &out->off[out->noff++];
			snprintf(o->offence, sizeof o->offence, "%s", stmt_text(s, 0));
			o->searches = stmt_int(s, 1);
			o->found = stmt_int(s, 2);
		}
		out->records += stmt_int(s, 1);
		out->drug_searches += stmt_int(s, 3);
		out->drug_possession += stmt_int(s, 4);
		out->grounds_recorded += stmt_int(s, 5);
		out->bwv_on += stmt_int(s, 6);
		out->bwv_known += stmt_int(s, 7);
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

static int cmp_officer(const void *x, const void *y)
{
	const struct ss_officer *a = x, *b = y;
	if (a->listed != b->listed)
		return b->listed - a->listed;
	return a->searches != b->searches ? (a->searches < b->searches ? 1 : -1) : strcmp(a->staff_number, b->staff_number);
}

double ss_ztest(int64_t x, int64_t n, int64_t X, int64_t N)
{
	/* The officer's x of n against the peers' (X - x) of (N - n). */
	if (n <= 0 || N - n <= 0)
		return 0;
	double p0 = (double)(X - x) / (double)(N - n);
	if (p0 <= 0 || p0 >= 1)
		return 0;
	return ((double)x / (double)n - p0) / sqrt(p0 * (1 - p0) / (double)n);
}

int ss_tally_officers(struct stmt *s, struct ss_tally **out, size_t *n, struct ss_tally *all, struct err *e)
{
	struct ss_tally *v = NULL;
	size_t nv = 0, cap = 0;
	memset(all, 0, sizeof *all);
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		const char *sn = stmt_text(s, 0);
		if (!nv || strcmp(v[nv - 1].staff_number, sn)) {
			v = xgrow(v, nv, &cap, 64, sizeof *v);
			memset(&v[nv], 0, sizeof v[nv]);
			snprintf(v[nv].staff_number, sizeof v[nv].staff_number, "%s", sn);
			snprintf(v[nv].name, sizeof v[nv].name, "%s", stmt_text(s, 1));
			nv++;
		}
		int g = (int)stmt_int(s, 2);
		int64_t k = stmt_int(s, 3), f = stmt_int(s, 4);
		for (struct ss_tally *o = &v[nv - 1]; o; o = o == all ? NULL : all) {
			o->n += k;
			o->flagged += f;
			if (g >= 0 && g < 5) {
				o->known += k;
				if (g == SS_WHITE)
					o->white += k;
				else
					o->minority += k;
				o->by_group[g] += k;
			}
		}
	}
	stmt_done(s);
	if (r < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

int ss_officers(struct store *st, const struct actor *who, const struct ss_query *q, struct ss_officer **out,
                size_t *n, int64_t *min_searches, double *zlim, struct err *e)
{
	*out = NULL;
	*n = 0;
	if (who && !actor_has(who, ROLE_PSD)) {
		alog_write(st, who, "view", "stopsearch_officers", q->area ? q->area : "", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Officer-level stop and search figures are for Professional Standards only");
	}
	if (ss_query_check(q, NULL, e))
		return -1;
	*min_searches = config_int(st, "stopsearch.officer_min_searches", 20);
	*zlim = (double)config_int(st, "stopsearch.officer_z", 3);
	int64_t pop[5];
	int has[5];
	if (load_pop(st, q->area, pop, has, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT s.officer_staff_number, MAX(COALESCE(p.forenames || ' ' || p.surname, '')),"
	                " CASE WHEN ? = 1 THEN s.officer_group ELSE s.self_group END AS g, COUNT(*),"
	                " SUM(CASE WHEN s.item_found = 1 THEN 1 ELSE 0 END)"
	                " FROM ss_searches s LEFT JOIN people p ON p.staff_number = s.officer_staff_number"
	                " WHERE s.area = ? AND s.month >= ? AND s.month <= ? AND s.record_id IS NOT NULL"
	                " GROUP BY s.officer_staff_number, g ORDER BY s.officer_staff_number",
	                "dttt", q->officer ? 1 : 0, q->area, q->from, q->to))
		return -1;
	struct ss_tally *t, all;
	size_t nv;
	if (ss_tally_officers(s, &t, &nv, &all, e))
		return -1;
	struct ss_officer *v = xcalloc(nv ? nv : 1, sizeof *v);
	const int64_t N = all.n, K = all.known, M = all.minority, F = all.flagged;
	size_t keep = 0;
	for (size_t i = 0; i < nv; i++) {
		struct ss_officer *o = &v[keep];
		if (t[i].n < *min_searches)
			continue;
		memcpy(o->staff_number, t[i].staff_number, sizeof o->staff_number);
		memcpy(o->name, t[i].name, sizeof o->name);
		o->searches = t[i].n, o->known = t[i].known, o->minority = t[i].minority, o->white = t[i].white;
		o->found = t[i].flagged, o->black = t[i].by_group[SS_BLACK];
		memcpy(o->by_group, t[i].by_group, sizeof o->by_group);
		o->minority_z = ss_ztest(o->minority, o->known, M, K);
		o->find_z = ss_ztest(o->found, o->searches, F, N);
		o->listed = fabs(o->minority_z) >= *zlim || o->find_z <= -*zlim;
		for (int g = 0; g < 4; g++)
			if (has[g] && has[SS_WHITE] && pop[g] > 0 && pop[SS_WHITE] > 0 && o->white > 0) {
				__int128 num = (__int128)o->by_group[g] * pop[SS_WHITE] * 200 + (__int128)pop[g] * o->white;
				__int128 den = (__int128)pop[g] * o->white * 2;
				fmt_h((int64_t)(num / den), o->ratio[g]);
			}
		memcpy(o->ratio_black, o->ratio[SS_BLACK], sizeof o->ratio_black);
		keep++;
	}
	free(t);
	qsort(v, keep, sizeof *v, cmp_officer);
	*out = v;
	*n = keep;
	char detail[160];
	snprintf(detail, sizeof detail, "%s %s..%s: %zu officers", q->area, q->from, q->to, keep);
	return alog_write(st, who, "view", "stopsearch_officers", q->area, "ok", detail, e);
}
