/* training.c — training and policy acknowledgement (see training.h).
 * Compliance is computed in memory, not in SQL: one query each for the
 * catalogue, the people active on the day, the supervisors and the latest
 * completion per person and course, then the rule runs on day numbers. That
 * keeps the rule in one C function (tested against hand-worked cases) and
 * the whole force (35,000 people, 10 courses) well inside 200 ms. */
#include "domain/training.h"
#include "core/date.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/csv_import.h"
#include "domain/disclosure.h"
#include "domain/listing.h"
#include "domain/validate.h"
#include "store/store.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const training_applies_names[] = { "all", "officers", "staff", "supervisors", NULL };

const char *training_applies_label(int applies)
{
	static const char *const labels[] = { "Everyone", "Officers and specials", "Police staff", "Supervisors" };
	return applies >= 0 && applies < TR_NAPPLIES ? labels[applies] : "";
}

const struct status_def training_statuses[TR_NSTATE] = {
	[TR_COMPLETE] = { "complete", "Complete", "green", NULL },
	[TR_DUE] = { "due", "Due", "yellow", NULL },
	[TR_OVERDUE] = { "overdue", "Overdue", "red", NULL },
};

const struct status_def policy_statuses[POL_NSTATE] = {
	[POL_ACKNOWLEDGED] = { "acknowledged", "Acknowledged", "green", NULL },
	[POL_DUE] = { "due", "To acknowledge", "yellow", NULL },
	[POL_OVERDUE] = { "overdue", "Overdue", "red", NULL },
};

/* ---- the rule ---- */

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

long training_add_months(long z, int months)
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	long t = (long)y * 12 + (m - 1) + months;
	y = (int)(t / 12);
	m = (int)(t % 12) + 1;
	int last = days_in_month(y, m);
	return days_from_civil(y, m, d > last ? last : d);
}

/* The rule on day numbers; last < 0: no completion. *due -1: none. */
static enum training_state rule_days(int every, int within, long start, long last, long asof, long *due)
{
	if (last >= 0) {
		if (every == 0) {
			*due = -1;
			return TR_COMPLETE;
		}
		*due = training_add_months(last, every);
		if (*due > asof)
			return TR_COMPLETE;
	} else {
		*due = start + within;
	}
	return *due >= asof ? TR_DUE : TR_OVERDUE;
}

enum training_state training_rule(int every_months, int within_days, const char *start, const char *last,
                                  const char *asof, char due[11])
{
	long d = -1;
	enum training_state s = rule_days(every_months, within_days, date_days(start), last && *last ? date_days(last) : -1,
	                                  date_days(asof), &d);
	due[0] = 0;
	if (d >= 0)
		date_format(d, due);
	return s;
}

static int applies_parse(const char *s) { return index_of(s, training_applies_names); }

/* The hot loop's helpers (35,000 people x 10 courses): dates read from the
 * database are YYYY-MM-DD as written, so parse and format them without
 * strtol/snprintf; anything else goes the checked way. */
static long day_of(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (unsigned)(s[i] - '0') > 9)
			return date_days(s);
	if (s[10])
		return date_days(s);
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return date_days(s);
	return days_from_civil(y, m, d);
}

static void day_text(long z, char out[11])
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	if (y < 0 || y > 9999) {
		date_format(z, out);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = 0;
}

/* copy() without snprintf: src cut short to fit n bytes. */
static void put(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

/* A whole number from 0 to max, or -1. */
static long parse_count(const char *s, long max)
{
	if (!*s || strlen(s) > 6)
		return -1;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	long v = strtol(s, NULL, 10);
	return v <= max ? v : -1;
}

/* ---- the catalogue ---- */

int training_courses(struct store *st, training_course_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, name, applies_to, every_months, within_days FROM training_courses "
	                "ORDER BY position, id", ""))
		return -1;
	struct training_course c;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&c, 0, sizeof c);
		c.id = stmt_int(s, 0);
		copy(c.name, sizeof c.name, stmt_text(s, 1));
		c.applies = applies_parse(stmt_text(s, 2));
		c.every_months = (int)stmt_int(s, 3);
		c.within_days = (int)stmt_int(s, 4);
		stop = fn(ctx, &c);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* ---- imports ---- */

/* Names already seen in this file (a second row for the same name is refused). */
struct seen_names {
	char **v;
	size_t n;
};

static int seen_add(struct seen_names *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return 1;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = xstrdup(name);
	return 0;
}

static void seen_release(struct seen_names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

enum { CC_COURSE, CC_APPLIES, CC_EVERY, CC_WITHIN, CC_NCOL };

static int course_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *name = csv_field(c, CC_COURSE), *ap = csv_field(c, CC_APPLIES);
	if (!*name)
		return csv_row_error(e, c, "course", "required");
	if (strlen(name) > 127)
		return csv_row_error(e, c, "course", "must be 127 characters or fewer");
	if (seen_add(im->ctx, name))
		return csv_row_error(e, c, "course", "\"%s\" appears twice in the file", name);
	int applies = applies_parse(ap);
	if (applies < 0)
		return csv_row_error(e, c, "applies_to", "\"%s\" is not one of all, officers, staff, supervisors", ap);
	long every = parse_count(csv_field(c, CC_EVERY), 240);
	if (every < 0)
		return csv_row_error(e, c, "every_months", "\"%s\" is not a whole number from 0 to 240",
		                     csv_field(c, CC_EVERY));
	long within = parse_count(csv_field(c, CC_WITHIN), 3650);
	if (within < 0)
		return csv_row_error(e, c, "within_days_of_start", "\"%s\" is not a whole number from 0 to 3650",
		                     csv_field(c, CC_WITHIN));
	struct stmt *s;
	if (store_query(im->st, &s, e, "SELECT id, applies_to, every_months, within_days FROM training_courses "
	                "WHERE name = ?", "t", name))
		return -1;
	int r = stmt_next(s, e);
	int64_t id = r == 1 ? stmt_int(s, 0) : 0;
	int same = r == 1 && !strcmp(stmt_text(s, 1), ap) && stmt_int(s, 2) == every && stmt_int(s, 3) == within;
	stmt_done(s);
	if (r < 0)
		return -1;
	if (same)
		return 0;
	if (id) {
		if (store_exec(im->st, e, "UPDATE training_courses SET applies_to = ?, every_months = ?, within_days = ? "
		               "WHERE id = ?", "tiii", ap, (int64_t)every, (int64_t)within, id))
			return -1;
		im->n.updated++;
		return 0;
	}
	if (store_exec(im->st, e,
	               "INSERT INTO training_courses(name, applies_to, every_months, within_days, position) "
	               "VALUES(?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM training_courses))",
	               "ttii", name, ap, (int64_t)every, (int64_t)within))
		return -1;
	im->n.created++;
	return 0;
}

int training_courses_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { TRAINING_COURSES_HEADER, CC_NCOL, "training_courses", NULL,
		                                     course_row, NULL };
	struct seen_names seen = { 0 };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &seen };
	int r = csv_import_file(&spec, &im, path, e);
	seen_release(&seen);
	*s = im.n;
	return r;
}

enum { CT_STAFF, CT_COURSE, CT_COMPLETED, CT_NCOL };

struct completion_ctx {
	char today[11];
	char now[21];
};

static int completion_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct completion_ctx *x = im->ctx;
	const char *sn = csv_field(c, CT_STAFF), *course = csv_field(c, CT_COURSE), *done = csv_field(c, CT_COMPLETED);
	int64_t pid, cid;
	if (!*sn)
		return csv_row_error(e, c, "staff_number", "required");
	int r = store_int(im->st, e, &pid, "SELECT id FROM people WHERE staff_number = ?", "t", sn);
	if (r < 0)
		return -1;
	if (!r)
		return csv_row_error(e, c, "staff_number", "no person with staff number %s", sn);
	r = store_int(im->st, e, &cid, "SELECT id FROM training_courses WHERE name = ?", "t", course);
	if (r < 0)
		return -1;
	if (!r)
		return csv_row_error(e, c, "course", "\"%s\" is not a course in the catalogue", course);
	if (!date_valid(done))
		return csv_row_error(e, c, "completed", "%s is not a date (YYYY-MM-DD)", *done ? done : "(empty)");
	if (strcmp(done, x->today) > 0)
		return csv_row_error(e, c, "completed", "%s is in the future", done);
	if (store_exec(im->st, e,
	               "INSERT INTO training_completions(person_id, course_id, completed_on, source, created_at) "
	               "VALUES(?, ?, ?, 'import', ?) ON CONFLICT (person_id, course_id, completed_on) DO NOTHING",
	               "iitt", pid, cid, done, x->now))
		return -1;
	if (store_changes(im->st))
		im->n.created++;
	return 0;
}

int training_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { TRAINING_IMPORT_HEADER, CT_NCOL, "training_completions", NULL,
		                                     completion_row, NULL };
	struct completion_ctx x;
	date_today(x.today);
	time_now_iso(x.now);
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &x };
	int r = csv_import_file(&spec, &im, path, e);
	*s = im.n;
	return r;
}

enum { CP_POLICY, CP_VERSION, CP_PUBLISHED, CP_APPLIES, CP_SUMMARY, CP_NCOL };

static int policy_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *name = csv_field(c, CP_POLICY), *ver = csv_field(c, CP_VERSION), *pub = csv_field(c, CP_PUBLISHED);
	const char *ap = csv_field(c, CP_APPLIES), *sum = csv_field(c, CP_SUMMARY);
	if (!*name)
		return csv_row_error(e, c, "policy", "required");
	if (strlen(name) > 127)
		return csv_row_error(e, c, "policy", "must be 127 characters or fewer");
	if (!*ver || strlen(ver) > 31)
		return csv_row_error(e, c, "version", "required, 31 characters or fewer");
	if (!date_valid(pub))
		return csv_row_error(e, c, "published", "%s is not a date (YYYY-MM-DD)", *pub ? pub : "(empty)");
	if (applies_parse(ap) < 0)
		return csv_row_error(e, c, "applies_to", "\"%s\" is not one of all, officers, staff, supervisors", ap);
	if (strlen(sum) > 500)
		return csv_row_error(e, c, "summary", "must be 500 characters or fewer");
	char key[200];
	snprintf(key, sizeof key, "%s\n%s", name, ver);
	if (seen_add(im->ctx, key))
		return csv_row_error(e, c, "version", "%s version %s appears twice in the file", name, ver);
	int64_t pid = 0;
	char have[16] = "";
	struct stmt *s;
	if (store_query(im->st, &s, e, "SELECT id, applies_to FROM policies WHERE name = ?", "t", name))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		pid = stmt_int(s, 0);
		copy(have, sizeof have, stmt_text(s, 1));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	int changed = 0;
	if (!pid) {
		if (store_exec(im->st, e, "INSERT INTO policies(name, applies_to, position) "
		               "VALUES(?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM policies))", "tt", name, ap))
			return -1;
		pid = store_last_id(im->st);
		changed = 2;
	} else if (strcmp(have, ap)) {
		if (store_exec(im->st, e, "UPDATE policies SET applies_to = ? WHERE id = ?", "ti", ap, pid))
			return -1;
		changed = 1;
	}
	if (store_query(im->st, &s, e, "SELECT id, published_on, summary FROM policy_versions "
	                "WHERE policy_id = ? AND version = ?", "it", pid, ver))
		return -1;
	r = stmt_next(s, e);
	int64_t vid = r == 1 ? stmt_int(s, 0) : 0;
	int same = r == 1 && !strcmp(stmt_text(s, 1), pub) && !strcmp(stmt_text(s, 2), sum);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (!vid) {
		if (store_exec(im->st, e, "INSERT INTO policy_versions(policy_id, version, published_on, summary) "
		               "VALUES(?, ?, ?, ?)", "itt" "t", pid, ver, pub, sum))
			return -1;
		changed = 2;
	} else if (!same) {
		if (store_exec(im->st, e, "UPDATE policy_versions SET published_on = ?, summary = ? WHERE id = ?", "tti",
		               pub, sum, vid))
			return -1;
		if (!changed)
			changed = 1;
	}
	if (changed == 2)
		im->n.created++;
	else if (changed == 1)
		im->n.updated++;
	return 0;
}

int training_policies_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { TRAINING_POLICIES_HEADER, CP_NCOL, "policies", NULL, policy_row,
		                                     NULL };
	struct seen_names seen = { 0 };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &seen };
	int r = csv_import_file(&spec, &im, path, e);
	seen_release(&seen);
	*s = im.n;
	return r;
}

/* ---- attendance ---- */

#define ATTENDANCE_MAX 500

int training_may_record(struct store *st, const struct actor *who, struct err *e)
{
	return alog_require(st, who, TRAINING_RECORDERS, "create", "training_attendance", 0,
	                    "Only the training lead or an administrator can record attendance", e);
}

int training_record_attendance(struct store *st, const struct actor *who, int64_t course_id, const char *date,
                               const char *staff_numbers, long *n, struct errlist *errs, struct err *e)
{
	*n = 0;
	if (training_may_record(st, who, e))
		return -1;
	char today[11], now[21];
	date_today(today);
	time_now_iso(now);
	int64_t have = 0;
	if (!course_id)
		errlist_add(errs, "course", "Select the course or briefing");
	else if (store_int(st, e, &have, "SELECT id FROM training_courses WHERE id = ?", "i", course_id) < 0)
		return -1;
	else if (!have)
		errlist_add(errs, "course", "Select one of the courses listed");
	const char *d = nz(date);
	if (!*d)
		errlist_add(errs, "date", "Enter the date of the course or briefing");
	else if (!date_valid(d))
		errlist_add(errs, "date", "Date must be a real date");
	else if (strcmp(d, today) > 0)
		errlist_add(errs, "date", "Date must be today or in the past");
	/* Split the staff numbers; each must be known. */
	int64_t *ids = xcalloc(ATTENDANCE_MAX, sizeof *ids);
	size_t nids = 0;
	int rc = -1;
	const char *p = nz(staff_numbers);
	if (strlen(p) > 20000)
		errlist_add(errs, "staff_numbers", "List at most %d staff numbers", ATTENDANCE_MAX);
	else {
		while (*p && !errlist_get(errs, "staff_numbers")) {
			while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ';')
				p++;
			size_t len = 0;
			while (p[len] && !strchr(" ,\n\r\t;", p[len]))
				len++;
			if (!len)
				break;
			char sn[40];
			if (len >= sizeof sn) {
				errlist_add(errs, "staff_numbers", "\"%.20s...\" is not a staff number", p);
				break;
			}
			memcpy(sn, p, len);
			sn[len] = 0;
			p += len;
			if (nids == ATTENDANCE_MAX) {
				errlist_add(errs, "staff_numbers", "List at most %d staff numbers", ATTENDANCE_MAX);
				break;
			}
			int r = store_int(st, e, &ids[nids], "SELECT id FROM people WHERE staff_number = ?", "t", sn);
			if (r < 0)
				goto out;
			if (!r)
				errlist_add(errs, "staff_numbers", "No person has the staff number %s", sn);
			else
				nids++;
		}
		if (!nids && !errlist_get(errs, "staff_numbers"))
			errlist_add(errs, "staff_numbers", "Enter the staff numbers of the people who attended");
	}
	if (errs->n) {
		rc = err_set(e, ERR_INPUT, "There is a problem with the attendance");
		goto out;
	}
	if (store_begin(st, e))
		goto out;
	for (size_t i = 0; i < nids; i++) {
		if (store_exec(st, e,
		               "INSERT INTO training_completions(person_id, course_id, completed_on, source, recorded_by, "
		               "created_at) VALUES(?, ?, ?, 'attendance', ?, ?) "
		               "ON CONFLICT (person_id, course_id, completed_on) DO NOTHING",
		               "iiti" "t", ids[i], course_id, d, who->account_id, now)) {
			store_rollback(st);
			goto out;
		}
		*n += store_changes(st) > 0;
	}
	char detail[80];
	snprintf(detail, sizeof detail, "%s: %zu listed, %ld new", d, nids, *n);
	if (alog_writei(st, who, "create", "training_attendance", course_id, "ok", detail, e)) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, e);
out:
	if (rc)
		*n = 0;
	free(ids);
	return rc;
}

/* ---- compliance, in memory ---- */

struct c_person {
	int64_t id;
	char staff_number[32];
	char name[200];
	char kind[12];
	long start;
	int unit;          /* index into calc.units, -1 none */
	int supervisor;
};

struct c_unit {
	int64_t id, parent_id;
	int parent;        /* index, -1 top */
	char name[128];
	char kind[16];
};

struct calc {
	long asof;
	char asof_text[11];
	struct training_course *courses;
	size_t ncourses;
	struct c_person *people;
	size_t npeople;
	struct c_unit *units;
	size_t nunits;
	int *by_id;        /* person id -> index + 1 (0: not loaded) */
	int64_t max_id;
	long *last;        /* [person * ncourses + course]: day number, -1 none */
};

static void calc_release(struct calc *c)
{
	free(c->courses);
	free(c->people);
	free(c->units);
	free(c->by_id);
	free(c->last);
	memset(c, 0, sizeof *c);
}

static int course_add(void *ctx, const struct training_course *tc)
{
	struct calc *c = ctx;
	c->courses = xrealloc(c->courses, (c->ncourses + 1) * sizeof *c->courses);
	c->courses[c->ncourses++] = *tc;
	return 0;
}

static int cmp_unit_id(const void *a, const void *b)
{
	int64_t x = ((const struct c_unit *)a)->id, y = ((const struct c_unit *)b)->id;
	return x < y ? -1 : x > y;
}

static int unit_index(const struct calc *c, int64_t id)
{
	struct c_unit key = { .id = id };
	const struct c_unit *u = bsearch(&key, c->units, c->nunits, sizeof key, cmp_unit_id);
	return u ? (int)(u - c->units) : -1;
}

static int cmp_staff(const void *a, const void *b)
{
	return strcmp(((const struct c_person *)a)->staff_number, ((const struct c_person *)b)->staff_number);
}

static int person_index(const struct calc *c, int64_t id)
{
	return id > 0 && id <= c->max_id ? c->by_id[id] - 1 : -1;
}

/* Resolve f's as_of (or today) into c->asof; ERR_INPUT when it is not a date. */
static int asof_set(struct calc *c, const char *as_of, struct err *e)
{
	if (as_of && *as_of) {
		if (!date_valid(as_of))
			return err_set(e, ERR_INPUT, "The date must be a real date, like 2026-12-01");
		copy(c->asof_text, sizeof c->asof_text, as_of);
	} else {
		date_today(c->asof_text);
	}
	c->asof = date_days(c->asof_text);
	return 0;
}

/* Load the catalogue, the units and the people active on c->asof (only
 * person, or only manager's direct reports, when non-zero), with whether
 * each is a supervisor and their latest completion of each course. */
static int calc_load(struct store *st, struct calc *c, int64_t person, int64_t manager, struct err *e)
{
	struct stmt *s;
	int r;
	if (training_courses(st, course_add, c, e))
		return -1;
	if (store_query(st, &s, e, "SELECT id, COALESCE(parent_id, 0), name, kind FROM units", ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		c->units = xrealloc(c->units, (c->nunits + 1) * sizeof *c->units);
		struct c_unit *u = &c->units[c->nunits++];
		u->id = stmt_int(s, 0);
		u->parent_id = stmt_int(s, 1);
		copy(u->name, sizeof u->name, stmt_text(s, 2));
		copy(u->kind, sizeof u->kind, stmt_text(s, 3));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (c->nunits)   /* no units: nothing to sort (qsort of NULL is undefined) */
		qsort(c->units, c->nunits, sizeof *c->units, cmp_unit_id);
	for (size_t i = 0; i < c->nunits; i++)
		c->units[i].parent = c->units[i].parent_id ? unit_index(c, c->units[i].parent_id) : -1;

	/* one person, or one manager's team, through their indexes (the
	 * header's count asks for these on every page: issue 25) */
	if (person && !manager ? store_query(st, &s, e,
	                                     "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, p.kind, "
	                                     "p.start_date, COALESCE(p.unit_id, 0) FROM people p WHERE p.id = ?2 "
	                                     "AND p.start_date <> '' AND p.start_date <= ?1 "
	                                     "AND (p.leave_date = '' OR p.leave_date > ?1)",
	                                     "ti", c->asof_text, person)
	    : manager && !person ? store_query(st, &s, e,
	                                       "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, p.kind, "
	                                       "p.start_date, COALESCE(p.unit_id, 0) FROM people p WHERE p.manager_id = ?2 "
	                                       "AND p.start_date <> '' AND p.start_date <= ?1 "
	                                       "AND (p.leave_date = '' OR p.leave_date > ?1)",
	                                       "ti", c->asof_text, manager)
	    : store_query(st, &s, e,
	                  "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, p.kind, p.start_date, "
	                  "COALESCE(p.unit_id, 0) FROM people p "
	                  "WHERE p.start_date <> '' AND p.start_date <= ?1 AND (p.leave_date = '' OR p.leave_date > ?1) "
	                  "AND (?2 = 0 OR p.id = ?2) AND (?3 = 0 OR p.manager_id = ?3)",
	                  "tii", c->asof_text, person, manager))
		return -1;
	size_t cap = 0;
	while ((r = stmt_next(s, e)) == 1) {
		c->people = xgrow(c->people, c->npeople, &cap, 256, sizeof *c->people);
		struct c_person *p = &c->people[c->npeople++];
		p->id = stmt_int(s, 0);
		put(p->staff_number, sizeof p->staff_number, stmt_text(s, 1));
		put(p->name, sizeof p->name, stmt_text(s, 2));
		put(p->kind, sizeof p->kind, stmt_text(s, 3));
		p->start = day_of(stmt_text(s, 4));
		int64_t uid = stmt_int(s, 5);
		p->unit = uid ? unit_index(c, uid) : -1;
		p->supervisor = 0;
		if (p->id > c->max_id)
			c->max_id = p->id;
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (c->npeople)
		qsort(c->people, c->npeople, sizeof *c->people, cmp_staff);
	c->by_id = xcalloc((size_t)c->max_id + 1, sizeof *c->by_id);
	for (size_t i = 0; i < c->npeople; i++)
		c->by_id[c->people[i].id] = (int)i + 1;

	/* Supervisors: line-manage at least one person active on the day;
	 * for one person or a team, each asked through people_manager. */
	if (person || manager) {
		for (size_t i = 0; i < c->npeople; i++) {
			int64_t one = 0;
			r = store_int(st, e, &one,
			              "SELECT 1 FROM people WHERE manager_id = ?2 AND start_date <> '' AND start_date <= ?1 "
			              "AND (leave_date = '' OR leave_date > ?1) LIMIT 1",
			              "ti", c->asof_text, c->people[i].id);
			if (r < 0)
				return -1;
			c->people[i].supervisor = r == 1;
		}
	} else if (store_query(st, &s, e,
	                "SELECT DISTINCT manager_id FROM people WHERE manager_id IS NOT NULL AND start_date <> '' "
	                "AND start_date <= ?1 AND (leave_date = '' OR leave_date > ?1)", "t", c->asof_text))
		return -1;
	else {
		while ((r = stmt_next(s, e)) == 1) {
			int i = person_index(c, stmt_int(s, 0));
			if (i >= 0)
				c->people[i].supervisor = 1;
		}
		stmt_done(s);
		if (r < 0)
			return -1;
	}

	size_t cells = c->npeople * (c->ncourses ? c->ncourses : 1);
	c->last = xmalloc(cells * sizeof *c->last);
	for (size_t i = 0; i < cells; i++)
		c->last[i] = -1;
	/* Every completion on or before the day, the latest kept here: SQLite's
	 * GROUP BY with MAX costs five times the plain scan over 400,000 rows.
	 * The whole force takes the statement without the person and team
	 * conditions, cheaper again. */
	if (!person && !manager ? store_query(st, &s, e,
	                                      "SELECT person_id, course_id, completed_on FROM training_completions "
	                                      "WHERE completed_on <= ?1", "t", c->asof_text)
	    : person && !manager ? store_query(st, &s, e,
	                                       "SELECT t.person_id, t.course_id, t.completed_on FROM training_completions t "
	                                       "WHERE t.person_id = ?2 AND t.completed_on <= ?1", "ti", c->asof_text, person)
	    : manager && !person ? store_query(st, &s, e,
	                                       "SELECT t.person_id, t.course_id, t.completed_on FROM training_completions t "
	                                       "WHERE t.person_id IN (SELECT id FROM people WHERE manager_id = ?2) "
	                                       "AND t.completed_on <= ?1", "ti", c->asof_text, manager)
	                        : store_query(st, &s, e,
	                                      "SELECT t.person_id, t.course_id, t.completed_on "
	                                      "FROM training_completions t "
	                                      "WHERE t.completed_on <= ?1 AND (?2 = 0 OR t.person_id = ?2) "
	                                      "AND (?3 = 0 OR t.person_id IN (SELECT id FROM people WHERE manager_id = ?3))",
	                                      "tii", c->asof_text, person, manager))
		return -1;
	size_t k = 0;
	while ((r = stmt_next(s, e)) == 1) {
		int i = person_index(c, stmt_int(s, 0));
		int64_t cid = stmt_int(s, 1);
		if (i < 0 || !c->ncourses)
			continue;
		if (c->courses[k].id != cid) /* rows come by person then course: try the last one first */
			for (k = 0; k < c->ncourses && c->courses[k].id != cid; k++)
				;
		if (k == c->ncourses) {
			k = 0;
			continue;
		}
		long d = day_of(stmt_text(s, 2)), *cell = &c->last[(size_t)i * c->ncourses + k];
		if (d > *cell)
			*cell = d;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

static int applies_to(int applies, const struct c_person *p)
{
	switch (applies) {
	case TR_APPLIES_ALL: return 1;
	case TR_APPLIES_OFFICERS: return !strcmp(p->kind, "officer") || !strcmp(p->kind, "special");
	case TR_APPLIES_STAFF: return !strcmp(p->kind, "staff");
	case TR_APPLIES_SUPERVISORS: return p->supervisor;
	}
	return 0;
}

/* Whether unit index u is unit index top or below it. */
static int unit_under(const struct calc *c, int u, int top)
{
	for (int steps = 0; u >= 0 && steps < 64; steps++, u = c->units[u].parent)
		if (u == top)
			return 1;
	return 0;
}

static const char *const scope_names[] = { [TR_OWN] = "own", [TR_TEAM] = "team", [TR_FORCE] = "force" };

int training_list(struct store *st, const struct actor *who, enum training_scope scope,
                  const struct training_filter *f, training_row_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (scope == TR_FORCE && !actor_has(who, TRAINING_READERS)) {
		alog_write(st, who, "view", "training_compliance", "force", "refused", "role", NULL);
		return err_set(e, ERR_DENIED,
		               "Only Professional Standards, the training lead and administrators can see the force's training");
	}
	if (scope == TR_TEAM && !actor_has(who, ROLE_MANAGER)) {
		alog_write(st, who, "view", "training_compliance", "team", "refused", "not a line manager", NULL);
		return err_set(e, ERR_DENIED, "Only a line manager can see their team's training");
	}
	struct calc c = { 0 };
	if (asof_set(&c, f->as_of, e))
		return -1;
	const char *status = nz(f->status);
	int want = status_table_index(training_statuses, TR_NSTATE, status);
	int outstanding = !strcmp(status, "outstanding");
	if (*status && want < 0 && !outstanding)
		return err_set(e, ERR_INPUT, "Select a status from the list");
	if (alog_list(st, who, "training_compliance", scope_names[scope], e,
	              "as_of=%s unit=%lld course=%lld status=%s joiners=%d person=%lld page=%d", c.asof_text,
	              (long long)f->unit_id, (long long)f->course_id, status, f->joiners, (long long)f->person_id,
	              f->page))
		return -1;
	if (scope != TR_FORCE && !who->person_id)
		return 0;
	int rc = -1;
	if (calc_load(st, &c, scope == TR_OWN ? who->person_id : 0, scope == TR_TEAM ? who->person_id : 0, e))
		goto out;
	int top = f->unit_id ? unit_index(&c, f->unit_id) : -1;
	if (f->unit_id && top < 0) {
		rc = 0; /* no such unit: nothing matches */
		goto out;
	}
	int64_t limit = list_limit(f->per_page), first = list_offset(f->per_page, f->page);
	struct training_row *row = xmalloc(sizeof *row);
	long n = 0;
	int stop = 0;
	for (size_t i = 0; i < c.npeople; i++) {
		const struct c_person *p = &c.people[i];
		if ((top >= 0 && !unit_under(&c, p->unit, top)) || (f->person_id && p->id != f->person_id))
			continue;
		for (size_t k = 0; k < c.ncourses; k++) {
			const struct training_course *tc = &c.courses[k];
			if ((f->course_id && tc->id != f->course_id) || !applies_to(tc->applies, p))
				continue;
			long last = c.last[i * c.ncourses + k], due;
			enum training_state s = rule_days(tc->every_months, tc->within_days, p->start, last, c.asof, &due);
			int joiner = last < 0 && s == TR_OVERDUE;
			if ((want >= 0 && (int)s != want) || (outstanding && s == TR_COMPLETE) || (f->joiners && !joiner))
				continue;
			n++;
			if (stop || n <= first || (limit >= 0 && n > first + limit))
				continue;
			row->id = n;
			row->person_id = p->id;
			row->course_id = tc->id;
			put(row->staff_number, sizeof row->staff_number, p->staff_number);
			put(row->name, sizeof row->name, p->name);
			put(row->unit, sizeof row->unit, p->unit >= 0 ? c.units[p->unit].name : "");
			put(row->course, sizeof row->course, tc->name);
			put(row->status, sizeof row->status, training_statuses[s].value);
			row->due[0] = row->last[0] = 0;
			if (due >= 0)
				day_text(due, row->due);
			if (last >= 0)
				day_text(last, row->last);
			row->joiner = joiner;
			stop = fn(ctx, row);
		}
	}
	free(row);
	*total = n;
	rc = 0;
out:
	calc_release(&c);
	return rc;
}

/* ---- the register and the CLI's CSV ---- */

#define RECORD_TYPE struct training_row
static const struct field_desc fields[] = { TRAINING_ROW_FIELDS(RECORD_FIELD) };
#define CONTRACT_FIELD(name, col) { FIELD_TEXT, offsetof(RECORD_TYPE, name), sizeof(((RECORD_TYPE *)0)->name), NULL, col }
static const struct field_desc contract_fields[] = {
	CONTRACT_FIELD(staff_number, "staff_number"), CONTRACT_FIELD(course, "course"),
	CONTRACT_FIELD(status, "status"), CONTRACT_FIELD(due, "due"),
};
#undef RECORD_TYPE

static const char *status_label(const char *v) { return status_table_label(training_statuses, TR_NSTATE, v); }

static const struct record_def record = { fields, sizeof fields / sizeof fields[0], sizeof(struct training_row),
	                                  offsetof(struct training_row, id), NULL, status_label };
static const struct record_def contract = { contract_fields, 4, sizeof(struct training_row),
	                                    offsetof(struct training_row, id), NULL, NULL };

struct reg_typed {
	record_fn fn;
	void *ctx;
};

static int reg_call(void *ctx, const struct training_row *r)
{
	struct reg_typed *t = ctx;
	return t->fn(t->ctx, r);
}

static int reg_list(struct store *st, const struct actor *who, int scope, const void *filter, int all, record_fn fn,
                    void *ctx, long *total, struct err *e)
{
	struct training_filter f = *(const struct training_filter *)filter;
	if (all) {
		f.page = 1;
		f.per_page = -1;
	}
	struct reg_typed t = { fn, ctx };
	return training_list(st, who, (enum training_scope)scope, &f, reg_call, &t, total, e);
}

const struct register_def training_register_def = {
	.record = &record,
	.list = reg_list,
	.get = NULL, /* rows are computed, not stored: there is no single record to fetch */
	.register_scope = TR_FORCE,
	.export_roles = TRAINING_READERS,
	.object_type = "training_compliance",
	.deny_msg = "Only Professional Standards, the training lead and administrators can export the force's training",
	.title = "Training compliance",
};

struct csv_ctx {
	struct sheet *sh;
};

static int contract_row(void *ctx, const struct training_row *r)
{
	struct csv_ctx *x = ctx;
	return record_sheet_row(&contract, r, x->sh) ? 1 : 0;
}

int training_compliance_csv(struct store *st, const struct actor *who, const char *as_of, struct buf *out,
                            struct err *e)
{
	if (alog_require(st, who, TRAINING_READERS, "export", "training_compliance", 0,
	                 "Only Professional Standards, the training lead and administrators can export it", e))
		return -1;
	struct sheet_col cols[RECORD_MAX_COLS];
	size_t ncols = record_cols(&contract, cols);
	struct csv_ctx x = { NULL };
	if (sheet_begin(&x.sh, SHEET_CSV, "Training compliance", cols, ncols, e))
		return -1;
	struct training_filter f = { .as_of = as_of, .page = 1, .per_page = -1 };
	long total = 0;
	if (training_list(st, who, TR_FORCE, &f, contract_row, &x, &total, e)) {
		sheet_free(x.sh);
		return -1;
	}
	if (sheet_end(x.sh, out, e))
		return -1;
	if (out->oom)
		return err_set(e, ERR_NOMEM, "export too large");
	char detail[64];
	snprintf(detail, sizeof detail, "csv, %ld rows, as of %s", total, nz(as_of));
	return alog_write(st, who, "export", "training_compliance", "csv", "ok", detail, e);
}

/* ---- by unit, published ---- */

struct unit_order_ctx {
	const struct calc *c;
	long (*n)[TR_NSTATE];
	training_unit_fn fn;
	void *ctx;
	int stop;
};

static int unit_visit(void *ctx, int64_t id, const char *name, int depth)
{
	struct unit_order_ctx *x = ctx;
	int u = unit_index(x->c, id);
	if (u < 0)
		return 0;
	long *n = x->n[u];
	if (!n[TR_COMPLETE] && !n[TR_DUE] && !n[TR_OVERDUE])
		return 0;
	struct training_unit_counts uc = { id, name, depth, { n[0], n[1], n[2] } };
	return x->stop = x->fn(x->ctx, &uc);
}

int training_by_unit(struct store *st, const struct actor *who, const char *as_of, int64_t course_id,
                     training_unit_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, TRAINING_READERS, "view", "training_by_unit", course_id,
	                 "Only Professional Standards, the training lead and administrators can see the force's training",
	                 e))
		return -1;
	struct calc c = { 0 };
	if (asof_set(&c, as_of, e))
		return -1;
	if (alog_list(st, who, "training_by_unit", "force", e, "as_of=%s course=%lld", c.asof_text,
	              (long long)course_id))
		return -1;
	int rc = -1;
	long (*n)[TR_NSTATE] = NULL;
	if (calc_load(st, &c, 0, 0, e))
		goto out;
	n = xcalloc(c.nunits ? c.nunits : 1, sizeof *n);
	for (size_t i = 0; i < c.npeople; i++) {
		const struct c_person *p = &c.people[i];
		for (size_t k = 0; k < c.ncourses; k++) {
			const struct training_course *tc = &c.courses[k];
			if ((course_id && tc->id != course_id) || !applies_to(tc->applies, p))
				continue;
			long due;
			enum training_state s =
				rule_days(tc->every_months, tc->within_days, p->start, c.last[i * c.ncourses + k], c.asof, &due);
			/* The unit and every unit above it: sub-units count in their parents' figures. */
			for (int u = p->unit, steps = 0; u >= 0 && steps < 64; u = c.units[u].parent, steps++)
				n[u][s]++;
		}
	}
	struct unit_order_ctx x = { &c, n, fn, ctx, 0 };
	rc = units_list(st, unit_visit, &x, e);
out:
	free(n);
	calc_release(&c);
	return rc;
}

int training_published(struct store *st, const struct actor *who, const char *as_of, training_published_fn fn,
                       void *ctx, struct err *e)
{
	struct calc c = { 0 };
	if (asof_set(&c, as_of, e))
		return -1;
	if (alog_list(st, who, "training_published", "force", e, "as_of=%s", c.asof_text))
		return -1;
	int rc = -1;
	long *n = NULL;
	if (calc_load(st, &c, 0, 0, e))
		goto out;
	long k = disclosure_k(st);
	/* n[(unit * ncourses + course) * 2 + complete?1:0] for directorates. */
	n = xcalloc((c.nunits ? c.nunits : 1) * (c.ncourses ? c.ncourses : 1) * 2, sizeof *n);
	for (size_t i = 0; i < c.npeople; i++) {
		const struct c_person *p = &c.people[i];
		int u = p->unit, steps = 0;
		while (u >= 0 && steps++ < 64 && strcmp(c.units[u].kind, "directorate"))
			u = c.units[u].parent;
		if (u < 0 || steps > 64)
			continue;
		for (size_t j = 0; j < c.ncourses; j++) {
			if (c.courses[j].applies != TR_APPLIES_ALL)
				continue;
			long due;
			enum training_state s = rule_days(c.courses[j].every_months, c.courses[j].within_days, p->start,
			                                  c.last[i * c.ncourses + j], c.asof, &due);
			n[((size_t)u * c.ncourses + j) * 2 + (s == TR_COMPLETE)]++;
		}
	}
	/* Directorates by name (units are sorted by id here). */
	int *order = xcalloc(c.nunits ? c.nunits : 1, sizeof *order);
	size_t nd = 0;
	for (size_t u = 0; u < c.nunits; u++)
		if (!strcmp(c.units[u].kind, "directorate")) {
			size_t at = nd++;
			while (at > 0 && strcmp(c.units[order[at - 1]].name, c.units[u].name) > 0) {
				order[at] = order[at - 1];
				at--;
			}
			order[at] = (int)u;
		}
	int stop = 0;
	for (size_t d = 0; d < nd && !stop; d++) {
		int u = order[d];
		for (size_t j = 0; j < c.ncourses && !stop; j++) {
			if (c.courses[j].applies != TR_APPLIES_ALL)
				continue;
			const long *cell = &n[((size_t)u * c.ncourses + j) * 2];
			int64_t v[2] = { cell[1], cell[0] }; /* complete, not complete */
			unsigned char sup[2] = { 0, 0 };
			long people = cell[0] + cell[1];
			int withheld = people < k || disclosure_suppress(v, 2, k, 1, sup) || sup[0] || sup[1];
			struct training_published p = { c.units[u].name, c.courses[j].name, withheld ? 0 : people, !withheld,
				                        withheld ? 0 : (int)((v[0] * 200 + people) / (2 * people)) };
			stop = fn(ctx, &p);
		}
	}
	free(order);
	rc = 0;
out:
	free(n);
	calc_release(&c);
	return rc;
}

/* ---- policies ---- */

struct c_version {
	int64_t id, policy_id;
	int applies;
	char policy[128];
	char version[32];
	char published[11];
	char summary[501];
};

/* The current version of each policy on asof, in the policies' order. */
static int current_versions(struct store *st, const char *asof, struct c_version **out, size_t *n, struct err *e)
{
	*out = NULL;
	*n = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT v.id, v.policy_id, p.applies_to, p.name, v.version, v.published_on, v.summary "
	                "FROM policy_versions v JOIN policies p ON p.id = v.policy_id WHERE v.published_on <= ? "
	                "ORDER BY p.position, p.id, v.published_on DESC, v.id DESC", "t", asof))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t pid = stmt_int(s, 1);
		if (*n && (*out)[*n - 1].policy_id == pid)
			continue; /* an older version */
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		struct c_version *v = &(*out)[(*n)++];
		v->id = stmt_int(s, 0);
		v->policy_id = pid;
		v->applies = applies_parse(stmt_text(s, 2));
		copy(v->policy, sizeof v->policy, stmt_text(s, 3));
		copy(v->version, sizeof v->version, stmt_text(s, 4));
		copy(v->published, sizeof v->published, stmt_text(s, 5));
		copy(v->summary, sizeof v->summary, stmt_text(s, 6));
	}
	stmt_done(s);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The day a person must acknowledge v by: policy_days after the later of
 * its publication and their start. */
static long policy_due(const struct c_version *v, long start, long days)
{
	long pub = date_days(v->published);
	return (pub > start ? pub : start) + days;
}

static long policy_days(struct store *st)
{
	int64_t d = config_int(st, "training.policy_days", 28);
	return d < 0 || d > 3650 ? 28 : (long)d;
}

/* Fill ps for person p (index i of c) and version v; 0, or -1. */
static int policy_fill(struct store *st, const struct calc *c, const struct c_person *p, const struct c_version *v,
                       long days, struct policy_status *ps, struct err *e)
{
	memset(ps, 0, sizeof *ps);
	ps->policy_id = v->policy_id;
	ps->version_id = v->id;
	copy(ps->policy, sizeof ps->policy, v->policy);
	copy(ps->version, sizeof ps->version, v->version);
	copy(ps->published, sizeof ps->published, v->published);
	copy(ps->summary, sizeof ps->summary, v->summary);
	int r = store_text(st, e, ps->acknowledged, sizeof ps->acknowledged,
	                   "SELECT acknowledged_at FROM policy_acknowledgements WHERE person_id = ? AND version_id = ?",
	                   "ii", p->id, v->id);
	if (r < 0)
		return -1;
	if (r) {
		ps->state = POL_ACKNOWLEDGED;
		return 0;
	}
	long due = policy_due(v, p->start, days);
	date_format(due, ps->due);
	ps->state = due >= c->asof ? POL_DUE : POL_OVERDUE;
	return 0;
}

/* The person's calc for today and the current versions; the caller releases. */
static int own_load(struct store *st, const struct actor *who, struct calc *c, struct c_version **v, size_t *nv,
                    struct err *e)
{
	*v = NULL;
	*nv = 0;
	if (asof_set(c, NULL, e) || calc_load(st, c, who->person_id, 0, e))
		return -1;
	return current_versions(st, c->asof_text, v, nv, e);
}

/* The status of each current policy version that applies to who today, to
 * fn (non-zero stops the walk); on_calc, when given, first sees who's calc.
 * Nothing when they are not in post today. */
static int each_own_policy(struct store *st, const struct actor *who, void (*on_calc)(void *ctx, const struct calc *c),
                           policy_status_fn fn, void *ctx, struct err *e)
{
	struct calc c = { 0 };
	struct c_version *v = NULL;
	size_t nv = 0;
	int rc = -1;
	if (own_load(st, who, &c, &v, &nv, e))
		goto out;
	rc = 0;
	if (!c.npeople)
		goto out; /* not active today */
	if (on_calc)
		on_calc(ctx, &c);
	long days = policy_days(st);
	struct policy_status ps;
	for (size_t i = 0; i < nv; i++) {
		if (!applies_to(v[i].applies, &c.people[0]))
			continue;
		if (policy_fill(st, &c, &c.people[0], &v[i], days, &ps, e)) {
			rc = -1;
			break;
		}
		if (fn(ctx, &ps))
			break;
	}
out:
	free(v);
	calc_release(&c);
	return rc;
}

int policy_mine(struct store *st, const struct actor *who, policy_status_fn fn, void *ctx, struct err *e)
{
	if (alog_list(st, who, "policy_acknowledgement", "own", e, "current versions"))
		return -1;
	if (!who->person_id)
		return 0;
	return each_own_policy(st, who, NULL, fn, ctx, e);
}

int policy_acknowledge(struct store *st, const struct actor *who, int64_t version_id, struct err *e)
{
	if (!who->person_id) {
		alog_writei(st, who, "acknowledge", "policy_version", version_id, "refused", "no staff record", NULL);
		return err_set(e, ERR_DENIED, "Only a member of staff can acknowledge a policy");
	}
	struct calc c = { 0 };
	struct c_version *v = NULL;
	size_t nv = 0;
	int rc = -1;
	if (own_load(st, who, &c, &v, &nv, e))
		goto out;
	const struct c_version *cur = NULL;
	for (size_t i = 0; i < nv; i++)
		if (v[i].id == version_id)
			cur = &v[i];
	if (!cur || !c.npeople || !applies_to(cur->applies, &c.people[0])) {
		alog_writei(st, who, "acknowledge", "policy_version", version_id, "refused",
		            "not a current version that applies to them", NULL);
		rc = err_set(e, ERR_NOTFOUND, "This is not a current policy version for you to acknowledge");
		goto out;
	}
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		goto out;
	if (store_exec(st, e,
	               "INSERT INTO policy_acknowledgements(person_id, version_id, acknowledged_at) VALUES(?, ?, ?) "
	               "ON CONFLICT (person_id, version_id) DO NOTHING", "iit", who->person_id, version_id, now) ||
	    alog_writei(st, who, "acknowledge", "policy_version", version_id, "ok",
	                store_changes(st) ? cur->policy : "already acknowledged", e)) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, e);
out:
	free(v);
	calc_release(&c);
	return rc;
}

int policy_summaries(struct store *st, const struct actor *who, policy_summary_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, TRAINING_READERS, "view", "policy_acknowledgement", 0,
	                 "Only Professional Standards, the training lead and administrators can see the force's figures",
	                 e))
		return -1;
	if (alog_list(st, who, "policy_acknowledgement", "force", e, "current versions"))
		return -1;
	struct calc c = { 0 };
	struct c_version *v = NULL;
	size_t nv = 0;
	unsigned char *acked = NULL;
	int rc = -1;
	if (asof_set(&c, NULL, e) || calc_load(st, &c, 0, 0, e) || current_versions(st, c.asof_text, &v, &nv, e))
		goto out;
	long days = policy_days(st);
	acked = xcalloc(c.npeople ? c.npeople : 1, 1);
	int stop = 0;
	for (size_t j = 0; j < nv && !stop; j++) {
		memset(acked, 0, c.npeople ? c.npeople : 1);
		struct stmt *s;
		if (store_query(st, &s, e, "SELECT person_id FROM policy_acknowledgements WHERE version_id = ?", "i",
		                v[j].id))
			goto out;
		int r;
		while ((r = stmt_next(s, e)) == 1) {
			int i = person_index(&c, stmt_int(s, 0));
			if (i >= 0)
				acked[i] = 1;
		}
		stmt_done(s);
		if (r < 0)
			goto out;
		struct policy_summary ps = { v[j].id, v[j].policy, v[j].version, v[j].published, 0, 0, 0 };
		for (size_t i = 0; i < c.npeople; i++) {
			if (!applies_to(v[j].applies, &c.people[i]))
				continue;
			ps.people++;
			if (acked[i])
				ps.acknowledged++;
			else if (policy_due(&v[j], c.people[i].start, days) < c.asof)
				ps.overdue++;
		}
		stop = fn(ctx, &ps);
	}
	rc = 0;
out:
	free(acked);
	free(v);
	calc_release(&c);
	return rc;
}

int policy_list(struct store *st, const struct actor *who, const struct policy_filter *f, policy_row_fn fn, void *ctx,
                long *total, struct err *e)
{
	*total = 0;
	if (alog_require(st, who, TRAINING_READERS, "view", "policy_acknowledgement", f->version_id,
	                 "Only Professional Standards, the training lead and administrators can see who has acknowledged",
	                 e))
		return -1;
	const char *status = nz(f->status);
	int want = status_table_index(policy_statuses, POL_NSTATE, status);
	int outstanding = !strcmp(status, "outstanding");
	if (*status && want < 0 && !outstanding)
		return err_set(e, ERR_INPUT, "Select a status from the list");
	if (alog_list(st, who, "policy_acknowledgement", "force", e, "version=%lld unit=%lld status=%s page=%d",
	              (long long)f->version_id, (long long)f->unit_id, status, f->page))
		return -1;
	struct calc c = { 0 };
	struct c_version *v = NULL;
	size_t nv = 0;
	char (*acked)[21] = NULL;
	struct policy_row *row = NULL;
	int rc = -1;
	if (asof_set(&c, NULL, e) || calc_load(st, &c, 0, 0, e) || current_versions(st, c.asof_text, &v, &nv, e))
		goto out;
	int top = f->unit_id ? unit_index(&c, f->unit_id) : -1;
	if (f->unit_id && top < 0) {
		rc = 0;
		goto out;
	}
	long days = policy_days(st);
	/* acked[i * nv + j]: when person i acknowledged version j ("" not) */
	acked = xcalloc((c.npeople ? c.npeople : 1) * (nv ? nv : 1), sizeof *acked);
	for (size_t j = 0; j < nv; j++) {
		if (f->version_id && v[j].id != f->version_id)
			continue;
		struct stmt *s;
		if (store_query(st, &s, e, "SELECT person_id, acknowledged_at FROM policy_acknowledgements "
		                "WHERE version_id = ?", "i", v[j].id))
			goto out;
		int r;
		while ((r = stmt_next(s, e)) == 1) {
			int i = person_index(&c, stmt_int(s, 0));
			if (i >= 0)
				put(acked[(size_t)i * nv + j], sizeof acked[0], stmt_text(s, 1));
		}
		stmt_done(s);
		if (r < 0)
			goto out;
	}
	int64_t limit = list_limit(f->per_page), first = list_offset(f->per_page, f->page);
	row = xmalloc(sizeof *row);
	long n = 0;
	int stop = 0;
	for (size_t i = 0; i < c.npeople; i++) {
		const struct c_person *p = &c.people[i];
		if (top >= 0 && !unit_under(&c, p->unit, top))
			continue;
		for (size_t j = 0; j < nv; j++) {
			if ((f->version_id && v[j].id != f->version_id) || !applies_to(v[j].applies, p))
				continue;
			const char *at = acked[i * nv + j];
			long due = policy_due(&v[j], p->start, days);
			int state = *at ? POL_ACKNOWLEDGED : due >= c.asof ? POL_DUE : POL_OVERDUE;
			if ((want >= 0 && state != want) || (outstanding && state == POL_ACKNOWLEDGED))
				continue;
			n++;
			if (stop || n <= first || (limit >= 0 && n > first + limit))
				continue;
			row->id = n;
			row->version_id = v[j].id;
			put(row->staff_number, sizeof row->staff_number, p->staff_number);
			put(row->name, sizeof row->name, p->name);
			put(row->unit, sizeof row->unit, p->unit >= 0 ? c.units[p->unit].name : "");
			put(row->policy, sizeof row->policy, v[j].policy);
			put(row->version, sizeof row->version, v[j].version);
			put(row->status, sizeof row->status, policy_statuses[state].value);
			row->due[0] = 0;
			if (state != POL_ACKNOWLEDGED)
				day_text(due, row->due);
			put(row->acknowledged, sizeof row->acknowledged, at);
			stop = fn(ctx, row);
		}
	}
	*total = n;
	rc = 0;
out:
	free(row);
	free(acked);
	free(v);
	calc_release(&c);
	return rc;
}

#define RECORD_TYPE struct policy_row
static const struct field_desc policy_fields[] = { POLICY_ROW_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE

static const char *policy_status_label(const char *v) { return status_table_label(policy_statuses, POL_NSTATE, v); }

static const struct record_def policy_record = { policy_fields, sizeof policy_fields / sizeof policy_fields[0],
	                                         sizeof(struct policy_row), offsetof(struct policy_row, id), NULL,
	                                         policy_status_label };

static int policy_reg_call(void *ctx, const struct policy_row *r)
{
	struct reg_typed *t = ctx;
	return t->fn(t->ctx, r);
}

static int policy_reg_list(struct store *st, const struct actor *who, int scope, const void *filter, int all,
                           record_fn fn, void *ctx, long *total, struct err *e)
{
	(void)scope; /* one scope: the force */
	struct policy_filter f = *(const struct policy_filter *)filter;
	if (all) {
		f.page = 1;
		f.per_page = -1;
	}
	struct reg_typed t = { fn, ctx };
	return policy_list(st, who, &f, policy_reg_call, &t, total, e);
}

const struct register_def policy_register_def = {
	.record = &policy_record,
	.list = policy_reg_list,
	.get = NULL, /* rows are computed, not stored */
	.register_scope = 0,
	.export_roles = TRAINING_READERS,
	.object_type = "policy_acknowledgement",
	.deny_msg = "Only Professional Standards, the training lead and administrators can export who has acknowledged",
	.title = "Policy acknowledgement",
};

int training_overdue_count(struct store *st, int64_t person_id, const char *as_of, int applies, long *n,
                           struct err *e)
{
	*n = 0;
	struct calc c = { 0 };
	int rc = -1;
	if (asof_set(&c, as_of, e) || calc_load(st, &c, person_id, 0, e))
		goto out;
	for (size_t k = 0; c.npeople && k < c.ncourses; k++) {
		const struct training_course *tc = &c.courses[k];
		if ((applies >= 0 && tc->applies != applies) || !applies_to(tc->applies, &c.people[0]))
			continue;
		long due;
		*n += rule_days(tc->every_months, tc->within_days, c.people[0].start, c.last[k], c.asof, &due) == TR_OVERDUE;
	}
	rc = 0;
out:
	calc_release(&c);
	return rc;
}

int training_due_each(struct store *st, const char *as_of, int64_t person_id, int64_t manager_id, training_due_fn fn,
                      void *ctx, struct err *e)
{
	struct calc c = { 0 };
	int rc = -1;
	char due_text[11];
	if (asof_set(&c, as_of, e) || calc_load(st, &c, person_id, manager_id, e))
		goto out;
	for (size_t i = 0; i < c.npeople; i++)
		for (size_t k = 0; k < c.ncourses; k++) {
			const struct training_course *tc = &c.courses[k];
			if (!applies_to(tc->applies, &c.people[i]))
				continue;
			long due;
			rule_days(tc->every_months, tc->within_days, c.people[i].start, c.last[i * c.ncourses + k], c.asof,
			          &due);
			if (due < 0)
				continue;   /* done once, for good */
			date_format(due, due_text);
			if (fn(ctx, c.people[i].id, tc->id, due_text)) {
				rc = 0;
				goto out;
			}
		}
	rc = 0;
out:
	calc_release(&c);
	return rc;
}

struct own_counts {
	long *due, *overdue;
};

static void count_courses(void *ctx, const struct calc *c)
{
	struct own_counts *k = ctx;
	const struct c_person *p = &c->people[0];
	for (size_t i = 0; i < c->ncourses; i++) {
		if (!applies_to(c->courses[i].applies, p))
			continue;
		long d;
		enum training_state s =
			rule_days(c->courses[i].every_months, c->courses[i].within_days, p->start, c->last[i], c->asof, &d);
		*k->due += s == TR_DUE;
		*k->overdue += s == TR_OVERDUE;
	}
}

static int count_policy(void *ctx, const struct policy_status *ps)
{
	struct own_counts *k = ctx;
	*k->due += ps->state == POL_DUE;
	*k->overdue += ps->state == POL_OVERDUE;
	return 0;
}

int training_own_counts(struct store *st, const struct actor *who, long *due, long *overdue, struct err *e)
{
	*due = *overdue = 0;
	if (!who->person_id)
		return 0;
	struct own_counts k = { due, overdue };
	return each_own_policy(st, who, count_courses, count_policy, &k, e);
}
