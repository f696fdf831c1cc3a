/* complaints.c — complaints and conduct (M9): the import of cases,
 * allegations and reviews, the bulletin measures, need-to-know and the
 * decisions on cases. The counting rules are stated in docs/complaints.md;
 * every figure is computed from integers (sums and counts) and rounded once,
 * half away from zero, from the exact quotient. */
#include "domain/complaints.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/fnv.h"
#include "core/seen.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/csv_import.h"
#include "domain/disclosure.h"
#include "domain/duty.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cpl_handlings[CPL_NHANDLING] = { "outside_schedule3", "otherwise", "local_investigation",
	                                           "directed_investigation", "independent_investigation" };
const char *const cpl_outcomes[CPL_NOUTCOMES] = {
	"resolved_outside_schedule3", "service_acceptable", "service_not_acceptable", "unable_to_determine",
	"no_further_action", "reflective_practice", "management_action", "misconduct_meeting",
	"gross_misconduct_hearing", "withdrawn", "discontinued"
};
const char *const cpl_sch3_reasons[CPL_NREASONS] = { "complainant_wishes", "authority_decides", "dissatisfied" };

static int in_list(const char *v, const char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return i;
	return -1;
}

/* ---- exact figures ---- */

void cpl_fmt_quot(int64_t num, int64_t den, int64_t scale, int places, char out[32])
{
	out[0] = 0;
	if (den == 0)
		return;
	int neg = (num < 0) != (den < 0);
	unsigned __int128 n = (unsigned __int128)(num < 0 ? -num : num) * (uint64_t)scale;
	uint64_t d = (uint64_t)(den < 0 ? -den : den), p10 = 1;
	for (int i = 0; i < places; i++)
		p10 *= 10;
	n *= p10;
	unsigned __int128 q = (2 * n + d) / (2 * (unsigned __int128)d); /* half away from zero */
	uint64_t whole = (uint64_t)(q / p10), frac = (uint64_t)(q % p10);
	if (q == 0)
		neg = 0;
	if (places)
		snprintf(out, 32, "%s%llu.%0*llu", neg ? "-" : "", (unsigned long long)whole, places,
		         (unsigned long long)frac);
	else
		snprintf(out, 32, "%s%llu", neg ? "-" : "", (unsigned long long)whole);
}

void cpl_year_before(const char *d, char out[11])
{
	int y, m, dd;
	if (date_parse(d, &y, &m, &dd)) {
		out[0] = 0;
		return;
	}
	if (m == 2 && dd == 29)
		dd = 28;
	snprintf(out, 11, "%04d-%02d-%02d", y - 1, m, dd);
}

void cpl_last_quarter(const char *today, char from[11], char to[11])
{
	int y, m, d;
	if (date_parse(today, &y, &m, &d)) {
		from[0] = to[0] = 0;
		return;
	}
	int q = (m - 1) / 3; /* 0..3: this quarter; the previous one is wanted */
	if (q == 0) {
		y--;
		q = 4;
	}
	int m1 = (q - 1) * 3 + 1;
	date_format(days_from_civil(y, m1, 1), from);
	date_format(days_from_civil(m1 == 10 ? y + 1 : y, m1 == 10 ? 1 : m1 + 3, 1) - 1, to);
}

/* ---- working days ---- */

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* 1970-01-05 (day 4) was a Monday; BASE is a Monday long before any date. */
#define BASE_MONDAY (4L - 7L * 200000L)
static int is_weekday(long z) { return (z - BASE_MONDAY) % 7 < 5; }
/* Weekdays among BASE_MONDAY..z inclusive. */
static long weekdays_upto(long z)
{
	long m = z - BASE_MONDAY + 1;
	long r = m % 7;
	return m / 7 * 5 + (r < 5 ? r : 5);
}
/* Holidays h <= z. */
static size_t hol_upto(const struct cpl_calendar *cal, long z)
{
	size_t lo = 0, hi = cal->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cal->hol[mid] <= z)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long cpl_working_days(const struct cpl_calendar *cal, long a, long b)
{
	if (b <= a)
		return 0;
	return weekdays_upto(b) - weekdays_upto(a) - (long)(hol_upto(cal, b) - hol_upto(cal, a));
}

int cpl_calendar_load(struct store *st, struct cpl_calendar *cal, struct err *e)
{
	struct stmt *s = NULL;
	size_t cap = 0;
	int r;
	cal->hol = NULL;
	cal->n = 0;
	if (store_query(st, &s, e, "SELECT day FROM bank_holidays ORDER BY day", ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		long z = date_days(stmt_text(s, 0));
		if (z < 0 || !is_weekday(z))
			continue; /* a weekend holiday changes nothing */
		if (cal->n == cap) {
			cap = cap ? cap * 2 : 64;
			cal->hol = xrealloc(cal->hol, cap * sizeof *cal->hol);
		}
		cal->hol[cal->n++] = z;
	}
	stmt_done(s);
	if (r < 0) {
		cpl_calendar_release(cal);
		return -1;
	}
	if (cal->n)
		qsort(cal->hol, cal->n, sizeof *cal->hol, cmp_long);
	return 0;
}

void cpl_calendar_release(struct cpl_calendar *cal)
{
	if (!cal)
		return;
	free(cal->hol);
	cal->hol = NULL;
	cal->n = 0;
}

/* ---- import ---- */

static int opt_date(const struct csv *c, size_t i, const char *col, struct err *e)
{
	const char *v = csv_field(c, i);
	if (*v && !date_valid(v))
		return csv_row_error(e, c, col, "'%s' is not a date (YYYY-MM-DD, or empty)", v);
	return 0;
}

/* b must not be before a (both set). */
static int not_before(const struct csv *c, size_t ia, size_t ib, const char *cola, const char *colb,
                      struct err *e)
{
	const char *a = csv_field(c, ia), *b = csv_field(c, ib);
	if (*a && *b && strcmp(b, a) < 0)
		return csv_row_error(e, c, colb, "%s is before %s", colb, cola);
	return 0;
}

/* A key met twice in one file would make a rerun change the stored row
 * back and forth: refuse it, naming the line it was first on. im->ctx's
 * first member is the file's struct seen. */
static int once_in_file(struct csv_import *im, const struct csv *c, const char *column, const char *key,
                        struct err *e)
{
	struct seen *s = im->ctx;
	int64_t line;
	if (seen_get(s, key, &line))
		return csv_row_error(e, c, column, "repeats line %lld of this file", (long long)line);
	seen_put(s, key, c->line);
	return 0;
}

static int cases_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *ref = csv_field(c, 0), *kind = csv_field(c, 1), *s3 = csv_field(c, 5), *why = csv_field(c, 6),
		   *hand = csv_field(c, 7);
	if (!*ref || strlen(ref) > 60)
		return csv_row_error(e, c, "case_ref", "enter a reference of up to 60 characters");
	if (once_in_file(im, c, "case_ref", ref, e))
		return -1;
	if (strcmp(kind, "complaint") && strcmp(kind, "conduct") && strcmp(kind, "dsi"))
		return csv_row_error(e, c, "kind", "'%s' is not complaint, conduct or dsi", kind);
	static const char *const cols[] = { "received", "logged", "contacted" };
	for (size_t i = 2; i <= 4; i++)
		if (opt_date(c, i, cols[i - 2], e))
			return -1;
	if (opt_date(c, 8, "finalised", e) || not_before(c, 2, 3, "received", "logged", e) ||
	    not_before(c, 2, 4, "received", "contacted", e) || not_before(c, 2, 8, "received", "finalised", e))
		return -1;
	if (strcmp(kind, "complaint") == 0) {
		if (strcmp(s3, "yes") && strcmp(s3, "no"))
			return csv_row_error(e, c, "schedule3", "'%s' is not yes or no (a complaint needs it)", s3);
	} else if (*s3) {
		return csv_row_error(e, c, "schedule3", "must be empty for a %s matter", kind);
	}
	if (strcmp(s3, "yes") == 0) {
		if (in_list(why, cpl_sch3_reasons, CPL_NREASONS) < 0)
			return csv_row_error(e, c, "sch3_reason",
			                     "'%s' is not complainant_wishes, authority_decides or dissatisfied", why);
	} else if (*why) {
		return csv_row_error(e, c, "sch3_reason", "must be empty unless schedule3 is yes");
	}
	if (*hand && in_list(hand, cpl_handlings, CPL_NHANDLING) < 0)
		return csv_row_error(e, c, "handling",
		                     "'%s' is not outside_schedule3, otherwise, local_investigation, "
		                     "directed_investigation or independent_investigation",
		                     hand);
	if (strcmp(s3, "no") == 0 && *hand && strcmp(hand, "outside_schedule3"))
		return csv_row_error(e, c, "handling", "a complaint outside Schedule 3 is handled outside_schedule3");
	if (strcmp(s3, "yes") == 0 && strcmp(hand, "outside_schedule3") == 0)
		return csv_row_error(e, c, "handling", "a Schedule 3 complaint cannot be handled outside_schedule3");

	/* A new case is one statement; a stored one is updated only where it differs. */
	if (store_exec(im->st, e,
	               "INSERT INTO complaint_cases(case_ref, kind, received, logged, contacted, schedule3, sch3_reason, "
	               "handling, finalised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(case_ref) DO NOTHING",
	               "ttttttttt", ref, kind, csv_field(c, 2), csv_field(c, 3), csv_field(c, 4), s3, why, hand,
	               csv_field(c, 8)))
		return -1;
	if (store_changes(im->st)) {
		im->n.created++;
		return 0;
	}
	if (store_exec(im->st, e,
	               "UPDATE complaint_cases SET kind = ?, received = ?, logged = ?, contacted = ?, schedule3 = ?, "
	               "sch3_reason = ?, handling = ?, finalised = ? WHERE case_ref = ? AND NOT (kind = ? AND received = ? "
	               "AND logged = ? AND contacted = ? AND schedule3 = ? AND sch3_reason = ? AND handling = ? AND "
	               "finalised = ?)",
	               "ttttttttttttttttt", kind, csv_field(c, 2), csv_field(c, 3), csv_field(c, 4), s3, why, hand,
	               csv_field(c, 8), ref, kind, csv_field(c, 2), csv_field(c, 3), csv_field(c, 4), s3, why, hand,
	               csv_field(c, 8)))
		return -1;
	if (store_changes(im->st))
		im->n.updated++;
	return 0;
}

/* The active scheme's categories, looked up by name, and every stored case
 * by reference (read once, in order: the allegations of a large file then
 * need no index look-up each). */
struct case_slot {
	char *ref;
	int64_t id;
	char received[11];
};
struct alleg_ctx {
	struct seen keys;           /* first: the file's keys, for once_in_file */
	struct case_slot *slot;     /* open addressing, nslot a power of two */
	size_t nslot;
	size_t ncat;
	int64_t cat_id[128];
	char *cat_name[128];
};

static const struct case_slot *case_find(const struct alleg_ctx *ac, const char *ref)
{
	if (!ac->nslot)
		return NULL;
	for (size_t i = (size_t)fnv1a(ref) & (ac->nslot - 1);; i = (i + 1) & (ac->nslot - 1)) {
		if (!ac->slot[i].ref)
			return NULL;
		if (strcmp(ac->slot[i].ref, ref) == 0)
			return &ac->slot[i];
	}
}

static int load_cases(struct csv_import *im, struct alleg_ctx *ac, struct err *e)
{
	int64_t n = 0;
	struct stmt *s = NULL;
	int r;
	if (store_int(im->st, e, &n, "SELECT COUNT(*) FROM complaint_cases", "") < 0)
		return -1;
	ac->nslot = 64;
	while (ac->nslot < (size_t)n * 2)
		ac->nslot *= 2;
	ac->slot = xcalloc(ac->nslot, sizeof *ac->slot);
	if (store_query(im->st, &s, e, "SELECT id, case_ref, received FROM complaint_cases", ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		const char *ref = stmt_text(s, 1);
		size_t i = (size_t)fnv1a(ref) & (ac->nslot - 1);
		while (ac->slot[i].ref)
			i = (i + 1) & (ac->nslot - 1);
		ac->slot[i].ref = xstrdup(ref);
		ac->slot[i].id = stmt_int(s, 0);
		snprintf(ac->slot[i].received, sizeof ac->slot[i].received, "%s", stmt_text(s, 2));
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

static void alleg_ctx_release(struct alleg_ctx *ac)
{
	for (size_t i = 0; i < ac->nslot; i++)
		free(ac->slot[i].ref);
	free(ac->slot);
	for (size_t i = 0; i < ac->ncat; i++)
		free(ac->cat_name[i]);
}

static int alleg_header(struct csv_import *im, struct csv *c, struct err *e)
{
	struct alleg_ctx *ac = im->ctx;
	struct stmt *s = NULL;
	int r;
	if (csv_expect_header(c, CPL_ALLEGATIONS_HEADER, e))
		return -1;
	if (store_query(im->st, &s, e,
	                "SELECT c.id, c.name FROM complaint_categories c JOIN complaint_schemes s ON s.id = c.scheme_id "
	                "WHERE s.active = 1 ORDER BY c.position",
	                ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1 && ac->ncat < 128) {
		ac->cat_id[ac->ncat] = stmt_int(s, 0);
		ac->cat_name[ac->ncat++] = xstrdup(stmt_text(s, 1));
	}
	stmt_done(s);
	return r < 0 ? -1 : load_cases(im, ac, e);
}

static int alleg_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct alleg_ctx *ac = im->ctx;
	const char *cref = csv_field(c, 0), *aref = csv_field(c, 1), *staff = csv_field(c, 2), *cat = csv_field(c, 3),
		   *outcome = csv_field(c, 4), *fin = csv_field(c, 5);
	int64_t case_id = 0, subject = 0, cat_id = 0;
	int r;
	const struct case_slot *cs = case_find(ac, cref);
	if (!cs)
		return csv_row_error(e, c, "case_ref", "no case '%s' (in CASES.csv or already stored)", cref);
	case_id = cs->id;
	const char *received = cs->received;
	if (!*aref || strlen(aref) > 60)
		return csv_row_error(e, c, "allegation_ref", "enter a reference of up to 60 characters");
	char key[140];
	snprintf(key, sizeof key, "%s\x1f%s", cref, aref);
	if (once_in_file(im, c, "allegation_ref", key, e))
		return -1;
	if (*staff) {
		r = store_int(im->st, e, &subject, "SELECT id FROM people WHERE staff_number = ?", "t", staff);
		if (r < 0)
			return -1;
		if (r == 0)
			return csv_row_error(e, c, "subject_staff_number", "no person with staff number '%s'", staff);
	}
	for (size_t i = 0; i < ac->ncat; i++)
		if (strcmp(ac->cat_name[i], cat) == 0)
			cat_id = ac->cat_id[i];
	if (!cat_id)
		return csv_row_error(e, c, "category", "'%s' is not a category of the active scheme", cat);
	if (*outcome && in_list(outcome, cpl_outcomes, CPL_NOUTCOMES) < 0)
		return csv_row_error(e, c, "outcome", "'%s' is not a known outcome", outcome);
	if (opt_date(c, 5, "finalised", e))
		return -1;
	if (*fin && *received && strcmp(fin, received) < 0)
		return csv_row_error(e, c, "finalised", "finalised is before the case was received");

	if (store_exec(im->st, e,
	               "INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id, outcome, "
	               "finalised) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?) ON CONFLICT(case_id, allegation_ref) DO NOTHING",
	               "itiitt", case_id, aref, subject, cat_id, outcome, fin))
		return -1;
	if (store_changes(im->st)) {
		im->n.created++;
		return 0;
	}
	if (store_exec(im->st, e,
	               "UPDATE complaint_allegations SET subject_id = NULLIF(?, 0), category_id = ?, outcome = ?, "
	               "finalised = ? WHERE case_id = ? AND allegation_ref = ? AND NOT (COALESCE(subject_id, 0) = ? AND "
	               "category_id = ? AND outcome = ? AND finalised = ?)",
	               "iittitiitt", subject, cat_id, outcome, fin, case_id, aref, subject, cat_id, outcome, fin))
		return -1;
	if (store_changes(im->st))
		im->n.updated++;
	return 0;
}

static int reviews_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *cref = csv_field(c, 0), *body = csv_field(c, 1), *req = csv_field(c, 2), *done = csv_field(c, 3),
		   *res = csv_field(c, 4);
	int64_t case_id = 0, id = 0;
	int r = store_int(im->st, e, &case_id, "SELECT id FROM complaint_cases WHERE case_ref = ?", "t", cref);
	if (r < 0)
		return -1;
	if (r == 0)
		return csv_row_error(e, c, "case_ref", "no case '%s' (in CASES.csv or already stored)", cref);
	if (strcmp(body, "lpb") && strcmp(body, "iopc"))
		return csv_row_error(e, c, "review_body", "'%s' is not lpb or iopc", body);
	if (opt_date(c, 2, "requested", e) || opt_date(c, 3, "completed", e) ||
	    not_before(c, 2, 3, "requested", "completed", e))
		return -1;
	if (*res && strcmp(res, "upheld") && strcmp(res, "not_upheld"))
		return csv_row_error(e, c, "result", "'%s' is not upheld or not_upheld (or empty)", res);
	char key[160];
	snprintf(key, sizeof key, "%s\x1f%s\x1f%s", cref, body, req);
	if (once_in_file(im, c, "requested", key, e))
		return -1;
	r = store_int(im->st, e, &id,
	              "SELECT id FROM complaint_reviews WHERE case_id = ? AND review_body = ? AND requested = ?", "itt",
	              case_id, body, req);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (store_exec(im->st, e,
		               "INSERT INTO complaint_reviews(case_id, review_body, requested, completed, result) "
		               "VALUES (?, ?, ?, ?, ?)",
		               "ittt" "t", case_id, body, req, done, res))
			return -1;
		im->n.created++;
		return 0;
	}
	if (store_exec(im->st, e,
	               "UPDATE complaint_reviews SET completed = ?, result = ? WHERE id = ? AND NOT (completed = ? AND "
	               "result = ?)",
	               "ttitt", done, res, id, done, res))
		return -1;
	if (store_changes(im->st))
		im->n.updated++;
	return 0;
}

static const struct csv_import_spec cases_spec = { CPL_CASES_HEADER, 9, "complaint_case", NULL, cases_row, NULL };
static const struct csv_import_spec alleg_spec = { NULL, 6, "complaint_allegation", alleg_header, alleg_row, NULL,
	                                           .may_be_empty = 1 };
static const struct csv_import_spec reviews_spec = { CPL_REVIEWS_HEADER, 5, "complaint_review", NULL, reviews_row,
	                                             NULL, .may_be_empty = 1 };

/* One input file: a path, or bytes in memory named for messages. */
struct cpl_src {
	const char *path;
	const char *name, *data;
	size_t len;
};

static int run_src(const struct csv_import_spec *spec, struct csv_import *im, const struct cpl_src *src, struct err *e)
{
	return src->path ? csv_import_file(spec, im, src->path, e)
	                 : csv_import_mem(spec, im, src->name, src->data, src->len, e);
}

static int import_all(struct store *st, const struct actor *who, const struct cpl_src *cases,
                      const struct cpl_src *alleg, const struct cpl_src *reviews, int dry_run,
                      struct cpl_import_stats *s, struct err *e)
{
	int rc = -1, began = 0;
	struct alleg_ctx ac = { 0 };
	struct seen case_keys = { 0 }, review_keys = { 0 };
	struct csv_import im = { 0 };
	memset(s, 0, sizeof *s);
	if (who && alog_require(st, who, ROLE_PSD | ROLE_ADMIN, "import", "complaint_case", 0,
	                        "Only Professional Standards imports complaints", e))
		return -1;
	/* every value a CHECK constraint tests is checked by the rows above */
	if (store_cache_mib(st, 256, e) || store_checks_done(st, 1, e) || store_begin(st, e))
		goto out;
	began = 1;
	im.st = st;
	im.who = who;
	im.ctx = &case_keys;
	if (run_src(&cases_spec, &im, cases, e))
		goto out;
	s->cases = im.n;
	im.ctx = &ac;
	if (run_src(&alleg_spec, &im, alleg, e))
		goto out;
	s->allegations = im.n;
	im.ctx = &review_keys;
	if (reviews) {
		if (run_src(&reviews_spec, &im, reviews, e))
			goto out;
		s->reviews = im.n;
	}
	if (dry_run) {
		store_rollback(st); /* the files were checked and counted inside the one transaction */
		began = 0;
	} else {
		began = 0;
		if (store_commit(st, e))
			goto out;
	}
	rc = 0;
out:
	if (began)
		store_rollback(st);
	if (rc)
		memset(s, 0, sizeof *s);
	alleg_ctx_release(&ac);
	seen_free(&ac.keys);
	seen_free(&case_keys);
	seen_free(&review_keys);
	store_checks_done(st, 0, NULL);
	store_cache_mib(st, 0, NULL);
	return rc;
}

int complaints_import(struct store *st, const struct actor *who, const char *cases_path, const char *alleg_path,
                      const char *reviews_path, int dry_run, struct cpl_import_stats *s, struct err *e)
{
	struct cpl_src c = { cases_path, NULL, NULL, 0 }, a = { alleg_path, NULL, NULL, 0 },
		       r = { reviews_path, NULL, NULL, 0 };
	return import_all(st, who, &c, &a, reviews_path ? &r : NULL, dry_run, s, e);
}

int complaints_import_mem(struct store *st, const struct actor *who, const char *cases, size_t ncases,
                          const char *alleg, size_t nalleg, const char *reviews, size_t nreviews, int dry_run,
                          struct cpl_import_stats *s, struct err *e)
{
	struct cpl_src c = { NULL, "CASES.csv", cases, ncases }, a = { NULL, "ALLEGATIONS.csv", alleg, nalleg },
		       r = { NULL, "REVIEWS.csv", reviews, nreviews };
	return import_all(st, who, &c, &a, reviews ? &r : NULL, dry_run, s, e);
}

static int hol_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *d = csv_field(c, 0);
	if (!date_valid(d))
		return csv_row_error(e, c, "date", "'%s' is not a date (YYYY-MM-DD)", d);
	if (store_exec(im->st, e, "INSERT INTO bank_holidays(day, title) VALUES (?, ?)", "tt", d, csv_field(c, 1)))
		return csv_row_error(e, c, "date", "%s is listed twice", d);
	im->n.created++;
	return 0;
}

static int hol_header(struct csv_import *im, struct csv *c, struct err *e)
{
	if (csv_expect_header(c, "date,title", e))
		return -1;
	return store_exec(im->st, e, "DELETE FROM bank_holidays", "");
}

int cpl_holidays_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                        struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { NULL, 2, "bank_holidays", hol_header, hol_row, NULL };
	struct csv_import im = { .st = st, .who = who, .dry_run = dry_run };
	if (who && alog_require(st, who, ROLE_ADMIN, "import", "bank_holidays", 0,
	                        "Only an administrator changes the bank holidays", e))
		return -1;
	int rc = csv_import_file(&spec, &im, path, e);
	*s = im.n;
	return rc;
}

/* ---- the bulletin ---- */

void cpl_sample_add(struct cpl_sample *s, long v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = v;
	s->sum += v;
}

void cpl_sample_mean(const struct cpl_sample *s, char out[32]) { cpl_fmt_quot(s->sum, (int64_t)s->n, 1, 1, out); }

/* Sort v ascending: working-day counts span a small range, so count them
 * (the same order qsort gives, without 200,000 comparator calls). */
static void sort_sample(long *v, size_t n)
{
	long lo = 0, hi = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i] < lo)
			lo = v[i];
		if (i == 0 || v[i] > hi)
			hi = v[i];
	}
	if (n < 64 || (unsigned long)(hi - lo) >= 4 * (unsigned long)n + 1024) {
		qsort(v, n, sizeof *v, cmp_long);
		return;
	}
	size_t span = (size_t)(hi - lo) + 1, k = 0;
	size_t *count = xcalloc(span, sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[v[i] - lo]++;
	for (size_t x = 0; x < span; x++)
		for (size_t c = count[x]; c; c--)
			v[k++] = lo + (long)x;
	free(count);
}

void cpl_sample_median(struct cpl_sample *s, char out[32])
{
	out[0] = 0;
	if (!s->n)
		return;
	sort_sample(s->v, s->n);
	if (s->n % 2)
		cpl_fmt_quot(s->v[s->n / 2], 1, 1, 1, out);
	else
		cpl_fmt_quot(s->v[s->n / 2 - 1] + s->v[s->n / 2], 2, 1, 1, out);
}

void cpl_sample_pct(struct cpl_sample *s, int p, char out[32])
{
	out[0] = 0;
	if (!s->n)
		return;
	sort_sample(s->v, s->n);
	size_t rank = ((size_t)p * s->n + 99) / 100; /* nearest rank: ceil(p/100 * n), at least 1 */
	cpl_fmt_quot(s->v[rank ? rank - 1 : 0], 1, 1, 1, out);
}

void cpl_sample_release(struct cpl_sample *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

static struct cpl_row *add_row(struct cpl_bulletin *b, size_t *cap, const char *measure, const char *group)
{
	if (b->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		b->rows = xrealloc(b->rows, *cap * sizeof *b->rows);
	}
	struct cpl_row *r = &b->rows[b->n++];
	memset(r, 0, sizeof *r);
	snprintf(r->measure, sizeof r->measure, "%s", measure);
	snprintf(r->group, sizeof r->group, "%s", group);
	return r;
}

static void row_count(struct cpl_bulletin *b, size_t *cap, const char *m, const char *g, int64_t n)
{
	struct cpl_row *r = add_row(b, cap, m, g);
	snprintf(r->value, sizeof r->value, "%lld", (long long)n);
	r->base = n;
	r->count = 1;
}

static void row_quot(struct cpl_bulletin *b, size_t *cap, const char *m, const char *g, int64_t num, int64_t den,
                     int64_t scale, int places, int64_t base)
{
	struct cpl_row *r = add_row(b, cap, m, g);
	cpl_fmt_quot(num, den, scale, places, r->value);
	r->base = base;
}

/* date_days, with the common case (digits, a day of 1-28) read without
 * strtol: the bulletin reads three dates of each of 200,000 cases. */
long cpl_days(const char *s)
{
	if (!*s)
		return -1;
	const unsigned char *u = (const unsigned char *)s;
	int digits = 1;
	for (int i = 0; digits && i < 10; i++) /* stops at a NUL: it is neither a digit nor '-' */
		digits = i == 4 || i == 7 ? u[i] == '-' : (unsigned)(u[i] - '0') < 10u;
	if (digits && u[10] == 0) {
		int y = (u[0] - '0') * 1000 + (u[1] - '0') * 100 + (u[2] - '0') * 10 + (u[3] - '0');
		int m = (u[5] - '0') * 10 + (u[6] - '0'), d = (u[8] - '0') * 10 + (u[9] - '0');
		if (y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 28)
			return days_from_civil(y, m, d);
	}
	return date_days(s);
}

int cpl_in_range(const char *d, const char *from, const char *to)
{
	return *d && strcmp(d, from) >= 0 && strcmp(d, to) <= 0;
}

/* Per case, while the allegations and reviews are read. */
enum { CASE_COMPLAINT = 1, CASE_LOGGED = 2 };

/* One pass over each table, in storage order: the cases (measures 1, 5-7,
 * 10, 12 and two flags per case), the allegations (2, 8, 9) and the reviews
 * (11), then the rows in the contract's order. Reading whole tables in
 * order is faster than date indexes at any period length worth a bulletin,
 * and keeps the rules in one place. */
int complaints_bulletin(struct store *st, const struct actor *who, const char *from, const char *to,
                        int64_t employees, struct cpl_bulletin *b, struct err *e)
{
	int rc = -1, r;
	size_t cap = 0, ncat = 0;
	struct stmt *s = NULL;
	struct cpl_calendar cal = { 0 };
	struct cpl_sample to_log = { 0 }, to_contact = { 0 }, to_fin[CPL_NHANDLING + 1] = { { 0 } };
	struct cpl_sample to_review[2] = { { 0 } };
	int64_t n_all = 0, n_s3 = 0, n_out = 0, n_alleg = 0, reason[CPL_NREASONS] = { 0 };
	int64_t outcome_n[CPL_NOUTCOMES] = { 0 }, rev_n[2] = { 0 }, rev_up[2] = { 0 }, open12 = 0, maxid = 0;
	int64_t cat_id[128], cat_n[128] = { 0 };
	char *cat_name[128];
	unsigned char *flag = NULL;
	char year_before[11];
	memset(b, 0, sizeof *b);
	if (!date_valid(from) || !date_valid(to) || strcmp(from, to) > 0)
		return err_set(e, ERR_INPUT, "Enter the period as two dates YYYY-MM-DD, the first not after the second");
	if (who && alog_require(st, who, CPL_TREND_ROLES, "view", "complaints_bulletin", 0,
	                        "The complaints bulletin is for PSD, the DCC, governance, scrutiny, the PCC and the "
	                        "equality lead", e))
		return -1;
	if (alog_list(st, who, "complaints_bulletin", "all", e, "from=%s to=%s employees=%lld", from, to,
	              (long long)employees))
		return -1;
	if (cpl_calendar_load(st, &cal, e))
		return -1;
	cpl_year_before(to, year_before);
	if (store_query(st, &s, e,
	                "SELECT c.id, c.name FROM complaint_categories c JOIN complaint_schemes m ON m.id = c.scheme_id "
	                "WHERE m.active = 1 ORDER BY c.position",
	                ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1 && ncat < 128) {
		cat_id[ncat] = stmt_int(s, 0);
		cat_name[ncat++] = xstrdup(stmt_text(s, 1));
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	if (store_int(st, e, &maxid, "SELECT COALESCE(MAX(id), 0) FROM complaint_cases", "") < 0)
		goto out;
	flag = xcalloc((size_t)maxid + 1, 1);

	/* Cases: 1, 5, 6, 7 (logged in the period), 10 (finalised in it), 12. */
	if (store_query(st, &s, e,
	                "SELECT id, kind, received, logged, contacted, schedule3, sch3_reason, handling, finalised "
	                "FROM complaint_cases",
	                ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t id = stmt_int(s, 0);
		if (strcmp(stmt_text(s, 1), "complaint") || id < 0 || id > maxid)
			continue;
		flag[id] = CASE_COMPLAINT;
		const char *rec = stmt_text(s, 2), *lg = stmt_text(s, 3), *fin = stmt_text(s, 8);
		long rz = cpl_days(rec);
		if (cpl_in_range(lg, from, to)) {
			const char *s3 = stmt_text(s, 5);
			flag[id] |= CASE_LOGGED;
			n_all++;
			if (strcmp(s3, "yes") == 0) {
				n_s3++;
				int i = in_list(stmt_text(s, 6), cpl_sch3_reasons, CPL_NREASONS);
				if (i >= 0)
					reason[i]++;
			} else if (strcmp(s3, "no") == 0) {
				n_out++;
			}
			if (rz >= 0) {
				cpl_sample_add(&to_log, cpl_working_days(&cal, rz, cpl_days(lg)));
				const char *ct = stmt_text(s, 4);
				if (*ct)
					cpl_sample_add(&to_contact, cpl_working_days(&cal, rz, cpl_days(ct)));
			}
		}
		if (rz >= 0 && cpl_in_range(fin, from, to)) {
			long wd = cpl_working_days(&cal, rz, cpl_days(fin));
			int i = in_list(stmt_text(s, 7), cpl_handlings, CPL_NHANDLING);
			if (i >= 0)
				cpl_sample_add(&to_fin[i], wd);
			cpl_sample_add(&to_fin[CPL_NHANDLING], wd);
		}
		if (*rec && strcmp(rec, year_before) <= 0 && (!*fin || strcmp(fin, to) > 0))
			open12++;
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* Allegations: 2 and 8 (of the cases logged), 9 (finalised, any kind of case). */
	if (store_query(st, &s, e, "SELECT case_id, category_id, outcome, finalised FROM complaint_allegations", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t cid = stmt_int(s, 0);
		if (cid >= 0 && cid <= maxid && (flag[cid] & CASE_LOGGED)) {
			n_alleg++;
			int64_t k = stmt_int(s, 1);
			for (size_t i = 0; i < ncat; i++)
				if (cat_id[i] == k) {
					cat_n[i]++;
					break;
				}
		}
		if (cpl_in_range(stmt_text(s, 3), from, to)) {
			int i = in_list(stmt_text(s, 2), cpl_outcomes, CPL_NOUTCOMES);
			if (i >= 0)
				outcome_n[i]++;
		}
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* Reviews of complaint cases completed in the period: 11. */
	if (store_query(st, &s, e, "SELECT case_id, review_body, requested, completed, result FROM complaint_reviews", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t cid = stmt_int(s, 0);
		const char *done = stmt_text(s, 3), *req = stmt_text(s, 2);
		if (cid < 0 || cid > maxid || !(flag[cid] & CASE_COMPLAINT) || !cpl_in_range(done, from, to))
			continue;
		int i = strcmp(stmt_text(s, 1), "lpb") == 0 ? 0 : 1;
		rev_n[i]++;
		if (strcmp(stmt_text(s, 4), "upheld") == 0)
			rev_up[i]++;
		if (*req)
			cpl_sample_add(&to_review[i], cpl_working_days(&cal, cpl_days(req), cpl_days(done)));
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* 3 */
	if (employees < 0 && store_int(st, e, &employees,
	                               "SELECT COUNT(*) FROM people WHERE start_date <= ? AND "
	                               "(leave_date = '' OR leave_date > ?)",
	                               "tt", to, to) < 0)
		goto out;

	row_count(b, &cap, "cases_logged", "all", n_all);
	row_count(b, &cap, "cases_logged", "schedule3", n_s3);
	row_count(b, &cap, "cases_logged", "outside_schedule3", n_out);
	row_count(b, &cap, "allegations_logged", "all", n_alleg);
	row_count(b, &cap, "employees", "all", employees);
	b->rows[b->n - 1].count = 0;
	row_quot(b, &cap, "cases_per_1000_employees", "all", n_all, employees, 1000, 2, n_all);
	row_quot(b, &cap, "allegations_per_1000_employees", "all", n_alleg, employees, 1000, 2, n_alleg);
	{
		struct cpl_row *x = add_row(b, &cap, "working_days_to_log", "mean");
		cpl_sample_mean(&to_log, x->value);
		x->base = (int64_t)to_log.n;
		x = add_row(b, &cap, "working_days_to_log", "median");
		cpl_sample_median(&to_log, x->value);
		x->base = (int64_t)to_log.n;
		x = add_row(b, &cap, "working_days_to_contact", "mean");
		cpl_sample_mean(&to_contact, x->value);
		x->base = (int64_t)to_contact.n;
		x = add_row(b, &cap, "working_days_to_contact", "median");
		cpl_sample_median(&to_contact, x->value);
		x->base = (int64_t)to_contact.n;
	}
	for (int i = 0; i < CPL_NREASONS; i++)
		row_quot(b, &cap, "sch3_reason_pct", cpl_sch3_reasons[i], reason[i], n_s3, 100, 2, reason[i]);
	for (size_t i = 0; i < ncat; i++)
		row_count(b, &cap, "allegations_by_category", cat_name[i], cat_n[i]);
	for (int i = 0; i < CPL_NOUTCOMES; i++)
		row_count(b, &cap, "allegations_finalised_by_outcome", cpl_outcomes[i], outcome_n[i]);
	for (int i = 0; i <= CPL_NHANDLING; i++) {
		struct cpl_row *x = add_row(b, &cap, "working_days_to_finalise", i < CPL_NHANDLING ? cpl_handlings[i] : "all");
		cpl_sample_mean(&to_fin[i], x->value);
		x->base = (int64_t)to_fin[i].n;
	}
	static const char *const bodies[2] = { "lpb", "iopc" };
	for (int i = 0; i < 2; i++)
		row_count(b, &cap, "reviews_completed", bodies[i], rev_n[i]);
	for (int i = 0; i < 2; i++)
		row_quot(b, &cap, "reviews_upheld_pct", bodies[i], rev_up[i], rev_n[i], 100, 2, rev_up[i]);
	for (int i = 0; i < 2; i++) {
		struct cpl_row *x = add_row(b, &cap, "working_days_to_review", bodies[i]);
		cpl_sample_mean(&to_review[i], x->value);
		x->base = (int64_t)to_review[i].n;
	}
	row_count(b, &cap, "open_over_12_months", "all", open12);
	rc = 0;
out:
	stmt_done(s);
	cpl_calendar_release(&cal);
	free(flag);
	for (size_t i = 0; i < ncat; i++)
		free(cat_name[i]);
	free(to_log.v);
	free(to_contact.v);
	for (int i = 0; i <= CPL_NHANDLING; i++)
		free(to_fin[i].v);
	free(to_review[0].v);
	free(to_review[1].v);
	if (rc)
		cpl_bulletin_release(b);
	return rc;
}

void cpl_bulletin_release(struct cpl_bulletin *b)
{
	if (!b)
		return;
	free(b->rows);
	b->rows = NULL;
	b->n = 0;
}

void cpl_bulletin_csv(const struct cpl_bulletin *b, struct buf *out)
{
	buf_adds(out, CPL_BULLETIN_HEADER "\n");
	for (size_t i = 0; i < b->n; i++) {
		csv_cell(out, b->rows[i].measure);
		buf_addc(out, ',');
		csv_cell(out, b->rows[i].group);
		buf_addc(out, ',');
		csv_cell(out, b->rows[i].value);
		buf_addc(out, '\n');
	}
}

const struct cpl_row *cpl_bulletin_get(const struct cpl_bulletin *b, const char *measure, const char *group)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->rows[i].measure, measure) == 0 && strcmp(b->rows[i].group, group) == 0)
			return &b->rows[i];
	return NULL;
}

/* ---- publication ---- */

static struct cpl_row *find_row(struct cpl_bulletin *b, const char *measure, const char *group)
{
	return (struct cpl_row *)cpl_bulletin_get(b, measure, group);
}

static void withhold(struct cpl_row *r)
{
	if (r && *r->value)
		snprintf(r->value, sizeof r->value, "[c]");
}

static int withheld(const struct cpl_row *r) { return r && strcmp(r->value, "[c]") == 0; }

/* Complementary suppression over the rows of measure (skipping group
 * `except`), parts of the published total row. */
static void suppress_group(struct cpl_bulletin *b, const char *measure, const char *except, struct cpl_row *total,
                           int64_t k)
{
	int64_t v[128] = { 0 };
	size_t idx[128], n = 0;
	unsigned char sup[128] = { 0 };
	for (size_t i = 0; i < b->n && n < 128; i++)
		if (strcmp(b->rows[i].measure, measure) == 0 && (!except || strcmp(b->rows[i].group, except))) {
			v[n] = b->rows[i].base;
			idx[n++] = i;
		}
	int total_too = disclosure_suppress(v, n, k, total && !withheld(total), sup);
	for (size_t j = 0; j < n; j++)
		if (sup[j])
			withhold(&b->rows[idx[j]]);
	if (total_too)
		withhold(total);
}

/* Disclosure control on a computed bulletin (see complaints_bulletin_public). */
static void bulletin_suppress(struct store *st, struct cpl_bulletin *b)
{
	int64_t k = disclosure_k(st);
	for (size_t i = 0; i < b->n; i++) /* primary: counts and the figures computed over fewer than k */
		if (b->rows[i].base > 0 && b->rows[i].base < k)
			withhold(&b->rows[i]);
	suppress_group(b, "cases_logged", "all", find_row(b, "cases_logged", "all"), k);
	suppress_group(b, "sch3_reason_pct", NULL, find_row(b, "cases_logged", "schedule3"), k);
	suppress_group(b, "allegations_by_category", NULL, find_row(b, "allegations_logged", "all"), k);
	if (withheld(find_row(b, "cases_logged", "all")))
		withhold(find_row(b, "cases_per_1000_employees", "all"));
	if (withheld(find_row(b, "allegations_logged", "all")))
		withhold(find_row(b, "allegations_per_1000_employees", "all"));
	if (withheld(find_row(b, "cases_logged", "schedule3")))
		for (int i = 0; i < CPL_NREASONS; i++)
			withhold(find_row(b, "sch3_reason_pct", cpl_sch3_reasons[i]));
	static const char *const bodies[2] = { "lpb", "iopc" };
	for (int i = 0; i < 2; i++)
		if (withheld(find_row(b, "reviews_completed", bodies[i])))
			withhold(find_row(b, "reviews_upheld_pct", bodies[i]));
}

int complaints_bulletin_public(struct store *st, const char *from, const char *to, struct cpl_bulletin *b,
                               struct err *e)
{
	if (complaints_bulletin(st, NULL, from, to, -1, b, e))
		return -1;
	bulletin_suppress(st, b);
	return 0;
}

int complaints_bulletin_view(struct store *st, const struct actor *who, const char *from, const char *to,
                             struct cpl_bulletin *b, struct err *e)
{
	if (complaints_bulletin(st, who, from, to, -1, b, e))
		return -1;
	if (!actor_has(who, ROLE_EQUALITY))
		bulletin_suppress(st, b);
	return 0;
}

int complaints_public_text(struct store *st, char *out, size_t n, struct err *e)
{
	out[0] = 0;
	return store_text(st, e, out, n, "SELECT value FROM config WHERE key = 'complaints.public_text'", "") < 0 ? -1 : 0;
}
